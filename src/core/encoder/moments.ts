/**
 * Count, mean, variance and skewness of a stream of numbers in one pass (Welford's update,
 * extended to the third moment), plus the extremes. Holds no values.
 */
export class RunningMoments {
  count = 0;
  mean = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  /** Sum of squared deviations from the mean. */
  private m2 = 0;
  /** Sum of cubed deviations from the mean. */
  private m3 = 0;

  add(value: number): void {
    const previousCount = this.count;
    this.count += 1;
    const delta = value - this.mean;
    const deltaOverCount = delta / this.count;
    const term = delta * deltaOverCount * previousCount;

    this.mean += deltaOverCount;
    this.m3 += term * deltaOverCount * (this.count - 2) - 3 * deltaOverCount * this.m2;
    this.m2 += term;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** Population standard deviation; 0 for fewer than two values. */
  get std(): number {
    return this.count > 1 ? Math.sqrt(this.m2 / this.count) : 0;
  }

  /** Population skewness; 0 when the values do not vary. */
  get skewness(): number {
    if (this.count < 2 || this.m2 === 0) return 0;
    return (Math.sqrt(this.count) * this.m3) / Math.pow(this.m2, 1.5);
  }
}
