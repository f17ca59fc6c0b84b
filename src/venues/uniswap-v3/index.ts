export {
  artifacts,
  erc20Abi,
  factoryAbi,
  POOL_INIT_CODE_HASH,
  poolAbi,
  positionManagerAbi,
  swapRouterAbi,
} from "./abis.js";
export { type Capabilities, capabilities } from "./capabilities.js";
export {
  type CreateUniswapV3ClientParameters,
  createUniswapV3Client,
  type Fees,
  localChain,
  type PoolRef,
  type SignedTx,
  type Slot0,
  type TokenRef,
  type TxRequest,
  type UniswapV3Client,
} from "./client.js";
export {
  type DeployPoolSpec,
  type DeployUniswapV3ErrorType,
  type DeployUniswapV3Parameters,
  type DeployUniswapV3ReturnType,
  deployUniswapV3,
  midTickSqrtPriceX96,
  poolSpecFromSharedFolder,
  type TokenSpec,
  tokenKey,
} from "./deploy.js";
export {
  type Deployment,
  DeploymentSchema,
  findPool,
  loadDeployment,
  type PoolEntry,
  PoolEntrySchema,
  parseDeployment,
  type TokenEntry,
  TokenEntrySchema,
  writeDeployment,
} from "./deployment.js";
export {
  classifyUniswapV3Error,
  DeploymentCheckError,
  ERROR_RULES,
  ErrorClass,
  InsufficientFundsError,
  MissingContractError,
  NonceTooLowError,
  ReceiptTimeoutError,
  ReplacementUnderpricedError,
  ReplayError,
  RpcUnavailableError,
  TransactionRevertedError,
  UniswapV3VenueError,
  WrongChainError,
} from "./errors.js";
export {
  type LocalUniswapV3,
  SHARED_TOKENS,
  type StartLocalUniswapV3Parameters,
  startLocalUniswapV3,
} from "./localChain.js";
export { createNonceManager, memoryNonceStore, type NonceManager, type NonceStore } from "./nonceManager.js";
// every receipt parser and its result type
export * from "./parse.js";
export {
  planMinute,
  type ReplayMinute,
  type ReplayMinutesErrorType,
  type ReplayMinutesParameters,
  type ReplayMinutesReturnType,
  type ReplaySummary,
  replayMinutes,
} from "./replay.js";
