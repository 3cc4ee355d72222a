//! Connector metadata: the title and description the platform accepts, the contact,
//! `x-ms-connector-metadata` (website, privacy policy, categories) and the publisher fields
//! of apiProperties.json (reference 1.4 and 2.2).

use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;
use serde_json::{Value, json};

use crate::codes;
use crate::words::shorten;

/// Connector metadata given by the user (command-line options or library options).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Metadata {
    /// `publisher` in apiProperties.json (also the contact name when the input has none).
    pub publisher: Option<String>,
    /// `stackOwner` in apiProperties.json (defaults to the publisher).
    pub stack_owner: Option<String>,
    /// The `Website` entry of x-ms-connector-metadata (also the contact URL when the input has none).
    pub website: Option<String>,
    /// The `Privacy policy` entry of x-ms-connector-metadata.
    pub privacy_policy: Option<String>,
    /// Categories (at most two, from [`sw::CONNECTOR_CATEGORIES`]).
    pub categories: Vec<String>,
    /// The contact e-mail, when the input has none.
    pub contact_email: Option<String>,
}

impl Metadata {
    /// Sets the publisher.
    pub fn publisher(mut self, v: impl Into<String>) -> Self {
        self.publisher = Some(v.into());
        self
    }
    /// Sets the stack owner.
    pub fn stack_owner(mut self, v: impl Into<String>) -> Self {
        self.stack_owner = Some(v.into());
        self
    }
    /// Sets the website.
    pub fn website(mut self, v: impl Into<String>) -> Self {
        self.website = Some(v.into());
        self
    }
    /// Sets the privacy policy URL.
    pub fn privacy_policy(mut self, v: impl Into<String>) -> Self {
        self.privacy_policy = Some(v.into());
        self
    }
    /// Adds a category.
    pub fn category(mut self, v: impl Into<String>) -> Self {
        self.categories.push(v.into());
        self
    }
    /// Sets the contact e-mail.
    pub fn contact_email(mut self, v: impl Into<String>) -> Self {
        self.contact_email = Some(v.into());
        self
    }
    /// Whether any field is set.
    pub fn is_empty(&self) -> bool {
        *self == Metadata::default()
    }
}

/// Words certification does not allow in a title.
const TITLE_WORDS: &[&str] = &["api", "apis", "connector"];

/// Words a cut title may not end on: they promise more that was cut away.
const DANGLING: &[&str] = &[
    "a", "an", "the", "of", "for", "and", "or", "with", "to", "in", "on", "by", "from", "at", "as",
    "via", "using", "&", "-", "+",
];

/// Where a long title's name ends and its explanation starts (`Spotify Web with fixes ...`).
const CLAUSES: &[&str] = &[
    " - ", " – ", ": ", " (", " with ", " for ", " from ", " by ", " via ", " using ",
];

/// A title the platform accepts: no "API"/"Connector", at most 30 characters, ending with a
/// letter, digit or `)`. A longer one keeps its name before an explaining clause (`Spotify Web
/// with fixes ...` → `Spotify Web`) when that leaves two words or more, and is otherwise cut at
/// a word boundary, without a dangling word (`The Very Long Name Of A` → `The Very Long Name`).
pub fn clean_title(title: &str) -> String {
    let words: Vec<&str> = title
        .split_whitespace()
        .filter(|w| {
            let bare: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
            !TITLE_WORDS.contains(&bare.to_ascii_lowercase().as_str())
        })
        .collect();
    let joined = words.join(" ");
    let mut t = if joined.chars().count() <= 30 {
        without_dangling(&joined)
    } else {
        name_before_clause(&joined).unwrap_or_else(|| without_dangling(&shorten(&joined, 30)))
    };
    while t
        .chars()
        .last()
        .is_some_and(|c| !(c.is_alphanumeric() || c == ')'))
    {
        t.pop();
    }
    t.trim().to_owned()
}

/// The part of a long title before its first explaining clause, when it is two words or more
/// and fits.
fn name_before_clause(title: &str) -> Option<String> {
    let cut = CLAUSES.iter().filter_map(|c| title.find(c)).min()?;
    let name = title.get(..cut)?.trim();
    (name.split_whitespace().count() >= 2 && name.chars().count() <= 30).then(|| name.to_owned())
}

/// A cut title without the words at its end that promise what was cut.
fn without_dangling(title: &str) -> String {
    let mut words: Vec<&str> = title.split_whitespace().collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| DANGLING.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    words.join(" ")
}

/// Brings title and description within the certification ranges (title ≤ 30 characters
/// without restricted words; description 30–500 characters).
pub fn info_texts(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let at = Pointer::root().push("info");
    let title = doc.info.title.clone();
    let mut cleaned = clean_title(&title);
    if cleaned.is_empty() {
        cleaned = doc
            .host
            .as_deref()
            .and_then(|h| h.split('.').find(|p| !matches!(*p, "api" | "www")))
            .map(crate::words::label)
            .map(|l| clean_title(&l))
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| "Untitled".into());
    }
    if cleaned != title {
        diags
            .info(
                codes::XMS_METADATA,
                &at.push("title"),
                format!("title `{title}` is `{cleaned}` now (at most 30 characters, without the words API or Connector)"),
            )
            .help("choose the title with --title");
        doc.info.title = cleaned;
    }
    let Some(description) = doc.info.description.clone() else {
        return;
    };
    let d = description.trim();
    let n = d.chars().count();
    let fixed = if n > 500 {
        let mut out = String::new();
        for s in d.split_inclusive(". ") {
            if out.chars().count() + s.chars().count() > 500 {
                break;
            }
            out.push_str(s);
        }
        let out = out.trim().to_owned();
        if out.is_empty() {
            let mut s = shorten(d, 499);
            s.push('.');
            s
        } else {
            out
        }
    } else if n < 30 {
        format!(
            "{} This connector calls the {} service.",
            crate::words::sentence(d),
            doc.info.title
        )
    } else {
        d.to_owned()
    };
    if fixed != description {
        diags.info(
            codes::XMS_METADATA,
            &at.push("description"),
            format!(
                "the description was {n} characters; certification takes 30 to 500, so it was {}",
                if n > 500 { "cut" } else { "extended" }
            ),
        );
        doc.info.description = Some(fixed);
    }
}

/// Applies the user's metadata to the definition and properties.
pub fn metadata(
    doc: &mut sw::Document,
    props: &mut sw::ConnectorProperties,
    meta: &Metadata,
    diags: &mut Diagnostics,
) {
    let root = Pointer::root();
    if let Some(p) = meta.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
        props.publisher = Some(p.trim().to_owned());
        if props.stack_owner.is_none() && meta.stack_owner.is_none() {
            props.stack_owner = Some(p.trim().to_owned());
        }
    }
    if let Some(s) = meta.stack_owner.as_deref().filter(|s| !s.trim().is_empty()) {
        props.stack_owner = Some(s.trim().to_owned());
    }
    // Contact: the input's wins; options fill the gaps.
    if meta.publisher.is_some() || meta.website.is_some() || meta.contact_email.is_some() {
        let contact = doc.info.contact.get_or_insert_with(sw::Contact::default);
        if contact.name.is_none() {
            contact.name = meta.publisher.clone();
        }
        if contact.url.is_none() {
            contact.url = meta.website.clone();
        }
        if contact.email.is_none() {
            contact.email = meta.contact_email.clone();
        }
    }
    let mut entries: Vec<(&str, String)> = Vec::new();
    if let Some(w) = &meta.website {
        entries.push(("Website", w.clone()));
    }
    if let Some(p) = &meta.privacy_policy {
        entries.push(("Privacy policy", p.clone()));
    }
    if !meta.categories.is_empty() {
        let at = root.push("x-ms-connector-metadata");
        let mut kept: Vec<&str> = Vec::new();
        for c in &meta.categories {
            match sw::CONNECTOR_CATEGORIES
                .iter()
                .find(|k| k.eq_ignore_ascii_case(c.trim()))
            {
                Some(k) if !kept.contains(k) => kept.push(k),
                Some(_) => {}
                None => {
                    diags
                        .warn(
                            codes::XMS_METADATA,
                            &at,
                            format!("`{c}` is not a connector category; it was left out"),
                        )
                        .help(format!(
                            "categories are: {}",
                            sw::CONNECTOR_CATEGORIES.join(", ")
                        ));
                }
            }
        }
        if kept.len() > 2 {
            diags.warn(
                codes::XMS_METADATA,
                &at,
                format!(
                    "a connector has at most two categories; kept {} and {}",
                    kept.first().copied().unwrap_or_default(),
                    kept.get(1).copied().unwrap_or_default()
                ),
            );
            kept.truncate(2);
        }
        if !kept.is_empty() {
            entries.push(("Categories", kept.join(";")));
        }
    }
    if entries.is_empty() {
        return;
    }
    let list = doc
        .extensions
        .entry("x-ms-connector-metadata".to_owned())
        .or_insert_with(|| json!([]));
    if !list.is_array() {
        *list = json!([]);
    }
    if let Some(items) = list.as_array_mut() {
        for (name, value) in entries {
            let existing = items
                .iter_mut()
                .find(|e| e.get("propertyName").and_then(Value::as_str) == Some(name));
            match existing {
                Some(Value::Object(e)) => {
                    e.insert("propertyValue".into(), Value::String(value));
                }
                _ => items.push(json!({"propertyName": name, "propertyValue": value})),
            }
        }
    }
}

/// `capabilities` in apiProperties.json: `actions`, plus `triggers` when an operation is one.
pub fn capabilities(doc: &sw::Document, props: &mut sw::ConnectorProperties) {
    if !props.capabilities.is_empty() {
        return;
    }
    props.capabilities.push("actions".into());
    let triggers = doc
        .paths
        .paths
        .values()
        .flat_map(|i| i.operations())
        .any(|(_, o)| o.extensions.contains_key("x-ms-trigger"));
    if triggers {
        props.capabilities.push("triggers".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(clean_title("Petstore API"), "Petstore");
        assert_eq!(
            clean_title("The Very Long Name Of A Service Connector v2"),
            "The Very Long Name"
        );
        assert_eq!(
            clean_title("Spotify Web API with fixes and improvements from sonallux"),
            "Spotify Web"
        );
        assert_eq!(
            clean_title("Support for the Acme Widget Management Platform"),
            "Support for the Acme Widget"
        );
        assert_eq!(
            clean_title("Acme Payments API (v2, beta preview release)"),
            "Acme Payments"
        );
        assert_eq!(
            clean_title("Spotify Web with fixes and"),
            "Spotify Web with fixes"
        );
        assert_eq!(clean_title("Support for"), "Support");
        assert_eq!(clean_title("Pets -"), "Pets");
    }
}
