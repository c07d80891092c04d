// A local web server for pages that run the cluster view outside VS Code (the view benchmark and
// the results report): it serves only the files it is given, from the repository, on 127.0.0.1.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';

/**
 * Serves `files` (`{ '/path/under/root': 'content type' }`) from `root` on a free port of
 * 127.0.0.1; `dynamic` may answer other paths with `{ type, body }`. Resolves with the
 * `http.Server` and the address to open.
 */
export function serveFiles(root, files, dynamic = () => undefined) {
  const server = createServer(async (request, response) => {
    const pathname = new URL(request.url, 'http://127.0.0.1').pathname;
    const generated = dynamic(pathname);
    if (generated) {
      response.writeHead(200, { 'content-type': generated.type });
      response.end(generated.body);
      return;
    }
    const type = files[pathname];
    if (!type) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': type });
    response.end(await readFile(path.join(root, pathname)));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, base: `http://127.0.0.1:${server.address().port}` });
    });
  });
}
