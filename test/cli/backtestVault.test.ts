/**
 * `lpguard backtest --config <vault config> --out DIR` in-process on the example vault (real Polygon WETH/USDC and
 * Ethereum WETH/oSQTH minute data, Binance ETHUSDT funding): the five files, the series.csv read back against the
 * JSON summary, and the JSON unchanged by `--out`.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { VAULT_PART_COLUMNS } from "../../src/backtest/vaultDetail.js";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { REPO_ROOT } from "../helpers/sharedData.js";

const CONFIG = join(REPO_ROOT, "examples/vault-polygon-osqth.yaml");
const tmp = mkdtempSync(join(tmpdir(), "lpguard-vault-cli-"));
const out = join(tmp, "out");
let json: Record<string, unknown> & { rows: number; finalValue: number; files: string[] };
let plainJson: string;
let human: string;

async function run(args: string[]): Promise<string> {
  const io = memoryIO();
  const code = await main(["backtest", "--config", CONFIG, ...args], io);
  expect(io.stderr()).toBe("");
  expect(code).toBe(0);
  return io.stdout();
}

beforeAll(async () => {
  json = JSON.parse(await run(["--json", "--out", out]));
  plainJson = await run(["--json"]);
  human = await run([]);
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("lpguard backtest --out on a vault config", () => {
  test("writes vault.json, series.csv, events.csv, events.json and report.html (atomically: no temp left)", () => {
    const names = ["vault.json", "series.csv", "events.csv", "events.json", "report.html"];
    expect(json.files.map((f) => f.split(/[\\/]/).pop())).toEqual(names);
    for (const f of json.files) expect(existsSync(f)).toBe(true);
    const left = readdirSync(out).filter((f) => !names.includes(f) && f !== ".lpguard-out");
    expect(left).toEqual([]);
    expect(readFileSync(join(out, "report.html"), "utf8")).toMatch(/^<!doctype html>/);
  });

  test("--out leaves the JSON summary as it is without it (same bytes but for `files`)", () => {
    const { files: _, ...rest } = json;
    expect(`${JSON.stringify(rest, null, 2)}\n`).toBe(plainJson);
    expect(JSON.parse(readFileSync(join(out, "vault.json"), "utf8"))).toEqual(rest);
  });

  test("series.csv parses: one row per bar, the last value is the JSON's final value", () => {
    const lines = readFileSync(join(out, "series.csv"), "utf8").trimEnd().split("\n");
    const header = lines[0].split(",");
    expect(header.slice(0, 3)).toEqual(["time", "value", "hold"]);
    const rows = lines.slice(1).map((l) => l.split(","));
    expect(rows.length).toBe(json.rows);
    for (const r of rows) {
      expect(r.length).toBe(header.length);
      expect(Number.isNaN(Date.parse(r[0]))).toBe(false);
    }
    const at = (name: string) => header.indexOf(name);
    const last = rows[rows.length - 1];
    expect(Number(last[at("value")])).toBe(json.finalValue);
    const netDelta = json.netDelta as Record<string, number>;
    expect(Number(last[at("netDelta.ETH")])).toBe(netDelta.ETH);
    expect(Number(last[at("netDelta.OSQTH")])).toBe(netDelta.OSQTH);
    const pools = json.pools as { id: string; attribution: Record<string, number> }[];
    for (const p of pools) expect(Number(last[at(`${p.id}.total`)])).toBe(p.attribution.total);
    // times strictly increase, one minute apart or more
    for (let i = 1; i < rows.length; i++)
      expect(Date.parse(rows[i][0]) - Date.parse(rows[i - 1][0])).toBeGreaterThanOrEqual(60_000);
  });

  test("the human part table has one header of every attribution column", () => {
    const header = human.split("\n").find((l) => l.startsWith("part "));
    expect(header).toBeDefined();
    const cols = (header as string).trim().split(/\s{2,}/);
    expect(cols).toEqual([
      "part",
      "assets",
      "value",
      ...VAULT_PART_COLUMNS.map((c) => (c === "quoteRevaluation" ? "quote reval." : c)),
    ]);
    expect(human).toMatch(/^perp\s+ETH\s/m);
  });
});
