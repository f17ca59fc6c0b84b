import { describe, expect, test } from "vitest";
import { sharedData } from "../../../test/helpers/sharedData.js";
import { loadFunding } from "../../data/funding.js";
import { createFundingSchedule } from "./funding.js";

describe("createFundingSchedule", () => {
  test("default: a constant rate settles at UTC multiples of 8 h, bounds (from, to]", () => {
    const s = createFundingSchedule({ rate: 0.0001 });
    const day = Date.UTC(2024, 0, 1);
    expect(s.between(day, day + 24 * 3_600_000).map((x) => (x.time - day) / 3_600_000)).toEqual([8, 16, 24]);
    expect(s.between(day - 1, day)).toEqual([{ time: day, rate: 0.0001 }]);
    expect(s.between(Number.NEGATIVE_INFINITY, day)).toEqual([]);
  });

  test("behavior: a recorded Binance file and its FundingSeries give the same settlements, shifted by offsetMs", () => {
    const file = sharedData("funding/binance-usdm/binance-usdm-ETHUSDT-funding-2022-2025.csv");
    const series = loadFunding(file);
    const from = Date.UTC(2022, 6, 19);
    const to = Date.UTC(2022, 6, 21);
    const a = createFundingSchedule({ file }).between(from, to);
    const b = createFundingSchedule({ series }).between(from, to);
    expect(a).toHaveLength(6);
    expect(b).toEqual(a);
    const off = 1000;
    expect(createFundingSchedule({ file, offsetMs: off }).between(from + off, to + off)).toEqual(
      a.map((x) => ({ time: x.time + off, rate: x.rate })),
    );
  });

  test("behavior: bad values name the field", () => {
    expect(() => createFundingSchedule({ rate: Number.NaN })).toThrow("funding.rate");
    expect(() => createFundingSchedule({ series: [{ time: 1, rate: Number.POSITIVE_INFINITY }] })).toThrow(
      "funding.series[0]",
    );
  });
});
