import { describe, expect, test } from "vitest";
import { createPriceModel, type PriceModelConfig } from "./priceModel.js";
import { createRng } from "./rng.js";

describe("createPriceModel", () => {
  test("behavior: every path model runs and its log-return spread matches its volatility", () => {
    const models: [PriceModelConfig, number][] = [
      [{ kind: "gbm", mu: 0, sigma: 0.8 }, 0.8],
      [
        { kind: "merton", mu: 0, sigma: 0.5, lambda: 20, jumpMean: 0, jumpStd: 0.05 },
        Math.sqrt(0.25 + 20 * 0.0025),
      ],
      [{ kind: "garch", omega: 0.64 * (1 / 8760) * 0.05, alpha: 0.05, beta: 0.9 }, 0.8],
      [
        { kind: "regime", mu: [0, 0], sigma: [0.4, 1.2], p01: 0.01, p10: 0.01 },
        Math.sqrt(0.5 * 0.16 + 0.5 * 1.44),
      ],
      [
        { kind: "bootstrap", logReturns: [0.01, -0.01, 0.02, -0.02], blockLength: 1 },
        Math.sqrt(0.00025 * 8760),
      ],
    ];
    for (const [config, vol] of models) {
      const model = createPriceModel(config);
      const path = new Float64Array(337);
      const n = 2000;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        path[0] = 2000;
        model.fillPath(createRng(11, i), path, 1 / 8760);
        const r = Math.log(path[336] / 2000);
        ss += r * r;
      }
      const realised = Math.sqrt(ss / n / (336 / 8760));
      expect(Math.abs(realised / vol - 1), config.kind).toBeLessThan(0.08);
    }
  });

  test("behavior: bad fields are named", () => {
    expect(() => createPriceModel({ kind: "nope" } as unknown as PriceModelConfig)).toThrow(/model\.kind/);
    expect(() => createPriceModel({ kind: "gbm", mu: 0, sigma: -1 })).toThrow(/sigma/);
    expect(() => createPriceModel(null as unknown as PriceModelConfig)).toThrow(/model/);
  });
});
