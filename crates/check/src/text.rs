//! Small text predicates shared by the rules.

pub use connector_swagger2::platform::is_absolute_http_url;

/// Whether `s` looks like an ASCII e-mail address (`local@domain.tld`).
pub fn is_email(s: &str) -> bool {
    if !s.is_ascii() || s.contains(char::is_whitespace) {
        return false;
    }
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

/// Whether `word` occurs in `text` as a whole word (or phrase), ignoring case.
pub(crate) fn contains_word(text: &str, word: &str) -> bool {
    let text = text.to_ascii_lowercase();
    let word = word.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(i) = text.get(start..).and_then(|t| t.find(&word)) {
        let at = start + i;
        let end = at + word.len();
        let before = at == 0
            || bytes
                .get(at - 1)
                .is_some_and(|b| !b.is_ascii_alphanumeric());
        let after = bytes.get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
        if before && after {
            return true;
        }
        start = at + 1;
    }
    false
}

/// The characters certification forbids in summaries.
pub(crate) const SUMMARY_RESTRICTED: &[char] = &['/', '\\', '<', '>', '*', '%', '&', '?'];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_emails() {
        assert!(is_absolute_http_url("https://example.com/privacy"));
        assert!(!is_absolute_http_url("example.com"));
        assert!(!is_absolute_http_url("https:///x"));
        assert!(is_email("dev@example.com"));
        assert!(!is_email("dev@localhost"));
        assert!(!is_email("dév@example.com"));
    }

    #[test]
    fn whole_words_only() {
        assert!(contains_word("Pet Store API", "api"));
        assert!(!contains_word("Rapid pets", "api"));
        assert!(contains_word(
            "Works with Power Automate.",
            "power automate"
        ));
    }
}
