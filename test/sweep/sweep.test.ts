import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { dailyPnl, sampleVariance } from "../../src/backtest/compare.js";
import { parseBacktestConfig, runBacktest } from "../../src/backtest/index.js";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { openStore } from "../../src/store/openStore.js";
import {
  createDirPointCache,
  createInlineExecutor,
  createLocalExecutor,
  dataIdentities,
  designRows,
  parseSweepConfig,
  pointHash,
  runSweep,
  type SweepExecutor,
  SweepPointError,
  sweepJson,
} from "../../src/sweep/index.js";
import { sharedData } from "../helpers/sharedData.js";
import { smallSweep } from "./helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "lpguard-sweep-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Wraps an executor, counting the points it is asked to evaluate; `failAfter` throws after that many results. */
function counting(inner: SweepExecutor, failAfter = Number.POSITIVE_INFINITY) {
  let executed = 0;
  const ex: SweepExecutor = {
    async run(tasks, onResult) {
      return inner.run(tasks, (i, r) => {
        if (executed >= failAfter) throw new Error("killed");
        executed++;
        onResult(i, r);
      });
    },
    close: () => inner.close(),
  };
  return { ex, executed: () => executed };
}

describe("runSweep", () => {
  test("default: aggregate byte-identical with 1 and 2 local workers", async () => {
    const config = smallSweep();
    const one = await runSweep({ config, baseDir: tmp, executor: createLocalExecutor(1) });
    const pool = createLocalExecutor(2);
    const two = await runSweep({ config, baseDir: tmp, executor: pool });
    await pool.close();
    expect(one.executed).toBe(6);
    expect(two.executed).toBe(6);
    expect(sweepJson(two.aggregate)).toBe(sweepJson(one.aggregate));
    const a = one.aggregate;
    expect(a.points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(a.points.map((p) => p.params.widthPct)).toEqual([2, 2, 5, 5, 10, 10]);
    expect(new Set(a.points.map((p) => p.rank))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(a.points.find((p) => p.rank === 1)?.index).toBe(a.best);
  });

  test("behavior: a point's metrics equal a direct backtest of its spec", async () => {
    const config = smallSweep();
    const { aggregate } = await runSweep({ config, baseDir: tmp });
    const p = aggregate.points[3]; // widthPct 5, 2022-07-20
    const spec = parseBacktestConfig({
      data: { pool: sharedData("uniswap-v3", "polygon-weth-usdc-005"), from: "2022-07-20", to: "2022-07-20" },
      position: { deposit: 10_000, range: { belowPct: 5, abovePct: 5 } },
      strategy: { kind: "passive" },
      costs: { gasQuote: 0.05 },
    });
    const run = runBacktest({ config: spec, baseDir: tmp });
    expect(p.metrics.netPnl).toBe(run.totals.pnl);
    expect(p.metrics.fees).toBe(run.totals.attribution.fees);
    const daily = dailyPnl(run.series, run.totals.initialValue);
    expect(p.metrics.pnlVol).toBe(Math.sqrt(sampleVariance(daily)));
    expect(p.metrics.days).toBe(1);
    // utility = netPnl − λ · pnlVol² · days
    expect(p.objective).toBeCloseTo(p.metrics.netPnl - 0.001 * p.metrics.pnlVol ** 2 * p.metrics.days, 9);
    // the hash is the one of the spec, its files and the seed
    expect(p.hash).toBe(pointHash(spec, dataIdentities(spec, tmp), 1));
  });

  test("behavior: a resumed sweep redoes nothing; a killed one redoes only what was lost", async () => {
    const config = smallSweep();
    const dir = join(tmp, "resume");
    const first = counting(createInlineExecutor(), 4); // dies after 4 points
    await expect(
      runSweep({ config, baseDir: tmp, cache: createDirPointCache(dir), executor: first.ex }),
    ).rejects.toThrow("killed");
    expect(first.executed()).toBe(4);
    expect(readdirSync(join(dir, "points")).filter((f) => f.endsWith(".json"))).toHaveLength(4);
    const second = counting(createInlineExecutor());
    const resumed = await runSweep({
      config,
      baseDir: tmp,
      cache: createDirPointCache(dir),
      executor: second.ex,
    });
    expect(second.executed()).toBe(2);
    expect(resumed.cached).toBe(4);
    const third = counting(createInlineExecutor());
    const again = await runSweep({
      config,
      baseDir: tmp,
      cache: createDirPointCache(dir),
      executor: third.ex,
    });
    expect(third.executed()).toBe(0);
    const clean = await runSweep({ config, baseDir: tmp });
    expect(sweepJson(again.aggregate)).toBe(sweepJson(clean.aggregate));
    expect(sweepJson(resumed.aggregate)).toBe(sweepJson(clean.aggregate));
  });

  test("behavior: touching a data file changes the hashes of the points that read it", async () => {
    const folder = join(tmp, "pool");
    mkdirSync(folder, { recursive: true });
    for (const day of ["2022-07-19", "2022-07-20"]) {
      const name = `Polygon-0x45dda9cb7c25131df268515131f647d726f50608-${day}.csv`;
      copyFileSync(join(sharedData("uniswap-v3", "polygon-weth-usdc-005"), name), join(folder, name));
    }
    const config = smallSweep();
    (config.run.data as Record<string, unknown>).pool = "pool";
    const before = await runSweep({ config, baseDir: tmp });
    const later = new Date(Date.now() + 10_000);
    utimesSync(
      join(folder, "Polygon-0x45dda9cb7c25131df268515131f647d726f50608-2022-07-20.csv"),
      later,
      later,
    );
    const after = await runSweep({ config, baseDir: tmp });
    const changed = before.aggregate.points.map((p, i) => p.hash !== after.aggregate.points[i].hash);
    expect(changed).toEqual([false, true, false, true, false, true]); // only the 07-20 window
    expect(after.aggregate.points.map((p) => p.metrics)).toEqual(
      before.aggregate.points.map((p) => p.metrics),
    );
  });

  test("behavior: identical points are run once", async () => {
    const config = smallSweep({
      axes: [{ name: "gas", path: "costs.gasQuote", values: [0.05, 0.05, 0.1] }],
    });
    const c = counting(createInlineExecutor());
    const r = await runSweep({ config, baseDir: tmp, executor: c.ex });
    expect(c.executed()).toBe(2);
    expect(r.aggregate.sweep.distinct).toBe(2);
    expect(r.aggregate.points[0].metrics).toEqual(r.aggregate.points[1].metrics);
    expect(r.aggregate.points[2].metrics.costs).toBeGreaterThan(r.aggregate.points[0].metrics.costs);
  });

  test("error: a point with an invalid spec names the path, the value and the point", async () => {
    const config = smallSweep({
      axes: [{ name: "widthPct", paths: ["position.range.belowPct"], values: [5, 150] }],
    });
    const run = runSweep({ config, baseDir: tmp, file: "cfg.yaml" });
    await expect(run).rejects.toBeInstanceOf(SweepPointError);
    await expect(run).rejects.toThrow(
      "cfg.yaml: run.position.range.belowPct: must be less than 100, got 150 (point 1: widthPct = 150).",
    );
  });
});

describe("designRows", () => {
  test("grid: every combination, first axis slowest; interval steps evenly spaced", () => {
    const rows = designRows(
      parseSweepConfig({
        run: {},
        axes: [
          { path: "a", values: ["x", "y"] },
          { path: "b", min: 1, max: 3, steps: 3 },
        ],
      }),
    );
    expect(rows).toEqual([
      ["x", 1],
      ["x", 2],
      ["x", 3],
      ["y", 1],
      ["y", 2],
      ["y", 3],
    ]);
  });

  test("property: latin hypercube puts exactly one point in each stratum of each axis", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n, seed) => {
        const config = parseSweepConfig({
          run: {},
          axes: [
            { path: "a", min: 0, max: 1 },
            { path: "b", min: 10, max: 20 },
          ],
          sampling: { kind: "latin", points: n },
          seed,
        });
        const rows = designRows(config);
        expect(rows).toHaveLength(n);
        for (const [k, [lo, hi]] of [
          [0, [0, 1]],
          [1, [10, 20]],
        ] as const) {
          const strata = rows.map((r) =>
            Math.min(n - 1, Math.floor((((r[k] as number) - lo) / (hi - lo)) * n)),
          );
          expect(new Set(strata).size).toBe(n);
        }
        expect(designRows(config)).toEqual(rows); // deterministic
      }),
      { numRuns: 50 },
    );
  });

  test("property: random draws stay in [min, max] and log spacing stays positive", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const rows = designRows(
          parseSweepConfig({
            run: {},
            axes: [{ path: "a", min: 0.5, max: 40, log: true }],
            sampling: { kind: "random", points: 20 },
            seed,
          }),
        );
        for (const [v] of rows) expect(v as number).toBeGreaterThanOrEqual(0.5);
        for (const [v] of rows) expect(v as number).toBeLessThanOrEqual(40);
      }),
      { numRuns: 30 },
    );
  });
});

describe("lpguard sweep", () => {
  test("default: --json prints every point; --out writes sweep.json and report.html; a rerun resumes", async () => {
    const file = join(tmp, "sweep.json.yaml");
    writeFileSync(file, JSON.stringify(smallSweep()));
    const out = join(tmp, "cli-out");
    const io = memoryIO();
    expect(await main(["sweep", "--config", file, "--json", "--out", out, "--workers", "2"], io)).toBe(0);
    const printed = JSON.parse(io.stdout());
    expect(printed.points).toHaveLength(6);
    expect(printed.points[0].params).toEqual({
      widthPct: 2,
      window: { from: "2022-07-19", to: "2022-07-19" },
    });
    expect(typeof printed.points[0].metrics.netPnl).toBe("number");
    const saved = readFileSync(join(out, "sweep.json"), "utf8");
    const { files: _files, ...rest } = printed;
    expect(JSON.parse(saved)).toEqual(rest);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("07-20"); // heatmap label of the window axis
    const io2 = memoryIO();
    expect(await main(["sweep", "--config", file, "--out", out], io2)).toBe(0);
    expect(io2.stdout()).toContain("6 points (6 distinct; 0 run, 6 from the cache)");
    expect(readFileSync(join(out, "sweep.json"), "utf8")).toBe(saved);
  });

  test("behavior: --db stores the sweep and every distinct point with its metrics", async () => {
    const file = join(tmp, "sweep-db.yaml");
    writeFileSync(file, JSON.stringify(smallSweep()));
    const db = join(tmp, "sweeps.sqlite");
    const io = memoryIO();
    expect(await main(["sweep", "--config", file, "--json", "--db", db], io)).toBe(0);
    const printed = JSON.parse(io.stdout());
    expect(io.stderr()).toContain(`stored sweep ${printed.sweepId}`);
    const store = await openStore(db);
    try {
      const sweep = await store.getSweep(printed.sweepId);
      expect(sweep?.status).toBe("done");
      const points = await store.getSweepPoints(printed.sweepId);
      expect(points).toHaveLength(printed.sweep.distinct);
      for (const p of printed.points) {
        const stored = points.find((q) => q.hash === p.hash)!;
        expect(stored.metrics?.netPnl).toBe(p.metrics.netPnl);
        expect(stored.metrics?.rank).toBe(p.rank);
      }
    } finally {
      await store.close();
    }
  });

  test("error: bad flags and config fields exit 2 with one line", async () => {
    const file = join(tmp, "bad.yaml");
    writeFileSync(file, "run: {}\naxes: [{ path: a, min: 2, max: 1 }]\n");
    const io = memoryIO();
    expect(await main(["sweep", "--config", file], io)).toBe(2);
    expect(io.stderr()).toBe(`error: ${file}: axes.0.max: must be >= min (2), got 1.\n`);
    const io2 = memoryIO();
    expect(await main(["sweep", "--config", file, "--workers", "0"], io2)).toBe(2);
    expect(io2.stderr()).toBe('error: --workers "0": must be >= 1.\n');
    const io3 = memoryIO();
    writeFileSync(join(tmp, "ok.yaml"), JSON.stringify(smallSweep()));
    expect(await main(["sweep", "--config", join(tmp, "ok.yaml"), "--queue", "http://x"], io3)).toBe(2);
    expect(io3.stderr()).toBe('error: --queue "http://x": must start with redis://.\n');
    const io4 = memoryIO();
    writeFileSync(join(tmp, "heat.yaml"), JSON.stringify({ ...smallSweep(), heatmap: ["widthPct", "gas"] }));
    expect(await main(["sweep", "--config", join(tmp, "heat.yaml")], io4)).toBe(2);
    expect(io4.stderr()).toBe(
      `error: ${join(tmp, "heat.yaml")}: heatmap.1: names no axis (widthPct, window), got "gas".\n`,
    );
  });
});
