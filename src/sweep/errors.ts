import { BaseError } from "../errors/base.js";

/**
 * A sweep point's run spec is invalid: names the file, the dotted path under `run`, the bad value and reason of
 * the backtest config check, and the point's axis values.
 */
export class SweepPointError extends BaseError {
  readonly path: string;
  constructor({ file, path, detail, point }: { file?: string; path: string; detail: string; point: string }) {
    super(`${file ? `${file}: ` : ""}run.${path}${detail} (${point}).`, { name: "SweepPointError" });
    this.path = `run.${path}`;
  }
}

/** A point failed while it ran (in a thread or on a queue worker): names the point and the cause. */
export class SweepRunError extends BaseError {
  constructor({ point, reason }: { point: string; reason: string }) {
    super(`sweep point ${point} failed: ${reason}`, { name: "SweepRunError" });
  }
}

/** The queue (Redis / BullMQ) could not be reached or used: names the --queue URL and the cause. */
export class SweepQueueError extends BaseError {
  constructor({ url, reason }: { url: string; reason: string }) {
    super(`--queue ${JSON.stringify(url)}: ${reason}.`, { name: "SweepQueueError" });
  }
}
