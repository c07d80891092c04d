/**
 * Chooses the TensorFlow.js backend: the native `tensorflow` one when `@tensorflow/tfjs-node` is
 * installed, else WebAssembly, else plain JavaScript (`cpu`). Everything in the project imports
 * `@tensorflow/tfjs`, so all of them share the one engine configured here.
 */

import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'fs';
import { createRequire } from 'module';
import * as path from 'path';

import type { BackendChoice } from './types';

const WASM_FILE = 'tfjs-backend-wasm.wasm';

let wasmPathsSet = false;

/**
 * Makes `choice` the active backend and returns the name of the backend in use. `auto` tries
 * `tensorflow`, `wasm`, `cpu` in that order; any other choice must load or this throws an error
 * saying why.
 */
export async function initBackend(choice: BackendChoice): Promise<string> {
  const order: Exclude<BackendChoice, 'auto'>[] =
    choice === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [choice];
  const failures: string[] = [];

  for (const name of order) {
    const problem = await tryBackend(name);
    if (problem === undefined) return tf.getBackend();
    failures.push(`${name}: ${problem}`);
  }

  throw new Error(`No TensorFlow.js backend could start (${failures.join('; ')}).`);
}

/** Activates one backend; returns why it could not, or `undefined` when it runs. */
async function tryBackend(name: Exclude<BackendChoice, 'auto'>): Promise<string | undefined> {
  try {
    if (name === 'tensorflow') loadNativeBindings();
    if (name === 'wasm') pointAtWasmFiles();
    const ready = await tf.setBackend(name);
    return ready ? undefined : 'it did not initialise';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.split('\n')[0];
  }
}

/**
 * Loads `@tensorflow/tfjs-node`, which registers the `tensorflow` backend with the shared engine.
 * It is an optional dependency (and a webpack external), so a plain runtime `require` is used.
 */
function loadNativeBindings(): void {
  if (tf.findBackend('tensorflow') !== null) return;
  const nodeRequire = createRequire(__filename);
  nodeRequire('@tensorflow/tfjs-node');
  if (tf.findBackend('tensorflow') === null) {
    throw new Error('@tensorflow/tfjs-node loaded but registered no backend');
  }
}

/**
 * Tells the wasm backend where its `.wasm` files are: beside this script when it runs from the
 * bundle (the build copies them into `dist/`), else in the package's own `dist/` folder.
 */
function pointAtWasmFiles(): void {
  if (wasmPathsSet) return;
  setWasmPaths(wasmFolder() + path.sep);
  wasmPathsSet = true;
}

/** The folder holding `tfjs-backend-wasm.wasm`. */
export function wasmFolder(): string {
  if (existsSync(path.join(__dirname, WASM_FILE))) return __dirname;
  const nodeRequire = createRequire(__filename);
  const manifest = nodeRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return path.join(path.dirname(manifest), 'dist');
}
