/**
 * Interop with `@uniswap/v3-sdk`, our test oracle, which computes in JSBI: conversions both ways and a seeded
 * sampler of random unsigned integers for differential tests.
 */
import JSBIModule from "jsbi";
import type { Rng } from "../../src/sim/rng.js";

/** jsbi is CommonJS typed `export default`: under NodeNext the default import may be the module object. */
export const JSBI = ((JSBIModule as unknown as { default?: typeof JSBIModule.default }).default ??
  JSBIModule) as typeof JSBIModule.default;

/** bigint -> JSBI. */
export const J = (x: bigint) => JSBI.BigInt(x.toString());

/** JSBI (or anything printing as an integer) -> bigint. */
export const B = (x: { toString(): string }) => BigInt(x.toString());

/** Returns a sampler of random unsigned integers of 1..maxBits bits (bit length uniform) drawn from `rng`. */
export function uintSampler(rng: Rng): (maxBits: number) => bigint {
  return (maxBits: number): bigint => {
    const n = 1 + rng.nextInt(maxBits);
    let x = 0n;
    for (let b = 0; b < n; b += 32) x = (x << 32n) | BigInt(rng.nextU32());
    return x & ((1n << BigInt(n)) - 1n);
  };
}
