import { describe, expect, test } from "vitest";
import { memoryIO } from "../io.js";
import { main } from "../main.js";

async function run(args: string[]) {
  const io = memoryIO();
  const code = await main(["fetch", ...args], io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

const GOOD = [
  "--rpc",
  "http://127.0.0.1:1",
  "--pool",
  "0x45dda9cb7c25131df268515131f647d726f50608",
  "--out",
  "x",
];

describe("fetch", () => {
  test.each([
    [["--pool", GOOD[3]!, "--from-block", "1", "--to-block", "2", "--out", "x"], "--rpc"],
    [["--rpc", "ftp://x", "--pool", GOOD[3]!, "--from-block", "1", "--to-block", "2", "--out", "x"], "--rpc"],
    [["--rpc", GOOD[1]!, "--pool", "0x123", "--from-block", "1", "--to-block", "2", "--out", "x"], "--pool"],
    [[...GOOD, "--from-block", "-1", "--to-block", "2"], "--from-block"],
    [[...GOOD, "--from-block", "1.5", "--to-block", "2"], "--from-block"],
    [[...GOOD, "--from-block", "10", "--to-block", "2"], "--to-block"],
    [[...GOOD, "--from-block", "1"], "--to-block"],
    [[...GOOD, "--from-block", "1", "--to-block", "2", "--chunk", "0"], "--chunk"],
    [["--rpc", GOOD[1]!, "--pool", GOOD[3]!, "--from-block", "1", "--to-block", "2", "--out", " "], "--out"],
  ])("behavior: bad flags exit 2 with one line naming the flag (%j)", async (args, flag) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^error: ${flag}\\b`));
  });
});
