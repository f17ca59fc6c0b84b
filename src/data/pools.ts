/**
 * Registry of the Uniswap v3 pools whose minute files are in `../shared/data/uniswap-v3` (README §1), keyed by
 * lower-case pool address.
 */
import { DataFormatError } from "../errors/data.js";
import { requireString } from "../errors/guards.js";
import type { PoolMeta, TokenMeta } from "../types/series.js";

const POLYGON_USDC_E: TokenMeta = {
  symbol: "USDC",
  address: "0x2791bca1f2de4661ed88a30c99a7a9449aa84174",
  decimals: 6,
};
const POLYGON_WETH: TokenMeta = {
  symbol: "WETH",
  address: "0x7ceb23fd6bc0add59e62ac25578270cff1b9f619",
  decimals: 18,
};
const ETHEREUM_USDC: TokenMeta = {
  symbol: "USDC",
  address: "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48",
  decimals: 6,
};
const ETHEREUM_WETH: TokenMeta = {
  symbol: "WETH",
  address: "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2",
  decimals: 18,
};
const ETHEREUM_OSQTH: TokenMeta = {
  symbol: "oSQTH",
  address: "0xf1b99e3e573a1a9c5e6b2ce818b617f0e664e86b",
  decimals: 18,
};

/**
 * The known pools.
 * - USDC/WETH 0.05 % on Polygon and Ethereum: token0 USDC, token1 WETH, base = WETH (token1), so
 *   price = USDC per WETH = 10^12 / 1.0001^tick.
 * - WETH/oSQTH 0.3 % on Ethereum (Opyn Squeeth): token0 WETH, token1 oSQTH. Base = oSQTH (token1), quote = WETH,
 *   so price = WETH per oSQTH = 1.0001^-tick (≈ 0.0536 at tick 29256): the position is valued in WETH, the
 *   numeraire of a squeeth strategy, and the hedgeable risk is the oSQTH leg.
 * @see ../shared/data/README.md §1 (pool table) and the Uniswap v3 whitepaper §6.1 (price = 1.0001^tick).
 */
export const KNOWN_POOLS: Readonly<Record<string, PoolMeta>> = {
  "0x45dda9cb7c25131df268515131f647d726f50608": {
    chain: "polygon",
    address: "0x45dda9cb7c25131df268515131f647d726f50608",
    fee: 0.0005,
    feePips: 500,
    tickSpacing: 10,
    token0: POLYGON_USDC_E,
    token1: POLYGON_WETH,
    baseToken: 1,
  },
  "0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640": {
    chain: "ethereum",
    address: "0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640",
    fee: 0.0005,
    feePips: 500,
    tickSpacing: 10,
    token0: ETHEREUM_USDC,
    token1: ETHEREUM_WETH,
    baseToken: 1,
  },
  "0x82c427adfdf2d245ec51d8046b41c4ee87f0d29c": {
    chain: "ethereum",
    address: "0x82c427adfdf2d245ec51d8046b41c4ee87f0d29c",
    fee: 0.003,
    feePips: 3000,
    tickSpacing: 60,
    token0: ETHEREUM_WETH,
    token1: ETHEREUM_OSQTH,
    baseToken: 1,
  },
};

/**
 * Returns the registry entry of the pool at `address` (any case), or undefined if it is not a known pool.
 * @example
 * import { findPoolMeta } from "lpguard/data";
 * findPoolMeta("0x45dda9cb7c25131df268515131f647d726f50608")?.feePips; // 500
 */
export function findPoolMeta(address: string): PoolMeta | undefined {
  requireString(address, "address");
  return KNOWN_POOLS[address.toLowerCase()];
}

/**
 * Returns the registry entry of the pool at `address`, or throws DataFormatError naming the address and telling
 * the caller to pass `meta` for an unknown pool. `file` is the data file the address came from.
 */
export function getPoolMeta(address: string, file: string): PoolMeta {
  requireString(address, "address");
  requireString(file, "file");
  const meta = findPoolMeta(address);
  if (!meta)
    throw new DataFormatError({
      file,
      value: address,
      reason: `unknown pool address; pass meta (PoolMeta) for pools outside the registry (known: ${Object.keys(KNOWN_POOLS).join(", ")})`,
    });
  return meta;
}

/**
 * Returns the token with `address` (any case) among the tokens of the known pools, or undefined.
 * Used to name Aave reserves from the address in their file names.
 */
export function findTokenMeta(address: string): TokenMeta | undefined {
  requireString(address, "address");
  const a = address.toLowerCase();
  for (const p of Object.values(KNOWN_POOLS)) {
    if (p.token0.address === a) return p.token0;
    if (p.token1.address === a) return p.token1;
  }
  return undefined;
}
