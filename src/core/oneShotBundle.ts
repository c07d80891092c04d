/** Adds a one-shot fault class to a saved model bundle, so that later embeds can predict it. */
import { randomBytes } from 'crypto';
import { readFile, rename, rm, writeFile } from 'fs/promises';
import * as path from 'path';

import { InputError } from './errors';
import { addOneShotClass } from './oneShot';
import type { ClassReference } from './types';

const REFERENCES_FILE = 'references.json';

/**
 * Reads the bundle's `references.json`, adds class `name` with the given exemplars, and writes
 * the file back through a temporary file renamed into place, so a failure leaves the old one.
 *
 * @param embeddings `[k, dims]` row-major exemplars.
 * @returns the classes the bundle now knows.
 */
export async function addClassToBundle(
  bundleDir: string,
  name: string,
  embeddings: Float32Array,
): Promise<string[]> {
  const file = path.join(bundleDir, REFERENCES_FILE);
  const references = await readReferences(file);
  const updated = addOneShotClass(references, name, embeddings, file);

  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(updated));
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
  return updated.map((reference) => reference.name);
}

async function readReferences(file: string): Promise<ClassReference[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError({ file }, 'cannot be read: is this a Siamese Lens model bundle?');
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) throw new Error('not a list of classes');
    return parsed as ClassReference[];
  } catch (error) {
    throw new InputError({ file }, `is not a valid class list (${(error as Error).message}).`);
  }
}
