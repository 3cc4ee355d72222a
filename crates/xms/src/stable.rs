//! Operation ids that stay stable across regenerations.
//!
//! Flows refer to operations by id, and an id generated from method and path changes when
//! the path does. Given the previously generated definition, an operation that has no id in
//! the input takes the id the previous version gave the same operation, found in this order
//! (each previous id used once, never one the input gives another operation):
//!
//! 1. the same method and path;
//! 2. the same method and the same summary, when exactly one previous operation has it;
//! 3. the same method and the same last two path segments (variable names ignored), when
//!    exactly one previous operation has them — a path that gained or lost a prefix
//!    (`/pets/{id}` → `/v2/pets/{petId}`).
//!
//! Anything else is a new operation and gets a generated id.

use connector_core::collections::{HashMap, HashSet};

use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;

use crate::codes;

fn tail(path: &str) -> String {
    let segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.starts_with('{') && s.ends_with('}') {
                "{}".to_owned()
            } else {
                s.to_ascii_lowercase()
            }
        })
        .collect();
    let n = segs.len();
    segs.get(n.saturating_sub(2)..)
        .unwrap_or_default()
        .join("/")
}

struct Prev {
    method: &'static str,
    path: String,
    summary: Option<String>,
    id: String,
}

/// Gives operations without an id the id the previous version gave them (see the module docs).
pub fn previous_ids(doc: &mut sw::Document, previous: &sw::Document, diags: &mut Diagnostics) {
    let input_ids: HashSet<String> = doc
        .paths
        .paths
        .values()
        .flat_map(|i| i.operations().filter_map(|(_, o)| o.operation_id.clone()))
        .map(|id| id.to_ascii_lowercase())
        .collect();
    let prev: Vec<Prev> = previous
        .paths
        .paths
        .iter()
        .flat_map(|(p, i)| {
            i.operations().filter_map(move |(m, o)| {
                o.operation_id.clone().map(|id| Prev {
                    method: m,
                    path: p.clone(),
                    summary: o.summary.as_ref().map(|s| s.to_ascii_lowercase()),
                    id,
                })
            })
        })
        .filter(|p| !input_ids.contains(&p.id.to_ascii_lowercase()))
        .collect();
    if prev.is_empty() {
        return;
    }
    // The operations that need an id.
    let wanting: Vec<(String, &'static str, Option<String>)> = doc
        .paths
        .paths
        .iter()
        .flat_map(|(p, i)| {
            i.operations()
                .filter(|(_, o)| o.operation_id.is_none())
                .map(move |(m, o)| {
                    (
                        p.clone(),
                        m,
                        o.summary.as_ref().map(|s| s.to_ascii_lowercase()),
                    )
                })
        })
        .collect();
    let mut taken: HashSet<usize> = HashSet::default();
    let mut assigned: HashMap<(String, &'static str), (usize, &'static str)> = HashMap::default();
    // 1. Same method and path.
    for (path, method, _) in &wanting {
        if let Some(i) = prev
            .iter()
            .position(|p| p.method == *method && p.path == *path)
            .filter(|i| !taken.contains(i))
        {
            taken.insert(i);
            assigned.insert((path.clone(), method), (i, "the same method and path"));
        }
    }
    // 2. Same method and summary; 3. same method and path tail — each only when unambiguous.
    type Same = fn(&Prev, &str, &str, Option<&str>) -> bool;
    let rules: [(Same, &'static str); 2] = [
        (
            |p, _path, _m, summary| summary.is_some() && p.summary.as_deref() == summary,
            "the same summary",
        ),
        (
            |p, path, _m, _s| tail(&p.path) == tail(path) && !tail(path).is_empty(),
            "the same last path segments",
        ),
    ];
    for (same, why) in rules {
        for (path, method, summary) in &wanting {
            if assigned.contains_key(&(path.clone(), *method)) {
                continue;
            }
            let candidates: Vec<usize> = prev
                .iter()
                .enumerate()
                .filter(|(i, p)| {
                    !taken.contains(i)
                        && p.method == *method
                        && same(p, path, method, summary.as_deref())
                })
                .map(|(i, _)| i)
                .collect();
            if let [one] = candidates.as_slice() {
                taken.insert(*one);
                assigned.insert((path.clone(), method), (*one, why));
            }
        }
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in item.operations_mut() {
            let Some((i, why)) = assigned.get(&(path.clone(), method)) else {
                continue;
            };
            let Some(p) = prev.get(*i) else { continue };
            op.operation_id = Some(p.id.clone());
            let at = Pointer::root()
                .push("paths")
                .push(path)
                .push(method)
                .push("operationId");
            let how = if p.path == *path {
                why.to_string()
            } else {
                format!("{why}; it was at {} {}", p.method.to_uppercase(), p.path)
            };
            diags.info(
                codes::XMS_OPERATION_ID_KEPT,
                &at,
                format!(
                    "the operation keeps the id `{}` of the previous version ({how})",
                    p.id
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(v: serde_json::Value) -> sw::Document {
        sw::read_document(v, &mut Diagnostics::new())
    }

    #[test]
    fn ids_follow_operations_that_moved() {
        let previous = doc(
            json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {
            "/pets/{id}": {"get": {"operationId": "GetPetsId", "summary": "Get pet", "responses": {}}},
            "/pets": {"get": {"operationId": "ListPets", "summary": "List pets", "responses": {}},
                      "post": {"operationId": "PostPets", "summary": "Create pet", "responses": {}}}}}),
        );
        let mut new = doc(
            json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {
            "/v2/pets/{petId}": {"get": {"summary": "Fetch one pet", "responses": {}}},
            "/animals": {"get": {"summary": "List pets", "responses": {}}},
            "/pets": {"post": {"summary": "Add a pet", "responses": {}}},
            "/toys": {"get": {"summary": "List toys", "responses": {}}}}}),
        );
        let mut diags = Diagnostics::new();
        previous_ids(&mut new, &previous, &mut diags);
        let id = |p: &str, m: &str| {
            new.paths.paths[p]
                .operation(m)
                .unwrap()
                .operation_id
                .clone()
        };
        assert_eq!(id("/v2/pets/{petId}", "get").as_deref(), Some("GetPetsId"));
        assert_eq!(id("/animals", "get").as_deref(), Some("ListPets"));
        assert_eq!(id("/pets", "post").as_deref(), Some("PostPets"));
        assert_eq!(id("/toys", "get"), None, "a new operation gets a new id");
    }

    #[test]
    fn input_ids_win() {
        let previous = doc(
            json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {
            "/a": {"get": {"operationId": "Mine", "responses": {}}}}}),
        );
        let mut new = doc(
            json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {
            "/a": {"get": {"responses": {}}},
            "/b": {"get": {"operationId": "Mine", "responses": {}}}}}),
        );
        previous_ids(&mut new, &previous, &mut Diagnostics::new());
        assert_eq!(
            new.paths.paths["/a"].get.as_ref().unwrap().operation_id,
            None
        );
    }
}
