import { describe, expect, test } from "vitest";
import { runEngine } from "../engine/runEngine.js";
import { makePoolSeries } from "../engine/testSeries.js";
import { recenterRange } from "../strategy/recenterRange.js";
import { downsampleIndices } from "./downsample.js";
import { renderBacktestHtml } from "./renderBacktestHtml.js";
import { SERIES_COLUMNS, seriesToCsv } from "./seriesCsv.js";
import { svgLineChart } from "./svgLineChart.js";

const close = Array.from({ length: 5000 }, (_, i) => 200000 + Math.round(300 * Math.sin(i / 300)));
const run = runEngine({
  series: makePoolSeries({ closeTick: close, liquidity: 1e17, inAmount0: close.map(() => 1e9) }),
  strategy: recenterRange({ widthPct: 1 }),
  deposit: 1000,
});

describe("downsampleIndices", () => {
  test("default", () => {
    const idx = downsampleIndices(10_001, 2000);
    expect(idx.length).toBe(2000);
    expect(idx[0]).toBe(0);
    expect(idx[1999]).toBe(10_000);
    expect(Array.from(downsampleIndices(3, 10))).toEqual([0, 1, 2]);
  });
});

describe("svgLineChart", () => {
  test("behavior: splits lines at NaN gaps and escapes the title", () => {
    const svg = svgLineChart({
      title: "a<b",
      time: [0, 1, 2, 3],
      lines: [{ label: "x", values: [1, Number.NaN, 2, 3], color: "#000" }],
    });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("a&lt;b");
    expect(svg.match(/M/g)?.length).toBe(2);
  });
});

describe("seriesToCsv", () => {
  test("default", () => {
    const csv = seriesToCsv(run.series!);
    const lines = csv.trimEnd().split("\n");
    expect(lines.length).toBe(5001);
    expect(lines[0].split(",")).toEqual(["time", ...SERIES_COLUMNS]);
    expect(lines[1].split(",").length).toBe(SERIES_COLUMNS.length + 1);
  });
});

describe("renderBacktestHtml", () => {
  test("behavior: self-contained with four svg charts of at most 2,000 points, no scripts", () => {
    const html = renderBacktestHtml({
      title: "t",
      series: run.series!,
      summary: [["k", "v"]],
      maxPoints: 500,
    });
    expect(html.match(/<svg/g)?.length).toBe(4);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    const firstPath = /<path d="([^"]+)"/.exec(html)![1];
    expect(firstPath.split(/[ML]/).length - 1).toBeLessThanOrEqual(500);
  });
});
