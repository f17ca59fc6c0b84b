/**
 * A vitest reporter that ends the run with the plain line `tests: N passed, N failed[, N skipped]`,
 * which CI reads as the run's verdict. It only counts; the default reporter still prints the details.
 */
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      let modFailed = 0;
      let modSkipped = 0;
      for (const t of mod.children.allTests()) {
        const state = t.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") modFailed++;
        else modSkipped++;
      }
      // A file that failed outside its tests (an import, a beforeAll) skips them: they count as failed, not skipped.
      if (mod.state() === "failed" && modFailed === 0) {
        modFailed = Math.max(1, modSkipped);
        modSkipped = 0;
      }
      failed += modFailed;
      skipped += modSkipped;
    }
    const line = `tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`;
    // printed at exit so that it is the run's closing line, after vitest's own summary
    process.once("exit", () => process.stdout.write(line));
  }
}
