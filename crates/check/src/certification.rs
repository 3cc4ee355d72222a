//! Certification-only rules on the definition's texts and metadata (reference 2.2, 2.3,
//! 2.4 and 4.3).

use connector_core::Pointer;
use connector_swagger2 as sw;
use serde_json::Value;

use crate::rules::*;
use crate::text::{SUMMARY_RESTRICTED, contains_word, is_absolute_http_url, is_email};
use crate::{Ctx, Package};

const PRODUCT_NAMES: &[&str] = &["power apps", "power automate", "logic apps"];
const TITLE_WORDS: &[&str] = &["api", "connector"];

pub(crate) fn check(package: &Package<'_>, ctx: &mut Ctx) {
    let doc = package.definition;
    let info = Pointer::root().push("info");
    let title = doc.info.title.as_str();
    if title.chars().count() > 30 {
        ctx.def(
            FIELD_LENGTH_EXCEEDED,
            &info.push("title"),
            format!(
                "the title is {} characters; at most 30",
                title.chars().count()
            ),
        );
    }
    let restricted: Vec<&str> = TITLE_WORDS
        .iter()
        .chain(PRODUCT_NAMES)
        .copied()
        .filter(|w| contains_word(title, w))
        .collect();
    if !restricted.is_empty() {
        ctx.def(
            VALUE_CONTAINS_RESTRICTED_WORDS,
            &info.push("title"),
            format!("the title contains {}", restricted.join(", ")),
        );
    }
    if title
        .chars()
        .last()
        .is_some_and(|c| !(c.is_alphanumeric() || c == ')'))
    {
        ctx.def(
            VALUE_MUST_END_WITH_ALPHANUMERIC,
            &info.push("title"),
            "the title ends with a character that is not a letter or digit",
        );
    }
    match doc.info.description.as_deref().map(str::trim) {
        None | Some("") => ctx.def(
            CERT_REQUIRED_PROPERTY_MISSING,
            &info.push("description"),
            "info has no description",
        ),
        Some(d) => {
            let n = d.chars().count();
            if !(30..=500).contains(&n) {
                ctx.def(
                    FIELD_LENGTH_NOT_IN_RANGE,
                    &info.push("description"),
                    format!("the description is {n} characters; 30 to 500 are allowed"),
                );
            }
            let named: Vec<&str> = PRODUCT_NAMES
                .iter()
                .copied()
                .filter(|w| contains_word(d, w))
                .collect();
            if !named.is_empty() {
                ctx.def(
                    VALUE_CONTAINS_RESTRICTED_WORDS,
                    &info.push("description"),
                    format!("the description names {}", named.join(", ")),
                );
            }
        }
    }
    contact(doc, &info, ctx);
    metadata(doc, ctx);
    if let Some(host) = &doc.host {
        let lower = host.to_ascii_lowercase();
        let label = |w: &str| {
            lower
                .split(['.', '-', ':'])
                .any(|part| part == w || part.starts_with(&format!("{w}0")))
        };
        if ["staging", "stage", "dev", "test", "sandbox", "qa", "uat"]
            .iter()
            .any(|w| label(w))
        {
            ctx.def(
                HOST_NOT_PRODUCTION,
                &Pointer::root().push("host"),
                format!("host `{host}` looks like a non-production host"),
            );
        }
    }
    for (path, item) in &doc.paths.paths {
        for (method, op) in item.operations() {
            operation(
                op,
                &Pointer::root().push("paths").push(path).push(method),
                ctx,
            );
        }
        for (i, p) in item.parameters.iter().flatten().enumerate() {
            if let sw::RefOr::Item(p) = p {
                parameter(
                    p,
                    &Pointer::root()
                        .push("paths")
                        .push(path)
                        .push("parameters")
                        .index(i),
                    ctx,
                );
            }
        }
    }
    for (name, p) in &doc.parameters {
        parameter(p, &Pointer::root().push("parameters").push(name), ctx);
    }
}

fn contact(doc: &sw::Document, info: &Pointer, ctx: &mut Ctx) {
    let at = info.push("contact");
    let Some(c) = &doc.info.contact else {
        ctx.def(CERT_REQUIRED_PROPERTY_MISSING, &at, "info has no contact");
        return;
    };
    for (key, v) in [("name", &c.name), ("url", &c.url), ("email", &c.email)] {
        if v.as_deref().is_none_or(|s| s.trim().is_empty()) {
            ctx.def(
                CERT_REQUIRED_PROPERTY_MISSING,
                &at.push(key),
                format!("the contact has no {key}"),
            );
        }
    }
    if let Some(e) = c.email.as_deref().filter(|e| !e.is_empty()) {
        if !is_email(e) {
            ctx.def(
                CONTACT_EMAIL_NOT_VALID,
                &at.push("email"),
                format!("`{e}` is not an e-mail address"),
            );
        }
    }
    if let Some(u) = c.url.as_deref().filter(|u| !u.is_empty()) {
        if !is_absolute_http_url(u) {
            ctx.def(
                URL_NOT_VALID,
                &at.push("url"),
                format!("`{u}` is not an absolute URL"),
            );
        }
    }
}

fn metadata(doc: &sw::Document, ctx: &mut Ctx) {
    let at = Pointer::root().push("x-ms-connector-metadata");
    let Some(list) = doc
        .extensions
        .get("x-ms-connector-metadata")
        .and_then(Value::as_array)
    else {
        ctx.def(
            CERT_REQUIRED_PROPERTY_MISSING,
            &at,
            "the definition has no x-ms-connector-metadata",
        );
        return;
    };
    let entry = |name: &str| {
        list.iter().enumerate().find_map(|(i, e)| {
            (e.get("propertyName").and_then(Value::as_str) == Some(name)).then(|| {
                (
                    i,
                    e.get("propertyValue")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                )
            })
        })
    };
    let mut missing = Vec::new();
    for name in ["Website", "Privacy policy"] {
        match entry(name) {
            None => missing.push(name),
            Some((i, v)) => {
                if !is_absolute_http_url(v) {
                    ctx.def(
                        URL_NOT_VALID,
                        &at.index(i).push("propertyValue"),
                        format!("{name} `{v}` is not an absolute URL"),
                    );
                }
            }
        }
    }
    match entry("Categories") {
        None => missing.push("Categories"),
        Some((i, v)) => {
            let cats: Vec<&str> = v
                .split(';')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            if cats.len() > 2 {
                ctx.def(
                    TOO_MANY_CONNECTOR_CATEGORIES,
                    &at.index(i).push("propertyValue"),
                    format!("{} categories; at most 2", cats.len()),
                );
            }
            for c in cats
                .iter()
                .filter(|c| !sw::CONNECTOR_CATEGORIES.contains(c))
            {
                ctx.def(
                    INVALID_CONNECTOR_CATEGORY,
                    &at.index(i).push("propertyValue"),
                    format!("`{c}` is not a connector category"),
                );
            }
            if cats.is_empty() {
                missing.push("Categories");
            }
        }
    }
    if !missing.is_empty() {
        ctx.def(
            CONNECTOR_METADATA_PROPERTIES_MISSING,
            &at,
            format!("x-ms-connector-metadata lacks {}", missing.join(", ")),
        );
    }
}

fn operation(op: &sw::Operation, at: &Pointer, ctx: &mut Ctx) {
    let summary = op
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    match summary {
        None => ctx.def(
            CERT_REQUIRED_PROPERTY_MISSING,
            &at.push("summary"),
            "the operation has no summary",
        ),
        Some(s) => {
            if s.chars().count() > 80 {
                ctx.def(
                    FIELD_LENGTH_EXCEEDED,
                    &at.push("summary"),
                    format!(
                        "the summary is {} characters; at most 80",
                        s.chars().count()
                    ),
                );
            }
            if s.contains(SUMMARY_RESTRICTED) {
                ctx.def(
                    RESTRICTED_CHARACTERS_IN_SUMMARY,
                    &at.push("summary"),
                    format!("summary `{s}` contains one of / \\ < > * % & ?"),
                );
            }
        }
    }
    match op
        .description
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => ctx.def(
            CERT_REQUIRED_PROPERTY_MISSING,
            &at.push("description"),
            "the operation has no description",
        ),
        Some(d) => {
            if summary.is_some_and(|s| s.eq_ignore_ascii_case(d)) {
                ctx.def(
                    DESCRIPTION_SAME_AS_SUMMARY,
                    &at.push("description"),
                    "the description repeats the summary",
                );
            }
            if !d.ends_with(['.', '!', '?', ')', ':']) {
                ctx.def(
                    DESCRIPTION_NOT_A_SENTENCE,
                    &at.push("description"),
                    "the description does not end with punctuation",
                );
            }
        }
    }
    for (i, p) in op.parameters.iter().flatten().enumerate() {
        if let sw::RefOr::Item(p) = p {
            parameter(p, &at.push("parameters").index(i), ctx);
        }
    }
}

fn parameter(p: &sw::Parameter, at: &Pointer, ctx: &mut Ctx) {
    // Internal parameters are never shown; they need no label.
    if p.extensions.get("x-ms-visibility").and_then(Value::as_str) == Some("internal") {
        return;
    }
    match p.extensions.get("x-ms-summary").and_then(Value::as_str) {
        None | Some("") => ctx.def(
            CERT_REQUIRED_PROPERTY_MISSING,
            &at.push("x-ms-summary"),
            format!("parameter `{}` has no x-ms-summary", p.name),
        ),
        Some(s) if s.chars().count() > 80 => ctx.def(
            FIELD_LENGTH_EXCEEDED,
            &at.push("x-ms-summary"),
            format!(
                "x-ms-summary of `{}` is {} characters; at most 80",
                p.name,
                s.chars().count()
            ),
        ),
        Some(_) => {}
    }
    if p.description.as_deref().is_none_or(|d| d.trim().is_empty()) {
        ctx.def(
            CERT_REQUIRED_PROPERTY_MISSING,
            &at.push("description"),
            format!("parameter `{}` has no description", p.name),
        );
    }
}
