import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ConfigError } from "../errors/config.js";
import { isPostgresUrl } from "../store/openStore.js";

export type ApiToken = { token: string; source: "file" | "env" | "generated"; file?: string };

/**
 * Returns the API token: from `--token-file` (trimmed; at least 16 characters), else the LPGUARD_API_TOKEN
 * environment variable, else a new random token written (mode 0600, atomically) to `lpguard-api.token` beside the
 * SQLite file (or `.lpguard/api.token` for Postgres). The token itself is never printed.
 */
export function resolveApiToken(opts: { tokenFile?: string; db: string; env?: NodeJS.ProcessEnv }): ApiToken {
  const env = opts.env ?? process.env;
  if (opts.tokenFile !== undefined) {
    if (!existsSync(opts.tokenFile))
      throw new ConfigError({ path: "--token-file", value: opts.tokenFile, reason: "file not found" });
    const token = readFileSync(opts.tokenFile, "utf8").trim();
    if (token.length < 16 || /\s/.test(token))
      throw new ConfigError({
        path: "--token-file",
        value: opts.tokenFile,
        reason: "must hold one token of at least 16 characters without spaces",
      });
    return { token, source: "file", file: resolve(opts.tokenFile) };
  }
  const fromEnv = env.LPGUARD_API_TOKEN?.trim();
  if (fromEnv !== undefined && fromEnv !== "") {
    if (fromEnv.length < 16)
      throw new ConfigError({ path: "LPGUARD_API_TOKEN", reason: "must have at least 16 characters" });
    return { token: fromEnv, source: "env" };
  }
  const file = isPostgresUrl(opts.db)
    ? resolve(".lpguard", "api.token")
    : join(dirname(resolve(opts.db)), "lpguard-api.token");
  if (existsSync(file)) return { token: readFileSync(file, "utf8").trim(), source: "file", file };
  mkdirSync(dirname(file), { recursive: true });
  const token = randomBytes(24).toString("base64url");
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return { token, source: "generated", file };
}
