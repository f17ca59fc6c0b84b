import {
  AuthenticationError,
  BadRequest,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidOrder,
  NetworkError,
  PermissionDenied,
  RateLimitExceeded,
  RequestTimeout,
} from "ccxt";
import { describe, expect, test } from "vitest";
import { classifyPerpError, DuplicateClientOrderIdError, PerpVenueError, venueCodeOf } from "./errors.js";

const p = { venue: "binanceusdm", operation: "createOrder", clientOrderId: "v1-a-1" };

describe("classifyPerpError", () => {
  test.each([
    [new RequestTimeout("binanceusdm GET https://x timed out"), "retryable"],
    [new RateLimitExceeded("binanceusdm 429"), "retryable"],
    [new NetworkError("ECONNRESET"), "retryable"],
    [new ExchangeNotAvailable("binanceusdm 503"), "retryable"],
    [new AuthenticationError("binanceusdm 401"), "fatal"],
    [new PermissionDenied("binanceusdm 403"), "fatal"],
    [new InsufficientFunds("binanceusdm balance"), "nonRetryable"],
    [new InvalidOrder("binanceusdm bad order"), "nonRetryable"],
    [new TypeError("x is undefined"), "nonRetryable"],
  ])("default: %s → %s", (err, kind) => {
    const c = classifyPerpError(err, p);
    expect(c).toBeInstanceOf(PerpVenueError);
    expect(c.kind).toBe(kind);
    expect(c.cause).toBe(err);
  });

  test("behavior: venue codes win over ccxt's class (ccxt maps -1021 and -1022 both to BadRequest)", () => {
    expect(classifyPerpError(new BadRequest('binanceusdm {"code":-1021,"msg":"Timestamp…"}'), p).kind).toBe(
      "retryable",
    );
    expect(classifyPerpError(new BadRequest('binanceusdm {"code":-1022,"msg":"Signature…"}'), p).kind).toBe(
      "fatal",
    );
    const m = classifyPerpError(
      new InsufficientFunds('binanceusdm {"code":-2019,"msg":"Margin is insufficient."}'),
      p,
    );
    expect([m.kind, m.code, m.shortMessage]).toEqual([
      "nonRetryable",
      "-2019",
      "binanceusdm createOrder: Margin is insufficient. (code -2019) [nonRetryable].",
    ]);
  });

  test("behavior: -4116 is DuplicateClientOrderIdError naming the id", () => {
    const d = classifyPerpError(
      new InvalidOrder('binanceusdm {"code":-4116,"msg":"ClientOrderId is duplicated."}'),
      p,
    );
    expect(d).toBeInstanceOf(DuplicateClientOrderIdError);
    expect(d.kind).toBe("nonRetryable");
    expect(d.shortMessage).toContain('"v1-a-1"');
  });

  test("behavior: an already classified error passes through", () => {
    const e = new PerpVenueError({ kind: "fatal", venue: "x", operation: "y", reason: "z" });
    expect(classifyPerpError(e, p)).toBe(e);
  });
});

describe("venueCodeOf", () => {
  test("default: reads the JSON body out of a ccxt message", () => {
    expect(venueCodeOf(new Error('binanceusdm {"code":-2013,"msg":"Order does not exist."}'))).toEqual({
      code: "-2013",
      msg: "Order does not exist.",
    });
    expect(venueCodeOf(new Error("no body"))).toBeUndefined();
    expect(venueCodeOf(new Error("binanceusdm {not json"))).toBeUndefined();
  });
});
