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
use connector_convert::{Diagnostic, Profile, RULES, Severity, check_files};
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
}

fn cases() -> Vec<Value> {
    load("fixtures/check/cases.yaml")["cases"]
        .as_array()
        .unwrap()
        .clone()
}

/// The severity a case expects: its own `severity`, else error when its rule has an error
/// form, else the rule's one severity.
fn severity_of(case: &Value) -> Severity {
    match case.get("severity").and_then(Value::as_str) {
        Some("error") => Severity::Error,
        Some("warning") => Severity::Warning,
        Some(other) => panic!("unknown severity `{other}`"),
        None => {
            let id = case["rule"].as_str().unwrap();
            let profile = profile_of(case);
            let forms: Vec<Severity> = RULES
                .iter()
                .filter(|r| r.id == id && r.profile == profile)
                .map(|r| r.severity)
                .collect();
            if forms.contains(&Severity::Error) {
                Severity::Error
            } else {
                forms[0]
            }
        }
    }
}

/// Rules about a file's text, which a mutation of its value cannot break: each has its own
/// test below.
const TEXT_RULES: &[&str] = &["FileNotReadable", "DuplicateJsonKey"];

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
        let severity = severity_of(&case);
        let (file, at) = split(case["at"].as_str().unwrap());
        let findings = run(&pkg, profile);
        let hit = findings.iter().any(|d| {
            d.code == rule && d.pointer == at && d.file == Some(file) && d.severity == severity
        });
        if !hit {
            problems.push(format!(
                "{rule} ({}, {severity}): expected at {file}#{at}; found:\n  {}",
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
    let covered: Vec<(String, Profile, Severity)> = cases()
        .iter()
        .map(|c| {
            (
                c["rule"].as_str().unwrap().to_owned(),
                profile_of(c),
                severity_of(c),
            )
        })
        .collect();
    let missing: Vec<String> = RULES
        .iter()
        .filter(|r| !TEXT_RULES.contains(&r.id))
        .filter(|r| {
            !covered
                .iter()
                .any(|(id, p, s)| id == r.id && *p == r.profile && *s == r.severity)
        })
        .map(|r| format!("{} ({}, {})", r.id, r.profile.as_str(), r.severity))
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
fn a_broken_file_is_a_finding_with_its_line_and_column() {
    let findings = check_files(
        b"{\"swagger\": \"2.0\",\n  \"host\": \"a.example.com\",\n}",
        None,
        None,
        Profile::Import,
        &Limits::default(),
    );
    assert_eq!(findings.len(), 1, "{findings:?}");
    let d = &findings[0];
    assert_eq!(
        (d.code, d.file, d.line, d.column),
        (
            "FileNotReadable",
            Some("apiDefinition.swagger.json"),
            Some(3),
            Some(1)
        )
    );
    assert_eq!(d.severity, connector_convert::Severity::Error);
}

#[test]
fn a_repeated_key_is_a_warning_and_the_last_value_is_checked() {
    let pkg = base();
    let text = serde_json::to_string(&pkg.definition).unwrap().replacen(
        "\"host\":",
        "\"host\": \"https://bad\", \"host\":",
        1,
    );
    let findings = check_files(
        text.as_bytes(),
        None,
        None,
        Profile::Import,
        &Limits::default(),
    );
    let codes: Vec<_> = findings
        .iter()
        .map(|d| (d.code, d.pointer.as_str()))
        .collect();
    assert_eq!(codes, [("DuplicateJsonKey", "/host")], "{findings:?}");
}

#[test]
fn a_misfit_field_of_api_properties_is_reported_and_the_rest_checked() {
    let mut pkg = base();
    set(
        &mut pkg,
        "properties#/properties/connectionParameters/api_key/uiDefinition/displayName",
        json!(["not", "a", "string"]),
    );
    set(
        &mut pkg,
        "properties#/properties/iconBrandColor",
        json!("red"),
    );
    let findings = run(&pkg, Profile::Import);
    let found: Vec<_> = findings
        .iter()
        .map(|d| (d.code, d.pointer.as_str(), d.severity))
        .collect();
    assert!(
        found.contains(&(
            connector_convert::PROPERTIES_NOT_READABLE,
            "/properties/connectionParameters/api_key/uiDefinition/displayName",
            connector_convert::Severity::Warning
        )),
        "{found:?}"
    );
    // The check went on past the misfit field.
    assert!(
        found
            .iter()
            .any(|(c, p, _)| *c == "IconBrandColorNotValid" && *p == "/properties/iconBrandColor"),
        "{found:?}"
    );
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
    );
    assert!(
        findings
            .iter()
            .any(|d| d.code == connector_convert::PROPERTIES_NOT_READABLE
                && d.file == Some("apiProperties.json")),
        "{findings:?}"
    );
}
