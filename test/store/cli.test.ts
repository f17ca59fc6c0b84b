/**
 * `--db` on backtest / compare / simulate and `lpguard runs list|show`, in-process through the CLI's main(), on
 * the bundled examples and the real Polygon data.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runBacktestFile } from "../../src/backtest/runBacktest.js";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { openStore } from "../../src/store/index.js";
import { REPO_ROOT } from "../helpers/sharedData.js";
import { writeSmallCompare } from "../helpers/smallCompare.js";

const tmp = mkdtempSync(join(tmpdir(), "lpguard-runs-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(args: string[]) {
  const io = memoryIO();
  const code = await main(args, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe("lpguard runs", () => {
  const db = join(tmp, "runs.sqlite");
  const example = (f: string) => join(REPO_ROOT, "examples", f);

  test("default: backtest --db stores the run; runs list/show read it back; the series equal the engine's", async () => {
    const r = await cli(["backtest", "--config", example("passive-polygon.yaml"), "--json", "--db", db]);
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(r.out);
    const id = /stored run (\S+)/.exec(r.err)?.[1];
    expect(id).toBeDefined();

    const list = await cli(["runs", "list", "--db", db, "--json"]);
    expect(list.code).toBe(0);
    const items = JSON.parse(list.out);
    expect(items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect(items[0]).toMatchObject({ kind: "backtest", status: "done", progress: 1 });

    const show = await cli(["runs", "show", id!, "--db", db, "--json"]);
    expect(show.code).toBe(0);
    const run = JSON.parse(show.out);
    expect(run.summary).toEqual(summary);
    expect(run.spec.data.from).toBe("2022-07-19");
    expect(run.series.find((s: { name: string }) => s.name === "value").length).toBe(summary.rows);

    // independent re-run of the same config: the stored columns are bit-identical
    const direct = runBacktestFile(example("passive-polygon.yaml"));
    const store = await openStore(db);
    const [value, price] = await store.getSeries(id!, ["value", "price"]);
    const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(value.name).toBe("value");
    expect(bytes(value.data).equals(bytes(direct.series.value))).toBe(true);
    expect(bytes(price.data).equals(bytes(direct.series.price))).toBe(true);
    const events = await store.getEvents(id!, { limit: 10_000 });
    expect(events.length).toBe(direct.events.length);
    expect(events[0].kind).toBe(direct.events[0].kind);
    await store.close();

    const human = await cli(["runs", "show", id!, "--db", db]);
    expect(human.out).toMatch(/kind\s+backtest/);
    expect(human.out).toMatch(/finalValue\s+\d/);
  });

  test("behavior: compare --db stores one run with a column per sub-run", async () => {
    const r = await cli([
      "compare",
      "--config",
      writeSmallCompare(join(tmp, "compare.json")),
      "--json",
      "--db",
      db,
    ]);
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out);
    const id = /stored run (\S+)/.exec(r.err)![1];
    const store = await openStore(db);
    const run = await store.getRun(id);
    expect(run?.kind).toBe("compare");
    expect((run!.summary as { rows: unknown[] }).rows).toEqual(rows);
    const names = (await store.listSeries(id)).map((s) => s.name);
    expect(names).toContain(`${rows[0].name}/value`);
    expect(names).toContain(`${rows[rows.length - 1].name}/costs`);
    await store.close();
    const list = await cli(["runs", "list", "--db", db, "--kind", "compare", "--json"]);
    expect(JSON.parse(list.out).map((x: { id: string }) => x.id)).toEqual([id]);
  });

  test("behavior: simulate --db stores the report and per-path PnL", async () => {
    const r = await cli([
      "simulate",
      "--config",
      example("simulate-eth.yaml"),
      "--paths",
      "200",
      "--seed",
      "7",
      "--json",
      "--db",
      db,
    ]);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    const id = /stored run (\S+)/.exec(r.err)![1];
    const store = await openStore(db);
    const run = await store.getRun(id);
    expect(run?.summary).toEqual(report);
    const pnl = await store.getSeries(id, [`${report.strategies[0].name}/totalPnl`]);
    expect(pnl[0].data.length).toBe(200);
    let mean = 0;
    for (const x of pnl[0].data) mean += x / 200;
    expect(mean).toBeCloseTo(report.strategies[0].totalPnl.mean, 6);
    await store.close();
  });

  test("behavior: bad flags and unknown ids exit 2 with one line naming them", async () => {
    const bad = await cli(["runs", "list", "--db", db, "--kind", "nope"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('error: --kind "nope": must be one of backtest, compare, simulate, sweep-point.\n');
    const missing = await cli(["runs", "show", "no-such-id", "--db", db]);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('error: run "no-such-id": not found.\n');
    const dir = await cli(["runs", "list", "--db", join(tmp, "absent/x.sqlite")]);
    expect(dir.code).toBe(2);
    expect(dir.err).toMatch(/^error: --db ".*absent\/x\.sqlite": folder .* does not exist\.\n$/);
  });
});
