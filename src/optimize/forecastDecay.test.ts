import { describe, expect, test } from "vitest";
import { parseOptimizeConfig } from "./config.js";
import { forecastHorizonVariance } from "./optimizeRange.js";

const run = { data: { pool: "x" }, position: { deposit: 1000, range: { belowPct: 5, abovePct: 5 } } };
const settings = (forecast: Record<string, unknown>) =>
  parseOptimizeConfig({ run, optimize: { forecast: { model: "ewma", ...forecast } } }).optimize.forecast;

/** Returns summed into bars of `minutes` input bars. */
function barReturns(minuteReturns: Float64Array, minutes: number): Float64Array {
  const out = new Float64Array(Math.floor(minuteReturns.length / minutes));
  for (let i = 0; i < out.length; i++)
    for (let k = 0; k < minutes; k++) out[i] += minuteReturns[i * minutes + k];
  return out;
}

describe("optimize forecast: EWMA decay as a half-life in time", () => {
  test("default: the old per-bar `lambda` is refused naming its path and both forms", () => {
    expect(() => settings({ lambda: 0.97 })).toThrow(/optimize\.forecast\.lambda.*halfLife.*lambdaPerBar/);
    expect(() => settings({ halfLife: "1d", lambdaPerBar: 0.9 })).toThrow(/optimize\.forecast\.lambdaPerBar/);
    expect(() => settings({ halfLife: "soon" })).toThrow(/optimize\.forecast\.halfLife/);
  });

  test("behavior: halfLife '1d' on hourly bars is λ = 2^(-1/24) per bar, and the same half-life on 15-minute bars forecasts the same variance", () => {
    // Deterministic 15-minute returns +s, +s, +s, −s in every hour (so an hour's return is 2s: r² grows with the bar
    // length as for a Brownian path) with s doubling 2 days before the end: only the decay (in time vs per bar)
    // can make the hourly and 15-minute forecasts differ.
    const quarter = new Float64Array(20 * 96);
    for (let i = 0; i < quarter.length; i++)
      quarter[i] = (i % 4 === 3 ? -1 : 1) * (i < 18 * 96 ? 1e-3 : 2e-3);
    const hourly = barReturns(quarter, 4);
    const perBar = settings({ lambdaPerBar: 2 ** (-1 / 24), barMinutes: 60 });
    const inTime = settings({ halfLife: "1d", barMinutes: 60 });
    expect(forecastHorizonVariance(hourly, 24, inTime)).toBe(forecastHorizonVariance(hourly, 24, perBar));
    const q = forecastHorizonVariance(quarter, 96, settings({ halfLife: "1d", barMinutes: 15 }));
    const h = forecastHorizonVariance(hourly, 24, inTime);
    expect(Math.abs(q / h - 1)).toBeLessThan(0.03);
    // The same per-bar λ on 15-minute bars is a 4× shorter half-life: a different forecast than the hourly one.
    const sameLambda = forecastHorizonVariance(
      quarter,
      96,
      settings({ lambdaPerBar: 2 ** (-1 / 24), barMinutes: 15 }),
    );
    expect(Math.abs(sameLambda / h - 1)).toBeGreaterThan(Math.abs(q / h - 1));
  });
});
