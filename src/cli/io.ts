/** Where a command writes. Injected so tests run commands in-process and read what they printed. */
export type CliIO = {
  out: (text: string) => void;
  err: (text: string) => void;
  /** True when stderr is a terminal: progress bars draw only then. */
  isTTY: boolean;
};

export const processIO: CliIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
};

/** Collects output in memory; for tests. */
export function memoryIO(): CliIO & { stdout: () => string; stderr: () => string } {
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
    stdout: () => o,
    stderr: () => e,
  };
}
