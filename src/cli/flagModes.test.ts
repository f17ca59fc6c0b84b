/**
 * Flags that do not apply to a mode are errors: exit 2 and one line naming the flag (never silently ignored).
 * One table through `main()`, per command and mode; then the same flags where they do apply still run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { REPO_ROOT, SHARED_DATA } from "../../test/helpers/sharedData.js";
import { memoryIO } from "./io.js";
import { main } from "./main.js";

const ex = (name: string) => join(REPO_ROOT, "examples", name);
const tmp = mkdtempSync(join(tmpdir(), "lpguard-flag-modes-"));

/** The optimize example without its walk-forward section (data paths made absolute). */
const OPTIMIZE_NO_WF = join(tmp, "optimize-no-wf.yaml");
writeFileSync(
  OPTIMIZE_NO_WF,
  readFileSync(ex("optimize-polygon.yaml"), "utf8")
    .replace(/^walkForward:.*$/m, "")
    .replaceAll("../../shared/data", SHARED_DATA),
);

const V2 = ["position", "--kind", "v2", "--price", "1500", "--entry-price", "1400", "--deposit", "1000"];
const V3 = [
  "position",
  "--kind",
  "v3",
  "--price",
  "1500",
  "--entry-price",
  "1400",
  "--deposit",
  "1000",
  "--lower",
  "1200",
  "--upper",
  "1800",
];
const ONCHAIN = ["position", "--rpc", "http://127.0.0.1:1", "--token-id", "1"];
const RAW = ["--decimals0", "6", "--decimals1", "18", "--base", "token1"];

/** [what, argv, the flag the error line names, words of the reason]. */
const CASES: [string, string[], string, RegExp][] = [
  [
    "backtest: --db with a vault config",
    ["backtest", "--config", ex("vault-polygon-osqth.yaml"), "--db", join(tmp, "x.db")],
    "--db",
    /vault config/,
  ],
  [
    "compare: --db with a stripPricing config",
    ["compare", "--config", ex("static-strip.yaml"), "--db", join(tmp, "x.db")],
    "--db",
    /stripPricing/,
  ],
  [
    "sweep: --workers with --queue",
    ["sweep", "--config", ex("sweep-polygon.yaml"), "--queue", "redis://127.0.0.1:1", "--workers", "2"],
    "--workers",
    /--queue/,
  ],
  [
    "optimize: --workers without walkForward",
    ["optimize", "--config", OPTIMIZE_NO_WF, "--workers", "2"],
    "--workers",
    /walkForward/,
  ],
  [
    "forecast: --horizons without --evaluate",
    ["forecast", "--data", "x.csv", "--horizons", "1,5"],
    "--horizons",
    /--evaluate/,
  ],
  [
    "forecast: --model with --evaluate",
    ["forecast", "--data", "x.csv", "--evaluate", "--model", "ewma"],
    "--model",
    /--evaluate/,
  ],
  [
    "forecast: --lambda with --model garch",
    ["forecast", "--data", "x.csv", "--model", "garch", "--lambda", "0.9"],
    "--lambda",
    /ewma/,
  ],
  [
    "position: v3 ticks with --kind v2",
    [...V2, "--tick-lower", "0", "--tick-upper", "10", ...RAW],
    "--tick-lower",
    /--kind v2/,
  ],
  [
    "position: --tick-upper with --kind weighted",
    [
      "position",
      "--kind",
      "weighted",
      "--price",
      "1",
      "--entry-price",
      "1",
      "--liquidity",
      "1",
      "--weight",
      "0.5",
      "--tick-upper",
      "10",
      ...RAW,
    ],
    "--tick-upper",
    /--kind weighted/,
  ],
  [
    "position: --raw-liquidity with --kind weighted",
    [
      "position",
      "--kind",
      "weighted",
      "--price",
      "1",
      "--entry-price",
      "1",
      "--weight",
      "0.5",
      "--raw-liquidity",
      "1000",
      ...RAW,
    ],
    "--raw-liquidity",
    /--kind weighted/,
  ],
  ["position: --decimals0 without a raw flag", [...V2, "--decimals0", "6"], "--decimals0", /--raw-liquidity/],
  ["position: --base without a raw flag", [...V3, "--base", "token1"], "--base", /--tick-lower/],
  ["position: --block without the on-chain form", [...V2, "--block", "5"], "--block", /on-chain/],
  [
    "position: --horizon-days without the on-chain form",
    [...V3, "--horizon-days", "3"],
    "--horizon-days",
    /on-chain/,
  ],
  [
    "position: --position-manager without the on-chain form",
    [...V2, "--position-manager", "0x0000000000000000000000000000000000000001"],
    "--position-manager",
    /on-chain/,
  ],
  [
    "position: --log-chunk without the on-chain form",
    [...V2, "--log-chunk", "100"],
    "--log-chunk",
    /on-chain/,
  ],
  ["position: --price with the on-chain form", [...ONCHAIN, "--price", "5"], "--price", /on-chain/],
  ["position: --lower with the on-chain form", [...ONCHAIN, "--lower", "5"], "--lower", /on-chain/],
  [
    "position: --raw-liquidity with the on-chain form",
    [...ONCHAIN, "--raw-liquidity", "5"],
    "--raw-liquidity",
    /on-chain/,
  ],
  [
    "position: --horizon-days on-chain without --vol",
    [...ONCHAIN, "--horizon-days", "3"],
    "--horizon-days",
    /--vol/,
  ],
  ["position: --lower with --kind v2", [...V2, "--lower", "5"], "--lower", /--kind v2/],
];

describe("flags that do not apply to a mode", () => {
  test.each(CASES)(
    "behavior: %s → exit 2, one line naming the flag",
    async (_what, argv, flag, reason) => {
      const io = memoryIO();
      const code = await main(argv, io);
      expect(io.stdout()).toBe("");
      expect(code).toBe(2);
      const err = io.stderr();
      expect(err.endsWith("\n")).toBe(true);
      expect(err.trimEnd().split("\n")).toHaveLength(1);
      expect(err.startsWith(`error: ${flag}`)).toBe(true);
      expect(err).toMatch(reason);
    },
    60_000,
  );

  test("behavior: the same flags where they apply still run", async () => {
    const ok: string[][] = [
      [...V3, "--json"],
      [...V2, "--json"],
      [
        "position",
        "--kind",
        "v3",
        "--price",
        "1500",
        "--entry-price",
        "1400",
        "--raw-liquidity",
        "2556336840886482",
        "--tick-lower",
        "201730",
        "--tick-upper",
        "203750",
        ...RAW,
        "--json",
      ],
      ["compare", "--config", ex("static-strip.yaml"), "--json"],
    ];
    for (const argv of ok) {
      const io = memoryIO();
      const code = await main(argv, io);
      expect(io.stderr()).toBe("");
      expect(code).toBe(0);
    }
  }, 60_000);
});
