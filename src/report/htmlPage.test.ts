import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { REPO_ROOT } from "../../test/helpers/sharedData.js";
import { runEngine } from "../engine/runEngine.js";
import { makePoolSeries } from "../engine/testSeries.js";
import { recenterRange } from "../strategy/recenterRange.js";
import { chartFrame, niceTicks, svgYAxis } from "./axes.js";
import { escapeHtml, REPORT_CSS, renderHtmlPage } from "./htmlPage.js";
import { renderBacktestHtml } from "./renderBacktestHtml.js";
import { renderCompareHtml } from "./renderCompareHtml.js";
import { formatAxisValue } from "./svgLineChart.js";

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.ts$/.test(name) && !/\.test\.ts$/.test(name)) out.push(p);
  }
  return out;
}

describe("one HTML page shell", () => {
  test("behavior: only htmlPage.ts writes a doctype; every report page uses its head and CSS", () => {
    const writers = sources(join(REPO_ROOT, "src"))
      .filter((p) => /<!doctype html/i.test(readFileSync(p, "utf8")))
      .map((p) => relative(REPO_ROOT, p));
    expect(writers).toEqual([join("src", "report", "htmlPage.ts")]);
    const run = runEngine({
      series: makePoolSeries({ closeTick: [200000, 200010, 199990], liquidity: 1e17 }),
      strategy: recenterRange({ widthPct: 5 }),
      deposit: 1000,
    });
    const series = run.series;
    if (series === undefined) throw new Error("no series");
    const pages = [
      renderBacktestHtml({ title: "bt <1>", series, summary: [["k", "v"]] }),
      renderCompareHtml({
        title: "cmp <1>",
        headers: ["strategy"],
        rows: [["a"]],
        runs: [{ name: "a", series, initialValue: 1000 }],
      }),
    ];
    for (const html of pages) {
      expect(html.startsWith('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">')).toBe(true);
      expect(html).toContain(`<style>${REPORT_CSS}`);
      expect(html).toMatch(/<title>(bt|cmp) &lt;1&gt;<\/title>/);
      expect(html.endsWith("</body></html>\n")).toBe(true);
    }
  });

  test("behavior: renderHtmlPage escapes the title and appends the page's CSS", () => {
    const html = renderHtmlPage({ title: 'a & "b"', body: "<p>x</p>", css: "p{color:red}" });
    expect(html).toContain("<title>a &amp; &quot;b&quot;</title>");
    expect(html).toContain(`<style>${REPORT_CSS}p{color:red}</style>`);
    expect(html).toContain("<p>x</p>");
    expect(escapeHtml('<a href="x">&</a>')).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
  });
});

describe("shared axis code", () => {
  test("behavior: the line chart and the fan chart draw the same y axis for the same range", async () => {
    const { svgLineChart } = await import("./svgLineChart.js");
    const { svgFanChart } = await import("./svgFanChart.js");
    const values = [10, 12, 15, 11];
    const line = svgLineChart({
      title: "l",
      time: [0, 1, 2, 3],
      lines: [{ label: "x", values, color: "#000" }],
      formatY: formatAxisValue,
    });
    const fan = svgFanChart({
      title: "f",
      x: [0, 1, 2, 3],
      bands: { p5: values, p25: values, p50: values, p75: values, p95: values },
      formatY: formatAxisValue,
    });
    const frame = chartFrame(860, 260);
    const t = niceTicks(10, 15, 5);
    const y = (v: number) => frame.padT + (1 - (v - t.lo) / (t.hi - t.lo)) * frame.h;
    expect(line).toContain(svgYAxis(t.ticks, y, frame, formatAxisValue));
    expect(fan).toContain(svgYAxis(t.ticks, y, frame, formatAxisValue, "#ddd"));
  });
});
