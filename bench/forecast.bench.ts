import { createEwmaForecaster, fitGarch11 } from "../src/forecast/index.js";
import {
  closeToCloseVolatility,
  garmanKlassVolatility,
  parkinsonVolatility,
  rogersSatchellVolatility,
  yangZhangVolatility,
} from "../src/math/stats/index.js";
import { createRng } from "../src/sim/rng.js";
import type { BenchCase } from "./harness.js";

/** 1,500 daily returns from a GARCH(1,1) (ω = 4e-5, α = 0.1, β = 0.86). */
function garchReturns(n: number): Float64Array {
  const rng = createRng(1);
  const r = new Float64Array(n);
  let v = 1e-3;
  for (let i = 0; i < n; i++) {
    r[i] = Math.sqrt(v) * rng.nextNormal();
    v = 4e-5 + 0.1 * r[i] * r[i] + 0.86 * v;
  }
  return r;
}

/** 100,000 hourly GBM bars with 8 sampled points per bar. */
function bars(n: number) {
  const rng = createRng(2);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  let x = Math.log(2000);
  const s = 0.008 / Math.sqrt(8);
  for (let i = 0; i < n; i++) {
    open[i] = Math.exp(x);
    let hi = x;
    let lo = x;
    for (let k = 0; k < 8; k++) {
      x += s * rng.nextNormal();
      hi = Math.max(hi, x);
      lo = Math.min(lo, x);
    }
    high[i] = Math.exp(hi);
    low[i] = Math.exp(lo);
    close[i] = Math.exp(x);
  }
  return { open, high, low, close, barMs: 3_600_000 };
}

export function cases(): BenchCase[] {
  const daily = garchReturns(1500);
  const hourly = garchReturns(100_000).map((r) => r / 5);
  const b = bars(100_000);
  const n = b.close.length;
  return [
    {
      group: "forecast",
      name: "GARCH(1,1) fit, 1,500 daily returns",
      ops: 1,
      unit: "fits",
      fn: () => fitGarch11(daily),
      goal: 20,
    },
    {
      group: "forecast",
      name: "EWMA update",
      ops: hourly.length,
      unit: "updates",
      fn: () => {
        const f = createEwmaForecaster({ lambda: 0.994, warmup: 24 });
        for (let i = 0; i < hourly.length; i++) f.add(hourly[i]);
        return f.variance;
      },
      goal: 10_000_000,
    },
    {
      group: "forecast",
      name: "close-to-close vol",
      ops: n,
      unit: "bars",
      fn: () => closeToCloseVolatility(b),
      goal: 10_000_000,
    },
    {
      group: "forecast",
      name: "Parkinson vol",
      ops: n,
      unit: "bars",
      fn: () => parkinsonVolatility(b),
      baseline: "close-to-close vol",
    },
    {
      group: "forecast",
      name: "Garman–Klass vol",
      ops: n,
      unit: "bars",
      fn: () => garmanKlassVolatility(b),
      baseline: "close-to-close vol",
    },
    {
      group: "forecast",
      name: "Rogers–Satchell vol",
      ops: n,
      unit: "bars",
      fn: () => rogersSatchellVolatility(b),
      baseline: "close-to-close vol",
    },
    {
      group: "forecast",
      name: "Yang–Zhang vol",
      ops: n,
      unit: "bars",
      fn: () => yangZhangVolatility(b),
      baseline: "close-to-close vol",
      goal: 5_000_000,
    },
  ];
}
