/** `train`: a labelled CSV into a model bundle, with the live view's positions each epoch. */
import * as tf from '@tensorflow/tfjs';

import { trainCsv } from '../../core/trainCsv';
import type { JobContext } from '../context';
import type { TrainJob, TrainResult } from '../protocol';
import { describeTensorCount } from './tensorCount';

export async function runTrainJob(job: TrainJob, context: JobContext): Promise<TrainResult> {
  const result = await trainCsv(job, context);
  context.log('debug', describeTensorCount(tf.memory().numTensors));
  return result;
}
