import * as path from 'path';
import { parseArgs } from 'util';

import { embedFile } from '../core/embed/embedFile';

const USAGE = 'usage: siamese-lens embed FILE --model DIR [--out FILE] [--projector DIR]';

/** Seconds between progress lines on stderr. */
const PROGRESS_SECONDS = 2;

/**
 * `embed FILE --model DIR [--out FILE] [--projector DIR]`: writes `<name>.embeddings.csv` (and
 * the Embedding Projector's files). Progress goes to stderr; the last stdout line is JSON with
 * `records, seconds, records_per_s, novel, dims, backend, out` (and `projector`). Ctrl+C cancels
 * and leaves no output.
 */
export async function runEmbed(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      out: { type: 'string' },
      projector: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new Error(`give exactly one CSV file. ${USAGE}`);
  if (!values.model) throw new Error(`--model is required. ${USAGE}`);
  const file = path.resolve(positionals[0]);

  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  let lastReport = 0;

  try {
    const { summary } = await embedFile(file, values.model, {
      out: values.out,
      projectorDir: values.projector,
      signal: controller.signal,
      onProgress: (done, total, message) => {
        const now = performance.now();
        if (now - lastReport < PROGRESS_SECONDS * 1000) return;
        lastReport = now;
        const share = total > 0 ? ` (${Math.round((100 * done) / total)}%)` : '';
        process.stderr.write(`embed: ${message}${share}\n`);
      },
    });

    process.stderr.write(`embed: wrote ${summary.out}\n`);
    const result = {
      records: summary.records,
      seconds: round(summary.seconds, 3),
      records_per_s: Math.round(summary.recordsPerSecond),
      novel: summary.novel,
      dims: summary.dims,
      backend: summary.backend,
      out: summary.out,
      projector: summary.projectorDir,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
