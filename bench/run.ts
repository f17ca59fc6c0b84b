/**
 * `npm run bench`: runs every `bench/*.bench.ts` module (each exports `cases(): BenchCase[] | Promise<BenchCase[]>`)
 * and prints one table. Filter with `npm run bench -- <substring of group>`.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BenchCase, type BenchResult, renderResults, runCase, runCaseAsync } from "./harness.js";

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .sort();
const results: BenchResult[] = [];
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as {
    cases: () => BenchCase[] | Promise<BenchCase[]>;
  };
  const cases = await mod.cases();
  for (const c of cases) {
    if (filter && !c.group.includes(filter)) continue;
    process.stderr.write(`running ${c.group} / ${c.name}\n`);
    await c.setup?.();
    results.push(c.fnAsync ? await runCaseAsync(c, 3000) : runCase(c));
    await c.teardown?.();
  }
}
process.stdout.write(`${renderResults(results)}\n`);
