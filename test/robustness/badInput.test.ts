/**
 * The bad-input suite: hundreds of bad flags, configs and data files run through `main()` in-process. Every outcome
 * must exit 0 or 2, print no stack trace, no NaN/Infinity, and on 2 exactly one `error:` line of at most 300
 * characters naming the flag, config path or file. The number of cases is printed at the end (and in the report).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import {
  backtestConfig,
  copyPoolDay,
  ETH_1H,
  FUNDING,
  hedgedConfig,
  problems,
  riskConfig,
  run,
  scratch,
  simulateConfig,
  withValue,
  writeConfig,
} from "./harness.js";

const dir = scratch("bad");
const fifo = join(dir, "pipe.csv");
execFileSync("mkfifo", [fifo]);
const emptyDir = join(dir, "empty-folder");
mkdirSync(emptyDir);
const missing = join(dir, "does-not-exist.csv");

let cases = 0;
/** Runs every case and returns the failures as readable lines. */
async function check(
  list: { argv: string[]; expect?: RegExp | string; label?: string }[],
): Promise<string[]> {
  const failures: string[] = [];
  for (const c of list) {
    cases++;
    const o = await run(c.argv);
    const p = problems(o, c.expect);
    if (p.length > 0)
      failures.push(`${c.label ?? c.argv.join(" ").slice(0, 160)} -> code ${o.code}: ${p.join("; ")}`);
  }
  return failures;
}

const BAD_NUMBERS = [
  "",
  "abc",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e308",
  "-1e308",
  "1e-300",
  "0",
  "-1",
  "1e400",
  "0x10",
  "1_000",
  "9".repeat(400),
  "1e5e5",
];

describe("bad flags", () => {
  test("behavior: position: every numeric flag × 15 bad values × 3 kinds", async () => {
    const base: Record<string, Record<string, string>> = {
      v2: { "--price": "2000", "--entry-price": "1000", "--deposit": "10000", "--vol": "0.8" },
      v3: {
        "--price": "2000",
        "--entry-price": "1800",
        "--deposit": "10000",
        "--lower": "1500",
        "--upper": "2500",
        "--vol": "0.8",
      },
      weighted: {
        "--price": "2000",
        "--entry-price": "1000",
        "--deposit": "10000",
        "--weight": "0.8",
        "--vol": "0.8",
      },
    };
    const list: { argv: string[]; expect?: string }[] = [];
    for (const [kind, flags] of Object.entries(base)) {
      const variants = [
        flags,
        {
          ...Object.fromEntries(Object.entries(flags).filter(([f]) => f !== "--deposit")),
          "--liquidity": "100",
        },
      ];
      for (const v of variants)
        for (const flag of Object.keys(v))
          for (const bad of BAD_NUMBERS) {
            const args = { ...v, [flag]: bad };
            list.push({
              argv: ["position", "--kind", kind, ...Object.entries(args).flat(), "--json"],
              expect: flag,
            });
          }
    }
    const failures = await check(list);
    expect(failures).toEqual([]);
  });

  test("behavior: flags that do not apply, unknown commands and options, missing values", async () => {
    const v2 = ["position", "--kind", "v2", "--price", "2000", "--entry-price", "1000", "--deposit", "1"];
    const failures = await check([
      { argv: [...v2, "--lower", "1500"], expect: "--lower" },
      { argv: [...v2, "--weight", "0.5"], expect: "--weight" },
      { argv: [...v2, "--liquidity", "5"], expect: "--deposit" },
      {
        argv: [
          "position",
          "--kind",
          "v3",
          "--price",
          "2000",
          "--entry-price",
          "1000",
          "--deposit",
          "1",
          "--weight",
          "0.5",
          "--lower",
          "1",
          "--upper",
          "3000",
        ],
        expect: "--weight",
      },
      {
        argv: [
          "position",
          "--kind",
          "weighted",
          "--price",
          "2000",
          "--entry-price",
          "1000",
          "--deposit",
          "1",
          "--weight",
          "0.5",
          "--lower",
          "1",
        ],
        expect: "--lower",
      },
      {
        argv: ["position", "--kind", "bogus", "--price", "1", "--entry-price", "1", "--deposit", "1"],
        expect: "--kind",
      },
      { argv: ["position", "--price", "1", "--entry-price", "1", "--deposit", "1"], expect: "--kind" },
      { argv: ["frobnicate"], expect: "frobnicate" },
      { argv: ["backtest", "--config", "x.yaml", "--nope"], expect: "--nope" },
      { argv: ["backtest"], expect: "--config" },
      { argv: ["backtest", "--config"], expect: "--config" },
      { argv: ["backtest", "--config", "x.yaml", "extra"], expect: "argument" },
      { argv: ["compare", "--config", "x.yaml", "--bogus", "1"], expect: "--bogus" },
      { argv: ["simulate", "--config", "x", "--paths"], expect: "--paths" },
      { argv: ["forecast", "--data", ETH_1H, "--model", "ewma", "--dvol", "x.csv"], expect: "--dvol" },
      { argv: ["forecast", "--data", ETH_1H, "--model", "ewma", "--horizons", "1,2"], expect: "--horizons" },
      {
        argv: ["forecast", "--data", ETH_1H, "--model", "ewma", "--refit-every", "5"],
        expect: "--refit-every",
      },
      { argv: ["forecast", "--data", ETH_1H, "--evaluate", "--model", "garch"], expect: "--model" },
      { argv: ["forecast", "--data", ETH_1H, "--evaluate", "--horizon", "3"], expect: "--horizon" },
      { argv: ["forecast", "--data", ETH_1H, "--model", "garch", "--lambda", "0.9"], expect: "--lambda" },
      { argv: ["risk", "--config", join(dir, "x.yaml"), "--paths", "5"], expect: "--paths" },
    ]);
    expect(failures).toEqual([]);
  });

  test("behavior: forecast and simulate numeric flags", async () => {
    const sim = writeConfig(dir, simulateConfig());
    const list: { argv: string[]; expect?: string }[] = [];
    for (const bad of BAD_NUMBERS) {
      list.push({
        argv: ["forecast", "--data", ETH_1H, "--model", "ewma", "--horizon", bad],
        expect: "--horizon",
      });
      list.push({
        argv: ["forecast", "--data", ETH_1H, "--model", "ewma", "--lambda", bad],
        expect: "--lambda",
      });
      list.push({ argv: ["simulate", "--config", sim, "--paths", bad], expect: "--paths" });
      list.push({ argv: ["simulate", "--config", sim, "--seed", bad], expect: "--seed" });
      list.push({ argv: ["simulate", "--config", sim, "--workers", bad], expect: "--workers" });
    }
    for (const [flag, path] of [
      ["--data", missing],
      ["--data", emptyDir],
      ["--data", fifo],
      ["--data", ""],
    ])
      list.push({ argv: ["forecast", flag, path, "--model", "ewma"], expect: flag });
    list.push({ argv: ["forecast", "--data", ETH_1H, "--evaluate", "--dvol", fifo], expect: "--dvol" });
    list.push({
      argv: ["forecast", "--data", ETH_1H, "--evaluate", "--horizons", "1,x"],
      expect: "--horizons",
    });
    list.push({ argv: ["forecast", "--data", ETH_1H, "--model", "bogus"], expect: "--model" });
    const failures = await check(list);
    expect(failures).toEqual([]);
  });
});

/** Config mutations: dotted path → bad values. */
const BAD_VALUES: unknown[] = [1e308, -1e308, 1e-300, -1, "abc", null, [], { a: 1 }, true];

describe("bad configs", () => {
  test("behavior: backtest: dates, numbers, kinds and keys", async () => {
    const base = backtestConfig();
    const list: { argv: string[]; expect?: string; label: string }[] = [];
    const add = (path: string, value: unknown, cfg = base, expectPath = path) => {
      const f = writeConfig(dir, withValue(cfg, path, value));
      list.push({
        argv: ["backtest", "--config", f, "--json"],
        expect: expectPath,
        label: `${path}=${JSON.stringify(value)}`,
      });
    };
    for (const d of ["2022-02-30", "2022-13-01", "2022-00-01", "2022-7-19", 20220719, "yesterday"]) {
      add("data.from", d);
      add("data.to", d);
    }
    for (const v of BAD_VALUES) {
      add("position.deposit", v);
      add("position.range.belowPct", v);
      add("position.range.abovePct", v);
      add("costs.gasQuote", v);
      add("latencyMinutes", v);
      add("strategy.kind", v);
      add("inRangeMode", v);
    }
    add("position.deposit", 0);
    add("position.range.belowPct", 100);
    add("bogusKey", 1, base, "bogusKey");
    add("position.range", { lower: 2000, upper: 1000 });
    add("position.range", { belowPct: 10 });
    const failures = await check(list);
    expect(failures).toEqual([]);
  });

  test("behavior: backtest: every referenced path missing, a folder, a FIFO, empty or not a string", async () => {
    const list: { argv: string[]; expect?: string | RegExp; label: string }[] = [];
    const add = (cfg: Record<string, unknown>, path: string, value: unknown, expectPath = path) => {
      const f = writeConfig(dir, withValue(cfg, path, value));
      list.push({
        argv: ["backtest", "--config", f],
        expect: expectPath,
        label: `${path}=${JSON.stringify(value)}`,
      });
    };
    for (const p of [missing, fifo, "", 5, null]) add(backtestConfig(), "data.pool", p);
    add(backtestConfig(), "data.pool", emptyDir, "empty-folder");
    for (const p of [missing, fifo, emptyDir, "", 7]) add(hedgedConfig(), "venues.perp.funding.file", p);
    for (const v of BAD_VALUES) {
      add(hedgedConfig(), "hedge.trigger.band", v);
      add(hedgedConfig(), "venues.perp.leverage", v);
      add(hedgedConfig(), "venues.perp.takerFee", v);
    }
    // --config itself
    list.push({ argv: ["backtest", "--config", missing], expect: "--config", label: "--config missing" });
    list.push({ argv: ["backtest", "--config", emptyDir], expect: "--config", label: "--config folder" });
    list.push({ argv: ["backtest", "--config", fifo], expect: "--config", label: "--config FIFO" });
    for (const text of [
      "",
      "[1, 2",
      "a: b: c",
      "5",
      "- 1\n- 2\n",
      "a: !nosuchtag 1\n",
      `x: "${"y".repeat(5000)}"\n`,
      "{",
    ])
      list.push({
        argv: ["backtest", "--config", writeConfig(dir, text)],
        expect: /c\d+\.yaml/,
        label: `config text ${JSON.stringify(text.slice(0, 20))}`,
      });
    const failures = await check(list);
    expect(failures).toEqual([]);
  });

  test("behavior: risk and simulate configs", async () => {
    const list: { argv: string[]; expect?: string; label: string }[] = [];
    const add = (
      cmd: string,
      cfg: Record<string, unknown>,
      path: string,
      value: unknown,
      expectPath = path,
    ) => {
      const f = writeConfig(dir, withValue(cfg, path, value));
      list.push({
        argv: [cmd, "--config", f, "--json"],
        expect: expectPath,
        label: `${cmd} ${path}=${JSON.stringify(value)}`,
      });
    };
    for (const v of BAD_VALUES) {
      add("risk", riskConfig(), "position.deposit", v);
      add("risk", riskConfig(), "horizonDays", v);
      add("risk", riskConfig(), "monteCarlo.paths", v);
      add("simulate", simulateConfig(), "model.sigma", v);
      add("simulate", simulateConfig(), "steps", v);
      add("simulate", simulateConfig(), "horizonDays", v);
      add("simulate", simulateConfig(), "position.deposit", v);
      add("simulate", simulateConfig(), "pool.feeRate", v);
    }
    for (const d of ["2022-02-30", "2022-13-01"]) {
      add("risk", riskConfig(), "data.from", d);
      add("risk", riskConfig(), "data.to", d);
    }
    for (const p of [missing, fifo, emptyDir, ""]) add("risk", riskConfig(), "data.prices", p, "data.prices");
    add("risk", riskConfig(), "confidence", [1.5]);
    add("risk", riskConfig(), "confidence", [-0.1]);
    const failures = await check(list);
    expect(failures).toEqual([]);
  });
});

describe("bad data files", () => {
  test("behavior: a corrupted pool day names file, line and column", async () => {
    const poolText = readFileSync(copyPoolDay(join(dir, "pool-src")), "utf8");
    const lines = poolText.split("\n");
    const corrupt: [string, (ls: string[]) => string[]][] = [
      [
        "400-digit liquidity",
        (ls) => ls.map((l, i) => (i === 5 ? l.replace(/,[0-9]+$/, `,${"9".repeat(400)}`) : l)),
      ],
      ["1e308 amount", (ls) => ls.map((l, i) => (i === 5 ? l.replace(/^([^,]+),[^,]+,/, "$1,1e308,") : l))],
      [
        "NaN tick",
        (ls) => ls.map((l, i) => (i === 9 ? l.replace(/^([^,]+,[^,]+,[^,]+),[^,]+,/, "$1,NaN,") : l)),
      ],
      [
        "huge tick",
        (ls) => ls.map((l, i) => (i === 9 ? l.replace(/^([^,]+,[^,]+,[^,]+),[^,]+,/, "$1,99999999,") : l)),
      ],
      ["ragged row", (ls) => ls.map((l, i) => (i === 3 ? `${l},extra` : l))],
      ["short row", (ls) => ls.map((l, i) => (i === 3 ? l.split(",").slice(0, 4).join(",") : l))],
      ["blank line", (ls) => [...ls.slice(0, 4), "", ...ls.slice(4)]],
      ["missing column", (ls) => ls.map((l) => l.split(",").slice(0, -1).join(","))],
      ["header only", (ls) => [ls[0], ""]],
      ["empty", () => [""]],
      ["duplicate minute", (ls) => [...ls.slice(0, 3), ls[2], ...ls.slice(3)]],
      ["bad timestamp", (ls) => ls.map((l, i) => (i === 2 ? l.replace(/^[^,]+/, "2022-07-19 25:61:00") : l))],
      ["binary junk", (ls) => [ls[0], "\u0000\u0001\u0002,\uFFFD", ...ls.slice(1)]],
    ];
    const list: { argv: string[]; expect?: RegExp; label: string }[] = [];
    corrupt.forEach(([label, f], i) => {
      const folder = join(dir, `pool-${i}`);
      const file = copyPoolDay(folder);
      writeFileSync(file, f(lines).join("\n"));
      const cfg = writeConfig(dir, withValue(backtestConfig(), "data.pool", file));
      list.push({
        argv: ["backtest", "--config", cfg, "--json"],
        expect: /Polygon-0x45dd.*2022-07-19\.csv/,
        label,
      });
    });
    const failures = await check(list);
    expect(failures).toEqual([]);
  });

  test("behavior: a funding rate of 1e308 and a 400-digit cell in a funding file", async () => {
    const text = readFileSync(FUNDING, "utf8").split("\n");
    const list: { argv: string[]; expect?: RegExp; label: string }[] = [];
    for (const [label, bad] of [
      ["rate 1e308", "1e308"],
      ["rate 400 digits", "9".repeat(400)],
      ["rate NaN", "NaN"],
      ["rate -5", "-5"],
    ] as const) {
      const f = join(dir, `binance-usdm-ETHUSDT-${label.replace(/\W/g, "")}.csv`);
      writeFileSync(f, text.map((l, i) => (i === 100 ? l.replace(/,[^,]*$/, `,${bad}`) : l)).join("\n"));
      const cfg = writeConfig(dir, withValue(hedgedConfig(), "venues.perp.funding.file", f));
      list.push({ argv: ["backtest", "--config", cfg], expect: /line 101, column funding_rate/, label });
    }
    const ohlcv = readFileSync(ETH_1H, "utf8").split("\n").slice(0, 800);
    for (const [label, bad] of [
      ["close 1e308", "1e308"],
      ["close 400 digits", "9".repeat(400)],
      ["close NaN", "NaN"],
      ["close 0", "0"],
    ] as const) {
      const f = join(dir, `ETH-${label.replace(/\W/g, "")}.csv`);
      writeFileSync(
        f,
        ohlcv.map((l, i) => (i === 50 ? l.replace(/^((?:[^,]*,){4})[^,]*/, `$1${bad}`) : l)).join("\n"),
      );
      list.push({
        argv: ["forecast", "--data", f, "--model", "ewma"],
        expect: /line 51, column (close|high|low)/,
        label: `forecast ${label}`,
      });
      const cfg = writeConfig(
        dir,
        withValue(withValue(riskConfig(), "data.prices", f), "data.to", "2022-02-02"),
      );
      list.push({
        argv: ["risk", "--config", cfg],
        expect: /line 51, column (close|high|low)/,
        label: `risk ${label}`,
      });
    }
    const failures = await check(list);
    expect(failures).toEqual([]);
  });
});

describe("bad --out", () => {
  test("behavior: '', '.', the cwd, a file, a foreign folder, a path under a file", async () => {
    const cfg = writeConfig(dir, backtestConfig());
    const aFile = join(dir, "a-file.txt");
    writeFileSync(aFile, "x");
    const foreign = join(dir, "foreign");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "notes.txt"), "mine");
    const failures = await check(
      ["", ".", "./", process.cwd(), "..", aFile, foreign, join(aFile, "sub"), "/"].map((out) => ({
        argv: ["backtest", "--config", cfg, "--out", out],
        expect: "--out",
      })),
    );
    expect(failures).toEqual([]);
    expect(readFileSync(join(foreign, "notes.txt"), "utf8")).toBe("mine");
  });
});

afterAll(() => {
  // The count goes in the report of issue #9.
  console.log(`bad-input suite: ${cases} cases through main()`);
});

describe("size budget", () => {
  test("behavior: paths × strategies past the 1 GiB budget is refused up front with the estimate", async () => {
    const cfg = writeConfig(
      dir,
      withValue(simulateConfig(), "strategies", [{ name: "a" }, { name: "b" }, { name: "c" }, { name: "d" }]),
    );
    // Refused before any path runs (4e8 paths would take hours, so reaching the assertions shows it).
    const o = await run(["simulate", "--config", cfg, "--paths", "100000000"]);
    expect(problems(o, "--paths")).toEqual([]);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(
      /^error: --paths 100000000: 100000000 paths × 4 strategies × \d+ results (?:\(\+ \d+ steps per path\) )?needs about \d+ MiB, over the budget of 1024 MiB; reduce it\.\n$/,
    );
  });
});

describe("extreme but valid values", () => {
  test("behavior: exit 0 with finite output, or 2 naming the config path (never an internal variable)", async () => {
    const list: { argv: string[]; expect?: string; label: string }[] = [];
    const add = (cmd: string, cfg: Record<string, unknown>, path: string, value: unknown) => {
      const f = writeConfig(dir, withValue(cfg, path, value));
      list.push({
        argv: [cmd, "--config", f, "--json"],
        expect: path.split(".")[0],
        label: `${cmd} ${path}=${JSON.stringify(value)}`,
      });
    };
    for (const r of [
      { belowPct: 99.9999999, abovePct: 1e12 },
      { lower: 1e-30, upper: 1e30 },
      { lower: 1500, upper: 1500.0000001 },
      { lower: 1, upper: 2 },
      { belowPct: 0, abovePct: 0 },
    ]) {
      add("backtest", backtestConfig(), "position.range", r);
      add("risk", riskConfig(), "position.range", r);
      add("simulate", simulateConfig(), "position.range", r);
    }
    for (const v of [1e15, 1e-6]) add("backtest", backtestConfig(), "position.deposit", v);
    add("backtest", backtestConfig(), "costs.gasQuote", 1e15);
    add("backtest", backtestConfig(), "latencyMinutes", 1e6);
    for (const v of [1e-12, 1e12]) add("backtest", hedgedConfig(), "hedge.trigger.band", v);
    add("backtest", hedgedConfig(), "venues.perp.leverage", 1e12);
    add("backtest", hedgedConfig(), "venues.perp.takerFee", 0.99);
    add("backtest", hedgedConfig(), "hedge.latencyMs", 1e15);
    for (const v of [1e12, 1e-12]) add("risk", riskConfig(), "volatility", v);
    for (const v of [1e6, 0]) add("simulate", simulateConfig(), "model.sigma", v);
    for (const v of [1e25, 1e-25]) add("simulate", simulateConfig(), "initialPrice", v);
    add("simulate", simulateConfig(), "steps", 1);
    add("simulate", simulateConfig(), "horizonDays", 3650);
    const failures = await check(list);
    expect(failures).toEqual([]);
  });
});

describe("generated bad data cells", () => {
  const BAD_CELLS = ["", "NaN", "abc", "1e400", "9".repeat(400), "-1.5", "0x1F", "1,5"];

  test("behavior: every column of a pool day × 8 bad cells names file, line and column", async () => {
    const lines = readFileSync(copyPoolDay(join(dir, "gen-src")), "utf8").split("\n");
    const header = lines[0].split(",");
    const list: { argv: string[]; expect?: RegExp; label: string }[] = [];
    header.forEach((col, c) => {
      for (const [b, bad] of BAD_CELLS.entries()) {
        const folder = join(dir, `gen-pool-${c}-${b}`);
        const file = copyPoolDay(folder);
        const row = 10 + b;
        const out = lines.map((l, i) => {
          if (i !== row) return l;
          const cells = l.split(",");
          cells[c] = bad;
          return cells.join(",");
        });
        writeFileSync(file, out.join("\n"));
        const cfg = writeConfig(dir, withValue(backtestConfig(), "data.pool", file));
        // "1,5" adds a field: the row is ragged, named by its line; otherwise the column is named.
        list.push({
          argv: ["backtest", "--config", cfg, "--json"],
          expect: new RegExp(`2022-07-19\\.csv, line ${row + 1}, column`),
          label: `pool ${col}=${bad.slice(0, 12)}`,
        });
      }
    });
    const failures = await check(list);
    expect(failures).toEqual([]);
  });

  test("behavior: every column of an OHLCV file × 8 bad cells (forecast)", async () => {
    const lines = readFileSync(ETH_1H, "utf8").split("\n").slice(0, 400);
    const header = lines[0].split(",");
    const list: { argv: string[]; expect?: RegExp; label: string }[] = [];
    header.forEach((col, c) => {
      for (const [b, bad] of BAD_CELLS.entries()) {
        const row = 20 + b;
        const f = join(dir, `gen-ohlcv-${c}-${b}.csv`);
        writeFileSync(
          f,
          lines
            .map((l, i) => {
              if (i !== row) return l;
              const cells = l.split(",");
              cells[c] = bad;
              return cells.join(",");
            })
            .join("\n"),
        );
        list.push({
          argv: ["forecast", "--data", f, "--model", "ewma"],
          expect: new RegExp(`gen-ohlcv-${c}-${b}\\.csv, line ${row + 1}`),
          label: `ohlcv ${col}=${bad.slice(0, 12)}`,
        });
      }
    });
    const failures = await check(list);
    expect(failures).toEqual([]);
  });
});

/** Returns the errno a real fs call on `p` fails with (tests run as root, so only special paths refuse). */
function errnoOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
}
const EACCES_INPUT = "/proc/1/environ";
const eaccesInput = errnoOf(() => readFileSync(EACCES_INPUT)) === "EACCES";
const EPERM_OUT = "/sys/kernel/lpguard-robust-out";
const epermOut = errnoOf(() => mkdirSync(`${EPERM_OUT}-probe`)) === "EPERM";

describe("real EACCES and EPERM through the CLI", () => {
  test.skipIf(!eaccesInput)(
    "behavior: an input the kernel refuses to root (EACCES) is exit 2 naming --data",
    async () => {
      const o = await run(["forecast", "--data", EACCES_INPUT, "--model", "ewma"]);
      cases++;
      expect(problems(o, "--data")).toEqual([]);
      expect(o.stderr).toBe(`error: --data "${EACCES_INPUT}": cannot read: permission denied (EACCES).\n`);
    },
  );

  test.skipIf(!epermOut)(
    "behavior: an --out where the kernel refuses a folder (EPERM) is exit 2 naming --out",
    async () => {
      const o = await run(["backtest", "--config", writeConfig(dir, backtestConfig()), "--out", EPERM_OUT]);
      cases++;
      expect(problems(o, "--out")).toEqual([]);
      expect(o.stderr).toMatch(
        /^error: --out "\/sys\/kernel\/lpguard-robust-out": cannot create a temp folder beside it: operation not permitted \(EPERM\)\.\n$/,
      );
    },
  );
});

describe("random position flags (fast-check)", () => {
  test("behavior: any mix of kinds, flags and values keeps the rules (exit 0/2, one line, finite output)", async () => {
    const value = fc.oneof(
      fc.constantFrom(...BAD_NUMBERS),
      fc.double({ min: 1e-15, max: 1e16, noNaN: true }).map(String),
      fc.integer({ min: -10, max: 10_000 }).map(String),
    );
    const flags = [
      "--price",
      "--entry-price",
      "--deposit",
      "--liquidity",
      "--lower",
      "--upper",
      "--weight",
      "--vol",
    ];
    const argvArb = fc.tuple(
      fc.constantFrom("v2", "v3", "weighted", "v4", ""),
      fc.subarray(flags, { minLength: 1 }),
      fc.array(value, { minLength: flags.length, maxLength: flags.length }),
      fc.boolean(),
    );
    const samples = fc.sample(argvArb, { numRuns: 400, seed: 9 });
    const list = samples.map(([kind, fs, vs, json]) => ({
      argv: ["position", "--kind", kind, ...fs.flatMap((f, i) => [f, vs[i]]), ...(json ? ["--json"] : [])],
      expect: /--[a-z-]+/,
    }));
    const failures = await check(list);
    expect(failures).toEqual([]);
  });
});

describe("random backtest configs (fast-check)", () => {
  test("behavior: several fields changed at once, valid or not, keep the rules", async () => {
    const fields: [string, unknown[]][] = [
      ["data.from", ["2022-07-19", "2022-07-18", "2022-02-30", "2022-13-01", 5]],
      ["data.to", ["2022-07-19", "2022-07-20", "2022-07-18", "x"]],
      ["position.deposit", [10000, 1e-6, 1e15, 0, -1, 1e308, "1000"]],
      ["position.range.belowPct", [10, 0, 99.9, 100, -1, 1e308]],
      ["position.range.abovePct", [10, 0, 1e6, -1, 1e308]],
      ["strategy.kind", ["passive", "fullRange", "hold", "bogus"]],
      ["costs.gasQuote", [0, 0.05, 1e9, -1]],
      ["costs.priceImpact", [true, false, "yes"]],
      ["latencyMinutes", [0, 1, 1440, -1, 0.5]],
      ["inRangeMode", ["close", "prorate", "path?"]],
    ];
    const arb = fc.array(fc.tuple(fc.nat({ max: fields.length - 1 }), fc.nat({ max: 6 })), {
      minLength: 1,
      maxLength: 4,
    });
    const list = fc.sample(arb, { numRuns: 150, seed: 21 }).map((changes) => {
      let cfg = backtestConfig();
      const changed: string[] = [];
      for (const [f, v] of changes) {
        const [path, values] = fields[f];
        cfg = withValue(cfg, path, values[v % values.length]);
        changed.push(path.split(".")[0]);
      }
      return {
        argv: ["backtest", "--config", writeConfig(dir, cfg), "--json"],
        // The error names one of the changed sections (or the file, for a YAML problem).
        expect: new RegExp(`(${[...new Set(changed)].join("|")})`),
        label: JSON.stringify(changes),
      };
    });
    const failures = await check(list);
    expect(failures).toEqual([]);
  });
});

describe("random risk and simulate configs (fast-check)", () => {
  test("behavior: several fields changed at once keep the rules", async () => {
    const riskFields: [string, unknown[]][] = [
      ["position.kind", ["v2", "v3", "weighted", "v9"]],
      ["position.deposit", [10000, 1e-6, 1e15, -1, 1e308]],
      [
        "position.range",
        [
          { belowPct: 10, abovePct: 10 },
          { lower: 1, upper: 2 },
          { belowPct: 0, abovePct: 0 },
        ],
      ],
      ["position.weight", [0.5, 0, 1, 2]],
      ["data.from", ["2022-01-01", "2022-02-30", "2021-01-01", "2023-01-01"]],
      ["data.to", ["2022-01-31", "2022-01-02", "2021-12-31"]],
      ["horizonDays", [1, 1 / 24, 30, 1e-9, 3650]],
      ["confidence", [[0.95], [0.5, 0.999], [1], []]],
      ["volatility", ["closeToClose", "yangZhang", "ewma", 0.8, 1e-12, "bogus"]],
    ];
    const simFields: [string, unknown[]][] = [
      [
        "model",
        [
          { kind: "gbm", sigma: 0.8 },
          { kind: "merton", sigma: 0.7, lambda: 12, jumpMean: -0.02, jumpStd: 0.06 },
          { kind: "garch", volatility: 0.8, alpha: 0.05, beta: 0.9 },
          { kind: "garch", volatility: 0.8, alpha: 0.6, beta: 0.6 },
          { kind: "regime", sigma: [0.5, 1.2], p01: 0.002, p10: 0.01 },
        ],
      ],
      ["initialPrice", [3000, 1e-6, 1e12]],
      ["horizonDays", [1, 0.01, 365]],
      ["steps", [24, 1, 5000]],
      ["pool.feeRate", [0.003, 0, 0.49]],
      ["pool.noise", [{ turnoverPerYear: 20, volumeSigma: 0.5 }, { turnoverPerYear: 1e9 }]],
      [
        "strategies",
        [
          [{ name: "u" }],
          [{ name: "h", hedge: { mode: "interval", every: 1, ratio: 1, costRate: 0.0005 } }],
          [{ name: "b", hedge: { mode: "band", band: 1e-9 } }],
          [{ name: "w", range: { belowPct: 99, abovePct: 1000 } }],
        ],
      ],
    ];
    const make = (
      cmd: string,
      base: Record<string, unknown>,
      fields: [string, unknown[]][],
      seed: number,
      extra: string[],
    ) =>
      fc
        .sample(
          fc.array(fc.tuple(fc.nat({ max: fields.length - 1 }), fc.nat({ max: 6 })), {
            minLength: 1,
            maxLength: 3,
          }),
          { numRuns: 60, seed },
        )
        .map((changes) => {
          let cfg = base;
          const changed: string[] = [];
          for (const [f, v] of changes) {
            const [path, values] = fields[f];
            cfg = withValue(cfg, path, values[v % values.length]);
            changed.push(path.split(".")[0]);
          }
          return {
            argv: [cmd, "--config", writeConfig(dir, cfg), "--json", ...extra],
            expect: new RegExp(`(${[...new Set(changed)].join("|")}|strategies)`),
            label: `${cmd} ${JSON.stringify(changes)}`,
          };
        });
    const failures = await check([
      ...make("risk", riskConfig(), riskFields, 5, []),
      ...make("simulate", simulateConfig(), simFields, 6, ["--paths", "100"]),
    ]);
    expect(failures).toEqual([]);
  });
});
