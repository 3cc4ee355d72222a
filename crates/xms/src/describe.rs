//! Descriptions written where the input has none: a sentence built from what the field's
//! schema says (kind, format, allowed values, range, length, default, unit), never one that
//! only repeats the label. The rules are listed in docs/lowering.md ("Field texts").

use connector_swagger2 as sw;
use serde_json::Value;

use crate::words::{lower_label, split_words};

/// What a field's schema says about its values.
#[derive(Debug, Default, Clone, Copy)]
pub struct Facts<'a> {
    /// `type` (`string`, `integer`, `array`, …).
    pub kind: Option<&'a str>,
    /// `format`.
    pub format: Option<&'a str>,
    /// `enum`, `default`, ranges and lengths.
    pub validation: Option<&'a sw::Validation>,
    /// The kind of an array's items.
    pub items: Option<&'a str>,
    /// The format of an array's items.
    pub items_format: Option<&'a str>,
    /// The names of an object's properties.
    pub properties: Option<&'a [String]>,
}

impl<'a> Facts<'a> {
    /// The facts of a schema.
    pub fn of_schema(s: &'a sw::Schema, names: &'a [String]) -> Self {
        let kind = match &s.type_ {
            Some(sw::SchemaType::One(t)) => Some(t.as_str()),
            _ if s.properties.is_some() => Some("object"),
            _ => None,
        };
        let items = s.items.as_deref();
        Facts {
            kind,
            format: s.format.as_deref(),
            validation: Some(&s.validation),
            items: items.and_then(|i| match &i.type_ {
                Some(sw::SchemaType::One(t)) => Some(t.as_str()),
                _ if i.properties.is_some() || i.reference.is_some() => Some("object"),
                _ => None,
            }),
            items_format: items.and_then(|i| i.format.as_deref()),
            properties: (!names.is_empty()).then_some(names),
        }
    }

    /// The facts of a non-body parameter.
    pub fn of_parameter(p: &'a sw::Parameter) -> Self {
        Facts {
            kind: p.type_.as_deref(),
            format: p.format.as_deref(),
            validation: Some(&p.validation),
            items: p.items.as_ref().and_then(|i| i.type_.as_deref()),
            items_format: p.items.as_ref().and_then(|i| i.format.as_deref()),
            properties: None,
        }
    }
}

/// A description for a field named `name` from its facts. With `always`, a sentence is
/// written even when the facts say no more than the kind of value ("Text."); without, only
/// when they say more (allowed values, a format, a range, a default, a unit).
pub fn describe(name: &str, facts: &Facts, always: bool) -> Option<String> {
    let v = facts.validation;
    let enumeration = v
        .and_then(|v| v.enumeration.as_deref())
        .filter(|e| !e.is_empty());
    let mut informative = false;
    let mut head = match enumeration {
        Some(values) => {
            informative = true;
            one_of(values)
        }
        None => {
            let (phrase, telling) = kind_phrase(name, facts);
            informative |= telling;
            phrase
        }
    };
    if let Some(unit) = unit(name) {
        head.push_str(", in ");
        head.push_str(unit);
        informative = true;
    }
    if let Some(range) = v.and_then(|v| range(v, facts.kind)) {
        head.push(' ');
        head.push_str(&range);
        informative = true;
    }
    let mut out = format!("{head}.");
    let constant = matches!(enumeration, Some([_]));
    if let Some(d) = v
        .and_then(|v| v.default.as_ref())
        .filter(|_| !constant)
        .and_then(shown)
    {
        out.push_str(&format!(" Default: {d}."));
        informative = true;
    }
    // "URL" described as "A URL." says nothing more (asked only when it decides).
    let repeats = || content_words(&out) == content_words(name);
    (always || (informative && !repeats())).then_some(out)
}

/// The words of a text in lower case, without articles.
fn content_words(text: &str) -> Vec<String> {
    split_words(text)
        .into_iter()
        .map(|w| w.to_lowercase())
        .filter(|w| !matches!(w.as_str(), "a" | "an" | "the"))
        .collect()
}

/// "One of: a, b, c" (or "One of 12 values, such as a, b, c").
fn one_of(values: &[Value]) -> String {
    let shown: Vec<String> = values.iter().filter_map(shown).collect();
    if let [one] = shown.as_slice() {
        format!("Always {one}")
    } else if shown.len() <= 6 {
        format!("One of: {}", shown.join(", "))
    } else {
        let first: Vec<&str> = shown.iter().take(3).map(String::as_str).collect();
        format!(
            "One of {} values, such as {}",
            shown.len(),
            first.join(", ")
        )
    }
}

/// A value as a maker would type it: strings bare, numbers and booleans as written; long
/// or structured values are not shown.
fn shown(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) if !s.trim().is_empty() => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (s.chars().count() <= 40 && !s.contains('\n')).then_some(s)
}

/// The kind of value, and whether it tells more than the bare type.
fn kind_phrase(name: &str, facts: &Facts) -> (String, bool) {
    if let Some(f) = facts.format.and_then(format_phrase) {
        return (f.to_owned(), true);
    }
    match facts.kind {
        Some("boolean") => ("True or false".into(), false),
        Some("integer") => ("A whole number".into(), false),
        Some("number") => ("A number".into(), false),
        Some("file") => ("A file".into(), true),
        Some("array") => {
            let items = facts
                .items_format
                .and_then(plural_format)
                .or_else(|| facts.items.map(plural_kind))
                .unwrap_or("values");
            (format!("A list of {items}"), facts.items.is_some())
        }
        Some("object") => match facts.properties {
            Some(names) if !names.is_empty() => (with_fields(names), true),
            _ => ("An object".into(), false),
        },
        _ if is_identifier_name(name) => (identifier_phrase(name), true),
        _ => ("Text".into(), false),
    }
}

/// "An object with name, email and phone" (or "… with 12 fields, such as …").
fn with_fields(names: &[String]) -> String {
    let labels: Vec<String> = names.iter().map(|n| lower_label(n)).collect();
    match labels.as_slice() {
        [one] => format!("An object with {one}"),
        [init @ .., last] if labels.len() <= 4 => {
            format!("An object with {} and {last}", init.join(", "))
        }
        _ => format!(
            "An object with {} fields, such as {}",
            labels.len(),
            labels
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn is_identifier_name(name: &str) -> bool {
    split_words(name)
        .last()
        .is_some_and(|w| w.eq_ignore_ascii_case("id") || w.eq_ignore_ascii_case("uuid"))
}

/// "The unique identifier of the user" for `userId`.
fn identifier_phrase(name: &str) -> String {
    let words = split_words(name);
    let thing: Vec<String> = words
        .iter()
        .take(words.len().saturating_sub(1))
        .map(|w| lower_label(w))
        .collect();
    if thing.is_empty() {
        "A unique identifier".into()
    } else {
        format!("The unique identifier of the {}", thing.join(" "))
    }
}

fn format_phrase(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => "A date and time, such as 2024-05-01T12:00:00Z",
        "date" => "A date, such as 2024-05-01",
        "time" => "A time of day, such as 12:00:00",
        "email" => "An email address",
        "uri" | "url" => "A URL",
        "uuid" => "A UUID",
        "byte" => "Base64-encoded data",
        "binary" => "File content",
        "password" => "A secret value",
        "ipv4" => "An IPv4 address",
        "ipv6" => "An IPv6 address",
        "hostname" => "A host name",
        "int32" | "int64" => return None,
        "float" | "double" | "decimal" => return None,
        _ => return None,
    })
}

fn plural_format(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => "dates and times",
        "date" => "dates",
        "email" => "email addresses",
        "uri" | "url" => "URLs",
        "uuid" => "UUIDs",
        _ => return None,
    })
}

fn plural_kind(kind: &str) -> &'static str {
    match kind {
        "string" => "text values",
        "integer" => "whole numbers",
        "number" => "numbers",
        "boolean" => "true or false values",
        "object" => "objects",
        "array" => "lists",
        _ => "values",
    }
}

/// The unit a name ends on: `timeout_ms` → "milliseconds".
fn unit(name: &str) -> Option<&'static str> {
    let last = split_words(name).last()?.to_lowercase();
    Some(match last.as_str() {
        "ms" | "millis" | "milliseconds" => "milliseconds",
        "sec" | "secs" | "seconds" => "seconds",
        "min" | "mins" | "minutes" => "minutes",
        "hours" | "hrs" => "hours",
        "days" => "days",
        "bytes" => "bytes",
        "kb" => "kilobytes",
        "mb" => "megabytes",
        "percent" | "pct" | "percentage" => "percent",
        "cents" => "cents",
        _ => return None,
    })
}

/// "from 1 to 50", "of at most 255 characters", "with at least 1 item".
fn range(v: &sw::Validation, kind: Option<&str>) -> Option<String> {
    let num = |n: &Option<serde_json::Number>| n.as_ref().map(ToString::to_string);
    let (low, high, what) = match kind {
        Some("string") | None => (
            v.min_length.filter(|n| *n > 0).map(|n| n.to_string()),
            v.max_length.map(|n| n.to_string()),
            " characters",
        ),
        Some("array") => (
            v.min_items.filter(|n| *n > 0).map(|n| n.to_string()),
            v.max_items.map(|n| n.to_string()),
            " items",
        ),
        _ => (num(&v.minimum), num(&v.maximum), ""),
    };
    let (lead, from) = if what.is_empty() {
        ("", "from ")
    } else {
        ("of ", "")
    };
    match (low, high) {
        (Some(l), Some(h)) if l == h => Some(format!("{lead}exactly {l}{what}")),
        (Some(l), Some(h)) => Some(format!("{lead}{from}{l} to {h}{what}")),
        (Some(l), None) => Some(format!("{lead}at least {l}{what}")),
        (None, Some(h)) => Some(format!("{lead}at most {h}{what}")),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn validation(v: Value) -> sw::Validation {
        serde_json::from_value(v).unwrap_or_default()
    }

    #[test]
    fn sentences_say_what_the_schema_says() {
        let v = validation(json!({"minimum": 1, "maximum": 50, "default": 20}));
        let facts = Facts {
            kind: Some("integer"),
            validation: Some(&v),
            ..Default::default()
        };
        assert_eq!(
            describe("limit", &facts, false).as_deref(),
            Some("A whole number from 1 to 50. Default: 20.")
        );
        let e = validation(json!({"enum": ["asc", "desc"]}));
        let facts = Facts {
            kind: Some("string"),
            validation: Some(&e),
            ..Default::default()
        };
        assert_eq!(
            describe("order", &facts, false).as_deref(),
            Some("One of: asc, desc.")
        );
        let one = validation(json!({"enum": ["list"], "default": "list"}));
        let fixed = Facts {
            kind: Some("string"),
            validation: Some(&one),
            ..Default::default()
        };
        assert_eq!(
            describe("comp", &fixed, true).as_deref(),
            Some("Always list.")
        );
        let plain = Facts {
            kind: Some("string"),
            ..Default::default()
        };
        assert_eq!(describe("name", &plain, false), None);
        assert_eq!(describe("name", &plain, true).as_deref(), Some("Text."));
        assert_eq!(
            describe("userId", &plain, false).as_deref(),
            Some("The unique identifier of the user.")
        );
        let timeout = Facts {
            kind: Some("integer"),
            ..Default::default()
        };
        assert_eq!(
            describe("timeout_ms", &timeout, false).as_deref(),
            Some("A whole number, in milliseconds.")
        );
        let when = Facts {
            kind: Some("string"),
            format: Some("date-time"),
            ..Default::default()
        };
        assert_eq!(
            describe("created", &when, false).as_deref(),
            Some("A date and time, such as 2024-05-01T12:00:00Z.")
        );
        let flag = Facts {
            kind: Some("boolean"),
            ..Default::default()
        };
        assert_eq!(
            describe("is_admin", &flag, true).as_deref(),
            Some("True or false.")
        );
        let url = Facts {
            kind: Some("string"),
            format: Some("uri"),
            ..Default::default()
        };
        assert_eq!(describe("url", &url, false), None);
        assert_eq!(describe("homepage", &url, false).as_deref(), Some("A URL."));
    }
}
