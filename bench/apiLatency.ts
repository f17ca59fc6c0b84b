/**
 * `npm run bench:api`: latency of the HTTP API on 127.0.0.1, p50 / p99 over sequential requests, for a run list
 * and for reading the 50,400-row series of a stored backtest (Polygon WETH/USDC, 2022-07-19 .. 2022-08-22), on
 * SQLite and (when the PostgreSQL binaries are installed) on a throw-away Postgres server.
 * Pass `sqlite` or `postgres` to run one backend only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runBacktestFile } from "../src/backtest/runBacktest.js";
import { summarizeBacktest } from "../src/backtest/summary.js";
import { startApiServer } from "../src/server/createServer.js";
import { SERIES_BINARY_TYPE } from "../src/server/routes/runs.js";
import { openStore, type Store, saveRun } from "../src/store/index.js";
import { postgresAvailable, startPostgres } from "../test/helpers/postgres.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv[2];
const TOKEN = "bench-token-0123456789abcdef";

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

async function measure(
  url: string,
  n: number,
  accept?: string,
): Promise<{ p50: number; p99: number; bytes: number }> {
  const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` };
  if (accept !== undefined) headers.accept = accept;
  let bytes = 0;
  for (let i = 0; i < Math.min(10, n); i++) await (await fetch(url, { headers })).arrayBuffer(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.arrayBuffer();
    ms.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
    bytes = body.byteLength;
  }
  ms.sort((a, b) => a - b);
  return { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), bytes };
}

async function benchStore(label: string, store: Store, run: ReturnType<typeof runBacktestFile>) {
  const id = (
    await saveRun(store, {
      kind: "backtest",
      name: "passive ±10 %",
      result: run,
      summary: summarizeBacktest(run),
    })
  ).id;
  for (let i = 0; i < 199; i++)
    await store.createRun({
      kind: i % 2 ? "compare" : "backtest",
      name: `filler ${i}`,
      spec: { i },
      status: "done",
    });
  const server = await startApiServer({ store, token: TOKEN, log: () => undefined });
  const rows: string[] = [];
  const cases: [string, string, number, string?][] = [
    ["run list (100 of 200 runs)", "/api/runs?limit=100", 400],
    ["series: 1 column × 50,400 rows", `/api/runs/${id}/series?name=value`, 200],
    ["series: time + value × 50,400 rows", `/api/runs/${id}/series?name=time&name=value`, 200],
    ["series: all 20 columns × 50,400 rows", `/api/runs/${id}/series`, 40],
    ["series: 1 column × 50,400, binary f64", `/api/runs/${id}/series?name=value`, 200, SERIES_BINARY_TYPE],
    ["series: all 20 columns × 50,400, binary", `/api/runs/${id}/series`, 100, SERIES_BINARY_TYPE],
    [
      "series: 2 columns downsampled to 2,000",
      `/api/runs/${id}/series?name=time&name=value&maxPoints=2000`,
      400,
    ],
  ];
  try {
    for (const [name, path, n, accept] of cases) {
      const r = await measure(`${server.url}${path}`, n, accept);
      rows.push(
        `${label.padEnd(9)} ${name.padEnd(40)} ${String(n).padStart(4)}  p50 ${r.p50.toFixed(2).padStart(8)} ms  p99 ${r.p99.toFixed(2).padStart(8)} ms  ${(r.bytes / 1024).toFixed(0).padStart(7)} KiB`,
      );
      process.stderr.write(`${rows.at(-1)}\n`);
    }
  } finally {
    await server.close();
  }
  return rows;
}

const run = runBacktestFile(join(root, "examples/passive-polygon.yaml"));
const out: string[] = [];
const tmp = mkdtempSync(join(tmpdir(), "lpguard-bench-api-"));
try {
  if (only === undefined || only === "sqlite") {
    const store = await openStore(join(tmp, "bench.sqlite"));
    out.push(...(await benchStore("sqlite", store, run)));
    await store.close();
  }
  if ((only === undefined || only === "postgres") && postgresAvailable()) {
    const pg = await startPostgres();
    try {
      const store = await openStore(pg.url);
      out.push(...(await benchStore("postgres", store, run)));
      await store.close();
    } finally {
      await pg.stop();
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.stdout.write(
  `backend   case                                        n   latency (sequential requests, 127.0.0.1)   body\n${out.join("\n")}\n`,
);
