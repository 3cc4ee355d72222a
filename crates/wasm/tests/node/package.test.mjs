// The npm package against the native command line: the same inputs and options must give
// the same package files, byte for byte, and the same failures.
//
// Run after `scripts/build-wasm`:  node --test crates/wasm/tests/node/
// The native binary is CONNECTOR_CONVERT_BIN, else target/release or target/debug.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const packageDir = process.env.CONNECTOR_CONVERT_NPM ?? join(root, "target/npm/connector-convert");
const require = createRequire(import.meta.url);
const cc = require(packageDir);

function nativeBinary() {
  const candidates = [
    process.env.CONNECTOR_CONVERT_BIN,
    join(root, "target/release/connector-convert"),
    join(root, "target/debug/connector-convert"),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  assert.ok(found, `no native binary in ${candidates.join(", ")}: build it first (cargo build)`);
  return found;
}
const native = nativeBinary();

/** Runs the native converter; returns its files, or null when it wrote none. */
function convertNatively(input, args = []) {
  const out = mkdtempSync(join(tmpdir(), "cc-native-"));
  try {
    const run = spawnSync(native, ["convert", input, "--out", out, "-q", ...args], { encoding: "utf8" });
    const names = existsSync(out) ? readdirSync(out).sort() : [];
    if (names.length === 0) return { status: run.status, stderr: run.stderr, files: null };
    const files = Object.fromEntries(names.map((n) => [n, readFileSync(join(out, n))]));
    return { status: run.status, stderr: run.stderr, files };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function assertSameFiles(result, nativeRun, what) {
  assert.equal(result.ok, true, `${what}: ${JSON.stringify(result.error)}`);
  assert.ok(nativeRun.files, `${what}: the native run wrote nothing: ${nativeRun.stderr}`);
  assert.deepEqual(
    result.files.map((f) => f.name).sort(),
    Object.keys(nativeRun.files).sort(),
    what,
  );
  for (const file of result.files) {
    const bytes = Buffer.from(file.text, "utf8");
    assert.ok(bytes.equals(nativeRun.files[file.name]), `${what}: ${file.name} differs from the native file`);
  }
}

const fixtureDirs = ["openapi30", "openapi31", "swagger2", "postman"];
const fixtures = fixtureDirs.flatMap((d) =>
  readdirSync(join(root, "fixtures", d)).sort().map((f) => join("fixtures", d, f)),
);

test("every fixture converts to the native files, or fails as the native run does", () => {
  assert.ok(fixtures.length >= 20, `only ${fixtures.length} fixtures found`);
  let converted = 0;
  for (const fixture of fixtures) {
    const result = cc.convert(readFileSync(join(root, fixture)));
    const nativeRun = convertNatively(join(root, fixture));
    if (nativeRun.files) {
      assertSameFiles(result, nativeRun, fixture);
      converted++;
    } else {
      assert.equal(result.ok, false, `${fixture}: native failed (${nativeRun.stderr.trim()}) but wasm converted`);
      assert.ok(nativeRun.stderr.includes(result.error.message), `${fixture}: ${result.error.message}`);
    }
  }
  assert.ok(converted >= fixtures.length - 3, `only ${converted} of ${fixtures.length} converted`);
});

test("options given as an object act as the command line's flags", () => {
  const fixture = join(root, "fixtures/openapi30/servers-relative.yaml");
  const cases = [
    [
      { host: "api.contoso.com", basePath: "/v2", title: "Contoso Pets", publisher: "Contoso", categories: ["Data", "Productivity"], brandColor: "#123456" },
      ["--host", "api.contoso.com", "--base-path", "/v2", "--title", "Contoso Pets", "--publisher", "Contoso", "--categories", "Data,Productivity", "--brand-color", "#123456"],
    ],
    [
      { host: "api.contoso.com", auth: "api-key", authHeader: "X-Api-Key", annotate: "never" },
      ["--host", "api.contoso.com", "--auth", "api-key", "--auth-header", "X-Api-Key", "--annotate", "never"],
    ],
    [
      { host: "api.contoso.com", auth: "oauth2", authorizationUrl: "https://login.contoso.com/authorize", tokenUrl: "https://login.contoso.com/token", scopes: ["read", "write"] },
      ["--host", "api.contoso.com", "--auth", "oauth2", "--authorization-url", "https://login.contoso.com/authorize", "--token-url", "https://login.contoso.com/token", "--scope", "read,write"],
    ],
  ];
  for (const [options, args] of cases) {
    assertSameFiles(cc.convert(readFileSync(fixture, "utf8"), options), convertNatively(fixture, args), JSON.stringify(options));
  }
});

test("a Postman environment and variables fill the collection as --environment and --var do", () => {
  const fixture = join(root, "fixtures/postman/tenant-host.postman_collection.json");
  const environment = JSON.stringify({
    name: "test",
    values: [{ key: "subdomain", value: "contoso", enabled: true }],
  });
  const dir = mkdtempSync(join(tmpdir(), "cc-env-"));
  try {
    const envFile = join(dir, "env.json");
    execFileSync("sh", ["-c", `cat > '${envFile}'`], { input: environment });
    const result = cc.convert(readFileSync(fixture), { environment, variables: { subdomain: "fabrikam" } });
    assertSameFiles(result, convertNatively(fixture, ["--environment", envFile, "--var", "subdomain=fabrikam"]), "variables");
    assert.equal(JSON.parse(result.files[0].text).host, "fabrikam.example.com");
    const fromEnvironment = cc.convert(readFileSync(fixture), { environment });
    assertSameFiles(fromEnvironment, convertNatively(fixture, ["--environment", envFile]), "environment");
    assert.equal(JSON.parse(fromEnvironment.files[0].text).host, "contoso.example.com");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("failures are values with the library's categories, never exceptions", () => {
  const relative = readFileSync(join(root, "fixtures/openapi30/servers-relative.yaml"));
  assert.equal(cc.convert(relative).error.category, "host-required");
  const syntax = cc.convert('{"openapi": "3.0.0",');
  assert.equal(syntax.ok, false);
  assert.equal(syntax.error.category, "syntax");
  assert.equal(typeof syntax.error.line, "number");
  assert.equal(cc.convert("{}").error.category, "format");
  assert.equal(cc.convert(relative, { hots: "x" }).error.category, "options");
  assert.equal(cc.convert(relative, { host: 42 }).error.category, "options");
  assert.match(cc.convert(relative, { host: "x.example.com", scopes: "read" }).error.message, /scopes/);
  assert.equal(cc.convert(42).error.category, "options");
  assert.equal(cc.convert(relative, { host: "x.example.com", includeTags: ["no-such-tag"] }).error.category, "selection");
  assert.equal(cc.check({ definition: "{}" }, "strict").error.category, "options");
  assert.equal(cc.check(undefined).error.category, "options");
});

test("check, diff, overlay, digest, preview and fragment work on package texts", () => {
  const fixture = readFileSync(join(root, "fixtures/openapi30/security-oauth2-code.yaml"));
  const result = cc.convert(fixture);
  assert.equal(result.ok, true);
  const text = (name) => result.files.find((f) => f.name === name).text;
  const files = {
    definition: text("apiDefinition.swagger.json"),
    properties: text("apiProperties.json"),
    settings: text("settings.json"),
  };

  const checked = cc.check(files);
  assert.equal(checked.ok, true);
  assert.equal(checked.profile, "import");
  assert.deepEqual(checked.findings, result.findings);
  assert.equal(cc.check(files, "certification").profile, "certification");

  const definition = JSON.parse(files.definition);
  const [path, item] = Object.entries(definition.paths)[0];
  const [method, operation] = Object.entries(item).find(([m]) => m !== "parameters");
  const edited = structuredClone(definition);
  edited.paths[path][method].summary = "A name of my own";
  delete edited.paths[path][method].operationId;
  const editedText = JSON.stringify(edited, null, 2);

  const changes = cc.diff(files, { definition: editedText });
  assert.equal(changes.ok, true);
  assert.ok(changes.changes.some((c) => c.impact === "breaking"), JSON.stringify(changes.changes));

  const overlay = cc.overlay(files.definition, editedText, "Mine");
  assert.equal(overlay.ok, true);
  assert.equal(overlay.overlay.info.title, "Mine");
  const reapplied = cc.convert(fixture, { overlays: [overlay.text] });
  const summary = JSON.parse(reapplied.files[0].text).paths[path][method].summary;
  assert.equal(summary, "A name of my own");

  const digest = cc.digest([...result.diagnostics, ...result.findings]);
  assert.equal(digest.ok, true);
  assert.equal(digest.text, result.digest.text);
  assert.equal(cc.digest([{ severity: "error", code: "NOPE", pointer: "", message: "x" }]).error.category, "options");

  const preview = cc.preview(files);
  assert.equal(preview.ok, true);
  assert.equal(preview.limits.operations, preview.actions.length);
  const action = preview.actions.find((a) => a.path === path && a.method === method.toUpperCase());
  assert.equal(action.name, operation.summary);
  assert.ok(preview.signIn.schemes.some((s) => s.type === "oauth2"));

  const group = result.digest.warnings[0] ?? result.digest.infos[0];
  const place = cc.fragment(fixture, group.first.pointer);
  assert.equal(place.ok, true, JSON.stringify(place));
  assert.equal(cc.fragment(fixture, "/no/such/place").error.category, "invalid");
  assert.match(cc.version(), /^\d+\.\d+\.\d+/);
});

test("the package's declarations name every function and result type", () => {
  const dts = readFileSync(join(packageDir, "connector_convert.d.ts"), "utf8");
  for (const name of ["convert", "check", "diff", "overlay", "digest", "preview", "fragment", "version"]) {
    assert.match(dts, new RegExp(`export function ${name}\\(`), name);
    assert.equal(typeof cc[name], "function", name);
  }
  for (const type of ["ConvertOptions", "ConvertResult", "ConvertError", "Diagnostic", "Digest", "CheckResult", "DiffResult", "OverlayResult", "PreviewResult"]) {
    assert.match(dts, new RegExp(`export (interface|type) ${type}\\b`), type);
  }
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  for (const file of manifest.files) assert.ok(existsSync(join(packageDir, file)), file);
});

test("the package README's Node example runs as written, installed as a dependency", () => {
  const readme = readFileSync(join(packageDir, "README.md"), "utf8");
  const example = readme.match(/```js\n([\s\S]*?)```/)?.[1];
  assert.ok(example, "the README has a js example");
  const dir = mkdtempSync(join(tmpdir(), "cc-readme-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(packageDir, join(dir, "node_modules/connector-convert"), "dir");
    writeFileSync(join(dir, "convert.mjs"), example);
    const fixture = join(root, "fixtures/openapi30/servers-relative.yaml");
    const run = spawnSync(process.execPath, ["convert.mjs", fixture, "out"], { cwd: dir, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const nativeRun = convertNatively(fixture, ["--host", "api.contoso.com", "--publisher", "Contoso"]);
    for (const [name, bytes] of Object.entries(nativeRun.files)) {
      assert.ok(readFileSync(join(dir, "out", name)).equals(bytes), `${name} differs from the native file`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const corpus = resolve(root, "../shared/corpus");
const noCorpus = existsSync(corpus) ? false : `notice: ${corpus} is absent; the corpus comparison is skipped`;
if (noCorpus) console.log(noCorpus);

test("every corpus input converts through the package to the native files", { skip: noCorpus, timeout: 600_000 }, () => {
  const inputs = ["oas30", "oas31", "swagger2", "postman"].flatMap((d) =>
    readdirSync(join(corpus, d))
      .filter((f) => /\.(json|ya?ml)$/.test(f))
      .sort()
      .map((f) => join(corpus, d, f)),
  );
  assert.ok(inputs.length >= 50, `only ${inputs.length} corpus inputs`);
  let same = 0;
  for (const input of inputs) {
    // Inputs without an absolute server URL get a host, on both sides.
    let result = cc.convert(readFileSync(input));
    let args = [];
    if (!result.ok && result.error.category === "host-required") {
      result = cc.convert(readFileSync(input), { host: "api.example.com" });
      args = ["--host", "api.example.com"];
    }
    const nativeRun = convertNatively(input, args);
    if (!nativeRun.files) {
      assert.equal(result.ok, false, `${input}: native failed (${nativeRun.stderr.trim()}) but wasm converted`);
      continue;
    }
    assertSameFiles(result, nativeRun, input);
    same++;
  }
  assert.ok(same >= inputs.length - 2, `only ${same} of ${inputs.length} compared`);
});
