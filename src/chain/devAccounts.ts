/**
 * The well-known development accounts of anvil and Hardhat (mnemonic "test test … junk"). These are **local dev
 * keys**: public, funded only on local test chains, never to be used anywhere that holds value.
 */
import type { Hex } from "viem";

/** Local dev keys 0..3 (anvil and Hardhat derive the same ones from the default mnemonic). */
export const DEV_PRIVATE_KEYS: readonly Hex[] = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
];

/** Ether given to each dev account on a fresh in-process chain (10^24 wei = 1,000,000 ETH). */
export const DEV_BALANCE_WEI = 10n ** 24n;
