/**
 * The engine's clock: the bar being processed and its time (ms since the epoch, from the market data), plus the
 * previous bar's time. The engine writes it at the start of each bar; venue models read it (`attach`) instead of
 * capturing the market's time column, so a venue never sees a bar the engine has not reached.
 */
export class EngineClock {
  /** Row index of the bar. */
  bar = 0;
  /** Time of the bar (ms since the epoch). NaN before the first bar. */
  time = Number.NaN;
  /** Time of the previous bar (NaN at the first bar). */
  prevTime = Number.NaN;
}

/** Returns a clock before the first bar. */
export function createClock(): EngineClock {
  return new EngineClock();
}
