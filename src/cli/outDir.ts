import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "../errors/config.js";

/** Creates the `--out` folder (and parents) and returns its absolute path; a failure names the flag. */
export function prepareOutDir(out: string): string {
  const dir = resolve(out);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (cause) {
    throw new ConfigError({
      path: "--out",
      value: out,
      reason: `cannot be created (${(cause as Error).message})`,
    });
  }
  return dir;
}

/** Writes `text` to `dir/name` atomically (a temp file in the same folder, then rename) and returns the path. */
export function writeAtomic(dir: string, name: string, text: string): string {
  const target = join(dir, name);
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, target);
  return target;
}
