import { requireArray, requireObject } from "../errors/guards.js";
import { htmlKeyValueTable, htmlTable, renderHtmlPage } from "./htmlPage.js";

export type RenderStripPricingHtmlParameters = {
  title: string;
  /** The pricing's key-value rows (the same the CLI prints). */
  rows: [string, string][];
  /** Header and formatted cells of the option-line table. */
  headers: string[];
  lines: string[][];
};

/**
 * Returns the self-contained HTML page of a static strip pricing (`lpguard compare` with a `stripPricing`
 * config): the pricing summary and one row per option line of the strip.
 */
export function renderStripPricingHtml(options: RenderStripPricingHtmlParameters): string {
  requireObject(options, "options");
  requireArray(options.lines, "options.lines");
  const { title, rows, headers, lines } = options;
  return renderHtmlPage({
    title,
    body: `${htmlKeyValueTable(rows)}\n<h2>Strip: ${lines.length} option lines</h2>${htmlTable(headers, lines)}`,
  });
}
