//! connector-convert for JavaScript: the library compiled to WebAssembly with
//! `wasm-bindgen`, for Node.js and for browsers.
//!
//! Every function takes plain values (strings, `Uint8Array`s, plain objects) and returns a
//! plain object: `{ok: true, ...}` with the result, or `{ok: false, error}` where `error`
//! has the library's [`Category`](connector_convert::Category) as `category` (or
//! `"options"` when the options are at fault). Nothing is thrown for bad input. The
//! TypeScript types below are written into the generated `.d.ts`.
//!
//! The operations themselves are in [`api`], on plain Rust values, so they are tested
//! without a JavaScript engine; this file only moves values across.

// The fields of the result and option types are what JavaScript sees; they are documented
// once, in types.d.ts, which the generated TypeScript declarations carry.
#[allow(missing_docs)]
pub mod api;
#[allow(missing_docs)]
pub mod options;
#[allow(missing_docs)]
pub mod preview;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use api::{DiagnosticValue, Failure, Outcome, PackageFiles};
use options::{ConvertOptions, OptionsError};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

#[wasm_bindgen]
extern "C" {
    /// The conversion options (a plain object), optional.
    #[wasm_bindgen(typescript_type = "ConvertOptions")]
    pub type OptionsArg;
    /// A checker profile name, optional.
    #[wasm_bindgen(typescript_type = "Profile")]
    pub type ProfileArg;
}

/// A result as a plain JavaScript object (maps become objects, not `Map`s).
fn to_js<T: Serialize>(outcome: &Outcome<T>) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    outcome
        .serialize(&serializer)
        .unwrap_or_else(|e| JsValue::from_str(&format!("cannot return the result: {e}")))
}

/// Reads a plain object argument; `undefined` and `null` read as the default.
fn from_js<T: serde::de::DeserializeOwned + Default>(
    value: JsValue,
    what: &str,
) -> Result<T, Failure> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    // Read as JSON first: serde-wasm-bindgen looks up only the fields a struct declares, so a
    // misspelt option would pass unseen; serde_json sees every key.
    let json: serde_json::Value = serde_wasm_bindgen::from_value(value)
        .map_err(|e| Failure::from(OptionsError(format!("{what}: {e}"))))?;
    serde_path_to_error::deserialize(json).map_err(|e| {
        let at = e.path().to_string();
        let place = if at == "." {
            what.to_owned()
        } else {
            format!("{what}.{at}")
        };
        Failure::from(OptionsError(format!("{place}: {}", e.into_inner())))
    })
}

/// A document argument: a string or bytes (`Uint8Array`, `ArrayBuffer`).
fn bytes(value: &JsValue, what: &str) -> Result<Vec<u8>, Failure> {
    if let Some(text) = value.as_string() {
        return Ok(text.into_bytes());
    }
    if value.is_instance_of::<js_sys::Uint8Array>() || value.is_instance_of::<js_sys::ArrayBuffer>()
    {
        return Ok(js_sys::Uint8Array::new(value).to_vec());
    }
    Err(OptionsError(format!(
        "{what} must be a string, a Uint8Array or an ArrayBuffer"
    ))
    .into())
}

fn failed(error: Failure) -> JsValue {
    to_js(&Outcome::<()>::Failed { ok: false, error })
}

/// Converts an API description (OpenAPI 3.0/3.1, Swagger 2.0, Postman collection; JSON or
/// YAML) into a connector package.
#[wasm_bindgen(unchecked_return_type = "ConvertResult")]
pub fn convert(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] input: JsValue,
    options: Option<OptionsArg>,
) -> JsValue {
    let run = || -> Result<JsValue, Failure> {
        let input = bytes(&input, "input")?;
        reserve_memory(input.len());
        let options = options.map_or(JsValue::UNDEFINED, JsValue::from);
        let options: ConvertOptions = from_js(options, "options")?;
        Ok(to_js(&api::convert(&input, &options)))
    };
    run().unwrap_or_else(failed)
}

/// Checks a connector package's files with the `import` (default) or `certification` rules.
#[wasm_bindgen(unchecked_return_type = "CheckResult")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "PackageFiles")] files: JsValue,
    profile: Option<ProfileArg>,
) -> JsValue {
    let profile = profile.and_then(|p| JsValue::from(p).as_string());
    match package_files(files, "files") {
        Ok(files) => to_js(&api::check(&files, profile.as_deref().unwrap_or("import"))),
        Err(e) => failed(e),
    }
}

/// What changed between two versions of a connector, with each change's impact.
#[wasm_bindgen(unchecked_return_type = "DiffResult")]
pub fn diff(
    #[wasm_bindgen(unchecked_param_type = "PackageFiles")] old: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PackageFiles")] current: JsValue,
) -> JsValue {
    match (package_files(old, "old"), package_files(current, "current")) {
        (Ok(old), Ok(new)) => to_js(&api::diff(&old, &new)),
        (Err(e), _) | (_, Err(e)) => failed(e),
    }
}

/// The OpenAPI Overlay that turns a generated definition into its edited copy, so the edits
/// survive regeneration (`options.overlays`).
#[wasm_bindgen(unchecked_return_type = "OverlayResult")]
pub fn overlay(old: &str, edited: &str, title: Option<String>) -> JsValue {
    let title = title.as_deref().unwrap_or("Connector customisations");
    to_js(&api::overlay(old, edited, title))
}

/// Sums up diagnostics and findings (from any result) as the command line prints them.
#[wasm_bindgen(unchecked_return_type = "DigestResult")]
pub fn digest(
    #[wasm_bindgen(unchecked_param_type = "Diagnostic[]")] diagnostics: JsValue,
) -> JsValue {
    match from_js::<Vec<DiagnosticValue>>(diagnostics, "diagnostics") {
        Ok(all) => to_js(&api::digest(&all)),
        Err(e) => failed(e),
    }
}

/// The connector as a maker meets it: actions and their inputs, sign-in, limits.
#[wasm_bindgen(unchecked_return_type = "PreviewResult")]
pub fn preview(#[wasm_bindgen(unchecked_param_type = "PackageFiles")] files: JsValue) -> JsValue {
    match package_files(files, "files") {
        Ok(files) => to_js(&api::preview_files(&files)),
        Err(e) => failed(e),
    }
}

/// The node a diagnostic's pointer names in a document, pretty-printed.
#[wasm_bindgen(unchecked_return_type = "FragmentResult")]
pub fn fragment(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] document: JsValue,
    pointer: &str,
) -> JsValue {
    match bytes(&document, "document") {
        Ok(input) => to_js(&api::fragment(&input, pointer)),
        Err(e) => failed(e),
    }
}

/// Grows the module's memory once, to about what a conversion of `input_len` bytes needs,
/// instead of in many small steps: each step is a `memory.grow`, which the JavaScript engine
/// answers slowly and follows with garbage collections.
fn reserve_memory(input_len: usize) {
    // Conversions peak at about 14 times their input (docs/performance.md).
    // A reservation the engine refuses is no error: the conversion then grows as it goes.
    let mut block = Vec::<u8>::new();
    let _ = block.try_reserve_exact(input_len.saturating_mul(14));
}

/// This package's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

fn package_files(value: JsValue, what: &str) -> Result<PackageFiles, Failure> {
    if value.is_undefined() || value.is_null() {
        return Err(OptionsError(format!("{what}: the package files are missing")).into());
    }
    from_js(value, what)
}
