// The page in a real browser: headless Chromium loads it from a local static server, converts
// a fixture, reads the action list and the digest in the DOM, downloads the zip, and compares
// its files with the native command line's. Every request must stay on the page's origin.
//
// Run after `scripts/build-wasm` and `npm ci` in web/:  node --test web/tests/
// CHROMIUM names the browser (default /usr/bin/chromium); without one the test is skipped
// with a notice. The screenshot goes to target/web-test/.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readZip } from "../zip.js";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(web, "..");
const shots = join(root, "target/web-test");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FIXTURE = "fixtures/openapi30/credential-without-scheme.yaml";
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json", ".ts": "text/plain" };

/** Serves web/ on a free loopback port; records every path asked for. */
async function serve() {
  const asked = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    asked.push(path);
    const file = normalize(join(web, path === "/" ? "index.html" : path));
    if (!file.startsWith(web) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { server, asked, origin: `http://127.0.0.1:${server.address().port}` };
}

function nativeBinary() {
  const found = [process.env.CONNECTOR_CONVERT_BIN, join(root, "target/release/connector-convert"), join(root, "target/debug/connector-convert")]
    .filter(Boolean)
    .find((p) => existsSync(p));
  assert.ok(found, "no native connector-convert binary: build it first (cargo build)");
  return found;
}

/** The native conversion's files and every diagnostic it reports. */
function convertNatively(input, args = []) {
  const out = mkdtempSync(join(tmpdir(), "cc-web-native-"));
  try {
    const report = join(out, "report.json");
    const run = spawnSync(nativeBinary(), ["convert", input, "--out", join(out, "pkg"), "-q", "--report", report, ...args], { encoding: "utf8" });
    assert.ok(existsSync(join(out, "pkg")), `native conversion failed: ${run.stderr}`);
    const files = Object.fromEntries(readdirSync(join(out, "pkg")).map((n) => [n, readFileSync(join(out, "pkg", n))]));
    return { files, diagnostics: JSON.parse(readFileSync(report, "utf8")) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function launch() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

const skip = existsSync(chromiumPath) ? false : `notice: no Chromium at ${chromiumPath} (set CHROMIUM); the browser test is skipped`;
if (skip) console.log(skip);

test("a fixture converts in the page, shows its actions and digest, and downloads the native package", { skip, timeout: 120_000 }, async () => {
  const { server, asked, origin } = await serve();
  const browser = await launch();
  const requests = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 }, acceptDownloads: true });
    page.on("request", (r) => requests.push(r.url()));
    const consoleErrors = [];
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    page.on("pageerror", (e) => consoleErrors.push(String(e)));

    await page.goto(`${origin}/index.html`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    assert.match(await page.textContent("#privacy"), /no network request other than loading its own files/);

    await page.setInputFiles("#input-file", join(root, FIXTURE));
    await page.fill("input[name=publisher]", "Contoso");
    await page.fill("input[name=categories]", "Data; Productivity");
    await page.click("#convert-button");
    await page.waitForSelector("body[data-converted=true]");

    const native = convertNatively(join(root, FIXTURE), ["--publisher", "Contoso", "--categories", "Data;Productivity"]);
    const definition = JSON.parse(native.files["apiDefinition.swagger.json"].toString("utf8"));

    // The action list is the definition's operations, by name, in order.
    const operations = Object.values(definition.paths).flatMap((item) =>
      ["get", "put", "post", "delete", "options", "head", "patch"].filter((m) => item[m]).map((m) => ({ ...item[m], shared: item.parameters ?? [] })));
    const shown = await page.$$eval("#actions .action-name", (nodes) => nodes.map((n) => n.textContent));
    assert.deepEqual(shown, operations.map((o) => o.summary));

    // An action opens to its card's fields, labelled as the definition labels them.
    const index = operations.findIndex((o) => (o.parameters ?? []).some((p) => p.in !== "body"));
    assert.ok(index >= 0, "the fixture has an action with parameters");
    const action = `#actions > li:nth-child(${index + 1})`;
    await page.click(`${action} summary`);
    const labels = await page.$$eval(`${action} table.inputs tbody td:first-child`, (tds) => tds.map((t) => t.textContent));
    const resolve = (p) => (p.$ref ? definition.parameters[p.$ref.split("/").pop()] : p);
    for (const p of [...operations[index].parameters, ...operations[index].shared].map(resolve).filter((p) => p.in !== "body")) {
      assert.ok(labels.includes(p["x-ms-summary"] ?? p.name), `${p.name} is shown as ${p["x-ms-summary"]}: ${labels}`);
    }
    assert.match(await page.textContent("#sign-in"), /API key in header/);
    assert.match(await page.textContent("#summary"), new RegExp(`${operations.length} of at most 256`));

    // The digest names every code the native run reports, each severity once per code.
    const nativeCodes = [...new Set(native.diagnostics.map((d) => `${d.severity}:${d.code}`))].sort();
    const digestCodes = await page.$$eval("#diagnostics .digest > li", (items) =>
      items.map((li) => `${li.querySelector(".severity").textContent}:${li.dataset.code}`));
    assert.deepEqual([...new Set(digestCodes)].sort(), nativeCodes);

    // Filters hide what they leave out; a place opens the node it names.
    await page.uncheck("#diagnostics .severity-filter[value=info]");
    const visibleInfos = await page.$$eval("#diagnostics .digest > li.info", (items) => items.filter((i) => !i.hidden).length);
    assert.equal(visibleInfos, 0);
    await page.check("#diagnostics .severity-filter[value=info]");
    await page.click("#diagnostics .digest > li details summary");
    await page.click("#diagnostics .digest > li details a.place");
    await page.waitForSelector("#place:not([hidden])");
    assert.ok((await page.textContent("#place-text")).trim().length > 0);
    await page.click("#place-close");

    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, "page-after-conversion.png"), fullPage: true });

    // The download holds the native files, byte for byte.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    const zipPath = join(shots, "package.zip");
    await download.saveAs(zipPath);
    const zipped = await readZip(readFileSync(zipPath).buffer.slice(0));
    assert.deepEqual(zipped.map((f) => f.name).sort(), Object.keys(native.files).sort());
    for (const f of zipped) assert.ok(Buffer.from(f.bytes).equals(native.files[f.name]), `${f.name} differs from the native file`);

    // The check tab takes the zip back and finds no error, as the native check does.
    await page.click("#tab-check");
    await page.setInputFiles("#package-files", zipPath);
    await page.waitForFunction(() => document.getElementById("package-name").textContent.startsWith("Found"));
    await page.selectOption("#profile", "import");
    await page.click("#check-button");
    await page.waitForSelector("#check-result:not([hidden])");
    assert.match(await page.textContent("#check-summary"), /No errors under the import profile/);

    assert.deepEqual(consoleErrors, []);
  } finally {
    await browser.close();
    server.close();
  }
  const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith(`blob:${origin}/`) && !u.startsWith("data:"));
  assert.deepEqual(foreign, [], "every request stays on the page's origin");
  assert.ok(asked.includes("/pkg/connector_convert_bg.wasm"), "the module came from the page's own server");
  // The listener sees the converter worker's requests too, so none of those left either.
  assert.ok(requests.some((u) => u.endsWith("/pkg/connector_convert_bg.wasm")), requests.join("\n"));
});

test("a file that is not an API description shows the error, not a result", { skip, timeout: 60_000 }, async () => {
  const { server, origin } = await serve();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/index.html`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    await page.fill("#input-text", '{"openapi": "3.0.3", "info": ');
    await page.click("#convert-button");
    await page.waitForSelector("#convert-error:not([hidden])");
    assert.match(await page.textContent("#convert-error"), /^syntax: .*line 1/);
    assert.equal(await page.isHidden("#result"), true);
  } finally {
    await browser.close();
    server.close();
  }
});

test("a dropped file converts, and a package folder is checked with the certification profile", { skip, timeout: 120_000 }, async () => {
  const { server, origin } = await serve();
  const browser = await launch();
  const dir = mkdtempSync(join(tmpdir(), "cc-web-folder-"));
  try {
    // A package with defects only certification reports, as a folder.
    const base = join(root, "fixtures/check/base");
    const pkg = join(dir, "my-connector");
    mkdirSync(pkg);
    for (const name of readdirSync(base)) writeFileSync(join(pkg, name), readFileSync(join(base, name)));
    const props = JSON.parse(readFileSync(join(pkg, "apiProperties.json"), "utf8"));
    props.properties.iconBrandColor = "#007ee5";
    writeFileSync(join(pkg, "apiProperties.json"), JSON.stringify(props, null, 2));
    const nativeCheck = spawnSync(nativeBinary(), ["check", pkg, "--profile", "certification", "--format", "json"], { encoding: "utf8" });
    const nativeFindings = JSON.parse(nativeCheck.stdout);
    assert.ok(nativeFindings.some((f) => f.severity === "error"), "the planted defect is an error under certification");

    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${origin}/index.html`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });

    // Drop: a file dropped on the zone is the input.
    const fixture = readFileSync(join(root, "fixtures/openapi30/request-bodies.yaml"), "utf8");
    await page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], "request-bodies.yaml", { type: "application/yaml" }));
      document.getElementById("drop-input").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, fixture);
    await page.waitForFunction(() => document.getElementById("input-name").textContent.startsWith("request-bodies.yaml"));
    await page.click("#convert-button");
    await page.waitForSelector("body[data-converted=true]");
    assert.ok((await page.$$eval("#actions .action", (a) => a.length)) > 1);

    // A Postman collection with an environment file: its variables fill the host.
    const environment = join(dir, "tenant.postman_environment.json");
    writeFileSync(environment, JSON.stringify({ name: "t", values: [{ key: "subdomain", value: "contoso", enabled: true }] }));
    await page.setInputFiles("#input-file", join(root, "fixtures/postman/tenant-host.postman_collection.json"));
    await page.setInputFiles("#environment-file", environment);
    await page.click("#convert-button");
    await page.waitForFunction(() => document.querySelector("#summary code")?.textContent === "contoso.example.com");

    // Check: the folder, under certification; the digest holds the native check's codes.
    await page.click("#tab-check");
    await page.setInputFiles("#package-folder", pkg);
    await page.waitForFunction(() => document.getElementById("package-name").textContent.startsWith("Found"));
    await page.selectOption("#profile", "certification");
    await page.click("#check-button");
    await page.waitForSelector("#check-result:not([hidden])");
    assert.match(await page.textContent("#check-summary"), /certification profile finds \d+ errors?\b/);
    const shown = await page.$$eval("#findings .digest > li", (items) => items.map((li) => li.dataset.code));
    assert.deepEqual([...new Set(shown)].sort(), [...new Set(nativeFindings.map((f) => f.code))].sort());
    await page.screenshot({ path: join(shots, "check-certification.png"), fullPage: true });
  } finally {
    await browser.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const REAL_SPEC = resolve(root, "../shared/corpus/oas30/spotify-web-api.yml");
const noSpec = existsSync(REAL_SPEC) ? false : `notice: ${REAL_SPEC} is absent; the real-spec browser test is skipped`;
if (noSpec) console.log(noSpec);

test("a real specification converts in the page into a package the checker takes", { skip: skip || noSpec, timeout: 180_000 }, async () => {
  const { server, origin } = await serve();
  const browser = await launch();
  const requests = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`${origin}/index.html`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    await page.setInputFiles("#input-file", REAL_SPEC);
    await page.click("#convert-button");
    await page.waitForSelector("body[data-converted=true]", { timeout: 60_000 });
    const native = convertNatively(REAL_SPEC);
    const count = await page.$$eval("#actions .action", (items) => items.length);
    const definition = JSON.parse(native.files["apiDefinition.swagger.json"].toString("utf8"));
    const operations = Object.values(definition.paths).flatMap((item) => Object.keys(item).filter((k) => k !== "parameters"));
    assert.equal(count, operations.length);
    assert.match(await page.textContent("#verdict"), /find no error/);
    await page.click("#actions > li:nth-child(2) summary");
    await page.screenshot({ path: join(shots, "real-spec-after-conversion.png") });

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    const out = mkdtempSync(join(tmpdir(), "cc-web-real-"));
    try {
      const zipPath = join(out, "package.zip");
      await download.saveAs(zipPath);
      const pkg = join(out, "pkg");
      mkdirSync(pkg);
      for (const f of await readZip(readFileSync(zipPath).buffer.slice(0))) {
        assert.ok(Buffer.from(f.bytes).equals(native.files[f.name]), `${f.name} differs from the native file`);
        writeFileSync(join(pkg, f.name), f.bytes);
      }
      const check = spawnSync(nativeBinary(), ["check", pkg], { encoding: "utf8" });
      assert.equal(check.status, 0, `the downloaded package does not import: ${check.stdout}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  } finally {
    await browser.close();
    server.close();
  }
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith(`blob:${origin}/`) && !u.startsWith("data:")), []);
});
