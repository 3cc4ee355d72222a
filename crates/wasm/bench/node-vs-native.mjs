// Whole-process time and peak memory of one conversion, native binary against the npm package
// in Node.js, median of N runs each (a benchmark: not part of the tests).
//
//   scripts/build-wasm && cargo build --release
//   node crates/wasm/bench/node-vs-native.mjs [INPUT...]     (RUNS=5 by default)
//
// Default input: ../shared/corpus/large/github-rest-api.json. Peak memory is the maximum
// resident set size that GNU time reports (skipped where /usr/bin/time is missing).

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const runs = Number(process.env.RUNS ?? 5);
const native = process.env.CONNECTOR_CONVERT_BIN ?? join(root, "target/release/connector-convert");
const pkg = process.env.CONNECTOR_CONVERT_NPM ?? join(root, "target/npm/connector-convert");
const inputs = process.argv.slice(2).length ? process.argv.slice(2) : [join(root, "../shared/corpus/large/github-rest-api.json")];
const gnuTime = existsSync("/usr/bin/time");

// The Node side does what the binary does: read the file, convert, write the three files.
const nodeScript = `
const cc = require(${JSON.stringify(pkg)});
const fs = require("fs");
const r = cc.convert(fs.readFileSync(process.argv[1]));
if (!r.ok) { console.error(r.error.message); process.exit(1); }
fs.mkdirSync(process.argv[2], { recursive: true });
for (const f of r.files) fs.writeFileSync(process.argv[2] + "/" + f.name, f.text);
`;

function measure(command, args) {
  const out = mkdtempSync(join(tmpdir(), "cc-bench-"));
  try {
    const argv = [...args, out];
    const start = process.hrtime.bigint();
    const run = gnuTime
      ? spawnSync("/usr/bin/time", ["-f", "%M", command, ...argv], { encoding: "utf8" })
      : spawnSync(command, argv, { encoding: "utf8" });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (!existsSync(join(out, "apiDefinition.swagger.json"))) throw new Error(`${command} wrote nothing: ${run.stderr}`);
    const kb = gnuTime ? Number(run.stderr.trim().split("\n").pop()) : NaN;
    return { seconds, mib: kb / 1024 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [name, path] of [["native binary", native], ["npm package", join(pkg, "connector_convert_bg.wasm")]]) {
  if (!existsSync(path)) throw new Error(`${name} missing at ${path}: build it first (see the header of this file)`);
}
console.log(`| input | native | Node.js (WebAssembly) | time ratio | peak ratio |`);
console.log(`|---|---|---|---|---|`);
for (const input of inputs) {
  const nat = Array.from({ length: runs }, () => measure(native, ["convert", input, "-q", "--out"]));
  const wasm = Array.from({ length: runs }, () => measure(process.execPath, ["-e", nodeScript, input]));
  const t = (r) => median(r.map((x) => x.seconds));
  const m = (r) => median(r.map((x) => x.mib));
  const mb = (statSync(input).size / 1048576).toFixed(1);
  console.log(
    `| ${input.split("/").pop()} (${mb} MiB) | ${t(nat).toFixed(2)} s, ${m(nat).toFixed(0)} MiB | ${t(wasm).toFixed(2)} s, ${m(wasm).toFixed(0)} MiB | ${(t(wasm) / t(nat)).toFixed(2)}× | ${(m(wasm) / m(nat)).toFixed(2)}× |`,
  );
}
