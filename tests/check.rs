//! The checker, rule by rule: `fixtures/check/base/` is a package that breaks no rule, and
//! each case of `fixtures/check/cases.yaml` mutates it so that one rule fires at a given
//! pointer. Every rule must have a case, and every rule must be documented.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::mutate::{Package, base, load, set, split};
use connector_convert::{Diagnostic, Profile, RULES, check_files};
use connector_core::{Limits, escape_token};
use serde_json::{Value, json};

/// Mutations too big to write in the cases file.
fn generate(pkg: &mut Package, kind: &str) {
    match kind {
        "pad" => set(pkg, "/info/x-padding", Value::String("a".repeat(1_100_000))),
        "operations" => {
            for i in 0..257 {
                let path = format!("/paths/{}", escape_token(&format!("/generated/n{i}")));
                set(
                    pkg,
                    &path,
                    json!({"get": {"summary": "Generated", "description": "Generated.",
                        "operationId": format!("Generated{i}"),
                        "responses": {"200": {"description": "OK"}}}}),
                );
            }
        }
        "wide-body" => {
            let props: serde_json::Map<String, Value> = (0..600)
                .map(|i| {
                    (
                        format!("p{i}"),
                        json!({"type": "string", "description": "P.", "x-ms-summary": "P"}),
                    )
                })
                .collect();
            set(
                pkg,
                "/definitions/Wide",
                json!({"type": "object", "properties": props}),
            );
            set(
                pkg,
                "/paths/~1pets/post/parameters/0/schema",
                json!({"$ref": "#/definitions/Wide"}),
            );
        }
        other => panic!("unknown generator `{other}`"),
    }
}

fn run(pkg: &Package, profile: Profile) -> Vec<Diagnostic> {
    let bytes = |v: &Value| serde_json::to_vec(v).unwrap();
    check_files(
        &bytes(&pkg.definition),
        Some(&bytes(&pkg.properties)),
        Some(&bytes(&pkg.settings)),
        profile,
        &Limits::default(),
    )
    .unwrap()
}

fn cases() -> Vec<Value> {
    load("fixtures/check/cases.yaml")["cases"]
        .as_array()
        .unwrap()
        .clone()
}

fn profile_of(case: &Value) -> Profile {
    match case.get("profile").and_then(Value::as_str) {
        Some(p) => p.parse().unwrap(),
        None => {
            let id = case["rule"].as_str().unwrap();
            RULES.iter().find(|r| r.id == id).unwrap().profile
        }
    }
}

#[test]
fn the_base_package_breaks_no_rule() {
    let findings = run(&base(), Profile::Certification);
    assert!(
        findings.is_empty(),
        "{}",
        findings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn every_rule_fires_where_its_case_says() {
    let mut problems = Vec::new();
    for case in cases() {
        let rule = case["rule"].as_str().unwrap();
        let mut pkg = base();
        common::mutate::apply(&mut pkg, &case);
        if let Some(kind) = case.get("generate").and_then(Value::as_str) {
            generate(&mut pkg, kind);
        }
        let profile = profile_of(&case);
        let (file, at) = split(case["at"].as_str().unwrap());
        let findings = run(&pkg, profile);
        let hit = findings
            .iter()
            .any(|d| d.code == rule && d.pointer == at && d.file == Some(file));
        if !hit {
            problems.push(format!(
                "{rule} ({}): expected at {file}#{at}; found:\n  {}",
                profile.as_str(),
                findings
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ));
        }
        // A certification rule stays quiet under the import profile.
        let own = RULES
            .iter()
            .filter(|r| r.id == rule)
            .all(|r| r.profile == Profile::Certification);
        if own && profile == Profile::Certification {
            let import = run(&pkg, Profile::Import);
            if import.iter().any(|d| d.code == rule && d.pointer == at) {
                problems.push(format!("{rule} fired under the import profile"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_has_a_case() {
    let covered: Vec<(String, Profile)> = cases()
        .iter()
        .map(|c| (c["rule"].as_str().unwrap().to_owned(), profile_of(c)))
        .collect();
    let missing: Vec<String> = RULES
        .iter()
        .filter(|r| !covered.iter().any(|(id, p)| id == r.id && *p == r.profile))
        .map(|r| format!("{} ({})", r.id, r.profile.as_str()))
        .collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
}

#[test]
fn every_rule_is_documented() {
    let doc = std::fs::read_to_string(common::repo().join("docs/rules.md")).unwrap();
    let missing: Vec<&str> = RULES
        .iter()
        .map(|r| r.id)
        .filter(|id| !doc.contains(&format!("`{id}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "rules missing from docs/rules.md: {missing:?}"
    );
}

#[test]
fn a_broken_file_is_an_error_not_a_finding() {
    let e = check_files(
        b"{\"swagger\": ",
        None,
        None,
        Profile::Import,
        &Limits::default(),
    )
    .unwrap_err();
    assert_eq!(e.category(), connector_convert::Category::Syntax);
}

#[test]
fn properties_that_do_not_fit_their_model_are_reported() {
    let pkg = base();
    let findings = check_files(
        &serde_json::to_vec(&pkg.definition).unwrap(),
        Some(br#"{"properties": {"connectionParameters": []}}"#),
        None,
        Profile::Import,
        &Limits::default(),
    )
    .unwrap();
    assert!(
        findings
            .iter()
            .any(|d| d.code == connector_convert::PROPERTIES_NOT_READABLE
                && d.file == Some("apiProperties.json")),
        "{findings:?}"
    );
}
