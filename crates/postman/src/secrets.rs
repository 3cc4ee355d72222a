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

    /// A copy of a sample with credential-named members blanked and secret values removed.
    pub fn scrub(&self, v: &Value) -> (Value, bool) {
        let mut changed = false;
        let out = self.scrub_inner(v, &mut changed);
        (out, changed)
    }

    fn scrub_inner(&self, v: &Value, changed: &mut bool) -> Value {
        match v {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| {
                        if is_credential_name(k)
                            && !matches!(
                                v,
                                Value::Object(_) | Value::Array(_) | Value::Null | Value::Bool(_)
                            )
                        {
                            *changed = true;
                            (k.clone(), Value::String(String::new()))
                        } else {
                            (k.clone(), self.scrub_inner(v, changed))
                        }
                    })
                    .collect(),
            ),
            Value::Array(items) => {
                Value::Array(items.iter().map(|i| self.scrub_inner(i, changed)).collect())
            }
            Value::String(s) if self.leaks(s) => {
                *changed = true;
                Value::String(String::new())
            }
            other => other.clone(),
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
        let (out, changed) = s.scrub(&json!({"password": "p", "note": "uses s3cr3t-value", "list": [{"token": 5}], "ok": "x"}));
        assert!(changed);
        assert_eq!(
            out,
            json!({"password": "", "note": "", "list": [{"token": ""}], "ok": "x"})
        );
    }
}
