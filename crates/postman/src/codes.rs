//! Diagnostic codes of the Postman reader (documented in docs/diagnostics.md).

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        $($(#[$doc])* pub const $name: &str = stringify!($name);)*
        /// Every code this crate emits.
        pub const ALL: &[&str] = &[$($name),*];
    };
}

codes! {
    /// A part of the collection does not have the shape the Postman format gives it; it was skipped.
    PM_INVALID,
    /// A request has no usable URL; it was skipped.
    PM_URL,
    /// Requests go to several hosts; the most common one was chosen.
    PM_HOSTS,
    /// A `{{variable}}` has no value; it was kept as a placeholder (host) or a parameter (path).
    PM_VARIABLE_UNRESOLVED,
    /// A header was left out because the connection or the media types describe it.
    PM_HEADER_HANDLED,
    /// A disabled query parameter, header or form field became optional and advanced.
    PM_DISABLED,
    /// A body marked as JSON did not parse; it is a string in the connector.
    PM_BODY_NOT_JSON,
    /// A body mode with no Swagger 2.0 form, or a body part that had to change.
    PM_BODY,
    /// Several saved requests had the same method and path; they became one operation.
    PM_DUPLICATE_OPERATION,
    /// Several saved examples shaped one response schema (merged).
    PM_EXAMPLES_MERGED,
    /// An authentication type the platform cannot use; no security definition was made for it.
    PM_AUTH_UNSUPPORTED,
    /// An authentication setting was mapped to the nearest platform equivalent.
    PM_AUTH_MAPPED,
    /// A pre-request or test script is not run and has no connector form.
    PM_SCRIPT_IGNORED,
    /// A value that looks like a credential was kept out of the output.
    PM_SECRET_WITHHELD,
    /// Nested folders: the top folder is the tag, the path is in the description.
    PM_FOLDER_NESTED,
}
