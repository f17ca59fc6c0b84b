import { resolve } from "node:path";
import { ConfigError } from "../../errors/config.js";
import { startQueueWorker } from "../../sweep/queue.js";
import { parseIntFlag } from "../flags.js";
import type { RegisterCommand } from "./index.js";

type WorkerOptions = {
  queue?: string;
  concurrency?: string;
  lockMs?: string;
  baseDir?: string;
  json?: boolean;
};

/**
 * `lpguard worker --queue redis://HOST:PORT [--concurrency N] [--lock-ms MS] [--base-dir DIR] [--json]`: works on
 * sweep point jobs until SIGINT / SIGTERM, then finishes its current jobs and exits 0. Prints one line (or one JSON
 * object with `--json`) when ready and one per finished job.
 */
export const registerWorker: RegisterCommand = (program, io) => {
  program
    .command("worker")
    .description("Process sweep points from a BullMQ queue on Redis (run on any machine with the data).")
    .requiredOption("--queue <url>", "redis://HOST:PORT")
    .option("--concurrency <n>", "points at once, one thread each", "1")
    .option("--lock-ms <ms>", "job lock; a killed worker's job is retried after it", "30000")
    .option(
      "--base-dir <dir>",
      "resolve relative data paths against DIR instead of the driver's config folder",
    )
    .option("--json", "print events as JSON lines")
    .action(async (opts: WorkerOptions) => {
      if (!opts.queue) throw new ConfigError({ path: "--queue", reason: "is required" });
      const concurrency = parseIntFlag("--concurrency", opts.concurrency, { min: 1, max: 256 });
      const lockDurationMs = parseIntFlag("--lock-ms", opts.lockMs, { min: 1000, max: 3_600_000 });
      const say = (event: Record<string, unknown>, text: string) =>
        io.out(opts.json ? `${JSON.stringify(event)}\n` : `${text}\n`);
      const worker = await startQueueWorker({
        url: opts.queue,
        concurrency,
        lockDurationMs,
        baseDir: opts.baseDir !== undefined ? resolve(opts.baseDir) : undefined,
        onJob: (id, ms) =>
          say({ event: "done", job: id, ms: Math.round(ms) }, `done ${id} in ${Math.round(ms)} ms`),
      });
      say(
        { event: "ready", pid: process.pid, concurrency },
        `worker ${process.pid} ready on ${opts.queue} (concurrency ${concurrency})`,
      );
      await new Promise<void>((resolveStop) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolveStop();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      await worker.close();
      say({ event: "stopped", processed: worker.processed }, `worker stopped after ${worker.processed} jobs`);
    });
};
