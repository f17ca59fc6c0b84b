import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { TickMath } from "../../math/v3/tickMath.js";
import { planMinute } from "./replay.js";

const Q96 = 2 ** 96;
const FEE = 0.0005;

/** Executes a plan on constant liquidity in float (the planner's own model): end sqrt price and volumes. */
function execute(plan: ReturnType<typeof planMinute>, s0: number, l: number) {
  let s = s0;
  let in0 = 0;
  let in1 = 0;
  for (const st of plan) {
    if (st.kind === "exactIn") {
      const n = Number(st.amount) * (1 - FEE);
      let next = st.token === 0 ? 1 / (1 / s + n / l) : s + n / l;
      const lim = st.limit !== undefined ? Number(st.limit) / Q96 : undefined;
      let used = Number(st.amount);
      if (lim !== undefined && (st.token === 0 ? next < lim : next > lim)) {
        next = lim;
        used = (st.token === 0 ? l * (1 / lim - 1 / s) : l * (lim - s)) / (1 - FEE);
      }
      if (st.token === 0) in0 += used;
      else in1 += used;
      s = next;
    } else {
      const t = Number(st.limit) / Q96;
      if (t < s) in0 += (l * (1 / t - 1 / s)) / (1 - FEE);
      else in1 += (l * (t - s)) / (1 - FEE);
      s = t;
    }
  }
  return { s, in0, in1 };
}

describe("planMinute", () => {
  test("default: the planned swaps end inside the close tick and match the minute's volume in value", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 195_000, max: 205_000 }),
        fc.integer({ min: -60, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 2e11, noNaN: true }),
        fc.double({ min: 0, max: 1e20, noNaN: true }),
        fc.double({ min: 1e17, max: 1e19, noNaN: true }),
        (c, move, frac, v0, v1, l) => {
          const loX96 = TickMath.getSqrtRatioAtTick(c);
          const hiX96 = TickMath.getSqrtRatioAtTick(c + 1);
          const lo = Number(loX96) / Q96;
          const hi = Number(hiX96) / Q96;
          const start = 1.0001 ** ((c + move + frac) / 2);
          const plan = planMinute({
            sqrtPrice: start,
            lo,
            hi,
            v0,
            v1,
            l,
            fee: FEE,
            maxExcursionTicks: 200,
            loX96,
            hiX96,
            lowTick: Math.min(c, c + move) - 3,
            highTick: Math.max(c, c + move) + 3,
          });
          const r = execute(plan, start, l);
          expect(r.s).toBeGreaterThanOrEqual(lo);
          expect(r.s).toBeLessThan(hi);
          const price = ((lo + hi) / 2) ** 2;
          const recorded = v0 * price + v1;
          const chain = r.in0 * price + r.in1;
          // either the volume is matched in value, or the move alone needed more than was recorded
          if (chain > recorded * (1 + 1e-6)) expect(plan.length).toBeLessThanOrEqual(2);
          else expect(Math.abs(chain - recorded)).toBeLessThanOrEqual(recorded * 1e-3 + price * 2 + 2);
          expect(plan.length).toBeLessThanOrEqual(32);
        },
      ),
      { numRuns: 300, seed: 20231 },
    );
  });
});
