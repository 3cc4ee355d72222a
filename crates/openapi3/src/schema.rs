//! Schema lowering, OpenAPI 3.0 → Swagger 2.0, on the schemas as written (after the JSON-level
//! normalisation): the typed parse leaves schemas out (see `detach.rs`), so each keyword's
//! value is checked here and a misfit dropped with a diagnostic.

use connector_core::collections::{HashMap, HashSet};
use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicUsize, Ordering};

use connector_core::collections::IndexMap;
use connector_core::{Diagnostics, Pointer};
use serde_json::{Map, Value, json};

use crate::codes;
use crate::normalize::unescape;

/// How deep inline lowering may recurse (refs to definitions stop the recursion).
const MAX_DEPTH: usize = 64;

/// How many schema nodes merging `allOf`/`oneOf`/`anyOf` may copy out of referenced
/// definitions in one document. Merging copies each referenced definition into every place
/// that merges it, so definitions that merge each other twice per level would otherwise grow
/// exponentially; past this budget, further merges keep their references instead. Real
/// specifications copy a few thousand (GitHub's 12 MB one: 1,353; box: 2,895).
pub(crate) const MERGE_BUDGET: usize = 20_000;

/// Schema keys Swagger 2.0 shares with OpenAPI 3.0 (copied as they are), besides the
/// validation keywords (`connector_swagger2::platform::VALIDATION_KEYWORDS`).
const SHARED_KEYS: &[&str] = &[
    "title",
    "description",
    "maxProperties",
    "minProperties",
    "required",
    "type",
    "format",
    "readOnly",
    "xml",
    "externalDocs",
    "example",
];

/// Lowers schemas; knows the component names and the normalised source document.
pub(crate) struct SchemaLowering<'a> {
    /// The normalised OpenAPI document (3.0 shaped).
    pub raw: &'a Value,
    /// Component schema name → definition name.
    pub names: &'a IndexMap<String, String>,
    /// The component schemas by name (see [`component_schemas`]).
    pub components: HashMap<&'a str, &'a Value>,
    /// The references whose targets are being merged into the schema lowered now (the
    /// enclosing merges, and the definition being lowered): one met a third time is a
    /// recursion, kept as a reference.
    pub merging: RefCell<Vec<String>>,
    /// How many of `merging` come from merges (rather than from the definition lowered).
    pub merges_open: Cell<usize>,
    /// Schema nodes lowered inside merged copies so far (see [`MERGE_BUDGET`]).
    pub merged_nodes: Cell<usize>,
    /// Whether the budget's exhaustion was reported.
    pub budget_reported: Cell<bool>,
    /// How many nodes merging may copy (see [`MERGE_BUDGET`]).
    pub budget: usize,
    /// The lowering beside this one, when the definitions are lowered on a thread of their own
    /// (see `lower.rs`).
    pub beside: Beside<'a>,
    /// The count of `merged_nodes` at the last check against the budget (the count only
    /// grows, so the highest); `None` before the first.
    pub checked: Cell<Option<usize>>,
    /// Set when a check was answered as if nothing had been merged before this lowering and
    /// the count the definitions have reached so far already makes that answer wrong.
    pub doomed: Cell<bool>,
}

/// The component schemas of `doc` (normalised) by name, for [`SchemaLowering::resolve`]:
/// references to them are most of a document's, and finding each through the pointer's three
/// steps cost a twentieth of the lowering of Microsoft Graph's operations.
fn component_schemas(doc: &Value) -> HashMap<&str, &Value> {
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    schemas
        .into_iter()
        .flatten()
        .map(|(name, s)| (name.as_str(), s))
        .collect()
}

/// How a lowering shares its count of merged nodes with one lowered at the same time.
#[derive(Clone, Copy, Default)]
pub(crate) enum Beside<'a> {
    /// Lowered alone.
    #[default]
    Alone,
    /// The definitions' lowering: its count is published as it grows.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    Publish(&'a AtomicUsize),
    /// The lowering after the definitions, while they are lowered: it goes on as if they had
    /// merged nothing, and watches their count to know early when that was wrong.
    Watch(&'a AtomicUsize),
}

impl<'a> SchemaLowering<'a> {
    /// A lowering over the normalised document and the component names, that may copy
    /// `budget` nodes in merges.
    pub fn new(
        raw: &'a Value,
        names: &'a IndexMap<String, String>,
        budget: usize,
        beside: Beside<'a>,
    ) -> Self {
        SchemaLowering {
            raw,
            names,
            components: component_schemas(raw),
            merging: RefCell::new(Vec::new()),
            merges_open: Cell::new(0),
            merged_nodes: Cell::new(0),
            budget_reported: Cell::new(false),
            budget,
            beside,
            checked: Cell::new(None),
            doomed: Cell::new(false),
        }
    }

    /// Counts one more node lowered inside a merged copy.
    fn count_merged(&self) {
        let count = self.merged_nodes.get() + 1;
        self.merged_nodes.set(count);
        if let Beside::Publish(published) = self.beside {
            published.store(count, Ordering::Relaxed);
        }
    }

    /// Whether merging has used up the budget (checked before a definition is copied in).
    fn budget_spent(&self) -> bool {
        let count = self.merged_nodes.get();
        self.checked.set(Some(count));
        let spent = count >= self.budget;
        if let Beside::Watch(theirs) = self.beside {
            // The definitions' count only grows: once it makes this check true, the answer
            // given here (false) is not the one a lowering after them gives.
            if !spent && theirs.load(Ordering::Relaxed).saturating_add(count) >= self.budget {
                self.doomed.set(true);
            }
        }
        spent
    }

    /// The definition ref for a component ref, if it is one.
    fn definition_ref(&self, r: &str) -> Option<String> {
        let name = unescape(r.strip_prefix("#/components/schemas/")?);
        self.names
            .get(&name)
            .map(|def| connector_swagger2::definition_ref(def))
    }

    /// The component schema a reference `#/components/schemas/Name` names, `Name` having
    /// nothing to unescape: what [`connector_core::local_target`] finds for it (which also
    /// reads the name as written first), by one lookup instead of one per step of the
    /// pointer. `None` for any other reference, and for a name not found as written.
    fn component(&self, r: &str) -> Option<&'a Value> {
        let name = r.strip_prefix("#/components/schemas/")?;
        if name.contains(['/', '~']) {
            return None;
        }
        self.components.get(name).copied()
    }

    /// Follows a `$ref` to the schema it names (through chains), with the visited names.
    fn resolve<'v>(&'v self, r: &str, seen: &mut Vec<String>) -> Option<&'v Value> {
        let mut r = r.to_owned();
        for _ in 0..MAX_DEPTH {
            if seen.contains(&r) {
                return None;
            }
            seen.push(r.clone());
            let target = match self.component(&r) {
                Some(target) => target,
                None => connector_core::local_target(self.raw, &r)?.1,
            };
            match target.get("$ref").and_then(Value::as_str) {
                Some(next) => r = next.to_owned(),
                None => return Some(target),
            }
        }
        None
    }

    /// Rewrites every `$ref` to a component schema inside `v` (a vendor extension's value)
    /// into a reference to its definition.
    pub fn rewrite_component_refs(&self, v: &mut Value) {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get_mut("$ref") {
                    if let Some(def) = self.definition_ref(r) {
                        *r = def;
                    }
                }
                map.values_mut()
                    .for_each(|c| self.rewrite_component_refs(c));
            }
            Value::Array(items) => items
                .iter_mut()
                .for_each(|c| self.rewrite_component_refs(c)),
            _ => {}
        }
    }

    /// An example or extension value as the connector holds it: a value that is only a `$ref`
    /// to an example of the document (`{"$ref": "#/components/examples/user/value"}`, which
    /// some authors write for `example`) is replaced by what it names, and references to
    /// component schemas inside become references to their definitions.
    pub fn data_value(&self, v: &Value) -> Value {
        let target = match v {
            Value::Object(map) if map.len() == 1 => map
                .get("$ref")
                .and_then(Value::as_str)
                .filter(|r| r.starts_with("#/components/examples/"))
                .and_then(|r| connector_core::local_target(self.raw, r))
                .map(|(_, t)| t),
            _ => None,
        };
        // A whole example object (`summary`, `value`) stands for its value.
        let target = target.map(|t| t.get("value").filter(|_| t.is_object()).unwrap_or(t));
        let mut out = target.unwrap_or(v).clone();
        self.rewrite_component_refs(&mut out);
        out
    }

    /// Lowers the reusable schema `name` (a merge of itself inside stays a reference).
    pub fn lower_definition(
        &self,
        name: &str,
        s: &Value,
        at: &Pointer,
        diags: &mut Diagnostics,
    ) -> Value {
        self.merging.borrow_mut().push(format!(
            "#/components/schemas/{}",
            connector_core::escape_token(name)
        ));
        let out = self.lower_depth(s, &mut at.clone(), diags, 0);
        self.merging.borrow_mut().pop();
        out
    }

    /// Lowers one schema (inline or `$ref`) found at `at`.
    pub fn lower(&self, s: &Value, at: &Pointer, diags: &mut Diagnostics) -> Value {
        self.lower_depth(s, &mut at.clone(), diags, 0)
    }

    /// `at` is grown and cut back while the children are lowered (one pointer per schema
    /// rather than one per node); it is as given when this returns.
    fn lower_depth(
        &self,
        s: &Value,
        at: &mut Pointer,
        diags: &mut Diagnostics,
        depth: usize,
    ) -> Value {
        if depth > MAX_DEPTH {
            diags.warn(codes::OAS_REF_CYCLE, at, "schema nesting too deep (an inline reference cycle?); it was cut to an untyped schema");
            return json!({});
        }
        let Some(map) = s.as_object() else {
            diags.warn(
                codes::OAS_SCHEMA_INVALID,
                at,
                format!(
                    "a schema must be an object, not {}; an untyped schema stands in",
                    shown(s)
                ),
            );
            return json!({});
        };
        if let Some(r) = map.get("$ref").and_then(Value::as_str) {
            if let Some(def) = self.definition_ref(r) {
                return json!({"$ref": def});
            }
            // A ref into another place of the document: inline what it points at.
            let mut seen = Vec::new();
            return match self.resolve(r, &mut seen) {
                Some(target) => {
                    if let Some(def) = seen.iter().rev().find_map(|r| self.definition_ref(r)) {
                        return json!({"$ref": def});
                    }
                    self.lower_depth(target, at, diags, depth + 1)
                }
                None => {
                    diags.error(codes::OAS_REF_NOT_FOUND, at, format!("`$ref: {r}` points at nothing (or at a cycle); an untyped schema stands in"));
                    json!({})
                }
            };
        }
        if self.merges_open.get() > 0 {
            self.count_merged();
        }
        // A scan of the few keys instead of three lookups.
        let merges = map
            .keys()
            .any(|k| matches!(k.as_str(), "allOf" | "oneOf" | "anyOf"));
        if !merges {
            // Nothing to merge: lowered from the borrowed schema, without a copy.
            return self.lower_merged(map, at, diags, depth);
        }

        let mut map = map.clone();
        // The references merged here, in force while this schema's children are lowered.
        let mut entered = Vec::new();
        if let Some(parts) = map.shift_remove("allOf") {
            map = self.merge_all_of(map, parts, at, diags, &mut entered);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(parts) = map.shift_remove(key) {
                map = self.merge_union(map, key, parts, at, diags, &mut entered);
            }
        }
        // A merge that kept a reference (a lone `allOf` reference, a cycle) is that reference.
        if let Some(r) = map.get("$ref").and_then(Value::as_str) {
            let r = r.to_owned();
            return self.lower_depth(&json!({"$ref": r}), at, diags, depth + 1);
        }
        let (before, open) = (self.merging.borrow().len(), self.merges_open.get());
        self.merges_open.set(open + entered.len());
        self.merging.borrow_mut().extend(entered);
        let out = self.lower_merged(&map, at, diags, depth);
        self.merging.borrow_mut().truncate(before);
        self.merges_open.set(open);
        out
    }

    /// Lowers a schema whose `allOf`, `oneOf` and `anyOf` are merged already.
    fn lower_merged(
        &self,
        map: &Map<String, Value>,
        at: &mut Pointer,
        diags: &mut Diagnostics,
        depth: usize,
    ) -> Value {
        let at_key = Keywords::of(map);
        not_note(&at_key, at, diags);
        let mut out = self.copy_keywords(map, &at_key, at, diags);
        dropped_keyword_notes(&at_key, at, diags);
        self.lower_children(&at_key, &mut out, at, diags, depth);
        if let Some(d) = at_key.discriminator {
            self.discriminator(d, &mut out, at, diags);
        }
        keep_declared_required(&mut out, at, diags);
        Value::Object(out)
    }

    /// The schema's own keywords that Swagger 2.0 has, checked and copied in one pass over its
    /// keys (the output is read into the Swagger model, whose field order is its own).
    fn copy_keywords(
        &self,
        map: &Map<String, Value>,
        at_key: &Keywords<'_>,
        at: &Pointer,
        diags: &mut Diagnostics,
    ) -> Map<String, Value> {
        let mut out = Map::new();
        if at_key.nullable == Some(&Value::Bool(true)) {
            out.insert("x-nullable".into(), Value::Bool(true));
        }
        // One pass over the schema's keys (rather than a lookup per known keyword): the output
        // is read into the Swagger model, whose field order is its own.
        for (k, v) in map {
            if k.starts_with("x-") || k == "example" {
                // Data to the platform, but validators resolve its references: those to
                // component schemas are made references to their definitions (the rest are
                // dropped with the value when the package is shaped).
                let v = self.data_value(v);
                let v = if k == "example" { fix_number(v) } else { v };
                out.insert(k.clone(), v);
                continue;
            }
            if !SHARED_KEYS.contains(&k.as_str())
                && !connector_swagger2::platform::VALIDATION_KEYWORDS.contains(&k.as_str())
            {
                continue;
            }
            match keyword_misfit(k, v) {
                None => {
                    out.insert(k.clone(), fix_number(v.clone()));
                }
                Some(Misfit::Empty) => {}
                Some(Misfit::Type(expected)) => {
                    diags.warn(
                        codes::OAS_SCHEMA_INVALID,
                        &at.push(k),
                        format!("`{k}` must be {expected}, not {}; it was dropped", shown(v)),
                    );
                }
            }
        }
        if let Some(Value::Object(xml)) = out.get_mut("xml") {
            xml.retain(|k, _| {
                matches!(
                    k.as_str(),
                    "name" | "namespace" | "prefix" | "attribute" | "wrapped"
                ) || k.starts_with("x-")
            });
        }
        if out.get("readOnly") == Some(&Value::Bool(false)) {
            out.shift_remove("readOnly");
        }
        out
    }

    /// Lowers the schemas under `properties`, `items` and `additionalProperties` into `out`.
    fn lower_children(
        &self,
        at_key: &Keywords<'_>,
        out: &mut Map<String, Value>,
        at: &mut Pointer,
        diags: &mut Diagnostics,
        depth: usize,
    ) {
        if let Some(Value::Object(props)) = at_key.properties {
            let mut lowered = Map::new();
            for (name, p) in props {
                lowered.insert(
                    name.clone(),
                    self.lower_child(p, at, &["properties", name], diags, depth),
                );
            }
            out.insert("properties".into(), Value::Object(lowered));
        }
        if let Some(items) = at_key.items {
            out.insert(
                "items".into(),
                self.lower_child(items, at, &["items"], diags, depth),
            );
        } else if at_key.type_.and_then(Value::as_str) == Some("array") {
            out.insert("items".into(), json!({}));
        }
        match at_key.additional_properties {
            Some(Value::Bool(b)) => {
                out.insert("additionalProperties".into(), Value::Bool(*b));
            }
            Some(ap @ Value::Object(_)) => {
                out.insert(
                    "additionalProperties".into(),
                    self.lower_child(ap, at, &["additionalProperties"], diags, depth),
                );
            }
            _ => {}
        }
    }

    /// Lowers the child schema at `at` + `tokens`, with `at` restored afterwards.
    fn lower_child(
        &self,
        s: &Value,
        at: &mut Pointer,
        tokens: &[&str],
        diags: &mut Diagnostics,
        depth: usize,
    ) -> Value {
        let len = at.as_str().len();
        for t in tokens {
            at.push_in_place(t);
        }
        let out = self.lower_depth(s, at, diags, depth + 1);
        at.truncate(len);
        out
    }

    fn discriminator(
        &self,
        d: &Value,
        out: &mut Map<String, Value>,
        at: &Pointer,
        diags: &mut Diagnostics,
    ) {
        let Some(name) = d.get("propertyName").and_then(Value::as_str) else {
            return;
        };
        let is_required_string = out
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| r.iter().any(|x| x.as_str() == Some(name)))
            && out
                .get("properties")
                .and_then(|p| p.get(name))
                .is_some_and(|p| p.get("type").and_then(Value::as_str) == Some("string"));
        if is_required_string {
            out.insert("discriminator".into(), Value::String(name.to_owned()));
        } else {
            diags.info(codes::OAS_SCHEMA_KEYWORD, &at.push("discriminator"), format!("discriminator `{name}` is not a required string property of this schema; it was dropped"));
        }
        if d.get("mapping")
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty())
        {
            diags.info(
                codes::OAS_SCHEMA_KEYWORD,
                &at.push("discriminator").push("mapping"),
                "discriminator `mapping` has no Swagger 2.0 form; it was dropped",
            );
        }
    }

    /// The object view of a part: refs followed, nested `allOf` merged.
    /// `allOf: [{$ref: X}, {description, xml}]`, with nothing but annotations beside the one
    /// reference, where `X` is an object or array (a structure, which a merge would copy in
    /// full): the reference to keep. A primitive `X` is merged as usual, keeping the text.
    fn annotated_structure(&self, base: &Map<String, Value>, parts: &[Value]) -> Option<String> {
        let annotation = |k: &str| {
            matches!(
                k,
                "description"
                    | "title"
                    | "xml"
                    | "nullable"
                    | "readOnly"
                    | "writeOnly"
                    | "example"
                    | "deprecated"
                    | "externalDocs"
            ) || k.starts_with("x-")
        };
        let mut refs = parts
            .iter()
            .filter_map(|p| p.get("$ref").and_then(Value::as_str));
        let (Some(r), None) = (refs.next(), refs.next()) else {
            return None;
        };
        let others_annotate = parts.iter().filter(|p| p.get("$ref").is_none()).all(|p| {
            p.as_object()
                .is_some_and(|m| m.keys().all(|k| annotation(k)))
        });
        if !others_annotate
            || !base.keys().all(|k| annotation(k))
            || self.definition_ref(r).is_none()
        {
            return None;
        }
        let target = self.resolve(r, &mut Vec::new())?;
        let structured = target.get("properties").is_some()
            || target.get("allOf").is_some()
            || target.get("oneOf").is_some()
            || target.get("anyOf").is_some()
            || matches!(
                target.get("type").and_then(Value::as_str),
                Some("object" | "array")
            );
        structured.then(|| r.to_owned())
    }

    fn part_view(
        &self,
        part: &Value,
        at: &Pointer,
        diags: &mut Diagnostics,
        seen: &mut HashSet<String>,
        entered: &mut Vec<String>,
    ) -> Option<Map<String, Value>> {
        if let Some(r) = part.get("$ref").and_then(Value::as_str) {
            if self.definition_ref(r).is_some() {
                // Met twice among the enclosing merges: a recursion (the same schema merged
                // again by a sibling's property is not one, so once is allowed).
                if self.merging.borrow().iter().filter(|m| *m == r).count() >= 2 {
                    diags.info(
                        codes::OAS_REF_CYCLE,
                        at,
                        format!("`{r}` is merged into itself (a recursive schema); from this level down it stays a reference"),
                    );
                    return Some(ref_view(r));
                }
                if self.budget_spent() {
                    if !self.budget_reported.replace(true) {
                        diags.warn(
                            codes::OAS_SCHEMA_ALLOF,
                            at,
                            format!("merging `allOf`/`oneOf`/`anyOf` copied {} schemas out of definitions; from here on, merges keep their references (the schemas may say less)", self.budget),
                        );
                    }
                    return Some(ref_view(r));
                }
            }
            if !seen.insert(r.to_owned()) {
                diags.warn(
                    codes::OAS_REF_CYCLE,
                    at,
                    format!(
                        "`{r}` includes itself through allOf/oneOf; the repeated part was skipped"
                    ),
                );
                return None;
            }
            let mut chain = Vec::new();
            let Some(target) = self.resolve(r, &mut chain) else {
                diags.error(
                    codes::OAS_REF_NOT_FOUND,
                    at,
                    format!("`$ref: {r}` points at nothing; the part was skipped"),
                );
                return None;
            };
            let view = self.part_view(target, at, diags, seen, entered);
            seen.remove(r);
            if view.is_some() {
                entered.push(r.to_owned());
            }
            return view;
        }
        let mut map = part.as_object()?.clone();
        if let Some(Value::Array(parts)) = map.shift_remove("allOf") {
            for (i, p) in parts.iter().enumerate() {
                if let Some(v) = self.part_view(p, &at.push("allOf").index(i), diags, seen, entered)
                {
                    merge_into(&mut map, v, true);
                }
            }
        }
        Some(map)
    }

    fn merge_all_of(
        &self,
        base: Map<String, Value>,
        parts: Value,
        at: &Pointer,
        diags: &mut Diagnostics,
        entered: &mut Vec<String>,
    ) -> Map<String, Value> {
        let parts = parts.as_array().cloned().unwrap_or_default();
        // `allOf: [{$ref}]` with only annotations beside it: keep the reference.
        if let [only] = parts.as_slice() {
            if only.get("$ref").is_some()
                && base.keys().all(|k| {
                    matches!(
                        k.as_str(),
                        "description"
                            | "title"
                            | "nullable"
                            | "readOnly"
                            | "example"
                            | "default"
                            | "deprecated"
                            | "writeOnly"
                    ) || k.starts_with("x-")
                })
            {
                if base.keys().any(|k| !k.starts_with("x-")) {
                    diags.info(codes::OAS_REF_SIBLINGS, at, "annotations next to a single `allOf` reference were dropped (Swagger 2.0 refs stand alone)");
                }
                return only.as_object().cloned().unwrap_or_default();
            }
        }
        if let Some(r) = self.annotated_structure(&base, &parts) {
            diags.info(
                codes::OAS_REF_SIBLINGS,
                &at.push("allOf"),
                format!("`allOf` of `{r}` and annotations (a description, an XML name) stays a reference to it: a copy of the whole schema for its annotations would repeat it wherever it is used"),
            );
            return ref_view(&r);
        }
        let mut merged = base;
        let mut seen = HashSet::default();
        for (i, part) in parts.iter().enumerate() {
            if let Some(view) =
                self.part_view(part, &at.push("allOf").index(i), diags, &mut seen, entered)
            {
                merge_into(&mut merged, view, true);
            }
        }
        diags.info(
            codes::OAS_SCHEMA_ALLOF,
            &at.push("allOf"),
            format!(
                "allOf with {} part(s) was merged into one schema",
                parts.len()
            ),
        );
        merged
    }

    fn merge_union(
        &self,
        base: Map<String, Value>,
        key: &str,
        parts: Value,
        at: &Pointer,
        diags: &mut Diagnostics,
        entered: &mut Vec<String>,
    ) -> Map<String, Value> {
        let parts = parts.as_array().cloned().unwrap_or_default();
        let mut seen = HashSet::default();
        let views: Vec<Map<String, Value>> = parts
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                self.part_view(p, &at.push(key).index(i), diags, &mut seen, entered)
            })
            .collect();
        let at = at.push(key);
        if views.is_empty() {
            diags.warn(
                codes::OAS_SCHEMA_UNION,
                &at,
                format!("`{key}` has no usable variant; the schema is untyped"),
            );
            return base;
        }
        let is_object = |v: &Map<String, Value>| {
            v.get("type").and_then(Value::as_str) == Some("object") || v.contains_key("properties")
        };
        let mut merged = base;
        if views.iter().all(is_object) {
            merged = merge_objects(merged, &views, &parts);
            merged.insert("type".into(), json!("object"));
            diags
                .warn(codes::OAS_SCHEMA_UNION, &at, format!("`{key}` with {} object variant(s) was merged into one object holding every variant's properties", views.len()))
                .help("properties are required only where every variant requires them; a property several variants have takes every variant's allowed values, and its description only where they agree");
            return merged;
        }
        let types: Vec<Option<&str>> = views
            .iter()
            .map(|v| v.get("type").and_then(Value::as_str))
            .collect();
        let first_type = types.first().copied().flatten();
        if first_type.is_some()
            && types.iter().all(|t| *t == first_type)
            && first_type != Some("array")
        {
            merged = merge_primitives(merged, &views, first_type);
            diags.info(
                codes::OAS_SCHEMA_UNION,
                &at,
                format!(
                    "`{key}` variants all of type `{}` were merged",
                    first_type.unwrap_or_default()
                ),
            );
            return merged;
        }
        // Mixed kinds: keep the first variant.
        let (merged, as_reference) = first_variant(merged, views, &parts);
        if as_reference {
            diags.warn(
                codes::OAS_SCHEMA_UNION,
                &at,
                format!("`{key}` mixes kinds of values; only the first variant was kept"),
            );
            return merged;
        }
        diags
            .warn(
                codes::OAS_SCHEMA_UNION,
                &at,
                format!("`{key}` mixes kinds of values; only the first variant was kept"),
            )
            .help("put the most useful variant first, or split the operation");
        merged
    }
}

/// The view of a part that stays a reference (a recursive merge, or past the budget).
fn ref_view(r: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("$ref".into(), Value::String(r.to_owned()));
    m
}

/// A union of mixed kinds keeps its first variant: that variant's reference when nothing
/// but annotations stands beside the union (`true`), else the variant merged in.
fn first_variant(
    mut merged: Map<String, Value>,
    views: Vec<Map<String, Value>>,
    parts: &[Value],
) -> (Map<String, Value>, bool) {
    let first_part = parts.first().cloned().unwrap_or_default();
    if first_part.get("$ref").is_some()
        && merged.keys().all(|k| {
            matches!(k.as_str(), "description" | "title" | "nullable") || k.starts_with("x-")
        })
    {
        return (first_part.as_object().cloned().unwrap_or_default(), true);
    }
    if let Some(first) = views.into_iter().next() {
        merge_into(&mut merged, first, false);
    }
    (merged, false)
}

/// Object variants merged into one object: properties united (a shared property merged,
/// [`merge_property`]), required only where every variant requires them, the discriminator
/// listing every variant's value.
fn merge_objects(
    base: Map<String, Value>,
    views: &[Map<String, Value>],
    parts: &[Value],
) -> Map<String, Value> {
    let mut merged = base;
    // Required only when every variant requires it.
    let mut required: Option<Vec<Value>> = None;
    for v in views {
        let r = v
            .get("required")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        required = Some(match required {
            None => r,
            Some(prev) => prev.into_iter().filter(|x| r.contains(x)).collect(),
        });
    }
    let base_required = merged.shift_remove("required");
    for mut v in views.iter().cloned() {
        v.shift_remove("required");
        v.shift_remove("description");
        v.shift_remove("title");
        merge_variant(&mut merged, v);
    }
    discriminator_values(&mut merged, parts);
    let mut req: Vec<Value> = base_required
        .and_then(|r| r.as_array().cloned())
        .unwrap_or_default();
    for r in required.unwrap_or_default() {
        if !req.contains(&r) {
            req.push(r);
        }
    }
    if !req.is_empty() {
        merged.insert("required".into(), Value::Array(req));
    }
    merged
}

/// Variants of one primitive type merged: their enums united when each has one, their
/// format kept when they agree.
fn merge_primitives(
    base: Map<String, Value>,
    views: &[Map<String, Value>],
    first_type: Option<&str>,
) -> Map<String, Value> {
    let mut merged = base;
    let mut values = Vec::new();
    let all_enums = views.iter().all(|v| v.get("enum").is_some());
    if all_enums {
        for v in views {
            for e in v
                .get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if !values.contains(e) {
                    values.push(e.clone());
                }
            }
        }
    }
    let formats: HashSet<Option<&str>> = views
        .iter()
        .map(|v| v.get("format").and_then(Value::as_str))
        .collect();
    merged.insert("type".into(), json!(first_type));
    if all_enums {
        merged.insert("enum".into(), Value::Array(values));
    }
    if let (1, Some(Some(f))) = (formats.len(), formats.iter().next()) {
        merged.insert("format".into(), json!(f));
    }
    merged
}

/// Merges one variant of a union into the merged object: a property several variants have
/// is merged too ([`merge_property`]), so the merged field accepts what any variant accepts.
fn merge_variant(into: &mut Map<String, Value>, from: Map<String, Value>) {
    let mut from = from;
    if let Some(Value::Object(props)) = from.shift_remove("properties") {
        let target = into.entry("properties").or_insert_with(|| json!({}));
        if let Some(t) = target.as_object_mut() {
            for (k, v) in props {
                match t.get_mut(&k) {
                    Some(existing) => merge_property(existing, v),
                    None => {
                        t.insert(k, v);
                    }
                }
            }
        }
    }
    merge_into(into, from, false);
}

/// Merges the schemas one property has in two variants: allowed values are united (none
/// when one variant allows any), a description is kept only when both variants agree on it
/// (a variant's own text, such as "the role, here `user`", fits no merged field), nested
/// properties merge alike. Schemas without one declared type (references, unions, mixed
/// types) keep the first variant's.
fn merge_property(into: &mut Value, from: Value) {
    let (Some(a), Value::Object(b)) = (into.as_object_mut(), from) else {
        return;
    };
    // A description one variant gives its own field fits no merged field.
    let (da, db) = (a.get("description"), b.get("description"));
    if da.is_some() && db.is_some() && da != db {
        a.shift_remove("description");
        a.shift_remove("example");
    }
    if a.contains_key("$ref") || b.contains_key("$ref") {
        return;
    }
    // Only two schemas of one declared type merge; anything else keeps the first variant's.
    match (a.get("type"), b.get("type")) {
        (Some(ta), Some(tb)) if ta == tb => {}
        _ => return,
    }
    match (
        a.get("enum").and_then(Value::as_array).cloned(),
        b.get("enum"),
    ) {
        (Some(mut values), Some(Value::Array(more))) => {
            for v in more {
                if !values.contains(v) {
                    values.push(v.clone());
                }
            }
            a.insert("enum".into(), Value::Array(values));
        }
        (Some(_), None) => {
            a.shift_remove("enum");
        }
        _ => {}
    }
    if let (Some(Value::Object(pa)), Some(Value::Object(pb))) =
        (a.get_mut("properties"), b.get("properties"))
    {
        for (k, v) in pb {
            match pa.get_mut(k) {
                Some(existing) => merge_property(existing, v.clone()),
                None => {
                    pa.insert(k.clone(), v.clone());
                }
            }
        }
    }
    for (k, v) in b {
        if !matches!(
            k.as_str(),
            "enum" | "description" | "example" | "properties"
        ) && !a.contains_key(&k)
        {
            a.insert(k, v);
        }
    }
}

/// A discriminator property of a merged union lists every variant's value: the variants'
/// own allowed values and the mapping's keys; the variants' schema names (the implicit
/// values) only when neither says.
fn discriminator_values(merged: &mut Map<String, Value>, parts: &[Value]) {
    let Some(d) = merged.get("discriminator") else {
        return;
    };
    let Some(name) = d
        .get("propertyName")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return;
    };
    let listed = merged
        .get("properties")
        .and_then(|p| p.get(&name))
        .is_some_and(|p| p.get("enum").is_some());
    let mut values: Vec<Value> = match d.get("mapping").and_then(Value::as_object) {
        Some(m) if !m.is_empty() => m.keys().map(|k| json!(k)).collect(),
        // The variants list their own values: those are the ones sent.
        _ if listed => Vec::new(),
        _ => parts
            .iter()
            .filter_map(|p| p.get("$ref").and_then(Value::as_str))
            .filter_map(|r| r.rsplit('/').next())
            .map(|n| json!(connector_core::unescape_token(n)))
            .collect(),
    };
    let Some(prop) = merged
        .get_mut("properties")
        .and_then(|p| p.get_mut(&name))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    if prop.contains_key("$ref") || prop.get("type").is_some_and(|t| t != "string") {
        return;
    }
    if let Some(Value::Array(listed)) = prop.get("enum") {
        for v in listed {
            if !values.contains(v) {
                values.push(v.clone());
            }
        }
    }
    if !values.is_empty() {
        prop.insert("enum".into(), Value::Array(values));
    }
}

/// Merges `from` into `into`: properties and required are united, other keys are kept
/// from `into` when present (`prefer_into`) or filled in when absent.
fn merge_into(into: &mut Map<String, Value>, from: Map<String, Value>, prefer_into: bool) {
    for (k, v) in from {
        match k.as_str() {
            "properties" => {
                let target = into.entry("properties").or_insert_with(|| json!({}));
                if let (Some(t), Value::Object(src)) = (target.as_object_mut(), v) {
                    for (pk, pv) in src {
                        t.entry(pk).or_insert(pv);
                    }
                }
            }
            "required" => {
                let target = into.entry("required").or_insert_with(|| json!([]));
                if let (Some(t), Value::Array(src)) = (target.as_array_mut(), v) {
                    for r in src {
                        if !t.contains(&r) {
                            t.push(r);
                        }
                    }
                }
            }
            _ => {
                if !prefer_into || !into.contains_key(&k) {
                    into.entry(k).or_insert(v);
                }
            }
        }
    }
    if into.contains_key("properties") && !into.contains_key("type") {
        into.insert("type".into(), json!("object"));
    }
}

/// Turns floats with no fraction back into integers (`openapiv3` stores number bounds as f64).
/// Why a schema keyword's value cannot be kept.
enum Misfit {
    /// It is empty where Swagger 2.0 wants at least one entry (`enum: []`): dropped quietly,
    /// as it says nothing.
    Empty,
    /// It has the wrong JSON type; the text says what was expected.
    Type(&'static str),
}

/// Whether the value of the shared schema keyword `k` fits its Swagger 2.0 type.
fn keyword_misfit(k: &str, v: &Value) -> Option<Misfit> {
    let (fits, expected) = match k {
        "title" | "description" | "pattern" | "format" => (v.is_string(), "a string"),
        "multipleOf" | "maximum" | "minimum" => (v.is_number(), "a number"),
        "maxLength" | "minLength" | "maxItems" | "minItems" | "maxProperties" | "minProperties" => {
            (v.as_u64().is_some(), "a non-negative integer")
        }
        "exclusiveMaximum" | "exclusiveMinimum" | "uniqueItems" | "readOnly" => {
            (v.is_boolean(), "a boolean")
        }
        "required" => (v.is_array(), "an array of property names"),
        "enum" => match v.as_array() {
            Some(a) if a.is_empty() => return Some(Misfit::Empty),
            other => (other.is_some(), "an array"),
        },
        "type" => (
            v.is_string() || v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
            "a type name",
        ),
        "xml" => (
            v.as_object().is_some_and(|x| {
                ["name", "namespace", "prefix"]
                    .iter()
                    .all(|f| x.get(*f).is_none_or(Value::is_string))
                    && ["attribute", "wrapped"]
                        .iter()
                        .all(|f| x.get(*f).is_none_or(Value::is_boolean))
            }),
            "an XML object (string `name`, `namespace`, `prefix`; boolean `attribute`, `wrapped`)",
        ),
        "externalDocs" => (
            v.as_object().is_some_and(|d| {
                d.get("url").is_none_or(Value::is_string)
                    && d.get("description").is_none_or(Value::is_string)
            }),
            "an object with a string `url`",
        ),
        _ => (true, ""),
    };
    (!fits).then_some(Misfit::Type(expected))
}

/// A short rendering of a JSON value for a message.
fn shown(v: &Value) -> String {
    let text = v.to_string();
    match text
        .char_indices()
        .nth(40)
        .and_then(|(cut, _)| text.get(..cut))
    {
        Some(head) => format!("`{head}…`"),
        None => format!("`{text}`"),
    }
}

pub(crate) fn fix_number(v: Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::Number((f as i64).into()),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(fix_number).collect()),
        other => other,
    }
}

/// `not` has no connector form: told, and dropped.
fn not_note(at_key: &Keywords<'_>, at: &Pointer, diags: &mut Diagnostics) {
    if at_key.not.is_some() {
        diags
            .warn(
                codes::OAS_SCHEMA_NOT,
                &at.push("not"),
                "`not` cannot be expressed in a connector; the restriction was dropped",
            )
            .help("validate the excluded values in the API itself");
    }
}

/// `writeOnly` and `deprecated` have no Swagger 2.0 form: told.
fn dropped_keyword_notes(at_key: &Keywords<'_>, at: &Pointer, diags: &mut Diagnostics) {
    if at_key.write_only == Some(&Value::Bool(true)) {
        diags.info(
            codes::OAS_SCHEMA_KEYWORD,
            &at.push("writeOnly"),
            "`writeOnly` has no Swagger 2.0 form; the property also appears in responses",
        );
    }
    if at_key.deprecated == Some(&Value::Bool(true)) {
        diags.info(
            codes::OAS_SCHEMA_KEYWORD,
            &at.push("deprecated"),
            "schema `deprecated` has no Swagger 2.0 form; it was dropped",
        );
    }
}

/// `required` must name declared properties and be non-empty (and only on objects).
fn keep_declared_required(out: &mut Map<String, Value>, at: &Pointer, diags: &mut Diagnostics) {
    if let Some(Value::Array(req)) = out.get("required") {
        let props = out.get("properties").and_then(Value::as_object);
        let mut kept: Vec<Value> = Vec::new();
        for r in req.iter().filter(|r| {
            r.as_str()
                .is_some_and(|r| props.is_some_and(|p| p.contains_key(r)))
        }) {
            if !kept.contains(r) {
                kept.push(r.clone());
            }
        }
        if kept.len() != req.len() && req.iter().any(|r| !kept.contains(r)) {
            let dropped: Vec<String> = req
                .iter()
                .filter(|r| !kept.contains(r))
                .map(|r| r.as_str().unwrap_or_default().to_owned())
                .collect();
            if props.is_some() {
                diags.info(
                    codes::OAS_SCHEMA_KEYWORD,
                    &at.push("required"),
                    format!(
                        "required names without a declared property were dropped: {}",
                        dropped.join(", ")
                    ),
                );
            }
        }
        if kept.is_empty() {
            out.shift_remove("required");
        } else {
            out.insert("required".into(), Value::Array(kept));
        }
    }
}

/// The keywords the lowering looks at after copying a schema's own keys, found in one pass
/// over its keys: a schema holds a few keys, and a lookup of each of these keywords (a hash of
/// the name each time) cost more than reading them all once.
#[derive(Default)]
struct Keywords<'v> {
    not: Option<&'v Value>,
    nullable: Option<&'v Value>,
    write_only: Option<&'v Value>,
    deprecated: Option<&'v Value>,
    properties: Option<&'v Value>,
    items: Option<&'v Value>,
    type_: Option<&'v Value>,
    additional_properties: Option<&'v Value>,
    discriminator: Option<&'v Value>,
}

impl<'v> Keywords<'v> {
    fn of(map: &'v Map<String, Value>) -> Self {
        let mut k = Keywords::default();
        for (key, v) in map {
            let slot = match key.as_str() {
                "not" => &mut k.not,
                "nullable" => &mut k.nullable,
                "writeOnly" => &mut k.write_only,
                "deprecated" => &mut k.deprecated,
                "properties" => &mut k.properties,
                "items" => &mut k.items,
                "type" => &mut k.type_,
                "additionalProperties" => &mut k.additional_properties,
                "discriminator" => &mut k.discriminator,
                _ => continue,
            };
            *slot = Some(v);
        }
        k
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_references_find_what_the_pointer_finds() {
        let doc = json!({"components": {"schemas": {
            "Pet": {"type": "object"}, "a/b": {"type": "string"}, "a b": {"type": "integer"},
            "t~x": {"type": "boolean"}, "Chain": {"$ref": "#/components/schemas/Pet"},
            "a~1b": {"type": "array"}}},
            "paths": {"/p": {"schema": {"type": "number"}}}});
        let names = IndexMap::default();
        let lowering = SchemaLowering::new(&doc, &names, MERGE_BUDGET, Beside::Alone);
        for r in [
            "#/components/schemas/Pet",
            "#/components/schemas/Chain",
            "#/components/schemas/a~1b",
            "#/components/schemas/a%20b",
            "#/components/schemas/a b",
            "#/components/schemas/t~0x",
            "#/components/schemas/Missing",
            "#/components/schemas/Pet/type",
            "#/paths/~1p/schema",
        ] {
            let by_pointer = connector_core::local_target(&doc, r).map(|(_, v)| v);
            let fast = lowering.component(r);
            // `a~1b` names `a/b`, not the schema called `a~1b`.
            assert!(fast.is_none() || fast == by_pointer, "{r}");
            let mut seen = Vec::new();
            let resolved = lowering.resolve(r, &mut seen);
            let expected = by_pointer.map(|v| match v.get("$ref") {
                Some(_) => &doc["components"]["schemas"]["Pet"],
                None => v,
            });
            assert_eq!(resolved, expected, "{r}");
        }
        // Plain names are found by the one lookup.
        assert!(lowering.component("#/components/schemas/a b").is_some());
        assert!(lowering.component("#/components/schemas/a~1b").is_none());
    }

    #[test]
    fn long_values_are_shortened_on_a_character_boundary() {
        assert_eq!(shown(&json!("10")), "`\"10\"`");
        let long = shown(&json!("é".repeat(60)));
        assert!(long.ends_with("…`"), "{long}");
        assert_eq!(long.chars().count(), 40 + 3);
    }

    #[test]
    fn keyword_types_follow_swagger() {
        assert!(keyword_misfit("maxLength", &json!(3)).is_none());
        assert!(matches!(
            keyword_misfit("maxLength", &json!(-1)),
            Some(Misfit::Type(_))
        ));
        assert!(matches!(
            keyword_misfit("enum", &json!([])),
            Some(Misfit::Empty)
        ));
        assert!(keyword_misfit("type", &json!(["string", "null"])).is_none());
        assert!(matches!(
            keyword_misfit("xml", &json!({"attribute": "yes"})),
            Some(Misfit::Type(_))
        ));
        // Keywords whose value may be anything.
        assert!(keyword_misfit("default", &json!(null)).is_none());
    }
}
