import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { DataFormatError } from "../errors/data.js";
import { InvalidInputError } from "../errors/math.js";
import { loadPoolSeries, POOL_COLUMNS } from "./poolSeries.js";
import { formatDate, formatDateTime } from "./timestamp.js";

const ADDRESS = "0x45dda9cb7c25131df268515131f647d726f50608";
const DAY = 86_400_000;
const MIN = 60_000;
const T0 = Date.UTC(2022, 0, 1);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Row = { time: number; tick: number; open: number; amount: bigint; liquidity: bigint };

function rowText(r: Row, floatTicks: boolean): string {
  const t = floatTicks ? `${r.tick}.0` : `${r.tick}`;
  const o = floatTicks ? `${r.open}.0` : `${r.open}`;
  const lo = Math.min(r.tick, r.open);
  const hi = Math.max(r.tick, r.open);
  // timestamp,netAmount0,netAmount1,closeTick,openTick,lowestTick,highestTick,inAmount0,inAmount1,currentLiquidity
  return `${formatDateTime(r.time)},${-r.amount},${r.amount},${t},${o},${lo},${hi},${r.amount},${r.amount * 3n},${r.liquidity}`;
}

/** Writes rows as one file per UTC day, alternating the two file namings and tick formats. */
function writeDays(rows: Row[]): string {
  const dir = mkdtempSync(join(tmpdir(), "lpguard-pool-"));
  dirs.push(dir);
  const byDay = new Map<string, Row[]>();
  for (const r of rows) {
    const d = formatDate(r.time);
    byDay.set(d, [...(byDay.get(d) ?? []), r]);
  }
  let k = 0;
  for (const [day, rs] of byDay) {
    const legacy = k++ % 2 === 0;
    const name = legacy ? `Polygon-${ADDRESS}-${day}.csv` : `polygon-${ADDRESS}-${day}.minute.csv`;
    writeFileSync(
      join(dir, name),
      `${POOL_COLUMNS.join(",")}\n${rs.map((r) => rowText(r, !legacy)).join("\n")}\n`,
    );
  }
  return dir;
}

const rowsArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 3 * 1440 - 1 }), { minLength: 1, maxLength: 60 })
  .chain((minutes) =>
    fc.tuple(
      fc.constant(minutes.sort((a, b) => a - b)),
      fc.array(
        fc.record({
          tick: fc.integer({ min: -887272, max: 887272 }),
          open: fc.integer({ min: -887272, max: 887272 }),
          amount: fc.bigInt({ min: 0n, max: 10n ** 24n }),
          liquidity: fc.bigInt({ min: 0n, max: 10n ** 24n }),
        }),
        { minLength: minutes.length, maxLength: minutes.length },
      ),
    ),
  )
  .map(([minutes, vals]) => minutes.map((m, i): Row => ({ time: T0 + m * MIN, ...vals[i] })));

describe("loadPoolSeries", () => {
  test("default", () => {
    const dir = writeDays([
      { time: T0 + 2 * MIN, tick: 100, open: 90, amount: 5n, liquidity: 7n },
      { time: T0 + 3 * MIN, tick: 101, open: 100, amount: 6n, liquidity: 8n },
    ]);
    const s = loadPoolSeries({ path: dir });
    expect(s.meta.address).toBe(ADDRESS);
    expect(s.length).toBe(2);
    expect([...s.time]).toEqual([T0 + 2 * MIN, T0 + 3 * MIN]); // the head (00:00, 00:01) is not filled
    expect(s.gaps).toEqual([]);
  });

  test("behavior: round trip with random gaps fills exactly the missing minutes (property)", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const s = loadPoolSeries({ path: writeDays(rows) });
        const first = rows[0].time;
        const last = rows[rows.length - 1].time;
        expect(s.length).toBe((last - first) / MIN + 1);
        const expectedGaps = [];
        let filled = 0;
        for (let i = 1; i < rows.length; i++) {
          const missing = (rows[i].time - rows[i - 1].time) / MIN - 1;
          if (missing > 0) {
            filled += missing;
            expectedGaps.push({
              index: i + filled,
              fromTime: rows[i - 1].time,
              toTime: rows[i].time,
              missingBars: missing,
            });
          }
        }
        expect(s.gaps).toEqual(expectedGaps);
        // Expected columns, built independently row by row from the written rows.
        const n = s.length;
        const exp = {
          time: new Float64Array(n),
          open: new Int32Array(n),
          low: new Int32Array(n),
          high: new Int32Array(n),
          close: new Int32Array(n),
          in0: new Float64Array(n),
          in1: new Float64Array(n),
          net0: new Float64Array(n),
          liquidity: new Float64Array(n),
        };
        let j = 0;
        for (let i = 0; i < n; i++) {
          exp.time[i] = first + i * MIN;
          const real = j < rows.length && rows[j].time === exp.time[i];
          const r = real ? rows[j++] : rows[j - 1];
          exp.close[i] = r.tick;
          exp.open[i] = real ? r.open : r.tick;
          exp.low[i] = real ? Math.min(r.tick, r.open) : r.tick;
          exp.high[i] = real ? Math.max(r.tick, r.open) : r.tick;
          exp.in0[i] = real ? Number(r.amount) : 0;
          exp.in1[i] = real ? Number(r.amount * 3n) : 0;
          exp.net0[i] = real ? Number(-r.amount) : 0;
          exp.liquidity[i] = Number(r.liquidity);
        }
        expect(j).toBe(rows.length);
        expect(s.time).toEqual(exp.time);
        expect(s.openTick).toEqual(exp.open);
        expect(s.lowTick).toEqual(exp.low);
        expect(s.highTick).toEqual(exp.high);
        expect(s.closeTick).toEqual(exp.close);
        expect(s.inAmount0).toEqual(exp.in0);
        expect(s.inAmount1).toEqual(exp.in1);
        expect(s.netAmount0).toEqual(exp.net0);
        expect(s.netAmount1).toEqual(exp.in0);
        expect(s.liquidity).toEqual(exp.liquidity);
      }),
      { numRuns: 40 },
    );
  });

  test("behavior: a liquidity beyond 2^53 is stored as Number(BigInt(s))", () => {
    const liquidity = 1234567890123456789012n;
    const s = loadPoolSeries({
      path: writeDays([{ time: T0, tick: 0, open: 0, amount: 2n ** 70n + 1n, liquidity }]),
    });
    expect(s.liquidity[0]).toBe(Number(1234567890123456789012n));
    expect(s.inAmount0[0]).toBe(Number(2n ** 70n + 1n));
  });

  test("behavior: from/to pick days by file name, inclusive", () => {
    const rows = [0, 1, 2, 3].map(
      (d): Row => ({ time: T0 + d * DAY, tick: d, open: d, amount: 1n, liquidity: 1n }),
    );
    const dir = writeDays(rows);
    const s = loadPoolSeries({ path: dir, from: "2022-01-02", to: "2022-01-03" });
    expect(s.time[0]).toBe(T0 + DAY);
    expect(s.time[s.length - 1]).toBe(T0 + 2 * DAY);
    expect(s.length).toBe(1441);
    expect(s.gaps).toEqual([{ index: 1440, fromTime: T0 + DAY, toTime: T0 + 2 * DAY, missingBars: 1439 }]);
  });

  test("behavior: a run longer than maxFillMinutes is an error", () => {
    const dir = writeDays([
      { time: T0, tick: 0, open: 0, amount: 1n, liquidity: 1n },
      { time: T0 + 10 * MIN, tick: 0, open: 0, amount: 1n, liquidity: 1n },
    ]);
    expect(() => loadPoolSeries({ path: dir, maxFillMinutes: 5 })).toThrow(DataFormatError);
    expect(() => loadPoolSeries({ path: dir, maxFillMinutes: 5 })).toThrow(
      /line 3, column timestamp: 9 minutes missing since 2022-01-01 00:00:00, more than maxFillMinutes 5/,
    );
    expect(loadPoolSeries({ path: dir, maxFillMinutes: 9 }).length).toBe(11);
  });

  test("behavior: bad options are InvalidInputError naming the field", () => {
    const dir = writeDays([{ time: T0, tick: 0, open: 0, amount: 1n, liquidity: 1n }]);
    expect(() => loadPoolSeries({ path: dir, from: "2022-1-1" })).toThrow(InvalidInputError);
    expect(() => loadPoolSeries({ path: dir, from: "2022-01-03", to: "2022-01-02" })).toThrow(
      /to "2022-01-02"/,
    );
    expect(() => loadPoolSeries({ path: dir, from: "2023-01-01" })).toThrow(/no pool files/);
  });
});
