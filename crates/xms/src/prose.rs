//! Plain prose from the texts of a spec: markdown and HTML reduced to words, the first
//! sentence of a paragraph, and phrases shortened at a boundary instead of mid-phrase.

/// Words a phrase cannot end on ("… the account used to make the").
const DANGLING: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "for",
    "with",
    "from",
    "into",
    "your",
    "its",
    "their",
    "our",
    "my",
    "this",
    "these",
    "those",
    "which",
    "that",
    "than",
    "is",
    "are",
    "be",
    "via",
    "per",
    "if",
    "when",
    "whether",
    "but",
    "nor",
    "to",
    "by",
    "in",
    "on",
    "at",
    "as",
    "used",
    "using",
    "including",
    "such",
    "where",
    "who",
    "e.g",
    "i.e",
];

/// Words that open a phrase: a long text is best cut just before one.
const PHRASE_OPENERS: &[&str] = &[
    "to",
    "of",
    "for",
    "with",
    "by",
    "in",
    "on",
    "at",
    "from",
    "that",
    "which",
    "who",
    "where",
    "when",
    "if",
    "including",
    "using",
    "used",
    "belonging",
    "via",
    "as",
    "and",
    "or",
    "than",
    "within",
    "without",
    "based",
    "according",
    "given",
    "into",
    "across",
    "after",
    "before",
];

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "approx", "incl", "no", "cf", "ex",
];

/// `text` as plain words: HTML tags dropped, markdown links and images reduced to their
/// text, code spans to their content, emphasis marks, heading marks and bare URLs removed,
/// whitespace collapsed.
pub fn plain_text(text: &str) -> String {
    let text = strip_tags(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(c) = rest.chars().next() {
        let after = rest.get(c.len_utf8()..).unwrap_or_default();
        match c {
            '!' if after.starts_with('[') => rest = after,
            '[' => match link(after) {
                Some((label, tail)) => {
                    // A link's text may be code: `[`device_token`](url)`.
                    out.push_str(&label.replace(['`', '*'], ""));
                    rest = tail;
                }
                None => {
                    out.push(' ');
                    rest = after;
                }
            },
            '`' => rest = after,
            ']' | '*' | '#' | '|' | '{' | '}' => {
                out.push(' ');
                rest = after;
            }
            '_' if after.starts_with('_') => {
                out.push(' ');
                rest = after.get(1..).unwrap_or_default();
            }
            'h' | 'w' if is_url_start(rest) => {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                out.push(' ');
                rest = rest.get(end..).unwrap_or_default();
            }
            c => {
                out.push(c);
                rest = after;
            }
        }
    }
    // A parenthesis left empty by a dropped URL: `( )`.
    let joined = out.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .replace("( )", "")
        .replace("()", "")
        .replace("( ", "(")
        .replace(" )", ")")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_url_start(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www.")
}

/// `text](url) rest` → ("text", " rest"); also `text][ref]` and `text]` alone.
fn link(after_open: &str) -> Option<(&str, &str)> {
    let close = after_open.find(']')?;
    let label = after_open.get(..close)?;
    if label.contains('[') {
        return None;
    }
    let tail = after_open.get(close + 1..)?;
    let tail = match tail.chars().next() {
        Some('(') => tail.find(')').and_then(|e| tail.get(e + 1..)).unwrap_or(""),
        Some('[') => tail.find(']').and_then(|e| tail.get(e + 1..)).unwrap_or(""),
        _ => tail,
    };
    Some((label, tail))
}

/// `text` without HTML tags (`<p>`, `</code>`, `<br/>`): a `<` followed by a letter or `/`
/// up to the next `>`. Other `<` (as in `a < b`) stay.
pub fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, tag)) = rest.find('<').and_then(|i| rest.split_at_checked(i)) {
        out.push_str(before);
        let is_tag = tag
            .chars()
            .nth(1)
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match tag.find('>').filter(|_| is_tag) {
            Some(end) => {
                out.push(' ');
                rest = tag.get(end + 1..).unwrap_or_default();
            }
            None => {
                out.push('<');
                rest = tag.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first paragraph of a text: lines up to the first blank line, joined; a heading line
/// (`# Title`) or a list is a paragraph of its own.
pub fn first_paragraph(text: &str) -> String {
    let mut lines = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if lines.is_empty() {
                continue;
            }
            break;
        }
        let block = line.starts_with('#') || line.starts_with("- ") || line.starts_with("* ");
        if block && !lines.is_empty() {
            break;
        }
        lines.push(line);
        if block {
            break;
        }
    }
    lines.join(" ")
}

/// The first sentence of a plain text (up to `.`, `!` or `?` followed by a space or the end;
/// not at an abbreviation such as "e.g."), with its final mark.
pub fn first_sentence_of(text: &str) -> &str {
    let mut from = 0;
    while let Some(i) = text
        .get(from..)
        .and_then(|r| r.find(['.', '!', '?']))
        .map(|i| i + from)
    {
        let next = text.get(i + 1..).unwrap_or_default();
        let ends = next.is_empty() || next.starts_with(char::is_whitespace);
        let word = text
            .get(..i)
            .unwrap_or_default()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or_default()
            .to_lowercase();
        if ends && !ABBREVIATIONS.contains(&word.as_str()) {
            return text.get(..=i).unwrap_or(text);
        }
        from = i + 1;
    }
    text
}

fn last_word(s: &str) -> String {
    s.split_whitespace()
        .last()
        .unwrap_or_default()
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Whether a phrase ends on a word it cannot end on.
pub fn ends_dangling(s: &str) -> bool {
    DANGLING.contains(&last_word(s).as_str())
}

/// `s` within `max` characters, cut where a phrase ends: at a clause mark (`, ; : - (`),
/// else before a word that opens a phrase, else at a word; never ending on a word a phrase
/// cannot end on. Short texts are returned as they are.
pub fn fit_phrase(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let words: Vec<&str> = s.split(' ').collect();
    // Longest prefix (in words) that fits.
    let mut fits = 0;
    let mut len = 0;
    for (i, w) in words.iter().enumerate() {
        let add = w.chars().count() + usize::from(i > 0);
        if len + add > max {
            break;
        }
        len += add;
        fits = i + 1;
    }
    let prefix = |n: usize| words.get(..n).map(|w| w.join(" ")).unwrap_or_default();
    let acceptable = |p: &str| p.split(' ').count() >= 3 && !ends_dangling(p);
    // The longest prefix ending at a clause mark (`,` `;` `:`, before `(` or ` - `) or
    // before a word that opens a phrase.
    for n in (1..=fits).rev() {
        let p = prefix(n);
        let next = words.get(n).copied().unwrap_or_default();
        let opens = PHRASE_OPENERS.contains(
            &next
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
                .as_str(),
        );
        let boundary =
            p.ends_with([',', ';', ':']) || next.starts_with('(') || next == "-" || opens;
        let p = p.trim_end_matches([',', ';', ':']).to_owned();
        if boundary && acceptable(&p) {
            return p;
        }
    }
    let mut n = fits.max(1);
    while n > 1 && ends_dangling(&prefix(n)) {
        n -= 1;
    }
    let p = prefix(n);
    if p.is_empty() {
        s.chars().take(max).collect()
    } else {
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_words() {
        assert_eq!(
            plain_text(
                "Starting a new project? We recommend trying [Responses](/docs/api-reference/responses) to take advantage."
            ),
            "Starting a new project? We recommend trying Responses to take advantage."
        );
        assert_eq!(
            plain_text("Use `limit` and **bold** text"),
            "Use limit and bold text"
        );
        assert_eq!(
            plain_text("See https://example.com/docs for more"),
            "See for more"
        );
        assert_eq!(
            plain_text("![logo](x.png) Lists <b>items</b>"),
            "logo Lists items"
        );
        assert_eq!(plain_text("[get] Summary"), "get Summary");
        assert_eq!(plain_text("Bearer (`jwt` format)"), "Bearer (jwt format)");
        assert_eq!(
            plain_text("Accepts a [`device_token`](https://developer.apple.com/x) issued"),
            "Accepts a device_token issued"
        );
        assert_eq!(plain_text("user_id stays"), "user_id stays");
    }

    #[test]
    fn first_sentences_and_paragraphs() {
        assert_eq!(
            first_sentence_of("Returns a pet, e.g. a dog. More text."),
            "Returns a pet, e.g. a dog."
        );
        assert_eq!(first_sentence_of("Version 1.2 of it"), "Version 1.2 of it");
        assert_eq!(
            first_paragraph(
                "Returns all pets from the system that\nthe user has access to\n\nMore."
            ),
            "Returns all pets from the system that the user has access to"
        );
        assert_eq!(first_paragraph("# Heading\nText"), "# Heading");
    }

    #[test]
    fn long_texts_are_cut_where_a_phrase_ends() {
        let long = "Retrieves a collection of Accounts belonging to the account used to make the request and more words";
        assert_eq!(
            fit_phrase(long, 80),
            "Retrieves a collection of Accounts belonging to the account"
        );
        let clause = "Changes the status of the recording to paused, stopped, or in-progress and something else entirely";
        assert_eq!(
            fit_phrase(clause, 80),
            "Changes the status of the recording to paused, stopped, or in-progress"
        );
        assert_eq!(fit_phrase("Short name", 80), "Short name");
        assert!(!ends_dangling("Get the user"));
        assert!(ends_dangling("List items of the"));
    }
}
