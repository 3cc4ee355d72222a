//! The limits a loaded document is held to before any reader looks at it: how long a chain of
//! `$ref`s may be and how many schemas it may hold. Both are counted in one pass over the
//! value, in time linear in its size, so a hostile document is refused before the readers
//! spend anything on it.

use crate::collections::HashMap;

use serde_json::Value;

use crate::load::Limits;
use crate::pointer::Pointer;
use crate::refs::{ref_member, structural_child};

/// A document over one of the [`Limits`] that are checked after loading.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitError {
    /// A chain of `$ref`s, each naming another `$ref`, is longer than [`Limits::max_ref_hops`].
    #[error(
        "the `$ref` at {pointer} starts a chain of more than {limit} references, each naming another (raise Limits::max_ref_hops / --max-ref-hops)"
    )]
    RefHops {
        /// Where the chain starts.
        pointer: String,
        /// The limit in force.
        limit: usize,
    },
    /// The document holds more schema objects than [`Limits::max_schemas`].
    #[error(
        "the document holds more than {limit} schemas (raise Limits::max_schemas / --max-schemas)"
    )]
    Schemas {
        /// The limit in force.
        limit: usize,
    },
}

impl LimitError {
    /// The JSON pointer the error is about, when there is one.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            LimitError::RefHops { pointer, .. } => Some(pointer),
            LimitError::Schemas { .. } => None,
        }
    }
}

/// Keys whose value is one schema.
const SCHEMA_KEYS: &[&str] = &[
    "schema",
    "items",
    "additionalProperties",
    "additionalItems",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
];
/// Keys whose value maps names to schemas.
const SCHEMA_MAP_KEYS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "schemas",
    "dependentSchemas",
];
/// Keys whose value lists schemas.
const SCHEMA_LIST_KEYS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];

/// Checks the document against [`Limits::max_ref_hops`] (for references within the document;
/// references to other files are held to it as they are read) and [`Limits::max_schemas`].
pub fn check_limits(doc: &Value, limits: &Limits) -> Result<(), LimitError> {
    let mut refs = Vec::new();
    let mut schemas = 0usize;
    gather(doc, false, &mut refs, &mut schemas);
    if schemas > limits.max_schemas {
        return Err(LimitError::Schemas {
            limit: limits.max_schemas,
        });
    }
    let mut chains = Chains {
        doc,
        known: HashMap::default(),
    };
    for target in refs {
        if chains.hops(target, limits.max_ref_hops) > limits.max_ref_hops {
            // The place is looked up only now: the first `$ref` with this target in document
            // order, which is the first one over the limit (the same target gives the same
            // chain).
            let mut at = Pointer::root();
            find_ref(doc, false, target, &mut at);
            return Err(LimitError::RefHops {
                pointer: at.push("$ref").as_str().to_owned(),
                limit: limits.max_ref_hops,
            });
        }
    }
    Ok(())
}

/// Whether an object (in document order, outside data) has `$ref: target`; `at` is then its
/// pointer (it is grown and cut back while searching, so only the place found is kept).
fn find_ref(v: &Value, names: bool, target: &str, at: &mut Pointer) -> bool {
    // Descends into one child, keeping `at` only when the reference is found below it.
    let below = |len: usize, c: &Value, child_names: bool, at: &mut Pointer| {
        let found = find_ref(c, child_names, target, at);
        if !found {
            at.truncate(len);
        }
        found
    };
    match v {
        Value::Object(map) => {
            (!names && map.get("$ref").and_then(Value::as_str) == Some(target))
                || map.iter().any(|(k, c)| {
                    (c.is_object() || c.is_array())
                        && structural_child(names, k)
                            .is_some_and(|n| below(at.push_in_place(k), c, n, at))
                })
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .any(|(i, c)| below(at.index_in_place(i), c, false, at)),
        _ => false,
    }
}

/// Collects the local `$ref`s and counts schema objects. The loader has bounded the depth, so the recursion is bounded too.
fn gather<'v>(v: &'v Value, names: bool, refs: &mut Vec<&'v str>, schemas: &mut usize) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = (!names).then(|| ref_member(map)).flatten() {
                if r.starts_with('#') {
                    refs.push(r);
                }
            }
            for (k, c) in map {
                if !(c.is_object() || c.is_array()) {
                    continue;
                }
                let Some(child_names) = structural_child(names, k) else {
                    continue;
                };
                let key = k.as_str();
                // In a map of names (properties, ...) the keys are names, not keywords; the
                // parent counted its entries.
                *schemas += if names {
                    0
                } else if SCHEMA_KEYS.contains(&key) {
                    usize::from(c.is_object())
                } else if SCHEMA_MAP_KEYS.contains(&key) {
                    c.as_object()
                        .map_or(0, |m| m.values().filter(|s| s.is_object()).count())
                } else if SCHEMA_LIST_KEYS.contains(&key) {
                    c.as_array()
                        .map_or(0, |l| l.iter().filter(|s| s.is_object()).count())
                } else {
                    0
                };
                gather(c, child_names, refs, schemas);
            }
        }
        Value::Array(items) => {
            for c in items {
                if c.is_object() || c.is_array() {
                    gather(c, false, refs, schemas);
                }
            }
        }
        _ => {}
    }
}

/// The schema objects in `v` (the value itself not counted), as [`check_limits`] counts them.
pub(crate) fn count_schemas(v: &Value) -> usize {
    let mut schemas = 0;
    gather(v, false, &mut Vec::new(), &mut schemas);
    schemas
}

/// Chain lengths of local references, remembered so each reference is followed once.
struct Chains<'v> {
    doc: &'v Value,
    known: HashMap<&'v str, usize>,
}

impl<'v> Chains<'v> {
    /// How many `$ref`s are followed from `start` before reaching something that is not a
    /// `$ref` (or a missing target, or a `$ref` already on the chain: a cycle, which the
    /// readers cut). Stops counting past `limit`.
    fn hops(&mut self, start: &'v str, limit: usize) -> usize {
        let mut chain: Vec<&'v str> = Vec::new();
        let mut current = start;
        let tail = loop {
            if let Some(n) = self.known.get(current) {
                break *n;
            }
            if chain.contains(&current) || chain.len() > limit {
                break 0;
            }
            chain.push(current);
            match self.next(current) {
                Some(next) => current = next,
                None => break 0,
            }
        };
        // Each reference on the chain is one hop more than the one it names.
        let mut n = tail;
        for r in chain.iter().rev() {
            n += 1;
            self.known.insert(r, n);
        }
        n
    }

    /// The `$ref` the target of `r` holds, if it is one.
    fn next(&self, r: &str) -> Option<&'v str> {
        crate::pointer::lookup(self.doc, r.strip_prefix('#')?)?
            .get("$ref")
            .and_then(Value::as_str)
            .filter(|s| s.starts_with('#'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chain(n: usize, cyclic: bool) -> Value {
        let mut schemas = serde_json::Map::new();
        for i in 0..n {
            let next = if i + 1 == n && cyclic { 0 } else { i + 1 };
            schemas.insert(
                format!("S{i}"),
                json!({"$ref": format!("#/components/schemas/S{next}")}),
            );
        }
        schemas.insert(format!("S{n}"), json!({"type": "string"}));
        json!({"components": {"schemas": schemas}})
    }

    #[test]
    fn chains_up_to_the_limit_pass_and_longer_ones_fail_at_their_start() {
        let limits = Limits::default().with_max_ref_hops(10);
        assert!(check_limits(&chain(10, false), &limits).is_ok());
        let err = check_limits(&chain(11, false), &limits).unwrap_err();
        assert_eq!(
            err,
            LimitError::RefHops {
                pointer: "/components/schemas/S0/$ref".into(),
                limit: 10
            }
        );
        assert!(err.to_string().contains("--max-ref-hops"));
    }

    #[test]
    fn cycles_are_left_to_the_readers_unless_longer_than_the_limit() {
        let limits = Limits::default().with_max_ref_hops(10);
        assert!(check_limits(&chain(1, true), &limits).is_ok());
        assert!(check_limits(&chain(10, true), &limits).is_ok());
        assert!(check_limits(&chain(12, true), &limits).is_err());
    }

    #[test]
    fn long_chains_are_followed_once() {
        // 20,000 references into one 50-long chain stay linear.
        let mut doc = chain(50, false);
        let users: Vec<Value> = (0..20_000)
            .map(|_| json!({"$ref": "#/components/schemas/S0"}))
            .collect();
        doc["paths"] = json!(users);
        assert!(check_limits(&doc, &Limits::default()).is_ok());
    }

    #[test]
    fn schemas_are_counted_named_and_inline_but_not_in_examples() {
        let doc = json!({
            "definitions": {"A": {"type": "object", "properties": {"x": {"type": "string"},
                "y": {"items": {"type": "string"}}}}},
            "paths": {"/a": {"get": {"parameters": [{"in": "body", "schema": {"allOf": [{}, {}]}}]}}},
            "x-sample": {"properties": {"p": {}, "q": {}}},
            "example": {"schema": {}}
        });
        // A, x, y, y's items, the body schema and its two allOf parts.
        assert!(check_limits(&doc, &Limits::default().with_max_schemas(7)).is_ok());
        let err = check_limits(&doc, &Limits::default().with_max_schemas(6)).unwrap_err();
        assert_eq!(err, LimitError::Schemas { limit: 6 });
        assert!(err.to_string().contains("--max-schemas"));
    }

    #[test]
    fn refs_into_arrays_and_the_root_are_followed() {
        let doc = json!({"a": [{"$ref": "#/b"}], "b": {"$ref": "#/a/0"}, "c": {"$ref": "#"}});
        assert!(check_limits(&doc, &Limits::default()).is_ok());
    }
}
