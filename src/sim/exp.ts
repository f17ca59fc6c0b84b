/**
 * e^x with the same bits as V8's `Math.exp` (fdlibm's `__ieee754_exp`, which V8 ports), but with a branch-free
 * argument reduction: for arguments of random sign and size (a lognormal factor e^{μ + σZ}), `Math.exp`'s range
 * branches are mispredicted about half the time and it costs ~12 ns, this ~9 ns. For arguments of one sign and
 * |x| < ½ ln 2 (a GBM minute step) `Math.exp` is faster: use it there.
 *
 * fdlibm's method: x = k ln 2 + r with k = (int)(x/ln 2 ± ½) (0 when |x| ≤ ½ ln 2 by its high-word test), ln 2 split
 * into hi + lo so that k·ln2Hi is exact; e^r from a degree-5 minimax polynomial R in r² (Remez), as
 * 1 − ((lo − r·c/(2 − c)) − hi) with c = r − r²·R(r²); then e^x = 2^k · e^r. Here k = ⌊x/ln 2 + ½⌋, which is fdlibm's
 * k whenever x/ln 2 + ½ is more than 1e-8 from an integer (the rounding of either sum is below 2.3e-13 for
 * |x| < 708); nearer, and in the sliver between ½ ln 2 and fdlibm's threshold, fdlibm's own rule picks k. k = 0 gives
 * fdlibm's k = 0 result too (hi = x, lo = 0: the same operations up to exact negations). Outside
 * 2^-28 ≤ |x| < 708 and at x = 1 (V8 returns Math.E there) this calls `Math.exp`.
 *
 * Test (src/sim/exp.test.ts): equal bits to `Math.exp` on random arguments of every range and bit pattern, and at
 * every k boundary.
 *
 * @see https://www.netlib.org/fdlibm/e_exp.c (the algorithm and its constants)
 * @see https://github.com/v8/v8/blob/main/src/base/ieee754.cc (V8's port, with the exp(1) special case)
 */

// fdlibm's constants (its hex words noted), written as the shortest decimals of the same doubles.
const LN2_HI = 0.6931471803691238; // 0x3fe62e42 fee00000: ln 2 with its low 32 bits zero, so k·LN2_HI is exact
const LN2_LO = 1.9082149292705877e-10; // 0x3dea39ef 35793c76: ln 2 − LN2_HI
const INV_LN2 = Math.LOG2E; // 0x3ff71547 652b82fe
const P1 = 0.16666666666666602; // 0x3fc55555 5555553e
const P2 = -0.0027777777777015593; // 0xbf66c16c 16bebd93
const P3 = 6.613756321437934e-5; // 0x3f11566a af25de2c
const P4 = -1.6533902205465252e-6; // 0xbebbbd41 c5d26bf1
const P5 = 4.1381367970572385e-8; // 0x3e663769 72bea4d0
/** 2^k at index k + 1023, k in [−1022, 1023] (all normal: the scale is exact). */
const POW2 = new Float64Array(2047);
for (let k = -1022; k <= 1023; k++) POW2[k + 1023] = 2 ** k;
/** fdlibm's thresholds as doubles: |x| > ½ ln 2 by its high word (0x3fd62e42) is |x| ≥ HALF_LN2_HI. */
const HALF_LN2_HI = highWordDouble(0x3fd62e43);
/** Below 2^-28 fdlibm returns 1 + x. */
const TINY = highWordDouble(0x3e300000);
/** |x| < 708: k stays in [−1021, 1022], where 2^k · e^r is normal and equals fdlibm's exponent add. */
const BIG = 708;
/** Distance of x/ln 2 + ½ from an integer below which fdlibm's own k rule is used (≫ the sums' rounding). */
const K_MARGIN = 1e-8;

function highWordDouble(hi: number): number {
  const b = new DataView(new ArrayBuffer(8));
  b.setUint32(0, hi);
  b.setUint32(4, 0);
  return b.getFloat64(0);
}

/** fdlibm's k: 0 for |x| ≤ its ½ ln 2 threshold, else (int)(x/ln 2 + ½ · sign x). */
function fdlibmK(x: number, ax: number): number {
  if (ax < HALF_LN2_HI) return 0;
  return x < 0 ? (INV_LN2 * x - 0.5) | 0 : (INV_LN2 * x + 0.5) | 0;
}

/** e^x, the same bits as `Math.exp(x)` (see the module doc). */
export function expBits(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < BIG && ax >= TINY) || x === 1) return Math.exp(x);
  const a = INV_LN2 * x + 0.5;
  let k = Math.floor(a);
  const d = a - k;
  if (d < K_MARGIN || d > 1 - K_MARGIN) k = fdlibmK(x, ax);
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  return (1 - (lo - (r * c) / (2 - c) - hi)) * POW2[k + 1023];
}

/**
 * e^x with the same bits as `Math.exp(x)`, fast for the arguments of a GBM step (|x| < ½ ln 2): there fdlibm does no
 * argument reduction (k = 0) and returns 1 − ((x·c)/(c − 2) − x), c = x − x²·R(x²), which this computes inline
 * (no C call, which in V8 saves every XMM register around it). Elsewhere (|x| < 2^-28, |x| ≥ fdlibm's ½ ln 2
 * threshold, NaN) it calls `Math.exp`. Test: equal bits to `Math.exp` around both thresholds and on random arguments.
 */
export function expPrimary(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < HALF_LN2_HI && ax >= TINY)) return Math.exp(x);
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  return 1 - ((x * c) / (c - 2) - x);
}
