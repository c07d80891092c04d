/**
 * A TensorFlow.js save/load handler on the file system, for Node without `tfjs-node`: the
 * standard layers format, `model.json` (topology and weights manifest) beside one `weights.bin`,
 * as written by `model.save('file://...')` and read by `tf.loadLayersModel`.
 */

import * as tf from '@tensorflow/tfjs';
import { promises as fs } from 'fs';
import * as path from 'path';

import { InputError } from '../errors';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/** Bytes per value of each weight data type in a manifest. */
const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** A handler that `model.save(handler)` writes into, and `tf.loadLayersModel(handler)` reads. */
export function fileSystemIO(folder: string): tf.io.IOHandler {
  return {
    save: (artifacts) => saveArtifacts(folder, artifacts),
    load: () => loadArtifacts(folder),
  };
}

async function saveArtifacts(
  folder: string,
  artifacts: tf.io.ModelArtifacts,
): Promise<tf.io.SaveResult> {
  const weightData = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? []);
  const modelJSON: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology ?? {},
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.trainingConfig) modelJSON.trainingConfig = artifacts.trainingConfig;

  await fs.writeFile(path.join(folder, WEIGHTS_FILE), Buffer.from(weightData));
  await fs.writeFile(path.join(folder, MODEL_FILE), JSON.stringify(modelJSON));

  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

/**
 * Reads `model.json` and the weights files its manifest names, checking that each holds exactly
 * the bytes the manifest describes. Problems are `InputError`s naming the file.
 */
async function loadArtifacts(folder: string): Promise<tf.io.ModelArtifacts> {
  const modelFile = path.join(folder, MODEL_FILE);
  const modelJSON = (await readJSON(modelFile)) as tf.io.ModelJSON;
  if (typeof modelJSON !== 'object' || modelJSON === null || !modelJSON.modelTopology) {
    throw new InputError({ file: modelFile }, 'this is not a TensorFlow.js layers model.');
  }
  if (!Array.isArray(modelJSON.weightsManifest)) {
    throw new InputError({ file: modelFile }, 'the weights manifest is missing.');
  }

  return tf.io.getModelArtifactsForJSON(modelJSON, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const buffers: ArrayBuffer[] = [];
    for (const group of manifest) {
      for (const name of group.paths) buffers.push(await readBinary(path.join(folder, name)));
    }
    const weightData = tf.io.CompositeArrayBuffer.join(buffers);
    checkWeightBytes(folder, manifest, specs, weightData.byteLength);
    return [specs, weightData];
  });
}

function checkWeightBytes(
  folder: string,
  manifest: tf.io.WeightsManifestConfig,
  specs: tf.io.WeightsManifestEntry[],
  bytes: number,
): void {
  const expected = specs.reduce((total, spec) => {
    const perValue = BYTES_PER_VALUE[spec.dtype];
    if (perValue === undefined || spec.quantization !== undefined) {
      const file = path.join(folder, MODEL_FILE);
      throw new InputError({ file }, `weight ${spec.name} has an unsupported type ${spec.dtype}.`);
    }
    return total + perValue * spec.shape.reduce((size, dim) => size * dim, 1);
  }, 0);

  if (bytes !== expected) {
    const file = path.join(folder, manifest[0]?.paths[0] ?? WEIGHTS_FILE);
    const problem = `holds ${bytes} bytes of weights where model.json describes ${expected}.`;
    throw new InputError({ file }, `the file is truncated or does not match: it ${problem}`);
  }
}

/** Parses a JSON file; a missing file or bad JSON is an `InputError` naming it. */
export async function readJSON(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new InputError({ file }, `cannot be read (${describe(error)}).`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError({ file }, `is not valid JSON (${describe(error)}).`);
  }
}

async function readBinary(file: string): Promise<ArrayBuffer> {
  try {
    const bytes = await fs.readFile(file);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  } catch (error) {
    throw new InputError({ file }, `cannot be read (${describe(error)}).`);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error && 'code' in error) return String(error.code);
  return error instanceof Error ? error.message : String(error);
}
