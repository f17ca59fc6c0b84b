/**
 * Robustness through the real binary: a handful of bad inputs run by `bin/lpguard` as a child process (exit codes,
 * one stderr line, no stack), and the kill -9 loop: ≥ 30 runs killed at random moments while they write `--out`,
 * after which the output folder holds exactly one whole run (or nothing) and no temp folder survives the next run.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { OUT_MARKER } from "../../src/cli/outDir.js";
import { REPO_ROOT } from "../helpers/sharedData.js";
import {
  BIN,
  backtestConfig,
  ensureBuilt,
  problems,
  runBin,
  scratch,
  withValue,
  writeConfig,
} from "./harness.js";

const dir = scratch("bin");
const started = new Set<ChildProcess>();

beforeAll(() => {
  ensureBuilt();
}, 180_000);

afterAll(() => {
  // Stop anything this file started that is still running, by its pid.
  for (const c of started) if (c.exitCode === null && c.pid !== undefined) process.kill(c.pid, "SIGKILL");
});

describe("bin/lpguard", () => {
  test("behavior: bad input through the real binary: exit 2, one line, no stack", async () => {
    const fifo = join(dir, "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    const cfg = writeConfig(dir, withValue(backtestConfig(), "data.from", "2022-02-30"));
    const cases: [string[], string][] = [
      [["frobnicate"], "frobnicate"],
      [["backtest", "--config", fifo], "--config"],
      [["backtest", "--config", cfg], "data.from"],
      [["backtest", "--config", writeConfig(dir, backtestConfig()), "--out", ""], "--out"],
      [["position", "--kind", "v2", "--price", "1e400", "--entry-price", "1", "--deposit", "1"], "--price"],
      [["forecast", "--data", join(dir, "none.csv"), "--model", "ewma"], "--data"],
    ];
    const failures: string[] = [];
    for (const [argv, field] of cases) {
      const o = await runBin(argv);
      const p = problems(o, field);
      if (o.code !== 2) p.push(`expected exit 2, got ${o.code}`);
      if (p.length > 0) failures.push(`${argv.join(" ")}: ${p.join("; ")} | ${o.stderr.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  test("behavior: a good run exits 0 with the JSON on stdout and nothing on stderr", async () => {
    const o = await runBin(["backtest", "--config", writeConfig(dir, backtestConfig()), "--json"]);
    expect(problems(o)).toEqual([]);
    expect(o.code).toBe(0);
    expect(JSON.parse(o.stdout).rows).toBe(1440);
  });
});

/** Returns every file of a folder (name → content), the marker left out. */
function snapshot(folder: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const name of readdirSync(folder).sort())
    if (name !== OUT_MARKER) m.set(name, readFileSync(join(folder, name), "utf8"));
  return m;
}

function sameRun(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** Starts a backtest into `out` and kills it with SIGKILL at a random moment; resolves when it is gone. */
function runAndKill(config: string, out: string, parent: string, rand: () => number): Promise<string> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [BIN, "backtest", "--config", config, "--out", out], {
      cwd: REPO_ROOT,
      stdio: "ignore",
    });
    started.add(child);
    let how = "";
    // Half the kills at a random time in the run, half right after the temp folder appears (during the writes).
    const duringWrites = rand() < 0.5;
    let timer: NodeJS.Timeout | undefined;
    const kill = (why: string) => {
      if (how !== "") return;
      how = why;
      if (timer !== undefined) clearInterval(timer);
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, "SIGKILL");
    };
    if (duringWrites) {
      const wait = Math.floor(rand() * 6);
      let seen = -1;
      timer = setInterval(() => {
        const staging = readdirSync(parent).some((n) => n.includes(".lpguard-tmp-"));
        if (staging && seen < 0) seen = 0;
        if (seen >= 0 && seen++ >= wait) kill(`after the temp folder appeared (+${wait} polls)`);
      }, 1);
    } else setTimeout(() => kill("at a random time"), Math.floor(rand() * 450));
    child.on("close", () => {
      if (timer !== undefined) clearInterval(timer);
      started.delete(child);
      resolveRun(how === "" ? "finished before the kill" : how);
    });
  });
}

describe("kill -9 loop", () => {
  test("behavior: 30+ kills during --out writes: the folder is one whole run or absent; no temp file survives", async () => {
    const parent = join(dir, "runs");
    mkdirSync(parent);
    const out = join(parent, "out");
    // Two configs with different outputs, so a folder mixing runs is visible.
    const configs = [
      writeConfig(dir, backtestConfig()),
      writeConfig(dir, withValue(backtestConfig(), "position.deposit", 25000)),
    ];
    const refs: Map<string, string>[] = [];
    for (const c of configs) {
      const ref = join(dir, `ref-${refs.length}`);
      const o = await runBin(["backtest", "--config", c, "--out", ref]);
      expect(o.code, o.stderr).toBe(0);
      refs.push(snapshot(ref));
    }
    expect(sameRun(refs[0], refs[1])).toBe(false);
    expect([...refs[0].keys()]).toEqual(["events.csv", "events.json", "report.html", "series.csv"]);

    let seed = 20260901;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const outcomes = new Map<string, number>();
    const problemsSeen: string[] = [];
    let kills = 0;
    for (let i = 0; kills < 30 && i < 60; i++) {
      const how = await runAndKill(configs[i % 2], out, parent, rand);
      outcomes.set(how, (outcomes.get(how) ?? 0) + 1);
      if (how !== "finished before the kill") kills++;
      if (existsSync(out)) {
        const s = snapshot(out);
        if (!refs.some((r) => sameRun(r, s)))
          problemsSeen.push(`run ${i} (${how}): ${out} holds ${[...s.keys()].join(", ")}, not one whole run`);
      }
      // Nothing but temp folders of the dead run may sit beside it (the next run removes them).
      for (const n of readdirSync(parent))
        if (n !== "out" && !/^\.out\.lpguard-(tmp|old)-\d+-[0-9a-f]+$/.test(n))
          problemsSeen.push(`run ${i}: unexpected ${n}`);
    }
    expect(kills).toBeGreaterThanOrEqual(30);
    expect(problemsSeen).toEqual([]);
    // The next run cleans up: no temp folder, no temp file, and the folder is that run, whole.
    const o = await runBin(["backtest", "--config", configs[1], "--out", out]);
    expect(o.code, o.stderr).toBe(0);
    expect(readdirSync(parent)).toEqual(["out"]);
    expect(readdirSync(out).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    expect(sameRun(snapshot(out), refs[1])).toBe(true);
    writeFileSync(join(dir, "kill-outcomes.json"), JSON.stringify(Object.fromEntries(outcomes)));
    console.log(`kill -9 loop: ${kills} kills`, Object.fromEntries(outcomes));
  }, 120_000);
});
