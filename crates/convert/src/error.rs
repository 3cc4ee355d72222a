//! The facade's opaque error.

use std::fmt;

use connector_core::{DetectError, Diagnostic, InputFormat, LimitError, LoadError};

/// What kind of failure an [`Error`] is (see [`Error::category`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Category {
    /// The bytes are not a JSON or YAML document (syntax, encoding, size, depth, duplicate keys).
    Syntax,
    /// The document is not a supported API description (unknown or unsupported version).
    Format,
    /// The format is recognised but not converted by this version (Postman, for now).
    Unsupported,
    /// The document has the right version but not the shape of that format.
    Invalid,
    /// The input is over one of the [`Limits`](crate::Limits): its size, its nesting depth, a
    /// YAML alias expansion, a `$ref` chain or its schema count. The message names the limit
    /// and how to raise it.
    Limit,
    /// The API has no absolute server URL and no host was given.
    HostRequired,
    /// The selection options (tags, paths, operation ids) keep no operation; the message
    /// names the nearest ones.
    Selection,
    /// Reading or writing files failed.
    Io,
}

impl Category {
    /// A stable lower-case name (`syntax`, `host-required`, …) for JSON output and bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Format => "format",
            Category::Unsupported => "unsupported",
            Category::Invalid => "invalid",
            Category::Limit => "limit",
            Category::HostRequired => "host-required",
            Category::Selection => "selection",
            Category::Io => "io",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a conversion or a write failed. Use [`Error::category`] to branch, the message for
/// people, and [`Error::diagnostics`] for what was found before the failure.
#[derive(Debug)]
pub struct Error {
    category: Category,
    message: String,
    line_column: Option<(usize, usize)>,
    diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// The kind of failure.
    pub fn category(&self) -> Category {
        self.category
    }
    /// The 1-based line and column in the input, when the parser knows them.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        self.line_column
    }
    /// Diagnostics gathered before the failure.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
    pub(crate) fn load(e: LoadError) -> Self {
        let category = match &e {
            LoadError::TooLarge { .. }
            | LoadError::TooDeep { .. }
            | LoadError::AliasExpansion { .. } => Category::Limit,
            _ => Category::Syntax,
        };
        Error {
            category,
            line_column: e.line_column(),
            message: e.to_string(),
            diagnostics: Vec::new(),
        }
    }
    pub(crate) fn limit(e: &LimitError, diagnostics: Vec<Diagnostic>) -> Self {
        Error {
            category: Category::Limit,
            line_column: None,
            message: e.to_string(),
            diagnostics,
        }
    }
    pub(crate) fn detect(e: DetectError) -> Self {
        Error {
            category: Category::Format,
            line_column: None,
            message: e.to_string(),
            diagnostics: Vec::new(),
        }
    }
    pub(crate) fn invalid(message: String, diagnostics: Vec<Diagnostic>) -> Self {
        Error {
            category: Category::Invalid,
            line_column: None,
            message,
            diagnostics,
        }
    }
    pub(crate) fn unsupported(format: InputFormat) -> Self {
        Error {
            category: Category::Unsupported,
            line_column: None,
            message: format!(
                "{format} input is recognised but not converted yet; export the API as OpenAPI 3 or Swagger 2.0 in the meantime"
            ),
            diagnostics: Vec::new(),
        }
    }
    pub(crate) fn host_required(diagnostics: Vec<Diagnostic>) -> Self {
        Error {
            category: Category::HostRequired,
            line_column: None,
            message: "the API description names no absolute server URL, so the connector would have no backend host; pass the host (--host api.example.com)".into(),
            diagnostics,
        }
    }
    pub(crate) fn selection(message: String, diagnostics: Vec<Diagnostic>) -> Self {
        Error {
            category: Category::Selection,
            line_column: None,
            message,
            diagnostics,
        }
    }
    pub(crate) fn io(message: String) -> Self {
        Error {
            category: Category::Io,
            line_column: None,
            message,
            diagnostics: Vec::new(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
