import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { PathError } from "../errors/io.js";
import { loadFunding } from "./funding.js";
import { checkInputPath, readInputDir, readInputText } from "./inputPath.js";
import { loadLendingReserve } from "./lending.js";
import { loadOhlcv } from "./ohlcv.js";
import { loadPoolSeries } from "./poolSeries.js";
import { loadVolIndex } from "./volIndex.js";

const dir = mkdtempSync(join(tmpdir(), "lpguard-input-"));
const file = join(dir, "f.csv");
writeFileSync(file, "a,b\n1,2\n");
const sub = join(dir, "sub");
mkdirSync(sub);
const fifo = join(dir, "pipe.csv");
execFileSync("mkfifo", [fifo]);

describe("checkInputPath", () => {
  test("default", () => {
    expect(() => checkInputPath(file, { field: "data.prices", kind: "file" })).not.toThrow();
    expect(() => checkInputPath(sub, { field: "venues.lending.rates.folder", kind: "dir" })).not.toThrow();
    expect(readInputText(file)).toBe("a,b\n1,2\n");
    expect(readInputDir(dir).sort()).toEqual(["f.csv", "pipe.csv", "sub"]);
  });

  test("behavior: missing, a folder, a FIFO, a file for a folder, empty → PathError naming the field", () => {
    const cases: [string, "file" | "dir", RegExp][] = [
      [join(dir, "missing.csv"), "file", /^data\.prices ".*missing\.csv": does not exist \(ENOENT\)\.$/],
      [sub, "file", /^data\.prices ".*sub": is a folder, expected a file \(EISDIR\)\.$/],
      // A FIFO would block a read forever: refused without opening it.
      [fifo, "file", /^data\.prices ".*pipe\.csv": is a FIFO \(named pipe\), expected a regular file\.$/],
      [file, "dir", /^data\.prices ".*f\.csv": is a file, expected a folder \(ENOTDIR\)\.$/],
      [join(file, "x"), "file", /has a part that is not a folder \(ENOTDIR\)/],
      ["", "file", /^data\.prices "": is empty: name a file\.$/],
    ];
    for (const [p, kind, re] of cases) {
      let err: unknown;
      try {
        checkInputPath(p, { field: "data.prices", kind });
      } catch (e) {
        err = e;
      }
      expect(err, p).toBeInstanceOf(PathError);
      expect((err as PathError).shortMessage).toMatch(re);
    }
  });

  test("behavior: every loader refuses a FIFO and a folder naming the field it was given", () => {
    const loaders: [string, (p: string) => unknown][] = [
      ["venues.perp.funding.file", (p) => loadFunding(p, { field: "venues.perp.funding.file" })],
      ["data.prices", (p) => loadOhlcv(p, { field: "data.prices" })],
      ["venues.options.vol.file", (p) => loadVolIndex(p, { field: "venues.options.vol.file" })],
      ["venues.lending.rates.folder", (p) => loadLendingReserve(p, { field: "venues.lending.rates.folder" })],
      ["data.pool", (p) => loadPoolSeries({ path: p, field: "data.pool" })],
    ];
    for (const [field, load] of loaders) {
      expect(() => load(fifo), field).toThrow(new RegExp(`^${field.replace(/\./g, "\\.")} ".*": is a FIFO`));
      expect(() => load(join(dir, "nope")), field).toThrow(/does not exist \(ENOENT\)/);
    }
    expect(() => loadFunding(sub, { field: "venues.perp.funding.file" })).toThrow(
      /is a folder, expected a file/,
    );
  });
});
