/**
 * Generated garbage test of the whole public library (issue #9, "the library"): every function, class and
 * namespace function exported from `src/index.ts` and the package.json "exports" subpaths is called with each value
 * of a garbage table (null, undefined, 0, NaN, "x", {}, [], -1n, a frozen object, an array with holes, a huge
 * array) — alone, and in every declared parameter. Each call must return (a finite number, or anything else), or
 * resolve, or throw / reject with a BaseError whose one line starts with the argument it blames ("options null is
 * invalid: …", "--config …", "(root): …"). Never a bare TypeError / RangeError / ENOENT, never NaN, never a hang,
 * no file left in the working folder.
 */
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { scratch } from "./harness.js";
import { argumentLists, GARBAGE, loadSurface, probe, type SurfaceEntry } from "./surface.js";

/** `labels`: garbage values skipped (all when absent); `nonFinite`: may return NaN / ±Infinity (still no bare throw). */
type Allowed = { labels?: readonly string[]; nonFinite?: true; reason: string };
const OBJECTS = ["{}", "frozen object"] as const;

/**
 * Functions exempt from the garbage table (all of it, or the listed labels), each with its reason. Keep short.
 * The unchecked hot paths are held to their contract by `library.test.ts` against the checked twin named here,
 * and the twin itself takes the whole garbage table.
 */
const ALLOWED: Record<string, Allowed> = {
  // Given an options object they connect to Redis at the default url (probed with the rest of the table).
  startQueueWorker: { labels: OBJECTS, reason: "connects to Redis (default url)" },
  createQueueExecutor: { labels: OBJECTS, reason: "connects to Redis (default url)" },
  runPathsOnQueue: { labels: OBJECTS, reason: "connects to Redis (default url)" },
  // A string is a path they create by contract.
  openStore: { labels: ['"x"'], reason: 'opens (creates) the SQLite file "x"' },
  storeRunIfAsked: { labels: ['"x"'], reason: 'opens (creates) the SQLite file "x"' },
  createDirPointCache: { labels: ['"x"'], reason: 'creates the folder "x/points"' },
  // Their first argument is the name the error prints: they throw an InvalidInputError naming it, by design.
  assertFinite: { reason: "throws InvalidInputError naming its first argument, by design" },
  assertPositive: { reason: "throws InvalidInputError naming its first argument, by design" },
  // Per-cell parsers whose contract is NaN for "not a number" (callers test it and name file:line:column).
  parseFloatAt: { labels: [], nonFinite: true, reason: "NaN for a non-number cell, by contract" },
  parseTickAt: { labels: [], nonFinite: true, reason: "NaN / Infinity for a non-integer cell, by contract" },
  parseTimestampMs: { labels: [], nonFinite: true, reason: "NaN for a non-timestamp, by contract" },
  parseDateMs: { labels: [], nonFinite: true, reason: "NaN for a non-date, by contract" },
  // NaN in, NaN out (tested contract); a non-number still throws. The pricers that call them validate first.
  standardNormalCdf: { labels: [], nonFinite: true, reason: "NaN in → NaN out, by contract" },
  standardNormalPdf: { labels: [], nonFinite: true, reason: "NaN in → NaN out, by contract" },
  normalCdf: { labels: [], nonFinite: true, reason: "NaN in → NaN out, by contract" },
  // Unchecked hot paths (documented "Hot path, unchecked"); checked twin in parentheses.
  v2Value: { reason: "hot path, unchecked (v2ValueDeltaGamma)" },
  sqrtRawPriceAtTick: { reason: "hot path, unchecked (tickToPrice)" },
  tickToPriceUnchecked: { reason: "hot path, unchecked (tickToPrice)" },
  v2AmountBase: { reason: "hot path, unchecked (v2ValueDeltaGamma)" },
  v2AmountQuote: { reason: "hot path, unchecked (v2ValueDeltaGamma)" },
  v2Gamma: { reason: "hot path, unchecked (v2ValueDeltaGamma)" },
  v2LvrPerYear: { reason: "hot path, unchecked (v2ValueDeltaGamma)" },
  v3Value: { reason: "hot path, unchecked (v3ValueDeltaGamma)" },
  v3AmountBase: { reason: "hot path, unchecked (v3ValueDeltaGamma)" },
  v3AmountQuote: { reason: "hot path, unchecked (v3ValueDeltaGamma)" },
  v3Gamma: { reason: "hot path, unchecked (v3ValueDeltaGamma)" },
  v3LvrPerYear: { reason: "hot path, unchecked (v3ValueDeltaGamma)" },
  weightedValue: { reason: "hot path, unchecked (weightedValueDeltaGamma)" },
  weightedAmountBase: { reason: "hot path, unchecked (weightedValueDeltaGamma)" },
  weightedAmountQuote: { reason: "hot path, unchecked (weightedValueDeltaGamma)" },
  weightedGamma: { reason: "hot path, unchecked (weightedValueDeltaGamma)" },
  weightedLvrPerYear: { reason: "hot path, unchecked (weightedValueDeltaGamma)" },
};

/** Functions still failing the table: the list may only shrink (each entry is checked to still fail). */
const NOT_YET: ReadonlySet<string> = new Set<string>([]);

let entries: SurfaceEntry[] = [];
let cwd = "";
const home = process.cwd();
const results = new Map<string, string[]>();
let calls = 0;

beforeAll(async () => {
  entries = loadSurface();
  cwd = scratch("surface");
  process.chdir(cwd); // a relative path the garbage names ("x") lands here, where the test sees it
  for (const e of entries) {
    if (e.isError) continue; // error classes: the library constructs them itself
    const allowed = ALLOWED[e.name];
    if (allowed && allowed.labels === undefined) continue;
    const bad: string[] = [];
    for (const g of GARBAGE) {
      if (allowed?.labels?.includes(g.label)) continue;
      for (const args of argumentLists(e.fn, g.make)) {
        calls++;
        const p = await probe(e, args, 5_000, allowed?.nonFinite === true);
        if (p) bad.push(`${e.name}(${args.length === 1 ? g.label : `${g.label} × ${args.length}`}): ${p}`);
      }
    }
    results.set(e.name, bad);
  }
}, 120_000);

afterAll(() => process.chdir(home));

describe("the public library takes garbage without a bare error", () => {
  test("default: the surface is walked (functions, classes, namespace functions)", () => {
    const fns = entries.filter((e) => !e.isClass).length;
    const classes = entries.filter((e) => e.isClass).length;
    // 277 top-level functions + TickMath, FullMath, … members, 26 classes (23 of them errors) on this commit.
    expect(fns).toBeGreaterThanOrEqual(290);
    expect(classes).toBeGreaterThanOrEqual(20);
    expect(calls).toBeGreaterThan(5_000);
    for (const name of [...Object.keys(ALLOWED), ...NOT_YET])
      expect(
        entries.some((e) => e.name === name),
        `${name} is on the surface`,
      ).toBe(true);
    for (const twin of ["v2ValueDeltaGamma", "v3ValueDeltaGamma", "weightedValueDeltaGamma"])
      expect(results.get(twin), `checked twin ${twin} takes the whole table`).toEqual([]);
  });

  test("behavior: every call returns, or throws a BaseError naming the argument", () => {
    const failing = [...results].filter(([name, bad]) => bad.length > 0 && !NOT_YET.has(name));
    const lines = failing.flatMap(([, bad]) => bad.slice(0, 2));
    expect(lines, `${failing.length} functions fail:\n${lines.join("\n")}`).toEqual([]);
  });

  test("behavior: the not-yet list is exact (each entry still fails)", () => {
    const fixed = [...NOT_YET].filter((name) => (results.get(name) ?? []).length === 0);
    expect(fixed, "fixed: remove from NOT_YET").toEqual([]);
  });

  test("behavior: no file is left in the working folder", () => {
    expect(readdirSync(cwd)).toEqual([]);
  });
});
