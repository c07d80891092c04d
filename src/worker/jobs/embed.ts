/** `embed`: embeds a CSV with a model bundle and answers with the cluster view's data. */

import { memory } from '@tensorflow/tfjs';
import * as path from 'path';

import { embedFile } from '../../core/embed/embedFile';
import type { JobContext } from '../context';
import type { ClusterResult, EmbedJob } from '../protocol';
import { describeTensorCount } from './tensorCount';

export async function runEmbedJob(job: EmbedJob, context: JobContext): Promise<ClusterResult> {
  const outcome = await embedFile(job.file, job.bundleDir, {
    out: job.out,
    projectorDir: job.projectorDir,
    signal: context.signal,
    onProgress: (done, total, message) => context.progress(done, total, message),
  });

  const { summary } = outcome;
  const rate = Math.round(summary.recordsPerSecond);
  context.log(
    'info',
    `Embedded ${summary.records} records of ${path.basename(job.file)} in ` +
      `${summary.seconds.toFixed(1)} s (${rate} records/s, ${summary.backend}); ` +
      `${summary.novel} novel. Wrote ${summary.out}.`,
  );
  context.log('debug', describeTensorCount(memory().numTensors));
  return outcome;
}
