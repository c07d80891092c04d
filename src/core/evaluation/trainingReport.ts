/** The `report.json` of a model bundle trained on a CSV file. */

import { REPORT_FORMAT, type TrainingReport } from '../bundle/bundle';
import type { TrainResult } from '../train/trainer';
import type { ClassReference, LabelledFeatures, TrainConfig } from '../types';

export interface TrainingReportInput {
  /** Absolute path and hex SHA-256 of the training CSV. */
  sourceFile: string;
  sha256: string;
  /** The records trained on. */
  data: LabelledFeatures;
  references: ClassReference[];
  backend: string;
  config: TrainConfig;
  result: TrainResult;
  /** Evaluation figures, or null when the model has not been evaluated. */
  metrics: Record<string, unknown> | null;
}

/** Everything a bundle's training report records about one training run. */
export function trainingReport(input: TrainingReportInput): TrainingReport {
  const { data, result } = input;
  return {
    format: REPORT_FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    sourceFile: input.sourceFile,
    sha256: input.sha256,
    records: data.rows,
    features: data.features,
    classes: input.references.map(({ name, count }) => ({ name, count })),
    backend: input.backend,
    config: input.config,
    trainingRecords: result.trainingRecords.length,
    validationRecords: result.validationRecords.length,
    bestEpoch: result.bestEpoch,
    monitored: result.monitored,
    stoppedEarly: result.stoppedEarly,
    timings: {
      seconds: result.seconds,
      trainingSeconds: result.trainingSeconds,
      tripletsPerSecond: result.tripletsPerSecond,
    },
    history: result.history,
    metrics: input.metrics,
  };
}
