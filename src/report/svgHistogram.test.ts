import { describe, expect, test } from "vitest";
import { svgFanChart } from "./svgFanChart.js";
import { histogramCounts, svgHistogram } from "./svgHistogram.js";

describe("histogramCounts", () => {
  test("default", () => {
    expect(Array.from(histogramCounts([0, 0.1, 0.5, 0.99, 1], 2, 0, 1))).toEqual([2, 3]);
  });

  test("behavior: values outside the range fall in the end bins and every value is counted once", () => {
    const v = Float64Array.from({ length: 1000 }, (_, i) => (i - 100) / 700);
    const c = histogramCounts(v, 10, 0, 1);
    expect(c.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(c[0]).toBeGreaterThanOrEqual(100);
  });
});

describe("svgHistogram", () => {
  test("default", () => {
    const svg = svgHistogram({ title: "a <b>", values: [-1, 0, 1, 2], bins: 4 });
    expect(svg.match(/<rect /g)).toHaveLength(5); // 4 bars + frame
    expect(svg).toContain("a &lt;b&gt;");
    expect(svg).toContain("stroke-dasharray"); // the zero line
  });
});

describe("svgFanChart", () => {
  test("default", () => {
    const x = [0, 1, 2];
    const svg = svgFanChart({
      title: "fan",
      x,
      bands: { p5: [0, 1, 2], p25: [1, 2, 3], p50: [2, 3, 4], p75: [3, 4, 5], p95: [4, 5, 6] },
      xLabel: "days",
    });
    expect(svg.match(/<polygon /g)).toHaveLength(2);
    expect(svg).toContain("2 days");
    expect(svg.startsWith("<svg")).toBe(true);
  });
});
