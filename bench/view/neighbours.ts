// Host-side cost of a pick: the 10 nearest neighbours of one point among 100,000 and 1,000,000
// full embeddings (16 dimensions), by squared Euclidean distance.
import * as os from 'os';

import { nearestNeighbours } from '../../src/extension/cluster/neighbours';

const DIMS = 16;

function print(name: string, value: number, unit: string): void {
  console.log(JSON.stringify({ name, value, unit, cores: os.cpus().length }));
}

for (const count of [100_000, 1_000_000]) {
  const embeddings = new Float32Array(count * DIMS);
  for (let i = 0; i < embeddings.length; i++) embeddings[i] = Math.random();

  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    nearestNeighbours(embeddings, DIMS, (run * 7919) % count, 10);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  print(`view.neighbours.${count}`, Number(times[2].toFixed(1)), 'ms');
}
