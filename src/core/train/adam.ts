/**
 * Adam (Kingma and Ba, 2015) over flat `Float32Array` parameters, in plain JavaScript. The
 * network is small (about ten thousand parameters), so one loop here costs microseconds where the
 * same update as tensor operations costs a dozen backend calls per weight tensor.
 */

export interface AdamSettings {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  /** Added to the root of the second moment; TensorFlow.js's default. */
  epsilon?: number;
}

export class FlatAdam {
  private readonly firstMoment: Float32Array;
  private readonly secondMoment: Float32Array;
  private readonly learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private steps = 0;

  constructor(size: number, settings: AdamSettings) {
    this.firstMoment = new Float32Array(size);
    this.secondMoment = new Float32Array(size);
    this.learningRate = settings.learningRate;
    this.beta1 = settings.beta1 ?? 0.9;
    this.beta2 = settings.beta2 ?? 0.999;
    this.epsilon = settings.epsilon ?? 1e-7;
  }

  /**
   * One step: `parameters -= rate * m / (1 - beta1^t) / (sqrt(v / (1 - beta2^t)) + epsilon)`,
   * where `m` and `v` are the running means of `gradient` and of its square.
   */
  step(parameters: Float32Array, gradient: Float32Array): void {
    this.steps++;
    const { beta1, beta2, epsilon, firstMoment, secondMoment } = this;
    const rate = this.learningRate / (1 - beta1 ** this.steps);
    const secondScale = 1 / (1 - beta2 ** this.steps);

    for (let at = 0; at < parameters.length; at++) {
      const slope = gradient[at];
      const first = beta1 * firstMoment[at] + (1 - beta1) * slope;
      const second = beta2 * secondMoment[at] + (1 - beta2) * slope * slope;
      firstMoment[at] = first;
      secondMoment[at] = second;
      parameters[at] -= (rate * first) / (Math.sqrt(second * secondScale) + epsilon);
    }
  }
}
