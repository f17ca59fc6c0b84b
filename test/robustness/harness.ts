/**
 * Shared pieces of the robustness tests: a run of `main()` in-process, the checks every outcome must pass, and the
 * real data the bad inputs are built from.
 */
import { execFileSync, spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { REPO_ROOT, sharedData } from "../helpers/sharedData.js";

/** One real day of the Polygon WETH/USDC 0.05 % pool (1,440 minutes). */
export const POOL_DAY = sharedData(
  "uniswap-v3",
  "polygon-weth-usdc-005",
  "Polygon-0x45dda9cb7c25131df268515131f647d726f50608-2022-07-19.csv",
);
export const FUNDING = sharedData("funding", "binance-usdm", "binance-usdm-ETHUSDT-funding-2022-2025.csv");
export const ETH_1H = sharedData("prices", "binance-spot-1h", "ETHUSDT_1h.csv");
export const DVOL = sharedData("volatility", "deribit-dvol-eth-daily.csv");

/** A valid 1-day passive backtest config (absolute paths, so it can be written anywhere). */
export function backtestConfig(): Record<string, unknown> {
  return {
    data: { pool: POOL_DAY, from: "2022-07-19", to: "2022-07-19" },
    position: { deposit: 10000, range: { belowPct: 10, abovePct: 10 } },
    strategy: { kind: "passive" },
    costs: { gasQuote: 0.05, priceImpact: true },
    latencyMinutes: 0,
    inRangeMode: "close",
  };
}

/** The same with a delta hedge on a perp funded from the real Binance file. */
export function hedgedConfig(): Record<string, unknown> {
  return {
    ...backtestConfig(),
    hedge: { kind: "delta", venue: "perp", trigger: { kind: "absolute", band: 0.1 } },
    venues: { perp: { funding: { file: FUNDING } } },
  };
}

/** A valid risk config over one month of real hourly bars. */
export function riskConfig(): Record<string, unknown> {
  return {
    position: { kind: "v3", deposit: 10000, range: { belowPct: 10, abovePct: 10 } },
    data: { prices: ETH_1H, from: "2022-01-01", to: "2022-01-31" },
    horizonDays: 1,
    confidence: [0.95],
    monteCarlo: { paths: 200, seed: 1 },
  };
}

/** A valid, small simulate config. */
export function simulateConfig(): Record<string, unknown> {
  return {
    model: { kind: "gbm", mu: 0, sigma: 0.8 },
    initialPrice: 3000,
    horizonDays: 1,
    steps: 24,
    pool: { feeRate: 0.003 },
    position: { deposit: 10000, range: { belowPct: 10, abovePct: 10 } },
    strategies: [{ name: "unhedged" }],
  };
}

/** A scratch folder for this test file. */
export function scratch(name: string): string {
  return mkdtempSync(join(tmpdir(), `lpguard-robust-${name}-`));
}

let counter = 0;
/** Writes `content` (an object as YAML, or text) to a new file in `dir` and returns its path. */
export function writeConfig(dir: string, content: unknown, ext = "yaml"): string {
  const f = join(dir, `c${++counter}.${ext}`);
  writeFileSync(f, typeof content === "string" ? content : stringify(content));
  return f;
}

/** Returns a deep copy of `obj` with `path` (dotted) set to `value`; `undefined` deletes the key. */
export function withValue(
  obj: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(obj);
  const keys = path.split(".");
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) {
    if (at[k] === null || typeof at[k] !== "object") at[k] = {};
    at = at[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

export type Outcome = { code: number; stdout: string; stderr: string };

/** Runs the CLI in-process with `argv`. */
export async function run(argv: string[]): Promise<Outcome> {
  const io = memoryIO();
  const code = await main(argv, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/** A progress line of `progress.ts` (`backtest: 42% (420/1000, 5 s)`). */
const PROGRESS_LINE = /^[\w -]+: \d+% \(\d+\/\d+, \d+ s\)$/;

/** A bare NaN / Infinity token, as a number would print. */
const NON_FINITE = /(^|[^A-Za-z0-9_])(-?Infinity|NaN)(?![A-Za-z0-9_])/;

/**
 * Returns the problems of an outcome, empty when it passes every rule of the bad-input suite: exit 0 or 2; on 2,
 * stderr is one line `error: …` of at most 300 characters with no stack frame, naming `expect` when given; no NaN
 * or Infinity in stdout; on 0, stderr is empty.
 */
export function problems(o: Outcome, expect?: RegExp | string): string[] {
  const p: string[] = [];
  if (o.code !== 0 && o.code !== 2) p.push(`exit code ${o.code}`);
  if (/\n\s+at .+:\d+:\d+\)?/.test(o.stderr) || /\bat (file|node):/.test(o.stderr)) p.push("stack trace");
  if (NON_FINITE.test(o.stdout)) p.push(`NaN/Infinity in stdout: ${o.stdout.match(NON_FINITE)?.[0]}`);
  if (o.code === 2) {
    const lines = o.stderr.replace(/\n$/, "").split("\n");
    if (lines.length !== 1) p.push(`${lines.length} error lines`);
    if (!lines[0].startsWith("error:")) p.push(`error line does not start with "error:": ${lines[0]}`);
    if (lines[0].length > 300) p.push(`error line of ${lines[0].length} chars`);
    if (
      expect !== undefined &&
      !(typeof expect === "string" ? lines[0].includes(expect) : expect.test(lines[0]))
    )
      p.push(`error line does not name ${expect}: ${lines[0]}`);
  }
  // On success stderr is empty, but for the plain progress lines a slow run prints when stderr is not a terminal.
  const stray = o.stderr.split("\n").filter((l) => l !== "" && !PROGRESS_LINE.test(l));
  if (o.code === 0 && stray.length > 0) p.push(`stderr on success: ${stray.join(" | ").slice(0, 200)}`);
  return p;
}

/** The repository's CLI binary and whether its build (dist/) is present and newer than every source file. */
export const BIN = join(REPO_ROOT, "bin", "lpguard");

function newestMtime(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newestMtime(p) : name.endsWith(".test.ts") ? 0 : st.mtimeMs);
  }
  return t;
}

/**
 * Makes sure `bin/lpguard` runs the current sources: builds dist/ (`tsc -p tsconfig.build.json`, as `npm ci`
 * does) when it is missing or older than src/. Returns the build time in ms (0 when it was fresh).
 */
export function ensureBuilt(): number {
  const main = join(REPO_ROOT, "dist", "cli", "main.js");
  if (existsSync(main) && statSync(main).mtimeMs >= newestMtime(join(REPO_ROOT, "src"))) return 0;
  const t0 = performance.now();
  execFileSync(
    process.execPath,
    [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: REPO_ROOT,
      stdio: "pipe",
    },
  );
  return performance.now() - t0;
}

/** Runs `bin/lpguard` as a child process and resolves with its outcome. */
export function runBin(argv: string[], cwd = REPO_ROOT): Promise<Outcome> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => resolveRun({ code: code ?? -1, stdout, stderr }));
  });
}

/** Copies the real 1-day pool file into `dir` under its own name and returns the copy's path. */
export function copyPoolDay(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const f = join(dir, "Polygon-0x45dda9cb7c25131df268515131f647d726f50608-2022-07-19.csv");
  copyFileSync(POOL_DAY, f);
  return f;
}
