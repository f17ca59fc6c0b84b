/**
 * Starts Debian's Chromium (/usr/bin/chromium, or $LPGUARD_CHROMIUM) headless with a fresh profile and a DevTools
 * port, and connects playwright-core to it over CDP (no browser download). `stop()` closes the connection, ends
 * the browser by its pid and removes the profile.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { pollUntil } from "./freePort.js";

export const CHROMIUM = process.env.LPGUARD_CHROMIUM ?? "/usr/bin/chromium";

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  "--window-size=1400,1000",
];

export type TestChromium = { browser: Browser; pid: number; stop: () => Promise<void> };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startChromium(): Promise<TestChromium> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package chromium`);
  const profile = mkdtempSync(join(tmpdir(), "lpguard-chromium-"));
  const child: ChildProcess = spawn(
    CHROMIUM,
    [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, "--remote-debugging-port=0", "about:blank"],
    { stdio: "ignore" },
  );
  const pid = child.pid!;
  const stop = async () => {
    if (alive(pid)) {
      process.kill(pid, "SIGTERM");
      await pollUntil("chromium to exit", () => !alive(pid), { timeoutMs: 20_000 }).catch(() => {
        if (alive(pid)) process.kill(pid, "SIGKILL");
      });
    }
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    // Chromium writes the port it chose into DevToolsActivePort inside the profile.
    const port = await pollUntil(
      "chromium's DevTools port",
      () => {
        const f = join(profile, "DevToolsActivePort");
        return existsSync(f) ? Number(readFileSync(f, "utf8").split("\n")[0]) || undefined : undefined;
      },
      { timeoutMs: 60_000, everyMs: 100 },
    );
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: 60_000 });
    return {
      browser,
      pid,
      stop: async () => {
        await browser.close().catch(() => undefined);
        await stop();
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
