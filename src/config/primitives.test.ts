import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { ConfigError } from "../errors/config.js";
import { PathError } from "../errors/io.js";
import {
  amount,
  checkConfigInputPaths,
  day,
  findConfigKeyValue,
  findConfigPathOf,
  isCalendarDay,
  issueToConfigError,
  num,
  readConfigFile,
} from "./primitives.js";

/** Returns the one-line message of validating `value` at `field` with `schema`. */
function error(schema: z.ZodTypeAny, field: string, value: unknown): string | undefined {
  const raw = { [field]: value };
  const r = z.object({ [field]: schema }).safeParse(raw);
  return r.success ? undefined : issueToConfigError(r.error.issues[0], raw, "c.yaml").shortMessage;
}

describe("day", () => {
  test("default", () => {
    expect(day.parse("2022-07-19")).toBe("2022-07-19");
    expect(day.parse("2024-02-29")).toBe("2024-02-29");
  });

  test("behavior: impossible dates are rejected naming the config path", () => {
    for (const bad of ["2022-02-30", "2022-13-01", "2022-00-10", "2022-04-31", "2023-02-29", "1900-02-29"])
      expect(error(day, "from", bad), bad).toBe(
        `c.yaml: from: is not a calendar date (month 01..12, day within the month), got "${bad}".`,
      );
    expect(error(day, "to", "2022-7-19")).toMatch(/^c\.yaml: to: expected a date YYYY-MM-DD/);
  });

  test("behavior: agrees with the Date calendar on every day of 1900..2100 (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const text = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
          const t = new Date(`${text}T00:00:00Z`);
          const real = !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === text;
          expect(isCalendarDay(text)).toBe(real);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe("num", () => {
  test("default", () => {
    expect(num().parse(1e18)).toBe(1e18);
    expect(num().parse(-0.5)).toBe(-0.5);
  });

  test("behavior: 1e308 and non-finite numbers are rejected naming the path", () => {
    expect(error(num(), "rate", 1e308)).toBe(
      "c.yaml: rate: must be less than or equal to 1e+30, got 1e+308.",
    );
    expect(error(num(), "rate", -1e31)).toMatch(/^c\.yaml: rate: must be greater than or equal to -1e\+30/);
    expect(error(num(), "rate", Number.POSITIVE_INFINITY)).toMatch(/^c\.yaml: rate: /);
  });
});

describe("amount", () => {
  test("behavior: a deposit of 1e308 or 1e-300 is refused with the path", () => {
    expect(error(amount(), "deposit", 1e308)).toBe(
      "c.yaml: deposit: must be less than or equal to 1000000000000000, got 1e+308.",
    );
    expect(error(amount(), "deposit", 1e-300)).toBe(
      "c.yaml: deposit: must be greater than or equal to 0.000001, got 1e-300.",
    );
    expect(error(amount(), "deposit", -5)).toBe("c.yaml: deposit: must be greater than 0, got -5.");
    expect(error(amount(), "deposit", 10000)).toBeUndefined();
  });
});

describe("readConfigFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "lpguard-cfg-"));

  test("behavior: a missing file and a folder are PathErrors naming --config", () => {
    expect(() => readConfigFile(join(dir, "nope.yaml"))).toThrow(PathError);
    expect(() => readConfigFile(join(dir, "nope.yaml"))).toThrow(
      /^--config ".*nope\.yaml": cannot be read: does not exist/,
    );
    expect(() => readConfigFile(dir)).toThrow(/cannot be read: is a folder, expected a file/);
  });

  test("behavior: YAML warnings print nothing; bad YAML names line and column on one line", () => {
    const f = join(dir, "warn.yaml");
    // An unresolved tag is a YAML warning; it must not reach stderr (it would add lines).
    writeFileSync(f, "a: !nosuchtag 1\n");
    const writes: string[] = [];
    const orig = process.emitWarning;
    process.emitWarning = ((w: string | Error) => {
      writes.push(String(w));
    }) as typeof process.emitWarning;
    try {
      expect(readConfigFile(f)).toEqual({ a: "1" });
    } finally {
      process.emitWarning = orig;
    }
    expect(writes).toEqual([]);
    const g = join(dir, "bad.yaml");
    writeFileSync(g, "a: [1, 2\nb: 3\n");
    let msg = "";
    try {
      readConfigFile(g);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      msg = (e as ConfigError).shortMessage;
    }
    expect(msg).toMatch(/bad\.yaml: line \d+, column \d+: is not valid YAML\/JSON: /);
    expect(msg).not.toContain("\n");
  });
});

describe("checkConfigInputPaths", () => {
  const dir = mkdtempSync(join(tmpdir(), "lpguard-paths-"));
  writeFileSync(join(dir, "funding.csv"), "a\n1\n");
  const file = join(dir, "c.yaml");

  test("default: every referenced path that exists passes", () => {
    expect(() =>
      checkConfigInputPaths(
        {
          data: { pool: "." },
          venues: { perp: { funding: { file: "funding.csv" } }, lending: { rates: { folder: "." } } },
        },
        file,
      ),
    ).not.toThrow();
  });

  test("behavior: missing, a folder for a file, a file for a folder: PathError naming file and dotted path", () => {
    const cases: [unknown, RegExp][] = [
      [
        { venues: { perp: { funding: { file: "nope.csv" } } } },
        /c\.yaml: venues\.perp\.funding\.file "nope\.csv": does not exist \(ENOENT\)\.$/,
      ],
      [
        { venues: { options: { vol: { kind: "dvol", file: "." } } } },
        /c\.yaml: venues\.options\.vol\.file "\.": is a folder, expected a file/,
      ],
      [
        { venues: { lending: { rates: { folder: "funding.csv" } } } },
        /venues\.lending\.rates\.folder "funding\.csv": is a file, expected a folder/,
      ],
      [
        { runs: [{ venues: { perp: { funding: { file: "x.csv" } } } }] },
        /runs\.0\.venues\.perp\.funding\.file "x\.csv"/,
      ],
      [{ data: { prices: "none.csv", correlateWith: "funding.csv" } }, /data\.prices "none\.csv"/],
    ];
    for (const [raw, re] of cases) expect(() => checkConfigInputPaths(raw, file)).toThrow(re);
    expect(() => checkConfigInputPaths({ data: { pool: 5 } }, file)).not.toThrow(); // the schema's job
  });
});

describe("findConfigKeyValue / findConfigPathOf", () => {
  const reads = [
    {
      file: "/cfg/a.yaml",
      raw: { data: { pool: "../pools/p", from: "2022-07-19", to: "2022-07-18" }, runs: [{ band: 0.1 }] },
    },
    { file: "/cfg/a.yaml", raw: { data: { to: "2022-07-18" } } }, // the same file read twice counts once
  ];

  test("default: the dotted path of a key and value, unique", () => {
    expect(findConfigKeyValue(reads, "to", "2022-07-18")).toEqual({ file: "/cfg/a.yaml", path: "data.to" });
    expect(findConfigKeyValue(reads, "band", 0.1)).toEqual({ file: "/cfg/a.yaml", path: "runs.0.band" });
    expect(findConfigKeyValue(reads, "to", "2022-07-19")).toBeUndefined();
  });

  test("behavior: a path, or a file inside a named folder, maps back to the key that named it", () => {
    expect(findConfigPathOf(reads, "/pools/p")).toEqual({
      file: "/cfg/a.yaml",
      path: "data.pool",
      value: "../pools/p",
    });
    expect(findConfigPathOf(reads, "/pools/p/day.csv")?.path).toBe("data.pool");
    expect(findConfigPathOf(reads, "/elsewhere.csv")).toBeUndefined();
  });
});
