//! What each fuzz target runs and asserts. The same functions replay the kept fuzz corpora in
//! the normal test suite (`tests/fuzz_corpus.rs`), on the stable toolchain, so an input that
//! once crashed a target stays a test. Every function takes arbitrary bytes and panics only
//! when a property is broken.

#![allow(dead_code)]

use connector_convert::{Limits, Options, Profile, Severity};
use connector_core::{Diagnostics, InputFormat, detect_format, load_document};

/// Checker rules a converted package may still break: only leaving operations out meets them.
const LIMIT_RULES: &[&str] = &[
    "DefinitionSizeExceedsMaxAllowed",
    "TotalOperationsCountExceedsMaxAllowed",
];

/// The JSON/YAML loader: any bytes give a document or an error.
pub fn load(data: &[u8]) {
    let loaded = load_document(data, &Limits::default());
    #[cfg(fuzzing)]
    halves_agree(data, loaded.ok().map(|(v, _)| v));
    #[cfg(not(fuzzing))]
    let _ = loaded;
}

/// A large JSON document is read in two halves at once: at any cut, that gives what the whole
/// read in turn gives, or nothing (the loader then reads it in turn). Fuzzing only: the hook
/// exists under `--cfg fuzzing`.
#[cfg(fuzzing)]
fn halves_agree(data: &[u8], whole: Option<serde_json::Value>) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let depth = Limits::default().max_depth;
    for cut in [text.len() / 3, text.len() / 2, text.len() * 2 / 3] {
        // A document that is not an object is refused after reading, halved or not.
        let halved = connector_core::json_in_halves(text, cut, depth).filter(|v| v.is_object());
        if let Some(halved) = halved {
            assert_eq!(
                Some(&halved),
                whole.as_ref(),
                "halves cut near {cut} differ"
            );
        }
    }
}

/// The OpenAPI 3 reader, on whatever loads (read as 3.1 when it says so, else as 3.0); the
/// lowered document always serialises.
pub fn openapi3(data: &[u8]) {
    let Ok((doc, _)) = load_document(data, &Limits::default()) else {
        return;
    };
    let format = match detect_format(&doc) {
        Ok(InputFormat::OpenApi31) => InputFormat::OpenApi31,
        _ => InputFormat::OpenApi30,
    };
    let mut diags = Diagnostics::new();
    if let Ok(lowered) = connector_openapi3::read(doc, format, Default::default(), &mut diags) {
        assert!(connector_swagger2::to_json_string(&lowered.document).is_ok());
    }
}

/// The lenient Swagger 2.0 reader and the emitter: whatever loads is read, and what is
/// written reads back to the same bytes.
pub fn swagger2(data: &[u8]) {
    let Ok((doc, _)) = load_document(data, &Limits::default()) else {
        return;
    };
    let mut diags = Diagnostics::new();
    let first = connector_swagger2::read_document(doc, &mut diags);
    let Ok(text) = connector_swagger2::to_json_string(&first) else {
        panic!("a document the reader made does not serialise");
    };
    let again: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("the emitter wrote invalid JSON: {e}"),
    };
    let second = connector_swagger2::read_document(again, &mut Diagnostics::new());
    let text2 = connector_swagger2::to_json_string(&second).unwrap_or_default();
    assert_eq!(text, text2, "reading what the emitter wrote changes it");
}

/// The Postman reader, on whatever loads (read as v2.1 unless it says v2.0).
pub fn postman(data: &[u8]) {
    let Ok((doc, _)) = load_document(data, &Limits::default()) else {
        return;
    };
    let format = match detect_format(&doc) {
        Ok(InputFormat::PostmanV20) => InputFormat::PostmanV20,
        _ => InputFormat::PostmanV21,
    };
    let mut diags = Diagnostics::new();
    if let Ok(lowered) = connector_postman::read(doc, format, &Default::default(), &mut diags) {
        assert!(connector_swagger2::to_json_string(&lowered.document).is_ok());
    }
}

/// The whole conversion: it succeeds or fails with an error, and a package it produces has no
/// error under the checker's import profile (the size and count limits aside).
pub fn pipeline(data: &[u8]) {
    let Ok(c) = connector_convert::convert(data, &Options::default().host("api.example.com"))
    else {
        return;
    };
    let errors = import_errors(&c.findings);
    assert!(
        errors.is_empty(),
        "a converted package breaks import rules:\n{}",
        errors.join("\n")
    );
    split(&c.package);
}

/// The import errors among `findings`, the 1 MB and 256-operation limits aside.
fn import_errors(findings: &[connector_convert::Diagnostic]) -> Vec<String> {
    findings
        .iter()
        .filter(|d| d.severity == Severity::Error && !LIMIT_RULES.contains(&d.code))
        .map(ToString::to_string)
        .collect()
}

/// The split of a converted package: every operation in exactly one part, and no part breaking
/// an import rule the whole keeps (the 1 MB and 256-operation limits aside).
fn split(package: &connector_convert::Package) {
    let count = |p: &connector_convert::Package| -> usize {
        p.definition
            .paths
            .paths
            .values()
            .map(|i| i.operations().count())
            .sum()
    };
    let mut in_parts = 0;
    let mut lent = connector_convert::split_parts(package);
    for part in connector_convert::split_parts(package) {
        in_parts += count(&part.package);
        // A lent part (sharing definitions with the one before) is the same part.
        let other = lent.next_lent().expect("as many lent parts as parts");
        assert!(
            other.package.files() == part.package.files(),
            "lent part {} differs",
            part.name
        );
        // Its findings, some taken from the parts before it, are the part's own.
        assert!(
            other.findings == part.findings && other.diagnostics == part.diagnostics,
            "lent part {} has other findings",
            part.name
        );
        let errors = import_errors(&part.findings);
        assert!(
            errors.is_empty(),
            "part {} breaks import rules:\n{}",
            part.name,
            errors.join("\n")
        );
    }
    assert_eq!(
        in_parts,
        count(package),
        "every operation is in exactly one part"
    );
}

/// A small valid definition, for checking arbitrary apiProperties.json and settings.json.
const DEFINITION: &[u8] = br#"{"swagger":"2.0","info":{"title":"T","version":"1"},"host":"api.example.com","paths":{"/a":{"get":{"operationId":"A","responses":{"200":{"description":"ok"}}}}}}"#;

/// The checker on arbitrary files: as a definition, and as apiProperties.json and settings.json
/// beside a valid definition.
pub fn check(data: &[u8]) {
    let limits = Limits::default();
    for profile in [Profile::Import, Profile::Certification] {
        let _ = connector_convert::check_files(data, None, None, profile, &limits);
        let _ =
            connector_convert::check_files(DEFINITION, Some(data), Some(data), profile, &limits);
    }
}
