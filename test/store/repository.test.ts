/**
 * The same repository tests against SQLite (a temp file) and a real PostgreSQL 15 server that the test starts
 * itself (test/helpers/postgres.ts); each test opens a fresh file / database.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { IdempotencyConflictError, NotFoundError, StoreError } from "../../src/errors/store.js";
import { openStore, type Store, type StoredEvent } from "../../src/store/index.js";
import { postgresAvailable, startPostgres, type TestPostgres } from "../helpers/postgres.js";

const tmp = mkdtempSync(join(tmpdir(), "lpguard-store-"));
let pgServer: TestPostgres | undefined;
let n = 0;

/** Returns the location of a fresh, empty store of the backend. */
const fresh: Record<"sqlite" | "postgres", () => Promise<string>> = {
  sqlite: async () => join(tmp, `s${++n}.sqlite`),
  postgres: async () => {
    pgServer ??= await startPostgres();
    return pgServer.createDatabase();
  },
};

afterAll(async () => {
  await pgServer?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test("default: the PostgreSQL server binaries are installed (Debian package postgresql)", () => {
  expect(postgresAvailable()).toBe(true);
});

/** Bit-exact equality of two float64 arrays (NaN equals NaN, -0 differs from 0). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

describe.each(["sqlite", "postgres"] as const)("store on %s", (backend) => {
  const withStore = async (fn: (s: Store, where: string) => Promise<void>) => {
    const where = await fresh[backend]();
    const s = await openStore(where);
    try {
      await fn(s, where);
    } finally {
      await s.close();
    }
  };

  test("default: migrations are recorded once; reopening applies nothing twice", async () => {
    await withStore(async (s, where) => {
      expect(s.dialect).toBe(backend);
      expect(await s.migrations()).toEqual([1]);
      const again = await openStore(where);
      expect(await again.migrations()).toEqual([1]);
      await again.close();
    });
  });

  test("behavior: runs are created, read, filtered, counted, paged, updated and deleted", async () => {
    let t = 1_700_000_000_000;
    const where = await fresh[backend]();
    const s = await openStore(where);
    const clockStore = s; // created_at comes from createdAt below so the order is known
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const { run, created } = await clockStore.createRun({
        kind: i % 2 === 0 ? "backtest" : "compare",
        name: `Run ${i} passive`,
        spec: { i, nested: { deposit: 10_000, pool: "polygon" } },
        createdAt: (t += 1000),
      });
      expect(created).toBe(true);
      ids.push(run.id);
    }
    const got = await s.getRun(ids[3]);
    expect(got?.spec).toEqual({ i: 3, nested: { deposit: 10_000, pool: "polygon" } });
    expect(got?.status).toBe("queued");
    expect(got?.summary).toBeNull();
    const all = await s.listRuns();
    expect(all.map((r) => r.id)).toEqual([...ids].reverse()); // newest first
    expect((await s.listRuns({ kind: "backtest" })).length).toBe(4);
    expect(await s.countRuns({ kind: "compare" })).toBe(3);
    expect((await s.listRuns({ name: "RUN 5" })).map((r) => r.id)).toEqual([ids[5]]);
    expect((await s.listRuns({ limit: 2, offset: 2 })).map((r) => r.id)).toEqual([ids[4], ids[3]]);
    const upd = await s.updateRun(ids[0], { status: "done", progress: 1, summary: { pnl: -12.5 } });
    expect(upd.status).toBe("done");
    expect(upd.summary).toEqual({ pnl: -12.5 });
    expect((await s.listRuns({ status: "done" })).map((r) => r.id)).toEqual([ids[0]]);
    await expect(s.updateRun("nope", { status: "done" })).rejects.toBeInstanceOf(NotFoundError);
    expect(await s.deleteRun(ids[1])).toBe(true);
    expect(await s.deleteRun(ids[1])).toBe(false);
    expect(await s.getRun(ids[1])).toBeNull();
    await s.close();
  });

  test("behavior: a 50,400-row series reads back bit for bit (NaN, -0, subnormals, ±Infinity)", async () => {
    await withStore(async (s) => {
      const { run } = await s.createRun({ kind: "backtest", name: "series", spec: {} });
      const rows = 50_400;
      const value = new Float64Array(rows);
      for (let i = 0; i < rows; i++) value[i] = 10_000 + Math.sin(i / 100) * 37.25 + i * 1e-7;
      const odd = new Float64Array([Number.NaN, -0, 0, 5e-324, Number.POSITIVE_INFINITY, -1e308]);
      await s.putSeries(run.id, [
        { name: "value", data: value },
        { name: "odd", data: odd },
      ]);
      expect(await s.listSeries(run.id)).toEqual([
        { name: "value", length: rows },
        { name: "odd", length: 6 },
      ]);
      const [v] = await s.getSeries(run.id, ["value"]);
      expect(v.name).toBe("value");
      expect(sameBits(v.data, value)).toBe(true);
      const both = await s.getSeries(run.id);
      expect(both.map((x) => x.name)).toEqual(["value", "odd"]);
      expect(sameBits(both[1].data, odd)).toBe(true);
      // replacing a series keeps one copy
      await s.putSeries(run.id, [{ name: "odd", data: new Float64Array([1, 2]) }]);
      expect(Array.from((await s.getSeries(run.id, ["odd"]))[0].data)).toEqual([1, 2]);
      await expect(s.putSeries("missing", [{ name: "x", data: value }])).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });
  });

  test("behavior: any float64 column round-trips exactly (property)", async () => {
    await withStore(async (s) => {
      const { run } = await s.createRun({ kind: "simulate", name: "prop", spec: {} });
      await fc.assert(
        fc.asyncProperty(fc.float64Array({ maxLength: 300 }), async (arr) => {
          await s.putSeries(run.id, [{ name: "p", data: arr }]);
          const [got] = await s.getSeries(run.id, ["p"]);
          return sameBits(got.data, arr);
        }),
        { numRuns: 40 },
      );
    });
  });

  test("behavior: events are stored in order and paged by seq", async () => {
    await withStore(async (s) => {
      const { run } = await s.createRun({ kind: "backtest", name: "events", spec: {} });
      const events: StoredEvent[] = Array.from({ length: 450 }, (_, i) => ({
        seq: i,
        time: 1_658_188_800_000 + i * 60_000,
        bar: i,
        kind: i % 3 === 0 ? "rebalance" : "hedge",
        venue: i % 3 === 0 ? "pool" : "perp",
        fields: { size: i * 0.5, reason: `r${i}`, ok: i % 2 === 0 },
      }));
      await s.putEvents(run.id, events);
      const first = await s.getEvents(run.id, { limit: 100 });
      expect(first.length).toBe(100);
      expect(first[0]).toEqual(events[0]);
      const next = await s.getEvents(run.id, { afterSeq: 399 });
      expect(next.map((e) => e.seq)).toEqual(events.slice(400).map((e) => e.seq));
      expect(next[49]).toEqual(events[449]);
      const rebal = await s.getEvents(run.id, { kind: "rebalance", limit: 10_000 });
      expect(rebal.length).toBe(150);
    });
  });

  test("behavior: one idempotency key never creates two runs, even when requests race", async () => {
    await withStore(async (s) => {
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          s.createRun({ kind: "backtest", name: "idem", spec: { a: 1 } }, { key: "k-1", requestHash: "h1" }),
        ),
      );
      expect(results.filter((r) => r.created).length).toBe(1);
      expect(new Set(results.map((r) => r.run.id)).size).toBe(1);
      expect(await s.countRuns()).toBe(1);
      await expect(
        s.createRun({ kind: "backtest", name: "idem", spec: { a: 2 } }, { key: "k-1", requestHash: "h2" }),
      ).rejects.toBeInstanceOf(IdempotencyConflictError);
      const other = await s.createRun(
        { kind: "backtest", name: "idem2", spec: { a: 2 } },
        { key: "k-2", requestHash: "h2" },
      );
      expect(other.created).toBe(true);
      expect(await s.countRuns()).toBe(2);
    });
  });

  test("behavior: saveCompletedRun is one transaction: a failure leaves nothing behind", async () => {
    await withStore(async (s) => {
      const ok = await s.saveCompletedRun(
        { kind: "backtest", name: "done", spec: { x: 1 }, summary: { pnl: 3 } },
        [{ name: "value", data: new Float64Array([1, 2, 3]) }],
        [{ seq: 0, time: 1, bar: 0, kind: "mint", venue: "pool", fields: {} }],
      );
      expect(ok.status).toBe("done");
      expect(ok.progress).toBe(1);
      await expect(
        s.saveCompletedRun(
          { id: "broken", kind: "backtest", name: "broken", spec: {}, summary: {} },
          [
            { name: "value", data: new Float64Array([1]) },
            { name: "value", data: new Float64Array([2]) },
          ],
          [],
        ),
      ).rejects.toBeInstanceOf(StoreError);
      expect(await s.getRun("broken")).toBeNull();
      expect(await s.getSeries("broken")).toEqual([]);
      expect(await s.countRuns()).toBe(1);
    });
  });

  test("behavior: completeRun stores the result in one go; failUnfinishedRuns marks orphans failed", async () => {
    await withStore(async (s) => {
      const { run } = await s.createRun({ kind: "backtest", name: "queued", spec: {} });
      const { run: running } = await s.createRun({
        kind: "compare",
        name: "running",
        spec: {},
        status: "running",
      });
      const done = await s.completeRun(
        run.id,
        { pnl: 1.5 },
        [{ name: "value", data: new Float64Array([3, 4]) }],
        [{ seq: 0, time: 5, bar: 0, kind: "pool", venue: "pool", fields: { intent: "mint" } }],
      );
      expect(done).toMatchObject({ status: "done", progress: 1, summary: { pnl: 1.5 }, error: null });
      expect(Array.from((await s.getSeries(run.id))[0].data)).toEqual([3, 4]);
      expect(await s.failUnfinishedRuns("interrupted")).toEqual([running.id]);
      expect(await s.getRun(running.id)).toMatchObject({ status: "failed", error: "interrupted" });
      expect((await s.getRun(run.id))?.status).toBe("done");
      await expect(s.completeRun("nope", {}, [], [])).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  test("behavior: sweeps and their points (upsert by hash)", async () => {
    await withStore(async (s) => {
      const sw = await s.createSweep({ name: "width grid", spec: { widths: [5, 10] } });
      expect(sw.status).toBe("running");
      await s.putSweepPoints(sw.id, [
        { hash: "a", params: { width: 5 }, status: "queued", metrics: null, runId: null },
        { hash: "b", params: { width: 10 }, status: "queued", metrics: null, runId: null },
      ]);
      const { run } = await s.createRun({ kind: "sweep-point", name: "w5", spec: {}, sweepId: sw.id });
      await s.putSweepPoints(sw.id, [
        { hash: "a", params: { width: 5 }, status: "done", metrics: { pnl: 12.5, vol: 3 }, runId: run.id },
      ]);
      const pts = await s.getSweepPoints(sw.id);
      expect(pts).toEqual([
        { hash: "a", params: { width: 5 }, status: "done", metrics: { pnl: 12.5, vol: 3 }, runId: run.id },
        { hash: "b", params: { width: 10 }, status: "queued", metrics: null, runId: null },
      ]);
      expect((await s.listRuns({ sweepId: sw.id })).map((r) => r.id)).toEqual([run.id]);
      expect((await s.updateSweep(sw.id, { status: "done" })).status).toBe("done");
      expect((await s.listSweeps()).map((x) => x.id)).toEqual([sw.id]);
      await expect(s.putSweepPoints("nope", [])).rejects.toBeInstanceOf(NotFoundError);
    });
  });
});

describe("openStore", () => {
  test("behavior: a SQLite file in a missing folder is a StoreError naming the flag and the file", async () => {
    await expect(openStore(join(tmp, "no/such/dir/x.sqlite"))).rejects.toThrow(
      /--db ".*no\/such\/dir\/x\.sqlite": folder .* does not exist/,
    );
  });

  test("behavior: a Postgres url that does not answer is a StoreError that hides the password", async () => {
    const err = await openStore("postgres://user:secret@127.0.0.1:1/db").catch((e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.shortMessage).toMatch(/^--db "postgres:\/\/\*\*\*@127\.0\.0\.1:1\/db": cannot open/);
    expect(err.shortMessage).not.toContain("secret");
  });
});
