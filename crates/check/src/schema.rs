//! Rules over schemas and the validation keywords shared with parameters
//! (reference section 2.5).

use connector_core::collections::HashSet;

use connector_core::Pointer;
use connector_swagger2 as sw;
use serde_json::Value;

use crate::Ctx;
use crate::definition::{OperationIds, VISIBILITY, enum_extension, extensions, unescape};
use crate::rules::*;

/// Where a schema sits, which decides a few rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Position {
    /// Under `#/definitions` (used as input or output: position-dependent rules are skipped).
    Definition,
    /// In a body parameter (input).
    Input,
    /// The root of a response schema (`type: file` allowed).
    ResponseRoot,
    /// Inside a response or notification schema.
    Output,
}

const SCHEMA_TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null",
];

pub(crate) fn check(
    doc: &sw::Document,
    s: &sw::Schema,
    at: &Pointer,
    pos: Position,
    ids: &OperationIds,
    ctx: &mut Ctx,
) {
    let here = Here {
        at,
        pos,
        parent_internal: false,
        in_all_of: false,
    };
    walk(doc, s, &here, ids, ctx);
}

/// Where a schema is met in the walk.
struct Here<'a> {
    at: &'a Pointer,
    pos: Position,
    /// A parent is `x-ms-visibility: internal`.
    parent_internal: bool,
    /// The schema is a member of an `allOf` (its properties may come from the others).
    in_all_of: bool,
}

/// The schema's type, as one name and as the list of names it holds.
fn type_names(s: &sw::Schema) -> (Option<&str>, Vec<&str>) {
    match &s.type_ {
        Some(sw::SchemaType::One(t)) => (Some(t.as_str()), vec![t.as_str()]),
        Some(sw::SchemaType::Many(ts)) => (None, ts.iter().map(String::as_str).collect()),
        None => (None, Vec::new()),
    }
}

fn walk(doc: &sw::Document, s: &sw::Schema, here: &Here<'_>, ids: &OperationIds, ctx: &mut Ctx) {
    let at = here.at;
    extensions(&s.extensions, at, ctx);
    enum_extension(&s.extensions, "x-ms-visibility", VISIBILITY, at, ctx);
    enum_extension(
        &s.extensions,
        "x-ms-media-kind",
        &["image", "audio"],
        at,
        ctx,
    );
    reference(doc, s, at, ctx);
    let (type_name, types) = type_names(s);
    type_rules(&types, here, ctx);
    if let Some(f) = &s.format {
        format(f, &at.push("format"), ctx);
    }
    validation(&s.validation, type_name, at, ctx);
    if types.contains(&"array") && s.items.is_none() {
        ctx.def(ARRAY_HAS_NO_ITEMS, at, "the array schema has no items");
    }
    required(s, type_name, here, ctx);
    discriminator(s, at, ctx);
    if s.extensions.get("x-ms-editor").and_then(Value::as_str) == Some("dictionary") {
        let object = s.type_.as_ref().is_some_and(|t| t.is("object"));
        if !object || s.additional_properties.is_none() {
            ctx.def(
                INVALID_CUSTOM_EDITOR_EXTENSION_DICTIONARY_VALUE,
                &at.push("x-ms-editor"),
                "x-ms-editor dictionary on a schema that is not an object with additionalProperties",
            );
        }
    }
    enum_values_extension(&s.extensions, s.validation.enumeration.as_deref(), at, ctx);
    dynamic_targets(&s.extensions, at, ids, ctx);
    let internal = s.extensions.get("x-ms-visibility").and_then(Value::as_str) == Some("internal");
    if s.extensions.get("x-ms-notification-url") == Some(&Value::Bool(true)) {
        notification_url(&types, type_name, internal, here, ctx);
    }
    children(doc, s, internal, here, ids, ctx);
}

/// A `$ref` names a definition and stands alone.
fn reference(doc: &sw::Document, s: &sw::Schema, at: &Pointer, ctx: &mut Ctx) {
    let Some(r) = &s.reference else { return };
    match r.strip_prefix("#/definitions/") {
        None => ctx.def(
            SCHEMA_REFERENCE_NOT_VALID,
            &at.push("$ref"),
            format!("`{r}` does not point into #/definitions"),
        ),
        Some(name) if !doc.definitions.contains_key(&unescape(name)) => ctx.def(
            SCHEMA_REFERENCE_NOT_FOUND,
            &at.push("$ref"),
            format!("`{r}` names no definition"),
        ),
        Some(_) => {}
    }
    let alone = sw::Schema {
        reference: s.reference.clone(),
        ..sw::Schema::default()
    };
    if *s != alone {
        ctx.def(
            ADDITIONAL_PROPERTY_NOT_ALLOWED_ADJACENT_TO_REF,
            at,
            "the $ref has sibling keys, which the platform ignores",
        );
    }
}

/// Each type is a schema type; `file` only at the root of a response.
fn type_rules(types: &[&str], here: &Here<'_>, ctx: &mut Ctx) {
    for t in types {
        if *t == "file" {
            if here.pos != Position::ResponseRoot {
                ctx.def(
                    SCHEMA_TYPE_FILE_NOT_VALID,
                    &here.at.push("type"),
                    "`type: file` outside the root of a response schema",
                );
            }
        } else if !SCHEMA_TYPES.contains(t) {
            ctx.def(
                JSON_TYPE_INCORRECT,
                &here.at.push("type"),
                format!("`{t}` is not a schema type"),
            );
        }
    }
}

/// `required` is a non-empty list on an object, of declared properties, none of them
/// read-only in an input.
fn required(s: &sw::Schema, type_name: Option<&str>, here: &Here<'_>, ctx: &mut Ctx) {
    let Some(req) = &s.required else { return };
    let at = here.at;
    if req.is_empty() {
        ctx.def(
            REQUIRED_PROPERTY_ARRAY_EMPTY,
            &at.push("required"),
            "required is empty",
        );
    } else if type_name.is_some_and(|t| t != "object") {
        ctx.def(
            REQUIRED_PROPERTY_NOT_ON_OBJECT,
            &at.push("required"),
            format!("required on a `{}` schema", type_name.unwrap_or_default()),
        );
    }
    let open = here.in_all_of || s.all_of.is_some() || s.reference.is_some();
    for (i, name) in req.iter().enumerate() {
        let prop = s.properties.as_ref().and_then(|p| p.get(name));
        if prop.is_none() && !open {
            ctx.def(
                REQUIRED_PROPERTY_DEFINITION_MISSING,
                &at.push("required").index(i),
                format!("required property `{name}` is not declared"),
            );
        }
        if prop.is_some_and(|p| p.read_only == Some(true)) && here.pos == Position::Input {
            ctx.def(
                REQUIRED_READ_ONLY_PROPERTY_NOT_ALLOWED_AS_INPUT,
                &at.push("properties").push(name),
                format!("input property `{name}` is required and readOnly"),
            );
        }
    }
}

/// A discriminator names a required string property (schemas built with `allOf` aside).
fn discriminator(s: &sw::Schema, at: &Pointer, ctx: &mut Ctx) {
    if let (Some(d), Some(why)) = (&s.discriminator, sw::platform::discriminator_problem(s)) {
        ctx.def(
            DISCRIMINATOR_MUST_BE_A_REQUIRED_STRING_PROPERTY,
            &at.push("discriminator"),
            format!("discriminator `{d}` is not a required string property: it {why}"),
        );
    }
}

/// The notification URL property is an internal string of a request body.
fn notification_url(
    types: &[&str],
    type_name: Option<&str>,
    internal: bool,
    here: &Here<'_>,
    ctx: &mut Ctx,
) {
    let at = here.at;
    if !types.is_empty() && type_name != Some("string") {
        ctx.def(
            NOTIFICATION_URL_NOT_STRING,
            at,
            "the notification URL property is not a string",
        );
    }
    if !internal && !here.parent_internal {
        ctx.def(
            NOTIFICATION_URL_NOT_INTERNAL,
            at,
            "the notification URL property is not internal",
        );
    }
    if matches!(here.pos, Position::Output | Position::ResponseRoot) {
        ctx.def(
            NOTIFICATION_URL_NOT_ALLOWED_IN_THIS_POSITION,
            at,
            "x-ms-notification-url in an output schema",
        );
    }
}

/// Walks the schemas inside: items, allOf members, an additionalProperties schema and the
/// properties (with their own rules on visibility and texts).
fn children(
    doc: &sw::Document,
    s: &sw::Schema,
    internal: bool,
    here: &Here<'_>,
    ids: &OperationIds,
    ctx: &mut Ctx,
) {
    let at = here.at;
    let pos = if here.pos == Position::ResponseRoot {
        Position::Output
    } else {
        here.pos
    };
    let parent_internal = internal || here.parent_internal;
    let go = |child: &sw::Schema, at: &Pointer, in_all_of: bool, ctx: &mut Ctx| {
        let here = Here {
            at,
            pos,
            parent_internal,
            in_all_of,
        };
        walk(doc, child, &here, ids, ctx);
    };
    if let Some(items) = &s.items {
        go(items, &at.push("items"), false, ctx);
    }
    for (i, part) in s.all_of.iter().flatten().enumerate() {
        go(part, &at.push("allOf").index(i), true, ctx);
    }
    if let Some(sw::AdditionalProperties::Schema(a)) = &s.additional_properties {
        go(a, &at.push("additionalProperties"), false, ctx);
    }
    for (name, prop) in s.properties.as_deref().into_iter().flatten() {
        let pat = at.push("properties").push(name);
        property(s, name, prop, &pat, here.pos, ctx);
        go(prop, &pat, false, ctx);
    }
}

/// The rules on one property as its parent sees it: an internal required input needs a
/// default (a default means nothing on an output), and certification wants its texts.
fn property(
    parent: &sw::Schema,
    name: &str,
    prop: &sw::Schema,
    at: &Pointer,
    pos: Position,
    ctx: &mut Ctx,
) {
    if prop.reference.is_some() {
        return;
    }
    let required = parent
        .required
        .as_ref()
        .is_some_and(|r| r.iter().any(|n| n == name));
    if !matches!(pos, Position::Output | Position::ResponseRoot) {
        visibility_default(
            &prop.extensions,
            required,
            prop.validation.default.is_some(),
            &format!("property `{name}`"),
            at,
            ctx,
        );
    }
    if !ctx.certification() {
        return;
    }
    let missing: Vec<&str> = [
        ("x-ms-summary", prop.extensions.contains_key("x-ms-summary")),
        ("description", prop.description.is_some()),
    ]
    .into_iter()
    .filter(|(_, has)| !has)
    .map(|(k, _)| k)
    .collect();
    if !missing.is_empty() {
        ctx.def(
            SCHEMA_PROPERTY_TEXT_MISSING,
            at,
            format!("property `{name}` has no {}", missing.join(" and ")),
        );
    }
}

/// Required + internal needs a default; internal + default should be required.
pub(crate) fn visibility_default(
    ext: &sw::Extensions,
    required: bool,
    has_default: bool,
    what: &str,
    at: &Pointer,
    ctx: &mut Ctx,
) {
    if ext.get("x-ms-visibility").and_then(Value::as_str) != Some("internal") {
        return;
    }
    if ext.get("x-ms-notification-url") == Some(&Value::Bool(true)) {
        // The platform fills the callback URL itself.
        return;
    }
    if required && !has_default {
        ctx.def(
            INTERNAL_REQUIRED_WITHOUT_DEFAULT,
            at,
            format!("{what} is required and internal but has no default"),
        );
    } else if !required && has_default {
        ctx.def(
            INTERNAL_PROPERTY_WITH_DEFAULT_OPTIONAL,
            at,
            format!("{what} is internal with a default but optional"),
        );
    }
}

pub(crate) fn format(f: &str, at: &Pointer, ctx: &mut Ctx) {
    if !sw::FORMATS.contains(&f) {
        ctx.def(
            UNRECOGNIZED_TYPE_FORMAT,
            at,
            format!("format `{f}` is not one the platform knows"),
        );
    }
}

/// Whether a JSON value fits a Swagger type name.
use connector_swagger2::platform::fits_type as fits;

/// The validation keywords (schemas, parameters, items, headers).
pub(crate) fn validation(v: &sw::Validation, type_: Option<&str>, at: &Pointer, ctx: &mut Ctx) {
    if let Some(e) = &v.enumeration {
        if e.is_empty() {
            ctx.def(
                ENUM_MUST_CONTAIN_AT_LEAST_ONE_ELEMENT,
                &at.push("enum"),
                "enum is empty",
            );
        } else if let Some(t) = type_ {
            for (i, value) in e.iter().enumerate() {
                if !value.is_null() && !fits(value, t) {
                    ctx.def(
                        INVALID_ENUM_VALUE,
                        &at.push("enum").index(i),
                        format!("enum value {value} is not a {t}"),
                    );
                }
            }
        }
    }
    if let (Some(d), Some(t)) = (&v.default, type_) {
        if !d.is_null() && !fits(d, t) {
            ctx.def(
                DEFAULT_VALUE_MUST_MATCH_TYPE,
                &at.push("default"),
                format!("default {d} is not a {t}"),
            );
        }
    }
    let num = |n: &Option<serde_json::Number>| n.as_ref().and_then(serde_json::Number::as_f64);
    let mut bad = Vec::new();
    if let (Some(lo), Some(hi)) = (num(&v.minimum), num(&v.maximum)) {
        if lo > hi {
            bad.push(format!("minimum {lo} is above maximum {hi}"));
        }
    }
    if v.exclusive_maximum == Some(true) && v.maximum.is_none() {
        bad.push("exclusiveMaximum without maximum".into());
    }
    if v.exclusive_minimum == Some(true) && v.minimum.is_none() {
        bad.push("exclusiveMinimum without minimum".into());
    }
    if let (Some(lo), Some(hi)) = (v.min_length, v.max_length) {
        if lo > hi {
            bad.push(format!("minLength {lo} is above maxLength {hi}"));
        }
    }
    if let (Some(lo), Some(hi)) = (v.min_items, v.max_items) {
        if lo > hi {
            bad.push(format!("minItems {lo} is above maxItems {hi}"));
        }
    }
    if num(&v.multiple_of).is_some_and(|m| m <= 0.0) {
        bad.push("multipleOf is not positive".into());
    }
    for b in bad {
        ctx.def(NUMERIC_RANGE_NOT_VALID, at, b);
    }
}

/// `x-ms-enum-values`: entries with value and displayName, listed in `enum`, no repeats.
pub(crate) fn enum_values_extension(
    ext: &sw::Extensions,
    enumeration: Option<&[Value]>,
    at: &Pointer,
    ctx: &mut Ctx,
) {
    let Some(list) = ext.get("x-ms-enum-values").and_then(Value::as_array) else {
        return;
    };
    let at = at.push("x-ms-enum-values");
    let mut seen = HashSet::default();
    for (i, entry) in list.iter().enumerate() {
        let here = at.index(i);
        let value = entry.get("value");
        let display = entry.get("displayName").and_then(Value::as_str);
        if value.is_none() || display.is_none_or(str::is_empty) {
            ctx.def(
                MISSING_ENUM_VALUES_DISPLAY_NAME,
                &here,
                "the entry lacks a value or a displayName",
            );
        }
        if let Some(v) = value {
            if !seen.insert(v.to_string()) {
                ctx.def(
                    DUPLICATE_ENUM_VALUES_IN_EXTENSION,
                    &here,
                    format!("value {v} is listed twice"),
                );
            }
            if let Some(e) = enumeration {
                if !e.contains(v) {
                    ctx.def(
                        INVALID_ENUM_VALUES_EXTENSION_VALUE,
                        &here,
                        format!("value {v} is not in enum"),
                    );
                }
            }
        }
    }
}

/// The operations x-ms-dynamic-* extensions call must exist.
pub(crate) fn dynamic_targets(
    ext: &sw::Extensions,
    at: &Pointer,
    ids: &OperationIds,
    ctx: &mut Ctx,
) {
    // Asked of every node's extensions: a scan of their few keys first, as most have none.
    if !ext.keys().any(|k| k.starts_with("x-ms-dynamic-")) {
        return;
    }
    for key in [
        "x-ms-dynamic-values",
        "x-ms-dynamic-list",
        "x-ms-dynamic-schema",
        "x-ms-dynamic-properties",
    ] {
        if let Some(id) = ext
            .get(key)
            .and_then(|d| d.get("operationId"))
            .and_then(Value::as_str)
        {
            if !ids.contains(id) {
                ctx.def(
                    OPERATION_ID_NOT_FOUND,
                    &at.push(key).push("operationId"),
                    format!("`{key}` calls `{id}`, which does not exist"),
                );
            }
        }
    }
}

/// Whether a property marked `x-ms-notification-url: true` is reachable in `s`.
pub(crate) fn has_notification_url(doc: &sw::Document, s: &sw::Schema) -> bool {
    fn go<'a>(doc: &'a sw::Document, s: &'a sw::Schema, seen: &mut HashSet<&'a str>) -> bool {
        if s.extensions.get("x-ms-notification-url") == Some(&Value::Bool(true)) {
            return true;
        }
        if let Some(name) = s
            .reference
            .as_deref()
            .and_then(|r| r.strip_prefix("#/definitions/"))
        {
            if seen.insert(name) {
                if let Some(t) = doc.definitions.get(name) {
                    if go(doc, t, seen) {
                        return true;
                    }
                }
            }
        }
        sw::platform::schema_children(s).any(|c| go(doc, c, seen))
    }
    go(doc, s, &mut HashSet::default())
}
