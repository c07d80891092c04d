/**
 * Removes the temporary files and folders of a job whose worker stopped without an answer (killed,
 * crashed, out of memory). Every output is written as `.<target name>.<random>.tmp` beside its
 * target and renamed into place at the end, so a worker that dies midway leaves only those.
 */

import { promises as fs } from 'fs';
import * as path from 'path';

import { defaultEmbeddingsPath, sidecarPath } from '../../core/embed/sidecar';
import type { Job } from '../protocol';

/** Temporary names start with `.<prefix>` in `folder` and end with `.tmp`. */
interface TemporaryPattern {
  folder: string;
  prefix: string;
}

/** Slack for file systems whose modification times are coarser than the clock. */
const CLOCK_SLACK_MS = 2000;

/**
 * Deletes the temporary outputs of `job` made since `startedAt` (ms since the epoch). Never
 * rejects: what cannot be removed stays, as it would have without this.
 *
 * Limitation: another job writing the very same target at the same time loses its temporary
 * file too; that job then fails instead of finishing, and no finished output is touched.
 */
export async function removeLeftovers(job: Job, startedAt: number): Promise<string[]> {
  const removed: string[] = [];
  for (const pattern of temporaryPatterns(job)) {
    let names: string[];
    try {
      names = await fs.readdir(pattern.folder);
    } catch {
      continue;
    }

    for (const name of names) {
      if (!name.startsWith(`.${pattern.prefix}`) || !name.endsWith('.tmp')) continue;
      const candidate = path.join(pattern.folder, name);
      try {
        const stats = await fs.stat(candidate);
        if (stats.mtimeMs < startedAt - CLOCK_SLACK_MS) continue;
        await fs.rm(candidate, { recursive: true, force: true });
        removed.push(candidate);
      } catch {
        // Gone already, or not ours to remove.
      }
    }
  }
  return removed;
}

/** Where `job` writes its outputs through temporary names. */
function temporaryPatterns(job: Job): TemporaryPattern[] {
  const beside = (target: string, exact = true): TemporaryPattern => ({
    folder: path.dirname(target),
    prefix: exact ? `${path.basename(target)}.` : path.basename(target),
  });

  switch (job.kind) {
    case 'train': {
      if (job.bundleDir) return [beside(path.resolve(job.bundleDir))];
      // The default bundle name ends with the time the training started: match what precedes it.
      const base = path.basename(job.file).replace(/\.[^.]*$/, '');
      const folder = path.dirname(path.resolve(job.file));
      return [beside(path.join(folder, `${base}-${job.config.loss}-`), false)];
    }

    case 'embed': {
      const out = path.resolve(job.out ?? defaultEmbeddingsPath(path.resolve(job.file)));
      const targets = [out, sidecarPath(out)];
      if (job.projectorDir) {
        const projector = path.resolve(job.projectorDir);
        targets.push(path.join(projector, 'vectors.tsv'), path.join(projector, 'metadata.tsv'));
      }
      return targets.map((target) => beside(target));
    }

    default:
      return [];
  }
}
