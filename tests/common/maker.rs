//! What a maker sees in a connector, measured: action names, field descriptions, sign-in and
//! size. Each figure counts something a reviewer of a hand-made connector would send back
//! (see issue-level targets in docs/lowering.md, "Measured on the corpus").
//!
//! The tests assert the figures over the corpus; `examples/maker_figures.rs` prints them for
//! any folder of specs.
#![allow(dead_code)]

use std::collections::HashMap;

use serde_json::Value;

/// Words a phrase cannot end on: a name ending on one was cut mid-phrase.
/// Prepositions that end phrasal verbs or stranded phrases ("a list a user is on", "blocked
/// by", "channels the member is part of") are not here.
const DANGLING: &[&str] = &[
    "a", "an", "the", "and", "or", "into", "that", "which", "than", "is", "are", "be", "your",
    "its", "their", "our", "via", "per", "if", "when", "whether", "but", "nor", "this", "these",
    "those", "my",
];

/// Words that cannot follow "The" in a description: "The is admin." lost its noun.
const NOT_A_NOUN: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "can", "could", "should", "will", "would",
    "does", "do", "did", "may", "must", "me", "my", "our", "your", "their", "his", "her", "a",
    "an", "the", "this", "these", "those",
];

const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// The figures of one connector definition.
#[derive(Debug, Default, Clone)]
pub struct Figures {
    pub operations: usize,
    /// Action names that another action of the same connector also has.
    pub duplicate_names: Vec<String>,
    /// Action names with markdown, HTML or URL residue.
    pub residue: Vec<String>,
    /// Action names ending on a word a phrase cannot end on.
    pub cut: Vec<String>,
    /// Action names over 80 characters.
    pub too_long: Vec<String>,
    /// Action names that are an identifier or start with an HTTP method.
    pub identifier_like: Vec<String>,
    /// Parameters and properties with an `x-ms-summary`.
    pub labelled: usize,
    /// Of those, the ones whose description only repeats the label.
    pub repeating: Vec<String>,
    /// Descriptions missing a word ("The is admin.").
    pub missing_word: Vec<String>,
    /// Per-action credential parameters in a connector without any sign-in.
    pub credentials_without_sign_in: Vec<String>,
}

impl Figures {
    /// Adds another connector's figures to these.
    pub fn add(&mut self, other: &Figures) {
        self.operations += other.operations;
        self.labelled += other.labelled;
        for (mine, theirs) in [
            (&mut self.duplicate_names, &other.duplicate_names),
            (&mut self.residue, &other.residue),
            (&mut self.cut, &other.cut),
            (&mut self.too_long, &other.too_long),
            (&mut self.identifier_like, &other.identifier_like),
            (&mut self.repeating, &other.repeating),
            (&mut self.missing_word, &other.missing_word),
            (
                &mut self.credentials_without_sign_in,
                &other.credentials_without_sign_in,
            ),
        ] {
            mine.extend(theirs.iter().cloned());
        }
    }
}

/// Measures one connector definition (apiDefinition.swagger.json, parsed).
pub fn figures(def: &Value) -> Figures {
    let mut f = Figures::default();
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut summaries = Vec::new();
    let mut candidates: Vec<(bool, String, String)> = Vec::new();
    let signed_in = def
        .get("securityDefinitions")
        .and_then(Value::as_object)
        .is_some_and(|m| !m.is_empty());
    for (path, item) in def
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (method, op) in item.as_object().into_iter().flatten() {
            if !HTTP_METHODS.contains(&method.to_uppercase().as_str()) {
                continue;
            }
            f.operations += 1;
            let name = op.get("summary").and_then(Value::as_str).unwrap_or("");
            *names.entry(name.to_lowercase()).or_default() += 1;
            summaries.push(name.to_owned());
            action_name(name, &mut f);
            if signed_in {
                continue;
            }
            for p in op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let p = resolve_parameter(def, p);
                if let Some(sure) = credential(p) {
                    let pname = p.get("name").and_then(Value::as_str).unwrap_or("");
                    candidates.push((
                        sure,
                        pname.to_lowercase(),
                        format!("{method} {path}: {pname}"),
                    ));
                }
            }
        }
    }
    // A bare `key` or `token` is the API's credential only when most operations send it
    // (GitHub's cache `key` is not one).
    for (sure, name, at) in &candidates {
        let senders = candidates.iter().filter(|(_, n, _)| n == name).count();
        if *sure || senders * 2 >= f.operations {
            f.credentials_without_sign_in.push(at.clone());
        }
    }
    for s in summaries {
        if names.get(&s.to_lowercase()).is_some_and(|n| *n > 1) {
            f.duplicate_names.push(s);
        }
    }
    fields(def, &mut f);
    f
}

fn resolve_parameter<'a>(def: &'a Value, p: &'a Value) -> &'a Value {
    p.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#"))
        .and_then(|r| def.pointer(r))
        .unwrap_or(p)
}

fn action_name(name: &str, f: &mut Figures) {
    if name.chars().count() > 80 {
        f.too_long.push(name.to_owned());
    }
    if has_residue(name) {
        f.residue.push(name.to_owned());
    }
    let last = name
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if DANGLING.contains(&last.as_str()) || name.ends_with("...") || name.ends_with('…') {
        f.cut.push(name.to_owned());
    }
    if is_identifier_like(name) {
        f.identifier_like.push(name.to_owned());
    }
}

/// Markdown, HTML or URL residue in a text meant as plain words.
pub fn has_residue(text: &str) -> bool {
    const MARKS: &[&str] = &[
        "`", "[", "]", "](", "http:", "https:", "://", "www.", "**", "__", "( ", " )", "()", "{",
        "}", "|", "\\n", "<", ">", "#",
    ];
    MARKS.iter().any(|m| text.contains(m))
}

/// An identifier (`CreateMobileAuthorizationCode`, `get_user`) or a name starting with an HTTP
/// method (`GET Request`).
pub fn is_identifier_like(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.first().is_some_and(|w| HTTP_METHODS.contains(w)) {
        return true;
    }
    let humps = |w: &str| {
        w.chars()
            .zip(w.chars().skip(1))
            .filter(|(a, b)| a.is_lowercase() && b.is_uppercase())
            .count()
    };
    // Words inside a sentence (`AddOnResult`, `in_progress`) are the API's own names.
    match words.as_slice() {
        [one] => one.contains(['_', '-', '.']) || humps(one) > 0,
        _ => false,
    }
}

/// Whether a parameter sends a credential (an API key, token, secret or `Authorization`
/// value in a header or the query): `Some(true)` when its name says so for sure,
/// `Some(false)` for a bare `key`, `token` or `auth`.
pub fn credential(p: &Value) -> Option<bool> {
    let location = p.get("in").and_then(Value::as_str).unwrap_or("");
    if location != "header" && location != "query" {
        return None;
    }
    let name: String = p
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    const BARE: &[&str] = &["key", "token", "auth"];
    const SURE: &[&str] = &[
        "apikey",
        "accesstoken",
        "authtoken",
        "apitoken",
        "subscriptionkey",
        "clientsecret",
        "secretkey",
        "apisecret",
        "bearer",
    ];
    if name == "authorization" || SURE.iter().any(|part| name.contains(part)) {
        Some(true)
    } else if BARE.contains(&name.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// Labels and descriptions of every parameter and schema property.
fn fields(v: &Value, f: &mut Figures) {
    match v {
        Value::Object(m) => {
            if let Some(label) = m.get("x-ms-summary").and_then(Value::as_str) {
                let labelled_field = m.contains_key("in")
                    || m.contains_key("type")
                    || m.contains_key("$ref")
                    || m.contains_key("properties");
                if labelled_field {
                    f.labelled += 1;
                    let description = m.get("description").and_then(Value::as_str).unwrap_or("");
                    if only_repeats(description, label) {
                        f.repeating.push(format!("{label}: {description}"));
                    }
                }
            }
            if let Some(d) = m.get("description").and_then(Value::as_str) {
                if misses_a_word(d) {
                    f.missing_word.push(d.to_owned());
                }
            }
            for (k, c) in m {
                // Examples and enum values are data, not texts a maker reads.
                if k == "example" || k == "x-ms-enum" || k == "default" || k == "enum" {
                    continue;
                }
                fields(c, f);
            }
        }
        Value::Array(a) => a.iter().for_each(|c| fields(c, f)),
        _ => {}
    }
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !matches!(w.as_str(), "the" | "a" | "an"))
        .collect()
}

/// A description that says nothing beyond the label ("The limit." for "Limit"). A field
/// without a description repeats nothing (parameters, which certification requires to have
/// one, are checked by the certification profile).
pub fn only_repeats(description: &str, label: &str) -> bool {
    let d = words_of(description);
    !d.is_empty() && d == words_of(label)
}

/// "The is admin.", "Gets the me.": an article followed by a word that is not a noun.
pub fn misses_a_word(description: &str) -> bool {
    // Words as written: a quoted path (`/me`) is not a word.
    let words: Vec<String> = description
        .split_whitespace()
        .map(|w| {
            w.trim_end_matches(['.', ',', ';', ':', '!', '?'])
                .to_lowercase()
        })
        .collect();
    words
        .iter()
        .zip(words.iter().skip(1))
        .enumerate()
        .any(|(i, (a, b))| {
            // "The" opening a generated sentence, or "the me"/"the my" anywhere.
            a == "the"
                && ((i == 0 && NOT_A_NOUN.contains(&b.to_lowercase().as_str()))
                    || matches!(b.as_str(), "me" | "my" | "our" | "your"))
        })
}

/// The targets a package must meet, as messages naming what misses them; `figures` may
/// cover several connectors (ratios are taken over the whole).
pub fn missed_targets(figures: &Figures, targets: &Targets) -> Vec<String> {
    let mut missed = Vec::new();
    let mut zero = |what: &str, list: &[String]| {
        if !list.is_empty() {
            missed.push(format!(
                "{what}: {} (target 0), such as {:?}",
                list.len(),
                first_few(list)
            ));
        }
    };
    zero("duplicate action names", &figures.duplicate_names);
    zero(
        "action names with markdown or URL residue",
        &figures.residue,
    );
    zero("action names cut mid-phrase", &figures.cut);
    zero("action names over 80 characters", &figures.too_long);
    if targets.descriptions {
        zero("descriptions missing a word", &figures.missing_word);
    }
    if targets.sign_in {
        zero(
            "credentials sent per action without a sign-in",
            &figures.credentials_without_sign_in,
        );
    }
    let share = |n: usize, of: usize| n as f64 / of.max(1) as f64;
    let identifiers = share(figures.identifier_like.len(), figures.operations);
    if identifiers > 0.01 {
        missed.push(format!(
            "identifier-like or HTTP-verb action names: {:.2} % (target 1 %), such as {:?}",
            identifiers * 100.0,
            first_few(&figures.identifier_like)
        ));
    }
    let repeating = share(figures.repeating.len(), figures.labelled);
    if targets.descriptions && repeating > 0.05 {
        missed.push(format!(
            "descriptions only repeating the label: {:.2} % of {} labelled fields (target 5 %), such as {:?}",
            repeating * 100.0,
            figures.labelled,
            first_few(&figures.repeating)
        ));
    }
    missed
}

fn first_few(list: &[String]) -> &[String] {
    list.get(..5).unwrap_or(list)
}

/// Which targets apply (each is switched on as the converter meets it).
#[derive(Debug, Clone, Copy)]
pub struct Targets {
    pub descriptions: bool,
    pub sign_in: bool,
}

/// Whether a definition of `output` compact bytes for an input of `input` compact bytes is
/// within the size target (1.5× for inputs of 256 KB and more).
pub fn size_within_target(input: usize, output: usize) -> bool {
    input < 256 * 1024 || output * 2 <= input * 3
}
