/**
 * Principal component analysis down to three axes, for showing embeddings of more than three
 * dimensions in the cluster view. Fits on a sample and projects any number of records, so live
 * views and very large files cost one pass each.
 */

import { createRandom, sampleIndices } from './metrics/random';

/** Records the covariance is estimated from, at most. */
export const PCA_SAMPLE = 10_000;

/** A fitted projection from `dims` dimensions to positions in `[0, 1]^3`. */
export interface PcaProjection {
  dims: number;
  /** `[dims]` mean of the fitted records. */
  mean: Float32Array;
  /**
   * `[3, dims]` unit principal axes, by decreasing variance; each axis's largest-magnitude entry
   * is positive, so refits on similar data do not flip the view. Rows beyond `dims` are 0.
   */
  components: Float32Array;
  /** `[3]` share of the total variance along each axis. */
  explained: number[];
  /** `[3]` projected coordinate shown at 0.5 on each axis. */
  centre: number[];
  /** Projected length shown as 1; one value for all axes, so that shapes are not stretched. */
  span: number;
}

export interface Pca3Result extends PcaProjection {
  /** `[count, 3]` positions in `[0, 1]^3`. */
  positions: Float32Array;
}

/**
 * Projects `count` embeddings onto their three principal axes and rescales into `[0, 1]^3`.
 *
 * The covariance (`dims x dims`) comes from a seeded sample of at most `sampleSize` records;
 * every record is projected. Positions are `0.5 + (coordinate - centre) / span`, where centre is
 * the middle of the projected range on each axis and span the widest axis's range, so all
 * records land inside `[0, 1]^3` with their relative distances kept.
 *
 * @param embeddings `[count, dims]` row-major.
 */
export function pca3(
  embeddings: Float32Array,
  dims: number,
  count: number,
  sampleSize = PCA_SAMPLE,
  seed = 0,
): Pca3Result {
  const fitted = fitPca3(embeddings, dims, count, sampleSize, seed);
  const coordinates = projectRaw(fitted, embeddings, count);
  const bounds = rangeOf(coordinates, count);
  const projection = { ...fitted, ...bounds };

  return { ...projection, positions: rescale(coordinates, count, projection) };
}

/**
 * Fits the projection on a seeded sample of at most `sampleSize` of the `count` embeddings;
 * `centre` and `span` come from the sample, so records outside its range are clamped by
 * `projectPca3`.
 *
 * @param embeddings `[count, dims]` row-major.
 */
export function fitPca3(
  embeddings: Float32Array,
  dims: number,
  count: number,
  sampleSize = PCA_SAMPLE,
  seed = 0,
): PcaProjection {
  if (!Number.isInteger(dims) || dims <= 0 || embeddings.length < count * dims) {
    throw new RangeError(`${embeddings.length} values cannot hold ${count} rows of ${dims}.`);
  }
  const sample = sampleIndices(count, sampleSize, createRandom(seed));

  const mean = new Float64Array(dims);
  for (const row of sample) {
    for (let dim = 0; dim < dims; dim++) mean[dim] += embeddings[row * dims + dim];
  }
  for (let dim = 0; dim < dims; dim++) mean[dim] /= Math.max(sample.length, 1);

  const covariance = new Float64Array(dims * dims);
  const centred = new Float64Array(dims);
  for (const row of sample) {
    for (let dim = 0; dim < dims; dim++) centred[dim] = embeddings[row * dims + dim] - mean[dim];
    for (let first = 0; first < dims; first++) {
      for (let second = first; second < dims; second++) {
        covariance[first * dims + second] += centred[first] * centred[second];
      }
    }
  }
  for (let first = 0; first < dims; first++) {
    for (let second = first; second < dims; second++) {
      const value = covariance[first * dims + second] / Math.max(sample.length - 1, 1);
      covariance[first * dims + second] = value;
      covariance[second * dims + first] = value;
    }
  }

  const { values, vectors } = symmetricEigen(covariance, dims);
  const order = [...values.keys()].sort((a, b) => values[b] - values[a]);
  const totalVariance = values.reduce((sum, value) => sum + Math.max(value, 0), 0);

  const components = new Float32Array(3 * dims);
  const explained = [0, 0, 0];
  for (let axis = 0; axis < Math.min(3, dims); axis++) {
    const column = order[axis];
    const axisVector = Array.from({ length: dims }, (_, dim) => vectors[dim * dims + column]);
    const sign = Math.sign(largestMagnitude(axisVector)) || 1;
    axisVector.forEach((value, dim) => (components[axis * dims + dim] = sign * value));
    explained[axis] = totalVariance > 0 ? Math.max(values[column], 0) / totalVariance : 0;
  }

  const fitted = { dims, mean: Float32Array.from(mean), components, explained };
  const sampleRows = new Float32Array(sample.length * dims);
  sample.forEach((row, position) => {
    sampleRows.set(embeddings.subarray(row * dims, (row + 1) * dims), position * dims);
  });
  return { ...fitted, ...rangeOf(projectRaw(fitted, sampleRows, sample.length), sample.length) };
}

/**
 * `[count, 3]` positions in `[0, 1]^3` of `count` embeddings under a fitted projection; values
 * outside the fitted range are clamped to the cube's faces.
 *
 * @param embeddings `[count, dims]` row-major.
 */
export function projectPca3(
  projection: PcaProjection,
  embeddings: Float32Array,
  count: number,
): Float32Array {
  return rescale(projectRaw(projection, embeddings, count), count, projection);
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations.
 *
 * @param matrix `[size, size]` row-major, symmetric; not modified.
 * @returns `values` `[size]` (unordered) and `vectors` `[size, size]` whose column j belongs to
 *   `values[j]`.
 */
export function symmetricEigen(
  matrix: Float64Array,
  size: number,
): { values: number[]; vectors: Float64Array } {
  const work = Float64Array.from(matrix);
  const vectors = new Float64Array(size * size);
  for (let index = 0; index < size; index++) vectors[index * size + index] = 1;

  const scale = work.reduce((sum, value) => sum + value * value, 0);
  for (let sweep = 0; sweep < 100; sweep++) {
    let offDiagonal = 0;
    for (let row = 0; row < size; row++) {
      for (let column = row + 1; column < size; column++) {
        offDiagonal += work[row * size + column] ** 2;
      }
    }
    if (offDiagonal <= 1e-24 * scale || offDiagonal === 0) break;

    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) rotate(work, vectors, size, p, q);
    }
  }

  const values = Array.from({ length: size }, (_, index) => work[index * size + index]);
  return { values, vectors };
}

/** One Jacobi rotation that zeroes `work[p][q]`, applied to `work` and accumulated in `vectors`. */
function rotate(work: Float64Array, vectors: Float64Array, size: number, p: number, q: number) {
  const offDiagonal = work[p * size + q];
  if (offDiagonal === 0) return;

  const theta = (work[q * size + q] - work[p * size + p]) / (2 * offDiagonal);
  const tangent = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const cosine = 1 / Math.sqrt(tangent * tangent + 1);
  const sine = tangent * cosine;

  for (let k = 0; k < size; k++) {
    const kp = work[k * size + p];
    const kq = work[k * size + q];
    work[k * size + p] = cosine * kp - sine * kq;
    work[k * size + q] = sine * kp + cosine * kq;
  }
  for (let k = 0; k < size; k++) {
    const pk = work[p * size + k];
    const qk = work[q * size + k];
    work[p * size + k] = cosine * pk - sine * qk;
    work[q * size + k] = sine * pk + cosine * qk;
  }
  for (let k = 0; k < size; k++) {
    const kp = vectors[k * size + p];
    const kq = vectors[k * size + q];
    vectors[k * size + p] = cosine * kp - sine * kq;
    vectors[k * size + q] = sine * kp + cosine * kq;
  }
}

/** `[count, 3]` coordinates along the principal axes, before rescaling. */
function projectRaw(
  projection: Pick<PcaProjection, 'dims' | 'mean' | 'components'>,
  embeddings: Float32Array,
  count: number,
): Float64Array {
  const { dims, mean, components } = projection;
  const coordinates = new Float64Array(count * 3);
  for (let row = 0; row < count; row++) {
    for (let axis = 0; axis < 3; axis++) {
      let sum = 0;
      for (let dim = 0; dim < dims; dim++) {
        sum += (embeddings[row * dims + dim] - mean[dim]) * components[axis * dims + dim];
      }
      coordinates[row * 3 + axis] = sum;
    }
  }
  return coordinates;
}

/** Middle of each axis's range, and the widest range. */
function rangeOf(coordinates: Float64Array, count: number): { centre: number[]; span: number } {
  const centre = [0, 0, 0];
  let span = 0;
  for (let axis = 0; axis < 3; axis++) {
    let low = Infinity;
    let high = -Infinity;
    for (let row = 0; row < count; row++) {
      low = Math.min(low, coordinates[row * 3 + axis]);
      high = Math.max(high, coordinates[row * 3 + axis]);
    }
    if (count === 0) continue;
    centre[axis] = (low + high) / 2;
    span = Math.max(span, high - low);
  }
  return { centre, span };
}

function rescale(
  coordinates: Float64Array,
  count: number,
  projection: Pick<PcaProjection, 'centre' | 'span'>,
): Float32Array {
  const { centre, span } = projection;
  const positions = new Float32Array(count * 3);
  for (let index = 0; index < count * 3; index++) {
    const offset = span > 0 ? (coordinates[index] - centre[index % 3]) / span : 0;
    positions[index] = Math.min(1, Math.max(0, 0.5 + offset));
  }
  return positions;
}

function largestMagnitude(values: number[]): number {
  return values.reduce((best, value) => (Math.abs(value) > Math.abs(best) ? value : best), 0);
}
