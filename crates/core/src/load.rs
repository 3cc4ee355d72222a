//! The only place that touches JSON and YAML syntax: bytes in, a `serde_json::Value` out.
//!
//! Duplicate keys are an error here (neither first- nor last-wins): two values for one key
//! mean the author's intent is unknown, and other tools disagree on which one counts.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::Pointer;

#[cfg(not(target_arch = "wasm32"))]
mod halves;

/// Resource limits applied while loading a document.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest accepted input, in bytes (default 64 MiB).
    pub max_input_bytes: usize,
    /// Deepest accepted nesting of arrays and objects (default 126, just under the parsers'
    /// own ceiling of 128; a larger value acts as 126).
    pub max_depth: usize,
    /// Longest accepted chain of `$ref`s, each naming another `$ref`, within the document or
    /// across files (default 64). A cycle is cut where it closes and reported, unless it is
    /// longer than this.
    pub max_ref_hops: usize,
    /// Most schema objects a document may hold, named and inline (default 500,000; the
    /// largest real specifications seen hold about 120,000).
    pub max_schemas: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 64 * 1024 * 1024,
            max_depth: PARSER_DEPTH,
            max_ref_hops: 64,
            max_schemas: 500_000,
        }
    }
}

impl Limits {
    /// These limits with another maximum input size.
    pub fn with_max_input_bytes(mut self, n: usize) -> Self {
        self.max_input_bytes = n;
        self
    }
    /// These limits with another maximum nesting depth (at most 126 is honoured).
    pub fn with_max_depth(mut self, n: usize) -> Self {
        self.max_depth = n;
        self
    }
    /// These limits with another maximum `$ref` chain length.
    pub fn with_max_ref_hops(mut self, n: usize) -> Self {
        self.max_ref_hops = n;
        self
    }
    /// These limits with another maximum schema count.
    pub fn with_max_schemas(mut self, n: usize) -> Self {
        self.max_schemas = n;
        self
    }
}

/// The syntax an input was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// JSON (the input starts with `{` or `[`).
    Json,
    /// YAML 1.2 (anything else).
    Yaml,
}

impl fmt::Display for Syntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Syntax::Json => "JSON",
            Syntax::Yaml => "YAML",
        })
    }
}

/// Why an input could not be read into a document.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadError {
    /// The input holds nothing but white space.
    #[error("the input is empty")]
    Empty,
    /// The input is larger than [`Limits::max_input_bytes`].
    #[error(
        "the input is {size} bytes, more than the limit of {limit} bytes (raise Limits::max_input_bytes / --max-input-bytes)"
    )]
    TooLarge {
        /// Input size in bytes.
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The bytes are not UTF-8 (or UTF-16 with a byte-order mark) text.
    #[error("the input is not UTF-8 text: {message}")]
    Encoding {
        /// What was wrong.
        message: String,
    },
    /// A JSON or YAML syntax error.
    #[error("invalid {syntax}{}: {message}", location(*line, *column))]
    Syntax {
        /// The syntax the input was read as.
        syntax: Syntax,
        /// 1-based line, when the parser knows it.
        line: Option<usize>,
        /// 1-based column, when the parser knows it.
        column: Option<usize>,
        /// The parser's message.
        message: String,
    },
    /// The same key appears twice in one object.
    #[error("duplicate key `{key}` in the object at {pointer}{}", location(*line, *column))]
    DuplicateKey {
        /// The repeated key.
        key: String,
        /// JSON pointer of the object holding it (`/` for the root).
        pointer: String,
        /// 1-based line, when the parser knows it.
        line: Option<usize>,
        /// 1-based column, when the parser knows it.
        column: Option<usize>,
    },
    /// Nesting deeper than [`Limits::max_depth`].
    #[error("the document nests deeper than {limit} levels at {pointer}{} (raise Limits::max_depth / --max-depth, at most 126)", location(*line, *column))]
    TooDeep {
        /// The limit in force.
        limit: usize,
        /// Where the limit was crossed.
        pointer: String,
        /// 1-based line, when the parser knows it.
        line: Option<usize>,
        /// 1-based column, when the parser knows it.
        column: Option<usize>,
    },
    /// YAML aliases expand past the YAML reader's fixed repetition limit, as in a "billion
    /// laughs" document; the reader stops before expanding them.
    #[error("the YAML aliases{} expand past the YAML reader's fixed limit (a \"billion laughs\" document); this limit cannot be raised: write the repeated parts out in the source", location(*line, *column))]
    AliasExpansion {
        /// 1-based line, when the parser knows it.
        line: Option<usize>,
        /// 1-based column, when the parser knows it.
        column: Option<usize>,
    },
    /// The document is valid but its root is not an object.
    #[error("the document's root is {found}, not an object")]
    NotAnObject {
        /// What the root is ("an array", "a string", ...).
        found: &'static str,
    },
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" at line {l}, column {c}"),
        (Some(l), None) => format!(" at line {l}"),
        _ => String::new(),
    }
}

impl LoadError {
    /// The 1-based (line, column) of the problem, when known.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            LoadError::Syntax { line, column, .. }
            | LoadError::DuplicateKey { line, column, .. }
            | LoadError::TooDeep { line, column, .. }
            | LoadError::AliasExpansion { line, column } => Some(((*line)?, column.unwrap_or(1))),
            _ => None,
        }
    }
}

/// Reads JSON or YAML bytes into a JSON value, enforcing `limits`.
///
/// A UTF-8 byte-order mark is skipped; UTF-16 input with a byte-order mark is decoded.
/// JSON is recognised by its first non-blank character (`{` or `[`); everything else is
/// read as YAML 1.2 (so `yes` stays a string). Duplicate keys and over-deep nesting are
/// errors; YAML alias expansion is bounded by the YAML reader.
pub fn load_document(bytes: &[u8], limits: &Limits) -> Result<(Value, Syntax), LoadError> {
    load(bytes, limits, None)
}

/// A key that appeared more than once in one object, read by [`load_document_last_wins`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepeatedKey {
    /// The repeated key.
    pub key: String,
    /// JSON pointer of the object holding it (`/` for the root).
    pub pointer: String,
}

/// Like [`load_document`], but a repeated key is no error: its last value is kept, as the
/// platform does when it imports a connector, and every repeat is returned so a checker can
/// report it. Meant for checking files as written; a conversion keeps duplicates an error.
pub fn load_document_last_wins(
    bytes: &[u8],
    limits: &Limits,
) -> Result<(Value, Syntax, Vec<RepeatedKey>), LoadError> {
    let repeats = RefCell::new(Vec::new());
    let (value, syntax) = load(bytes, limits, Some(&repeats))?;
    let repeats = repeats.take();
    Ok((value, syntax, repeats))
}

fn load(
    bytes: &[u8],
    limits: &Limits,
    repeats: Option<&RefCell<Vec<RepeatedKey>>>,
) -> Result<(Value, Syntax), LoadError> {
    if bytes.len() > limits.max_input_bytes {
        return Err(LoadError::TooLarge {
            size: bytes.len(),
            limit: limits.max_input_bytes,
        });
    }
    let text = decode(bytes)?;
    let Some(first) = text.trim_start().chars().next() else {
        return Err(LoadError::Empty);
    };
    let state = RefCell::new(None);
    let is_json = first == '{' || first == '[';
    let seed = ValueSeed {
        yaml: !is_json,
        at: At::Root,
        depth: 0,
        max_depth: limits.max_depth,
        issue: &state,
        repeats,
    };
    let (value, syntax) = if is_json {
        let halves = repeats
            .is_none()
            .then(|| read_in_halves(&text, limits))
            .flatten();
        match halves {
            Some(value) => (value, Syntax::Json),
            None => (parse_json(&text, seed, &state)?, Syntax::Json),
        }
    } else {
        (parse_yaml(&text, seed, &state)?, Syntax::Yaml)
    };
    match &value {
        Value::Object(_) => Ok((value, syntax)),
        Value::Array(_) => Err(LoadError::NotAnObject { found: "an array" }),
        Value::String(_) => Err(LoadError::NotAnObject { found: "a string" }),
        Value::Number(_) => Err(LoadError::NotAnObject { found: "a number" }),
        Value::Bool(_) => Err(LoadError::NotAnObject { found: "a boolean" }),
        Value::Null => Err(LoadError::Empty),
    }
}

/// A large JSON document read in two halves at once (see `halves.rs`); `None` when it is
/// small, or when it must be read in turn, which then reports what it finds as always.
#[cfg(not(target_arch = "wasm32"))]
fn read_in_halves(text: &str, limits: &Limits) -> Option<Value> {
    (text.len() >= halves::HALVES_MIN_BYTES)
        .then(|| halves::parse(text, text.len() / 2, limits.max_depth))
        .flatten()
}

/// Within WebAssembly a document is always read in turn, on its one thread.
#[cfg(target_arch = "wasm32")]
fn read_in_halves(_: &str, _: &Limits) -> Option<Value> {
    None
}

/// For the fuzz targets only (`--cfg fuzzing`): `text` read in two halves cut near
/// `cut_after` (see `halves.rs`), whatever its size; `None` where the loader would read it in
/// turn.
#[cfg(all(fuzzing, not(target_arch = "wasm32")))]
pub fn json_in_halves(text: &str, cut_after: usize, max_depth: usize) -> Option<Value> {
    halves::parse(text, cut_after, max_depth)
}

/// The document read as JSON; a syntax error names its line and column, or the finding the
/// reader made (a duplicate key, too deep).
fn parse_json(
    text: &str,
    seed: ValueSeed<'_>,
    state: &RefCell<Option<Issue>>,
) -> Result<Value, LoadError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let result = seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    result.map_err(|e| {
        let (line, column) = (Some(e.line()), Some(e.column()));
        let mut message = strip_position(&e.to_string());
        if message.contains("recursion limit exceeded") {
            message.push_str(
                " (the document nests deeper than 128 levels, the most the JSON parser allows)",
            );
        }
        issue_or(state, line, column, || LoadError::Syntax {
            syntax: Syntax::Json,
            line,
            column,
            message,
        })
    })
}

/// The document read as YAML, its errors as [`parse_json`]'s, and an alias expanded past the
/// reader's limit its own error.
fn parse_yaml(
    text: &str,
    seed: ValueSeed<'_>,
    state: &RefCell<Option<Issue>>,
) -> Result<Value, LoadError> {
    let de = serde_yaml::Deserializer::from_str(text);
    seed.deserialize(de).map_err(|e| {
        let loc = e.location();
        let (line, column) = (loc.as_ref().map(|l| l.line()), loc.map(|l| l.column()));
        let mut message = strip_position(&e.to_string());
        if message.contains("repetition limit exceeded") {
            return LoadError::AliasExpansion { line, column };
        } else if message.contains("recursion limit exceeded") {
            message.push_str(" (the document nests deeper than the YAML reader allows)");
        }
        let error = issue_or(state, line, column, || LoadError::Syntax {
            syntax: Syntax::Yaml,
            line,
            column,
            message,
        });
        locate_yaml_duplicate(text, error)
    })
}

/// The text of the bytes: UTF-8, with or without a byte order mark, or UTF-16 with one.
fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, LoadError> {
    use std::borrow::Cow;
    Ok(match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => {
            Cow::Borrowed(std::str::from_utf8(rest).map_err(utf8_error)?)
        }
        [0xFF, 0xFE, rest @ ..] => Cow::Owned(decode_utf16(rest, u16::from_le_bytes)?),
        [0xFE, 0xFF, rest @ ..] => Cow::Owned(decode_utf16(rest, u16::from_be_bytes)?),
        _ => Cow::Borrowed(std::str::from_utf8(bytes).map_err(utf8_error)?),
    })
}

fn utf8_error(e: std::str::Utf8Error) -> LoadError {
    LoadError::Encoding {
        message: format!("invalid UTF-8 at byte {}", e.valid_up_to()),
    }
}

fn decode_utf16(bytes: &[u8], f: fn([u8; 2]) -> u16) -> Result<String, LoadError> {
    if bytes.len() % 2 != 0 {
        return Err(LoadError::Encoding {
            message: "UTF-16 input with an odd number of bytes".into(),
        });
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .filter_map(|c| <[u8; 2]>::try_from(c).ok())
        .map(f)
        .collect();
    String::from_utf16(&units).map_err(|_| LoadError::Encoding {
        message: "invalid UTF-16".into(),
    })
}

/// Removes the parser's own " at line X column Y" suffix (the location is kept apart).
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_owned(),
        None => message.to_owned(),
    }
}

/// The YAML reader places a duplicate-key error at the start of the mapping; in a block
/// mapping, the repeated key is the next line at the same indentation that holds the key.
/// Flow mappings (and keys written other ways) keep the reader's location.
fn locate_yaml_duplicate(text: &str, error: LoadError) -> LoadError {
    let LoadError::DuplicateKey {
        key,
        pointer,
        line: Some(line),
        column: Some(column),
    } = error
    else {
        return error;
    };
    let indent = column.saturating_sub(1);
    let is_key_line = |l: &str| {
        let Some(rest) = l.get(indent..) else {
            return false;
        };
        let head = l.get(..indent).unwrap_or_default();
        if !head.chars().all(|c| c == ' ' || c == '-') {
            return false;
        }
        [
            format!("{key}:"),
            format!("'{key}':"),
            format!("\"{key}\":"),
        ]
        .iter()
        .any(|k| rest.starts_with(k.as_str()))
    };
    let second = text
        .lines()
        .enumerate()
        .skip(line.saturating_sub(1))
        .filter(|(_, l)| is_key_line(l))
        .nth(1)
        .map(|(i, _)| i + 1);
    LoadError::DuplicateKey {
        key,
        pointer,
        line: Some(second.unwrap_or(line)),
        column: Some(column),
    }
}

fn issue_or(
    state: &RefCell<Option<Issue>>,
    line: Option<usize>,
    column: Option<usize>,
    otherwise: impl FnOnce() -> LoadError,
) -> LoadError {
    match state.borrow_mut().take() {
        Some(Issue::Duplicate { key, pointer }) => LoadError::DuplicateKey {
            key,
            pointer,
            line,
            column,
        },
        Some(Issue::TooDeep { limit, pointer }) => LoadError::TooDeep {
            limit,
            pointer,
            line,
            column,
        },
        None => otherwise(),
    }
}

enum Issue {
    Duplicate { key: String, pointer: String },
    TooDeep { limit: usize, pointer: String },
}

/// Builds a `Value` like serde_json's own, but reports duplicate keys and enforces depth.
struct ValueSeed<'p> {
    yaml: bool,
    at: At<'p>,
    depth: usize,
    max_depth: usize,
    issue: &'p RefCell<Option<Issue>>,
    /// Where repeated keys go when the last value wins; `None` makes a repeat an error.
    repeats: Option<&'p RefCell<Vec<RepeatedKey>>>,
}

/// Where the value being read sits, as a chain up to the root: written out as a pointer only
/// when a finding needs it (building one for every value read cost a string each).
#[derive(Clone, Copy)]
enum At<'p> {
    Root,
    Key(&'p At<'p>, &'p str),
    Index(&'p At<'p>, usize),
}

impl At<'_> {
    fn pointer(&self) -> Pointer {
        match self {
            At::Root => Pointer::root(),
            At::Key(parent, key) => parent.pointer().push(key),
            At::Index(parent, i) => parent.pointer().index(*i),
        }
    }
}

/// The deepest nesting both parsers accept (each stops at 128 levels).
const PARSER_DEPTH: usize = 126;

impl<'p> ValueSeed<'p> {
    fn child<'c>(&'c self, at: At<'c>) -> ValueSeed<'c> {
        ValueSeed {
            yaml: self.yaml,
            at,
            depth: self.depth + 1,
            max_depth: self.max_depth,
            issue: self.issue,
            repeats: self.repeats,
        }
    }

    fn enter<E: de::Error>(&self) -> Result<(), E> {
        // The parsers stop at their own ceiling without saying where; stopping just before it
        // gives the pointer.
        let limit = self.max_depth.min(PARSER_DEPTH);
        if self.depth >= limit {
            *self.issue.borrow_mut() = Some(Issue::TooDeep {
                limit,
                pointer: display_pointer(&self.at.pointer()),
            });
            return Err(E::custom("nesting limit exceeded"));
        }
        Ok(())
    }
}

fn display_pointer(p: &Pointer) -> String {
    if p.as_str().is_empty() {
        "/".into()
    } else {
        p.to_string()
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON-compatible value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| self_f64(v as f64), |i| Value::Number(i.into())))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| self_f64(v as f64), |i| Value::Number(i.into())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // YAML's .inf / .nan have no JSON form; keep their text rather than inventing a number.
        Ok(Number::from_f64(v).map_or_else(|| Value::String(v.to_string()), Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.enter()?;
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(v) = seq.next_element_seed(self.child(At::Index(&self.at, out.len())))? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.enter()?;
        let mut out = Map::new();
        let mut merges = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key == "<<" && self.yaml {
                // YAML merge key: its mappings fill in keys the object does not set itself.
                merges.push(map.next_value_seed(self.child(At::Key(&self.at, &key)))?);
                continue;
            }
            if out.contains_key(&key) {
                if let Some(repeats) = &self.repeats {
                    repeats.borrow_mut().push(RepeatedKey {
                        key: key.clone(),
                        pointer: display_pointer(&self.at.pointer()),
                    });
                    // The last value wins, in the place where it was written.
                    out.shift_remove(&key);
                    let v = map.next_value_seed(self.child(At::Key(&self.at, &key)))?;
                    out.insert(key, v);
                    continue;
                }
                *self.issue.borrow_mut() = Some(Issue::Duplicate {
                    key: key.clone(),
                    pointer: display_pointer(&self.at.pointer()),
                });
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            let v = map.next_value_seed(self.child(At::Key(&self.at, &key)))?;
            out.insert(key, v);
        }
        for merged in merges {
            let sources = match merged {
                Value::Array(items) => items,
                other => vec![other],
            };
            for source in sources {
                if let Value::Object(entries) = source {
                    for (k, v) in entries {
                        out.entry(k).or_insert(v);
                    }
                }
            }
        }
        Ok(Value::Object(out))
    }
}

/// A float as a JSON number (or its text when it has no JSON form).
fn self_f64(v: f64) -> Value {
    Number::from_f64(v).map_or_else(|| Value::String(v.to_string()), Value::Number)
}

/// Map keys: strings, and the scalars YAML allows as keys (`200:` becomes `"200"`).
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = String;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number or boolean map key")
    }
    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_i64<E>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_bool<E>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(s: &str) -> Result<Value, LoadError> {
        load_document(s.as_bytes(), &Limits::default()).map(|(v, _)| v)
    }

    #[test]
    fn json_and_yaml_give_the_same_value() {
        let a = load(r#"{"a": {"200": [1, "yes"]}}"#);
        let b = load("a:\n  200:\n    - 1\n    - yes\n");
        assert_eq!(a, b);
    }

    #[test]
    fn json_key_order_is_kept() {
        let v = load(r#"{"z": 1, "a": 2, "m": 3}"#).unwrap_or_default();
        let keys: Vec<_> = v
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["z", "a", "m"]);
    }

    #[test]
    fn last_wins_keeps_the_later_value_and_lists_each_repeat() {
        let text = "{\"a\": {\"b\": 1, \"c\": 0, \"b\": 2}, \"a2\": 1, \"a2\": 3}";
        let loaded = load_document_last_wins(text.as_bytes(), &Limits::default());
        let Ok((value, Syntax::Json, repeats)) = loaded else {
            panic!("not loaded: {loaded:?}");
        };
        assert_eq!(value, serde_json::json!({"a": {"c": 0, "b": 2}, "a2": 3}));
        let found: Vec<_> = repeats
            .iter()
            .map(|r| (r.key.as_str(), r.pointer.as_str()))
            .collect();
        assert_eq!(found, [("b", "/a"), ("a2", "/")]);
        // The strict reader still refuses the same text.
        assert!(matches!(load(text), Err(LoadError::DuplicateKey { .. })));
    }

    #[test]
    fn last_wins_reads_yaml_too() {
        let loaded = load_document_last_wins(b"a: 1\nb: 2\na: 3\n", &Limits::default());
        let Ok((value, Syntax::Yaml, repeats)) = loaded else {
            panic!("not loaded: {loaded:?}");
        };
        assert_eq!(value, serde_json::json!({"b": 2, "a": 3}));
        assert_eq!(repeats.len(), 1);
    }

    #[test]
    fn duplicate_json_key_is_an_error_with_pointer_and_line() {
        let e = load("{\"a\": {\n \"b\": 1,\n \"b\": 2}}");
        match e {
            Err(LoadError::DuplicateKey {
                key, pointer, line, ..
            }) => {
                assert_eq!(key, "b");
                assert_eq!(pointer, "/a");
                assert_eq!(line, Some(3));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn duplicate_yaml_key_is_an_error_at_the_repeated_key() {
        assert!(matches!(
            load("a: 1\nb: 2\na: 3\n"),
            Err(LoadError::DuplicateKey {
                line: Some(3),
                column: Some(1),
                ..
            })
        ));
        let nested = "openapi: 3.0.3\npaths:\n  /a: {}\n  /b:\n    get: {}\n  /a: {}\n";
        assert!(matches!(
            load(nested),
            Err(LoadError::DuplicateKey { line: Some(6), column: Some(3), ref pointer, .. }) if pointer == "/paths"
        ));
        // Quoted keys and keys inside a sequence item are found too.
        assert!(matches!(
            load("- x: 1\n  'y': 2\n  y: 3\n"),
            Err(LoadError::DuplicateKey { line: Some(3), .. })
        ));
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let e = load("{\n  \"a\": [1, 2,\n}");
        match e {
            Err(LoadError::Syntax {
                syntax: Syntax::Json,
                line,
                column,
                ..
            }) => {
                assert_eq!(line, Some(3));
                assert!(column.is_some());
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            load("a: [1, 2\nb: c"),
            Err(LoadError::Syntax {
                syntax: Syntax::Yaml,
                ..
            })
        ));
    }

    #[test]
    fn empty_and_non_object_inputs_are_refused() {
        assert_eq!(load(""), Err(LoadError::Empty));
        assert_eq!(load("  \n\t"), Err(LoadError::Empty));
        assert_eq!(
            load("[1]"),
            Err(LoadError::NotAnObject { found: "an array" })
        );
        assert_eq!(
            load("just text"),
            Err(LoadError::NotAnObject { found: "a string" })
        );
    }

    #[test]
    fn depth_limit_is_enforced_with_a_pointer() {
        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        let e = load_document(br#"{"a": {"b": {"c": {}}}}"#, &limits);
        assert!(
            matches!(e, Err(LoadError::TooDeep { limit: 3, ref pointer, .. }) if pointer == "/a/b/c")
        );
        let deep = "[".repeat(10_000);
        assert!(load(&deep).is_err());
    }

    #[test]
    fn yaml_merge_keys_fill_in_missing_keys() {
        let v = load("base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  b: 3\n").unwrap_or_default();
        assert_eq!(v["x"], serde_json::json!({"b": 3, "a": 1}));
        // In JSON, `<<` is an ordinary key.
        let j = load("{\"<<\": 1}").unwrap_or_default();
        assert_eq!(j["<<"], 1);
    }

    #[test]
    fn integers_beyond_64_bits_become_floats() {
        let v = load("a: -9223372036854775809\nb: 18446744073709551616\n").unwrap_or_default();
        assert!(v["a"].is_f64() && v["b"].is_f64());
    }

    #[test]
    fn size_limit_is_enforced() {
        let limits = Limits {
            max_input_bytes: 4,
            ..Limits::default()
        };
        assert!(matches!(
            load_document(b"{\"a\":1}", &limits),
            Err(LoadError::TooLarge { size: 7, limit: 4 })
        ));
    }

    #[test]
    fn byte_order_marks_are_handled() {
        assert!(load_document(b"\xEF\xBB\xBF{\"a\":1}", &Limits::default()).is_ok());
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("{\"a\":1}".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            load_document(&utf16, &Limits::default()).map(|x| x.0),
            load("{\"a\":1}")
        );
        assert!(matches!(
            load_document(b"\xff\x00\x12", &Limits::default()),
            Err(LoadError::Encoding { .. })
        ));
    }

    #[test]
    fn yaml_billion_laughs_fails_fast() {
        let mut doc = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        let mut prev = 'a';
        for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
            doc.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = name;
        }
        assert!(load(&doc).is_err());
    }
}
