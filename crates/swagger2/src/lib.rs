//! The Swagger 2.0 side of connector-convert: the typed model of the whole specification
//! ([`model`]), the models of `apiProperties.json` and `settings.json` ([`properties`]),
//! the lenient reader ([`read_document`]) and the deterministic emitter ([`to_json_string`]).
//!
//! This is the only crate that knows the output format.

pub mod codes;
mod emit;
pub mod infer;
pub mod model;
pub mod nodes;
pub mod platform;
pub mod properties;
mod read;
pub mod visit;

pub use emit::{
    DefinitionText, compact_json_len, json_len, to_json_string, write_json, write_json_with,
};
pub use infer::{infer_schema, merge_schemas};
pub use model::*;
pub use platform::{CONNECTOR_CATEGORIES, FORMATS, KNOWN_EXTENSIONS};
pub use properties::*;
pub use read::read_document;
#[cfg(not(target_arch = "wasm32"))]
pub use visit::walk_document_in_pieces;
pub use visit::{
    SchemaFn, SchemaSlot, VisitMut, for_each_schema, for_each_schema_in, for_each_schema_tree,
    walk_document_mut, walk_schema,
};

/// File name of the connector definition in a package.
pub const API_DEFINITION_FILE: &str = "apiDefinition.swagger.json";
/// File name of the connector properties in a package.
pub const API_PROPERTIES_FILE: &str = "apiProperties.json";
/// File name of paconn's settings in a package.
pub const SETTINGS_FILE: &str = "settings.json";
