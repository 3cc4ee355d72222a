//! Lowering a parsed OpenAPI 3.0 document to a Swagger 2.0 document.

use connector_core::collections::HashSet;

use connector_core::collections::IndexMap;
use connector_core::{Diagnostics, Pointer, escape_token};
use connector_swagger2 as sw;
use oa::ReferenceOr;
use openapiv3 as oa;
use serde_json::{Value, json};
use std::sync::atomic::AtomicUsize;
#[cfg(not(target_arch = "wasm32"))]
use std::sync::atomic::Ordering;

use crate::ReadError;
use crate::codes;
use crate::normalize::{is_binary_media_type, unescape};
use crate::paths::PathSource;
use crate::schema::{Beside, MERGE_BUDGET, SchemaLowering, fix_number};

/// A Swagger 2.0 document plus the connector properties the lowering had to create
/// (connection parameters and policy templates for per-tenant hosts).
#[derive(Clone, Debug, Default)]
pub struct Lowered {
    /// The connector definition.
    pub document: sw::Document,
    /// Properties implied by the input (not yet the authentication; see connector-xms).
    pub properties: sw::ConnectorProperties,
}

/// How the lowering is carried out; the result is the same either way (tests lower the same
/// documents both ways).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Plan {
    /// How many schema nodes merges may copy in the whole document (see [`MERGE_BUDGET`]).
    pub budget: usize,
    /// When the definitions are lowered on a second thread while the rest is.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub beside: When,
}

/// When the definitions are lowered beside the rest (see [`Lower::beside`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum When {
    /// Never: in turn.
    #[cfg_attr(not(test), allow(dead_code))]
    Never,
    /// On enough of them, with the guess [`merges_estimate`] makes likely (none when it
    /// makes neither likely).
    Likely,
    /// Whenever a thread can be started, with this guess.
    #[cfg_attr(not(test), allow(dead_code))]
    Always(Guess),
}

/// What the rest is lowered as if the definitions had spent of the merge budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) enum Guess {
    /// Nothing: every check the rest makes finds the budget as the rest alone left it.
    Nothing,
    /// All of it (and its end reported): every check the rest makes finds it spent.
    All,
}

#[cfg(not(target_arch = "wasm32"))]
impl Guess {
    /// Whether the rest, lowered with `rest` as if the definitions had spent what this guess
    /// says, is what it would be after them, which spent `spent` nodes and `reported` the
    /// budget's end: every check the rest made against the budget gave what it gives after
    /// them.
    fn held(self, rest: &SchemaLowering<'_>, spent: usize, reported: bool) -> bool {
        let checked = rest.checked.get();
        match self {
            Guess::Nothing => {
                !rest.doomed.get()
                    && checked.is_none_or(|highest| spent.saturating_add(highest) < rest.budget)
            }
            // Every check found the budget spent; after the definitions each would have, and
            // the first would have reported it unless they did.
            Guess::All => checked.is_none() || (spent >= rest.budget && reported),
        }
    }
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            budget: MERGE_BUDGET,
            beside: When::Likely,
        }
    }
}

pub(crate) fn lower(
    api: &oa::OpenAPI,
    paths: PathSource<'_>,
    raw: &Value,
    callbacks: &[crate::normalize::CallbackSite],
    plan: Plan,
    diags: &mut Diagnostics,
) -> Result<Lowered, ReadError> {
    // The path items are parsed as the lowering reaches them, but their parse errors come
    // first, as they would had every item been parsed before: they are kept apart and put
    // in ahead of the lowering's own findings.
    let start = diags.len();
    let mut parse_errors = Diagnostics::new();
    let no_components = oa::Components::default();
    let components = api.components.as_ref().unwrap_or(&no_components);
    // The reusable schemas are read as written (the typed parse went without them).
    let component_schemas = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let names = unique_names(
        component_schemas.into_iter().flat_map(|m| m.keys()),
        &Pointer::root().push("components").push("schemas"),
        diags,
    );
    let progress = AtomicUsize::new(0);
    let lowering = SchemaLowering::new(raw, &names, plan.budget, Beside::Watch(&progress));
    let mut l = Lower {
        plan,
        progress: &progress,
        api,
        paths,
        parse_diags: &mut parse_errors,
        components,
        component_schemas,
        schemas: &lowering,
        diags,
        param_names: IndexMap::default(),
        response_names: IndexMap::default(),
    };
    match l.run() {
        Ok(mut lowered) => {
            crate::triggers::apply(&mut lowered.document, callbacks, &lowering, raw, diags);
            diags.insert_at(start, parse_errors);
            Ok(lowered)
        }
        // An unreadable document: its parse errors and nothing of the lowering.
        Err(e) => {
            diags.truncate(start);
            diags.extend(parse_errors.into_vec());
            Err(e)
        }
    }
}

/// Makes component names valid and unique definition names (`[A-Za-z0-9_.-]`).
fn unique_names<'a>(
    keys: impl Iterator<Item = &'a String>,
    at: &Pointer,
    diags: &mut Diagnostics,
) -> IndexMap<String, String> {
    let mut used = HashSet::default();
    let mut out = IndexMap::default();
    for key in keys {
        let mut name: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if name.is_empty() {
            name = "Schema".into();
        }
        let name = connector_core::unique_name(&name, |n| used.insert(n.to_ascii_lowercase()));
        if &name != key {
            diags.info(
                codes::OAS_COMPONENT_RENAMED,
                &at.push(key),
                format!("`{key}` is named `{name}` in the connector"),
            );
        }
        out.insert(key.clone(), name);
    }
    out
}

/// A typed path item (or a reference to one), boxed.
pub(crate) type TypedItem = ReferenceOr<Box<oa::PathItem>>;

struct Lower<'a> {
    plan: Plan,
    /// The definitions' count of merged nodes while they are lowered beside the rest.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    progress: &'a AtomicUsize,
    api: &'a oa::OpenAPI,
    paths: PathSource<'a>,
    /// Where the path items' parse errors go (the lowering's own findings go to `diags`).
    parse_diags: &'a mut Diagnostics,
    components: &'a oa::Components,
    /// `components.schemas` as written.
    component_schemas: Option<&'a serde_json::Map<String, Value>>,
    schemas: &'a SchemaLowering<'a>,
    diags: &'a mut Diagnostics,
    /// Component parameter name → Swagger parameter name (None: could not be shared).
    param_names: IndexMap<String, Option<String>>,
    /// Component response name → Swagger response name.
    response_names: IndexMap<String, String>,
}

fn to_value<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap_or(Value::Null)
}

fn schema_of(v: Value, at: &Pointer, diags: &mut Diagnostics) -> sw::Schema {
    match serde_json::from_value::<sw::Schema>(v) {
        Ok(s) => s,
        Err(e) => {
            diags.error(
                codes::OAS_INVALID,
                at,
                format!("schema could not be represented: {e}; an untyped schema stands in"),
            );
            sw::Schema::default()
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Whether each lowering beside the rest held (`true`) or was done again (tests only).
    pub(crate) static BESIDE_SOUND: std::cell::RefCell<Vec<bool>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The guess worth making about the definitions' merges (see [`Guess`]), from a rough
/// estimate of how many nodes they copy: the sizes (objects in their trees) of the
/// definitions that every `allOf`, `oneOf` and `anyOf` in the definitions names. Merges nested
/// in the copies add to the count; unions that stay unions and the budget itself cut it. None
/// when it is neither well under the budget nor over it.
#[cfg(not(target_arch = "wasm32"))]
fn likely_guess(written: &serde_json::Map<String, Value>, budget: usize) -> Option<Guess> {
    let estimate = merges_estimate(written);
    if estimate < budget / 2 {
        Some(Guess::Nothing)
    } else if estimate >= budget {
        Some(Guess::All)
    } else {
        None
    }
}

/// See [`likely_guess`].
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn merges_estimate(written: &serde_json::Map<String, Value>) -> usize {
    fn size(v: &Value) -> usize {
        match v {
            Value::Object(m) => m.values().map(size).fold(1, usize::saturating_add),
            Value::Array(a) => a.iter().map(size).fold(0, usize::saturating_add),
            _ => 0,
        }
    }
    fn merged(v: &Value, written: &serde_json::Map<String, Value>) -> usize {
        let below = |c: &Value| merged(c, written);
        match v {
            Value::Object(m) => {
                let parts = ["allOf", "oneOf", "anyOf"]
                    .map(|k| m.get(k).and_then(Value::as_array))
                    .into_iter()
                    .flatten()
                    .flatten();
                parts
                    .filter_map(|p| {
                        p.get("$ref")?
                            .as_str()?
                            .strip_prefix("#/components/schemas/")
                    })
                    .filter_map(|name| written.get(&unescape(name)))
                    .map(size)
                    .chain(m.values().map(below))
                    .fold(0, usize::saturating_add)
            }
            Value::Array(a) => a.iter().map(below).fold(0, usize::saturating_add),
            _ => 0,
        }
    }
    written
        .values()
        .map(|d| merged(d, written))
        .fold(0, usize::saturating_add)
}

/// The definitions, their findings and what they spent of the merge budget (the count of
/// merged nodes, and whether its end was reported), as a [`SchemaLowering`] of their own,
/// from an empty budget, lowers them.
type LoweredDefinitions = (IndexMap<String, sw::Schema>, Diagnostics, (usize, bool));

/// What lowering the definitions reads: the normalised document, the component names, the
/// component schemas as written and the merge budget.
#[derive(Clone, Copy)]
struct Definitions<'a> {
    raw: &'a Value,
    names: &'a IndexMap<String, String>,
    written: Option<&'a serde_json::Map<String, Value>>,
    budget: usize,
}

impl Definitions<'_> {
    /// The component schemas lowered into definitions, in order, under their definition
    /// names, by a lowering of their own (see [`LoweredDefinitions`]).
    fn lower(self, beside: Beside<'_>) -> LoweredDefinitions {
        let Definitions {
            raw,
            names,
            written,
            budget,
        } = self;
        let lowering = SchemaLowering::new(raw, names, budget, beside);
        let mut diags = Diagnostics::new();
        let at = Pointer::root().push("components").push("schemas");
        let mut out = IndexMap::default();
        for (name, s) in written.into_iter().flatten() {
            let sat = at.push(name);
            let lowered = lowering.lower_definition(name, s, &sat, &mut diags);
            let Some(def) = names.get(name) else {
                continue;
            };
            if lowered.get("$ref").and_then(Value::as_str) == Some(&sw::definition_ref(def)) {
                diags.error(
                    codes::OAS_REF_CYCLE,
                    &sat,
                    "the schema is a reference to itself; it is untyped in the connector",
                );
                out.insert(def.clone(), sw::Schema::default());
                continue;
            }
            let schema = if lowered.get("$ref").is_some() {
                // A definition may not be only a reference: wrap it.
                sw::Schema {
                    all_of: Some(vec![schema_of(lowered, &sat, &mut diags)]),
                    ..sw::Schema::default()
                }
            } else {
                schema_of(lowered, &sat, &mut diags)
            };
            out.insert(def.clone(), schema);
        }
        let spent = (lowering.merged_nodes.get(), lowering.budget_reported.get());
        (out, diags, spent)
    }
}

impl<'a> Lower<'a> {
    /// The schema as written for a typed schema slot: the typed parse saw a reference to the
    /// schema's own place (see `detach.rs`), or a reference written in the source.
    fn schema_source(&self, s: Option<&ReferenceOr<oa::Schema>>) -> Option<&Value> {
        match s? {
            ReferenceOr::Reference { reference } => {
                connector_core::local_target(self.schemas.raw, reference).map(|(_, v)| v)
            }
            ReferenceOr::Item(_) => None,
        }
    }

    fn run(&mut self) -> Result<Lowered, ReadError> {
        let mut doc = sw::Document {
            swagger: "2.0".into(),
            ..sw::Document::default()
        };
        let mut props = sw::ConnectorProperties::default();
        self.info(&mut doc);
        self.servers(&mut doc, &mut props);
        self.definitions_and_rest(&mut doc)?;
        doc.extensions = own(&self.api.extensions).into();
        Ok(Lowered {
            document: doc,
            properties: props,
        })
    }

    /// The definitions, then what comes after them (see [`Self::after_definitions`]).
    ///
    /// What comes after depends on the definitions only through the merge budget they leave
    /// (see [`MERGE_BUDGET`]). On enough definitions, outside WebAssembly, they are lowered on
    /// a second thread while the rest is lowered here as if they had spent a guessed part of
    /// it ([`Self::beside`]); in turn otherwise, or when no guess is likely to hold.
    fn definitions_and_rest(&mut self, doc: &mut sw::Document) -> Result<(), ReadError> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let guess = match self.plan.beside {
                When::Never => None,
                When::Likely => self
                    .component_schemas
                    .filter(|w| w.len() >= connector_core::WORTH_A_THREAD)
                    .and_then(|w| likely_guess(w, self.plan.budget)),
                When::Always(guess) => Some(guess),
            };
            if let Some((guess, snapshot)) = guess.zip(self.paths.snapshot()) {
                return self.beside(doc, guess, snapshot);
            }
        }
        let (definitions, found, spent) = self.definitions().lower(Beside::Alone);
        self.diags.extend(found.into_vec());
        self.schemas.merged_nodes.set(spent.0);
        self.schemas.budget_reported.set(spent.1);
        *doc.definitions = definitions;
        self.after_definitions(doc)
    }

    /// What lowering the definitions reads (borrowed from `self`, so that it may go to a
    /// thread of its own).
    fn definitions(&self) -> Definitions<'a> {
        Definitions {
            raw: self.schemas.raw,
            names: self.schemas.names,
            written: self.component_schemas,
            budget: self.plan.budget,
        }
    }

    /// The definitions lowered on a second thread while the rest is lowered here, as if they
    /// had spent what `guess` says of the merge budget. That holds when every check the rest
    /// made against the budget gave what it gives after the definitions: when it made none;
    /// guessing nothing, when the definitions' count and the rest's highest count at a check
    /// are under the budget together; guessing all, when the definitions spent it all and
    /// reported it. Otherwise the rest is lowered again, from where it started, after the
    /// definitions; when, guessing nothing, the definitions' count shows it early
    /// (`doomed`), the paths stop being lowered.
    #[cfg(not(target_arch = "wasm32"))]
    fn beside(
        &mut self,
        doc: &mut sw::Document,
        guess: Guess,
        snapshot: PathSource<'a>,
    ) -> Result<(), ReadError> {
        let start = doc.clone();
        let s = self.schemas;
        if guess == Guess::All {
            s.merged_nodes.set(self.plan.budget);
            s.budget_reported.set(true);
        }
        let (mark, parse_mark) = (self.diags.len(), self.parse_diags.len());
        let progress = self.progress;
        let input = self.definitions();
        let (rest, (definitions, found, (spent, reported))) = connector_core::beside(
            || self.after_definitions(doc),
            || input.lower(Beside::Publish(progress)),
        );
        let sound = guess.held(s, spent, reported);
        #[cfg(test)]
        BESIDE_SOUND.with(|o| o.borrow_mut().push(sound));
        if sound {
            // The rest's own count, on top of the definitions'.
            let own = match guess {
                Guess::Nothing => s.merged_nodes.get(),
                Guess::All => s.merged_nodes.get().saturating_sub(input.budget),
            };
            s.merged_nodes.set(own.saturating_add(spent));
            s.budget_reported.set(reported);
            self.diags.insert_at(mark, found);
            let later = std::mem::replace(&mut *doc.definitions, definitions);
            doc.definitions.extend(later);
            return rest;
        }
        // The rest again, from where it started, after the definitions.
        *doc = start;
        self.diags.truncate(mark);
        self.parse_diags.truncate(parse_mark);
        self.param_names.clear();
        self.response_names.clear();
        self.paths = snapshot;
        // The definitions are done: nothing is lowered beside the rest any more.
        progress.store(0, Ordering::Relaxed);
        s.doomed.set(false);
        s.checked.set(None);
        s.merged_nodes.set(spent);
        s.budget_reported.set(reported);
        self.diags.extend(found.into_vec());
        *doc.definitions = definitions;
        self.after_definitions(doc)
    }

    /// What is lowered after the definitions: the shared parameters and responses, security,
    /// tags and the paths.
    fn after_definitions(&mut self, doc: &mut sw::Document) -> Result<(), ReadError> {
        self.shared_parameters(doc);
        self.shared_responses(doc);
        self.security(doc);
        self.tags(doc);
        self.paths(doc)
    }

    fn info(&mut self, doc: &mut sw::Document) {
        let i = &self.api.info;
        doc.info = sw::Info {
            title: i.title.clone(),
            description: i.description.clone(),
            terms_of_service: i.terms_of_service.clone(),
            contact: i.contact.as_ref().map(|c| sw::Contact {
                name: c.name.clone(),
                url: c.url.clone(),
                email: c.email.clone(),
                extensions: own(&c.extensions).into(),
            }),
            license: i.license.as_ref().map(|l| sw::License {
                name: l.name.clone(),
                url: l.url.clone(),
                extensions: own(&l.extensions).into(),
            }),
            version: i.version.clone(),
            extensions: own(&i.extensions).into(),
        };
        doc.external_docs = self.api.external_docs.as_ref().map(external_docs);
    }

    fn tags(&mut self, doc: &mut sw::Document) {
        if self.api.tags.is_empty() {
            return;
        }
        doc.tags = Some(
            self.api
                .tags
                .iter()
                .map(|t| sw::Tag {
                    name: t.name.clone(),
                    description: t.description.clone(),
                    external_docs: t.external_docs.as_ref().map(external_docs),
                    extensions: own(&t.extensions).into(),
                })
                .collect(),
        );
    }

    fn servers(&mut self, doc: &mut sw::Document, props: &mut sw::ConnectorProperties) {
        let at = Pointer::root().push("servers");
        let servers = &self.api.servers;
        // Prefer the first absolute https server, then the first absolute one, then the first.
        let chosen = servers
            .iter()
            .position(|s| s.url.starts_with("https://"))
            .or_else(|| servers.iter().position(|s| s.url.contains("://")))
            .or(if servers.is_empty() { None } else { Some(0) });
        let Some(index) = chosen else { return };
        let Some(server) = servers.get(index) else {
            return;
        };
        let sat = at.index(index);
        if servers.len() > 1 {
            let others: Vec<&str> = servers
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != index)
                .map(|(_, s)| s.url.as_str())
                .collect();
            self.diags
                .info(
                    codes::OAS_SERVER,
                    &sat,
                    format!(
                        "server `{}` was chosen; a connector has one backend URL (also listed: {})",
                        server.url,
                        others.join(", ")
                    ),
                )
                .help("use --host/--base-path/--scheme to pick another");
        }
        // Substitute variables: in the host, a variable that can take several values varies per
        // tenant and becomes a connection parameter; everywhere else its default is used.
        let url = server.url.clone();
        // `https://host/path`, scheme-relative `//host/path`, or a path relative to the document.
        let (scheme, rest, absolute) = match url.split_once("://") {
            Some((s, r)) => (Some(s.to_ascii_lowercase()), r.to_owned(), true),
            None => match url.strip_prefix("//") {
                Some(r) => (None, r.to_owned(), true),
                None => (None, url.clone(), false),
            },
        };
        let (authority, path) = if absolute {
            match rest.find('/') {
                Some(i) => (
                    rest.get(..i).unwrap_or_default().to_owned(),
                    rest.get(i..).unwrap_or_default().to_owned(),
                ),
                None => (rest.clone(), String::new()),
            }
        } else {
            (String::new(), rest.clone())
        };
        let vars = server.variables.clone().unwrap_or_default();
        let mut dynamic: Vec<(String, oa::ServerVariable)> = Vec::new();
        let mut host = authority.clone();
        for (name, var) in &vars {
            let token = format!("{{{name}}}");
            if host.contains(&token) && var.enumeration.len() != 1 {
                dynamic.push((name.clone(), var.clone()));
            }
        }
        let substitute = |s: &str| {
            let mut s = s.to_owned();
            for (name, var) in &vars {
                s = s.replace(&format!("{{{name}}}"), &var.default);
            }
            s
        };
        if !vars.is_empty() {
            let names: Vec<&String> = vars.keys().collect();
            self.diags.info(
                codes::OAS_SERVER,
                &sat.push("variables"),
                format!(
                    "server variables replaced by their defaults: {}",
                    names
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        host = substitute(&host);
        let scheme = scheme.map(|s| substitute(&s));
        let mut base_path = substitute(&path);
        if let Some(q) = base_path.find(['?', '#']) {
            base_path.truncate(q);
        }
        let mut base_path = base_path.trim_end_matches('/').to_owned();
        if base_path.contains('{') {
            // A variable the server does not define: its segment cannot be filled in.
            let kept: Vec<&str> = base_path
                .split('/')
                .filter(|seg| !seg.contains('{'))
                .collect();
            self.diags.warn(codes::OAS_SERVER, &sat.push("url"), format!("`{base_path}` uses a variable the server does not define; that path segment was dropped"));
            base_path = kept.join("/");
        }
        if let Some(h) = host.rsplit_once('@').map(|(_, h)| h.to_owned()) {
            host = h;
        }
        if !host.is_empty() {
            doc.host = Some(host.clone());
        } else {
            self.diags
                .warn(
                    codes::OAS_SERVER,
                    &sat.push("url"),
                    format!("server URL `{url}` has no host"),
                )
                .help("pass --host to name the API's host");
        }
        doc.base_path = Some(if base_path.is_empty() {
            "/".into()
        } else {
            base_path.clone()
        });
        match scheme.as_deref() {
            Some("http") | Some("https") => doc.schemes = Some(vec![scheme.unwrap_or_default()]),
            Some(other) => {
                self.diags.warn(
                    codes::OAS_SERVER,
                    &sat.push("url"),
                    format!("scheme `{other}` is not supported by connectors; https is used"),
                );
                doc.schemes = Some(vec!["https".into()]);
            }
            None => doc.schemes = Some(vec!["https".into()]),
        }
        if !dynamic.is_empty() {
            let mut template = authority.clone();
            for (name, var) in &vars {
                let replacement = if dynamic.iter().any(|(n, _)| n == name) {
                    format!(
                        "@connectionParameters('{}')",
                        sw::connection_parameter_name(name)
                    )
                } else {
                    var.default.clone()
                };
                template = template.replace(&format!("{{{name}}}"), &replacement);
            }
            let scheme = doc
                .schemes
                .as_ref()
                .and_then(|s| s.first())
                .cloned()
                .unwrap_or_else(|| "https".into());
            let url_template = format!(
                "{scheme}://{template}{}",
                if base_path.is_empty() {
                    String::new()
                } else {
                    base_path.clone()
                }
            );
            props
                .policy_template_instances
                .push(sw::PolicyTemplateInstance::dynamic_host_url(url_template));
            for (name, var) in dynamic {
                props.connection_parameters.insert(
                    sw::connection_parameter_name(&name),
                    sw::ConnectionParameter::host_part(
                        &name,
                        var.description.as_deref(),
                        Some(&var.default),
                        &var.enumeration,
                    ),
                );
                self.diags
                    .info(codes::OAS_SERVER_DYNAMIC_HOST, &sat.push("variables").push(&name), format!("host variable `{name}` varies per tenant: it became the connection parameter `{}` and a `dynamichosturl` policy", sw::connection_parameter_name(&name)));
            }
        }
    }

    /// Vendor extensions of a path item or operation, with references to component schemas
    /// (in `x-ms-notification-content`, say) made references to their definitions.
    fn extensions(&self, ext: &indexmap::IndexMap<String, Value>) -> sw::Extensions {
        let mut out = own(ext);
        for v in out.values_mut() {
            self.schemas.rewrite_component_refs(v);
        }
        out.into()
    }

    fn shared_parameters(&mut self, doc: &mut sw::Document) {
        let at = Pointer::root().push("components").push("parameters");
        let mut lowered = IndexMap::default();
        for (name, p) in &self.components.parameters {
            let item = match p {
                ReferenceOr::Item(p) => self.parameter(p, &at.push(name)),
                ReferenceOr::Reference { .. } => None,
            };
            match item {
                Some(item) => {
                    lowered.insert(name.clone(), item);
                }
                None => {
                    self.param_names.insert(name.clone(), None);
                }
            }
        }
        let names = unique_names(lowered.keys(), &at, self.diags);
        for (name, item) in lowered {
            if let Some(key) = names.get(&name) {
                doc.parameters.insert(key.clone(), item);
                self.param_names.insert(name, Some(key.clone()));
            }
        }
    }

    fn shared_responses(&mut self, doc: &mut sw::Document) {
        let at = Pointer::root().push("components").push("responses");
        let responses = &self.components.responses;
        let names = unique_names(responses.keys(), &at, self.diags);
        for (name, r) in responses {
            let ReferenceOr::Item(r) = r else { continue };
            let Some(key) = names.get(name) else { continue };
            let (resp, _media) = self.response(r, &at.push(name));
            doc.responses.insert(key.clone(), resp);
            self.response_names.insert(name.clone(), key.clone());
        }
    }

    fn security(&mut self, doc: &mut sw::Document) {
        let at = Pointer::root().push("components").push("securitySchemes");
        for (name, s) in &self.components.security_schemes {
            let sat = at.push(name);
            let s = match s {
                ReferenceOr::Item(s) => s.clone(),
                ReferenceOr::Reference { reference } => match reference
                    .strip_prefix("#/components/securitySchemes/")
                    .map(unescape)
                    .and_then(|n| self.components.security_schemes.get(&n))
                {
                    Some(ReferenceOr::Item(s)) => s.clone(),
                    _ => {
                        self.diags.error(codes::OAS_REF_NOT_FOUND, &sat, format!("security scheme reference `{reference}` not resolved; the scheme was dropped"));
                        continue;
                    }
                },
            };
            if let Some(scheme) = self.security_scheme(&s, &sat) {
                doc.security_definitions.insert(name.clone(), scheme);
            }
        }
        doc.security = self.requirements(
            &self.api.security,
            &doc.security_definitions,
            &Pointer::root().push("security"),
        );
    }

    fn security_scheme(
        &mut self,
        s: &oa::SecurityScheme,
        at: &Pointer,
    ) -> Option<sw::SecurityScheme> {
        match s {
            oa::SecurityScheme::APIKey {
                location,
                name,
                description,
                extensions,
            } => {
                let loc = match location {
                    oa::APIKeyLocation::Header => "header",
                    oa::APIKeyLocation::Query => "query",
                    oa::APIKeyLocation::Cookie => {
                        self.diags
                            .warn(codes::OAS_SECURITY_UNSUPPORTED, at, format!("API key in cookie `{name}` is not supported by connectors; the scheme was dropped"))
                            .help("accept the key in a header too, or add a setheader policy that builds the Cookie header");
                        return None;
                    }
                };
                Some(sw::SecurityScheme {
                    type_: "apiKey".into(),
                    description: description.clone(),
                    name: Some(name.clone()),
                    location: Some(loc.into()),
                    extensions: own(extensions).into(),
                    ..Default::default()
                })
            }
            oa::SecurityScheme::HTTP {
                scheme,
                bearer_format,
                description,
                extensions,
            } => match scheme.to_ascii_lowercase().as_str() {
                "basic" => Some(sw::SecurityScheme {
                    type_: "basic".into(),
                    description: description.clone(),
                    extensions: own(extensions).into(),
                    ..Default::default()
                }),
                "bearer" => {
                    self.diags
                        .info(codes::OAS_SECURITY_MAPPED, at, format!("HTTP bearer{} became an API key in the `Authorization` header; users enter `Bearer <token>`", bearer_format.as_ref().map(|f| format!(" ({f})")).unwrap_or_default()))
                        .help("if the token comes from an OAuth 2.0 server, describe that server as an oauth2 scheme instead");
                    let desc = description
                        .clone()
                        .unwrap_or_else(|| "Enter the token as: Bearer <token>".into());
                    Some(sw::SecurityScheme {
                        type_: "apiKey".into(),
                        description: Some(desc),
                        name: Some("Authorization".into()),
                        location: Some("header".into()),
                        extensions: own(extensions).into(),
                        ..Default::default()
                    })
                }
                other => {
                    self.diags.warn(codes::OAS_SECURITY_UNSUPPORTED, at, format!("HTTP `{other}` authentication is not supported by connectors; the scheme was dropped"));
                    None
                }
            },
            oa::SecurityScheme::OAuth2 {
                flows,
                description,
                extensions,
            } => {
                let dropped: Vec<&str> = [
                    flows.implicit.as_ref().map(|_| "implicit"),
                    flows.password.as_ref().map(|_| "password"),
                    flows
                        .client_credentials
                        .as_ref()
                        .map(|_| "clientCredentials"),
                ]
                .into_iter()
                .flatten()
                .collect();
                match &flows.authorization_code {
                    Some(code) => {
                        if !dropped.is_empty() {
                            self.diags.info(codes::OAS_SECURITY_UNSUPPORTED, &at.push("flows"), format!("OAuth 2.0 flows other than authorization code are not supported by connectors and were dropped: {}", dropped.join(", ")));
                        }
                        let mut ext = own(extensions);
                        if let Some(refresh) = &code.refresh_url {
                            ext.insert("x-refresh-url".into(), Value::String(refresh.clone()));
                        }
                        Some(sw::SecurityScheme {
                            type_: "oauth2".into(),
                            description: description.clone(),
                            flow: Some("accessCode".into()),
                            authorization_url: Some(code.authorization_url.clone()),
                            token_url: Some(code.token_url.clone()),
                            scopes: Some(own(&code.scopes)),
                            extensions: ext.into(),
                            ..Default::default()
                        })
                    }
                    None => {
                        self.diags
                            .warn(codes::OAS_SECURITY_UNSUPPORTED, at, format!("OAuth 2.0 without the authorization code flow ({}) is not supported by connectors; the scheme was dropped", dropped.join(", ")))
                            .help("connectors sign users in with the authorization code flow; client credentials and password grants are not available");
                        None
                    }
                }
            }
            oa::SecurityScheme::OpenIDConnect {
                open_id_connect_url,
                ..
            } => {
                self.diags
                    .warn(codes::OAS_SECURITY_UNSUPPORTED, at, format!("OpenID Connect discovery (`{open_id_connect_url}`) is not fetched; the scheme was dropped"))
                    .help("add an oauth2 authorizationCode scheme with the provider's authorization and token URLs");
                None
            }
        }
    }

    fn requirements(
        &mut self,
        reqs: &Option<Vec<oa::SecurityRequirement>>,
        defs: &IndexMap<String, sw::SecurityScheme>,
        at: &Pointer,
    ) -> Option<Vec<sw::SecurityRequirement>> {
        let reqs = reqs.as_ref()?;
        let mut out: Vec<sw::SecurityRequirement> = Vec::new();
        for (i, r) in reqs.iter().enumerate() {
            if r.is_empty() {
                out.push(IndexMap::default());
                continue;
            }
            let mut kept = sw::SecurityRequirement::default();
            for (name, scopes) in r {
                match defs.get(name) {
                    Some(def) => {
                        let scopes = if def.type_ == "oauth2" {
                            scopes.clone()
                        } else {
                            Vec::new()
                        };
                        kept.insert(name.clone(), scopes);
                    }
                    // Schemes dropped during lowering were reported where they are defined.
                    None if self.components.security_schemes.contains_key(name) => {}
                    None => {
                        self.diags.error(codes::OAS_REF_NOT_FOUND, &at.index(i).push(name), format!("security requirement names `{name}`, which no security scheme defines; it was dropped"));
                    }
                }
            }
            if !kept.is_empty() {
                out.push(kept);
            }
        }
        // Every requirement named a dropped scheme: say nothing rather than "no security".
        if out.is_empty() && !reqs.is_empty() {
            None
        } else {
            Some(out)
        }
    }

    /// The path items, parsed on a second thread a few ahead where that is possible (see
    /// `paths.rs`).
    fn paths(&mut self, doc: &mut sw::Document) -> Result<(), ReadError> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            std::thread::scope(|scope| {
                let producer = self.paths.prefetch(scope);
                let lowered = self.lower_paths(doc);
                if let Some(producer) = producer {
                    self.paths.end_prefetch(producer);
                }
                lowered
            })
        }
        #[cfg(target_arch = "wasm32")]
        self.lower_paths(doc)
    }

    fn lower_paths(&mut self, doc: &mut sw::Document) -> Result<(), ReadError> {
        let at = Pointer::root().push("paths");
        for (path, written) in self.paths.members() {
            if self.schemas.doomed.get() {
                // Lowered as if the definitions had merged nothing, which is now known to be
                // wrong: the paths are lowered again after them (see `Self::beside`).
                break;
            }
            if path.starts_with("x-") {
                doc.paths.extensions.insert(path.clone(), written.clone());
                continue;
            }
            if !path.starts_with('/') {
                continue;
            }
            let pat = at.push(path);
            let Some(typed) = self.paths.item(path, written, &pat, self.parse_diags)? else {
                continue;
            };
            let item = match typed {
                ReferenceOr::Item(i) => i,
                ReferenceOr::Reference { reference } => {
                    match self.paths.target(&reference, self.parse_diags)? {
                        Some(i) => i,
                        None => {
                            self.diags.error(codes::OAS_REF_NOT_FOUND, &pat, format!("path item reference `{reference}` not resolved; the path was dropped"));
                            continue;
                        }
                    }
                }
            };
            if !item.servers.is_empty() {
                self.diags.warn(
                    codes::OAS_OPERATION_SERVERS,
                    &pat.push("servers"),
                    "path-level servers were dropped: a connector has one backend URL",
                );
            }
            let mut out = sw::PathItem {
                extensions: self.extensions(&item.extensions),
                ..sw::PathItem::default()
            };
            if item.trace.is_some() {
                self.diags.warn(
                    codes::OAS_METHOD_DROPPED,
                    &pat.push("trace"),
                    "TRACE operations have no Swagger 2.0 form; dropped",
                );
            }
            let ops = [
                ("get", &item.get),
                ("put", &item.put),
                ("post", &item.post),
                ("delete", &item.delete),
                ("options", &item.options),
                ("head", &item.head),
                ("patch", &item.patch),
            ];
            for (method, op) in ops {
                let Some(op) = op else { continue };
                let lowered =
                    self.operation(method, op, &item.parameters, &pat.push(method), &pat, doc);
                if let Some(slot) = out.operation_slot(method) {
                    *slot = Some(Box::new(lowered));
                }
            }
            doc.paths.paths.insert(path.clone(), out);
        }
        Ok(())
    }

    fn operation(
        &mut self,
        method: &str,
        op: &oa::Operation,
        shared: &[ReferenceOr<oa::Parameter>],
        at: &Pointer,
        path_at: &Pointer,
        doc: &sw::Document,
    ) -> sw::Operation {
        let mut out = sw::Operation {
            tags: if op.tags.is_empty() {
                None
            } else {
                Some(op.tags.clone())
            },
            summary: op.summary.clone(),
            description: op.description.clone(),
            external_docs: op.external_docs.as_ref().map(external_docs),
            operation_id: op.operation_id.clone(),
            deprecated: if op.deprecated { Some(true) } else { None },
            extensions: self.extensions(&op.extensions),
            ..sw::Operation::default()
        };
        if !op.servers.is_empty() {
            self.diags.warn(
                codes::OAS_OPERATION_SERVERS,
                &at.push("servers"),
                "operation-level servers were dropped: a connector has one backend URL",
            );
        }
        if op.security.is_some() {
            out.security = self.requirements(
                &op.security,
                &doc.security_definitions,
                &at.push("security"),
            );
        }
        // Parameters: path-level first, overridden by operation-level ones with the same name and location.
        let mut params: Vec<(String, &'static str, sw::RefOr<sw::Parameter>)> = Vec::new();
        for (list, lat) in [
            (shared, path_at.push("parameters")),
            (op.parameters.as_slice(), at.push("parameters")),
        ] {
            for (i, p) in list.iter().enumerate() {
                let pat = lat.index(i);
                let Some((name, loc, lowered)) = self.parameter_ref(p, &pat) else {
                    continue;
                };
                if let Some(existing) = params.iter_mut().find(|(n, l, _)| *n == name && *l == loc)
                {
                    existing.2 = lowered;
                } else {
                    params.push((name, loc, lowered));
                }
            }
        }
        let mut parameters: Vec<sw::RefOr<sw::Parameter>> =
            params.into_iter().map(|(_, _, p)| p).collect();
        // Request body.
        if let Some(body) = &op.request_body {
            let bat = at.push("requestBody");
            let body = match body {
                ReferenceOr::Item(b) => Some(b.clone()),
                ReferenceOr::Reference { reference } => {
                    let found = reference
                        .strip_prefix("#/components/requestBodies/")
                        .map(unescape)
                        .and_then(|n| self.components.request_bodies.get(&n).cloned());
                    match found {
                        Some(ReferenceOr::Item(b)) => Some(b),
                        _ => {
                            self.diags.error(codes::OAS_REF_NOT_FOUND, &bat, format!("request body reference `{reference}` not resolved; the body was dropped"));
                            None
                        }
                    }
                }
            };
            if let Some(body) = body {
                if matches!(method, "get" | "head") {
                    self.diags
                        .warn(codes::OAS_REQUEST_BODY_DROPPED, &bat, format!("a request body on {} is not allowed in a connector; it was dropped", method.to_ascii_uppercase()))
                        .help("send the data as query parameters, or use POST");
                } else {
                    let (consumes, body_params) = self.request_body(&body, &bat, op);
                    if !consumes.is_empty() {
                        out.consumes = Some(consumes);
                    }
                    parameters.extend(body_params.into_iter().map(sw::RefOr::Item));
                }
            }
        }
        if !parameters.is_empty() {
            // The list was gathered with room to spare (and in the room of a list of larger
            // elements); it is kept for the rest of the conversion.
            parameters.shrink_to_fit();
            out.parameters = Some(parameters);
        }
        // Responses.
        let (responses, produces) = self.responses(&op.responses, &at.push("responses"));
        out.responses = responses;
        if !produces.is_empty() {
            out.produces = Some(produces);
        }
        out
    }

    /// Lowers a parameter or parameter reference; returns its name and location for merging.
    fn parameter_ref(
        &mut self,
        p: &ReferenceOr<oa::Parameter>,
        at: &Pointer,
    ) -> Option<(String, &'static str, sw::RefOr<sw::Parameter>)> {
        match p {
            ReferenceOr::Item(p) => {
                let lowered = self.parameter(p, at)?;
                Some((
                    lowered.name.clone(),
                    lowered.location.as_str(),
                    sw::RefOr::Item(lowered),
                ))
            }
            ReferenceOr::Reference { reference } => {
                let name = reference
                    .strip_prefix("#/components/parameters/")
                    .map(unescape);
                let target = name
                    .as_ref()
                    .and_then(|n| self.components.parameters.get(n));
                let Some(ReferenceOr::Item(target)) = target else {
                    self.diags.error(codes::OAS_REF_NOT_FOUND, at, format!("parameter reference `{reference}` not resolved; the parameter was dropped"));
                    return None;
                };
                let data = target.parameter_data_ref();
                let loc = match target {
                    oa::Parameter::Query { .. } => "query",
                    oa::Parameter::Header { .. } => "header",
                    oa::Parameter::Path { .. } => "path",
                    oa::Parameter::Cookie { .. } => "cookie",
                };
                match name
                    .as_ref()
                    .and_then(|n| self.param_names.get(n))
                    .cloned()
                    .flatten()
                {
                    Some(key) => Some((
                        data.name.clone(),
                        loc,
                        sw::RefOr::Ref(format!("#/parameters/{}", escape_token(&key))),
                    )),
                    None => {
                        if loc == "cookie" {
                            self.diags.warn(codes::OAS_COOKIE_PARAMETER, at, format!("cookie parameter `{}` (via `{reference}`) has no Swagger 2.0 form; dropped", data.name));
                        }
                        None
                    }
                }
            }
        }
    }

    fn parameter(&mut self, p: &oa::Parameter, at: &Pointer) -> Option<sw::Parameter> {
        let data = p.parameter_data_ref();
        let (location, collection) = match p {
            oa::Parameter::Query {
                style,
                allow_reserved,
                allow_empty_value,
                ..
            } => {
                if *allow_reserved {
                    self.diags.info(codes::OAS_PARAMETER_FIELD_DROPPED, &at.push("allowReserved"), "`allowReserved` has no Swagger 2.0 form; reserved characters will be encoded");
                }
                let explode = data
                    .explode
                    .unwrap_or(matches!(style, oa::QueryStyle::Form));
                let cf = match style {
                    oa::QueryStyle::Form => {
                        if explode {
                            "multi"
                        } else {
                            "csv"
                        }
                    }
                    oa::QueryStyle::SpaceDelimited => "ssv",
                    oa::QueryStyle::PipeDelimited => "pipes",
                    oa::QueryStyle::DeepObject => "deepObject",
                };
                let _ = allow_empty_value;
                (sw::ParameterLocation::Query, cf)
            }
            oa::Parameter::Header { .. } => {
                let lower = data.name.to_ascii_lowercase();
                // An Authorization header is kept when no security scheme would send it.
                let described =
                    lower != "authorization" || !self.components.security_schemes.is_empty();
                if described
                    && ["accept", "content-type", "authorization"].contains(&lower.as_str())
                {
                    // OpenAPI says these header parameters are ignored: consumes/produces and security describe them.
                    self.diags.info(codes::OAS_PARAMETER_IGNORED, at, format!("header parameter `{}` is ignored as OpenAPI requires (media types and security describe it)", data.name));
                    return None;
                }
                (sw::ParameterLocation::Header, "csv")
            }
            oa::Parameter::Path { style, .. } => {
                if !matches!(style, oa::PathStyle::Simple) {
                    self.diags.warn(codes::OAS_PARAMETER_STYLE, &at.push("style"), format!("path style `{}` has no Swagger 2.0 form; the value is sent as is (simple style)", if matches!(style, oa::PathStyle::Label) { "label" } else { "matrix" }));
                }
                (sw::ParameterLocation::Path, "csv")
            }
            oa::Parameter::Cookie { .. } => {
                self.diags
                    .warn(codes::OAS_COOKIE_PARAMETER, at, format!("cookie parameter `{}` has no Swagger 2.0 form; it was dropped", data.name))
                    .help("accept the value as a header or query parameter, or set the Cookie header with a policy");
                return None;
            }
        };
        let mut out = sw::Parameter::new(data.name.clone(), location);
        out.description = data.description.clone();
        out.required = if location == sw::ParameterLocation::Path {
            if !data.required {
                self.diags.info(
                    codes::OAS_PATH_PARAMETER_REQUIRED,
                    &at.push("required"),
                    format!(
                        "path parameter `{}` is now required (path parameters always are)",
                        data.name
                    ),
                );
            }
            Some(true)
        } else if data.required {
            Some(true)
        } else {
            None
        };
        if let oa::Parameter::Query {
            allow_empty_value: Some(true),
            ..
        } = p
        {
            out.allow_empty_value = Some(true);
        }
        out.extensions = own(&data.extensions).into();
        if data.deprecated == Some(true) {
            self.diags.info(
                codes::OAS_PARAMETER_FIELD_DROPPED,
                &at.push("deprecated"),
                "parameter `deprecated` has no Swagger 2.0 form; dropped",
            );
        }
        if data.example.is_some() || !data.examples.is_empty() {
            self.diags.info(
                codes::OAS_EXAMPLE_DROPPED,
                at,
                "parameter examples have no Swagger 2.0 form; dropped",
            );
        }
        let schema = match &data.format {
            oa::ParameterSchemaOrContent::Schema(s) => {
                self.schemas
                    .lower(&to_value(s), &at.push("schema"), self.diags)
            }
            oa::ParameterSchemaOrContent::Content(content) => {
                let mt = content.keys().next().cloned().unwrap_or_default();
                self.diags.info(
                    codes::OAS_PARAMETER_SERIALIZED,
                    &at.push("content"),
                    format!(
                        "parameter `{}` is serialised as `{mt}`; it is a string in the connector",
                        data.name
                    ),
                );
                json!({"type": "string"})
            }
        };
        let schema = self.deref_definition(schema);
        // The parameter's own text wins; else its schema's (or the referenced schema's).
        if out
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
        {
            out.description = schema
                .get("description")
                .and_then(Value::as_str)
                .filter(|d| !d.trim().is_empty())
                .map(str::to_owned);
        }
        let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
        if collection == "deepObject" || (!is_array && is_object_schema(&schema)) {
            self.diags
                .warn(codes::OAS_PARAMETER_SERIALIZED, &at.push("schema"), format!("parameter `{}` is an object, which a connector cannot send in the {}; it is a string now", data.name, location.as_str()))
                .help("the user must enter the serialised form, or split the object into separate parameters");
            out.type_ = Some("string".into());
            return Some(out);
        }
        let prim = self.primitive_of(&schema, at, &data.name);
        (out.type_, out.format, out.items, out.validation) =
            (prim.type_, prim.format, prim.items, prim.validation);
        if is_array {
            out.collection_format = Some(collection.into());
            if location != sw::ParameterLocation::Query && collection == "multi" {
                out.collection_format = Some("csv".into());
            }
        }
        Some(out)
    }

    /// A `$ref` to a definition replaced by the definition itself (for non-body positions).
    fn deref_definition(&self, schema: Value) -> Value {
        let mut current = schema;
        for _ in 0..16 {
            let Some(r) = current.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(name) = r.strip_prefix("#/definitions/").map(unescape) else {
                break;
            };
            let original = self
                .schemas
                .names
                .iter()
                .find(|(_, v)| **v == name)
                .map(|(k, _)| k.clone());
            let Some(original) = original else { break };
            let Some(s) = self.component_schemas.and_then(|m| m.get(&original)) else {
                break;
            };
            current = self.schemas.lower(
                s,
                &Pointer::root()
                    .push("components")
                    .push("schemas")
                    .push(&original),
                &mut Diagnostics::new(),
            );
        }
        current
    }

    /// The primitive fields (type, format, items, validation) of a lowered schema.
    fn primitive_of(&mut self, schema: &Value, at: &Pointer, name: &str) -> Primitive {
        let ty = schema
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("string");
        let known = matches!(
            ty,
            "string" | "number" | "integer" | "boolean" | "array" | "file"
        );
        let items = (ty == "array").then(|| {
            let item_schema =
                self.deref_definition(schema.get("items").cloned().unwrap_or_else(|| json!({})));
            Box::new(self.items_of(&item_schema, at, name, 0))
        });
        Primitive {
            type_: Some(if known { ty } else { "string" }.to_owned()),
            format: schema
                .get("format")
                .and_then(Value::as_str)
                .map(str::to_owned),
            items,
            validation: validation_of(schema),
        }
    }

    fn items_of(&mut self, schema: &Value, at: &Pointer, name: &str, depth: usize) -> sw::Items {
        let ty = schema
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("string");
        let mut items = sw::Items {
            format: schema
                .get("format")
                .and_then(Value::as_str)
                .map(str::to_owned),
            validation: validation_of(schema),
            ..sw::Items::default()
        };
        if ty == "array" && depth < 8 {
            let inner =
                self.deref_definition(schema.get("items").cloned().unwrap_or_else(|| json!({})));
            items.type_ = Some("array".into());
            items.items = Some(Box::new(self.items_of(&inner, at, name, depth + 1)));
            items.collection_format = Some("csv".into());
        } else if matches!(ty, "string" | "number" | "integer" | "boolean") {
            items.type_ = Some(ty.into());
        } else {
            self.diags.warn(codes::OAS_PARAMETER_SERIALIZED, at, format!("the items of `{name}` are objects, which cannot be sent this way; they are strings now"));
            items.type_ = Some("string".into());
            items.format = None;
            items.validation = sw::ValidationSlot::default();
        }
        items
    }

    fn request_body(
        &mut self,
        body: &oa::RequestBody,
        at: &Pointer,
        op: &oa::Operation,
    ) -> (Vec<String>, Vec<sw::Parameter>) {
        if body.content.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let family = |mt: &str| -> u8 {
            let m = mt.to_ascii_lowercase();
            if m.contains("json") {
                0
            } else if m.starts_with("multipart/") {
                1
            } else if m.starts_with("application/x-www-form-urlencoded") {
                2
            } else if is_binary_media_type(&m) {
                4
            } else {
                3
            }
        };
        let Some((chosen, media)) = body.content.iter().min_by_key(|(mt, _)| family(mt)) else {
            return (Vec::new(), Vec::new());
        };
        let fam = family(chosen);
        let consumes: Vec<String> = body
            .content
            .keys()
            .filter(|mt| family(mt) == fam)
            .cloned()
            .collect();
        for mt in body.content.keys().filter(|mt| family(mt) != fam) {
            self.diags.info(codes::OAS_REQUEST_MEDIA_TYPE, &at.push("content").push(mt), format!("request media type `{mt}` is not offered by the connector (it sends `{chosen}`)"));
        }
        let mat = at.push("content").push(chosen);
        let schema = media.schema.as_ref().map(|s| {
            self.schemas
                .lower(&to_value(s), &mat.push("schema"), self.diags)
        });
        if fam == 1 || fam == 2 {
            let form = self.form_fields(schema.unwrap_or_else(|| json!({})), fam == 1, &mat);
            if !media.encoding.is_empty() {
                self.diags.info(
                    codes::OAS_FORM_FIELD,
                    &mat.push("encoding"),
                    "form `encoding` has no Swagger 2.0 form; dropped",
                );
            }
            return (consumes, form);
        }
        let mut p = sw::Parameter::new(body_name(op), sw::ParameterLocation::Body);
        p.description = body.description.clone();
        p.required = if body.required { Some(true) } else { None };
        let schema = schema.unwrap_or_else(|| {
            if fam == 4 {
                json!({"type": "string", "format": "binary"})
            } else {
                json!({})
            }
        });
        p.schema = Some(Box::new(schema_of(schema, &mat.push("schema"), self.diags)));
        if let Some(example) = media.example.clone() {
            match p.schema.as_mut() {
                Some(s) if s.reference.is_none() && s.example.is_none() => {
                    s.example = Some(Box::new(example))
                }
                _ => {
                    self.diags.info(codes::OAS_EXAMPLE_DROPPED, &mat.push("example"), "the request example has no place next to a schema reference; it was dropped");
                }
            }
        }
        if !media.examples.is_empty() {
            self.diags.info(
                codes::OAS_EXAMPLE_DROPPED,
                &mat.push("examples"),
                format!(
                    "{} named request example(s) dropped: Swagger 2.0 has one example per schema",
                    media.examples.len()
                ),
            );
        }
        (consumes, vec![p])
    }

    fn form_fields(&mut self, schema: Value, multipart: bool, at: &Pointer) -> Vec<sw::Parameter> {
        let schema = self.deref_definition(schema);
        let Some(props) = schema.get("properties").and_then(Value::as_object) else {
            if schema.as_object().is_some_and(|m| !m.is_empty()) {
                self.diags.warn(codes::OAS_FORM_FIELD, &at.push("schema"), "the form body is not an object with properties; no form field could be described");
            }
            return Vec::new();
        };
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Vec::new();
        for (name, prop) in props {
            let pat = at.push("schema").push("properties").push(name);
            let prop = self.deref_definition(prop.clone());
            let mut p = sw::Parameter::new(name.clone(), sw::ParameterLocation::FormData);
            p.description = prop
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned);
            if required.contains(&name.as_str()) {
                p.required = Some(true);
            }
            let ty = prop.get("type").and_then(Value::as_str);
            let fmt = prop.get("format").and_then(Value::as_str);
            if ty == Some("string")
                && matches!(fmt, Some("binary") | Some("byte"))
                && multipart
                && fmt == Some("binary")
            {
                p.type_ = Some("file".into());
            } else if ty == Some("object") || prop.get("properties").is_some() {
                self.diags.warn(codes::OAS_FORM_FIELD, &pat, format!("form field `{name}` is an object; it is a string (serialised JSON) in the connector"));
                p.type_ = Some("string".into());
            } else {
                let prim = self.primitive_of(&prop, &pat, name);
                p.type_ = prim.type_;
                p.format = prim.format.filter(|f| multipart || f != "binary");
                p.validation = prim.validation;
                if p.type_.as_deref() == Some("array") {
                    p.items = prim.items;
                    p.collection_format = Some("multi".into());
                }
            }
            out.push(p);
        }
        out
    }

    fn responses(
        &mut self,
        responses: &oa::Responses,
        at: &Pointer,
    ) -> (sw::Responses, Vec<String>) {
        let mut out = sw::Responses {
            extensions: own(&responses.extensions).into(),
            ..sw::Responses::default()
        };
        let mut produces: Vec<String> = Vec::new();
        let mut entries: Vec<(String, &ReferenceOr<oa::Response>, Pointer)> = Vec::new();
        for (code, r) in &responses.responses {
            match code {
                oa::StatusCode::Code(c) => entries.push((c.to_string(), r, at.push(c.to_string()))),
                oa::StatusCode::Range(n) => {
                    let key = format!("{n}00");
                    let label = format!("{n}XX");
                    let taken = responses
                        .responses
                        .keys()
                        .any(|k| matches!(k, oa::StatusCode::Code(c) if c.to_string() == key));
                    if taken {
                        self.diags.warn(
                            codes::OAS_STATUS_RANGE,
                            &at.push(&label),
                            format!("status range `{label}` dropped: `{key}` is described already"),
                        );
                    } else {
                        self.diags.info(
                            codes::OAS_STATUS_RANGE,
                            &at.push(&label),
                            format!("status range `{label}` became `{key}`"),
                        );
                        entries.push((key, r, at.push(&label)));
                    }
                }
            }
        }
        if let Some(d) = &responses.default {
            entries.push(("default".into(), d, at.push("default")));
        }
        for (code, r, rat) in entries {
            let lowered = match r {
                ReferenceOr::Reference { reference } => {
                    let name = reference
                        .strip_prefix("#/components/responses/")
                        .map(unescape);
                    match name.as_ref().and_then(|n| self.response_names.get(n)) {
                        Some(key) => {
                            if let Some(ReferenceOr::Item(target)) =
                                name.as_ref().and_then(|n| self.components.responses.get(n))
                            {
                                for mt in target.content.keys() {
                                    if !produces.contains(mt) {
                                        produces.push(mt.clone());
                                    }
                                }
                            }
                            sw::RefOr::Ref(sw::response_ref(key))
                        }
                        None => {
                            self.diags.error(codes::OAS_REF_NOT_FOUND, &rat, format!("response reference `{reference}` not resolved; a bare response stands in"));
                            sw::RefOr::Item(sw::Response {
                                description: "Response".into(),
                                ..Default::default()
                            })
                        }
                    }
                }
                ReferenceOr::Item(resp) => {
                    let (lowered, media) = self.response(resp, &rat);
                    for mt in media {
                        if !produces.contains(&mt) {
                            produces.push(mt);
                        }
                    }
                    sw::RefOr::Item(lowered)
                }
            };
            out.responses.insert(code, lowered);
        }
        // JSON first so the designer picks it.
        produces.sort_by_key(|m| !m.contains("json"));
        (out, produces)
    }

    fn response(&mut self, r: &oa::Response, at: &Pointer) -> (sw::Response, Vec<String>) {
        let mut out = sw::Response {
            description: r.description.clone(),
            extensions: own(&r.extensions).into(),
            ..sw::Response::default()
        };
        if !r.links.is_empty() {
            self.diags.info(
                codes::OAS_LINKS_DROPPED,
                &at.push("links"),
                format!(
                    "{} response link(s) dropped: Swagger 2.0 has no links",
                    r.links.len()
                ),
            );
        }
        let media: Vec<String> = r.content.keys().cloned().collect();
        let chosen = r
            .content
            .iter()
            .find(|(mt, m)| mt.contains("json") && m.schema.is_some())
            .or_else(|| r.content.iter().find(|(_, m)| m.schema.is_some()));
        if let Some((mt, m)) = chosen {
            let mat = at.push("content").push(mt);
            if let Some(s) = &m.schema {
                let lowered = self
                    .schemas
                    .lower(&to_value(s), &mat.push("schema"), self.diags);
                let lowered = if is_binary_media_type(mt)
                    && lowered.get("format").and_then(Value::as_str) == Some("binary")
                {
                    json!({"type": "file"})
                } else {
                    lowered
                };
                out.schema = Some(Box::new(schema_of(
                    lowered,
                    &mat.push("schema"),
                    self.diags,
                )));
            }
            if let Some(ex) = &m.example {
                let ex = self.schemas.data_value(ex);
                out.examples = Some(IndexMap::from_iter([(mt.clone(), ex)]));
            }
            if !m.examples.is_empty() {
                self.diags.info(codes::OAS_EXAMPLE_DROPPED, &mat.push("examples"), format!("{} named response example(s) dropped: Swagger 2.0 keeps one example per media type", m.examples.len()));
            }
            for (other, om) in &r.content {
                if other != mt
                    && om.schema.is_some()
                    && self.schema_source(om.schema.as_ref())
                        != self.schema_source(m.schema.as_ref())
                {
                    self.diags.info(codes::OAS_RESPONSE_MEDIA_TYPE, &at.push("content").push(other), format!("the schema for `{other}` differs from the one used (`{mt}`); a response has one schema"));
                }
            }
        }
        for (name, h) in &r.headers {
            let hat = at.push("headers").push(name);
            let h = match h {
                ReferenceOr::Item(h) => h.clone(),
                ReferenceOr::Reference { reference } => match reference
                    .strip_prefix("#/components/headers/")
                    .map(unescape)
                    .and_then(|n| self.components.headers.get(&n).cloned())
                {
                    Some(ReferenceOr::Item(h)) => h,
                    _ => {
                        self.diags.error(codes::OAS_REF_NOT_FOUND, &hat, format!("header reference `{reference}` not resolved; the header was dropped"));
                        continue;
                    }
                },
            };
            let mut header = sw::Header {
                description: h.description.clone(),
                extensions: own(&h.extensions).into(),
                ..sw::Header::default()
            };
            let schema = match &h.format {
                oa::ParameterSchemaOrContent::Schema(s) => {
                    let lowered = self
                        .schemas
                        .lower(&to_value(s), &hat.push("schema"), self.diags);
                    self.deref_definition(lowered)
                }
                oa::ParameterSchemaOrContent::Content(_) => json!({"type": "string"}),
            };
            if is_object_schema(&schema)
                && schema.get("type").and_then(Value::as_str) != Some("array")
            {
                self.diags.info(
                    codes::OAS_HEADER_SERIALIZED,
                    &hat,
                    format!("header `{name}` is not a primitive; it is a string in the connector"),
                );
                header.type_ = Some("string".into());
            } else {
                let prim = self.primitive_of(&schema, &hat, name);
                (header.type_, header.format, header.items, header.validation) =
                    (prim.type_, prim.format, prim.items, prim.validation);
                if header.type_.as_deref() == Some("file") {
                    header.type_ = Some("string".into());
                }
            }
            out.headers.insert(name.clone(), header);
        }
        (out, media)
    }
}

/// What a non-body parameter, form field or header takes from its schema.
struct Primitive {
    type_: Option<String>,
    format: Option<String>,
    items: Option<Box<sw::Items>>,
    validation: sw::ValidationSlot,
}

fn is_object_schema(s: &Value) -> bool {
    s.get("type").and_then(Value::as_str) == Some("object")
        || s.get("properties").is_some()
        || s.get("additionalProperties").is_some()
}

fn validation_of(schema: &Value) -> sw::ValidationSlot {
    // The schema's few keys are read once (a lookup of each of the fifteen keywords hashed
    // it every time); most schemas have none of them.
    let Some(map) = schema.as_object() else {
        return sw::ValidationSlot::default();
    };
    let mut m = serde_json::Map::new();
    for (k, v) in map {
        if sw::platform::VALIDATION_KEYWORDS.contains(&k.as_str()) {
            m.insert(k.clone(), fix_number(v.clone()));
        }
    }
    if m.is_empty() {
        return sw::ValidationSlot::default();
    }
    serde_json::from_value(Value::Object(m)).unwrap_or_default()
}

fn body_name(op: &oa::Operation) -> String {
    op.extensions
        .get("x-codegen-request-body-name")
        .and_then(Value::as_str)
        .unwrap_or("body")
        .to_owned()
}

fn external_docs(d: &oa::ExternalDocumentation) -> sw::ExternalDocs {
    sw::ExternalDocs {
        description: d.description.clone(),
        url: d.url.clone(),
        extensions: own(&d.extensions).into(),
    }
}

/// A copy of one of `openapiv3`'s maps, rehashed with the workspace's hasher.
fn own<K, V, S>(map: &indexmap::IndexMap<K, V, S>) -> IndexMap<K, V>
where
    K: Clone + std::hash::Hash + Eq,
    V: Clone,
{
    map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}
