import assert from 'node:assert/strict';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { encodeWithEncoder, readDataset } from '../../src/core/dataset';
import { InputError } from '../../src/core/errors';
import { scratchFolder } from '../fixtures/bad/scratch';

/** What a numeric column may hold: numbers of any size, and every spelling of "no value". */
const numberText = fc.oneof(
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom('', 'NA', 'n/a', '?', 'null', 'NaN', 'Infinity', '-inf', '1e400', '-1e400'),
  fc.constantFrom('1.7976931348623157e308', '-1.7976931348623157e308', '5e-324', '1e38'),
);
/** What a categorical column may hold: a few values, missing ones, and rare arbitrary text. */
const categoryText = fc.oneof(
  fc.constantFrom('Nokia', 'Ericsson', 'Huawei', '', 'NA'),
  fc.string({ maxLength: 5 }).filter((text) => !/[\0"\r\n,]/.test(text)),
);

/** Column kinds, then records whose fields match them. */
const table = fc
  .array(fc.constantFrom('numeric' as const, 'categorical' as const), {
    minLength: 1,
    maxLength: 4,
  })
  .chain((kinds) => {
    const record = fc.tuple(
      ...kinds.map((kind) => (kind === 'numeric' ? numberText : categoryText)),
    );
    return fc.record({
      kinds: fc.constant(kinds),
      training: fc.array(record, { minLength: 1, maxLength: 12 }),
      other: fc.array(record, { minLength: 1, maxLength: 6 }),
    });
  });

/** The table as CSV; empty fields quoted, since a blank line is no record at all. */
function csvOf(kinds: string[], records: string[][]): string {
  const header = kinds.map((kind, column) => `${kind}_${column}`).join(',');
  const lines = records.map((fields) => fields.map((text) => text || '""').join(','));
  return [header, ...lines].join('\n');
}

describe('property: encoding never yields NaN or Infinity', () => {
  let scratch: ReturnType<typeof scratchFolder>;
  before(() => (scratch = scratchFolder('siamese-property-')));
  after(() => scratch.remove());

  it('for any numeric and categorical table, and a file encoded with its encoder', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(table, async ({ kinds, training, other }) => {
        const trainingFile = path.join(scratch.folder, `training-${run}.csv`);
        const otherFile = path.join(scratch.folder, `other-${run++}.csv`);
        writeFileSync(trainingFile, csvOf(kinds, training));
        writeFileSync(otherFile, csvOf(kinds, other));
        const forced = Object.fromEntries(kinds.map((kind, column) => [`${kind}_${column}`, kind]));

        let dataset;
        try {
          dataset = await readDataset(trainingFile, { kinds: forced });
        } catch (error) {
          // A table whose every column is constant gives no features: an InputError, not NaN.
          assert.ok(error instanceof InputError, String(error));
          return;
        }
        assert.ok(dataset.features.values.every(Number.isFinite), 'training features');

        const encoded = await encodeWithEncoder(otherFile, dataset.encoder);
        assert.equal(encoded.features.values.length, other.length * dataset.encoder.featureCount);
        assert.ok(encoded.features.values.every(Number.isFinite), 'features of the other file');
      }),
      { numRuns: 100 },
    );
  });
});
