import type { Intent, Strategy, StrategyContext } from "../engine/types.js";
import { requireObject, requireObjectArray } from "../errors/guards.js";
import { InvalidInputError } from "../errors/index.js";

/**
 * Returns a strategy that runs a range strategy and one or more hedge policies on the same bars: at bar 0 the
 * hedges' intents come first (margin / collateral deposits, so the range's "all cash" mint leaves them alone), then
 * the range's; on later bars the range decides first, then each hedge. Any range strategy combines with any hedge.
 * Allocates only on bars where some part returns intents.
 *
 * @example
 * import { deltaHedge, hedgedStrategy, recenterRange } from "lpguard/strategy";
 * hedgedStrategy(recenterRange({ widthPct: 5 }), [deltaHedge({ trigger: { kind: "absolute", band: 0.2 } })]);
 */
export function hedgedStrategy(range: Strategy, hedges: readonly Strategy[]): Strategy {
  requireObject(range, "range");
  requireObjectArray(hedges, "hedges");
  return new HedgedStrategy(range, hedges);
}

/**
 * The combined strategy (see `hedgedStrategy`). A class, not an object of closures made per run: the engine's loop
 * inlines `onBar`, and a closure made per run dies with its run, after which V8 dropped the loop's feedback and
 * optimised code at the next GC (see `src/engine/poolVenueModel.ts`).
 */
class HedgedStrategy implements Strategy {
  readonly name: string;
  private readonly parts: readonly Strategy[];
  private readonly hedge0: Strategy;
  private readonly one: boolean;

  constructor(
    private readonly range: Strategy,
    private readonly hedges: readonly Strategy[],
  ) {
    this.name = [range.name, ...hedges.map((h) => h.name)].join("+");
    this.parts = [range, ...hedges];
    this.hedge0 = hedges[0];
    this.one = hedges.length === 1;
  }

  // The parts' states in order (range first); a part without state() must be stateless.
  state(): unknown[] {
    return this.parts.map((p) => {
      if (p.state !== undefined) return p.state();
      if (p.stateless === true) return null;
      throw new InvalidInputError({
        field: "strategy",
        value: p.name,
        expected: "a part with state() (or marked stateless) to be snapshotted",
      });
    });
  }

  restore(raw: unknown): void {
    const parts = this.parts;
    if (!Array.isArray(raw) || raw.length !== parts.length)
      throw new InvalidInputError({
        field: "snapshot.strategy",
        value: raw,
        expected: `an array of ${parts.length} part states`,
      });
    for (let j = 0; j < parts.length; j++) parts[j].restore?.(raw[j]);
  }

  init(ctx: StrategyContext): readonly Intent[] | undefined {
    const first = this.hedges.map((h) => h.init(ctx));
    return join([...first, this.range.init(ctx)]);
  }

  onBar(ctx: StrategyContext): readonly Intent[] | undefined {
    return this.one ? this.onBarOne(ctx) : this.onBarMany(ctx);
  }

  // One hedge (the common case): two call sites, each seeing one policy, so V8 keeps them monomorphic. Same result
  // as onBarMany: the range's list, the hedge's list, or a new list with both (range first).
  private onBarOne(ctx: StrategyContext): readonly Intent[] | undefined {
    const a = this.range.onBar(ctx);
    const b = this.hedge0.onBar(ctx);
    if (a === undefined || a.length === 0) return b === undefined || b.length === 0 ? undefined : b;
    if (b === undefined || b.length === 0) return a;
    const out = [...a];
    out.push(...b);
    return out;
  }

  private onBarMany(ctx: StrategyContext): readonly Intent[] | undefined {
    // The common case (one part acts) returns that part's list as is; a copy only when two or more act.
    const parts = this.parts;
    let first: readonly Intent[] | undefined;
    let out: Intent[] | undefined;
    for (let j = 0; j < parts.length; j++) {
      const l = parts[j].onBar(ctx);
      if (l === undefined || l.length === 0) continue;
      if (first === undefined) first = l;
      else (out ??= [...first]).push(...l);
    }
    return out ?? first;
  }
}

/** The intents of several lists in order, or undefined when none has any. */
function join(lists: (readonly Intent[] | undefined)[]): readonly Intent[] | undefined {
  let out: Intent[] | undefined;
  for (const l of lists) if (l !== undefined && l.length > 0) (out ??= []).push(...l);
  return out;
}
