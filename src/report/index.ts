export { downsampleIndices } from "./downsample.js";
export { type RenderBacktestHtmlParameters, renderBacktestHtml } from "./renderBacktestHtml.js";
export { SERIES_COLUMNS, seriesToCsv } from "./seriesCsv.js";
export { type ChartLine, type SvgLineChartParameters, svgLineChart } from "./svgLineChart.js";
