//! The JSON-level pass that runs before the typed parse: OpenAPI 3.1 → 3.0 rewriting, and
//! an audit of everything `openapiv3` would silently drop. Every rewrite is reported.

use connector_core::collections::{HashMap, HashSet};

use connector_core::{Diagnostics, Pointer, ref_member};
use serde_json::{Map, Value, json};

use crate::codes;

/// Keys of a 3.0 Schema Object (besides `x-` extensions).
const SCHEMA_KEYS: &[&str] = &[
    "$ref",
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
];

/// Keys next to a `$ref` that only annotate (dropping them loses no constraint).
const ANNOTATION_KEYS: &[&str] = &[
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "default",
    "readOnly",
    "writeOnly",
    "deprecated",
    "nullable",
    "$comment",
    "externalDocs",
    "xml",
];

/// 2020-12 keywords that have no 3.0 / Swagger 2.0 form.
const DROPPED_31: &[&str] = &[
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "patternProperties",
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
    "dependencies",
    "additionalItems",
];

/// 2020-12 identifiers and annotations, dropped with an info.
const ANNOTATIONS_31: &[&str] = &["$id", "$anchor", "$schema", "$vocabulary", "$comment"];

const OPERATION_KEYS: &[&str] = &[
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "parameters",
    "requestBody",
    "responses",
    "callbacks",
    "deprecated",
    "security",
    "servers",
];

const PARAMETER_KEYS: &[&str] = &[
    "name",
    "in",
    "description",
    "required",
    "deprecated",
    "allowEmptyValue",
    "style",
    "explode",
    "allowReserved",
    "schema",
    "example",
    "examples",
    "content",
    "$ref",
];

const ROOT_KEYS: &[&str] = &[
    "openapi",
    "info",
    "servers",
    "paths",
    "components",
    "security",
    "tags",
    "externalDocs",
];

const INFO_KEYS: &[&str] = &[
    "title",
    "description",
    "termsOfService",
    "contact",
    "license",
    "version",
];
const PATH_ITEM_KEYS: &[&str] = &[
    "$ref",
    "summary",
    "description",
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
    "servers",
    "parameters",
];
const REQUEST_BODY_KEYS: &[&str] = &["description", "content", "required"];
const RESPONSE_KEYS: &[&str] = &["description", "headers", "content", "links"];
const MEDIA_TYPE_KEYS: &[&str] = &["schema", "example", "examples", "encoding"];
const HEADER_KEYS: &[&str] = &[
    "description",
    "required",
    "deprecated",
    "allowEmptyValue",
    "style",
    "explode",
    "allowReserved",
    "schema",
    "example",
    "examples",
    "content",
];
const COMPONENTS_KEYS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

const METHODS_30: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Rewrites a loaded OpenAPI document in place so that `openapiv3` can read it without losses
/// going unreported. `is_31` turns on the 3.1 → 3.0 rewrites.
/// Returns the operations' callbacks (taken out of the document, which has no room for them),
/// `$ref`s to reusable callbacks resolved and each callback path item normalised, for
/// [`crate::triggers`].
pub(crate) fn normalize(
    doc: &mut Value,
    is_31: bool,
    diags: &mut Diagnostics,
) -> Vec<CallbackSite> {
    normalize_with(doc, is_31, true, diags)
}

/// [`normalize`]; path items in pieces only where `pieces` allows it.
fn normalize_with(
    doc: &mut Value,
    is_31: bool,
    pieces: bool,
    diags: &mut Diagnostics,
) -> Vec<CallbackSite> {
    inline_foreign_refs(doc, diags);
    let local_definitions = hoist_interior_schemas(doc, diags);
    let mut sites = collect_callbacks(doc);
    let mut n = Normalizer {
        is_31,
        diags,
        hoisted: Vec::new(),
        taken: schema_names(doc),
        rewrites: HashMap::default(),
        in_pieces: pieces && !local_definitions,
    };
    n.document(doc);
    for site in &mut sites {
        let at = site.at.push(&site.expression);
        n.path_item(&mut site.item, &at);
    }
    sites
}

/// How many `$ref`s a non-schema reference may follow before it is left unresolved.
const MAX_SLOT_HOPS: usize = 32;

/// Parameters, request bodies, responses and headers referenced where they are written
/// (`#/paths/~1a/get/parameters/0`) rather than in `components`: the typed model only
/// resolves component references, so each such reference becomes a copy of its target.
fn inline_foreign_refs(doc: &mut Value, diags: &mut Diagnostics) {
    // A copied response can bring references of its own (to headers elsewhere): a few
    // passes settle them.
    for _ in 0..4 {
        if !inline_foreign_refs_once(doc, diags) {
            break;
        }
    }
}

/// One pass of [`inline_foreign_refs`]; whether it replaced anything.
fn inline_foreign_refs_once(doc: &mut Value, diags: &mut Diagnostics) -> bool {
    let mut replaced = false;
    let mut slots = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let at = Pointer::root().push("paths").push(path);
            ref_slots(item, "parameters", true, &at, &mut slots);
            for (method, op) in item.as_object().into_iter().flatten() {
                if !METHODS_30.contains(&method.as_str()) {
                    continue;
                }
                let at = at.push(method);
                ref_slots(op, "parameters", true, &at, &mut slots);
                if let Some(body) = op.get("requestBody") {
                    if is_inlined_ref(body) {
                        slots.push(at.push("requestBody"));
                    }
                }
                ref_slots(op, "responses", false, &at, &mut slots);
                for (code, r) in op
                    .get("responses")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    ref_slots(
                        r,
                        "headers",
                        false,
                        &at.push("responses").push(code),
                        &mut slots,
                    );
                }
            }
        }
    }
    if let Some(components) = doc.get("components") {
        let at = Pointer::root().push("components");
        for kind in ["parameters", "requestBodies", "responses", "headers"] {
            ref_slots(components, kind, false, &at, &mut slots);
        }
        let responses = at.push("responses");
        for (code, r) in components
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            ref_slots(r, "headers", false, &responses.push(code), &mut slots);
        }
    }
    for slot in slots {
        let Some(r) = connector_core::lookup(doc, slot.as_str())
            .and_then(|v| v.get("$ref"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        if r.starts_with("#/components/") || !r.starts_with("#/") {
            continue;
        }
        let r = r.to_owned();
        let mut target = r.clone();
        let mut resolved = None;
        for _ in 0..MAX_SLOT_HOPS {
            let found = connector_core::local_target(doc, &target).map(|(_, v)| v);
            match found.map(|v| (v, v.get("$ref").and_then(Value::as_str))) {
                Some((_, Some(next))) if next.starts_with("#/components/") => {
                    resolved = Some(json!({ "$ref": next }));
                    break;
                }
                Some((_, Some(next))) => target = next.to_owned(),
                Some((v, None)) => {
                    resolved = Some(v.clone());
                    break;
                }
                None => break,
            }
        }
        // Unresolved: the lowering reports it where it reads the slot.
        let Some(value) = resolved else { continue };
        if let Some(place) = doc.pointer_mut(slot.as_str()) {
            *place = value;
            replaced = true;
            diags.info(
                codes::OAS_REF_INLINED,
                &slot,
                format!(
                    "`$ref: {r}` points outside `components`; a copy of its target stands here"
                ),
            );
        }
    }
    replaced
}

/// Schemas referenced inside another schema (`#/components/schemas/A/properties/b`, or a
/// schema inside a path), as bundlers write them, become reusable schemas of their own: the
/// lowering follows references to definitions without copying them, where a reference into
/// a schema's interior would be copied at every use (and without end, when such references
/// nest). `$defs` and `definitions` are left to [`Normalizer::hoist_definitions`].
///
/// Returns whether the document may have local definitions (see [`Interior`]).
fn hoist_interior_schemas(doc: &mut Value, diags: &mut Diagnostics) -> bool {
    let mut found = Interior::default();
    collect_interior_refs(doc, false, &mut found);
    let interior: Vec<String> = found.refs.iter().map(|r| (*r).to_owned()).collect();
    let local_definitions = found.local_definitions;
    hoist_interior(doc, &interior, diags);
    local_definitions
}

/// Makes reusable schemas of the schemas the references `interior` point at (see
/// [`hoist_interior_schemas`]).
fn hoist_interior(doc: &mut Value, interior: &[String], diags: &mut Diagnostics) {
    if interior.is_empty() {
        return;
    }
    let mut taken = schema_names(doc);
    let mut rewrites: HashMap<String, String> = HashMap::default();
    let mut hoisted: Vec<(String, Value)> = Vec::new();
    for r in interior {
        let Some((fragment, target)) =
            connector_core::local_target(doc, r).filter(|(_, t)| t.is_object())
        else {
            continue; // reported by the lowering where it is used
        };
        // A reference to a reference: follow it instead of copying it.
        if let (Some(next), 1) = (
            target.get("$ref").and_then(Value::as_str),
            target.as_object().map_or(0, Map::len),
        ) {
            rewrites.insert(r.clone(), next.to_owned());
            continue;
        }
        let name = connector_core::unique_name(&interior_name(doc, &fragment), |n| {
            taken.insert(n.to_owned())
        });
        rewrites.insert(
            r.clone(),
            format!(
                "#/components/schemas/{}",
                connector_core::escape_token(&name)
            ),
        );
        diags.info(
            codes::OAS_REF_INLINED,
            &Pointer::parse(&fragment),
            format!("schema referenced inside another schema (`{r}`) became the reusable schema `{name}`"),
        );
        hoisted.push((name, target.clone()));
    }
    // Chains of rewrites (a reference to a reference to an interior schema) end at the last.
    let keys: Vec<String> = rewrites.keys().cloned().collect();
    for key in keys {
        let mut target = rewrites.get(&key).cloned().unwrap_or_default();
        for _ in 0..MAX_SLOT_HOPS {
            match rewrites.get(&target) {
                Some(next) if *next != target => target = next.clone(),
                _ => break,
            }
        }
        rewrites.insert(key, target);
    }
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let components = root.entry("components").or_insert_with(|| json!({}));
    if !components.is_object() {
        return;
    }
    let schemas = components
        .as_object_mut()
        .map(|c| c.entry("schemas").or_insert_with(|| json!({})));
    if let Some(Value::Object(schemas)) = schemas {
        for (name, schema) in hoisted {
            schemas.insert(name, schema);
        }
    }
    rewrite_refs(doc, &rewrites);
}

/// The names of the document's reusable schemas.
fn schema_names(doc: &Value) -> HashSet<String> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default()
}

/// A name for a schema at `pointer`: its parent definition (or operation) and its own key.
fn interior_name(doc: &Value, pointer: &str) -> String {
    let tokens: Vec<String> = pointer
        .split('/')
        .filter(|t| !t.is_empty())
        .map(unescape)
        .collect();
    let owner = match tokens.first().map(String::as_str) {
        Some("components") => tokens.get(2).cloned().unwrap_or_default(),
        _ => tokens
            .get(1..3)
            .and_then(|pm| doc.get("paths")?.get(pm.first()?)?.get(pm.get(1)?))
            .and_then(|op| op.get("operationId"))
            .and_then(Value::as_str)
            .unwrap_or("Inline")
            .to_owned(),
    };
    let own = tokens
        .iter()
        .rev()
        .find(|t| {
            !matches!(
                t.as_str(),
                "properties"
                    | "items"
                    | "allOf"
                    | "oneOf"
                    | "anyOf"
                    | "schema"
                    | "additionalProperties"
            ) && t.parse::<usize>().is_err()
        })
        .cloned()
        .unwrap_or_else(|| "Part".to_owned());
    if own == owner {
        format!("{owner}_Part")
    } else {
        format!("{owner}_{own}")
    }
}

/// The references in `v` that point inside a schema (see [`hoist_interior_schemas`]).
/// `names`: whether `v` is a map of names (see [`ref_child`]); a `$ref` inside example or
/// default data is data, and left alone.
fn collect_interior_refs<'v>(v: &'v Value, names: bool, out: &mut Interior<'v>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = (!names).then(|| ref_member(map)).flatten() {
                if is_interior(r) {
                    out.refs.insert(r);
                }
            }
            for (k, c) in map.iter().filter(|(_, c)| c.is_object() || c.is_array()) {
                if !names && (k == "$defs" || k == "definitions") {
                    out.local_definitions = true;
                }
                if let Some(n) = ref_child(names, k) {
                    collect_interior_refs(c, n, out);
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|c| collect_interior_refs(c, false, out)),
        _ => {}
    }
}

/// What [`collect_interior_refs`] finds.
#[derive(Default)]
struct Interior<'v> {
    /// The references into schemas.
    refs: std::collections::BTreeSet<&'v str>,
    /// Whether some object (not a map of names) has a `$defs` or `definitions` member: local
    /// definitions for [`Normalizer::hoist_definitions`], or where they could be.
    local_definitions: bool,
}

/// Whether a reference names a schema inside a reusable schema or inside a path (other than
/// `$defs` and `definitions`, which are hoisted where they stand).
fn is_interior(r: &str) -> bool {
    let Some(rest) = r.strip_prefix("#/") else {
        return false;
    };
    let tokens = || rest.split('/');
    let in_schema = if let Some(name_and_more) = rest.strip_prefix("components/schemas/") {
        // A token inside the schema after its name (most references name the schema only).
        name_and_more.contains('/')
    } else {
        tokens().next() == Some("paths") && tokens().any(|t| t == "schema")
    };
    in_schema && !tokens().any(|t| t == "$defs" || t == "definitions")
}

/// Whether `e` is a reference [`inline_foreign_refs`] copies the target of: a local one
/// outside `components`.
fn is_inlined_ref(e: &Value) -> bool {
    e.as_object()
        .and_then(ref_member)
        .and_then(Value::as_str)
        .is_some_and(|r| r.starts_with("#/") && !r.starts_with("#/components/"))
}

/// The entries of `item[key]` (an array when `list`, a map otherwise) that hold a reference
/// to inline. Only those are kept: most references point into `components`, and their
/// pointers (long path templates) were built and read back for nothing.
fn ref_slots(item: &Value, key: &str, list: bool, at: &Pointer, out: &mut Vec<Pointer>) {
    let inlined = is_inlined_ref;
    match item.get(key) {
        Some(Value::Array(entries)) if list => {
            for (i, e) in entries.iter().enumerate() {
                if inlined(e) {
                    out.push(at.push(key).index(i));
                }
            }
        }
        Some(Value::Object(entries)) if !list => {
            for (k, e) in entries {
                if inlined(e) {
                    out.push(at.push(key).push(k));
                }
            }
        }
        _ => {}
    }
}

/// One callback of an operation: `callbacks/{name}/{expression}` → path item.
#[derive(Clone, Debug)]
pub(crate) struct CallbackSite {
    /// The path of the operation that registers the callback.
    pub path: String,
    /// Its method.
    pub method: String,
    /// The callback's name.
    pub name: String,
    /// Pointer of the callback (`.../callbacks/{name}`).
    pub at: Pointer,
    /// The runtime expression naming the URL, such as `{$request.body#/callbackUrl}`.
    pub expression: String,
    /// How many expressions the callback has (only one can be a connector trigger).
    pub expressions: usize,
    /// The path item the API calls.
    pub item: Value,
}

fn collect_callbacks(doc: &Value) -> Vec<CallbackSite> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for m in METHODS_30 {
            let Some(cbs) = item
                .get(*m)
                .and_then(|op| op.get("callbacks"))
                .and_then(Value::as_object)
            else {
                continue;
            };
            for (name, cb) in cbs {
                let at = Pointer::root()
                    .push("paths")
                    .push(path)
                    .push(m)
                    .push("callbacks")
                    .push(name);
                let cb = match cb.get("$ref").and_then(Value::as_str) {
                    Some(r) => match r
                        .strip_prefix('#')
                        .and_then(|p| connector_core::lookup(doc, p))
                    {
                        Some(target) => target,
                        None => continue,
                    },
                    None => cb,
                };
                let Some(map) = cb.as_object() else { continue };
                let expressions = map.keys().filter(|k| !k.starts_with("x-")).count();
                if let Some((expression, item)) = map.iter().find(|(k, _)| !k.starts_with("x-")) {
                    out.push(CallbackSite {
                        path: path.clone(),
                        method: (*m).to_owned(),
                        name: name.clone(),
                        at,
                        expression: expression.clone(),
                        expressions,
                        item: item.clone(),
                    });
                }
            }
        }
    }
    out
}

struct Normalizer<'a> {
    is_31: bool,
    diags: &'a mut Diagnostics,
    /// `$defs` and `definitions` entries lifted out of schemas: (new component name, schema).
    hoisted: Vec<(String, Value)>,
    /// Component schema names in use (those of the document and the hoisted ones).
    taken: HashSet<String>,
    /// Old ref target → new ref target.
    rewrites: HashMap<String, String>,
    /// Whether path items may be normalised in pieces: no object of the document has local
    /// definitions to hoist (which name schemas in the order they are met).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    in_pieces: bool,
}

fn key_list(keys: &[&str]) -> String {
    keys.join(", ")
}

impl Normalizer<'_> {
    /// Normalises the document, step by step.
    fn document(&mut self, doc: &mut Value) {
        let Some(map) = doc.as_object_mut() else {
            return;
        };
        if self.is_31 {
            self.root_31(map);
        }
        // Some 3.0 documents (GitHub's, Redocly's convention) spell webhooks as an extension.
        self.drop_webhooks(map, "x-webhooks");
        self.root_fields(map);
        let paths_at = Pointer::root().push("paths");
        if let Some(Value::Object(paths)) = map.get_mut("paths") {
            self.paths(paths, &paths_at);
        }
        self.components(map);
        if !self.rewrites.is_empty() {
            let rewrites = std::mem::take(&mut self.rewrites);
            rewrite_refs(doc, &rewrites);
        }
    }

    /// The root of a 3.1 (or 3.2) document read as 3.0: the version, the dialect, webhooks,
    /// `paths` made present, the info's and reusable path items' 3.1 forms.
    fn root_31(&mut self, map: &mut Map<String, Value>) {
        let root = Pointer::root();
        if let Some(Value::String(v)) = map.get("openapi") {
            if v.starts_with("3.2") {
                self.diags
                    .warn(codes::OAS32_READ_AS_31, &root.push("openapi"), format!("OpenAPI {v} is read as 3.1; features new in 3.2 are dropped where they occur"));
            }
        }
        map.insert("openapi".into(), json!("3.0.3"));
        if map.shift_remove("jsonSchemaDialect").is_some() {
            self.diags.info(
                codes::OAS31_DOCUMENT_FIELD,
                &root.push("jsonSchemaDialect"),
                "`jsonSchemaDialect` was dropped; schemas are read as the OpenAPI dialect",
            );
        }
        self.drop_webhooks(map, "webhooks");
        if !map.contains_key("paths") {
            map.insert("paths".into(), json!({}));
        }
        self.info_31(map);
        self.path_items_31(map);
    }

    /// The root's fields: an info made present, unknown fields dropped, security schemes and
    /// requirements, the keys of the info and of the components audited.
    fn root_fields(&mut self, map: &mut Map<String, Value>) {
        let root = Pointer::root();
        if !map.contains_key("info") {
            map.insert("info".into(), json!({"title": "", "version": ""}));
        }
        self.drop_members(
            map,
            &root,
            codes::OAS_UNKNOWN_FIELD,
            |k| !k.starts_with("x-") && !ROOT_KEYS.contains(&k),
            |k| format!("`{k}` is not an OpenAPI root field; it was dropped"),
        );

        self.security_schemes(map);
        null_scopes(map.get_mut("security"));
        if let Some(Value::Object(info)) = map.get_mut("info") {
            self.audit_keys(info, INFO_KEYS, &root.push("info"), "the Info object");
        }
        if let Some(Value::Object(c)) = map.get_mut("components") {
            self.audit_keys(
                c,
                COMPONENTS_KEYS,
                &root.push("components"),
                "the Components object",
            );
        }
    }

    /// The paths (at `at`): those not starting with `/` dropped, then the items.
    fn paths(&mut self, paths: &mut Map<String, Value>, at: &Pointer) {
        self.drop_members(
            paths,
            at,
            codes::OAS_PATH_INVALID,
            |k| !k.starts_with('/') && !k.starts_with("x-"),
            |k| format!("path `{k}` does not start with `/`; it was dropped"),
        );
        self.path_items(paths, at);
    }

    /// The reusable components, and the schemas hoisted from local definitions added to them.
    fn components(&mut self, map: &mut Map<String, Value>) {
        if let Some(Value::Object(components)) = map.get_mut("components") {
            let at = Pointer::root().push("components");
            self.each_entry(components, "schemas", &at, Self::schema);
            self.each_entry(components, "parameters", &at, Self::parameter);
            self.each_entry(components, "requestBodies", &at, Self::request_body);
            self.each_entry(components, "responses", &at, Self::response);
            self.each_entry(components, "headers", &at, Self::header);
            // Reusable callbacks are read where operations reference them.
            components.shift_remove("callbacks");
            if !self.hoisted.is_empty() {
                let schemas = components.entry("schemas").or_insert_with(|| json!({}));
                if let Some(schemas) = schemas.as_object_mut() {
                    for (name, s) in std::mem::take(&mut self.hoisted) {
                        schemas.insert(name, s);
                    }
                }
            }
        } else if !self.hoisted.is_empty() {
            let mut schemas = Map::new();
            for (name, s) in std::mem::take(&mut self.hoisted) {
                schemas.insert(name, s);
            }
            map.insert("components".into(), json!({"schemas": schemas}));
        }
    }

    /// Normalises the path items of `paths` (at `at`). An item shares nothing with the others
    /// but the names of schemas hoisted from local definitions (`$defs`, `definitions`): on a
    /// document with many items and none of those (see [`Self::in_pieces`]), outside
    /// WebAssembly, the items go in runs on two threads, each with its own findings, taken in
    /// order.
    fn path_items(&mut self, paths: &mut Map<String, Value>, at: &Pointer) {
        // Cut into pieces only outside WebAssembly.
        #[cfg_attr(target_arch = "wasm32", allow(unused_mut))]
        let mut items: Vec<(&String, &mut Value)> = paths
            .iter_mut()
            .filter(|(k, _)| k.starts_with('/'))
            .collect();
        #[cfg(not(target_arch = "wasm32"))]
        if self.in_pieces {
            let is_31 = self.is_31;
            let min = connector_core::WORTH_A_THREAD;
            let runs =
                connector_core::in_pieces(&mut items, min, |run, diags: &mut Diagnostics| {
                    let mut n = Normalizer {
                        is_31,
                        diags,
                        hoisted: Vec::new(),
                        taken: HashSet::default(),
                        rewrites: HashMap::default(),
                        in_pieces: false,
                    };
                    for (path, item) in run.iter_mut() {
                        n.path_item(item, &at.push(path));
                    }
                });
            for found in runs {
                self.diags.extend(found.into_vec());
            }
            return;
        }
        for (path, item) in items {
            self.path_item(item, &at.push(path));
        }
    }

    /// Drops (with a warning) keys that are neither `x-` extensions nor fields of `what`.
    fn audit_keys(
        &mut self,
        map: &mut Map<String, Value>,
        allowed: &[&str],
        at: &Pointer,
        what: &str,
    ) {
        self.drop_members(
            map,
            at,
            codes::OAS_UNKNOWN_FIELD,
            |k| !k.starts_with("x-") && !allowed.contains(&k),
            |k| format!("`{k}` is not a field of {what}; it was dropped"),
        );
    }

    /// Drops the members of `map` (at `at`) whose keys `unwanted` names, each with a warning
    /// `code` saying `why`, in the map's order.
    fn drop_members(
        &mut self,
        map: &mut Map<String, Value>,
        at: &Pointer,
        code: &'static str,
        unwanted: impl Fn(&str) -> bool,
        why: impl Fn(&str) -> String,
    ) {
        for k in map.keys().filter(|k| unwanted(k)) {
            self.diags.warn(code, &at.push(k), why(k));
        }
        map.retain(|k, _| !unwanted(k));
    }

    /// Drops the document's `webhooks` (or `x-webhooks`) with a diagnostic: a webhook says
    /// what the API posts, with no operation to subscribe, so it cannot become a trigger.
    fn drop_webhooks(&mut self, map: &mut Map<String, Value>, key: &str) {
        let Some(w) = map.shift_remove(key) else {
            return;
        };
        let n = w.as_object().map_or(0, Map::len);
        self.diags
            .warn(
                codes::OAS31_WEBHOOKS_DROPPED,
                &Pointer::root().push(key),
                format!("{n} webhook(s) in `{key}` dropped: a webhook says what the API posts, not how to subscribe, and a connector trigger needs the subscribing operation"),
            )
            .help(
                "describe the subscription as an operation with a callback (`{$request.body#/callbackUrl}`); it becomes a webhook trigger",
            );
    }

    fn info_31(&mut self, map: &mut Map<String, Value>) {
        let at = Pointer::root().push("info");
        let Some(Value::Object(info)) = map.get_mut("info") else {
            return;
        };
        if let Some(summary) = info.shift_remove("summary") {
            let summary = summary.as_str().unwrap_or_default().to_owned();
            if info
                .get("description")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                info.insert("description".into(), Value::String(summary));
                self.diags.info(
                    codes::OAS31_DOCUMENT_FIELD,
                    &at.push("summary"),
                    "`info.summary` became the description (the document had none)",
                );
            } else {
                self.diags.info(
                    codes::OAS31_DOCUMENT_FIELD,
                    &at.push("summary"),
                    "`info.summary` was dropped: Swagger 2.0 has only a description",
                );
            }
        }
        if let Some(Value::Object(license)) = info.get_mut("license") {
            if let Some(id) = license.shift_remove("identifier") {
                let id = id.as_str().unwrap_or_default().to_owned();
                let spdx = !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'));
                if !license.contains_key("url") && spdx {
                    license.insert(
                        "url".into(),
                        Value::String(format!("https://spdx.org/licenses/{id}.html")),
                    );
                    self.diags.info(
                        codes::OAS31_DOCUMENT_FIELD,
                        &at.push("license").push("identifier"),
                        format!("SPDX identifier `{id}` became the license URL"),
                    );
                } else {
                    self.diags.info(
                        codes::OAS31_DOCUMENT_FIELD,
                        &at.push("license").push("identifier"),
                        format!("SPDX identifier `{id}` dropped (the license has a URL)"),
                    );
                }
            }
        }
    }

    /// Inlines `components.pathItems` into the paths that reference them.
    fn path_items_31(&mut self, map: &mut Map<String, Value>) {
        let items = map
            .get_mut("components")
            .and_then(Value::as_object_mut)
            .and_then(|c| c.shift_remove("pathItems"));
        let Some(Value::Object(items)) = items else {
            return;
        };
        let at = Pointer::root().push("components").push("pathItems");
        self.diags.info(
            codes::OAS31_DOCUMENT_FIELD,
            &at,
            format!(
                "{} reusable path item(s) were inlined where referenced",
                items.len()
            ),
        );
        let Some(Value::Object(paths)) = map.get_mut("paths") else {
            return;
        };
        for (path, item) in paths.iter_mut() {
            let target = item
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/pathItems/"))
                .map(unescape);
            if let Some(name) = target {
                match items.get(&name) {
                    Some(found) => *item = found.clone(),
                    None => {
                        self.diags.error(
                            codes::OAS_REF_NOT_FOUND,
                            &Pointer::root().push("paths").push(path).push("$ref"),
                            format!("path item `{name}` does not exist; the path was emptied"),
                        );
                        *item = json!({});
                    }
                }
            }
        }
    }

    fn security_schemes(&mut self, map: &mut Map<String, Value>) {
        let Some(Value::Object(schemes)) = map
            .get_mut("components")
            .and_then(Value::as_object_mut)
            .and_then(|c| c.get_mut("securitySchemes"))
        else {
            return;
        };
        let at = Pointer::root().push("components").push("securitySchemes");
        let mut removed = Vec::new();
        for (name, s) in schemes.iter() {
            let ty = s.get("type").and_then(Value::as_str).unwrap_or_default();
            if ty == "mutualTLS" {
                self.diags.warn(
                    codes::OAS_SECURITY_UNSUPPORTED,
                    &at.push(name),
                    "mutual TLS cannot be expressed in a connector; the scheme was dropped",
                );
                removed.push(name.clone());
            }
        }
        for name in &removed {
            schemes.shift_remove(name);
        }
        if removed.is_empty() {
            return;
        }
        remove_requirements(map.get_mut("security"), &removed);
        if let Some(Value::Object(paths)) = map.get_mut("paths") {
            for item in paths.values_mut() {
                for m in METHODS_30 {
                    if let Some(op) = item.get_mut(*m) {
                        remove_requirements(op.get_mut("security"), &removed);
                    }
                }
            }
        }
    }

    fn each_entry(
        &mut self,
        parent: &mut Map<String, Value>,
        key: &str,
        at: &Pointer,
        f: fn(&mut Self, &mut Value, &Pointer),
    ) {
        if let Some(Value::Object(entries)) = parent.get_mut(key) {
            let at = at.push(key);
            for (name, v) in entries.iter_mut() {
                f(self, v, &at.push(name));
            }
        }
    }

    fn path_item(&mut self, item: &mut Value, at: &Pointer) {
        let Some(map) = item.as_object_mut() else {
            return;
        };
        self.audit_keys(map, PATH_ITEM_KEYS, at, "a Path Item");
        if let Some(Value::Array(params)) = map.get_mut("parameters") {
            for (i, p) in params.iter_mut().enumerate() {
                self.parameter(p, &at.push("parameters").index(i));
            }
        }
        for m in METHODS_30 {
            if let Some(op) = map.get_mut(*m) {
                self.operation(op, &at.push(m));
            }
        }
    }

    fn operation(&mut self, op: &mut Value, at: &Pointer) {
        let Some(map) = op.as_object_mut() else {
            return;
        };
        // Callbacks were collected before the walk; they become triggers after lowering.
        map.shift_remove("callbacks");
        self.audit_keys(map, OPERATION_KEYS, at, "an Operation");
        null_scopes(map.get_mut("security"));
        if !map.contains_key("responses") {
            map.insert(
                "responses".into(),
                json!({"default": {"description": "Default response"}}),
            );
            self.diags.info(
                codes::OAS31_DOCUMENT_FIELD,
                &at.push("responses"),
                "the operation had no responses; a `default` response was added",
            );
        }
        if let Some(Value::Array(params)) = map.get_mut("parameters") {
            for (i, p) in params.iter_mut().enumerate() {
                self.parameter(p, &at.push("parameters").index(i));
            }
        }
        if let Some(body) = map.get_mut("requestBody") {
            self.request_body(body, &at.push("requestBody"));
        }
        if let Some(Value::Object(responses)) = map.get_mut("responses") {
            let at = at.push("responses");
            for (code, r) in responses.iter_mut() {
                self.response(r, &at.push(code));
            }
        }
    }

    fn parameter(&mut self, p: &mut Value, at: &Pointer) {
        self.schema_or_content(p, PARAMETER_KEYS, at, "a Parameter");
    }

    /// Parameters and headers: a `$ref`, or the known keys plus a `schema` or a `content`.
    fn schema_or_content(&mut self, v: &mut Value, keys: &[&str], at: &Pointer, what: &str) {
        let Some(map) = v.as_object_mut() else { return };
        if map.contains_key("$ref") {
            self.ref_siblings_non_schema(map, at);
            return;
        }
        self.audit_keys(map, keys, at, what);
        if let Some(s) = map.get_mut("schema") {
            self.schema(s, &at.push("schema"));
        }
        if let Some(c) = map.get_mut("content") {
            self.content(c, &at.push("content"));
        }
    }

    fn ref_siblings_non_schema(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        if map.len() > 1 {
            let siblings: Vec<String> = map.keys().filter(|k| *k != "$ref").cloned().collect();
            self.diags.info(
                codes::OAS_REF_SIBLINGS,
                at,
                format!("keys next to `$ref` were dropped: {}", siblings.join(", ")),
            );
            map.retain(|k, _| k == "$ref");
        }
    }

    fn request_body(&mut self, b: &mut Value, at: &Pointer) {
        let Some(map) = b.as_object_mut() else { return };
        if map.contains_key("$ref") {
            self.ref_siblings_non_schema(map, at);
            return;
        }
        self.audit_keys(map, REQUEST_BODY_KEYS, at, "a Request Body");
        if let Some(c) = map.get_mut("content") {
            self.content(c, &at.push("content"));
        }
    }

    fn response(&mut self, r: &mut Value, at: &Pointer) {
        let Some(map) = r.as_object_mut() else { return };
        if map.contains_key("$ref") {
            self.ref_siblings_non_schema(map, at);
            return;
        }
        self.audit_keys(map, RESPONSE_KEYS, at, "a Response");
        if !map.contains_key("description") {
            map.insert("description".into(), json!(""));
        }
        if let Some(c) = map.get_mut("content") {
            self.content(c, &at.push("content"));
        }
        if let Some(Value::Object(headers)) = map.get_mut("headers") {
            for (name, h) in headers.iter_mut() {
                self.header(h, &at.push("headers").push(name));
            }
        }
    }

    fn header(&mut self, h: &mut Value, at: &Pointer) {
        self.schema_or_content(h, HEADER_KEYS, at, "a Header");
    }

    fn content(&mut self, c: &mut Value, at: &Pointer) {
        let Some(map) = c.as_object_mut() else { return };
        for (mt, media) in map.iter_mut() {
            let at = at.push(mt);
            let binary = is_binary_media_type(mt);
            if let Some(m) = media.as_object_mut() {
                self.audit_keys(m, MEDIA_TYPE_KEYS, &at, "a Media Type");
                if m.shift_remove("itemSchema").is_some() {
                    self.diags.warn(
                        codes::OAS32_READ_AS_31,
                        &at.push("itemSchema"),
                        "3.2 `itemSchema` (streaming) was dropped",
                    );
                }
                if self.is_31 && binary {
                    // A 3.1 binary body may have an empty schema: make it an explicit binary string.
                    let empty = m.get("schema").is_none_or(|s| {
                        s.as_object().is_some_and(Map::is_empty) || s == &Value::Bool(true)
                    });
                    if empty {
                        m.insert(
                            "schema".into(),
                            json!({"type": "string", "format": "binary"}),
                        );
                    }
                }
                if let Some(s) = m.get_mut("schema") {
                    self.schema(s, &at.push("schema"));
                }
            }
        }
    }

    /// Normalises one schema and everything below it.
    fn schema(&mut self, s: &mut Value, at: &Pointer) {
        // Boolean schemas.
        if let Value::Bool(b) = s {
            if self.is_31 || at.as_str().contains("/properties/") {
                self.diags.info(
                    codes::OAS31_BOOLEAN_SCHEMA,
                    at,
                    format!("boolean schema `{b}` became an object schema"),
                );
            }
            *s = if *b { json!({}) } else { json!({"not": {}}) };
            return;
        }
        let Some(map) = s.as_object_mut() else { return };

        if ref_member(map).is_some() {
            if map.len() == 1 {
                return;
            }
            self.schema_ref_siblings(map, at);
            if ref_member(map).is_some() {
                return;
            }
        }

        // Local definitions (3.1 `$defs`, draft-04 `definitions` seen in 3.0 documents too)
        // become reusable schemas, so that references into them keep working.
        if map.keys().any(|k| k == "$defs" || k == "definitions") {
            for key in ["$defs", "definitions"] {
                self.hoist_definitions(map, key, at);
            }
        }
        if self.is_31 {
            self.schema_31(map, at);
        }

        self.audit_keys(map, SCHEMA_KEYS, at, "an OpenAPI 3.0 schema");
        self.schema_children(map, at);
    }

    /// Normalises the schemas under `map`, and gives an array schema its missing `items`.
    /// The keys are scanned once for the keywords that hold schemas (a schema has a few keys,
    /// and a lookup of each keyword hashed its name every time); the children do not change
    /// their parent's keys.
    fn schema_children(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        let (mut children, mut array, mut items) = (false, false, false);
        for (k, v) in map.iter() {
            match k.as_str() {
                "items" => (children, items) = (true, true),
                "properties" | "additionalProperties" | "allOf" | "oneOf" | "anyOf" | "not" => {
                    children = true
                }
                "type" => array = v.as_str() == Some("array"),
                _ => {}
            }
        }
        if children {
            self.recurse(map, at);
        }
        // openapiv3 wants array schemas to have items; 3.1 and sloppy 3.0 omit them.
        if array && !items {
            map.insert("items".into(), json!({}));
        }
    }

    fn recurse(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        if let Some(Value::Object(props)) = map.get_mut("properties") {
            for (name, p) in props.iter_mut() {
                self.schema(p, &at.push("properties").push(name));
            }
        }
        if let Some(items) = map.get_mut("items") {
            self.schema(items, &at.push("items"));
        }
        if let Some(ap) = map.get_mut("additionalProperties") {
            if ap.is_object() {
                self.schema(ap, &at.push("additionalProperties"));
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(parts)) = map.get_mut(key) {
                for (i, p) in parts.iter_mut().enumerate() {
                    self.schema(p, &at.push(key).index(i));
                }
            }
        }
        if let Some(not) = map.get_mut("not") {
            self.schema(not, &at.push("not"));
        }
    }

    fn schema_ref_siblings(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        let siblings: Vec<String> = map
            .keys()
            .filter(|k| *k != "$ref" && !k.starts_with("x-"))
            .cloned()
            .collect();
        if siblings.is_empty() {
            return;
        }
        let constraining: Vec<&String> = siblings
            .iter()
            .filter(|k| !ANNOTATION_KEYS.contains(&k.as_str()))
            .collect();
        if constraining.is_empty() || !self.is_31 {
            self.diags.info(
                codes::OAS_REF_SIBLINGS,
                at,
                format!(
                    "keywords next to `$ref` were dropped: {}",
                    siblings.join(", ")
                ),
            );
            map.retain(|k, _| k == "$ref" || k.starts_with("x-"));
        } else {
            // 3.1 applies both the reference and its siblings: keep both through allOf.
            let r = map.shift_remove("$ref").unwrap_or(Value::Null);
            let parts = vec![json!({"$ref": r})];
            map.insert("allOf".into(), Value::Array(parts));
            self.diags.info(
                codes::OAS_REF_SIBLINGS,
                at,
                format!(
                    "`$ref` with constraining siblings ({}) became `allOf`",
                    key_list(&constraining.iter().map(|s| s.as_str()).collect::<Vec<_>>())
                ),
            );
        }
    }

    /// Moves the schemas under `key` (`$defs` or `definitions`) of a schema to the reusable
    /// schemas, named after their parent, and records the rewrite of references to them.
    fn hoist_definitions(&mut self, map: &mut Map<String, Value>, key: &str, at: &Pointer) {
        let Some(defs) = map.get(key).and_then(Value::as_object) else {
            return;
        };
        // Not a map of schemas: left to the key audit, which drops it.
        if defs.values().any(|d| !d.is_object() && !d.is_boolean()) {
            return;
        }
        let Some(Value::Object(defs)) = map.shift_remove(key) else {
            return;
        };
        for (name, mut schema) in defs {
            let def_at = at.push(key).push(&name);
            self.schema(&mut schema, &def_at);
            let new_name =
                connector_core::unique_name(&format!("{}_{}", last_token(at), name), |n| {
                    self.taken.insert(n.to_owned())
                });
            let target = format!(
                "#/components/schemas/{}",
                connector_core::escape_token(&new_name)
            );
            self.rewrites.insert(format!("#{def_at}"), target.clone());
            if at.as_str().is_empty() {
                self.rewrites.insert(
                    format!("#/{key}/{}", connector_core::escape_token(&name)),
                    target,
                );
            }
            self.diags.info(
                codes::OAS31_DEFS_HOISTED,
                &def_at,
                format!("`{key}/{name}` became the reusable schema `{new_name}`"),
            );
            self.hoisted.push((new_name, schema));
        }
    }

    fn schema_31(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        // type arrays
        if let Some(Value::Array(types)) = map.get("type").cloned() {
            let names: Vec<String> = types
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect();
            let has_null = names.iter().any(|t| t == "null");
            let non_null: Vec<&String> = names.iter().filter(|t| *t != "null").collect();
            match non_null.as_slice() {
                [one] => {
                    map.insert("type".into(), Value::String((*one).clone()));
                    if has_null {
                        map.insert("nullable".into(), json!(true));
                    }
                    if has_null || names.len() > 1 {
                        self.diags.info(
                            codes::OAS31_TYPE_ARRAY,
                            &at.push("type"),
                            format!(
                                "type {names:?} became `{one}`{}",
                                if has_null { " with nullable" } else { "" }
                            ),
                        );
                    }
                }
                [] => {
                    map.shift_remove("type");
                    if has_null {
                        map.insert("nullable".into(), json!(true));
                    }
                    self.diags.warn(
                        codes::OAS31_TYPE_ARRAY,
                        &at.push("type"),
                        "a schema typed only `null` became an untyped nullable schema",
                    );
                }
                _ => {
                    map.shift_remove("type");
                    if has_null {
                        map.insert("nullable".into(), json!(true));
                    }
                    self.diags
                        .warn(codes::OAS31_TYPE_ARRAY, &at.push("type"), format!("type {names:?} has no single-type form; the schema accepts any value now"))
                        .help("pick one type in the source if the connector needs a typed field");
                }
            }
        }
        // anyOf/oneOf with a null branch
        for key in ["anyOf", "oneOf"] {
            if let Some(Value::Array(parts)) = map.get_mut(key) {
                let before = parts.len();
                parts.retain(|p| p.get("type").and_then(Value::as_str) != Some("null"));
                if parts.len() < before {
                    map.insert("nullable".into(), json!(true));
                    self.diags.info(
                        codes::OAS31_TYPE_ARRAY,
                        &at.push(key),
                        format!("the `null` branch of `{key}` became nullable"),
                    );
                    let single = match map.get(key) {
                        Some(Value::Array(p)) if p.len() == 1 => p.first().cloned(),
                        _ => None,
                    };
                    if let Some(only) = single {
                        map.shift_remove(key);
                        match only {
                            Value::Object(o) if o.contains_key("$ref") => {
                                map.insert("allOf".into(), json!([o]));
                            }
                            Value::Object(o) => {
                                for (k, v) in o {
                                    map.entry(k).or_insert(v);
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        // exclusive bounds
        for (excl, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(Value::Number(n)) = map.get(excl).cloned() {
                let keep_existing = match (map.get(bound).and_then(Value::as_f64), n.as_f64()) {
                    (Some(existing), Some(new)) => {
                        if bound == "minimum" {
                            existing > new
                        } else {
                            existing < new
                        }
                    }
                    _ => false,
                };
                if keep_existing {
                    map.shift_remove(excl);
                } else {
                    map.insert(bound.into(), Value::Number(n));
                    map.insert(excl.into(), json!(true));
                }
                self.diags.info(
                    codes::OAS31_EXCLUSIVE_BOUND,
                    &at.push(excl),
                    format!("numeric `{excl}` became `{bound}` with `{excl}: true`"),
                );
            }
        }
        if let Some(c) = map.shift_remove("const") {
            if !map.contains_key("type") {
                let inferred = match &c {
                    Value::String(_) => Some("string"),
                    Value::Bool(_) => Some("boolean"),
                    Value::Number(n) if n.is_f64() => Some("number"),
                    Value::Number(_) => Some("integer"),
                    _ => None,
                };
                if let Some(t) = inferred {
                    map.insert("type".into(), json!(t));
                }
            }
            map.insert("enum".into(), Value::Array(vec![c]));
            self.diags.info(
                codes::OAS31_CONST,
                &at.push("const"),
                "`const` became a one-value `enum`",
            );
        }
        if let Some(examples) = map.shift_remove("examples") {
            match examples {
                Value::Array(mut list) if !list.is_empty() => {
                    if !map.contains_key("example") {
                        map.insert("example".into(), list.swap_remove(0));
                    }
                    self.diags.info(
                        codes::OAS31_EXAMPLES,
                        &at.push("examples"),
                        "schema `examples` became `example` (the first one)",
                    );
                }
                _ => {
                    self.diags.info(
                        codes::OAS31_EXAMPLES,
                        &at.push("examples"),
                        "empty or malformed schema `examples` dropped",
                    );
                }
            }
        }
        if let Some(enc) = map.shift_remove("contentEncoding") {
            if enc.as_str() == Some("base64") && !map.contains_key("format") {
                map.insert("format".into(), json!("byte"));
            }
            self.diags.info(
                codes::OAS31_CONTENT_ENCODING,
                &at.push("contentEncoding"),
                format!("`contentEncoding: {enc}` became `format: byte` where it fits"),
            );
        }
        if let Some(mt) = map.shift_remove("contentMediaType") {
            // `format: binary` is only accepted at the top of a body or form field.
            let nested = at.as_str().contains("/properties/") || at.as_str().ends_with("/items");
            let binary = mt.as_str().is_some_and(is_binary_media_type) && !nested;
            if binary && !map.contains_key("format") {
                map.insert("format".into(), json!("binary"));
            }
            self.diags.info(
                codes::OAS31_CONTENT_ENCODING,
                &at.push("contentMediaType"),
                format!(
                    "`contentMediaType: {mt}` dropped{}",
                    if binary { "; the string is binary" } else { "" }
                ),
            );
        }
        if let Some(prefix) = map.shift_remove("prefixItems") {
            if !map.contains_key("items") {
                let first = prefix.as_array().and_then(|a| a.first()).cloned();
                let all_same = prefix
                    .as_array()
                    .is_some_and(|a| a.windows(2).all(|w| w.first() == w.get(1)));
                map.insert(
                    "items".into(),
                    if all_same {
                        first.unwrap_or_else(|| json!({}))
                    } else {
                        json!({})
                    },
                );
            }
            self.diags.warn(codes::OAS31_KEYWORD_DROPPED, &at.push("prefixItems"), "tuple `prefixItems` have no Swagger 2.0 form; the array's items are untyped unless all entries agree");
        }
        if map.get("items") == Some(&Value::Bool(false)) {
            map.insert("items".into(), json!({}));
            map.insert("maxItems".into(), json!(0));
            self.diags.info(
                codes::OAS31_BOOLEAN_SCHEMA,
                &at.push("items"),
                "`items: false` became `maxItems: 0`",
            );
        }
        for k in DROPPED_31 {
            if map.shift_remove(*k).is_some() {
                self.diags.warn(
                    codes::OAS31_KEYWORD_DROPPED,
                    &at.push(k),
                    format!("`{k}` has no Swagger 2.0 form; it was dropped"),
                );
            }
        }
        for k in ANNOTATIONS_31 {
            if map.shift_remove(*k).is_some() {
                self.diags.info(
                    codes::OAS31_KEYWORD_DROPPED,
                    &at.push(k),
                    format!("`{k}` was dropped"),
                );
            }
        }
    }
}

fn last_token(at: &Pointer) -> String {
    at.as_str()
        .rsplit('/')
        .next()
        .map(unescape)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "Root".into())
}

/// Unescapes one JSON pointer token.
pub(crate) fn unescape(token: &str) -> String {
    connector_core::unescape_token(token)
}

fn remove_requirements(security: Option<&mut Value>, removed: &[String]) {
    if let Some(Value::Array(reqs)) = security {
        for r in reqs.iter_mut() {
            if let Some(o) = r.as_object_mut() {
                o.retain(|k, _| !removed.contains(k));
            }
        }
        reqs.retain(|r| r.as_object().is_none_or(|o| !o.is_empty()));
    }
}

/// `security: [{scheme: null}]` means no scopes; openapiv3 wants a list.
fn null_scopes(security: Option<&mut Value>) {
    if let Some(Value::Array(reqs)) = security {
        for r in reqs.iter_mut().filter_map(Value::as_object_mut) {
            for scopes in r.values_mut() {
                if scopes.is_null() {
                    *scopes = json!([]);
                }
            }
        }
    }
}

/// How the reference walks below treat the child under `key`: as
/// [`connector_core::structural_child`] does, except that vendor extensions are walked (they
/// hold schemas, as `x-ms-notification-content` does, whose references must follow renamed
/// targets). `None`: example, default or enum data, left alone.
fn ref_child(names: bool, key: &str) -> Option<bool> {
    if !names && key.starts_with("x-") {
        return Some(false);
    }
    connector_core::structural_child(names, key)
}

/// Rewrites the references named in `rewrites` (example and default data left alone; see
/// [`collect_interior_refs`]).
fn rewrite_refs(v: &mut Value, rewrites: &HashMap<String, String>) {
    rewrite_refs_in(v, false, rewrites);
}

fn rewrite_refs_in(v: &mut Value, names: bool, rewrites: &HashMap<String, String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref").filter(|_| !names) {
                if let Some(new) = rewrites.get(r.as_str()) {
                    *r = new.clone();
                }
            }
            for (k, child) in map.iter_mut() {
                if let Some(n) = ref_child(names, k) {
                    rewrite_refs_in(child, n, rewrites);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|c| rewrite_refs_in(c, false, rewrites)),
        _ => {}
    }
}

/// Whether a media type carries raw bytes rather than structured text.
pub(crate) fn is_binary_media_type(mt: &str) -> bool {
    let mt = mt
        .split(';')
        .next()
        .unwrap_or(mt)
        .trim()
        .to_ascii_lowercase();
    mt == "application/octet-stream"
        || mt.starts_with("image/")
        || mt.starts_with("audio/")
        || mt.starts_with("video/")
        || mt == "application/pdf"
        || mt == "application/zip"
        || mt.ends_with("/gzip")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An OpenAPI 3.1 document of `n` path items with something to normalise in each (type
    /// lists, `const`, unknown keys, examples), and `$defs` in the last one when `defs`.
    fn many_items(n: usize, defs: bool) -> Value {
        let mut paths = Map::new();
        for i in 0..n {
            let mut schema = json!({"type": ["string", "null"], "const": format!("c{i}"),
                "examples": ["a"], "x-keep": i});
            if defs && i + 1 == n {
                schema = json!({"$defs": {"Inner": {"type": "integer"}},
                    "properties": {"a": {"$ref": format!("#/paths/~1items{i}/get/responses/200/content/application~1json/schema/$defs/Inner")}}});
            }
            paths.insert(format!("/items{i}"), json!({
                "bogus": true,
                "get": {"parameters": [{"name": "q", "in": "query", "schema": {"type": ["integer", "null"]}}],
                    "responses": {"200": {"description": "ok",
                        "content": {"application/json": {"schema": schema}}}}}
            }));
        }
        json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": paths,
            "components": {"schemas": {"Inner": {"type": "string"}}}})
    }

    #[test]
    fn path_items_in_pieces_are_normalised_as_in_turn() {
        for (n, defs) in [(100, false), (100, true), (10, false)] {
            let run_with = |pieces: bool| {
                let mut v = many_items(n, defs);
                let mut d = Diagnostics::new();
                normalize_with(&mut v, true, pieces, &mut d);
                let found: Vec<String> = d.into_vec().iter().map(|f| format!("{f:?}")).collect();
                (v, found)
            };
            let (in_turn, in_pieces) = (run_with(false), run_with(true));
            assert!(
                in_turn.1.len() > 2 * n,
                "findings were made: {}",
                in_turn.1.len()
            );
            // (Compared without printing: the documents are long.)
            assert!(in_pieces.0 == in_turn.0, "documents differ: {n} {defs}");
            assert!(in_pieces.1 == in_turn.1, "findings differ: {n} {defs}");
            // The local definition became a reusable schema, named after its parent's place.
            let hoisted = in_turn.0.pointer("/components/schemas/schema_Inner");
            assert_eq!(hoisted.is_some(), defs && n == 100, "{n} {defs}");
        }
    }

    #[test]
    fn interior_references_are_those_inside_a_schema() {
        // The rule as first written: by the pointer's tokens.
        fn by_tokens(r: &str) -> bool {
            let Some(rest) = r.strip_prefix("#/") else {
                return false;
            };
            let tokens: Vec<&str> = rest.split('/').collect();
            let in_schema = match tokens.as_slice() {
                ["components", "schemas", _, _, ..] => true,
                ["paths", ..] => tokens.contains(&"schema"),
                _ => false,
            };
            in_schema && !tokens.contains(&"$defs") && !tokens.contains(&"definitions")
        }
        let refs = [
            "#/components/schemas/Pet",
            "#/components/schemas/Pet/properties/owner",
            "#/components/schemas/Pet/",
            "#/components/schemas/",
            "#/components/schemas",
            "#/components/schemas/Pet/$defs/Tag",
            "#/components/schemas/Pet/properties/definitions",
            "#/components/responses/Err/content",
            "#/paths/~1pets/get/responses/200/content/application~1json/schema",
            "#/paths/~1pets/get/parameters/0",
            "#/paths/~1pets/get/schema/definitions/X",
            "#/paths",
            "#/",
            "#",
            "other.json#/components/schemas/Pet/properties/a",
            "#/definitions/Pet/properties/a",
        ];
        for r in refs {
            assert_eq!(is_interior(r), by_tokens(r), "{r}");
        }
        assert!(is_interior("#/components/schemas/Pet/properties/owner"));
        assert!(!is_interior("#/components/schemas/Pet"));
    }

    fn run(mut v: Value, is_31: bool) -> (Value, Vec<(&'static str, String)>) {
        let mut d = Diagnostics::new();
        normalize(&mut v, is_31, &mut d);
        (
            v,
            d.into_vec()
                .into_iter()
                .map(|d| (d.code, d.pointer))
                .collect(),
        )
    }

    #[test]
    fn references_outside_components_become_copies_and_the_others_stay() {
        let ok = json!({"description": "ok"});
        let (v, d) = run(
            json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
                "/a/{id}": {"get": {
                    "parameters": [{"name": "id", "in": "path", "required": true,
                        "schema": {"type": "string"}}],
                    "responses": {"200": ok.clone()}}},
                "/b/{id}": {"get": {
                    "parameters": [
                        {"$ref": "#/paths/~1a~1{id}/get/parameters/0"},
                        {"$ref": "#/components/parameters/q"},
                        {"$ref": 5}],
                    "responses": {
                        "200": {"$ref": "#/paths/~1a~1{id}/get/responses/200"},
                        "404": {"$ref": "#/components/responses/gone"}}}}},
                "components": {
                    "parameters": {"q": {"name": "q", "in": "query", "schema": {"type": "string"}}},
                    "responses": {"gone": {"description": "gone"}}}}),
            false,
        );
        let op = &v["paths"]["/b/{id}"]["get"];
        assert_eq!(op["parameters"][0]["name"], "id");
        assert_eq!(
            op["parameters"][1],
            json!({"$ref": "#/components/parameters/q"})
        );
        assert_eq!(op["parameters"][2], json!({"$ref": 5}));
        assert_eq!(op["responses"]["200"], ok);
        assert_eq!(
            op["responses"]["404"],
            json!({"$ref": "#/components/responses/gone"})
        );
        let inlined: Vec<&str> = d
            .iter()
            .filter(|(c, _)| *c == codes::OAS_REF_INLINED)
            .map(|(_, p)| p.as_str())
            .collect();
        assert_eq!(
            inlined,
            [
                "/paths/~1b~1{id}/get/parameters/0",
                "/paths/~1b~1{id}/get/responses/200"
            ]
        );
    }

    #[test]
    fn type_arrays_const_examples_and_bounds() {
        let (v, d) = run(
            json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {"A": {
                "type": ["string", "null"], "const": "x", "examples": ["a", "b"],
                "properties": {"n": {"type": "number", "exclusiveMinimum": 0}}}}}}),
            true,
        );
        let a = &v["components"]["schemas"]["A"];
        assert_eq!(a["type"], "string");
        assert_eq!(a["nullable"], true);
        assert_eq!(a["enum"], json!(["x"]));
        assert_eq!(a["example"], "a");
        assert_eq!(a["properties"]["n"]["minimum"], 0);
        assert_eq!(a["properties"]["n"]["exclusiveMinimum"], true);
        assert_eq!(v["openapi"], "3.0.3");
        assert_eq!(v["paths"], json!({}));
        let codes: Vec<_> = d.iter().map(|x| x.0).collect();
        assert!(
            codes.contains(&codes::OAS31_TYPE_ARRAY)
                && codes.contains(&codes::OAS31_CONST)
                && codes.contains(&codes::OAS31_EXAMPLES)
                && codes.contains(&codes::OAS31_EXCLUSIVE_BOUND)
        );
    }

    #[test]
    fn defs_are_hoisted_and_refs_rewritten() {
        let (v, _) = run(
            json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {"A": {
                "type": "object", "properties": {
                    "b": {"$ref": "#/components/schemas/A/$defs/B"},
                    "default": {"$ref": "#/components/schemas/A/$defs/B"}},
                "example": {"b": {"$ref": "#/components/schemas/A/$defs/B"}},
                "$defs": {"B": {"type": "integer"}}}}}}),
            true,
        );
        assert_eq!(
            v["components"]["schemas"]["A_B"],
            json!({"type": "integer"})
        );
        let a = &v["components"]["schemas"]["A"];
        assert_eq!(a["properties"]["b"]["$ref"], "#/components/schemas/A_B");
        // A property called `default` is a schema; the example is data and stays as written.
        assert_eq!(
            a["properties"]["default"]["$ref"],
            "#/components/schemas/A_B"
        );
        assert_eq!(a["example"]["b"]["$ref"], "#/components/schemas/A/$defs/B");
    }

    #[test]
    fn unknown_keywords_are_reported_in_30_too() {
        let (v, d) = run(
            json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"bogus": 1, "responses": {"200": {"description": "x", "content": {"application/json": {"schema": {"type": "object", "$comment": "c"}}}}}}}}}),
            false,
        );
        assert_eq!(v["paths"]["/a"]["get"].get("bogus"), None);
        assert_eq!(
            d,
            [
                (codes::OAS_UNKNOWN_FIELD, "/paths/~1a/get/bogus".to_owned()),
                (
                    codes::OAS_UNKNOWN_FIELD,
                    "/paths/~1a/get/responses/200/content/application~1json/schema/$comment"
                        .to_owned()
                ),
            ]
        );
    }

    #[test]
    fn webhooks_and_mutual_tls_are_dropped_with_diagnostics() {
        let (v, d) = run(
            json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "webhooks": {"a": {}},
                   "security": [{"m": []}], "components": {"securitySchemes": {"m": {"type": "mutualTLS"}}}}),
            true,
        );
        assert_eq!(v.get("webhooks"), None);
        assert_eq!(v["security"], json!([]));
        assert!(d.iter().any(|x| x.0 == codes::OAS31_WEBHOOKS_DROPPED));
        assert!(d.iter().any(|x| x.0 == codes::OAS_SECURITY_UNSUPPORTED));
    }

    #[test]
    fn x_webhooks_of_30_documents_are_dropped_like_webhooks() {
        let (v, d) = run(
            json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
                   "x-webhooks": {"a": {"post": {}}, "b": {"post": {}}}, "x-other": 1}),
            false,
        );
        assert_eq!(v.get("x-webhooks"), None);
        assert_eq!(v["x-other"], json!(1));
        assert!(
            d.iter()
                .any(|x| x.0 == codes::OAS31_WEBHOOKS_DROPPED && x.1 == "/x-webhooks"),
            "{d:?}"
        );
    }
}
