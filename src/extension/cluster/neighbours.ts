/** Nearest neighbours of one point among all points of a view, by squared Euclidean distance. */

/** A neighbour found by `nearestNeighbours`. */
export interface NeighbourHit {
  /** Point index. */
  index: number;
  /** Squared Euclidean distance to the query point. */
  distance: number;
}

/**
 * The `k` points nearest to point `index`, nearest first, the point itself left out. Ties go to
 * the lower index, so the answer does not depend on the scan order.
 *
 * @param embeddings `[count, dims]` row-major full embeddings.
 * @param dims embedding dimensions `N`.
 */
export function nearestNeighbours(
  embeddings: Float32Array,
  dims: number,
  index: number,
  k: number,
): NeighbourHit[] {
  const count = Math.floor(embeddings.length / dims);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`Point ${index} is outside 0..${count - 1}.`);
  }

  // Best hits so far, kept sorted by (distance, index); k is small, so insertion is cheapest.
  const hits: NeighbourHit[] = [];
  const queryStart = index * dims;
  for (let other = 0; other < count; other++) {
    if (other === index) continue;

    const distance = squaredDistance(embeddings, queryStart, other * dims, dims);
    if (hits.length === k && distance >= hits[k - 1].distance) continue;

    let at = hits.length;
    while (at > 0 && hits[at - 1].distance > distance) at--;
    hits.splice(at, 0, { index: other, distance });
    if (hits.length > k) hits.pop();
  }
  return hits;
}

/** Squared distance between the rows starting at `a` and `b` of a row-major matrix. */
export function squaredDistance(values: Float32Array, a: number, b: number, dims: number): number {
  let sum = 0;
  for (let d = 0; d < dims; d++) {
    const delta = values[a + d] - values[b + d];
    sum += delta * delta;
  }
  return sum;
}
