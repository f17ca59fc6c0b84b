import { describe, expect, test } from "vitest";
import { memoryIO } from "./io.js";
import { createProgress } from "./progress.js";

describe("createProgress", () => {
  test("default: without a terminal, one plain line every lineMs, and a last line at done", () => {
    const io = memoryIO({ plainProgress: true });
    let t = 0;
    const p = createProgress(io, "backtest", 1000, { lineMs: 5000, now: () => t });
    for (let done = 0; done <= 1000; done += 10) {
      t += 200; // 20 s in all
      p.update(done);
    }
    p.done();
    const lines = io.stderr().trimEnd().split("\n");
    expect(lines.length).toBe(5); // at 5, 10, 15, 20 s, then done
    expect(lines[0]).toMatch(/^backtest: \d+% \(\d+\/1000, 5 s\)$/);
    expect(lines.at(-1)).toMatch(/^backtest: 100% \(1000\/1000, 20 s\)$/);
    expect(io.stderr()).not.toContain("\r");
  });

  test("behavior: a short run prints nothing; in-process tests (plainProgress off) stay silent", () => {
    let t = 0;
    const io = memoryIO({ plainProgress: true });
    const p = createProgress(io, "x", 10, { now: () => t });
    t = 1000;
    p.update(5);
    p.done();
    expect(io.stderr()).toBe("");
    const quiet = memoryIO();
    const q = createProgress(quiet, "x", 10, { lineMs: 1, now: () => (t += 10) });
    q.update(5);
    q.done();
    expect(quiet.stderr()).toBe("");
  });

  test("behavior: on a terminal, a bar redrawn in place", () => {
    const io = { ...memoryIO(), isTTY: true };
    let t = 0;
    let err = "";
    io.err = (s: string) => {
      err += s;
    };
    const p = createProgress(io, "sim", 4, { now: () => (t += 150) });
    p.update(2);
    p.done();
    expect(err).toContain("\rsim [###############---------------]  50%");
    expect(err.endsWith("100%\n")).toBe(true);
  });
});
