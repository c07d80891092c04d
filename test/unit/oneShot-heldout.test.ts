/**
 * One-shot learning of a state the model never saw: NSL-KDD's `probe` records are held out of
 * training, then a single probe record is added as a new class (`addOneShotClass`) and the
 * held-out records are classified by nearest exemplar among the known classes and the new one.
 */

import * as assert from 'assert';

import { initBackend } from '../../src/core/backend';
import { readDataset } from '../../src/core/dataset';
import { labelledRecords } from '../../src/core/evaluation/classes';
import { createRandom, sampleIndices } from '../../src/core/metrics/random';
import { addOneShotClass } from '../../src/core/oneShot';
import { buildReferences, classify, embedRecords } from '../../src/core/train/references';
import { trainModel } from '../../src/core/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type LabelledFeatures } from '../../src/core/types';

const NSL_KDD = '/work/shared/data/nsl-kdd/train.csv';
const HELD_OUT = 'probe';
/** One record in this many of the known classes is trained on; the rest are classified. */
const TRAIN_EVERY = 8;
/** Single-shot trials, each with another probe record as the one example. */
const TRIALS = 8;

/** `[rows.length, features]` copy of the chosen records, labelled by `classNames`. */
function pickRecords(
  all: LabelledFeatures,
  rows: number[],
  classNames: string[],
): LabelledFeatures {
  const width = all.features;
  const values = new Float32Array(rows.length * width);
  rows.forEach((row, order) => {
    values.set(all.values.subarray(row * width, (row + 1) * width), order * width);
  });
  const labels = Int32Array.from(rows, (row) =>
    classNames.indexOf(all.classNames[all.labels[row]]),
  );
  return { values, rows: rows.length, features: width, labels, classNames };
}

describe('one-shot class held out of training', () => {
  it('finds the held-out class from one example, well above chance', async function () {
    this.timeout(60_000);
    await initBackend('wasm');
    const dataset = await readDataset(NSL_KDD, {
      label: 'attack_class',
      ignore: ['attack', 'difficulty'],
    });
    const all = labelledRecords(dataset.features, dataset.labels as Int32Array, dataset.classNames);
    const held = all.classNames.indexOf(HELD_OUT);
    const known = all.classNames.filter((name) => name !== HELD_OUT);

    // Train on a share of the known classes; classify everything else, probe included.
    const trainRows: number[] = [];
    const evaluatedRows: number[] = [];
    for (let row = 0; row < all.rows; row++) {
      const trained = all.labels[row] !== held && row % TRAIN_EVERY === 0;
      (trained ? trainRows : evaluatedRows).push(row);
    }
    const train = pickRecords(all, trainRows, known);
    const evaluated = pickRecords(all, evaluatedRows, all.classNames);

    const result = await trainModel(train, { ...DEFAULT_TRAIN_CONFIG, epochs: 10 });
    const references = buildReferences(embedRecords(result.model, train), train, 42);
    const embeddings = embedRecords(result.model, evaluated);
    result.model.dispose();
    const dims = embeddings.features;

    const probeRows = Array.from(evaluated.labels.keys()).filter(
      (row) => evaluated.labels[row] === held,
    );
    const shots = Array.from(sampleIndices(probeRows.length, TRIALS, createRandom(7)), (at) => {
      return probeRows[at];
    });

    const trials = shots.map((shot) => {
      const example = embeddings.values.slice(shot * dims, (shot + 1) * dims);
      const withProbe = addOneShotClass(references, HELD_OUT, example);
      const predicted = classify(embeddings, withProbe).predicted;
      const probeClass = withProbe.length - 1;

      let hits = 0;
      let flagged = 0;
      let truth = 0;
      for (let row = 0; row < evaluated.rows; row++) {
        if (row === shot) continue;
        const isProbe = evaluated.labels[row] === held;
        const saysProbe = predicted[row] === probeClass;
        truth += isProbe ? 1 : 0;
        flagged += saysProbe ? 1 : 0;
        hits += isProbe && saysProbe ? 1 : 0;
      }
      const others = evaluated.rows - 1;
      return {
        precision: flagged > 0 ? hits / flagged : 0,
        recall: hits / truth,
        // A random pick of as many records as were flagged: its precision is the class's share,
        // its recall the share of records flagged.
        chancePrecision: truth / others,
        chanceRecall: flagged / others,
      };
    });

    const mean = (key: keyof (typeof trials)[number]): number =>
      trials.reduce((sum, trial) => sum + trial[key], 0) / trials.length;
    const figures = {
      precision: mean('precision'),
      recall: mean('recall'),
      chancePrecision: mean('chancePrecision'),
      chanceRecall: mean('chanceRecall'),
    };
    console.log(
      `      ${HELD_OUT} from one example, mean of ${TRIALS} trials: ` +
        `precision ${figures.precision.toFixed(3)} ` +
        `(chance ${figures.chancePrecision.toFixed(3)}), ` +
        `recall ${figures.recall.toFixed(3)} (chance ${figures.chanceRecall.toFixed(3)})`,
    );

    // Measured: precision about 8x its chance level and recall about 8x its chance level; the
    // bounds leave room for other seeds and training changes.
    assert.ok(figures.precision > 3 * figures.chancePrecision, JSON.stringify(figures));
    assert.ok(figures.precision > 0.5, JSON.stringify(figures));
    assert.ok(figures.recall > 3 * figures.chanceRecall, JSON.stringify(figures));
  });
});
