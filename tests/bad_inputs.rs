//! The bad-input catalogue: malformed and hostile inputs across the three formats. Each case
//! states the outcome a user should get — an error of a given category with its location
//! (line and column where the parser has them, a JSON pointer otherwise), or a conversion
//! that recovers and reports the problem with a stable code at the input's pointer — and,
//! through the binary, that a failed conversion writes nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::process::Command;

use connector_convert::{Category, Limits, Options, convert};
use serde_json::{Value, json};

/// What a case must give.
enum Expect {
    /// The conversion fails with this category; the message contains `text`, and the error
    /// carries this line/column when given.
    Fails(Category, &'static str, Option<(usize, usize)>),
    /// The conversion succeeds and reports `code` at `pointer`.
    Reports(&'static str, &'static str),
    /// The conversion succeeds (the input is odd but valid).
    Converts,
}

struct Case {
    name: &'static str,
    input: Vec<u8>,
    expect: Expect,
}

fn oas(paths: Value) -> Value {
    json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
        "servers": [{"url": "https://api.example.com"}], "paths": paths})
}

fn oas_with(extra: Value) -> Vec<u8> {
    let mut v = oas(json!({"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}));
    if let (Some(m), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        for (k, x) in e {
            m.insert(k.clone(), x.clone());
        }
    }
    v.to_string().into_bytes()
}

fn schema_ref_spec(schemas: Value) -> Vec<u8> {
    let mut v = oas(
        json!({"/a": {"get": {"responses": {"200": {"description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}}}}}),
    );
    v["components"] = json!({"schemas": schemas});
    v.to_string().into_bytes()
}

fn swagger(extra: Value) -> Vec<u8> {
    let mut v = json!({"swagger": "2.0", "info": {"title": "T", "version": "1"},
        "host": "api.example.com",
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}});
    if let (Some(m), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        for (k, x) in e {
            m.insert(k.clone(), x.clone());
        }
    }
    v.to_string().into_bytes()
}

fn postman(item: Value) -> Vec<u8> {
    json!({"info": {"name": "C", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": item})
    .to_string()
    .into_bytes()
}

fn request(r: Value) -> Value {
    json!([{"name": "r", "request": r}])
}

fn deep(n: usize, open: &str, close: &str) -> Vec<u8> {
    let mut s = String::from("{\"openapi\": \"3.0.3\", \"x\": ");
    s.push_str(&open.repeat(n));
    s.push_str(&close.repeat(n));
    s.push('}');
    s.into_bytes()
}

fn cases() -> Vec<Case> {
    use Expect::*;
    let cycle = |n: usize| {
        let mut m = serde_json::Map::new();
        for i in 0..n {
            m.insert(
                format!("S{i}"),
                json!({"$ref": format!("#/components/schemas/S{}", (i + 1) % n)}),
            );
        }
        schema_ref_spec(Value::Object(m))
    };
    // `n` schemas each naming the next, behind the response's own `$ref`: n + 1 hops.
    let chain = |n: usize| {
        let mut m = serde_json::Map::new();
        for i in 0..n {
            m.insert(
                format!("S{i}"),
                json!({"$ref": format!("#/components/schemas/S{}", i + 1)}),
            );
        }
        m.insert(format!("S{n}"), json!({"type": "string"}));
        schema_ref_spec(Value::Object(m))
    };
    let many_ops = {
        let mut paths = serde_json::Map::new();
        for i in 0..100_000 {
            paths.insert(
                format!("/r{i}"),
                json!({"get": {"responses": {"200": {"description": "ok"}}}}),
            );
        }
        oas(Value::Object(paths)).to_string().into_bytes()
    };
    let many_params = {
        let params: Vec<Value> = (0..1000)
            .map(|i| json!({"name": format!("p{i}"), "in": "query", "schema": {"type": "string"}}))
            .collect();
        oas(json!({"/a": {"get": {"parameters": params, "responses": {"200": {"description": "ok"}}}}}))
            .to_string()
            .into_bytes()
    };
    let laughs = {
        let mut s =
            String::from("openapi: 3.0.3\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            s.push_str(&format!(
                "l{i}: &l{i} [{}]\n",
                vec![format!("*l{}", i - 1); 9].join(", ")
            ));
        }
        s.push_str("info: {title: T, version: '1'}\npaths: {}\n");
        s.into_bytes()
    };
    let utf16 = {
        let text = String::from_utf8(oas_with(json!({}))).unwrap();
        let mut b = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        b
    };
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(oas_with(json!({})));
    vec![
        // Not a document at all.
        Case {
            name: "empty file",
            input: vec![],
            expect: Fails(Category::Syntax, "empty", None),
        },
        Case {
            name: "white space only",
            input: b"  \n\t \n".to_vec(),
            expect: Fails(Category::Syntax, "empty", None),
        },
        Case {
            name: "binary garbage",
            input: vec![0x00, 0xFF, 0x13, 0x37, 0x00, 0x9F],
            expect: Fails(Category::Syntax, "not UTF-8", None),
        },
        Case {
            name: "invalid UTF-8 inside a string",
            input: b"{\"openapi\": \"3.0.3\", \"x\": \"\xC3\x28\"}".to_vec(),
            expect: Fails(Category::Syntax, "not UTF-8", None),
        },
        Case {
            name: "UTF-16 with a byte-order mark",
            input: utf16,
            expect: Converts,
        },
        Case {
            name: "UTF-8 with a byte-order mark",
            input: bom,
            expect: Converts,
        },
        Case {
            name: "truncated JSON",
            input: b"{\"openapi\": \"3.0.3\",\n \"info\": {".to_vec(),
            expect: Fails(
                Category::Syntax,
                "EOF while parsing an object",
                Some((2, 10)),
            ),
        },
        Case {
            name: "truncated YAML",
            input: b"openapi: 3.0.3\ninfo: {title: T,\n".to_vec(),
            expect: Fails(Category::Syntax, "invalid YAML", Some((3, 1))),
        },
        Case {
            name: "JSON with a trailing comma",
            input: b"{\"openapi\": \"3.0.3\",\n \"paths\": {},\n}".to_vec(),
            expect: Fails(Category::Syntax, "invalid JSON", Some((3, 1))),
        },
        Case {
            name: "JSON with a comment",
            input: b"{\"openapi\": \"3.0.3\", // note\n \"paths\": {}}".to_vec(),
            expect: Fails(Category::Syntax, "key must be a string", Some((1, 22))),
        },
        Case {
            name: "JSON with NaN",
            input: b"{\"openapi\": NaN}".to_vec(),
            expect: Fails(Category::Syntax, "invalid JSON", Some((1, 13))),
        },
        Case {
            name: "YAML with a tab indent",
            input: b"openapi: 3.0.3\ninfo:\n\ttitle: T\n".to_vec(),
            expect: Fails(Category::Syntax, "invalid YAML", Some((3, 1))),
        },
        Case {
            name: "duplicate key in JSON",
            input: b"{\"openapi\": \"3.0.3\",\n \"info\": {\"title\": \"a\", \"title\": \"b\"}}"
                .to_vec(),
            expect: Fails(
                Category::Syntax,
                "duplicate key `title` in the object at /info",
                Some((2, 31)),
            ),
        },
        Case {
            name: "duplicate key in YAML",
            input: b"openapi: 3.0.3\npaths:\n  /a: {}\n  /a: {}\n".to_vec(),
            expect: Fails(
                Category::Syntax,
                "duplicate key `/a` in the object at /paths",
                Some((4, 3)),
            ),
        },
        Case {
            name: "a YAML billion laughs",
            input: laughs,
            expect: Fails(Category::Limit, "billion laughs", None),
        },
        Case {
            name: "10,000-deep JSON arrays",
            input: deep(10_000, "[", "]"),
            expect: Fails(
                Category::Limit,
                "nests deeper than 126 levels at /x/0/0/0",
                Some((1, 152)),
            ),
        },
        Case {
            name: "10,000-deep JSON objects",
            input: deep(10_000, "{\"a\":", "}"),
            expect: Fails(
                Category::Limit,
                "nests deeper than 126 levels at /x/a/a/a",
                Some((1, 652)),
            ),
        },
        Case {
            name: "10,000-deep YAML flow",
            input: format!(
                "openapi: 3.0.3\nx: {}{}\n",
                "[".repeat(10_000),
                "]".repeat(10_000)
            )
            .into_bytes(),
            expect: Fails(
                Category::Limit,
                "nests deeper than 126 levels at /x/0/0",
                Some((2, 129)),
            ),
        },
        Case {
            name: "root is an array",
            input: b"[1, 2]".to_vec(),
            expect: Fails(Category::Syntax, "root is an array", None),
        },
        Case {
            name: "root is a string",
            input: b"\"openapi\"".to_vec(),
            expect: Fails(Category::Syntax, "root is a string", None),
        },
        // Documents that are not API descriptions, or not a supported version.
        Case {
            name: "not an API description",
            input: b"{\"hello\": \"world\"}".to_vec(),
            expect: Fails(Category::Format, "not", None),
        },
        Case {
            name: "OpenAPI 4.0",
            input: oas_with(json!({"openapi": "4.0.0"})),
            expect: Fails(Category::Format, "4.0.0", None),
        },
        Case {
            name: "OpenAPI version as a number",
            input: oas_with(json!({"openapi": 3.0})),
            expect: Fails(Category::Invalid, "at /openapi: invalid type", None),
        },
        Case {
            name: "Swagger 1.2",
            input: b"{\"swaggerVersion\": \"1.2\", \"apis\": []}".to_vec(),
            expect: Fails(Category::Format, "1.2", None),
        },
        Case {
            name: "swagger 3.0",
            input: swagger(json!({"swagger": "3.0"})),
            expect: Fails(Category::Format, "3.0", None),
        },
        Case {
            name: "Postman v1 collection",
            input: b"{\"id\": \"x\", \"name\": \"C\", \"requests\": [], \"order\": []}".to_vec(),
            expect: Fails(
                Category::Format,
                "Postman v1 collections are not supported",
                None,
            ),
        },
        Case {
            name: "input over the size limit",
            input: vec![b' '; 70 * 1024 * 1024],
            expect: Fails(Category::Limit, "--max-input-bytes", None),
        },
        // OpenAPI 3: wrong types for the major fields.
        Case {
            name: "OpenAPI: info is a string",
            input: oas_with(json!({"info": "T"})),
            expect: Fails(Category::Invalid, "at /info: invalid type", None),
        },
        Case {
            name: "OpenAPI: paths is an array",
            input: oas_with(json!({"paths": []})),
            expect: Fails(Category::Invalid, "at /paths: invalid type", None),
        },
        Case {
            name: "OpenAPI: a path item is a string",
            input: oas_with(
                json!({"paths": {"/a": "x", "/b": {"get": {"responses": {"200": {"description": "ok"}}}}}}),
            ),
            expect: Reports("OAS_INVALID", "/paths/~1a"),
        },
        Case {
            name: "OpenAPI: an operation is a number",
            input: oas_with(
                json!({"paths": {"/a": {"get": 7, "post": {"responses": {"200": {"description": "ok"}}}}}}),
            ),
            expect: Reports("OAS_INVALID", "/paths/~1a/get"),
        },
        Case {
            name: "OpenAPI: parameters is an object",
            input: oas_with(
                json!({"paths": {"/a": {"get": {"parameters": {}, "responses": {"200": {"description": "ok"}}}}}}),
            ),
            expect: Reports("OAS_INVALID", "/paths/~1a/get"),
        },
        Case {
            name: "OpenAPI: a parameter without a name",
            input: oas_with(
                json!({"paths": {"/a": {"get": {"parameters": [{"in": "query"}], "responses": {"200": {"description": "ok"}}}}}}),
            ),
            expect: Reports("OAS_INVALID", "/paths/~1a/get/parameters/0"),
        },
        Case {
            name: "OpenAPI: responses is an array",
            input: oas_with(json!({"paths": {"/a": {"get": {"responses": []}}}})),
            expect: Reports("OAS_INVALID", "/paths/~1a/get"),
        },
        Case {
            name: "OpenAPI: a schema type is a number",
            input: schema_ref_spec(json!({"S0": {"type": 5}})),
            expect: Reports("OAS_SCHEMA_INVALID", "/components/schemas/S0/type"),
        },
        Case {
            name: "OpenAPI: a schema's maxLength is a string",
            input: schema_ref_spec(json!({"S0": {"type": "string", "maxLength": "10"}})),
            expect: Reports("OAS_SCHEMA_INVALID", "/components/schemas/S0/maxLength"),
        },
        Case {
            name: "OpenAPI: a schema's enum is an object",
            input: schema_ref_spec(json!({"S0": {"type": "string", "enum": {"a": 1}}})),
            expect: Reports("OAS_SCHEMA_INVALID", "/components/schemas/S0/enum"),
        },
        Case {
            name: "OpenAPI: a property is a string",
            input: schema_ref_spec(
                json!({"S0": {"type": "object", "properties": {"a": "string"}}}),
            ),
            expect: Reports("OAS_SCHEMA_INVALID", "/components/schemas/S0/properties/a"),
        },
        Case {
            name: "OpenAPI: components.schemas is an array",
            input: oas_with(json!({"components": {"schemas": []}})),
            expect: Reports("OAS_INVALID", "/components/schemas"),
        },
        Case {
            name: "OpenAPI: servers is a string",
            input: oas_with(json!({"servers": "https://api.example.com"})),
            expect: Fails(Category::Invalid, "at /servers: invalid type", None),
        },
        Case {
            name: "OpenAPI: security is an object",
            input: oas_with(json!({"security": {}})),
            expect: Fails(Category::Invalid, "at /security: invalid type", None),
        },
        Case {
            name: "OpenAPI: a cookie parameter",
            input: oas_with(
                json!({"paths": {"/a": {"get": {"parameters": [{"name": "c", "in": "cookie", "schema": {"type": "string"}}], "responses": {"200": {"description": "ok"}}}}}}),
            ),
            expect: Reports("OAS_COOKIE_PARAMETER", "/paths/~1a/get/parameters/0"),
        },
        Case {
            name: "OpenAPI: relative server",
            input: oas_with(json!({"servers": [{"url": "/v1"}]})),
            expect: Fails(Category::HostRequired, "--host", None),
        },
        // References.
        Case {
            name: "dangling $ref",
            input: schema_ref_spec(
                json!({"S0": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Nope"}}}}),
            ),
            expect: Reports("OAS_REF_NOT_FOUND", "/components/schemas/S0/properties/x"),
        },
        Case {
            // A schema that merges itself through allOf in two places, as AWS's filter
            // expressions do: the recursion stops at the second level.
            name: "allOf recursion through several properties",
            input: schema_ref_spec(json!({"S0": {"type": "object", "properties": {
                "and": {"allOf": [{"$ref": "#/components/schemas/S0"}, {"properties": {"both": {"type": "boolean"}}}]},
                "or": {"allOf": [{"$ref": "#/components/schemas/S0"}, {"properties": {"either": {"type": "boolean"}}}]},
                "not": {"allOf": [{"$ref": "#/components/schemas/S0"}, {"properties": {"neither": {"type": "boolean"}}}]}}}})),
            expect: Expect::Reports(
                "OAS_REF_CYCLE",
                "/components/schemas/S0/properties/and/properties/and/allOf/0",
            ),
        },
        Case {
            // A reference with only annotations beside it stays a reference: no copy, no cycle.
            name: "allOf of a recursive reference and a description",
            input: schema_ref_spec(json!({"S0": {"type": "object", "properties": {
                "and": {"allOf": [{"$ref": "#/components/schemas/S0"}, {"description": "both"}]},
                "or": {"allOf": [{"$ref": "#/components/schemas/S0"}, {"description": "either"}]}}}})),
            expect: Expect::Reports(
                "OAS_REF_SIBLINGS",
                "/components/schemas/S0/properties/and/allOf",
            ),
        },
        Case {
            name: "$ref cycle of length 1",
            input: cycle(1),
            expect: Reports("OAS_REF_CYCLE", "/components/schemas/S0"),
        },
        Case {
            name: "$ref cycle of length 2",
            input: cycle(2),
            expect: Reports("XMS_REFERENCE", "/definitions/S0"),
        },
        Case {
            name: "$ref cycle of length 50",
            input: cycle(50),
            expect: Reports("XMS_REFERENCE", "/definitions/S0"),
        },
        Case {
            name: "Swagger version written as \"2\"",
            input: {
                let mut v: Value = serde_json::from_slice(&swagger(json!({}))).unwrap();
                v["swagger"] = json!("2");
                v.to_string().into_bytes()
            },
            expect: Reports("SW_INVALID_VALUE", "/swagger"),
        },
        Case {
            name: "$ref chain of 64 references",
            input: chain(63),
            expect: Converts,
        },
        Case {
            name: "$ref chain of 65 references",
            input: chain(64),
            expect: Fails(
                Category::Limit,
                "the `$ref` at /paths/~1a/get/responses/200/content/application~1json/schema/$ref starts a chain of more than 64 references, each naming another (raise Limits::max_ref_hops / --max-ref-hops)",
                None,
            ),
        },
        Case {
            name: "$ref to ../../etc/passwd",
            input: schema_ref_spec(json!({"S0": {"$ref": "../../etc/passwd#/x"}})),
            expect: Reports("REF_FILE", "/components/schemas/S0"),
        },
        Case {
            name: "$ref to an absolute path",
            input: schema_ref_spec(json!({"S0": {"$ref": "/etc/passwd"}})),
            expect: Reports("REF_FILE", "/components/schemas/S0"),
        },
        Case {
            name: "$ref to an http URL",
            input: schema_ref_spec(json!({"S0": {"$ref": "http://example.com/schema.json"}})),
            expect: Reports("REF_URL_NOT_FETCHED", "/components/schemas/S0"),
        },
        Case {
            name: "$ref to an https URL",
            input: schema_ref_spec(json!({"S0": {"$ref": "https://example.com/schema.json#/S"}})),
            expect: Reports("REF_URL_NOT_FETCHED", "/components/schemas/S0"),
        },
        // Big but valid.
        Case {
            name: "a 1 MB string",
            input: oas_with(
                json!({"info": {"title": "T", "version": "1", "description": "x".repeat(1024 * 1024)}}),
            ),
            expect: Converts,
        },
        Case {
            name: "numbers beyond f64",
            input: String::from_utf8(schema_ref_spec(
                json!({"S0": {"type": "number", "maximum": 1.5}}),
            ))
            .unwrap()
            .replace("1.5", "1e400")
            .into_bytes(),
            expect: Fails(Category::Syntax, "number out of range", Some((1, 305))),
        },
        Case {
            name: "an integer wider than 64 bits",
            input: String::from_utf8(schema_ref_spec(
                json!({"S0": {"type": "integer", "maximum": 7}}),
            ))
            .unwrap()
            .replace(":7", ":123456789012345678901234567890")
            .into_bytes(),
            expect: Converts,
        },
        Case {
            name: "a path with 1,000 parameters",
            input: many_params,
            expect: Converts,
        },
        Case {
            name: "100,000 operations",
            input: many_ops,
            expect: Converts,
        },
        // Swagger 2.0.
        Case {
            name: "Swagger: paths is an array",
            input: swagger(json!({"paths": []})),
            expect: Reports("SW_INVALID_VALUE", "/paths"),
        },
        Case {
            name: "Swagger: definitions is an array",
            input: swagger(json!({"definitions": []})),
            expect: Reports("SW_INVALID_VALUE", "/definitions"),
        },
        Case {
            name: "Swagger: host with a scheme and path",
            input: swagger(json!({"host": "https://api.example.com/v1"})),
            expect: Reports("XMS_BACKEND_URL", "/host"),
        },
        Case {
            name: "Swagger: no host",
            input: swagger(json!({"host": null})),
            expect: Fails(Category::HostRequired, "--host", None),
        },
        Case {
            name: "Swagger: a cookie parameter",
            input: swagger(
                json!({"paths": {"/a": {"get": {"parameters": [{"name": "c", "in": "cookie", "type": "string"}], "responses": {"200": {"description": "ok"}}}}}}),
            ),
            expect: Reports("SW_INVALID_VALUE", "/paths/~1a/get/parameters/0"),
        },
        Case {
            name: "Swagger: dangling $ref",
            input: swagger(
                json!({"paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Nope"}}}}}}}),
            ),
            expect: Reports("XMS_REFERENCE", "/paths/~1a/get/responses/200/schema/$ref"),
        },
        Case {
            name: "Swagger: a definition that is its own $ref",
            input: swagger(json!({"definitions": {"A": {"$ref": "#/definitions/A"}}})),
            expect: Converts,
        },
        // Postman.
        Case {
            name: "Postman: item is an object",
            input: postman(json!({"name": "r"})),
            expect: Fails(
                Category::Invalid,
                "a collection has an `item` array (at /item)",
                None,
            ),
        },
        Case {
            name: "Postman: request is a number",
            input: postman(json!([{"name": "r", "request": 5}])),
            expect: Fails(Category::Invalid, "no requests", None),
        },
        Case {
            name: "Postman: url is a number",
            input: postman(request(json!({"method": "GET", "url": 5}))),
            expect: Fails(Category::Invalid, "no requests", None),
        },
        Case {
            name: "Postman: no requests",
            input: postman(json!([])),
            expect: Fails(Category::Invalid, "no requests", None),
        },
        Case {
            name: "Postman: an unknown auth type",
            input: postman(request(
                json!({"method": "GET", "url": "https://api.example.com/a", "auth": {"type": "telepathy"}}),
            )),
            expect: Reports("PM_AUTH_UNSUPPORTED", "/item/0/request/auth"),
        },
        Case {
            name: "Postman: an unknown body mode",
            input: postman(request(
                json!({"method": "POST", "url": "https://api.example.com/a", "body": {"mode": "carrier-pigeon"}}),
            )),
            expect: Reports("PM_BODY", "/item/0/request/body"),
        },
        Case {
            name: "Postman: no host",
            input: postman(request(json!({"method": "GET", "url": "/a"}))),
            expect: Fails(Category::HostRequired, "--host", None),
        },
    ]
}

#[test]
fn every_bad_input_gives_the_outcome_a_user_should_get() {
    let cases = cases();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let mut problems = Vec::new();
    for case in &cases {
        let result = std::panic::catch_unwind(|| convert(&case.input, &Options::default()));
        let Ok(result) = result else {
            problems.push(format!("{}: panicked", case.name));
            continue;
        };
        match (&case.expect, result) {
            (Expect::Fails(category, text, at), Err(e)) => {
                if e.category() != *category
                    || !e.to_string().contains(text)
                    || (at.is_some() && e.line_column() != *at)
                {
                    problems.push(format!(
                        "{}: expected {category:?} containing `{text}` at {at:?}, got {:?} at {:?}: {e}",
                        case.name,
                        e.category(),
                        e.line_column()
                    ));
                }
            }
            (Expect::Reports(code, pointer), Ok(c)) => {
                if !c
                    .diagnostics
                    .iter()
                    .any(|d| d.code == *code && d.pointer == *pointer)
                {
                    problems.push(format!(
                        "{}: expected {code} at {pointer}, got: {}",
                        case.name,
                        c.diagnostics
                            .iter()
                            .map(|d| format!("{} {}", d.code, d.pointer))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ));
                }
            }
            (Expect::Converts, Ok(_)) => {}
            (_, Err(e)) => problems.push(format!("{}: failed: {:?}: {e}", case.name, e.category())),
            (_, Ok(c)) => problems.push(format!(
                "{}: converted, with {}",
                case.name,
                c.diagnostics
                    .iter()
                    .map(|d| format!("{} {}", d.code, d.pointer))
                    .take(6)
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each limit is an error that names it, and raising it lets the same input through.
#[test]
fn limits_name_themselves_and_can_be_raised() {
    let mut schemas = serde_json::Map::new();
    for i in 0..1_000 {
        schemas.insert(
            format!("S{i}"),
            json!({"type": "object", "properties": {"a": {"type": "string"}}}),
        );
    }
    let many = schema_ref_spec(Value::Object(schemas));
    let cases = [
        (
            many.clone(),
            Limits::default().with_max_schemas(1_500),
            "max_schemas",
            Limits::default().with_max_schemas(3_000),
        ),
        (
            swagger(json!({"x": [[[[[[[[[[1]]]]]]]]]]})),
            Limits::default().with_max_depth(8),
            "max_depth",
            Limits::default().with_max_depth(12),
        ),
        (
            many,
            Limits::default().with_max_input_bytes(1_000),
            "max_input_bytes",
            Limits::default(),
        ),
    ];
    for (input, tight, name, loose) in cases {
        let e = convert(&input, &Options::default().limits(tight)).unwrap_err();
        assert_eq!(e.category(), Category::Limit, "{name}: {e}");
        assert!(
            e.to_string().contains(&format!("Limits::{name}")),
            "{name}: {e}"
        );
        let flag = format!("--{}", name.replace('_', "-"));
        assert!(e.to_string().contains(&flag), "{name}: {e}");
        assert!(
            convert(&input, &Options::default().limits(loose)).is_ok(),
            "{name}"
        );
    }
    // The command line takes the same limits.
    let dir = std::env::temp_dir().join(format!("connector-convert-limits-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("chain.json");
    std::fs::write(&input, cases_by_name("$ref chain of 65 references")).unwrap();
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_connector-convert"))
            .args([
                "convert",
                input.to_str().unwrap(),
                "--out",
                dir.join("out").to_str().unwrap(),
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--max-ref-hops"));
    assert_eq!(run(&["--max-ref-hops", "70"]).status.code(), Some(0));
}

fn cases_by_name(name: &str) -> Vec<u8> {
    cases().into_iter().find(|c| c.name == name).unwrap().input
}

#[test]
fn a_failed_conversion_writes_nothing() {
    let dir = std::env::temp_dir().join(format!("connector-convert-bad-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (i, case) in cases().iter().enumerate() {
        if !matches!(case.expect, Expect::Fails(..)) || case.input.len() > 1024 * 1024 {
            continue;
        }
        let input = dir.join(format!("in{i}"));
        std::fs::write(&input, &case.input).unwrap();
        let out = dir.join(format!("out{i}"));
        let status = Command::new(env!("CARGO_BIN_EXE_connector-convert"))
            .args([
                "convert",
                input.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert_eq!(status.status.code(), Some(1), "{}", case.name);
        assert!(!out.exists(), "{}: something was written", case.name);
    }
}

/// Definitions that merge the next one twice per level would make 2^40 copies: the merging
/// stops at its budget, says so, and the package stays bounded.
#[test]
fn merges_that_double_at_every_level_stay_bounded() {
    let schemas: serde_json::Map<String, Value> = (0..40)
        .map(|i| {
            let part = json!({"allOf": [
                {"$ref": format!("#/components/schemas/S{}", i + 1)},
                {"type": "object", "description": "one more level"}]});
            (
                format!("S{i}"),
                json!({"type": "object", "properties": {"a": part.clone(), "b": part}}),
            )
        })
        .chain([("S40".to_owned(), json!({"type": "string"}))])
        .collect();
    let c = convert(schema_ref_spec(Value::Object(schemas)), &Options::default()).unwrap();
    let budget = c
        .diagnostics
        .iter()
        .filter(|d| d.code == "OAS_SCHEMA_ALLOF" && d.message.contains("from here on"))
        .count();
    assert_eq!(budget, 1, "the budget is reported once");
    let size = c
        .package
        .files()
        .iter()
        .map(|(_, s)| s.len())
        .sum::<usize>();
    assert!(size < 32 * 1024 * 1024, "{size} bytes");
}
