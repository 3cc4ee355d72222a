//! OpenAPI 3.0 and 3.1 input for connector-convert.
//!
//! The pipeline inside this crate:
//! 1. file `$ref`s are inlined through a caller-provided [`FileResolver`] (URLs never fetched);
//! 2. a JSON-level pass rewrites 3.1 into 3.0 and reports everything `openapiv3` would drop;
//! 3. `openapiv3` parses the result;
//! 4. the typed document is lowered to Swagger 2.0 ([`Lowered`]).
//!
//! Reading fails only when the document cannot be parsed at all; every other problem is a
//! diagnostic.

pub mod codes;
mod lower;
mod normalize;
mod schema;

use connector_core::{Diagnostics, InputFormat, Limits, Pointer};
use serde_json::Value;

pub use connector_core::FileResolver;
pub use lower::Lowered;

/// Why an OpenAPI document could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The document does not have the shape of an OpenAPI 3.0 document (after normalisation).
    #[error("not a valid OpenAPI document: {message}")]
    Invalid {
        /// What the typed parser said.
        message: String,
    },
}

/// What reading may use besides the document.
#[derive(Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    /// Resolves `$ref`s to other files; `None` refuses them (with a diagnostic).
    pub file_resolver: Option<&'a dyn FileResolver>,
    /// Limits applied to referenced files.
    pub limits: Option<&'a Limits>,
}

/// Reads a loaded OpenAPI 3.0 or 3.1 document and lowers it to Swagger 2.0.
pub fn read(
    mut doc: Value,
    format: InputFormat,
    options: ReadOptions<'_>,
    diags: &mut Diagnostics,
) -> Result<Lowered, ReadError> {
    let default_limits = Limits::default();
    let limits = options.limits.unwrap_or(&default_limits);
    connector_core::resolve_external_refs(&mut doc, options.file_resolver, limits, diags);
    normalize::normalize(&mut doc, format == InputFormat::OpenApi31, diags);
    let api: openapiv3::OpenAPI = match serde_path_to_error::deserialize(&doc) {
        Ok(api) => api,
        Err(e) => {
            let at = path_to_pointer(e.path());
            let message = format!(
                "at {}: {}",
                if at.as_str().is_empty() {
                    "/"
                } else {
                    at.as_str()
                },
                e.inner()
            );
            diags.error(
                codes::OAS_INVALID,
                &at,
                format!("the document could not be parsed: {}", e.inner()),
            );
            return Err(ReadError::Invalid { message });
        }
    };
    Ok(lower::lower(&api, &doc, diags))
}

/// Turns serde_path_to_error's path into a JSON pointer (as precise as openapiv3's
/// flattened types let it be).
fn path_to_pointer(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    let mut p = Pointer::root();
    for seg in path.iter() {
        p = match seg {
            Segment::Seq { index } => p.index(*index),
            Segment::Map { key } => p.push(key),
            Segment::Enum { variant } => p.push(variant),
            Segment::Unknown => break,
        };
    }
    p
}
