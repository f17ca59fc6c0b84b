/**
 * `npm run bench`: runs every `bench/*.bench.ts` module (each exports `cases(): BenchCase[] | Promise<BenchCase[]>`)
 * and prints one table. Filter with `npm run bench -- <substring of group>`.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  type BenchCase,
  type BenchResult,
  renderResults,
  runCase,
  runCaseAsync,
  runRounds,
} from "./harness.js";

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
  const cases = (await mod.cases()).filter((c) => !filter || c.group.includes(filter));
  // Synchronous cases without servers run round-robin per module (best round each: see runRounds), so a case and
  // its baseline are measured under the same load; the others one after the other.
  const rr = cases.filter((c) => c.fn !== undefined && c.setup === undefined && c.teardown === undefined);
  const done = new Map<BenchCase, BenchResult>();
  if (rr.length > 0) {
    process.stderr.write(`running ${rr.length} cases of ${f} round-robin\n`);
    const res = runRounds(rr);
    for (let k = 0; k < rr.length; k++) done.set(rr[k], res[k]);
  }
  for (const c of cases) {
    if (!done.has(c)) {
      process.stderr.write(`running ${c.group} / ${c.name}\n`);
      await c.setup?.();
      done.set(c, c.fnAsync ? await runCaseAsync(c, 3000) : runCase(c));
      await c.teardown?.();
    }
    results.push(done.get(c) as BenchResult);
  }
}
process.stdout.write(`${renderResults(results)}\n`);
