import { BaseError, formatValue } from "./base.js";

/** A function argument is outside its domain. Names the field and the bad value. */
export class InvalidInputError extends BaseError {
  readonly field: string;
  readonly value: unknown;
  constructor({ field, value, expected }: { field: string; value: unknown; expected: string }) {
    super(`${field} ${formatValue(value)} is invalid: expected ${expected}.`, { name: "InvalidInputError" });
    this.field = field;
    this.value = value;
  }
}

/** A tick outside [MIN_TICK, MAX_TICK]. */
export class TickOutOfRangeError extends BaseError {
  constructor({ field, tick, min, max }: { field: string; tick: number; min: number; max: number }) {
    super(`${field} ${tick} is outside [${min}, ${max}].`, { name: "TickOutOfRangeError" });
  }
}

/** A sqrt price outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO). */
export class SqrtPriceOutOfRangeError extends BaseError {
  constructor({ field, sqrtPriceX96 }: { field: string; sqrtPriceX96: bigint }) {
    super(`${field} ${sqrtPriceX96} is outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO).`, {
      name: "SqrtPriceOutOfRangeError",
    });
  }
}

/** Arithmetic that the contract would revert on (overflow, division by zero, insufficient liquidity). */
export class MathRevertError extends BaseError {
  constructor({ operation, reason }: { operation: string; reason: string }) {
    super(`${operation} reverts: ${reason}.`, { name: "MathRevertError" });
  }
}

/** A numeric routine did not converge or has no solution (e.g. implied volatility below intrinsic). */
export class NoSolutionError extends BaseError {
  constructor({ operation, reason }: { operation: string; reason: string }) {
    super(`${operation} has no solution: ${reason}.`, { name: "NoSolutionError" });
  }
}

/** Throws InvalidInputError unless `value` is a finite number. */
export function assertFinite(field: string, value: number): void {
  if (!Number.isFinite(value)) throw new InvalidInputError({ field, value, expected: "a finite number" });
}

/** Throws InvalidInputError unless `value` is a finite number > 0. */
export function assertPositive(field: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0))
    throw new InvalidInputError({ field, value, expected: "a finite number > 0" });
}
