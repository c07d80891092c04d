/** A seeded pseudo-random source, so that every sampled metric is repeatable. */

/** Returns uniform numbers in `[0, 1)`; the same seed gives the same sequence (Mulberry32). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in `[0, bound)`. */
export function randomIndex(random: () => number, bound: number): number {
  return Math.min(bound - 1, Math.floor(random() * bound));
}

/**
 * `[min(size, count)]` distinct indices below `count` in random order (a partial Fisher-Yates
 * shuffle). When `size >= count` every index is returned, still shuffled.
 */
export function sampleIndices(count: number, size: number, random: () => number): Int32Array {
  const order = new Int32Array(count);
  for (let index = 0; index < count; index++) order[index] = index;

  const taken = Math.min(size, count);
  for (let position = 0; position < taken; position++) {
    const pick = position + randomIndex(random, count - position);
    const swap = order[position];
    order[position] = order[pick];
    order[pick] = swap;
  }

  return order.slice(0, taken);
}
