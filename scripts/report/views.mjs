// Turns the embed command's output (`<name>.embeddings.csv`) into what the cluster view's `show`
// message carries, as plain JSON arrays: the page turns them back into typed arrays.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** The source CSV's header, the columns a user could colour by. */
function headerOf(file) {
  const [header] = parse(readFileSync(file), { to_line: 1 });
  return header;
}

/** Index of each distinct value in the order of `names`, adding unseen values at the end. */
function indexer(names) {
  const slots = new Map(names.map((name, slot) => [name, slot]));
  return (value) => {
    if (value === '') return -1;
    if (!slots.has(value)) {
      slots.set(value, names.length);
      names.push(value);
    }
    return slots.get(value);
  };
}

/**
 * One scene of the cluster view from a 3-D embeddings file: positions are the embedding itself.
 * `row` is the comparison row of the model (metrics and loss curves) and `label` the label column.
 */
export function viewFromEmbeddings({ embeddingsFile, sourceFile, label, title, row, classes }) {
  const [header, ...records] = parse(readFileSync(embeddingsFile), { skip_empty_lines: true });
  const at = (name) => header.indexOf(name);
  const axes = ['e1', 'e2', 'e3'].map(at);
  if (axes.includes(-1) || at('e4') !== -1) {
    throw new Error(`${embeddingsFile} is not a 3-D embedding; the report shows 3-D models only.`);
  }

  const labelNames = [...classes];
  const predictedNames = [...classes];
  const labelOf = indexer(labelNames);
  const predictedOf = indexer(predictedNames);
  const count = records.length;
  const positions = new Array(count * 3);
  const labels = new Array(count);
  const predicted = new Array(count);
  const novel = new Array(count);
  const recordNumbers = new Array(count);

  records.forEach((fields, point) => {
    axes.forEach((column, axis) => (positions[point * 3 + axis] = Number(fields[column])));
    labels[point] = labelOf(fields[at(label)] ?? '');
    predicted[point] = predictedOf(fields[at('predicted')]);
    novel[point] = fields[at('novel')] === 'true' ? 1 : 0;
    recordNumbers[point] = Number(fields[at('record')]);
  });

  return {
    title,
    count,
    positions,
    axisNames: ['e1', 'e2', 'e3'],
    labels,
    labelNames,
    predicted,
    predictedNames,
    novel,
    records: recordNumbers,
    columns: headerOf(sourceFile),
    loss: row.loss_curve,
    validationLoss: row.validation_curve,
    metrics: {
      'precision@1': row.precision_at_1,
      'MAP@R': row.map_at_r,
      NMI: row.nmi,
      silhouette: row.silhouette,
    },
  };
}
