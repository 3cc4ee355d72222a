//! Schema inference from JSON samples (the platform's "import from sample"), and merging of
//! inferred schemas (for several samples of one response).

use connector_core::collections::IndexMap;
use serde_json::Value;

use crate::model::{Schema, SchemaType};

/// How deep inference descends before it stops typing nested values.
pub const MAX_INFER_DEPTH: usize = 32;

/// Infers a Swagger 2.0 schema from one JSON sample.
///
/// Objects get their properties, arrays an item schema merged over every element, numbers
/// `integer` or `number`, strings a `format` when they look like a date-time, date, e-mail,
/// URI or UUID, and `null` gives `x-nullable: true`. Nesting deeper than
/// [`MAX_INFER_DEPTH`] is left untyped.
pub fn infer_schema(sample: &Value) -> Schema {
    infer(sample, 0)
}

fn infer(v: &Value, depth: usize) -> Schema {
    if depth >= MAX_INFER_DEPTH {
        return Schema::default();
    }
    match v {
        Value::Null => {
            let mut s = Schema::default();
            s.extensions.insert("x-nullable".into(), Value::Bool(true));
            s
        }
        Value::Bool(_) => Schema::of_type("boolean"),
        Value::Number(n) => {
            if n.is_f64() {
                let mut s = Schema::of_type("number");
                s.format = Some("double".into());
                s
            } else {
                let mut s = Schema::of_type("integer");
                let big = n
                    .as_i64()
                    .is_none_or(|i| i > i64::from(i32::MAX) || i < i64::from(i32::MIN));
                s.format = Some(if big { "int64" } else { "int32" }.into());
                s
            }
        }
        Value::String(text) => {
            let mut s = Schema::of_type("string");
            s.format = string_format(text).map(str::to_owned);
            s
        }
        Value::Array(items) => {
            let mut s = Schema::of_type("array");
            let merged = items
                .iter()
                .map(|i| infer(i, depth + 1))
                .reduce(merge_schemas);
            s.items = Some(Box::new(merged.unwrap_or_default()));
            s
        }
        Value::Object(map) => {
            let mut s = Schema::of_type("object");
            let props: IndexMap<String, Schema> = map
                .iter()
                .map(|(k, v)| (k.clone(), infer(v, depth + 1)))
                .collect();
            s.properties = Some(Box::new(props));
            s
        }
    }
}

/// The format a string sample suggests, if any.
pub fn string_format(s: &str) -> Option<&'static str> {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let is_date = b.len() >= 10
        && digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10);
    if is_date && b.len() == 10 {
        return Some("date");
    }
    if is_date
        && matches!(b.get(10), Some(b'T' | b't'))
        && digits(11..13)
        && b.get(13) == Some(&b':')
    {
        return Some("date-time");
    }
    let uuid = b.len() == 36
        && b.iter().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    if uuid {
        return Some("uuid");
    }
    if (s.starts_with("http://") || s.starts_with("https://")) && !s.contains(char::is_whitespace) {
        return Some("uri");
    }
    if let Some((user, domain)) = s.split_once('@') {
        if !user.is_empty()
            && domain.contains('.')
            && !s.contains(char::is_whitespace)
            && !domain.contains('@')
        {
            return Some("email");
        }
    }
    None
}

/// Merges two schemas inferred from different samples of the same thing.
///
/// Object properties are united; `required` keeps the names both require; differing types
/// widen (`integer` + `number` → `number`) or, when they cannot, leave the schema untyped;
/// `null` on either side makes the result nullable; differing formats are dropped.
///
/// Both are taken by value: the result is built from their parts, so merging the samples of
/// a long array copies nothing.
pub fn merge_schemas(a: Schema, b: Schema) -> Schema {
    // A sample that was `null` only says "nullable".
    if is_null_only(&a) {
        return nullable(b);
    }
    if is_null_only(&b) {
        return nullable(a);
    }
    let ta = a.type_.as_ref().and_then(one);
    let tb = b.type_.as_ref().and_then(one);
    let widen = match (ta, tb) {
        (Some(x), Some(y)) if x == y => false,
        (Some("integer"), Some("number")) | (Some("number"), Some("integer")) => true,
        // Kinds that do not fit one type: the value is untyped.
        _ => {
            return Schema {
                extensions: a.extensions,
                ..Schema::default()
            };
        }
    };
    let any_number = ta == Some("number") || tb == Some("number");
    let both_integer = ta == Some("integer") && tb == Some("integer");
    let formats_differ = a.format != b.format;
    let b_nullable = is_nullable(&b);
    let mut out = a;
    if widen {
        out.type_ = Some(SchemaType::One("number".into()));
        out.format = Some("double".into());
    }
    if formats_differ {
        if !any_number {
            out.format = None;
        }
        if both_integer {
            out.format = Some("int64".into());
        }
    }
    out.items = match (out.items.take(), b.items) {
        (Some(ia), Some(ib)) => Some(Box::new(merge_schemas(*ia, *ib))),
        (Some(ia), None) => Some(ia),
        (None, ib) => ib,
    };
    out.properties = merge_properties(out.properties.take(), b.properties);
    if b_nullable {
        out.extensions
            .insert("x-nullable".into(), Value::Bool(true));
    }
    out.required = match (out.required.take(), b.required) {
        (Some(ra), Some(rb)) => Some(
            ra.into_iter()
                .filter(|r| rb.contains(r))
                .collect::<Vec<_>>(),
        )
        .filter(|r| !r.is_empty()),
        _ => None,
    };
    out.example = None;
    out
}

/// The union of two property maps, in the first's order and then the second's new names;
/// a name in both gets the merge of its two schemas.
fn merge_properties(
    a: Option<Box<IndexMap<String, Schema>>>,
    b: Option<Box<IndexMap<String, Schema>>>,
) -> Option<Box<IndexMap<String, Schema>>> {
    if a.is_none() && b.is_none() {
        return None;
    }
    let mut props = a.unwrap_or_default();
    for (k, vb) in b.map(|b| *b).into_iter().flatten() {
        match props.get_mut(&k) {
            Some(va) => *va = merge_schemas(std::mem::take(va), vb),
            None => {
                props.insert(k, vb);
            }
        }
    }
    Some(props)
}

fn is_nullable(s: &Schema) -> bool {
    s.extensions.get("x-nullable") == Some(&Value::Bool(true))
}

/// An inferred `null`: untyped, nullable and without properties.
fn is_null_only(s: &Schema) -> bool {
    s.type_.is_none() && is_nullable(s) && s.properties.is_none()
}

/// The schema, marked nullable.
fn nullable(mut s: Schema) -> Schema {
    s.extensions.insert("x-nullable".into(), Value::Bool(true));
    s
}

fn one(t: &SchemaType) -> Option<&str> {
    match t {
        SchemaType::One(s) => Some(s.as_str()),
        SchemaType::Many(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::to_json_string;
    use serde_json::json;

    fn infer_json(v: Value) -> Value {
        serde_json::from_str(&to_json_string(&infer_schema(&v)).unwrap()).unwrap()
    }

    #[test]
    fn infers_objects_arrays_numbers_and_formats() {
        let s = infer_json(
            json!({"id": 7, "big": 9_000_000_000_i64, "price": 1.5, "ok": true, "at": "2024-01-02T03:04:05Z",
            "day": "2024-01-02", "mail": "a@b.io", "site": "https://x.io", "uid": "123e4567-e89b-12d3-a456-426614174000",
            "gone": null, "tags": ["a", "b"], "empty": [], "nested": {"x": {}}}),
        );
        assert_eq!(s["type"], "object");
        let p = &s["properties"];
        assert_eq!(p["id"], json!({"type": "integer", "format": "int32"}));
        assert_eq!(p["big"]["format"], "int64");
        assert_eq!(p["price"], json!({"type": "number", "format": "double"}));
        assert_eq!(p["ok"]["type"], "boolean");
        assert_eq!(p["at"]["format"], "date-time");
        assert_eq!(p["day"]["format"], "date");
        assert_eq!(p["mail"]["format"], "email");
        assert_eq!(p["site"]["format"], "uri");
        assert_eq!(p["uid"]["format"], "uuid");
        assert_eq!(p["gone"], json!({"x-nullable": true}));
        assert_eq!(
            p["tags"],
            json!({"type": "array", "items": {"type": "string"}})
        );
        assert_eq!(p["empty"], json!({"type": "array", "items": {}}));
        assert_eq!(
            p["nested"]["properties"]["x"],
            json!({"type": "object", "properties": {}})
        );
    }

    #[test]
    fn array_items_are_merged_across_elements() {
        let s = infer_json(json!([{"a": 1}, {"a": 2.5, "b": "x"}, {"a": null}]));
        assert_eq!(
            s["items"]["properties"]["a"],
            json!({"type": "number", "format": "double", "x-nullable": true})
        );
        assert_eq!(s["items"]["properties"]["b"]["type"], "string");
        // Heterogeneous arrays have untyped items.
        assert_eq!(infer_json(json!([1, "a"]))["items"], json!({}));
    }

    fn to_value(s: &Schema) -> Value {
        serde_json::from_str(&to_json_string(s).unwrap()).unwrap()
    }

    #[test]
    fn merging_keeps_the_first_order_and_what_both_require() {
        let mut a = infer_schema(&json!({"id": 1, "name": "x", "big": 1, "tags": ["t"]}));
        a.required = Some(vec!["id".into(), "name".into()]);
        a.example = Some(Box::new(json!({"id": 1})));
        let mut b = infer_schema(
            &json!({"name": "y", "id": 1.5, "gone": null, "big": 9_000_000_000_i64, "tags": [1]}),
        );
        b.required = Some(vec!["name".into(), "gone".into()]);
        let m = to_value(&merge_schemas(a, b));
        let names: Vec<&str> = m["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(names, ["id", "name", "big", "tags", "gone"]);
        assert_eq!(
            m["properties"]["id"],
            json!({"type": "number", "format": "double"})
        );
        assert_eq!(
            m["properties"]["big"],
            json!({"type": "integer", "format": "int64"})
        );
        assert_eq!(
            m["properties"]["tags"],
            json!({"type": "array", "items": {}})
        );
        assert_eq!(m["properties"]["gone"], json!({"x-nullable": true}));
        assert_eq!(m["required"], json!(["name"]));
        assert!(m.get("example").is_none());
    }

    #[test]
    fn a_null_sample_only_makes_the_other_nullable() {
        let text = infer_schema(&json!({"a": "x"}));
        let null = infer_schema(&Value::Null);
        let expected =
            json!({"type": "object", "properties": {"a": {"type": "string"}}, "x-nullable": true});
        assert_eq!(
            to_value(&merge_schemas(null.clone(), text.clone())),
            expected
        );
        assert_eq!(to_value(&merge_schemas(text, null)), expected);
        let kinds = merge_schemas(infer_schema(&json!({"a": 1})), infer_schema(&json!([1])));
        assert_eq!(to_value(&kinds), json!({}));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut v = json!(1);
        for _ in 0..1000 {
            v = json!([v]);
        }
        let s = infer_schema(&v);
        let text = to_json_string(&s).unwrap();
        assert!(text.matches("items").count() <= MAX_INFER_DEPTH);
    }
}
