import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createAlerter } from "./alerts.js";
import {
  checkDataAge,
  checkFillSlippage,
  checkNotional,
  checkTwapDeviation,
  emergencyDeleverage,
  keeperLimitsSchema,
  minAmountAfterSlippage,
  utcDayStart,
} from "./limits.js";

const limits = keeperLimitsSchema.parse({ maxOrderNotional: 1_000, maxDailyNotional: 5_000 });

describe("keeperLimitsSchema", () => {
  test("default: defaults filled in; inconsistent bounds name the field", () => {
    expect(limits).toMatchObject({ maxSlippageBps: 50, maxTwapDeviationTicks: 50, twapSeconds: 60 });
    const bad = keeperLimitsSchema.safeParse({ maxOrderNotional: 10, maxDailyNotional: 5 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(["maxDailyNotional"]);
  });
});

describe("checkNotional", () => {
  test("default: per order and per day, NaN denies", () => {
    expect(checkNotional(999, 0, limits)).toEqual({ ok: true });
    expect(checkNotional(-1_001, 0, limits)).toEqual({
      ok: false,
      limit: "maxOrderNotional",
      value: 1_001,
      bound: 1_000,
    });
    expect(checkNotional(900, 4_200, limits)).toEqual({
      ok: false,
      limit: "maxDailyNotional",
      value: 5_100,
      bound: 5_000,
    });
    expect(checkNotional(Number.NaN, 0, limits).ok).toBe(false);
    expect(checkNotional(10, Number.NaN, limits).ok).toBe(false);
  });
});

describe("checkTwapDeviation", () => {
  test("default: |spot − twap| within the bound passes; beyond it or unknown denies", () => {
    expect(checkTwapDeviation(-200_010, -200_060, limits)).toEqual({ ok: true });
    expect(checkTwapDeviation(-200_010, -200_061, limits)).toMatchObject({ ok: false, value: 51 });
    expect(checkTwapDeviation(5, undefined, limits).ok).toBe(false);
    expect(checkTwapDeviation(5, Number.NaN, limits).ok).toBe(false);
  });
});

describe("checkDataAge / checkFillSlippage / minAmountAfterSlippage", () => {
  test("default: stale or future data denies; slippage against the side; exact minimum amounts", () => {
    const aged = { ...limits, maxDataAgeMs: 120_000 };
    expect(checkDataAge(1e12, limits).ok).toBe(true); // unset: not checked
    expect(checkDataAge(1_000, aged).ok).toBe(true);
    expect(checkDataAge(120_001, aged).ok).toBe(false);
    expect(checkDataAge(-200_000, aged).ok).toBe(false);
    expect(checkDataAge(Number.NaN, aged).ok).toBe(false);
    expect(checkFillSlippage("sell", 2_990, 3_000, limits).ok).toBe(true); // 33 bps
    expect(checkFillSlippage("sell", 2_980, 3_000, limits)).toMatchObject({
      ok: false,
      limit: "maxSlippageBps",
    });
    expect(checkFillSlippage("buy", 2_980, 3_000, limits).ok).toBe(true); // better than mark
    expect(minAmountAfterSlippage(1_000_000n, 50)).toBe(995_000n);
    expect(minAmountAfterSlippage(10n ** 30n + 1n, 0)).toBe(10n ** 30n + 1n);
    expect(minAmountAfterSlippage(199n, 50)).toBe(198n); // floor(199 · 0.995) = floor(198.005)
  });
});

describe("emergencyDeleverage", () => {
  test("default: healthy margin does nothing; low margin cuts the short back to the target ratio", () => {
    const l = { minMarginRatio: 0.05, targetMarginRatio: 0.15 };
    expect(emergencyDeleverage({ quantity: -10, price: 3_000, equity: 3_000, limits: l })).toBeUndefined();
    // m = 1000 / 30000 = 0.033 < 0.05 → |q'| = 1000 / (0.15 · 3000) = 2.222…
    expect(emergencyDeleverage({ quantity: -10, price: 3_000, equity: 1_000, limits: l })).toBeCloseTo(
      -2.2222222,
      6,
    );
    expect(emergencyDeleverage({ quantity: -10, price: 3_000, equity: -5, limits: l })).toBe(0);
    expect(emergencyDeleverage({ quantity: 0, price: 3_000, equity: 1, limits: l })).toBeUndefined();
  });

  test("behavior: the result never flips or grows the position and restores at least the minimum ratio (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: -1e5, max: 1e6, noNaN: true }),
        (quantity, price, equity) => {
          const l = { minMarginRatio: 0.05, targetMarginRatio: 0.15 };
          const q = emergencyDeleverage({ quantity, price, equity, limits: l });
          if (q === undefined)
            return Math.abs(quantity) * price === 0 || equity / (Math.abs(quantity) * price) >= 0.05;
          const sameSide = q === 0 || Math.sign(q) === Math.sign(quantity);
          const smaller = Math.abs(q) <= Math.abs(quantity);
          const healthy = q === 0 || equity / (Math.abs(q) * price) >= 0.05 - 1e-12;
          return sameSide && smaller && healthy;
        },
      ),
    );
  });
});

describe("utcDayStart", () => {
  test("default: midnight UTC", () => {
    expect(utcDayStart(Date.UTC(2022, 6, 19, 13, 5))).toBe(Date.UTC(2022, 6, 19));
  });
});

describe("createAlerter", () => {
  test("default: JSON lines on the sink and a POST to a local webhook; a dead webhook is reported, not thrown", async () => {
    const got: unknown[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        got.push({ method: req.method, type: req.headers["content-type"], body: JSON.parse(body) });
        res.end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const lines: string[] = [];
    const a = createAlerter({
      vault: "v1",
      sink: (l) => lines.push(l),
      webhookUrl: `http://127.0.0.1:${port}/hook`,
      clock: () => 5,
    });
    a.alert("info", "started", { block: 1n });
    a.alert("critical", "faulted", { reason: "nonce 7 used by an unknown transaction" });
    await a.flush();
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { time: 5, level: "info", vault: "v1", kind: "started", fields: { block: "1" } },
      {
        time: 5,
        level: "critical",
        vault: "v1",
        kind: "faulted",
        fields: { reason: "nonce 7 used by an unknown transaction" },
      },
    ]);
    // Only the critical one crosses the default "warn" threshold.
    expect(got).toEqual([{ method: "POST", type: "application/json", body: JSON.parse(lines[1]) }]);
    await new Promise<void>((r) => server.close(() => r()));

    const dead = createAlerter({
      vault: "v1",
      sink: (l) => lines.push(l),
      webhookUrl: `http://127.0.0.1:${port}/hook`,
      webhookTimeoutMs: 5_000,
    });
    dead.alert("warn", "degraded");
    await dead.flush();
    const last = JSON.parse(lines[lines.length - 1]);
    expect(last).toMatchObject({ kind: "webhook-failed", fields: { alert: "degraded" } });
  });
});
