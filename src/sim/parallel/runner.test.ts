import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, test, vi } from "vitest";
import { getKernel, type LpHedgeConfig } from "../kernels/index.js";
import { createWorkerPool, runPaths } from "./runner.js";

const config: LpHedgeConfig = {
  initialPrice: 3000,
  mu: 0.05,
  sigma: 0.8,
  horizonYears: 7 / 365,
  steps: 168,
  deposit: 10_000,
  feeRate: 0.003,
  noise: { turnoverPerYear: 20, volumeSigma: 0.5 },
  hedge: { mode: "band", band: 0.02, costRate: 0.0005 },
};

const srcRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

/** Transpiles src/sim and src/errors (what the runner imports) to JavaScript in a temporary folder, like dist/. */
function buildJs(): string {
  const out = mkdtempSync(join(tmpdir(), "lpguard-sim-"));
  tmpDirs.push(out);
  writeFileSync(join(out, "package.json"), '{ "type": "module" }\n');
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
    });
  for (const file of [...walk(join(srcRoot, "sim")), ...walk(join(srcRoot, "errors"))]) {
    const js = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
      fileName: file,
    }).outputText;
    const target = join(out, relative(srcRoot, file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js);
  }
  return out;
}

describe("runPaths", () => {
  test("default: in-process (workers = 1) and 2 worker threads give bit-identical rows", async () => {
    const one = await runPaths({ kernel: "lpHedge", config, paths: 300, seed: 42, workers: 1 });
    const two = await runPaths({ kernel: "lpHedge", config, paths: 300, seed: 42, workers: 2, chunkSize: 7 });
    expect(one.workers).toBe(1);
    expect(two.workers).toBe(2);
    expect(two.columns).toEqual(one.columns);
    expect(two.rows.length).toBe(300 * one.columns.length);
    expect(Buffer.from(two.rows.buffer).equals(Buffer.from(one.rows.buffer))).toBe(true);
    expect(one.rows.every(Number.isFinite)).toBe(true);
  });

  test("behavior: a pool is reusable (async and blocking runs) and the chunk size does not change the result", async () => {
    const pool = createWorkerPool({ workers: 2 });
    try {
      const a = await pool.run({ kernel: "lpHedge", config, paths: 101, seed: 3, chunkSize: 1 });
      const b = await pool.run({ kernel: "lpHedge", config, paths: 101, seed: 3, chunkSize: 50 });
      const c = await pool.run({ kernel: "lpHedge", config, paths: 101, seed: 4 });
      const d = pool.runSync({ kernel: "lpHedge", config, paths: 101, seed: 3 });
      expect(b.rows).toEqual(a.rows);
      expect(d.rows).toEqual(a.rows);
      expect(c.rows).not.toEqual(a.rows);
    } finally {
      await pool.close();
    }
  });

  test("behavior: a pool creates a repeated config's kernel once in the caller's thread, a changed one again", async () => {
    // create runs in this thread only to validate (the workers create their own kernel)
    const create = vi.spyOn(getKernel("lpHedge"), "create");
    const pool = createWorkerPool({ workers: 2 });
    try {
      const run = (c: unknown, paths = 8, seed = 1) =>
        pool.runSync({ kernel: "lpHedge", config: c, paths, seed });
      const a = run(config);
      const b = run({ ...config }, 8, 1); // equal JSON: not created again
      expect(create).toHaveBeenCalledTimes(1);
      expect(b.rows).toEqual(a.rows);
      // the run's own fields are still checked on a repeated config
      expect(() => run(config, 0)).toThrow(/paths 0/);
      expect(() => run(config, 8, 0.5)).toThrow(/seed 0.5/);
      // a changed config is created (validated) again, and a bad one fails here, naming the field
      expect(() => run({ ...config, sigma: -1 })).toThrow(/sigma -1/);
      expect(run({ ...config, sigma: 0.5 }).rows).not.toEqual(a.rows);
      expect(create).toHaveBeenCalledTimes(3);
      expect(run(config).rows).toEqual(a.rows);
      expect(create).toHaveBeenCalledTimes(4);
    } finally {
      create.mockRestore();
      await pool.close();
    }
  });

  test("behavior: compiled JavaScript (as in dist/) runs its .js worker with the same results", async () => {
    const out = buildJs();
    const mod = (await import(pathToFileURL(join(out, "sim/parallel/runner.js")).href)) as {
      runPaths: typeof runPaths;
    };
    const js = await mod.runPaths({ kernel: "lpHedge", config, paths: 64, seed: 5, workers: 2 });
    const inProcess = await runPaths({ kernel: "lpHedge", config, paths: 64, seed: 5, workers: 1 });
    expect(Buffer.from(js.rows.buffer).equals(Buffer.from(inProcess.rows.buffer))).toBe(true);
  });

  test("behavior: bad input fails in the caller's thread and names the field", async () => {
    await expect(
      runPaths({ kernel: "lpHedge", config: { ...config, sigma: -1 }, paths: 10, seed: 1, workers: 2 }),
    ).rejects.toThrow(/sigma -1/);
    await expect(runPaths({ kernel: "lpHedge", config, paths: 0, seed: 1, workers: 1 })).rejects.toThrow(
      /paths 0/,
    );
    await expect(runPaths({ kernel: "lpHedge", config, paths: 1, seed: 0.5, workers: 1 })).rejects.toThrow(
      /seed 0.5/,
    );
    await expect(runPaths({ kernel: "other", config, paths: 1, seed: 1, workers: 1 })).rejects.toThrow(
      /kernel "other"/,
    );
  });
});
