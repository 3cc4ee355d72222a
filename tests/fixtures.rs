//! Every hand-written fixture converts; its package and diagnostics match the snapshot.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
#[path = "common/maker.rs"]
mod maker;

use std::sync::Arc;

use connector_convert::{Category, DirResolver, Options, convert};

/// Options a fixture needs (the relative-server one needs a host).
fn options_for(name: &str) -> Options {
    if name.contains("relative") {
        Options::default().host("api.example.com")
    } else {
        Options::default()
    }
}

#[test]
fn fixtures_convert_to_their_snapshots() {
    insta::glob!(
        "../fixtures",
        "{openapi30,openapi31,swagger2,postman}/*.{json,yaml}",
        |path| {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let bytes = std::fs::read(path).unwrap();
            let conversion = common::convert_and_check(&bytes, &options_for(&name), &name);
            // What a maker sees meets the targets the corpus is held to (a connector input
            // keeps its own texts).
            if !common::is_connector_input(&conversion) {
                let def = serde_json::to_value(&conversion.package.definition).unwrap();
                let targets = maker::Targets {
                    descriptions: true,
                    sign_in: true,
                };
                let mut f = maker::figures(&def);
                // One fixture is too few operations for a share; the corpus test takes it.
                f.identifier_like.clear();
                let missed = maker::missed_targets(&f, &targets);
                assert!(missed.is_empty(), "{name}: {}", missed.join("\n"));
            }
            insta::assert_snapshot!(common::render(&conversion));
        }
    );
}

#[test]
fn relative_server_without_host_is_a_clear_error() {
    let bytes =
        std::fs::read(common::repo().join("fixtures/openapi30/servers-relative.yaml")).unwrap();
    let e = convert(&bytes, &Options::default()).unwrap_err();
    assert_eq!(e.category(), Category::HostRequired);
    assert!(e.to_string().contains("--host"), "{e}");
}

#[test]
fn every_code_is_documented() {
    let doc = std::fs::read_to_string(common::repo().join("docs/diagnostics.md")).unwrap();
    let missing: Vec<_> = connector_convert::diagnostic_codes()
        .into_iter()
        .filter(|c| !doc.contains(&format!("`{c}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes missing from docs/diagnostics.md: {missing:?}"
    );
}

#[test]
fn file_refs_resolve_below_the_input_folder_only() {
    let dir = common::repo().join("fixtures/refs");
    let bytes = std::fs::read(dir.join("api.yaml")).unwrap();
    let options = Options::default().file_resolver(Arc::new(DirResolver::new(&dir)));
    let conversion = common::convert_and_check(&bytes, &options, "refs/api.yaml");
    insta::assert_snapshot!(common::render(&conversion));
    let codes: Vec<_> = conversion
        .diagnostics
        .iter()
        .map(|d| (d.code, d.pointer.as_str()))
        .collect();
    assert!(
        codes.contains(&(
            "REF_FILE",
            "/paths/~1escape/get/responses/200/content/application~1json/schema"
        )),
        "{codes:?}"
    );
    assert!(
        codes.contains(&(
            "REF_URL_NOT_FETCHED",
            "/paths/~1remote/get/responses/200/content/application~1json/schema"
        )),
        "{codes:?}"
    );
}

#[test]
fn file_refs_are_refused_without_a_resolver() {
    let bytes = std::fs::read(common::repo().join("fixtures/refs/api.yaml")).unwrap();
    let conversion = convert(&bytes, &Options::default()).unwrap();
    let refused = conversion
        .diagnostics
        .iter()
        .filter(|d| d.code == "REF_FILE")
        .count();
    assert_eq!(refused, 4, "{:?}", conversion.diagnostics);
}

#[test]
fn no_planted_secret_reaches_any_output() {
    let bytes =
        std::fs::read(common::repo().join("fixtures/postman/secrets.postman_collection.json"))
            .unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    // Every planted secret has the form SECRET-...-NN.
    let mut planted: Vec<&str> = text
        .match_indices("SECRET-")
        .map(|(i, _)| {
            let rest = &text[i..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect();
    planted.sort_unstable();
    planted.dedup();
    assert!(planted.len() >= 20, "{planted:?}");
    let conversion = convert(&bytes, &Options::default()).unwrap();
    let mut outputs: Vec<String> = conversion
        .package
        .files()
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    outputs.push(
        conversion
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    );
    outputs.push(serde_json::to_string(&conversion.diagnostics).unwrap());
    for secret in &planted {
        for out in &outputs {
            assert!(!out.contains(secret), "`{secret}` leaked into:\n{out}");
        }
    }
}

#[test]
fn postman_variables_from_options_fill_the_host() {
    let bytes =
        std::fs::read(common::repo().join("fixtures/postman/tenant-host.postman_collection.json"))
            .unwrap();
    let c = convert(&bytes, &Options::default().variable("subdomain", "acme")).unwrap();
    assert_eq!(
        c.package.definition.host.as_deref(),
        Some("acme.example.com")
    );
    assert!(
        c.package
            .properties
            .properties
            .policy_template_instances
            .is_empty()
    );
}

/// `--annotate auto`: a Swagger 2.0 document with `x-ms-*` annotations is a connector and
/// goes through as it is; an OpenAPI document with a few of them gets what it lacks, and
/// keeps what it says.
#[test]
fn auto_annotation_leaves_connectors_alone_and_completes_openapi() {
    let param = |name: &str, label: Option<&str>| {
        let mut p = serde_json::json!({"name": name, "in": "query", "type": "string"});
        if let Some(l) = label {
            p["x-ms-summary"] = l.into();
        }
        p
    };
    let swagger = serde_json::json!({
        "swagger": "2.0", "info": {"title": "T", "version": "1", "description": "A test API."},
        "host": "api.example.com", "basePath": "/", "schemes": ["https"],
        "paths": {"/items": {"get": {"operationId": "ListItems",
            "parameters": [param("q", Some("Search words")), param("pageSize", None)],
            "responses": {"200": {"description": "OK"}}}}}
    });
    let definition = |input: &serde_json::Value| -> serde_json::Value {
        let c = convert(input.to_string().as_bytes(), &Options::default()).unwrap();
        let (_, text) = c.package.files().into_iter().next().unwrap();
        serde_json::from_str(&text).unwrap()
    };
    let def = definition(&swagger);
    let op = &def["paths"]["/items"]["get"];
    assert!(
        op.get("summary").is_none(),
        "a connector is not annotated: {op}"
    );
    assert!(op["parameters"][1].get("x-ms-summary").is_none());

    let openapi_param = |name: &str, label: Option<&str>| {
        let mut p = serde_json::json!({"name": name, "in": "query", "schema": {"type": "string"}});
        if let Some(l) = label {
            p["x-ms-summary"] = l.into();
        }
        p
    };
    let openapi = serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "T", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/items": {"get": {"operationId": "ListItems",
            "parameters": [openapi_param("q", Some("Search words")), openapi_param("pageSize", None)],
            "responses": {"200": {"description": "OK"}}}}}
    });
    let def = definition(&openapi);
    let op = &def["paths"]["/items"]["get"];
    assert_eq!(op["summary"], "List items", "{op}");
    assert_eq!(op["parameters"][0]["x-ms-summary"], "Search words");
    assert_eq!(op["parameters"][1]["x-ms-summary"], "Page Size");
}
