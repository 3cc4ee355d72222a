//! `$ref`s that leave the document: URLs are never fetched, and files are read only
//! through a [`FileResolver`] the caller provides, only below the input's folder.
//! What a file ref points at is inlined, with that file's own refs resolved the same way.

use crate::collections::HashMap;

use crate::structure::count_schemas;
use crate::{Diagnostics, LimitError, Limits, Pointer, load_document};
use serde_json::{Value, json};

use crate::codes;

/// Reads files named by `$ref`s, relative to the input's folder.
///
/// The path handed over is already normalised: relative, `/`-separated, without `.` or
/// `..` segments, and never outside the input's folder. Implementations may still refuse.
pub trait FileResolver {
    /// The bytes of the file at `path`, or a message saying why not.
    fn read(&self, path: &str) -> Result<Vec<u8>, String>;
}

/// Inlines every `$ref` that leaves the document (see the module docs).
///
/// Fails when a chain of file references is longer than [`Limits::max_ref_hops`] or the
/// copies made hold more than [`Limits::max_schemas`] schemas; the document is then partly
/// resolved and should be dropped.
pub fn resolve_external_refs(
    doc: &mut Value,
    resolver: Option<&dyn FileResolver>,
    limits: &Limits,
    diags: &mut Diagnostics,
) -> Result<(), LimitError> {
    if !has_external_ref(doc, false) {
        return Ok(());
    }
    let mut r = Resolver {
        resolver,
        limits,
        diags,
        cache: HashMap::default(),
        stack: Vec::new(),
        inlined_schemas: 0,
        error: None,
    };
    r.walk(doc, "", &Pointer::root(), "", false);
    match r.error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

struct Resolver<'a> {
    resolver: Option<&'a dyn FileResolver>,
    limits: &'a Limits,
    diags: &'a mut Diagnostics,
    cache: HashMap<String, Option<Value>>,
    stack: Vec<String>,
    /// Schemas copied in so far: a file referred to twice is copied twice, so references
    /// can multiply a document (the file form of a "billion laughs"); this bounds it.
    inlined_schemas: usize,
    /// The limit crossed, which stops the walk.
    error: Option<LimitError>,
}

enum Outcome {
    Keep,
    Replace(Value),
    Remove,
}

impl Resolver<'_> {
    /// `file` is the file the value came from ("" for the input itself).
    /// `names`: whether `v` is a map of names (see [`structural_child`]).
    fn walk(
        &mut self,
        v: &mut Value,
        file: &str,
        at: &Pointer,
        parent_key: &str,
        names: bool,
    ) -> Outcome {
        if self.error.is_some() {
            return Outcome::Keep;
        }
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref").filter(|_| !names) {
                    let r = r.clone();
                    if !r.starts_with('#') || !file.is_empty() {
                        return self.external(&r, file, at, parent_key);
                    }
                }
                // Examples, defaults and extensions are data: a `$ref` inside them is not a reference.
                let keys: Vec<(String, bool)> = map
                    .keys()
                    .filter_map(|k| structural_child(names, k).map(|n| (k.clone(), n)))
                    .collect();
                for (k, child_names) in keys {
                    if let Some(child) = map.get_mut(&k) {
                        match self.walk(child, file, &at.push(&k), &k, child_names) {
                            Outcome::Keep => {}
                            Outcome::Replace(new) => *child = new,
                            Outcome::Remove => {
                                map.shift_remove(&k);
                            }
                        }
                    }
                }
                Outcome::Keep
            }
            Value::Array(items) => {
                let mut remove = Vec::new();
                for (i, child) in items.iter_mut().enumerate() {
                    match self.walk(child, file, &at.index(i), parent_key, false) {
                        Outcome::Keep => {}
                        Outcome::Replace(new) => *child = new,
                        Outcome::Remove => remove.push(i),
                    }
                }
                for i in remove.into_iter().rev() {
                    items.remove(i);
                }
                Outcome::Keep
            }
            _ => Outcome::Keep,
        }
    }

    fn placeholder(&self, parent_key: &str, why: &str) -> Outcome {
        match parent_key {
            "parameters" => Outcome::Remove,
            "responses" => Outcome::Replace(json!({"description": why})),
            "requestBody" => Outcome::Replace(json!({"content": {}})),
            _ => Outcome::Replace(json!({"description": why})),
        }
    }

    fn external(&mut self, r: &str, file: &str, at: &Pointer, parent_key: &str) -> Outcome {
        let (path_part, fragment) = match r.split_once('#') {
            Some((p, f)) => (p, f),
            None => (r, ""),
        };
        if path_part.contains("://") || path_part.starts_with("//") {
            self.diags
                .warn(codes::REF_URL_NOT_FETCHED, at, format!("`$ref: {r}` points at a URL, which is never fetched; the value was replaced by an empty one"))
                .help("download the referenced document next to the input and refer to it by relative path (with file refs allowed)");
            return self.placeholder(parent_key, &format!("Unresolved reference {r}"));
        }
        let target_file = if path_part.is_empty() {
            Some(file.to_owned())
        } else {
            join_ref_path(file, path_part)
        };
        let Some(target_file) = target_file else {
            self.diags
                .warn(
                    codes::REF_FILE,
                    at,
                    format!("`$ref: {r}` leaves the input's folder; it was not read"),
                )
                .help("keep referenced files in the input's folder or below it");
            return self.placeholder(parent_key, &format!("Unresolved reference {r}"));
        };
        let key = format!("{target_file}#{fragment}");
        if !self.stack.contains(&key) && self.stack.len() >= self.limits.max_ref_hops {
            self.error = Some(LimitError::RefHops {
                pointer: at.push("$ref").as_str().to_owned(),
                limit: self.limits.max_ref_hops,
            });
            return Outcome::Keep;
        }
        if self.stack.contains(&key) {
            self.diags.warn(
                codes::REF_FILE_CYCLE,
                at,
                format!(
                    "`$ref: {r}` is part of a reference cycle across files; the cycle was cut here"
                ),
            );
            return self.placeholder(parent_key, &format!("Recursive reference {r}"));
        }
        let Some(document) = self.file(&target_file, r, at) else {
            return self.placeholder(parent_key, &format!("Unresolved reference {r}"));
        };
        let pointer = fragment;
        let Some(mut target) = crate::pointer::lookup(&document, pointer).cloned() else {
            self.diags.error(
                codes::REF_FILE_TARGET_MISSING,
                at,
                format!("`$ref: {r}`: `{target_file}` has nothing at `{pointer}`"),
            );
            return self.placeholder(parent_key, &format!("Unresolved reference {r}"));
        };
        self.stack.push(key);
        let outcome = match self.walk(&mut target, &target_file, at, parent_key, false) {
            Outcome::Keep => Outcome::Replace(target),
            other => other,
        };
        self.stack.pop();
        if let Outcome::Replace(v) = &outcome {
            self.inlined_schemas += 1 + count_schemas(v);
            if self.inlined_schemas > self.limits.max_schemas {
                self.error = Some(LimitError::Schemas {
                    limit: self.limits.max_schemas,
                });
            }
        }
        outcome
    }

    fn file(&mut self, path: &str, r: &str, at: &Pointer) -> Option<Value> {
        if path.is_empty() {
            // An internal ref seen from inside an external file that points back to the input
            // is not supported: the input is not kept as a value here.
            self.diags.warn(
                codes::REF_FILE,
                at,
                format!(
                    "`$ref: {r}` refers back to the input from another file; it was not resolved"
                ),
            );
            return None;
        }
        if let Some(cached) = self.cache.get(path) {
            return cached.clone();
        }
        let loaded = match self.resolver {
            None => {
                self.diags
                    .warn(codes::REF_FILE, at, format!("`$ref: {r}` refers to another file, and file refs are not allowed; it was not read"))
                    .help("allow file refs (CLI: the input is a file path; library: Options::file_resolver)");
                None
            }
            Some(res) => match res.read(path) {
                Err(e) => {
                    self.diags.error(
                        codes::REF_FILE,
                        at,
                        format!("`$ref: {r}`: cannot read `{path}`: {e}"),
                    );
                    None
                }
                Ok(bytes) => match load_document(&bytes, self.limits) {
                    Ok((v, _)) => Some(v),
                    Err(e) => {
                        self.diags.error(
                            codes::REF_FILE,
                            at,
                            format!("`$ref: {r}`: `{path}` is not a readable document: {e}"),
                        );
                        None
                    }
                },
            },
        };
        self.cache.insert(path.to_owned(), loaded.clone());
        loaded
    }
}

/// Whether any `$ref` outside data leaves the document; most documents have none, and then
/// the resolving walk (which builds a pointer for every node) is skipped.
fn has_external_ref(v: &Value, names: bool) -> bool {
    match v {
        Value::Object(map) => {
            if !names
                && ref_member(map)
                    .and_then(Value::as_str)
                    .is_some_and(|r| !r.starts_with('#'))
            {
                return true;
            }
            map.iter().any(|(k, c)| {
                (c.is_object() || c.is_array())
                    && structural_child(names, k).is_some_and(|n| has_external_ref(c, n))
            })
        }
        Value::Array(items) => items.iter().any(|c| has_external_ref(c, false)),
        _ => false,
    }
}

/// An object's `$ref` member, found by reading its keys: cheaper than a lookup by hash for
/// the few keys of a schema or parameter (the walks over the whole input look in every
/// object), and the same member, as keys are unique.
pub fn ref_member(map: &serde_json::Map<String, Value>) -> Option<&Value> {
    map.iter().find_map(|(k, v)| (k == "$ref").then_some(v))
}

/// Keys whose values are data (examples, defaults, extensions), where a `$ref` is not a reference.
fn is_data_key(k: &str) -> bool {
    k.starts_with("x-") || matches!(k, "example" | "examples" | "default" | "enum" | "const")
}

/// Keys whose values are maps from names to objects (schema properties, reusable components,
/// paths, responses by status): the keys inside are names, so a property or a response called
/// `default` is not the `default` keyword.
const NAME_MAP_KEYS: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "definitions",
    "$defs",
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "securitySchemes",
    "securityDefinitions",
    "callbacks",
    "links",
    "paths",
    "pathItems",
    "webhooks",
    "content",
    "encoding",
];

/// How a walk over an API description should treat the child under `key` of an object:
/// `None` when the child is data (an example, a default, an enum, an extension), where a
/// `$ref` is not a reference; otherwise whether the child is a map of names. `in_name_map`
/// says whether the object itself is such a map (its keys are then names, never keywords).
pub fn structural_child(in_name_map: bool, key: &str) -> Option<bool> {
    if in_name_map {
        return Some(false);
    }
    if is_data_key(key) {
        return None;
    }
    Some(NAME_MAP_KEYS.contains(&key))
}

/// Joins a ref path onto the folder of `from` (see [`FileResolver`]); `None` when it escapes.
pub fn join_ref_path(from: &str, rel: &str) -> Option<String> {
    let rel = rel.replace('\\', "/");
    if rel.starts_with('/') || rel.chars().nth(1) == Some(':') {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop(); // the file name
    parts.retain(|p| !p.is_empty());
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_found_among_other_keys_but_not_as_a_name() {
        let later = serde_json::json!({"description": "d", "type": "object",
            "$ref": "other.yaml#/Pet"});
        assert!(has_external_ref(&later, false));
        // A property called `$ref` is a name (whatever its value), not a reference.
        let named = serde_json::json!({"type": "object", "properties": {
            "$ref": "other.yaml", "b": {"$ref": "#/local"}}});
        assert!(!has_external_ref(&named, false));
        let data = serde_json::json!({"example": {"$ref": "other.yaml"}});
        assert!(!has_external_ref(&data, false));
        let map = later.as_object().unwrap();
        assert_eq!(ref_member(map), map.get("$ref"));
    }

    struct Mem(Vec<(&'static str, &'static str)>);
    impl FileResolver for Mem {
        fn read(&self, path: &str) -> Result<Vec<u8>, String> {
            self.0
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, c)| c.as_bytes().to_vec())
                .ok_or_else(|| "no such file".into())
        }
    }

    #[test]
    fn long_file_chains_and_multiplying_copies_hit_the_limits() {
        // f0 -> f1 -> ... -> f9, each file referring to the next.
        let names: Vec<String> = (0..10).map(|i| format!("f{i}.yaml")).collect();
        let texts: Vec<String> = (0..10)
            .map(|i| {
                if i == 9 {
                    "S: {type: string}\n".to_owned()
                } else {
                    format!("S: {{$ref: 'f{}.yaml#/S'}}\n", i + 1)
                }
            })
            .collect();
        let files: Vec<(&'static str, &'static str)> = names
            .iter()
            .zip(&texts)
            .map(|(n, t)| (&*n.clone().leak(), &*t.clone().leak()))
            .collect();
        let res = Mem(files);
        let doc = json!({"s": {"$ref": "f0.yaml#/S"}});
        let mut d = Diagnostics::new();
        let mut ok = doc.clone();
        resolve_external_refs(&mut ok, Some(&res), &Limits::default(), &mut d).unwrap();
        assert_eq!(ok["s"], json!({"type": "string"}));
        let mut short = doc.clone();
        let err = resolve_external_refs(
            &mut short,
            Some(&res),
            &Limits::default().with_max_ref_hops(5),
            &mut d,
        )
        .unwrap_err();
        assert!(matches!(err, LimitError::RefHops { limit: 5, .. }), "{err}");

        // Each level refers to the next one twice: 2^20 copies if nothing stops it.
        let mut bomb = Vec::new();
        for i in 0..20 {
            bomb.push(format!(
                "L{i}: {{type: object, properties: {{a: {{$ref: 'b.yaml#/L{n}'}}, b: {{$ref: 'b.yaml#/L{n}'}}}}}}",
                n = i + 1
            ));
        }
        bomb.push("L20: {type: string}".into());
        let text: &'static str = bomb.join("\n").leak();
        let res = Mem(vec![("b.yaml", text)]);
        let mut doc = json!({"s": {"$ref": "b.yaml#/L0"}});
        let limits = Limits::default().with_max_schemas(10_000);
        let err = resolve_external_refs(&mut doc, Some(&res), &limits, &mut d).unwrap_err();
        assert_eq!(err, LimitError::Schemas { limit: 10_000 });
    }

    #[test]
    fn join_stays_inside_the_folder() {
        assert_eq!(join_ref_path("", "a.yaml").as_deref(), Some("a.yaml"));
        assert_eq!(
            join_ref_path("dir/x.yaml", "../b.yaml").as_deref(),
            Some("b.yaml")
        );
        assert_eq!(join_ref_path("", "../../etc/passwd"), None);
        assert_eq!(join_ref_path("", "/etc/passwd"), None);
        assert_eq!(join_ref_path("", "C:/x"), None);
    }

    #[test]
    fn file_refs_are_inlined_with_their_own_refs() {
        let res = Mem(vec![(
            "common.yaml",
            "Pet:\n  type: object\n  properties:\n    tag: {$ref: '#/Tag'}\nTag:\n  type: string\n",
        )]);
        let mut doc = json!({"components": {"schemas": {"Pet": {"$ref": "common.yaml#/Pet"}}}});
        let mut d = Diagnostics::new();
        resolve_external_refs(&mut doc, Some(&res), &Limits::default(), &mut d).unwrap();
        assert!(d.is_empty(), "{:?}", d.as_slice());
        assert_eq!(
            doc["components"]["schemas"]["Pet"]["properties"]["tag"],
            json!({"type": "string"})
        );
    }

    #[test]
    fn urls_and_escapes_are_refused_and_cycles_cut() {
        let res = Mem(vec![("a.yaml", "A: {$ref: 'a.yaml#/A'}\n")]);
        let mut doc = json!({"s": {"$ref": "https://example.com/x.json"}, "t": {"$ref": "../secret.json"},
                             "u": {"$ref": "a.yaml#/A"}, "parameters": [{"$ref": "http://x/p"}]});
        let mut d = Diagnostics::new();
        resolve_external_refs(&mut doc, Some(&res), &Limits::default(), &mut d).unwrap();
        let codes: Vec<_> = d.as_slice().iter().map(|x| x.code).collect();
        assert_eq!(
            codes,
            [
                codes::REF_URL_NOT_FETCHED,
                codes::REF_FILE,
                codes::REF_FILE_CYCLE,
                codes::REF_URL_NOT_FETCHED
            ]
        );
        assert_eq!(doc["parameters"], json!([]));
    }

    #[test]
    fn refs_inside_examples_and_extensions_are_data() {
        let mut doc = json!({"x-ms-examples": {"a": {"$ref": "./examples/a.json"}}, "example": {"$ref": "http://x"}});
        let before = doc.clone();
        let mut d = Diagnostics::new();
        resolve_external_refs(&mut doc, None, &Limits::default(), &mut d).unwrap();
        assert!(d.is_empty());
        assert_eq!(doc, before);
    }

    #[test]
    fn names_that_look_like_data_keywords_are_still_resolved() {
        // A property called `default`, a `default` response and a schema called `example` are
        // names, not the keywords; the `default` keyword's value stays data.
        let res = Mem(vec![("c.yaml", "S: {type: string}\n")]);
        let mut doc = json!({
            "components": {"schemas": {
                "A": {"type": "object",
                      "properties": {"default": {"$ref": "c.yaml#/S"}},
                      "default": {"$ref": "c.yaml#/S"}},
                "example": {"$ref": "c.yaml#/S"}}},
            "paths": {"/a": {"get": {"responses": {"default": {"description": "d",
                "content": {"application/json": {"schema": {"$ref": "c.yaml#/S"}}}}}}}}
        });
        let mut d = Diagnostics::new();
        resolve_external_refs(&mut doc, Some(&res), &Limits::default(), &mut d).unwrap();
        assert!(d.is_empty(), "{:?}", d.as_slice());
        let s = json!({"type": "string"});
        let a = &doc["components"]["schemas"]["A"];
        assert_eq!(a["properties"]["default"], s);
        assert_eq!(a["default"], json!({"$ref": "c.yaml#/S"}));
        assert_eq!(doc["components"]["schemas"]["example"], s);
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["default"]["content"]["application/json"]["schema"],
            s
        );
    }

    #[test]
    fn without_a_resolver_file_refs_are_not_read() {
        let mut doc = json!({"s": {"$ref": "other.yaml#/S"}});
        let mut d = Diagnostics::new();
        resolve_external_refs(&mut doc, None, &Limits::default(), &mut d).unwrap();
        assert_eq!(d.as_slice().first().map(|x| x.code), Some(codes::REF_FILE));
    }
}
