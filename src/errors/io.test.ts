import { linkSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BaseError, formatValue, MAX_VALUE_CHARS } from "./base.js";
import { fsErrorToPathError, NonFiniteOutputError, PathError, systemErrorCode } from "./io.js";

/** Returns the error `fn` throws (a real one from fs). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("did not throw");
}

/** Tests run as root, where permission bits do not bite: these paths give EACCES even to root on Linux. */
const EACCES_PATHS = ["/sys/kernel/notes", "/sys/kernel/vmcoreinfo", "/proc/sys/kernel/ns_last_pid"];
const eaccesPath = EACCES_PATHS.find(
  (p) => systemErrorCode(thrown(() => writeFileSync(p, "x"))) === "EACCES",
);

describe("fsErrorToPathError", () => {
  const dir = mkdtempSync(join(tmpdir(), "lpguard-io-"));

  test("default: ENOENT names the field and the path", () => {
    const e = fsErrorToPathError(
      thrown(() => readFileSync(join(dir, "missing.csv"))),
      { field: "venues.perp.funding.file", path: "missing.csv" },
    );
    expect(e).toBeInstanceOf(PathError);
    expect(e.shortMessage).toBe('venues.perp.funding.file "missing.csv": does not exist (ENOENT).');
  });

  test("behavior: EISDIR, EPERM and ENOSPC from real fs calls map to one line each", () => {
    const cases: [() => unknown, string, RegExp][] = [
      [() => readFileSync(dir), "EISDIR", /^--data ".*": is a folder, expected a file \(EISDIR\)\.$/],
      [() => linkSync(dir, join(dir, "hardlink")), "EPERM", /operation not permitted \(EPERM\)/],
      // /dev/full: every write fails with ENOSPC, a real "disk full" error.
      [() => writeFileSync("/dev/full", "x"), "ENOSPC", /no space left on the device \(ENOSPC\)/],
    ];
    for (const [fn, code, re] of cases) {
      const err = thrown(fn);
      expect(systemErrorCode(err)).toBe(code);
      const e = fsErrorToPathError(err, { field: "--data", path: dir });
      expect(e.shortMessage).toMatch(re);
      expect(e.shortMessage).not.toContain("\n");
    }
  });

  test.skipIf(eaccesPath === undefined)(
    "behavior: EACCES (a real one, root included) maps to permission denied",
    () => {
      const err = thrown(() => writeFileSync(eaccesPath as string, "x"));
      const e = fsErrorToPathError(err, { field: "--out", path: "x", action: "write report.html" });
      expect(e.shortMessage).toBe('--out "x": cannot write report.html: permission denied (EACCES).');
    },
  );

  test("behavior: a BaseError passes through; anything else still becomes a PathError", () => {
    const b = new BaseError("x");
    expect(fsErrorToPathError(b, { field: "f", path: "p" })).toBe(b);
    expect(fsErrorToPathError(new TypeError("boom"), { field: "f", path: "p" }).shortMessage).toBe(
      'f "p": boom.',
    );
  });
});

describe("formatValue", () => {
  test("behavior: long values are cut, so an error line stays short", () => {
    const long = "9".repeat(400);
    const v = formatValue(long);
    expect(v.length).toBeLessThanOrEqual(MAX_VALUE_CHARS);
    expect(v).toContain("(402 chars)");
    expect(v.startsWith('"999')).toBe(true);
  });
});

describe("NonFiniteOutputError", () => {
  test("default", () => {
    expect(
      new NonFiniteOutputError({ field: "fees.mean", value: Number.NaN, where: "JSON" }).shortMessage,
    ).toMatch(/^JSON: fees\.mean is NaN: /);
  });
});
