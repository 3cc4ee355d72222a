//! OpenAPI Overlay documents (1.0, plus the `copy` action of 1.1) applied to the produced
//! connector definition, and the overlay that turns one definition into another.
//!
//! Targets are RFC 9535 JSONPath expressions (`serde_json_path`). An action's `update` is
//! merged into every node its target selects: objects merge key by key (recursively), an
//! array target gets the update's items appended (or the update itself when it is not an
//! array), anything else is replaced. `remove: true` deletes the selected nodes. `copy` (1.1)
//! names a JSONPath whose single node is merged like an `update`.

use connector_core::{Diagnostics, Limits, Pointer, load_document};
use serde_json::{Map, Value, json};
use serde_json_path::JsonPath;

use crate::Error;

/// An overlay action targets nothing in the definition (the API probably changed under it).
pub const OVERLAY_NO_MATCH: &str = "OVERLAY_NO_MATCH";
/// An overlay action was applied.
pub const OVERLAY_APPLIED: &str = "OVERLAY_APPLIED";
/// An overlay action could not be applied as written (a `copy` source that is not one node, an
/// update that does not fit its target, a removal of the root).
pub const OVERLAY_ACTION_SKIPPED: &str = "OVERLAY_ACTION_SKIPPED";

/// One action of an overlay.
#[derive(Clone, Debug)]
struct Action {
    target: JsonPath,
    target_text: String,
    description: Option<String>,
    update: Option<Value>,
    remove: bool,
    copy: Option<(JsonPath, String)>,
}

/// A parsed overlay document.
#[derive(Clone, Debug)]
pub struct Overlay {
    name: String,
    actions: Vec<Action>,
}

impl Overlay {
    /// Reads an overlay (JSON or YAML). Fails on anything that is not an Overlay 1.x document
    /// or whose targets are not JSONPath expressions, naming the action.
    pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Overlay, Error> {
        let (value, _) = load_document(bytes, limits).map_err(Error::load)?;
        let invalid = |m: String| Error::invalid(m, Vec::new());
        let version = value
            .get("overlay")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !version.starts_with("1.") {
            return Err(invalid(format!(
                "not an Overlay 1.x document (`overlay` is `{version}`)"
            )));
        }
        let name = value
            .pointer("/info/title")
            .and_then(Value::as_str)
            .unwrap_or("overlay")
            .to_owned();
        let list = value
            .get("actions")
            .and_then(Value::as_array)
            .ok_or_else(|| invalid("the overlay has no `actions` list".into()))?;
        let mut actions = Vec::with_capacity(list.len());
        for (i, a) in list.iter().enumerate() {
            let at = format!("/actions/{i}");
            let target_text = a
                .get("target")
                .and_then(Value::as_str)
                .ok_or_else(|| invalid(format!("{at}: the action has no `target`")))?
                .to_owned();
            let target = JsonPath::parse(&target_text).map_err(|e| {
                invalid(format!("{at}/target: `{target_text}` is not JSONPath: {e}"))
            })?;
            let copy = match a.get("copy").and_then(Value::as_str) {
                Some(c) => Some((
                    JsonPath::parse(c)
                        .map_err(|e| invalid(format!("{at}/copy: `{c}` is not JSONPath: {e}")))?,
                    c.to_owned(),
                )),
                None => None,
            };
            let remove = a.get("remove").and_then(Value::as_bool).unwrap_or(false);
            let update = a.get("update").cloned();
            if !remove && update.is_none() && copy.is_none() {
                return Err(invalid(format!(
                    "{at}: the action has neither `update`, `remove` nor `copy`"
                )));
            }
            actions.push(Action {
                target,
                target_text,
                description: a
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                update,
                remove,
                copy,
            });
        }
        Ok(Overlay { name, actions })
    }

    /// The overlay's title.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Applies every action in order. Pointers of diagnostics are the actions' places in the
    /// overlay (`/actions/3`).
    pub fn apply(&self, doc: &mut Value, diags: &mut Diagnostics) {
        for (i, a) in self.actions.iter().enumerate() {
            let at = Pointer::root().push("actions").index(i);
            let what = a.description.as_deref().map_or_else(
                || format!("`{}`", a.target_text),
                |d| format!("`{}` ({d})", a.target_text),
            );
            let pointers: Vec<String> = a
                .target
                .query_located(doc)
                .locations()
                .map(|l| l.to_json_pointer())
                .collect();
            if pointers.is_empty() {
                diags
                    .warn(
                        OVERLAY_NO_MATCH,
                        &at,
                        format!(
                            "overlay `{}` action {what} matches nothing in the definition",
                            self.name
                        ),
                    )
                    .help("the API probably changed under the overlay: update its target");
                continue;
            }
            if a.remove {
                // Deepest and last first, so earlier pointers stay valid.
                let mut sorted = pointers.clone();
                sorted.sort_by(|x, y| y.cmp(x));
                sorted.sort_by_key(|p| std::cmp::Reverse(p.matches('/').count()));
                let mut removed = 0;
                for p in sorted {
                    if connector_swagger2::nodes::remove_node(
                        doc,
                        &connector_core::Pointer::parse(&p),
                    ) {
                        removed += 1;
                    }
                }
                if removed < pointers.len() {
                    diags.warn(
                        OVERLAY_ACTION_SKIPPED,
                        &at,
                        format!("overlay action {what}: the document root cannot be removed"),
                    );
                }
                diags.info(
                    OVERLAY_APPLIED,
                    &at,
                    format!("overlay action {what} removed {removed} node(s)"),
                );
                continue;
            }
            let value = match (&a.copy, &a.update) {
                (Some((path, text)), _) => {
                    let found: Vec<Value> = path.query(doc).all().into_iter().cloned().collect();
                    match found.as_slice() {
                        [one] => one.clone(),
                        _ => {
                            diags.warn(
                                OVERLAY_ACTION_SKIPPED,
                                &at,
                                format!(
                                    "overlay action {what}: `copy` source `{text}` selects {} nodes, not one",
                                    found.len()
                                ),
                            );
                            continue;
                        }
                    }
                }
                (None, Some(u)) => u.clone(),
                (None, None) => continue,
            };
            for p in &pointers {
                if let Some(node) = doc.pointer_mut(p) {
                    merge(node, &value);
                }
            }
            diags.info(
                OVERLAY_APPLIED,
                &at,
                format!("overlay action {what} updated {} node(s)", pointers.len()),
            );
        }
    }
}

/// Merges `update` into `target` (see the module docs).
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(t), Value::Object(u)) => {
            for (k, v) in u {
                match t.get_mut(k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        t.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(u)) => t.extend(u.iter().cloned()),
        (Value::Array(t), u) => t.push(u.clone()),
        (t, u) => *t = u.clone(),
    }
}

/// A JSONPath segment naming one member (`['name']`), escaped per RFC 9535.
fn name_segment(name: &str) -> String {
    let mut out = String::from("['");
    for c in name.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str("']");
    out
}

/// The overlay that turns `old` into `new`: removals first, then updates, each at the
/// deepest place that differs. Arrays of the same length are compared item by item; other
/// arrays are replaced whole.
pub fn overlay_between(old: &Value, new: &Value, title: &str) -> Value {
    let mut removes = Vec::new();
    let mut updates = Vec::new();
    diff(old, new, "$", &mut removes, &mut updates);
    let mut actions: Vec<Value> = removes
        .into_iter()
        .map(|t| json!({"target": t, "remove": true}))
        .collect();
    actions.extend(
        updates
            .into_iter()
            .map(|(t, u)| json!({"target": t, "update": Value::Object(u)})),
    );
    json!({
        "overlay": "1.0.0",
        "info": {"title": title, "version": "1.0.0"},
        "actions": actions,
    })
}

fn diff(
    old: &Value,
    new: &Value,
    path: &str,
    removes: &mut Vec<String>,
    updates: &mut Vec<(String, Map<String, Value>)>,
) {
    let (Value::Object(o), Value::Object(n)) = (old, new) else {
        return;
    };
    let mut set = Map::new();
    for k in o.keys() {
        if !n.contains_key(k) {
            removes.push(format!("{path}{}", name_segment(k)));
        }
    }
    for (k, nv) in n {
        let here = format!("{path}{}", name_segment(k));
        match o.get(k) {
            None => {
                set.insert(k.clone(), nv.clone());
            }
            Some(ov) if ov == nv => {}
            Some(Value::Object(_)) if nv.is_object() => diff(
                o.get(k).unwrap_or(&Value::Null),
                nv,
                &here,
                removes,
                updates,
            ),
            Some(Value::Array(oa)) => match nv {
                Value::Array(na)
                    if oa.len() == na.len()
                        && oa
                            .iter()
                            .zip(na)
                            .all(|(x, y)| x.is_object() && y.is_object()) =>
                {
                    for (i, (x, y)) in oa.iter().zip(na).enumerate() {
                        if x != y {
                            diff(x, y, &format!("{here}[{i}]"), removes, updates);
                        }
                    }
                }
                _ => {
                    // An update would append to the array: remove it, then set it.
                    removes.push(here);
                    set.insert(k.clone(), nv.clone());
                }
            },
            Some(_) => {
                set.insert(k.clone(), nv.clone());
            }
        }
    }
    if !set.is_empty() {
        updates.push((path.to_owned(), set));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlay(v: Value) -> Overlay {
        Overlay::parse(v.to_string().as_bytes(), &Limits::default()).unwrap()
    }

    #[test]
    fn update_remove_and_no_match() {
        let mut doc = json!({"paths": {"/pets": {"get": {"summary": "List", "tags": ["a"],
            "parameters": [{"name": "limit"}, {"name": "offset"}]}}}});
        let o = overlay(
            json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"},
            "actions": [
                {"target": "$.paths['/pets'].get", "update": {"summary": "List pets", "x-ms-visibility": "important"}},
                {"target": "$.paths['/pets'].get.tags", "update": "b"},
                {"target": "$.paths['/pets'].get.parameters[?@.name == 'offset']", "remove": true},
                {"target": "$.paths['/gone'].get", "description": "old path", "update": {"summary": "x"}}]}),
        );
        let mut d = Diagnostics::new();
        o.apply(&mut doc, &mut d);
        let get = &doc["paths"]["/pets"]["get"];
        assert_eq!(get["summary"], "List pets");
        assert_eq!(get["x-ms-visibility"], "important");
        assert_eq!(get["tags"], json!(["a", "b"]));
        assert_eq!(get["parameters"], json!([{"name": "limit"}]));
        let no_match: Vec<_> = d
            .as_slice()
            .iter()
            .filter(|x| x.code == OVERLAY_NO_MATCH)
            .collect();
        assert_eq!(no_match.len(), 1);
        assert_eq!(no_match[0].pointer, "/actions/3");
        assert!(no_match[0].message.contains("old path"));
    }

    #[test]
    fn copy_takes_one_node() {
        let mut doc = json!({"a": {"x": 1}, "b": {}});
        let o = overlay(
            json!({"overlay": "1.1.0", "info": {"title": "t", "version": "1"},
            "actions": [{"target": "$.b", "copy": "$.a"}, {"target": "$.b", "copy": "$.*"}]}),
        );
        let mut d = Diagnostics::new();
        o.apply(&mut doc, &mut d);
        assert_eq!(doc["b"], json!({"x": 1}));
        assert!(
            d.as_slice()
                .iter()
                .any(|x| x.code == OVERLAY_ACTION_SKIPPED)
        );
    }

    #[test]
    fn bad_overlays_are_errors() {
        let parse = |v: Value| Overlay::parse(v.to_string().as_bytes(), &Limits::default());
        assert!(parse(json!({"openapi": "3.0.0"})).is_err());
        let e = parse(json!({"overlay": "1.0.0", "actions": [{"target": "$[", "remove": true}]}))
            .unwrap_err();
        assert!(e.to_string().contains("/actions/0/target"), "{e}");
        assert!(parse(json!({"overlay": "1.0.0", "actions": [{"target": "$"}]})).is_err());
    }

    #[test]
    fn the_generated_overlay_turns_old_into_new() {
        let old = json!({"info": {"title": "A", "x": [1, 2]}, "paths": {"/a's": {"get": {
            "summary": "s", "parameters": [{"name": "p", "in": "query"}, {"name": "q"}]}}},
            "gone": true});
        let new = json!({"info": {"title": "B", "x": [1]}, "paths": {"/a's": {"get": {
            "summary": "s", "description": "d", "parameters": [{"name": "p", "in": "query",
            "x-ms-summary": "P"}, {"name": "q"}]}}, "/b": {"get": {}}}});
        let overlay_doc = overlay_between(&old, &new, "edits");
        let o = overlay(overlay_doc);
        let mut doc = old.clone();
        let mut d = Diagnostics::new();
        o.apply(&mut doc, &mut d);
        assert_eq!(doc, new);
        assert!(!d.as_slice().iter().any(|x| x.code == OVERLAY_NO_MATCH));
    }
}
