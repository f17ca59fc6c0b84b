import { dirname, resolve } from "node:path";
import { Command, CommanderError } from "commander";
import {
  type ConfigRead,
  findConfigKeyValue,
  findConfigPathOf,
  withConfigReads,
} from "../config/primitives.js";
import { BaseError, truncateText } from "../errors/base.js";
import { fsErrorToPathError, NonFiniteOutputError, PathError, systemErrorCode } from "../errors/io.js";
import { InvalidInputError } from "../errors/math.js";
import { commands } from "./commands/index.js";
import { type CliIO, processIO } from "./io.js";
import { runWithOutDirs } from "./outDir.js";

/** Longest error line the CLI prints (the value inside it is truncated first, see `formatValue`). */
export const MAX_ERROR_LINE = 300;

/**
 * Builds the `lpguard` program; every command registers itself from `commands/` and writes through `io`.
 * commander's own help and error text goes to `helpIO` (default `io`).
 */
export function buildProgram(io: CliIO, helpIO: CliIO = io): Command {
  const program = new Command("lpguard")
    .description("Measure and neutralise impermanent loss of AMM liquidity positions.")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => helpIO.out(s),
      writeErr: (s) => helpIO.err(s),
      // commander's errors ("error: unknown option '--x'") become one line, cut to MAX_ERROR_LINE.
      outputError: (s, write) => write(`${oneLine(s)}\n`),
    })
    .showHelpAfterError(false)
    .showSuggestionAfterError(true);
  for (const register of commands) register(program, io);
  return program;
}

/** Returns `text` as one line of at most MAX_ERROR_LINE characters (newlines folded, the middle cut). */
export function oneLine(text: string): string {
  return truncateText(text.replace(/\s*\n\s*/g, " ").trim(), MAX_ERROR_LINE);
}

/** Matches a bare NaN or ±Infinity token in human or JSON output. */
const NON_FINITE_OUT = /(^|[^A-Za-z0-9_])(-?Infinity|NaN)(?![A-Za-z0-9_])/;

/** Wraps `io` so that stdout never receives a NaN or Infinity token (NonFiniteOutputError naming the line). */
function guardedIO(io: CliIO): CliIO {
  return {
    ...io,
    out: (text) => {
      const m = NON_FINITE_OUT.exec(text);
      if (m !== null) {
        const before = text.slice(0, m.index + m[1].length);
        const lineStart = before.lastIndexOf("\n") + 1;
        const line = text.slice(lineStart, text.indexOf("\n", lineStart) >>> 0).trim();
        const field = line.split(/\s{2,}|:/)[0] || "output";
        throw new NonFiniteOutputError({
          field: truncateText(field, 60),
          value: m[2] === "NaN" ? Number.NaN : m[2].startsWith("-") ? -Infinity : Infinity,
          where: "stdout",
        });
      }
      io.out(text);
    },
  };
}

/** Field names the data loaders use when their caller gave none. */
const GENERIC_FIELDS = new Set(["path", "file", "folder"]);

/** Returns the one-line message and exit code for an error that escaped a command. */
export function describeError(
  err: unknown,
  reads: readonly ConfigRead[] = [],
): { line: string; code: number } {
  // A loader names a path with a generic field ("path", "file"): name the config path that holds it instead.
  if (err instanceof PathError && GENERIC_FIELDS.has(err.field)) {
    const at = findConfigPathOf(reads, err.path);
    if (at !== undefined) {
      const inside = resolve(dirname(at.file), at.value) !== err.path;
      const named = new PathError({
        field: at.path,
        path: inside ? err.path : at.value,
        reason: err.reason,
        code: err.code,
      });
      return { line: oneLine(`error: ${at.file}: ${named.shortMessage}`), code: 2 };
    }
  }
  // An argument error from inside a library function: name the config path that holds that key and value.
  if (err instanceof InvalidInputError) {
    const at = findConfigKeyValue(reads, err.field.split(".").pop() ?? err.field, err.value);
    if (at !== undefined)
      return {
        line: oneLine(`error: ${at.file}: ${at.path}${err.shortMessage.slice(err.field.length)}`),
        code: 2,
      };
  }
  if (err instanceof BaseError) return { line: oneLine(`error: ${err.shortMessage}`), code: 2 };
  // A system error with a path (ENOENT, EACCES, EISDIR, ENOSPC, …) that a command did not map: still bad input.
  const sys = systemErrorCode(err);
  const path = (err as { path?: unknown } | null)?.path;
  if (sys !== undefined && typeof path === "string") {
    const e = fsErrorToPathError(err, { field: "path", path });
    return { line: oneLine(`error: ${(e as BaseError).shortMessage}`), code: 2 };
  }
  if (err instanceof RangeError && /allocation|Invalid (typed )?array length|Array buffer/i.test(err.message))
    return {
      line: oneLine(
        `error: the run needs more memory than this machine has (${err.message}); reduce its size.`,
      ),
      code: 2,
    };
  const msg = err instanceof Error ? err.message : String(err);
  return {
    line: oneLine(`internal error: ${msg} (a bug in lpguard; set LPGUARD_DEBUG=1 for the stack)`),
    code: 1,
  };
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code:
 * 0 on success, 2 on bad input (one line naming the field), 1 on an unexpected failure (one line; the stack only
 * with LPGUARD_DEBUG=1). `--out` folders appear whole on success and not at all on failure (`outDir.ts`).
 */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const program = buildProgram(guardedIO(io), io);
  const reads: ConfigRead[] = [];
  try {
    await withConfigReads(reads, () => runWithOutDirs(() => program.parseAsync(argv, { from: "user" })));
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.exitCode === 0)
        return 0;
      // commander already printed its one-line message through writeErr.
      return 2;
    }
    const { line, code } = describeError(err, reads);
    io.err(`${line}\n`);
    if (code === 1 && process.env.LPGUARD_DEBUG && err instanceof Error && err.stack)
      io.err(`${err.stack}\n`);
    return code;
  }
}
