//! Rendering checker findings as text, JSON and SARIF 2.1.0.

use connector_convert::{Diagnostic, Profile, RULES, Severity};
use serde_json::{Value, json};

/// One line per finding and a closing count.
pub fn text(findings: &[Diagnostic], profile: Profile) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&f.to_string());
        out.push('\n');
    }
    let count = |s: Severity| findings.iter().filter(|d| d.severity == s).count();
    out.push_str(&format!(
        "{} profile: {} errors, {} warnings\n",
        profile.as_str(),
        count(Severity::Error),
        count(Severity::Warning)
    ));
    out
}

/// The findings as a JSON array.
pub fn json(findings: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(findings).map_or_else(|_| "[]\n".into(), |s| s + "\n")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A SARIF 2.1.0 log: every rule of the checker in the driver, one result per finding with
/// the file as the artifact and the JSON pointer as the logical location.
pub fn sarif(findings: &[Diagnostic], location: &dyn Fn(Option<&str>) -> String) -> String {
    let mut ids: Vec<&str> = Vec::new();
    let rules: Vec<Value> = RULES
        .iter()
        .filter(|r| {
            if ids.contains(&r.id) {
                return false;
            }
            ids.push(r.id);
            true
        })
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": {"text": r.summary},
                "help": {"text": r.hint},
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut result = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": {"text": match &f.help {
                    Some(h) => format!("{} ({h})", f.message),
                    None => f.message.clone(),
                }},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {"uri": location(f.file)}},
                    "logicalLocations": [{"fullyQualifiedName": if f.pointer.is_empty() { "/" } else { f.pointer.as_str() }, "kind": "object"}],
                }],
            });
            if let (Some(i), Some(obj)) = (
                ids.iter().position(|id| *id == f.code),
                result.as_object_mut(),
            ) {
                obj.insert("ruleIndex".into(), json!(i));
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "connector-convert",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).map_or_else(|_| "{}\n".into(), |s| s + "\n")
}
