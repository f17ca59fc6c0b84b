import type { BacktestSummary } from "../backtest/summary.js";
import type { EngineSeries } from "../engine/index.js";
import type { EngineEvent } from "../engine/types.js";
import { requireObject } from "../errors/guards.js";
import { downsampleIndices, pickRows as pick } from "./downsample.js";
import { htmlFigures, htmlKeyValueTable, renderHtmlPage } from "./htmlPage.js";
import { svgLineChart } from "./svgLineChart.js";
import { svgWaterfall, type WaterfallStep } from "./svgWaterfall.js";

export type RenderBacktestHtmlParameters = {
  title: string;
  series: EngineSeries;
  /** Summary rows shown as a table above the charts. */
  summary: [string, string][];
  /** Most points per chart (default 2,000). */
  maxPoints?: number;
  /** The run's event log: its pool events (mints, burns, rebalances) are marked on the charts. */
  events?: EngineEvent[];
  /** The attribution waterfall: its steps add up to `total` (see {@link backtestWaterfall}). */
  waterfall?: { steps: WaterfallStep[]; total: WaterfallStep };
  /** Per-bar delta (base units) of the LP book and the hedges, `net = lp + hedge` (runBacktest `recordDelta`). */
  delta?: { lp: Float64Array; hedge: Float64Array; net: Float64Array };
};

/**
 * Returns the attribution waterfall of a backtest: the steps of the summary table that add up to net PnL (hold
 * PnL, fees, fee-token revaluation, IL, hedge PnL, funding, premium / interest, − costs, and the settlement
 * rounding residual), closing with net PnL. Σ steps = attribution total = net PnL up to float64 rounding.
 */
export function backtestWaterfall(s: BacktestSummary): { steps: WaterfallStep[]; total: WaterfallStep } {
  requireObject(s, "summary");
  requireObject(s.attribution, "summary.attribution");
  return {
    steps: [
      { label: "hold PnL", value: s.holdPnl },
      { label: "fees", value: s.feesQuote },
      { label: "fee-token revaluation", value: s.attribution.inventoryFees },
      { label: "IL (incl. LVR)", value: s.impermanentLossQuote },
      { label: "hedge PnL", value: s.attribution.hedge },
      { label: "funding", value: s.attribution.funding },
      { label: "premium / interest", value: s.attribution.premium },
      { label: "− costs", value: -s.costsQuote },
      { label: "rounding", value: s.attribution.rounding },
    ],
    total: { label: "net PnL", value: s.pnl },
  };
}

/**
 * Returns a self-contained HTML report (inline CSS and SVG, no scripts or external files): the summary table, the
 * attribution waterfall (when given), and the charts: value vs hodl, IL, cumulative fees, price with the range
 * bands (which move when re-centred) shaded between them, and (when given) the net delta of the LP book and the
 * hedges; pool events (rebalances) are marked on the value, price and delta charts.
 * Each chart is downsampled to at most `maxPoints` points.
 */
export function renderBacktestHtml(options: RenderBacktestHtmlParameters): string {
  requireObject(options, "options");
  requireObject(options.series, "options.series");
  const { title, series, summary, maxPoints = 2000, events = [], waterfall, delta } = options;
  const poolEvents = Float64Array.from(
    events.filter((e) => e.kind === "pool"),
    (e) => e.time,
  );
  const markers =
    poolEvents.length > 0 ? { times: poolEvents, label: "pool event (mint / burn / rebalance)" } : undefined;
  const idx = downsampleIndices(series.time.length, maxPoints);
  const time = pick(series.time, idx);
  const pct = (y: number) => `${(y * 100).toFixed(2)}%`;
  const charts = [
    svgLineChart({
      title: "Value vs hodl (quote)",
      time,
      lines: [
        { label: "value", values: pick(series.value, idx), color: "#1f77b4" },
        { label: "hodl", values: pick(series.hodlValue, idx), color: "#888", dash: true },
      ],
      markers,
    }),
    svgLineChart({
      title: "Impermanent loss",
      time,
      formatY: pct,
      lines: [
        { label: "strategy IL (ex fees, costs)", values: pick(series.il, idx), color: "#d62728" },
        { label: "open position IL", values: pick(series.positionIl, idx), color: "#ff9896", dash: true },
      ],
    }),
    svgLineChart({
      title: "Cumulative fees, LVR and costs (quote)",
      time,
      lines: [
        { label: "fees", values: pick(series.fees, idx), color: "#2ca02c" },
        { label: "LVR", values: pick(series.lvr, idx), color: "#9467bd" },
        { label: "costs", values: pick(series.costs, idx), color: "#8c564b" },
      ],
    }),
    svgLineChart({
      title: "Price and range",
      time,
      lines: [
        { label: "price", values: pick(series.price, idx), color: "#1f2937" },
        { label: "range lower", values: pick(series.rangeLowerPrice, idx), color: "#d62728", dash: true },
        { label: "range upper", values: pick(series.rangeUpperPrice, idx), color: "#2ca02c", dash: true },
      ],
      band: {
        upper: pick(series.rangeUpperPrice, idx),
        lower: pick(series.rangeLowerPrice, idx),
        color: "#2ca02c",
        label: "range (in-range shading)",
      },
      markers,
    }),
  ];
  if (delta !== undefined)
    charts.push(
      svgLineChart({
        title: "Net delta (base units): LP book + hedges",
        time,
        lines: [
          { label: "net delta", values: pick(delta.net, idx), color: "#1f2937" },
          {
            label: "LP delta (positions, owed fees, idle base)",
            values: pick(delta.lp, idx),
            color: "#1f77b4",
          },
          { label: "hedge delta", values: pick(delta.hedge, idx), color: "#d62728", dash: true },
        ],
        markers,
      }),
    );
  const fall =
    waterfall !== undefined
      ? [svgWaterfall({ title: "Attribution: what made the net PnL (quote)", ...waterfall })]
      : [];
  return renderHtmlPage({
    title,
    body: `${htmlKeyValueTable(summary)}\n${htmlFigures([...fall, ...charts])}`,
  });
}
