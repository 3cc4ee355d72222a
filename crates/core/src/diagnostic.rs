//! Diagnostics: what every stage reports about the input and what it did with it.

use std::fmt;

use serde::Serialize;

use crate::Pointer;

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The output is wrong or incomplete in a way the platform will reject or a user must fix.
    Error,
    /// Something of the input was dropped, changed or guessed; the output works but differs from the API.
    Warning,
    /// A faithful rewrite worth knowing about (a rename, a merge, a default).
    Info,
}

impl Severity {
    /// The lower-case name used in text and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding: a stable code, a severity, where in the input it is, what happened, and how to act on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable, documented identifier such as `OAS_COOKIE_PARAMETER` (see docs/diagnostics.md).
    pub code: &'static str,
    /// The package file the pointer points into, for checker findings
    /// (`apiDefinition.swagger.json`, `apiProperties.json`, `settings.json`); `None` for
    /// conversion diagnostics, whose pointers point into the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<&'static str>,
    /// JSON pointer into the input document (or into the package file named by `file`).
    pub pointer: String,
    /// 1-based line in the file, for findings about its text (a syntax error, a repeated key)
    /// where the parser knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column in the file, with `line`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What was found and what was done instead.
    pub message: String,
    /// How to get a better result, when there is something to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new diagnostic without help text.
    pub fn new(
        severity: Severity,
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            file: None,
            pointer: pointer.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    /// Names the package file the pointer points into.
    pub fn with_file(mut self, file: &'static str) -> Self {
        self.file = Some(file);
        self
    }

    /// Places the finding at a 1-based line and column of its file.
    pub fn with_line_column(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Adds or replaces the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{}[{}] ", self.severity, self.code)?;
        if let Some(file) = self.file {
            write!(f, "{file}")?;
            if let (Some(line), Some(column)) = (self.line, self.column) {
                write!(f, ":{line}:{column}")?;
            }
            write!(f, "#")?;
        }
        write!(f, "{at}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// The sink every stage writes its diagnostics to, in the order they were found.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds an error and returns it so help can be attached.
    pub fn error(
        &mut self,
        code: &'static str,
        at: &Pointer,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.add(Severity::Error, code, at, message)
    }

    /// Adds a warning and returns it so help can be attached.
    pub fn warn(
        &mut self,
        code: &'static str,
        at: &Pointer,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.add(Severity::Warning, code, at, message)
    }

    /// Adds an info and returns it so help can be attached.
    pub fn info(
        &mut self,
        code: &'static str,
        at: &Pointer,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.add(Severity::Info, code, at, message)
    }

    fn add(
        &mut self,
        severity: Severity,
        code: &'static str,
        at: &Pointer,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let len = self.items.len();
        self.items
            .push(Diagnostic::new(severity, code, at.as_str(), message));
        // The element was pushed on the line above, so the slot exists.
        match self.items.get_mut(len) {
            Some(d) => d,
            None => unreachable!("pushed just before"),
        }
    }

    /// Everything found so far, in order.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Whether any error was reported.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Moves the diagnostics out.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// Appends all diagnostics of another sink.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// Puts the diagnostics of `other` at `index`, before those found since (for findings
    /// made later that belong before them); an `index` past the end appends them.
    pub fn insert_at(&mut self, index: usize, other: Diagnostics) {
        let index = index.min(self.items.len());
        self.items.splice(index..index, other.items);
    }

    /// Keeps the first `len` diagnostics and drops the rest.
    pub fn truncate(&mut self, len: usize) {
        self.items.truncate(len);
    }
}

impl Diagnostic {
    /// Sets the help text in place (for use on the `&mut Diagnostic` the sink returns).
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_go_in_at_a_place_and_can_be_cut_back() {
        let at = Pointer::root();
        let mut d = Diagnostics::new();
        d.info("A", &at, "first");
        d.info("C", &at, "third");
        let mut later = Diagnostics::new();
        later.info("B", &at, "second");
        d.insert_at(1, later);
        let codes: Vec<&str> = d.as_slice().iter().map(|d| d.code).collect();
        assert_eq!(codes, ["A", "B", "C"]);
        let mut end = Diagnostics::new();
        end.info("D", &at, "fourth");
        d.insert_at(9, end);
        d.truncate(2);
        let codes: Vec<&str> = d.as_slice().iter().map(|d| d.code).collect();
        assert_eq!(codes, ["A", "B"]);
    }

    #[test]
    fn display_is_one_line_with_code_and_pointer() {
        let mut d = Diagnostics::new();
        d.warn("X_CODE", &Pointer::root().push("paths"), "dropped")
            .help("do this");
        let s = d.as_slice().first().map(ToString::to_string);
        assert_eq!(
            s.as_deref(),
            Some("warning[X_CODE] /paths: dropped (help: do this)")
        );
        assert!(!d.has_errors());
    }
}
