// `npm run report`: compares the four losses on NSL-KDD and on a generated cell KPI sample with
// the built command-line tool, draws the loss curves and the cluster views in headless Chromium,
// and writes docs/RESULTS.md with its pictures in docs/img/.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

import { needsBuild, runCli, runCommand } from './report/cli.mjs';
import { findings, metricsTable, recallTable } from './report/markdown.mjs';
import { openRenderer } from './report/render.mjs';
import { viewFromEmbeddings } from './report/views.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const docs = path.join(root, 'docs');
const images = path.join(docs, 'img');
const work = mkdtempSync(path.join(os.tmpdir(), 'siamese-lens-report-'));
const LOSSES = 'lossless,linear,triplet,contrastive';
const started = performance.now();
const log = (line) => process.stderr.write(`report: ${line}\n`);

/** The datasets compared; `prepare` lists CLI commands that make the files first. */
const DATASETS = [
  {
    key: 'nsl-kdd',
    title: 'NSL-KDD',
    train: '../shared/data/nsl-kdd/train.csv',
    test: '../shared/data/nsl-kdd/test.csv',
    label: 'attack_class',
    ignore: 'attack,difficulty',
    prepare: [],
  },
  {
    key: 'telecom',
    title: 'Generated cell KPI sample',
    train: path.join(work, 'telecom-train.csv'),
    test: path.join(work, 'telecom-test.csv'),
    label: 'state',
    ignore: 'timestamp,cell_id',
    prepare: [
      [
        'sample',
        '--records',
        '20000',
        '--seed',
        '1',
        '--out',
        path.join(work, 'telecom-train.csv'),
      ],
      ['sample', '--records', '5000', '--seed', '2', '--out', path.join(work, 'telecom-test.csv')],
    ],
  },
];

/** A command as the report prints it, the temporary folder written as `$TMP`. */
const shown = (args) => `node dist/cli.js ${args.join(' ')}`.replaceAll(work, '$TMP');

function compareArgs(dataset) {
  return [
    'compare',
    dataset.train,
    '--test',
    dataset.test,
    '--label',
    dataset.label,
    '--ignore',
    dataset.ignore,
    '--losses',
    LOSSES,
    '--out',
    path.join(work, `${dataset.key}-bundles`),
  ];
}

/** Share of test records whose `column` value never occurs in the training file. */
function unseenShare(trainFile, testFile, column) {
  const values = (file) => parse(readFileSync(file), { columns: true }).map((row) => row[column]);
  const known = new Set(values(trainFile));
  const test = values(testFile);
  const unseen = test.filter((value) => !known.has(value));
  return { share: unseen.length / test.length, kinds: new Set(unseen).size };
}

/** Embeds the test file with every model and returns one cluster view scene per model. */
async function scenesOf(dataset, comparison) {
  const scenes = [];
  for (const row of comparison.rows) {
    const embeddingsFile = path.join(work, `${dataset.key}-${row.loss}.embeddings.csv`);
    await runCli(
      root,
      ['embed', dataset.test, '--model', row.bundle, '--out', embeddingsFile],
      '  ',
    );
    scenes.push(
      viewFromEmbeddings({
        embeddingsFile,
        sourceFile: path.resolve(root, dataset.test),
        label: dataset.label,
        title: `${dataset.title}, test records: ${row.loss}`,
        row,
        classes: comparison.classes,
      }),
    );
  }
  return scenes;
}

/** Runs one dataset's commands and draws its pictures; returns what the text needs. */
async function reportOn(dataset, renderer) {
  const commands = [];
  for (const args of dataset.prepare) {
    commands.push(shown(args));
    await runCli(root, args, '  ');
  }
  const args = compareArgs(dataset);
  commands.push(shown(args));
  log(`Comparing the losses on ${dataset.title}.`);
  const comparison = await runCli(root, args, '  ');

  const curves = `${dataset.key}-loss-curves.png`;
  await renderer.plotLossCurves(
    comparison.rows.map((row) => ({
      title: row.loss,
      training: row.loss_curve,
      validation: row.validation_curve,
    })),
    path.join(images, curves),
  );

  log(`Embedding ${dataset.test} with each model for the cluster views.`);
  const scenes = await scenesOf(dataset, comparison);
  const allViews = `${dataset.key}-views.png`;
  await renderer.photographViews(scenes, path.join(images, allViews));
  const lossless = `${dataset.key}-lossless-view.png`;
  const losslessScene = scenes.find((scene) => scene.title.endsWith('lossless')) ?? scenes[0];
  await renderer.photographViews([losslessScene], path.join(images, lossless), {
    width: 1000,
    height: 800,
  });

  const json = path.join(docs, 'results', `${dataset.key}.json`);
  writeFileSync(json, `${JSON.stringify(comparison, null, 2)}\n`);
  return { dataset, comparison, commands, pictures: { curves, allViews, lossless } };
}

function section({ dataset, comparison, commands, pictures }, extra) {
  const { config } = comparison;
  return [
    `## ${dataset.title}`,
    '',
    '```sh',
    ...commands,
    '```',
    '',
    `${comparison.train.records.toLocaleString('en-US')} training and ` +
      `${comparison.test.records.toLocaleString('en-US')} test records, ` +
      `label \`${comparison.label}\` ` +
      `(${comparison.classes.join(', ')}), ${comparison.features} encoded features. Every model: ` +
      `${config.dims}-D sigmoid embedding, hidden layers ${config.hidden.join(' and ')}, ` +
      `${config.epochs} epochs at most (early stopping after ${config.patience} without a better ` +
      `validation loss), batch ${config.batchSize}, Adam ${config.learningRate}, ` +
      `${config.mining} triplets, seed ${config.seed}, backend ${comparison.backend}. ` +
      'Metrics are measured on the test records with the training records as the reference set ' +
      '(precision@1 over every test record; R-precision and MAP@R over a seeded sample of 2,000 ' +
      'test records, R capped at 1,000).',
    '',
    metricsTable(comparison),
    '',
    'Recall per class on the test records. A model classifies by the nearest of up to 64 ' +
      'training exemplars per class (what its bundle keeps), the baseline by the nearest of all ' +
      'training records; with the same number of exemplars for every class, a large class such ' +
      'as `normal` gets less of the space than its share of records, so its recall is lower ' +
      'than with all records. Precision@1 above is the like-for-like comparison.',
    '',
    recallTable(comparison),
    '',
    ...findings(comparison).map((sentence) => `- ${sentence}`),
    ...extra.map((sentence) => `- ${sentence}`),
    '',
    `Loss curves (each loss on its own scale): ![loss curves](img/${pictures.curves})`,
    '',
    'The test records in the cluster view, one scene per loss: ' +
      `![cluster views](img/${pictures.allViews})`,
    '',
    `The lossless model alone: ![lossless cluster view](img/${pictures.lossless})`,
    '',
  ].join('\n');
}

async function main() {
  mkdirSync(path.join(docs, 'results'), { recursive: true });
  mkdirSync(images, { recursive: true });
  if (needsBuild(root)) {
    log('Building dist/ (npm run build).');
    await runCommand('npm', ['run', 'build'], { cwd: root, prefix: '  ' });
  }

  const renderer = await openRenderer(root);
  const results = [];
  try {
    for (const dataset of DATASETS) results.push(await reportOn(dataset, renderer));
  } finally {
    await renderer.close();
  }

  const [nsl, telecom] = results;
  const unseen = unseenShare(
    path.resolve(root, nsl.dataset.train),
    path.resolve(root, nsl.dataset.test),
    'attack',
  );
  const nslNotes = [
    `${(100 * unseen.share).toFixed(1)}% of the test records belong to ${unseen.kinds} attack ` +
      'types (column `attack`) that never occur in the training file, a shift built into the ' +
      'NSL-KDD split (Tavallaee, Bagheri, Lu and Ghorbani, ' +
      '"A Detailed Analysis of the KDD CUP 99 ' +
      'Data Set", IEEE CISDA 2009). Every method here, the baseline included, is measured across ' +
      'that shift, and no nearest-neighbour method can label those records from examples it has ' +
      'not seen, except by resemblance.',
  ];
  const telecomNotes = [
    'Train and test files come from different seeds, so the test cells are other cells, not ' +
      'later intervals of the training cells.',
  ];
  const minutes = ((performance.now() - started) / 60000).toFixed(1);

  const text = [
    '# Results: what the embedding is worth',
    '',
    'Made by `npm run report` (`node scripts/report.mjs`) on ' +
      `${new Date().toISOString().slice(0, 10)}, ` +
      `${os.cpus().length} cores, Node ${process.version}, in ${minutes} minutes in all. The ` +
      'machine was shared with other work, so seconds and triplets per second are noisy. Each ' +
      'model is trained once, with one seed: a difference of a point or two between losses may ' +
      'not hold for another seed. The commands below are the ones the script ran; ' +
      '`$TMP` is a temporary folder. The full JSON of each comparison is in `docs/results/`.',
    '',
    'Metric definitions: precision@1, R-precision and MAP@R as in Musgrave, Belongie and Lim, ' +
      '"A Metric Learning Reality Check" (ECCV 2020); ' +
      'NMI of k-means clusters against the labels; ' +
      'silhouette by label; compactness is the mean distance to the own class centroid over the ' +
      'mean distance between class centroids (lower is tighter); ' +
      'zero-hinge share is the share of sampled test triplets ' +
      'whose FaceNet loss at alpha 0.2 is already 0.',
    '',
    section(nsl, nslNotes),
    section(telecom, telecomNotes),
  ].join('\n');

  const target = path.join(docs, 'RESULTS.md');
  const temporary = path.join(docs, `.RESULTS.md.${process.pid}.tmp`);
  writeFileSync(temporary, text);
  renameSync(temporary, target);

  // Formatted as the repository's format check expects.
  const prettier = path.join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
  await runCommand(process.execPath, [prettier, '--write', target, path.join(docs, 'results')], {
    cwd: root,
  });
  log(`Wrote ${path.relative(root, target)} in ${minutes} minutes.`);
}

await main();
