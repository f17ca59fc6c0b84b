export { KeeperUnavailableError, RequestValidationError, UnauthorizedError } from "./api.js";
export { BaseError, type BaseErrorParameters, formatValue } from "./base.js";
export { ConfigError } from "./config.js";
export { DataFormatError } from "./data.js";
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
