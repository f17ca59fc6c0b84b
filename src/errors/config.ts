import { BaseError, formatValue } from "./base.js";
import { requireObject } from "./guards.js";

/** A config file or CLI flag is invalid. `path` is the dotted path in the file (or the flag name). */
export class ConfigError extends BaseError {
  readonly path: string;
  constructor({
    path,
    value,
    reason,
    file,
  }: { path: string; value?: unknown; reason: string; file?: string }) {
    const v = value !== undefined ? ` ${formatValue(value)}` : "";
    super(`${file ? `${file}: ` : ""}${path}${v}: ${reason}.`, { name: "ConfigError" });
    this.path = path;
  }
}

/** Bytes in a MiB, for budget messages. */
const MIB = 1024 * 1024;

/**
 * A setting would allocate more memory than the stated budget (e.g. paths × strategies × steps, or the strikes
 * of a strip). Refused before any work starts, with the estimate.
 */
export class BudgetExceededError extends BaseError {
  readonly path: string;
  constructor({
    path,
    value,
    estimateBytes,
    budgetBytes,
    what,
  }: { path: string; value?: unknown; estimateBytes: number; budgetBytes: number; what: string }) {
    const v = value !== undefined ? ` ${formatValue(value)}` : "";
    super(
      `${path}${v}: ${what} needs about ${(estimateBytes / MIB).toFixed(0)} MiB, over the budget of ${(budgetBytes / MIB).toFixed(0)} MiB; reduce it.`,
      { name: "BudgetExceededError" },
    );
    this.path = path;
  }
}

/** Default memory budget of one run: 1 GiB. */
export const DEFAULT_MEMORY_BUDGET_BYTES = 1024 * MIB;

/**
 * Throws BudgetExceededError when `estimateBytes` exceeds `budgetBytes` (default 1 GiB); `path` names the flag or
 * config path that sets the size.
 */
export function checkMemoryBudget(options: {
  path: string;
  value?: unknown;
  estimateBytes: number;
  what: string;
  budgetBytes?: number;
}): void {
  const {
    path,
    value,
    estimateBytes,
    what,
    budgetBytes = DEFAULT_MEMORY_BUDGET_BYTES,
  } = requireObject(options, "options");
  if (!(estimateBytes <= budgetBytes))
    throw new BudgetExceededError({ path, value, estimateBytes, budgetBytes, what });
}
