/**
 * Starts a throw-away PostgreSQL 15 server for a test: initdb into a temp folder owned by the `postgres` user
 * (initdb refuses root; CI runs as root), `postgres -h 127.0.0.1 -p <free port> -k <temp>`, a fresh database.
 * `stop()` ends the postmaster by its pid (from postmaster.pid) and removes the folder.
 * Needs the Debian package `postgresql` (binaries in /usr/lib/postgresql/15/bin, or $LPGUARD_PG_BIN).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort, pollUntil } from "./freePort.js";

export const PG_BIN = process.env.LPGUARD_PG_BIN ?? "/usr/lib/postgresql/15/bin";

export type TestPostgres = {
  /** Url of the database created at start (lpguard_test). */
  url: string;
  port: number;
  /** Pid of the postmaster. */
  pid: number;
  /** Creates another empty database and returns its url. */
  createDatabase: () => Promise<string>;
  stop: () => Promise<void>;
};

/** True when the PostgreSQL server binaries are installed. */
export function postgresAvailable(): boolean {
  return existsSync(join(PG_BIN, "postgres")) && existsSync(join(PG_BIN, "initdb"));
}

function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), "lpguard-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  const [c1, a1] = asPostgres(join(PG_BIN, "initdb"), [
    "-D",
    data,
    "-U",
    "lpguard",
    "--auth=trust",
    "-E",
    "UTF8",
    "--no-sync",
    "--no-instructions",
  ]);
  execFileSync(c1, a1, { stdio: "pipe" });
  const port = await freePort();
  const [c2, a2] = asPostgres(join(PG_BIN, "postgres"), [
    "-D",
    data,
    "-k",
    dir,
    "-p",
    String(port),
    "-h",
    "127.0.0.1",
    "-F",
    "-c",
    "max_connections=20",
  ]);
  const child: ChildProcess = spawn(c2, a2, { stdio: "ignore" });
  const pidFile = join(data, "postmaster.pid");
  const stop = async () => {
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").split("\n")[0]) : undefined;
    if (pid !== undefined && alive(pid)) {
      process.kill(pid, "SIGINT"); // fast shutdown
      await pollUntil("postgres to exit", () => !alive(pid), { timeoutMs: 30_000 });
    }
    if (child.pid !== undefined && alive(child.pid)) child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const base = `postgres://lpguard@127.0.0.1:${port}`;
    await pollUntil(
      "postgres to accept connections",
      async () => {
        const c = new pg.Client({ connectionString: `${base}/postgres` });
        await c.connect();
        await c.end();
        return true;
      },
      { timeoutMs: 60_000, everyMs: 200 },
    );
    let n = 0;
    const createDatabase = async (name = `lpguard_test_${++n}`) => {
      const c = new pg.Client({ connectionString: `${base}/postgres` });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return `${base}/${name}`;
    };
    const url = await createDatabase("lpguard_test");
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    return { url, port, pid, createDatabase: () => createDatabase(), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
