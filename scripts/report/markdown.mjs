// The text of docs/RESULTS.md: tables of the compare command's JSON and what they show.

const LOSS_NAMES = {
  lossless: 'lossless',
  linear: 'linear lossless',
  triplet: 'FaceNet triplet (alpha 0.2)',
  contrastive: 'contrastive (margin 1)',
};

/** A figure with `digits` decimals, or a dash for a metric the data cannot define (null). */
function figure(value, digits = 3) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '-';
}

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** One row per model plus the baseline: retrieval, clustering, margin, and training figures. */
export function metricsTable(comparison) {
  const rows = comparison.rows.map((row) => [
    LOSS_NAMES[row.loss] ?? row.loss,
    figure(row.precision_at_1),
    figure(row.map_at_r),
    figure(row.r_precision),
    figure(row.nmi),
    figure(row.silhouette),
    figure(row.compactness),
    figure(row.zero_hinge_share),
    `${row.epochs_run} (${row.best_epoch})`,
    figure(row.training_seconds, 1),
    Math.round(row.triplets_per_s).toLocaleString('en-US'),
    figure(row.final_loss, 4),
  ]);
  const baseline = comparison.baseline;
  rows.push([
    `1-NN on the ${comparison.features} raw encoded features`,
    figure(baseline.precision_at_1),
    ...Array(6).fill('-'),
    '-',
    figure(baseline.seconds, 1),
    '-',
    '-',
  ]);
  const header = [
    'model',
    'precision@1',
    'MAP@R',
    'R-precision',
    'NMI',
    'silhouette',
    'compactness',
    'zero-hinge share',
    'epochs run (kept)',
    'seconds',
    'triplets/s',
    'final loss',
  ];
  return table(header, rows);
}

/** Recall of each class: each model's nearest-exemplar classifier, and the 1-NN baseline. */
export function recallTable(comparison) {
  const header = ['class', 'test records', ...comparison.rows.map((row) => row.loss), '1-NN raw'];
  const rows = comparison.classes.map((name) => {
    const support = comparison.baseline.per_class[name]?.support ?? 0;
    const recalls = comparison.rows.map((row) => figure(row.per_class[name]?.recall));
    return [name, String(support), ...recalls, figure(comparison.baseline.per_class[name]?.recall)];
  });
  return table(header, rows);
}

/** Plain sentences on what the figures show, whichever model comes out ahead. */
export function findings(comparison) {
  const byPrecision = [...comparison.rows].sort((a, b) => b.precision_at_1 - a.precision_at_1);
  const byMap = [...comparison.rows].sort((a, b) => b.map_at_r - a.map_at_r);
  const best = byPrecision[0];
  const worst = byPrecision[byPrecision.length - 1];
  const baseline = comparison.baseline.precision_at_1;
  const points = (value) => `${(100 * value).toFixed(1)} points`;
  const sentences = [];

  sentences.push(
    `Highest precision@1: ${best.loss} (${figure(best.precision_at_1)}); lowest: ${worst.loss} ` +
      `(${figure(worst.precision_at_1)}), ` +
      `a spread of ${points(best.precision_at_1 - worst.precision_at_1)}.`,
  );
  sentences.push(
    `Highest MAP@R: ${byMap[0].loss} (${figure(byMap[0].map_at_r)}).` +
      (byMap[0].loss === best.loss
        ? ' Both rankings agree on the leader.'
        : ' The two rankings disagree on the leader.'),
  );
  const gap = best.precision_at_1 - baseline;
  sentences.push(
    gap >= 0
      ? `The best 3-D embedding matches or beats 1-NN on all ${comparison.features} raw features ` +
          `(${figure(baseline)}) by ${points(gap)}.`
      : `No 3-D embedding reaches 1-NN on all ${comparison.features} raw features ` +
          `(${figure(baseline)}); the best falls ${points(-gap)} short.`,
  );
  const lossless = comparison.rows.find((row) => row.loss === 'lossless');
  if (lossless) {
    sentences.push(
      `The lossless model's 3-D precision@1 is ${figure(lossless.precision_at_1)} against ` +
        `${figure(baseline)} for the raw-feature 1-NN baseline, from the same command.`,
    );
  }
  return sentences;
}
