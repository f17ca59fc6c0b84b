/**
 * `lpguard keeper run | status | stop`: the vault keeper over the local chain and the perp venue, its status from
 * the journal, and its stop / kill switch. The wallet key comes from `--key-file` or the config's `key` (default env
 * LPGUARD_KEEPER_KEY) and is never printed.
 */
import { dirname, resolve } from "node:path";
import { ConfigError } from "../../errors/config.js";
import { ReconciliationError } from "../../errors/keeper.js";
import { loadKeeperConfig } from "../../keeper/config.js";
import { crashHookFrom } from "../../keeper/crash.js";
import type { PlannedLeg, StepResult } from "../../keeper/keeper.js";
import { createKeeperReadModel } from "../../keeper/readModel.js";
import { createKeeperFromConfig, resolveKeeperKey } from "../../keeper/setup.js";
import type { KeeperStatus } from "../../keeper/types.js";
import { PAPER_TEST_API_KEY, PAPER_TEST_SECRET } from "../../venues/paper-perp/server.js";
import { parseIntFlag } from "../flags.js";
import type { CliIO } from "../io.js";
import { formatNumber, renderKeyValue, renderTable } from "../table.js";
import type { RegisterCommand } from "./index.js";

type RunOptions = {
  config?: string;
  db?: string;
  keyFile?: string;
  dryRun?: boolean;
  once?: boolean;
  maxSteps?: string;
  json?: boolean;
};

const json = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));

/** Prints a status as a table (human) or one JSON document (the API's shape). */
export function printKeeperStatus(io: CliIO, s: KeeperStatus | null, asJson: boolean): void {
  if (asJson) {
    io.out(`${json(s)}\n`);
    return;
  }
  if (s === null) {
    io.out("no keeper status in this journal\n");
    return;
  }
  io.out(
    `${renderKeyValue([
      ["vault", s.vault],
      ["state", s.state + (s.reason ? ` (${s.reason})` : "")],
      ["last block", s.lastBlock],
      ["value", formatNumber(s.value, 2)],
      ["hodl value", formatNumber(s.hodlValue, 2)],
      ["data freshness ms", s.dataFreshnessMs],
      [
        "journal",
        Object.entries(s.journalCounts)
          .map(([k, n]) => `${k} ${n}`)
          .join(", ") || "empty",
      ],
      ...Object.entries(s.netDelta).map(([a, d]): [string, string] => [`net delta ${a}`, formatNumber(d, 6)]),
    ])}\n`,
  );
  if (s.positions.length > 0)
    io.out(
      `${renderTable(
        ["token id", "pool", "tick lower", "tick upper", "liquidity", "in range"],
        s.positions.map((p) => [
          p.tokenId,
          p.pool,
          p.tickLower,
          p.tickUpper,
          p.liquidity,
          p.inRange ? "yes" : "no",
        ]),
      )}\n`,
    );
  if (s.hedges.length > 0)
    io.out(
      `${renderTable(
        ["venue", "symbol", "quantity"],
        s.hedges.map((h) => [h.venue, h.symbol, formatNumber(h.quantity, 6)]),
      )}\n`,
    );
}

export const registerKeeper: RegisterCommand = (program, io) => {
  const cmd = program
    .command("keeper")
    .description("the vault keeper: LP positions on chain, hedges on a perp venue");
  cmd
    .command("run")
    .description("run the keeper (recovery first, then one decision per new block)")
    .option("--config <FILE>", "keeper config (YAML or JSON)")
    .option("--db <FILE>", "journal (SQLite, created if missing)")
    .option("--key-file <FILE>", "wallet private key file (else the config's key source)")
    .option("--dry-run", "print the intents, send nothing")
    .option("--once", "one step, then exit")
    .option("--max-steps <N>", "stop after N steps")
    .option("--json", "one JSON line per step")
    .action(async (opts: RunOptions) => {
      if (!opts.config) throw new ConfigError({ path: "--config", reason: "is required" });
      if (!opts.db) throw new ConfigError({ path: "--db", reason: "is required" });
      const maxSteps = opts.once
        ? 1
        : opts.maxSteps !== undefined
          ? parseIntFlag("--max-steps", opts.maxSteps, { min: 1 })
          : undefined;
      const config = loadKeeperConfig(opts.config);
      const baseDir = dirname(resolve(opts.config));
      const privateKey = resolveKeeperKey({ keyFile: opts.keyFile, config, baseDir });
      const local = config.perp?.baseUrl?.startsWith("http://127.0.0.1") ?? false;
      const perpCredentials =
        config.perp && process.env[config.perp.apiKeyEnv] === undefined && local
          ? { apiKey: PAPER_TEST_API_KEY, secret: PAPER_TEST_SECRET } // the paper exchange's local test key
          : undefined;
      const dry: PlannedLeg[] = [];
      const k = createKeeperFromConfig({
        config,
        baseDir,
        db: opts.db,
        privateKey,
        perpCredentials,
        dryRun: opts.dryRun,
        onDryRun: (leg) => dry.push(leg),
        crash: crashHookFrom(process.env.LPGUARD_CRASH_AT),
      });
      let stopping = false;
      const onSignal = () => {
        stopping = true;
      };
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        const state = await k.keeper.init();
        if (state === "faulted")
          throw new ReconciliationError({
            subject: `vault ${config.vault}`,
            reason: k.keeper.reason ?? "unknown",
          });
        const report = (r: StepResult) => {
          if (opts.json) io.out(`${json({ ...r, intents: opts.dryRun ? dry.splice(0) : undefined })}\n`);
          else {
            io.out(
              `block ${r.block}: ${r.state}, planned ${r.planned}, executed ${r.executed}${r.reason ? ` (${r.reason})` : ""}\n`,
            );
            if (opts.dryRun)
              for (const l of dry.splice(0)) io.out(`  ${l.kind} ${l.action} ${l.leg} ${json(l.detail)}\n`);
          }
        };
        let steps = 0;
        let lastBlock = -1n;
        while (!stopping && (maxSteps === undefined || steps < maxSteps)) {
          const block = await k.client.slot0(config.pools[0]).then((s) => s.blockNumber);
          if (block !== lastBlock || maxSteps !== undefined) {
            lastBlock = block;
            const r = await k.keeper.step();
            steps++;
            report(r);
            if (r.state === "stopped" || r.state === "faulted") break;
          }
          if (maxSteps === undefined || steps < maxSteps)
            await new Promise((res) => setTimeout(res, config.loop.intervalMs));
        }
        if (k.keeper.state === "faulted")
          throw new ReconciliationError({
            subject: `vault ${config.vault}`,
            reason: k.keeper.reason ?? "unknown",
          });
        if (k.keeper.state !== "stopped") await k.keeper.stop(stopping ? "signal" : "max steps");
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        await k.close();
      }
    });
  cmd
    .command("status")
    .description("the keeper's state, positions, hedges, net delta and journal counts")
    .option("--db <FILE>", "the keeper's journal")
    .option("--json", "the API's JSON")
    .action(async (opts: { db?: string; json?: boolean }) => {
      if (!opts.db) throw new ConfigError({ path: "--db", reason: "is required" });
      const rm = createKeeperReadModel({ db: opts.db });
      try {
        printKeeperStatus(io, await rm.status(), opts.json === true);
      } finally {
        rm.close();
      }
    });
  cmd
    .command("stop")
    .description("ask the running keeper to stop after its current step (--kill: at once, the kill switch)")
    .option("--db <FILE>", "the keeper's journal")
    .option("--kill", "kill switch: stop trading at once")
    .option("--json", "print {stop, kill} as JSON")
    .action(async (opts: { db?: string; kill?: boolean; json?: boolean }) => {
      if (!opts.db) throw new ConfigError({ path: "--db", reason: "is required" });
      const rm = createKeeperReadModel({ db: opts.db });
      try {
        await rm.requestStop({ kill: opts.kill === true });
      } finally {
        rm.close();
      }
      const out = { stop: true, kill: opts.kill === true };
      io.out(opts.json ? `${json(out)}\n` : `${out.kill ? "kill switch pulled" : "stop requested"}\n`);
    });
};
