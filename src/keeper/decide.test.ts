import { Token } from "@uniswap/sdk-core";
import { Pool, Position } from "@uniswap/v3-sdk";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { J } from "../../test/helpers/jsbi.js";
import { runEngine } from "../engine/runEngine.js";
import { makePoolSeries, TEST_POOL_META } from "../engine/testSeries.js";
import type { Intent, Strategy, StrategyContext } from "../engine/types.js";
import { TickMath } from "../math/v3/tickMath.js";
import { deltaHedge, recenterRange } from "../strategy/index.js";
import type { PoolMeta } from "../types/series.js";
import {
  createDecider,
  netDeltaByAsset,
  type PoolView,
  poolTickHelpers,
  positionAmounts,
  type VaultView,
} from "./decide.js";

const META = TEST_POOL_META; // USDC(6) token0 / WETH(18) token1, base WETH
const TICK = 200_000; // ≈ 2,061 USDC per WETH
const pool = (tick: number, positions: PoolView["positions"] = []): PoolView => ({
  name: "eth-usdc",
  meta: META,
  sqrtPriceX96: TickMath.getSqrtRatioAtTick(tick),
  tick,
  liquidity: 10n ** 18n,
  positions,
});
const view = (tick: number, positions: PoolView["positions"], hedge = 0, block = 100n): VaultView => ({
  block,
  time: 1_700_000_000_000 + Number(block) * 2_000,
  pools: [pool(tick, positions)],
  cash: { USDC: 0, WETH: 0 },
  hedges: { WETH: hedge },
  pending: {},
});
const L = 10n ** 15n;
const pos = { tokenId: 7n, tickLower: 199_000, tickUpper: 201_000, liquidity: L, fees0: 0n, fees1: 0n };

describe("poolTickHelpers", () => {
  test("default: the same ticks and prices as the engine's context (runEngine) for both orientations", () => {
    const metas: PoolMeta[] = [
      META,
      { ...META, baseToken: 0, tickSpacing: 60, token0: META.token1, token1: META.token0 },
    ];
    for (const meta of metas) {
      const seen: [number, number, number, [number, number], number][] = [];
      const probe: Strategy = {
        name: "probe",
        init: () => undefined,
        onBar(ctx: StrategyContext): undefined {
          const p = ctx.price;
          seen.push([
            ctx.tick,
            ctx.tickAtPrice(p * 1.013),
            ctx.priceAtTick(ctx.tick),
            ctx.ticksForPriceRange(p * 0.9, p * 1.1),
            p,
          ]);
        },
      };
      const ticks = [-201_000, -200_003, 199_999, 200_000, 201_777, 0, -887_000, 887_000].map((t) =>
        meta.baseToken === 1 ? t : -t,
      );
      runEngine({
        series: makePoolSeries({ closeTick: [0, ...ticks], liquidity: 1e18, meta }),
        strategy: probe,
        deposit: 0,
      });
      const h = poolTickHelpers(meta);
      for (const [tick, atPrice, price, range, p] of seen) {
        expect(h.tickAtPrice(p * 1.013)).toBe(atPrice);
        expect(h.priceAtTick(tick)).toBe(price);
        expect(h.ticksForPriceRange(p * 0.9, p * 1.1)).toEqual(range);
      }
      expect(seen).toHaveLength(ticks.length);
    }
  });
});

describe("positionAmounts", () => {
  test("default: exact amounts agree with @uniswap/v3-sdk's Position (independent oracle), fees added", () => {
    const usdc = new Token(1, "0x0000000000000000000000000000000000000001", 6, "USDC");
    const weth = new Token(1, "0x0000000000000000000000000000000000000002", 18, "WETH");
    fc.assert(
      fc.property(
        fc.integer({ min: 195_000, max: 205_000 }),
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        (tick, liquidity, fees1) => {
          const sqrt = TickMath.getSqrtRatioAtTick(tick);
          const sdkPool = new Pool(usdc, weth, 500, J(sqrt).toString(), J(liquidity).toString(), tick);
          const sdkPos = new Position({
            pool: sdkPool,
            liquidity: liquidity.toString(),
            tickLower: 199_000,
            tickUpper: 201_000,
          });
          const a = positionAmounts(pool(tick), { ...pos, liquidity, fees1 });
          const sdkBase = Number(sdkPos.amount1.quotient.toString()) / 1e18;
          const sdkQuote = Number(sdkPos.amount0.quotient.toString()) / 1e6;
          expect(a.position.base).toBe(sdkBase);
          expect(a.position.quote).toBe(sdkQuote);
          expect(a.base).toBe(sdkBase + Number(fees1) / 1e18);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("createDecider", () => {
  test("default: the backtest's delta hedge asks for −LP delta (closed form) once the band is exceeded", () => {
    const d = createDecider({
      ranges: {},
      hedges: {
        WETH: { strategy: deltaHedge({ trigger: { kind: "absolute", band: 0.01 } }), venue: "perp" },
      },
    });
    // Restart over an existing position: init + decide on the same view.
    const out = d.decide(view(TICK, [pos]));
    expect(out).toHaveLength(1);
    const it = out[0].intent as Intent & { targetDelta: number };
    expect(it.kind).toBe("hedge");
    // Closed form: base is token1 here, amount1 = L (√P − √A) in raw units with √ = 1.0001^(tick/2), to human.
    const sp = 1.0001 ** (TICK / 2);
    const sa = 1.0001 ** (199_000 / 2);
    const closed = (Number(L) * (sp - sa)) / 1e18;
    expect(Math.abs(it.targetDelta + closed) / closed).toBeLessThan(1e-9);
    expect(out[0].source).toEqual({ asset: "WETH" });
    // Hedged to target: inside the band, no intent.
    expect(d.decide(view(TICK, [pos], it.targetDelta, 101n))).toEqual([]);
  });

  test("behavior: delta nets across pools of the same asset (one hedge for both)", () => {
    const d = createDecider({
      ranges: {},
      hedges: { WETH: { strategy: deltaHedge({ trigger: { kind: "absolute", band: 0 } }), venue: "perp" } },
    });
    const v = view(TICK, [pos]);
    v.pools.push({ ...pool(TICK + 50, [{ ...pos, tokenId: 8n, liquidity: 2n * L }]), name: "eth-usdc-030" });
    v.cash.WETH = 0.5;
    const net = netDeltaByAsset(v);
    const a = positionAmounts(v.pools[0], v.pools[0].positions[0]).base;
    const b = positionAmounts(v.pools[1], v.pools[1].positions[0]).base;
    expect(net.WETH).toBeCloseTo(a + b + 0.5, 12);
    const out = d.decide(v);
    expect((out[0].intent as unknown as { targetDelta: number }).targetDelta).toBeCloseTo(-(a + b + 0.5), 12);
  });

  test("behavior: a re-centring strategy restarted at its anchor keeps its centre (no spurious rebalance)", () => {
    const mk = () => recenterRange({ widthPct: 5, bandPct: 2 });
    const first = createDecider({ ranges: { "eth-usdc": mk() }, hedges: {} });
    const minted = first.decide(view(TICK, []));
    expect(minted.map((m) => m.intent.kind)).toEqual(["mint"]);
    const anchor = first.anchors()["eth-usdc"];
    expect(anchor).toEqual({ time: view(TICK, []).time, tick: TICK, bar: 100 });
    const m = minted[0].intent as { tickLower: number; tickUpper: number };
    const live = { ...pos, tickLower: m.tickLower, tickUpper: m.tickUpper };
    // +150 ticks ≈ +1.5 %: inside the 2 % band around the anchor.
    const moved = TICK - 150;
    const restarted = createDecider({ ranges: { "eth-usdc": mk() }, hedges: {}, anchors: first.anchors() });
    expect(restarted.decide(view(moved, [live], 0, 200n))).toEqual([]);
    // Restarted where the price is already past the band: it re-centres on its first view.
    const late = createDecider({ ranges: { "eth-usdc": mk() }, hedges: {}, anchors: first.anchors() });
    expect(late.decide(view(moved - 100, [live], 0, 201n)).map((x) => x.intent.kind)).toEqual(["rebalance"]);
    expect(restarted.decide(view(moved - 100, [live], 0, 201n)).map((x) => x.intent.kind)).toEqual([
      "rebalance",
    ]);
    // The uninterrupted decider makes the same decisions.
    expect(first.decide(view(moved, [live], 0, 200n))).toEqual([]);
    expect(first.decide(view(moved - 100, [live], 0, 201n)).map((x) => x.intent.kind)).toEqual(["rebalance"]);
  });
});
