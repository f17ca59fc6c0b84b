/**
 * Crash points for the kill -9 tests. `LPGUARD_CRASH_AT=<phase>:<n>` makes the process SIGKILL itself the n-th time it
 * reaches `phase` (1-based), so a test can crash the keeper at an exact point (before / after a journal write, after
 * signing, after broadcast, after the receipt, after the perp submit, after the fill, after mint and burn). Without
 * the variable it costs one Map lookup.
 */
export const CRASH_PHASES = [
  "before-plan",
  "after-plan",
  "after-sign",
  "after-journal-signed",
  "after-broadcast",
  "after-receipt",
  "after-confirm",
  "after-mint",
  "after-burn",
  "before-submit",
  "after-submit",
  "after-fill",
  "after-snapshot",
] as const;
export type CrashPhase = (typeof CRASH_PHASES)[number];

export type CrashHook = (phase: CrashPhase) => void;

/** Returns the crash hook `spec` ("phase:n") describes, or a no-op; `kill` defaults to SIGKILL of this process. */
export function crashHookFrom(
  spec: string | undefined,
  kill: () => void = () => process.kill(process.pid, "SIGKILL"),
): CrashHook {
  if (spec === undefined || spec === "") return () => {};
  const [phase, nText] = spec.split(":");
  const n = Number(nText ?? "1");
  const seen = new Map<string, number>();
  return (p: CrashPhase): void => {
    if (p !== phase) return;
    const c = (seen.get(p) ?? 0) + 1;
    seen.set(p, c);
    if (c === n) kill();
  };
}
