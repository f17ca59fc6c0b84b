import type { CliIO } from "./io.js";

/** Milliseconds between progress lines when stderr is not a terminal. */
export const PROGRESS_LINE_MS = 5_000;

export type CreateProgressOptions = {
  /** Interval between plain lines when stderr is not a terminal (default PROGRESS_LINE_MS). */
  lineMs?: number;
  /** Clock in ms (default `performance.now`); injected by tests. */
  now?: () => number;
};

/**
 * Progress on stderr. On a terminal: a bar redrawn in place at most ~10 times a second. Otherwise (a pipe, a log
 * file, CI; `io.plainProgress`): one plain line `label: 42% (420/1000)` every `lineMs` (5 s), so a long run still shows it is alive,
 * and nothing for runs shorter than that. `update(done)` is cheap enough to call in a loop every few thousand rows.
 */
export function createProgress(io: CliIO, label: string, total: number, options: CreateProgressOptions = {}) {
  const lineMs = options.lineMs ?? PROGRESS_LINE_MS;
  const now = options.now ?? (() => performance.now());
  const start = now();
  let last = io.isTTY ? 0 : start;
  let drawn = false;
  const frac = (done: number) => (total > 0 ? Math.min(1, Math.max(0, done / total)) : 1);
  const draw = (done: number) => {
    const f = frac(done);
    const width = 30;
    const filled = Math.round(f * width);
    io.err(
      `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(f * 100).toFixed(0).padStart(3)}%`,
    );
    drawn = true;
  };
  const line = (done: number) => {
    const secs = ((now() - start) / 1000).toFixed(0);
    io.err(`${label}: ${(frac(done) * 100).toFixed(0)}% (${done}/${total}, ${secs} s)\n`);
    drawn = true;
  };
  return {
    update(done: number) {
      const t = now();
      if (io.isTTY) {
        if (t - last < 100) return;
        last = t;
        draw(done);
        return;
      }
      if (io.plainProgress !== true || t - last < lineMs) return;
      last = t;
      line(done);
    },
    done() {
      if (io.isTTY) {
        draw(total);
        io.err("\n");
      } else if (drawn) line(total);
    },
  };
}
