import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { REPO_ROOT } from "../../test/helpers/sharedData.js";
import { tickToPrice } from "../math/units.js";
import { AAVE_V3_DEFAULTS } from "./lending/lendingMarket.js";
import { createLendingVenueModel } from "./lending/lendingVenueModel.js";
import { createOptionVenueModel } from "./options/optionVenueModel.js";
import { createPerpVenueModel } from "./perp/perpVenueModel.js";
import { runEngine } from "./runEngine.js";
import { makePoolSeries } from "./testSeries.js";
import type { AttributionAccumulator, Intent, Ledger, Strategy, VenueModel } from "./types.js";

const PERP = {
  takerFee: 0.0005,
  makerFee: 0.0002,
  halfSpreadBps: 1,
  impactModel: "sqrt" as const,
  impactCoefficient: 0.001,
  depth: 1000,
  leverage: 5,
  maintenanceMarginRate: 0.005,
  liquidationFee: 0.0125,
};
const models = (): [string, VenueModel][] => [
  ["perp", createPerpVenueModel({ market: PERP })],
  [
    "lending",
    createLendingVenueModel({
      market: AAVE_V3_DEFAULTS,
      rates: { kind: "constant", supplyRate: 0.02, borrowRate: 0.03 },
    }),
  ],
  ["options", createOptionVenueModel({ vol: () => 0.8 })],
];

/** Names of the own properties of `o` that are accessors (getters/setters): a venue model should have none. */
const ownAccessors = (o: object) =>
  Object.entries(Object.getOwnPropertyDescriptors(o))
    .filter(([, d]) => d.get !== undefined || d.set !== undefined)
    .map(([k]) => k);

describe("venue model shape", () => {
  test("default: every hedge venue model is a class instance, its getters on the shared prototype", () => {
    const a = models();
    const b = models();
    for (let k = 0; k < a.length; k++) {
      const [name, m] = a[k];
      const proto = Object.getPrototypeOf(m);
      expect(proto, name).not.toBe(Object.prototype);
      expect(Object.getPrototypeOf(b[k][1]), name).toBe(proto);
      expect(ownAccessors(m), name).toEqual([]);
      for (const f of ["mark", "accrue", "value", "delta", "settle"] as const)
        expect(Object.hasOwn(m, f), `${name}.${f}`).toBe(false);
    }
    const getters = ownAccessors(Object.getPrototypeOf(a[1][1]));
    expect(getters).toEqual(expect.arrayContaining(["trades", "interest", "suppliedQuote", "borrowedBase"]));
    expect(ownAccessors(Object.getPrototypeOf(a[2][1]))).toEqual(
      expect.arrayContaining(["premiumPaid", "payoffs", "cashQuote", "trades"]),
    );
  });

  test("behavior: V8 keeps each model in fast mode with one hidden class per kind, after a run and a restore", () => {
    // %HasFastProperties / %HaveSameMap need --allow-natives-syntax: a child node process (through tsx) checks them.
    const src = (p: string) => JSON.stringify(join(REPO_ROOT, p));
    const code = `
        const fast = new Function("o", "return %HasFastProperties(o)");
        const same = new Function("a", "b", "return %HaveSameMap(a, b)");
        const { createLendingVenueModel } = await import(${src("src/engine/lending/lendingVenueModel.ts")});
        const { AAVE_V3_DEFAULTS } = await import(${src("src/engine/lending/lendingMarket.ts")});
        const { createOptionVenueModel } = await import(${src("src/engine/options/optionVenueModel.ts")});
        const { runEngine } = await import(${src("src/engine/runEngine.ts")});
        const { makePoolSeries } = await import(${src("src/engine/testSeries.ts")});
        const lend = () => createLendingVenueModel({ market: AAVE_V3_DEFAULTS, rates: { kind: "constant", supplyRate: 0.02, borrowRate: 0.03 } });
        const opt = () => createOptionVenueModel({ vol: () => 0.8 });
        const series = makePoolSeries({ closeTick: [202690, 202600, 202700, 202650], liquidity: 1e17 });
        const l1 = lend(), l2 = lend(), o1 = opt(), o2 = opt();
        const strategy = { name: "s", init: () => [
          { kind: "deposit", venue: "lending", amount: 3000 }, { kind: "hedge", venue: "lending", targetDelta: -0.5 },
          { kind: "deposit", venue: "options", amount: 500 },
          { kind: "buy", venue: "options", option: "put", strike: 1500, expiryTime: 1658188800000 + 86400000, quantity: 1 },
        ], onBar: () => undefined };
        runEngine({ series, strategy, deposit: 5000, venues: [l1, o1] });
        l2.restore(JSON.parse(JSON.stringify(l1.state())));
        o2.restore(JSON.parse(JSON.stringify(o1.state())));
        console.log(JSON.stringify({ fast: [l1, l2, o1, o2].map(fast), sameMap: [same(l1, l2), same(o1, o2)] }));`;
    const r = spawnSync(
      process.execPath,
      ["--allow-natives-syntax", "--import", "tsx", "--input-type=module", "-e", code],
      { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 },
    );
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ fast: [true, true, true, true], sameMap: [true, true] });
  }, 90_000);
});

/**
 * A user-written venue as an object literal with a getter (a dictionary-mode object in V8): a fixed short of `q`
 * base units held from bar 0 (hedge += −q·(P_i − P_{i−1})). The engine must call it like the built-in models,
 * alone or beside them.
 */
function literalShort(id: string, q: number): VenueModel & { readonly marks: number } {
  let prev = Number.NaN;
  let marks = 0;
  return {
    id,
    get marks() {
      return marks;
    },
    mark(_bar: number, price: number, attr: AttributionAccumulator) {
      if (!Number.isNaN(prev)) attr.hedge -= q * (price - prev);
      prev = price;
      marks++;
    },
    accrue() {},
    value: (price: number) => -q * price,
    delta: () => -q,
    settle: (_i: Intent, _b: number, _p: number, _l: Ledger) => false,
  };
}

describe("engine dispatch of the extra venues", () => {
  const ticks = [202690, 202600, 202750, 202500, 202800, 202690, 202400];
  const series = makePoolSeries({ closeTick: ticks, liquidity: 1e17 });
  const price = (t: number) => tickToPrice({ tick: t, decimals0: 6, decimals1: 18, baseToken: 1 });
  const idle: Strategy = { name: "idle", init: () => undefined, onBar: () => undefined };
  const move = price(ticks[ticks.length - 1]) - price(ticks[0]);

  test("default: a single object-literal venue is called directly: hedge PnL = −q·(P_last − P_0), delta −q", () => {
    const v = literalShort("short", 2);
    const r = runEngine({ series, strategy: idle, deposit: 1000, venues: [v] });
    expect(v.marks).toBe(ticks.length);
    expect(r.totals.attribution.hedge).toBeCloseTo(-2 * move, 9);
    expect(r.totals.finalValue).toBeCloseTo(1000 - 2 * price(ticks[ticks.length - 1]), 9);
  });

  test("behavior: several venues (built-in and literal) give each venue's own sums, whatever the order", () => {
    for (const order of [0, 1]) {
      const a = literalShort("a", 1);
      const b = literalShort("b", 3);
      const perp = createPerpVenueModel({ market: PERP });
      const venues = order === 0 ? [a, perp, b] : [b, a, perp];
      const r = runEngine({ series, strategy: idle, deposit: 1000, venues });
      expect(a.marks).toBe(ticks.length);
      expect(b.marks).toBe(ticks.length);
      expect(r.totals.attribution.hedge).toBeCloseTo(-4 * move, 9);
      expect(r.totals.finalValue).toBeCloseTo(1000 - 4 * price(ticks[ticks.length - 1]), 9);
    }
  });
});
