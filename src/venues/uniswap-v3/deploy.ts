/**
 * Deploys Uniswap v3 on a local chain from the real npm bytecode: UniswapV3Factory (v3-core 1.0.1; pools are
 * created through it), NonfungiblePositionManager and SwapRouter (v3-periphery 1.4.4), a WETH9 and test ERC20s
 * (`contracts/`), then creates and initialises the pools. The position manager gets the zero address as its
 * token descriptor (its constructor accepts any address; only `tokenURI` would call it).
 *
 * Checks, each a DeploymentCheckError (fatal) when it fails:
 * - keccak256(UniswapV3Pool creation code) equals periphery's `PoolAddress.POOL_INIT_CODE_HASH`, and the deployed
 *   position manager's runtime code embeds that hash;
 * - `factory.getPool(token0, token1, fee)` equals the CREATE2 address computed from the init code hash;
 * - every pool's token0 sorts below its token1 (token addresses are assigned so the shared pools' order holds);
 * - the factory's tick spacing for the fee equals the pool's.
 */
import { readdirSync, statSync } from "node:fs";
import { basename } from "node:path";
import {
  type Address,
  encodeAbiParameters,
  encodeDeployData,
  encodeFunctionData,
  getAddress,
  getContractAddress,
  getCreate2Address,
  type Hex,
  keccak256,
  type LocalAccount,
  type PublicClient,
  type TransactionReceipt,
} from "viem";
import { loadPoolSeries } from "../../data/poolSeries.js";
import { InvalidInputError } from "../../errors/math.js";
import { TickMath } from "../../math/v3/tickMath.js";
import { artifacts, factoryAbi, POOL_INIT_CODE_HASH, poolAbi } from "./abis.js";
import type { Deployment } from "./deployment.js";
import {
  classifyUniswapV3Error,
  DeploymentCheckError,
  ReceiptTimeoutError,
  TransactionRevertedError,
} from "./errors.js";

export type TokenSpec = { symbol: string; decimals: number };
export type DeployPoolSpec = {
  /** Deployment name of the pool (the shared data folder name). */
  name: string;
  token0: TokenSpec;
  token1: TokenSpec;
  /** Fee in pips (500 = 0.05 %). */
  fee: number;
  tickSpacing: number;
  /** Symbol of the base token (price = quote per base). */
  base: string;
  /** Initial price. */
  sqrtPriceX96: bigint;
};

export type DeployUniswapV3Parameters = {
  publicClient: PublicClient;
  account: LocalAccount;
  /** Written into the deployment file (the URL other processes use). */
  rpcUrl: string;
  pools: DeployPoolSpec[];
  /**
   * Tokens to deploy even if no pool uses them, in ascending address order (each one's address sorts below the
   * next one's), e.g. USDC, WETH, OSQTH so that both shared USDC/WETH and WETH/oSQTH orders hold.
   */
  tokens?: TokenSpec[];
  /** Oracle observation slots reserved per pool (for `twapTick`), default 64. */
  observationCardinality?: number;
  timeoutMs?: number;
};
export type DeployUniswapV3ReturnType = Deployment;
export type DeployUniswapV3ErrorType = DeploymentCheckError | TransactionRevertedError | InvalidInputError;

/** Deployment key of a token: the symbol in upper case ("oSQTH" → "OSQTH"). */
export function tokenKey(symbol: string): string {
  return symbol.toUpperCase();
}

/** A sqrt price in the middle of `tick`'s interval [√1.0001^tick, √1.0001^(tick+1)): `slot0.tick` is `tick`. */
export function midTickSqrtPriceX96(tick: number): bigint {
  return (TickMath.getSqrtRatioAtTick(tick) + TickMath.getSqrtRatioAtTick(tick + 1)) / 2n;
}

/**
 * Returns the pool spec of a shared pool folder (`../shared/data/uniswap-v3/<name>`), initialised at the open tick
 * of its first recorded minute on or after `from` (`YYYY-MM-DD`; default the first day in the folder).
 */
export function poolSpecFromSharedFolder(folder: string, from?: string): DeployPoolSpec {
  // Without a day, the folder's first day file (a folder may span years with gaps that a whole load refuses).
  const day = from ?? firstDayInFolder(folder);
  const series = loadPoolSeries({ path: folder, from: day, to: day });
  const m = series.meta;
  if (series.length === 0)
    throw new InvalidInputError({ field: "--from", value: from, expected: `a day with data in ${folder}` });
  const base = m.baseToken === 1 ? m.token1 : m.token0;
  return {
    name: basename(folder.replace(/\/+$/, "")),
    token0: { symbol: tokenKey(m.token0.symbol), decimals: m.token0.decimals },
    token1: { symbol: tokenKey(m.token1.symbol), decimals: m.token1.decimals },
    fee: m.feePips,
    tickSpacing: m.tickSpacing,
    base: tokenKey(base.symbol),
    sqrtPriceX96: midTickSqrtPriceX96(series.openTick[0]),
  };
}

/** The earliest `YYYY-MM-DD` in the names of a pool folder's day files (undefined for a single file). */
export function firstDayInFolder(folder: string): string | undefined {
  let names: string[];
  try {
    if (!statSync(folder).isDirectory()) return undefined;
    names = readdirSync(folder);
  } catch {
    return undefined; // the loader reports a missing path with its own error
  }
  const days = names
    .map((n) => /-(\d{4}-\d{2}-\d{2})(\.minute)?\.csv$/.exec(n)?.[1])
    .filter((d): d is string => d !== undefined)
    .sort();
  return days[0];
}

/** Orders token symbols so that every pool's token0 comes before its token1 (topological sort, stable). */
function tokenOrder(pools: DeployPoolSpec[], extra: TokenSpec[]): TokenSpec[] {
  const specs = new Map<string, TokenSpec>();
  const after = new Map<string, Set<string>>();
  for (const t of extra) {
    specs.set(t.symbol, t);
    after.set(t.symbol, new Set());
  }
  const chain = extra.slice(1).map((t, i) => ({ token0: extra[i], token1: t }));
  for (const p of [...chain, ...pools]) {
    for (const t of [p.token0, p.token1]) {
      const prev = specs.get(t.symbol);
      if (prev && prev.decimals !== t.decimals)
        throw new InvalidInputError({
          field: `token ${t.symbol}.decimals`,
          value: t.decimals,
          expected: `${prev.decimals} (as in another pool)`,
        });
      specs.set(t.symbol, t);
      if (!after.has(t.symbol)) after.set(t.symbol, new Set());
    }
    after.get(p.token1.symbol)?.add(p.token0.symbol);
  }
  const out: TokenSpec[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (s: string) => {
    if (done.has(s)) return;
    if (visiting.has(s))
      throw new InvalidInputError({
        field: "pools",
        value: s,
        expected: "a token order without cycles (token0 < token1)",
      });
    visiting.add(s);
    for (const d of after.get(s) ?? []) visit(d);
    visiting.delete(s);
    done.add(s);
    out.push(specs.get(s) as TokenSpec);
  };
  for (const s of specs.keys()) visit(s);
  return out;
}

/** Deploys everything and returns the deployment (see the file comment for the checks). */
export async function deployUniswapV3(
  parameters: DeployUniswapV3Parameters,
): Promise<DeployUniswapV3ReturnType> {
  const { publicClient, account, pools } = parameters;
  const timeoutMs = parameters.timeoutMs ?? 60_000;
  const a = artifacts();
  const chainId = await publicClient.getChainId();

  const initCodeHash = keccak256(a.pool.bytecode);
  if (initCodeHash !== POOL_INIT_CODE_HASH)
    throw new DeploymentCheckError({
      check: "keccak256(UniswapV3Pool creation code)",
      expected: POOL_INIT_CODE_HASH,
      actual: initCodeHash,
    });
  if (!a.positionManager.deployedBytecode.toLowerCase().includes(POOL_INIT_CODE_HASH.slice(2)))
    throw new DeploymentCheckError({
      check: "POOL_INIT_CODE_HASH inside the position manager's code",
      expected: "present",
      actual: "absent",
    });

  const seen = new Set<string>();
  for (const p of pools) {
    const key = `${[p.token0.symbol, p.token1.symbol].sort().join("/")}/${p.fee}`;
    if (seen.has(key))
      throw new InvalidInputError({
        field: "pools",
        value: p.name,
        expected: `one pool per token pair and fee (${key} twice)`,
      });
    seen.add(key);
  }

  let nonce = await publicClient.getTransactionCount({ address: account.address, blockTag: "pending" });
  const block = await publicClient.getBlock({ blockTag: "latest" });
  const fees = {
    maxFeePerGas: 2n * (block.baseFeePerGas ?? 1_000_000_000n) + 1_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
  };

  const send = async (action: string, tx: { to?: Address; data: Hex }): Promise<TransactionReceipt> => {
    try {
      const gas = await publicClient.estimateGas({ account: account.address, to: tx.to, data: tx.data });
      const serialized = await account.signTransaction({
        type: "eip1559",
        chainId,
        nonce: nonce++,
        to: tx.to,
        data: tx.data,
        gas: (gas * 125n) / 100n,
        ...fees,
      });
      const hash = await publicClient.request({ method: "eth_sendRawTransaction", params: [serialized] });
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const r = await publicClient.getTransactionReceipt({ hash }).catch(() => null);
        if (r) {
          if (r.status !== "success")
            throw new TransactionRevertedError({ action, reason: `${hash} has status 0` });
          return r;
        }
        if (Date.now() > deadline) throw new ReceiptTimeoutError({ hash, timeoutMs });
        await new Promise((res) => setTimeout(res, 20));
      }
    } catch (err) {
      throw classifyUniswapV3Error(err, { action, from: account.address });
    }
  };
  const deploy = async (action: string, data: Hex): Promise<Address> => {
    const r = await send(action, { data });
    if (!r.contractAddress)
      throw new TransactionRevertedError({ action, reason: "no contract address in the receipt" });
    return getAddress(r.contractAddress);
  };

  // Tokens: predict the addresses of the next k creations, then give the i-th lowest address to the i-th token in
  // the required order, so token0 < token1 holds in every pool.
  const order = tokenOrder(pools, parameters.tokens ?? []);
  const predicted = order.map((_, i) =>
    getContractAddress({ from: account.address, nonce: BigInt(nonce + i) }),
  );
  const sorted = [...predicted].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
  const tokens: Deployment["tokens"] = {};
  for (const addr of predicted) {
    const spec = order[sorted.indexOf(addr)];
    const data = encodeDeployData({
      abi: a.testErc20.abi,
      bytecode: a.testErc20.bytecode,
      args: [`Test ${spec.symbol}`, spec.symbol, spec.decimals],
    });
    const at = await deploy(`deploy token ${spec.symbol}`, data);
    if (at.toLowerCase() !== addr.toLowerCase())
      throw new DeploymentCheckError({
        check: `address of token ${spec.symbol}`,
        expected: addr,
        actual: at,
      });
    tokens[spec.symbol] = { address: at, decimals: spec.decimals };
  }

  const byAddress = Object.fromEntries(
    Object.entries(tokens).sort(([, x], [, y]) => (BigInt(x.address) < BigInt(y.address) ? -1 : 1)),
  );
  const weth9 = await deploy("deploy WETH9", a.weth9.bytecode);
  const factory = await deploy("deploy UniswapV3Factory", a.factory.bytecode);
  const positionManager = await deploy(
    "deploy NonfungiblePositionManager",
    encodeDeployData({
      abi: a.positionManager.abi,
      bytecode: a.positionManager.bytecode,
      args: [factory, weth9, "0x0000000000000000000000000000000000000000"],
    }),
  );
  const swapRouter = await deploy(
    "deploy SwapRouter",
    encodeDeployData({ abi: a.swapRouter.abi, bytecode: a.swapRouter.bytecode, args: [factory, weth9] }),
  );

  const out: Deployment["pools"] = [];
  for (const p of pools) {
    const t0 = tokens[p.token0.symbol].address;
    const t1 = tokens[p.token1.symbol].address;
    if (BigInt(t0) >= BigInt(t1))
      throw new DeploymentCheckError({
        check: `${p.name} token order`,
        expected: `${p.token0.symbol} < ${p.token1.symbol}`,
        actual: `${t0} >= ${t1}`,
      });
    const spacing = await publicClient.readContract({
      address: factory,
      abi: factoryAbi,
      functionName: "feeAmountTickSpacing",
      args: [p.fee],
    });
    if (spacing !== p.tickSpacing)
      throw new DeploymentCheckError({
        check: `${p.name} tick spacing for fee ${p.fee}`,
        expected: String(p.tickSpacing),
        actual: String(spacing),
      });
    await send(`createPool ${p.name}`, {
      to: factory,
      data: encodeFunctionData({ abi: factoryAbi, functionName: "createPool", args: [t0, t1, p.fee] }),
    });
    const address = await publicClient.readContract({
      address: factory,
      abi: factoryAbi,
      functionName: "getPool",
      args: [t0, t1, p.fee],
    });
    const expected = getCreate2Address({
      from: factory,
      salt: keccak256(
        encodeAbiParameters([{ type: "address" }, { type: "address" }, { type: "uint24" }], [t0, t1, p.fee]),
      ),
      bytecodeHash: POOL_INIT_CODE_HASH,
    });
    if (address.toLowerCase() !== expected.toLowerCase())
      throw new DeploymentCheckError({ check: `factory.getPool for ${p.name}`, expected, actual: address });
    await send(`initialize ${p.name}`, {
      to: address,
      data: encodeFunctionData({ abi: poolAbi, functionName: "initialize", args: [p.sqrtPriceX96] }),
    });
    await send(`increaseObservationCardinalityNext ${p.name}`, {
      to: address,
      data: encodeFunctionData({
        abi: poolAbi,
        functionName: "increaseObservationCardinalityNext",
        args: [parameters.observationCardinality ?? 64],
      }),
    });
    const quote = p.base === p.token0.symbol ? p.token1.symbol : p.token0.symbol;
    out.push({
      name: p.name,
      address: getAddress(address),
      token0: p.token0.symbol,
      token1: p.token1.symbol,
      fee: p.fee,
      tickSpacing: p.tickSpacing,
      base: p.base,
      quote,
    });
  }
  return {
    chainId,
    rpcUrl: parameters.rpcUrl,
    contracts: { factory, positionManager, swapRouter, weth9 },
    tokens: byAddress,
    pools: out,
  };
}
