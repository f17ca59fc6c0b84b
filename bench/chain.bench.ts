/**
 * Replayed swaps per second: recorded Polygon minutes (2023-08-17, a volatile day: ETH −7 %; real volumes) replayed onto the real
 * Uniswap v3 pool by `replayMinutes`, on the in-process EDR chain and on anvil over HTTP. Each call replays the
 * next hour of the record on the same chain (block times only move forward); throughput counts pool Swap events.
 */
import { createPublicClient, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createEdrChain, DEV_PRIVATE_KEYS } from "../src/chain/index.js";
import { loadPoolSeries } from "../src/data/poolSeries.js";
import { createUniswapV3Client } from "../src/venues/uniswap-v3/client.js";
import { deployUniswapV3, poolSpecFromSharedFolder } from "../src/venues/uniswap-v3/deploy.js";
import { SHARED_TOKENS, startLocalUniswapV3 } from "../src/venues/uniswap-v3/localChain.js";
import { memoryNonceStore } from "../src/venues/uniswap-v3/nonceManager.js";
import { replayMinutes } from "../src/venues/uniswap-v3/replay.js";
import { sharedData } from "../test/helpers/sharedData.js";
import type { BenchCase } from "./harness.js";

const GROUP = "chain replay";
const POOL = "polygon-weth-usdc-005";
const HOUR = 3_600_000;

function hourly(
  series: ReturnType<typeof loadPoolSeries>,
  client: ReturnType<typeof createUniswapV3Client>,
  publicClient: PublicClient,
) {
  let next = series.time[0];
  return async (): Promise<number> => {
    if (next > series.time[series.length - 1]) throw new Error("chain bench ran past the recorded days");
    const s = await replayMinutes({
      client,
      publicClient,
      pool: POOL,
      series,
      from: next,
      to: next + HOUR - 1,
    });
    next += HOUR;
    return s.swaps;
  };
}

export async function cases(): Promise<BenchCase[]> {
  const folder = sharedData("uniswap-v3", POOL);
  const series = loadPoolSeries({ path: folder, from: "2023-08-17", to: "2023-08-17" });
  const account = privateKeyToAccount(DEV_PRIVATE_KEYS[1]); // local dev key

  // in-process EDR
  const provider = await createEdrChain({ initialDate: new Date(series.time[0] - 86_400_000) });
  const { custom } = await import("viem");
  const edrClient = createPublicClient({ transport: custom(provider), pollingInterval: 50 }) as PublicClient;
  const deployment = await deployUniswapV3({
    publicClient: edrClient,
    account: privateKeyToAccount(DEV_PRIVATE_KEYS[0]), // local dev key
    rpcUrl: "http://127.0.0.1:0",
    pools: [poolSpecFromSharedFolder(folder, "2023-08-17")],
    tokens: SHARED_TOKENS,
  });
  const edr = createUniswapV3Client({
    publicClient: edrClient,
    account,
    deployment,
    nonceStore: memoryNonceStore(),
  });

  // anvil child process: started by the case's setup (a filtered-out case starts nothing), stopped by its
  // teardown (and killed at exit if the run is interrupted)
  let local: Awaited<ReturnType<typeof startLocalUniswapV3>> | undefined;
  let anvilRun: (() => Promise<number>) | undefined;
  const anvilSetup = async (): Promise<void> => {
    const started = await startLocalUniswapV3({ port: 0, poolFolders: [folder], from: "2023-08-17" });
    local = started;
    process.once("exit", () => {
      try {
        process.kill(started.anvil.pid, "SIGKILL");
      } catch {}
    });
    const anvilClient = createPublicClient({
      transport: http(started.deployment.rpcUrl),
      pollingInterval: 50,
    }) as PublicClient;
    const anvil = createUniswapV3Client({
      publicClient: anvilClient,
      account,
      deployment: started.deployment,
      nonceStore: memoryNonceStore(),
    });
    anvilRun = hourly(series, anvil, anvilClient);
  };
  const anvilCase = async (): Promise<number> => {
    if (!anvilRun) throw new Error("anvil bench case run without its setup");
    return await anvilRun();
  };

  return [
    {
      group: GROUP,
      name: "replayMinutes on EDR (in-process)",
      ops: 0,
      unit: "swaps",
      fnAsync: hourly(series, edr, edrClient),
    },
    {
      group: GROUP,
      name: "replayMinutes on anvil (HTTP)",
      ops: 0,
      unit: "swaps",
      baseline: "replayMinutes on EDR (in-process)",
      setup: anvilSetup,
      fnAsync: anvilCase,
      teardown: async () => {
        await local?.stop();
      },
    },
  ];
}
