//! What the platform understands: schema formats and `x-ms-*` extension names. Values
//! outside these lists are rewritten or dropped, each with a diagnostic.

use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;

use crate::codes;
use connector_swagger2::{FORMATS, KNOWN_EXTENSIONS};

/// Types a schema may have (JSON Schema draft 4); `file` only at the root of a response.
const SCHEMA_TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null",
];
/// Types of non-body parameters (`file` only in form data), items and headers.
const PRIMITIVE_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array"];

fn fix_primitive_type(
    type_: &mut Option<String>,
    allowed: &[&str],
    fallback: Option<&str>,
    at: &Pointer,
    diags: &mut Diagnostics,
) {
    let Some(t) = type_.as_deref() else {
        if let Some(f) = fallback {
            diags.info(
                codes::XMS_SCHEMA_REPAIRED,
                &at.push("type"),
                format!("no `type` was given; `{f}` was written"),
            );
            *type_ = Some(f.to_owned());
        }
        return;
    };
    if allowed.contains(&t) {
        return;
    }
    let old = t.to_owned();
    *type_ = fallback.map(str::to_owned);
    let now = fallback.map_or_else(
        || "it was dropped".to_owned(),
        |f| format!("it is `{f}` now"),
    );
    diags.warn(
        codes::XMS_SCHEMA_REPAIRED,
        &at.push("type"),
        format!("type `{old}` is not a Swagger 2.0 type here; {now}"),
    );
}

/// The nearest accepted format, `Some(None)` when the format should go, `None` when it is fine.
pub fn format_replacement(format: &str) -> Option<Option<&'static str>> {
    if FORMATS.contains(&format) {
        return None;
    }
    Some(match format.to_ascii_lowercase().as_str() {
        "url" | "uri-reference" | "iri" | "iri-reference" | "uri-template" => Some("uri"),
        "datetime" | "date_time" | "rfc3339" | "date-time-rfc3339" | "iso8601" | "iso-8601" => {
            Some("date-time")
        }
        "int8" | "int16" | "uint8" | "uint16" | "integer" | "int" => Some("int32"),
        "uint32" | "uint64" | "long" => Some("int64"),
        "idn-email" => Some("email"),
        "guid" => Some("uuid"),
        "base64" => Some("byte"),
        "float32" => Some("float"),
        "float64" | "decimal" => Some("double"),
        _ => None,
    })
}

fn fix_format(format: &mut Option<String>, at: &Pointer, diags: &mut Diagnostics) {
    let Some(f) = format.as_deref() else { return };
    let Some(replacement) = format_replacement(f) else {
        return;
    };
    let old = f.to_owned();
    match replacement {
        Some(new) => {
            diags.info(
                codes::XMS_FORMAT_REWRITTEN,
                &at.push("format"),
                format!("format `{old}` is not one the platform knows; it is `{new}` now"),
            );
            *format = Some(new.to_owned());
        }
        None => {
            diags.info(codes::XMS_FORMAT_REWRITTEN, &at.push("format"), format!("format `{old}` is not one the platform knows; it was dropped (the value stays a plain {})", "string or number"));
            *format = None;
        }
    }
}

/// `x-ms-*` extensions whose value is one of a few words.
const ENUM_EXTENSIONS: &[(&str, &[&str])] = &[
    ("x-ms-visibility", &["important", "advanced", "internal"]),
    ("x-ms-trigger", &["single", "batch"]),
    ("x-ms-url-encoding", &["single", "double"]),
    ("x-ms-media-kind", &["image", "audio"]),
];

fn fix_extensions(ext: &mut sw::Extensions, at: &Pointer, diags: &mut Diagnostics) {
    for (key, allowed) in ENUM_EXTENSIONS {
        // A value written in another letter case is the allowed one (the platform reads it so).
        let recased = ext
            .get(*key)
            .and_then(serde_json::Value::as_str)
            .filter(|s| !allowed.contains(s))
            .and_then(|s| allowed.iter().find(|a| a.eq_ignore_ascii_case(s)));
        if let Some(value) = recased {
            if let Some(old) = ext.insert((*key).to_owned(), serde_json::Value::from(*value)) {
                diags.info(
                    codes::XMS_EXTENSION_REPAIRED,
                    &at.push(key),
                    format!("`{key}` is {old}; it is written `{value}`"),
                );
            }
            continue;
        }
        let bad = ext
            .get(*key)
            .is_some_and(|v| !v.as_str().is_some_and(|s| allowed.contains(&s)));
        if bad {
            if let Some(v) = ext.shift_remove(key) {
                diags.warn(
                    codes::XMS_EXTENSION_DROPPED,
                    &at.push(key),
                    format!(
                        "`{key}` is {v}, not one of {}; it was dropped",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }
    if ext
        .keys()
        .all(|k| !k.starts_with("x-ms-") || KNOWN_EXTENSIONS.contains(&k.as_str()))
    {
        return;
    }
    ext.retain(|k, _| {
        if !k.starts_with("x-ms-") || KNOWN_EXTENSIONS.contains(&k.as_str()) {
            return true;
        }
        diags.info(codes::XMS_EXTENSION_DROPPED, &at.push(k), format!("`{k}` is not an extension Power Platform reads (the connector schema rejects it); it was dropped"));
        false
    });
}

/// Rewrites unknown formats and drops unknown `x-ms-*` extensions everywhere in the document.
pub fn vocabulary(doc: &mut sw::Document, diags: &mut Diagnostics) {
    vocabulary_with(doc, false, diags);
}

/// [`vocabulary`]; for a `connector` input, defaults of another JSON type (a `null` one too)
/// stay as the platform took them.
pub(crate) fn vocabulary_with(doc: &mut sw::Document, connector: bool, diags: &mut Diagnostics) {
    fix_media_types(&mut doc.consumes, &Pointer::root().push("consumes"), diags);
    fix_media_types(&mut doc.produces, &Pointer::root().push("produces"), diags);
    // A visitor that carries nothing from node to node.
    let make = || Vocabulary {
        diags: Diagnostics::new(),
        connector,
    };
    for v in crate::walk_in_pieces(doc, &make) {
        diags.extend(v.diags.into_vec());
    }
}

/// consumes/produces entries that are not media types are dropped.
fn fix_media_types(list: &mut Option<Vec<String>>, at: &Pointer, diags: &mut Diagnostics) {
    let Some(items) = list else { return };
    let before = items.len();
    let mut index = 0;
    items.retain(|m| {
        let keep = sw::platform::is_media_type(m);
        if !keep {
            diags.warn(
                codes::XMS_SCHEMA_REPAIRED,
                &at.index(index),
                format!("`{m}` is not a media type; it was dropped"),
            );
        }
        index += 1;
        keep
    });
    // A list written empty stays as written; one emptied here says nothing and goes.
    if items.is_empty() && before > 0 {
        *list = None;
    }
}

/// Bounds that contradict each other (minimum above maximum, minLength above maxLength,
/// minItems above maxItems) are dropped in pairs; an exclusive flag without its bound is dropped.
fn fix_ranges(v: &mut sw::Validation, at: &Pointer, diags: &mut Diagnostics) {
    let num = |n: &Option<serde_json::Number>| n.as_ref().and_then(serde_json::Number::as_f64);
    let mut dropped: Vec<&str> = Vec::new();
    if let (Some(lo), Some(hi)) = (num(&v.minimum), num(&v.maximum)) {
        if lo > hi {
            v.minimum = None;
            v.maximum = None;
            dropped.push("minimum/maximum");
        }
    }
    if v.exclusive_maximum.is_some() && v.maximum.is_none() {
        v.exclusive_maximum = None;
        dropped.push("exclusiveMaximum");
    }
    if v.exclusive_minimum.is_some() && v.minimum.is_none() {
        v.exclusive_minimum = None;
        dropped.push("exclusiveMinimum");
    }
    if let (Some(lo), Some(hi)) = (v.min_length, v.max_length) {
        if lo > hi {
            v.min_length = None;
            v.max_length = None;
            dropped.push("minLength/maxLength");
        }
    }
    if let (Some(lo), Some(hi)) = (v.min_items, v.max_items) {
        if lo > hi {
            v.min_items = None;
            v.max_items = None;
            dropped.push("minItems/maxItems");
        }
    }
    if !dropped.is_empty() {
        diags.warn(
            codes::XMS_SCHEMA_REPAIRED,
            at,
            format!("contradictory bounds were dropped: {}", dropped.join(", ")),
        );
    }
}

/// The walk of [`vocabulary`].
struct Vocabulary {
    /// What this visitor found (see [`crate::walk_in_pieces`]).
    diags: Diagnostics,
    /// The input is a connector: what the platform took stays.
    connector: bool,
}

/// Array serialisations Swagger 2.0 knows; `multi` only for query and form data.
fn fix_collection_format(
    cf: &mut Option<String>,
    multi_ok: bool,
    at: &Pointer,
    diags: &mut Diagnostics,
) {
    let Some(f) = cf.as_deref() else { return };
    if matches!(f, "csv" | "ssv" | "tsv" | "pipes") || (f == "multi" && multi_ok) {
        return;
    }
    diags.warn(
        codes::XMS_SCHEMA_REPAIRED,
        &at.push("collectionFormat"),
        format!("collectionFormat `{f}` is not allowed here; `csv` is used"),
    );
    *cf = Some("csv".into());
}

/// The fields an `items` and a response header share: a primitive value's description.
struct Primitive<'a> {
    format: &'a mut Option<String>,
    validation: &'a mut sw::ValidationSlot,
    extensions: &'a mut sw::Extensions,
    type_: &'a mut Option<String>,
    collection_format: &'a mut Option<String>,
    items: Option<&'a mut sw::Items>,
}

impl Vocabulary {
    /// The repairs an `items` or a header gets (a primitive, never a body).
    fn primitive(&mut self, p: Primitive<'_>, at: &Pointer) {
        fix_format(p.format, at, &mut self.diags);
        self.validation(p.validation, at);
        autorest_enum(p.extensions, false, at, &mut self.diags);
        if let (Some(t), Some(v)) = (p.type_.as_deref(), p.validation.get_mut()) {
            default_within(v, t, at, &mut self.diags);
        }
        fix_collection_format(p.collection_format, false, at, &mut self.diags);
        fix_primitive_type(
            p.type_,
            PRIMITIVE_TYPES,
            Some("string"),
            at,
            &mut self.diags,
        );
        if let (false, Some(v)) = (self.connector, p.validation.get_mut()) {
            parameter_enum(v, p.type_.as_deref(), p.items, at, &mut self.diags);
        }
        p.validation.tidy();
    }

    /// The first repairs of a parameter's, items' or header's validation keywords (none when
    /// there are none): contradicting bounds, repeated enum values, a `null` default.
    fn validation(&mut self, slot: &mut sw::ValidationSlot, at: &Pointer) {
        let Some(v) = slot.get_mut() else { return };
        fix_ranges(v, at, &mut self.diags);
        unique_enum(v, at, &mut self.diags);
        if !self.connector {
            null_default(v, at, &mut self.diags);
        }
    }
}

impl sw::VisitMut for Vocabulary {
    fn external_docs(&mut self, d: &mut Option<sw::ExternalDocs>, at: &Pointer) {
        if let Some(url) = d.as_ref().map(|d| d.url.clone()) {
            if !crate::security::is_absolute_url(&url) {
                self.diags.warn(codes::XMS_INFO_REPAIRED, at, format!("external documentation URL `{url}` is not an absolute URL; the link was dropped"));
                *d = None;
            }
        }
    }
    fn extensions(&mut self, ext: &mut sw::Extensions, at: &Pointer) {
        fix_extensions(ext, at, &mut self.diags);
    }
    fn operation(&mut self, op: &mut sw::Operation, at: &Pointer) {
        pageable(&mut op.extensions, at, &mut self.diags);
        fix_media_types(&mut op.consumes, &at.push("consumes"), &mut self.diags);
        fix_media_types(&mut op.produces, &at.push("produces"), &mut self.diags);
    }
    fn parameter(&mut self, p: &mut sw::Parameter, at: &Pointer) {
        fix_format(&mut p.format, at, &mut self.diags);
        self.validation(&mut p.validation, at);
        autorest_enum(&mut p.extensions, false, at, &mut self.diags);
        if let (Some(t), Some(v)) = (p.type_.as_deref(), p.validation.get_mut()) {
            if !self.connector {
                fix_default(&mut v.default, t, at, &mut self.diags);
            }
            default_within(v, t, at, &mut self.diags);
        }
        let multi_ok = matches!(
            p.location,
            sw::ParameterLocation::Query | sw::ParameterLocation::FormData
        );
        fix_collection_format(&mut p.collection_format, multi_ok, at, &mut self.diags);
        if p.location == sw::ParameterLocation::Body {
            body_keywords(p, at, &mut self.diags);
        }
        if p.location == sw::ParameterLocation::Body && p.schema.is_none() {
            p.schema = Some(Box::default());
            self.diags.warn(
                codes::XMS_SCHEMA_REPAIRED,
                &at.push("schema"),
                "the body parameter had no schema; an untyped one was written",
            );
        }
        if p.location != sw::ParameterLocation::Body && p.schema.is_some() {
            p.schema = None;
            self.diags.warn(
                codes::XMS_SCHEMA_REPAIRED,
                &at.push("schema"),
                "only body parameters take a `schema`; it was dropped",
            );
        }
        if p.location != sw::ParameterLocation::Body {
            non_body_type(p, at, &mut self.diags);
            if let (false, Some(v)) = (self.connector, p.validation.get_mut()) {
                parameter_enum(
                    v,
                    p.type_.as_deref(),
                    p.items.as_deref_mut(),
                    at,
                    &mut self.diags,
                );
            }
        } else if let (false, Some(schema)) = (self.connector, &mut p.schema) {
            read_only_not_required(schema, &at.push("schema"), &mut self.diags);
        }
        p.validation.tidy();
    }
    fn items(&mut self, i: &mut sw::Items, at: &Pointer) {
        self.primitive(
            Primitive {
                format: &mut i.format,
                validation: &mut i.validation,
                extensions: &mut i.extensions,
                type_: &mut i.type_,
                collection_format: &mut i.collection_format,
                items: i.items.as_deref_mut(),
            },
            at,
        );
    }
    fn header(&mut self, h: &mut sw::Header, at: &Pointer) {
        self.primitive(
            Primitive {
                format: &mut h.format,
                validation: &mut h.validation,
                extensions: &mut h.extensions,
                type_: &mut h.type_,
                collection_format: &mut h.collection_format,
                items: h.items.as_deref_mut(),
            },
            at,
        );
    }
    fn schema(&mut self, s: &mut sw::Schema, at: &Pointer) {
        fix_format(&mut s.format, at, &mut self.diags);
        if let Some(v) = s.validation.get_mut() {
            fix_ranges(v, at, &mut self.diags);
        }
        schema_type(s, at, &mut self.diags);
        multiple_of(s, at, &mut self.diags);
        if let (Some(sw::SchemaType::One(t)), Some(v)) = (&s.type_, s.validation.get_mut()) {
            if !self.connector {
                fix_default(&mut v.default, t, at, &mut self.diags);
            }
        }
        empty_structure(s, at, &mut self.diags);
        if let Some(v) = s.validation.get_mut() {
            unique_enum(v, at, &mut self.diags);
            if !self.connector {
                null_default(v, at, &mut self.diags);
            }
        }
        if !self.connector {
            enum_fits_type(s, at, &mut self.diags);
            lone_reference(s, at, &mut self.diags);
            required_on_object(s, at, &mut self.diags);
        }
        autorest_enum(&mut s.extensions, true, at, &mut self.diags);
        required_declared(s, at, &mut self.diags);
        discriminator(s, at, &mut self.diags);
        if let (Some(sw::SchemaType::One(t)), Some(v)) = (&s.type_, s.validation.get_mut()) {
            default_within(v, t, at, &mut self.diags);
        }
        s.validation.tidy();
        unique_required(s, at, &mut self.diags);
    }
}

/// A schema type Swagger 2.0 does not have here is dropped (`file` is one only at the root of
/// a response); a list of types becomes one.
fn schema_type(s: &mut sw::Schema, at: &Pointer, diags: &mut Diagnostics) {
    // Asked only of a `file` type: every schema comes here, and its place can be long.
    let response_root =
        || at.as_str().ends_with("/schema") && at.as_str().rsplit('/').nth(2) == Some("responses");
    match &mut s.type_ {
        Some(sw::SchemaType::One(t))
            if !(SCHEMA_TYPES.contains(&t.as_str()) || (t == "file" && response_root())) =>
        {
            diags.warn(
                codes::XMS_SCHEMA_REPAIRED,
                &at.push("type"),
                format!("type `{t}` is not a Swagger 2.0 type here; it was dropped"),
            );
            s.type_ = None;
        }
        Some(sw::SchemaType::Many(_)) => one_type(s, at, diags),
        _ => {}
    }
}

/// A `multipleOf` that is not above zero is dropped.
fn multiple_of(s: &mut sw::Schema, at: &Pointer, diags: &mut Diagnostics) {
    let bad = s
        .validation
        .multiple_of
        .as_ref()
        .is_some_and(|m| m.as_f64().is_none_or(|f| f <= 0.0));
    if bad {
        s.validation.multiple_of = None;
        diags.warn(
            codes::XMS_SCHEMA_REPAIRED,
            &at.push("multipleOf"),
            "`multipleOf` must be greater than zero; it was dropped",
        );
    }
}

/// An array without `items` gets items of any type; an empty `allOf` goes.
fn empty_structure(s: &mut sw::Schema, at: &Pointer, diags: &mut Diagnostics) {
    if s.items.is_none() && s.type_.as_ref().is_some_and(|t| t.is("array")) {
        s.items = Some(Box::default());
        diags.info(
            codes::XMS_SCHEMA_REPAIRED,
            &at.push("items"),
            "an array schema without `items` got items of any type",
        );
    }
    if s.all_of.as_ref().is_some_and(Vec::is_empty) {
        s.all_of = None;
        diags.info(
            codes::XMS_SCHEMA_REPAIRED,
            &at.push("allOf"),
            "an empty `allOf` was dropped",
        );
    }
}

/// Removes the later repeats among `items` (the same `key`); how many went.
fn drop_repeats<T, K: std::hash::Hash + Eq>(items: &mut Vec<T>, key: impl Fn(&T) -> K) -> usize {
    let before = items.len();
    let mut seen = connector_core::collections::HashSet::default();
    items.retain(|x| seen.insert(key(x)));
    before - items.len()
}

/// Names repeated in `required` are listed once; an empty list goes.
fn unique_required(s: &mut sw::Schema, at: &Pointer, diags: &mut Diagnostics) {
    let Some(required) = &mut s.required else {
        return;
    };
    if drop_repeats(required, String::clone) > 0 {
        diags.info(
            codes::XMS_SCHEMA_REPAIRED,
            &at.push("required"),
            "repeated names in `required` were removed",
        );
    }
    if required.is_empty() {
        s.required = None;
    }
}

/// A non-body parameter takes a primitive type (or `file` in form data); an array one gets
/// string items when it has none.
fn non_body_type(p: &mut sw::Parameter, at: &Pointer, diags: &mut Diagnostics) {
    let file_ok: &[&str] = &["string", "number", "integer", "boolean", "array", "file"];
    let allowed = if p.location == sw::ParameterLocation::FormData {
        file_ok
    } else {
        PRIMITIVE_TYPES
    };
    fix_primitive_type(&mut p.type_, allowed, Some("string"), at, diags);
    if p.type_.as_deref() == Some("array") && p.items.is_none() {
        p.items = Some(Box::new(sw::Items {
            type_: Some("string".into()),
            ..Default::default()
        }));
        diags.info(
            codes::XMS_SCHEMA_REPAIRED,
            &at.push("items"),
            "an array parameter without `items` got string items",
        );
    }
}

/// Enum values of another JSON type than the schema's (`"auto"` in the enum of an object)
/// can never be sent or received: they go, and an enum left empty goes too.
fn enum_fits_type(s: &mut sw::Schema, at: &Pointer, diags: &mut Diagnostics) {
    if let (Some(sw::SchemaType::One(t)), Some(v)) = (&s.type_, s.validation.get_mut()) {
        enum_of_type(v, t, at, diags);
    }
}

/// Drops the `enum` values that are not of type `t`, and the enum when none is left.
fn enum_of_type(v: &mut sw::Validation, t: &str, at: &Pointer, diags: &mut Diagnostics) {
    let Some(values) = &mut v.enumeration else {
        return;
    };
    let before = values.len();
    values.retain(|x| x.is_null() || sw::platform::fits_type(x, t));
    let dropped = before - values.len();
    if dropped == 0 {
        return;
    }
    if values.is_empty() {
        v.enumeration = None;
    }
    diags.warn(
        codes::XMS_SCHEMA_REPAIRED,
        &at.push("enum"),
        format!("{dropped} `enum` value(s) were not of type `{t}`; they were dropped"),
    );
}

/// A parameter's (or header's) `enum` that lists the values of an array's items belongs on
/// the items: it moves there when they have none; values of another type go.
fn parameter_enum(
    v: &mut sw::Validation,
    type_: Option<&str>,
    items: Option<&mut sw::Items>,
    at: &Pointer,
    diags: &mut Diagnostics,
) {
    let Some(t) = type_ else { return };
    let item_values = t == "array"
        && v.enumeration
            .as_ref()
            .is_some_and(|e| !e.is_empty() && e.iter().all(|x| !x.is_array()));
    if let (true, Some(items)) = (item_values, items) {
        if items.validation.enumeration.is_none() {
            items.validation.enumeration = v.enumeration.take();
            diags.info(
                codes::XMS_SCHEMA_REPAIRED,
                &at.push("enum"),
                "the array's `enum` lists item values; it moved to `items`",
            );
            return;
        }
    }
    enum_of_type(v, t, at, diags);
}

/// `required` belongs on objects: on a schema of another type it says nothing and goes.
fn required_on_object(s: &mut sw::Schema, at: &Pointer, diags: &mut Diagnostics) {
    let Some(sw::SchemaType::One(t)) = &s.type_ else {
        return;
    };
    if t == "object" || s.required.is_none() {
        return;
    }
    let t = t.clone();
    s.required = None;
    diags.info(
        codes::XMS_SCHEMA_REPAIRED,
        &at.push("required"),
        format!("`required` on a `{t}` schema says nothing; it was dropped"),
    );
}

/// A body's required property that is `readOnly` is never sent: it leaves `required` (in the
/// body schema as written inline; shared definitions also describe outputs).
fn read_only_not_required(s: &mut sw::Schema, at: &Pointer, diags: &mut Diagnostics) {
    let mut stack = vec![(s, at.clone())];
    while let Some((schema, at)) = stack.pop() {
        if let (Some(required), Some(props)) = (&mut schema.required, &schema.properties) {
            let before = required.len();
            required.retain(|n| props.get(n).is_none_or(|p| p.read_only != Some(true)));
            if required.len() < before {
                diags.info(
                    codes::XMS_SCHEMA_REPAIRED,
                    &at.push("required"),
                    "read-only properties are not sent; they left `required`",
                );
            }
            if required.is_empty() {
                schema.required = None;
            }
        }
        if let Some(props) = &mut schema.properties {
            for (name, p) in props.iter_mut() {
                stack.push((p, at.push("properties").push(name)));
            }
        }
        if let Some(items) = &mut schema.items {
            stack.push((items, at.push("items")));
        }
    }
}

/// A `$ref` with keys beside it has them ignored by the platform. Texts beside it
/// (`description`, `title`, an example: Swagger 2.0 writers put a property's own words there)
/// are dropped, as the platform drops them, and the definition's own texts show; anything else
/// beside it (`readOnly`, `x-nullable`, a default, ...) would change what the property means, so
/// the reference moves into an `allOf` and those keys stay.
fn lone_reference(s: &mut sw::Schema, at: &Pointer, diags: &mut Diagnostics) {
    let Some(reference) = s.reference.clone() else {
        return;
    };
    let alone = sw::Schema {
        reference: Some(reference),
        ..sw::Schema::default()
    };
    if *s == alone {
        return;
    }
    let texts = sw::Schema {
        reference: s.reference.clone(),
        description: s.description.clone(),
        title: s.title.clone(),
        example: s.example.clone(),
        ..sw::Schema::default()
    };
    if *s == texts {
        *s = alone;
        diags.info(
            codes::XMS_SCHEMA_REPAIRED,
            at,
            "texts beside a `$ref` were dropped: the platform ignores them and shows the definition's own",
        );
        return;
    }
    let parts = s.all_of.get_or_insert_with(Vec::new);
    parts.insert(0, alone);
    s.reference = None;
    diags.info(
        codes::XMS_SCHEMA_REPAIRED,
        at,
        "a `$ref` had keys beside it, which the platform ignores; it moved into an `allOf` so they are kept",
    );
}

/// A `null` default says there is none, but Swagger 2.0 validators check it against the type
/// (Swagger 2.0 has no null): it is dropped. A connector that passes through keeps its own.
fn null_default(v: &mut sw::Validation, at: &Pointer, diags: &mut Diagnostics) {
    if v.default.as_ref().is_some_and(serde_json::Value::is_null) {
        v.default = None;
        diags.info(
            codes::XMS_SCHEMA_REPAIRED,
            &at.push("default"),
            "`default: null` means no default; it was dropped (Swagger 2.0 validators reject null)",
        );
    }
}

/// `x-ms-enum` (AutoRest's enum naming, which the platform ignores) is allowed by the
/// connector schema on schemas only, with `name` and `modelAsString`: on a schema it keeps
/// those two, elsewhere (parameters, items, headers, with `schema == false`) it goes.
fn autorest_enum(ext: &mut sw::Extensions, schema: bool, at: &Pointer, diags: &mut Diagnostics) {
    let Some(value) = ext.get_mut("x-ms-enum") else {
        return;
    };
    let at = at.push("x-ms-enum");
    if !schema {
        ext.shift_remove("x-ms-enum");
        diags.info(
            codes::XMS_EXTENSION_DROPPED,
            &at,
            "`x-ms-enum` is allowed on schemas only (the platform ignores it); it was dropped",
        );
        return;
    }
    let Some(map) = value.as_object_mut() else {
        ext.shift_remove("x-ms-enum");
        diags.info(
            codes::XMS_EXTENSION_DROPPED,
            &at,
            "`x-ms-enum` is not an object; it was dropped",
        );
        return;
    };
    let before = map.len();
    map.retain(|k, v| match k.as_str() {
        "name" => v.is_string(),
        "modelAsString" => v.is_boolean(),
        _ => false,
    });
    if map.len() < before {
        diags.info(
            codes::XMS_EXTENSION_DROPPED,
            &at,
            "`x-ms-enum` keeps `name` and `modelAsString`, all the connector schema allows; the rest was dropped",
        );
    }
}

/// A type list (`[string, null]`, which Swagger 2.0 readers meet in the wild) becomes one
/// type: `null` turns into `x-nullable: true`, names that are not types are dropped, and of
/// several types the first is kept.
fn one_type(s: &mut sw::Schema, at: &Pointer, diags: &mut Diagnostics) {
    let Some(sw::SchemaType::Many(types)) = s.type_.take() else {
        return;
    };
    let nullable = types.iter().any(|t| t == "null");
    let kept: Vec<&String> = types
        .iter()
        .filter(|t| *t != "null" && SCHEMA_TYPES.contains(&t.as_str()))
        .collect();
    if nullable {
        s.extensions
            .insert("x-nullable".into(), serde_json::Value::Bool(true));
    }
    let (severity_warn, what) = match kept.as_slice() {
        [] if nullable => (false, "`type: [null]` became `x-nullable: true`".to_owned()),
        [] => (
            true,
            "no Swagger 2.0 type was left in the type list; `type` was dropped".to_owned(),
        ),
        [one] => {
            s.type_ = Some(sw::SchemaType::One((*one).clone()));
            let rest = if nullable {
                " and `x-nullable: true`"
            } else {
                ""
            };
            (false, format!("the type list became `type: {one}`{rest}"))
        }
        [first, ..] => {
            s.type_ = Some(sw::SchemaType::One((*first).clone()));
            let all: Vec<&str> = kept.iter().map(|t| t.as_str()).collect();
            (
                true,
                format!(
                    "Swagger 2.0 takes one type; of {} the first, `{first}`, was kept",
                    all.join(", ")
                ),
            )
        }
    };
    let at = at.push("type");
    if severity_warn {
        diags.warn(codes::XMS_SCHEMA_REPAIRED, &at, what);
    } else {
        diags.info(codes::XMS_SCHEMA_REPAIRED, &at, what);
    }
}

/// An `enum` lists each value once (validators reject repeats); later repeats are removed.
/// An empty one allows nothing and is dropped.
fn unique_enum(v: &mut sw::Validation, at: &Pointer, diags: &mut Diagnostics) {
    let Some(values) = &mut v.enumeration else {
        return;
    };
    if values.is_empty() {
        v.enumeration = None;
        diags.info(
            codes::XMS_SCHEMA_REPAIRED,
            &at.push("enum"),
            "an empty `enum` was dropped",
        );
        return;
    }
    if all_distinct(values) {
        return;
    }
    let removed = drop_repeats(values, serde_json::Value::to_string);
    if removed > 0 {
        diags.info(
            codes::XMS_SCHEMA_REPAIRED,
            &at.push("enum"),
            format!("`enum` listed {removed} value(s) twice; the repeats were removed"),
        );
    }
}

/// Whether no value of an `enum` repeats (as JSON text), told without writing the strings
/// out: enums of hundreds of strings are common, repeats rare.
fn all_distinct(values: &[serde_json::Value]) -> bool {
    #[derive(PartialEq, Eq, Hash)]
    enum Key<'a> {
        Text(&'a str),
        Json(String),
    }
    fn key(v: &serde_json::Value) -> Key<'_> {
        match v {
            serde_json::Value::String(t) => Key::Text(t),
            other => Key::Json(other.to_string()),
        }
    }
    // A short list is compared pair by pair (hashing each value cost more).
    if values.len() <= 8 {
        let keys: Vec<Key> = values.iter().map(key).collect();
        return keys
            .iter()
            .enumerate()
            .all(|(i, k)| keys.iter().skip(i + 1).all(|other| other != k));
    }
    let mut seen = connector_core::collections::HashSet::with_capacity_and_hasher(
        values.len(),
        Default::default(),
    );
    values.iter().all(|v| seen.insert(key(v)))
}

/// A `required` name with no property of that name is dropped: validators reject it, and the
/// platform would ask for a field it cannot show. Schemas that take properties from elsewhere
/// (`allOf`, a `$ref`, an `allOf` member) are left alone.
fn required_declared(s: &mut sw::Schema, at: &Pointer, diags: &mut Diagnostics) {
    if s.required.is_none() || s.all_of.is_some() || s.reference.is_some() {
        return;
    }
    // Asked only of a schema with `required`: its place can be long.
    if at.as_str().rsplit('/').nth(1) == Some("allOf") {
        return;
    }
    let Some(required) = &mut s.required else {
        return;
    };
    let properties = s.properties.as_ref();
    let mut missing = Vec::new();
    required.retain(|name| {
        let has = properties.is_some_and(|p| p.contains_key(name));
        if !has {
            missing.push(name.clone());
        }
        has
    });
    if !missing.is_empty() {
        diags.warn(
            codes::XMS_SCHEMA_REPAIRED,
            &at.push("required"),
            format!(
                "`required` named {} with no property of that name; dropped from `required`",
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
}

/// A `discriminator` must name a required string property of the schema (the platform
/// rejects the connector otherwise); one that does not is dropped. Schemas built with `allOf`
/// may take the property from a member and are left alone.
fn discriminator(s: &mut sw::Schema, at: &Pointer, diags: &mut Diagnostics) {
    let Some(why) = sw::platform::discriminator_problem(s) else {
        return;
    };
    if let Some(d) = s.discriminator.take() {
        diags.warn(
            codes::XMS_SCHEMA_REPAIRED,
            &at.push("discriminator"),
            format!("discriminator `{d}` {why}; the platform rejects it, so it was dropped"),
        );
    }
}

/// A `default` that its own keywords rule out (`default: []` with `minItems: 1`, a value
/// outside `enum`, a string longer than `maxLength`, a number below `minimum`) is dropped: the
/// platform would send a value the API refuses.
fn default_within(v: &mut sw::Validation, type_: &str, at: &Pointer, diags: &mut Diagnostics) {
    let Some(d) = &v.default else { return };
    let Some(why) = default_conflict(v, d, type_) else {
        return;
    };
    diags.warn(
        codes::XMS_SCHEMA_REPAIRED,
        &at.push("default"),
        format!(
            "the default {} breaks its own schema ({why}); it was dropped",
            shown(d)
        ),
    );
    v.default = None;
}

/// Why `d` does not satisfy the validation keywords beside it, if it does not.
fn default_conflict(v: &sw::Validation, d: &serde_json::Value, type_: &str) -> Option<String> {
    use serde_json::Value;
    if d.is_null() {
        return None;
    }
    if let Some(values) = &v.enumeration {
        // A comma-separated default of an array parameter is checked item by item elsewhere.
        if type_ != "array" && !values.contains(d) {
            return Some("it is not one of the `enum` values".into());
        }
    }
    let count = |n: usize, lo: Option<u64>, hi: Option<u64>, what: &str| -> Option<String> {
        let n = n as u64;
        match (lo, hi) {
            (Some(lo), _) if n < lo => Some(format!("{n} {what}, fewer than the minimum {lo}")),
            (_, Some(hi)) if n > hi => Some(format!("{n} {what}, more than the maximum {hi}")),
            _ => None,
        }
    };
    match d {
        Value::Array(items) => count(items.len(), v.min_items, v.max_items, "items"),
        Value::String(text) => count(
            text.chars().count(),
            v.min_length,
            v.max_length,
            "characters",
        ),
        Value::Number(n) => {
            let x = n.as_f64()?;
            let lo = v.minimum.as_ref().and_then(serde_json::Number::as_f64);
            let hi = v.maximum.as_ref().and_then(serde_json::Number::as_f64);
            let below =
                lo.is_some_and(|lo| x < lo || (x == lo && v.exclusive_minimum == Some(true)));
            let above =
                hi.is_some_and(|hi| x > hi || (x == hi && v.exclusive_maximum == Some(true)));
            if below {
                Some("below `minimum`".into())
            } else if above {
                Some("above `maximum`".into())
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A value as it is written, shortened for a message.
fn shown(v: &serde_json::Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", text.get(..i).unwrap_or_default()),
        None => text,
    }
}

/// A body parameter is described by its schema alone: `type`, `format` and `items` written on
/// the parameter itself move into the schema when it has none, and are dropped otherwise;
/// `collectionFormat` is dropped.
fn body_keywords(p: &mut sw::Parameter, at: &Pointer, diags: &mut Diagnostics) {
    let type_ = p.type_.take();
    let format = p.format.take();
    let items = p.items.take();
    let collection = p.collection_format.take();
    if type_.is_none() && format.is_none() && items.is_none() && collection.is_none() {
        return;
    }
    if p.schema.is_none() && type_.as_deref().is_some_and(|t| SCHEMA_TYPES.contains(&t)) {
        let items = items
            .and_then(|i| serde_json::to_value(i).ok())
            .and_then(|v| serde_json::from_value::<sw::Schema>(v).ok())
            .map(Box::new);
        p.schema = Some(Box::new(sw::Schema {
            type_: type_.map(sw::SchemaType::One),
            format,
            items,
            ..sw::Schema::default()
        }));
        diags.warn(
            codes::XMS_SCHEMA_REPAIRED,
            &at.push("type"),
            "the body parameter had `type` outside a schema; it became the schema",
        );
    } else {
        diags.warn(
            codes::XMS_SCHEMA_REPAIRED,
            at,
            "`type`, `format`, `items` and `collectionFormat` do not apply to a body parameter (its schema describes it); they were dropped",
        );
    }
}

/// A `default` of the wrong JSON type (`"false"` for a boolean, `"10"` for an integer, `10`
/// for a string) is converted when the conversion is exact, dropped otherwise.
fn fix_default(
    default: &mut Option<serde_json::Value>,
    type_: &str,
    at: &Pointer,
    diags: &mut Diagnostics,
) {
    use serde_json::Value;
    let Some(d) = default.as_ref() else { return };
    // An integer written `10.0` fits the platform but is written `10`.
    let float_integer = type_ == "integer" && d.is_f64();
    if (sw::platform::fits_type(d, type_) && !float_integer) || d.is_null() {
        return;
    }
    let converted: Option<Value> = match (type_, d) {
        ("boolean", Value::String(s)) if s == "true" || s == "false" => {
            Some(Value::Bool(s == "true"))
        }
        ("integer", Value::String(s)) => s.parse::<i64>().ok().map(Value::from),
        ("integer", Value::Number(n)) => n
            .as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
            .map(|f| Value::from(f as i64)),
        ("number", Value::String(s)) => s
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        ("string", Value::Number(_) | Value::Bool(_)) => Some(Value::String(d.to_string())),
        _ => None,
    };
    let at = at.push("default");
    match converted {
        Some(v) => {
            diags.info(
                codes::XMS_SCHEMA_REPAIRED,
                &at,
                format!("default {d} is not a {type_}; it is {v} now"),
            );
            *default = Some(v);
        }
        None => {
            diags.warn(
                codes::XMS_SCHEMA_REPAIRED,
                &at,
                format!("default {d} is not a {type_}; it was dropped"),
            );
            *default = None;
        }
    }
}

/// `x-ms-pageable` is `{nextLinkName: string}` for Power Platform; AutoRest's richer shape
/// (`itemName`, `operationName`, a null `nextLinkName`) is cut down to it or dropped.
fn pageable(ext: &mut sw::Extensions, at: &Pointer, diags: &mut Diagnostics) {
    let Some(v) = ext.get_mut("x-ms-pageable") else {
        return;
    };
    let at = at.push("x-ms-pageable");
    let next = v
        .get("nextLinkName")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned);
    match (next, v.as_object_mut()) {
        (Some(next), Some(_)) if next != "nextLink" && next != "@odata.nextLink" => {
            ext.shift_remove("x-ms-pageable");
            diags
                .warn(
                    codes::XMS_PAGING,
                    &at,
                    format!("the platform pages only through `nextLink` or `@odata.nextLink`, not `{next}`; x-ms-pageable was dropped"),
                )
                .help("rename the property to nextLink with a policy (or a script) and add x-ms-pageable back with an overlay; an `updatenextlink` policy routes absolute next links through the connector");
        }
        (Some(next), Some(map)) => {
            if map.len() > 1 {
                let extra: Vec<String> = map
                    .keys()
                    .filter(|k| *k != "nextLinkName")
                    .cloned()
                    .collect();
                map.retain(|k, _| k == "nextLinkName");
                diags.info(
                    codes::XMS_EXTENSION_DROPPED,
                    &at,
                    format!(
                        "`x-ms-pageable` keeps only `nextLinkName` (`{next}`); dropped: {}",
                        extra.join(", ")
                    ),
                );
            }
        }
        _ => {
            ext.shift_remove("x-ms-pageable");
            diags.info(codes::XMS_EXTENSION_DROPPED, &at, "`x-ms-pageable` without a next-link property name cannot page in Power Platform; it was dropped");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_repeats_are_told_by_their_json_text() {
        use serde_json::json;
        let distinct = |v: serde_json::Value| all_distinct(v.as_array().unwrap());
        assert!(distinct(json!(["a", "b", "A"])));
        assert!(!distinct(json!(["a", "b", "a"])));
        assert!(distinct(json!(["1", 1, 1.5, true, "true", null, "null"])));
        assert!(!distinct(json!([1, "x", 1])));
        assert!(!distinct(json!([{"a": [1]}, {"a": [1]}])));
        // Longer lists are told by hashing, shorter ones pair by pair: the same answers.
        let long: Vec<serde_json::Value> = (0..12).map(|i| json!(format!("v{i}"))).collect();
        assert!(distinct(json!(long)));
        let mut repeated = long.clone();
        repeated.push(json!("v3"));
        assert!(!distinct(json!(repeated)));
        let mut mixed = long;
        mixed.extend([json!(3), json!("3"), json!(3.0)]);
        assert!(distinct(json!(mixed)));
        let mut v = sw::Validation {
            enumeration: Some(vec![json!("a"), json!("b"), json!("a"), json!(2), json!(2)]),
            ..Default::default()
        };
        let mut diags = Diagnostics::new();
        unique_enum(&mut v, &Pointer::root(), &mut diags);
        assert_eq!(v.enumeration, Some(vec![json!("a"), json!("b"), json!(2)]));
        assert_eq!(diags.as_slice().len(), 1);
    }

    #[test]
    fn a_body_parameter_is_described_by_its_schema_alone() {
        let mut doc: sw::Document = serde_json::from_value(serde_json::json!({
            "swagger": "2.0", "info": {"title": "T", "version": "1"},
            "paths": {"/a": {"post": {"parameters": [
                {"name": "b", "in": "body", "type": "array", "items": {"type": "integer"}}],
                "responses": {"200": {"description": "ok"}}},
              "put": {"parameters": [
                {"name": "b", "in": "body", "type": "string", "collectionFormat": "csv",
                 "schema": {"type": "object"}}],
                "responses": {"200": {"description": "ok"}}}}}
        }))
        .unwrap();
        let mut diags = Diagnostics::new();
        vocabulary(&mut doc, &mut diags);
        let v = serde_json::to_value(&doc.paths).unwrap();
        assert_eq!(
            v["/a"]["post"]["parameters"][0],
            serde_json::json!({"name": "b", "in": "body",
                "schema": {"type": "array", "items": {"type": "integer"}}})
        );
        assert_eq!(
            v["/a"]["put"]["parameters"][0],
            serde_json::json!({"name": "b", "in": "body", "schema": {"type": "object"}})
        );
        assert_eq!(diags.as_slice().len(), 2);
    }

    #[test]
    fn formats_are_mapped_or_dropped() {
        assert_eq!(format_replacement("uuid"), None);
        assert_eq!(format_replacement("url"), Some(Some("uri")));
        assert_eq!(format_replacement("date-time-rfc1123"), Some(None));
    }
}
