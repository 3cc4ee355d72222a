//! Keeping credentials out of the output: names that mark a credential, the set of secret
//! values seen in a collection, and scrubbing of sample bodies.

use std::collections::HashSet;

use serde_json::Value;

/// Whether a parameter, header, field or variable name marks a credential.
pub fn is_credential_name(name: &str) -> bool {
    let n: String = name
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    const MARKS: &[&str] = &[
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
    MARKS.iter().any(|m| n.contains(m)) || n == "key" || n.ends_with("key") && n.contains("api")
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
