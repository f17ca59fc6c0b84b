import { black76, impliedVol } from "../src/math/options/index.js";
import { replicateLpPayoff } from "../src/math/replication/index.js";
import type { BenchCase } from "./harness.js";

const N = 10_000;

/** N deterministic option inputs spanning ±3σ√T in strike, 1 day to 1 year, 20 %–150 % vol (no RNG needed). */
function inputs() {
  const forward = new Float64Array(N);
  const strike = new Float64Array(N);
  const time = new Float64Array(N);
  const vol = new Float64Array(N);
  const price = new Float64Array(N);
  const kind: ("call" | "put")[] = [];
  for (let i = 0; i < N; i++) {
    const u = (i * 0.6180339887498949) % 1;
    const v = (i * 0.7548776662466927) % 1;
    const w = (i * 0.5698402909980532) % 1;
    forward[i] = 2766;
    time[i] = 1 / 365 + w;
    vol[i] = 0.2 + 1.3 * v;
    strike[i] = forward[i] * Math.exp((6 * u - 3) * vol[i] * Math.sqrt(time[i]));
    kind.push(i % 2 === 0 ? "call" : "put");
    price[i] = black76({
      forward: forward[i],
      strike: strike[i],
      timeToExpiry: time[i],
      vol: vol[i],
      kind: kind[i],
    }).price;
  }
  return { forward, strike, time, vol, price, kind };
}

export function cases(): BenchCase[] {
  let data: ReturnType<typeof inputs> | undefined;
  const get = () => (data ??= inputs());
  const strikes = Array.from({ length: 58 }, (_, i) => 500 + i * 100);
  return [
    {
      group: "options",
      name: "black76 price + greeks",
      ops: N,
      unit: "options",
      goal: 2_000_000,
      fn: () => {
        const d = get();
        let s = 0;
        for (let i = 0; i < N; i++)
          s += black76({
            forward: d.forward[i],
            strike: d.strike[i],
            timeToExpiry: d.time[i],
            vol: d.vol[i],
            kind: d.kind[i],
          }).gamma;
        return s;
      },
    },
    {
      group: "options",
      name: "impliedVol (±3σ√T, 1 d – 1 y)",
      ops: N,
      unit: "solves",
      goal: 200_000,
      baseline: "black76 price + greeks",
      fn: () => {
        const d = get();
        let s = 0;
        for (let i = 0; i < N; i++)
          s += impliedVol({
            price: d.price[i],
            forward: d.forward[i],
            strike: d.strike[i],
            timeToExpiry: d.time[i],
            kind: d.kind[i],
          });
        return s;
      },
    },
    {
      group: "options",
      name: "replicateLpPayoff (58 strikes)",
      ops: 1,
      unit: "strips",
      fn: () =>
        replicateLpPayoff({ liquidity: 19457.8, lower: 2482.5, upper: 3034.2, forward: 2766.24, strikes }),
    },
  ];
}
