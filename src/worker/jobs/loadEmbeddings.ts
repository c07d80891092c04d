/** `loadEmbeddings`: reads an embeddings CSV back to reopen the cluster view. */

import { readEmbeddings } from '../../core/embed/readEmbeddings';
import type { JobContext } from '../context';
import type { ClusterResult, LoadEmbeddingsJob } from '../protocol';

export function runLoadEmbeddingsJob(
  job: LoadEmbeddingsJob,
  context: JobContext,
): Promise<ClusterResult> {
  return readEmbeddings(job.embeddingsFile, {
    signal: context.signal,
    onProgress: (records, message) => context.progress(records, undefined, message),
  });
}
