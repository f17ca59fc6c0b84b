import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { createPublicClient, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ConfigError } from "../errors/config.js";
import { parseUnits } from "../math/units.js";
import { deltaHedge, fullRange, passiveRange, recenterRange } from "../strategy/index.js";
import type { PoolMeta } from "../types/series.js";
import { createCcxtPerpClient } from "../venues/ccxt/client.js";
import { createUniswapV3Client, localChain } from "../venues/uniswap-v3/client.js";
import { type Deployment, loadDeployment } from "../venues/uniswap-v3/deployment.js";
import { keeperChainFromUniswapV3, keeperPerpFromCcxt } from "./adapters.js";
import { createAlerter } from "./alerts.js";
import type { KeeperConfig } from "./config.js";
import type { CrashHook } from "./crash.js";
import { createDecider } from "./decide.js";
import { type Journal, openJournal } from "./journal.js";
import { createKeeper, type KeeperPool, type PlannedLeg } from "./keeper.js";
import type { Hex } from "./ports.js";

/**
 * Returns the wallet key from `--key-file`, else the config's `key` ({file} relative to the config, or {env}).
 * The key itself never appears in an error message or a log line.
 */
export function resolveKeeperKey(p: {
  keyFile?: string;
  config: KeeperConfig;
  baseDir: string;
  env?: NodeJS.ProcessEnv;
}): Hex {
  const env = p.env ?? process.env;
  let raw: string | undefined;
  let where: string;
  if (p.keyFile !== undefined) {
    where = "--key-file";
    raw = readKey(p.keyFile, where);
  } else if ("file" in p.config.key) {
    where = "key.file";
    raw = readKey(
      isAbsolute(p.config.key.file) ? p.config.key.file : resolve(p.baseDir, p.config.key.file),
      where,
    );
  } else {
    where = `key.env (${p.config.key.env})`;
    raw = env[p.config.key.env];
    if (raw === undefined || raw === "")
      throw new ConfigError({
        path: "key.env",
        value: p.config.key.env,
        reason: "is not set in the environment (give --key-file or set it)",
      });
  }
  const key = raw.trim();
  const hex = key.startsWith("0x") ? key : `0x${key}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex))
    throw new ConfigError({ path: where, reason: "is not a 32-byte hex private key (value not shown)" });
  return hex as Hex;
}

function readKey(file: string, where: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (cause) {
    throw new ConfigError({
      path: where,
      value: file,
      reason: `cannot be read (${(cause as Error).message})`,
    });
  }
}

/** Returns the engine's PoolMeta of a deployment pool (base = the deployment's `base` token). */
export function poolMetaFromDeployment(d: Deployment, name: string): PoolMeta & { poolAddress: Hex } {
  const p = d.pools.find((x) => x.name === name);
  if (p === undefined)
    throw new ConfigError({
      path: "pools",
      value: name,
      reason: `is not in the deployment (${d.pools.map((x) => x.name).join(", ")})`,
    });
  const t0 = d.tokens[p.token0];
  const t1 = d.tokens[p.token1];
  return {
    chain: `local-${d.chainId}`,
    address: p.address,
    poolAddress: p.address,
    fee: p.fee / 1e6,
    feePips: p.fee,
    tickSpacing: p.tickSpacing,
    token0: { symbol: p.token0, address: t0.address, decimals: t0.decimals },
    token1: { symbol: p.token1, address: t1.address, decimals: t1.decimals },
    baseToken: p.base === p.token1 ? 1 : 0,
  };
}

/** Whether the lease holder "host:pid" is a process of this host that no longer exists. */
export function isLocalHolderDead(holder: string): boolean {
  const [host, pidText] = holder.split(":");
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

export type CreateKeeperFromConfigParameters = {
  config: KeeperConfig;
  /** Folder that relative paths in the config resolve against. */
  baseDir: string;
  db: string | Journal;
  privateKey: Hex;
  /** Replaces the HTTP client of the deployment's rpcUrl (tests: an in-process EDR provider). */
  publicClient?: PublicClient;
  deployment?: Deployment;
  perpCredentials?: { apiKey?: string; secret?: string };
  clock?: () => number;
  crash?: CrashHook;
  dryRun?: boolean;
  onDryRun?: (leg: PlannedLeg) => void;
  /** Alert JSON lines (default: the config's file, else stderr). */
  alertSink?: string | ((line: string) => void);
  owner?: string;
  /** Default: isLocalHolderDead (same host, pid gone). */
  isHolderDead?: (holder: string) => boolean;
};

/** Builds the keeper a config describes over the real venue adapters (uniswap-v3 via viem, perps via ccxt). */
export function createKeeperFromConfig(p: CreateKeeperFromConfigParameters) {
  const { config } = p;
  const abs = (f: string): string => (isAbsolute(f) ? f : resolve(p.baseDir, f));
  const deployment = p.deployment ?? loadDeployment(abs(config.deployment));
  const rpcUrl = config.rpcUrl ?? deployment.rpcUrl;
  const publicClient =
    p.publicClient ??
    (createPublicClient({
      chain: localChain({ chainId: deployment.chainId, rpcUrl }),
      transport: http(rpcUrl),
      pollingInterval: 50,
    }) as PublicClient);
  const journal = typeof p.db === "string" ? openJournal(p.db) : p.db;
  const owner = p.owner ?? `${hostname()}:${process.pid}`;
  const vault = config.vault;
  // The nonce store writes are fenced by the lease token, known only after init: a holder object set by the keeper.
  const fence = { token: 0 };
  const nonceStore = {
    get: (a: string) => journal.nonceStore(vault, fence.token).get(a),
    set: (a: string, n: bigint) => journal.nonceStore(vault, fence.token).set(a, n),
  };
  const account = privateKeyToAccount(p.privateKey);
  const client = createUniswapV3Client({ publicClient, account, deployment, nonceStore });
  const chain = keeperChainFromUniswapV3(client);
  const pools: KeeperPool[] = config.pools.map((name) => {
    const meta = poolMetaFromDeployment(deployment, name);
    return { name, address: meta.poolAddress, meta };
  });
  const quoteOf = (m: PoolMeta) => (m.baseToken === 1 ? m.token0 : m.token1);
  const baseOf = (m: PoolMeta) => (m.baseToken === 1 ? m.token1 : m.token0);
  const q = quoteOf(pools[0].meta);
  const initialCash: Record<string, bigint> = {
    [q.address.toLowerCase()]: parseUnits(String(config.position.deposit), q.decimals),
  };
  const hedges =
    config.hedge === undefined ? [] : Array.isArray(config.hedge) ? config.hedge : [config.hedge];
  const asset = config.perp?.asset ?? baseOf(pools[0].meta).symbol;
  const hedgeSymbols: Record<string, string> =
    config.perp && hedges.length > 0 ? { [asset]: config.perp.symbol } : {};
  const perpClient =
    config.perp && hedges.length > 0
      ? createCcxtPerpClient({
          exchange: config.perp.exchange,
          baseUrl: config.perp.baseUrl,
          credentials: {
            apiKey: p.perpCredentials?.apiKey ?? process.env[config.perp.apiKeyEnv],
            secret: p.perpCredentials?.secret ?? process.env[config.perp.secretEnv],
          },
        })
      : undefined;
  const perp =
    perpClient && config.perp
      ? keeperPerpFromCcxt(perpClient, {
          venue: config.perp.exchange,
          amountStep: { [config.perp.symbol]: config.perp.amountStep },
        })
      : undefined;
  const makeRange = () => {
    const s = config.strategy;
    switch (s.kind) {
      case "recenter":
        return recenterRange(s.params);
      case "fullRange":
        return fullRange();
      default: {
        const r = config.position.range as NonNullable<KeeperConfig["position"]["range"]>;
        return passiveRange({
          range:
            r.lower !== undefined
              ? { lower: r.lower, upper: r.upper as number }
              : { belowPct: r.belowPct as number, abovePct: r.abovePct as number },
        });
      }
    }
  };
  const makeHedge = () => {
    const h = hedges[0];
    if (h === undefined || h.kind !== "delta") return undefined;
    return deltaHedge({
      venue: "perp",
      hedgeRatio: h.hedgeRatio,
      trigger: h.trigger as Parameters<typeof deltaHedge>[0]["trigger"],
      minTrade: h.minTrade,
      volatility: h.volatility,
    });
  };
  const alerter = createAlerter({
    vault,
    sink: p.alertSink ?? (config.alerts.file !== undefined ? abs(config.alerts.file) : undefined),
    webhookUrl: config.alerts.webhookUrl,
    clock: p.clock,
  });
  const keeper = createKeeper({
    vault,
    journal,
    chain,
    perp,
    pools,
    hedgeSymbols,
    makeDecider: (anchors) => {
      const ranges: Record<string, ReturnType<typeof makeRange>> = {};
      for (const pool of pools) ranges[pool.name] = makeRange();
      const h = makeHedge();
      return createDecider({ ranges, hedges: h ? { [asset]: { strategy: h, venue: "perp" } } : {}, anchors });
    },
    initialCash,
    contracts: {
      positionManager: deployment.contracts.positionManager,
      swapRouter: deployment.contracts.swapRouter,
    },
    limits: config.limits,
    alerter,
    owner,
    leaseTtlMs: config.loop.leaseTtlMs,
    isHolderDead: p.isHolderDead ?? isLocalHolderDead,
    clock: p.clock,
    dryRun: p.dryRun,
    onDryRun: p.onDryRun,
    crash: p.crash,
    waitTimeoutMs: config.loop.waitTimeoutMs,
    onLease: (token) => {
      fence.token = token;
    },
  });
  return {
    keeper,
    journal,
    client,
    deployment,
    async close(): Promise<void> {
      await perpClient?.close();
      if (typeof p.db === "string") journal.close();
    },
  };
}
