//! No panic on any input: every node of every fixture is replaced, in turn, by values of the
//! wrong type, and every result must convert or fail with an error, never panic. Successful
//! conversions must still be platform-legal and valid against the connector schemas.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use connector_convert::{Options, convert};
use serde_json::json;

#[test]
fn mutated_fixtures_never_panic() {
    let replacements = [
        json!(null),
        json!(-1.5),
        json!("{x}"),
        json!([]),
        json!({}),
        json!({"$ref": "#/nope"}),
    ];
    let mut runs = 0;
    let mut failures = Vec::new();
    let mut files: Vec<_> = glob_fixtures();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let (doc, _) =
            connector_core::load_document(&bytes, &connector_core::Limits::default()).unwrap();
        let mut ptrs = Vec::new();
        common::pointers(&doc, String::new(), &mut ptrs);
        for p in ptrs.iter().skip(1) {
            for r in &replacements {
                let mut mutated = doc.clone();
                if let Some(slot) = mutated.pointer_mut(p) {
                    *slot = r.clone();
                }
                let input = serde_json::to_vec(&mutated).unwrap();
                runs += 1;
                let result = std::panic::catch_unwind(|| {
                    convert(&input, &Options::default().host("api.example.com"))
                });
                match result {
                    Err(_) => failures.push(format!("{} {p} = {r}: panic", path.display())),
                    Ok(Ok(c)) => {
                        let (def, props, settings) = common::parsed_files(&c);
                        let mut v = common::platform_violations(&def);
                        // A connector keeps what the platform took (docs/rules.md).
                        if common::is_connector_input(&c) {
                            v.retain(|m| !common::taken_from_connectors(m));
                        }
                        // Values inside x-ms-* extensions are the author's to get right (the
                        // checker judges them); everything else must stay schema-valid.
                        if !p.contains("/x-ms-") {
                            // A connector keeps what the platform took, so its output is held
                            // to the connector schema only when its input was.
                            let kept_as_written = common::is_connector_input(&c)
                                && !common::definition_errors(&mutated).is_empty();
                            if !kept_as_written {
                                v.extend(common::schema_errors(&def, &props, &settings));
                            }
                            // And the platform takes the package: no import error.
                            v.extend(
                                c.findings
                                    .iter()
                                    .filter(|d| d.severity == connector_convert::Severity::Error)
                                    .map(ToString::to_string),
                            );
                        }
                        if !v.is_empty() {
                            failures.push(format!("{} {p} = {r}: {v:?}", path.display()));
                        }
                    }
                    Ok(Err(_)) => {}
                }
            }
        }
    }
    assert!(runs > 1000, "only {runs} mutations ran");
    assert!(
        failures.is_empty(),
        "{} of {runs} mutations failed:\n{}",
        failures.len(),
        failures
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn glob_fixtures() -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for dir in ["openapi30", "openapi31", "swagger2", "postman"] {
        for e in std::fs::read_dir(common::repo().join("fixtures").join(dir)).unwrap() {
            out.push(e.unwrap().path());
        }
    }
    out
}
