import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const PURE = ["src/math", "src/engine", "src/strategy", "src/sim", "src/forecast"];
const FORBIDDEN: [RegExp, string][] = [
  [/\bMath\.random\b/, "Math.random (randomness must come in as a seeded argument)"],
  [/\bDate\.now\b|\bnew Date\(/, "reading the clock"],
  [/from\s+["']node:fs["']|from\s+["']fs["']/, "file I/O"],
  [/\bprocess\.(env|argv|stdout|stderr)\b/, "process globals"],
  [/\bconsole\.(log|error|warn)\b/, "logging"],
];

function walk(dir: string): string[] {
  let out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (p.endsWith(".ts") && !p.endsWith(".test.ts") && !p.endsWith(".bench.ts")) out.push(p);
  }
  return out;
}

describe("purity of the core layers", () => {
  test("behavior: math, engine, strategy, sim and forecast read no clock, randomness, files or process state", () => {
    const offences: string[] = [];
    const files = PURE.flatMap(walk);
    // sim/ may host the worker-thread runner, which is the edge of that layer.
    for (const f of files) {
      if (f.includes(`${join("src", "sim")}/parallel`)) continue;
      const text = readFileSync(f, "utf8");
      for (const [re, what] of FORBIDDEN) if (re.test(text)) offences.push(`${f}: ${what}`);
    }
    expect(offences).toEqual([]);
  });
});
