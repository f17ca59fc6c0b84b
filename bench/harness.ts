/**
 * A small benchmark harness: each case runs a warm-up, then repeats until `minMs` of its clock (wall time, or the
 * process's CPU time for `clock: "cpu"`), and reports operations per second of that clock. `ops` is how many
 * operations one call of `fn` performs (e.g. a loop over 10,000 inputs is 10,000 ops), so per-call overhead is
 * amortised.
 */
export type BenchCase = {
  /** Group the case belongs to (one table section). */
  group: string;
  name: string;
  /** Operations performed by one call of fn (ignored for `fnAsync`, which returns its own count). */
  ops: number;
  fn?: () => unknown;
  /**
   * An asynchronous case (I/O against a node, a server): each call resolves to the number of operations it
   * performed; it is repeated until `minMs` of wall time (at least once), with no warm-up call.
   */
  fnAsync?: () => Promise<number>;
  /** Called once before the case runs, untimed (starts servers or child processes the case needs). */
  setup?: () => Promise<void>;
  /** Called once after the case has run (stops servers or child processes the case started). */
  teardown?: () => Promise<void>;
  /** Name of another case in the same group to show a speed ratio against. */
  baseline?: string;
  /** Goal in ops/s, shown as a pass/miss column (with `goalRatio`, both are shown). */
  goal?: number;
  /** Goal as a minimum throughput ratio to `baseline` (0.5 = at most twice the baseline's time). */
  goalRatio?: number;
  /** Unit label for ops, e.g. "positions", "minute-rows". */
  unit?: string;
  /**
   * The clock a synchronous case is timed by: "wall" (default) or "cpu", the process's user + system CPU time
   * (`process.cpuUsage`). A single-threaded case on a shared machine is timed by CPU time: time the scheduler gives
   * to other processes then does not count against it (on an idle machine both clocks agree). Never "cpu" for a
   * case that runs worker threads (their CPU time adds up).
   */
  clock?: "wall" | "cpu";
};

export type BenchResult = BenchCase & { opsPerSec: number; calls: number; ms: number };

let sink: unknown;

/** The process's CPU time (user + system) in ms. */
function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export function runCase(c: BenchCase, minMs = 700, warmUp = true): BenchResult {
  const fn = c.fn;
  if (!fn) throw new Error(`bench case ${c.group} / ${c.name} has no fn (use runCaseAsync)`);
  const now = c.clock === "cpu" ? cpuNow : () => performance.now();
  const warmEnd = warmUp ? now() + Math.min(200, minMs / 3) : 0;
  while (now() < warmEnd) sink = fn();
  let calls = 0;
  const t0 = now();
  let t = t0;
  while (t - t0 < minMs) {
    sink = fn();
    calls++;
    t = now();
  }
  const ms = t - t0;
  return { ...c, calls, ms, opsPerSec: (calls * c.ops) / (ms / 1000) };
}

/**
 * Runs synchronous cases round-robin: each is warmed up once, then the cases take turns for `rounds` rounds of
 * `roundMs` each, and each case keeps its best round. On a shared, noisy machine the cases of one table (a case and
 * its baseline) then see the same load, and a ratio compares like with like.
 */
export function runRounds(cases: BenchCase[], rounds = 4, roundMs = 350): BenchResult[] {
  const best: (BenchResult | undefined)[] = cases.map(() => undefined);
  for (let r = 0; r < rounds; r++)
    cases.forEach((c, k) => {
      const res = runCase(c, roundMs, r === 0);
      const b = best[k];
      if (b === undefined) best[k] = res;
      else {
        b.calls += res.calls;
        b.ms += res.ms;
        if (res.opsPerSec > b.opsPerSec) b.opsPerSec = res.opsPerSec;
      }
    });
  return best as BenchResult[];
}

/** Runs an asynchronous case (`fnAsync`) until `minMs` of wall time has passed, at least once. */
export async function runCaseAsync(c: BenchCase, minMs = 700): Promise<BenchResult> {
  const fn = c.fnAsync;
  if (!fn) throw new Error(`bench case ${c.group} / ${c.name} has no fnAsync`);
  let calls = 0;
  let ops = 0;
  const t0 = performance.now();
  let t = t0;
  do {
    ops += await fn();
    calls++;
    t = performance.now();
  } while (t - t0 < minMs);
  const ms = t - t0;
  return { ...c, ops: ops / calls, calls, ms, opsPerSec: ops / (ms / 1000) };
}

export function keepAlive(): unknown {
  return sink;
}

function fmt(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(1);
}

/** Renders results as a table: group, case, ops/s, ratio to baseline, goal. */
export function renderResults(results: BenchResult[]): string {
  const rows = results.map((r) => {
    const base = r.baseline ? results.find((b) => b.group === r.group && b.name === r.baseline) : undefined;
    const ratio = base ? `${(r.opsPerSec / base.opsPerSec).toFixed(2)}x vs ${base.name}` : "";
    const rel = base && r.goalRatio ? r.opsPerSec / base.opsPerSec : undefined;
    const goals: string[] = [];
    if (rel !== undefined && r.goalRatio)
      goals.push(`${rel >= r.goalRatio ? "met" : "MISSED"} (>= ${r.goalRatio}x)`);
    if (r.goal) goals.push(`${r.opsPerSec >= r.goal ? "met" : "MISSED"} (${fmt(r.goal)}/s)`);
    const goal = goals.join("; ");
    const per = r.clock === "cpu" ? "cpu-s" : "s";
    return [r.group, r.name, `${fmt(r.opsPerSec)} ${r.unit ?? "ops"}/${per}`, ratio, goal];
  });
  const headers = ["group", "case", "throughput", "ratio", "goal"];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join(" | ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}
