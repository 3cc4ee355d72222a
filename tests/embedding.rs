//! Embedding: the library reads nothing but the bytes it is given unless file references are
//! explicitly allowed (and then only below the allowed folder), and it never touches the
//! network. Proved by tracing the system calls of real conversions with `strace`: this test
//! runs itself again under `strace`, in a mode where it converts hostile inputs between two
//! marker writes, and reads the trace of the converting thread between the markers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use connector_convert::{DirResolver, Options, convert};
use serde_json::json;

const BEGIN: &str = "<<embedding-probe-begin>>";
const END: &str = "<<embedding-probe-end>>";
const PROBE: &str = "CONNECTOR_CONVERT_EMBEDDING_PROBE";

/// Inputs that name files and URLs every way the formats allow.
fn hostile_inputs() -> Vec<Vec<u8>> {
    let openapi = json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1", "termsOfService": "https://example.com/tos"},
        "externalDocs": {"url": "http://127.0.0.1:9/docs"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/S"}}}}},
            "parameters": [{"$ref": "params.yaml#/P"}]}}},
        "components": {"schemas": {
            "S": {"type": "object", "properties": {
                "a": {"$ref": "common.yaml#/A"},
                "b": {"$ref": "../../../../../etc/passwd#/x"},
                "c": {"$ref": "/etc/hosts"},
                "d": {"$ref": "http://127.0.0.1:9/schema.json"},
                "e": {"$ref": "https://example.com/schema.json#/S"},
                "f": {"$ref": "file:///etc/hostname"},
                "g": {"$ref": "//example.com/x.json"}}}}}
    });
    let swagger = json!({
        "swagger": "2.0", "info": {"title": "T", "version": "1"}, "host": "api.example.com",
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
            "schema": {"$ref": "defs.json#/X"}}}}}},
        "definitions": {"Y": {"$ref": "http://127.0.0.1:9/y.json"}}
    });
    let postman = json!({
        "info": {"name": "C", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "r", "request": {"method": "POST",
            "url": "http://127.0.0.1:9/items?x={{x}}",
            "body": {"mode": "file", "file": {"src": "/etc/passwd"}}}},
            {"name": "f", "request": {"method": "POST", "url": "https://api.example.com/up",
            "body": {"mode": "formdata", "formdata": [{"key": "f", "type": "file", "src": "/etc/hosts"}]}}}]
    });
    let yaml = b"openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://api.example.com'}]\npaths:\n  /a:\n    $ref: 'paths.yaml#/a'\n".to_vec();
    vec![
        serde_json::to_vec(&openapi).unwrap(),
        serde_json::to_vec(&swagger).unwrap(),
        serde_json::to_vec(&postman).unwrap(),
        yaml,
    ]
}

/// What the probe does when run under strace: converts every input without file access,
/// then with file references allowed below `dir`, between the markers.
fn probe(dir: &Path) {
    let inputs = hostile_inputs();
    let allowed = Options::default().file_resolver(Arc::new(DirResolver::new(dir)));
    eprintln!("{BEGIN}");
    for input in &inputs {
        let _ = convert(input, &Options::default());
    }
    eprintln!("{BEGIN}-allowed");
    for input in &inputs {
        let _ = convert(input, &allowed);
    }
    eprintln!("{END}");
}

#[test]
fn embedding_probe() {
    // Only does something when run by the test below.
    if let Ok(dir) = std::env::var(PROBE) {
        probe(Path::new(&dir));
    }
}

fn strace_available() -> bool {
    Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The calls of one thread in a strace log: (thread id, call line).
fn calls(log: &str) -> Vec<(String, String)> {
    log.lines()
        .filter_map(|l| {
            let (tid, rest) = l.split_once(' ')?;
            Some((tid.to_owned(), rest.trim_start().to_owned()))
        })
        .collect()
}

#[test]
fn the_library_reads_only_allowed_files_and_never_the_network() {
    if !strace_available() {
        eprintln!("notice: strace is not installed; the embedding trace test is skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("connector-convert-embed-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("common.yaml"), "A: {type: string}\n").unwrap();
    std::fs::write(
        dir.join("params.yaml"),
        "P: {name: q, in: query, schema: {type: string}}\n",
    )
    .unwrap();
    std::fs::write(dir.join("defs.json"), r#"{"X": {"type": "integer"}}"#).unwrap();
    let dir = dir.canonicalize().unwrap();
    let log = dir.join("trace.log");
    let exe: PathBuf = std::env::current_exe().unwrap();
    let out = Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=%file,%network,write",
            "-s",
            "200",
            "-o",
        ])
        .arg(&log)
        .arg(&exe)
        .args([
            "--exact",
            "embedding_probe",
            "--test-threads=1",
            "--nocapture",
        ])
        .env(PROBE, &dir)
        .output()
        .unwrap();
    let trace = std::fs::read_to_string(&log).unwrap_or_default();
    if !out.status.success() && trace.is_empty() {
        // ptrace refused (a locked-down container): nothing can be traced here.
        eprintln!(
            "notice: strace could not trace the probe ({}); the embedding trace test is skipped",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return;
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let calls = calls(&trace);
    let start = calls
        .iter()
        .position(|(_, c)| c.starts_with("write(2") && c.contains(BEGIN))
        .expect("the probe's first marker is in the trace");
    let tid = calls[start].0.clone();
    let mut phase = 0;
    let mut problems = Vec::new();
    let mut allowed_reads = 0;
    for (t, c) in &calls[start + 1..] {
        if *t != tid {
            continue;
        }
        if c.starts_with("write(2") && c.contains(END) {
            phase = 2;
            break;
        }
        if c.starts_with("write(2") && c.contains(BEGIN) {
            phase = 1;
            continue;
        }
        if c.starts_with("write(") {
            continue;
        }
        let network = [
            "socket(",
            "connect(",
            "sendto(",
            "sendmsg(",
            "bind(",
            "getaddrinfo",
        ]
        .iter()
        .any(|n| c.starts_with(n));
        if network {
            problems.push(format!("network call: {c}"));
            continue;
        }
        // Every other traced call is about a file.
        let path = c.split('"').nth(1).unwrap_or_default();
        let inside = if path.is_empty() {
            // A call on a descriptor already opened (its status).
            true
        } else if Path::new(path).starts_with(&dir) {
            true
        } else {
            // Canonicalising the allowed folder reads its own ancestors' links.
            c.starts_with("readlink(") && dir.starts_with(path)
        };
        if phase == 0 {
            problems.push(format!("file call without file references allowed: {c}"));
        } else if !inside {
            problems.push(format!("file call outside the allowed folder: {c}"));
        } else if c.starts_with("openat(") {
            allowed_reads += 1;
        }
    }
    assert_eq!(phase, 2, "the probe did not finish:\n{trace}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The allowed folder was really read (so the trace does see file access).
    assert!(
        allowed_reads >= 3,
        "expected the referenced files to be opened, saw {allowed_reads} opens"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
