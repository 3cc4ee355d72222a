//! A large JSON document read in two halves at once, on two threads.
//!
//! Reading the bytes into a `Value` is the one step of a conversion that cannot start before
//! the whole input is there, and on a large document it is a fifth of the conversion. The text
//! is cut at the first comma between two members (or two array elements) past its middle; the
//! open containers at that comma are found by a quick scan that only follows brackets and
//! strings.
//!
//! - **This thread** reads the text up to the cut, closed by the brackets still open there, as
//!   a whole document: it is valid exactly when the cut falls after a complete member.
//! - **The other thread** reads what follows the cut, member by member, closing each open
//!   container in turn: each member's value is read by the JSON parser on its own.
//!
//! The second half's members are then appended to the containers they belong to, in order.
//! Anything the two halves cannot settle between them (a syntax error, a key repeated across
//! the cut, nesting past the limit) gives `None`, and the caller reads the whole text in turn,
//! which reports it exactly as before: the result, or the error, never depends on the cut.

use std::cell::RefCell;

use serde::de::DeserializeSeed;
use serde_json::{Map, Value};

use super::{At, PARSER_DEPTH, ValueSeed};

/// Below this many bytes a document is read in turn: the thread and the scan cost more than
/// they save.
pub(super) const HALVES_MIN_BYTES: usize = 1 << 20;

/// The members of one container that follow the cut, read by the second thread.
enum Tail {
    Object(Map<String, Value>),
    Array(Vec<Value>),
}

/// `text` (a JSON document) read in two halves at once, cut near `cut_after`; `None` when the
/// halves cannot stand for the whole (the caller then reads it in turn).
pub(super) fn parse(text: &str, cut_after: usize, max_depth: usize) -> Option<Value> {
    let bytes = text.as_bytes();
    let (cut, open) = find_cut(bytes, cut_after)?;
    let (head, tails) = crate::beside(
        || parse_head(text, cut, &open, max_depth),
        || parse_tails(text, cut, &open, max_depth),
    );
    let tails = tails?;
    let mut root = head?;
    graft(&mut root, tails)?;
    Some(root)
}

/// The first comma at or after `from` that separates two members of a container, with the
/// containers open there (the root first; `true` for an object). `None` when there is none, or
/// when the nesting there is deeper than a document may be.
fn find_cut(bytes: &[u8], from: usize) -> Option<(usize, Vec<bool>)> {
    let mut open = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                i = string_end(bytes, i + 1)?;
                continue;
            }
            b'{' | b'[' if open.len() >= PARSER_DEPTH => return None,
            b'{' => open.push(true),
            b'[' => open.push(false),
            b'}' | b']' => {
                open.pop()?;
            }
            b',' if i >= from && !open.is_empty() => return Some((i, open)),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset just past the string whose first character (after its opening quote) is at
/// `from`; `None` when it is not closed.
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let found = i + memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?;
        if bytes.get(found) == Some(&b'"') {
            return Some(found + 1);
        }
        // A backslash: the character after it is escaped (a quote, or anything else).
        i = found + 2;
    }
}

/// The offset just past the value that starts at `from`, following only brackets and strings
/// (the parser checks the rest): a string, an object or array, or a scalar up to the next
/// delimiter.
fn value_end(bytes: &[u8], from: usize) -> Option<usize> {
    match bytes.get(from)? {
        b'"' => string_end(bytes, from + 1),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = from;
            while let Some(&b) = bytes.get(i) {
                match b {
                    b'"' => {
                        i = string_end(bytes, i + 1)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let rest = bytes.get(from..)?;
            let len = rest
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(rest.len());
            Some(from + len)
        }
    }
}

/// The offset of the first byte at or after `from` that is not JSON whitespace.
fn skip_blank(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    from + rest
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .unwrap_or(rest.len())
}

/// The text before the cut, closed by the brackets open there, read as a whole document.
fn parse_head(text: &str, cut: usize, open: &[bool], max_depth: usize) -> Option<Value> {
    let mut head = String::with_capacity(cut + open.len());
    head.push_str(text.get(..cut)?);
    head.extend(open.iter().rev().map(|&o| if o { '}' } else { ']' }));
    parse_value(&head, 0, max_depth)
}

/// The members after the cut, container by container from the innermost open one out to the
/// root (which must then end the text).
fn parse_tails(text: &str, cut: usize, open: &[bool], max_depth: usize) -> Option<Vec<Tail>> {
    let bytes = text.as_bytes();
    let mut i = cut;
    let mut tails = Vec::with_capacity(open.len());
    for (level, &object) in open.iter().enumerate().rev() {
        let mut tail = if object {
            Tail::Object(Map::new())
        } else {
            Tail::Array(Vec::new())
        };
        loop {
            i = skip_blank(bytes, i);
            match bytes.get(i)? {
                b',' => i = member(text, i + 1, level + 1, max_depth, &mut tail)?,
                b'}' if object => break,
                b']' if !object => break,
                _ => return None,
            }
        }
        i += 1;
        tails.push(tail);
    }
    (skip_blank(bytes, i) == bytes.len()).then_some(tails)
}

/// Reads the member that starts at `from` (after its comma) into `tail`, its value at nesting
/// `depth`; returns the offset just past it.
fn member(
    text: &str,
    from: usize,
    depth: usize,
    max_depth: usize,
    tail: &mut Tail,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = skip_blank(bytes, from);
    let key = match tail {
        Tail::Object(_) => {
            let end = (bytes.get(i) == Some(&b'"'))
                .then(|| string_end(bytes, i + 1))
                .flatten()?;
            let key: String = serde_json::from_str(text.get(i..end)?).ok()?;
            i = skip_blank(bytes, end);
            (bytes.get(i) == Some(&b':')).then_some(())?;
            i = skip_blank(bytes, i + 1);
            Some(key)
        }
        Tail::Array(_) => None,
    };
    let end = value_end(bytes, i)?;
    let value = parse_value(text.get(i..end)?, depth, max_depth)?;
    match (tail, key) {
        (Tail::Object(map), Some(key)) => {
            if map.contains_key(&key) {
                return None;
            }
            map.insert(key, value);
        }
        (Tail::Array(items), None) => items.push(value),
        _ => return None,
    }
    Some(end)
}

/// A value (one member's, or the head as a whole document at depth 0), read as the whole
/// document's reader would read it at `depth`.
fn parse_value(text: &str, depth: usize, max_depth: usize) -> Option<Value> {
    let state = RefCell::new(None);
    let seed = ValueSeed {
        yaml: false,
        at: At::Root,
        depth,
        max_depth,
        issue: &state,
        repeats: None,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let value = seed.deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(value)
}

/// Appends the tails (innermost first) to the containers open at the cut: the root's to the
/// root, and each deeper one to the last member of the one above it.
fn graft(container: &mut Value, mut tails: Vec<Tail>) -> Option<()> {
    let tail = tails.pop()?;
    if !tails.is_empty() {
        let last = match container {
            Value::Object(map) => map.values_mut().next_back(),
            Value::Array(items) => items.last_mut(),
            _ => None,
        }?;
        graft(last, tails)?;
    }
    match (container, tail) {
        (Value::Object(map), Tail::Object(members)) => {
            for (key, value) in members {
                if map.contains_key(&key) {
                    return None;
                }
                map.insert(key, value);
            }
        }
        (Value::Array(items), Tail::Array(more)) => items.extend(more),
        _ => return None,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole text read in turn, by the loader's own reader.
    fn in_turn(text: &str, max_depth: usize) -> Option<Value> {
        let state = RefCell::new(None);
        let seed = ValueSeed {
            yaml: false,
            at: At::Root,
            depth: 0,
            max_depth,
            issue: &state,
            repeats: None,
        };
        super::super::parse_json(text, seed, &state).ok()
    }

    /// What reading `text` gives, as compact text: `Value`'s equality ignores the order of
    /// members, which the halves must keep.
    fn text_of(value: Option<&Value>) -> Option<String> {
        value.map(Value::to_string)
    }

    /// Every cut of `text` either gives what reading it in turn gives, or nothing; returns how
    /// many cuts gave a value.
    fn every_cut_agrees(text: &str, max_depth: usize) -> usize {
        let whole = in_turn(text, max_depth);
        let mut halved = 0;
        for cut in 0..=text.len() {
            if let Some(v) = parse(text, cut, max_depth) {
                assert_eq!(Some(&v), whole.as_ref(), "cut after {cut} of {text}");
                assert_eq!(
                    text_of(Some(&v)),
                    text_of(whole.as_ref()),
                    "order, cut {cut}"
                );
                halved += 1;
            }
        }
        halved
    }

    const AWKWARD: &[&str] = &[
        r#"{"a": 1, "b": [true, false, null], "c": {"d": "e", "f": -1.5e3}}"#,
        r#"{"s": "a, b] } { [", "t": "quote \" and \\ , ]", "u": "\u00e9,\ud83d\ude00", "v": []}"#,
        "{\n\t\"x\" : [ 1 ,2 , [ 3, {\"y\": {}} ] ] ,\r\n \"z\":\"\\\\\" }  \n",
        r#"{"paths": {"/a": {"get": {"x": [1, 2]}}, "/b": {"post": {}}}, "components": {"s": 1}}"#,
        r#"{"k": 12345678901234567890, "f": 0.1, "n": [0, -0, 1E-7, 2.5e+300]}"#,
        r#"{"é": {"ü": ["ß", "中文", ""]}, "": ""}"#,
    ];

    #[test]
    fn every_cut_of_a_valid_document_reads_as_the_whole() {
        for text in AWKWARD {
            let halved = every_cut_agrees(text, PARSER_DEPTH);
            // Each has commas between members past its start, so some cuts are taken.
            assert!(halved > 0, "no cut was taken in {text}");
        }
    }

    #[test]
    fn a_flaw_anywhere_is_left_to_the_reading_in_turn() {
        let flawed = [
            // Syntax errors on either side of any cut.
            r#"{"a": 1, "b": [1, 2,], "c": 3}"#,
            r#"{"a": 1, "b": 2, "c": 3,}"#,
            r#"{"a": 1, "b": tru, "c": 3}"#,
            r#"{"a": 1, "b": "x" "c": 3}"#,
            r#"{"a": 1, "b": 2, "c" 3}"#,
            r#"{"a": 1, "b": 2, "c": 3} x"#,
            r#"{"a": 1, "b": 2, "c": 3}}"#,
            r#"{"a": [1, 2}, "b": 3}"#,
            r#"{"a": "unterminated, "b": 3}"#,
            "{\"a\": 1, \"b\": \"raw\ttab\", \"c\": 3}",
            // A key repeated across the cut, or within either side.
            r#"{"a": 1, "b": 2, "a": 3}"#,
            r#"{"a": {"x": 1, "y": 2, "x": 3}, "b": 4}"#,
        ];
        for text in flawed {
            assert!(in_turn(text, PARSER_DEPTH).is_none(), "{text} reads");
            for cut in 0..=text.len() {
                assert!(
                    parse(text, cut, PARSER_DEPTH).is_none(),
                    "cut {cut} of {text}"
                );
            }
        }
    }

    #[test]
    fn nesting_past_the_limit_is_left_to_the_reading_in_turn() {
        let text = r#"{"a": [1, [2, [3, [4, 5]]]], "b": {"c": {"d": {"e": [6, 7]}}}}"#;
        for max_depth in 1..5 {
            assert!(in_turn(text, max_depth).is_none());
            for cut in 0..=text.len() {
                assert!(
                    parse(text, cut, max_depth).is_none(),
                    "cut {cut}, limit {max_depth}"
                );
            }
        }
        assert!(every_cut_agrees(text, 5) > 0);
    }

    /// A small deterministic generator (no dependency): the same documents on every run.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, below: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % below.max(1)
        }

        fn blank(&mut self) -> &'static str {
            [" ", "", "\n  ", "\t", "\r\n"][self.next(5) as usize % 5]
        }

        fn value(&mut self, depth: usize, out: &mut String) {
            let kind = if depth > 5 {
                self.next(4)
            } else {
                self.next(7)
            };
            match kind {
                0 => out.push_str(["true", "false", "null"][self.next(3) as usize % 3]),
                1 => out.push_str(&format!("{}", self.next(100_000) as i64 - 50_000)),
                2 => out.push_str(["1.5", "-0.25e3", "7E-2", "0"][self.next(4) as usize % 4]),
                3 => {
                    let pieces = [
                        "a", ",", "]", "}", "{", "[", "\\\"", "\\\\", "\\n", ":", "é",
                    ];
                    out.push('"');
                    for _ in 0..self.next(5) {
                        out.push_str(
                            pieces[self.next(pieces.len() as u64) as usize % pieces.len()],
                        );
                    }
                    out.push('"');
                }
                4 | 5 => {
                    out.push('{');
                    let n = self.next(5);
                    for i in 0..n {
                        if i > 0 {
                            out.push(',');
                        }
                        out.push_str(self.blank());
                        out.push_str(&format!("\"k{i}\"{}:", self.blank()));
                        self.value(depth + 1, out);
                        out.push_str(self.blank());
                    }
                    out.push('}');
                }
                _ => {
                    out.push('[');
                    let n = self.next(5);
                    for i in 0..n {
                        if i > 0 {
                            out.push_str(self.blank());
                            out.push(',');
                        }
                        self.value(depth + 1, out);
                    }
                    out.push(']');
                }
            }
        }
    }

    #[test]
    fn every_cut_of_generated_and_damaged_documents_agrees_with_the_whole() {
        let mut rng = Lcg(0x5eed);
        let mut taken = 0;
        for _ in 0..300 {
            let mut text = String::from("{\"root\": 0");
            for i in 0..rng.next(4) {
                text.push_str(&format!(",{}\"m{i}\": ", rng.blank()));
                rng.value(1, &mut text);
            }
            text.push('}');
            taken += every_cut_agrees(&text, PARSER_DEPTH);
            // The same document with one byte changed, dropped or doubled.
            let bytes = text.as_bytes();
            let at = rng.next(bytes.len() as u64) as usize;
            let mut damaged = bytes.to_vec();
            match rng.next(3) {
                0 => damaged[at] = b",]}{[\":x 1"[rng.next(10) as usize % 10],
                1 => {
                    damaged.remove(at);
                }
                _ => damaged.insert(at, damaged[at]),
            }
            if let Ok(damaged) = String::from_utf8(damaged) {
                every_cut_agrees(&damaged, PARSER_DEPTH);
            }
        }
        assert!(taken > 1_000, "only {taken} cuts were taken");
    }

    #[test]
    fn a_large_document_loads_in_halves_as_in_turn() {
        let mut text = String::from("{\"paths\": {");
        for i in 0..30_000 {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&format!(
                "\n  \"/items/{i}\": {{\"get\": {{\"summary\": \"Item, number {i} [x]\", \"n\": [{i}, 1.5]}}}}"
            ));
        }
        text.push_str("}, \"components\": {\"a\": {\"b\": true}}}");
        assert!(text.len() >= HALVES_MIN_BYTES);
        let loaded = crate::load_document(text.as_bytes(), &crate::Limits::default());
        assert_eq!(loaded.ok().map(|(v, _)| v), in_turn(&text, PARSER_DEPTH));
        assert!(parse(&text, text.len() / 2, PARSER_DEPTH).is_some());
        // A key repeated across the middle is reported as reading in turn reports it.
        let repeated = text.replacen("\"components\"", "\"paths\"", 1);
        let error = crate::load_document(repeated.as_bytes(), &crate::Limits::default());
        match error {
            Err(crate::LoadError::DuplicateKey { key, pointer, .. }) => {
                assert_eq!((key.as_str(), pointer.as_str()), ("paths", "/"));
            }
            other => panic!("expected a duplicate key, got {other:?}"),
        }
    }
}
