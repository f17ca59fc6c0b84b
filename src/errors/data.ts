import { BaseError, formatValue } from "./base.js";

/** A data file is malformed. Names the file, line (1-based, header is line 1), column and value. */
export class DataFormatError extends BaseError {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: string | undefined;
  constructor({
    file,
    line,
    column,
    value,
    reason,
  }: { file: string; line?: number; column?: string; value?: unknown; reason: string }) {
    const where = [
      file,
      line !== undefined ? `line ${line}` : "",
      column !== undefined ? `column ${column}` : "",
    ]
      .filter(Boolean)
      .join(", ");
    const v = value !== undefined ? ` (value ${formatValue(value)})` : "";
    super(`${where}: ${reason}${v}.`, { name: "DataFormatError" });
    this.file = file;
    this.line = line;
    this.column = column;
  }
}
