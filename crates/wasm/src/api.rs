//! The binding's operations on plain Rust values: what JavaScript gets is these results,
//! serialised as plain objects. Nothing here touches JavaScript, so it is tested natively.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use connector_convert::{
    Category, Change, Diagnostic, Digest, Error, Group, Limits, Package, Profile, RULES, Severity,
};

use crate::options::{ConvertOptions, OptionsError};
use crate::preview::{Preview, preview};

/// The category of a failure caused by the options rather than the input (the command line's
/// usage errors); every other category is [`Category::as_str`].
pub const OPTIONS: &str = "options";

/// A result or a failure, as `{ok: true, ...result}` or `{ok: false, error}`.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Outcome<T> {
    /// It worked.
    Done {
        ok: bool,
        #[serde(flatten)]
        value: T,
    },
    /// It did not; nothing is thrown.
    Failed { ok: bool, error: Failure },
}

impl<T> Outcome<T> {
    fn done(value: T) -> Self {
        Outcome::Done { ok: true, value }
    }
    fn failed(error: Failure) -> Self {
        Outcome::Failed { ok: false, error }
    }
}

/// Why an operation failed.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    /// [`Category::as_str`] of the library's error, or [`OPTIONS`].
    pub category: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What was found before the failure.
    pub diagnostics: Vec<Diagnostic>,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let (line, column) = e.line_column().unzip();
        Failure {
            category: e.category().as_str(),
            message: e.to_string(),
            line,
            column,
            diagnostics: e.diagnostics().to_vec(),
        }
    }
}

impl From<OptionsError> for Failure {
    fn from(e: OptionsError) -> Self {
        Failure {
            category: OPTIONS,
            message: e.0,
            line: None,
            column: None,
            diagnostics: Vec::new(),
        }
    }
}

/// One package file.
#[derive(Debug, Serialize)]
pub struct File {
    pub name: &'static str,
    pub text: String,
}

/// A conversion's result.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Converted {
    /// The format the input was read as (`OpenAPI 3.1`, `Swagger 2.0`, …).
    pub format: &'static str,
    /// apiDefinition.swagger.json, apiProperties.json and settings.json, in that order; the
    /// same bytes the command line writes.
    pub files: Vec<File>,
    /// Conversion diagnostics (pointers into the input).
    pub diagnostics: Vec<Diagnostic>,
    /// The import check of the package (pointers into the named file).
    pub findings: Vec<Diagnostic>,
    /// Diagnostics and findings together, summed up.
    pub digest: DigestValue,
}

/// Converts an API description with options as JavaScript gives them.
pub fn convert(input: &[u8], options: &ConvertOptions) -> Outcome<Converted> {
    let options = match options.to_options() {
        Ok(o) => o,
        Err(e) => return Outcome::failed(e.into()),
    };
    match connector_convert::convert(input, &options) {
        Ok(c) => {
            let mut all = c.diagnostics.clone();
            all.extend(c.findings.iter().cloned());
            Outcome::done(Converted {
                format: c.format.name(),
                files: files(&c.package),
                digest: connector_convert::digest(&all).into(),
                diagnostics: c.diagnostics,
                findings: c.findings,
            })
        }
        Err(e) => Outcome::failed(e.into()),
    }
}

fn files(package: &Package) -> Vec<File> {
    package
        .files()
        .into_iter()
        .map(|(name, text)| File { name, text })
        .collect()
}

/// The files of a connector package as JavaScript gives them.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PackageFiles {
    /// apiDefinition.swagger.json (required).
    pub definition: String,
    /// apiProperties.json.
    #[serde(default)]
    pub properties: Option<String>,
    /// settings.json.
    #[serde(default)]
    pub settings: Option<String>,
}

/// A check's result.
#[derive(Debug, Serialize)]
pub struct Checked {
    pub profile: &'static str,
    pub findings: Vec<Diagnostic>,
    pub digest: DigestValue,
}

/// Checks package files with `import` or `certification` rules.
pub fn check(files: &PackageFiles, profile: &str) -> Outcome<Checked> {
    let profile = match profile {
        "import" => Profile::Import,
        "certification" => Profile::Certification,
        other => {
            return Outcome::failed(
                OptionsError(format!(
                    "profile `{other}` is not one of import, certification"
                ))
                .into(),
            );
        }
    };
    let findings = connector_convert::check_files(
        files.definition.as_bytes(),
        files.properties.as_deref().map(str::as_bytes),
        files.settings.as_deref().map(str::as_bytes),
        profile,
        &Limits::default(),
    );
    Outcome::done(Checked {
        profile: profile.as_str(),
        digest: connector_convert::digest(&findings).into(),
        findings,
    })
}

/// A comparison's result.
#[derive(Debug, Serialize)]
pub struct Compared {
    pub changes: Vec<Change>,
}

/// What changed between two versions of a connector, as the command line's `diff`.
/// Connection parameters are compared only when both sides have apiProperties.json.
pub fn diff(old: &PackageFiles, new: &PackageFiles) -> Outcome<Compared> {
    let both = old.properties.is_some() && new.properties.is_some();
    let read = |files: &PackageFiles| {
        let properties = files.properties.as_deref().filter(|_| both);
        Package::from_files(
            files.definition.as_bytes(),
            properties.map(str::as_bytes),
            &Limits::default(),
        )
        .map(|(package, _)| package)
    };
    match (read(old), read(new)) {
        (Ok(o), Ok(n)) => Outcome::done(Compared {
            changes: connector_convert::diff(&o, &n),
        }),
        (Err(e), _) | (_, Err(e)) => Outcome::failed(e.into()),
    }
}

/// An overlay's result.
#[derive(Debug, Serialize)]
pub struct Overlaid {
    /// The OpenAPI Overlay as an object.
    pub overlay: Value,
    /// The same, as the command line prints it.
    pub text: String,
}

/// The OpenAPI Overlay that turns `old` into `edited` (two definitions).
pub fn overlay(old: &str, edited: &str, title: &str) -> Outcome<Overlaid> {
    let load = |text: &str| {
        connector_core::load_document(text.as_bytes(), &Limits::default()).map(|(v, _)| v)
    };
    let (old, edited) = match (load(old), load(edited)) {
        (Ok(o), Ok(e)) => (o, e),
        (Err(e), _) | (_, Err(e)) => return Outcome::failed(syntax(&e)),
    };
    let overlay = connector_convert::overlay_between(&old, &edited, title);
    let text = serde_json::to_string_pretty(&overlay).map_or_else(|_| String::new(), |t| t + "\n");
    Outcome::done(Overlaid { overlay, text })
}

/// The maker's view of package files.
pub fn preview_files(files: &PackageFiles) -> Outcome<Preview> {
    let limits = Limits::default();
    let load = |text: &str| connector_core::load_document(text.as_bytes(), &limits);
    let definition = match load(&files.definition) {
        Ok((v, _)) => v,
        Err(e) => return Outcome::failed(syntax(&e)),
    };
    let properties = match files.properties.as_deref().map(load) {
        Some(Ok((v, _))) => v,
        Some(Err(e)) => return Outcome::failed(syntax(&e)),
        None => Value::Null,
    };
    Outcome::done(preview(&definition, &properties))
}

fn syntax(e: &connector_core::LoadError) -> Failure {
    let (line, column) = e.line_column().unzip();
    Failure {
        category: Category::Syntax.as_str(),
        message: e.to_string(),
        line,
        column,
        diagnostics: Vec::new(),
    }
}

/// The node a JSON pointer names in a JSON or YAML text, pretty-printed (for showing a
/// diagnostic's place).
#[derive(Debug, Serialize)]
pub struct Fragment {
    pub pointer: String,
    pub text: String,
}

/// The node at `pointer` in `input`; a pointer that names nothing is an `invalid` failure.
pub fn fragment(input: &[u8], pointer: &str) -> Outcome<Fragment> {
    let value = match connector_core::load_document(input, &Limits::default()) {
        Ok((v, _)) => v,
        Err(e) => return Outcome::failed(syntax(&e)),
    };
    match value.pointer(pointer) {
        Some(node) => Outcome::done(Fragment {
            pointer: pointer.to_owned(),
            text: serde_json::to_string_pretty(node).unwrap_or_default(),
        }),
        None => Outcome::failed(Failure {
            category: Category::Invalid.as_str(),
            message: format!("`{pointer}` names nothing in this document"),
            line: None,
            column: None,
            diagnostics: Vec::new(),
        }),
    }
}

/// [`Digest`] as a plain object.
#[derive(Debug, Serialize)]
pub struct DigestValue {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<GroupValue>,
    pub infos: Vec<GroupValue>,
    /// The digest as the command line prints it.
    pub text: String,
}

/// [`Group`] as a plain object.
#[derive(Debug, Serialize)]
pub struct GroupValue {
    pub code: &'static str,
    pub count: usize,
    pub first: Diagnostic,
    pub places: Vec<String>,
}

impl From<Digest> for DigestValue {
    fn from(d: Digest) -> Self {
        let groups = |g: Vec<Group>| {
            g.into_iter()
                .map(|g| GroupValue {
                    code: g.code,
                    count: g.count,
                    first: g.first,
                    places: g.places,
                })
                .collect()
        };
        DigestValue {
            text: d.render(false),
            errors: d.errors,
            warnings: groups(d.warnings),
            infos: groups(d.infos),
        }
    }
}

/// A diagnostic as JavaScript gives it back (from an earlier result).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiagnosticValue {
    pub severity: String,
    pub code: String,
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub pointer: String,
    #[serde(default)]
    pub line: Option<usize>,
    #[serde(default)]
    pub column: Option<usize>,
    pub message: String,
    #[serde(default)]
    pub help: Option<String>,
}

/// The digest of diagnostics and findings given back by JavaScript; a code or file this
/// version does not know is an `options` failure.
pub fn digest(diagnostics: &[DiagnosticValue]) -> Outcome<DigestValue> {
    let known: Result<Vec<Diagnostic>, OptionsError> =
        diagnostics.iter().map(known_diagnostic).collect();
    match known {
        Ok(all) => Outcome::done(connector_convert::digest(&all).into()),
        Err(e) => Outcome::failed(e.into()),
    }
}

fn known_diagnostic(d: &DiagnosticValue) -> Result<Diagnostic, OptionsError> {
    let severity = match d.severity.as_str() {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        "info" => Severity::Info,
        other => {
            return Err(OptionsError(format!(
                "severity `{other}` is not one of error, warning, info"
            )));
        }
    };
    let code = connector_convert::diagnostic_codes()
        .into_iter()
        .chain(RULES.iter().map(|r| r.id))
        .find(|c| *c == d.code)
        .ok_or_else(|| OptionsError(format!("`{}` is not a diagnostic code", d.code)))?;
    let mut out = Diagnostic::new(severity, code, d.pointer.clone(), d.message.clone());
    if let Some(file) = &d.file {
        let file = PACKAGE_FILES
            .into_iter()
            .find(|f| f == file)
            .ok_or_else(|| OptionsError(format!("`{file}` is not a package file")))?;
        out = out.with_file(file);
    }
    if let (Some(line), Some(column)) = (d.line, d.column) {
        out = out.with_line_column(line, column);
    }
    if let Some(help) = &d.help {
        out = out.with_help(help.clone());
    }
    Ok(out)
}

const PACKAGE_FILES: [&str; 3] = [
    "apiDefinition.swagger.json",
    "apiProperties.json",
    "settings.json",
];

#[cfg(test)]
mod tests {
    use super::*;

    const PETS: &str = r#"{"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
        "paths": {"/pets": {"get": {"operationId": "listPets", "summary": "List pets",
            "responses": {"200": {"description": "OK"}}}}}}"#;

    fn json<T: Serialize>(v: &T) -> Value {
        serde_json::to_value(v).unwrap()
    }

    #[test]
    fn a_conversion_gives_the_native_files_and_a_digest() {
        let o = ConvertOptions {
            host: Some("pets.example.com".into()),
            ..ConvertOptions::default()
        };
        let out = json(&convert(PETS.as_bytes(), &o));
        assert_eq!(out["ok"], true);
        assert_eq!(out["format"], "OpenAPI 3.0");
        let native = connector_convert::convert(
            PETS.as_bytes(),
            &connector_convert::Options::default().host("pets.example.com"),
        )
        .unwrap();
        let names: Vec<&Value> = out["files"].as_array().unwrap().iter().collect();
        for ((name, text), file) in native.package.files().iter().zip(names) {
            assert_eq!(file["name"], *name);
            assert_eq!(file["text"], *text);
        }
        assert!(out["digest"]["text"].is_string());
    }

    #[test]
    fn failures_are_values_with_the_library_categories() {
        let out = json(&convert(PETS.as_bytes(), &ConvertOptions::default()));
        assert_eq!(out["ok"], false);
        assert_eq!(out["error"]["category"], "host-required");
        let out = json(&convert(b"{\"openapi\": ", &ConvertOptions::default()));
        assert_eq!(out["error"]["category"], "syntax");
        assert!(out["error"]["line"].is_number());
        let bad = ConvertOptions {
            scheme: Some("ftp".into()),
            ..ConvertOptions::default()
        };
        let out = json(&convert(PETS.as_bytes(), &bad));
        assert_eq!(out["error"]["category"], OPTIONS);
        let out = json(&check(&PackageFiles::default(), "strict"));
        assert_eq!(out["error"]["category"], OPTIONS);
    }

    #[test]
    fn a_digest_of_returned_diagnostics_equals_the_one_returned() {
        let o = ConvertOptions {
            host: Some("pets.example.com".into()),
            ..ConvertOptions::default()
        };
        let out = json(&convert(PETS.as_bytes(), &o));
        let mut all: Vec<DiagnosticValue> =
            serde_json::from_value(out["diagnostics"].clone()).unwrap();
        all.extend(
            serde_json::from_value::<Vec<DiagnosticValue>>(out["findings"].clone()).unwrap(),
        );
        assert!(!all.is_empty());
        assert_eq!(json(&digest(&all))["text"], out["digest"]["text"]);
        let mut unknown: Vec<DiagnosticValue> =
            serde_json::from_value(out["diagnostics"].clone()).unwrap();
        if let Some(first) = unknown.first_mut() {
            first.code = "NO_SUCH_CODE".into();
        }
        assert_eq!(json(&digest(&unknown))["error"]["category"], OPTIONS);
    }

    #[test]
    fn check_diff_overlay_and_fragment_work_on_package_texts() {
        let o = ConvertOptions {
            host: Some("pets.example.com".into()),
            ..ConvertOptions::default()
        };
        let Outcome::Done { value, .. } = convert(PETS.as_bytes(), &o) else {
            panic!("converts")
        };
        let text = |i: usize| value.files[i].text.clone();
        let package = PackageFiles {
            definition: text(0),
            properties: Some(text(1)),
            settings: Some(text(2)),
        };
        let checked = json(&check(&package, "import"));
        assert_eq!(checked["ok"], true);
        assert_eq!(checked["findings"], json(&value.findings));

        let edited = text(0).replace("List pets", "List all pets");
        let changed = PackageFiles {
            definition: edited.clone(),
            ..PackageFiles::default()
        };
        let changes = json(&diff(&package, &changed));
        assert!(changes["changes"].as_array().is_some(), "{changes}");

        let overlaid = json(&overlay(&text(0), &edited, "Mine"));
        assert_eq!(overlaid["overlay"]["info"]["title"], "Mine");
        assert!(overlaid["text"].as_str().unwrap().contains("List all pets"));

        let at = json(&fragment(PETS.as_bytes(), "/paths/~1pets/get/summary"));
        assert_eq!(at["text"], "\"List pets\"");
        let nowhere = json(&fragment(PETS.as_bytes(), "/paths/nope"));
        assert_eq!(nowhere["error"]["category"], "invalid");

        let seen = json(&preview_files(&package));
        assert_eq!(seen["actions"][0]["name"], "List pets");
    }

    /// Every key of every result object, recursively.
    fn keys(v: &Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    out.insert(k.clone());
                    keys(child, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|c| keys(c, out)),
            _ => {}
        }
    }

    #[test]
    fn the_typescript_declarations_name_every_key_the_results_carry() {
        let declared = include_str!("types.d.ts");
        let o = ConvertOptions {
            host: Some("pets.example.com".into()),
            ..ConvertOptions::default()
        };
        let Outcome::Done { value, .. } = convert(PETS.as_bytes(), &o) else {
            panic!("converts")
        };
        let package = PackageFiles {
            definition: value.files[0].text.clone(),
            properties: Some(value.files[1].text.clone()),
            settings: None,
        };
        let mut all = std::collections::BTreeSet::new();
        for result in [
            json(&convert(PETS.as_bytes(), &o)),
            json(&convert(b"{", &o)),
            json(&check(&package, "certification")),
            json(&preview_files(&package)),
            json(&fragment(PETS.as_bytes(), "/info")),
            json(&overlay(&package.definition, &package.definition, "t")),
        ] {
            keys(&result, &mut all);
        }
        // Keys inside the definition an overlay or a fragment carries are the input's own.
        let own = ["title", "version", "actions", "extends", "overlay", "info"];
        let missing: Vec<&String> = all
            .iter()
            .filter(|k| !own.contains(&k.as_str()))
            .filter(|k| {
                !declared.contains(&format!("{k}:")) && !declared.contains(&format!("{k}?:"))
            })
            .collect();
        assert!(missing.is_empty(), "not in types.d.ts: {missing:?}");
    }
}
