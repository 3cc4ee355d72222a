//! Connector shaping: everything after lowering that makes a Swagger 2.0 document a
//! connector the platform accepts, whatever the input format.
//!
//! - [`legalize`]: operation ids (generated, sanitised, unique), path parameters that match
//!   their templates, one body per operation, no schema on `default` responses, a valid
//!   backend URL, a title and description;
//! - [`authentication`]: `securityDefinitions` → `apiProperties.json` connection parameters
//!   (one scheme) or connection parameter sets (several).
//!
//! Whatever the input already says wins: valid operation ids, summaries and `x-ms-*` values
//! are never rewritten.

mod actions;
pub mod codes;
mod dedupe;
mod describe;
mod fill;
mod host;
mod limits;
mod metadata;
mod opids;
mod part_size;
mod paths;
mod prose;
mod ref_scan;
mod references;
mod security;
mod select;
mod signin;
mod stable;
mod vocabulary;
pub mod words;

pub use connector_swagger2::{FORMATS, KNOWN_EXTENSIONS};
pub use dedupe::{shared_responses, shared_schemas};
pub use fill::{IMPORTANT_PARAMETERS, fill, is_connector};
pub use host::host_variables;
pub use limits::body_schemas;
pub use metadata::{Metadata, capabilities, clean_title, info_texts, metadata};
pub use paths::{paths, repair_template};
pub use references::{alias_definitions, data_references, operation_references, references};
pub use security::security;
pub use select::{
    MAX_DEFINITION_BYTES, MAX_OPERATIONS, OperationKey, Part, References, Selection, SplitParts,
    extract, extract_with, glob_match, operations, select, split_by_tag,
};
pub use signin::{Auth, KeyLocation, required_scopes};
pub use stable::previous_ids;
pub use vocabulary::vocabulary;

use connector_core::collections::HashSet;

use connector_core::collections::IndexMap;
use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;
use serde_json::{Value, json};

/// Whether to write summaries, labels, visibility and the other maker-facing annotations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Fill {
    /// Fill, unless the input is already a connector definition (a Swagger 2.0 document that
    /// carries `x-ms-summary`, `x-ms-visibility`, `x-ms-connector-metadata`, `x-ms-trigger` or
    /// dynamic values), so a hand-made connector goes through unchanged. The caller decides with [`is_connector`]
    /// on the input before lowering and passes `Always` or `Never`; [`annotate`] treats
    /// `Auto` as `Always`.
    #[default]
    Auto,
    /// Always fill what is missing.
    Always,
    /// Never fill; only make the definition legal.
    Never,
}

/// Options of the shaping step.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct AnnotateOptions {
    /// OAuth 2.0 client id written into the `token` connection parameter.
    pub oauth_client_id: Option<String>,
    /// Whether to fill maker-facing annotations.
    pub fill: Fill,
    /// Connector metadata from the user.
    pub metadata: Metadata,
    /// The previously generated definition: operations without an id keep the id it gave
    /// them ([`previous_ids`]).
    pub previous: Option<std::sync::Arc<sw::Document>>,
    /// A sign-in declared by the user, replacing the input's ([`Auth`]).
    pub auth: Option<Auth>,
}

impl AnnotateOptions {
    /// Options with a sign-in declared by the user.
    pub fn with_auth(mut self, auth: Option<Auth>) -> Self {
        self.auth = auth;
        self
    }
    /// Options with an OAuth client id.
    pub fn with_oauth_client_id(mut self, id: Option<String>) -> Self {
        self.oauth_client_id = id;
        self
    }
    /// Options with a fill mode.
    pub fn with_fill(mut self, fill: Fill) -> Self {
        self.fill = fill;
        self
    }
    /// Options with the previously generated definition.
    pub fn with_previous(mut self, previous: Option<std::sync::Arc<sw::Document>>) -> Self {
        self.previous = previous;
        self
    }
    /// Options with connector metadata.
    pub fn with_metadata(mut self, metadata: Metadata) -> Self {
        self.metadata = metadata;
        self
    }
}

/// The whole shaping step: tenant hosts, [`legalize`], path repairs ([`paths`]), body schema
/// limits ([`body_schemas`]), the maker-facing annotations ([`fill`], per [`Fill`]),
/// metadata and [`authentication`].
pub fn annotate(
    doc: &mut sw::Document,
    props: &mut sw::ConnectorProperties,
    options: &AnnotateOptions,
    diags: &mut Diagnostics,
) {
    let fill_it = options.fill != Fill::Never;
    host_variables(doc, props, diags);
    if let Some(previous) = &options.previous {
        previous_ids(doc, previous, diags);
    }
    if fill_it {
        opids::pascal_ids(doc, options.previous.as_deref(), diags);
        security::unusable_flows(doc, diags);
        security::declare_scopes(doc, diags);
    }
    match &options.auth {
        Some(auth) => signin::declared(doc, auth, diags),
        None if fill_it => {
            signin::inferred(doc, diags);
            signin::unused_schemes(doc, diags);
            signin::redundant_keys(doc, diags);
        }
        None => {}
    }
    legalize_with(doc, !fill_it, diags);
    paths::paths_with(doc, props, !fill_it, diags);
    unusable_shared_parameters(doc);
    operation_references(doc, diags);
    body_schemas(doc, diags);
    // After trimming, whose inline copies may repeat definitions (the count is the same).
    shared_schemas(doc, diags);
    if fill_it {
        info_texts(doc, diags);
        // Empty `properties` and `required` are left out in fill's last walk: filling reads
        // each schema's properties from its parent, before the schema itself is tidied.
        fill::fill_with(doc, Some(tidy), diags);
    }
    metadata(doc, props, &options.metadata, diags);
    capabilities(doc, props);
    authentication(doc, props, options, diags);
    if fill_it && options.auth.is_none() {
        signin::none_left(doc, diags);
    }
    data_references(doc, diags);
    if fill_it {
        shared_responses(doc, diags);
        // An emptied parameter list says nothing; it would also not survive a re-read. (A
        // connector's own empty lists and maps are kept as written.)
        for item in doc.paths.paths.values_mut() {
            for (_, op) in item.operations_mut() {
                if op.parameters.as_ref().is_some_and(Vec::is_empty) {
                    op.parameters = None;
                }
            }
        }
    }
}

/// How many path items and definitions a document needs before its walks go in pieces on two
/// threads ([`walk_in_pieces`]). A walk over fewer takes a few milliseconds, about what a
/// second thread costs to start, and the thread's own allocator caches add a megabyte or two
/// to the peak: on the Postman collection of GitHub's API (503), 1.44× the floor's peak in
/// turn, 1.48× to 1.51× in pieces.
#[cfg(not(target_arch = "wasm32"))]
const PIECES_MIN: usize = 1024;

/// Walks `doc` with visitors that `make` makes: one for the whole document, or, on a document
/// of [`PIECES_MIN`] path items and definitions or more (outside WebAssembly), one for each
/// piece of [`sw::walk_document_in_pieces`], taken by two threads. Returns them in the walk's
/// order; for visitors that carry nothing from one node to the next, what they found, one
/// after the other, is what one visitor finds over the whole walk.
pub(crate) fn walk_in_pieces<V: sw::VisitMut + Send>(
    doc: &mut sw::Document,
    make: &(dyn Fn() -> V + Sync),
) -> Vec<V> {
    #[cfg(not(target_arch = "wasm32"))]
    if doc.paths.paths.len() + doc.definitions.len() >= PIECES_MIN {
        return sw::walk_document_in_pieces(doc, make);
    }
    let mut v = make();
    sw::walk_document_mut(doc, &mut v);
    vec![v]
}

/// Shared parameters with a name the platform does not take (empty, `connectionId`) are
/// referenced by no operation once `legalize` and `paths` have dropped or renamed their
/// uses (each use reported there); they are removed so that the name is gone.
fn unusable_shared_parameters(doc: &mut sw::Document) {
    let unusable: Vec<String> = doc
        .parameters
        .iter()
        .filter(|(_, p)| p.name.is_empty() || sw::platform::is_reserved_parameter_name(&p.name))
        .map(|(k, _)| k.clone())
        .collect();
    for key in unusable {
        let target = format!("#/parameters/{}", connector_core::escape_token(&key));
        let used = doc.paths.paths.values().any(|item| {
            item.parameters
                .iter()
                .flatten()
                .chain(
                    item.operations()
                        .flat_map(|(_, op)| op.parameters.iter().flatten()),
                )
                .any(|p| matches!(p, sw::RefOr::Ref(r) if *r == target))
        });
        if !used {
            doc.parameters.shift_remove(&key);
        }
    }
}

/// Empty `properties` and `required` of schemas say nothing: they are left out.
fn tidy(s: &mut sw::Schema) {
    if s.properties.as_deref().is_some_and(IndexMap::is_empty) {
        s.properties = None;
    }
    if s.required.as_ref().is_some_and(Vec::is_empty) {
        s.required = None;
    }
}

pub use connector_swagger2::platform::is_valid_operation_id;

/// A PascalCase identifier from free text: `get /users/{id}` → `GetUsersId`.
pub fn pascal_case(text: &str) -> String {
    pascal_case_split(text, |c| c.is_ascii_alphanumeric())
}

/// Joins the words of `text` (runs of characters `keep` accepts), each with a capital first letter.
fn pascal_case_split(text: &str, keep: fn(char) -> bool) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| !keep(c)).filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// Brings the document within what the platform accepts (see the crate docs).
pub fn legalize(doc: &mut sw::Document, diags: &mut Diagnostics) {
    legalize_with(doc, false, diags);
}

/// [`legalize`]; for a `connector` input (a connector definition already) it keeps what the
/// platform took: the operation ids the input wrote (flows call its operations by them),
/// defaults of another JSON type and a schema on `default`.
fn legalize_with(doc: &mut sw::Document, connector: bool, diags: &mut Diagnostics) {
    backend_url(doc, diags);
    vocabulary::vocabulary_with(doc, connector, diags);
    references(doc, diags);
    alias_definitions(doc, diags);
    security(doc, diags);
    info(doc, diags);
    let checked = operations_checked(doc, connector);
    let mut ids = Ids::of(doc, connector);
    // In the order one pass would have made them: each operation's id, then its checks.
    for ((path, method, op), (at, found)) in doc.paths.operations_mut().zip(checked) {
        operation_id(op, method, path, &at, &mut ids, diags);
        diags.extend(found.into_vec());
    }
    if !connector {
        output_schemas(doc, diags);
    }
}

/// Each operation's parameters (the path item's merged in) and responses made legal (see
/// [`parameters`], [`responses`]): what each operation needs is itself, its path and the
/// shared parameters, so the path items go in runs taken in turn by two threads (see
/// [`connector_core::in_pieces`]). Returns each operation's pointer and findings, in the
/// document's order.
fn operations_checked(doc: &mut sw::Document, connector: bool) -> Vec<(Pointer, Diagnostics)> {
    let shared = &doc.parameters;
    let mut items: Vec<(&String, &mut sw::PathItem)> = doc.paths.paths.iter_mut().collect();
    let runs =
        connector_core::in_pieces(&mut items, connector_core::WORTH_A_THREAD, |run, found| {
            for (path, item) in run.iter_mut() {
                check_item(path, item, shared, connector, found);
            }
        });
    runs.into_iter().flatten().collect()
}

/// [`operations_checked`] for one path item: its parameters merged into each operation
/// (the operation's own win), then each operation's parameters and responses.
fn check_item(
    path: &str,
    item: &mut sw::PathItem,
    shared: &IndexMap<String, sw::Parameter>,
    connector: bool,
    found: &mut Vec<(Pointer, Diagnostics)>,
) {
    let pat = Pointer::root().push("paths").push(path);
    let template_vars = template_variables(path);
    let path_level: Vec<sw::RefOr<sw::Parameter>> = item.parameters.take().unwrap_or_default();
    if !path_level.is_empty() {
        for (_, op) in item.operations_mut() {
            let mut merged = path_level.clone();
            for p in op.parameters.take().unwrap_or_default() {
                let key = param_key(&p, shared);
                if let Some(slot) = merged
                    .iter_mut()
                    .find(|m| key.is_some() && param_key(m, shared) == key)
                {
                    *slot = p;
                } else {
                    merged.push(p);
                }
            }
            op.parameters = Some(merged);
        }
    }
    for (method, op) in item.operations_mut() {
        let oat = pat.push(method);
        let mut diags = Diagnostics::new();
        parameters(op, method, &template_vars, shared, &oat, &mut diags);
        responses(op, &oat, connector, &mut diags);
        found.push((oat, diags));
    }
}

fn backend_url(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let root = Pointer::root();
    if let Some(host) = doc.host.clone() {
        let mut h = host.trim().to_owned();
        if let Some((scheme, rest)) = h.split_once("://") {
            let scheme = scheme.to_ascii_lowercase();
            if doc.schemes.is_none() && (scheme == "http" || scheme == "https") {
                doc.schemes = Some(vec![scheme]);
            }
            h = rest.to_owned();
        }
        if let Some(i) = h.find('/') {
            let path = h
                .get(i..)
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_owned();
            h.truncate(i);
            if doc.base_path.as_deref().is_none_or(|b| b == "/") && !path.is_empty() {
                doc.base_path = Some(path);
            }
        }
        if h != host {
            diags.warn(
                codes::XMS_BACKEND_URL,
                &root.push("host"),
                format!("host `{host}` held more than a host name; it is `{h}` now"),
            );
        }
        if h.is_empty() || h.contains(['{', '}', ' ', '\\']) {
            diags
                .error(
                    codes::XMS_HOST_MISSING,
                    &root.push("host"),
                    format!("host `{h}` is not a valid host name"),
                )
                .help("pass the API's host name with the host option (--host)");
        }
        doc.host = Some(h);
    }
    if let Some(bp) = doc.base_path.clone() {
        if !bp.starts_with('/') {
            doc.base_path = Some(format!("/{bp}"));
            diags.warn(
                codes::XMS_BACKEND_URL,
                &root.push("basePath"),
                format!("basePath `{bp}` must start with `/`; it was prefixed"),
            );
        }
    }
    match doc.schemes.take() {
        Some(list) => {
            let mut kept: Vec<String> = list
                .iter()
                .map(|s| s.to_ascii_lowercase())
                .filter(|s| s == "http" || s == "https")
                .collect();
            kept.dedup();
            if kept.len() != list.len() {
                diags.warn(
                    codes::XMS_BACKEND_URL,
                    &root.push("schemes"),
                    format!("schemes {list:?}: only http and https are supported"),
                );
            }
            kept.sort_by_key(|s| s != "https");
            doc.schemes = Some(if kept.is_empty() {
                vec!["https".into()]
            } else {
                kept
            });
        }
        None => doc.schemes = Some(vec!["https".into()]),
    }
}

fn info(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let at = Pointer::root().push("info");
    let drop_url = |url: &mut Option<String>, at: Pointer, diags: &mut Diagnostics| {
        if let Some(u) = url.as_deref().filter(|u| !security::is_absolute_url(u)) {
            diags.warn(
                codes::XMS_INFO_REPAIRED,
                &at,
                format!("`{u}` is not an absolute URL; it was dropped"),
            );
            *url = None;
        }
    };
    if let Some(contact) = &mut doc.info.contact {
        drop_url(&mut contact.url, at.push("contact").push("url"), diags);
        let bad_email = contact.email.as_deref().is_some_and(|e| {
            let Some((user, domain)) = e.split_once('@') else {
                return true;
            };
            user.is_empty() || !domain.contains('.') || e.contains(char::is_whitespace)
        });
        if bad_email {
            diags.warn(
                codes::XMS_INFO_REPAIRED,
                &at.push("contact").push("email"),
                "the contact e-mail is not an e-mail address; it was dropped",
            );
            contact.email = None;
        }
    }
    if let Some(license) = &mut doc.info.license {
        drop_url(&mut license.url, at.push("license").push("url"), diags);
    }
    if doc.info.title.trim().is_empty() {
        doc.info.title = "Untitled".into();
        diags
            .warn(
                codes::XMS_INFO_DEFAULTED,
                &at.push("title"),
                "the document has no title; `Untitled` was written",
            )
            .help("pass --title");
    }
    if doc.info.version.trim().is_empty() {
        doc.info.version = "1.0".into();
        diags.info(
            codes::XMS_INFO_DEFAULTED,
            &at.push("version"),
            "the document has no version; `1.0` was written",
        );
    }
    if doc
        .info
        .description
        .as_deref()
        .is_none_or(|d| d.trim().is_empty())
    {
        doc.info.description = Some(format!("Connector for the {} service.", doc.info.title));
        diags
            .info(
                codes::XMS_INFO_DEFAULTED,
                &at.push("description"),
                "the document has no description (paconn needs one); a placeholder was written",
            )
            .help("describe the API in the source document");
    }
}

/// The `{name}`s of a path template, in order.
pub(crate) fn template_variables(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(after) = rest.get(start + 1..) else {
            break;
        };
        let Some(end) = after.find('}') else { break };
        if let Some(name) = after.get(..end) {
            out.push(name.to_owned());
        }
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out
}

fn resolve<'a>(
    p: &'a sw::RefOr<sw::Parameter>,
    shared: &'a IndexMap<String, sw::Parameter>,
) -> Option<&'a sw::Parameter> {
    match p {
        sw::RefOr::Item(p) => Some(p),
        sw::RefOr::Ref(r) => shared.get(&connector_core::unescape_token(
            r.strip_prefix("#/parameters/")?,
        )),
    }
}

fn param_key(
    p: &sw::RefOr<sw::Parameter>,
    shared: &IndexMap<String, sw::Parameter>,
) -> Option<(String, sw::ParameterLocation)> {
    resolve(p, shared).map(sw::Parameter::key)
}

/// The operation ids met so far, and whether ids the input wrote are kept.
struct Ids {
    /// Every id taken (lower case), the input's valid ones first.
    used: HashSet<String>,
    /// Valid ids of the input already met once (lower case).
    seen_valid: HashSet<String>,
    /// Keep an id the input wrote even with characters the platform strips (it takes it).
    keep_written: bool,
}

impl Ids {
    /// No id taken yet but the input's valid ones (lower case), so that generated ids never
    /// take them; `connector` keeps the ids the input wrote.
    fn of(doc: &sw::Document, connector: bool) -> Ids {
        let used = doc
            .paths
            .operations()
            .filter_map(|(_, _, op)| op.operation_id.as_deref())
            .filter(|id| is_valid_operation_id(id))
            .map(str::to_ascii_lowercase)
            .collect();
        Ids {
            used,
            seen_valid: HashSet::default(),
            keep_written: connector,
        }
    }
}

fn operation_id(
    op: &mut sw::Operation,
    method: &str,
    path: &str,
    at: &Pointer,
    ids: &mut Ids,
    diags: &mut Diagnostics,
) {
    let at = at.push("operationId");
    let used = &mut ids.used;
    let breaking = if ids.keep_written {
        " (a breaking change: flows call the operation by its id)"
    } else {
        ""
    };
    if let Some(id) = op.operation_id.clone() {
        let kept = ids.keep_written && !id.is_empty();
        if is_valid_operation_id(&id) || kept {
            if ids.seen_valid.insert(id.to_ascii_lowercase()) {
                if !is_valid_operation_id(&id) {
                    diags.warn(
                        codes::XMS_OPERATION_ID_SANITIZED,
                        &at,
                        format!("operationId `{id}` has characters the platform strips; it was kept as written, since renaming it would break the flows that call it"),
                    );
                }
                used.insert(id.to_ascii_lowercase());
                return;
            }
            let new = unique(&id, used);
            op.input_id = Some(id.clone());
            diags.warn(
                codes::XMS_OPERATION_ID_DUPLICATE,
                &at,
                format!("operationId `{id}` is used more than once; this one is `{new}`{breaking}"),
            );
            op.operation_id = Some(new);
            return;
        }
        let cleaned: String = id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let base = if cleaned.is_empty() {
            pascal_case(&format!("{method} {path}"))
        } else if id.contains(|c: char| c.is_ascii_alphanumeric()) && cleaned.len() < id.len() {
            pascal_case_keep(&id)
        } else {
            cleaned
        };
        let new = unique(&base, used);
        op.input_id = Some(id.clone());
        diags.info(
            codes::XMS_OPERATION_ID_SANITIZED,
            &at,
            format!("operationId `{id}` has characters the platform rejects; it is `{new}` now"),
        );
        op.operation_id = Some(new);
        return;
    }
    let base = pascal_case(&format!("{method} {}", path.replace(['{', '}'], "")));
    let base = if base.is_empty() {
        "Operation".into()
    } else {
        base
    };
    let new = unique(&base, used);
    diags.info(
        codes::XMS_OPERATION_ID_GENERATED,
        &at,
        format!("the operation had no operationId; it is `{new}`"),
    );
    op.operation_id = Some(new);
}

/// Joins words split at disallowed characters, keeping the case inside each word
/// (`users.list` → `UsersList`, `repos/get-content` → `ReposGet-content` is avoided: `-` is kept).
fn pascal_case_keep(id: &str) -> String {
    pascal_case_split(id, |c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn unique(base: &str, used: &mut HashSet<String>) -> String {
    connector_core::unique_name(base, |n| used.insert(n.to_ascii_lowercase()))
}

/// Path parameters that match the template, one body per operation, none on GET/HEAD.
/// Pointers name the parameters' positions as they were before anything was dropped.
fn parameters(
    op: &mut sw::Operation,
    method: &str,
    vars: &[String],
    shared: &IndexMap<String, sw::Parameter>,
    at: &Pointer,
    diags: &mut Diagnostics,
) {
    let written = op.parameters.is_some();
    let params = op.parameters.take().unwrap_or_default();
    let fetch = matches!(method, "get" | "head");
    let has_body = !fetch
        && params
            .iter()
            .any(|p| resolve(p, shared).is_some_and(|r| r.location == sw::ParameterLocation::Body));
    let mut seen_body = false;
    let mut seen_keys = HashSet::default();
    let mut kept = Vec::with_capacity(params.len());
    for (index, mut p) in params.into_iter().enumerate() {
        let pat = at.push("parameters").index(index);
        let Some((name, location, key)) =
            resolve(&p, shared).map(|r| (r.name.clone(), r.location, r.key()))
        else {
            kept.push(p);
            continue;
        };
        // One parameter per name and place (header names compared without case).
        if !seen_keys.insert(key) {
            diags.warn(
                codes::XMS_PARAMETER_NAME,
                &pat,
                format!(
                    "{} parameter `{name}` is listed twice; the repetition was dropped",
                    location.as_str()
                ),
            );
            continue;
        }
        let unusable = name.is_empty() || sw::platform::is_reserved_parameter_name(&name);
        // A body's name is not sent: an unusable one is renamed.
        if unusable && location == sw::ParameterLocation::Body {
            if let Some(mut item) = resolve(&p, shared).cloned() {
                item.name = "body".into();
                p = sw::RefOr::Item(item);
                diags.warn(
                    codes::XMS_PARAMETER_NAME,
                    &pat.push("name"),
                    format!("body parameter `{name}` was renamed `body`: the platform does not take that name"),
                );
            }
        }
        let keep = match location {
            // Path variables named `connectionId` are renamed with the path (see `paths`).
            sw::ParameterLocation::Query
            | sw::ParameterLocation::Header
            | sw::ParameterLocation::FormData
                if unusable =>
            {
                let why = if name.is_empty() {
                    "has no name".to_owned()
                } else {
                    format!("is named `{name}`, which the platform reserves for itself")
                };
                diags
                    .warn(
                        codes::XMS_PARAMETER_NAME,
                        &pat,
                        format!(
                            "{} parameter {why}; it was dropped",
                            location.as_str()
                        ),
                    )
                    .help("if the API needs it, send it from a policy (setheader, setqueryparameter) or a custom code script");
                false
            }
            sw::ParameterLocation::Path if !vars.contains(&name) => {
                diags.warn(
                    codes::XMS_PATH_PARAMETER_UNUSED,
                    &pat,
                    format!("path parameter `{name}` is not in the path template; it was dropped"),
                );
                false
            }
            sw::ParameterLocation::Path => {
                if let sw::RefOr::Item(item) = &mut p {
                    if item.required != Some(true) {
                        item.required = Some(true);
                        diags.info(
                            codes::XMS_PATH_PARAMETER_REQUIRED,
                            &pat.push("required"),
                            format!("path parameter `{name}` is now required"),
                        );
                    }
                }
                true
            }
            sw::ParameterLocation::Body | sw::ParameterLocation::FormData if fetch => {
                diags.warn(
                    codes::XMS_BODY_PARAMETER,
                    &pat,
                    format!(
                        "{} parameter `{name}` on {} is not allowed; it was dropped",
                        location.as_str(),
                        method.to_ascii_uppercase()
                    ),
                );
                false
            }
            sw::ParameterLocation::Body if seen_body => {
                diags.warn(
                    codes::XMS_BODY_PARAMETER,
                    &pat,
                    format!(
                        "a second body parameter `{name}` was dropped (one body per operation)"
                    ),
                );
                false
            }
            sw::ParameterLocation::Body => {
                seen_body = true;
                true
            }
            sw::ParameterLocation::FormData if has_body => {
                diags.warn(
                    codes::XMS_BODY_PARAMETER,
                    &pat,
                    format!("form field `{name}` next to a body parameter was dropped"),
                );
                false
            }
            _ => true,
        };
        if keep {
            kept.push(p);
        }
    }
    for var in vars {
        let declared = kept.iter().any(|p| {
            resolve(p, shared)
                .is_some_and(|r| r.location == sw::ParameterLocation::Path && &r.name == var)
        });
        if !declared {
            kept.push(path_parameter(var));
            diags.warn(codes::XMS_PATH_PARAMETER_ADDED, &at.push("parameters"), format!("`{{{var}}}` in the path had no parameter; a required string parameter was added"));
        }
    }
    // A list written empty stays as written; one emptied here is removed later.
    op.parameters = if kept.is_empty() && !written {
        None
    } else {
        Some(kept)
    };
}

/// The parameter given to a path variable that none declares: a required string.
fn path_parameter(name: &str) -> sw::RefOr<sw::Parameter> {
    let mut p = sw::Parameter::new(name.to_owned(), sw::ParameterLocation::Path);
    p.required = Some(true);
    p.type_ = Some("string".into());
    sw::RefOr::Item(p)
}

/// Response keys the platform takes and at least one response; unless the input is a
/// connector (which keeps what the platform took), no schema on `default` and one output
/// schema.
fn responses(op: &mut sw::Operation, at: &Pointer, connector: bool, diags: &mut Diagnostics) {
    let rat = at.push("responses");
    response_keys(op, &rat, diags);
    if op.responses.responses.is_empty() {
        op.responses.responses.insert(
            "default".into(),
            sw::RefOr::Item(sw::Response {
                description: "Operation completed.".into(),
                ..Default::default()
            }),
        );
        diags.info(
            codes::XMS_RESPONSE_ADDED,
            &rat,
            "the operation had no response; a `default` response was added",
        );
        return;
    }
    if connector {
        return;
    }
    default_response(op, &rat, diags);
}

/// Keys must be a status code or `default`: `2XX` becomes `200`, anything else goes.
fn response_keys(op: &mut sw::Operation, rat: &Pointer, diags: &mut Diagnostics) {
    let keys: Vec<String> = op.responses.responses.keys().cloned().collect();
    for key in keys {
        let status = key.len() == 3
            && key.chars().all(|c| c.is_ascii_digit())
            && ('1'..='5').contains(&key.chars().next().unwrap_or('0'));
        if status || key == "default" {
            continue;
        }
        let Some(r) = op.responses.responses.shift_remove(&key) else {
            continue;
        };
        let range = key.len() == 3
            && ('1'..='5').contains(&key.chars().next().unwrap_or('0'))
            && key.get(1..).is_some_and(|x| x.eq_ignore_ascii_case("xx"));
        let concrete = format!("{}00", key.chars().next().unwrap_or('2'));
        if range && !op.responses.responses.contains_key(&concrete) {
            op.responses.responses.insert(concrete.clone(), r);
            diags.info(
                codes::XMS_RESPONSE_KEY,
                &rat.push(&key),
                format!(
                    "response `{key}` is `{concrete}` now: the platform takes status codes only"
                ),
            );
        } else {
            diags.warn(
                codes::XMS_RESPONSE_KEY,
                &rat.push(&key),
                format!("response key `{key}` is not a status code; the response was dropped"),
            );
        }
    }
}

/// `default` may not carry a schema: when nothing else describes success it becomes the 200
/// response (with or without a schema: the platform wants a 2xx), otherwise its schema goes.
fn default_response(op: &mut sw::Operation, rat: &Pointer, diags: &mut Diagnostics) {
    let responses = &mut op.responses.responses;
    let has_success = responses.keys().any(|k| k.starts_with('2'));
    let default_schema = match responses.get("default") {
        Some(sw::RefOr::Item(r)) => Some(r.schema.is_some()),
        Some(sw::RefOr::Ref(_)) => Some(false),
        None => None,
    };
    match (has_success, default_schema) {
        (false, Some(_)) => {
            if let Some(d) = responses.shift_remove("default") {
                responses.insert("200".into(), d);
                diags.info(
                    codes::XMS_DEFAULT_RESPONSE_SCHEMA,
                    &rat.push("default"),
                    "the only described outcome was `default`; it became the 200 response (the platform wants a success response, and no schema on `default`)",
                );
            }
        }
        (true, Some(true)) => {
            if let Some(sw::RefOr::Item(d)) = responses.get_mut("default") {
                d.schema = None;
                diags.warn(
                    codes::XMS_DEFAULT_RESPONSE_SCHEMA,
                    &rat.push("default").push("schema"),
                    "the schema of the `default` response was dropped: the platform rejects it",
                );
            }
        }
        _ => {}
    }
}

/// The designer reads the schema of one response, the success one (200, else 201, else the
/// first 2xx with a schema): the schemas of the others (error responses, above all) are dead
/// weight against the size limit and draw a platform warning, so they go, reported once per
/// operation. A shared
/// response that no operation reads its schema from loses the schema where it is defined; one
/// that some operation reads is copied, without its schema, where it is not read.
pub fn output_schemas(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let shared_schema = |name: &str| doc.responses.get(name).is_some_and(|r| r.schema.is_some());
    let shared_name = |r: &sw::RefOr<sw::Response>| match r {
        sw::RefOr::Ref(reference) => reference
            .strip_prefix("#/responses/")
            .map(connector_core::unescape_token),
        sw::RefOr::Item(_) => None,
    };
    // Per operation: the codes whose schema goes; and the shared responses kept as outputs.
    let mut plans: Vec<(String, &'static str, Vec<String>, Option<String>)> = Vec::new();
    let mut read_shared: HashSet<String> = HashSet::default();
    for (path, item) in &doc.paths.paths {
        for (method, op) in item.operations() {
            let with_schema: Vec<String> = op
                .responses
                .responses
                .iter()
                .filter(|(_, r)| match r {
                    sw::RefOr::Item(r) => r.schema.is_some(),
                    sw::RefOr::Ref(_) => shared_name(r).is_some_and(|n| shared_schema(&n)),
                })
                .map(|(k, _)| k.clone())
                .collect();
            let kept = ["200", "201"]
                .into_iter()
                .find(|c| with_schema.iter().any(|k| k == c))
                .map(str::to_owned)
                .or_else(|| with_schema.iter().find(|k| k.starts_with('2')).cloned());
            if let Some(n) = kept
                .as_ref()
                .and_then(|k| op.responses.responses.get(k))
                .and_then(shared_name)
            {
                read_shared.insert(n);
            }
            let dropped: Vec<String> = with_schema
                .into_iter()
                .filter(|c| Some(c) != kept.as_ref())
                .collect();
            if !dropped.is_empty() {
                plans.push((path.clone(), method, dropped, kept));
            }
        }
    }
    let mut stripped: HashSet<String> = HashSet::default();
    for (path, method, dropped, kept) in plans {
        let Some(op) = doc
            .paths
            .paths
            .get_mut(&path)
            .and_then(|i| i.operation_slot(method))
            .and_then(Option::as_mut)
        else {
            continue;
        };
        for code in &dropped {
            let Some(slot) = op.responses.responses.get_mut(code) else {
                continue;
            };
            match shared_name(slot) {
                // Read elsewhere: a copy without the schema (and its examples) stands here.
                Some(n) if read_shared.contains(&n) => {
                    if let Some(r) = doc.responses.get(&n) {
                        *slot = sw::RefOr::Item(sw::Response {
                            description: r.description.clone(),
                            headers: r.headers.clone(),
                            ..sw::Response::default()
                        });
                    }
                }
                Some(n) => {
                    stripped.insert(n);
                }
                None => {
                    if let sw::RefOr::Item(r) = slot {
                        r.schema = None;
                        r.examples = None;
                    }
                }
            }
        }
        let reads = kept.map_or_else(
            || "no success response carries one".to_owned(),
            |k| format!("it reads the {k} response's"),
        );
        let at = Pointer::root()
            .push("paths")
            .push(&path)
            .push(method)
            .push("responses");
        diags.info(
            codes::XMS_RESPONSE_SCHEMA_DROPPED,
            &at,
            format!(
                "the designer reads one output schema ({reads}); the schemas of responses {} were dropped",
                dropped.join(", ")
            ),
        );
    }
    for name in stripped {
        if let Some(r) = doc.responses.get_mut(&name) {
            r.schema = None;
            r.examples = None;
        }
    }
}

/// Fills `connectionParameters` (or `connectionParameterSets`) from `securityDefinitions`.
///
/// Parameters already in `props` (for example a per-tenant host) are kept; with several
/// schemes they are copied into every set.
pub fn authentication(
    doc: &sw::Document,
    props: &mut sw::ConnectorProperties,
    options: &AnnotateOptions,
    diags: &mut Diagnostics,
) {
    let at = Pointer::root().push("securityDefinitions");
    let mut usable: Vec<Choice> = Vec::new();
    for (name, scheme) in &doc.security_definitions {
        let sat = at.push(name);
        let params = match (scheme.type_.as_str(), scheme.flow.as_deref()) {
            ("basic", _) => basic(),
            ("apiKey", _) => api_key(scheme),
            ("oauth2", Some("accessCode")) => {
                let scopes = required_scopes(doc, name);
                let declared = scheme.scopes.as_ref().map_or(0, IndexMap::len);
                if scopes.len() < declared {
                    diags.info(
                        codes::XMS_SIGN_IN,
                        &sat.push("scopes"),
                        format!("the sign-in asks for the {} scope(s) the operations require, not all {declared} the scheme declares", scopes.len()),
                    );
                }
                oauth(scheme, scopes, options, &sat, diags)
            }
            ("oauth2", flow) => {
                diags
                    .warn(codes::XMS_AUTH_UNSUPPORTED, &sat, format!("OAuth 2.0 flow `{}` cannot sign users in to a connector; no connection parameter was made for it", flow.unwrap_or("?")))
                    .help("use the authorization code (accessCode) flow");
                continue;
            }
            (other, _) => {
                diags.warn(codes::XMS_AUTH_UNSUPPORTED, &sat, format!("security type `{other}` is not supported; no connection parameter was made for it"));
                continue;
            }
        };
        let (label, description) = match scheme.type_.as_str() {
            "basic" => (
                "Basic authentication",
                "Sign in with a user name and password.",
            ),
            "apiKey" => ("API key", "Sign in with an API key."),
            _ => ("OAuth 2.0", "Sign in with OAuth 2.0."),
        };
        usable.push(Choice {
            scheme: name.clone(),
            params,
            label: label.into(),
            description,
        });
    }
    distinct_labels(&mut usable);
    let extra = std::mem::take(&mut props.connection_parameters);
    match usable.len() {
        0 => props.connection_parameters = extra,
        1 => {
            if let Some(choice) = usable.pop() {
                props.connection_parameters = choice.params;
                props.connection_parameters.extend(extra);
            }
        }
        n => {
            props.connection_parameter_sets = Some(parameter_sets(usable, &extra));
            diags.info(codes::XMS_MULTI_AUTH, &at, format!("{n} authentication schemes became connection parameter sets: users pick one when they connect"));
        }
    }
}

/// A sign-in a connection can use: its scheme, connection parameters and texts.
struct Choice {
    scheme: String,
    params: IndexMap<String, sw::ConnectionParameter>,
    label: String,
    description: &'static str,
}

/// One connection parameter set per usable scheme, each with the extra (per-tenant)
/// parameters, told apart by their display names.
fn parameter_sets(
    usable: Vec<Choice>,
    extra: &IndexMap<String, sw::ConnectionParameter>,
) -> sw::ConnectionParameterSets {
    let mut used = HashSet::default();
    let values = usable
        .into_iter()
        .map(|mut choice| {
            choice.params.extend(extra.clone());
            sw::ConnectionParameterSet {
                name: unique(&set_id(&choice.scheme), &mut used),
                ui_definition: sw::UiDefinition {
                    display_name: Some(choice.label),
                    description: Some(choice.description.to_owned()),
                    ..Default::default()
                },
                parameters: choice.params,
            }
        })
        .collect();
    sw::ConnectionParameterSets {
        ui_definition: sw::UiDefinition {
            display_name: Some("Authentication type".into()),
            description: Some("Type of authentication to be used.".into()),
            ..Default::default()
        },
        values,
    }
}

/// The name of the parameter set a security scheme becomes.
pub(crate) fn set_id(scheme: &str) -> String {
    let id: String = scheme
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if id.is_empty() { "auth".into() } else { id }
}

/// Sign-in choices of the same kind are told apart by their scheme's name
/// ("API key (Partner Key)", "API key (User Token)").
fn distinct_labels(usable: &mut [Choice]) {
    let labels: Vec<String> = usable.iter().map(|c| c.label.clone()).collect();
    for choice in usable.iter_mut() {
        if labels.iter().filter(|l| **l == choice.label).count() > 1 {
            choice.label = format!("{} ({})", choice.label, words::label(&choice.scheme));
        }
    }
}

fn ui(display: &str, description: &str, tooltip: &str, tab: i64, clear: bool) -> sw::UiDefinition {
    sw::UiDefinition {
        display_name: Some(display.into()),
        description: Some(description.into()),
        tooltip: Some(tooltip.into()),
        constraints: Some(sw::Constraints {
            tab_index: Some(tab),
            clear_text: Some(clear),
            required: Some(json!("true")),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn basic() -> IndexMap<String, sw::ConnectionParameter> {
    IndexMap::from_iter([
        (
            "username".to_owned(),
            sw::ConnectionParameter {
                type_: "securestring".into(),
                ui_definition: Some(ui(
                    "Username",
                    "The username for this API",
                    "Provide the username",
                    2,
                    true,
                )),
                ..Default::default()
            },
        ),
        (
            "password".to_owned(),
            sw::ConnectionParameter {
                type_: "securestring".into(),
                ui_definition: Some(ui(
                    "Password",
                    "The password for this API",
                    "Provide the password",
                    3,
                    false,
                )),
                ..Default::default()
            },
        ),
    ])
}

fn api_key(scheme: &sw::SecurityScheme) -> IndexMap<String, sw::ConnectionParameter> {
    let bearer = scheme
        .name
        .as_deref()
        .is_some_and(|n| n.eq_ignore_ascii_case("authorization"));
    let description = if bearer {
        "The value of the Authorization header, such as: Bearer <token>".to_owned()
    } else {
        format!(
            "The API key, sent as the {} {}",
            scheme.location.as_deref().unwrap_or("header"),
            scheme.name.as_deref().unwrap_or_default()
        )
    };
    IndexMap::from_iter([(
        "api_key".to_owned(),
        sw::ConnectionParameter {
            type_: "securestring".into(),
            ui_definition: Some(ui(
                "API Key",
                &description,
                "Provide your API key",
                2,
                false,
            )),
            ..Default::default()
        },
    )])
}

fn oauth(
    scheme: &sw::SecurityScheme,
    scopes: Vec<String>,
    options: &AnnotateOptions,
    at: &Pointer,
    diags: &mut Diagnostics,
) -> IndexMap<String, sw::ConnectionParameter> {
    let mut custom = IndexMap::default();
    if let Some(u) = &scheme.authorization_url {
        custom.insert("authorizationUrl".to_owned(), json!({"value": u}));
    }
    if let Some(u) = &scheme.token_url {
        custom.insert("tokenUrl".to_owned(), json!({"value": u}));
        let refresh = scheme
            .extensions
            .get("x-refresh-url")
            .and_then(Value::as_str)
            .unwrap_or(u);
        custom.insert("refreshUrl".to_owned(), json!({"value": refresh}));
    }
    if options.oauth_client_id.is_none() {
        diags
            .info(codes::XMS_OAUTH_CLIENT_ID, at, "the OAuth client id is not known; set it in apiProperties.json (or pass it as an option) before creating the connector")
            .help("register an app with the provider, allowing https://global.consent.azure-apim.net/redirect as redirect URL");
    }
    let settings = sw::OAuthSettings {
        identity_provider: "oauth2".into(),
        client_id: options.oauth_client_id.clone(),
        scopes,
        redirect_mode: Some("Global".into()),
        redirect_url: Some(sw::GLOBAL_REDIRECT_URL.into()),
        properties: IndexMap::from_iter([("IsFirstParty".to_owned(), json!("False"))]),
        custom_parameters: custom,
        other: IndexMap::default(),
    };
    IndexMap::from_iter([(
        "token".to_owned(),
        sw::ConnectionParameter {
            type_: "oauthSetting".into(),
            oauth_settings: Some(settings),
            ui_definition: Some(sw::UiDefinition {
                display_name: Some("Login with your account".into()),
                description: Some("Sign in with your account for this service.".into()),
                tooltip: Some("Provide your credentials".into()),
                constraints: Some(sw::Constraints {
                    required: Some(json!("true")),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        },
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op_with(id: Option<&str>) -> sw::Operation {
        sw::Operation {
            operation_id: id.map(str::to_owned),
            ..Default::default()
        }
    }

    #[test]
    fn operation_ids_are_generated_sanitised_and_unique() {
        let mut doc = sw::Document {
            host: Some("h".into()),
            ..Default::default()
        };
        doc.paths.paths.insert(
            "/users/{id}".into(),
            sw::PathItem {
                get: Some(Box::new(op_with(None))),
                post: Some(Box::new(op_with(Some("users.create")))),
                put: Some(Box::new(op_with(Some("Dup")))),
                delete: Some(Box::new(op_with(Some("Dup")))),
                ..Default::default()
            },
        );
        let mut d = Diagnostics::new();
        legalize(&mut doc, &mut d);
        let item = doc
            .paths
            .paths
            .get("/users/{id}")
            .cloned()
            .unwrap_or_default();
        let ids: Vec<_> = item
            .operations()
            .map(|(_, o)| o.operation_id.clone().unwrap_or_default())
            .collect();
        assert_eq!(ids, ["GetUsersId", "Dup", "UsersCreate", "Dup2"]);
        // The generated path parameter is required.
        let p = item
            .get
            .and_then(|o| o.parameters)
            .and_then(|p| p.first().cloned());
        assert!(
            matches!(p, Some(sw::RefOr::Item(p)) if p.required == Some(true) && p.name == "id")
        );
    }

    #[test]
    fn default_response_schema_is_moved_or_dropped() {
        let mut doc = sw::Document {
            host: Some("h".into()),
            ..Default::default()
        };
        let with_schema = sw::Response {
            description: "x".into(),
            schema: Some(Box::new(sw::Schema::of_type("object"))),
            ..Default::default()
        };
        let mut only_default = op_with(Some("A"));
        only_default
            .responses
            .responses
            .insert("default".into(), sw::RefOr::Item(with_schema.clone()));
        let mut both = op_with(Some("B"));
        both.responses
            .responses
            .insert("200".into(), sw::RefOr::Item(with_schema.clone()));
        both.responses
            .responses
            .insert("default".into(), sw::RefOr::Item(with_schema));
        doc.paths.paths.insert(
            "/a".into(),
            sw::PathItem {
                get: Some(Box::new(only_default)),
                post: Some(Box::new(both)),
                ..Default::default()
            },
        );
        let mut d = Diagnostics::new();
        legalize(&mut doc, &mut d);
        let item = doc.paths.paths.get("/a").cloned().unwrap_or_default();
        assert!(
            item.get
                .is_some_and(|o| o.responses.responses.keys().eq(["200"]))
        );
        assert!(item.post.is_some_and(|o| matches!(o.responses.responses.get("default"), Some(sw::RefOr::Item(r)) if r.schema.is_none())));
    }

    #[test]
    fn several_schemes_become_parameter_sets() {
        let mut doc = sw::Document::default();
        doc.security_definitions.insert(
            "basic_auth".into(),
            sw::SecurityScheme {
                type_: "basic".into(),
                ..Default::default()
            },
        );
        doc.security_definitions.insert(
            "key".into(),
            sw::SecurityScheme {
                type_: "apiKey".into(),
                name: Some("X-Key".into()),
                location: Some("header".into()),
                ..Default::default()
            },
        );
        let mut props = sw::ConnectorProperties::default();
        let mut d = Diagnostics::new();
        authentication(&doc, &mut props, &AnnotateOptions::default(), &mut d);
        let sets = props.connection_parameter_sets.unwrap_or_default();
        let names: Vec<_> = sets.values.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["basic_auth", "key"]);
        assert!(props.connection_parameters.is_empty());
    }

    /// Empty `properties` and `required` go, at every depth and in every place (a body, a
    /// response, a definition); a property whose own `properties` were empty is still
    /// labelled as the object it is.
    #[test]
    fn empty_properties_and_required_are_left_out_after_filling() {
        let empty = json!({"type": "object", "properties": {}, "required": []});
        let body = json!({"type": "object", "properties": {"settings": empty}, "required": []});
        let mut doc: sw::Document = serde_json::from_value(json!({
            "swagger": "2.0", "info": {"title": "T", "version": "1"}, "host": "h",
            "paths": {"/things": {"post": {
                "operationId": "AddThing",
                "parameters": [{"in": "body", "name": "body", "schema": body}],
                "responses": {"200": {"description": "ok", "schema": empty}}
            }}},
            "definitions": {"Thing": {"type": "object", "properties": {"inner": empty}}}
        }))
        .unwrap();
        let mut props = sw::ConnectorProperties::default();
        annotate(
            &mut doc,
            &mut props,
            &AnnotateOptions::default(),
            &mut Diagnostics::new(),
        );
        let out = serde_json::to_value(&doc).unwrap();
        let text = out.to_string();
        assert!(!text.contains(r#""properties":{}"#), "{text}");
        assert!(!text.contains(r#""required":[]"#), "{text}");
        let settings =
            &out["paths"]["/things"]["post"]["parameters"][0]["schema"]["properties"]["settings"];
        assert_eq!(settings["type"], "object");
        assert_eq!(settings["x-ms-summary"], "Settings");
        assert_eq!(
            out["definitions"]["Thing"]["properties"]["inner"]["x-ms-summary"],
            "Inner"
        );
    }

    /// `n` path items, each with an operation whose id repeats the first's and which declares
    /// a path parameter its path does not have, and one with nothing to report.
    fn repeating(n: usize) -> sw::Document {
        let mut paths = serde_json::Map::new();
        for i in 0..n {
            paths.insert(format!("/things{i}/{{id}}"), json!({
                "parameters": [{"name": "id", "in": "path", "required": true, "type": "string"}],
                "get": {"operationId": "GetThing", "parameters": [
                    {"name": "gone", "in": "path", "required": true, "type": "string"}],
                    "responses": {"200": {"description": "ok"}}},
                "delete": {"operationId": format!("DeleteThing{i}"),
                    "responses": {"204": {"description": "gone"}}}
            }));
        }
        let v = json!({"swagger": "2.0", "info": {"title": "T", "version": "1"},
            "host": "api.example.com", "paths": paths});
        sw::read_document(v, &mut Diagnostics::new())
    }

    #[test]
    fn operations_checked_in_pieces_are_reported_in_one_passes_order() {
        // Enough path items to go in pieces.
        let n = 100;
        let mut doc = repeating(n);
        let mut d = Diagnostics::new();
        legalize(&mut doc, &mut d);
        let found: Vec<(String, &str)> = d
            .as_slice()
            .iter()
            .filter(|f| f.pointer.starts_with("/paths/"))
            .map(|f| (f.pointer.clone(), f.code))
            .collect();
        // Operation after operation: its id, then its parameters.
        let mut expected = vec![(
            "/paths/~1things0~1{id}/get/parameters/1".to_owned(),
            codes::XMS_PATH_PARAMETER_UNUSED,
        )];
        for i in 1..n {
            let at = format!("/paths/~1things{i}~1{{id}}/get");
            expected.push((
                format!("{at}/operationId"),
                codes::XMS_OPERATION_ID_DUPLICATE,
            ));
            expected.push((
                format!("{at}/parameters/1"),
                codes::XMS_PATH_PARAMETER_UNUSED,
            ));
        }
        let first_difference = found.iter().zip(&expected).position(|(f, e)| f != e);
        assert_eq!(
            first_difference,
            None,
            "{:?}",
            first_difference.map(|i| &found[i])
        );
        assert_eq!(found.len(), expected.len());
        // Each operation was checked: the path's parameter merged in, the unused one dropped.
        for item in doc.paths.paths.values() {
            let get = item.get.as_deref().and_then(|op| op.parameters.as_ref());
            assert_eq!(get.map(Vec::len), Some(1));
            let delete = item.delete.as_deref().and_then(|op| op.parameters.as_ref());
            assert_eq!(delete.map(Vec::len), Some(1));
        }
    }
}
