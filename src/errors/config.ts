import { BaseError, formatValue } from "./base.js";

/** A config file or CLI flag is invalid. `path` is the dotted path in the file (or the flag name). */
export class ConfigError extends BaseError {
  readonly path: string;
  constructor({
    path,
    value,
    reason,
    file,
  }: { path: string; value?: unknown; reason: string; file?: string }) {
    const v = value !== undefined ? ` ${formatValue(value)}` : "";
    super(`${file ? `${file}: ` : ""}${path}${v}: ${reason}.`, { name: "ConfigError" });
    this.path = path;
  }
}
