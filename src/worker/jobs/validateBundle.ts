/** `validateBundle`: loads a model bundle to check it, and summarises it for a quick pick. */

import { initBackend } from '../../core/backend';
import { loadBundle } from '../../core/bundle/bundle';
import type { JobContext } from '../context';
import type { BundleSummary, ValidateBundleJob } from '../protocol';

export async function runValidateBundleJob(
  job: ValidateBundleJob,
  context: JobContext,
): Promise<BundleSummary> {
  context.progress(0, undefined, 'Checking the model bundle');
  await initBackend('auto');
  const bundle = await loadBundle(job.dir);
  bundle.model.dispose();

  const { report } = bundle;
  const last = report.history.at(-1);
  return {
    dir: bundle.folder,
    dims: report.config.dims,
    classes: bundle.references.map((reference) => reference.name),
    label: bundle.encoder.label,
    finalLoss: last?.loss ?? Number.NaN,
    created: report.createdAt,
  };
}
