export {
  type AnvilProcess,
  anvilBinaryPath,
  freePort,
  type StartAnvilErrorType,
  type StartAnvilParameters,
  type StartAnvilReturnType,
  startAnvil,
} from "./anvil.js";
export { DEV_BALANCE_WEI, DEV_PRIVATE_KEYS } from "./devAccounts.js";
export {
  type CreateEdrChainParameters,
  type CreateEdrChainReturnType,
  createEdrChain,
  type EdrProvider,
} from "./edr.js";
export { LocalChainError } from "./errors.js";
export {
  mineBlock,
  revertToSnapshot,
  setAutomine,
  setBalance,
  setNextBlockTimestamp,
  snapshotChain,
} from "./testRpc.js";
