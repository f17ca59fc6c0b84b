import { describe, expect, test } from "vitest";
import type { EngineEvent } from "../../src/engine/types.js";
import { polygonRunner } from "./polygonRun.js";

// The delta-hedged Polygon example (±10 %, 10,000 USDC, ±0.1 ETH band, 2 s latency) with a cost governor, on the real
// minute data of 2022-07-19 .. 08-22: about 1.2 fee APR realised over the run, against the 0.2 prior.
const run = polygonRunner("2022-07-19", "2022-08-22");
const DAY_MS = 86_400_000;

/** Returns the numbers of a governor event's text, by label. */
function parseText(text: string) {
  const m =
    /^(\w+): hedge cost (\S+) vs fee income (\S+) and risk removed (\S+) over (\S+) d; fee APR (\S+); LVR (\S+)\/yr \((trailing|realised) (\S+) d(?: blended with prior)?\); band (\S+) -> (\S+)$/.exec(
      text,
    );
  if (m === null) throw new Error(`unparsed governor text: ${text}`);
  return {
    action: m[1],
    cost: Number(m[2]),
    income: Number(m[3]),
    risk: Number(m[4]),
    horizon: Number(m[5]),
    feeApr: Number(m[6]),
    lvr: Number(m[7]),
    source: m[8] === "trailing" ? "trailing" : "prior",
    days: Number(m[9]),
    band: Number(m[10]),
    newBand: m[11] === "unchanged" ? Number.NaN : Number(m[11]),
  };
}

function close(printed: number, used: number) {
  if (Number.isNaN(used)) expect(printed).toBeNaN();
  else expect(Math.abs(printed - used)).toBeLessThanOrEqual(5e-6 * Math.abs(used) + 1e-300);
}

describe("cost governor on the position's trailing realised fees (real Polygon 2022 data)", () => {
  const r = run({
    hedge: {
      kind: "delta",
      venue: "perp",
      latencyMs: 2000,
      trigger: { kind: "absolute", band: 0.1 },
      governor: { horizonDays: 7, feeAprPrior: 0.2, feeWindowDays: 7, priorDays: 1 },
    },
  });
  const gov = r.events.filter((e: EngineEvent) => e.kind === "governor");
  const s = r.series;
  const barAt = (t: number) => {
    let lo = 0;
    let hi = s.time.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s.time[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  test("default: after 7 days the fee APR is the trailing 7-day realised rate (from the run's own fee series), not the prior", () => {
    const trailing = gov.filter((e) => e.fields.feeAprSource === "trailing");
    expect(trailing.length).toBeGreaterThan(3);
    for (const e of trailing) {
      const f = e.fields;
      const days = f.feeAprDays as number;
      // The window read is the hourly sample at or before t − 7 d.
      expect(days).toBeGreaterThanOrEqual(7);
      expect(days).toBeLessThan(7 + 1 / 24 + 1e-9);
      const k0 = barAt(e.time - days * DAY_MS);
      expect(s.time[k0]).toBe(e.time - days * DAY_MS);
      const fees = s.fees[e.bar] - s.fees[k0];
      const lvr = s.lvr[e.bar] - s.lvr[k0];
      const years = days / 365;
      const V = f.positionValue as number;
      expect(f.feeApr as number).toBeCloseTo(fees / V / years, 9);
      expect(f.lvrPerYear as number).toBeCloseTo(lvr / V / years, 9);
    }
    // Measured: 1.67 on 07-27 (7 days in), down to 0.004 on 08-19 when the price had left the range for a week.
    expect(trailing[0].fields.feeApr as number).toBeGreaterThan(1);
    expect(Math.min(...trailing.map((e) => e.fields.feeApr as number))).toBeLessThan(0.05);
  });

  test("behavior: before 7 days the estimate is the realised-so-far rate blended with the prior weighted as one day", () => {
    const early = gov.filter((e) => e.fields.feeAprSource === "prior");
    expect(early.length).toBeGreaterThan(2);
    for (const e of early) {
      const f = e.fields;
      const age = (e.time - s.time[0]) / DAY_MS;
      expect(f.feeAprDays as number).toBeCloseTo(age, 9);
      const V = f.positionValue as number;
      const expected = (0.2 * (1 / 365) + s.fees[e.bar] / V) / ((1 + age) / 365);
      expect(f.feeApr as number).toBeCloseTo(expected, 9);
    }
    // After a day the realised fees dominate: the estimate is far above the 0.2 prior.
    const dayTwo = early.find((e) => e.time - s.time[0] >= DAY_MS);
    expect(dayTwo?.fields.feeApr as number).toBeGreaterThan(1);
  });

  test("behavior: fee income stops the hedge only when the trailing fees are low, and a widening lapses after reviewDays", () => {
    // The 0.2 prior never decides: a "fee income" stop comes only on a trailing rate below 0.3 (out of range).
    const feeStops = gov.filter(
      (e) => e.fields.reason === "hedge cost exceeds the expected fee income at every admissible band",
    );
    for (const e of feeStops) {
      expect(e.fields.feeAprSource).toBe("trailing");
      expect(e.fields.feeApr as number).toBeLessThan(0.3);
    }
    // The governor is consulted again every day (a widening holds one day), so it decides over the whole run.
    expect(gov.length).toBeGreaterThan(20);
    expect(gov[gov.length - 1].time - gov[0].time).toBeGreaterThan(30 * DAY_MS);
    expect(r.hedgeTrades).toBeGreaterThan(5);
  });

  test("behavior: each event's text prints the numbers its decision used", () => {
    expect(gov.length).toBeGreaterThan(0);
    for (const e of gov) {
      const f = e.fields;
      // One CSV cell without quoting (events.csv).
      expect(f.text).not.toMatch(/[",\n]|NaN|Infinity/);
      const t = parseText(f.text as string);
      expect(t.action).toBe(f.action);
      close(t.cost, f.expectedHedgeCost as number);
      close(t.income, f.expectedFeeIncome as number);
      close(t.risk, f.expectedLossAvoided as number);
      close(t.horizon, 7);
      close(t.feeApr, f.feeApr as number);
      close(t.lvr, f.lvrPerYear as number);
      expect(t.source).toBe(f.feeAprSource);
      close(t.days, f.feeAprDays as number);
      close(t.band, f.requestedBand as number);
      close(t.newBand, f.newBand as number);
      // And the decision's fee income is the printed fee APR over the horizon on the position's value.
      close(t.income, ((f.feeApr as number) * (f.positionValue as number) * 7) / 365);
    }
  });
});
