/** `lpguard serve` in-process through the CLI's main(): flags, token sources, a real listening server, shutdown. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { resolveApiToken } from "../../src/server/token.js";
import { openStore } from "../../src/store/index.js";
import { pollUntil } from "../helpers/freePort.js";

const tmp = mkdtempSync(join(tmpdir(), "lpguard-serve-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("lpguard serve", () => {
  test("default: serves on 127.0.0.1 with the token from --token-file; a run left running is marked failed; SIGTERM stops it", async () => {
    const db = join(tmp, "serve.sqlite");
    const s = await openStore(db);
    const { run } = await s.createRun({ kind: "backtest", name: "orphan", spec: {}, status: "running" });
    await s.close();
    const tokenFile = join(tmp, "token");
    writeFileSync(tokenFile, "serve-test-token-0123456789\n");
    const io = memoryIO();
    const done = main(["serve", "--db", db, "--port", "0", "--token-file", tokenFile, "--json"], io);
    const info = await pollUntil(
      "the listening line",
      () => (io.stdout().includes("\n") ? JSON.parse(io.stdout()) : undefined),
      {
        timeoutMs: 30_000,
      },
    );
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.tokenSource).toBe("file");
    expect((await fetch(`${info.url}/api/health`)).status).toBe(401);
    const h = await fetch(`${info.url}/api/health`, {
      headers: { authorization: "Bearer serve-test-token-0123456789" },
    });
    expect(await h.json()).toEqual({ ok: true, store: "sqlite", keeper: false, version: expect.any(String) });
    const r = await fetch(`${info.url}/api/runs/${run.id}`, {
      headers: { authorization: "Bearer serve-test-token-0123456789" },
    });
    expect(await r.json()).toMatchObject({ status: "failed", error: expect.stringMatching(/^interrupted/) });
    // the token is never printed
    expect(io.stdout() + io.stderr()).not.toContain("serve-test-token");
    process.emit("SIGTERM");
    expect(await done).toBe(0);
    await expect(fetch(`${info.url}/api/health`)).rejects.toThrow();
  });

  test("behavior: bad flags exit 2 naming the flag", async () => {
    const cases: [string[], RegExp][] = [
      [
        ["serve", "--db", join(tmp, "x.sqlite"), "--port", "70000"],
        /^error: --port "70000": must be <= 65535\.\n$/,
      ],
      [
        ["serve", "--db", join(tmp, "x.sqlite"), "--token-file", join(tmp, "none")],
        /^error: --token-file ".*none": file not found\.\n$/,
      ],
      [
        ["serve", "--db", join(tmp, "x.sqlite"), "--keeper-db", join(tmp, "nokeeper.sqlite")],
        /^error: --keeper-db ".*nokeeper\.sqlite": file not found\.\n$/,
      ],
    ];
    for (const [args, message] of cases) {
      const io = memoryIO();
      expect(await main(args, io)).toBe(2);
      expect(io.stderr()).toMatch(message);
    }
    const short = join(tmp, "short");
    writeFileSync(short, "abc\n");
    const io = memoryIO();
    expect(await main(["serve", "--db", join(tmp, "x.sqlite"), "--token-file", short], io)).toBe(2);
    expect(io.stderr()).toMatch(/--token-file .*: must hold one token of at least 16 characters/);
  });

  test("behavior: without a token file or env var a token is generated once, mode 0600, beside the database", () => {
    const dir = mkdtempSync(join(tmp, "gen-"));
    const db = join(dir, "x.sqlite");
    const first = resolveApiToken({ db, env: {} });
    expect(first.source).toBe("generated");
    expect(first.token.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(first.file!, "utf8").trim()).toBe(first.token);
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    expect(first.file).toBe(join(dir, "lpguard-api.token"));
    const again = resolveApiToken({ db, env: {} });
    expect(again.token).toBe(first.token);
    expect(resolveApiToken({ db, env: { LPGUARD_API_TOKEN: "from-env-0123456789" } })).toEqual({
      token: "from-env-0123456789",
      source: "env",
    });
  });
});
