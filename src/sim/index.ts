export {
  ARB_POOL_COLUMNS,
  type ArbPoolParameters,
  type PreparedArbPool,
  prepareArbPool,
  runArbPool,
  runPreparedArbPool,
} from "./arbPool.js";
export { type CreateBlockBootstrapModelParameters, createBlockBootstrapModel } from "./blockBootstrap.js";
export { type CreateGarchModelParameters, createGarchModel } from "./garch.js";
export { type CreateGbmModelParameters, createGbmModel } from "./gbm.js";
export {
  getKernel,
  KERNELS,
  type KernelDefinition,
  LP_HEDGE_COLUMNS,
  type LpHedgeConfig,
  type LpHedgeHedgeConfig,
  lpHedgeKernel,
  type PathKernel,
  runKernelRange,
} from "./kernels/index.js";
export { type CreateMertonModelParameters, createMertonModel } from "./merton.js";
export {
  createWorkerPool,
  type RunPathsParameters,
  type RunPathsReturnType,
  runPaths,
  type WorkerPool,
} from "./parallel/index.js";
export type { PathModel } from "./pathModel.js";
export {
  type CreateRegimeSwitchingModelParameters,
  createRegimeSwitchingModel,
  type RegimeSwitchingModel,
} from "./regimeSwitching.js";
export { createRng, type Rng } from "./rng.js";
export { column, type Summary, summarize } from "./summarize.js";
