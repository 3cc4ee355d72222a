//! Helpers shared by the integration tests: where things are, the JSON Schema oracles, and
//! the platform rules every produced definition must satisfy.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use connector_convert::{Conversion, Options, convert};
use serde_json::Value;

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// `../shared` beside the repository, when present.
pub fn shared() -> Option<PathBuf> {
    let p = repo().join("../shared");
    p.is_dir().then_some(p)
}

/// Prints why a test does nothing and returns true when `../shared` is absent.
pub fn skip_without_shared(what: &str) -> bool {
    if shared().is_none() {
        eprintln!("notice: ../shared is absent; skipping {what}");
        return true;
    }
    false
}

pub struct Oracles {
    swagger: jsonschema::Validator,
    connector: jsonschema::Validator,
    properties: jsonschema::Validator,
    settings: jsonschema::Validator,
}

fn load_schema(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    encode_refs(&mut v);
    v
}

/// Percent-encodes `<` and `>` in `$ref`s: some definition names carry them, and a `$ref`
/// must be a valid URI reference.
fn encode_refs(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref") {
                *r = r.replace('<', "%3C").replace('>', "%3E");
            }
            m.values_mut().for_each(encode_refs);
        }
        Value::Array(items) => items.iter_mut().for_each(encode_refs),
        _ => {}
    }
}

/// The JSON Schemas from `../shared/schemas`, compiled once.
pub fn oracles() -> Option<&'static Oracles> {
    static ORACLES: OnceLock<Option<Oracles>> = OnceLock::new();
    ORACLES
        .get_or_init(|| {
            let dir = shared()?.join("schemas");
            let compile =
                |name: &str| jsonschema::validator_for(&load_schema(&dir.join(name))).unwrap();
            Some(Oracles {
                swagger: compile("swagger-2.0.schema.json"),
                connector: compile("apiDefinition.swagger.schema.strict.json"),
                properties: compile("paconn-apiProperties.schema.strict.json"),
                settings: compile("paconn-settings.schema.json"),
            })
        })
        .as_ref()
}

fn errors(v: &jsonschema::Validator, instance: &Value, what: &str) -> Vec<String> {
    v.iter_errors(instance)
        .take(20)
        .map(|e| format!("{what} {}: {e}", e.instance_path()))
        .collect()
}

/// Schema violations of a package's three files (empty when `../shared` is absent).
pub fn schema_errors(definition: &Value, properties: &Value, settings: &Value) -> Vec<String> {
    let Some(o) = oracles() else {
        return Vec::new();
    };
    let mut out = errors(&o.swagger, definition, "swagger-2.0");
    out.extend(errors(&o.connector, definition, "apiDefinition"));
    out.extend(errors(&o.properties, properties, "apiProperties"));
    out.extend(errors(&o.settings, settings, "settings"));
    out
}

/// Violations of the strict connector definition schema alone.
pub fn definition_errors(definition: &Value) -> Vec<String> {
    oracles()
        .map(|o| errors(&o.connector, definition, "apiDefinition"))
        .unwrap_or_default()
}

/// The package files of a conversion, parsed.
pub fn parsed_files(c: &Conversion) -> (Value, Value, Value) {
    let files = c.package.files();
    let parse = |i: usize| serde_json::from_str::<Value>(&files[i].1).unwrap();
    (parse(0), parse(1), parse(2))
}

/// The platform warnings only a person can settle (docs/lowering.md, "Platform warnings"):
/// which response is the output when none is 200 or 201, and what success looks like when
/// the input describes none.
pub const HUMAN_DECISIONS: &[&str] = &[
    "SchemaDefinitionSetIncorrectly",
    "OperationShouldHaveSuccessfulResponse",
];

/// The import check's warnings on a converted package that the converter could have fixed
/// (a connector input keeps what the platform took, so it is not held to this).
pub fn avoidable_warnings(c: &Conversion) -> Vec<String> {
    if is_connector_input(c) {
        return Vec::new();
    }
    c.findings
        .iter()
        .filter(|d| d.severity == connector_convert::Severity::Warning)
        .filter(|d| !HUMAN_DECISIONS.contains(&d.code))
        .map(ToString::to_string)
        .collect()
}

/// Whether the conversion read a connector definition (passed through or repaired).
pub fn is_connector_input(c: &Conversion) -> bool {
    c.diagnostics.iter().any(|d| {
        d.code == connector_convert::PASS_THROUGH || d.code == connector_convert::CONNECTOR_REPAIRED
    })
}

/// Findings of [`platform_violations`] that the platform takes in a connector it accepted
/// (certified connectors carry them, docs/rules.md): an operation id with characters it
/// strips, a schema on `default`, a body on GET. A connector input keeps them.
pub fn taken_from_connectors(message: &str) -> bool {
    (message.contains("operationId") && message.ends_with("invalid"))
        || message.ends_with("default response has a schema")
        || message.ends_with("body on a fetch operation")
}

/// Constructs the platform rejects (reference sections 2.2–2.6), found by walking the definition.
pub fn platform_violations(def: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let host = def["host"].as_str().unwrap_or_default();
    let host_ok = !host.is_empty()
        && !host.contains(['{', '}', '/', ' ', '\\'])
        && host.split(':').count() <= 2;
    if !host_ok {
        out.push(format!("host `{host}` invalid"));
    }
    if let Some(bp) = def.get("basePath") {
        if !bp.as_str().is_some_and(|b| b.starts_with('/')) {
            out.push(format!("basePath {bp} invalid"));
        }
    }
    match def["schemes"].as_array() {
        Some(s) if !s.is_empty() && s.iter().all(|x| x == "https" || x == "http") => {}
        other => out.push(format!("schemes {other:?} invalid")),
    }
    let mut ids = std::collections::HashSet::new();
    for (path, item) in def["paths"].as_object().into_iter().flatten() {
        if path.starts_with("x-") {
            continue;
        }
        if !path.starts_with('/') {
            out.push(format!("path {path} does not start with /"));
        }
        if item.get("parameters").is_some() || item.get("$ref").is_some() {
            out.push(format!("path item {path} has shared parameters or a $ref"));
        }
        for (method, op) in item.as_object().into_iter().flatten() {
            if !["get", "put", "post", "delete", "options", "head", "patch"]
                .contains(&method.as_str())
            {
                continue;
            }
            let at = format!("{method} {path}");
            match op["operationId"].as_str() {
                Some(id)
                    if !id.is_empty()
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
                {
                    if !ids.insert(id.to_ascii_lowercase()) {
                        out.push(format!("{at}: operationId {id} not unique"));
                    }
                }
                other => out.push(format!("{at}: operationId {other:?} invalid")),
            }
            let params: Vec<Value> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| match p["$ref"].as_str() {
                    Some(r) => def.pointer(&r[1..]).cloned().unwrap_or(Value::Null),
                    None => p.clone(),
                })
                .collect();
            let bodies = params.iter().filter(|p| p["in"] == "body").count();
            let forms = params.iter().filter(|p| p["in"] == "formData").count();
            if bodies > 1 || (bodies > 0 && forms > 0) {
                out.push(format!("{at}: {bodies} body and {forms} form parameters"));
            }
            if (method == "get" || method == "head") && bodies + forms > 0 {
                out.push(format!("{at}: body on a fetch operation"));
            }
            for p in &params {
                if p.is_null() {
                    out.push(format!("{at}: dangling parameter ref"));
                }
                if p["in"] == "path" && p["required"] != true {
                    out.push(format!("{at}: path parameter {} not required", p["name"]));
                }
                if p["in"] == "cookie" {
                    out.push(format!("{at}: cookie parameter"));
                }
            }
            let mut rest = path.as_str();
            while let Some(i) = rest.find('{') {
                let end = rest[i..].find('}').map(|e| i + e).unwrap_or(rest.len());
                let name = &rest[i + 1..end];
                if !params
                    .iter()
                    .any(|p| p["in"] == "path" && p["name"] == name)
                {
                    out.push(format!("{at}: no parameter for {{{name}}}"));
                }
                rest = &rest[(end + 1).min(rest.len())..];
            }
            match op["responses"].as_object() {
                Some(r) if !r.is_empty() => {
                    if r.get("default").is_some_and(|d| d.get("schema").is_some()) {
                        out.push(format!("{at}: default response has a schema"));
                    }
                }
                _ => out.push(format!("{at}: no responses")),
            }
        }
    }
    walk(def, "", &mut out);
    out
}

const FORBIDDEN: &[&str] = &[
    "oneOf",
    "anyOf",
    "not",
    "nullable",
    "const",
    "prefixItems",
    "$defs",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "writeOnly",
];

fn walk(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let here = format!("{at}/{k}");
                let in_data = at.ends_with("/properties")
                    || at.ends_with("/definitions")
                    || at.ends_with("/paths")
                    || at.ends_with("/responses")
                    || at.ends_with("/parameters")
                    || at.ends_with("/securityDefinitions")
                    || at.ends_with("/headers")
                    || at.ends_with("/scopes");
                if k.starts_with("x-")
                    || k == "example"
                    || k == "examples"
                    || k == "default"
                    || k == "enum"
                {
                    continue;
                }
                if !in_data && FORBIDDEN.contains(&k.as_str()) {
                    out.push(format!("{here}: keyword `{k}`"));
                }
                if k == "$ref" && !at.ends_with("/scopes") && !at.ends_with("/properties") {
                    let r = child.as_str().unwrap_or_default();
                    if !(r.starts_with("#/definitions/")
                        || r.starts_with("#/parameters/")
                        || r.starts_with("#/responses/"))
                    {
                        out.push(format!("{here}: ref {r}"));
                    }
                }
                walk(child, &here, out);
            }
        }
        Value::Array(items) => {
            for (i, c) in items.iter().enumerate() {
                walk(c, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Converts and checks the invariants every successful conversion must hold: schema-valid,
/// platform-legal, deterministic and idempotent. Returns the conversion.
pub fn convert_and_check(input: &[u8], options: &Options, name: &str) -> Conversion {
    let first = convert(input, options).unwrap_or_else(|e| panic!("{name}: {e}"));
    let (def, props, settings) = parsed_files(&first);
    let schema = schema_errors(&def, &props, &settings);
    assert!(
        schema.is_empty(),
        "{name}: output fails the schemas:\n{}",
        schema.join("\n")
    );
    let mut rules = platform_violations(&def);
    if is_connector_input(&first) {
        rules.retain(|m| !taken_from_connectors(m));
    }
    assert!(
        rules.is_empty(),
        "{name}: output breaks platform rules:\n{}",
        rules.join("\n")
    );
    // The import profile of the checker finds no error (limits aside), and agrees with
    // `check` run on the written files.
    let errors = error_findings(&first.findings, true);
    assert!(
        errors.is_empty(),
        "{name}: the import check finds errors in the output:\n{}",
        errors.join("\n")
    );
    let files = first.package.files();
    let on_disk = connector_convert::check_files(
        files[0].1.as_bytes(),
        Some(files[1].1.as_bytes()),
        Some(files[2].1.as_bytes()),
        connector_convert::Profile::Import,
        &Default::default(),
    );
    assert_eq!(
        on_disk, first.findings,
        "{name}: checking the written files differs from checking the package"
    );
    let avoidable = avoidable_warnings(&first);
    assert!(
        avoidable.is_empty(),
        "{name}: platform warnings the converter could have avoided:\n{}",
        avoidable.join("\n")
    );
    let rejected = validator_findings(&on_disk);
    assert!(
        rejected.is_empty(),
        "{name}: the written files hold what validators reject:\n{}",
        rejected.join("\n")
    );
    // Deterministic: a second run gives the same bytes.
    let second = convert(input, options).unwrap();
    assert_eq!(
        first.package.files(),
        second.package.files(),
        "{name}: two runs differ"
    );
    // A regeneration is no change at all for the breaking-change diff.
    let changes = connector_convert::diff(&first.package, &second.package);
    assert!(
        changes.is_empty(),
        "{name}: a regeneration differs: {changes:?}"
    );
    // Idempotent: the produced definition, fed back in, gives the same definition.
    let again = convert(files[0].1.as_bytes(), &Options::default())
        .unwrap_or_else(|e| panic!("{name}: re-reading the output failed: {e}"));
    let again_files = again.package.files();
    if files[0].1 != again_files[0].1 {
        let first_diff = files[0]
            .1
            .lines()
            .zip(again_files[0].1.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| format!("line {}: `{a}` became `{b}`", i + 1))
            .unwrap_or_else(|| "the files differ in length".into());
        panic!("{name}: the definition changes when fed back in: {first_diff}");
    }
    if first
        .package
        .properties
        .properties
        .policy_template_instances
        .is_empty()
    {
        assert_eq!(
            files[1].1, again_files[1].1,
            "{name}: the properties change when the definition is fed back in"
        );
    }
    // Re-reading our own output finds nothing new: any warning left was reported the first time.
    let noisy: Vec<_> = again
        .diagnostics
        .iter()
        .filter(|d| d.severity <= connector_convert::Severity::Warning)
        .filter(|d| {
            !first
                .diagnostics
                .iter()
                .any(|f| f.code == d.code && f.pointer == d.pointer)
        })
        .map(ToString::to_string)
        .collect();
    assert!(
        noisy.is_empty(),
        "{name}: re-reading our own output reports problems:\n{}",
        noisy.join("\n")
    );
    first
}

/// Every JSON pointer of a value, the value's own (`at`) first.
pub fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => m.iter().for_each(|(k, c)| {
            pointers(c, format!("{at}/{}", connector_core::escape_token(k)), out)
        }),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, c)| pointers(c, format!("{at}/{i}"), out)),
        _ => {}
    }
}

/// A readable, stable rendering of a conversion for snapshots.
pub fn render(c: &Conversion) -> String {
    let mut s = String::new();
    for (name, contents) in c.package.files() {
        s.push_str(&format!("===== {name}\n{contents}"));
    }
    s.push_str("===== diagnostics\n");
    for d in &c.diagnostics {
        s.push_str(&format!("{d}\n"));
    }
    s.push_str("===== check (import)\n");
    for d in &c.findings {
        s.push_str(&format!("{d}\n"));
    }
    s
}

/// The errors among checker findings, as text; with `limits_aside`, the size and count limits
/// (`LIMIT_RULES`) are not counted.
#[allow(dead_code)]
pub fn error_findings(
    findings: &[connector_convert::Diagnostic],
    limits_aside: bool,
) -> Vec<String> {
    findings
        .iter()
        .filter(|d| d.severity == connector_convert::Severity::Error)
        .filter(|d| !(limits_aside && LIMIT_RULES.contains(&d.code)))
        .map(ToString::to_string)
        .collect()
}

/// What every Swagger 2.0 validator rejects and the converter must never write, whatever the
/// severity the platform gives it: findings of these rules on the written files.
pub fn validator_findings(findings: &[connector_convert::Diagnostic]) -> Vec<String> {
    const NEVER: &[&str] = &[
        "ReferenceNotResolved",
        "SchemaKeywordNotAllowed",
        "SchemaTypeListNotAllowed",
        "EnumValuesNotUnique",
        "RequiredPropertyDefinitionMissing",
        "OperationPathTemplateNotValid",
    ];
    findings
        .iter()
        .filter(|d| NEVER.contains(&d.code))
        .map(ToString::to_string)
        .collect()
}

/// Checker rules a converted package may still break: the size and operation-count limits,
/// which only leaving operations out (or splitting the connector) can meet.
pub const LIMIT_RULES: &[&str] = &[
    "DefinitionSizeExceedsMaxAllowed",
    "TotalOperationsCountExceedsMaxAllowed",
];

/// Pointer-based mutations of the package in `fixtures/check/base/`, shared by the checker and
/// diff case tables (`fixtures/check/cases.yaml`, `fixtures/diff/cases.yaml`).
#[allow(dead_code)]
pub mod mutate {
    use super::repo;
    use connector_core::{Limits, load_document};
    use serde_json::Value;

    pub struct Package {
        pub definition: Value,
        pub properties: Value,
        pub settings: Value,
    }

    pub fn load(path: &str) -> Value {
        let bytes = std::fs::read(repo().join(path)).unwrap();
        load_document(&bytes, &Limits::default()).unwrap().0
    }

    pub fn base() -> Package {
        Package {
            definition: load("fixtures/check/base/apiDefinition.swagger.json"),
            properties: load("fixtures/check/base/apiProperties.json"),
            settings: load("fixtures/check/base/settings.json"),
        }
    }

    /// The file a case pointer names and the pointer inside it.
    pub fn split(pointer: &str) -> (&'static str, &str) {
        if let Some(p) = pointer.strip_prefix("properties#") {
            ("apiProperties.json", p)
        } else if let Some(p) = pointer.strip_prefix("settings#") {
            ("settings.json", p)
        } else {
            ("apiDefinition.swagger.json", pointer)
        }
    }

    fn file<'a>(pkg: &'a mut Package, name: &str) -> &'a mut Value {
        match name {
            "apiProperties.json" => &mut pkg.properties,
            "settings.json" => &mut pkg.settings,
            _ => &mut pkg.definition,
        }
    }

    fn unescape(t: &str) -> String {
        t.replace("~1", "/").replace("~0", "~")
    }

    /// The parent of a pointer and its last token.
    fn parent<'a>(root: &'a mut Value, pointer: &str) -> (&'a mut Value, String) {
        let (head, last) = pointer.rsplit_once('/').unwrap();
        let parent = root
            .pointer_mut(head)
            .unwrap_or_else(|| panic!("no parent at `{head}`"));
        (parent, unescape(last))
    }

    pub fn set(pkg: &mut Package, pointer: &str, value: Value) {
        let (name, p) = split(pointer);
        let (parent, last) = parent(file(pkg, name), p);
        match parent {
            Value::Object(m) => {
                m.insert(last, value);
            }
            Value::Array(a) if last == "-" => a.push(value),
            Value::Array(a) => a[last.parse::<usize>().unwrap()] = value,
            other => panic!("cannot set `{pointer}` under {other}"),
        }
    }

    pub fn remove(pkg: &mut Package, pointer: &str) {
        let (name, p) = split(pointer);
        let (parent, last) = parent(file(pkg, name), p);
        let removed = match parent {
            Value::Object(m) => m.shift_remove(&last).is_some(),
            Value::Array(a) => {
                a.remove(last.parse::<usize>().unwrap());
                true
            }
            _ => false,
        };
        assert!(removed, "nothing to remove at `{pointer}`");
    }

    /// Applies a case's `set` and `remove` entries.
    pub fn apply(pkg: &mut Package, case: &Value) {
        if let Some(map) = case.get("set").and_then(Value::as_object) {
            for (p, v) in map {
                set(pkg, p, v.clone());
            }
        }
        for p in case
            .get("remove")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            remove(pkg, p.as_str().unwrap());
        }
    }
}
