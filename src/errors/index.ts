export { KeeperUnavailableError, RequestValidationError, UnauthorizedError } from "./api.js";
export {
  BaseError,
  type BaseErrorParameters,
  formatValue,
  MAX_VALUE_CHARS,
  truncateText,
} from "./base.js";
export {
  BudgetExceededError,
  ConfigError,
  checkMemoryBudget,
  DEFAULT_MEMORY_BUDGET_BYTES,
} from "./config.js";
export { DataFormatError } from "./data.js";
export { fsErrorToPathError, NonFiniteOutputError, PathError, systemErrorCode } from "./io.js";
export {
  assertFinite,
  assertPositive,
  InvalidInputError,
  MathRevertError,
  NoSolutionError,
  SqrtPriceOutOfRangeError,
  TickOutOfRangeError,
} from "./math.js";
export { IdempotencyConflictError, NotFoundError, StoreError } from "./store.js";
