import { resolve } from "node:path";
import { ConfigError } from "../../errors/config.js";
import {
  assessRiskFile,
  DELTA_GAMMA_CAVEAT,
  RISK_ANNUALIZE_MIN_DAYS,
  type RiskReport,
  VOLATILITY_ESTIMATORS,
} from "../../risk/index.js";
import { toJsonText } from "../json.js";
import { formatNumber, renderKeyValue, renderTable } from "../table.js";
import type { RegisterCommand } from "./index.js";

const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)} %`;
const q = (x: number) => formatNumber(x, 7);

/** Labels an annualised figure of a window shorter than RISK_ANNUALIZE_MIN_DAYS as such. */
function annualised(label: string, r: RiskReport): string {
  return r.annualizedShortWindow
    ? `${label} (from ${r.windowDays.toFixed(1)} d < ${RISK_ANNUALIZE_MIN_DAYS} d)`
    : label;
}

/** Returns the human rendering of a risk report: position, volatility, correlation, VaR/ES and range tables. */
export function renderRiskReport(r: RiskReport): string {
  const p = r.position;
  const out: string[] = [];
  out.push(
    renderKeyValue([
      ["pair", `${r.symbol}, ${r.from} .. ${r.to} (${formatNumber(r.bars)} bars)`],
      ["price (last close)", q(r.price)],
      ["position", `${p.kind}, deposit ${q(p.deposit)}`],
      ["range", p.lower === null ? "-" : `[${q(p.lower)}, ${q(p.upper!)}]`],
      ["weight", p.weight === null ? "-" : String(p.weight)],
      ["value", q(p.value)],
      ["amounts (base, quote)", `${q(p.amountBase)}, ${q(p.amountQuote)}`],
      ["delta (base)", q(p.delta)],
      ["gamma", formatNumber(p.gamma, 5)],
      ["hedge", `short ${q(r.hedge.size)} base (ratio ${r.hedge.ratio}, notional ${q(r.hedge.notional)})`],
      ["horizon", `${r.horizonDays} days`],
      [annualised("volatility used", r), `${pct(r.volatilityUsed.value)} (${r.volatilityUsed.estimator})`],
      ["P(leave range before horizon)", r.rangeExitProbability === null ? "-" : pct(r.rangeExitProbability)],
      [
        "P(out of range at horizon)",
        r.outOfRangeAtHorizonProbability === null ? "-" : pct(r.outOfRangeAtHorizonProbability),
      ],
      [annualised("LVR per year (quote)", r), q(r.lvrPerYear)],
      [annualised("break-even fee APR", r), pct(r.breakEvenFeeApr)],
    ]),
  );
  out.push(
    `\n${annualised("Realised volatility (annualised)", r)}\n${renderTable(
      ["estimator", "volatility"],
      VOLATILITY_ESTIMATORS.map((e) => [e, pct(r.volatility[e])]),
    )}`,
  );
  if (r.correlation)
    out.push(
      `\nCorrelation of ${r.symbol} with ${r.correlation.symbol} (${formatNumber(r.correlation.observations)} returns)\n${renderTable(
        ["measure", "correlation"],
        [
          ["pearson", r.correlation.pearson.toFixed(4)],
          ["ewma", r.correlation.ewma.toFixed(4)],
        ],
      )}`,
    );
  out.push(
    `\nVaR and ES over ${r.horizonDays} days (quote, positive = loss)\n${renderTable(
      ["method", "confidence", "VaR", "ES", "hedged VaR", "hedged ES", "scenarios"],
      r.valueAtRisk.map((v) => [
        v.method,
        String(v.confidence),
        q(v.valueAtRisk),
        q(v.expectedShortfall),
        q(v.hedgedValueAtRisk),
        q(v.hedgedExpectedShortfall),
        v.scenarios === 0 ? "-" : formatNumber(v.scenarios),
      ]),
    )}`,
  );
  out.push(
    r.valueAtRisk.some((v) => v.caveat !== null)
      ? `caveat: ${DELTA_GAMMA_CAVEAT}\n`
      : "historical and monteCarlo revalue the position in full at every scenario\n",
  );
  return out.join("");
}

/**
 * `lpguard risk --config FILE [--json]`: the risk report of one LP position over a price window (realised
 * volatility, correlation, VaR/ES unhedged and hedged, range-exit probabilities, LVR and break-even fee APR).
 */
export const registerRisk: RegisterCommand = (program, io) => {
  program
    .command("risk")
    .description("Volatility, VaR/ES, range-exit probability and LVR of an LP position on recorded prices.")
    .requiredOption("--config <file>", "config file (YAML or JSON); data paths resolve relative to it")
    .option("--json", "print the report as JSON")
    .action((opts: { config: string; json?: boolean }) => {
      if (!opts.config) throw new ConfigError({ path: "--config", reason: "is required" });
      const report = assessRiskFile(resolve(opts.config));
      io.out(opts.json ? toJsonText(report) : renderRiskReport(report));
    });
};
