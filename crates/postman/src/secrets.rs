//! Keeping credentials out of the output: names that mark a credential, the set of secret
//! values seen in a collection, and scrubbing of sample bodies.

use connector_core::collections::HashSet;

use serde_json::Value;

/// Whether a parameter, header, field or variable name marks a credential.
///
/// Called for every member name of every sample body, so it looks for the marks in one pass
/// over the name's letters and digits (those starting with the letter at hand) instead of
/// searching for each mark in turn. `authorization` is not a mark of its own: `auth` finds it.
pub fn is_credential_name(name: &str) -> bool {
    let letters = || {
        name.bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase())
    };
    // Names are short: their letters go on the stack (a heap string each was a third of
    // the cost).
    let mut small = [0u8; 64];
    let large: Vec<u8>;
    let n: &[u8] = if name.len() <= small.len() {
        let mut len = 0;
        for (slot, b) in small.iter_mut().zip(letters()) {
            *slot = b;
            len += 1;
        }
        small.get(..len).unwrap_or_default()
    } else {
        large = letters().collect();
        &large
    };
    let marked = (0..n.len())
        .filter_map(|i| n.get(i..))
        .any(|rest| marks_from(rest.first()).iter().any(|m| rest.starts_with(m)));
    let contains = |m: &[u8]| n.windows(m.len()).any(|w| w == m);
    marked || n == b"key" || n.ends_with(b"key") && contains(b"api")
}

/// The marks of a credential that start with `first` (lower case).
fn marks_from(first: Option<&u8>) -> &'static [&'static [u8]] {
    match first {
        Some(b'p') => &[b"password", b"passwd", b"pwd", b"privatekey"],
        Some(b's') => &[b"secret", b"signature", b"sessionid"],
        Some(b't') => &[b"token"],
        Some(b'a') => &[b"apikey", b"accesskey", b"auth"],
        Some(b'c') => &[b"credential", b"cookie", b"clientsecret"],
        Some(b'b') => &[b"bearer"],
        _ => &[],
    }
}

/// Secret values found in a collection; none of them may reach the output.
#[derive(Debug, Default, Clone)]
pub struct Secrets {
    values: HashSet<String>,
}

impl Secrets {
    /// Remembers a secret value (blank values and bare `{{variable}}` references are ignored).
    pub fn add(&mut self, value: &str) {
        let v = value.trim();
        if v.len() >= 3
            && !(v.starts_with("{{")
                && v.ends_with("}}")
                && !v.get(2..v.len() - 2).unwrap_or_default().contains("{{"))
        {
            self.values.insert(v.to_owned());
            // "Bearer <token>" style values: the token alone is secret too.
            if let Some((_, rest)) = v.split_once(' ') {
                if rest.trim().len() >= 3 {
                    self.values.insert(rest.trim().to_owned());
                }
            }
        }
    }

    /// Whether a text contains any secret value.
    pub fn leaks(&self, text: &str) -> bool {
        self.values.iter().any(|s| text.contains(s.as_str()))
    }

    /// The sample with credential-named members blanked and secret values removed, and
    /// whether anything was. Done in place: samples can be large, and a copy of each was a
    /// tenth of a collection's conversion.
    pub fn scrub(&self, mut v: Value) -> (Value, bool) {
        let mut changed = false;
        self.scrub_in_place(&mut v, &mut changed);
        (v, changed)
    }

    fn scrub_in_place(&self, v: &mut Value, changed: &mut bool) {
        match v {
            Value::Object(map) => {
                for (k, member) in map.iter_mut() {
                    let scalar = !matches!(
                        member,
                        Value::Object(_) | Value::Array(_) | Value::Null | Value::Bool(_)
                    );
                    if scalar && is_credential_name(k) {
                        *changed = true;
                        *member = Value::String(String::new());
                    } else {
                        self.scrub_in_place(member, changed);
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.scrub_in_place(item, changed);
                }
            }
            Value::String(text) if self.leaks(text) => {
                *changed = true;
                text.clear();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn credential_names() {
        for n in [
            "password",
            "client_secret",
            "X-API-Key",
            "apiKey",
            "access_token",
            "Authorization",
            "key",
        ] {
            assert!(is_credential_name(n), "{n}");
        }
        for n in ["name", "page", "keyword", "monkey_count"] {
            assert!(!is_credential_name(n), "{n}");
        }
    }

    #[test]
    fn the_one_pass_search_finds_what_a_search_per_mark_finds() {
        // The search as first written: each mark looked for in turn.
        fn per_mark(name: &str) -> bool {
            let n: String = name
                .to_ascii_lowercase()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect();
            let marks = [
                "password",
                "passwd",
                "pwd",
                "secret",
                "token",
                "apikey",
                "accesskey",
                "authorization",
                "auth",
                "credential",
                "privatekey",
                "signature",
                "sessionid",
                "cookie",
                "clientsecret",
                "bearer",
            ];
            marks.iter().any(|m| n.contains(m))
                || n == "key"
                || n.ends_with("key") && n.contains("api")
        }
        let names = [
            "",
            "k",
            "key",
            "KEY",
            "my-key",
            "api_version_key",
            "apikey",
            "x-Api-Key",
            "keyapi",
            "Pass-Word",
            "p\u{e9}wd",
            "p\u{e9}assword",
            "ses\u{f6}sionid",
            "sessionId",
            "Cookie2",
            "set_cookie",
            "auth",
            "author",
            "oauth2",
            "AUTHORIZATION",
            "bearer_format",
            "secrets",
            "to ken",
            "tok",
            "privateKey",
            "private",
            "signatures",
            "credentials",
            "id",
            "url",
            "client.secret",
            "accessKeyId",
            "monkey",
            "api",
            "apis_key",
            "\u{1f511}key",
        ];
        let long = [
            "a_very_long_field_name_that_goes_on_and_on_well_past_sixty_four_bytes_api_key",
            "a_very_long_field_name_that_goes_on_and_on_well_past_sixty_four_bytes_in_all",
        ];
        for n in names.into_iter().chain(long) {
            assert_eq!(is_credential_name(n), per_mark(n), "{n:?}");
        }
        assert!(is_credential_name(long[0]) && !is_credential_name(long[1]));
    }

    #[test]
    fn scrub_blanks_credentials_and_known_values() {
        let mut s = Secrets::default();
        s.add("Bearer s3cr3t-value");
        let (out, changed) = s.scrub(json!({"password": "p", "note": "uses s3cr3t-value", "list": [{"token": 5}], "ok": "x"}));
        assert!(changed);
        assert_eq!(
            out,
            json!({"password": "", "note": "", "list": [{"token": ""}], "ok": "x"})
        );
    }
}
