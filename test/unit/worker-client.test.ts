/**
 * The worker client against the built worker (`npx webpack --mode development --config-name node`
 * first): results, cancellation, and workers that crash.
 */

import * as assert from 'assert';
import { existsSync } from 'fs';
import * as path from 'path';

import { CancelledError } from '../../src/core/errors';
import { runJob } from '../../src/worker/client';

export const WORKER_FILE = path.resolve(__dirname, '../../dist/worker.js');

describe('worker client', function () {
  before(function () {
    assert.ok(existsSync(WORKER_FILE), `build the worker first: ${WORKER_FILE} is missing`);
  });

  it('resolves with the result, typed arrays intact', async function () {
    const payload = Float32Array.from([0.25, 0.5, 0.75]);
    const result = await runJob(WORKER_FILE, { kind: 'selfTest', action: 'echo', payload });

    assert.strictEqual(result.action, 'echo');
    assert.ok(result.payload instanceof Float32Array);
    assert.deepStrictEqual(Array.from(result.payload), [0.25, 0.5, 0.75]);
  });

  it('rejects with CancelledError when the job stops on cancel', async function () {
    const controller = new AbortController();
    const job = runJob(
      WORKER_FILE,
      { kind: 'selfTest', action: 'waitForCancel' },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );

    await assert.rejects(job, CancelledError);
  });

  it('terminates a worker that ignores cancel, and rejects with CancelledError', async function () {
    const controller = new AbortController();
    const job = runJob(
      WORKER_FILE,
      { kind: 'selfTest', action: 'ignoreCancel' },
      { signal: controller.signal, cancelGraceMs: 200, onProgress: () => controller.abort() },
    );

    await assert.rejects(job, CancelledError);
  });

  it('rejects at once when the signal has already fired', async function () {
    const controller = new AbortController();
    controller.abort();
    const job = runJob(WORKER_FILE, { kind: 'selfTest', action: 'echo' }, controller);

    await assert.rejects(job, CancelledError);
  });

  it('rejects clearly when the worker exits, and the next job still runs', async function () {
    const crashed = runJob(WORKER_FILE, { kind: 'selfTest', action: 'exit' });
    await assert.rejects(crashed, (error: Error) => {
      assert.match(error.message, /selfTest job's worker stopped without an answer \(exit 1\)/);
      return true;
    });

    const next = await runJob(WORKER_FILE, { kind: 'selfTest', action: 'echo' });
    assert.strictEqual(next.action, 'echo');
  });

  it('rejects clearly when the worker runs out of memory', async function () {
    const job = runJob(
      WORKER_FILE,
      { kind: 'selfTest', action: 'exhaustMemory' },
      { resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 } },
    );

    await assert.rejects(job, /selfTest job's worker ran out of memory/);
  });

  it('runs two jobs side by side', async function () {
    const payloads = [Float32Array.from([1]), Float32Array.from([2])];
    const results = await Promise.all(
      payloads.map((payload) => runJob(WORKER_FILE, { kind: 'selfTest', action: 'echo', payload })),
    );

    assert.deepStrictEqual(
      results.map((result) => result.payload?.[0]),
      [1, 2],
    );
  });
});
