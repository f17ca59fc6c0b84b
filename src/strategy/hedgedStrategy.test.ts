import { describe, expect, test } from "vitest";
import type { Intent, Strategy, StrategyContext } from "../engine/types.js";
import { hedgedStrategy } from "./hedgedStrategy.js";

const emit = (name: string, init: Intent[] | undefined, bar: Intent[] | undefined): Strategy => ({
  name,
  init: () => init,
  onBar: () => bar,
});
const ctx = {} as StrategyContext;

describe("hedgedStrategy", () => {
  test("default: hedge intents first at bar 0, the range first afterwards; the name joins the parts", () => {
    const s = hedgedStrategy(
      emit("range", [{ kind: "mint", tickLower: 0, tickUpper: 10 }], [{ kind: "burn" }]),
      [
        emit(
          "h",
          [{ kind: "deposit", venue: "perp", amount: 1 }],
          [{ kind: "hedge", venue: "perp", targetDelta: -1 }],
        ),
      ],
    );
    expect(s.name).toBe("range+h");
    expect(s.init(ctx)?.map((i) => i.kind)).toEqual(["deposit", "mint"]);
    expect(s.onBar(ctx)?.map((i) => i.kind)).toEqual(["burn", "hedge"]);
  });

  test("behavior: quiet bars return undefined (no allocation)", () => {
    const s = hedgedStrategy(emit("r", undefined, undefined), [emit("h", undefined, [])]);
    expect(s.init(ctx)).toBeUndefined();
    expect(s.onBar(ctx)).toBeUndefined();
  });
});
