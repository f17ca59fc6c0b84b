import type { CliIO } from "./io.js";

/**
 * A progress bar on stderr, drawn only when stderr is a terminal, at most ~10 times a second.
 * `update(done)` is cheap enough to call in a loop every few thousand rows.
 */
export function createProgress(io: CliIO, label: string, total: number) {
  let last = 0;
  const draw = (done: number) => {
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(frac * width);
    io.err(
      `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%`,
    );
  };
  return {
    update(done: number) {
      if (!io.isTTY) return;
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      draw(done);
    },
    done() {
      if (!io.isTTY) return;
      draw(total);
      io.err("\n");
    },
  };
}
