//! Action names: the operation summaries a maker picks actions by.
//!
//! A name comes from the best text the input has: its summary; else the first sentence of
//! its description; else the words of its operation id; else its method and path. Each is
//! reduced to plain words, put in sentence case starting with a verb, shortened at a phrase
//! boundary to at most 80 characters, and finally told apart from the other actions of the
//! connector by what differs between them. The rules are listed in docs/lowering.md
//! ("Action names").

use connector_core::collections::{HashMap, HashSet};

use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;

use crate::codes;
use crate::prose::{first_paragraph, first_sentence_of, fit_phrase, plain_text};
use crate::words::{clean_summary, lower_label, operation_texts, shorten, singular, split_words};

/// The longest action name the certification accepts.
pub const MAX_NAME: usize = 80;

/// The longest qualifier that tells actions sharing a name apart.
const MAX_QUALIFIER: usize = 40;

/// Verbs an action name may start with (imperative, lower case).
#[rustfmt::skip]
const VERBS: &[&str] = &[
    "get", "list", "create", "update", "delete", "remove", "add", "set", "send", "post", "put",
    "patch", "search", "find", "retrieve", "fetch", "query", "check", "execute", "run", "start",
    "stop", "cancel", "close", "open", "upload", "download", "import", "export", "sync",
    "validate", "verify", "test", "generate", "convert", "merge", "split", "move", "copy",
    "rename", "replace", "assign", "unassign", "invite", "approve", "reject", "accept",
    "decline", "archive", "unarchive", "restore", "publish", "unpublish", "subscribe",
    "unsubscribe", "follow", "unfollow", "block", "unblock", "lock", "unlock", "enable",
    "disable", "activate", "deactivate", "register", "unregister", "revoke", "refresh", "reset",
    "resend", "submit", "complete", "confirm", "capture", "refund", "void", "charge", "pay",
    "schedule", "reschedule", "trigger", "invoke", "call", "lookup", "look", "count", "compute",
    "calculate", "estimate", "translate", "transcribe", "analyze", "analyse", "detect",
    "extract", "parse", "render", "preview", "print", "share", "unshare", "link", "unlink",
    "attach", "detach", "mark", "star", "unstar", "pin", "unpin", "like", "unlike", "save",
    "load", "read", "write", "edit", "modify", "change", "apply", "associate", "disassociate",
    "grant", "deny", "allow", "authorize", "authenticate", "login", "logout", "sign", "obtain",
    "request", "resolve", "reopen", "retry", "redeliver", "ping", "transfer", "upsert", "batch",
    "bulk", "clear", "purge", "empty", "install", "uninstall", "deploy", "build", "dispatch",
    "notify", "report", "review", "rate", "vote", "scan", "encode", "decode", "encrypt",
    "decrypt", "compare", "diff", "watch", "unwatch", "mute", "unmute", "hide", "unhide",
    "show", "toggle", "increment", "decrement", "reorder", "sort", "filter", "expand",
    "collapse", "join", "leave", "kick", "ban", "unban", "tag", "untag", "label", "suspend",
    "resume", "pause", "unpause", "initiate", "finalize", "commit", "rollback", "revert",
    "fork", "clone", "mirror", "claim", "release", "redeem", "issue", "append", "insert",
    "prepend", "store", "describe", "inspect", "monitor", "ensure", "return", "provide",
    "perform", "process", "handle", "manage", "make", "fill", "view", "exchange", "introspect",
    "heartbeat", "acknowledge", "ack", "poll", "receive", "transition", "enqueue", "dequeue",
    "reserve", "book", "order", "quote", "track", "place",
];

/// Verbs that, as the last word of an identifier, are its action (`users_list`,
/// `Pets_Delete`): no noun shares their spelling.
const TRAILING_VERBS: &[&str] = &[
    "list", "get", "create", "update", "delete", "remove", "add", "search", "find", "retrieve",
    "fetch", "query", "execute", "run", "start", "stop", "cancel", "upload", "download", "replace",
    "send", "insert", "upsert", "patch", "put", "read", "write", "set", "enable", "disable",
    "restart", "reset", "revoke", "approve", "reject", "validate", "verify",
];

/// "Pdf convert to csv" → "Convert pdf to csv", "Email decode" → "Decode email": a name that
/// opens with its object and then an unambiguous action verb takes the verb first.
fn object_first(words: &mut [String]) {
    const ACTIONS: &[&str] = &[
        "convert", "decode", "encode", "extract", "merge", "compress",
    ];
    let (Some(first), Some(second)) = (words.first(), words.get(1)) else {
        return;
    };
    let second = second.to_lowercase();
    let strict = TRAILING_VERBS.contains(&second.as_str()) || ACTIONS.contains(&second.as_str());
    if !is_verb(first) && strict {
        // An acronym or a word with inner capitals (`PDF`, `GitHub`) keeps its letters.
        let object = if first.chars().skip(1).any(char::is_uppercase) {
            first.clone()
        } else {
            first.to_lowercase()
        };
        if let Some(w) = words.get_mut(0) {
            *w = capitalised(&second);
        }
        if let Some(w) = words.get_mut(1) {
            *w = object;
        }
    }
}

/// Puts an identifier's words verb first: a trailing action verb moves to the front
/// (`users list` → `list users`). Returns whether the words now start with a verb.
pub fn verb_first(words: &mut Vec<String>) -> bool {
    if words.first().is_some_and(|w| is_verb(w)) {
        return true;
    }
    let trailing = words
        .last()
        .is_some_and(|w| words.len() > 1 && TRAILING_VERBS.contains(&w.to_lowercase().as_str()));
    if trailing {
        if let Some(verb) = words.pop() {
            words.insert(0, verb.to_lowercase());
        }
    }
    trailing
}

/// Third-person forms that read better as another verb in an action name.
const THIRD_PERSON: &[(&str, &str)] = &[("returns", "Get"), ("gets", "Get"), ("retrieves", "Get")];

/// Openings of a description sentence that name the endpoint before the action:
/// "This endpoint returns …", "Use this operation to create …", "Allows you to list …".
const LEAD_INS: &[&str] = &[
    "this endpoint will ",
    "this endpoint can be used to ",
    "this endpoint allows you to ",
    "this endpoint lets you ",
    "this endpoint ",
    "this operation ",
    "this method ",
    "this api ",
    "this call ",
    "this request ",
    "this resource ",
    "this route ",
    "use this endpoint to ",
    "use this operation to ",
    "use this method to ",
    "use this api to ",
    "use this call to ",
    "use this to ",
    "allows you to ",
    "allows users to ",
    "allows the user to ",
    "allows to ",
    "lets you ",
    "enables you to ",
    "used to ",
    "you can ",
    "api to ",
    "endpoint to ",
    "endpoint for ",
    "method to ",
    "operation to ",
];

/// Names that say nothing about the action: Postman's default request names and the like.
#[rustfmt::skip]
const EMPTY_NAMES: &[&str] = &[
    "request", "new request", "untitled", "untitled request", "endpoint", "example", "test",
    "call", "api call", "operation", "summary", "method", "default", "copy",
];

/// Where an action name came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The input's summary (cleaned).
    Summary,
    /// The first sentence of the input's description.
    Description,
    /// The words of the input's operation id.
    OperationId,
    /// The method and path.
    Path,
}

/// Words the names keep capitalised: those of the connector's title ("Spotify", "GitHub").
pub fn proper_nouns(doc: &sw::Document) -> HashSet<String> {
    doc.info
        .title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .map(str::to_owned)
        .collect()
}

/// Whether a word reads as a verb an action name can start with.
pub fn is_verb(word: &str) -> bool {
    let w = word.to_lowercase();
    VERBS.contains(&w.as_str())
        || w.strip_suffix("es").is_some_and(|s| VERBS.contains(&s))
        || w.strip_suffix('s').is_some_and(|s| VERBS.contains(&s))
        || w.strip_suffix("ies")
            .is_some_and(|s| VERBS.contains(&format!("{s}y").as_str()))
}

/// The name of one action and where it came from (see the module docs).
pub fn action_name(
    op: &sw::Operation,
    method: &str,
    path: &str,
    proper: &HashSet<String>,
) -> (String, Source) {
    let from_summary = op
        .summary
        .as_deref()
        .and_then(|s| name_from_text(s, method, proper, false));
    if let Some(n) = from_summary {
        return (n, Source::Summary);
    }
    let from_description = op
        .description
        .as_deref()
        .and_then(|d| name_from_text(d, method, proper, true));
    if let Some(n) = from_description {
        return (n, Source::Description);
    }
    let id = op.input_id.as_deref().or(op.operation_id.as_deref());
    if let Some(n) = id.and_then(|id| name_from_id(id, method, path)) {
        return (n, Source::OperationId);
    }
    (
        clean_summary(&operation_texts(method, path).0),
        Source::Path,
    )
}

/// A name from a summary or description, or `None` when the text makes no usable name.
fn name_from_text(
    text: &str,
    method: &str,
    proper: &HashSet<String>,
    description: bool,
) -> Option<String> {
    let plain = plain_text(&first_paragraph(text));
    let sentence = first_sentence_of(&plain).trim();
    // A question ("Starting a new project?") introduces; it does not name an action.
    if sentence.ends_with('?') || sentence.is_empty() {
        return None;
    }
    let sentence = sentence.trim_end_matches(['.', '!', ':', ';', ',']);
    let mut words: Vec<String> = sentence.split_whitespace().map(alternatives).collect();
    if words.len() == 1 && is_identifier(sentence) {
        return name_from_id(sentence, method, "");
    }
    if description {
        words = without_lead_in(&words);
        if let Some(first) = words.first_mut() {
            if let Some((_, to)) = THIRD_PERSON
                .iter()
                .find(|(f, _)| first.eq_ignore_ascii_case(f))
            {
                *first = (*to).to_owned();
            } else if is_verb(first) {
                *first = imperative(first);
            }
        }
        // A description that does not start with a verb ("The list of pets") is no action name.
        if !words.first().is_some_and(|w| is_verb(w)) {
            return None;
        }
    }
    let mut words = without_method_word(words, method)?;
    object_first(&mut words);
    let joined = words.join(" ");
    if EMPTY_NAMES.contains(&joined.to_lowercase().as_str()) {
        return None;
    }
    let cased = sentence_case(&joined, proper);
    let cleaned = clean_summary(&fit_phrase(&cased, MAX_NAME));
    let cleaned = without_trailing_article(&fit_phrase(&cleaned, MAX_NAME));
    cleaned
        .chars()
        .any(char::is_alphanumeric)
        .then_some(cleaned)
}

/// A name without the article or conjunction a cut text may end on ("… outside of the" →
/// "… outside of"); at least two words stay.
fn without_trailing_article(name: &str) -> String {
    let mut words: Vec<&str> = name.split(' ').collect();
    while words.len() > 2
        && words
            .last()
            .is_some_and(|w| matches!(w.to_lowercase().as_str(), "a" | "an" | "the" | "and" | "or"))
    {
        words.pop();
    }
    words.join(" ")
}

/// "Start/Resume" → "Start or Resume": a slash between two words offers a choice. Other
/// slashes (paths, `api/v1`) are left to the clean-up.
fn alternatives(word: &str) -> String {
    match word.split_once('/') {
        Some((a, b))
            if !a.is_empty()
                && !b.is_empty()
                && !b.contains('/')
                && a.chars().chain(b.chars()).all(char::is_alphabetic) =>
        {
            format!("{a} or {b}")
        }
        _ => word.to_owned(),
    }
}

/// `words` without "This endpoint …" and the like in front.
fn without_lead_in(words: &[String]) -> Vec<String> {
    let text = words.join(" ");
    let lower = text.to_lowercase();
    for lead in LEAD_INS {
        if lower.starts_with(lead) {
            let skip = lead.split_whitespace().count();
            return words.iter().skip(skip).cloned().collect();
        }
    }
    words.to_vec()
}

/// "Lists" → "List", "Searches" → "Search", "Queries" → "Query".
fn imperative(word: &str) -> String {
    let lower = word.to_lowercase();
    let base = if VERBS.contains(&lower.as_str()) {
        lower
    } else if let Some(s) = lower
        .strip_suffix("ies")
        .filter(|s| VERBS.contains(&format!("{s}y").as_str()))
    {
        format!("{s}y")
    } else if let Some(s) = lower.strip_suffix("es").filter(|s| VERBS.contains(s)) {
        s.to_owned()
    } else {
        lower.strip_suffix('s').unwrap_or(&lower).to_owned()
    };
    capitalised(&base)
}

/// A leading HTTP method word (`GET Request`, `POST /users`): dropped when a verb or a noun
/// phrase follows; `None` when nothing meaningful is left.
fn without_method_word(words_in: Vec<String>, method: &str) -> Option<Vec<String>> {
    let is_method = |w: &String| {
        matches!(
            w.as_str(),
            "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS"
        )
    };
    if !words_in.iter().any(is_method) {
        return Some(words_in);
    }
    // Postman names such as "JSON POST /pdf/convert": the method word says nothing a maker
    // needs, wherever it stands.
    let mut words: Vec<String> = Vec::with_capacity(words_in.len());
    for w in words_in {
        if is_method(&w) {
            // "Update a release via PUT": the preposition that led to it goes too.
            let led = words.last().is_some_and(|p: &String| {
                matches!(
                    p.to_lowercase().as_str(),
                    "via"
                        | "using"
                        | "with"
                        | "by"
                        | "through"
                        | "as"
                        | "a"
                        | "an"
                        | "the"
                        | "this"
                )
            });
            if led {
                words.pop();
            }
            continue;
        }
        words.push(w);
    }
    let rest = words.join(" ").to_lowercase();
    if words.is_empty() || EMPTY_NAMES.contains(&rest.as_str()) {
        return None;
    }
    if !words.first().is_some_and(|w| is_verb(w)) {
        words.insert(0, method_verb(method).to_owned());
    }
    Some(words)
}

/// The verb an action of this HTTP method performs when its name gives none.
pub(crate) fn method_verb(method: &str) -> &'static str {
    match method {
        "get" => "Get",
        "post" => "Create",
        "put" | "patch" => "Update",
        "delete" => "Delete",
        "head" => "Check",
        _ => "Call",
    }
}

fn is_identifier(s: &str) -> bool {
    !s.contains(' ')
        && (s.contains(['_', '-', '.'])
            || s.chars()
                .zip(s.chars().skip(1))
                .any(|(a, b)| a.is_lowercase() && b.is_uppercase()))
}

/// A name from an operation id: `execute_webhook` → "Execute webhook",
/// `CreateMobileAuthorizationCode` → "Create mobile authorization code", `users.list` →
/// "List users"; a generated id (method and path) gives `None`.
fn name_from_id(id: &str, method: &str, path: &str) -> Option<String> {
    let mut words = split_words(id);
    // `Paging_getSinglePages`: a group, then the action; the action names it.
    if let Some((_, action)) = id.rsplit_once(['_', '.', '/']) {
        let action_words = split_words(action);
        if action_words.len() > 1 && action_words.first().is_some_and(|w| is_verb(w)) {
            words = action_words;
        }
    }
    if words.is_empty() {
        return None;
    }
    let generated = crate::pascal_case(&format!("{method} {}", path.replace(['{', '}'], "")));
    if !path.is_empty() && id.starts_with(&generated) {
        return None;
    }
    if !verb_first(&mut words) {
        words.insert(0, method_verb(method).to_owned());
    }
    let text = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == 0 {
                capitalised(&w.to_lowercase())
            } else {
                lower_label(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let name = clean_summary(&fit_phrase(&text, MAX_NAME));
    (!name.is_empty()).then_some(name)
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Sentence case for a Title Case name ("Get Album Tracks" → "Get album tracks"): words
/// with inner capitals (`GitHub`), acronyms (`SMS`) and the connector's proper nouns stay.
/// A name already in sentence case keeps its capitals.
fn sentence_case(name: &str, proper: &HashSet<String>) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    let rest: Vec<&&str> = words
        .iter()
        .skip(1)
        .filter(|w| w.chars().count() > 3)
        .collect();
    let titled = rest
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let title_case = !rest.is_empty() && titled * 3 >= rest.len() * 2;
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == 0 {
                return capitalised(w);
            }
            let inner_caps = w.chars().skip(1).any(char::is_uppercase);
            if !title_case || inner_caps || proper.contains(*w) {
                (*w).to_owned()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One action of the connector, for telling names apart.
struct Action<'d> {
    path: &'d str,
    method: &'d str,
    name: &'d str,
    consumes: Option<&'d [String]>,
}

/// Makes every action name unique within the connector: actions that would share a name
/// get a qualifier saying what differs (a path segment, the variable they are found by, the
/// method, the input kind); a number only when nothing differs. Returns how many changed.
pub fn distinguish(doc: &mut sw::Document, diags: &mut Diagnostics) -> usize {
    let renamed = new_names(doc);
    let count = renamed.iter().flatten().count();
    for ((path, method, op), name) in doc.paths.operations_mut().zip(renamed) {
        let Some(name) = name else { continue };
        let at = Pointer::root()
            .push("paths")
            .push(path)
            .push(method)
            .push("summary");
        diags.info(
            codes::XMS_ACTION_NAME,
            &at,
            format!(
                "action name `{}` is shared with other actions; this one is `{name}`",
                op.summary.as_deref().unwrap_or_default()
            ),
        );
        op.summary = Some(name);
    }
    count
}

/// The new name of each operation (in the document's order) whose name it shares with others;
/// `None` for the names kept.
fn new_names(doc: &sw::Document) -> Vec<Option<String>> {
    let actions: Vec<Action<'_>> = doc
        .paths
        .operations()
        .map(|(path, method, op)| Action {
            path,
            method,
            name: op.summary.as_deref().unwrap_or_default(),
            consumes: op.consumes.as_deref(),
        })
        .collect();
    let mut groups: HashMap<String, Vec<usize>> = HashMap::default();
    for (i, a) in actions.iter().enumerate() {
        groups.entry(a.name.to_lowercase()).or_default().push(i);
    }
    let mut taken = Taken {
        names: groups.keys().cloned().collect(),
        numbered: HashMap::default(),
    };
    let mut renamed = vec![None; actions.len()];
    let mut cache = Words::default();
    let mut group_list: Vec<&Vec<usize>> = groups.values().filter(|g| g.len() > 1).collect();
    group_list.sort();
    for group in group_list {
        let members: Vec<&Action<'_>> = group.iter().filter_map(|&i| actions.get(i)).collect();
        for (&i, (a, qualifier)) in group
            .iter()
            .zip(members.iter().zip(qualifiers(&members, &mut cache)))
        {
            if let Some(slot) = renamed.get_mut(i) {
                *slot = Some(qualified(a.name, &qualifier, &mut taken));
            }
        }
    }
    renamed
}

/// `name (qualifier)` within 80 characters, unique (a number is added if it is not).
fn qualified(name: &str, qualifier: &str, taken: &mut Taken) -> String {
    if qualifier.is_empty()
        && taken
            .names
            .insert(format!("{}\u{0}kept", name.to_lowercase()))
    {
        // The one member without a qualifier keeps the shared name (the others get one).
        return name.to_owned();
    }
    // Several kinds of difference may be joined: the whole stays short.
    let qualifier = shorten(qualifier, MAX_QUALIFIER + 8);
    let qualifier = qualifier.as_str();
    // A name already ending in a parenthesis takes the qualifier inside it.
    let (head, inner) = match name.strip_suffix(')').and_then(|n| n.rsplit_once(" (")) {
        Some((head, inner)) if !qualifier.is_empty() => (head, Some(inner)),
        _ => (name, None),
    };
    let suffix = match (inner, qualifier.is_empty()) {
        (Some(inner), _) => format!(" ({inner}, {qualifier})"),
        (None, true) => String::new(),
        (None, false) => format!(" ({qualifier})"),
    };
    // A long parenthesis of the name's own is not merged into: the qualifier stands alone.
    let (head, suffix) = if suffix.chars().count() > MAX_QUALIFIER + 12 {
        (name, format!(" ({qualifier})"))
    } else {
        (head, suffix)
    };
    // Room for the head, the qualifier and a number (" (2)").
    let room = MAX_NAME.saturating_sub(suffix.chars().count() + 5).max(1);
    let base = format!("{}{suffix}", fit_phrase(head, room));
    taken.unique(base)
}

/// The names given so far (lower case), and for each name that had to be numbered the last
/// number it took: names are only added, so the next free number is never below it (a group
/// of a thousand actions of one name would otherwise try every number for each member).
struct Taken {
    names: HashSet<String>,
    numbered: HashMap<String, usize>,
}

impl Taken {
    /// `base`, or `base (n)` with the smallest `n` from 2 not taken yet; now taken.
    fn unique(&mut self, base: String) -> String {
        let key = base.to_lowercase();
        if self.names.insert(key.clone()) {
            return base;
        }
        let from = self.numbered.get(&key).map_or(2, |n| n + 1);
        let n = (from..)
            .find(|n| !self.names.contains(&format!("{key} ({n})")))
            .unwrap_or(from);
        self.names.insert(format!("{key} ({n})"));
        self.numbered.insert(key, n);
        format!("{base} ({n})")
    }
}

/// For each member, the words of its literal path segments that not every member has and its
/// name does not already say (unless those words are all that differs), at most
/// [`MAX_QUALIFIER`] characters.
fn path_qualifiers<'d>(members: &[&Action<'d>], cache: &mut Words<'d>) -> Vec<String> {
    // The words of each member's literal path segments (with their singular, lower case),
    // without those every member has.
    let words: Vec<Vec<(String, String)>> = members.iter().map(|a| cache.of_path(a.path)).collect();
    let common: HashSet<&str> = words
        .first()
        .map(|first| {
            first
                .iter()
                .map(|(w, _)| w.as_str())
                .filter(|w| words.iter().all(|o| o.iter().any(|(x, _)| x == w)))
                .collect()
        })
        .unwrap_or_default();
    // Without the words the name already says too (unless those are all that differs).
    let mut path_words = |a: &Action<'d>, ws: &[(String, String)], filter: bool| {
        let name_words = cache.of_name(a.name);
        let kept: Vec<&str> = ws
            .iter()
            .filter(|(w, _)| !common.contains(w.as_str()))
            .filter(|(_, one)| !filter || !name_words.contains(one))
            .map(|(w, _)| w.as_str())
            .collect();
        shorten(&kept.join(" "), MAX_QUALIFIER)
    };
    let mut from_path: Vec<String> = members
        .iter()
        .zip(&words)
        .map(|(a, ws)| path_words(a, ws, true))
        .collect();
    if !all_distinct(&from_path) {
        let unfiltered: Vec<String> = members
            .iter()
            .zip(&words)
            .map(|(a, ws)| path_words(a, ws, false))
            .collect();
        if all_distinct(&unfiltered) {
            from_path = unfiltered;
        }
    }
    from_path
}

/// Words worked out once for each distinct text while shared names are told apart: the
/// actions of a group, and the groups, share path segments and names.
#[derive(Default)]
struct Words<'d> {
    /// A literal path segment's words (see [`lower_label`]), each with its singular in lower
    /// case.
    segments: HashMap<&'d str, Vec<(String, String)>>,
    /// An action name's words, singular and in lower case.
    names: HashMap<&'d str, HashSet<String>>,
}

impl<'d> Words<'d> {
    /// The words of the literal segments of `path`, in order.
    fn of_path(&mut self, path: &'d str) -> Vec<(String, String)> {
        let literal = path
            .split('/')
            .filter(|s| !s.is_empty() && !s.starts_with('{'));
        let mut out = Vec::new();
        for segment in literal {
            let words = self.segments.entry(segment).or_insert_with(|| {
                let label = lower_label(segment);
                let words = label.split(' ');
                words
                    .map(|w| (w.to_owned(), singular(&w.to_lowercase())))
                    .collect()
            });
            out.extend(words.iter().cloned());
        }
        out
    }

    fn of_name(&mut self, name: &'d str) -> &HashSet<String> {
        self.names.entry(name).or_insert_with(|| {
            let words = name.split([' ', '-', '(', ')']);
            words.map(|w| singular(&w.to_lowercase())).collect()
        })
    }
}

/// For each member of a group of actions sharing a name, words that tell it apart: the path
/// segments only it has, then the variable it is found by, then its method; only what
/// differs between the members is used.
fn qualifiers<'d>(members: &[&Action<'d>], cache: &mut Words<'d>) -> Vec<String> {
    let mut combined = vec![String::new(); members.len()];
    // Each kind is made only when the ones before it left members alike.
    for kind in [Qualifier::Path, Qualifier::Variable, Qualifier::Method] {
        let kind = kind.of(members, cache);
        let values: HashSet<String> = kind.iter().map(|q| q.to_lowercase()).collect();
        if values.len() < 2 {
            continue;
        }
        combined = combined
            .iter()
            .zip(&kind)
            .map(|(a, b)| join_nonempty(a, b))
            .collect();
        if all_distinct(&combined) {
            break;
        }
    }
    combined
}

/// The kinds of difference a qualifier tells, in the order they are tried.
#[derive(Clone, Copy)]
enum Qualifier {
    /// The words of the path that differ.
    Path,
    /// The variable the action finds its object by (`by user ID`).
    Variable,
    /// The method (and for a form, the body's kind).
    Method,
}

impl Qualifier {
    /// Each member's qualifier of this kind.
    fn of<'d>(self, members: &[&Action<'d>], cache: &mut Words<'d>) -> Vec<String> {
        match self {
            Qualifier::Path => path_qualifiers(members, cache),
            Qualifier::Variable => members
                .iter()
                .map(|a| {
                    crate::template_variables(a.path)
                        .last()
                        .map(|v| format!("by {}", lower_label(v)))
                        .unwrap_or_default()
                })
                .collect(),
            Qualifier::Method => members.iter().map(|a| method_word(a)).collect(),
        }
    }
}

/// What a method (and, for bodies, the media type) says about an action.
fn method_word(a: &Action<'_>) -> String {
    let form = a
        .consumes
        .and_then(|c| c.first())
        .is_some_and(|m| m.contains("form"));
    let word = match a.method {
        "put" => "replace",
        "patch" => "partial update",
        "post" if form => "form",
        "post" => "post",
        "delete" => "delete",
        "head" => "check",
        "get" => "get",
        other => other,
    };
    word.to_owned()
}

fn join_nonempty(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_owned(),
        (_, true) => a.to_owned(),
        _ => format!("{a}, {b}"),
    }
}

/// Whether the qualifiers tell every member apart (one may have none: it keeps the name).
fn all_distinct(qualifiers: &[String]) -> bool {
    let mut seen = HashSet::default();
    qualifiers.iter().all(|q| seen.insert(q.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(summary: Option<&str>, description: Option<&str>, id: Option<&str>) -> sw::Operation {
        sw::Operation {
            summary: summary.map(Into::into),
            description: description.map(Into::into),
            operation_id: id.map(Into::into),
            ..Default::default()
        }
    }

    fn name(o: &sw::Operation, method: &str, path: &str) -> String {
        action_name(o, method, path, &HashSet::from_iter(["Spotify".to_owned()])).0
    }

    #[test]
    fn names_come_from_the_best_text() {
        let openai = op(
            None,
            Some(
                "Starting a new project? We recommend trying [Responses](/docs/api-reference/responses).",
            ),
            Some("createChatCompletion"),
        );
        assert_eq!(
            name(&openai, "post", "/chat/completions"),
            "Create chat completion"
        );
        let hook = op(None, None, Some("execute_webhook"));
        assert_eq!(
            name(&hook, "post", "/webhooks/{id}/{token}"),
            "Execute webhook"
        );
        let square = op(Some("CreateMobileAuthorizationCode"), None, None);
        assert_eq!(
            name(&square, "post", "/mobile"),
            "Create mobile authorization code"
        );
        let place = op(None, None, Some("placeOrder"));
        assert_eq!(name(&place, "post", "/store/order"), "Place order");
        let grouped = op(None, None, Some("Paging_getSinglePages"));
        assert_eq!(name(&grouped, "get", "/x"), "Get single pages");
        let tagged = op(None, None, Some("userTag"));
        assert_eq!(name(&tagged, "get", "/x"), "Get user tag");
        let listed = op(None, None, Some("users.list"));
        assert_eq!(name(&listed, "get", "/users"), "List users");
        let described = op(
            None,
            Some("This endpoint returns all pets from the system.\n\nMore."),
            None,
        );
        assert_eq!(
            name(&described, "get", "/pets"),
            "Get all pets from the system"
        );
        let noun = op(None, Some("The list of pets."), None);
        assert_eq!(name(&noun, "get", "/pets"), "List pets");
        let slash = op(Some("Start/Resume Playback"), None, None);
        assert_eq!(
            name(&slash, "put", "/me/player/play"),
            "Start or resume playback"
        );
        let titled = op(Some("Get Spotify Album Tracks"), None, None);
        assert_eq!(name(&titled, "get", "/albums"), "Get Spotify album tracks");
        let verb = op(Some("GET Request"), None, Some("GetUsers"));
        assert_eq!(name(&verb, "get", "/users"), "List users");
        let postman = op(Some("JSON POST pdf convert to csv"), None, None);
        assert_eq!(
            name(&postman, "post", "/pdf/convert/to/csv"),
            "Create JSON pdf convert to csv"
        );
        let via = op(Some("Update a release via PUT"), None, None);
        assert_eq!(name(&via, "put", "/releases/{id}"), "Update a release");
        let object = op(Some("Pdf convert to csv"), None, None);
        assert_eq!(
            name(&object, "post", "/pdf/convert/to/csv"),
            "Convert pdf to csv"
        );
        let method = op(Some("POST new user"), None, None);
        assert_eq!(name(&method, "post", "/users"), "Create new user");
        let generated = op(None, None, Some("GetUsersId"));
        assert_eq!(name(&generated, "get", "/users/{id}"), "Get user");
    }

    #[test]
    fn shared_names_are_told_apart_by_what_differs() {
        let mut doc = sw::Document::default();
        for path in [
            "/orgs/{org}/actions/secrets",
            "/orgs/{org}/dependabot/secrets",
        ] {
            let item = sw::PathItem {
                get: Some(Box::new(op(Some("List organization secrets"), None, None))),
                ..Default::default()
            };
            doc.paths.paths.insert(path.into(), item);
        }
        let item = sw::PathItem {
            put: Some(Box::new(op(Some("Update user"), None, None))),
            patch: Some(Box::new(op(Some("Update user"), None, None))),
            ..Default::default()
        };
        doc.paths.paths.insert("/users/{id}".into(), item);
        let mut diags = Diagnostics::default();
        assert_eq!(distinguish(&mut doc, &mut diags), 4);
        let names: Vec<String> = doc
            .paths
            .paths
            .values()
            .flat_map(|i| {
                i.operations()
                    .map(|(_, o)| o.summary.clone().unwrap_or_default())
            })
            .collect();
        assert_eq!(
            names,
            [
                "List organization secrets (actions)",
                "List organization secrets (dependabot)",
                "Update user (replace)",
                "Update user (partial update)",
            ]
        );
    }

    #[test]
    fn names_nothing_tells_apart_are_numbered_in_order() {
        let mut doc = sw::Document::default();
        // Same name, literal segments, variable and method: only numbers are left.
        let paths = ["/t/{id}", "/t/{id}/", "/t//{id}", "//t/{id}", "/t/{id}//"];
        for path in paths {
            let item = sw::PathItem {
                get: Some(Box::new(op(Some("Get thing"), None, None))),
                ..Default::default()
            };
            doc.paths.paths.insert(path.into(), item);
        }
        // A name that is already numbered is skipped over.
        let item = sw::PathItem {
            get: Some(Box::new(op(Some("Get thing (2)"), None, None))),
            ..Default::default()
        };
        doc.paths.paths.insert("/other".into(), item);
        let mut diags = Diagnostics::default();
        assert_eq!(distinguish(&mut doc, &mut diags), 5);
        let names: Vec<String> = doc
            .paths
            .paths
            .values()
            .filter_map(|i| i.get.as_ref().and_then(|o| o.summary.clone()))
            .collect();
        assert_eq!(
            names,
            [
                "Get thing",
                "Get thing (3)",
                "Get thing (4)",
                "Get thing (5)",
                "Get thing (6)",
                "Get thing (2)"
            ]
        );
    }

    #[test]
    fn a_taken_name_gets_the_smallest_free_number() {
        let mut taken = Taken {
            names: ["a", "a (2)", "a (4)"]
                .map(String::from)
                .into_iter()
                .collect(),
            numbered: HashMap::default(),
        };
        assert_eq!(taken.unique("A".into()), "A (3)");
        assert_eq!(taken.unique("a".into()), "a (5)");
        assert_eq!(taken.unique("b".into()), "b");
        assert_eq!(taken.unique("B".into()), "B (2)");
        taken.names.insert("a (6)".into());
        assert_eq!(taken.unique("a".into()), "a (7)");
    }
}
