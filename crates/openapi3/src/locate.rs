//! Finding the smallest piece of a document that the typed OpenAPI model rejects, so that it
//! can be named and dropped (openapiv3's own error paths stop at flattened types).

use connector_core::Pointer;
use openapiv3 as oa;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn fails<T: DeserializeOwned>(v: &Value) -> Option<String> {
    serde_json::from_value::<T>(v.clone())
        .err()
        .map(|e| e.to_string())
}

/// A check that a value parses as one OpenAPI object kind.
type Check = fn(&Value) -> Option<String>;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The pointer of the smallest failing piece and the parser's message, when one is found.
pub(crate) fn locate(doc: &Value) -> Option<(Pointer, String)> {
    let root = Pointer::root();
    if let Some(e) = doc.get("info").and_then(fails::<oa::Info>) {
        return Some((root.push("info"), e));
    }
    let arrays: [(&str, Check); 3] = [
        ("servers", fails::<oa::Server>),
        ("tags", fails::<oa::Tag>),
        ("security", fails::<oa::SecurityRequirement>),
    ];
    for (key, check) in arrays {
        let entries = doc.get(key).and_then(Value::as_array).into_iter().flatten();
        for (i, entry) in entries.enumerate() {
            if let Some(e) = check(entry) {
                return Some((root.push(key).index(i), e));
            }
        }
    }
    // Path items are parsed, and their pieces located, one at a time (`path_item`).
    if let Some(c) = doc.get("components").and_then(Value::as_object) {
        let at = root.push("components");
        let sections: [(&str, Check); 9] = [
            ("schemas", fails::<oa::ReferenceOr<oa::Schema>>),
            ("responses", fails::<oa::ReferenceOr<oa::Response>>),
            ("parameters", fails::<oa::ReferenceOr<oa::Parameter>>),
            ("examples", fails::<oa::ReferenceOr<oa::Example>>),
            ("requestBodies", fails::<oa::ReferenceOr<oa::RequestBody>>),
            ("headers", fails::<oa::ReferenceOr<oa::Header>>),
            (
                "securitySchemes",
                fails::<oa::ReferenceOr<oa::SecurityScheme>>,
            ),
            ("links", fails::<oa::ReferenceOr<oa::Link>>),
            ("callbacks", fails::<oa::ReferenceOr<oa::Callback>>),
        ];
        for (name, check) in sections {
            let Some(entries) = c.get(name) else { continue };
            let Some(map) = entries.as_object() else {
                return Some((at.push(name), format!("`{name}` must be an object")));
            };
            for (k, v) in map.iter().filter(|(k, _)| !k.starts_with("x-")) {
                if let Some(e) = check(v) {
                    return Some((at.push(name).push(k), e));
                }
            }
        }
    }
    None
}

/// Where the document fails when [`locate`] finds no piece to blame: the first top-level
/// member, in the document's order, of a kind its place does not take (`openapi` not a
/// string, `servers` not a list, ...), else the root (a required member is missing).
pub(crate) fn member(doc: &Value) -> Pointer {
    let members = doc.as_object().into_iter().flatten();
    for (k, v) in members {
        let fits = match k.as_str() {
            "openapi" => v.is_string(),
            "paths" => v.is_object(),
            "servers" | "tags" => v.is_array(),
            "security" => v.is_array() || v.is_null(),
            "components" => v.is_object() || v.is_null(),
            "externalDocs" => fails::<Option<oa::ExternalDocumentation>>(v).is_none(),
            // Checked piece by piece by `locate`.
            _ => true,
        };
        if !fits {
            return Pointer::root().push(k);
        }
    }
    Pointer::root()
}

/// The smallest failing piece of one path item (at `at`), when it fails.
pub(crate) fn path_item(item: &Value, at: &Pointer) -> Option<(Pointer, String)> {
    let e = fails::<oa::ReferenceOr<oa::PathItem>>(item)?;
    for (i, p) in item
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if let Some(e) = fails::<oa::ReferenceOr<oa::Parameter>>(p) {
            return Some((at.push("parameters").index(i), e));
        }
    }
    for m in METHODS {
        let Some(op) = item.get(m) else { continue };
        let oat = at.push(m);
        let Some(e) = fails::<oa::Operation>(op) else {
            continue;
        };
        for (i, p) in op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(e) = fails::<oa::ReferenceOr<oa::Parameter>>(p) {
                return Some((oat.push("parameters").index(i), e));
            }
        }
        if let Some(e) = op
            .get("requestBody")
            .and_then(fails::<oa::ReferenceOr<oa::RequestBody>>)
        {
            return Some((oat.push("requestBody"), e));
        }
        if let Some(responses) = op.get("responses").and_then(Value::as_object) {
            for (code, r) in responses.iter().filter(|(k, _)| !k.starts_with("x-")) {
                if let Some(e) = fails::<oa::ReferenceOr<oa::Response>>(r) {
                    return Some((oat.push("responses").push(code), e));
                }
            }
        }
        return Some((oat, e));
    }
    Some((at.clone(), e))
}

/// Removes the value at `at` (an object member or array element); false for the root or
/// the required top-level objects.
pub(crate) fn remove(doc: &mut Value, at: &Pointer) -> bool {
    if matches!(at.as_str(), "/info" | "/openapi" | "/paths") {
        return false;
    }
    connector_swagger2::nodes::remove_node(doc, at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_member_of_the_wrong_kind_is_named_first_in_document_order() {
        let at = |doc: Value| member(&doc).as_str().to_owned();
        assert_eq!(
            at(json!({"openapi": "3.0.3", "externalDocs": {"url": 5}})),
            "/externalDocs"
        );
        assert_eq!(at(json!({"tags": {}, "openapi": 3})), "/tags");
        assert_eq!(at(json!({"openapi": 3, "tags": {}})), "/openapi");
        assert_eq!(at(json!({"components": [], "paths": {}})), "/components");
        // Of a kind that fits, or missing: the root.
        let fine = json!({"openapi": "3.1.0", "security": null, "components": null,
            "externalDocs": {"url": "https://example.com"}, "servers": [], "x-a": 1});
        assert_eq!(at(fine), "");
        assert_eq!(at(json!([])), "");
    }
}
