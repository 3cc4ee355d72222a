//! Converts every spec under the given files or folders and prints what a maker would see:
//! duplicate, cut, identifier-like action names, descriptions that repeat their label,
//! credentials sent per action without a sign-in, and the definition's size against the input.
//!
//! `cargo run --release --example maker_figures -- DIR... [--samples N]`
//!
//! Inputs that name no server are converted with `--host api.example.com`.

#[path = "../../../tests/common/maker.rs"]
mod maker;

use std::path::{Path, PathBuf};

use connector_convert::{Category, Limits, Options, convert};

fn inputs(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|r| r.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            inputs(&e, out);
        }
    } else if path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "json" | "yaml" | "yml"))
    {
        out.push(path.to_owned());
    }
}

fn compact_input(bytes: &[u8]) -> usize {
    connector_core::load_document(bytes, &Limits::default())
        .ok()
        .and_then(|(v, _)| serde_json::to_string(&v).ok())
        .map_or(bytes.len(), |s| s.len())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let samples = args
        .iter()
        .position(|a| a == "--samples")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let mut files = Vec::new();
    let mut skip_next = false;
    for a in &args {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        if a == "--samples" {
            skip_next = true;
            continue;
        }
        inputs(Path::new(a), &mut files);
    }
    let mut total = maker::Figures::default();
    let mut oversize = Vec::new();
    let mut converted = 0;
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let mut limits = Limits::default();
        limits.max_input_bytes = limits.max_input_bytes.max(bytes.len());
        let options = Options::default().limits(limits.clone());
        let result = match convert(&bytes, &options) {
            Err(e) if e.category() == Category::HostRequired => {
                convert(&bytes, &options.host("api.example.com"))
            }
            other => other,
        };
        let Ok(c) = result else {
            continue;
        };
        converted += 1;
        let Ok(def) = serde_json::to_value(&c.package.definition) else {
            continue;
        };
        let f = maker::figures(&def);
        let input = compact_input(&bytes);
        let output = connector_convert::definition_size(&c.package);
        if input >= 256 * 1024 && std::env::var_os("SIZES").is_some() {
            eprintln!(
                "{}: {} KB → {} KB ({:.2}×)",
                path.display(),
                input / 1024,
                output / 1024,
                output as f64 / input as f64
            );
        }
        if input >= 256 * 1024 && output * 2 > input * 3 {
            oversize.push(format!(
                "{}: {} KB → {} KB ({:.1}×)",
                path.display(),
                input / 1024,
                output / 1024,
                output as f64 / input as f64
            ));
        }
        total.add(&f);
    }
    let pct = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
    println!("inputs converted: {converted} of {}", files.len());
    println!("operations: {}", total.operations);
    let ops = total.operations;
    for (what, list, of) in [
        ("duplicate action names", &total.duplicate_names, ops),
        ("names with markdown or URL residue", &total.residue, ops),
        ("names cut mid-phrase", &total.cut, ops),
        ("names over 80 characters", &total.too_long, ops),
        (
            "identifier-like or HTTP-verb names",
            &total.identifier_like,
            ops,
        ),
        (
            "descriptions only repeating the label",
            &total.repeating,
            total.labelled,
        ),
        (
            "descriptions missing a word",
            &total.missing_word,
            total.labelled,
        ),
        (
            "credentials per action without sign-in",
            &total.credentials_without_sign_in,
            ops,
        ),
    ] {
        println!(
            "{what}: {} ({:.2} % of {of})",
            list.len(),
            pct(list.len(), of)
        );
        for s in list.iter().take(samples) {
            println!("    {s}");
        }
    }
    println!("labelled fields: {}", total.labelled);
    println!(
        "definitions over 1.5× a compact input of 256 KB or more: {}",
        oversize.len()
    );
    for s in &oversize {
        println!("    {s}");
    }
}
