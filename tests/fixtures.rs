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
        "{openapi30,openapi31,swagger2}/*.{json,yaml}",
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
