/**
 * How long the embedding metrics and the raw-feature baseline take on NSL-KDD-sized sets.
 * Prints wall-clock and CPU seconds: on a shared machine the CPU figure is the steadier one.
 * The embeddings are synthetic (class centre plus noise) since only the timing matters here.
 */
import os from 'node:os';
import path from 'node:path';

import { encodeWithEncoder, readDataset } from '../src/core/dataset';
import { evaluateEmbeddings, knnBaseline } from '../src/core/metrics';
import { createRandom } from '../src/core/metrics/random';
import { pca3 } from '../src/core/pca';

const DATA = process.env.NSL_KDD_DIR ?? '/work/shared/data/nsl-kdd';
const OPTIONS = { label: 'attack_class', ignore: ['attack', 'difficulty'] };

function report(name: string, value: number, unit: string): void {
  const rounded = Math.round(value * 1000) / 1000;
  console.log(JSON.stringify({ name, value: rounded, unit, cores: os.cpus().length }));
}

/** Runs `work`, then prints its wall-clock and CPU seconds under `name`. */
function timed<T>(name: string, work: () => T): T {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const result = work();
  const cpu = process.cpuUsage(cpuStart);
  report(`${name}_wall`, (performance.now() - started) / 1000, 's');
  report(`${name}_cpu`, (cpu.user + cpu.system) / 1e6, 's');
  return result;
}

/** `[labels.length, dims]` synthetic embeddings: a random centre per class plus noise. */
function syntheticEmbeddings(labels: Int32Array, classes: number, dims: number): Float32Array {
  const random = createRandom(1);
  const centres = Array.from({ length: classes }, () => Array.from({ length: dims }, random));
  const embeddings = new Float32Array(labels.length * dims);
  labels.forEach((label, row) => {
    for (let dim = 0; dim < dims; dim++) {
      const value = centres[Math.max(label, 0)][dim] + 0.3 * (random() - 0.5);
      embeddings[row * dims + dim] = Math.min(1, Math.max(0, value));
    }
  });
  return embeddings;
}

/** Test labels re-indexed into the training class names (-1 for classes training lacks). */
function alignLabels(labels: Int32Array, from: string[], to: string[]): Int32Array {
  return labels.map((label) => (label >= 0 ? to.indexOf(from[label]) : -1));
}

async function main(): Promise<void> {
  const train = await readDataset(path.join(DATA, 'train.csv'), OPTIONS);
  const test = await encodeWithEncoder(path.join(DATA, 'test.csv'), train.encoder, OPTIONS);
  const trainLabels = train.labels as Int32Array;
  const testLabels = alignLabels(test.labels as Int32Array, test.classNames, train.classNames);
  const classNames = train.classNames;

  for (const dims of [3, 32]) {
    const trainEmbeddings = syntheticEmbeddings(trainLabels, classNames.length, dims);
    const testEmbeddings = syntheticEmbeddings(testLabels, classNames.length, dims);
    const common = { dims, classNames, alpha: 0.2, seed: 1 };

    timed(`evaluate_leave_one_out_${trainLabels.length}_dims${dims}`, () =>
      evaluateEmbeddings({ ...common, embeddings: trainEmbeddings, labels: trainLabels }),
    );
    timed(`evaluate_test_vs_train_${testLabels.length}_dims${dims}`, () =>
      evaluateEmbeddings({
        ...common,
        embeddings: testEmbeddings,
        labels: testLabels,
        reference: { embeddings: trainEmbeddings, labels: trainLabels },
      }),
    );
    timed(`pca3_${trainLabels.length}_dims${dims}`, () =>
      pca3(trainEmbeddings, dims, trainLabels.length),
    );
  }

  const baseline = timed(`knn_baseline_${train.features.features}_features`, () =>
    knnBaseline(train.features, trainLabels, test.features, testLabels),
  );
  report('knn_baseline_accuracy', baseline.accuracy, 'share');
}

void main();
