/**
 * What the Uniswap v3 venue adapter can do, as a `has` map in the manner of ccxt: `true` (native), `"emulated"`
 * (built from other calls), `false`. The keeper reads it instead of probing.
 */
export const capabilities = {
  venue: "uniswap-v3",
  kind: "pool",
  has: {
    slot0: true,
    twap: true, // pool.observe; needs observation cardinality (the local deployment reserves 64)
    ticks: true,
    feeGrowth: true,
    positionsByTokenId: true,
    positionsByOwner: true, // ERC721 enumerable
    uncollectedFees: "emulated", // Tick.getFeeGrowthInside + Position.update from on-chain state, as the contract
    mint: true,
    increaseLiquidity: true,
    decreaseLiquidity: true,
    collect: true,
    burn: true,
    swapExactInput: true, // SwapRouter.exactInputSingle, optional sqrtPriceLimitX96
    swapExactOutput: true, // SwapRouter.exactOutputSingle
    multihop: false,
    nativeEth: false, // positions hold WETH; no multicall unwrap
    signBeforeBroadcast: true, // hash known before sending: journal it first
    replaceByFee: true, // same nonce, fees bumped by >= 10 %
    findTxByNonce: "emulated", // binary search on getTransactionCount(from, block)
    persistentNonces: true, // NonceStore port
    receiptPolling: true, // getTransactionReceipt polling, never block subscriptions
  },
  /** Smallest fee bump (percent) nodes accept for a replacement. */
  minReplacementBumpPct: 10,
} as const;

export type Capabilities = typeof capabilities;
