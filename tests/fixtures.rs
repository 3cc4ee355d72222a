//! Every hand-written fixture converts; its package and diagnostics match the snapshot.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

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
