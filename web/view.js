// Rendering: the connector as a maker meets it, and the diagnostics digest. Text from files is
// only ever set as text (el() never parses markup).

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  node.append(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

const SEVERITIES = ["error", "warning", "info"];

/** Title, host, the counts against the platform's limits, and the digest's totals. */
export function renderSummary(box, preview, format, all) {
  const { limits } = preview;
  const count = (s) => all.filter((d) => d.severity === s).length;
  const meter = (label, value, max, shown) =>
    el("div", { class: value > max ? "limit over" : "limit" },
      el("span", {}, label),
      el("meter", { min: 0, max, value: Math.min(value, max), title: `${value} of ${max}` }),
      el("span", { class: "figure" }, shown, value > max ? " — over the platform's limit: leave operations out (Include tags, Exclude tags, Include operations), or split the connector with the command line's --split-by-tag" : ""));
  box.replaceChildren(
    el("h2", { id: "connector-title" }, preview.title || "(untitled)"),
    el("p", {}, `${format} input · backend host `, el("code", {}, preview.host)),
    meter("Operations", limits.operations, limits.maxOperations, `${limits.operations} of at most ${limits.maxOperations}`),
    meter("Definition size", limits.definitionBytes, limits.maxDefinitionBytes,
      `${kb(limits.definitionBytes)} of less than ${kb(limits.maxDefinitionBytes)}`),
    el("p", { class: count("error") ? "verdict bad" : "verdict good", id: "verdict" },
      count("error")
        ? `${many(count("error"), "error")}: the platform would reject this package as it is (see the diagnostics).`
        : "The platform's import rules find no error in this package.",
      ` ${many(count("warning"), "warning")}, ${many(count("info"), "info")}.`),
  );
}

/** What a new connection asks for. */
export function renderSignIn(box, signIn) {
  const parts = [];
  if (signIn.schemes.length === 0 && signIn.parameters.length === 0 && signIn.sets.length === 0) {
    parts.push(el("p", {}, "No sign-in: a connection asks for nothing and requests carry no credential."));
  }
  for (const s of signIn.schemes) {
    parts.push(el("p", { class: "scheme" }, el("strong", {}, s.name), ` — ${schemeText(s)}`));
  }
  const parameterList = (parameters) =>
    el("ul", {}, parameters.map((p) =>
      el("li", {}, el("strong", {}, p.label), ` (${p.type}${p.identityProvider ? `, ${p.identityProvider}` : ""})`,
        p.description ? ` — ${p.description}` : "")));
  if (signIn.parameters.length) parts.push(el("p", {}, "The connection dialog asks for:"), parameterList(signIn.parameters));
  for (const set of signIn.sets) {
    parts.push(el("p", {}, "Or, as ", el("strong", {}, set.label || set.name), ":"), parameterList(set.parameters));
  }
  box.replaceChildren(...parts);
}

function schemeText(s) {
  switch (s.type) {
    case "apiKey": return `API key in ${s.key}`;
    case "basic": return "user name and password (Basic)";
    case "oauth2": return `OAuth 2.0${s.scopes?.length ? `, scopes ${s.scopes.join(", ")}` : ""}`;
    default: return s.type;
  }
}

/** The actions as the designer lists them; each opens to its card's fields. */
export function renderActions(list, actions) {
  list.replaceChildren(...actions.map((a) =>
    el("li", { class: `action visibility-${a.visibility}` },
      el("details", {},
        el("summary", {},
          el("span", { class: "action-name" }, a.name || a.operationId),
          a.trigger ? el("span", { class: "badge" }, "trigger") : null,
          a.deprecated ? el("span", { class: "badge" }, "deprecated") : null,
          a.visibility !== "none" ? el("span", { class: "badge" }, a.visibility) : null,
          el("code", { class: "route" }, `${a.method} ${a.path}`)),
        el("p", { class: "description" }, a.description || "(no description)"),
        el("p", { class: "operation-id" }, "Operation id ", el("code", {}, a.operationId)),
        a.inputs.length ? inputsTable(a.inputs) : el("p", {}, "No inputs.")))));
}

function inputsTable(inputs) {
  return el("table", { class: "inputs" },
    el("thead", {}, el("tr", {}, ["Label", "Name", "In", "Type", "Required", "Visibility", "Description"].map((h) => el("th", {}, h)))),
    el("tbody", {}, inputs.map((i) =>
      el("tr", { class: i.visibility === "internal" ? "internal" : null },
        el("td", {}, i.label), el("td", {}, el("code", {}, i.name)), el("td", {}, i.in), el("td", {}, i.type),
        el("td", {}, i.required ? "required" : ""), el("td", {}, i.visibility), el("td", {}, i.description)))));
}

/**
 * The digest: errors one by one, warnings and infos grouped by code; filters by severity and
 * code; every place is a link that shows the node it names (`show(diagnostic)`).
 */
export function renderDigest(box, digest, all, show) {
  const codes = [...new Set(all.map((d) => d.code))].sort();
  const filters = el("div", { class: "filters" },
    SEVERITIES.map((s) => el("label", {}, el("input", { type: "checkbox", checked: true, value: s, class: "severity-filter" }), ` ${s}s`)),
    el("label", {}, " Code ", el("select", { class: "code-filter" }, el("option", { value: "" }, "all codes"), codes.map((c) => el("option", { value: c }, c)))));
  const list = el("ul", { class: "digest" });
  const rows = [
    ...digest.errors.map((d) => ({ severity: "error", code: d.code, node: diagnosticItem(d, show) })),
    ...digest.warnings.map((g) => ({ severity: "warning", code: g.code, node: groupItem("warning", g, all, show) })),
    ...digest.infos.map((g) => ({ severity: "info", code: g.code, node: groupItem("info", g, all, show) })),
  ];
  list.append(...rows.map((r) => r.node));
  const apply = () => {
    const severities = [...filters.querySelectorAll(".severity-filter:checked")].map((c) => c.value);
    const code = filters.querySelector(".code-filter").value;
    for (const r of rows) r.node.hidden = !severities.includes(r.severity) || (code && r.code !== code);
  };
  filters.addEventListener("change", apply);
  box.replaceChildren(rows.length ? filters : el("p", {}, "Nothing to report."), list);
}

function diagnosticItem(d, show) {
  return el("li", { class: `diagnostic ${d.severity}`, "data-code": d.code },
    el("span", { class: "severity" }, d.severity), " ", el("code", {}, d.code), " ", placeLink(d, show), " ", d.message,
    d.help ? el("span", { class: "help" }, ` Help: ${d.help}`) : null);
}

function groupItem(severity, group, all, show) {
  const members = all.filter((d) => d.code === group.code && d.severity === severity);
  const first = group.first;
  return el("li", { class: `group ${severity}`, "data-code": group.code },
    el("span", { class: "severity" }, severity), " ", el("code", {}, group.code), ` ×${group.count} `,
    first.message, first.help ? el("span", { class: "help" }, ` Help: ${first.help}`) : null,
    placesList(members, group.count, show));
}

/** The places of a group, listed when opened (a large specification has thousands). */
function placesList(members, count, show) {
  const details = el("details", {}, el("summary", {}, count === 1 ? "The place" : `All ${count} places`));
  details.addEventListener("toggle", () => {
    if (!details.open || details.querySelector("ul")) return;
    details.append(el("ul", {}, members.map((d) => el("li", {}, placeLink(d, show), count > 1 ? ` ${d.message}` : ""))));
  });
  return details;
}

function placeLink(d, show) {
  const text = `${d.file ? `${d.file}#` : ""}${d.pointer || "/"}`;
  return el("a", { href: "#", class: "place", onclick: (e) => { e.preventDefault(); show(d); } }, text);
}

/** `1 error`, `2 errors`. */
export function many(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function kb(n) {
  return `${(n / 1024).toFixed(0)} KB`;
}
