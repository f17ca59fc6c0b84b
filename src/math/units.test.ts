import { Token } from "@uniswap/sdk-core";
import { encodeSqrtRatioX96, nearestUsableTick, tickToPrice as sdkTickToPrice } from "@uniswap/v3-sdk";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InvalidInputError, SqrtPriceOutOfRangeError, TickOutOfRangeError } from "../errors/math.js";
import {
  formatUnits,
  LN_1_0001,
  LN_1_0001_LO,
  parseUnits,
  poolTickHelpers,
  priceToSqrtPriceX96,
  priceToTick,
  sqrtPriceX96ToPrice,
  sqrtRawPriceAtTick,
  tickToPrice,
  tickToPriceUnchecked,
} from "./units.js";
import { TickMath } from "./v3/index.js";

const MIN_TICK = -887272;
const MAX_TICK = 887272;
const USDC_WETH = { decimals0: 6, decimals1: 18, baseToken: 1 } as const;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const token = (decimals: number, n: number) =>
  new Token(1, `0x${n.toString(16).padStart(40, "0")}`, decimals, `T${n}`, `T${n}`);
const arbDecimals = fc.integer({ min: 0, max: 24 });
const arbOrientation = fc.record({
  decimals0: arbDecimals,
  decimals1: arbDecimals,
  baseToken: fc.constantFrom(0 as const, 1 as const),
});

/** A binary float with a BigInt mantissa: m · 2^e. */
type BigFloat = { m: bigint; e: number };
const PREC = 256;
function norm({ m, e }: BigFloat): BigFloat {
  const bits = m.toString(2).length;
  return bits > PREC ? { m: m >> BigInt(bits - PREC), e: e + bits - PREC } : { m, e };
}
const bmul = (a: BigFloat, b: BigFloat): BigFloat => norm({ m: a.m * b.m, e: a.e + b.e });
/** 10001/10000 to 256 bits (truncated). */
const BASE: BigFloat = { m: (10001n << 256n) / 10000n, e: -256 };
/** 1.0001^n (n >= 0) to ~2^-245 relative, by repeated squaring with truncation to 256 bits. */
function refPow(n: number): BigFloat {
  let r: BigFloat = { m: 1n, e: 0 };
  let b = BASE;
  for (let t = n; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) r = bmul(r, b);
    b = bmul(b, b);
  }
  return r;
}
/** Returns the exact binary fraction of a finite float x > 0 as a BigFloat. */
function floatToBig(x: number): BigFloat {
  let e = 0;
  while (!Number.isInteger(x)) {
    x *= 2;
    e--;
  }
  return { m: BigInt(x), e };
}
/** |x − v| / v for a float x and a reference v = num / den (BigFloats), as a float. */
function relErr(x: number, num: BigFloat, den: BigFloat): number {
  // x·den − num, over num, all as m·2^e.
  const xd = bmulExact(floatToBig(x), den);
  const e = Math.min(xd.e, num.e);
  const a = xd.m << BigInt(xd.e - e);
  const b = num.m << BigInt(num.e - e);
  const d = a > b ? a - b : b - a;
  return Number((d << 200n) / b) / 2 ** 200;
}
const bmulExact = (a: BigFloat, b: BigFloat): BigFloat => ({ m: a.m * b.m, e: a.e + b.e });
/** Relative error of tickToPrice against 1.0001^tick · 10^(d0 − d1) (base token0) or its inverse (base token1). */
function tickPriceError(tick: number, o: { decimals0: number; decimals1: number; baseToken: 0 | 1 }): number {
  const price = tickToPrice({ tick, ...o });
  const e = o.baseToken === 0 ? tick : -tick;
  const k = o.baseToken === 0 ? o.decimals0 - o.decimals1 : o.decimals1 - o.decimals0;
  const pow = refPow(Math.abs(e));
  const ten: BigFloat = { m: 10n ** BigInt(Math.abs(k)), e: 0 };
  // value = pow^sign(e) · 10^k = num / den
  let num: BigFloat = e >= 0 ? pow : { m: 1n, e: 0 };
  let den: BigFloat = e >= 0 ? { m: 1n, e: 0 } : pow;
  if (k >= 0) num = bmulExact(num, ten);
  else den = bmulExact(den, ten);
  return relErr(price, num, den);
}

describe("tickToPrice", () => {
  test("default", () => {
    // USDC(6)/WETH(18), base WETH = token1: 10^12 / 1.0001^201101 ≈ 1848.12 USDC per WETH.
    const price = tickToPrice({ tick: 201101, ...USDC_WETH });
    expect(tickPriceError(201101, USDC_WETH)).toBeLessThan(1.2e-16);
    expect(price).toBeGreaterThan(1848);
    expect(price).toBeLessThan(1849);
  });

  test("behavior: agrees with @uniswap/v3-sdk tickToPrice in both orientations", () => {
    fc.assert(
      fc.property(fc.integer({ min: -400000, max: 400000 }), arbOrientation, (tick, o) => {
        const t0 = token(o.decimals0, 1);
        const t1 = token(o.decimals1, 2);
        const sdk = o.baseToken === 0 ? sdkTickToPrice(t0, t1, tick) : sdkTickToPrice(t1, t0, tick);
        const expected = Number(sdk.toSignificant(16));
        // The SDK prices a tick from TickMath's sqrt ratio, itself within ~1e-12 of 1.0001^(tick/2).
        expect(rel(tickToPrice({ tick, ...o }), expected)).toBeLessThan(1e-11);
      }),
      { numRuns: 100 },
    );
  });

  test("behavior: within 0.5 ulp of the exact rational 1.0001^tick · 10^k at any tick (fast-check)", () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_TICK, max: MAX_TICK }), arbOrientation, (tick, o) => {
        // |k| <= 22 here (decimals 0..24 would allow 24: then one more rounding, 1.5 ulp).
        const k = Math.abs(o.decimals0 - o.decimals1);
        expect(tickPriceError(tick, o)).toBeLessThan(k <= 22 ? 1.12e-16 : 3.4e-16);
      }),
      { numRuns: 2000 },
    );
  });

  test("behavior: ≤ 1e-15 relative at the ticks of real pools and at the ends; the old 1.0001 ** tick was 2.2e-12 off", () => {
    for (const tick of [0, 1, -1, 200_000, -200_000, 201_101, 276_324, 887_271, MAX_TICK, MIN_TICK])
      for (const o of [USDC_WETH, { decimals0: 18, decimals1: 18, baseToken: 0 } as const])
        expect(tickPriceError(tick, o), `tick ${tick}`).toBeLessThan(1e-15);
    // The rounded base 1.0001 drifts: evidence that the reference is sharp enough to see the old error.
    const old = 1e12 / 1.0001 ** 200_000;
    const exact = tickToPrice({ tick: 200_000, ...USDC_WETH });
    expect(rel(old, exact)).toBeGreaterThan(1e-12);
  });

  test("behavior: exact small ticks against an unrounded BigInt fraction", () => {
    for (let tick = -300; tick <= 300; tick += 7) {
      const price = tickToPrice({ tick, decimals0: 18, decimals1: 18, baseToken: 0 });
      const n = Math.abs(tick);
      const a: BigFloat = { m: 10001n ** BigInt(n), e: 0 };
      const b: BigFloat = { m: 10000n ** BigInt(n), e: 0 };
      expect(tick >= 0 ? relErr(price, a, b) : relErr(price, b, a)).toBeLessThan(1.12e-16);
    }
  });

  test("behavior: LN_1_0001 + LN_1_0001_LO is ln(1.0001) = 2·atanh(1/20001), hi correctly rounded", () => {
    const P = 10n ** 60n;
    let sum = 0n;
    for (let k = 0n, num = P / 20001n; num > 0n; k++, num /= 20001n * 20001n) sum += num / (2n * k + 1n);
    const ln = 2n * sum; // ln(1.0001) · 10^60
    const hi = floatToBig(LN_1_0001);
    const hiScaled = (hi.m * P) >> BigInt(-hi.e); // hi · 10^60
    const lo = Number(ln - hiScaled) / 1e60;
    expect(Math.abs(lo - LN_1_0001_LO)).toBeLessThan(1e-35);
    expect(Math.abs(LN_1_0001_LO)).toBeLessThan(2 ** -67); // under half an ulp of hi (2^-66)
    expect(LN_1_0001).toBe(Math.log1p(1e-4));
  });

  test("behavior: the two orientations are reciprocal", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_TICK, max: MAX_TICK }),
        fc.integer({ min: 0, max: 18 }),
        (tick, d) => {
          const a = tickToPrice({ tick, decimals0: d, decimals1: 18, baseToken: 0 });
          const b = tickToPrice({ tick, decimals0: d, decimals1: 18, baseToken: 1 });
          expect(rel(a * b, 1)).toBeLessThan(1e-12);
        },
      ),
    );
  });

  test("behavior: rejects a tick out of range and bad decimals", () => {
    expect(() => tickToPrice({ tick: MAX_TICK + 1, ...USDC_WETH })).toThrow(TickOutOfRangeError);
    expect(() => tickToPrice({ tick: 1.5, ...USDC_WETH })).toThrow(/^tick 1.5 /);
    expect(() => tickToPrice({ tick: 0, decimals0: -1, decimals1: 6, baseToken: 0 })).toThrow(
      /^decimals0 -1 /,
    );
    expect(() => tickToPrice({ tick: 0, decimals0: 6, decimals1: 6, baseToken: 2 as 0 })).toThrow(
      /^baseToken 2 /,
    );
  });
});

describe("sqrtRawPriceAtTick and tickToPriceUnchecked", () => {
  test("default", () => {
    expect(sqrtRawPriceAtTick(0)).toBe(1);
    expect(tickToPriceUnchecked(201101, USDC_WETH)).toBe(tickToPrice({ tick: 201101, ...USDC_WETH }));
  });

  test("behavior: √(1.0001^tick) within 1 ulp of the exact 256-bit reference at any tick (fast-check)", () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_TICK, max: MAX_TICK }), (tick) => {
        const sp = floatToBig(sqrtRawPriceAtTick(tick));
        const pow = refPow(Math.abs(tick));
        const one: BigFloat = { m: 1n, e: 0 };
        // sp² against 1.0001^tick: the relative error of sp² is twice that of sp (to first order).
        const sq = bmulExact(sp, sp);
        const num = tick >= 0 ? pow : one;
        const den = tick >= 0 ? one : pow;
        const x = bmulExact(sq, den);
        const e = Math.min(x.e, num.e);
        const a = x.m << BigInt(x.e - e);
        const b = num.m << BigInt(num.e - e);
        const d = a > b ? a - b : b - a;
        expect(Number((d << 200n) / b) / 2 ** 200 / 2).toBeLessThan(2.3e-16);
      }),
      { numRuns: 300 },
    );
  });

  test("behavior: the same value as tickToPrice, bit for bit (fast-check)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -400000, max: 400000 }), arbOrientation, (tick, o) => {
        expect(tickToPriceUnchecked(tick, o)).toBe(tickToPrice({ tick, ...o }));
      }),
      { numRuns: 300 },
    );
  });
});

describe("poolTickHelpers", () => {
  const meta = { token0: { decimals: 6 }, token1: { decimals: 18 }, baseToken: 1 as const, tickSpacing: 10 };

  test("default", () => {
    const h = poolTickHelpers(meta);
    expect(h.tickAtPrice(1850)).toBe(201090);
    expect(h.priceAtTick(201101)).toBe(tickToPrice({ tick: 201101, ...USDC_WETH }));
    expect(h.fullRangeTicks()).toEqual([-887270, 887270]);
  });

  test("behavior: priceAtTick is tickToPrice, tickAtPrice inverts it on usable ticks, ranges cover (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -800000, max: 800000 }),
        fc.constantFrom(1, 10, 60, 200),
        arbOrientation,
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        (x, spacing, o, f) => {
          const h = poolTickHelpers({
            token0: { decimals: o.decimals0 },
            token1: { decimals: o.decimals1 },
            baseToken: o.baseToken,
            tickSpacing: spacing,
          });
          const t = Math.round(x / spacing) * spacing + 0;
          const p = h.priceAtTick(t);
          expect(p).toBe(tickToPrice({ tick: t, ...o }));
          expect(h.tickAtPrice(p)).toBe(t);
          // The range of two prices: usable ticks whose prices bracket both (up to 1e-12 at the edges).
          const [lo, hi] = h.ticksForPriceRange(p, p * f);
          expect(Math.abs(lo % spacing)).toBe(0);
          expect(Math.abs(hi % spacing)).toBe(0);
          expect(hi).toBeGreaterThan(lo);
          const pl = h.priceAtTick(lo);
          const ph = h.priceAtTick(hi);
          const [a, b] = pl < ph ? [pl, ph] : [ph, pl];
          expect(a).toBeLessThanOrEqual(Math.min(p, p * f) * (1 + 1e-12));
          expect(b).toBeGreaterThanOrEqual(Math.max(p, p * f) * (1 - 1e-12));
        },
      ),
      { numRuns: 300 },
    );
  });

  test("errors: bad tick spacing or decimals name the field", () => {
    expect(() => poolTickHelpers({ ...meta, tickSpacing: 0 })).toThrow(/tickSpacing/);
    expect(() => poolTickHelpers({ ...meta, token0: { decimals: -1 } })).toThrow(/decimals0/);
    expect(() => poolTickHelpers({ ...meta, tickSpacing: 0 })).toThrow(InvalidInputError);
  });
});

describe("priceToTick", () => {
  test("default", () => {
    // 1850 USDC per WETH lies between the prices of ticks 201090 (≥ 1850) and 201091 (< 1850).
    const tick = priceToTick({ price: 1850, ...USDC_WETH });
    expect(tick).toBe(201090);
    expect(tickToPrice({ tick, ...USDC_WETH })).toBeGreaterThanOrEqual(1850);
    expect(tickToPrice({ tick: tick + 1, ...USDC_WETH })).toBeLessThan(1850);
  });

  test("behavior: round-trips every tick in both orientations", () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_TICK, max: MAX_TICK }), arbOrientation, (tick, o) => {
        expect(priceToTick({ price: tickToPrice({ tick, ...o }), ...o })).toBe(tick);
      }),
      { numRuns: 1000 },
    );
  });

  test("behavior: is the floor tick, as the exact TickMath.getTickAtSqrtRatio of the sqrt price", () => {
    fc.assert(
      fc.property(fc.double({ min: -25, max: 25, noNaN: true }), arbOrientation, (logPrice, o) => {
        const price = Math.exp(logPrice);
        let tick: number;
        let exact: number;
        try {
          tick = priceToTick({ price, ...o });
          exact = TickMath.getTickAtSqrtRatio(priceToSqrtPriceX96({ price, ...o }));
        } catch (err) {
          // Prices whose sqrt price leaves the pool's range are rejected by both paths.
          expect(err).toBeInstanceOf(InvalidInputError);
          return;
        }
        // Away from a tick boundary (float vs exact rounding), the two agree exactly.
        const atTick = tickToPrice({ tick, ...o });
        if (rel(price, atTick) > 1e-12) expect(tick).toBe(exact);
        else expect(Math.abs(tick - exact)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });

  test("behavior: with a tick spacing, returns v3-sdk's nearest usable tick", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_TICK, max: MAX_TICK }),
        fc.constantFrom(1, 10, 60, 200),
        (tick, tickSpacing) => {
          const o = { decimals0: 18, decimals1: 18, baseToken: 0 as const };
          const price = tickToPrice({ tick, ...o });
          // + 0 folds the SDK's −0 into 0.
          expect(priceToTick({ price, ...o, tickSpacing })).toBe(nearestUsableTick(tick, tickSpacing) + 0);
        },
      ),
    );
  });

  test("behavior: rejects prices outside the tick range and a bad spacing", () => {
    const o = { decimals0: 18, decimals1: 18, baseToken: 0 as const };
    expect(() => priceToTick({ price: 0, ...o })).toThrow(/^price 0 /);
    expect(() => priceToTick({ price: 1e60, ...o })).toThrow(/^price 1e\+60 /);
    expect(() => priceToTick({ price: 1, ...o, tickSpacing: 0 })).toThrow(/^tickSpacing 0 /);
  });
});

describe("priceToSqrtPriceX96", () => {
  test("default", () => {
    expect(priceToSqrtPriceX96({ price: 1, decimals0: 18, decimals1: 18, baseToken: 0 })).toBe(2n ** 96n);
    // 1850 USDC per WETH (base WETH = token1): raw token1/token0 = 10^18 / (1850 · 10^6).
    const sdk = BigInt(
      encodeSqrtRatioX96((10n ** 18n).toString(), (1850n * 10n ** 6n).toString()).toString(),
    );
    expect(priceToSqrtPriceX96({ price: 1850, ...USDC_WETH })).toBe(sdk);
  });

  test("behavior: equals @uniswap/v3-sdk encodeSqrtRatioX96 exactly on integer prices", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000 }), arbOrientation, (a, o) => {
        // baseToken 0: a token1 per token0 → raw amount1/amount0 = a·10^d1 / 10^d0; baseToken 1: inverted.
        const [amount1, amount0] =
          o.baseToken === 0
            ? [BigInt(a) * 10n ** BigInt(o.decimals1), 10n ** BigInt(o.decimals0)]
            : [10n ** BigInt(o.decimals1), BigInt(a) * 10n ** BigInt(o.decimals0)];
        const sdk = BigInt(encodeSqrtRatioX96(amount1.toString(), amount0.toString()).toString());
        let ours: bigint;
        try {
          ours = priceToSqrtPriceX96({ price: a, ...o });
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidInputError);
          expect(sdk < 4295128739n || sdk > 1461446703485210103287273052203988822378723970342n).toBe(true);
          return;
        }
        expect(ours).toBe(sdk);
      }),
      { numRuns: 300 },
    );
  });
});

describe("sqrtPriceX96ToPrice", () => {
  test("default", () => {
    expect(sqrtPriceX96ToPrice({ sqrtPriceX96: 2n ** 96n, decimals0: 18, decimals1: 18, baseToken: 0 })).toBe(
      1,
    );
    const sqrtPriceX96 = TickMath.getSqrtRatioAtTick(201101);
    // TickMath's sqrt ratio is within ~1e-12 of 1.0001^(tick/2).
    expect(rel(sqrtPriceX96ToPrice({ sqrtPriceX96, ...USDC_WETH }), 1e12 / 1.0001 ** 201101)).toBeLessThan(
      1e-11,
    );
  });

  test("behavior: within 1e-15 relative of the exact (sqrtPriceX96 / 2^96)² · 10^k (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 4295128739n, max: 1461446703485210103287273052203988822378723970342n }),
        fc.integer({ min: 0, max: 18 }),
        fc.integer({ min: 0, max: 18 }),
        fc.constantFrom(0 as const, 1 as const),
        (sqrtPriceX96, decimals0, decimals1, baseToken) => {
          let price: number;
          try {
            price = sqrtPriceX96ToPrice({ sqrtPriceX96, decimals0, decimals1, baseToken });
          } catch {
            return; // a price outside float64 for these decimals is refused, by contract
          }
          const sq: BigFloat = { m: sqrtPriceX96 * sqrtPriceX96, e: -192 };
          const k = baseToken === 0 ? decimals0 - decimals1 : decimals1 - decimals0;
          const ten: BigFloat = { m: 10n ** BigInt(Math.abs(k)), e: 0 };
          let num: BigFloat = baseToken === 0 ? sq : { m: 1n, e: 0 };
          let den: BigFloat = baseToken === 0 ? { m: 1n, e: 0 } : sq;
          if (k >= 0) num = bmulExact(num, ten);
          else den = bmulExact(den, ten);
          expect(relErr(price, num, den)).toBeLessThan(1e-15);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test("behavior: inverts priceToSqrtPriceX96 and agrees with tickToPrice at ticks", () => {
    fc.assert(
      fc.property(fc.integer({ min: -600000, max: 600000 }), arbOrientation, (tick, o) => {
        const sqrtPriceX96 = TickMath.getSqrtRatioAtTick(tick);
        const price = sqrtPriceX96ToPrice({ sqrtPriceX96, ...o });
        expect(rel(price, tickToPrice({ tick, ...o }))).toBeLessThan(1e-11);
        const back = priceToSqrtPriceX96({ price, ...o });
        expect(rel(Number(back), Number(sqrtPriceX96))).toBeLessThan(1e-13);
      }),
    );
  });

  test("behavior: rejects a sqrt price outside the pool's range", () => {
    expect(() =>
      sqrtPriceX96ToPrice({ sqrtPriceX96: 1n, decimals0: 18, decimals1: 18, baseToken: 0 }),
    ).toThrow(SqrtPriceOutOfRangeError);
  });
});

describe("parseUnits", () => {
  test("default", () => {
    expect(parseUnits("1.5", 18)).toBe(1_500_000_000_000_000_000n);
    expect(parseUnits("1850.25", 6)).toBe(1_850_250_000n);
    expect(parseUnits("-0.000001", 6)).toBe(-1n);
    expect(parseUnits(".5", 1)).toBe(5n);
    expect(parseUnits("7", 0)).toBe(7n);
    expect(parseUnits("1.2300", 2)).toBe(123n);
  });

  test("behavior: round-trips formatUnits exactly", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
        fc.integer({ min: 0, max: 36 }),
        (x, d) => {
          expect(parseUnits(formatUnits(x, d), d)).toBe(x);
        },
      ),
    );
  });

  test("behavior: rejects malformed text and excess precision", () => {
    expect(() => parseUnits("1.2345", 2)).toThrow(/^value "1.2345" .*at most 2 fractional digits/);
    expect(() => parseUnits("1e18", 18)).toThrow(InvalidInputError);
    expect(() => parseUnits("", 18)).toThrow(/^value "" /);
    expect(() => parseUnits(".", 18)).toThrow(InvalidInputError);
    expect(() => parseUnits("1", 1.5)).toThrow(/^decimals 1.5 /);
  });
});

describe("formatUnits", () => {
  test("default", () => {
    expect(formatUnits(1_500_000_000_000_000_000n, 18)).toBe("1.5");
    expect(formatUnits(-1n, 6)).toBe("-0.000001");
    expect(formatUnits(0n, 6)).toBe("0");
    expect(formatUnits(1_000_000n, 6)).toBe("1");
    expect(formatUnits(123n, 0)).toBe("123");
  });
});
