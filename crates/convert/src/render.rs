//! Rendering checker findings as text, JSON and SARIF 2.1.0.

use connector_convert::{Change, Diagnostic, Impact, Profile, RULES, Severity};
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
            if let (Some(line), Some(column), Some(Value::Object(physical))) = (
                f.line,
                f.column,
                result.pointer_mut("/locations/0/physicalLocation"),
            ) {
                physical.insert(
                    "region".into(),
                    json!({"startLine": line, "startColumn": column}),
                );
            }
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

fn counts(changes: &[Change]) -> (usize, usize, usize) {
    let n = |i: Impact| changes.iter().filter(|c| c.impact == i).count();
    (n(Impact::Breaking), n(Impact::Warning), n(Impact::Info))
}

/// One line per change and a closing count.
pub fn diff_text(changes: &[Change]) -> String {
    let mut out = String::new();
    for c in changes {
        out.push_str(&c.to_string());
        out.push('\n');
    }
    let (b, w, i) = counts(changes);
    out.push_str(&format!("{b} breaking, {w} warnings, {i} other changes\n"));
    out
}

/// The changes as a JSON array.
pub fn diff_json(changes: &[Change]) -> String {
    serde_json::to_string_pretty(changes).map_or_else(|_| "[]\n".into(), |s| s + "\n")
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A Markdown summary: counts, then a table per impact.
pub fn diff_markdown(changes: &[Change]) -> String {
    let (b, w, i) = counts(changes);
    let mut out = String::from("### Connector changes\n\n");
    if changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    out.push_str(&format!(
        "**{b} breaking**, {w} warnings, {i} other changes.\n"
    ));
    for (impact, title) in [
        (Impact::Breaking, "Breaking"),
        (Impact::Warning, "Warnings"),
        (Impact::Info, "Other changes"),
    ] {
        let list: Vec<&Change> = changes.iter().filter(|c| c.impact == impact).collect();
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n#### {title}\n\n| change | what | where |\n|---|---|---|\n"
        ));
        for c in list {
            let place = c.new.as_deref().or(c.old.as_deref()).unwrap_or("/");
            out.push_str(&format!(
                "| `{}` | {} | `{}#{}` |\n",
                c.kind,
                cell(&c.message),
                c.file,
                cell(place)
            ));
        }
    }
    out
}
