import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (two levels above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The shared real-data folder, `../shared/data` beside the repository. */
export const SHARED_DATA = resolve(REPO_ROOT, "../shared/data");

/** Path of a file or folder inside the shared data folder; throws a clear error if it is missing. */
export function sharedData(...parts: string[]): string {
  const p = join(SHARED_DATA, ...parts);
  if (!existsSync(p))
    throw new Error(`shared data ${p} is missing: ../shared must sit beside the repository`);
  return p;
}
