/**
 * Control methods of local test chains that anvil and Hardhat/EDR both implement (`evm_*`, `hardhat_*` aliases
 * that anvil accepts). They take any client with a `request` function (viem's public or wallet client).
 */
import type { Address } from "viem";

type RpcRequester = { request: (args: { method: string; params?: unknown }) => Promise<unknown> };

function asRequester(client: unknown): RpcRequester {
  return client as RpcRequester;
}

/** Sets the timestamp (Unix seconds) of the next block; it must be later than the last block's. */
export async function setNextBlockTimestamp(client: unknown, seconds: number): Promise<void> {
  await asRequester(client).request({ method: "evm_setNextBlockTimestamp", params: [seconds] });
}

/** Mines one block (at the time set by `setNextBlockTimestamp`, if any). */
export async function mineBlock(client: unknown): Promise<void> {
  await asRequester(client).request({ method: "evm_mine", params: [] });
}

/** Turns automining (one block per transaction) on or off. With it off, transactions wait in the mempool. */
export async function setAutomine(client: unknown, enabled: boolean): Promise<void> {
  await asRequester(client).request({ method: "evm_setAutomine", params: [enabled] });
}

/** Sets an account's ether balance (wei). */
export async function setBalance(client: unknown, address: Address, wei: bigint): Promise<void> {
  await asRequester(client).request({
    method: "hardhat_setBalance",
    params: [address, `0x${wei.toString(16)}`],
  });
}

/** Takes a snapshot of the chain state; returns its id for `revertToSnapshot`. */
export async function snapshotChain(client: unknown): Promise<string> {
  return (await asRequester(client).request({ method: "evm_snapshot", params: [] })) as string;
}

/** Reverts the chain to a snapshot taken with `snapshotChain`. */
export async function revertToSnapshot(client: unknown, id: string): Promise<boolean> {
  return (await asRequester(client).request({ method: "evm_revert", params: [id] })) as boolean;
}
