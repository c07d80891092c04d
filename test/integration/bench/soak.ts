/**
 * Ten rounds of "Train Siamese Network" then "Embed CSV" on the sample in one extension host:
 * the host's heap after each round (views closed, garbage collected) and the tensors each worker
 * still held when its job answered. A heap that keeps growing from round to round is a leak.
 */
import type { FinishedJob } from '../../../src/extension/api';
import type { Emit } from './index';
import {
  closeEditors,
  delay,
  embed,
  extensionApi,
  garbageCollector,
  train,
  workspaceFile,
} from './host';

const ROUNDS = 10;
const MB = 1024 * 1024;
/** Time for the closed views' messages to drain before the heap is read. */
const SETTLE_MS = 500;

export async function soak(emit: Emit): Promise<void> {
  const api = await extensionApi();
  const sample = workspaceFile('cell-kpis.csv');
  const collect = garbageCollector();
  emit('soak: heap read after a forced garbage collection', collect ? 1 : 0, 'boolean');

  const finished: FinishedJob[] = [];
  const listener = api.onDidFinishJob((job) => finished.push(job));
  const heaps: number[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      finished.length = 0;
      const bundleDir = workspaceFile('.siamese-lens', `soak-${round}`).fsPath;
      const bundle = await train(sample, {
        label: 'state',
        loss: 'lossless',
        epochs: 2,
        bundleDir,
      });
      await embed(sample, { bundle });
      await closeEditors();
      await delay(SETTLE_MS);
      collect?.();

      const heap = process.memoryUsage().heapUsed / MB;
      heaps.push(heap);
      emit(`soak round ${round}: host heap used`, heap, 'MB');
      for (const kind of ['train', 'embed'] as const) {
        const last = finished.filter((job) => job.kind === kind).pop();
        emit(
          `soak round ${round}: ${kind} worker tensors at the end`,
          last?.tensors ?? -1,
          'tensors',
        );
      }
    }
  } finally {
    listener.dispose();
  }

  const [second, last] = [heaps[1], heaps[heaps.length - 1]];
  emit('soak: host heap used, round 2', second, 'MB');
  emit(`soak: host heap used, round ${ROUNDS}`, last, 'MB');
  emit(`soak: heap ratio round ${ROUNDS} / round 2`, last / second, 'ratio');
}
