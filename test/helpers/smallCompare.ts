/**
 * A small version of examples/compare-polygon.yaml for tests that only need a real compare run: the first
 * `runs` runs over `days` days, with every relative path made absolute so the config works from any folder.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import YAML from "yaml";
import { REPO_ROOT } from "./sharedData.js";

function absolutize(v: unknown, base: string): unknown {
  if (typeof v === "string") return v.startsWith("../") || v.startsWith("./") ? resolve(base, v) : v;
  if (Array.isArray(v)) return v.map((x) => absolutize(x, base));
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, absolutize(x, base)]));
  return v;
}

export function smallCompareConfig({ runs = 4, to = "2022-07-22" } = {}): Record<string, unknown> {
  const dir = join(REPO_ROOT, "examples");
  const raw = YAML.parse(readFileSync(join(dir, "compare-polygon.yaml"), "utf8"));
  const c = absolutize(raw, dir) as { data: { to: string }; runs: unknown[] };
  c.data.to = to;
  c.runs = c.runs.slice(0, runs);
  return c;
}

/** Writes the small compare config to `file` (JSON, which the config loader reads) and returns the file. */
export function writeSmallCompare(file: string, opts?: { runs?: number; to?: string }): string {
  writeFileSync(file, JSON.stringify(smallCompareConfig(opts), null, 2));
  return file;
}
