/**
 * The network's parameters as one flat `Float32Array` while it trains: every layer's kernel
 * (`[inputs, units]`, row-major) then its bias (`[units]`), layer after layer, the order of
 * `model.getWeights()`. Adam updates them in place; the model is given them when it is needed.
 */

import * as tf from '@tensorflow/tfjs';

/** Where one Dense layer's weights sit in the flat parameters. */
export interface LayerSlot {
  inputs: number;
  units: number;
  /** Offset of the `[inputs, units]` kernel. */
  kernelAt: number;
  /** Offset of the `[units]` bias. */
  biasAt: number;
}

/** The slots of a network with `features` inputs and layers of `widths` units; and the total. */
export function layerSlots(
  features: number,
  widths: number[],
): { slots: LayerSlot[]; size: number } {
  const slots: LayerSlot[] = [];
  let at = 0;
  let inputs = features;
  for (const units of widths) {
    slots.push({ inputs, units, kernelAt: at, biasAt: at + inputs * units });
    at += inputs * units + units;
    inputs = units;
  }
  return { slots, size: at };
}

/** The slots of `model`'s Dense layers, read from its weights' shapes. */
export function modelSlots(model: tf.LayersModel): { slots: LayerSlot[]; size: number } {
  const kernels = model.getWeights().filter((weight) => weight.rank === 2) as tf.Tensor2D[];
  const widths = kernels.map((kernel) => kernel.shape[1]);
  return layerSlots(kernels[0].shape[0], widths);
}

/** `model`'s weights, flat. */
export function readParameters(model: tf.LayersModel, size: number): Float32Array {
  const flat = new Float32Array(size);
  let at = 0;
  for (const weight of model.getWeights()) {
    const values = weight.dataSync() as Float32Array;
    flat.set(values, at);
    at += values.length;
  }
  return flat;
}

/** Gives `model` the flat `parameters`. */
export function writeParameters(
  model: tf.LayersModel,
  parameters: Float32Array,
  slots: LayerSlot[],
): void {
  // Copies, because the JavaScript backend keeps the arrays it is given and Adam goes on
  // updating `parameters` in place.
  const weights = slots.flatMap(({ inputs, units, kernelAt, biasAt }) => [
    tf.tensor2d(parameters.slice(kernelAt, kernelAt + inputs * units), [inputs, units]),
    tf.tensor1d(parameters.slice(biasAt, biasAt + units)),
  ]);
  model.setWeights(weights);
  tf.dispose(weights);
}
