//! The `connector-convert` binary: exit codes, files written, diagnostics on stderr.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_connector-convert"))
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "connector-convert-cli-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn convert_writes_the_three_files_and_a_report() {
    let out = temp("ok");
    let report = out.with_extension("report.json");
    let fixture = common::repo().join("fixtures/openapi30/security-http-bearer.yaml");
    let status = bin()
        .args([
            "convert",
            fixture.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    for f in [
        "apiDefinition.swagger.json",
        "apiProperties.json",
        "settings.json",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(
        stderr.contains("info[OAS_SECURITY_MAPPED] /components/securitySchemes/bearer:"),
        "{stderr}"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert!(
        report
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "OAS_SECURITY_MAPPED")
    );
}

#[test]
fn failure_exits_1_and_writes_nothing() {
    let out = temp("fail");
    let input = out.with_extension("bad.json");
    std::fs::write(&input, "{\"openapi\": \"3.0.0\", \"info\": {").unwrap();
    let status = bin()
        .args([
            "convert",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(stderr.contains(":1:"), "location missing: {stderr}");
    assert!(!out.exists());
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let out = temp("deny");
    let fixture = common::repo().join("fixtures/openapi30/security-apikey-cookie.yaml");
    let status = bin()
        .args([
            "convert",
            fixture.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--deny-warnings",
        ])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn usage_errors_exit_2() {
    let status = bin().args(["convert"]).output().unwrap();
    assert_eq!(status.status.code(), Some(2));
}

#[test]
fn stdin_and_host_option() {
    use std::io::Write;
    let out = temp("stdin");
    let mut child = bin()
        .args([
            "convert",
            "-",
            "--out",
            out.to_str().unwrap(),
            "--host",
            "https://api.example.com/v9",
        ])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths: {}\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let def: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("apiDefinition.swagger.json")).unwrap())
            .unwrap();
    assert_eq!(def["host"], "api.example.com");
    assert_eq!(def["basePath"], "/v9");
}

#[test]
fn postman_v1_is_refused_clearly_and_v21_converts_with_variables() {
    let out = temp("postman");
    let v1 = out.with_extension("v1.json");
    std::fs::write(
        &v1,
        r#"{"id": "x", "name": "old", "order": [], "requests": []}"#,
    )
    .unwrap();
    let status = bin()
        .args([
            "convert",
            v1.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&status.stderr).contains("export it as Collection v2.1"));
    assert!(!out.exists());

    let env = out.with_extension("env.json");
    std::fs::write(
        &env,
        r#"{"name": "prod", "values": [{"key": "subdomain", "value": "acme", "enabled": true}]}"#,
    )
    .unwrap();
    let fixture = common::repo().join("fixtures/postman/tenant-host.postman_collection.json");
    let status = bin()
        .args([
            "convert",
            fixture.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--environment",
            env.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let def: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("apiDefinition.swagger.json")).unwrap())
            .unwrap();
    assert_eq!(def["host"], "acme.example.com");
    // --var wins over the environment.
    let status = bin()
        .args([
            "convert",
            fixture.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--environment",
            env.to_str().unwrap(),
            "--var",
            "subdomain=beta",
        ])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0));
    let def: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("apiDefinition.swagger.json")).unwrap())
            .unwrap();
    assert_eq!(def["host"], "beta.example.com");
    let status = bin()
        .args([
            "convert",
            fixture.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--var",
            "novalue",
        ])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(2));
}
