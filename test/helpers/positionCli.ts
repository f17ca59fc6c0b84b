/** Runs `lpguard position` in-process through main(), and the flag lists its tests repeat. */
import { expect } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

/** Runs `lpguard position ARGS` and returns the exit code and both streams. */
export async function runPosition(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIO();
  const code = await main(["position", ...args], io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/** The analytic form's leading flags: `--kind K --price P --entry-price P0`, then `rest`. */
export function positionArgs(
  kind: string,
  price: string | number,
  entryPrice: string | number,
  ...rest: string[]
) {
  return ["--kind", kind, "--price", String(price), "--entry-price", String(entryPrice), ...rest];
}

/** Asserts that the human output names every one of `labels`. */
export function expectLabels(stdout: string, labels: readonly string[]): void {
  for (const label of labels) expect(stdout).toContain(label);
}
