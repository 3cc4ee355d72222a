//! Breaking-change detection: one case per change kind (fixtures/diff/cases.yaml over the
//! package in fixtures/check/base), no change between a package and itself or its
//! regeneration, and the changes planted in a second version of a real API are all found.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::mutate::{Package as Files, apply, base, load};
use connector_convert::{CHANGE_KINDS, Change, Impact, Options, Package, convert, diff};
use serde_json::Value;

fn package(f: &Files) -> Package {
    let (p, _) = Package::from_files(
        &serde_json::to_vec(&f.definition).unwrap(),
        Some(&serde_json::to_vec(&f.properties).unwrap()),
        &Default::default(),
    )
    .unwrap();
    p
}

fn cases() -> Vec<Value> {
    load("fixtures/diff/cases.yaml")["cases"]
        .as_array()
        .unwrap()
        .clone()
}

fn show(changes: &[Change]) -> String {
    changes
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n  ")
}

fn split(p: &str) -> (&'static str, &str) {
    match p.strip_prefix("properties#") {
        Some(rest) => ("apiProperties.json", rest),
        None => ("apiDefinition.swagger.json", p),
    }
}

#[test]
fn a_package_compared_with_itself_has_no_changes() {
    let old = package(&base());
    assert!(diff(&old, &old.clone()).is_empty());
}

#[test]
fn every_kind_is_reported_where_its_case_says() {
    let old = package(&base());
    let mut problems = Vec::new();
    for case in cases() {
        let kind = case["kind"].as_str().unwrap();
        let mut files = base();
        apply(&mut files, &case);
        let changes = diff(&old, &package(&files));
        let hit = changes.iter().any(|c| {
            c.kind == kind
                && ["old", "new"].iter().all(|side| {
                    case.get(*side).and_then(Value::as_str).is_none_or(|p| {
                        let (file, at) = split(p);
                        let got = if *side == "old" { &c.old } else { &c.new };
                        c.file == file && got.as_deref() == Some(at)
                    })
                })
        });
        if !hit {
            problems.push(format!(
                "{kind}: not reported as expected; got:\n  {}",
                show(&changes)
            ));
        }
        let expected = CHANGE_KINDS.iter().find(|k| k.id == kind).unwrap().impact;
        // Non-breaking edits never come with a breaking change.
        if expected != Impact::Breaking && changes.iter().any(|c| c.impact == Impact::Breaking) {
            problems.push(format!(
                "{kind}: a breaking change was reported too:\n  {}",
                show(&changes)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_kind_has_a_case_and_a_line_in_the_docs() {
    let covered: Vec<String> = cases()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_owned())
        .collect();
    let doc = std::fs::read_to_string(common::repo().join("docs/diff.md")).unwrap();
    for k in CHANGE_KINDS {
        assert!(covered.iter().any(|c| c == k.id), "{} has no case", k.id);
        assert!(
            doc.contains(&format!("`{}`", k.id)),
            "{} is not in docs/diff.md",
            k.id
        );
    }
}

/// A second version of the Swagger Petstore (OpenAPI 3.0), edited the way APIs evolve.
fn petstore_v2(v1: &Value) -> Value {
    let mut v = v1.clone();
    let paths = v["paths"].as_object_mut().unwrap();
    // A path moves under /v2 but keeps its operation id (a move, not a removal).
    let find = paths.shift_remove("/pet/findByTags").unwrap();
    paths.insert("/v2/pet/findByTags".into(), find);
    // An operation is dropped.
    paths.remove("/user/logout");
    // An operation id is renamed.
    paths["/store/inventory"]["get"]["operationId"] = "getStoreInventory".into();
    // A new required query parameter, and a new optional one.
    let params = paths["/pet/findByStatus"]["get"]["parameters"]
        .as_array_mut()
        .unwrap();
    params.push(
        serde_json::json!({"name": "shelter", "in": "query", "required": true,
        "schema": {"type": "string"}}),
    );
    params.push(serde_json::json!({"name": "limit", "in": "query", "schema": {"type": "integer"}}));
    // A new operation.
    paths.insert(
        "/pet/{petId}/vaccinations".into(),
        serde_json::json!({"get": {"operationId": "listVaccinations",
            "parameters": [{"name": "petId", "in": "path", "required": true, "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "ok"}}}}),
    );
    let schemas = v["components"]["schemas"].as_object_mut().unwrap();
    // An output property is removed and another changes type; a status value goes away.
    schemas["Order"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("complete");
    schemas["Order"]["properties"]["quantity"]["type"] = "string".into();
    schemas["Pet"]["properties"]["status"]["enum"] = serde_json::json!(["available", "sold"]);
    v
}

#[test]
fn planted_changes_in_a_new_version_of_a_real_api_are_found() {
    if common::skip_without_shared("the corpus") {
        return;
    }
    let path = common::shared()
        .unwrap()
        .join("corpus/oas30/swagger-petstore-v3.yaml");
    let bytes = std::fs::read(path).unwrap();
    let (v1, _) = connector_core::load_document(&bytes, &Default::default()).unwrap();
    let v2 = petstore_v2(&v1);
    let opts = Options::default();
    let old = convert(serde_json::to_vec(&v1).unwrap(), &opts)
        .unwrap()
        .package;
    let new = convert(serde_json::to_vec(&v2).unwrap(), &opts)
        .unwrap()
        .package;
    let changes = diff(&old, &new);
    let has = |kind: &str, text: &str| {
        changes
            .iter()
            .any(|c| c.kind == kind && c.message.contains(text))
    };
    let expected = [
        ("OperationMoved", "FindPetsByTags"),
        ("OperationRemoved", "LogoutUser"),
        ("OperationIdChanged", "GetStoreInventory"),
        ("RequiredParameterAdded", "shelter"),
        ("ParameterAdded", "limit"),
        ("OperationAdded", "ListVaccinations"),
        ("ResponsePropertyRemoved", "complete"),
        ("ResponsePropertyTypeChanged", "quantity"),
        ("EnumNarrowed", "pending"),
        // Order is also the body of placeOrder: the same edits break what flows send.
        ("RequestPropertyRemoved", "complete"),
        ("RequestPropertyTypeChanged", "quantity"),
    ];
    let missing: Vec<_> = expected.iter().filter(|(k, t)| !has(k, t)).collect();
    assert!(
        missing.is_empty(),
        "missing {missing:?} in:\n  {}",
        show(&changes)
    );
    // Nothing breaking beyond what was planted.
    let breaking: Vec<&Change> = changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .filter(|c| {
            !expected
                .iter()
                .any(|(k, t)| c.kind == *k && c.message.contains(t))
        })
        .collect();
    assert!(
        breaking.is_empty(),
        "unexpected breaking changes:\n  {}",
        breaking
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
    // And a regeneration of the same version changes nothing.
    let again = convert(serde_json::to_vec(&v2).unwrap(), &opts)
        .unwrap()
        .package;
    assert!(diff(&new, &again).is_empty());
}

/// Removes every operationId, as in specs that do not name their operations.
fn strip_ids(v: &mut Value) {
    for item in v["paths"].as_object_mut().unwrap().values_mut() {
        for op in item.as_object_mut().unwrap().values_mut() {
            if let Some(o) = op.as_object_mut() {
                o.remove("operationId");
            }
        }
    }
}

#[test]
fn generated_ids_stay_stable_across_versions_with_the_previous_connector() {
    if common::skip_without_shared("the corpus") {
        return;
    }
    let path = common::shared()
        .unwrap()
        .join("corpus/oas30/swagger-petstore-v3.yaml");
    let bytes = std::fs::read(path).unwrap();
    let (mut v1, _) = connector_core::load_document(&bytes, &Default::default()).unwrap();
    strip_ids(&mut v1);
    // Version 2: a path gains a prefix, a summary is reworded, a new operation appears.
    let mut v2 = v1.clone();
    let paths = v2["paths"].as_object_mut().unwrap();
    let moved = paths.shift_remove("/pet/findByTags").unwrap();
    paths.insert("/v2/pet/findByTags".into(), moved);
    paths["/store/inventory"]["get"]["summary"] = "Inventory counts by status".into();
    paths.insert(
        "/pet/{petId}/vaccinations".into(),
        serde_json::json!({"get": {"parameters": [{"name": "petId", "in": "path", "required": true,
            "schema": {"type": "integer"}}], "responses": {"200": {"description": "ok"}}}}),
    );
    let bytes = |v: &Value| serde_json::to_vec(v).unwrap();
    let old = convert(bytes(&v1), &Options::default()).unwrap().package;

    // Without the previous connector the moved operation gets a new id: a breaking change.
    let plain = convert(bytes(&v2), &Options::default()).unwrap().package;
    let changes = diff(&old, &plain);
    assert!(
        changes.iter().any(|c| c.kind == "OperationRemoved"),
        "{}",
        show(&changes)
    );

    // With it, every operation keeps its id; only the new one is new.
    let c = convert(
        bytes(&v2),
        &Options::default().previous(old.definition.clone()),
    )
    .unwrap();
    let changes = diff(&old, &c.package);
    let breaking: Vec<&Change> = changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .collect();
    assert!(breaking.is_empty(), "{}", show(&changes));
    assert!(
        changes
            .iter()
            .any(|c| c.kind == "OperationMoved" && c.message.contains("findByTags"))
    );
    assert_eq!(
        changes
            .iter()
            .filter(|c| c.kind == "OperationAdded")
            .count(),
        1,
        "{}",
        show(&changes)
    );
    assert!(
        c.diagnostics
            .iter()
            .any(|d| d.code == "XMS_OPERATION_ID_KEPT" && d.message.contains("/pet/findByTags"))
    );
    // Regenerating with the previous connector is idempotent.
    let again = convert(
        bytes(&v2),
        &Options::default().previous(c.package.definition.clone()),
    )
    .unwrap()
    .package;
    assert_eq!(again.files(), c.package.files());
}
