/**
 * Binance's SIGNED-endpoint check, as the paper exchange applies it: the `X-MBX-APIKEY` header must name the
 * key, `signature` must be the last parameter and equal HMAC-SHA256(secret, totalParams) in hex, where
 * totalParams is the raw query string concatenated with the raw body (no `&` between them); `timestamp` must be
 * within `recvWindow` (default 5000 ms, at most 60000) of the server clock and not more than 1 s ahead.
 * @see https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info (SIGNED endpoint security)
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export type BinanceApiError = { status: number; code: number; msg: string };

export const API_ERRORS = {
  badApiKey: { status: 401, code: -2015, msg: "Invalid API-key, IP, or permissions for action." },
  badSignature: { status: 400, code: -1022, msg: "Signature for this request is not valid." },
  timestamp: { status: 400, code: -1021, msg: "Timestamp for this request is outside of the recvWindow." },
  mandatory: (name: string): BinanceApiError => ({
    status: 400,
    code: -1102,
    msg: `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
  }),
} as const;

/** Returns the lowercase hex HMAC-SHA256 of `payload` under `secret`. */
export function signPayload(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload).digest("hex");
}

export type VerifySignedRequestParameters = {
  apiKey: string;
  secret: string;
  headerApiKey: string | undefined;
  rawQuery: string;
  rawBody: string;
  /** Wall-clock time of the server (ms). */
  nowMs: number;
};

/** Returns the error of a SIGNED request, or undefined when it is valid. */
export function verifySignedRequest(p: VerifySignedRequestParameters): BinanceApiError | undefined {
  if (p.headerApiKey !== p.apiKey) return API_ERRORS.badApiKey;
  const total = p.rawQuery + p.rawBody;
  const m = /(^|&)signature=([0-9a-fA-F]{64})$/.exec(total);
  if (!m) return API_ERRORS.badSignature;
  const payload = total.slice(0, m.index);
  const expected = Buffer.from(signPayload(p.secret, payload), "hex");
  const got = Buffer.from(m[2].toLowerCase(), "hex");
  if (expected.length !== got.length || !timingSafeEqual(expected, got)) return API_ERRORS.badSignature;
  const params = new URLSearchParams(payload);
  const ts = Number(params.get("timestamp"));
  if (!params.has("timestamp") || !Number.isFinite(ts)) return API_ERRORS.mandatory("timestamp");
  const recv = params.has("recvWindow") ? Number(params.get("recvWindow")) : 5000;
  if (!(recv > 0 && recv <= 60_000))
    return { status: 400, code: -1131, msg: "recvWindow must be less than 60000" };
  if (ts > p.nowMs + 1000 || p.nowMs - ts > recv) return API_ERRORS.timestamp;
  return undefined;
}
