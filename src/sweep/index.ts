export {
  createDirPointCache,
  createMemoryPointCache,
  type PointCache,
} from "./cache.js";
export {
  axisName,
  axisPaths,
  loadSweepConfig,
  parseSweepConfig,
  type SweepAxis,
  type SweepConfig,
  type SweepObjective,
  sweepConfigSchema,
} from "./config.js";
export { SweepPointError, SweepQueueError, SweepRunError } from "./errors.js";
export {
  createSeriesCache,
  evaluatePoint,
  type PointMetrics,
  type PointResult,
  type SeriesCache,
} from "./evaluate.js";
export { canonicalJson, type DataFileIdentity, dataIdentities, pointHash, sha256Hex } from "./hash.js";
export { designRows, generatePoints, gridValues, type SweepPoint, setPath } from "./points.js";
export {
  type CreateQueueExecutorParameters,
  createQueueExecutor,
  type PathsJobData,
  POINT_QUEUE,
  type PointJobData,
  parseQueueUrl,
  type QueueWorker,
  type RunPathsOnQueueParameters,
  runPathsJob,
  runPathsOnQueue,
  type StartQueueWorkerParameters,
  SWEEP_QUEUE,
  startQueueWorker,
} from "./queue.js";
export { renderSweepHtml, svgFrontier, svgHeatmap } from "./report.js";
export {
  createInlineExecutor,
  createLocalExecutor,
  frontierIndices,
  objectiveValue,
  paramsLabel,
  type RunSweepParameters,
  type RunSweepReturnType,
  runSweep,
  type SweepAggregate,
  type SweepExecutor,
  type SweepPointRow,
  sweepJson,
  valueLabel,
} from "./runSweep.js";
export { createSweepThreadPool, type PointTask, type SweepThreadPool } from "./threads.js";
