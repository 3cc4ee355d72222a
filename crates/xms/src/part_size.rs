//! The compact size of a part of a split, computed from sizes measured once per document.
//!
//! A split tries many candidate parts before it keeps one (pieces of a tag's operations,
//! schemas described fewer levels deep), and most of a candidate's bytes are definitions
//! that every other candidate holds too. Building each candidate and printing it to learn its
//! size copied and printed the same definitions again and again; here a candidate is measured
//! as its small frame (header, paths, shared parameters and responses), printed, plus the sum
//! of its definitions' sizes, each measured once. The sum is exact: it is what printing the
//! whole candidate would count.

use connector_core::collections::{HashMap, HashSet};

use connector_core::Pointer;
use connector_swagger2 as sw;

/// `,"definitions":` before the definitions' object in a compact document (the document
/// always has a field before it, `swagger`).
const SECTION_KEY: usize = ",\"definitions\":".len();

/// Sizes of one document's definitions, as written and as cut to a number of levels.
#[derive(Debug, Default)]
pub(crate) struct Sizes {
    /// Each definition's name (as a JSON key, quoted and escaped) and value, compact.
    plain: HashMap<String, (usize, usize)>,
    /// Definitions that may differ from part to part: they name operations, and a part
    /// drops what names an operation it does not hold.
    variable: HashSet<String>,
    /// Values cut to a number of levels, by the levels and by which of the references the
    /// definition holds are kept (one bit each): the value is the same in every part where
    /// these are the same.
    cut: HashMap<String, HashMap<(usize, Vec<u64>), usize>>,
}

impl Sizes {
    /// Measures every definition of `doc` once.
    pub(crate) fn of(doc: &sw::Document) -> Self {
        let mut sizes = Sizes::default();
        let mut text = Vec::new();
        for (name, schema) in &doc.definitions {
            text.clear();
            if serde_json::to_writer(&mut text, schema).is_err() {
                // Not measurable: measured in each part instead.
                sizes.variable.insert(name.clone());
                continue;
            }
            if names_operation(&text) {
                sizes.variable.insert(name.clone());
            }
            sizes
                .plain
                .insert(name.clone(), (key_len(name), text.len()));
        }
        sizes
    }

    /// Whether the definition `name` names an operation (a part may change it).
    pub(crate) fn names_operation(&self, name: &str) -> bool {
        self.variable.contains(name)
    }

    /// The length of `name` as a JSON key.
    pub(crate) fn key_len(&self, name: &str) -> usize {
        self.plain
            .get(name)
            .map_or_else(|| key_len(name), |(key, _)| *key)
    }

    /// The lengths of `name` as a JSON key and of its value `schema` in a part: as measured
    /// in the document, unless the part may have changed it.
    pub(crate) fn value_len(&self, name: &str, schema: &sw::Schema) -> Option<(usize, usize)> {
        if !self.variable.contains(name) {
            if let Some(entry) = self.plain.get(name) {
                return Some(*entry);
            }
        }
        Some((key_len(name), sw::compact_json_len(schema).ok()?))
    }

    /// The compact size of `frame` (a part with no definitions) with the definitions `names`
    /// of the document added, as written; `None` when a size cannot be known this way.
    pub(crate) fn with_definitions<'a>(
        &self,
        frame: &sw::Document,
        names: impl IntoIterator<Item = &'a String>,
    ) -> Option<usize> {
        let mut entries = Vec::new();
        for name in names {
            entries.push(*self.plain.get(name)?);
        }
        Some(sw::compact_json_len(frame).ok()? + section_len(entries))
    }

    /// The compact size of `name`'s value `schema` once references to definitions that
    /// `keeps` rejects became free-form objects and the tree is cut at `levels`. `refs` are
    /// the references the definition holds in the document: the size depends only on which
    /// of them are kept, so it is measured once for each such choice (definitions that name
    /// operations, which a part may change, are measured every time).
    pub(crate) fn cut_len(
        &mut self,
        name: &str,
        schema: &sw::Schema,
        levels: usize,
        refs: Option<&[String]>,
        keeps: &dyn Fn(&str) -> bool,
    ) -> Option<usize> {
        let key = refs
            .filter(|_| !self.variable.contains(name))
            .map(|refs| (levels, kept_bits(refs, keeps)));
        if let Some(key) = &key {
            if let Some(n) = self.cut.get(name).and_then(|known| known.get(key)) {
                return Some(*n);
            }
        }
        let mut copy = schema.clone();
        let free_form = &mut |s: &mut sw::Schema, _: &Pointer| crate::select::free_form(s, keeps);
        sw::for_each_schema_in(&mut copy, &Pointer::root(), free_form);
        crate::select::truncate(&mut copy, levels);
        let n = sw::compact_json_len(&copy).ok()?;
        if let Some(key) = key {
            self.cut.entry(name.to_owned()).or_default().insert(key, n);
        }
        Some(n)
    }
}

/// One bit for each of `refs`: whether it names a definition `keeps` keeps.
fn kept_bits(refs: &[String], keeps: &dyn Fn(&str) -> bool) -> Vec<u64> {
    let mut bits = vec![0u64; refs.len().div_ceil(64)];
    for (i, r) in refs.iter().enumerate() {
        let kept = r.strip_prefix("#/definitions/").is_some_and(|escaped| {
            if escaped.contains('~') {
                keeps(&connector_core::unescape_token(escaped))
            } else {
                keeps(escaped)
            }
        });
        if let Some(word) = bits.get_mut(i / 64).filter(|_| kept) {
            *word |= 1 << (i % 64);
        }
    }
    bits
}

/// The length of `name` written as a JSON key (quoted, escaped).
fn key_len(name: &str) -> usize {
    sw::compact_json_len(name).unwrap_or(name.len() + 2)
}

/// The compact size the definitions section adds to a document that has none: nothing when
/// `entries` (each a key's and a value's length) is empty.
pub(crate) fn section_len(entries: impl IntoIterator<Item = (usize, usize)>) -> usize {
    let mut count = 0usize;
    let mut bytes = 0usize;
    for (key, value) in entries {
        count += 1;
        bytes += key + 1 + value;
    }
    if count == 0 {
        return 0;
    }
    // `{`, the entries with a comma between each two, `}`.
    SECTION_KEY + 2 + bytes + (count - 1)
}

/// Whether a definition's compact text names an operation (`operationId` in a dynamic value,
/// schema or capability), which a part changes when it lacks the operation. A mention in text
/// counts too: it only costs measuring that definition in each part.
fn names_operation(text: &[u8]) -> bool {
    const NEEDLE: &[u8] = b"operationId";
    text.windows(NEEDLE.len()).any(|w| w == NEEDLE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(v: serde_json::Value) -> sw::Schema {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn the_section_adds_what_printing_it_would() {
        let mut doc = sw::Document {
            swagger: "2.0".into(),
            ..Default::default()
        };
        let frame = sw::compact_json_len(&doc).unwrap();
        assert_eq!(section_len([]), 0);
        let defs = [
            ("Pet", serde_json::json!({"type": "object"})),
            (
                "a\"b/c~d é",
                serde_json::json!({"$ref": "#/definitions/Pet"}),
            ),
        ];
        for (name, value) in &defs {
            doc.definitions
                .insert((*name).into(), schema(value.clone()));
        }
        let sizes = Sizes::of(&doc);
        let whole = sw::compact_json_len(&doc).unwrap();
        let names: Vec<String> = defs.iter().map(|(n, _)| (*n).to_owned()).collect();
        let mut frame_doc = doc.clone();
        frame_doc.definitions = Default::default();
        assert_eq!(sw::compact_json_len(&frame_doc).unwrap(), frame);
        assert_eq!(sizes.with_definitions(&frame_doc, &names), Some(whole));
        assert_eq!(sizes.with_definitions(&frame_doc, &[]), Some(frame));
        // A name the document does not define cannot be measured this way.
        assert_eq!(
            sizes.with_definitions(&frame_doc, &["Missing".to_owned()]),
            None
        );
    }

    #[test]
    fn a_definition_that_names_an_operation_is_measured_in_each_part() {
        let mut doc = sw::Document::default();
        doc.definitions.insert(
            "Plain".into(),
            schema(serde_json::json!({"type": "string"})),
        );
        doc.definitions.insert(
            "Dynamic".into(),
            schema(serde_json::json!({
                "type": "string",
                "x-ms-dynamic-values": {"operationId": "ListThings", "value-path": "id"}
            })),
        );
        let mut sizes = Sizes::of(&doc);
        assert!(sizes.variable.contains("Dynamic"));
        assert!(!sizes.variable.contains("Plain"));
        let keeps = |_: &str| true;
        for (name, s) in &doc.definitions {
            let n = sizes.cut_len(name, s, 3, Some(&[]), &keeps).unwrap();
            assert_eq!(n, sw::compact_json_len(s).unwrap());
        }
        assert_eq!(
            sizes.cut["Plain"][&(3, vec![])],
            sw::compact_json_len(&doc.definitions["Plain"]).unwrap()
        );
        assert!(!sizes.cut.contains_key("Dynamic"));
    }
}
