/**
 * One training step's arithmetic: the forward pass over a stacked batch on the backend, the loss
 * and its gradient in JavaScript, and the back-propagation to every weight on the backend,
 * written out by hand as a dozen large operations (fused matrix products, no autodiff tape).
 * The gradient comes back into a flat `Float32Array` laid out like the parameters
 * (`parameters.ts`).
 *
 * Each weight gradient is one product `[input^T; 1] [rows, units]`, whose `[inputs + 1, units]`
 * result is the kernel's gradient followed by the bias's, exactly the parameters' layout. The
 * wasm backend multiplies transposed operands several times slower than plain ones, so the
 * transposed input is built in JavaScript for the first layer and by `tf.transpose` after it.
 */

import * as tf from '@tensorflow/tfjs';

import type { TripletIndices } from './sampling';
import type { LayerSlot } from './parameters';
import type { BatchLoss, LossGradient } from './lossGradient';

/** One layer's weights on the backend: `kernel [inputs, units]`, `bias [units]`. */
export interface LayerWeights {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

/**
 * A stacked batch, each distinct record once: a record that fills several slots (rare classes
 * recur often in class-balanced batches) is embedded once, and the gradients of its slots add up.
 */
export interface BatchInput {
  /** `[records, features]` the batch's distinct records. */
  rows: tf.Tensor2D;
  /** `[features + 1, records]` the same transposed, with a last row of ones. */
  columns: tf.Tensor2D;
  /** `[3 * batch]` the position in `rows` of each slot's record: anchors, positives, negatives. */
  positions: Int32Array;
}

/**
 * Uploads the flat `parameters` as one kernel and bias per layer; the caller disposes them. On
 * the JavaScript backend they share memory with `parameters`, so they are disposed once the step
 * that uses them is over, before anything reads them after an Adam update.
 */
export function uploadWeights(parameters: Float32Array, slots: LayerSlot[]): LayerWeights[] {
  return slots.map(({ inputs, units, kernelAt, biasAt }) => ({
    kernel: tf.tensor2d(parameters.subarray(kernelAt, kernelAt + inputs * units), [inputs, units]),
    bias: tf.tensor1d(parameters.subarray(biasAt, biasAt + units)),
  }));
}

/** Builds and uploads stacked batches from `values [records, features]`, reusing its buffers. */
export class BatchBuilder {
  private readonly rowBuffer: Float32Array;
  private readonly columnBuffer: Float32Array;
  /** Per record of `values`, its position in the batch being built, else -1. */
  private readonly positionOf: Int32Array;
  private readonly distinct: Int32Array;

  constructor(
    private readonly values: Float32Array,
    private readonly features: number,
    batch: number,
  ) {
    this.rowBuffer = new Float32Array(3 * batch * features);
    this.columnBuffer = new Float32Array(3 * batch * (features + 1));
    this.positionOf = new Int32Array(values.length / features).fill(-1);
    this.distinct = new Int32Array(3 * batch);
  }

  /** Uploads the records of `triplets`; the caller disposes `rows` and `columns`. */
  upload(triplets: TripletIndices): BatchInput {
    const { values, features, positionOf, distinct } = this;
    const batch = triplets.anchors.length;
    const positions = new Int32Array(3 * batch);

    let count = 0;
    [triplets.anchors, triplets.positives, triplets.negatives].forEach((records, part) => {
      for (let slot = 0; slot < batch; slot++) {
        const record = records[slot];
        if (positionOf[record] < 0) {
          positionOf[record] = count;
          distinct[count++] = record;
        }
        positions[part * batch + slot] = positionOf[record];
      }
    });

    const rowValues = this.rowBuffer.subarray(0, count * features);
    const columnValues = this.columnBuffer.subarray(0, count * (features + 1));
    for (let row = 0; row < count; row++) {
      const from = distinct[row] * features;
      rowValues.set(values.subarray(from, from + features), row * features);
      positionOf[distinct[row]] = -1;
      // Row by row: the reads stay sequential, and profiles show it beats column by column.
      for (let at = 0; at < features; at++) columnValues[at * count + row] = values[from + at];
    }
    columnValues.fill(1, features * count);

    return {
      rows: tf.tensor2d(rowValues, [count, features]),
      columns: tf.tensor2d(columnValues, [features + 1, count]),
      positions,
    };
  }
}

/**
 * Every layer's output for `x [rows, features]`, ReLU after each hidden layer and sigmoid after
 * the last (as `buildNetwork`): the last output, `[rows, dims]`, holds the embeddings.
 */
export function forward(x: tf.Tensor2D, weights: LayerWeights[]): tf.Tensor2D[] {
  const outputs: tf.Tensor2D[] = [];
  let input = x;
  weights.forEach(({ kernel, bias }, layer) => {
    const activation = layer === weights.length - 1 ? 'sigmoid' : 'relu';
    input = tf.fused.matMul({ a: input, b: kernel, bias, activation }) as tf.Tensor2D;
    outputs.push(input);
  });
  return outputs;
}

/**
 * Computes the loss of the stacked batch and writes its gradient with respect to every parameter
 * into `gradient`. Nothing is left on the backend.
 */
export function computeGradient(
  input: BatchInput,
  weights: LayerWeights[],
  slots: LayerSlot[],
  lossGradient: LossGradient,
  gradient: Float32Array,
): BatchLoss {
  const outputs = forward(input.rows, weights);
  const embeddingTensor = outputs[outputs.length - 1];
  const [count, dims] = embeddingTensor.shape;
  const embeddings = embeddingTensor.dataSync() as Float32Array;
  const { positions } = input;

  // Each slot's embedding, then dL/dy for each slot from the loss.
  const slotEmbeddings = new Float32Array(positions.length * dims);
  for (let slot = 0; slot < positions.length; slot++) {
    const from = positions[slot] * dims;
    for (let axis = 0; axis < dims; axis++) {
      slotEmbeddings[slot * dims + axis] = embeddings[from + axis];
    }
  }
  const slotGradient = new Float32Array(slotEmbeddings.length);
  const figures = lossGradient(slotEmbeddings, positions.length / 3, dims, slotGradient);

  // Summed per distinct record, then back through the sigmoid: dL/dz = dL/dy * y * (1 - y).
  const delta = new Float32Array(count * dims);
  for (let slot = 0; slot < positions.length; slot++) {
    const to = positions[slot] * dims;
    for (let axis = 0; axis < dims; axis++) delta[to + axis] += slotGradient[slot * dims + axis];
  }
  for (let at = 0; at < delta.length; at++) {
    delta[at] *= embeddings[at] * (1 - embeddings[at]);
  }

  const parts = tf.tidy(() => {
    const ones = tf.ones([1, count]);
    let layerDelta: tf.Tensor2D = tf.tensor2d(delta, [count, dims]);
    const layerGradients: tf.Tensor[] = [];

    for (let layer = weights.length - 1; layer >= 0; layer--) {
      const columns =
        layer === 0 ? input.columns : tf.concat([tf.transpose(outputs[layer - 1]), ones]);
      layerGradients[layer] = tf.matMul(columns, layerDelta);

      if (layer > 0) {
        const upstream = tf.matMul(layerDelta, tf.transpose(weights[layer].kernel));
        layerDelta = tf.mul(upstream, tf.step(outputs[layer - 1])) as tf.Tensor2D;
      }
    }
    return layerGradients;
  });
  tf.dispose(outputs);

  slots.forEach((slot, layer) => gradient.set(parts[layer].dataSync(), slot.kernelAt));
  tf.dispose(parts);
  return figures;
}
