import { describe, expect, test } from "vitest";
import { runEngine } from "../../engine/runEngine.js";
import { makePoolSeries } from "../../engine/testSeries.js";
import type { Strategy } from "../../engine/types.js";
import { lpGamma } from "./lpGamma.js";

const T = 202690;

describe("lpGamma", () => {
  test("default: equals the finite difference of the engine's LP base amounts, and 0 outside the range", () => {
    const ticks = [T, T, T + 2, T + 4, T + 3000];
    const base: number[] = [];
    const price: number[] = [];
    const gamma: number[] = [];
    const s: Strategy = {
      name: "probe",
      init: () => [
        { kind: "mint", tickLower: T - 500, tickUpper: T + 500 },
        { kind: "mint", tickLower: T - 200, tickUpper: T + 900, value: 0 },
      ],
      onBar(ctx) {
        base.push(ctx.pool.positions.reduce((a, p) => a + p.base, 0));
        price.push(ctx.price);
        gamma.push(lpGamma(ctx));
        return undefined;
      },
    };
    runEngine({
      series: makePoolSeries({ closeTick: ticks, liquidity: 1e17 }),
      strategy: s,
      deposit: 10_000,
    });
    // bars 1..3 are 2 ticks apart (2 bp): central difference vs gamma at the middle bar.
    const fd = (base[2] - base[0]) / (price[2] - price[0]);
    expect(gamma[1]).toBeLessThan(0);
    expect(Math.abs(fd / gamma[1] - 1)).toBeLessThan(1e-3);
    expect(gamma[3]).toBe(0);
  });
});
