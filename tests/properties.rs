//! Property tests with a bounded number of cases: arbitrary JSON documents shaped like the
//! three input formats, and fixtures with a random node replaced, never make the converter
//! panic, and every conversion that succeeds gives a package the platform takes (no error
//! from the checker's import profile, the size and count limits aside).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use connector_convert::{Options, Severity, convert};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Keys the readers look at, so random documents reach deep into them.
const KEYS: &[&str] = &[
    "paths",
    "get",
    "post",
    "put",
    "parameters",
    "name",
    "in",
    "schema",
    "type",
    "properties",
    "items",
    "required",
    "responses",
    "200",
    "default",
    "description",
    "content",
    "application/json",
    "$ref",
    "allOf",
    "oneOf",
    "anyOf",
    "enum",
    "format",
    "components",
    "schemas",
    "definitions",
    "securitySchemes",
    "securityDefinitions",
    "servers",
    "url",
    "host",
    "basePath",
    "item",
    "request",
    "method",
    "header",
    "body",
    "mode",
    "raw",
    "auth",
    "variable",
    "key",
    "value",
    "operationId",
    "summary",
    "tags",
    "callbacks",
    "x-ms-visibility",
    "x-ms-dynamic-values",
    "requestBody",
    "/pets/{id}",
    "/a",
    "query",
    "path",
    "object",
    "string",
    "array",
    "integer",
    "#/components/schemas/A",
    "#/definitions/A",
    "A",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1.0e6f64..1.0e6).prop_map(|f| json!(f)),
        proptest::sample::select(KEYS).prop_map(|k| json!(k)),
        "[a-z{}/ .:#-]{0,12}".prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::vec((proptest::sample::select(KEYS), inner), 0..6).prop_map(
                |kv| {
                    let mut m = Map::new();
                    for (k, v) in kv {
                        m.insert(k.to_owned(), v);
                    }
                    Value::Object(m)
                }
            ),
        ]
    })
}

/// A document with one of the three formats' markers and random content.
fn document() -> impl Strategy<Value = Value> {
    (0..4usize, value(), value()).prop_map(|(kind, a, b)| {
        let mut doc = match kind {
            0 => json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
                "servers": [{"url": "https://api.example.com"}]}),
            1 => json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
                "servers": [{"url": "https://api.example.com"}]}),
            2 => json!({"swagger": "2.0", "info": {"title": "T", "version": "1"},
                "host": "api.example.com"}),
            _ => json!({"info": {"name": "C",
                "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}}),
        };
        let slot = match kind {
            3 => "item",
            _ => "paths",
        };
        doc[slot] = a;
        doc[if kind == 2 {
            "definitions"
        } else if kind == 3 {
            "auth"
        } else {
            "components"
        }] = b;
        doc
    })
}

fn no_import_errors(c: &connector_convert::Conversion) -> Result<(), String> {
    let errors: Vec<String> = c
        .findings
        .iter()
        .filter(|d| d.severity == Severity::Error && !common::LIMIT_RULES.contains(&d.code))
        .map(ToString::to_string)
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// The fixtures, each with its path under `fixtures/`.
fn fixtures() -> Vec<Value> {
    named_fixtures().into_iter().map(|(_, v)| v).collect()
}

fn named_fixtures() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for dir in ["openapi30", "openapi31", "swagger2", "postman"] {
        let mut files: Vec<_> = std::fs::read_dir(common::repo().join("fixtures").join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            let name = format!("{dir}/{}", f.file_name().unwrap().to_string_lossy());
            out.push((
                name,
                connector_core::load_document(&bytes, &Default::default())
                    .unwrap()
                    .0,
            ));
        }
    }
    out
}

/// The suite runs the same cases every time, so a red build always means a change broke
/// something; `PROPTEST_RNG_SEED=<n>` (with `PROPTEST_CASES=<n>`) explores other cases.
fn config() -> ProptestConfig {
    let var = |name: &str| std::env::var(name).ok().and_then(|s| s.parse().ok());
    ProptestConfig {
        cases: var("PROPTEST_CASES").map_or(256, |n: u64| n as u32),
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(
            var("PROPTEST_RNG_SEED").unwrap_or(0x5eed_c0de),
        ),
        ..ProptestConfig::default()
    }
}

/// Mutations that once failed (found by exploring with other seeds), kept so they stay fixed:
/// fixture, pointer of the replaced node, replacement.
fn regressions() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        // A callback's payload schema carried `x-ms-visibility: null`; it reached the path
        // item's x-ms-notification-content, which no pass walked.
        (
            "openapi30/callbacks-webhook-trigger.yaml",
            "/components/callbacks/OrderCreated/{$request.body#~1targetUrl}/post/requestBody/content/application~1json/schema",
            json!({"x-ms-visibility": null}),
        ),
        (
            "openapi30/callbacks-webhook-trigger.yaml",
            "/components/callbacks/OrderCreated/{$request.body#~1targetUrl}/post/requestBody/content/application~1json/schema",
            json!({"type": "object", "properties": {"a": {"type": "string", "format": "nope", "x-ms-trigger": 3}}}),
        ),
    ]
}

/// Generated documents that once failed.
fn documents_that_once_failed() -> Vec<Value> {
    vec![
        // An unused definition of type array without items was left as it was.
        json!({"swagger": "2.0", "info": {"title": "T", "version": "1"},
            "host": "api.example.com", "paths": null,
            "definitions": {"paths": {"type": "array"}}}),
    ]
}

#[test]
fn mutations_that_once_failed_stay_fixed() {
    let all = named_fixtures();
    let mut problems = Vec::new();
    let mutated = regressions()
        .into_iter()
        .map(|(file, pointer, replacement)| {
            let (_, doc) = all.iter().find(|(n, _)| n == file).unwrap();
            let mut doc = doc.clone();
            *doc.pointer_mut(pointer).unwrap() = replacement;
            (format!("{file} {pointer}"), doc)
        });
    let generated = documents_that_once_failed()
        .into_iter()
        .map(|d| (d.to_string(), d));
    for (name, doc) in mutated.chain(generated) {
        let bytes = serde_json::to_vec(&doc).unwrap();
        match convert(&bytes, &Options::default().host("api.example.com")) {
            Ok(c) => {
                if let Err(e) = no_import_errors(&c) {
                    problems.push(format!("{name}: {e}"));
                }
            }
            Err(e) => problems.push(format!("{name}: failed: {e}")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_documents_never_panic_and_successes_pass_the_import_check(doc in document()) {
        let bytes = serde_json::to_vec(&doc).unwrap();
        if let Ok(c) = convert(&bytes, &Options::default()) {
            prop_assert!(no_import_errors(&c).is_ok(), "{}\n{}", doc, no_import_errors(&c).unwrap_err());
        }
    }

    #[test]
    fn mutated_fixtures_never_panic_and_successes_pass_the_import_check(
        pick in any::<prop::sample::Index>(),
        node in any::<prop::sample::Index>(),
        replacement in value(),
    ) {
        let all = fixtures();
        let mut doc = pick.get(&all).clone();
        let mut ptrs = Vec::new();
        common::pointers(&doc, String::new(), &mut ptrs);
        let p = node.get(&ptrs[1..]).clone();
        if let Some(slot) = doc.pointer_mut(&p) {
            *slot = replacement;
        }
        let bytes = serde_json::to_vec(&doc).unwrap();
        if let Ok(c) = convert(&bytes, &Options::default().host("api.example.com")) {
            prop_assert!(no_import_errors(&c).is_ok(), "{p}\n{}", no_import_errors(&c).unwrap_err());
        }
    }
}
