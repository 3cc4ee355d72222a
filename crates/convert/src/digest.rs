//! A digest of diagnostics for people: every error on its own line, warnings as one line per
//! code (count, what the first one says, the first places, its help), infos as one line per
//! code.
//! A conversion of a large specification reports thousands of diagnostics; the digest keeps
//! what a person acts on in a screenful, and the full list stays available.

use std::fmt;

use connector_core::{Diagnostic, Severity};

/// How many places a warning group names before it counts the rest.
const PLACES_SHOWN: usize = 2;

/// Diagnostics summed up by severity and code, in the order each code first appeared.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Digest {
    /// Every error, in order.
    pub errors: Vec<Diagnostic>,
    /// Warnings by code.
    pub warnings: Vec<Group>,
    /// Infos by code.
    pub infos: Vec<Group>,
}

/// The diagnostics of one code and severity.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Group {
    /// The code.
    pub code: &'static str,
    /// How many diagnostics have it.
    pub count: usize,
    /// The first of them (its message and help stand for the group).
    pub first: Diagnostic,
    /// Where the first few are (`file#pointer` for checker findings).
    pub places: Vec<String>,
}

/// Sums up diagnostics (conversion diagnostics and checker findings alike) for people.
pub fn digest(diagnostics: &[Diagnostic]) -> Digest {
    let mut digest = Digest {
        errors: Vec::new(),
        warnings: Vec::new(),
        infos: Vec::new(),
    };
    for d in diagnostics {
        let groups = match d.severity {
            Severity::Error => {
                digest.errors.push(d.clone());
                continue;
            }
            Severity::Warning => &mut digest.warnings,
            Severity::Info => &mut digest.infos,
        };
        match groups.iter_mut().find(|g| g.code == d.code) {
            Some(g) => {
                g.count += 1;
                if g.places.len() < PLACES_SHOWN {
                    g.places.push(place(d));
                }
            }
            None => groups.push(Group {
                code: d.code,
                count: 1,
                first: d.clone(),
                places: vec![place(d)],
            }),
        }
    }
    digest
}

/// `file#pointer`, or the pointer (`/` for the root).
fn place(d: &Diagnostic) -> String {
    let at = if d.pointer.is_empty() {
        "/"
    } else {
        &d.pointer
    };
    match d.file {
        Some(file) => format!("{file}#{at}"),
        None => at.to_owned(),
    }
}

impl Digest {
    /// The digest as lines of text; `color` adds ANSI colours to the severities.
    pub fn render(&self, color: bool) -> String {
        let paint = |severity: Severity| -> String {
            let name = severity.as_str();
            if !color {
                return name.to_owned();
            }
            let code = match severity {
                Severity::Error => "1;31",
                Severity::Warning => "1;33",
                Severity::Info => "36",
            };
            format!("\x1b[{code}m{name}\x1b[0m")
        };
        let mut out = String::new();
        for e in &self.errors {
            let text = e.to_string();
            let rest = text.strip_prefix("error").unwrap_or(&text);
            out.push_str(&format!("{}{rest}\n", paint(Severity::Error)));
        }
        let head = |severity: Severity, g: &Group| {
            format!(
                "{}[{}] ×{}: {}",
                paint(severity),
                g.code,
                g.count,
                g.first.message
            )
        };
        for g in &self.warnings {
            out.push_str(&head(Severity::Warning, g));
            let more = g.count.saturating_sub(g.places.len());
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            out.push_str(&format!(" [at {}{more}]", g.places.join(", ")));
            if let Some(help) = &g.first.help {
                out.push_str(&format!(" (help: {help})"));
            }
            out.push('\n');
        }
        for g in &self.infos {
            out.push_str(&head(Severity::Info, g));
            out.push('\n');
        }
        out
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(severity: Severity, code: &'static str, at: &str) -> Diagnostic {
        Diagnostic::new(severity, code, at, format!("{code} at {at}"))
    }

    #[test]
    fn errors_stay_single_and_the_rest_is_grouped_by_code() {
        let all = vec![
            d(Severity::Warning, "W_A", "/a"),
            d(Severity::Info, "I_A", "/x"),
            d(Severity::Error, "E_A", "/e1"),
            d(Severity::Warning, "W_A", "/b"),
            d(Severity::Warning, "W_B", "/c"),
            d(Severity::Warning, "W_A", "/d"),
            d(Severity::Error, "E_A", "/e2"),
            d(Severity::Info, "I_A", "/y").with_file("apiDefinition.swagger.json"),
        ];
        let digest = digest(&all);
        assert_eq!(digest.errors.len(), 2);
        let text = digest.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "error[E_A] /e1: E_A at /e1",
                "error[E_A] /e2: E_A at /e2",
                "warning[W_A] ×3: W_A at /a [at /a, /b and 1 more]",
                "warning[W_B] ×1: W_B at /c [at /c]",
                "info[I_A] ×2: I_A at /x",
            ]
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let all = vec![d(Severity::Error, "E", "")];
        assert!(!digest(&all).render(false).contains('\x1b'));
        assert!(
            digest(&all)
                .render(true)
                .starts_with("\x1b[1;31merror\x1b[0m[E] /")
        );
    }
}
