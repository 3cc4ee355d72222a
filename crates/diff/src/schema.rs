//! Comparing request and response schemas property by property, through `$ref`s.

use connector_core::Pointer;
use connector_swagger2 as sw;
use serde_json::Value;

use crate::Out;
use crate::kinds;

/// How deep nested properties are compared.
const MAX_DEPTH: usize = 12;

/// Which side of the call a schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    /// A request body: what flows send.
    Request,
    /// The output: what flows read.
    Response,
}

/// Follows `$ref`s to the schema they name; the pointer follows too.
fn resolve<'a>(
    doc: &'a sw::Document,
    s: &'a sw::Schema,
    at: &Pointer,
    chain: &mut Vec<String>,
) -> Option<(&'a sw::Schema, Pointer)> {
    let mut s = s;
    let mut at = at.clone();
    for _ in 0..MAX_DEPTH {
        let Some(name) = s
            .reference
            .as_deref()
            .and_then(|r| r.strip_prefix("#/definitions/"))
        else {
            return Some((s, at));
        };
        let name = connector_core::unescape_token(name);
        if chain.contains(&name) {
            return None;
        }
        chain.push(name.clone());
        s = doc.definitions.get(&name)?;
        at = Pointer::root().push("definitions").push(&name);
    }
    None
}

fn type_text(s: &sw::Schema) -> String {
    let mut t = match &s.type_ {
        Some(sw::SchemaType::One(t)) => t.clone(),
        Some(sw::SchemaType::Many(ts)) => ts.join("|"),
        None => String::new(),
    };
    if let Some(f) = &s.format {
        t.push('/');
        t.push_str(f);
    }
    t
}

/// Compares two schemas of one request body or output (see the crate docs).
#[allow(clippy::too_many_arguments)]
pub(crate) fn compare(
    od: &sw::Document,
    o: &sw::Schema,
    oat: &Pointer,
    nd: &sw::Document,
    n: &sw::Schema,
    nat: &Pointer,
    dir: Direction,
    what: &str,
    out: &mut Out,
) {
    walk(
        od,
        o,
        oat,
        nd,
        n,
        nat,
        dir,
        what,
        0,
        &mut Vec::new(),
        &mut Vec::new(),
        out,
    );
}

#[allow(clippy::too_many_arguments)]
fn walk(
    od: &sw::Document,
    o: &sw::Schema,
    oat: &Pointer,
    nd: &sw::Document,
    n: &sw::Schema,
    nat: &Pointer,
    dir: Direction,
    what: &str,
    depth: usize,
    ochain: &mut Vec<String>,
    nchain: &mut Vec<String>,
    out: &mut Out,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let (olen, nlen) = (ochain.len(), nchain.len());
    let (Some((o, oat)), Some((n, nat))) =
        (resolve(od, o, oat, ochain), resolve(nd, n, nat, nchain))
    else {
        ochain.truncate(olen);
        nchain.truncate(nlen);
        return;
    };
    let (ot, nt) = (type_text(o), type_text(n));
    if !ot.is_empty() && !nt.is_empty() && ot != nt {
        let kind = match dir {
            Direction::Request => kinds::REQUEST_PROPERTY_TYPE_CHANGED,
            Direction::Response => kinds::RESPONSE_PROPERTY_TYPE_CHANGED,
        };
        out.push(
            kind,
            Some(&oat),
            Some(&nat),
            format!("{what} changed type from {ot} to {nt}"),
        );
        ochain.truncate(olen);
        nchain.truncate(nlen);
        return;
    }
    if dir == Direction::Request {
        enums(
            o.validation.enumeration.as_deref(),
            n.validation.enumeration.as_deref(),
            &oat,
            &nat,
            what,
            true,
            out,
        );
    }
    let empty = connector_core::collections::IndexMap::default();
    let oprops = o.properties.as_deref().unwrap_or(&empty);
    let nprops = n.properties.as_deref().unwrap_or(&empty);
    let req = |s: &sw::Schema, k: &str| {
        s.required
            .as_ref()
            .is_some_and(|r| r.iter().any(|x| x == k))
    };
    for (k, op) in oprops {
        let opat = oat.push("properties").push(k);
        match nprops.get(k) {
            None => {
                let kind = match dir {
                    Direction::Request => kinds::REQUEST_PROPERTY_REMOVED,
                    Direction::Response => kinds::RESPONSE_PROPERTY_REMOVED,
                };
                out.push(
                    kind,
                    Some(&opat),
                    Some(&nat),
                    format!("{what}: property `{k}` was removed"),
                );
            }
            Some(np) => {
                let npat = nat.push("properties").push(k);
                if dir == Direction::Request && !req(o, k) && req(n, k) {
                    out.push(
                        kinds::REQUIRED_REQUEST_PROPERTY_ADDED,
                        Some(&opat),
                        Some(&npat),
                        format!("{what}: property `{k}` became required"),
                    );
                }
                walk(
                    od,
                    op,
                    &opat,
                    nd,
                    np,
                    &npat,
                    dir,
                    &format!("{what}.{k}"),
                    depth + 1,
                    ochain,
                    nchain,
                    out,
                );
            }
        }
    }
    for k in nprops.keys().filter(|k| !oprops.contains_key(*k)) {
        let npat = nat.push("properties").push(k);
        let (kind, text) = match dir {
            Direction::Request if req(n, k) => {
                (kinds::REQUIRED_REQUEST_PROPERTY_ADDED, "required property")
            }
            Direction::Request => (kinds::REQUEST_PROPERTY_ADDED, "property"),
            Direction::Response => (kinds::RESPONSE_PROPERTY_ADDED, "property"),
        };
        out.push(
            kind,
            Some(&oat),
            Some(&npat),
            format!("{what}: {text} `{k}` was added"),
        );
    }
    if let (Some(oi), Some(ni)) = (&o.items, &n.items) {
        walk(
            od,
            oi,
            &oat.push("items"),
            nd,
            ni,
            &nat.push("items"),
            dir,
            &format!("{what}[]"),
            depth + 1,
            ochain,
            nchain,
            out,
        );
    }
    ochain.truncate(olen);
    nchain.truncate(nlen);
}

/// Enum values removed (narrowed, breaking for inputs) or added.
pub(crate) fn enums(
    old: Option<&[Value]>,
    new: Option<&[Value]>,
    oat: &Pointer,
    nat: &Pointer,
    what: &str,
    input: bool,
    out: &mut Out,
) {
    match (old, new) {
        (Some(o), Some(n)) => {
            let gone: Vec<String> = o
                .iter()
                .filter(|v| !n.contains(v))
                .map(Value::to_string)
                .collect();
            let added: Vec<String> = n
                .iter()
                .filter(|v| !o.contains(v))
                .map(Value::to_string)
                .collect();
            if !gone.is_empty() && input {
                out.push(
                    kinds::ENUM_NARROWED,
                    Some(oat),
                    Some(nat),
                    format!("{what}: values {} are no longer allowed", gone.join(", ")),
                );
            }
            if !added.is_empty() {
                out.push(
                    kinds::ENUM_WIDENED,
                    Some(oat),
                    Some(nat),
                    format!("{what}: values {} were added", added.join(", ")),
                );
            }
        }
        (None, Some(n)) if input => {
            out.push(
                kinds::ENUM_NARROWED,
                Some(oat),
                Some(nat),
                format!(
                    "{what}: only {} are allowed now",
                    n.iter()
                        .map(Value::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        (Some(_), None) => {
            out.push(
                kinds::ENUM_WIDENED,
                Some(oat),
                Some(nat),
                format!("{what}: any value is allowed now"),
            );
        }
        _ => {}
    }
}
