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
      for (const t of mod.children.allTests()) {
        const state = t.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
      if (mod.state() === "failed" && [...mod.children.allTests()].length === 0) failed++;
    }
    const line = `tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`;
    // printed at exit so that it is the run's closing line, after vitest's own summary
    process.once("exit", () => process.stdout.write(line));
  }
}
