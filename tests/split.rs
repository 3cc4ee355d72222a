//! Splitting a package by tag through the library: parts taken lent (sharing definitions with
//! the parts before them) are the parts the iterator gives, findings and written files alike.

use connector_convert::{Package, SplitPart, split_by_tag, split_parts};
use connector_core::Diagnostics;
use connector_swagger2 as sw;
use serde_json::json;

/// Four tags sharing definitions that hold findings of their own (an empty `required`, an
/// undeclared required property); the first two parts are over 1 MB, so they are shrunk, keep
/// some of their definitions as they are and cut the others alike (the second part's cut
/// definitions are written from the first's texts).
fn package() -> Package {
    let big = "x".repeat(1_100_000);
    let v = json!({"swagger": "2.0", "info": {"title": "Shop", "version": "1"},
        "host": "shop.example.com", "basePath": "/", "schemes": ["https"],
        "paths": {
            "/x": {"get": {"operationId": "GetX", "summary": "Get x", "description": "Gets x.", "tags": ["x"],
                "responses": {
                    "200": {"description": "ok", "schema": {"$ref": "#/definitions/X"}},
                    "201": {"description": "made", "schema": {"$ref": "#/definitions/Flawed"}},
                    "default": {"description": "error", "schema": {"$ref": "#/definitions/Shared"}}}}},
            "/x2": {"get": {"operationId": "GetX2", "summary": "Get x again", "description": "Gets x.", "tags": ["x2"],
                "responses": {
                    "200": {"description": "ok", "schema": {"$ref": "#/definitions/X"}},
                    "201": {"description": "made", "schema": {"$ref": "#/definitions/Flawed"}},
                    "default": {"description": "error", "schema": {"$ref": "#/definitions/Shared"}}}}},
            "/y": {"get": {"operationId": "GetY", "summary": "Get y", "description": "Gets y.", "tags": ["y"],
                "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Flawed"}},
                    "default": {"description": "error", "schema": {"$ref": "#/definitions/Shared"}}}}},
            "/z": {"get": {"operationId": "GetZ", "summary": "Get z", "description": "Gets z.", "tags": ["z"],
                "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Flawed"}}}}}},
        "definitions": {
            "X": {"type": "object", "properties": {"big": {"$ref": "#/definitions/Big"}}},
            "Big": {"type": "object", "description": big},
            "Flawed": {"type": "object", "required": ["missing"],
                "properties": {"note": {"type": "string", "description": "two\nlines \"quoted\""},
                    "empty": {"type": "object", "required": []}}},
            "Shared": {"type": "object", "properties": {"a": {"type": "object", "properties": {
                "b": {"type": "object", "properties": {"c": {"type": "string"}}}}}}}}});
    let doc = sw::read_document(v, &mut Diagnostics::new());
    Package::new(doc, sw::ConnectorProperties::default())
}

fn codes(part: &SplitPart) -> Vec<&str> {
    part.findings.iter().map(|d| d.code).collect()
}

#[test]
fn lent_parts_have_the_findings_and_files_of_the_parts_the_iterator_gives() {
    let package = package();
    let owned = split_by_tag(&package);
    assert_eq!(owned.len(), 4);
    let shrunk = |part: &SplitPart| {
        part.diagnostics
            .iter()
            .any(|d| d.message.contains("over 1 MB"))
    };
    assert!(
        shrunk(&owned[0]) && shrunk(&owned[1]),
        "the first two parts are shrunk"
    );
    // The shared definition's findings are in every part that holds it.
    for part in &owned {
        assert!(
            codes(part).contains(&"RequiredPropertyArrayEmpty"),
            "{}",
            part.name
        );
        assert!(
            codes(part).contains(&"RequiredPropertyDefinitionMissing"),
            "{}",
            part.name
        );
    }
    let dir = std::env::temp_dir().join(format!("split-lent-{}", std::process::id()));
    let mut parts = split_parts(&package);
    for part in &owned {
        let lent = parts.next_lent().expect("as many lent parts");
        assert_eq!(lent.name, part.name);
        assert_eq!(lent.findings, part.findings, "{}", part.name);
        assert_eq!(lent.diagnostics, part.diagnostics, "{}", part.name);
        assert!(
            lent.package.files() == part.package.files(),
            "{}",
            part.name
        );
        // Written from the texts kept of shared definitions and cut copies: the same bytes.
        let at = dir.join(&part.name);
        parts.write_lent(&at).expect("written");
        for (name, text) in part.package.files() {
            let written = std::fs::read_to_string(at.join(name)).unwrap_or_default();
            assert!(written == text, "{}/{name}", part.name);
        }
    }
    assert!(parts.next_lent().is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn writing_with_no_part_lent_fails() {
    let package = package();
    let mut parts = split_parts(&package);
    let dir = std::env::temp_dir().join(format!("split-none-{}", std::process::id()));
    let err = parts.write_lent(&dir).expect_err("nothing lent");
    assert_eq!(err.category(), connector_convert::Category::Io);
    assert!(err.to_string().contains("no part is lent"), "{err}");
    assert!(!dir.exists());
}
