// The page: reads the user's files, calls the WebAssembly converter, and shows the result as
// a maker meets it. Every text from a file goes into the page as text, never as markup.

import { el, many, renderDigest, renderActions, renderSignIn, renderSummary } from "./view.js";
import { writeZip, readZip } from "./zip.js";

const $ = (id) => document.getElementById(id);
const PACKAGE_FILES = ["apiDefinition.swagger.json", "apiProperties.json", "settings.json"];
const LISTS = ["includeTags", "excludeTags", "includeOperations", "scopes", "categories"];

/**
 * The converter runs in a worker (worker.js), so the page stays responsive while a large
 * description converts: each operation here returns a promise of its result.
 */
const OPS = ["convert", "check", "diff", "overlay", "digest", "preview", "fragment", "version"];
const pending = new Map();
let worker = null;
let nextId = 0;
const cc = Object.fromEntries(
  OPS.map((op) => [
    op,
    (...args) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, op, args });
      }),
  ]),
);

function startWorker() {
  worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  worker.onmessage = ({ data }) => {
    const call = pending.get(data.id);
    pending.delete(data.id);
    if (data.failure === undefined) call?.resolve(data.result);
    else call?.reject(new Error(data.failure));
  };
}

const state = {
  input: null, // the File picked or dropped; read when Convert is pressed
  converted: null, // {files, bytes, title}
  package: null, // {definition, properties, settings} texts
  reading: null, // the reading of a dropped or picked package, while it lasts
};

start();

async function start() {
  wireTabs();
  wireConvert();
  wireCheck();
  $("place-close").addEventListener("click", () => ($("place").hidden = true));
  try {
    startWorker();
    const version = await cc.version();
    $("status").textContent = `Ready: connector-convert ${version}, running in this tab.`;
    $("convert-button").disabled = false;
    $("check-button").disabled = false;
    document.body.dataset.ready = "true";
  } catch (e) {
    $("status").textContent = `The converter could not start: ${e}. Serve this folder over http(s); a file:// page cannot load WebAssembly modules.`;
    $("status").classList.add("error");
  }
}

function wireTabs() {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    tab.addEventListener("click", () => {
      for (const t of document.querySelectorAll("[role=tab]")) {
        const on = t === tab;
        t.setAttribute("aria-selected", String(on));
        $(t.getAttribute("aria-controls")).hidden = !on;
      }
    });
  }
}

// --- Convert ---------------------------------------------------------------------------------

function wireConvert() {
  const takeInput = (file) => {
    state.input = file;
    $("input-text").value = "";
    $("input-name").textContent = `${file.name} (${kilobytes(file.size)})`;
  };
  $("input-file").addEventListener("change", (e) => e.target.files[0] && takeInput(e.target.files[0]));
  onDrop($("drop-input"), (items) => {
    const file = items.files[0];
    if (file) takeInput(file);
  });
  $("input-text").addEventListener("input", () => {
    state.input = null;
    $("input-name").textContent = "Pasted text.";
  });
  const form = $("convert-form");
  form.elements.auth.addEventListener("change", showAuthFields);
  showAuthFields();
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    convertNow();
  });
  $("download").addEventListener("click", download);
}

function showAuthFields() {
  const kind = $("convert-form").elements.auth.value;
  for (const label of document.querySelectorAll("[data-auth]")) label.hidden = label.dataset.auth !== kind;
}

/** The form as the converter's options: empty fields are left out; lists are split on commas. */
async function formOptions() {
  const form = $("convert-form");
  const options = {};
  const auth = form.elements.auth.value;
  for (const field of form.querySelectorAll(".options [name]")) {
    const owner = field.closest("[data-auth]");
    if (owner && owner.dataset.auth !== auth) continue;
    const value = field.value.trim();
    if (!value) continue;
    options[field.name] = LISTS.includes(field.name)
      ? value.split(/[,;]/).map((v) => v.trim()).filter(Boolean)
      : value;
  }
  const environment = $("environment-file").files[0];
  if (environment) options.environment = await environment.text();
  return options;
}

async function convertNow() {
  const bytes = state.input
    ? new Uint8Array(await state.input.arrayBuffer())
    : new TextEncoder().encode($("input-text").value);
  $("convert-error").hidden = true;
  $("result").hidden = true;
  if (bytes.length === 0) {
    showError($("convert-error"), { category: "input", message: "Drop, pick or paste an API description first.", diagnostics: [] });
    return;
  }
  const options = await formOptions();
  const result = await busy("Converting…", () => cc.convert(bytes, options));
  if (!result.ok) {
    showError($("convert-error"), result.error, bytes);
    return;
  }
  const texts = Object.fromEntries(result.files.map((f) => [f.name, f.text]));
  const files = {
    definition: texts["apiDefinition.swagger.json"],
    properties: texts["apiProperties.json"],
    settings: texts["settings.json"],
  };
  const preview = await cc.preview(files);
  if (!preview.ok) {
    showError($("convert-error"), preview.error);
    return;
  }
  state.converted = { files: result.files, bytes, title: preview.title };
  const all = [...result.diagnostics, ...result.findings];
  renderSummary($("summary"), preview, result.format, all);
  renderSignIn($("sign-in"), preview.signIn);
  $("action-count").textContent = `(${preview.actions.length})`;
  renderActions($("actions"), preview.actions);
  renderDigest($("diagnostics"), result.digest, all, (d) => showPlace(d, bytes, texts));
  $("result").hidden = false;
  $("result").scrollIntoView({ block: "start" });
  document.body.dataset.converted = "true";
}

function download() {
  if (!state.converted) return;
  const blob = writeZip(state.converted.files);
  const a = el("a", { href: URL.createObjectURL(blob), download: `${slug(state.converted.title)}.zip` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// --- Check -----------------------------------------------------------------------------------

function wireCheck() {
  const take = async (files) => {
    try {
      state.package = await packageTexts(files);
      const names = Object.entries(state.package).filter(([, v]) => v).map(([k]) => k);
      $("package-name").textContent = `Found: ${names.join(", ")}.`;
      $("check-error").hidden = true;
    } catch (e) {
      state.package = null;
      $("package-name").textContent = "No package yet.";
      showError($("check-error"), { category: "input", message: e.message, diagnostics: [] });
    }
  };
  // Check waits for a package still being read.
  const reading = (files) => (state.reading = take(files));
  $("package-files").addEventListener("change", (e) => reading([...e.target.files]));
  $("package-folder").addEventListener("change", (e) => reading([...e.target.files]));
  onDrop($("drop-package"), (items) => reading(items.files));
  $("check-form").addEventListener("submit", (e) => {
    e.preventDefault();
    checkNow();
  });
}

/** The package's three texts from dropped files: a zip, or the files themselves (any folder). */
async function packageTexts(files) {
  let entries = [];
  for (const file of files) {
    if (file.name.toLowerCase().endsWith(".zip")) {
      for (const z of await readZip(await file.arrayBuffer())) entries.push({ name: z.name, text: new TextDecoder().decode(z.bytes) });
    } else {
      entries.push({ name: file.webkitRelativePath || file.name, file });
    }
  }
  const find = async (wanted) => {
    const entry = entries.find((e) => e.name.split("/").pop() === wanted);
    if (!entry) return undefined;
    return entry.text ?? (await entry.file.text());
  };
  const [definition, properties, settings] = await Promise.all(PACKAGE_FILES.map(find));
  if (!definition) throw new Error("No apiDefinition.swagger.json among the dropped files.");
  return { definition, properties, settings };
}

async function checkNow() {
  await state.reading;
  if (!state.package) {
    showError($("check-error"), { category: "input", message: "Drop or pick a connector package first.", diagnostics: [] });
    return;
  }
  const profile = $("profile").value;
  const result = await busy("Checking…", () => cc.check(state.package, profile));
  if (!result.ok) {
    showError($("check-error"), result.error);
    return;
  }
  const count = (s) => result.findings.filter((f) => f.severity === s).length;
  const summary = $("check-summary");
  summary.replaceChildren(
    el("p", { class: count("error") ? "verdict bad" : "verdict good" },
      count("error")
        ? `The ${profile} profile finds ${many(count("error"), "error")} and ${many(count("warning"), "warning")}.`
        : `No errors under the ${profile} profile (${many(count("warning"), "warning")}).`),
  );
  const texts = {
    "apiDefinition.swagger.json": state.package.definition,
    "apiProperties.json": state.package.properties,
    "settings.json": state.package.settings,
  };
  renderDigest($("findings"), result.digest, result.findings, (d) => showPlace(d, null, texts));
  $("check-result").hidden = false;
}

// --- Shared ----------------------------------------------------------------------------------

/** Shows the node a diagnostic points at: in the package file it names, else in the input. */
async function showPlace(d, inputBytes, texts) {
  const document_ = d.file ? texts[d.file] : inputBytes;
  $("place-pointer").textContent = d.pointer || "/";
  $("place-file").textContent = d.file ?? "in the input";
  if (!document_) {
    $("place-text").textContent = "That file is not in the package.";
  } else {
    const at = await cc.fragment(document_, d.pointer);
    $("place-text").textContent = at.ok ? clip(at.text) : at.error.message;
  }
  $("place").hidden = false;
  $("place").scrollIntoView({ block: "nearest" });
}

async function showError(box, error, bytes) {
  const where = error.line ? ` (line ${error.line}, column ${error.column})` : "";
  box.replaceChildren(el("p", {}, el("strong", {}, `${error.category}: `), `${error.message}${where}`));
  if (error.diagnostics?.length) {
    const digest = await cc.digest(error.diagnostics);
    if (digest.ok) {
      const holder = el("div");
      renderDigest(holder, digest, error.diagnostics, (d) => showPlace(d, bytes, {}));
      box.append(holder);
    }
  }
  box.hidden = false;
}

function onDrop(zone, take) {
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", async (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    take({ files: await droppedFiles(e.dataTransfer) });
  });
}

/** Files dropped, with the files inside dropped folders. */
async function droppedFiles(transfer) {
  const entries = [...transfer.items].map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
  if (entries.length === 0) return [...transfer.files];
  const out = [];
  const walk = async (entry) => {
    if (entry.isFile) {
      out.push(await new Promise((ok, fail) => entry.file(ok, fail)));
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child);
      }
    }
  };
  for (const entry of entries) await walk(entry);
  return out;
}

/** Runs `work` with the buttons off and `what` in the status line. */
async function busy(what, work) {
  const status = $("status");
  const before = status.textContent;
  status.textContent = what;
  $("convert-button").disabled = true;
  $("check-button").disabled = true;
  try {
    return await work();
  } finally {
    status.textContent = before;
    $("convert-button").disabled = false;
    $("check-button").disabled = false;
  }
}

function kilobytes(n) {
  return `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KB`;
}

function slug(title) {
  return (title || "connector").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "connector";
}

function clip(text) {
  const MAX = 20_000;
  return text.length > MAX ? `${text.slice(0, MAX)}\n… (${text.length - MAX} more characters)` : text;
}
