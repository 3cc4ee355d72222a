//! OpenAPI 3.0 and 3.1 input for connector-convert.
//!
//! The pipeline inside this crate:
//! 1. file `$ref`s are inlined through a caller-provided [`FileResolver`] (URLs never fetched);
//! 2. a JSON-level pass rewrites 3.1 into 3.0 and reports everything `openapiv3` would drop;
//! 3. `openapiv3` parses the result;
//! 4. the typed document is lowered to Swagger 2.0 ([`Lowered`]).
//!
//! Reading fails only when the document cannot be parsed at all; every other problem is a
//! diagnostic.

pub mod codes;
mod detach;
mod locate;
mod lower;
mod normalize;
mod paths;
mod schema;
mod triggers;
// Outside WebAssembly only: a speed path (the serde reading gives the same values) whose code
// would take half the room left under the module's size limit (37 KB).
#[cfg(not(target_arch = "wasm32"))]
mod typed;

use connector_core::{Diagnostics, InputFormat, Limits};
use serde_json::Value;

pub use connector_core::FileResolver;
pub use lower::Lowered;

/// Why an OpenAPI document could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The document does not have the shape of an OpenAPI 3.0 document (after normalisation).
    #[error("not a valid OpenAPI document: {message}")]
    Invalid {
        /// What the typed parser said.
        message: String,
    },
    /// A limit was crossed while referenced files were read.
    #[error(transparent)]
    Limit(#[from] connector_core::LimitError),
}

/// How many invalid pieces may be dropped before the document counts as unreadable.
const MAX_DROPPED: usize = 100;

/// What reading may use besides the document.
#[derive(Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    /// Resolves `$ref`s to other files; `None` refuses them (with a diagnostic).
    pub file_resolver: Option<&'a dyn FileResolver>,
    /// Limits applied to referenced files.
    pub limits: Option<&'a Limits>,
}

/// Reads a loaded OpenAPI 3.0 or 3.1 document and lowers it to Swagger 2.0.
pub fn read(
    doc: Value,
    format: InputFormat,
    options: ReadOptions<'_>,
    diags: &mut Diagnostics,
) -> Result<Lowered, ReadError> {
    read_with(doc, format, options, lower::Plan::default(), diags)
}

/// [`read`], lowered as `plan` says.
fn read_with(
    mut doc: Value,
    format: InputFormat,
    options: ReadOptions<'_>,
    plan: lower::Plan,
    diags: &mut Diagnostics,
) -> Result<Lowered, ReadError> {
    let default_limits = Limits::default();
    let limits = options.limits.unwrap_or(&default_limits);
    connector_core::resolve_external_refs(&mut doc, options.file_resolver, limits, diags)?;
    let callbacks = normalize::normalize(&mut doc, format == InputFormat::OpenApi31, diags);
    let mut dropped = 0;
    // The path items are parsed one at a time as the lowering reaches them (`paths.rs`), not
    // with the rest: held all at once, `openapiv3`'s typed items were the peak of a large
    // document's conversion.
    let paths = take_paths(&mut doc);
    let parsed = parse_document(&mut doc, &mut dropped, diags);
    put_back_paths(&mut doc, paths);
    let api = parsed?;
    let paths = paths::PathSource::new(&doc, dropped);
    let lowered = lower::lower(&api, paths, &doc, &callbacks, plan, diags);
    if lowered.as_ref().is_ok_and(|l| l.document.worth_a_thread()) {
        connector_core::drop_aside((doc, api));
    }
    lowered
}

/// Takes the `paths` object out of `doc`, leaving an empty one; `None` when it is not an
/// object (the typed parse then rejects it).
fn take_paths(doc: &mut Value) -> Option<Value> {
    let slot = doc.get_mut("paths").filter(|p| p.is_object())?;
    Some(std::mem::replace(
        slot,
        Value::Object(serde_json::Map::new()),
    ))
}

fn put_back_paths(doc: &mut Value, paths: Option<Value>) {
    if let (Some(paths), Some(slot)) = (paths, doc.get_mut("paths")) {
        *slot = paths;
    }
}

/// Parses the document (its `paths` taken out) into `openapiv3`'s model. A piece that does
/// not fit the model is dropped with an error and the parse is retried, so one bad piece does
/// not sink a whole vendor specification; `dropped` counts the pieces across the document.
fn parse_document(
    doc: &mut Value,
    dropped: &mut usize,
    diags: &mut Diagnostics,
) -> Result<openapiv3::OpenAPI, ReadError> {
    loop {
        // Schemas are lowered as JSON values: they are taken out while the rest is parsed.
        let detached = detach::detach(doc);
        let e = match <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&*doc) {
            Ok(api) => {
                detach::reattach(doc, detached);
                return Ok(api);
            }
            Err(e) => e,
        };
        // The failing piece is named in the hollowed document, whose places are the same.
        let located = locate::locate(doc);
        // No piece to drop: the member the parse failed in.
        let member = located.is_none().then(|| locate::member(doc));
        detach::reattach(doc, detached);
        let message = e.to_string();
        match drop_piece(located, dropped, diags, |at| locate::remove(doc, at)) {
            Ok(()) => {}
            Err(piece) => {
                let at = piece
                    .or(member)
                    .unwrap_or_else(connector_core::Pointer::root);
                return Err(unreadable(at, &message, diags));
            }
        }
    }
}

/// Drops the failing piece `located` (with an error) while fewer than [`MAX_DROPPED`] were;
/// `Err` with the piece's place when it cannot be dropped.
fn drop_piece(
    located: Option<(connector_core::Pointer, String)>,
    dropped: &mut usize,
    diags: &mut Diagnostics,
    remove: impl FnOnce(&connector_core::Pointer) -> bool,
) -> Result<(), Option<connector_core::Pointer>> {
    *dropped += 1;
    match located {
        Some((at, inner)) if *dropped <= MAX_DROPPED && remove(&at) => {
            diags
                .error(
                    codes::OAS_INVALID,
                    &at,
                    format!("this part does not fit the OpenAPI model and was dropped: {inner}"),
                )
                .help("fix it in the source; the rest of the document was converted");
            Ok(())
        }
        other => Err(other.map(|(at, _)| at)),
    }
}

/// The error for a document that cannot be parsed, failing at `at`.
fn unreadable(at: connector_core::Pointer, message: &str, diags: &mut Diagnostics) -> ReadError {
    let shown = if at.as_str().is_empty() {
        "/"
    } else {
        at.as_str()
    };
    diags.error(
        codes::OAS_INVALID,
        &at,
        format!("the document could not be parsed: {message}"),
    );
    ReadError::Invalid {
        message: format!("at {shown}: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read_paths(paths: Value) -> (Result<Lowered, ReadError>, Vec<(String, String)>) {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                         "servers": [{"url": "https://api.example.com"}], "paths": paths,
                         "components": {"parameters": {"bad": {"in": "query"}}}});
        let mut d = Diagnostics::new();
        let read = read(doc, InputFormat::OpenApi30, ReadOptions::default(), &mut d);
        let errors = d
            .as_slice()
            .iter()
            .filter(|d| d.code == codes::OAS_INVALID)
            .map(|d| (d.pointer.clone(), d.message.clone()))
            .collect();
        (read, errors)
    }

    fn ok() -> Value {
        json!({"responses": {"200": {"description": "ok"}}})
    }

    #[test]
    fn bad_pieces_of_path_items_go_one_by_one_and_the_rest_is_read() {
        let (read, errors) = read_paths(json!({
            "/a": {"get": {"parameters": [{"in": "query"}, {"name": "q", "in": "query",
                   "schema": {"type": "string"}}], "responses": {"200": {"description": "ok"}}}},
            "/b": "not an item",
            "/c": {"$ref": "#/paths/~1b"},
            "x-note": {"kept": true},
            "/d": {"get": ok(), "post": 7},
        }));
        let pointers: Vec<&str> = errors.iter().map(|(p, _)| p.as_str()).collect();
        // The document's own bad piece first, then the paths' in order.
        assert_eq!(
            pointers,
            [
                "/components/parameters/bad",
                "/paths/~1a/get/parameters/0",
                "/paths/~1b",
                "/paths/~1d/post"
            ]
        );
        let doc = read.unwrap().document;
        let a = doc
            .paths
            .paths
            .get("/a")
            .and_then(|i| i.get.as_ref())
            .unwrap();
        // The dropped parameter is gone; its sibling is read, with its schema put back.
        let names: Vec<&str> = a
            .parameters
            .iter()
            .flatten()
            .filter_map(|p| match p {
                connector_swagger2::RefOr::Item(p) => Some(p.name.as_str()),
                connector_swagger2::RefOr::Ref { .. } => None,
            })
            .collect();
        assert_eq!(names, ["q"]);
        assert!(doc.paths.paths.get("/b").is_none());
        let d = doc.paths.paths.get("/d").unwrap();
        assert!(d.get.is_some() && d.post.is_none());
        assert_eq!(
            doc.paths.extensions.get("x-note"),
            Some(&json!({"kept": true}))
        );
    }

    #[test]
    fn items_referred_to_are_parsed_once_and_parse_errors_come_first() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                         "servers": [{"url": "https://api.example.com"}], "paths": {
            "/first": {"$ref": "#/paths/~1target"},
            "/trace": {"trace": ok()},
            "/target": {"get": ok(), "post": 7},
            "/late": {"$ref": "#/paths/~1target"},
            "/bad": {"get": 7},
            "/nowhere": {"$ref": "#/paths/~1missing"},
        }});
        let mut d = Diagnostics::new();
        let lowered = read(doc, InputFormat::OpenApi30, ReadOptions::default(), &mut d).unwrap();
        let found: Vec<(&str, &str)> = d
            .as_slice()
            .iter()
            .map(|d| (d.code, d.pointer.as_str()))
            .collect();
        let parse_errors: Vec<&str> = found
            .iter()
            .filter(|(code, _)| *code == codes::OAS_INVALID)
            .map(|(_, at)| *at)
            .collect();
        // The target's bad piece is told once, although three items read the target.
        assert_eq!(parse_errors, ["/paths/~1target/post", "/paths/~1bad/get"]);
        // Every parse error comes before the lowering's findings, as if every item had been
        // parsed first.
        let last_parse = found
            .iter()
            .rposition(|(code, _)| *code == codes::OAS_INVALID);
        let dropped_trace = found
            .iter()
            .position(|f| *f == (codes::OAS_METHOD_DROPPED, "/paths/~1trace/trace"));
        let unresolved = found
            .iter()
            .position(|f| *f == (codes::OAS_REF_NOT_FOUND, "/paths/~1nowhere"));
        assert!(last_parse < dropped_trace && dropped_trace < unresolved);
        let paths = &lowered.document.paths.paths;
        for path in ["/first", "/target", "/late"] {
            let item = paths.get(path).unwrap();
            assert!(item.get.is_some() && item.post.is_none(), "{path}");
        }
        assert!(paths.get("/nowhere").is_none());
    }

    #[test]
    fn too_many_bad_path_items_make_the_document_unreadable() {
        let paths: serde_json::Map<String, Value> = (0..=MAX_DROPPED)
            .map(|i| (format!("/p{i}"), json!({"get": 7})))
            .collect();
        let (read, errors) = read_paths(Value::Object(paths));
        let Err(ReadError::Invalid { message }) = read else {
            panic!("read although every item is bad");
        };
        assert!(message.starts_with(&format!("at /paths/~1p{}/get: ", MAX_DROPPED - 1)));
        assert_eq!(errors.len(), MAX_DROPPED + 1);
    }

    fn backend(
        url: &str,
        vars: serde_json::Value,
    ) -> (Option<String>, Option<String>, Option<Vec<String>>, usize) {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                         "servers": [{"url": url, "variables": vars}], "paths": {}});
        let mut d = Diagnostics::new();
        let l = read(doc, InputFormat::OpenApi30, ReadOptions::default(), &mut d).unwrap();
        (
            l.document.host,
            l.document.base_path,
            l.document.schemes,
            l.properties.policy_template_instances.len(),
        )
    }

    #[test]
    fn server_urls_split_into_host_base_path_and_scheme() {
        assert_eq!(
            backend("https://api.example.com/v1/", json!({})),
            (
                Some("api.example.com".into()),
                Some("/v1".into()),
                Some(vec!["https".into()]),
                0
            )
        );
        assert_eq!(
            backend("http://localhost:8080", json!({})),
            (
                Some("localhost:8080".into()),
                Some("/".into()),
                Some(vec!["http".into()]),
                0
            )
        );
        assert_eq!(
            backend("//api.example.com/x?y=1", json!({})),
            (
                Some("api.example.com".into()),
                Some("/x".into()),
                Some(vec!["https".into()]),
                0
            )
        );
        assert_eq!(
            backend("/relative", json!({})),
            (
                None,
                Some("/relative".into()),
                Some(vec!["https".into()]),
                0
            )
        );
        assert_eq!(
            backend(
                "{scheme}://{env}.example.com/{v}",
                json!({"scheme": {"default": "http", "enum": ["http"]}, "env": {"default": "prod", "enum": ["prod"]}, "v": {"default": "v2"}})
            ),
            (
                Some("prod.example.com".into()),
                Some("/v2".into()),
                Some(vec!["http".into()]),
                0
            )
        );
        // A host variable with several values varies per tenant: a policy template is made.
        assert_eq!(
            backend(
                "https://{tenant}.example.com",
                json!({"tenant": {"default": "a"}})
            )
            .3,
            1
        );
    }

    #[test]
    fn an_invalid_piece_is_dropped_and_named() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"parameters": [{"name": "x", "in": "query", "required": "yes"}], "responses": {}}}}});
        let mut d = Diagnostics::new();
        let e = read(doc, InputFormat::OpenApi30, ReadOptions::default(), &mut d);
        let ptr = d
            .as_slice()
            .last()
            .map(|x| x.pointer.clone())
            .unwrap_or_default();
        assert_eq!(ptr, "/paths/~1a/get/parameters/0");
        // The bad parameter was dropped and the rest converted.
        assert!(e.is_ok());
    }
}

#[cfg(test)]
mod schema_as_written_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn path_items_are_lowered_one_at_a_time_references_included() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {
                "/a/{id}": {"parameters": [{"name": "id", "in": "path", "required": true,
                        "schema": {"type": "string", "maxLength": 8}}],
                    "get": {"operationId": "getA", "responses": {"200": {"description": "ok",
                        "content": {"application/json": {"schema": {"type": "object", "xml": {"name": "a"}}}}}}}},
                "/b/{id}": {"$ref": "#/paths/~1a~1{id}"},
                "/c": {"$ref": "#/paths/~1missing"},
                "x-note": "kept"}});
        let mut d = Diagnostics::new();
        let l = read(doc, InputFormat::OpenApi30, ReadOptions::default(), &mut d).unwrap();
        let v = serde_json::to_value(&l.document).unwrap();
        // The referenced item is lowered as the one it names, schemas as written.
        assert_eq!(v["paths"]["/b/{id}"], v["paths"]["/a/{id}"]);
        let a = &v["paths"]["/a/{id}"]["get"];
        assert_eq!(a["responses"]["200"]["schema"]["xml"]["name"], "a");
        assert_eq!(a["parameters"][0]["maxLength"], 8);
        assert_eq!(v["paths"]["x-note"], "kept");
        // A reference to no path item drops its path, with the place named.
        assert!(v["paths"].get("/c").is_none());
        assert!(
            d.as_slice()
                .iter()
                .any(|x| x.code == codes::OAS_REF_NOT_FOUND && x.pointer.as_str() == "/paths/~1c")
        );
    }

    #[test]
    fn a_misfit_keyword_is_dropped_and_the_rest_of_the_schema_kept() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"type": "object", "xml": {"name": "a"},
                    "properties": {"n": {"type": "string", "maxLength": "10", "minLength": 2}}}}}}}}}},
            "components": {"schemas": {"S": {"type": "string", "enum": [], "xml": {"name": "s"}}}}});
        let mut d = Diagnostics::new();
        let l = read(doc, InputFormat::OpenApi30, ReadOptions::default(), &mut d).unwrap();
        let v = serde_json::to_value(&l.document).unwrap();
        let schema = &v["paths"]["/a"]["get"]["responses"]["200"]["schema"];
        assert_eq!(
            schema["properties"]["n"],
            json!({"type": "string", "minLength": 2})
        );
        // `xml` is kept (the typed model had no room for it); an empty `enum` says nothing.
        assert_eq!(schema["xml"], json!({"name": "a"}));
        assert_eq!(
            v["definitions"]["S"],
            json!({"type": "string", "xml": {"name": "s"}})
        );
        let misfits: Vec<&str> = d
            .as_slice()
            .iter()
            .filter(|x| x.code == codes::OAS_SCHEMA_INVALID)
            .map(|x| x.pointer.as_str())
            .collect();
        assert_eq!(
            misfits,
            [
                "/paths/~1a/get/responses/200/content/application~1json/schema/properties/n/maxLength"
            ]
        );
    }
}

#[cfg(test)]
mod invalid_root_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_invalid_info_fails_with_its_pointer() {
        let doc =
            json!({"openapi": "3.0.3", "info": {"title": ["t"], "version": "1"}, "paths": {}});
        let mut d = Diagnostics::new();
        let e = read(doc, InputFormat::OpenApi30, ReadOptions::default(), &mut d);
        assert!(
            matches!(e, Err(ReadError::Invalid { ref message }) if message.starts_with("at /info")),
            "{e:?}"
        );
    }
}

/// The definitions lowered beside the rest (`lower.rs`).
#[cfg(test)]
mod beside_tests {
    use super::*;
    use serde_json::json;

    /// A small generator of numbers for the documents below (the same sequence every run).
    struct Draw(u64);

    impl Draw {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n.max(1)
        }
    }

    /// A document of `WORTH_A_THREAD` definitions and more that merge each other (in chains,
    /// cycles and unions), with shared parameters, bodies, responses and callbacks that merge
    /// them too (or, on every third seed, only callbacks). On every fourth seed the definitions
    /// merge only schemas written in place.
    fn merging(seed: u64) -> Value {
        let mut r = Draw(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let n = connector_core::WORTH_A_THREAD as u64 + 6;
        let refer = |r: &mut Draw| json!({"$ref": format!("#/components/schemas/D{}", r.below(n))});
        // On some documents the definitions merge only what they write themselves.
        let inline_merges = seed % 4 == 1;
        let mut schemas = serde_json::Map::new();
        for i in 0..n {
            let mut props = serde_json::Map::new();
            for p in 0..=r.below(4) {
                let prop = match r.below(3) {
                    0 => refer(&mut r),
                    1 => json!({"type": "object", "properties": {"x": {"type": "string"}}}),
                    _ => json!({"type": "integer"}),
                };
                props.insert(format!("p{p}"), prop);
            }
            let own = json!({"type": "object", "properties": props});
            let schema = match r.below(4) {
                0 => own,
                // Merges that copy no definition: counted, but never checked.
                _ if inline_merges => json!({"allOf": [own, {"required": ["p0"]}]}),
                1 => json!({"allOf": [refer(&mut r), own]}),
                2 => json!({"oneOf": [refer(&mut r), refer(&mut r)]}),
                _ => json!({"allOf": [refer(&mut r), refer(&mut r), own]}),
            };
            schemas.insert(format!("D{i}"), schema);
        }
        // On some documents only the definitions and the callbacks (lowered last) merge.
        let plain = seed % 3 == 0;
        let mut paths = serde_json::Map::new();
        for i in 0..24 {
            let url = json!({"type": "object", "properties": {"callbackUrl": {"type": "string"}}});
            let (merged, union) = if plain {
                (url, refer(&mut r))
            } else {
                let merged = json!({"allOf": [refer(&mut r), url]});
                (merged, json!({"anyOf": [refer(&mut r), refer(&mut r)]}))
            };
            let event = json!({"allOf": [refer(&mut r), refer(&mut r)]});
            // A parameter's definition is copied in, merges and all.
            let query = if plain {
                json!({"type": "string"})
            } else {
                refer(&mut r)
            };
            let mut item = json!({
                "get": {"parameters": [{"$ref": "#/components/parameters/shared"},
                                       {"name": "q", "in": "query", "schema": query}],
                        "responses": {"200": {"description": "ok", "content":
                            {"application/json": {"schema": union}}}}},
                "post": {"requestBody": {"content": {"application/json": {"schema": merged}}},
                         "responses": {"201": {"$ref": "#/components/responses/made"}},
                         "callbacks": {"event": {"{$request.body#/callbackUrl}": {"post": {
                             "requestBody": {"content": {"application/json": {"schema": event}}},
                             "responses": {"200": {"description": "ok"}}}}}}}
            });
            if i == 0 {
                // A piece dropped from an item another refers to (read once, reported once).
                item["put"] = json!(7);
            }
            paths.insert(format!("/p{i}"), item);
        }
        paths.insert("/alias".into(), json!({"$ref": "#/paths/~1p0"}));
        let (shared, made) = if plain {
            (json!({"type": "integer"}), refer(&mut r))
        } else {
            let shared = json!({"allOf": [refer(&mut r)]});
            (shared, json!({"allOf": [refer(&mut r), refer(&mut r)]}))
        };
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
               "servers": [{"url": "https://api.example.com"}], "paths": paths,
               "components": {"schemas": schemas,
                   "parameters": {"shared": {"name": "s", "in": "query", "schema": shared}},
                   "responses": {"made": {"description": "made", "content":
                       {"application/json": {"schema": made}}}}}})
    }

    /// The document and every finding, as text.
    fn lowered_with(doc: &Value, plan: lower::Plan) -> (String, Vec<String>) {
        let mut d = Diagnostics::new();
        let read = read_with(
            doc.clone(),
            InputFormat::OpenApi30,
            ReadOptions::default(),
            plan,
            &mut d,
        );
        let text = match read {
            Ok(l) => connector_swagger2::to_json_string(&l.document).unwrap(),
            Err(e) => e.to_string(),
        };
        let found = d.as_slice().iter().map(|d| format!("{d:?}")).collect();
        (text, found)
    }

    /// The definitions lowered beside the rest give what they give in turn, whatever merge
    /// budget is left for the rest: when the guess about what they spent (nothing, all of
    /// it) holds and when it does not (the rest is lowered again).
    #[test]
    fn definitions_lowered_beside_the_rest_give_what_they_give_in_turn() {
        lower::BESIDE_SOUND.with(|o| o.borrow_mut().clear());
        for seed in 1..=9 {
            let doc = merging(seed);
            for budget in [0, 3, 12, 50, 200, 1_000, 100_000] {
                let plan = |beside| lower::Plan { budget, beside };
                let in_turn = lowered_with(&doc, plan(lower::When::Never));
                for guess in [lower::Guess::Nothing, lower::Guess::All] {
                    let beside = lowered_with(&doc, plan(lower::When::Always(guess)));
                    assert_eq!(beside, in_turn, "seed {seed}, budget {budget}, {guess:?}");
                }
            }
        }
        let outcomes = lower::BESIDE_SOUND.with(|o| o.take());
        // Both ways out were taken, many times, after each guess (they alternate).
        for (guess, first) in [("nothing", 0), ("all", 1)] {
            let of_guess: Vec<bool> = outcomes.iter().skip(first).step_by(2).copied().collect();
            let held = of_guess.iter().filter(|sound| **sound).count();
            assert!(held > 10, "{guess}: {of_guess:?}");
            assert!(of_guess.len() - held > 10, "{guess}: {of_guess:?}");
        }
    }

    /// By default the definitions go beside the rest only when their merges likely leave
    /// most of the budget or spend it all (between, either guess would likely be wrong, and
    /// the rest lowered twice).
    #[test]
    fn definitions_go_beside_only_where_they_likely_leave_the_budget() {
        let doc = merging(2);
        let outcomes = |budget| {
            lower::BESIDE_SOUND.with(|o| o.borrow_mut().clear());
            let plan = lower::Plan {
                budget,
                beside: lower::When::Likely,
            };
            let _ = lowered_with(&doc, plan);
            lower::BESIDE_SOUND.with(|o| o.take()).len()
        };
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let estimate = lower::merges_estimate(schemas);
        assert!(estimate > 10, "{estimate}");
        // Guessing all spent, in turn (between half the estimate and the estimate), guessing
        // nothing spent.
        assert_eq!(outcomes(estimate), 1);
        assert_eq!(outcomes(estimate + 1), 0);
        assert_eq!(outcomes(estimate * 2), 0);
        assert_eq!(outcomes(estimate * 2 + 2), 1);
    }
}
