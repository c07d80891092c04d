/**
 * Training speed on NSL-KDD features: triplets per second for each backend that starts here
 * (wasm, cpu) at batch 256 and 1024, lossless loss, [64, 32] -> 3. Each figure is the second
 * epoch's, so that start-up costs are left out. One JSON object per line.
 */

import * as os from 'os';

import { initBackend } from '../src/core/backend';
import { readDataset } from '../src/core/dataset';
import { trainModel } from '../src/core/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type LabelledFeatures } from '../src/core/types';

const NSL_KDD = '/work/shared/data/nsl-kdd/train.csv';

async function main(): Promise<void> {
  const dataset = await readDataset(NSL_KDD, {
    label: 'attack_class',
    ignore: ['attack', 'difficulty'],
  });
  if (dataset.labels === null) throw new Error('NSL-KDD has no attack_class column.');
  const data: LabelledFeatures = {
    ...dataset.features,
    labels: dataset.labels,
    classNames: dataset.classNames,
  };

  for (const backend of ['wasm', 'cpu'] as const) {
    try {
      await initBackend(backend);
    } catch (error) {
      process.stderr.write(`${backend} unavailable: ${(error as Error).message}\n`);
      continue;
    }

    for (const batchSize of [256, 1024]) {
      const config = {
        ...DEFAULT_TRAIN_CONFIG,
        loss: 'lossless' as const,
        hidden: [64, 32],
        dims: 3,
        epochs: 2,
        batchSize,
        validationSplit: 0,
        patience: 0,
      };
      const result = await trainModel(data, config);
      result.model.dispose();
      const figure = {
        name: `train_triplets_per_s_${backend}_batch${batchSize}`,
        value: Math.round(result.history[1].tripletsPerSecond),
        unit: 'triplets/s',
        cores: os.cpus().length,
      };
      process.stdout.write(`${JSON.stringify(figure)}\n`);
    }
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
