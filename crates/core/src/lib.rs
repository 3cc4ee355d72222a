//! Shared foundations of connector-convert: the [`Diagnostic`] type and its sink,
//! JSON pointers, the one function that turns input bytes into a JSON value
//! ([`load_document`]) and input-format detection ([`detect_format`]).
//!
//! Every other crate of the workspace depends on this one; it depends on none of them.

mod aside;
pub mod codes;
pub mod collections;
mod detect;
mod diagnostic;
mod load;
mod names;
mod pointer;
mod refs;
mod structure;

pub use aside::{PIECES, WORTH_A_THREAD, beside, drop_aside, in_pieces, take_in_turn};
pub use detect::{DetectError, InputFormat, detect_format};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
#[cfg(all(fuzzing, not(target_arch = "wasm32")))]
pub use load::json_in_halves;
pub use load::{Limits, LoadError, RepeatedKey, Syntax, load_document, load_document_last_wins};
pub use names::unique_name;
pub use pointer::{Pointer, escape_token, local_target, lookup, percent_decode, unescape_token};
pub use refs::{FileResolver, join_ref_path, ref_member, resolve_external_refs, structural_child};
pub use structure::{LimitError, check_limits};
