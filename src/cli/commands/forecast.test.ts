import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
      [["forecast", "--data", eth, "--model", "ewma", "--half-life", "5 days"], /--half-life "5 days"/],
      [["forecast", "--data", eth, "--model", "ewma", "--half-life", "5d", "--lambda", "0.9"], /--half-life/],
      [["forecast", "--data", eth, "--model", "garch", "--half-life", "5d"], /--half-life/],
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
  test("behavior: --half-life is a decay in time (5d on hourly bars = λ 2^(−1/120) per bar)", async () => {
    const a = memoryIO();
    expect(await main(["forecast", "--data", eth, "--model", "ewma", "--half-life", "5d", "--json"], a)).toBe(
      0,
    );
    const b = memoryIO();
    const lam = String(2 ** (-1 / 120));
    expect(await main(["forecast", "--data", eth, "--model", "ewma", "--lambda", lam, "--json"], b)).toBe(0);
    const ra = JSON.parse(a.stdout());
    const rb = JSON.parse(b.stdout());
    expect(ra.parameters.lambda).toBe(2 ** (-1 / 120));
    expect(ra.parameters.hourlyVariance).toBeCloseTo(rb.parameters.hourlyVariance, 15);
  });
  test("behavior: annualised vol from less than 90 days of data is labelled so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lpguard-forecast-"));
    const lines = readFileSync(eth, "utf8").split("\n");
    const short = join(dir, "ETHUSDT_1h.csv");
    writeFileSync(short, `${lines.slice(0, 1 + 40 * 24).join("\n")}\n`);
    const j = memoryIO();
    expect(await main(["forecast", "--data", short, "--model", "ewma", "--json"], j)).toBe(0);
    const r = JSON.parse(j.stdout());
    expect(r.annualizedShortWindow).toBe(true);
    expect(r.windowDays).toBeCloseTo(r.bars / 24, 12);
    const h = memoryIO();
    expect(await main(["forecast", "--data", short, "--model", "ewma"], h)).toBe(0);
    expect(h.stdout()).toContain(`annualised vol (from ${r.windowDays.toFixed(1)} d < 90 d)`);
    const full = memoryIO();
    expect(await main(["forecast", "--data", eth, "--model", "ewma", "--json"], full)).toBe(0);
    expect(JSON.parse(full.stdout()).annualizedShortWindow).toBe(false);
  });
});
