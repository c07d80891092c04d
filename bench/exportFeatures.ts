/**
 * Writes encoded features where a peer written in another language can read them: `features.f32`
 * (`[rows, features]` little-endian float32, row-major), `labels.i32` (`[rows]` int32, -1 where
 * a label is missing) and `meta.json` (`rows`, `features`, `classNames`).
 *
 *     npx tsx bench/exportFeatures.ts [FOLDER]
 *
 * encodes NSL-KDD's training file and writes it to FOLDER (default: a new temp folder), then
 * prints the folder.
 */

import { mkdtemp, writeFile } from 'fs/promises';
import * as os from 'os';
import * as path from 'path';

import type { LabelledFeatures } from '../src/core/types';
import { readNslKdd } from './nslKdd';

/** Writes `data` into `folder` (which must exist) as the three files above. */
export async function writeFeatures(data: LabelledFeatures, folder: string): Promise<void> {
  const bytes = (array: Float32Array | Int32Array): Buffer =>
    Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  const meta = { rows: data.rows, features: data.features, classNames: data.classNames };

  await writeFile(path.join(folder, 'features.f32'), bytes(data.values));
  await writeFile(path.join(folder, 'labels.i32'), bytes(data.labels));
  await writeFile(path.join(folder, 'meta.json'), `${JSON.stringify(meta)}\n`);
}

async function main(): Promise<void> {
  const folder =
    process.argv[2] ?? (await mkdtemp(path.join(os.tmpdir(), 'siamese-lens-features-')));
  await writeFeatures(await readNslKdd(), folder);
  process.stdout.write(`${folder}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
