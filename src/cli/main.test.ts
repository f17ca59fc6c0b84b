import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { describe, expect, test } from "vitest";
import { ConfigError } from "../errors/config.js";
import { memoryIO } from "./io.js";
import { describeError, MAX_ERROR_LINE, main, oneLine } from "./main.js";

describe("main", () => {
  test("default: an unknown command is one line, exit 2", async () => {
    const io = memoryIO();
    expect(await main(["frobnicate"], io)).toBe(2);
    expect(io.stderr()).toBe("error: unknown command 'frobnicate'\n");
  });

  test("behavior: a BaseError prints its short message on one line of at most 300 characters", () => {
    const long = new ConfigError({
      path: "data.pool",
      value: "x".repeat(5000),
      reason: `bad\n${"y".repeat(900)}`,
    });
    const { line, code } = describeError(long);
    expect(code).toBe(2);
    expect(line.length).toBeLessThanOrEqual(MAX_ERROR_LINE);
    expect(line).not.toContain("\n");
    expect(line.startsWith('error: data.pool "xxx')).toBe(true);
    expect(oneLine("a\n  b\n")).toBe("a b");
  });

  test("behavior: an unmapped system error with a path is still exit 2 naming the path; a bug is exit 1, one line", () => {
    let sys: unknown;
    try {
      readFileSync("/nonexistent/lpguard.csv");
    } catch (e) {
      sys = e;
    }
    expect(describeError(sys)).toEqual({
      line: 'error: path "/nonexistent/lpguard.csv": does not exist (ENOENT).',
      code: 2,
    });
    const bug = describeError(new TypeError("x is undefined"));
    expect(bug.code).toBe(1);
    expect(bug.line).toBe(
      "internal error: x is undefined (a bug in lpguard; set LPGUARD_DEBUG=1 for the stack)",
    );
  });

  test("behavior: a command that prints NaN or Infinity fails with a NonFiniteOutputError naming the line", async () => {
    const { commands } = await import("./commands/index.js");
    const register = (program: Command, io: { out: (s: string) => void }) => {
      program.command("nan-probe").action(() => io.out("fees  NaN\n"));
    };
    commands.push(register as never);
    try {
      const io = memoryIO();
      expect(await main(["nan-probe"], io)).toBe(2);
      expect(io.stdout()).toBe("");
      expect(io.stderr()).toMatch(/^error: stdout: fees is NaN: /);
    } finally {
      commands.pop();
    }
  });
});
