//! The real-world corpus in ../shared/corpus: every OpenAPI 3.0/3.1, Swagger 2.0 and Postman file
//! converts (or fails with the error a user would expect), and every output is schema-valid,
//! platform-legal, deterministic and idempotent. Certified connectors go through with their
//! operations and extensions intact. Skipped with a notice when ../shared is absent.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
#[path = "common/maker.rs"]
mod maker;

use std::collections::BTreeMap;
use std::path::Path;

use connector_convert::{Category, Conversion, Options, convert};
use serde_json::Value;

/// Inputs larger than this get a summary snapshot instead of the whole package.
const FULL_SNAPSHOT_LIMIT: u64 = 64 * 1024;

fn corpus_files(dir: &str) -> Vec<std::path::PathBuf> {
    let dir = common::shared().unwrap().join("corpus").join(dir);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        })
        .collect();
    files.sort();
    files
}

fn fnv(s: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

fn summary(c: &Conversion) -> String {
    let def = &c.package.definition;
    let ops: usize = def
        .paths
        .paths
        .values()
        .map(|p| p.operations().count())
        .sum();
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    for d in &c.diagnostics {
        *by_code
            .entry(format!("{} {}", d.severity, d.code))
            .or_default() += 1;
    }
    let mut s = format!(
        "host: {:?}\nbasePath: {:?}\npaths: {}\noperations: {ops}\ndefinitions: {}\nsecurityDefinitions: {:?}\nconnectionParameters: {:?}\n",
        def.host,
        def.base_path,
        def.paths.paths.len(),
        def.definitions.len(),
        def.security_definitions.keys().collect::<Vec<_>>(),
        c.package
            .properties
            .properties
            .connection_parameters
            .keys()
            .collect::<Vec<_>>()
    );
    for (name, contents) in c.package.files() {
        s.push_str(&format!(
            "{name}: {} bytes, fnv {}\n",
            contents.len(),
            fnv(&contents)
        ));
    }
    s.push_str("diagnostics:\n");
    for (k, n) in by_code {
        s.push_str(&format!("  {k}: {n}\n"));
    }
    s
}

/// Converts a corpus file: `Err` holds the clear error a user gets for an input there is
/// nothing to convert in (a Postman collection without requests).
fn convert_corpus_file(path: &Path) -> Result<Conversion, String> {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let bytes = std::fs::read(path).unwrap();
    let options = Options::default();
    let options = match convert(&bytes, &options) {
        Err(e) if e.category() == Category::HostRequired => {
            // The error a user would expect: the document names no absolute server.
            assert!(e.to_string().contains("--host"), "{name}: {e}");
            Options::default().host("api.example.com")
        }
        Err(e) if e.category() == Category::Invalid && e.to_string().contains("no requests") => {
            return Err(format!("error ({:?}): {e}\n", e.category()));
        }
        Err(e) => panic!("{name}: unexpected error: {e}"),
        Ok(_) => options,
    };
    let conversion = common::convert_and_check(&bytes, &options, &name);
    // With the certification options, the package passes the certification profile
    // (the size and count limits aside, which need fewer operations).
    let certified = options.metadata(
        connector_convert::Metadata::default()
            .publisher("Contoso")
            .website("https://contoso.example.com")
            .privacy_policy("https://contoso.example.com/privacy")
            .category("Data")
            .contact_email("dev@contoso.example.com"),
    );
    let c = convert(&bytes, &certified).unwrap();
    let errors = common::error_findings(
        &connector_convert::check(&c.package, connector_convert::Profile::Certification),
        true,
    );
    assert!(
        errors.is_empty(),
        "{name}: the certification check finds errors:\n{}",
        errors.join("\n")
    );
    Ok(conversion)
}

fn run_dir(dir: &str) {
    if common::skip_without_shared(&format!("the {dir} corpus")) {
        return;
    }
    let mut failures = Vec::new();
    let mut figures = maker::Figures::default();
    for path in corpus_files(dir) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let result = std::panic::catch_unwind(|| convert_corpus_file(&path));
        match result {
            Ok(result) => {
                let size = std::fs::metadata(&path).unwrap().len();
                if let Ok(c) = &result {
                    figures.add(&maker_figures(&name, c));
                    let input = compact_len(&std::fs::read(&path).unwrap());
                    let output = connector_convert::definition_size(&c.package);
                    assert!(
                        maker::size_within_target(input, output),
                        "{name}: the definition is {output} bytes for a compact input of {input} (target 1.5×)"
                    );
                }
                let snapshot = match result {
                    Err(error) => error,
                    Ok(c) if size <= FULL_SNAPSHOT_LIMIT => common::render(&c),
                    Ok(c) => summary(&c),
                };
                insta::with_settings!({snapshot_suffix => format!("{dir}__{name}"), input_file => &path, prepend_module_to_snapshot => false}, {
                    insta::assert_snapshot!("corpus", snapshot);
                });
            }
            Err(payload) => {
                let msg = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{name}: {msg}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "corpus files that failed:\n{}",
        failures.join("\n")
    );
    let missed = maker::missed_targets(&figures, &MAKER_TARGETS);
    assert!(
        missed.is_empty(),
        "{dir}: what makers see misses its targets:\n{}",
        missed.join("\n")
    );
}

/// The size of an input as compact JSON (YAML read and written as JSON).
fn compact_len(bytes: &[u8]) -> usize {
    let limits = connector_core::Limits::default().with_max_input_bytes(128 * 1024 * 1024);
    let (v, _) = connector_core::load_document(bytes, &limits).unwrap();
    serde_json::to_vec(&v).unwrap().len()
}

/// The maker-facing targets the converter meets.
const MAKER_TARGETS: maker::Targets = maker::Targets {
    descriptions: true,
    sign_in: true,
};

/// The figures of one converted corpus file; duplicate names are counted per connector.
fn maker_figures(name: &str, c: &Conversion) -> maker::Figures {
    let def = serde_json::to_value(&c.package.definition).unwrap();
    let f = maker::figures(&def);
    let missed = maker::missed_targets(
        &maker::Figures {
            identifier_like: Vec::new(),
            repeating: Vec::new(),
            ..f.clone()
        },
        &MAKER_TARGETS,
    );
    assert!(missed.is_empty(), "{name}: {}", missed.join("\n"));
    f
}

#[test]
fn oas30_corpus() {
    run_dir("oas30");
}

#[test]
fn oas31_corpus() {
    run_dir("oas31");
}

#[test]
fn postman_corpus() {
    run_dir("postman");
}

#[test]
fn swagger2_corpus() {
    run_dir("swagger2");
}

/// Every `x-` key path of a JSON value.
fn extension_paths(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                let here = format!("{at}/{}", connector_core::escape_token(k));
                if k.starts_with("x-") {
                    out.push(here);
                } else {
                    extension_paths(c, &here, out);
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, c)| extension_paths(c, &format!("{at}/{i}"), out)),
        _ => {}
    }
}

#[test]
fn certified_connectors_keep_operations_and_extensions() {
    if common::skip_without_shared("the certified connectors") {
        return;
    }
    let dir = common::shared().unwrap().join("corpus/connectors");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut problems = Vec::new();
    for folder in names {
        let path = folder.join("apiDefinition.swagger.json");
        let name = folder.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let input: Value =
            match connector_core::load_document(&bytes, &connector_core::Limits::default()) {
                Ok((v, _)) => v,
                Err(e) => {
                    problems.push(format!("{name}: cannot load: {e}"));
                    continue;
                }
            };
        let c = match convert(&bytes, &Options::default()) {
            Ok(c) => c,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        let (def, _, _) = common::parsed_files(&c);
        let count = |v: &Value| -> usize {
            v["paths"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(_, i)| {
                    i.as_object().map_or(0, |o| {
                        o.keys()
                            .filter(|k| {
                                ["get", "put", "post", "delete", "options", "head", "patch"]
                                    .contains(&k.as_str())
                            })
                            .count()
                    })
                })
                .sum()
        };
        if count(&input) != count(&def) {
            problems.push(format!(
                "{name}: {} operations in, {} out",
                count(&input),
                count(&def)
            ));
        }
        let mut before = Vec::new();
        extension_paths(&input, "", &mut before);
        // An extension may go only with a diagnostic at its pointer or at an enclosing
        // object that was dropped (an unknown x-ms-* name, a body on GET).
        let explained = |p: &str| {
            c.diagnostics
                .iter()
                .any(|d| p == d.pointer || p.starts_with(&format!("{}/", d.pointer)))
        };
        let missing: Vec<_> = before
            .iter()
            .filter(|p| def.pointer(p).is_none() && !explained(p))
            .collect();
        if !missing.is_empty() {
            problems.push(format!("{name}: extensions lost: {missing:?}"));
        }
        let errors = common::error_findings(&c.findings, false);
        if !errors.is_empty() {
            problems.push(format!(
                "{name}: the import check finds errors after conversion: {errors:?}"
            ));
        }
        // A connector the platform takes as it is goes through unchanged (and may keep what
        // the platform tolerates, a schema on `default` say); a repaired one keeps none of
        // what the platform rejects.
        let passed = c
            .diagnostics
            .iter()
            .any(|d| d.code == connector_convert::PASS_THROUGH);
        if passed {
            if def != input {
                problems.push(format!("{name}: passed through, but changed"));
            }
        } else {
            let rules = common::platform_violations(&def);
            if !rules.is_empty() {
                problems.push(format!("{name}: platform rules: {rules:?}"));
            }
        }
        // A definition the connector schema accepts must still be accepted after conversion.
        if common::definition_errors(&input).is_empty() {
            let after = common::definition_errors(&def);
            if !after.is_empty() {
                problems.push(format!("{name}: valid before, invalid after: {after:?}"));
            }
        }
        // Our own output goes through unchanged.
        let files = c.package.files();
        let again = convert(files[0].1.as_bytes(), &Options::default()).unwrap();
        if again.package.files()[0].1 != files[0].1 {
            problems.push(format!("{name}: not idempotent"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Converting a connector the platform accepted changes nothing the platform accepted: at
/// least 97 % of the certified connectors (those that are JSON without repeated keys) come out
/// identical, compared as parsed JSON, and every one that changes was repaired for an import
/// error of its own (or a part the model cannot hold), which the conversion says.
#[test]
fn certified_connectors_pass_through_unchanged() {
    if common::skip_without_shared("the certified connectors") {
        return;
    }
    let limits = connector_core::Limits::default();
    let (mut same, mut total) = (0, 0);
    let mut problems = Vec::new();
    for folder in connector_folders("certified") {
        let name = folder.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(folder.join("apiDefinition.swagger.json")).unwrap();
        let Ok((input, _)) = connector_core::load_document(&bytes, &limits) else {
            continue;
        };
        total += 1;
        let Ok(c) = convert(&bytes, &Options::default()) else {
            // Only a placeholder host stops a connector (HostNameNotValid, listed as a defect).
            assert!(
                known_defects().contains(&(format!("certified/{name}"), "HostNameNotValid".into())),
                "{name}: does not convert"
            );
            continue;
        };
        let (def, _, _) = common::parsed_files(&c);
        if def == input {
            same += 1;
            continue;
        }
        let repaired = c
            .diagnostics
            .iter()
            .any(|d| d.code == connector_convert::CONNECTOR_REPAIRED);
        if !repaired {
            problems.push(format!(
                "{name}: changed without an import error of its own"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(total > 500, "only {total} certified connectors read");
    assert!(
        same * 100 >= total * 97,
        "{same} of {total} certified connectors come out identical; at least 97 % must"
    );
}

/// The reviewed list of certified connectors with a genuine import defect: (folder under
/// corpus/, rule id). Each line of tests/certified_defects.tsv also says why.
fn known_defects() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/certified_defects.tsv"),
    )
    .unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut cells = l.split('\t');
            let folder = cells.next().unwrap().to_owned();
            let rule = cells.next().unwrap().to_owned();
            let why = cells.next().unwrap_or_default();
            assert!(!why.trim().is_empty(), "{folder} {rule}: no reason given");
            (folder, rule)
        })
        .collect()
}

/// Connector folders under corpus/`dir`, sorted.
fn connector_folders(dir: &str) -> Vec<std::path::PathBuf> {
    let dir = common::shared().unwrap().join("corpus").join(dir);
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    names.sort();
    names
}

/// The import profile over every connector the platform accepted (corpus/connectors and the
/// 595 of corpus/certified): an error only where the reviewed list says the file is broken.
#[test]
fn certified_connectors_pass_the_import_check_as_they_are() {
    if common::skip_without_shared("the certified connectors") {
        return;
    }
    let known = known_defects();
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for dir in ["connectors", "certified"] {
        for folder in connector_folders(dir) {
            let name = format!("{dir}/{}", folder.file_name().unwrap().to_string_lossy());
            let read = |f: &str| std::fs::read(folder.join(f)).ok();
            let def = read("apiDefinition.swagger.json").unwrap();
            let findings = connector_convert::check_files(
                &def,
                read("apiProperties.json").as_deref(),
                read("settings.json").as_deref(),
                connector_convert::Profile::Import,
                &connector_core::Limits::default(),
            );
            for d in findings
                .iter()
                .filter(|d| d.severity == connector_convert::Severity::Error)
            {
                let key = (name.clone(), d.code.to_owned());
                if known.contains(&key) {
                    seen.insert(key);
                } else {
                    problems.push(format!("{name}: {d}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The listed defects are still found (remove an entry when it is not).
    let stale: Vec<_> = known.iter().filter(|k| !seen.contains(*k)).collect();
    assert!(
        stale.is_empty(),
        "no longer an error, update tests/certified_defects.tsv and docs/rules.md: {stale:?}"
    );
}

#[test]
fn specs_over_the_limits_split_into_packages_that_fit() {
    if common::skip_without_shared("the corpus") {
        return;
    }
    let mut problems = Vec::new();
    let mut split_any = 0;
    for dir in ["oas30", "oas31", "swagger2", "postman"] {
        for path in corpus_files(dir) {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let bytes = std::fs::read(&path).unwrap();
            if split_fits(&name, &bytes, &Options::default(), &mut problems) {
                split_any += 1;
            }
        }
    }
    assert!(
        split_any >= 5,
        "only {split_any} corpus files were over the limits"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The multi-megabyte specifications (GitHub's REST API, 13 MB, and the same with every
/// `$ref` expanded, 73 MB) split into packages that fit, with every operation once.
#[test]
fn the_largest_specs_split_into_packages_that_fit() {
    if common::skip_without_shared("the corpus") {
        return;
    }
    let options = Options::default()
        .limits(connector_core::Limits::default().with_max_input_bytes(128 * 1024 * 1024));
    let mut problems = Vec::new();
    let files = corpus_files("large");
    assert!(!files.is_empty());
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            split_fits(&name, &bytes, &options, &mut problems),
            "{name} fits without a split"
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Converts `bytes` (with a placeholder host when it names none) and, when the package is over
/// the platform's limits, splits it by tag and checks every part: under 1 MB (compact) and 256
/// operations, no import error (in the package and in the written files alike), every
/// operation in exactly one part. Returns whether a split was needed.
fn split_fits(name: &str, bytes: &[u8], options: &Options, problems: &mut Vec<String>) -> bool {
    let c = match convert(bytes, options) {
        Ok(c) => c,
        Err(_) => match convert(bytes, &options.clone().host("api.example.com")) {
            Ok(c) => c,
            Err(_) => return false,
        },
    };
    let input = compact_len(bytes);
    let output = connector_convert::definition_size(&c.package);
    if !maker::size_within_target(input, output) {
        problems.push(format!(
            "{name}: the definition is {output} bytes for a compact input of {input} (target 1.5×)"
        ));
    }
    let over = c
        .findings
        .iter()
        .any(|d| common::LIMIT_RULES.contains(&d.code));
    if !over {
        return false;
    }
    let ids = |doc: &connector_swagger2::Document| -> Vec<String> {
        doc.paths
            .paths
            .values()
            .flat_map(|i| i.operations().filter_map(|(_, o)| o.operation_id.clone()))
            .collect()
    };
    let mut before = ids(&c.package.definition);
    let parts = connector_convert::split_by_tag(&c.package);
    // Parts lent one after the other (sharing definitions) are the parts the iterator gives.
    let mut lent = connector_convert::split_parts(&c.package);
    let dir = std::env::temp_dir().join(format!("corpus-split-{}-{name}", std::process::id()));
    for part in &parts {
        let other = lent.next_lent().expect("as many lent parts");
        assert_eq!(other.name, part.name);
        let files = part.package.files();
        assert!(other.package.files() == files, "{name}/{}", part.name);
        assert_eq!(other.diagnostics, part.diagnostics);
        assert_eq!(other.findings, part.findings);
        // Written with the texts kept of shared definitions: the same bytes.
        lent.write_lent(dir.join(&part.name)).expect("written");
        for (file, text) in files {
            let written = std::fs::read_to_string(dir.join(&part.name).join(file));
            assert!(
                written.ok().as_deref() == Some(text.as_str()),
                "{name}/{}/{file}",
                part.name
            );
        }
    }
    assert!(lent.next_lent().is_none());
    let _ = std::fs::remove_dir_all(&dir);
    let mut after: Vec<String> = Vec::new();
    for part in &parts {
        let files = part.package.files();
        // The platform's limit is on the definition as compact JSON (docs/rules.md).
        let size = serde_json::to_vec(&part.package.definition).unwrap().len();
        let ops = ids(&part.package.definition);
        if size >= 1024 * 1024 || ops.len() > 256 {
            problems.push(format!(
                "{name}/{}: {size} bytes, {} operations",
                part.name,
                ops.len()
            ));
        }
        let errors = common::error_findings(&part.findings, false);
        if !errors.is_empty() {
            problems.push(format!("{name}/{}: {errors:?}", part.name));
        }
        // The written files check the same as the package.
        let on_disk = connector_convert::check_files(
            files[0].1.as_bytes(),
            Some(files[1].1.as_bytes()),
            Some(files[2].1.as_bytes()),
            connector_convert::Profile::Import,
            &connector_core::Limits::default(),
        );
        assert_eq!(on_disk, part.findings, "{name}/{}", part.name);
        let rejected = common::validator_findings(&on_disk);
        assert!(rejected.is_empty(), "{name}/{}: {rejected:?}", part.name);
        let avoidable: Vec<String> = part
            .findings
            .iter()
            .filter(|d| d.severity == connector_convert::Severity::Warning)
            .filter(|d| !common::HUMAN_DECISIONS.contains(&d.code))
            .map(ToString::to_string)
            .collect();
        assert!(avoidable.is_empty(), "{name}/{}: {avoidable:?}", part.name);
        after.extend(ops);
    }
    before.sort();
    after.sort();
    if before != after {
        problems.push(format!(
            "{name}: {} operations before the split, {} after (each must be in exactly one part)",
            before.len(),
            after.len()
        ));
    }
    true
}

/// A scripted hand edit of a connector definition: reworded summaries, a hidden parameter,
/// a removed parameter, a new operation, a changed description, a removed property.
fn hand_edit(def: &Value) -> Value {
    let mut v = def.clone();
    let mut first_with_params = true;
    if let Some(paths) = v.get_mut("paths").and_then(Value::as_object_mut) {
        for (_, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (m, op) in item.iter_mut() {
                if !["get", "put", "post", "delete", "patch"].contains(&m.as_str()) {
                    continue;
                }
                let Some(op) = op.as_object_mut() else {
                    continue;
                };
                let summary = op
                    .get("summary")
                    .and_then(Value::as_str)
                    .unwrap_or("Action");
                op.insert(
                    "summary".into(),
                    Value::String(format!("{summary} (edited)")),
                );
                if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
                    if let Some(Value::Object(p)) = params.first_mut() {
                        p.insert("x-ms-visibility".into(), "advanced".into());
                    }
                    if first_with_params && params.len() > 1 {
                        params.remove(1);
                        first_with_params = false;
                    }
                }
            }
        }
        paths.insert(
            "/added-by-hand".into(),
            serde_json::json!({"get": {"operationId": "AddedByHand", "summary": "Added",
                "responses": {"200": {"description": "OK"}}}}),
        );
    }
    v["info"]["description"] = "A description written by hand for the connector.".into();
    if let Some(defs) = v.get_mut("definitions").and_then(Value::as_object_mut) {
        if let Some((_, d)) = defs.iter_mut().next() {
            if let Some(props) = d.get_mut("properties").and_then(Value::as_object_mut) {
                let first = props.keys().next().cloned();
                if let Some(k) = first {
                    props.shift_remove(&k);
                }
            }
        }
    }
    v
}

#[test]
fn overlays_round_trip_hand_edits_of_every_certified_connector() {
    if common::skip_without_shared("the certified connectors") {
        return;
    }
    let dir = common::shared().unwrap().join("corpus/connectors");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut problems = Vec::new();
    for folder in names {
        let name = folder.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(folder.join("apiDefinition.swagger.json")).unwrap();
        let (old, _) =
            connector_core::load_document(&bytes, &connector_core::Limits::default()).unwrap();
        let edited = hand_edit(&old);
        let overlay = connector_convert::overlay_between(&old, &edited, "edits");
        let text = serde_json::to_string(&overlay).unwrap();
        let parsed = connector_convert::Overlay::parse(text.as_bytes(), &Default::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut applied = old.clone();
        let mut diags = connector_core::Diagnostics::new();
        parsed.apply(&mut applied, &mut diags);
        if applied != edited {
            problems.push(format!(
                "{name}: applying the overlay does not give the edited definition"
            ));
        }
        let unmatched: Vec<String> = diags
            .as_slice()
            .iter()
            .filter(|d| d.code == connector_convert::OVERLAY_NO_MATCH)
            .map(ToString::to_string)
            .collect();
        if !unmatched.is_empty() {
            problems.push(format!("{name}: {unmatched:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_maker_measures_catch_what_they_name() {
    assert!(maker::is_identifier_like("CreateMobileAuthorizationCode"));
    assert!(maker::is_identifier_like("GET Request"));
    assert!(maker::is_identifier_like("get_my_user"));
    assert!(!maker::is_identifier_like("List GitHub repositories"));
    assert!(maker::has_residue(
        "Starting a new project We recommend trying [Responses]( docs"
    ));
    assert!(!maker::has_residue("Create a chat completion"));
    assert!(maker::only_repeats("The limit.", "Limit"));
    assert!(!maker::only_repeats(
        "The maximum number of items to return.",
        "Limit"
    ));
    assert!(maker::misses_a_word("The is admin."));
    assert!(maker::misses_a_word("Gets the me."));
    assert!(!maker::misses_a_word("The user is an admin."));
    let def = serde_json::json!({
        "paths": {
            "/a": {"get": {"summary": "Get item", "parameters": [{"name": "x-api-key", "in": "header"}]}},
            "/b": {"get": {"summary": "Get item", "parameters": [{"name": "limit", "in": "query"}]}},
        }
    });
    let f = maker::figures(&def);
    assert_eq!(f.duplicate_names.len(), 2);
    assert_eq!(f.credentials_without_sign_in, ["get /a: x-api-key"]);
}
