/** A small seeded generator (mulberry32) with the draws the sample data needs. */
export class Random {
  private state: number;
  private spareNormal: number | undefined;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in `[0, 1)`. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in `[low, high)`. */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Integer in `[0, count)`. */
  integer(count: number): number {
    return Math.floor(this.next() * count);
  }

  /** Normal with the given mean and standard deviation (Box-Muller, pairs cached). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return mean + std * spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const angle = 2 * Math.PI * this.next();
    this.spareNormal = radius * Math.sin(angle);
    return mean + std * radius * Math.cos(angle);
  }

  /** `exp(normal(0, sigma))`: a multiplicative noise factor around 1. */
  logNormal(sigma: number): number {
    return Math.exp(this.normal(0, sigma));
  }

  /** Poisson count with mean `rate` (Knuth's method; rates here stay small). */
  poisson(rate: number): number {
    const limit = Math.exp(-rate);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count += 1;
      product *= this.next();
    }
    return count;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** An index drawn in proportion to `weights`. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let remaining = this.next() * total;
    for (let i = 0; i < weights.length; i += 1) {
      remaining -= weights[i];
      if (remaining < 0) return i;
    }
    return weights.length - 1;
  }
}
