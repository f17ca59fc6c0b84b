import { InvalidInputError } from "../errors/math.js";
import { createBlockBootstrapModel } from "./blockBootstrap.js";
import { createGarchModel } from "./garch.js";
import { createGbmModel } from "./gbm.js";
import { createMertonModel } from "./merton.js";
import type { PathModel } from "./pathModel.js";
import { createRegimeSwitchingModel } from "./regimeSwitching.js";

/** A price model as data (JSON-serialisable; parameters as the `create*Model` functions take them). */
export type PriceModelConfig =
  | { kind: "gbm"; mu: number; sigma: number }
  | {
      kind: "merton";
      mu: number;
      sigma: number;
      lambda: number;
      jumpMean: number;
      jumpStd: number;
      compensated?: boolean;
    }
  | {
      kind: "garch";
      /** Per-step parameters (see createGarchModel). */
      omega: number;
      alpha: number;
      beta: number;
      meanLogReturn?: number;
      initialVariance?: number;
    }
  | {
      kind: "regime";
      mu: [number, number];
      sigma: [number, number];
      /** Per-step switching probabilities. */
      p01: number;
      p10: number;
      initialState?: 0 | 1;
    }
  | {
      kind: "bootstrap";
      /** Historical log returns, one per step. */
      logReturns: number[] | Float64Array;
      blockLength: number;
      blocks?: "stationary" | "fixed";
    };

/** Returns the PathModel a config names. */
export function createPriceModel(m: PriceModelConfig): PathModel {
  if (typeof m !== "object" || m === null)
    throw new InvalidInputError({ field: "model", value: m, expected: "an object with a kind" });
  switch (m.kind) {
    case "gbm":
      return createGbmModel(m);
    case "merton":
      return createMertonModel(m);
    case "garch":
      return createGarchModel(m);
    case "regime":
      return createRegimeSwitchingModel(m);
    case "bootstrap":
      return createBlockBootstrapModel({
        logReturns:
          m.logReturns instanceof Float64Array ? m.logReturns : Float64Array.from(m.logReturns ?? []),
        blockLength: m.blockLength,
        kind: m.blocks,
      });
    default:
      throw new InvalidInputError({
        field: "model.kind",
        value: (m as { kind: unknown }).kind,
        expected: '"gbm", "merton", "garch", "regime" or "bootstrap"',
      });
  }
}
