import { asRecord, decodeNumber, encodeNumber, type SnapshotNumber } from "../engine/snapshotCodec.js";
import type { Intent, Strategy, StrategyContext } from "../engine/types.js";
import { requireObject } from "../errors/guards.js";
import { InvalidInputError } from "../errors/math.js";

export type RecenterRangeParameters = {
  /** Half-width of the range in percent: the range is [P_c(1 − w/100), P_c(1 + w/100)] around the centre P_c. */
  widthPct: number;
  /**
   * Inner band in percent (≤ widthPct; default widthPct): re-centre when |P/P_c − 1| > band/100, or when the pool
   * tick leaves the position's ticks.
   */
  bandPct?: number;
  /** Minimum minutes between two re-centrings (default 0). */
  cooldownMinutes?: number;
};

/**
 * Returns a re-centring range strategy: it mints ±widthPct around the start price, and re-mints (burn, swap to the
 * new ratio, mint) around the current price whenever the price leaves the inner band or the range, at most once per
 * cooldown and never while an earlier intent is still pending (latency).
 */
export function recenterRange(options: RecenterRangeParameters): Strategy {
  const { widthPct, bandPct, cooldownMinutes = 0 } = requireObject(options, "options");
  if (!(widthPct > 0 && widthPct < 100))
    throw new InvalidInputError({ field: "widthPct", value: widthPct, expected: "a number in (0, 100)" });
  const band = bandPct ?? widthPct;
  if (!(band > 0 && band <= widthPct))
    throw new InvalidInputError({
      field: "bandPct",
      value: bandPct,
      expected: `a number in (0, widthPct = ${widthPct}]`,
    });
  if (!(cooldownMinutes >= 0 && Number.isFinite(cooldownMinutes)))
    throw new InvalidInputError({
      field: "cooldownMinutes",
      value: cooldownMinutes,
      expected: "a finite number >= 0",
    });
  return new RecenterRange(widthPct, band, cooldownMinutes * 60_000);
}

/** The re-centring strategy (see `recenterRange`); a class for the reason given on `PassiveRange`. */
class RecenterRange implements Strategy {
  readonly name = "recenter";
  private center = 0;
  private tickLower = 0;
  private tickUpper = 0;
  private lastTime = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly widthPct: number,
    private readonly band: number,
    private readonly cooldownMs: number,
  ) {}

  private ticksAround(ctx: StrategyContext, c: number): [number, number] {
    return ctx.ticksForPriceRange(c * (1 - this.widthPct / 100), c * (1 + this.widthPct / 100));
  }

  state(): { center: SnapshotNumber; tickLower: number; tickUpper: number; lastTime: SnapshotNumber } {
    return {
      center: encodeNumber(this.center),
      tickLower: this.tickLower,
      tickUpper: this.tickUpper,
      lastTime: encodeNumber(this.lastTime),
    };
  }

  restore(raw: unknown): void {
    const s = asRecord(raw, "snapshot.strategy");
    this.center = decodeNumber(s.center, "snapshot.strategy.center");
    this.tickLower = Number(s.tickLower);
    this.tickUpper = Number(s.tickUpper);
    this.lastTime = decodeNumber(s.lastTime, "snapshot.strategy.lastTime");
  }

  init(ctx: StrategyContext): readonly Intent[] {
    this.center = ctx.price;
    [this.tickLower, this.tickUpper] = this.ticksAround(ctx, this.center);
    this.lastTime = ctx.time;
    return [{ kind: "mint", tickLower: this.tickLower, tickUpper: this.tickUpper }];
  }

  onBar(ctx: StrategyContext): readonly Intent[] | undefined {
    if (ctx.pendingIntents > 0 || ctx.time - this.lastTime < this.cooldownMs) return undefined;
    const outOfRange = ctx.tick < this.tickLower || ctx.tick >= this.tickUpper;
    const move = ctx.price / this.center - 1;
    const band = this.band;
    if (!outOfRange && move <= band / 100 && move >= -band / 100) return undefined;
    this.center = ctx.price;
    [this.tickLower, this.tickUpper] = this.ticksAround(ctx, this.center);
    this.lastTime = ctx.time;
    return [{ kind: "rebalance", tickLower: this.tickLower, tickUpper: this.tickUpper }];
  }
}
