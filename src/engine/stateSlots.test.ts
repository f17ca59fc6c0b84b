import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// engine.ts indexes its state array with literal slot numbers named in a comment (`S[0 /* PRICE */]`, see the
// comment on its SLOT table): this test reads the source
// and checks that every such literal is its name's slot.
const source = readFileSync(new URL("./engine.ts", import.meta.url), "utf8");

describe("engine state slots", () => {
  const table = source.match(/const SLOT = \{([^}]*)\} as const;/);
  const slots = new Map<string, number>();
  for (const m of (table?.[1] ?? "").matchAll(/([A-Z_0-9]+): (\d+),/g)) slots.set(m[1], Number(m[2]));

  it("has one distinct slot per name, numbered 0..SLOTS-1", () => {
    expect(slots.size).toBeGreaterThan(10);
    const n = slots.get("SLOTS");
    const numbers = [...slots].filter(([k]) => k !== "SLOTS").map(([, v]) => v);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers.map((_, i) => i));
    expect(n).toBe(numbers.length);
  });

  it("names every literal slot with the slot of that name", () => {
    const uses = [...source.matchAll(/(\d+) \/\* ([A-Z_0-9]+) \*\//g)];
    expect(uses.length).toBeGreaterThan(50);
    for (const [, num, name] of uses) expect(`${name}=${num}`).toBe(`${name}=${slots.get(name)}`);
  });
});
