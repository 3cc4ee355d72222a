//! Words for people: labels from identifiers (`employeeId` → "Employee ID"), operation
//! summaries and descriptions from method and path, and the clean-ups the platform asks of
//! summaries (at most 80 characters, none of `/ \ < > * % & ?`, no trailing period).

/// Letters runs kept upper-case in labels.
const ACRONYMS: &[&str] = &[
    "id", "ids", "url", "urls", "uri", "api", "http", "https", "json", "xml", "html", "ip", "sku",
    "utc", "uuid", "guid", "sms", "vat", "iso", "pdf", "csv", "ssn", "ui", "os", "io", "dns",
    "ssl", "tls", "sql", "etag", "cc", "bcc",
];

/// The words of an identifier: split at `_`, `-`, `.`, spaces, `$`, `@` and camelCase humps.
pub fn split_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    // The chars around the one at hand, read as the walk goes (descriptions are split too,
    // and a list of their chars was most of the cost).
    let mut prev: Option<char> = None;
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev = Some(c);
            continue;
        }
        let next = chars.peek().copied();
        let hump = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if hump && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
        prev = Some(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// A Title Case label: `employeeId` → "Employee ID", `first_name` → "First Name".
pub fn label(name: &str) -> String {
    let words = split_words(name);
    if words.is_empty() {
        return name.trim().to_owned();
    }
    // Written into one string (labels are made for every parameter, property and path
    // segment; a string per word and a join were most of the cost).
    let mut out = String::with_capacity(name.len() + words.len());
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lower = w.to_lowercase();
        if ACRONYMS.contains(&lower.as_str()) {
            match lower.as_str() {
                "ids" => out.push_str("IDs"),
                "urls" => out.push_str("URLs"),
                _ => out.push_str(&lower.to_uppercase()),
            }
        } else if w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()) && w.len() > 1 {
            // Keep acronyms the input spelled in capitals (`SKU`, `ISBN13`).
            out.push_str(w);
        } else {
            let mut c = lower.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
        }
    }
    out
}

/// The label in running text: "Employee ID" → "employee ID".
pub fn lower_label(name: &str) -> String {
    let l = label(name);
    let mut words = l.split(' ').map(|w| {
        if w.len() > 1 && w.chars().skip(1).any(char::is_uppercase) {
            w.to_owned()
        } else {
            w.to_lowercase()
        }
    });
    let mut out = words.next().unwrap_or_default();
    for w in words {
        out.push(' ');
        out.push_str(&w);
    }
    out
}

/// A naive singular: `users` → `user`, `categories` → `category`, `addresses` → `address`.
pub fn singular(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.ends_with("ies") && word.len() > 3 {
        format!("{}y", word.get(..word.len() - 3).unwrap_or(word))
    } else if (lower.ends_with("sses")
        || lower.ends_with("xes")
        || lower.ends_with("ches")
        || lower.ends_with("shes"))
        && word.len() > 4
    {
        word.get(..word.len() - 2).unwrap_or(word).to_owned()
    } else if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && word.len() > 3
    {
        word.get(..word.len() - 1).unwrap_or(word).to_owned()
    } else {
        word.to_owned()
    }
}

/// `a` or `an` before a word (by its first letter).
fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// Summary and description for an operation from its method and path
/// (`get /users/{userId}` → "Get user" / "Gets the user with the given user ID.").
pub fn operation_texts(method: &str, path: &str) -> (String, String) {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let is_var = |s: &str| s.starts_with('{') && s.ends_with('}');
    let literal: Vec<&str> = segments.iter().copied().filter(|s| !is_var(s)).collect();
    let ends_with_var = segments.last().is_some_and(|s| is_var(s));
    let last_var = segments
        .iter()
        .rev()
        .find(|s| is_var(s))
        .map(|s| s.trim_matches(|c| c == '{' || c == '}'));
    // `/me`, `/self`: the signed-in user, by convention.
    let resource_raw = match literal.last().copied().unwrap_or("resource") {
        r if r.eq_ignore_ascii_case("me") || r.eq_ignore_ascii_case("self") => "current user",
        r => r,
    };
    // `/orders/{id}/cancel`: a trailing literal after a variable is usually an action.
    let action = (!ends_with_var && segments.len() >= 2)
        .then(|| segments.get(segments.len() - 2))
        .flatten()
        .filter(|s| is_var(s))
        .and_then(|_| literal.last().copied())
        // A plural noun is a sub-collection (`/users/{id}/repos`), anything else an action.
        .filter(|a| method == "post" && !a.is_empty() && singular(a) == *a);
    let words = |s: &str| lower_label(s);
    if let Some(a) = action {
        let parent = literal
            .len()
            .checked_sub(2)
            .and_then(|i| literal.get(i))
            .map(|p| words(&singular(p)))
            .unwrap_or_else(|| "item".into());
        let verb = label(a);
        return (
            format!("{verb} {parent}"),
            format!(
                "Performs the {} action on {} {parent}.",
                words(a),
                article(&parent)
            ),
        );
    }
    let plural = words(resource_raw);
    let one = words(&singular(resource_raw));
    let by = last_var.map(lower_label);
    let (summary, description) = match (method, ends_with_var) {
        ("get", true) => (
            format!("Get {one}"),
            match &by {
                Some(v) => format!("Gets the {one} with the given {v}."),
                None => format!("Gets the {one}."),
            },
        ),
        ("get", false) if singular(resource_raw) != resource_raw => {
            (format!("List {plural}"), format!("Lists the {plural}."))
        }
        ("get", false) => (format!("Get {one}"), format!("Gets the {one}.")),
        ("post", _) => (
            format!("Create {one}"),
            format!("Creates {} {one}.", article(&one)),
        ),
        ("put", _) => (
            format!("Replace {one}"),
            format!("Creates or replaces the {one}."),
        ),
        ("patch", _) => (format!("Update {one}"), format!("Updates the {one}.")),
        ("delete", _) => (format!("Delete {one}"), format!("Deletes the {one}.")),
        ("head", _) => (
            format!("Check {one}"),
            format!("Checks whether the {one} exists."),
        ),
        _ => (
            format!("Get options for {plural}"),
            format!("Gets the communication options for the {plural}."),
        ),
    };
    (summary, description)
}

/// A summary the platform accepts: restricted characters replaced, one line, no trailing
/// period, at most 80 characters (cut at a word), first letter upper-case.
pub fn clean_summary(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '/' | '\\' => out.push(' '),
            '&' => out.push_str(" and "),
            '%' => out.push_str(" percent"),
            '<' | '>' | '*' | '?' => out.push(' '),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    let mut out = out
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("( ", "(")
        .replace(" )", ")");
    out = shorten(&out, 80);
    while out.ends_with(['.', ':', ';', ',', '-']) {
        out.pop();
    }
    let out = out.trim().to_owned();
    let mut c = out.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => out,
    }
}

/// `s` cut to at most `max` characters at a word boundary.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for w in s.split(' ') {
        let next = if out.is_empty() {
            w.chars().count()
        } else {
            out.chars().count() + 1 + w.chars().count()
        };
        if next > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        s.chars().take(max).collect()
    } else {
        out
    }
}

/// A sentence: first letter upper-case, ending in punctuation.
pub fn sentence(text: &str) -> String {
    let t = text.trim();
    let mut c = t.chars();
    let mut out: String = match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?', ')', ':']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_as_when_the_chars_were_listed_first() {
        // The split as first written, over a list of the chars.
        fn listed(name: &str) -> Vec<String> {
            let mut words: Vec<String> = Vec::new();
            let mut current = String::new();
            let chars: Vec<char> = name.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                if !c.is_alphanumeric() {
                    if !current.is_empty() {
                        words.push(std::mem::take(&mut current));
                    }
                    continue;
                }
                let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
                let next = chars.get(i + 1).copied();
                let hump = c.is_uppercase()
                    && prev.is_some_and(|p| {
                        p.is_lowercase()
                            || p.is_ascii_digit()
                            || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
                    });
                if hump && !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
                current.push(c);
            }
            if !current.is_empty() {
                words.push(current);
            }
            words
        }
        for name in [
            "",
            "a",
            "A",
            "employeeId",
            "HTTPServer",
            "getHTTPResponseCode",
            "v2Items",
            "X-API-Key",
            "first_name",
            "__a__b__",
            "ÉtatCivil",
            "straßeNr",
            "a.b$c@d e",
            "ABC",
            "AbC",
            "aB",
            "userID42Ok",
            "The rate limit, in requests per hour.",
            "URLs",
            "iPhone",
            "日本Go",
            "-Upper",
            "x-ms-visibility",
            "Σίσυφος",
            "ǅungla",
        ] {
            assert_eq!(split_words(name), listed(name), "{name:?}");
        }
    }

    #[test]
    fn labels() {
        assert_eq!(label("employeeId"), "Employee ID");
        assert_eq!(label("first_name"), "First Name");
        assert_eq!(label("X-Request-ID"), "X Request ID");
        assert_eq!(label("HTMLContent"), "HTML Content");
        assert_eq!(label("page[size]"), "Page Size");
        assert_eq!(label("userIds"), "User IDs");
        assert_eq!(label("$top"), "Top");
        assert_eq!(lower_label("employeeId"), "employee ID");
        assert_eq!(label("ISBN13"), "ISBN13");
        assert_eq!(label("productUrls"), "Product URLs");
        assert_eq!(label("straßeName"), "Straße Name");
        assert_eq!(label("ärger_ﬁle"), "Ärger FIle");
        assert_eq!(label("  "), "");
    }

    #[test]
    fn operation_texts_from_paths() {
        assert_eq!(
            operation_texts("get", "/users/{userId}"),
            (
                "Get user".into(),
                "Gets the user with the given user ID.".into()
            )
        );
        assert_eq!(operation_texts("get", "/users").0, "List users");
        assert_eq!(
            operation_texts("post", "/orders/{id}/cancel").0,
            "Cancel order"
        );
        assert_eq!(
            operation_texts("post", "/users/{id}/repos").0,
            "Create repo"
        );
        assert_eq!(operation_texts("post", "/orders").1, "Creates an order.");
        assert_eq!(
            operation_texts("delete", "/categories/{id}").0,
            "Delete category"
        );
        assert_eq!(operation_texts("get", "/").0, "Get resource");
        assert_eq!(operation_texts("get", "/report").0, "Get report");
        assert_eq!(
            operation_texts("get", "/me"),
            ("Get current user".into(), "Gets the current user.".into())
        );
    }

    #[test]
    fn summaries_are_cleaned() {
        assert_eq!(
            clean_summary("get /users & groups?"),
            "Get users and groups"
        );
        assert_eq!(clean_summary("Lists pets."), "Lists pets");
        let long = "word ".repeat(30);
        assert!(clean_summary(&long).chars().count() <= 80);
    }
}
