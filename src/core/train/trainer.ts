/**
 * The training loop: class-balanced triplet batches (optionally mined), one forward pass over the
 * stacked `[anchors; positives; negatives]` batch, the gradient by hand, Adam on the flat
 * parameters, per-epoch validation loss and reports, early stopping, and cancellation between any
 * two batches. The model is given the trained parameters after every epoch.
 */

import * as tf from '@tensorflow/tfjs';

import { CancelledError } from '../errors';
import { createRandom } from '../metrics/random';
import type { EpochReport, LabelledFeatures, TrainConfig } from '../types';
import { FlatAdam } from './adam';
import { lossGradientFor, type BatchLoss, type LossGradient } from './lossGradient';
import { lossFor, type TripletLoss } from './losses';
import { applyPoolChoice, choosePoolTriplets } from './mining';
import { buildNetwork } from './network';
import { modelSlots, readParameters, writeParameters, type LayerSlot } from './parameters';
import {
  copyRows,
  groupByClass,
  stratifiedSplit,
  TripletSampler,
  type TripletIndices,
} from './sampling';
import { BatchBuilder, computeGradient, forward, uploadWeights, type LayerWeights } from './step';

/** Most validation triplets drawn (once, before the first epoch). */
const VALIDATION_TRIPLETS = 2048;

export interface TrainHooks {
  /** Checked before every batch: once aborted, training stops and throws `CancelledError`. */
  signal?: AbortSignal;
  /** After each epoch, with the network as trained so far (for a live view's positions). */
  onEpoch?: (report: EpochReport, model: tf.LayersModel) => void;
}

export interface TrainResult {
  /** Holds the weights of the epoch with the lowest monitored loss (see `bestEpoch`). */
  model: tf.Sequential;
  history: EpochReport[];
  /** 1-based epoch whose weights the model holds. */
  bestEpoch: number;
  /** The loss early stopping watched: validation loss when there is a validation set. */
  monitored: 'validation' | 'training';
  stoppedEarly: boolean;
  /** Record numbers used for training and for validation. */
  trainingRecords: Int32Array;
  validationRecords: Int32Array;
  /** Wall time of the whole run, and of the training steps alone. */
  seconds: number;
  trainingSeconds: number;
  /** Training triplets per second of training-step time, over all epochs. */
  tripletsPerSecond: number;
}

/** Everything one epoch's steps need. */
interface StepContext {
  data: LabelledFeatures;
  config: TrainConfig;
  /** The loss, for validation; `lossGradient` is the same loss for training steps. */
  loss: TripletLoss;
  lossGradient: LossGradient;
  model: tf.Sequential;
  slots: LayerSlot[];
  /** The network's parameters, flat, updated in place by `optimizer`. */
  parameters: Float32Array;
  /** Reused gradient of each step, laid out like `parameters`. */
  gradient: Float32Array;
  optimizer: FlatAdam;
  sampler: TripletSampler;
  batches: BatchBuilder;
}

/**
 * Trains an encoder network on `data` with `config`; the backend must already be initialised
 * (`initBackend`). Early stopping watches the validation loss (the training loss when there is no
 * validation set) and, when it stops or finishes, the model is given back the best epoch's
 * weights. On cancellation nothing is kept and `CancelledError` is thrown.
 */
export async function trainModel(
  data: LabelledFeatures,
  config: TrainConfig,
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  const started = performance.now();
  const random = createRandom(config.seed);
  const classCount = data.classNames.length;
  const split = stratifiedSplit(data.labels, classCount, config.validationSplit, random);

  const sampler = new TripletSampler(groupByClass(data.labels, classCount, split.training), random);
  if (!sampler.canSample) {
    throw new Error('Training needs a class with two records and at least one other class.');
  }
  const validationSampler = new TripletSampler(
    groupByClass(data.labels, classCount, split.validation),
    random,
  );
  const validationInput = validationSampler.canSample
    ? stackTriplets(data, validationSampler.sample(VALIDATION_TRIPLETS))
    : undefined;

  const model = buildNetwork(data.features, config);
  const { slots, size } = modelSlots(model);
  const context: StepContext = {
    data,
    config,
    loss: lossFor(config),
    lossGradient: lossGradientFor(config),
    model,
    slots,
    parameters: readParameters(model, size),
    gradient: new Float32Array(size),
    optimizer: new FlatAdam(size, { learningRate: config.learningRate }),
    sampler,
    batches: new BatchBuilder(data.values, data.features, config.batchSize),
  };

  const steps = Math.max(1, Math.ceil(split.training.length / config.batchSize));
  const history: EpochReport[] = [];
  let best: { epoch: number; loss: number; parameters: Float32Array } | undefined;
  let trainingSeconds = 0;
  let stoppedEarly = false;

  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const epochStart = performance.now();
      const totals = await runEpoch(context, steps, hooks.signal);
      const epochSeconds = (performance.now() - epochStart) / 1000;
      trainingSeconds += epochSeconds;
      writeParameters(model, context.parameters, slots);

      const report: EpochReport = {
        epoch,
        epochs: config.epochs,
        loss: totals.loss,
        validationLoss: validationInput ? validationLoss(context, validationInput) : Number.NaN,
        zeroHingeShare: totals.satisfied / (steps * config.batchSize),
        tripletsPerSecond: (steps * config.batchSize) / epochSeconds,
        seconds: (performance.now() - epochStart) / 1000,
      };
      history.push(report);

      const watched = validationInput ? report.validationLoss : report.loss;
      if (best === undefined || watched < best.loss) {
        best = { epoch, loss: watched, parameters: context.parameters.slice() };
      }
      hooks.onEpoch?.(report, model);

      if (config.patience > 0 && epoch - best.epoch >= config.patience && epoch < config.epochs) {
        stoppedEarly = true;
        break;
      }
    }
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    validationInput?.dispose();
  }

  if (best !== undefined && best.epoch !== history.length) {
    writeParameters(model, best.parameters, slots);
  }

  const triplets = history.length * steps * config.batchSize;
  return {
    model,
    history,
    bestEpoch: best?.epoch ?? 0,
    monitored: validationInput ? 'validation' : 'training',
    stoppedEarly,
    trainingRecords: split.training,
    validationRecords: split.validation,
    seconds: (performance.now() - started) / 1000,
    trainingSeconds,
    tripletsPerSecond: triplets / trainingSeconds,
  };
}

/** Runs `steps` batches; returns the mean loss and the count of satisfied triplets. */
async function runEpoch(
  context: StepContext,
  steps: number,
  signal: AbortSignal | undefined,
): Promise<{ loss: number; satisfied: number }> {
  let lossSum = 0;
  let satisfied = 0;

  for (let step = 0; step < steps; step++) {
    // Let an abort (a message or a timer) reach the signal before each batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw new CancelledError('training');

    const figures = trainStep(context);
    lossSum += figures.loss;
    satisfied += figures.satisfied;
  }

  return { loss: lossSum / steps, satisfied };
}

/**
 * One Adam step on the next batch: uploads the parameters, picks the triplets, computes the
 * gradient and updates `context.parameters` in place.
 */
function trainStep(context: StepContext): BatchLoss {
  const { slots } = context;
  const weights = uploadWeights(context.parameters, slots);
  const tensors: tf.Tensor[] = weights.flatMap(({ kernel, bias }) => [kernel, bias]);

  try {
    const triplets = nextTriplets(context, weights);
    const input = context.batches.upload(triplets);
    tensors.push(input.rows, input.columns);
    const figures = computeGradient(input, weights, slots, context.lossGradient, context.gradient);
    context.optimizer.step(context.parameters, context.gradient);
    return figures;
  } finally {
    tf.dispose(tensors);
  }
}

/** The next batch's triplets: sampled, then mined (with `weights`) when the configuration asks. */
function nextTriplets(context: StepContext, weights: LayerWeights[]): TripletIndices {
  const { config, data, sampler } = context;
  const sampled = sampler.sample(config.batchSize);
  if (config.mining === 'random') return sampled;

  // Limitation: mining embeds the pool in an extra forward pass and waits for the chosen indices
  // every step, so semi-hard and hard mining train fewer triplets per second.

  const records = new Int32Array([...sampled.anchors, ...sampled.positives]);
  const values = new Float32Array(records.length * data.features);
  copyRows(data.values, data.features, records, values);
  const pool = tf.tidy(() => {
    const outputs = forward(tf.tensor2d(values, [records.length, data.features]), weights);
    return outputs[outputs.length - 1];
  });
  const poolLabels = records.map((record) => data.labels[record]);

  try {
    return applyPoolChoice(sampled, choosePoolTriplets(pool, poolLabels, config.mining));
  } finally {
    tf.dispose(pool);
  }
}

/** `[3 * batch, features]` the records of `triplets`, anchors then positives then negatives. */
function stackTriplets(data: LabelledFeatures, triplets: TripletIndices): tf.Tensor2D {
  const batch = triplets.anchors.length;
  const values = stackRows(data, triplets, new Float32Array(3 * batch * data.features));
  return tf.tensor2d(values, [3 * batch, data.features]);
}

/** Fills `target` `[3 * batch, features]` with the anchors', positives' and negatives' rows. */
function stackRows(
  data: LabelledFeatures,
  triplets: TripletIndices,
  target: Float32Array,
): Float32Array {
  const batch = triplets.anchors.length;
  copyRows(data.values, data.features, triplets.anchors, target, 0);
  copyRows(data.values, data.features, triplets.positives, target, batch);
  copyRows(data.values, data.features, triplets.negatives, target, 2 * batch);
  return target;
}

/** Mean loss of the current weights on the fixed validation triplets `[3 * count, features]`. */
function validationLoss(context: StepContext, input: tf.Tensor2D): number {
  const loss = tf.tidy((): tf.Scalar => {
    const embeddings = context.model.predict(input, { batchSize: input.shape[0] }) as tf.Tensor2D;
    const [anchor, positive, negative] = tf.split(embeddings, 3, 0) as tf.Tensor2D[];
    return context.loss(anchor, positive, negative);
  });
  const value = loss.dataSync()[0];
  loss.dispose();
  return value;
}
