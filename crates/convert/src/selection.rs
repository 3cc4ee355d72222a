//! When a selection keeps nothing: what the document did offer, nearest first, so the user
//! can fix the option.

use connector_swagger2 as sw;
use connector_xms::Selection;

/// How many suggestions an error names.
const SUGGESTIONS: usize = 5;

/// The names a selection can use: operation ids (the connector's and the input's own) and tags.
pub(crate) struct Names {
    ids: Vec<String>,
    tags: Vec<String>,
}

/// The names `doc` offers to a selection.
pub(crate) fn names(doc: &sw::Document) -> Names {
    let mut ids = Vec::new();
    let mut tags = Vec::new();
    for item in doc.paths.paths.values() {
        for (_, op) in item.operations() {
            for id in [&op.operation_id, &op.input_id].into_iter().flatten() {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
            for t in op.tags.iter().flatten() {
                if !tags.contains(t) {
                    tags.push(t.clone());
                }
            }
        }
    }
    Names { ids, tags }
}

/// The message for a selection that keeps no operation: the names nearest to those given.
pub(crate) fn nothing_kept(selection: &Selection, names: &Names) -> String {
    let mut parts = Vec::new();
    if !selection.include_operations.is_empty() {
        parts.push(format!(
            "operation ids nearest to {}: {}",
            quoted(&selection.include_operations),
            nearest(&selection.include_operations, &names.ids).join(", ")
        ));
    }
    if !selection.include_tags.is_empty() {
        parts.push(format!(
            "tags nearest to {}: {}",
            quoted(&selection.include_tags),
            nearest(&selection.include_tags, &names.tags).join(", ")
        ));
    }
    if parts.is_empty() {
        parts.push(format!(
            "the input has {} operations; check the paths and tags given",
            names.ids.len()
        ));
    }
    format!(
        "the selection keeps no operation, so no connector was written; {}",
        parts.join("; ")
    )
}

fn quoted(list: &[String]) -> String {
    list.iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The candidates closest to any of the wanted names (edit distance without letter case).
fn nearest(wanted: &[String], candidates: &[String]) -> Vec<String> {
    let mut scored: Vec<(usize, &String)> = candidates
        .iter()
        .map(|c| {
            let d = wanted
                .iter()
                .map(|w| distance(&w.to_lowercase(), &c.to_lowercase()))
                .min()
                .unwrap_or(usize::MAX);
            (d, c)
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, c)| format!("`{c}`"))
        .collect()
}

/// The Levenshtein distance between two strings, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let value = (previous + usize::from(ca != *cb))
                .min(above + 1)
                .min(left + 1);
            previous = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("gists/list", "gists/list"), 0);
    }

    #[test]
    fn the_nearest_names_come_first() {
        let names = Names {
            ids: vec!["GistsList".into(), "gists/list".into(), "ReposGet".into()],
            tags: vec!["gists".into(), "repos".into()],
        };
        let mut selection = Selection::default();
        selection.include_operations = vec!["gist/list".into()];
        let message = nothing_kept(&selection, &names);
        let (_, listed) = message.split_once("`gist/list`: ").unwrap_or_default();
        let listed: Vec<&str> = listed.split(", ").collect();
        assert_eq!(listed.len(), 3, "{message}");
        assert!(listed[..2].contains(&"`gists/list`"), "{message}");
        assert!(listed[..2].contains(&"`GistsList`"), "{message}");
        assert_eq!(listed[2], "`ReposGet`");
    }
}
