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
    // The digest: one line per code, with its count; the result line last.
    assert!(
        stderr.contains("info[OAS_SECURITY_MAPPED] ×1: HTTP bearer"),
        "{stderr}"
    );
    assert!(
        stderr
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("wrote "),
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

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_passes_a_good_package_and_fails_a_broken_one() {
    let base = common::repo().join("fixtures/check/base");
    let (code, stdout, _) = run(&[
        "check",
        base.to_str().unwrap(),
        "--profile",
        "certification",
    ]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("certification profile: 0 errors, 0 warnings"),
        "{stdout}"
    );

    // A definition file on its own, with a path parameter that is not required.
    let dir = temp("check-broken");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(base.join("apiDefinition.swagger.json")).unwrap();
    let mut def: serde_json::Value = serde_json::from_str(&text).unwrap();
    def["paths"]["/pets/{petId}"]["get"]["parameters"][0]["required"] = false.into();
    let file = dir.join("apiDefinition.swagger.json");
    std::fs::write(&file, serde_json::to_string(&def).unwrap()).unwrap();
    let (code, stdout, _) = run(&["check", file.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("error[PathParameterMustBeRequired] apiDefinition.swagger.json#/paths/~1pets~1{petId}/get/parameters/0/required"),
        "{stdout}"
    );

    // JSON: an array of findings with file and pointer.
    let (code, stdout, _) = run(&["check", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, Some(1));
    let findings: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let first = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "PathParameterMustBeRequired")
        .unwrap();
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "apiDefinition.swagger.json");

    // SARIF 2.1.0: rules in the driver, results pointing at the file and the JSON pointer.
    let (code, stdout, _) = run(&["check", file.to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(code, Some(1));
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let result = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "PathParameterMustBeRequired")
        .unwrap();
    assert_eq!(result["level"], "error");
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "PathParameterMustBeRequired");
    assert_eq!(
        result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "/paths/~1pets~1{petId}/get/parameters/0/required"
    );
    assert!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("apiDefinition.swagger.json")
    );

    // Not JSON: a finding with the file, line and column in every format, exit 1.
    std::fs::write(&file, "{\"swagger\": \"2.0\",\n  \"host\": 1,\n}").unwrap();
    let (code, stdout, _) = run(&["check", file.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("error[FileNotReadable] apiDefinition.swagger.json:3:1#/"),
        "{stdout}"
    );
    let (code, stdout, _) = run(&["check", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, Some(1));
    let findings: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(findings[0]["code"], "FileNotReadable");
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(3), Some(1))
    );
    let (code, stdout, _) = run(&["check", file.to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(code, Some(1));
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["region"]["startLine"], 3);
    assert!(
        location["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("apiDefinition.swagger.json")
    );
    // A folder without a definition.
    let empty = temp("check-empty");
    std::fs::create_dir_all(&empty).unwrap();
    let (code, _, stderr) = run(&["check", empty.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("apiDefinition.swagger.json"), "{stderr}");
}

#[test]
fn certification_options_give_a_package_that_passes_certification() {
    let out = temp("cert");
    let fixture = common::repo().join("fixtures/openapi30/request-bodies.yaml");
    let (code, _, stderr) = run(&[
        "convert",
        fixture.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--publisher",
        "Contoso",
        "--website",
        "https://contoso.example.com",
        "--privacy-policy",
        "https://contoso.example.com/privacy",
        "--categories",
        "Data;Productivity",
        "--contact-email",
        "dev@contoso.example.com",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stdout, _) = run(&["check", out.to_str().unwrap(), "--profile", "certification"]);
    assert_eq!(code, Some(0), "{stdout}");
    let props: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("apiProperties.json")).unwrap())
            .unwrap();
    assert_eq!(props["properties"]["publisher"], "Contoso");
    assert_eq!(props["properties"]["stackOwner"], "Contoso");
    // Without them, certification lists what is missing.
    let bare = temp("cert-bare");
    let (code, _, _) = run(&[
        "convert",
        fixture.to_str().unwrap(),
        "--out",
        bare.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0));
    let (code, stdout, _) = run(&[
        "check",
        bare.to_str().unwrap(),
        "--profile",
        "certification",
    ]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("x-ms-connector-metadata"), "{stdout}");
    assert!(stdout.contains("publisher"), "{stdout}");
}

#[test]
fn unknown_categories_are_reported_and_left_out() {
    let out = temp("categories");
    let fixture = common::repo().join("fixtures/openapi30/request-bodies.yaml");
    let (code, _, stderr) = run(&[
        "convert",
        "--verbose",
        fixture.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--categories",
        "Data,Pets,AI,Finance",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("`Pets` is not a connector category"),
        "{stderr}"
    );
    assert!(stderr.contains("at most two categories"), "{stderr}");
    let def: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("apiDefinition.swagger.json")).unwrap(),
    )
    .unwrap();
    let categories = def["x-ms-connector-metadata"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["propertyName"] == "Categories")
        .unwrap();
    assert_eq!(categories["propertyValue"], "Data;AI");
}

#[test]
fn convert_reports_checker_findings_and_fails_when_the_platform_would_reject() {
    // 300 operations: written, but over the platform's limit, so exit 1 with the finding.
    let mut paths = serde_json::Map::new();
    for i in 0..300 {
        paths.insert(
            format!("/items/n{i}"),
            serde_json::json!({"get": {"responses": {"200": {"description": "OK"}}}}),
        );
    }
    let spec = serde_json::json!({"swagger": "2.0", "info": {"title": "Many", "version": "1"},
        "host": "api.example.com", "paths": paths});
    let dir = temp("many");
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("many.json");
    std::fs::write(&input, spec.to_string()).unwrap();
    let out = dir.join("out");
    let (code, _, stderr) = run(&[
        "convert",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error[TotalOperationsCountExceedsMaxAllowed] apiDefinition.swagger.json#/paths"
        ),
        "{stderr}"
    );
    assert!(out.join("apiDefinition.swagger.json").is_file());
}

#[test]
fn selection_and_split_options() {
    let spec = serde_json::json!({"openapi": "3.0.3",
        "info": {"title": "Shop", "version": "1", "description": "A shop with pets and orders to manage."},
        "servers": [{"url": "https://shop.example.com"}],
        "paths": {
            "/pets": {"get": {"tags": ["pets"], "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}}},
            "/orders": {"get": {"tags": ["orders"], "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}}}}}},
        "components": {"schemas": {"Pet": {"type": "object"}, "Order": {"type": "object"}}}});
    let dir = temp("select");
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("shop.json");
    std::fs::write(&input, spec.to_string()).unwrap();

    let out = dir.join("pets");
    let (code, _, stderr) = run(&[
        "convert",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--include-tag",
        "pets",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let def: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("apiDefinition.swagger.json")).unwrap(),
    )
    .unwrap();
    assert!(def["paths"].get("/orders").is_none());
    assert!(def["definitions"].get("Order").is_none());
    assert!(stderr.contains("XMS_SELECTION"), "{stderr}");

    let split = dir.join("split");
    let (code, _, stderr) = run(&[
        "convert",
        input.to_str().unwrap(),
        "--out",
        split.to_str().unwrap(),
        "--split-by-tag",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    for part in ["pets", "orders"] {
        assert!(
            split
                .join(part)
                .join("apiDefinition.swagger.json")
                .is_file(),
            "{part} missing: {stderr}"
        );
        let (code, stdout, _) = run(&["check", split.join(part).to_str().unwrap()]);
        assert_eq!(code, Some(0), "{stdout}");
    }
    // Parts are staged while they are written; only the parts are left.
    let mut left: Vec<String> = std::fs::read_dir(&split)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["orders", "pets"]);

    // A refused split writes nothing, and leaves no staging folder: a cookie parameter is
    // dropped with a warning, and --deny-warnings refuses it.
    let mut warning = spec.clone();
    warning["paths"]["/pets"]["get"]["parameters"] =
        serde_json::json!([{"name": "session", "in": "cookie", "schema": {"type": "string"}}]);
    let warning_input = dir.join("warning.json");
    std::fs::write(&warning_input, warning.to_string()).unwrap();
    let refused = dir.join("refused");
    std::fs::create_dir_all(&refused).unwrap();
    let (code, _, stderr) = run(&[
        "convert",
        warning_input.to_str().unwrap(),
        "--out",
        refused.to_str().unwrap(),
        "--split-by-tag",
        "--deny-warnings",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(std::fs::read_dir(&refused).unwrap().count(), 0, "{stderr}");
}

#[test]
fn overlays_keep_customisations_across_regenerations() {
    let fixture = common::repo().join("fixtures/openapi30/request-bodies.yaml");
    let overlay = common::repo().join("fixtures/overlays/request-bodies.overlay.yaml");
    let out = temp("overlay");
    let (code, _, stderr) = run(&[
        "convert",
        "--verbose",
        fixture.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--overlay",
        overlay.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let def: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("apiDefinition.swagger.json")).unwrap(),
    )
    .unwrap();
    let post = &def["paths"]["/json"]["post"];
    assert_eq!(post["summary"], "Send a JSON document");
    assert_eq!(post["x-ms-visibility"], "important");
    assert_eq!(
        def["info"]["x-ms-keywords"],
        serde_json::json!(["json", "upload"])
    );
    assert_eq!(post["parameters"][0]["x-ms-visibility"], "important");
    let upload = def["paths"]["/upload"]["post"]["parameters"]
        .as_array()
        .unwrap();
    assert!(upload.iter().all(|p| p["name"] != "note"), "{upload:?}");
    // The action whose target is gone is reported by name, with its place in the overlay.
    assert!(
        stderr.contains("warning[OVERLAY_NO_MATCH] /actions/4:")
            && stderr.contains("An operation the API no longer has"),
        "{stderr}"
    );

    // Moving a hand-tuned connector onto the workflow: `overlay OLD EDITED` then regenerate.
    let plain = temp("overlay-plain");
    let (code, _, _) = run(&[
        "convert",
        fixture.to_str().unwrap(),
        "--out",
        plain.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0));
    let mut edited: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(plain.join("apiDefinition.swagger.json")).unwrap(),
    )
    .unwrap();
    edited["paths"]["/form"]["post"]["summary"] = "Submit the form".into();
    edited["paths"]["/form"]["post"]["parameters"]
        .as_array_mut()
        .unwrap()
        .remove(1);
    edited["info"]["description"] =
        "Sends documents, forms and files to the example service.".into();
    let edited_file = temp("overlay-edited.json");
    std::fs::write(&edited_file, serde_json::to_string_pretty(&edited).unwrap()).unwrap();
    let (code, overlay_text, stderr) = run(&[
        "overlay",
        plain.to_str().unwrap(),
        edited_file.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let made = temp("overlay-made.json");
    std::fs::write(&made, overlay_text).unwrap();
    let again = temp("overlay-again");
    let (code, _, stderr) = run(&[
        "convert",
        fixture.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
        "--overlay",
        made.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let regenerated: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(again.join("apiDefinition.swagger.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(regenerated, edited);
    assert!(!stderr.contains("OVERLAY_NO_MATCH"), "{stderr}");

    // A broken overlay stops the conversion with its place.
    let bad = temp("overlay-bad.yaml");
    std::fs::write(&bad, "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: \"$[\"\n    remove: true\n").unwrap();
    let (code, _, stderr) = run(&[
        "convert",
        fixture.to_str().unwrap(),
        "--out",
        temp("overlay-none").to_str().unwrap(),
        "--overlay",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("/actions/0/target"), "{stderr}");
}

#[test]
fn diff_reports_breaking_changes_and_fails_on_them() {
    let base = common::repo().join("fixtures/check/base");
    let new = temp("diff-new");
    std::fs::create_dir_all(&new).unwrap();
    for f in ["apiProperties.json", "settings.json"] {
        std::fs::copy(base.join(f), new.join(f)).unwrap();
    }
    let text = std::fs::read_to_string(base.join("apiDefinition.swagger.json")).unwrap();
    let mut def: serde_json::Value = serde_json::from_str(&text).unwrap();
    def["paths"]["/pets/{petId}"]
        .as_object_mut()
        .unwrap()
        .remove("delete");
    def["host"] = "pets2.contoso.example.com".into();
    std::fs::write(
        new.join("apiDefinition.swagger.json"),
        serde_json::to_string_pretty(&def).unwrap(),
    )
    .unwrap();

    let (code, stdout, _) = run(&["diff", base.to_str().unwrap(), base.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("0 breaking, 0 warnings, 0 other changes"),
        "{stdout}"
    );

    let (code, stdout, _) = run(&["diff", base.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("breaking[OperationRemoved] operation `DeletePet`")
            && stdout.contains("(old apiDefinition.swagger.json#/paths/~1pets~1{petId}/delete)"),
        "{stdout}"
    );

    let (_, stdout, _) = run(&[
        "diff",
        base.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let changes: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let kinds: Vec<&str> = changes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"OperationRemoved") && kinds.contains(&"BackendChanged"),
        "{kinds:?}"
    );

    let (_, stdout, _) = run(&[
        "diff",
        base.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    assert!(stdout.starts_with("### Connector changes"), "{stdout}");
    assert!(stdout.contains("**1 breaking**, 1 warnings"), "{stdout}");
    assert!(stdout.contains("| `OperationRemoved` |"), "{stdout}");

    // Only the host changed: a warning, which fails only with --fail-on warn.
    def["paths"]["/pets/{petId}"]["delete"] = serde_json::from_str::<serde_json::Value>(&text)
        .unwrap()["paths"]["/pets/{petId}"]["delete"]
        .clone();
    let file = temp("diff-host.json");
    std::fs::write(&file, serde_json::to_string(&def).unwrap()).unwrap();
    let old_file = base.join("apiDefinition.swagger.json");
    let (code, _, _) = run(&["diff", old_file.to_str().unwrap(), file.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let (code, _, _) = run(&[
        "diff",
        old_file.to_str().unwrap(),
        file.to_str().unwrap(),
        "--fail-on",
        "warn",
    ]);
    assert_eq!(code, Some(1));
}

/// A large specification gives a digest a person reads at a glance: under 40 lines, every
/// error and every code with its count, the result line last; `--verbose` lists everything and
/// `-q` the errors only.
#[test]
fn convert_prints_a_digest_of_a_large_spec() {
    let Some(shared) = common::shared() else {
        eprintln!("notice: ../shared is absent; the digest test skips");
        return;
    };
    let spec = shared.join("corpus/oas31/openai.yaml");
    let out = temp("digest");
    let report = temp("digest-report.json");
    let (code, _, stderr) = run(&[
        "convert",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1), "over the limits: {stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(lines.len() < 40, "{} lines:\n{stderr}", lines.len());
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("wrote ") && last.contains("operations (at most 256)"),
        "{last}"
    );
    assert!(last.contains("--split-by-tag"), "{last}");
    assert!(!stderr.contains('\x1b'), "no colour when piped");
    // Every error is there, and every code with its count.
    let report: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let key = |v: &serde_json::Value| {
        (
            v["severity"].as_str().unwrap().to_owned(),
            v["code"].as_str().unwrap().to_owned(),
        )
    };
    let errors = report.iter().filter(|v| v["severity"] == "error").count();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("error[")).count(),
        errors,
        "{stderr}"
    );
    for v in report.iter().filter(|v| v["severity"] != "error") {
        let n = report.iter().filter(|x| key(x) == key(v)).count();
        let (severity, code) = key(v);
        let shown = format!("{severity}[{code}] ×{n}:");
        assert!(stderr.contains(&shown), "{shown} missing:\n{stderr}");
    }
    let (_, _, verbose) = run(&[
        "convert",
        "--verbose",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        verbose.lines().count() > report.len(),
        "--verbose lists every diagnostic"
    );
    let (_, _, quiet) = run(&[
        "convert",
        "-q",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        !quiet.contains("warning[") && !quiet.contains("info["),
        "{quiet}"
    );
    assert!(
        quiet.contains("error[TotalOperationsCountExceedsMaxAllowed]"),
        "{quiet}"
    );
}

/// A reader that closes the pipe early (`| head`) ends the command quietly: no panic.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    // A definition with thousands of findings: far more output than a pipe buffers.
    let paths: serde_json::Map<String, serde_json::Value> = (0..3000)
        .map(|i| {
            (
                format!("/p{i}"),
                serde_json::json!({"get": {"operationId": format!("o{i}"), "responses": {}}}),
            )
        })
        .collect();
    let def = serde_json::json!({"swagger": "2.0", "info": {"title": "T", "version": "1"},
        "host": "api.example.com", "schemes": ["https"], "paths": paths});
    let dir = temp("pipe");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("apiDefinition.swagger.json");
    std::fs::write(&file, def.to_string()).unwrap();
    for format in ["json", "sarif", "text"] {
        let mut child = bin()
            .args(["check", file.to_str().unwrap(), "--format", format])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Read a little, then close our end before the command is done writing.
        let mut stdout = child.stdout.take().unwrap();
        let mut some = [0u8; 64];
        let _ = stdout.read(&mut some);
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert!(
            output.status.code().is_some(),
            "{format}: ended by a signal"
        );
    }
}

/// `--include-operation` takes the input's own operation id as well as the connector's, and a
/// selection that keeps nothing is an error naming the nearest ids, with nothing written.
#[test]
fn selection_by_the_inputs_ids_and_an_empty_selection() {
    let fixture = common::repo().join("fixtures/openapi30/operation-ids-and-paths.yaml");
    let out = temp("select-input-id");
    let (code, _, stderr) = run(&[
        "convert",
        fixture.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--include-operation",
        "repos.create",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let def: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("apiDefinition.swagger.json")).unwrap(),
    )
    .unwrap();
    let ids: Vec<&str> = def["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|i| i.as_object().unwrap().values())
        .filter_map(|op| op["operationId"].as_str())
        .collect();
    assert_eq!(ids, ["CreateRepos"], "{stderr}");

    let out = temp("select-nothing");
    let (code, _, stderr) = run(&[
        "convert",
        fixture.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--include-operation",
        "repo.create",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the selection keeps no operation"),
        "{stderr}"
    );
    assert!(stderr.contains("`repos.create`"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn sign_in_is_inferred_declared_or_reported_missing() {
    let fixtures = common::repo().join("fixtures/openapi30");
    let keyed = fixtures.join("credential-without-scheme.yaml");
    let plain = fixtures.join("servers-relative.yaml");
    let read = |dir: &std::path::Path, file: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(file)).unwrap()).unwrap()
    };
    // The header every request sends became the sign-in and left the actions.
    let out = temp("auth-inferred");
    let (code, _, stderr) = run(&[
        "convert",
        keyed.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("XMS_SIGN_IN"), "{stderr}");
    let def = read(&out, "apiDefinition.swagger.json");
    assert_eq!(def["securityDefinitions"]["api_key"]["name"], "x-api-key");
    assert_eq!(def["securityDefinitions"]["api_key"]["in"], "header");
    let names: Vec<&str> = def["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|i| i.as_object().unwrap().values())
        .flat_map(|op| op["parameters"].as_array().into_iter().flatten())
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(
        !names.iter().any(|n| n.eq_ignore_ascii_case("x-api-key")),
        "{names:?}"
    );
    // A one-time `token` on one operation is no sign-in.
    assert!(names.contains(&"token"), "{names:?}");
    let props = read(&out, "apiProperties.json");
    assert_eq!(
        props["properties"]["connectionParameters"]["api_key"]["type"],
        "securestring"
    );

    // No credential at all: a warning that says how to declare one; `--auth none` settles it.
    let out = temp("auth-missing");
    let (code, _, stderr) = run(&[
        "convert",
        plain.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--host",
        "api.example.com",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("XMS_NO_SIGN_IN") && stderr.contains("--auth"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&[
        "convert",
        plain.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--host",
        "api.example.com",
        "--auth",
        "none",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("XMS_NO_SIGN_IN"), "{stderr}");

    // Declared by the options.
    let (code, _, stderr) = run(&[
        "convert",
        plain.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--host",
        "api.example.com",
        "--auth",
        "api-key",
        "--auth-query",
        "key",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let def = read(&out, "apiDefinition.swagger.json");
    assert_eq!(def["securityDefinitions"]["api_key"]["in"], "query");
    assert_eq!(def["security"][0]["api_key"], serde_json::json!([]));
    let (code, _, stderr) = run(&[
        "convert",
        plain.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--host",
        "api.example.com",
        "--auth",
        "oauth2",
        "--authorization-url",
        "https://login.example.com/authorize",
        "--token-url",
        "https://login.example.com/token",
        "--scope",
        "read,write",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let props = read(&out, "apiProperties.json");
    assert_eq!(
        props["properties"]["connectionParameters"]["token"]["oAuthSettings"]["scopes"],
        serde_json::json!(["read", "write"])
    );
    // What is missing is said, with exit status 2.
    for (args, says) in [
        (
            vec!["--auth", "api-key"],
            "--auth-header NAME or --auth-query NAME",
        ),
        (
            vec!["--auth", "oauth2", "--token-url", "https://x.example.com/t"],
            "--authorization-url",
        ),
        (vec!["--auth-header", "X-Key"], "need --auth api-key"),
        (
            vec!["--auth", "basic", "--scope", "read"],
            "takes no key name",
        ),
    ] {
        let mut all = vec![
            "convert",
            plain.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--host",
            "api.example.com",
        ];
        all.extend(args);
        let (code, _, stderr) = run(&all);
        assert_eq!(code, Some(2), "{all:?}: {stderr}");
        assert!(stderr.contains(says), "{all:?}: {stderr}");
    }
}

#[test]
fn operation_ids_are_pascal_case_unless_the_previous_version_named_them() {
    let fixture = common::repo().join("fixtures/openapi30/credential-without-scheme.yaml");
    let ids_in = |dir: &std::path::Path| -> Vec<String> {
        let def: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("apiDefinition.swagger.json")).unwrap(),
        )
        .unwrap();
        def["paths"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|i| i.as_object().unwrap().values())
            .filter_map(|op| op["operationId"].as_str().map(str::to_owned))
            .collect()
    };
    let out = temp("pascal-ids");
    let (code, _, stderr) = run(&[
        "convert",
        fixture.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        ids_in(&out),
        ["ListDocuments", "UploadDocument", "ShareDocument"]
    );
    assert!(stderr.contains("XMS_OPERATION_ID_RENAMED"), "{stderr}");
    // A previous version that used the input's ids keeps them, so flows keep working.
    let previous = out.join("apiDefinition.swagger.json");
    let text = std::fs::read_to_string(&previous)
        .unwrap()
        .replace("\"ListDocuments\"", "\"list_documents\"");
    std::fs::write(&previous, text).unwrap();
    let again = temp("pascal-ids-again");
    let (code, _, stderr) = run(&[
        "convert",
        fixture.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
        "--previous",
        previous.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        ids_in(&again),
        ["list_documents", "UploadDocument", "ShareDocument"]
    );
    assert!(stderr.contains("XMS_OPERATION_ID_KEPT"), "{stderr}");
}
