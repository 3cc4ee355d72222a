//! Diagnostic codes of the Swagger 2.0 reader.

/// A value does not have the shape Swagger 2.0 requires; it was dropped.
pub const SW_INVALID_VALUE: &str = "SW_INVALID_VALUE";
/// A key that is neither a Swagger 2.0 field nor an `x-` extension; it was dropped.
pub const SW_UNKNOWN_FIELD: &str = "SW_UNKNOWN_FIELD";

/// Every code this crate emits.
pub const ALL: &[&str] = &[SW_INVALID_VALUE, SW_UNKNOWN_FIELD];
