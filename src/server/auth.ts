import { createHash, timingSafeEqual } from "node:crypto";
import { UnauthorizedError } from "../errors/api.js";

const URL_TOKEN = /[?&](access_token|token|api_key|apikey|bearer|auth)=/i;

/**
 * Returns a checker of `Authorization: Bearer <token>` headers (constant-time compare of sha256 digests). A token
 * in the URL is never accepted, even next to a valid header: URLs end up in logs and browser history.
 */
export function createBearerCheck(token: string): (authorization: string | undefined, url: string) => void {
  if (token.length < 16) throw new UnauthorizedError("the server's token must have at least 16 characters");
  const want = createHash("sha256").update(token).digest();
  return (authorization, url) => {
    if (URL_TOKEN.test(url))
      throw new UnauthorizedError(
        "a token in the URL is never accepted; send the header Authorization: Bearer <token>",
      );
    if (authorization === undefined || authorization === "")
      throw new UnauthorizedError("missing; send Authorization: Bearer <token>");
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (m === null) throw new UnauthorizedError("expected the Bearer scheme");
    const got = createHash("sha256").update(m[1]).digest();
    if (!timingSafeEqual(got, want)) throw new UnauthorizedError("invalid token");
  };
}
