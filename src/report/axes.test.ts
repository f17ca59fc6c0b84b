import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { niceTicks, PALETTE, paletteColor, svgLegend, textWidth, timeTicks } from "./axes.js";
import { svgFanChart } from "./svgFanChart.js";
import { svgLineChart } from "./svgLineChart.js";

const DAY = 86_400_000;

describe("niceTicks", () => {
  test("default: round steps that cover the range", () => {
    expect(niceTicks(9_412.3, 11_387.9)).toEqual({
      lo: 9_000,
      hi: 11_500,
      step: 500,
      ticks: [9_000, 9_500, 10_000, 10_500, 11_000, 11_500],
    });
    expect(niceTicks(-0.0153, 0.0021).ticks).toEqual([-0.02, -0.015, -0.01, -0.005, 0, 0.005]);
  });

  test("behavior: step is 1, 2, 2.5 or 5 × 10^k; ticks are its multiples, cover [min, max], 3 to 11 of them (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        (a, span) => {
          // a span below ~1e-6 of the offset is beneath float64 resolution for round ticks: not a chart
          const b = a + Math.max(span, Math.abs(a) * 1e-6);
          if (!(b > a)) return true;
          const t = niceTicks(a, b);
          const mant = t.step / 10 ** Math.floor(Math.log10(t.step) + 1e-12);
          const okMant = [1, 2, 2.5, 5, 10].some((m) => Math.abs(mant - m) < 1e-9);
          const multiples = t.ticks.every(
            (v) => Math.abs(v - Math.round(v / t.step) * t.step) <= t.step * 1e-6 + Math.abs(v) * 1e-12,
          );
          return (
            okMant &&
            multiples &&
            // covers the range up to a millionth of a step (the outer ticks absorb float noise)
            t.lo <= a + t.step * 1e-6 &&
            t.hi >= b - t.step * 1e-6 &&
            t.ticks.length >= 3 &&
            t.ticks.length <= 11
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("timeTicks", () => {
  test("default: a 35-day backtest gets dated ticks on UTC midnights, the year on the first", () => {
    const t0 = Date.UTC(2022, 6, 19);
    const ticks = timeTicks(t0, t0 + 35 * DAY - 60_000, 6);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(8);
    for (const t of ticks) expect(t.time % DAY).toBe(0);
    expect(ticks[0].label).toMatch(/^Jul \d+ 2022$/);
    expect(ticks[1].label).toMatch(/^(Jul|Aug) \d+$/);
  });

  test("behavior: within a day ticks are hours; over a year they are month starts", () => {
    const t0 = Date.UTC(2022, 6, 19, 3, 17);
    const h = timeTicks(t0, t0 + 10 * 3_600_000, 6);
    expect(h.every((t) => t.time % 3_600_000 === 0)).toBe(true);
    expect(h[0].label).toMatch(/^Jul 19 2022 \d\d:00$/);
    const y = timeTicks(Date.UTC(2021, 0, 5), Date.UTC(2023, 0, 5), 6);
    expect(y.every((t) => new Date(t.time).getUTCDate() === 1)).toBe(true);
    expect(y[0].label).toMatch(/ 2021$/);
  });
});

describe("svgLegend", () => {
  test("behavior: 25 long labels wrap into rows and no item passes the right edge", () => {
    const items = Array.from({ length: 25 }, (_, i) => ({
      label: `run ${i + 1}: delta hedge ±0.${i} ETH with governor`,
      color: paletteColor(i),
    }));
    const { svg, height } = svgLegend(items, 70, 300, 774);
    const boxes = [...svg.matchAll(/data-x="([\d.]+)" data-w="([\d.]+)"/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(boxes.length).toBe(25);
    for (const [x, w] of boxes) expect(x + w).toBeLessThanOrEqual(70 + 774 + 14);
    expect(height).toBeGreaterThan(16 * 3);
    const huge = svgLegend([{ label: "x".repeat(500), color: "#000" }], 0, 0, 300).svg;
    expect(huge).toContain("…");
    expect(textWidth("x".repeat(10))).toBeGreaterThan(60);
  });

  test("behavior: the palette has 20 distinct colours", () => {
    expect(new Set(PALETTE).size).toBe(20);
    expect(paletteColor(20)).toBe(PALETTE[0]);
  });
});

describe("svgLineChart", () => {
  test("behavior: the svg grows to hold its legend; band and markers are drawn", () => {
    const time = Array.from({ length: 100 }, (_, i) => Date.UTC(2022, 6, 19) + i * 3_600_000);
    const lines = Array.from({ length: 14 }, (_, j) => ({
      label: `a fairly long run name ${j}`,
      values: time.map((_, i) => 100 + j + Math.sin(i / 9)),
      color: paletteColor(j),
    }));
    const svg = svgLineChart({
      title: "t",
      time,
      lines,
      height: 260,
      band: {
        upper: time.map(() => 120),
        lower: time.map((_, i) => (i < 10 ? Number.NaN : 95)),
        color: "#2ca02c",
        label: "range",
      },
      markers: { times: [time[20], time[50]], label: "rebalance" },
    });
    const h = Number(/height="(\d+)"/.exec(svg)![1]);
    expect(h).toBeGreaterThan(260 + 16);
    expect(svg.match(/<polygon/g)?.length).toBe(1);
    expect(svg).toContain('data-markers="2"');
    expect((svg.match(/data-tick=/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });
});

describe("svgFanChart", () => {
  test("behavior: fans given one yRange get the same y ticks", () => {
    const x = [0, 1, 2, 3];
    const narrow = {
      p5: [99, 98, 97, 96],
      p25: [99.5, 99, 98.5, 98],
      p50: [100, 100, 100, 100],
      p75: [100.5, 101, 101.5, 102],
      p95: [101, 102, 103, 104],
    };
    const wide = {
      p5: [90, 80, 70, 60],
      p25: [95, 90, 85, 80],
      p50: [100, 100, 100, 100],
      p75: [105, 110, 115, 120],
      p95: [110, 120, 130, 140],
    };
    const ticks = (svg: string) => [...svg.matchAll(/dominant-baseline="middle">([^<]+)</g)].map((m) => m[1]);
    const yRange = { lo: 60, hi: 140 };
    const a = ticks(svgFanChart({ title: "a", x, bands: narrow, yRange }));
    const b = ticks(svgFanChart({ title: "b", x, bands: wide, yRange }));
    expect(a).toEqual(b);
    expect(a).toEqual(["60", "80", "100", "120", "140"]);
    expect(ticks(svgFanChart({ title: "c", x, bands: narrow }))).not.toEqual(a);
  });
});
