import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError } from "../errors/config.js";
import { NonFiniteOutputError } from "../errors/io.js";
import {
  assertFiniteText,
  OUT_MARKER,
  openOutDir,
  prepareOutDir,
  readOutRunId,
  removeStaleTempFolders,
  resolveOutPath,
  runWithOutDirs,
  writeAtomic,
} from "./outDir.js";

const root = mkdtempSync(join(tmpdir(), "lpguard-outdir-"));

describe("openOutDir", () => {
  test("default: nothing appears before commit; then the folder holds the files and the marker", () => {
    const target = join(root, "a", "run");
    const o = openOutDir(target);
    expect(o.write("x.csv", "a,b\n1,2\n")).toBe(join(target, "x.csv"));
    expect(existsSync(target)).toBe(false);
    o.commit();
    expect(readdirSync(target).sort()).toEqual([OUT_MARKER, "x.csv"]);
    expect(readOutRunId(target)).toBe(o.runId);
    expect(readdirSync(join(root, "a"))).toEqual(["run"]); // no temp folder left beside it
  });

  test("behavior: a second run replaces the first whole; abort leaves the previous run untouched", () => {
    const target = join(root, "b");
    const first = openOutDir(target);
    first.write("one.csv", "a\n1\n");
    first.write("common.json", '{"run":1}\n');
    first.commit();
    const aborted = openOutDir(target);
    aborted.write("common.json", '{"run":2}\n');
    aborted.abort();
    expect(readFileSync(join(target, "common.json"), "utf8")).toBe('{"run":1}\n');
    const second = openOutDir(target);
    second.write("common.json", '{"run":3}\n');
    second.commit();
    // No file of the first run survives: the folder holds exactly one run.
    expect(readdirSync(target).sort()).toEqual([OUT_MARKER, "common.json"]);
    expect(readOutRunId(target)).toBe(second.runId);
    expect(readdirSync(root).filter((n) => n.includes("lpguard-"))).toEqual([]);
  });

  test("behavior: '' and anything resolving to the cwd or above are refused naming --out", () => {
    const cwd = process.cwd();
    for (const bad of ["", "  ", ".", "./", `${cwd}`, "..", "x/..", relative(cwd, "/") || "/"]) {
      expect(() => resolveOutPath(bad), JSON.stringify(bad)).toThrow(ConfigError);
      expect(() => resolveOutPath(bad)).toThrow(/^--out /);
    }
    expect(resolveOutPath("out/run")).toBe(join(cwd, "out", "run"));
  });

  test("behavior: a folder with foreign files, or a file, is never replaced", () => {
    const foreign = join(root, "foreign");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "thesis.tex"), "precious");
    expect(() => openOutDir(foreign)).toThrow(/exists with files lpguard did not write/);
    const f = join(root, "afile");
    writeFileSync(f, "x");
    expect(() => openOutDir(f)).toThrow(/exists and is not a folder/);
    expect(() => openOutDir(join(f, "sub"))).toThrow(/^--out ".*sub": cannot create its parent folder: /);
    expect(readFileSync(join(foreign, "thesis.tex"), "utf8")).toBe("precious");
  });

  test("behavior: stale temp folders of dead processes are removed by the next run", () => {
    const target = join(root, "c");
    // pid 2^22 + 1 is above Linux's pid_max default (4,194,304): never alive.
    const dead = 4194305;
    mkdirSync(join(root, `.c.lpguard-tmp-${dead}-abc`));
    writeFileSync(join(root, `.c.lpguard-tmp-${dead}-abc`, "half.csv"), "a\n");
    mkdirSync(join(root, `.c.lpguard-old-${dead}-abc`));
    // The test runner's parent is alive: its temp folder is someone's run in progress, kept.
    mkdirSync(join(root, `.c.lpguard-tmp-${process.ppid}-def`));
    const removed = removeStaleTempFolders(target);
    expect(removed.length).toBe(2);
    expect(readdirSync(root).filter((n) => n.startsWith(".c."))).toEqual([
      `.c.lpguard-tmp-${process.ppid}-def`,
    ]);
  });
});

describe("runWithOutDirs", () => {
  test("default: prepareOutDir + writeAtomic commit when the command resolves, vanish when it throws", async () => {
    const ok = join(root, "ok");
    const files = await runWithOutDirs(async () => {
      const dir = prepareOutDir(ok);
      expect(dir).not.toBe(ok);
      return [writeAtomic(dir, "s.csv", "t,v\n1,2\n")];
    });
    expect(files).toEqual([join(ok, "s.csv")]);
    expect(readFileSync(join(ok, "s.csv"), "utf8")).toBe("t,v\n1,2\n");
    const bad = join(root, "bad");
    await expect(
      runWithOutDirs(async () => {
        const dir = prepareOutDir(bad);
        writeAtomic(dir, "s.csv", "t,v\n1,2\n");
        throw new ConfigError({ path: "x", reason: "fails late" });
      }),
    ).rejects.toThrow(/fails late/);
    expect(existsSync(bad)).toBe(false);
    expect(readdirSync(root).filter((n) => n.startsWith(".bad"))).toEqual([]);
  });
});

describe("assertFiniteText", () => {
  test("behavior: NaN/Infinity cells in CSV and JSON are refused naming the column or key", () => {
    expect(() => assertFiniteText("series.csv", "time,value,fees\n1,2,3\n4,NaN,6\n")).toThrow(
      /^series\.csv: column value \(line 3\) is NaN/,
    );
    expect(() => assertFiniteText("s.csv", "a,b\n1,-Infinity\n")).toThrow(NonFiniteOutputError);
    expect(() => assertFiniteText("r.json", '{\n  "fees": Infinity\n}')).toThrow(/^r\.json: fees \(line 2\)/);
    expect(() => assertFiniteText("ok.csv", "name,v\nInfinityPool,1\n")).not.toThrow();
    expect(() => assertFiniteText("report.html", "NaN")).not.toThrow();
  });
});

describe("OutDir.write", () => {
  test("behavior: a failing write is a PathError naming --out, the file and the errno; nothing appears", () => {
    const target = join(root, "w");
    const o = openOutDir(target);
    expect(() => o.write("no-such-sub/x.csv", "a\n")).toThrow(
      /^--out ".*w": cannot write no-such-sub\/x\.csv: does not exist \(ENOENT\)\.$/,
    );
    o.abort();
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(root).filter((n) => n.startsWith(".w."))).toEqual([]);
  });
});

describe("prepareOutDir outside main()", () => {
  test("behavior: files are written atomically in place; temp files of dead processes are removed", () => {
    const target = join(root, "plain");
    mkdirSync(target);
    writeFileSync(join(target, ".series.csv.4194305.tmp"), "half");
    writeFileSync(join(target, `.keep.csv.${process.ppid}.tmp`), "someone's");
    const dir = prepareOutDir(target);
    expect(dir).toBe(target);
    expect(writeAtomic(dir, "series.csv", "t\n1\n")).toBe(join(target, "series.csv"));
    expect(readdirSync(target).sort()).toEqual([`.keep.csv.${process.ppid}.tmp`, "series.csv"]);
  });
});
