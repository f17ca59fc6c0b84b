/** Starts `lpguard <args>` from the TypeScript sources (through tsx) in a child process, stdout/stderr piped. */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./sharedData.js";

export function spawnCli(args: string[]): ChildProcess {
  const code = `const { main } = await import(${JSON.stringify(join(REPO_ROOT, "src/cli/main.ts"))}); process.exitCode = await main(process.argv.slice(1));`;
  return spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code, ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
}
