/**
 * `lpguard paper-perp status --db FILE [--json]`: positions, wallet and counts of a state file (read-only).
 *
 * `lpguard paper-perp serve`: runs the paper exchange (a local Binance USDⓈ-M look-alike) until SIGINT/SIGTERM.
 * Its price is the local chain pool's slot0 (`--deployment FILE [--pool NAME]`), a price file re-read on every
 * order (`--price-file FILE`) or a fixed `--price`. Credentials come from `--credentials FILE` (JSON
 * `{"apiKey", "secret"}`) or LPGUARD_PAPER_API_KEY / LPGUARD_PAPER_SECRET, else the local test key; the secret is
 * never printed.
 */
import { existsSync, readFileSync } from "node:fs";
import { ConfigError } from "../../errors/config.js";
import type { PaperFundingConfig } from "../../venues/paper-perp/funding.js";
import {
  filePriceSource,
  fixedPriceSource,
  type PriceSource,
  poolPriceSource,
} from "../../venues/paper-perp/priceSource.js";
import {
  DEFAULT_SYMBOL,
  PAPER_TEST_API_KEY,
  PAPER_TEST_SECRET,
  startPaperPerp,
} from "../../venues/paper-perp/server.js";
import { readPaperStatus } from "../../venues/paper-perp/state.js";
import { parseIntFlag, parseNumberFlag, parseOptionalNumberFlag } from "../flags.js";
import { renderKeyValue, renderTable } from "../table.js";
import type { RegisterCommand } from "./index.js";

type ServeOptions = {
  port?: string;
  host?: string;
  db?: string;
  deployment?: string;
  pool?: string;
  price?: string;
  priceFile?: string;
  funding?: string;
  fundingOffsetMs?: string;
  fundingRate?: string;
  takerFee?: string;
  spreadBps?: string;
  initialBalance?: string;
  symbol?: string;
  credentials?: string;
  json?: boolean;
};

/** Maps a pool's base token to the perp's base asset (WETH trades as ETH). */
const perpBase = (token: string) =>
  token.toUpperCase() === "WETH" ? "ETH" : token.toUpperCase().replace(/^W/, "");

function readCredentials(file: string | undefined): { apiKey: string; secret: string; source: string } {
  if (file !== undefined) {
    let raw: { apiKey?: unknown; secret?: unknown };
    try {
      raw = JSON.parse(readFileSync(file, "utf8")) as typeof raw;
    } catch (e) {
      throw new ConfigError({
        path: "--credentials",
        value: file,
        reason: `cannot be read as JSON (${(e as Error).message})`,
      });
    }
    if (typeof raw.apiKey !== "string" || raw.apiKey === "")
      throw new ConfigError({ file, path: "apiKey", reason: "must be a non-empty string" });
    if (typeof raw.secret !== "string" || raw.secret === "")
      throw new ConfigError({ file, path: "secret", reason: "must be a non-empty string" });
    return { apiKey: raw.apiKey, secret: raw.secret, source: `file ${file}` };
  }
  const k = process.env.LPGUARD_PAPER_API_KEY;
  const s = process.env.LPGUARD_PAPER_SECRET;
  if (k && s) return { apiKey: k, secret: s, source: "env LPGUARD_PAPER_API_KEY/LPGUARD_PAPER_SECRET" };
  return { apiKey: PAPER_TEST_API_KEY, secret: PAPER_TEST_SECRET, source: "local test key" };
}

export const registerPaperPerp: RegisterCommand = (program, io) => {
  const cmd = program
    .command("paper-perp")
    .description("a local Binance USDⓈ-M paper exchange for the keeper");
  cmd
    .command("serve")
    .description("serve the paper exchange on 127.0.0.1 until SIGINT/SIGTERM")
    .option("--port <P>", "port (0 picks a free one)", "8700")
    .option("--host <H>", "address to listen on", "127.0.0.1")
    .option("--db <FILE>", "SQLite state file (created if missing)")
    .option("--deployment <FILE>", "deployment file of `lpguard chain up`: price = the pool's slot0")
    .option("--pool <NAME>", "pool of the deployment (default: the first)")
    .option("--price <P>", "fixed price instead of a chain pool")
    .option("--price-file <FILE>", "file holding the price, re-read on every order")
    .option(
      "--funding <FILE>",
      "Binance funding CSV (../shared/data/funding/binance-usdm/...) paid at its settlement times",
    )
    .option("--funding-offset-ms <MS>", "shift the funding file's times onto the exchange clock", "0")
    .option("--funding-rate <R>", "constant funding rate per 8 h instead of a file")
    .option("--taker-fee <F>", "taker fee, fraction of notional", "0.0005")
    .option("--spread-bps <S>", "half-spread against the taker, basis points", "1")
    .option("--initial-balance <USDT>", "wallet balance of a new state file", "100000")
    .option("--symbol <SYM>", "perp symbol id (default: pool base + USDT, e.g. ETHUSDT)")
    .option(
      "--credentials <FILE>",
      'JSON {"apiKey","secret"} (else env LPGUARD_PAPER_API_KEY/_SECRET, else the local test key)',
    )
    .option("--json", "print one JSON line when listening")
    .action(async (opts: ServeOptions) => {
      if (!opts.db) throw new ConfigError({ path: "--db", reason: "is required" });
      const port = parseIntFlag("--port", opts.port, { min: 0, max: 65535 });
      const sources = [opts.deployment, opts.price, opts.priceFile].filter((x) => x !== undefined);
      if (sources.length !== 1)
        throw new ConfigError({
          path: "--deployment",
          value: opts.deployment,
          reason: "give exactly one of --deployment, --price, --price-file",
        });
      let source: PriceSource;
      let base = "ETH";
      if (opts.deployment !== undefined) {
        const s = poolPriceSource({ deploymentFile: opts.deployment, pool: opts.pool });
        base = perpBase(s.pool.base);
        source = s;
      } else if (opts.price !== undefined)
        source = fixedPriceSource(parseNumberFlag("--price", opts.price, { positive: true }));
      else source = filePriceSource(opts.priceFile as string);
      try {
        await source.priceSource();
      } catch (e) {
        const flag = opts.deployment !== undefined ? "--deployment" : "--price-file";
        throw new ConfigError({
          path: flag,
          value: opts.deployment ?? opts.priceFile,
          reason:
            `no price from ${source.describe}: ${(e as { shortMessage?: string }).shortMessage ?? (e as Error).message}`.split(
              "\n",
            )[0],
        });
      }
      let funding: PaperFundingConfig | undefined;
      if (opts.funding !== undefined && opts.fundingRate !== undefined)
        throw new ConfigError({
          path: "--funding-rate",
          value: opts.fundingRate,
          reason: "cannot be combined with --funding",
        });
      if (opts.funding !== undefined) {
        if (!existsSync(opts.funding))
          throw new ConfigError({ path: "--funding", value: opts.funding, reason: "no such file" });
        funding = { file: opts.funding, offsetMs: parseIntFlag("--funding-offset-ms", opts.fundingOffsetMs) };
      }
      const rate = parseOptionalNumberFlag("--funding-rate", opts.fundingRate);
      if (rate !== undefined) funding = { rate };
      const creds = readCredentials(opts.credentials);
      const symbol = opts.symbol ?? `${base}USDT`;
      if (!/^[A-Z0-9]{2,20}USDT$/.test(symbol))
        throw new ConfigError({
          path: "--symbol",
          value: symbol,
          reason: "must be a USDT perpetual id like ETHUSDT",
        });
      const server = await startPaperPerp({
        host: opts.host,
        port,
        dbFile: opts.db,
        priceSource: source.priceSource,
        funding,
        takerFee: parseNumberFlag("--taker-fee", opts.takerFee, { min: 0, max: 0.01 }),
        spreadBps: parseNumberFlag("--spread-bps", opts.spreadBps, { min: 0, max: 500 }),
        initialBalance: parseNumberFlag("--initial-balance", opts.initialBalance, { positive: true }),
        apiKey: creds.apiKey,
        secret: creds.secret,
        symbol: { ...DEFAULT_SYMBOL, symbol, baseAsset: symbol.slice(0, -4) },
      }).catch((e: unknown) => {
        const code = (e as { code?: string }).code;
        if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL")
          throw new ConfigError({
            path: "--port",
            value: opts.port,
            reason: `cannot listen on ${opts.host} (${code})`,
          });
        throw e;
      });
      const info = {
        url: server.url,
        port: server.port,
        pid: server.pid,
        db: opts.db,
        symbol,
        ccxtSymbol: `${symbol.slice(0, -4)}/USDT:USDT`,
        price: source.describe,
        funding: opts.funding ?? (rate !== undefined ? `constant ${rate} per 8 h` : "none"),
        credentials: creds.source,
      };
      if (opts.json) io.out(`${JSON.stringify(info)}\n`);
      else io.out(`${renderKeyValue(Object.entries(info).map(([k, v]) => [k, String(v)]))}\n`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      await server.close();
    });
  cmd
    .command("status")
    .description("print the state of a paper exchange file (read-only; the server may be running)")
    .option("--db <FILE>", "SQLite state file")
    .option("--json", "print one JSON object")
    .action((opts: { db?: string; json?: boolean }) => {
      if (!opts.db) throw new ConfigError({ path: "--db", reason: "is required" });
      const st = readPaperStatus(opts.db);
      if (opts.json) {
        io.out(`${JSON.stringify(st)}\n`);
        return;
      }
      io.out(
        `${renderKeyValue([
          ["symbol", st.symbol],
          [`wallet (${st.asset})`, st.wallet],
          ["orders", st.orders],
          ["last order id", st.lastOrderId],
          ["funding settlements", st.fundingSettlements],
          ["funding cursor", new Date(st.fundingCursor).toISOString()],
        ])}\n`,
      );
      io.out(
        `${renderTable(
          ["symbol", "quantity", "entry price"],
          st.positions.map((p) => [p.symbol, p.quantity, p.entryPrice]),
        )}\n`,
      );
    });
};
