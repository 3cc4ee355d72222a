//! Diagnostic codes emitted by this crate (documented in docs/diagnostics.md).

/// A `$ref` to a URL was not fetched (nothing is ever fetched); a placeholder stands in.
pub const REF_URL_NOT_FETCHED: &str = "REF_URL_NOT_FETCHED";
/// A `$ref` to another file was not read: file refs not allowed, outside the input's folder, unreadable or invalid.
pub const REF_FILE: &str = "REF_FILE";
/// `$ref`s across files form a cycle (or a chain deeper than 32); it was cut.
pub const REF_FILE_CYCLE: &str = "REF_FILE_CYCLE";
/// A `$ref` into another file names a location that file does not have.
pub const REF_FILE_TARGET_MISSING: &str = "REF_FILE_TARGET_MISSING";

/// Every code this crate emits.
pub const ALL: &[&str] = &[
    REF_URL_NOT_FETCHED,
    REF_FILE,
    REF_FILE_CYCLE,
    REF_FILE_TARGET_MISSING,
];
