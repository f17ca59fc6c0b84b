/**
 * A stored series is the raw little-endian bytes of its Float64Array (8 bytes a value, NaN and ±0 exact): a
 * 50,400-row column is one 403,200-byte blob, read back with one copy.
 */
import { StoreError } from "../errors/store.js";

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** Returns the bytes of `data` (little-endian float64). */
export function encodeFloat64(data: Float64Array): Buffer {
  if (!LITTLE_ENDIAN) throw new StoreError({ what: "platform", reason: "is big-endian; not supported" });
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Returns a Float64Array copied from stored bytes (any alignment). */
export function decodeFloat64(bytes: Uint8Array): Float64Array {
  if (bytes.byteLength % 8 !== 0)
    throw new StoreError({
      what: "series blob",
      value: bytes.byteLength,
      reason: "is not a multiple of 8 bytes",
    });
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
