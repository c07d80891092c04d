/**
 * What the extension host's main thread itself runs longest while it trains on NSL-KDD: a CPU
 * profile of the host, and its longest stretch of samples without idle time. Tells a stall the
 * host causes (a long task) from one the machine causes (the host waiting for a core).
 */
import * as inspector from 'inspector';
import * as path from 'path';
import * as vscode from 'vscode';

import type { Emit } from './index';
import { closeEditors, train, workspaceFile } from './host';

/** Profiler sampling interval, µs. */
const SAMPLING_US = 500;
const IDLE = new Set(['(idle)', '(program)']);

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export async function profileLongTasks(emit: Emit): Promise<string[]> {
  const shared = process.env.SIAMESE_LENS_SHARED ?? '';
  const file = vscode.Uri.file(path.join(shared, 'data', 'nsl-kdd', 'train.csv'));
  const bundleDir = workspaceFile('.siamese-lens', 'bench-profile').fsPath;
  await closeEditors();

  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: SAMPLING_US });
  await post('Profiler.start');
  let profile: Profile;
  try {
    await train(file, {
      label: 'attack_class',
      ignore: ['attack', 'difficulty'],
      loss: 'lossless',
      epochs: 5,
      bundleDir,
    });
  } finally {
    profile = ((await post('Profiler.stop')) as { profile: Profile }).profile;
    session.disconnect();
  }
  const stretch = longestBusyStretch(profile);
  emit('host busiest stretch while training, wall time (CPU profile)', stretch.ms, 'ms');
  emit(
    'host busiest stretch while training, time on the CPU (samples x interval)',
    (stretch.samples * SAMPLING_US) / 1000,
    'ms',
  );
  await closeEditors();
  return stretch.functions;
}

/**
 * The run of consecutive non-idle samples that holds the most samples (time on the CPU at the
 * sampling interval), its wall time, and its most sampled functions.
 */
function longestBusyStretch(profile: Profile): {
  ms: number;
  samples: number;
  functions: string[];
} {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  let best = { ms: 0, start: 0, end: 0 };
  let current = { ms: 0, start: 0 };
  profile.samples.forEach((id, index) => {
    const name = nodes.get(id)?.callFrame.functionName ?? '';
    if (IDLE.has(name)) {
      current = { ms: 0, start: index + 1 };
      return;
    }
    current.ms += profile.timeDeltas[index] / 1000;
    if (index + 1 - current.start > best.end - best.start) {
      best = { ms: current.ms, start: current.start, end: index + 1 };
    }
  });

  const parents = new Map<number, number>();
  for (const node of profile.nodes) node.children?.forEach((child) => parents.set(child, node.id));
  const counts = new Map<string, number>();
  for (const id of profile.samples.slice(best.start, best.end)) {
    const frame = stackOf(id, nodes, parents);
    if (!frame) continue;
    const where = frame;
    counts.set(where, (counts.get(where) ?? 0) + 1);
  }
  const functions = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([where, count]) => `${count} samples: ${where}`);
  return { ms: best.ms, samples: best.end - best.start, functions };
}

/** A sample's function and its first callers, innermost first, e.g. `write < writeSync < log`. */
function stackOf(
  id: number,
  nodes: Map<number, ProfileNode>,
  parents: Map<number, number>,
  depth = 6,
): string | undefined {
  const frames: string[] = [];
  for (let at: number | undefined = id; at !== undefined && frames.length < depth;) {
    const frame = nodes.get(at)?.callFrame;
    if (!frame) break;
    const file = frame.url ? ` ${path.basename(frame.url)}:${frame.lineNumber + 1}` : '';
    frames.push(`${frame.functionName || '(anonymous)'}${file}`);
    at = parents.get(at);
  }
  return frames.length > 0 ? frames.join(' < ') : undefined;
}
