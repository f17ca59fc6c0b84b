import { Command, CommanderError } from "commander";
import { BaseError } from "../errors/base.js";
import { commands } from "./commands/index.js";
import { type CliIO, processIO } from "./io.js";

/** Builds the `lpguard` program; every command registers itself from `commands/`. */
export function buildProgram(io: CliIO): Command {
  const program = new Command("lpguard")
    .description("Measure and neutralise impermanent loss of AMM liquidity positions.")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError(false);
  for (const register of commands) register(program, io);
  return program;
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code:
 * 0 on success, 2 on bad input (one line naming the field), 1 on an unexpected failure.
 */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.exitCode === 0)
        return 0;
      // commander already printed its one-line message through writeErr.
      return 2;
    }
    if (err instanceof BaseError) {
      io.err(`error: ${err.shortMessage}\n`);
      return 2;
    }
    io.err(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
