import { resolve } from "node:path";
import { startApiServer } from "../../server/createServer.js";
import { openKeeperDb } from "../../server/keeperDb.js";
import { resolveApiToken } from "../../server/token.js";
import { openStore } from "../../store/openStore.js";
import { parseIntFlag } from "../flags.js";
import type { RegisterCommand } from "./index.js";

type ServeOptions = {
  db: string;
  port: string;
  host: string;
  tokenFile?: string;
  keeperDb?: string;
  dataDir?: string;
  json?: boolean;
};

/**
 * `lpguard serve --db FILE|URL [--port P] [--host H] [--token-file F] [--keeper-db FILE] [--data-dir DIR]`: the
 * HTTP API and the dashboard, bound to 127.0.0.1 unless --host says otherwise. Runs until SIGINT / SIGTERM.
 */
export const registerServe: RegisterCommand = (program, io) => {
  program
    .command("serve")
    .description("Serve the HTTP API (OpenAPI at /openapi.json) and the web dashboard.")
    .requiredOption("--db <file|url>", "store: SQLite file (created if missing) or postgres://… url")
    .option("--port <port>", "TCP port (0 = any free port)", "8787")
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option(
      "--token-file <file>",
      "file holding the bearer token (default: $LPGUARD_API_TOKEN, else a generated one)",
    )
    .option("--keeper-db <file>", "the keeper's journal database, for the vault page and stop/kill")
    .option(
      "--data-dir <dir>",
      "folder that relative data paths in posted configs resolve against (default: CWD)",
    )
    .option("--json", "print {url, port, tokenFile} as JSON once listening")
    .action(async (opts: ServeOptions) => {
      const port = parseIntFlag("--port", opts.port, { min: 0, max: 65_535 });
      const token = resolveApiToken({ tokenFile: opts.tokenFile, db: opts.db });
      const keeper = opts.keeperDb !== undefined ? await openKeeperDb(opts.keeperDb) : undefined;
      const store = await openStore(opts.db);
      const server = await startApiServer({
        store,
        token: token.token,
        keeper,
        host: opts.host,
        port,
        baseDir: opts.dataDir !== undefined ? resolve(opts.dataDir) : process.cwd(),
      }).catch(async (e) => {
        await store.close();
        throw e;
      });
      const info = {
        url: server.url,
        port: server.port,
        tokenFile: token.file ?? null,
        tokenSource: token.source,
      };
      if (opts.json) io.out(`${JSON.stringify(info)}\n`);
      else {
        io.out(`lpguard API and dashboard on ${server.url}\n`);
        io.out(
          token.file !== undefined
            ? `bearer token: in ${token.file}${token.source === "generated" ? " (generated)" : ""}\n`
            : "bearer token: from LPGUARD_API_TOKEN\n",
        );
      }
      await new Promise<void>((done) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          done();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      await server.close();
      await store.close();
      await (keeper as { close?: () => unknown } | undefined)?.close?.();
    });
};
