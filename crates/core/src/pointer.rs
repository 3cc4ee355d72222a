//! RFC 6901 JSON pointers, built segment by segment while walking a document.

use std::borrow::Cow;
use std::fmt;

use serde_json::Value;

/// A JSON pointer (RFC 6901) into an input document, such as `/paths/~1pets/get`.
///
/// The empty pointer designates the whole document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

/// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
pub fn escape_token(token: &str) -> String {
    let mut s = String::with_capacity(token.len());
    push_escaped(&mut s, token);
    s
}

/// Appends `token` to `s`, escaped as [`escape_token`] does.
fn push_escaped(s: &mut String, token: &str) {
    // Walks push a token for every node; a byte scan is several times faster than a search
    // for either of two chars.
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        s.push_str(token);
        return;
    }
    // Path templates hold several `/`: the runs between them are copied whole.
    s.reserve(token.len() + 4);
    let mut run = 0;
    for (i, b) in token.bytes().enumerate() {
        let escaped = match b {
            b'~' => "~0",
            b'/' => "~1",
            _ => continue,
        };
        s.push_str(token.get(run..i).unwrap_or_default());
        s.push_str(escaped);
        run = i + 1;
    }
    s.push_str(token.get(run..).unwrap_or_default());
}

/// Undoes [`escape_token`]: `~1` becomes `/` and `~0` becomes `~`.
pub fn unescape_token(token: &str) -> String {
    // One pass (two `replace` calls searched and copied the token twice; long path
    // templates are looked up in every reference into `paths`).
    let mut out = String::with_capacity(token.len());
    let mut rest = token;
    while let Some(i) = rest.find('~') {
        out.push_str(rest.get(..i).unwrap_or_default());
        let (decoded, skip) = match rest.as_bytes().get(i + 1) {
            Some(b'1') => ('/', 2),
            Some(b'0') => ('~', 2),
            _ => ('~', 1),
        };
        out.push(decoded);
        rest = rest.get(i + skip..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// Percent-decodes the fragment of a `$ref` (`#/paths/~1a~1%7Bid%7D` names `/a/{id}`), as
/// URI fragments may encode the characters of a JSON pointer. Returns `None` when the
/// fragment holds no escape or does not decode to UTF-8.
pub fn percent_decode(fragment: &str) -> Option<String> {
    if !fragment.contains('%') {
        return None;
    }
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |j: usize| bytes.get(j).and_then(|c| (*c as char).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The value `pointer` (an escaped JSON pointer such as `/components/schemas/Pet`) names in
/// `doc`: what `serde_json::Value::pointer` returns, without building a string for each token
/// (only tokens holding `~` are unescaped into one). Array indexes are written in decimal,
/// without sign or leading zero.
pub fn lookup<'v>(doc: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(doc);
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/').try_fold(doc, |target, token| {
        let token = if token.contains('~') {
            Cow::Owned(unescape_token(token))
        } else {
            Cow::Borrowed(token)
        };
        match target {
            Value::Object(map) => map.get(token.as_ref()),
            Value::Array(list) => array_index(&token).and_then(|i| list.get(i)),
            _ => None,
        }
    })
}

/// A pointer token as an array index: decimal digits, `0` or not starting with `0`.
fn array_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

/// What a local `$ref` (`#/...`) names in `doc`, with the JSON pointer that reached it: the
/// fragment as written, or its percent-decoded form when only that one resolves.
pub fn local_target<'r, 'v>(
    doc: &'v Value,
    reference: &'r str,
) -> Option<(Cow<'r, str>, &'v Value)> {
    let fragment = reference.strip_prefix('#')?;
    if let Some(v) = lookup(doc, fragment) {
        return Some((Cow::Borrowed(fragment), v));
    }
    let decoded = percent_decode(fragment)?;
    let v = lookup(doc, &decoded)?;
    Some((Cow::Owned(decoded), v))
}

impl Pointer {
    /// The pointer to the whole document.
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// Parses an already escaped pointer such as `/components/schemas/Pet`.
    pub fn parse(escaped: &str) -> Self {
        Pointer(escaped.to_owned())
    }

    /// A new pointer with one more (unescaped) token appended.
    pub fn push(&self, token: impl AsRef<str>) -> Self {
        // Built in one allocation: pointers are made for every node the walkers visit.
        let token = token.as_ref();
        let mut p = Pointer(String::with_capacity(self.0.len() + token.len() + 1));
        p.0.push_str(&self.0);
        p.push_in_place(token);
        p
    }

    /// A new pointer with an array index appended.
    pub fn index(&self, index: usize) -> Self {
        let mut p = Pointer(String::with_capacity(self.0.len() + 8));
        p.0.push_str(&self.0);
        p.index_in_place(index);
        p
    }

    /// Appends one (unescaped) token in place and returns the length to [`truncate`] back
    /// to: a walk can reuse one pointer for every node instead of allocating one per node.
    ///
    /// [`truncate`]: Pointer::truncate
    pub fn push_in_place(&mut self, token: &str) -> usize {
        let len = self.0.len();
        self.0.push('/');
        push_escaped(&mut self.0, token);
        len
    }

    /// Appends an array index in place and returns the length to truncate back to.
    pub fn index_in_place(&mut self, index: usize) -> usize {
        use std::fmt::Write;
        let len = self.0.len();
        let _ = write!(self.0, "/{index}");
        len
    }

    /// Cuts the pointer back to `len` bytes (a length returned by [`push_in_place`] or
    /// [`index_in_place`]; other lengths may cut a token in half).
    ///
    /// [`push_in_place`]: Pointer::push_in_place
    /// [`index_in_place`]: Pointer::index_in_place
    pub fn truncate(&mut self, len: usize) {
        if self.0.is_char_boundary(len) {
            self.0.truncate(len);
        }
    }

    /// The escaped pointer text (empty for the root).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(p: Pointer) -> String {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_what_serde_json_finds() {
        let doc = serde_json::json!({"": {"a/b": [10, {"m~n": true}], "~1": 1, "~01": 2},
            "paths": {"/pets/{id}": {"get": {"x": null}}}, "list": [0, 1, 2]});
        for p in [
            "",
            "/",
            "//a~1b",
            "//a~1b/0",
            "//a~1b/1/m~0n",
            "//~01",
            "//~001",
            "/paths/~1pets~1{id}/get",
            "/paths/~1pets~1{id}/get/x",
            "/list/0",
            "/list/2",
            "/list/3",
            "/list/00",
            "/list/01",
            "/list/+1",
            "/list/-1",
            "/list/1/deeper",
            "/list/",
            "paths",
            "/nothing",
            "/paths/~2",
            "/list/18446744073709551616",
        ] {
            assert_eq!(lookup(&doc, p), doc.pointer(p), "{p:?}");
        }
        assert_eq!(lookup(&doc, "/list/2"), Some(&serde_json::json!(2)));
    }

    #[test]
    fn unescaping_in_one_pass_matches_replacing_twice() {
        for t in [
            "",
            "~",
            "~~",
            "~0",
            "~1",
            "~01",
            "~10",
            "~~1",
            "~~01",
            "~0~1",
            "~2",
            "a~",
            "~a",
            "é~1ü~0",
            "~1pets~1{id}",
            "plain",
            "x~0~0~1~1y",
            "~~~",
            "1~",
            "0~",
        ] {
            assert_eq!(
                unescape_token(t),
                t.replace("~1", "/").replace("~0", "~"),
                "{t:?}"
            );
        }
    }

    #[test]
    fn escapes_tilde_and_slash() {
        let p = Pointer::root().push("paths").push("/pets/{id}").push("a~b");
        assert_eq!(p.as_str(), "/paths/~1pets~1{id}/a~0b");
        let q = Pointer::root().push("é/~/ü~").push("/").push("");
        assert_eq!(q.as_str(), "/é~1~0~1ü~0/~1/");
        assert_eq!(unescape_token("é~1~0~1ü~0"), "é/~/ü~");
    }

    #[test]
    fn in_place_pushes_match_new_pointers_and_truncate_back() {
        let mut p = Pointer::root().push("definitions");
        let a = p.push_in_place("a/b");
        let b = p.index_in_place(3);
        assert_eq!(p, Pointer::root().push("definitions").push("a/b").index(3));
        p.truncate(b);
        assert_eq!(p.as_str(), "/definitions/a~1b");
        p.truncate(a);
        assert_eq!(p.as_str(), "/definitions");
    }

    #[test]
    fn pointer_resolves_with_serde_json() {
        let v = serde_json::json!({"paths": {"/a": {"get": [1, 2]}}});
        let p = Pointer::root()
            .push("paths")
            .push("/a")
            .push("get")
            .index(1);
        assert_eq!(v.pointer(p.as_str()), Some(&serde_json::json!(2)));
    }

    #[test]
    fn percent_escapes_in_fragments_decode() {
        assert_eq!(
            percent_decode("/paths/~1a~1%7Bid%7D/get").as_deref(),
            Some("/paths/~1a~1{id}/get")
        );
        assert_eq!(percent_decode("/no/escapes"), None);
        // A stray % stays; bytes that are not UTF-8 give nothing.
        assert_eq!(percent_decode("/a%/b%zz").as_deref(), Some("/a%/b%zz"));
        assert_eq!(percent_decode("/%ff"), None);
        let doc = serde_json::json!({"paths": {"/a/{id}": {"get": 1}}});
        let (at, v) = local_target(&doc, "#/paths/~1a~1%7Bid%7D/get").unwrap();
        assert_eq!(
            (at.as_ref(), v),
            ("/paths/~1a~1{id}/get", &serde_json::json!(1))
        );
        assert!(local_target(&doc, "/paths").is_none());
    }
}
