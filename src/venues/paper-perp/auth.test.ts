import { describe, expect, test } from "vitest";
import { signPayload, verifySignedRequest } from "./auth.js";

// Binance's published HMAC-SHA256 example (spot API docs, "SIGNED Endpoint Examples"): a public test vector.
const DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
const DOC_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
const DOC_PAYLOAD =
  "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
const DOC_SIGNATURE = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71";

describe("signPayload", () => {
  test("default: reproduces Binance's published signature", () => {
    expect(signPayload(DOC_SECRET, DOC_PAYLOAD)).toBe(DOC_SIGNATURE);
  });
});

describe("verifySignedRequest", () => {
  const base = {
    apiKey: DOC_KEY,
    secret: DOC_SECRET,
    headerApiKey: DOC_KEY,
    rawQuery: "",
    nowMs: 1499827319559 + 100,
  };
  test("default: the documented body is valid", () => {
    expect(
      verifySignedRequest({ ...base, rawBody: `${DOC_PAYLOAD}&signature=${DOC_SIGNATURE}` }),
    ).toBeUndefined();
  });
  test("behavior: query and body are concatenated without '&' (docs example 3)", () => {
    const q = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC";
    const b = "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    const sig = signPayload(DOC_SECRET, q + b);
    expect(verifySignedRequest({ ...base, rawQuery: q, rawBody: `${b}&signature=${sig}` })).toBeUndefined();
    expect(
      verifySignedRequest({ ...base, rawQuery: q, rawBody: `${b}&signature=${DOC_SIGNATURE}` })?.code,
    ).toBe(-1022);
  });
  test("behavior: wrong key, tampered value, missing signature, stale and future timestamps", () => {
    const body = `${DOC_PAYLOAD}&signature=${DOC_SIGNATURE}`;
    expect(verifySignedRequest({ ...base, headerApiKey: "x", rawBody: body })).toMatchObject({
      status: 401,
      code: -2015,
    });
    expect(verifySignedRequest({ ...base, rawBody: body.replace("price=0.1", "price=0.2") })?.code).toBe(
      -1022,
    );
    expect(verifySignedRequest({ ...base, rawBody: DOC_PAYLOAD })?.code).toBe(-1022);
    expect(verifySignedRequest({ ...base, nowMs: 1499827319559 + 5001, rawBody: body })?.code).toBe(-1021);
    expect(verifySignedRequest({ ...base, nowMs: 1499827319559 - 1001, rawBody: body })?.code).toBe(-1021);
    expect(verifySignedRequest({ ...base, nowMs: 1499827319559 + 5000, rawBody: body })).toBeUndefined();
  });
});
