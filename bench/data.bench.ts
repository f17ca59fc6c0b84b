/**
 * Data-load throughput: minute rows of Uniswap v3 pool files loaded per second, for the real 35-day 2022
 * Polygon span and for a synthetic year (the 35 real days repeated as 365 day files with shifted dates,
 * written once to a temporary folder). Goal: a year (525,600 minutes) in well under 2 s, i.e. > 262,800 rows/s.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadPoolSeries } from "../src/data/index.js";
import { formatDate } from "../src/data/timestamp.js";
import { sharedData } from "../test/helpers/sharedData.js";
import type { BenchCase } from "./harness.js";

const GROUP = "data load";
const GOAL = 525_600 / 2;

/** Writes 365 day files (2023-01-01 ..) cycling through the 35 real 2022 files, with their dates rewritten. */
function writeSyntheticYear(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), "lpguard-bench-year-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  const files = readdirSync(source)
    .filter((f) => /^Polygon-0x[0-9a-f]{40}-2022-\d\d-\d\d\.csv$/.test(f))
    .sort();
  const texts = files.map((f) => readFileSync(join(source, f), "utf8"));
  const start = Date.UTC(2023, 0, 1);
  for (let d = 0; d < 365; d++) {
    const k = d % files.length;
    const srcDay = files[k].slice(-14, -4);
    const day = formatDate(start + d * 86_400_000);
    writeFileSync(join(dir, files[k].replace(srcDay, day)), texts[k].replaceAll(`${srcDay} `, `${day} `));
  }
  return dir;
}

export function cases(): BenchCase[] {
  const polygon = sharedData("uniswap-v3", "polygon-weth-usdc-005");
  const span = { path: polygon, from: "2022-07-19", to: "2022-08-22" };
  const spanRows = loadPoolSeries(span).length;
  const yearDir = writeSyntheticYear(polygon);
  const year = { path: yearDir, from: "2023-01-01", to: "2023-12-31" };
  const yearRows = loadPoolSeries(year).length;
  return [
    {
      group: GROUP,
      name: `polygon 2022, 35 days (${spanRows} minute rows)`,
      ops: spanRows,
      unit: "minute-rows",
      goal: GOAL,
      fn: () => loadPoolSeries(span),
    },
    {
      group: GROUP,
      name: `synthetic year, 365 day files (${yearRows} minute rows)`,
      ops: yearRows,
      unit: "minute-rows",
      goal: GOAL,
      baseline: `polygon 2022, 35 days (${spanRows} minute rows)`,
      fn: () => loadPoolSeries(year),
    },
  ];
}
