import { describe, expect, test } from "vitest";
import { sharedData } from "../../../test/helpers/sharedData.js";
import { memoryIO } from "../io.js";
import { main } from "../main.js";

const eth = sharedData("prices", "binance-spot-1h", "ETHUSDT_1h.csv");
const dvol = sharedData("volatility", "deribit-dvol-eth-daily.csv");

describe("lpguard forecast", () => {
  test("default: GARCH parameters and forecasts as JSON", async () => {
    const io = memoryIO();
    expect(await main(["forecast", "--data", eth, "--model", "garch", "--horizon", "3", "--json"], io)).toBe(
      0,
    );
    const out = JSON.parse(io.stdout());
    expect(out.model).toBe("garch");
    expect(out.symbol).toBe("ETHUSDT");
    for (const k of ["omega", "alpha", "beta", "persistence", "logLikelihood", "longRunVol"])
      expect(Number.isFinite(out.parameters[k])).toBe(true);
    expect(out.parameters.persistence).toBeCloseTo(out.parameters.alpha + out.parameters.beta, 12);
    expect(out.forecast.map((f: { horizonDays: number }) => f.horizonDays)).toEqual([1, 2, 3]);
    for (const f of out.forecast) {
      expect(f.annualisedVol).toBeGreaterThan(0.2);
      expect(f.annualisedVol).toBeLessThan(2);
    }
  });
  test("behavior: every model prints a human table", async () => {
    for (const model of ["ewma", "har", "hmm"]) {
      const io = memoryIO();
      expect(await main(["forecast", "--data", eth, "--model", model, "--horizon", "2"], io)).toBe(0);
      expect(io.stdout()).toContain("annualised vol");
    }
    const io = memoryIO();
    await main(["forecast", "--data", eth, "--model", "hmm", "--json"], io);
    const out = JSON.parse(io.stdout());
    expect(out.parameters.vols[1]).toBeGreaterThan(out.parameters.vols[0]);
    expect(out.parameters.currentRegime.calm + out.parameters.currentRegime.turbulent).toBeCloseTo(1, 12);
    expect(out.parameters.transition[0][0] + out.parameters.transition[0][1]).toBeCloseTo(1, 12);
  });
  test("behavior: --evaluate prints the walk-forward table with DVOL", async () => {
    const io = memoryIO();
    expect(
      await main(
        ["forecast", "--evaluate", "--data", eth, "--dvol", dvol, "--horizons", "1,5", "--json"],
        io,
      ),
    ).toBe(0);
    const out = JSON.parse(io.stdout());
    expect(out.rows.length).toBe(12);
    expect(out.winners.map((w: { horizon: number }) => w.horizon)).toEqual([1, 5]);
  });
  test("behavior: bad flags exit 2 naming the flag", async () => {
    const cases: [string[], RegExp][] = [
      [["forecast", "--data", eth, "--model", "arima"], /--model "arima"/],
      [["forecast", "--data", eth, "--model", "garch", "--horizon", "0"], /--horizon/],
      [["forecast", "--data", eth, "--model", "ewma", "--lambda", "abc"], /--lambda/],
      [["forecast", "--data", "no/such/file.csv", "--model", "garch"], /--data/],
      [["forecast", "--model", "garch"], /--data/],
      [["forecast", "--data", eth], /--model/],
      [["forecast", "--evaluate", "--data", eth, "--horizons", "1,x"], /--horizons/],
    ];
    for (const [argv, re] of cases) {
      const io = memoryIO();
      expect(await main(argv, io)).toBe(2);
      expect(io.stderr()).toMatch(re);
    }
  });
});
