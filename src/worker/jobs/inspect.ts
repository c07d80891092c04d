/** `inspect`: the columns of a CSV with their kinds and distinct counts, for the label pick. */

import * as path from 'path';

import { inspectColumns } from '../../core/dataset';
import type { JobContext } from '../context';
import type { InspectJob, InspectResult } from '../protocol';

export async function runInspectJob(job: InspectJob, context: JobContext): Promise<InspectResult> {
  const file = path.resolve(job.file);
  context.progress(0, undefined, `Reading the columns of ${path.basename(file)}`);
  return { file, columns: await inspectColumns(file) };
}
