/** Where each embedded record sits in the cluster view's `[0, 1]^3`. */

import { pca3 } from '../pca';

/**
 * The view positions of `count` embeddings: the embedding itself when it has three dimensions,
 * padded with 0.5 when it has fewer, its PCA projection when it has more.
 *
 * @param embeddings `[count, dims]` values in `[0, 1]`.
 * @returns `[count, 3]` positions in `[0, 1]^3`.
 */
export function viewPositions(embeddings: Float32Array, dims: number, count: number): Float32Array {
  if (dims > 3) return pca3(embeddings, dims, count).positions;

  if (dims === 3) return embeddings.slice(0, count * 3);

  const positions = new Float32Array(count * 3).fill(0.5);
  for (let row = 0; row < count; row++) {
    for (let dim = 0; dim < dims; dim++) positions[row * 3 + dim] = embeddings[row * dims + dim];
  }
  return positions;
}
