/**
 * `<name>.embeddings.json`, written beside `<name>.embeddings.csv`: where the records came from
 * and which model embedded them, so the cluster view can be rebuilt from the CSV alone.
 */

import { promises as fs } from 'fs';
import * as path from 'path';

import { InputError } from '../errors';
import { writeFileAtomic } from './atomicFile';

export interface EmbeddingsSidecar {
  /** Absolute path of the source CSV. */
  source: string;
  /** Absolute path of the model bundle. */
  bundle: string;
  dims: number;
  /** Name of the label column in the CSV, or null when the source had none. */
  label: string | null;
  /** The bundle's classes, in its order (the cluster view's colours follow it). */
  classes: string[];
  records: number;
  created: string;
}

/** `a/b.embeddings.csv` -> `a/b.embeddings.json`; any other name gets `.json` appended. */
export function sidecarPath(embeddingsFile: string): string {
  const parsed = path.parse(embeddingsFile);
  if (parsed.ext.toLowerCase() !== '.csv') return `${embeddingsFile}.json`;
  return path.join(parsed.dir, `${parsed.name}.json`);
}

/** `a/b.csv` -> `a/b.embeddings.csv`. */
export function defaultEmbeddingsPath(source: string): string {
  const parsed = path.parse(source);
  return path.join(parsed.dir, `${parsed.name}.embeddings.csv`);
}

export async function writeSidecar(embeddingsFile: string, sidecar: EmbeddingsSidecar) {
  await writeFileAtomic(sidecarPath(embeddingsFile), `${JSON.stringify(sidecar, null, 2)}\n`);
}

/** Reads and checks the sidecar of `embeddingsFile`. */
export async function readSidecar(embeddingsFile: string): Promise<EmbeddingsSidecar> {
  const file = sidecarPath(embeddingsFile);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    const problem = `missing; it is written by "Embed" beside ${path.basename(embeddingsFile)}`;
    throw new InputError({ file }, problem);
  }

  let parsed: Partial<EmbeddingsSidecar>;
  try {
    parsed = JSON.parse(text) as Partial<EmbeddingsSidecar>;
  } catch (error) {
    throw new InputError({ file }, `not valid JSON (${(error as Error).message})`);
  }

  const valid =
    typeof parsed.source === 'string' &&
    typeof parsed.bundle === 'string' &&
    Number.isInteger(parsed.dims) &&
    (parsed.label === null || typeof parsed.label === 'string') &&
    Array.isArray(parsed.classes);
  if (!valid) throw new InputError({ file }, 'lacks source, bundle, dims, label or classes');
  return parsed as EmbeddingsSidecar;
}
