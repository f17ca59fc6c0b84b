/**
 * Compiles `contracts/*.sol` with solc from npm (the `solc` package, wasm, version pinned in package.json) and
 * writes one artifact per contract to `contracts/artifacts/<Name>.json` ({contractName, sourceName, compiler,
 * abi, bytecode, deployedBytecode}). The artifacts are committed; run this after editing a source:
 *
 *   node --import tsx scripts/build-contracts.ts          # rebuild
 *   node --import tsx scripts/build-contracts.ts --check  # exit 1 if a committed artifact is stale
 *
 * Never downloads a compiler: solc's bundled soljson is the only one used.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const solc = require("solc") as { version(): string; compile(input: string): string };

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const srcDir = join(root, "contracts");
const outDir = join(srcDir, "artifacts");
const check = process.argv.includes("--check");

const sources: Record<string, { content: string }> = {};
for (const f of readdirSync(srcDir).filter((n) => n.endsWith(".sol")).sort()) {
  sources[f] = { content: readFileSync(join(srcDir, f), "utf8") };
}
const input = {
  language: "Solidity",
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    metadata: { bytecodeHash: "none" },
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
  },
};
type Output = {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<
    string,
    Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>
  >;
};
const out = JSON.parse(solc.compile(JSON.stringify(input))) as Output;
const errors = (out.errors ?? []).filter((e) => e.severity === "error");
for (const e of out.errors ?? []) process.stderr.write(`${e.formattedMessage}\n`);
if (errors.length > 0) process.exit(1);

mkdirSync(outDir, { recursive: true });
let stale = 0;
for (const [sourceName, contracts] of Object.entries(out.contracts)) {
  for (const [contractName, c] of Object.entries(contracts)) {
    const artifact = {
      contractName,
      sourceName: `contracts/${sourceName}`,
      compiler: `solc ${solc.version()}`,
      abi: c.abi,
      bytecode: `0x${c.evm.bytecode.object}`,
      deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
    };
    const text = `${JSON.stringify(artifact, null, 2)}\n`;
    const file = join(outDir, `${contractName}.json`);
    if (check) {
      let old = "";
      try {
        old = readFileSync(file, "utf8");
      } catch {}
      if (old !== text) {
        process.stderr.write(`stale: ${file}\n`);
        stale++;
      }
      continue;
    }
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
    process.stdout.write(`wrote contracts/artifacts/${contractName}.json\n`);
  }
}
if (stale > 0) process.exit(1);
