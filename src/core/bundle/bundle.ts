/**
 * The model bundle: a folder holding the network (`model.json`, `weights.bin`), the encoder
 * (`encoder.json`), the training report (`report.json`) and the class references
 * (`references.json`). It is written into a temporary folder beside its target and renamed into
 * place when complete; loading validates every file and names the one at fault.
 */

import * as tf from '@tensorflow/tfjs';
import { randomBytes } from 'crypto';
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';

import { Encoder, type EncoderJSON } from '../encoder/encoder';
import { InputError } from '../errors';
import type { ClassReference, EpochReport, TrainConfig } from '../types';
import { fileSystemIO, MODEL_FILE, readJSON } from './fileIO';

export const ENCODER_FILE = 'encoder.json';
export const REPORT_FILE = 'report.json';
export const REFERENCES_FILE = 'references.json';
export const REPORT_FORMAT = 'siamese-lens/training-report';

/** What `report.json` records about a training run. */
export interface TrainingReport {
  format: typeof REPORT_FORMAT;
  version: 1;
  createdAt: string;
  /** Absolute path and hex SHA-256 of the training CSV. */
  sourceFile: string;
  sha256: string;
  records: number;
  features: number;
  classes: { name: string; count: number }[];
  backend: string;
  config: TrainConfig;
  trainingRecords: number;
  validationRecords: number;
  /** 1-based epoch whose weights were kept, and the loss that chose it. */
  bestEpoch: number;
  monitored: 'validation' | 'training';
  stoppedEarly: boolean;
  timings: { seconds: number; trainingSeconds: number; tripletsPerSecond: number };
  /** One entry per epoch run: the loss curves. */
  history: EpochReport[];
  /** Filled in by evaluation; `null` until then. */
  metrics: Record<string, unknown> | null;
}

export interface BundleContents {
  model: tf.LayersModel;
  encoder: EncoderJSON;
  report: TrainingReport;
  references: ClassReference[];
}

export interface LoadedBundle extends BundleContents {
  folder: string;
}

/** `<csv-name>-<loss>-<yyyymmdd-hhmmss>`, the default folder name of a bundle. */
export function defaultBundleName(csvFile: string, loss: string, when = new Date()): string {
  const base = path.basename(csvFile).replace(/\.[^.]*$/, '');
  const stamp = when
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '');
  return `${base}-${loss}-${stamp.replace('T', '-')}`;
}

/**
 * Writes a bundle to `folder`, which must not exist yet: every file goes into a hidden temporary
 * folder in the same parent, which is renamed to `folder` at the end. On failure the temporary
 * folder is removed and nothing is left behind.
 */
export async function saveBundle(folder: string, contents: BundleContents): Promise<string> {
  const target = path.resolve(folder);
  if (existsSync(target)) {
    throw new InputError({ file: target }, 'already exists; choose another output folder.');
  }

  const parent = path.dirname(target);
  await fs.mkdir(parent, { recursive: true });
  const temporary = path.join(
    parent,
    `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`,
  );

  try {
    await fs.mkdir(temporary);
    await contents.model.save(fileSystemIO(temporary));
    await writeJSON(path.join(temporary, ENCODER_FILE), contents.encoder);
    await writeJSON(path.join(temporary, REPORT_FILE), contents.report);
    await writeJSON(path.join(temporary, REFERENCES_FILE), contents.references);
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { recursive: true, force: true });
    throw error;
  }

  return target;
}

/**
 * Reads and validates the bundle in `folder`: the network loads and its input and output widths
 * match the report, the encoder parses, the references have one centroid and exemplars of the
 * embedding's width per class. Any problem is an `InputError` naming the file.
 */
export async function loadBundle(folder: string): Promise<LoadedBundle> {
  const root = path.resolve(folder);
  const reportFile = path.join(root, REPORT_FILE);
  const report = checkReport(reportFile, await readJSON(reportFile));

  const encoderFile = path.join(root, ENCODER_FILE);
  const encoderJSON = await readJSON(encoderFile);
  const encoder = Encoder.fromJSON(encoderJSON, encoderFile);
  if (encoder.featureCount !== report.features) {
    const counts = `${encoder.featureCount} features where the report says ${report.features}`;
    const problem = `gives ${counts}.`;
    throw new InputError({ file: encoderFile }, problem);
  }

  const model = await loadModel(root, report);
  try {
    const referencesFile = path.join(root, REFERENCES_FILE);
    const references = checkReferences(
      referencesFile,
      await readJSON(referencesFile),
      report.config.dims,
    );
    return { folder: root, model, encoder: encoder.toJSON(), report, references };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

async function loadModel(root: string, report: TrainingReport): Promise<tf.LayersModel> {
  const modelFile = path.join(root, MODEL_FILE);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(fileSystemIO(root));
  } catch (error) {
    if (error instanceof InputError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError({ file: modelFile }, `the network cannot be loaded (${reason}).`);
  }

  const inputs = model.inputs[0]?.shape[1];
  const outputs = model.outputs[0]?.shape[1];
  if (inputs !== report.features || outputs !== report.config.dims) {
    model.dispose();
    const expected = `${report.features} inputs and ${report.config.dims} outputs`;
    const problem = `the network has ${inputs} inputs and ${outputs} outputs, not ${expected}.`;
    throw new InputError({ file: modelFile }, problem);
  }

  const last = model.layers[model.layers.length - 1];
  const activation = (last?.getConfig() as { activation?: unknown }).activation;
  if (activation !== 'sigmoid') {
    model.dispose();
    const problem =
      `the network's last layer has activation ${String(activation)}, not sigmoid, ` +
      'so its embeddings would leave [0, 1].';
    throw new InputError({ file: modelFile }, problem);
  }
  return model;
}

function checkReport(file: string, json: unknown): TrainingReport {
  const report = json as Partial<TrainingReport> | null;
  const fail = (problem: string): never => {
    throw new InputError({ file }, `not a Siamese Lens training report: ${problem}`);
  };
  if (typeof report !== 'object' || report === null || report.format !== REPORT_FORMAT) {
    fail('wrong "format".');
  }
  const checked = report as TrainingReport;
  if (checked.version !== 1) fail(`version ${String(checked.version)} is not supported.`);
  if (!isCount(checked.features)) fail('"features" is not a positive whole number.');
  if (!isCount(checked.config?.dims)) fail('"config.dims" is not a positive whole number.');
  if (!Array.isArray(checked.classes)) fail('"classes" is not a list.');
  return checked;
}

function checkReferences(file: string, json: unknown, dims: number): ClassReference[] {
  const fail = (problem: string): never => {
    throw new InputError({ file }, problem);
  };
  if (!Array.isArray(json)) fail('the class references are not a list.');

  return (json as ClassReference[]).map((reference, position) => {
    const where = `class ${position + 1}`;
    if (typeof reference?.name !== 'string') fail(`${where} has no name.`);
    if (!isVector(reference.centroid, dims)) fail(`${where}: the centroid is not ${dims} numbers.`);
    if (!Number.isFinite(reference.threshold)) fail(`${where}: the threshold is not a number.`);
    if (!Array.isArray(reference.exemplars) || reference.exemplars.length === 0) {
      fail(`${where} has no exemplars.`);
    }
    reference.exemplars.forEach((exemplar, at) => {
      if (!isVector(exemplar, dims)) fail(`${where}: exemplar ${at + 1} is not ${dims} numbers.`);
    });
    return reference;
  });
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) > 0;
}

function isVector(value: unknown, length: number): boolean {
  return (
    Array.isArray(value) &&
    value.length === length &&
    value.every((entry) => typeof entry === 'number' && Number.isFinite(entry))
  );
}

async function writeJSON(file: string, value: unknown): Promise<void> {
  await fs.writeFile(file, JSON.stringify(value, null, 2) + '\n');
}
