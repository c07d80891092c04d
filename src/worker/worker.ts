import { parentPort } from 'worker_threads';

parentPort?.postMessage({ type: 'ready' });
