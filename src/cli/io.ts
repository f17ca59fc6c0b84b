/** Where a command writes. Injected so tests run commands in-process and read what they printed. */
export type CliIO = {
  out: (text: string) => void;
  err: (text: string) => void;
  /** True when stderr is a terminal: progress bars draw only then. */
  isTTY: boolean;
  /**
   * When stderr is not a terminal, print a plain progress line every few seconds (`progress.ts`). True for the
   * real process; false by default in `memoryIO` so in-process tests read clean stderr.
   */
  plainProgress?: boolean;
};

export const processIO: CliIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
  plainProgress: !process.stderr.isTTY,
};

/** Collects output in memory; for tests. */
export function memoryIO(
  options: { plainProgress?: boolean } = {},
): CliIO & { stdout: () => string; stderr: () => string } {
  let o = "";
  let e = "";
  return {
    out: (t) => {
      o += t;
    },
    err: (t) => {
      e += t;
    },
    isTTY: false,
    plainProgress: options.plainProgress ?? false,
    stdout: () => o,
    stderr: () => e,
  };
}
