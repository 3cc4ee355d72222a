//! Filling what makers see: operation summaries and descriptions, parameter and property
//! labels (`x-ms-summary`) and descriptions, `x-ms-visibility`, `x-ms-url-encoding`, paging,
//! `Content-Type`/`Accept` headers and the place of the output schema.
//!
//! What the input says always wins: a value is only written where there is none. The rules
//! are listed in docs/lowering.md ("Connector annotations").

use connector_core::collections::{HashMap, HashSet};

use connector_core::collections::IndexMap;

use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;
use serde_json::{Value, json};

use crate::actions::{Source, action_name, distinguish, proper_nouns};
use crate::codes;
use crate::describe::{Facts, describe};
use crate::words::{clean_summary, label, lower_label, operation_texts, sentence};

/// How many required parameters of an operation become `important`.
pub const IMPORTANT_PARAMETERS: usize = 3;

/// Extensions whose presence means the document was written as a connector by hand.
const CONNECTOR_MARKS: &[&str] = &[
    "x-ms-summary",
    "x-ms-visibility",
    "x-ms-connector-metadata",
    "x-ms-trigger",
    "x-ms-dynamic-values",
    "x-ms-dynamic-list",
    "x-ms-dynamic-schema",
    // Written only for Power Platform: the connector's family and revision, its capabilities,
    // a webhook's payload.
    "x-ms-api-annotation",
    "x-ms-capabilities",
    "x-ms-notification-content",
];

/// Whether an input document already carries connector annotations (a connector definition
/// written or tuned by hand, such as a certified connector). Run it on the input as read,
/// before lowering: readers write some of these extensions themselves.
pub fn is_connector(input: &Value) -> bool {
    match input {
        Value::Object(m) => m
            .iter()
            .any(|(k, c)| CONNECTOR_MARKS.contains(&k.as_str()) || is_connector(c)),
        Value::Array(a) => a.iter().any(is_connector),
        _ => false,
    }
}

/// Fills every operation, parameter and schema property (see the module docs).
pub fn fill(doc: &mut sw::Document, diags: &mut Diagnostics) {
    fill_with(doc, None, diags);
}

/// [`fill`], and `finish` run on every schema after its properties are filled (a last
/// change to each schema made in the same walk instead of one more).
pub(crate) fn fill_with(
    doc: &mut sw::Document,
    finish: Option<fn(&mut sw::Schema)>,
    diags: &mut Diagnostics,
) {
    let mut counts = Counts::default();
    operations(doc, &mut counts, diags);
    distinguish(doc, diags);
    body_fields(doc, &mut counts);
    for p in doc.parameters.values_mut() {
        label_parameter(p, &doc.definitions, &mut counts);
        if p.location == sw::ParameterLocation::Path
            && !p.extensions.contains_key("x-ms-url-encoding")
        {
            p.extensions
                .insert("x-ms-url-encoding".into(), json!("single"));
            counts.encoding += 1;
        }
        if !p.extensions.contains_key("x-ms-visibility")
            && p.location != sw::ParameterLocation::Body
        {
            let v = if p.required == Some(true) {
                "important"
            } else {
                "advanced"
            };
            p.extensions.insert("x-ms-visibility".into(), json!(v));
            counts.visibility += 1;
        }
    }
    for props in properties(doc, finish) {
        counts.add(&props.counts);
        diags.extend(props.diags.into_vec());
    }
    counts.report(diags);
}

/// Labels and describes the properties of every schema, then runs `finish` on it. On a
/// document worth a second thread, the walk goes in pieces, each with its own counts, labels
/// and findings ([`crate::walk_in_pieces`]); the pieces, in the walk's order, are returned.
fn properties(doc: &mut sw::Document, finish: Option<fn(&mut sw::Schema)>) -> Vec<Properties> {
    let make = || Properties {
        counts: Counts::default(),
        diags: Diagnostics::new(),
        labels: HashMap::default(),
        finish,
    };
    walk_properties(doc, &make)
}

#[cfg(not(target_arch = "wasm32"))]
fn walk_properties(
    doc: &mut sw::Document,
    make: &(dyn Fn() -> Properties + Sync),
) -> Vec<Properties> {
    crate::walk_in_pieces(doc, make)
}

/// One walk with a function: the walk's code is not compiled once more for this visitor.
#[cfg(target_arch = "wasm32")]
fn walk_properties(
    doc: &mut sw::Document,
    make: &(dyn Fn() -> Properties + Sync),
) -> Vec<Properties> {
    let mut props = make();
    sw::for_each_schema(doc, &mut |s, at| sw::VisitMut::schema(&mut props, s, at));
    vec![props]
}

/// Fewer path items than this are filled in turn (see [`operations`]).
const PIECES_MIN: usize = connector_core::WORTH_A_THREAD;

/// What filling an operation reads besides the operation itself.
struct Shared<'d> {
    consumes: Option<&'d [String]>,
    produces: Option<&'d [String]>,
    proper: &'d HashSet<String>,
    /// Only read here (paging looks into response schemas); they are filled later.
    definitions: &'d IndexMap<String, sw::Schema>,
}

/// Fills each operation's texts, headers, parameters, paging and output. Each operation is
/// filled from itself and the document's shared parts alone, so the path items are filled in
/// runs taken in turn by two threads (see [`connector_core::in_pieces`]) whose counts and
/// findings are then taken in order.
fn operations(doc: &mut sw::Document, counts: &mut Counts, diags: &mut Diagnostics) {
    operations_with(doc, PIECES_MIN, counts, diags);
}

/// [`operations`], in pieces from `min` path items on.
fn operations_with(
    doc: &mut sw::Document,
    min: usize,
    counts: &mut Counts,
    diags: &mut Diagnostics,
) {
    let proper = proper_nouns(doc);
    let shared = Shared {
        consumes: doc.consumes.as_deref(),
        produces: doc.produces.as_deref(),
        proper: &proper,
        definitions: &doc.definitions,
    };
    #[cfg(not(target_arch = "wasm32"))]
    {
        let mut items: Vec<(&String, &mut sw::PathItem)> = doc.paths.paths.iter_mut().collect();
        let runs = connector_core::in_pieces(&mut items, min, |run, found| {
            let (counts, diags) = found;
            for (path, item) in run.iter_mut() {
                fill_item(path, item, &shared, counts, diags);
            }
        });
        for (found_counts, found) in runs {
            counts.add(&found_counts);
            diags.extend(found.into_vec());
        }
    }
    // One thread: the items in turn, straight into the caller's counts and findings.
    #[cfg(target_arch = "wasm32")]
    {
        let _ = min;
        for (path, item) in doc.paths.paths.iter_mut() {
            fill_item(path, item, &shared, counts, diags);
        }
    }
}

/// Fills the operations of the path item at `path`.
fn fill_item(
    path: &str,
    item: &mut sw::PathItem,
    shared: &Shared<'_>,
    counts: &mut Counts,
    diags: &mut Diagnostics,
) {
    let pat = Pointer::root().push("paths").push(path);
    for (method, op) in item.operations_mut() {
        let at = pat.push(method);
        texts(op, method, path, shared.proper, &at, counts, diags);
        headers(op, shared.consumes, shared.produces, &at, diags);
        parameters(op, shared.definitions, &at, counts, diags);
        paging(op, shared.definitions, &at, diags);
        output_schema(op, &at, diags);
    }
}

#[derive(Default)]
struct Counts {
    summaries: usize,
    descriptions: usize,
    labels: usize,
    properties: usize,
    visibility: usize,
    encoding: usize,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.summaries += other.summaries;
        self.descriptions += other.descriptions;
        self.labels += other.labels;
        self.properties += other.properties;
        self.visibility += other.visibility;
        self.encoding += other.encoding;
    }

    fn report(&self, diags: &mut Diagnostics) {
        let root = Pointer::root();
        let parts = [
            (self.summaries, "operation summaries"),
            (self.descriptions, "operation descriptions"),
            (self.labels, "parameter labels and descriptions"),
            (self.properties, "property labels and descriptions"),
            (self.visibility, "x-ms-visibility values"),
            (self.encoding, "x-ms-url-encoding values"),
        ];
        let written: Vec<String> = parts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
        if !written.is_empty() {
            diags.info(
                codes::XMS_ANNOTATED,
                &root,
                format!("written where the input had none: {}", written.join(", ")),
            );
        }
    }
}

/// Says where the input's own summary did not become the action name whole: passed over
/// (a question, a name that says nothing) or shortened at a phrase boundary.
fn report_replaced_summary(
    written: &str,
    name: &str,
    source: Source,
    at: &Pointer,
    diags: &mut Diagnostics,
) {
    let at = at.push("summary");
    let words = |t: &str| t.split_whitespace().count();
    if source != Source::Summary {
        let from = match source {
            Source::Description => "the description's first sentence",
            Source::OperationId => "the operation id",
            _ => "the method and path",
        };
        diags.info(
            codes::XMS_ACTION_NAME,
            &at,
            format!(
                "the summary `{written}` makes no action name; the name is `{name}`, from {from}"
            ),
        );
    } else if words(name) < words(written) && written.chars().count() > crate::actions::MAX_NAME {
        diags.info(
            codes::XMS_ACTION_NAME,
            &at,
            format!("the summary is longer than 80 characters; the name is `{name}`, cut where a phrase ends"),
        );
    }
}

fn texts(
    op: &mut sw::Operation,
    method: &str,
    path: &str,
    proper: &connector_core::collections::HashSet<String>,
    at: &Pointer,
    counts: &mut Counts,
    diags: &mut Diagnostics,
) {
    let (gen_summary, gen_description) = operation_texts(method, path);
    let (summary, source) = action_name(op, method, path, proper);
    if source != Source::Summary {
        counts.summaries += 1;
    }
    if let Some(written) = op.summary.as_deref().filter(|w| !w.trim().is_empty()) {
        report_replaced_summary(written, &summary, source, at, diags);
    }
    if op.summary.as_deref() != Some(summary.as_str()) {
        op.summary = Some(summary.clone());
    }
    if op
        .description
        .as_deref()
        .is_none_or(|d| d.trim().is_empty())
    {
        counts.descriptions += 1;
        let candidate = if gen_summary.eq_ignore_ascii_case(&summary) {
            gen_description
        } else {
            format!(
                "{} ({} {path}).",
                sentence(&summary).trim_end_matches('.'),
                method.to_uppercase()
            )
        };
        op.description = Some(candidate);
    }
}

fn is_header(p: &sw::Parameter, name: &str) -> bool {
    p.location == sw::ParameterLocation::Header && p.name.eq_ignore_ascii_case(name)
}

/// `Content-Type` and `Accept` header parameters: internal with their value, or removed.
fn headers(
    op: &mut sw::Operation,
    consumes: Option<&[String]>,
    produces: Option<&[String]>,
    at: &Pointer,
    diags: &mut Diagnostics,
) {
    let op_consumes = op.consumes.clone();
    let op_produces = op.produces.clone();
    let Some(params) = op.parameters.as_mut() else {
        return;
    };
    let mut index = 0;
    params.retain_mut(|slot| {
        let i = index;
        index += 1;
        let Some(p) = slot.as_item_mut() else {
            return true;
        };
        let media = if is_header(p, "Content-Type") {
            op_consumes.as_deref().or(consumes)
        } else if is_header(p, "Accept") {
            op_produces.as_deref().or(produces)
        } else {
            return true;
        };
        if p.extensions.contains_key("x-ms-visibility") {
            return true;
        }
        let pat = at.push("parameters").index(i);
        let value = p
            .validation
            .default
            .clone()
            .or_else(|| match p.validation.enumeration.as_deref() {
                Some([one]) => Some(one.clone()),
                _ => None,
            })
            .or_else(|| media.and_then(|m| m.first()).map(|m| json!(m)));
        match value {
            Some(v) => {
                diags.info(
                    codes::XMS_VISIBILITY,
                    &pat,
                    format!("header `{}` is internal with the value {v}: makers need not set it", p.name),
                );
                p.validation.default = Some(v);
                p.required = Some(true);
                p.extensions.insert("x-ms-visibility".into(), json!("internal"));
                true
            }
            None => {
                diags.info(
                    codes::XMS_VISIBILITY,
                    &pat,
                    format!("header `{}` has no fixed value; it was removed (the platform sets it from consumes/produces)", p.name),
                );
                false
            }
        }
    });
}

fn label_parameter(
    p: &mut sw::Parameter,
    definitions: &IndexMap<String, sw::Schema>,
    counts: &mut Counts,
) -> bool {
    let mut changed = false;
    if !p.extensions.contains_key("x-ms-summary") {
        let text =
            if p.location == sw::ParameterLocation::Body && p.name.eq_ignore_ascii_case("body") {
                "Body".to_owned()
            } else {
                label(&p.name)
            };
        p.extensions
            .insert("x-ms-summary".into(), Value::String(clean_summary(&text)));
        changed = true;
    }
    if p.description.as_deref().is_none_or(|d| d.trim().is_empty()) {
        p.description = Some(if p.location == sw::ParameterLocation::Body {
            body_text(p.schema.as_deref(), definitions)
                .unwrap_or_else(|| "The request body.".into())
        } else {
            describe(&p.name, &Facts::of_parameter(p), true).unwrap_or_default()
        });
        changed = true;
    }
    if changed {
        counts.labels += 1;
    }
    changed
}

/// The one value a required header or query parameter can take (an `enum` of one).
fn constant(p: &sw::Parameter) -> Option<Value> {
    let fixed = matches!(
        p.location,
        sw::ParameterLocation::Header | sw::ParameterLocation::Query
    ) && p.required == Some(true);
    match p.validation.enumeration.as_deref() {
        Some([one]) if fixed && !one.is_null() => Some(one.clone()),
        _ => None,
    }
}

/// The description a body's schema (or the definition it references) gives.
fn body_text(
    schema: Option<&sw::Schema>,
    definitions: &IndexMap<String, sw::Schema>,
) -> Option<String> {
    let s = schema?;
    let s = match s
        .reference
        .as_deref()
        .and_then(|r| r.strip_prefix("#/definitions/"))
    {
        Some(name) => definitions.get(&connector_core::unescape_token(name))?,
        None => s,
    };
    s.description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
}

/// A required internal parameter without a default gets its first allowed value, or becomes
/// visible, so that makers can always send it.
fn internal_needs_default(p: &mut sw::Parameter, pat: &Pointer, diags: &mut Diagnostics) {
    let internal = p.extensions.get("x-ms-visibility").and_then(Value::as_str) == Some("internal");
    if internal && p.required == Some(true) && p.validation.default.is_none() {
        match p
            .validation
            .enumeration
            .as_deref()
            .and_then(<[Value]>::first)
            .cloned()
        {
            Some(first) => {
                p.validation.default = Some(first.clone());
                diags.info(
                    codes::XMS_VISIBILITY,
                    pat,
                    format!(
                        "required internal parameter `{}` had no default; it is {first}",
                        p.name
                    ),
                );
            }
            None => {
                p.extensions.shift_remove("x-ms-visibility");
                diags.warn(
                    codes::XMS_VISIBILITY,
                    &pat.push("x-ms-visibility"),
                    format!("required parameter `{}` was internal without a default (makers could never set it); it is visible now", p.name),
                );
            }
        }
    }
}

fn parameters(
    op: &mut sw::Operation,
    definitions: &IndexMap<String, sw::Schema>,
    at: &Pointer,
    counts: &mut Counts,
    diags: &mut Diagnostics,
) {
    let mut important = 0;
    for (i, slot) in op.parameters.iter_mut().flatten().enumerate() {
        let Some(p) = slot.as_item_mut() else {
            continue;
        };
        let pat = at.push("parameters").index(i);
        label_parameter(p, definitions, counts);
        if p.location == sw::ParameterLocation::Path
            && !p.extensions.contains_key("x-ms-url-encoding")
        {
            p.extensions
                .insert("x-ms-url-encoding".into(), json!("single"));
            counts.encoding += 1;
        }
        internal_needs_default(p, &pat, diags);
        if p.extensions.contains_key("x-ms-visibility") || p.location == sw::ParameterLocation::Body
        {
            continue;
        }
        if let Some(value) = constant(p) {
            diags.info(
                codes::XMS_VISIBILITY,
                &pat,
                format!(
                    "required {} `{}` can only be {value}; it is internal with that value",
                    p.location.as_str(),
                    p.name
                ),
            );
            p.validation.default = Some(value);
            p.extensions
                .insert("x-ms-visibility".into(), json!("internal"));
            counts.visibility += 1;
            continue;
        }
        let value = if p.required == Some(true) {
            important += 1;
            (important <= IMPORTANT_PARAMETERS).then_some("important")
        } else {
            Some("advanced")
        };
        if let Some(v) = value {
            p.extensions.insert("x-ms-visibility".into(), json!(v));
            counts.visibility += 1;
        }
    }
}

/// Property names of a page's next link the platform follows.
const NEXT_LINKS: &[&str] = &["nextLink", "@odata.nextLink"];
/// Other next-page shapes seen in APIs, which need a policy or a loop instead.
const OTHER_NEXT: &[&str] = &[
    "next",
    "next_page",
    "nextPage",
    "next_page_url",
    "nextPageUrl",
    "next_url",
    "nextUrl",
    "nextPageToken",
    "next_page_token",
    "nextToken",
    "next_token",
    "next_cursor",
    "nextCursor",
    "cursor",
    "continuationToken",
    "continuation_token",
];

/// The properties of a response schema, through one `$ref`.
fn response_properties<'a>(
    s: &'a sw::Schema,
    definitions: &'a connector_core::collections::IndexMap<String, sw::Schema>,
) -> Option<&'a connector_core::collections::IndexMap<String, sw::Schema>> {
    let s = match s
        .reference
        .as_deref()
        .and_then(|r| r.strip_prefix("#/definitions/"))
    {
        Some(name) => definitions.get(name)?,
        None => s,
    };
    s.properties.as_deref()
}

fn paging(
    op: &mut sw::Operation,
    definitions: &connector_core::collections::IndexMap<String, sw::Schema>,
    at: &Pointer,
    diags: &mut Diagnostics,
) {
    if op.extensions.contains_key("x-ms-pageable") {
        return;
    }
    let Some((code, schema)) = ["200", "201"].iter().find_map(|c| {
        op.responses
            .responses
            .get(*c)
            .and_then(sw::RefOr::as_item)
            .and_then(|r| r.schema.as_ref())
            .map(|s| (*c, s))
    }) else {
        return;
    };
    let Some(props) = response_properties(schema, definitions) else {
        return;
    };
    let has_array = props.values().any(|p| {
        p.type_.as_ref().is_some_and(|t| t.is("array"))
            || p.reference
                .as_deref()
                .and_then(|r| r.strip_prefix("#/definitions/"))
                .and_then(|n| definitions.get(n))
                .is_some_and(|d| d.type_.as_ref().is_some_and(|t| t.is("array")))
    });
    let rat = at.push("responses").push(code).push("schema");
    if let Some(name) = NEXT_LINKS.iter().find(|n| props.contains_key(**n)) {
        if has_array {
            op.extensions
                .insert("x-ms-pageable".into(), json!({"nextLinkName": name}));
            diags.info(
                codes::XMS_PAGING,
                &rat,
                format!("the response carries `{name}`: x-ms-pageable lets flows fetch every page"),
            );
        }
        return;
    }
    let nested = ["links", "_links", "paging", "pagination", "meta"]
        .iter()
        .find_map(|outer| {
            let p = props.get(*outer)?;
            let inner = response_properties(p, definitions)?;
            ["next", "next_url", "nextUrl", "next_page"]
                .iter()
                .find(|n| inner.contains_key(**n))
                .map(|n| format!("{outer}.{n}"))
        });
    let other = OTHER_NEXT
        .iter()
        .find(|n| props.contains_key(**n))
        .map(|n| (*n).to_owned())
        .or(nested);
    if let Some(name) = other.filter(|_| has_array) {
        diags
            .info(
                codes::XMS_PAGING,
                &rat,
                format!("the response pages through `{name}`, which the platform does not follow (only nextLink or @odata.nextLink); no x-ms-pageable was written"),
            )
            .help("if it holds the next page's full URL, expose it as nextLink (a setproperty policy or a script) and add x-ms-pageable with an overlay, plus an updatenextlink policy when the link points at the backend host; a token or cursor needs a Do-until loop in the flow");
    }
}

/// The designer reads the output schema from 200 or 201: a schema on another 2xx moves into
/// an existing schema-less 200/201. An empty response schema (`{}`) says nothing and is
/// dropped (certification rejects it).
fn output_schema(op: &mut sw::Operation, at: &Pointer, diags: &mut Diagnostics) {
    let responses = &mut op.responses.responses;
    for (code, r) in responses.iter_mut() {
        if let Some(r) = r.as_item_mut() {
            if r.schema
                .as_ref()
                .is_some_and(|s| **s == sw::Schema::default())
            {
                r.schema = None;
                diags.info(
                    codes::XMS_OUTPUT_SCHEMA,
                    &at.push("responses").push(code).push("schema"),
                    "an empty response schema was dropped",
                );
            }
        }
    }
    let has_main = ["200", "201"].iter().any(|c| {
        responses
            .get(*c)
            .and_then(sw::RefOr::as_item)
            .is_some_and(|r| r.schema.is_some())
    });
    if has_main {
        return;
    }
    let Some(target) = ["200", "201"]
        .iter()
        .find(|c| responses.get(**c).and_then(sw::RefOr::as_item).is_some())
    else {
        return;
    };
    let source = responses
        .iter()
        .find(|(c, r)| c.starts_with('2') && r.as_item().is_some_and(|r| r.schema.is_some()))
        .map(|(c, _)| c.clone());
    let Some(source) = source else { return };
    let schema = responses
        .get_mut(&source)
        .and_then(sw::RefOr::as_item_mut)
        .and_then(|r| r.schema.take());
    if let Some(t) = responses.get_mut(*target).and_then(sw::RefOr::as_item_mut) {
        t.schema = schema;
        diags.info(
            codes::XMS_OUTPUT_SCHEMA,
            &at.push("responses").push(&source).push("schema"),
            format!(
                "the output schema moved from {source} to {target}, where the designer reads it"
            ),
        );
    }
}

/// Labels every schema property.
struct Properties {
    counts: Counts,
    diags: Diagnostics,
    /// Property name → its label and its lower-case label: names repeat across a document
    /// (`id`, `url`, `name`), and splitting them into words is the costly part.
    labels: HashMap<String, (String, String)>,
    /// Run on each schema once its properties are filled.
    finish: Option<fn(&mut sw::Schema)>,
}

impl sw::VisitMut for Properties {
    fn schema(&mut self, s: &mut sw::Schema, at: &Pointer) {
        self.fill(s, at);
        if let Some(finish) = self.finish {
            finish(s);
        }
    }
}

impl Properties {
    fn labels(&mut self, name: &str) -> (String, String) {
        if let Some(known) = self.labels.get(name) {
            return known.clone();
        }
        let made = (clean_summary(&label(name)), lower_label(name));
        self.labels.insert(name.to_owned(), made.clone());
        made
    }

    /// Labels and describes the properties of `s`.
    fn fill(&mut self, s: &mut sw::Schema, at: &Pointer) {
        let required: Vec<String> = s.required.clone().unwrap_or_default();
        for (name, p) in s.properties.as_deref_mut().into_iter().flatten() {
            if p.reference.is_some() {
                continue;
            }
            let mut changed = false;
            if !p.extensions.contains_key("x-ms-summary") {
                let text = match p
                    .title
                    .as_deref()
                    .map(clean_summary)
                    .filter(|t| !t.is_empty())
                {
                    Some(t) => t,
                    None => self.labels(name).0,
                };
                p.extensions
                    .insert("x-ms-summary".into(), Value::String(text));
                changed = true;
            }
            if p.description.as_deref().is_none_or(|d| d.trim().is_empty()) {
                let names: Vec<String> = p
                    .properties
                    .as_deref()
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k.clone())
                    .collect();
                let facts = Facts::of_schema(p, &names);
                if let Some(text) = describe(name, &facts, false) {
                    p.description = Some(text);
                    changed = true;
                }
            }
            let internal =
                p.extensions.get("x-ms-visibility").and_then(Value::as_str) == Some("internal");
            let notification =
                p.extensions.get("x-ms-notification-url") == Some(&Value::Bool(true));
            if internal
                && !notification
                && required.contains(name)
                && p.validation.default.is_none()
            {
                p.extensions.shift_remove("x-ms-visibility");
                self.diags.warn(
                    codes::XMS_VISIBILITY,
                    &at.push("properties").push(name).push("x-ms-visibility"),
                    format!("required property `{name}` was internal without a default; it is visible now"),
                );
            }
            if changed {
                self.counts.properties += 1;
            }
        }
    }
}

/// Definitions a schema references, directly or through other definitions.
fn referenced_definitions(
    s: &sw::Schema,
    definitions: &IndexMap<String, sw::Schema>,
    seen: &mut connector_core::collections::HashSet<String>,
) {
    if let Some(name) = s
        .reference
        .as_deref()
        .and_then(|r| r.strip_prefix("#/definitions/"))
        .map(connector_core::unescape_token)
    {
        if let Some(d) = definitions.get(&name) {
            if seen.insert(name) {
                referenced_definitions(d, definitions, seen);
            }
        }
    }
    let children = s
        .items
        .as_deref()
        .into_iter()
        .chain(s.all_of.iter().flatten())
        .chain(s.properties.iter().flat_map(|p| p.values()))
        .chain(match &s.additional_properties {
            Some(sw::AdditionalProperties::Schema(a)) => Some(a.as_ref()),
            _ => None,
        });
    for c in children {
        referenced_definitions(c, definitions, seen);
    }
}

/// Body fields get visibility as parameters do: required ones `important`, the others
/// `advanced` (read-only fields, which are never sent, and fields that say already are left).
struct BodyVisibility<'a> {
    counts: &'a mut Counts,
}

impl BodyVisibility<'_> {
    /// Gives the properties of `s` their visibility.
    fn schema(&mut self, s: &mut sw::Schema) {
        let required = s.required.clone().unwrap_or_default();
        for (name, p) in s.properties.as_deref_mut().into_iter().flatten() {
            if p.reference.is_some()
                || p.read_only == Some(true)
                || p.extensions.contains_key("x-ms-visibility")
            {
                continue;
            }
            let v = if required.contains(name) {
                "important"
            } else {
                "advanced"
            };
            p.extensions.insert("x-ms-visibility".into(), json!(v));
            self.counts.visibility += 1;
        }
    }
}

/// Applies [`BodyVisibility`] to every body schema and every definition one reaches.
fn body_fields(doc: &mut sw::Document, counts: &mut Counts) {
    let mut reached = connector_core::collections::HashSet::default();
    let mut visitor = BodyVisibility { counts };
    let visit = &mut |s: &mut sw::Schema, _: &Pointer| visitor.schema(s);
    let root = Pointer::root();
    for item in doc.paths.paths.values_mut() {
        for (_, op) in item.operations_mut() {
            for slot in op.parameters.iter_mut().flatten() {
                let Some(p) = slot.as_item_mut() else {
                    continue;
                };
                let Some(schema) = p
                    .schema
                    .as_mut()
                    .filter(|_| p.location == sw::ParameterLocation::Body)
                else {
                    continue;
                };
                referenced_definitions(schema, &doc.definitions, &mut reached);
                sw::for_each_schema_in(schema, &root, visit);
            }
        }
    }
    for p in doc.parameters.values_mut() {
        if let Some(schema) = p.schema.as_mut() {
            referenced_definitions(schema, &doc.definitions, &mut reached);
            sw::for_each_schema_in(schema, &root, visit);
        }
    }
    for (name, d) in doc.definitions.iter_mut() {
        if reached.contains(name) {
            sw::for_each_schema_in(d, &root, visit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A definition with `n` paths of varied operations: with and without texts, with
    /// parameters to label, a paged list, a body, a header and an empty response schema.
    fn varied(n: usize) -> sw::Document {
        let mut paths = serde_json::Map::new();
        for i in 0..n {
            let item = match i % 4 {
                0 => json!({"get": {"operationId": format!("listThings{i}"),
                    "parameters": [{"name": "page_size", "in": "query", "type": "integer"},
                                   {"name": "If-None-Match", "in": "header", "type": "string"}],
                    "responses": {"200": {"description": "ok", "schema": {"type": "object",
                        "properties": {"value": {"type": "array", "items": {"type": "string"}},
                                       "nextLink": {"type": "string"}}}}}}}),
                1 => json!({"post": {"summary": "Create a thing", "consumes": ["application/json"],
                    "parameters": [{"name": "body", "in": "body", "schema": {"$ref": "#/definitions/Thing"}}],
                    "responses": {"201": {"description": "made", "schema": {}}}}}),
                2 => {
                    json!({"parameters": [{"name": "thing_id", "in": "path", "required": true, "type": "string"}],
                    "delete": {"description": "Removes the thing. It is gone after.",
                        "responses": {"204": {"description": "gone"}}}})
                }
                _ => json!({"get": {"responses": {"default": {"description": "any"}}},
                    "put": {"operationId": "put_it", "responses": {"200": {"description": "ok"}}}}),
            };
            paths.insert(format!("/things{i}/{{thing_id}}"), item);
        }
        let v = json!({"swagger": "2.0", "info": {"title": "T", "version": "1"},
            "host": "api.example.com", "produces": ["application/json"], "paths": paths,
            "definitions": {"Thing": {"type": "object", "properties": {"name": {"type": "string"}}}}});
        sw::read_document(v, &mut Diagnostics::new())
    }

    fn filled(n: usize, min: usize) -> (String, Vec<String>) {
        let mut doc = varied(n);
        let mut counts = Counts::default();
        let mut diags = Diagnostics::new();
        operations_with(&mut doc, min, &mut counts, &mut diags);
        counts.report(&mut diags);
        let found = diags.as_slice().iter().map(|d| format!("{d:?}")).collect();
        (sw::to_json_string(&doc).unwrap_or_default(), found)
    }

    #[test]
    fn operations_filled_in_pieces_are_filled_as_in_turn() {
        for n in [3, 64, 101] {
            let in_turn = filled(n, usize::MAX);
            assert!(in_turn.0.contains("x-ms-summary"), "labels were written");
            assert!(
                in_turn.1.len() > n / 4,
                "findings were made: {:?}",
                in_turn.1
            );
            assert_eq!(filled(n, 2), in_turn, "{n} path items");
        }
    }
}
