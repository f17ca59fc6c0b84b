export {
  createWorkerPool,
  type RunPathsParameters,
  type RunPathsReturnType,
  runPaths,
  type WorkerPool,
} from "./runner.js";
