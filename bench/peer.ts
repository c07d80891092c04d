/**
 * The PyTorch peer of the training benchmark (`bench/peers/triplet_torch.py`): makes sure it can
 * run, hands it the same encoded features, and runs it with a given batch, step count and thread
 * count.
 *
 * Debian's `python3-torch` multiplies matrices through whatever `libblas.so.3` the system selects,
 * which on a bare system is the reference BLAS, about thirty times slower than OpenBLAS on these
 * shapes; no PyTorch wheel ships like that. So that the peer is a PyTorch as users know it, the
 * peer process (and only it) is pointed at Debian's OpenBLAS, unpacked into a temp folder when it
 * is not installed. The BLAS in use is printed with each peer figure.
 */

import { execFile } from 'child_process';
import { existsSync } from 'fs';
import { mkdir, mkdtemp, readdir, rm } from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

import type { LabelledFeatures } from '../src/core/types';
import { writeFeatures } from './exportFeatures';

const run = promisify(execFile);

const PYTHON = '/usr/bin/python3';
const PEER_SCRIPT = path.join(__dirname, 'peers', 'triplet_torch.py');
const OPENBLAS_PACKAGE = 'libopenblas0-pthread';
const SYSTEM_OPENBLAS = '/usr/lib/x86_64-linux-gnu/openblas-pthread';

/** A peer ready to run: the features it reads and the BLAS it multiplies with. */
export interface Peer {
  folder: string;
  blas: 'openblas' | 'system';
  /** The folder holding OpenBLAS's `libblas.so.3`, when `blas` is `openblas`. */
  blasFolder?: string;
}

/** One peer run: the same job as one of ours. */
export interface PeerJob {
  batch: number;
  /** Timed steps, and untimed steps before them. */
  steps: number;
  warmup: number;
  threads: number;
  dims: number;
}

/**
 * Prepares the peer, installing `python3-torch` with apt-get when `import torch` fails. Returns
 * the reason when the peer cannot run, so that the caller can print it and go on without it.
 */
export async function preparePeer(data: LabelledFeatures): Promise<Peer | string> {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  if (!(await torchImports())) {
    const installed = await succeeds('apt-get', ['install', '-y', 'python3-torch']);
    if (!installed || !(await torchImports())) {
      return 'PyTorch does not import and apt-get install -y python3-torch did not help';
    }
  }

  const folder = await mkdtemp(path.join(os.tmpdir(), 'siamese-lens-peer-'));
  await writeFeatures(data, folder);
  const found = await findOpenBlas(folder);
  const blasFolder = found !== undefined && (await torchImports(found)) ? found : undefined;
  if (blasFolder === undefined) {
    process.stderr.write('The PyTorch peer runs on the system BLAS: OpenBLAS was not found.\n');
  }
  return { folder, blas: blasFolder ? 'openblas' : 'system', blasFolder };
}

/** Triplets per second of wall time and per second of CPU time (all threads). */
export interface Speed {
  perSecond: number;
  perCpuSecond: number;
}

/**
 * One peer run. OpenMP threads wait passively: spinning threads on a machine whose cores are
 * busy with other work slow two-thread PyTorch down a hundredfold.
 */
export async function runPeer(peer: Peer, job: PeerJob): Promise<Speed> {
  const threads = String(job.threads);
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: threads };
  env.OPENBLAS_NUM_THREADS = threads;
  env.OMP_WAIT_POLICY = 'PASSIVE';
  if (peer.blasFolder !== undefined) {
    env.LD_LIBRARY_PATH = [peer.blasFolder, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  }

  const args = [PEER_SCRIPT, peer.folder, '--batch', String(job.batch)];
  args.push('--steps', String(job.steps), '--warmup', String(job.warmup));
  args.push('--threads', threads, '--dims', String(job.dims));
  const { stdout } = await run(PYTHON, args, { env, maxBuffer: 1 << 20 });
  const figure = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
  if (typeof figure.value !== 'number') throw new Error(`The peer printed no figure: ${stdout}`);
  return { perSecond: figure.value, perCpuSecond: figure.per_cpu_second };
}

/** Removes the peer's features. */
export async function disposePeer(peer: Peer): Promise<void> {
  await rm(peer.folder, { recursive: true, force: true });
}

/** Whether PyTorch imports, optionally with the libraries in `libraryFolder` first. */
async function torchImports(libraryFolder?: string): Promise<boolean> {
  const env = libraryFolder ? { ...process.env, LD_LIBRARY_PATH: libraryFolder } : process.env;
  return succeeds(PYTHON, ['-c', 'import torch, numpy'], env);
}

async function succeeds(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd?: string,
): Promise<boolean> {
  try {
    await run(command, args, { env, cwd, maxBuffer: 16 << 20 });
    return true;
  } catch {
    return false;
  }
}

/**
 * The folder of an OpenBLAS `libblas.so.3`: the system's when installed, else one unpacked from
 * Debian's package (downloaded with `apt-get download`, nothing installed) under `folder`.
 */
async function findOpenBlas(folder: string): Promise<string | undefined> {
  if (existsSync(path.join(SYSTEM_OPENBLAS, 'libblas.so.3'))) return SYSTEM_OPENBLAS;

  const unpacked = path.join(folder, 'openblas');
  await mkdir(unpacked);
  if (!(await succeeds('apt-get', ['download', OPENBLAS_PACKAGE], process.env, unpacked))) {
    return undefined;
  }
  const archive = (await readdir(unpacked)).find((name) => name.endsWith('.deb'));
  if (archive === undefined) return undefined;
  if (!(await succeeds('dpkg', ['-x', path.join(unpacked, archive), unpacked]))) return undefined;

  const library = await findFile(unpacked, 'libblas.so.3');
  return library === undefined ? undefined : path.dirname(library);
}

async function findFile(folder: string, name: string): Promise<string | undefined> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isFile() && entry.name === name) return full;
    if (entry.isDirectory()) {
      const found = await findFile(full, name);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
