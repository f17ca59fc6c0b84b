import { describe, expect, test } from "vitest";
import { classifyUniswapV3Error, NonceTooLowError, WrongChainError } from "./errors.js";

describe("classifyUniswapV3Error", () => {
  test("default: node messages map to classes through the table", () => {
    const c = (message: string) =>
      classifyUniswapV3Error(new Error(message), { action: "mint", from: "0xabc", nonce: 7n });
    expect(c("Nonce too low. Expected nonce to be 8 but got 7.")).toMatchObject({
      name: "NonceTooLowError",
      errorClass: "retryable",
    });
    expect(c("replacement transaction underpriced")).toMatchObject({
      errorClass: "retryable",
      code: "replacement_underpriced",
    });
    expect(c("Insufficient funds for gas * price + value")).toMatchObject({
      errorClass: "nonRetryable",
      code: "insufficient_funds",
    });
    const rev = c("Execution reverted with reason: execution reverted: STF");
    expect(rev).toMatchObject({ name: "TransactionRevertedError", errorClass: "nonRetryable" });
    expect(rev.shortMessage).toBe("uniswap-v3: mint reverted: STF.");
    expect(c("HTTP request failed. fetch failed")).toMatchObject({
      name: "RpcUnavailableError",
      errorClass: "retryable",
    });
    expect(c("something else entirely")).toMatchObject({ code: "unknown", errorClass: "nonRetryable" });
  });

  test("behavior: nested causes are searched and classified errors pass through", () => {
    const nested = new Error("outer", { cause: new Error("inner: nonce has already been used") });
    expect(classifyUniswapV3Error(nested, { action: "broadcast" })).toBeInstanceOf(NonceTooLowError);
    const fatal = new WrongChainError({ expected: 31337, actual: 1 });
    expect(classifyUniswapV3Error(fatal, { action: "x" })).toBe(fatal);
    expect(fatal.errorClass).toBe("fatal");
  });
});
