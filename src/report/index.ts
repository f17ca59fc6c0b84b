export {
  type LegendItem,
  type NiceTicks,
  niceTicks,
  PALETTE,
  paletteColor,
  type TimeTick,
  timeTicks,
} from "./axes.js";
export { downsampleIndices } from "./downsample.js";
export { eventsToCsv, eventsToJson } from "./eventsCsv.js";
export { escapeHtml, type RenderHtmlPageParameters, renderHtmlPage } from "./htmlPage.js";
export {
  backtestWaterfall,
  type RenderBacktestHtmlParameters,
  renderBacktestHtml,
} from "./renderBacktestHtml.js";
export { type RenderCompareHtmlParameters, renderCompareHtml } from "./renderCompareHtml.js";
export { type RenderStripPricingHtmlParameters, renderStripPricingHtml } from "./renderStripPricingHtml.js";
export {
  type RenderVaultHtmlParameters,
  renderVaultHtml,
  type VaultPartRow,
  vaultPartTable,
  vaultSeriesToCsv,
  vaultWaterfalls,
} from "./renderVaultHtml.js";
export { SERIES_COLUMNS, seriesToCsv } from "./seriesCsv.js";
export { type ChartLine, type SvgLineChartParameters, svgLineChart } from "./svgLineChart.js";
export { type SvgWaterfallParameters, svgWaterfall, type WaterfallStep } from "./svgWaterfall.js";
