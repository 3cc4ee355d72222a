//! Breaking-change detection between two versions of a connector.
//!
//! Flows, apps and copilots bind to a connector by operation id, parameter name and location,
//! the properties of the request body and of the output, the trigger, and the connection
//! parameters. [`diff`] compares two versions along those lines and classifies every
//! difference: [`Impact::Breaking`] (existing flows fail or lose data), [`Impact::Warning`]
//! (they may behave differently) or [`Impact::Info`]. Operations are matched by operation id,
//! so an operation whose path moved but whose id stayed is a move, not a removal.
//!
//! ```
//! use connector_diff::{diff, Side};
//! use connector_swagger2 as sw;
//!
//! let old = sw::Document::default();
//! let new = sw::Document::default();
//! assert!(diff(Side::definition(&old), Side::definition(&new)).is_empty());
//! ```

mod kinds;
mod schema;

use connector_core::collections::HashMap;

use connector_core::Pointer;
use connector_swagger2 as sw;
use serde::Serialize;
use serde_json::Value;

pub use kinds::{KINDS, Kind};

/// How a change affects what is built on the connector.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Existing flows, apps or copilots fail or lose data.
    Breaking,
    /// Existing uses keep working but may behave differently.
    Warning,
    /// Nothing built on the connector is affected.
    Info,
}

impl Impact {
    /// `breaking`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Warning => "warning",
            Impact::Info => "info",
        }
    }
}

/// One difference between two versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// A stable id (see [`KINDS`] and docs/diff.md).
    pub kind: &'static str,
    /// How it affects existing uses.
    pub impact: Impact,
    /// The file the pointers point into (`apiDefinition.swagger.json` or `apiProperties.json`).
    pub file: &'static str,
    /// JSON pointer into the old version, when the thing existed there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// JSON pointer into the new version, when the thing exists there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// What changed.
    pub message: String,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}[{}] {}",
            self.impact.as_str(),
            self.kind,
            self.message
        )?;
        match (&self.old, &self.new) {
            (Some(o), Some(n)) if o == n => write!(f, " ({}#{o})", self.file),
            (Some(o), Some(n)) => write!(f, " (old {}#{o}, new {}#{n})", self.file, self.file),
            (Some(o), None) => write!(f, " (old {}#{o})", self.file),
            (None, Some(n)) => write!(f, " (new {}#{n})", self.file),
            (None, None) => Ok(()),
        }
    }
}

/// One version of a connector: its definition and, when known, its properties.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    /// `apiDefinition.swagger.json`.
    pub definition: &'a sw::Document,
    /// `apiProperties.json` (connection parameters), when known.
    pub properties: Option<&'a sw::ConnectorProperties>,
}

impl<'a> Side<'a> {
    /// A version known only by its definition.
    pub fn definition(definition: &'a sw::Document) -> Self {
        Side {
            definition,
            properties: None,
        }
    }
}

/// Collects changes.
pub(crate) struct Out {
    pub changes: Vec<Change>,
}

impl Out {
    /// A change in the definition.
    pub(crate) fn push(
        &mut self,
        kind: Kind,
        old: Option<&Pointer>,
        new: Option<&Pointer>,
        message: impl Into<String>,
    ) {
        self.add(sw::API_DEFINITION_FILE, kind, old, new, message.into());
    }

    /// A change in apiProperties.json.
    fn push_props(
        &mut self,
        kind: Kind,
        old: Option<&Pointer>,
        new: Option<&Pointer>,
        message: String,
    ) {
        self.add(sw::API_PROPERTIES_FILE, kind, old, new, message);
    }

    fn add(
        &mut self,
        file: &'static str,
        kind: Kind,
        old: Option<&Pointer>,
        new: Option<&Pointer>,
        message: String,
    ) {
        self.changes.push(Change {
            kind: kind.id,
            impact: kind.impact,
            file,
            old: old.map(|p| p.as_str().to_owned()),
            new: new.map(|p| p.as_str().to_owned()),
            message,
        });
    }
}

/// An operation and where it is.
struct Op<'a> {
    path: &'a str,
    method: &'static str,
    item: &'a sw::PathItem,
    op: &'a sw::Operation,
}

impl Op<'_> {
    fn at(&self) -> Pointer {
        Pointer::root()
            .push("paths")
            .push(self.path)
            .push(self.method)
    }
    fn label(&self) -> String {
        match &self.op.operation_id {
            Some(id) => format!("`{id}`"),
            None => format!("{} {}", self.method.to_uppercase(), self.path),
        }
    }
}

fn operations(doc: &sw::Document) -> Vec<Op<'_>> {
    doc.paths
        .paths
        .iter()
        .flat_map(|(path, item)| {
            item.operations().map(move |(method, op)| Op {
                path,
                method,
                item,
                op,
            })
        })
        .collect()
}

/// The key operations are matched by: the id, or method and path when there is none.
fn op_key(o: &Op<'_>) -> String {
    o.op.operation_id
        .clone()
        .unwrap_or_else(|| format!("{} {}", o.method, o.path))
}

/// Compares two versions (see the crate docs). Changes come in a stable order: operations in
/// the old version's order, then new operations, then authentication.
pub fn diff(old: Side<'_>, new: Side<'_>) -> Vec<Change> {
    let mut out = Out {
        changes: Vec::new(),
    };
    backend(old.definition, new.definition, &mut out);
    let old_ops = operations(old.definition);
    let new_ops = operations(new.definition);
    let new_by_key: HashMap<String, &Op<'_>> = new_ops.iter().map(|o| (op_key(o), o)).collect();
    let old_keys: connector_core::collections::HashSet<String> =
        old_ops.iter().map(op_key).collect();
    for o in &old_ops {
        match new_by_key.get(&op_key(o)) {
            Some(n) => operation(old.definition, o, new.definition, n, &mut out),
            None => {
                // Same place, other id: the id changed. Otherwise the operation is gone.
                let same_place = new_ops.iter().find(|n| {
                    n.path == o.path && n.method == o.method && !old_keys.contains(&op_key(n))
                });
                match same_place {
                    Some(n) => out.push(
                        kinds::OPERATION_ID_CHANGED,
                        Some(&o.at().push("operationId")),
                        Some(&n.at().push("operationId")),
                        format!(
                            "{} {}: operation id {} became {}",
                            o.method.to_uppercase(),
                            o.path,
                            o.label(),
                            n.label()
                        ),
                    ),
                    None => out.push(
                        kinds::OPERATION_REMOVED,
                        Some(&o.at()),
                        None,
                        format!(
                            "operation {} ({} {}) was removed",
                            o.label(),
                            o.method.to_uppercase(),
                            o.path
                        ),
                    ),
                }
            }
        }
    }
    for n in &new_ops {
        if old_keys.contains(&op_key(n)) {
            continue;
        }
        let renamed = old_ops.iter().any(|o| {
            o.path == n.path && o.method == n.method && !new_by_key.contains_key(&op_key(o))
        });
        if !renamed {
            out.push(
                kinds::OPERATION_ADDED,
                None,
                Some(&n.at()),
                format!(
                    "operation {} ({} {}) was added",
                    n.label(),
                    n.method.to_uppercase(),
                    n.path
                ),
            );
        }
    }
    authentication(old, new, &mut out);
    out.changes
}

fn backend(old: &sw::Document, new: &sw::Document, out: &mut Out) {
    let root = Pointer::root();
    if old.host != new.host {
        out.push(
            kinds::BACKEND_CHANGED,
            Some(&root.push("host")),
            Some(&root.push("host")),
            format!(
                "host changed from {} to {}",
                old.host.as_deref().unwrap_or("none"),
                new.host.as_deref().unwrap_or("none")
            ),
        );
    }
    let bp = |d: &sw::Document| d.base_path.clone().unwrap_or_else(|| "/".into());
    if bp(old) != bp(new) {
        out.push(
            kinds::BACKEND_CHANGED,
            Some(&root.push("basePath")),
            Some(&root.push("basePath")),
            format!("basePath changed from {} to {}", bp(old), bp(new)),
        );
    }
}

fn visibility(ext: &sw::Extensions) -> Option<&str> {
    ext.get("x-ms-visibility").and_then(Value::as_str)
}

fn operation(od: &sw::Document, o: &Op<'_>, nd: &sw::Document, n: &Op<'_>, out: &mut Out) {
    let (oa, na) = (o.at(), n.at());
    let label = o.label();
    if o.path != n.path || o.method != n.method {
        out.push(
            kinds::OPERATION_MOVED,
            Some(&oa),
            Some(&na),
            format!(
                "operation {label} moved from {} {} to {} {} (its id is kept)",
                o.method.to_uppercase(),
                o.path,
                n.method.to_uppercase(),
                n.path
            ),
        );
    }
    if visibility(&n.op.extensions) == Some("internal")
        && visibility(&o.op.extensions) != Some("internal")
    {
        out.push(
            kinds::OPERATION_BECAME_INTERNAL,
            Some(&oa),
            Some(&na),
            format!("operation {label} became internal: makers can no longer pick it"),
        );
    }
    if n.op.deprecated == Some(true) && o.op.deprecated != Some(true) {
        out.push(
            kinds::OPERATION_DEPRECATED,
            Some(&oa),
            Some(&na),
            format!("operation {label} is deprecated"),
        );
    }
    if o.op.summary != n.op.summary || o.op.description != n.op.description {
        out.push(
            kinds::OPERATION_TEXT_CHANGED,
            Some(&oa),
            Some(&na),
            format!("the summary or description of {label} changed"),
        );
    }
    let trig = |op: &sw::Operation| {
        op.extensions
            .get("x-ms-trigger")
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    match (trig(o.op), trig(n.op)) {
        (Some(_), None) => out.push(
            kinds::TRIGGER_REMOVED,
            Some(&oa.push("x-ms-trigger")),
            Some(&na),
            format!("{label} is no longer a trigger: flows started by it stop"),
        ),
        (None, Some(_)) => out.push(
            kinds::TRIGGER_ADDED,
            Some(&oa),
            Some(&na.push("x-ms-trigger")),
            format!("{label} became a trigger"),
        ),
        (Some(a), Some(b)) if a != b => out.push(
            kinds::TRIGGER_KIND_CHANGED,
            Some(&oa.push("x-ms-trigger")),
            Some(&na.push("x-ms-trigger")),
            format!("trigger {label} changed from {a} to {b}"),
        ),
        _ => {}
    }
    parameters(od, o, nd, n, out);
    responses(od, o, nd, n, out);
}

/// Effective parameters (path level overridden by operation level), `$ref`s resolved, with
/// their pointers.
fn effective<'a>(doc: &'a sw::Document, o: &Op<'a>) -> Vec<(&'a sw::Parameter, Pointer)> {
    let resolve = |p: &'a sw::RefOr<sw::Parameter>| -> Option<&'a sw::Parameter> {
        match p {
            sw::RefOr::Item(p) => Some(p),
            sw::RefOr::Ref(r) => r
                .strip_prefix("#/parameters/")
                .and_then(|n| doc.parameters.get(&connector_core::unescape_token(n))),
        }
    };
    let item_at = Pointer::root()
        .push("paths")
        .push(o.path)
        .push("parameters");
    let op_at = o.at().push("parameters");
    let own: Vec<(&sw::Parameter, Pointer)> =
        o.op.parameters
            .iter()
            .flatten()
            .enumerate()
            .filter_map(|(i, p)| resolve(p).map(|p| (p, op_at.index(i))))
            .collect();
    let mut all: Vec<(&sw::Parameter, Pointer)> = o
        .item
        .parameters
        .iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, p)| resolve(p).map(|p| (p, item_at.index(i))))
        .filter(|(p, _)| !own.iter().any(|(q, _)| q.key() == p.key()))
        .collect();
    all.extend(own);
    all
}

fn type_of(p: &sw::Parameter) -> String {
    let mut t = p.type_.clone().unwrap_or_default();
    if let Some(f) = &p.format {
        t.push('/');
        t.push_str(f);
    }
    if let Some(i) = &p.items {
        t.push_str(&format!("[{}]", i.type_.as_deref().unwrap_or_default()));
    }
    t
}

fn parameters(od: &sw::Document, o: &Op<'_>, nd: &sw::Document, n: &Op<'_>, out: &mut Out) {
    let label = o.label();
    let old = effective(od, o);
    let new = effective(nd, n);
    for (op, oat) in &old {
        let Some((np, nat)) = new.iter().find(|(np, _)| np.key() == op.key()) else {
            out.push(
                kinds::PARAMETER_REMOVED,
                Some(oat),
                None,
                format!(
                    "{label}: parameter `{}` ({}) was removed",
                    op.name,
                    op.location.as_str()
                ),
            );
            continue;
        };
        let name = &op.name;
        if op.location == sw::ParameterLocation::Body {
            if let (Some(os), Some(ns)) = (&op.schema, &np.schema) {
                schema::compare(
                    od,
                    os,
                    &oat.push("schema"),
                    nd,
                    ns,
                    &nat.push("schema"),
                    schema::Direction::Request,
                    &format!("{label}: body"),
                    out,
                );
            }
            continue;
        }
        let (oreq, nreq) = (op.required == Some(true), np.required == Some(true));
        if !oreq && nreq {
            out.push(
                kinds::PARAMETER_BECAME_REQUIRED,
                Some(oat),
                Some(nat),
                format!("{label}: parameter `{name}` became required"),
            );
        } else if oreq && !nreq {
            out.push(
                kinds::PARAMETER_BECAME_OPTIONAL,
                Some(oat),
                Some(nat),
                format!("{label}: parameter `{name}` became optional"),
            );
        }
        if type_of(op) != type_of(np) {
            out.push(
                kinds::PARAMETER_TYPE_CHANGED,
                Some(oat),
                Some(nat),
                format!(
                    "{label}: parameter `{name}` changed type from {} to {}",
                    type_of(op),
                    type_of(np)
                ),
            );
        }
        schema::enums(
            op.validation.enumeration.as_deref(),
            np.validation.enumeration.as_deref(),
            oat,
            nat,
            &format!("{label}: parameter `{name}`"),
            true,
            out,
        );
        if op.validation.default != np.validation.default {
            out.push(
                kinds::PARAMETER_DEFAULT_CHANGED,
                Some(oat),
                Some(nat),
                format!("{label}: the default of parameter `{name}` changed"),
            );
        }
        let (ov, nv) = (visibility(&op.extensions), visibility(&np.extensions));
        if nv == Some("internal") && ov != Some("internal") {
            out.push(
                kinds::PARAMETER_BECAME_INTERNAL,
                Some(oat),
                Some(nat),
                format!(
                    "{label}: parameter `{name}` became internal: values flows set are ignored"
                ),
            );
        } else if ov != nv {
            out.push(
                kinds::VISIBILITY_CHANGED,
                Some(oat),
                Some(nat),
                format!(
                    "{label}: parameter `{name}` visibility changed from {} to {}",
                    ov.unwrap_or("default"),
                    nv.unwrap_or("default")
                ),
            );
        }
        if op.extensions.get("x-ms-summary") != np.extensions.get("x-ms-summary")
            || op.description != np.description
        {
            out.push(
                kinds::PARAMETER_TEXT_CHANGED,
                Some(oat),
                Some(nat),
                format!("{label}: the label or description of parameter `{name}` changed"),
            );
        }
    }
    for (np, nat) in &new {
        if old.iter().any(|(op, _)| op.key() == np.key()) {
            continue;
        }
        let internal_with_default =
            visibility(&np.extensions) == Some("internal") && np.validation.default.is_some();
        if np.required == Some(true) && !internal_with_default {
            out.push(
                kinds::REQUIRED_PARAMETER_ADDED,
                None,
                Some(nat),
                format!(
                    "{label}: required parameter `{}` ({}) was added: existing flows do not set it",
                    np.name,
                    np.location.as_str()
                ),
            );
        } else {
            out.push(
                kinds::PARAMETER_ADDED,
                None,
                Some(nat),
                format!(
                    "{label}: optional parameter `{}` ({}) was added",
                    np.name,
                    np.location.as_str()
                ),
            );
        }
    }
}

/// The response flows read: 200, 201, else the first 2xx.
fn success(op: &sw::Operation) -> Option<(&str, &sw::RefOr<sw::Response>)> {
    let r = &op.responses.responses;
    ["200", "201"]
        .iter()
        .find_map(|c| r.get_key_value(*c))
        .or_else(|| r.iter().find(|(c, _)| c.starts_with('2')))
        .map(|(c, r)| (c.as_str(), r))
}

fn response_schema<'a>(
    doc: &'a sw::Document,
    r: &'a sw::RefOr<sw::Response>,
) -> Option<&'a sw::Schema> {
    match r {
        sw::RefOr::Item(r) => r.schema.as_deref(),
        sw::RefOr::Ref(x) => x
            .strip_prefix("#/responses/")
            .and_then(|n| doc.responses.get(&connector_core::unescape_token(n)))
            .and_then(|r| r.schema.as_deref()),
    }
}

fn responses(od: &sw::Document, o: &Op<'_>, nd: &sw::Document, n: &Op<'_>, out: &mut Out) {
    let label = o.label();
    let (Some((oc, or)), ns) = (success(o.op), success(n.op)) else {
        return;
    };
    let oat = o.at().push("responses").push(oc);
    let Some(os) = response_schema(od, or) else {
        return;
    };
    match ns.and_then(|(nc, nr)| response_schema(nd, nr).map(|s| (nc, s))) {
        None => out.push(
            kinds::RESPONSE_SCHEMA_REMOVED,
            Some(&oat.push("schema")),
            Some(&n.at().push("responses")),
            format!("{label}: the output is no longer described: flows lose every output value"),
        ),
        Some((nc, nsch)) => schema::compare(
            od,
            os,
            &oat.push("schema"),
            nd,
            nsch,
            &n.at().push("responses").push(nc).push("schema"),
            schema::Direction::Response,
            &format!("{label}: output"),
            out,
        ),
    }
}

fn schemes(doc: &sw::Document) -> Vec<String> {
    let mut v: Vec<String> = doc
        .security_definitions
        .values()
        .map(|s| match s.type_.as_str() {
            "oauth2" => format!("oauth2/{}", s.flow.as_deref().unwrap_or_default()),
            "apiKey" => format!(
                "apiKey/{}/{}",
                s.location.as_deref().unwrap_or_default(),
                s.name.as_deref().unwrap_or_default()
            ),
            t => t.to_owned(),
        })
        .collect();
    v.sort();
    v
}

/// Every connection parameter, across parameter sets.
fn connection_parameters(
    p: &sw::ConnectorProperties,
) -> Vec<(String, &sw::ConnectionParameter, Pointer)> {
    let at = Pointer::root().push("properties");
    let mut out: Vec<(String, &sw::ConnectionParameter, Pointer)> = p
        .connection_parameters
        .iter()
        .map(|(k, v)| (k.clone(), v, at.push("connectionParameters").push(k)))
        .collect();
    if let Some(sets) = &p.connection_parameter_sets {
        for (i, set) in sets.values.iter().enumerate() {
            for (k, v) in &set.parameters {
                out.push((
                    format!("{}/{k}", set.name),
                    v,
                    at.push("connectionParameterSets")
                        .push("values")
                        .index(i)
                        .push("parameters")
                        .push(k),
                ));
            }
        }
    }
    out
}

fn required(c: &sw::ConnectionParameter) -> bool {
    c.ui_definition
        .as_ref()
        .and_then(|u| u.constraints.as_ref())
        .and_then(|c| c.required.as_ref())
        .is_some_and(|r| r == &Value::Bool(true) || r.as_str() == Some("true"))
}

fn authentication(old: Side<'_>, new: Side<'_>, out: &mut Out) {
    let (os, ns) = (schemes(old.definition), schemes(new.definition));
    if os != ns {
        let at = Pointer::root().push("securityDefinitions");
        out.push(
            kinds::AUTH_TYPE_CHANGED,
            Some(&at),
            Some(&at),
            format!(
                "authentication changed from [{}] to [{}]: every connection must be made again",
                os.join(", "),
                ns.join(", ")
            ),
        );
    }
    let (Some(op), Some(np)) = (old.properties, new.properties) else {
        return;
    };
    let (oc, nc) = (connection_parameters(op), connection_parameters(np));
    for (name, o, oat) in &oc {
        match nc.iter().find(|(n, _, _)| n == name) {
            None => out.push_props(
                kinds::CONNECTION_PARAMETER_REMOVED,
                Some(oat),
                None,
                format!("connection parameter `{name}` was removed"),
            ),
            Some((_, n, nat)) => {
                if o.type_ != n.type_
                    || o.oauth_settings.as_ref().map(|s| &s.identity_provider)
                        != n.oauth_settings.as_ref().map(|s| &s.identity_provider)
                {
                    out.push_props(
                        kinds::CONNECTION_PARAMETER_CHANGED,
                        Some(oat),
                        Some(nat),
                        format!(
                            "connection parameter `{name}` changed from {} to {}",
                            o.type_, n.type_
                        ),
                    );
                }
            }
        }
    }
    for (name, n, nat) in &nc {
        if oc.iter().any(|(o, _, _)| o == name) {
            continue;
        }
        let kind = if required(n) {
            kinds::REQUIRED_CONNECTION_PARAMETER_ADDED
        } else {
            kinds::CONNECTION_PARAMETER_ADDED
        };
        out.push_props(
            kind,
            None,
            Some(nat),
            format!("connection parameter `{name}` was added"),
        );
    }
}
