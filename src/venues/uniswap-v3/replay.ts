/**
 * Replays recorded pool minutes (`../shared/data/uniswap-v3`, one row per minute) onto a local Uniswap v3 pool so
 * that its price path, active liquidity and swap volume are real history and positions on it earn fees computed
 * by the real contract.
 *
 * Construction, per recorded minute i (close tick c, input volumes V0 / V1 fee included, active liquidity L):
 * 1. **Liquidity.** One background LP position of width ±`backgroundWidthTicks` around the price holds exactly
 *    the recorded L: it is increased or decreased by the difference (amounts from `SqrtPriceMath` rounded up, so
 *    the manager's floor gives ΔL or ΔL + O(1)), and re-centred (withdrawn and minted again) when the price
 *    comes within half a width of its edge. Any other position (a keeper's, a test's) adds on top, as the
 *    backtest's L_pos / (L_pool + L_pos) assumes.
 * 2. **Swaps.** The close tick's price interval [√1.0001^c, √1.0001^(c+1)) is the target. With the pool's
 *    active liquidity the end price of swapping exactly V0 and V1 is predicted (float, constant L).
 *    - If it lands inside the interval: two exact-input swaps carry V0 and V1 (the side moving away from the
 *      target first, so the minute has an excursion like a real one), the last with a price limit just inside
 *      the interval's far edge. Both volumes are exact unless the limit cuts the last swap short.
 *    - Otherwise the end price T is clamped into the interval; the side that overshot goes first with an exact
 *      input x, then the other side swaps to T (price limit; the router pays only what the pool takes). x is
 *      solved so the minute's total volume in value (V0·P + V1 in token1 units, or the quote equivalent) is
 *      matched: the imbalance between the two sides is split between them. If even the move alone costs more
 *      than the recorded volume, one swap goes straight to T.
 *    - A first swap whose excursion would exceed `maxExcursionTicks` is split into k round trips.
 *    - If the pool's tick after these swaps is not c (the constant-L prediction missed because a tick was
 *      crossed), one correcting swap goes to the middle of the interval.
 * 3. **Time.** The block time of the minute's first transaction is the minute's timestamp
 *    (`evm_setNextBlockTimestamp`); each further transaction mines its own block one second or so later. Idle
 *    minutes (no volume, same tick, same L) send nothing.
 *
 * Errors per minute (returned and passed to `onMinute`): close tick error (on-chain tick − recorded close tick),
 * the volume error of each side and of the total value, and the liquidity error of the background position.
 */
import type { Hex, PublicClient } from "viem";
import { encodeFunctionData } from "viem";
import { setNextBlockTimestamp } from "../../chain/testRpc.js";
import { formatDateTime } from "../../data/timestamp.js";
import { InvalidInputError } from "../../errors/math.js";
import { SqrtPriceMath } from "../../math/v3/sqrtPriceMath.js";
import { TickMath } from "../../math/v3/tickMath.js";
import type { PoolSeries } from "../../types/series.js";
import { erc20Abi } from "./abis.js";
import type { Fees, UniswapV3Client } from "./client.js";
import { midTickSqrtPriceX96 } from "./deploy.js";
import { findPool, type PoolEntry } from "./deployment.js";
import { ReplayError, TransactionRevertedError } from "./errors.js";
import { parseSwapLogs } from "./parse.js";

/** What one replayed minute did, and how far it is from the record. */
export type ReplayMinute = {
  /** Row index in the series. */
  index: number;
  /** Minute start, ms since the epoch. */
  time: number;
  recordedCloseTick: number;
  closeTick: number;
  /** closeTick − recordedCloseTick. */
  tickError: number;
  /** Recorded input volumes (fee included), raw units. */
  recordedIn0: bigint;
  recordedIn1: bigint;
  /** Input volumes of the minute's swaps on chain (sum of positive Swap amounts), raw units. */
  in0: bigint;
  in1: bigint;
  /** Relative error of the total volume in value, |chain − recorded| / recorded, at the close price. 0 if no volume. */
  valueError: number;
  /** Recorded active liquidity and the background position's liquidity after the adjustment. */
  recordedLiquidity: bigint;
  backgroundLiquidity: bigint;
  /** Transactions sent this minute (liquidity changes, swaps, corrections). */
  transactions: number;
  swaps: number;
  /** Whether a correcting swap was needed to land on the close tick. */
  corrected: boolean;
};

export type ReplaySummary = {
  pool: string;
  minutes: number;
  /** Minutes that sent at least one transaction. */
  activeMinutes: number;
  swaps: number;
  transactions: number;
  /** Minutes whose on-chain close tick equals the recorded one. */
  exactCloseTicks: number;
  maxAbsTickError: number;
  corrections: number;
  /** Median, 95th percentile and max of the per-minute value error over minutes with volume. */
  valueError: { median: number; p95: number; max: number };
  /** Σ chain input / Σ recorded input − 1, per token. */
  totalVolumeError0: number;
  totalVolumeError1: number;
  /** Max relative error of the background liquidity against the recorded L. */
  maxLiquidityError: number;
  /** Wall time of the replay, ms. */
  elapsedMs: number;
  firstTime: number;
  lastTime: number;
};

export type ReplayMinutesParameters = {
  /** Venue client of the replaying account (background LP and swapper; its tokens are minted by the replay). */
  client: UniswapV3Client;
  /** Public client of the same chain, for the test-chain clock (`evm_setNextBlockTimestamp`). */
  publicClient: PublicClient;
  /** Pool entry name in the deployment. */
  pool: string;
  series: PoolSeries;
  /** First and last minute to replay, ms (inclusive); default the whole series. */
  from?: number;
  to?: number;
  /** Called after each minute (awaited: a caller may send its own transactions here, between minutes). */
  onMinute?: (m: ReplayMinute) => void | Promise<void>;
  /** Half-width of the background position in ticks (default 4,000 ≈ ±49 %), rounded to the tick spacing. */
  backgroundWidthTicks?: number;
  /** Largest excursion of one swap away from the target, in ticks (default 200). */
  maxExcursionTicks?: number;
  /** Receipt wait per transaction (default 60 s). */
  timeoutMs?: number;
};
export type ReplayMinutesReturnType = ReplaySummary;
export type ReplayMinutesErrorType = ReplayError | TransactionRevertedError | InvalidInputError;

const Q96F = 2 ** 96;
const GAS = { swap: 1_500_000n, liquidity: 1_000_000n, mint: 1_200_000n, small: 200_000n };
const FUND = 10n ** 30n;

type Step =
  | { kind: "exactIn"; token: 0 | 1; amount: bigint; limit?: bigint }
  | { kind: "toPrice"; token: 0 | 1; limit: bigint };

function toBigInt(x: number): bigint {
  return BigInt(Math.round(x));
}

/** sqrt price (float, √(token1/token0) raw) after `gross` of token `side` goes in at constant L. */
function afterIn(s: number, side: 0 | 1, gross: number, l: number, f: number): number {
  const n = gross * (1 - f);
  return side === 0 ? 1 / (1 / s + n / l) : s + n / l;
}

/** Gross input of the token that moves the price from s to t at constant L (0 if t is on the other side). */
function costTo(s: number, t: number, l: number, f: number): { side: 0 | 1; gross: number } {
  if (t < s) return { side: 0, gross: (l * (1 / t - 1 / s)) / (1 - f) };
  return { side: 1, gross: (l * (t - s)) / (1 - f) };
}

function ticksBetween(a: number, b: number): number {
  return Math.abs(Math.log(a / b) / Math.log(1.0001)) * 2;
}

/**
 * Plans a minute's swaps (see the file comment) on constant liquidity `l`. Returns the steps; amounts in raw units.
 * Pure float planning; the chain decides the exact outcome, which the caller measures.
 */
export function planMinute(p: {
  sqrtPrice: number;
  lo: number;
  hi: number;
  v0: number;
  v1: number;
  l: number;
  fee: number;
  maxExcursionTicks: number;
  loX96: bigint;
  hiX96: bigint;
  /** Recorded lowest and highest tick of the minute: excursions stay inside [lowTick, highTick + 1). */
  lowTick?: number;
  highTick?: number;
  /** Most round trips one minute may be split into (default 16). */
  maxChunks?: number;
}): Step[] {
  const { sqrtPrice: s, lo, hi, v0, v1, l, fee: f } = p;
  const maxChunks = p.maxChunks ?? 16;
  const tickOf = (x: number) => (2 * Math.log(x)) / Math.log(1.0001);
  /** Room in ticks from sqrt price `from` to the recorded bound in direction `down`, within the global cap. */
  const room = (from: number, down: boolean) => {
    let r = p.maxExcursionTicks;
    if (down && p.lowTick !== undefined) r = Math.min(r, tickOf(from) - p.lowTick);
    if (!down && p.highTick !== undefined) r = Math.min(r, p.highTick + 1 - tickOf(from));
    return Math.max(0.5, r);
  };
  const chunks = (excursion: number, limit: number) =>
    Math.min(maxChunks, Math.max(1, Math.ceil(excursion / limit)));
  const margin = (hi - lo) / 64;
  const inLo = lo + margin;
  const inHi = hi - margin;
  const marginX96 = (p.hiX96 - p.loX96) / 64n;
  const limitLoX96 = p.loX96 + marginX96;
  const limitHiX96 = p.hiX96 - marginX96;
  const steps: Step[] = [];
  if (v0 <= 0 && v1 <= 0) {
    if (s >= lo && s < hi) return steps;
    const t = s < lo ? inLo : inHi;
    return [{ kind: "toPrice", token: t < s ? 0 : 1, limit: t < s ? limitLoX96 : limitHiX96 }];
  }
  // value in token1 units at the close price
  const price = ((lo + hi) / 2) ** 2;
  const total = v0 * price + v1;
  const predictedEnd = (first: 0 | 1) =>
    first === 0
      ? afterIn(afterIn(s, 0, v0, l, f), 1, v1, l, f)
      : afterIn(afterIn(s, 1, v1, l, f), 0, v0, l, f);
  // the side moving away from the target first: token0 first (down) when the minute ends higher
  const endGuess = predictedEnd(0);
  const first: 0 | 1 = endGuess >= s ? 0 : 1;
  const end = predictedEnd(first);
  const firstVol = first === 0 ? v0 : v1;
  const secondVol = first === 0 ? v1 : v0;
  if (end >= inLo && end <= inHi) {
    const k = chunks(ticksBetween(afterIn(s, first, firstVol, l, f), s), room(s, first === 0));
    for (let j = 0; j < k; j++) {
      const a = toBigInt(firstVol / k);
      const b = toBigInt(secondVol / k);
      if (a > 0n) steps.push({ kind: "exactIn", token: first, amount: a });
      if (b > 0n) steps.push({ kind: "exactIn", token: first === 0 ? 1 : 0, amount: b });
    }
    const last = steps[steps.length - 1];
    if (last && last.kind === "exactIn") last.limit = (last.token === 1 ? limitHiX96 : limitLoX96) as bigint;
    return steps;
  }
  // clamp the end into the interval; the overshooting side goes first with x, the other swaps to T
  const t = end < inLo ? inLo : inHi;
  const tX96 = end < inLo ? limitLoX96 : limitHiX96;
  const lead: 0 | 1 = end < inLo ? 0 : 1; // too low: token0 pushed too hard; too high: token1 did
  const other: 0 | 1 = lead === 0 ? 1 : 0;
  const valueIn1 = (side: 0 | 1, amt: number) => (side === 0 ? amt * price : amt);
  const simulate = (x: number, k: number) => {
    let cur = s;
    let value = 0;
    for (let j = 0; j < k; j++) {
      const mid = afterIn(cur, lead, x / k, l, f);
      value += valueIn1(lead, x / k);
      const c = costTo(mid, t, l, f);
      value += valueIn1(c.side, c.gross);
      cur = t;
    }
    return value;
  };
  const solve = (k: number) => {
    if (simulate(0, 1) >= total) return 0;
    let a = 0;
    let b = lead === 0 ? total / price : total;
    for (let it = 0; it < 100; it++) {
      const m = (a + b) / 2;
      if (simulate(m, k) > total) b = m;
      else a = m;
    }
    return (a + b) / 2;
  };
  let k = 1;
  let x = solve(1);
  const excursion = ticksBetween(afterIn(t, lead, x, l, f), t);
  const kk = chunks(excursion, room(t, lead === 0));
  if (kk > 1) {
    k = kk;
    x = solve(k);
  }
  const chunk = toBigInt(x / k);
  if (chunk <= 0n) return [{ kind: "toPrice", token: costTo(s, t, l, f).side, limit: tX96 }];
  for (let j = 0; j < k; j++) {
    steps.push({ kind: "exactIn", token: lead, amount: chunk });
    steps.push({ kind: "toPrice", token: other, limit: tX96 });
  }
  return steps;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

/**
 * Replays `series` minutes [from, to] onto the deployment's pool `pool`. See the file comment for the
 * construction. The chain's clock must be before the first minute (start anvil or EDR with an earlier genesis
 * time, as `lpguard chain up --from D` does); the replaying account needs ether for gas.
 */
export async function replayMinutes(parameters: ReplayMinutesParameters): Promise<ReplayMinutesReturnType> {
  const { client, publicClient, series } = parameters;
  const t0 = Date.now();
  const entry: PoolEntry = findPool(client.deployment, parameters.pool);
  const token0 = client.deployment.tokens[entry.token0].address;
  const token1 = client.deployment.tokens[entry.token1].address;
  const feeFrac = entry.fee / 1e6;
  const spacing = entry.tickSpacing;
  const width = Math.max(spacing, Math.round((parameters.backgroundWidthTicks ?? 4000) / spacing) * spacing);
  const maxExcursionTicks = parameters.maxExcursionTicks ?? 200;
  const timeoutMs = parameters.timeoutMs ?? 60_000;
  const me = client.account.address;

  let i0 = 0;
  while (i0 < series.length && parameters.from !== undefined && series.time[i0] < parameters.from) i0++;
  let i1 = series.length - 1;
  while (i1 >= 0 && parameters.to !== undefined && series.time[i1] > parameters.to) i1--;
  if (i0 > i1)
    throw new InvalidInputError({
      field: "from/to",
      value: `${parameters.from}..${parameters.to}`,
      expected: "a span with recorded minutes",
    });

  const block = await publicClient.getBlock({ blockTag: "latest" });
  let lastBlockTime = Number(block.timestamp);
  const firstSeconds = Math.floor(series.time[i0] / 1000);
  if (lastBlockTime >= firstSeconds - 2)
    throw new ReplayError({
      minute: formatDateTime(series.time[i0]),
      reason: `the chain's latest block time ${new Date(lastBlockTime * 1000).toISOString()} is not before the first minute (start the chain with a genesis time before it, e.g. lpguard chain up --from)`,
    });
  const fees: Fees = {
    maxFeePerGas: 2n * (block.baseFeePerGas ?? 1_000_000_000n) + 10_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
  };

  let txCount = 0;
  const sendTx = async (req: { to: `0x${string}`; data: Hex; value: bigint }, gas: bigint, what: string) => {
    const signed = await client.signTx(req, { gas, fees });
    await client.broadcast(signed.serialized);
    const r = await client.waitReceipt(signed.hash, { timeoutMs, pollMs: 5 });
    txCount++;
    if (r.status !== "success")
      throw new TransactionRevertedError({ action: what, reason: `${signed.hash} has status 0` });
    return r;
  };

  // fund and approve the replaying account where needed (test tokens mint freely)
  for (const t of [token0, token1]) {
    if ((await client.balanceOf(t, me)) < FUND / 2n)
      await sendTx(
        {
          to: t,
          value: 0n,
          data: encodeFunctionData({ abi: erc20Abi, functionName: "mint", args: [me, FUND] }),
        },
        GAS.small,
        "mint test token",
      );
    for (const spender of [
      client.deployment.contracts.positionManager,
      client.deployment.contracts.swapRouter,
    ]) {
      const allowance = await publicClient.readContract({
        address: t,
        abi: erc20Abi,
        functionName: "allowance",
        args: [me, spender],
      });
      if (allowance < FUND) await sendTx(client.buildApprove({ token: t, spender }), GAS.small, "approve");
    }
  }

  const s0 = await client.slot0(entry);
  let sqrtX96 = s0.sqrtPriceX96;
  let tick = s0.tick;
  let bg: { tokenId: bigint; lower: number; upper: number; liquidity: bigint } | undefined;
  // resume: a background position left by an earlier replay of this account on this pool is reused
  for (const id of await client.positionsOf(me)) {
    const pos = await client.getPosition(id);
    if (pos.liquidity === 0n || pos.fee !== entry.fee) continue;
    if (
      pos.token0.toLowerCase() !== token0.toLowerCase() ||
      pos.token1.toLowerCase() !== token1.toLowerCase()
    )
      continue;
    if (!bg || pos.liquidity > bg.liquidity)
      bg = { tokenId: id, lower: pos.tickLower, upper: pos.tickUpper, liquidity: pos.liquidity };
  }

  const amountsFor = (l: bigint, lower: number, upper: number) => {
    const sa = TickMath.getSqrtRatioAtTick(lower);
    const sb = TickMath.getSqrtRatioAtTick(upper);
    const p = sqrtX96 < sa ? sa : sqrtX96 > sb ? sb : sqrtX96;
    return {
      amount0: SqrtPriceMath.getAmount0Delta(p, sb, l, true) + 1n,
      amount1: SqrtPriceMath.getAmount1Delta(sa, p, l, true) + 1n,
    };
  };
  const mintBackground = async (l: bigint) => {
    const center = Math.floor(tick / spacing) * spacing;
    const lower = center - width;
    const upper = center + width;
    const a = amountsFor(l, lower, upper);
    const r = await sendTx(
      client.buildMint({
        pool: entry,
        tickLower: lower,
        tickUpper: upper,
        amount0Desired: a.amount0,
        amount1Desired: a.amount1,
      }),
      GAS.mint,
      "mint background",
    );
    const m = client.parseMintReceipt(r);
    bg = { tokenId: m.tokenId, lower, upper, liquidity: m.liquidity };
  };
  const setBackground = async (l: bigint) => {
    if (!bg) return mintBackground(l);
    if (tick < bg.lower + width / 2 || tick >= bg.upper - width / 2) {
      if (bg.liquidity > 0n)
        await sendTx(
          client.buildDecreaseLiquidity({ tokenId: bg.tokenId, liquidity: bg.liquidity }),
          GAS.liquidity,
          "recentre",
        );
      await sendTx(client.buildCollect({ tokenId: bg.tokenId }), GAS.liquidity, "collect background");
      return mintBackground(l);
    }
    if (l > bg.liquidity) {
      const a = amountsFor(l - bg.liquidity, bg.lower, bg.upper);
      const r = await sendTx(
        client.buildIncreaseLiquidity({
          tokenId: bg.tokenId,
          amount0Desired: a.amount0,
          amount1Desired: a.amount1,
        }),
        GAS.liquidity,
        "increase background",
      );
      bg.liquidity += client.parseIncreaseLiquidityReceipt(r).liquidity;
    } else if (l < bg.liquidity) {
      const r = await sendTx(
        client.buildDecreaseLiquidity({ tokenId: bg.tokenId, liquidity: bg.liquidity - l }),
        GAS.liquidity,
        "decrease background",
      );
      bg.liquidity -= client.parseDecreaseLiquidityReceipt(r).liquidity;
    }
  };

  const swap = async (step: Step, what: string) => {
    // a swap to a price goes whichever way the price is from the target now
    if (step.kind === "toPrice") {
      if (step.limit === sqrtX96) return undefined;
      step = { ...step, token: step.limit < sqrtX96 ? 0 : 1 };
    }
    const tokenIn = step.token === 0 ? token0 : token1;
    const req =
      step.kind === "exactIn"
        ? client.buildSwap({
            pool: entry,
            tokenIn,
            amountIn: step.amount,
            sqrtPriceLimitX96: step.limit ?? 0n,
          })
        : client.buildSwap({ pool: entry, tokenIn, amountIn: FUND / 1000n, sqrtPriceLimitX96: step.limit });
    // a limit on the wrong side of the price would revert (SPL): skip such a step
    if (step.limit !== undefined && step.limit !== 0n) {
      if (step.token === 0 && step.limit >= sqrtX96) return undefined;
      if (step.token === 1 && step.limit <= sqrtX96) return undefined;
    }
    const r = await sendTx(req, GAS.swap, what);
    const ev = parseSwapLogs(r, entry.address);
    const last = ev[ev.length - 1];
    if (last) {
      sqrtX96 = last.sqrtPriceX96;
      tick = last.tick;
    }
    return ev;
  };

  // pre-position: background at the first minute's L, price at the tick before the first minute
  const startTick = i0 > 0 ? series.closeTick[i0 - 1] : series.openTick[i0];
  await setNextBlockTimestamp(publicClient, Math.max(lastBlockTime + 1, firstSeconds - 30));
  await setBackground(toBigInt(series.liquidity[i0]));
  if (tick !== startTick) {
    const target = midTickSqrtPriceX96(startTick);
    await swap({ kind: "toPrice", token: target < sqrtX96 ? 0 : 1, limit: target }, "pre-position");
  }
  lastBlockTime = Number((await publicClient.getBlock({ blockTag: "latest" })).timestamp);

  const minutes: ReplayMinute[] = [];
  let sum0 = 0n;
  let sum1 = 0n;
  let rec0 = 0n;
  let rec1 = 0n;
  for (let i = i0; i <= i1; i++) {
    const time = series.time[i];
    const c = series.closeTick[i];
    const v0 = toBigInt(series.inAmount0[i]);
    const v1 = toBigInt(series.inAmount1[i]);
    const lRec = toBigInt(series.liquidity[i]);
    const txBefore = txCount;
    const idle = v0 === 0n && v1 === 0n && tick === c && bg !== undefined && bg.liquidity === lRec;
    let in0 = 0n;
    let in1 = 0n;
    let swaps = 0;
    let corrected = false;
    if (!idle) {
      const seconds = Math.floor(time / 1000);
      if (seconds <= lastBlockTime)
        throw new ReplayError({
          minute: formatDateTime(time),
          reason: `the chain's clock ${lastBlockTime} is already past the minute (too many transactions in the previous minute)`,
        });
      await setNextBlockTimestamp(publicClient, seconds);
      await setBackground(lRec);
      const l = Number(await client.liquidity(entry));
      const loX96 = TickMath.getSqrtRatioAtTick(c);
      const hiX96 = TickMath.getSqrtRatioAtTick(c + 1);
      const steps = planMinute({
        sqrtPrice: Number(sqrtX96) / Q96F,
        lo: Number(loX96) / Q96F,
        hi: Number(hiX96) / Q96F,
        v0: Number(v0),
        v1: Number(v1),
        l,
        fee: feeFrac,
        maxExcursionTicks,
        loX96,
        hiX96,
        lowTick: series.lowTick[i],
        highTick: series.highTick[i],
      });
      const collect = (ev: ReturnType<typeof parseSwapLogs> | undefined) => {
        for (const e of ev ?? []) {
          swaps++;
          if (e.amount0 > 0n) in0 += e.amount0;
          if (e.amount1 > 0n) in1 += e.amount1;
        }
      };
      for (const st of steps) collect(await swap(st, `swap at ${formatDateTime(time)}`));
      if (tick !== c) {
        const target = midTickSqrtPriceX96(c);
        collect(
          await swap({ kind: "toPrice", token: target < sqrtX96 ? 0 : 1, limit: target }, "correction"),
        );
        corrected = true;
      }
      lastBlockTime = Number((await publicClient.getBlock({ blockTag: "latest" })).timestamp);
    }
    const price = (Number(TickMath.getSqrtRatioAtTick(c)) / Q96F) ** 2;
    const recValue = Number(v0) * price + Number(v1);
    const chainValue = Number(in0) * price + Number(in1);
    sum0 += in0;
    sum1 += in1;
    rec0 += v0;
    rec1 += v1;
    const m: ReplayMinute = {
      index: i,
      time,
      recordedCloseTick: c,
      closeTick: tick,
      tickError: tick - c,
      recordedIn0: v0,
      recordedIn1: v1,
      in0,
      in1,
      valueError: recValue > 0 ? Math.abs(chainValue - recValue) / recValue : 0,
      recordedLiquidity: lRec,
      backgroundLiquidity: bg?.liquidity ?? 0n,
      transactions: txCount - txBefore,
      swaps,
      corrected,
    };
    minutes.push(m);
    if (parameters.onMinute) {
      await parameters.onMinute(m);
      lastBlockTime = Number((await publicClient.getBlock({ blockTag: "latest" })).timestamp);
      sqrtX96 = (await client.slot0(entry)).sqrtPriceX96;
    }
  }
  const withVolume = minutes.filter((m) => m.recordedIn0 > 0n || m.recordedIn1 > 0n).map((m) => m.valueError);
  withVolume.sort((a, b) => a - b);
  return {
    pool: entry.name,
    minutes: minutes.length,
    activeMinutes: minutes.filter((m) => m.transactions > 0).length,
    swaps: minutes.reduce((a, m) => a + m.swaps, 0),
    transactions: minutes.reduce((a, m) => a + m.transactions, 0),
    exactCloseTicks: minutes.filter((m) => m.tickError === 0).length,
    maxAbsTickError: minutes.reduce((a, m) => Math.max(a, Math.abs(m.tickError)), 0),
    corrections: minutes.filter((m) => m.corrected).length,
    valueError: {
      median: quantile(withVolume, 0.5),
      p95: quantile(withVolume, 0.95),
      max: quantile(withVolume, 1),
    },
    totalVolumeError0: rec0 > 0n ? Number(sum0) / Number(rec0) - 1 : 0,
    totalVolumeError1: rec1 > 0n ? Number(sum1) / Number(rec1) - 1 : 0,
    maxLiquidityError: minutes.reduce(
      (a, m) =>
        Math.max(
          a,
          m.recordedLiquidity > 0n
            ? Math.abs(Number(m.backgroundLiquidity - m.recordedLiquidity)) / Number(m.recordedLiquidity)
            : 0,
        ),
      0,
    ),
    elapsedMs: Date.now() - t0,
    firstTime: series.time[i0],
    lastTime: series.time[i1],
  };
}
