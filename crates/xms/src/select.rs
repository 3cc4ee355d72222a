//! Choosing what goes into a connector, and cutting a big API into connectors that fit the
//! platform's limits (1 MB and 256 operations per definition).
//!
//! - [`Selection`] keeps operations by tag, path glob or operation id; definitions,
//!   parameters and responses that no kept operation reaches are dropped.
//! - [`split_by_tag`] makes one part per tag (an operation goes with its first tag), and cuts
//!   a part that is still too big into numbered pieces.
//!
//! Both work on a finished definition (after annotation), so operation ids are final.

use connector_core::collections::{HashMap, HashSet};
use std::collections::{BTreeSet, VecDeque};

use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;
use serde_json::Value;

use crate::codes;
use crate::part_size::{self, Sizes};

pub use connector_swagger2::platform::{MAX_DEFINITION_BYTES, MAX_OPERATIONS};

/// Which operations go into the connector. Within one kind the values are alternatives; the
/// kinds combine (an operation must pass each kind that is given).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Selection {
    /// Keep operations with one of these tags.
    pub include_tags: Vec<String>,
    /// Leave out operations with one of these tags.
    pub exclude_tags: Vec<String>,
    /// Keep operations whose path matches one of these globs (`*` within a segment, `**`
    /// across segments, `?` one character).
    pub include_paths: Vec<String>,
    /// Keep operations with one of these ids (the connector's, or the input's own when the
    /// connector's differs).
    pub include_operations: Vec<String>,
}

impl Selection {
    /// Whether the selection keeps everything.
    pub fn is_empty(&self) -> bool {
        *self == Selection::default()
    }

    /// Whether an operation at `path` is kept.
    pub fn keeps(&self, path: &str, op: &sw::Operation) -> bool {
        let tags = op.tags.as_deref().unwrap_or_default();
        let has = |list: &[String]| {
            tags.iter()
                .any(|t| list.iter().any(|l| l.eq_ignore_ascii_case(t)))
        };
        (self.include_tags.is_empty() || has(&self.include_tags))
            && !has(&self.exclude_tags)
            && (self.include_paths.is_empty()
                || self.include_paths.iter().any(|g| glob_match(g, path)))
            && (self.include_operations.is_empty()
                || [op.operation_id.as_deref(), op.input_id.as_deref()]
                    .into_iter()
                    .flatten()
                    .any(|id| self.include_operations.iter().any(|i| i == id)))
    }
}

/// Matches a path against a glob: `*` any characters but `/`, `**` any characters, `?` one
/// character but `/`.
pub fn glob_match(glob: &str, path: &str) -> bool {
    fn go(g: &[char], p: &[char]) -> bool {
        match g.split_first() {
            None => p.is_empty(),
            Some(('*', rest)) => {
                if let Some(('*', rest2)) = rest.split_first() {
                    (0..=p.len()).any(|i| p.get(i..).is_some_and(|tail| go(rest2, tail)))
                } else {
                    let limit = p.iter().position(|c| *c == '/').unwrap_or(p.len());
                    (0..=limit).any(|i| p.get(i..).is_some_and(|tail| go(rest, tail)))
                }
            }
            Some(('?', rest)) => match p.split_first() {
                Some((c, tail)) if *c != '/' => go(rest, tail),
                _ => false,
            },
            Some((c, rest)) => match p.split_first() {
                Some((d, tail)) if c == d => go(rest, tail),
                _ => false,
            },
        }
    }
    let g: Vec<char> = glob.chars().collect();
    let p: Vec<char> = path.chars().collect();
    go(&g, &p)
}

/// An operation's place: path key and method.
pub type OperationKey = (String, &'static str);

/// Every operation of the document, in document order.
pub fn operations(doc: &sw::Document) -> Vec<OperationKey> {
    doc.paths
        .paths
        .iter()
        .flat_map(|(p, item)| item.operations().map(move |(m, _)| (p.clone(), m)))
        .collect()
}

pub(crate) fn collect_refs(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                if k == "$ref" {
                    if let Some(s) = c.as_str() {
                        out.insert(s.to_owned());
                    }
                } else {
                    collect_refs(c, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|c| collect_refs(c, out)),
        _ => {}
    }
}

use connector_core::unescape_token as unescape;

/// The references every shared object (definition, parameter, response) holds, read once so
/// that many extractions from one document follow them without reading the objects again.
#[derive(Debug, Default)]
pub struct References {
    definitions: HashMap<String, Vec<String>>,
    parameters: HashMap<String, Vec<String>>,
    responses: HashMap<String, Vec<String>>,
    paths: HashMap<String, PathReferences>,
    /// Where each tag name sits in the document's `tags` (a part keeps the few its operations
    /// name; Graph declares hundreds, and each part looked every one up).
    tags: HashMap<String, Vec<usize>>,
    /// How many tags the document declares.
    tag_count: usize,
}

/// The references of one path item: those outside its operations, and each operation's.
#[derive(Debug, Default)]
struct PathReferences {
    own: Vec<String>,
    operations: Vec<(&'static str, Vec<String>)>,
}

/// What a set of operations reaches, by kind of shared object.
#[derive(Debug, Default)]
struct Reached {
    definitions: HashSet<String>,
    parameters: HashSet<String>,
    responses: HashSet<String>,
}

impl References {
    /// Reads the references of every shared object of `doc`.
    pub fn of(doc: &sw::Document) -> Self {
        let mut tags: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, tag) in doc.tags.iter().flatten().enumerate() {
            tags.entry(tag.name.clone()).or_default().push(i);
        }
        References {
            definitions: held(&doc.definitions),
            parameters: held(&doc.parameters),
            responses: held(&doc.responses),
            paths: doc
                .paths
                .paths
                .iter()
                .map(|(path, item)| (path.clone(), PathReferences::of(item)))
                .collect(),
            tags,
            tag_count: doc.tags.as_ref().map_or(0, Vec::len),
        }
    }

    /// Everything `start` (references such as `#/definitions/Pet`) reaches, to a fixed point.
    fn reach(&self, start: BTreeSet<String>) -> Reached {
        let mut reached = Reached::default();
        let mut queue: Vec<String> = start.into_iter().collect();
        while let Some(r) = queue.pop() {
            let (kind, seen, escaped) = if let Some(n) = r.strip_prefix("#/definitions/") {
                (&self.definitions, &mut reached.definitions, n)
            } else if let Some(n) = r.strip_prefix("#/parameters/") {
                (&self.parameters, &mut reached.parameters, n)
            } else if let Some(n) = r.strip_prefix("#/responses/") {
                (&self.responses, &mut reached.responses, n)
            } else {
                continue;
            };
            let name = unescape(escaped);
            if let Some(refs) = kind.get(&name) {
                if seen.insert(name) {
                    queue.extend(refs.iter().cloned());
                }
            }
        }
        reached
    }
}

impl PathReferences {
    fn of(item: &sw::PathItem) -> Self {
        PathReferences {
            own: references_of(&without_operations(item)),
            operations: item
                .operations()
                .map(|(method, op)| (method, references_of(op)))
                .collect(),
        }
    }

    /// The references of the path item holding only the operations `methods`.
    fn with(&self, methods: &[&str], out: &mut BTreeSet<String>) {
        out.extend(self.own.iter().cloned());
        for (method, refs) in &self.operations {
            if methods.contains(method) {
                out.extend(refs.iter().cloned());
            }
        }
    }
}

/// A path item's fields other than its operations.
fn without_operations(item: &sw::PathItem) -> sw::PathItem {
    sw::PathItem {
        reference: item.reference.clone(),
        parameters: item.parameters.clone(),
        extensions: item.extensions.clone(),
        ..sw::PathItem::default()
    }
}

/// The references `object` holds, each once, sorted.
fn references_of<T: serde::Serialize>(object: &T) -> Vec<String> {
    let mut found = BTreeSet::new();
    crate::ref_scan::refs_of(object, &mut found);
    found.into_iter().collect()
}

/// The references each named object holds.
fn held<T: serde::Serialize>(
    shared: &connector_core::collections::IndexMap<String, T>,
) -> HashMap<String, Vec<String>> {
    shared
        .iter()
        .map(|(name, object)| (name.clone(), references_of(object)))
        .collect()
}

/// The path items of `keep`, in document order, each with only the kept operations; and the
/// references they hold.
fn kept_paths(
    doc: &sw::Document,
    keep: &[OperationKey],
    references: &References,
) -> (
    connector_core::collections::IndexMap<String, sw::PathItem>,
    BTreeSet<String>,
) {
    let mut by_path: std::collections::BTreeMap<usize, Vec<&str>> = Default::default();
    for (path, method) in keep {
        if let Some(i) = doc.paths.paths.get_index_of(path) {
            by_path.entry(i).or_default().push(method);
        }
    }
    let mut paths = connector_core::collections::IndexMap::default();
    let mut refs = BTreeSet::new();
    for (i, methods) in by_path {
        let Some((path, item)) = doc.paths.paths.get_index(i) else {
            continue;
        };
        let mut part = without_operations(item);
        for (m, op) in item.operations().filter(|(m, _)| methods.contains(m)) {
            if let Some(slot) = part.operation_slot(m) {
                *slot = Some(Box::new(op.clone()));
            }
        }
        match references.paths.get(path) {
            Some(held) => held.with(&methods, &mut refs),
            None => refs.extend(references_of(&part)),
        }
        paths.insert(path.clone(), part);
    }
    (paths, refs)
}

/// A new document holding only `keep` and what those operations reach; the properties with
/// policies and script operations narrowed to them.
pub fn extract(
    doc: &sw::Document,
    props: &sw::ConnectorProperties,
    keep: &[OperationKey],
) -> (sw::Document, sw::ConnectorProperties) {
    extract_with(doc, props, keep, &References::of(doc))
}

/// [`extract`] with the document's [`References`] read beforehand (for many extractions).
pub fn extract_with(
    doc: &sw::Document,
    props: &sw::ConnectorProperties,
    keep: &[OperationKey],
    references: &References,
) -> (sw::Document, sw::ConnectorProperties) {
    let (mut out, definitions) = extract_frame(doc, keep, references);
    out.definitions = kept(&doc.definitions, &definitions);
    let props = narrowed(props, &out);
    (out, props)
}

/// What [`extract_with`] makes, but for the definitions: those are named instead, so that a
/// candidate can be measured without copying them.
fn extract_frame(
    doc: &sw::Document,
    keep: &[OperationKey],
    references: &References,
) -> (sw::Document, HashSet<String>) {
    let (paths, refs) = kept_paths(doc, keep, references);
    let Reached {
        definitions,
        parameters,
        responses,
    } = references.reach(refs);
    let used_tags: HashSet<String> = paths
        .values()
        .flat_map(|i: &sw::PathItem| i.operations().flat_map(|(_, o)| o.tags.iter().flatten()))
        .cloned()
        .collect();
    let mut out = header_of(doc);
    out.paths = sw::Paths {
        paths,
        extensions: doc.paths.extensions.clone(),
    };
    out.parameters = kept(&doc.parameters, &parameters);
    out.responses = kept(&doc.responses, &responses);
    out.tags = doc
        .tags
        .as_ref()
        .map(|tags| used_tags_of(tags, &used_tags, references));
    (out, definitions)
}

/// The tags of `tags` named in `used`, in their order. The references' index of tag names
/// (read from the document they serve) marks the few to look at; without an index that fits
/// `tags`, every tag is looked at.
fn used_tags_of(tags: &[sw::Tag], used: &HashSet<String>, references: &References) -> Vec<sw::Tag> {
    let look = if references.tag_count == tags.len() {
        let mut places = used
            .iter()
            .filter_map(|n| references.tags.get(n))
            .flatten()
            .copied();
        marked(tags.len(), &mut places)
    } else {
        vec![true; tags.len()]
    };
    tags.iter()
        .zip(look)
        .filter(|(t, l)| *l && used.contains(&t.name))
        .map(|(t, _)| t.clone())
        .collect()
}

/// `props` with policies and script operations narrowed to the operations of `doc`.
fn narrowed(props: &sw::ConnectorProperties, doc: &sw::Document) -> sw::ConnectorProperties {
    let ids: HashSet<&str> = doc.operation_ids().collect();
    let mut props = props.clone();
    props.policy_template_instances.retain_mut(|p| {
        let Some(Value::Array(names)) = p.parameters.get_mut("x-ms-apimTemplate-operationName")
        else {
            return true;
        };
        if names.is_empty() {
            return true;
        }
        names.retain(|n| n.as_str().is_some_and(|n| ids.contains(n)));
        !names.is_empty()
    });
    if let Some(script) = &mut props.script_operations {
        if !script.is_empty() {
            script.retain(|n| ids.contains(n.as_str()));
        }
    }
    props
}

/// Applies a selection in place, reporting what was left out.
pub fn select(
    doc: &mut sw::Document,
    props: &mut sw::ConnectorProperties,
    selection: &Selection,
    diags: &mut Diagnostics,
) {
    if selection.is_empty() {
        return;
    }
    let all = operations(doc);
    let keep: Vec<OperationKey> = all
        .iter()
        .filter(|(p, m)| {
            doc.paths
                .paths
                .get(p)
                .and_then(|i| i.operation(m))
                .is_some_and(|op| selection.keeps(p, op))
        })
        .cloned()
        .collect();
    let definitions = doc.definitions.len();
    let (d, p) = extract(doc, props, &keep);
    *doc = d;
    *props = p;
    crate::signin::unused_sets(doc, props, diags);
    crate::signin::narrow_scopes(doc, props);
    diags.info(
        codes::XMS_SELECTION,
        &Pointer::root().push("paths"),
        format!(
            "the selection keeps {} of {} operations; {} of {} definitions are still reached",
            keep.len(),
            all.len(),
            doc.definitions.len(),
            definitions
        ),
    );
    if keep.is_empty() {
        diags
            .warn(
                codes::XMS_SELECTION,
                &Pointer::root().push("paths"),
                "the selection keeps no operation",
            )
            .help("check the tags, paths and operation ids given");
    }
    crate::operation_references(doc, diags);
}

/// One connector cut from a bigger one.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Part {
    /// A folder-friendly name (`repos`, `repos-2`).
    pub name: String,
    /// The tag the part holds.
    pub tag: String,
    /// The definition.
    pub document: sw::Document,
    /// The properties.
    pub properties: sw::ConnectorProperties,
    /// What was changed to make the part stand alone.
    pub diagnostics: Vec<connector_core::Diagnostic>,
    /// The definition's size as compact JSON (the measure of the platform's 1 MB limit), as
    /// counted while the part was made; `None` when it could not be counted.
    pub size: Option<usize>,
}

fn slug(text: &str) -> String {
    let mut s = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-').to_owned();
    if s.is_empty() { "untagged".into() } else { s }
}

/// Whether a part of `operations` operations and `len` compact bytes is within the limits.
fn fits_len(operations: usize, len: Option<usize>) -> bool {
    operations <= MAX_OPERATIONS && len.is_some_and(|n| n < MAX_DEFINITION_BYTES)
}

fn operation_count(doc: &sw::Document) -> usize {
    doc.paths
        .paths
        .values()
        .map(|i| i.operations().count())
        .sum()
}

/// The compact size of a finished part, its definitions measured by `sizes`.
fn part_len(doc: &mut sw::Document, sizes: &Sizes) -> Option<usize> {
    let definitions = std::mem::take(&mut doc.definitions);
    let frame = sw::compact_json_len(&*doc).ok();
    doc.definitions = definitions;
    let entries: Option<Vec<(usize, usize)>> = doc
        .definitions
        .iter()
        .map(|(name, s)| sizes.value_len(name, s))
        .collect();
    Some(frame? + part_size::section_len(entries?))
}

/// One part per tag (an operation goes with its first tag; untagged ones together), each
/// with only what its operations reach. A part over the limits is cut into numbered pieces
/// of consecutive operations; a single operation that alone exceeds 1 MB stays a piece of its
/// own (the checker reports it).
///
/// Parts are made as they are taken, one at a time, so a caller that writes each part and
/// lets it go holds no more than one part beside the document. A caller that takes parts with
/// [`SplitParts::next_lent`] and gives each back when done with it spares the copying of
/// the definitions the next parts share with it.
pub fn split_by_tag<'a>(
    doc: &'a sw::Document,
    props: &'a sw::ConnectorProperties,
) -> SplitParts<'a> {
    let mut groups: connector_core::collections::IndexMap<String, Vec<OperationKey>> =
        connector_core::collections::IndexMap::default();
    for (path, method) in operations(doc) {
        let tag = doc
            .paths
            .paths
            .get(&path)
            .and_then(|i| i.operation(method))
            .and_then(|o| o.tags.as_ref())
            .and_then(|t| t.first())
            .cloned()
            .unwrap_or_default();
        groups.entry(tag).or_default().push((path, method));
    }
    SplitParts {
        doc,
        props,
        references: References::of(doc),
        sizes: Sizes::of(doc),
        groups: groups.into_iter().collect(),
        ready: VecDeque::new(),
        names: HashSet::default(),
        spare: doc.definitions.iter().map(|_| None).collect(),
        lent: HashMap::default(),
        cuts: CutCopies::default(),
        cut_of: HashMap::default(),
    }
}

/// The parts of [`split_by_tag`], made as they are taken.
#[derive(Debug)]
pub struct SplitParts<'a> {
    doc: &'a sw::Document,
    props: &'a sw::ConnectorProperties,
    references: References,
    sizes: Sizes,
    groups: VecDeque<(String, Vec<OperationKey>)>,
    ready: VecDeque<Piece>,
    names: HashSet<String>,
    /// Definitions given back by parts, by their place in the document, for the next parts
    /// to take instead of a copy.
    spare: Vec<Option<sw::Schema>>,
    /// The parts lent and not yet given back, with the places of the definitions they hold
    /// as in the document.
    lent: HashMap<String, Vec<usize>>,
    /// The cut copies of definitions made for parts over the limits, for the next such parts.
    cuts: CutCopies,
    /// The lent parts over the limits not yet given back, with the numbers of the cut copies
    /// they hold (see [`SplitParts::text_place`]).
    cut_of: HashMap<String, HashMap<String, usize>>,
}

/// A part named and measured, not yet made.
#[derive(Debug)]
struct Piece {
    name: String,
    tag: String,
    title: String,
    operations: Vec<OperationKey>,
    /// The frame of a tag that fits whole, built to measure it and kept for the part.
    frame: Option<Frame>,
}

impl Iterator for SplitParts<'_> {
    type Item = Part;

    fn next(&mut self) -> Option<Part> {
        let piece = self.next_piece()?;
        Some(self.make(piece, false))
    }
}

impl SplitParts<'_> {
    /// The next part, like [`Iterator::next`], but lent: when done with it, the caller gives
    /// its document back with [`SplitParts::give_back`], as it was made, so that the parts
    /// after it take its definitions instead of copies. A lent part that is not given back
    /// only costs those copies.
    pub fn next_lent(&mut self) -> Option<Part> {
        let piece = self.next_piece()?;
        Some(self.make(piece, true))
    }

    /// Takes back the document of the lent part `name` (see [`SplitParts::next_lent`]). The
    /// document must be as the part had it: its definitions serve the next parts without
    /// being compared with the document's. Anything but a lent part is ignored.
    pub fn give_back(&mut self, name: &str, document: sw::Document) {
        self.cut_of.remove(name);
        if let Some(at) = self.lent.remove(name) {
            self.restore(&at, document);
        }
    }

    /// The place in the document of the definition `definition` of the lent part `part`, when
    /// the part holds it as the document has it: such definitions go back to the split with
    /// the part (the others the part changed, or holds a copy of, and keeps). Anything but a
    /// lent part, and a definition it changed, gives `None`.
    pub fn shared_place(&self, part: &str, definition: &str) -> Option<usize> {
        let at = self.lent.get(part)?;
        let place = self.doc.definitions.get_index_of(definition)?;
        at.binary_search(&place).ok().map(|_| place)
    }

    /// A key for the text of the definition `definition` of the lent part `part`: the same key
    /// for the same text in every part, so that a text written once can be written again.
    /// Either the definition's place in the document, when the part holds it as the document
    /// has it ([`SplitParts::shared_place`]), or a number past the document's definitions for
    /// a cut copy that parts over the limits share (a part cut to fit 1 MB holds the
    /// definitions it keeps cut a few levels deep, and the parts of a large tag cut them
    /// alike). `None` for anything else.
    pub fn text_place(&self, part: &str, definition: &str) -> Option<usize> {
        self.shared_place(part, definition).or_else(|| {
            let number = self.cut_of.get(part)?.get(definition)?;
            Some(self.doc.definitions.len() + number)
        })
    }

    /// The next piece to make, cutting the next tag when none is left.
    fn next_piece(&mut self) -> Option<Piece> {
        while self.ready.is_empty() {
            let (tag, ops) = self.groups.pop_front()?;
            self.cut_group(tag, &ops);
        }
        self.ready.pop_front()
    }

    /// Puts the definitions of `document` at the places `at` (sorted) of the document back
    /// among the spares.
    fn restore(&mut self, at: &[usize], mut document: sw::Document) {
        for (name, schema) in std::mem::take(&mut *document.definitions) {
            let Some(i) = self.doc.definitions.get_index_of(&name) else {
                continue;
            };
            if at.binary_search(&i).is_err() {
                continue;
            }
            if let Some(slot) = self.spare.get_mut(i) {
                if slot.is_none() {
                    *slot = Some(schema);
                }
            }
        }
    }

    /// The pieces of one tag, named and titled, each within the limits where cutting can
    /// make it so.
    fn cut_group(&mut self, tag: String, ops: &[OperationKey]) {
        let base = slug(&tag);
        let (size, mut whole) = piece_size(self.doc, ops, &self.references, &self.sizes);
        let many = ops.len() > size;
        let label = if tag.is_empty() {
            "Other".to_owned()
        } else {
            crate::words::label(&tag)
        };
        for (i, chunk) in ops.chunks(size).enumerate() {
            let (mut name, suffix) = if many {
                (format!("{base}-{}", i + 1), format!(" {label} {}", i + 1))
            } else {
                (base.clone(), format!(" {label}"))
            };
            while !self.names.insert(name.clone()) {
                name.push('x');
            }
            self.ready.push_back(Piece {
                name,
                tag: tag.clone(),
                title: part_title(&self.doc.info.title, &suffix),
                operations: chunk.to_vec(),
                frame: whole.take(),
            });
        }
    }

    /// The part of a piece, made to stand alone: its definitions are spares given back by
    /// earlier parts where there are, copies where not. When `lend`, the definitions the part
    /// holds as in the document are noted, to be taken back with [`SplitParts::give_back`].
    fn make(&mut self, piece: Piece, lend: bool) -> Part {
        let (mut d, definitions) = match piece.frame {
            Some(frame) => frame,
            None => extract_frame(self.doc, &piece.operations, &self.references),
        };
        let (section, mut at) = self.take(&definitions);
        d.definitions = section;
        // Definitions that name operations may change below; they are not taken back.
        at.retain(|i| {
            self.doc
                .definitions
                .get_index(*i)
                .is_some_and(|(name, _)| !self.sizes.names_operation(name))
        });
        let properties = narrowed(self.props, &d);
        d.info.title = piece.title;
        let mut diags = Diagnostics::new();
        // The definitions whose text does not name an operation have nothing to drop.
        let sizes = &self.sizes;
        crate::references::operation_references_where(&mut d, &mut diags, &|name| {
            sizes.names_operation(name)
        });
        let mut size = part_len(&mut d, &self.sizes);
        if !fits_len(operation_count(&d), size) {
            let lendable = |name: &str| {
                lend && self
                    .doc
                    .definitions
                    .get_index_of(name)
                    .is_some_and(|i| at.binary_search(&i).is_ok())
            };
            let shrunk = shrink(
                &mut d,
                &mut diags,
                &mut self.sizes,
                &self.references,
                &lendable,
                &mut self.cuts,
            );
            let whole = std::mem::replace(&mut d, shrunk.document);
            size = shrunk.size;
            // What the shrunk part holds unchanged goes back with it; the rest now.
            let mut moved: Vec<usize> = shrunk
                .moved
                .iter()
                .filter_map(|n| self.doc.definitions.get_index_of(n))
                .collect();
            moved.sort_unstable();
            at.retain(|i| moved.binary_search(i).is_err());
            self.restore(&at, whole);
            if lend && !shrunk.cut.is_empty() {
                self.cut_of.insert(piece.name.clone(), shrunk.cut);
            }
            if !moved.is_empty() {
                self.lent.insert(piece.name.clone(), moved);
            }
        } else if lend {
            self.lent.insert(piece.name.clone(), at);
        }
        Part {
            name: piece.name,
            tag: piece.tag,
            document: d,
            properties,
            diagnostics: diags.into_vec(),
            size,
        }
    }

    /// The definitions `names`, in the document's order, with their places in it: spares
    /// where there are, copies where not.
    fn take(&mut self, names: &HashSet<String>) -> (sw::Section<sw::Schema>, Vec<usize>) {
        let mut at: Vec<usize> = names
            .iter()
            .filter_map(|n| self.doc.definitions.get_index_of(n))
            .collect();
        at.sort_unstable();
        let mut section = sw::Section::default();
        for &i in &at {
            if let Some((name, original)) = self.doc.definitions.get_index(i) {
                let schema = self
                    .spare
                    .get_mut(i)
                    .and_then(Option::take)
                    .unwrap_or_else(|| original.clone());
                section.insert(name.clone(), schema);
            }
        }
        (section, at)
    }
}

/// A part's frame (everything but its definitions) and the definitions it reaches.
type Frame = (sw::Document, HashSet<String>);

/// How many consecutive operations go into each piece of `ops`: as many as let every piece
/// fit, found with [`fewest_pieces`]; one when nothing else fits. A candidate's frame is
/// built but its definitions are measured, not copied. When `ops` fit in one piece, the frame
/// built to measure it comes too, for the part to be made from.
fn piece_size(
    doc: &sw::Document,
    ops: &[OperationKey],
    references: &References,
    sizes: &Sizes,
) -> (usize, Option<Frame>) {
    let mut whole = None;
    let pieces = fewest_pieces(ops.len(), |pieces| {
        let size = ops.len().div_ceil(pieces).max(1);
        size == 1
            || ops.chunks(size).all(|c| {
                let (frame, definitions) = extract_frame(doc, c, references);
                let fits = fits_len(
                    operation_count(&frame),
                    sizes.with_definitions(&frame, &definitions),
                );
                if fits && pieces == 1 {
                    whole = Some((frame, definitions));
                }
                fits
            })
    });
    let size = ops.len().div_ceil(pieces).max(1);
    (size, whole.filter(|_| pieces == 1))
}

/// The fewest pieces `count` operations can be cut into so that each `fits`: the least
/// number the limits allow first, then doubling, then bisecting between the last number that
/// failed and the first that fit; `count` (single operations) when nothing else fits.
fn fewest_pieces(count: usize, mut fits: impl FnMut(usize) -> bool) -> usize {
    let mut low = count.div_ceil(MAX_OPERATIONS).max(1);
    if fits(low) {
        return low;
    }
    let mut high = low;
    loop {
        high = (high * 2).min(count.max(1));
        if fits(high) {
            break;
        }
        low = high;
        if high >= count {
            return count.max(1);
        }
    }
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if fits(mid) {
            high = mid;
        } else {
            low = mid;
        }
    }
    high
}

/// Makes a part that is still over 1 MB fit by describing deep data less: definitions more
/// than `depth` references away from every operation are replaced by free-form objects, with
/// the largest `depth` that fits. Reported once per part. Each depth tried is measured; only
/// the one kept is built, moving out of `doc` the definitions that `lendable` allows and that
/// the cut leaves as they are, and copying the others.
fn shrink(
    doc: &mut sw::Document,
    diags: &mut Diagnostics,
    sizes: &mut Sizes,
    references: &References,
    lendable: &dyn Fn(&str) -> bool,
    cuts: &mut CutCopies,
) -> Shrunk {
    let distances = distances(doc, references, &|n| sizes.names_operation(n));
    // The deepest description that fits, found by bisection over 0..=11.
    let (mut low, mut high) = (0usize, 11usize);
    let mut best = 0;
    let mut best_len = None;
    while low <= high {
        let depth = low + (high - low) / 2;
        let (operations, len) = len_at(doc, depth, &distances, sizes, references);
        if fits_len(operations, len) {
            best = depth;
            best_len = len;
            low = depth + 1;
        } else if depth == 0 {
            break;
        } else {
            high = depth - 1;
        }
    }
    // Nothing fit: depth 0 stands, measured now when the bisection did not try it.
    let size = best_len.or_else(|| len_at(doc, 0, &distances, sizes, references).1);
    let movable = Movable {
        references,
        movable: lendable,
        variable: &|n| sizes.names_operation(n),
    };
    let cut = cut_at(doc, best, &distances, &movable, cuts);
    diags
        .warn(
            codes::XMS_SELECTION,
            &Pointer::root().push("definitions"),
            format!(
                "the part was over 1 MB: schemas are described {} levels deep and {} definitions further away became free-form objects",
                best + 2,
                cut.dropped
            ),
        )
        .help("leave operations out, or send the deep parts as JSON text");
    Shrunk {
        document: cut.document,
        size,
        moved: cut.moved,
        cut: cut.cut,
    }
}

/// A part made smaller by [`shrink`].
struct Shrunk {
    document: sw::Document,
    /// Its compact size, as measured.
    size: Option<usize>,
    /// The definitions moved into it unchanged from the document shrunk.
    moved: Vec<String>,
    /// Its definitions cut as other parts' may be (see [`Cut::cut`]).
    cut: HashMap<String, usize>,
}

/// What [`cut_at`] built.
struct Cut {
    document: sw::Document,
    /// How many definitions were left out.
    dropped: usize,
    /// The definitions moved into `document` unchanged (see [`Movable`]).
    moved: Vec<String>,
    /// The definitions cut once for several parts (see [`CutCopies`]), with their copies'
    /// numbers.
    cut: HashMap<String, usize>,
}

/// Which definitions [`cut_at`] may move out of the document it cuts instead of copying.
struct Movable<'a> {
    references: &'a References,
    movable: &'a dyn Fn(&str) -> bool,
    /// The definitions the part may have changed (they name operations, see
    /// [`Sizes::names_operation`]): the others are as the document has them.
    variable: &'a dyn Fn(&str) -> bool,
}

/// The cut copies of definitions [`cut_at`] made, by what makes each (see [`CutKey`]): the
/// parts of a large tag cut the same definitions the same way (on Microsoft Graph's split,
/// nine cuts in ten had been made before), and a copy taken from here is a copy of the cut
/// schema, not of the whole definition, walked and cut again.
#[derive(Debug, Default)]
struct CutCopies {
    /// Each copy with its number, in the order made.
    made: HashMap<CutKey, (usize, sw::Schema)>,
}

/// What a definition's cut copy depends on: its name, the levels kept and, for each reference
/// it holds (as [`References`] lists them), whether the part keeps the definition named. The
/// copy is the definition with references to definitions not kept made free-form, cut at the
/// levels.
type CutKey = (String, usize, Vec<bool>);

impl CutCopies {
    /// The definition `name` (`s`) with references to definitions `keeps` rejects made
    /// free-form and cut at `levels`: made once for each [`CutKey`] when the definition is as
    /// the document has it, with the copy's number; made each time otherwise, without one.
    fn copy(
        &mut self,
        name: &str,
        s: &sw::Schema,
        levels: usize,
        keeps: &dyn Fn(&str) -> bool,
        movable: &Movable<'_>,
    ) -> (sw::Schema, Option<usize>) {
        let refs = (!(movable.variable)(name))
            .then(|| movable.references.definitions.get(name))
            .flatten();
        let Some(refs) = refs else {
            return (cut_copy(s, levels, keeps), None);
        };
        let kept = refs
            .iter()
            .map(|r| {
                r.strip_prefix("#/definitions/")
                    .is_some_and(|n| keeps(&unescape(n)))
            })
            .collect();
        let key = (name.to_owned(), levels, kept);
        let next = self.made.len();
        let (number, copy) = self
            .made
            .entry(key)
            .or_insert_with(|| (next, cut_copy(s, levels, keeps)));
        (copy.clone(), Some(*number))
    }
}

/// `s` with references to definitions `keeps` rejects made free-form, cut at `levels`.
fn cut_copy(s: &sw::Schema, levels: usize, keeps: &dyn Fn(&str) -> bool) -> sw::Schema {
    let mut copy = s.clone();
    let free_form = &mut |s: &mut sw::Schema, _: &Pointer| free_form(s, keeps);
    sw::for_each_schema_in(&mut copy, &Pointer::root(), free_form);
    truncate(&mut copy, levels);
    copy
}

impl Movable<'_> {
    /// Whether `s`, the definition `name`, may move and the cut at `levels` keeping `keeps`
    /// would leave it as it is: every definition it refers to is kept, and it is no deeper
    /// than `levels`.
    fn moves(
        &self,
        name: &str,
        s: &sw::Schema,
        levels: usize,
        keeps: &dyn Fn(&str) -> bool,
    ) -> bool {
        let refs_kept = || {
            self.references.definitions.get(name).is_some_and(|refs| {
                refs.iter()
                    .filter_map(|r| r.strip_prefix("#/definitions/"))
                    .all(|n| keeps(&unescape(n)))
            })
        };
        (self.movable)(name) && !reaches(s, levels) && refs_kept()
    }
}

/// Whether `s` has a schema `levels` levels below it (the ones [`truncate`] would cut).
fn reaches(s: &sw::Schema, levels: usize) -> bool {
    let Some(below) = levels.checked_sub(1) else {
        return true;
    };
    sw::platform::schema_children(s).any(|c| reaches(c, below))
}

/// The operations and compact size of what [`cut_at`] at `depth` would build, measured from
/// the frame it would build and the sizes of the definitions it would keep.
fn len_at(
    full: &sw::Document,
    depth: usize,
    distances: &HashMap<String, usize>,
    sizes: &mut Sizes,
    references: &References,
) -> (usize, Option<usize>) {
    let kept = kept_within(distances, depth);
    let keeps = |n: &str| kept.contains(n);
    let levels = depth + 2;
    let frame = frame_at(full, levels, &keeps);
    let operations = operation_count(&frame);
    let mut entries = Vec::new();
    for (name, s) in full.definitions.iter().filter(|(n, _)| keeps(n)) {
        let refs = references.definitions.get(name).map(Vec::as_slice);
        let Some(value) = sizes.cut_len(name, s, levels, refs, &keeps) else {
            return (operations, None);
        };
        entries.push((sizes.key_len(name), value));
    }
    let len = sw::compact_json_len(&frame)
        .ok()
        .map(|n| n + part_size::section_len(entries));
    (operations, len)
}

/// The definitions at most `depth` references away from the operations.
fn kept_within(distances: &HashMap<String, usize>, depth: usize) -> HashSet<&str> {
    distances
        .iter()
        .filter(|(_, d)| **d <= depth)
        .map(|(n, _)| n.as_str())
        .collect()
}

/// The part `full` with definitions more than `depth` references away replaced by free-form
/// objects and inline schemas cut at `depth + 2` levels; with the number of definitions gone.
/// The definitions kept are copied out of `full`, or moved where `movable` says they may.
fn cut_at(
    full: &mut sw::Document,
    depth: usize,
    distances: &HashMap<String, usize>,
    movable: &Movable<'_>,
    cuts: &mut CutCopies,
) -> Cut {
    let kept = kept_within(distances, depth);
    let keeps = |n: &str| kept.contains(n);
    let dropped = full.definitions.len() - kept.len().min(full.definitions.len());
    let levels = depth + 2;
    let mut document = frame_at(full, levels, &keeps);
    let mut moved = Vec::new();
    let mut cut = HashMap::default();
    // Only the definitions kept are taken: moved when the cut leaves them as they are (an
    // empty schema stays in their place), copied and cut otherwise.
    for (name, s) in full.definitions.iter_mut().filter(|(n, _)| keeps(n)) {
        if movable.moves(name, s, levels, &keeps) {
            document.definitions.insert(name.clone(), std::mem::take(s));
            moved.push(name.clone());
            continue;
        }
        let (copy, number) = cuts.copy(name, s, levels, &keeps, movable);
        if let Some(number) = number {
            cut.insert(name.clone(), number);
        }
        document.definitions.insert(name.clone(), copy);
    }
    Cut {
        document,
        dropped,
        moved,
        cut,
    }
}

/// A copy of everything in `full` but its definitions, with references to definitions that
/// `keeps` rejects made free-form and the operations' schemas cut at `levels`.
fn frame_at(full: &sw::Document, levels: usize, keeps: &dyn Fn(&str) -> bool) -> sw::Document {
    let mut frame = without_definitions(full);
    sw::for_each_schema(&mut frame, &mut |s, _| free_form(s, keeps));
    for item in frame.paths.paths.values_mut() {
        for (_, op) in item.operations_mut() {
            for p in op
                .parameters
                .iter_mut()
                .flatten()
                .filter_map(sw::RefOr::as_item_mut)
            {
                if let Some(s) = &mut p.schema {
                    truncate(s, levels);
                }
            }
            for r in op
                .responses
                .responses
                .values_mut()
                .filter_map(sw::RefOr::as_item_mut)
            {
                if let Some(s) = &mut r.schema {
                    truncate(s, levels);
                }
            }
        }
    }
    frame
}

/// Cuts an inline schema tree below `levels`: deeper objects keep their type and text but
/// lose their properties; deeper arrays get untyped items.
pub(crate) fn truncate(s: &mut sw::Schema, levels: usize) {
    if levels == 0 {
        let array = s.type_.as_ref().is_some_and(|t| t.is("array"));
        let had_children = s.properties.is_some() || s.all_of.is_some() || s.items.is_some();
        s.properties = None;
        s.all_of = None;
        s.required = None;
        s.discriminator = None;
        if matches!(
            s.additional_properties,
            Some(sw::AdditionalProperties::Schema(_))
        ) {
            s.additional_properties = None;
        }
        s.items = array.then(|| Box::new(sw::Schema::default()));
        if had_children && s.type_.is_none() && s.reference.is_none() {
            s.type_ = Some(sw::SchemaType::One("object".into()));
        }
        return;
    }
    if let Some(items) = &mut s.items {
        truncate(items, levels - 1);
    }
    for part in s.all_of.iter_mut().flatten() {
        truncate(part, levels - 1);
    }
    for prop in s.properties.iter_mut().flat_map(|p| p.values_mut()) {
        truncate(prop, levels - 1);
    }
    if let Some(sw::AdditionalProperties::Schema(a)) = &mut s.additional_properties {
        truncate(a, levels - 1);
    }
}

/// How many references away from the operations each reachable definition is (0: named by
/// an operation, a shared parameter or a shared response), up to the deepest cut tried.
/// The references of definitions that `known` holds for the whole document are read from
/// there, unless `changed` says the part may have changed the definition.
fn distances(
    doc: &sw::Document,
    known: &References,
    changed: &dyn Fn(&str) -> bool,
) -> HashMap<String, usize> {
    const DEEPEST: usize = 11;
    let held = |name: &str| -> Option<std::borrow::Cow<'_, [String]>> {
        let def = doc.definitions.get(name)?;
        match known.definitions.get(name) {
            Some(refs) if !changed(name) => Some(std::borrow::Cow::Borrowed(refs.as_slice())),
            _ => Some(std::borrow::Cow::Owned(references_of(def))),
        }
    };
    let mut frontier = BTreeSet::new();
    let roots = [
        serde_json::to_value(&doc.paths),
        serde_json::to_value(&doc.parameters),
        serde_json::to_value(&doc.responses),
    ];
    for v in roots.iter().flatten() {
        collect_refs(v, &mut frontier);
    }
    let mut distance = HashMap::default();
    for level in 0..=DEEPEST {
        let mut next = BTreeSet::new();
        for r in &frontier {
            let Some(n) = r.strip_prefix("#/definitions/").map(unescape) else {
                continue;
            };
            if distance.contains_key(&n) {
                continue;
            }
            if let Some(refs) = held(&n) {
                if let std::collections::hash_map::Entry::Vacant(slot) = distance.entry(n) {
                    next.extend(refs.iter().cloned());
                    slot.insert(level);
                }
            }
        }
        frontier = next;
    }
    distance
}

/// A copy of everything in `doc` but its definitions.
fn without_definitions(doc: &sw::Document) -> sw::Document {
    let mut copy = header_of(doc);
    copy.paths = doc.paths.clone();
    copy.parameters = doc.parameters.clone();
    copy.responses = doc.responses.clone();
    copy.tags = doc.tags.clone();
    copy
}

/// A copy of `doc`'s top-level fields with no paths, definitions, shared parameters, shared
/// responses or tags.
fn header_of(doc: &sw::Document) -> sw::Document {
    sw::Document {
        swagger: doc.swagger.clone(),
        info: doc.info.clone(),
        host: doc.host.clone(),
        base_path: doc.base_path.clone(),
        schemes: doc.schemes.clone(),
        consumes: doc.consumes.clone(),
        produces: doc.produces.clone(),
        paths: sw::Paths::default(),
        definitions: Default::default(),
        parameters: Default::default(),
        responses: Default::default(),
        security_definitions: doc.security_definitions.clone(),
        security: doc.security.clone(),
        tags: None,
        external_docs: doc.external_docs.clone(),
        extensions: doc.extensions.clone(),
    }
}

/// The entries of `shared` whose names are in `names`, in their order.
fn kept<T: Clone>(shared: &sw::Section<T>, names: &HashSet<String>) -> sw::Section<T> {
    let mut places = names.iter().filter_map(|n| shared.get_index_of(n.as_str()));
    let look = marked(shared.len(), &mut places);
    shared
        .iter()
        .zip(look)
        .filter(|(_, l)| *l)
        .map(|((k, v), _)| (k.clone(), v.clone()))
        .collect()
}

/// Flags the `places` in a list of `len`: a part reaches a few of the document's tags and
/// shared objects, and asking its set of names about every one of them hashed each name, once
/// per part.
fn marked(len: usize, places: &mut dyn Iterator<Item = usize>) -> Vec<bool> {
    let mut look = vec![false; len];
    for i in places {
        if let Some(l) = look.get_mut(i) {
            *l = true;
        }
    }
    look
}

/// Replaces a reference to a definition that `keeps` rejects (left out, or never defined) by
/// a free-form object.
pub(crate) fn free_form(s: &mut sw::Schema, keeps: &dyn Fn(&str) -> bool) {
    let gone = s
        .reference
        .as_deref()
        .and_then(|r| r.strip_prefix("#/definitions/"))
        .map(unescape)
        .filter(|n| !keeps(n));
    if let Some(name) = gone {
        *s = sw::Schema {
            type_: Some(sw::SchemaType::One("object".into())),
            description: Some(format!(
                "A {name} (not described here, to keep the connector small)."
            )),
            ..sw::Schema::default()
        };
    }
}

/// `Title Suffix` within 30 characters: the title is shortened first, the suffix kept.
fn part_title(title: &str, suffix: &str) -> String {
    let room = 30usize.saturating_sub(suffix.chars().count());
    let head = crate::words::shorten(title, room);
    crate::clean_title(&format!("{}{suffix}", head.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_shared_objects_keep_the_document_order() {
        let shared: sw::Section<u8> = [("z", 1), ("a", 2), ("m", 3), ("b", 4)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        for names in [
            vec![],
            vec!["b", "z"],
            vec!["m", "gone", "a"],
            vec!["a", "b", "m", "z"],
        ] {
            let names: HashSet<String> = names.into_iter().map(str::to_owned).collect();
            let got: Vec<(String, u8)> = kept(&shared, &names)
                .iter()
                .map(|(k, v)| (k.clone(), *v))
                .collect();
            let want: Vec<(String, u8)> = shared
                .iter()
                .filter(|(k, _)| names.contains(*k))
                .map(|(k, v)| (k.clone(), *v))
                .collect();
            assert_eq!(got, want, "{names:?}");
        }
    }

    #[test]
    fn a_part_keeps_the_tags_its_operations_name_in_document_order() {
        let v = serde_json::json!({"swagger": "2.0", "info": {"title": "T", "version": "1"},
            "host": "t.example.com", "paths": {},
            "tags": [{"name": "b"}, {"name": "a"}, {"name": "c", "description": "1"},
                {"name": "b", "description": "again"}, {"name": "d"}]});
        let mut diags = Diagnostics::new();
        let doc = sw::read_document(v, &mut diags);
        let tags = doc.tags.clone().unwrap_or_default();
        let refs = References::of(&doc);
        let every = |used: &HashSet<String>| -> Vec<sw::Tag> {
            tags.iter()
                .filter(|t| used.contains(&t.name))
                .cloned()
                .collect()
        };
        for used in [
            vec![],
            vec!["b"],
            vec!["c", "a"],
            vec!["d", "b", "x"],
            vec!["a", "b", "c", "d"],
        ] {
            let used: HashSet<String> = used.into_iter().map(str::to_owned).collect();
            assert_eq!(used_tags_of(&tags, &used, &refs), every(&used), "{used:?}");
        }
        // An index of another document's tags is not used.
        let fewer = tags.get(1..).unwrap_or_default();
        let used: HashSet<String> = ["b".to_owned()].into_iter().collect();
        assert_eq!(
            used_tags_of(fewer, &used, &refs),
            fewer
                .iter()
                .filter(|t| t.name == "b")
                .cloned()
                .collect::<Vec<_>>()
        );
    }

    fn doc() -> (sw::Document, sw::ConnectorProperties) {
        let v = serde_json::json!({"swagger": "2.0", "info": {"title": "Shop", "version": "1"},
            "host": "shop.example.com",
            "paths": {
                "/pets": {"get": {"operationId": "ListPets", "tags": ["pets"],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/PetList"}}}}},
                "/orders": {"get": {"operationId": "ListOrders", "tags": ["orders"],
                    "parameters": [{"$ref": "#/parameters/Page"}],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Order"}}}}}},
            "definitions": {
                "PetList": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
                "Pet": {"type": "object"},
                "Order": {"type": "object"},
                "Unused": {"type": "object"}},
            "parameters": {"Page": {"name": "page", "in": "query", "type": "integer"}},
            "tags": [{"name": "pets"}, {"name": "orders"}]});
        let mut diags = Diagnostics::new();
        let doc = sw::read_document(v, &mut diags);
        let mut props = sw::ConnectorProperties::default();
        let mut parameters = connector_core::collections::IndexMap::default();
        parameters.insert(
            "x-ms-apimTemplate-operationName".to_owned(),
            serde_json::json!(["ListOrders"]),
        );
        props
            .policy_template_instances
            .push(sw::PolicyTemplateInstance {
                template_id: "setheader".into(),
                title: None,
                parameters,
            });
        (doc, props)
    }

    #[test]
    fn a_selection_keeps_what_its_operations_reach() {
        let (mut d, mut p) = doc();
        let sel = Selection {
            include_tags: vec!["PETS".into()],
            ..Selection::default()
        };
        let mut diags = Diagnostics::new();
        select(&mut d, &mut p, &sel, &mut diags);
        assert_eq!(d.paths.paths.keys().collect::<Vec<_>>(), ["/pets"]);
        assert_eq!(d.definitions.keys().collect::<Vec<_>>(), ["PetList", "Pet"]);
        assert!(d.parameters.is_empty());
        assert_eq!(d.tags.as_ref().unwrap().len(), 1);
        // The policy named only a dropped operation: it goes too (an empty list would mean all).
        assert!(p.policy_template_instances.is_empty());
        assert!(
            diags
                .as_slice()
                .iter()
                .any(|x| x.code == codes::XMS_SELECTION)
        );
    }

    #[test]
    fn selection_kinds_combine() {
        let (d, _) = doc();
        let orders = d.paths.paths["/orders"].get.as_ref().unwrap();
        let by_path = Selection {
            include_paths: vec!["/ord*".into()],
            ..Selection::default()
        };
        assert!(by_path.keeps("/orders", orders));
        let excluded = Selection {
            include_paths: vec!["/ord*".into()],
            exclude_tags: vec!["orders".into()],
            ..Selection::default()
        };
        assert!(!excluded.keeps("/orders", orders));
        let by_id = Selection {
            include_operations: vec!["ListPets".into()],
            ..Selection::default()
        };
        assert!(!by_id.keeps("/orders", orders));
    }

    #[test]
    fn a_split_puts_every_operation_in_one_part() {
        let (d, p) = doc();
        let parts: Vec<Part> = split_by_tag(&d, &p).collect();
        let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["pets", "orders"]);
        assert_eq!(parts[1].document.parameters.len(), 1);
        assert_eq!(parts[1].properties.policy_template_instances.len(), 1);
        assert!(parts[0].properties.policy_template_instances.is_empty());
        assert_eq!(parts[0].document.info.title, "Shop Pets");
        assert!(!parts[0].document.definitions.contains_key("Unused"));
    }

    /// A document whose definitions chain five deep, with a dangling reference and a
    /// definition that names an operation only one part holds.
    fn deep() -> sw::Document {
        let mut defs = serde_json::Map::new();
        for (i, next) in ["B", "C", "D", "E", "F"].iter().enumerate() {
            let name = ["A", "B", "C", "D", "E"][i];
            defs.insert(name.into(), serde_json::json!({"type": "object", "description": format!("Level {i} \"quoted\""),
                "properties": {"next": {"$ref": format!("#/definitions/{next}")},
                    "list": {"type": "array", "items": {"type": "object", "properties": {"deep": {"type": "object",
                        "properties": {"deeper": {"type": "string"}}}}}},
                    "gone": {"$ref": "#/definitions/Nowhere"}}}));
        }
        defs.insert("F".into(), serde_json::json!({"type": "string", "x-ms-dynamic-values": {"operationId": "ListB", "value-path": "id"}}));
        defs.insert(
            "a/b~c".into(),
            serde_json::json!({"type": "object", "properties": {"f": {"$ref": "#/definitions/F"}}}),
        );
        let v = serde_json::json!({"swagger": "2.0", "info": {"title": "Deep", "version": "1"},
            "paths": {
                "/a": {"get": {"operationId": "ListA", "tags": ["a"],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/A"}}}}},
                "/b": {"get": {"operationId": "ListB", "tags": ["b"],
                    "parameters": [{"name": "q", "in": "body", "schema": {"$ref": "#/definitions/a~1b~0c"}}],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/C"}}}}}},
            "definitions": defs});
        sw::read_document(v, &mut Diagnostics::new())
    }

    #[test]
    fn candidates_are_measured_as_they_would_be_written() {
        let full = deep();
        let references = References::of(&full);
        let mut sizes = Sizes::of(&full);
        for keep in [
            vec![("/a".to_owned(), "get")],
            vec![("/b".to_owned(), "get")],
            operations(&full),
        ] {
            let (frame, names) = extract_frame(&full, &keep, &references);
            let (built, _) = extract_with(
                &full,
                &sw::ConnectorProperties::default(),
                &keep,
                &references,
            );
            let whole = sw::compact_json_len(&built).ok();
            assert_eq!(sizes.with_definitions(&frame, &names), whole);
            // As a finished part: the operation the dynamic values name may be gone.
            let mut part = built.clone();
            crate::operation_references(&mut part, &mut Diagnostics::new());
            let distances = distances(&part, &references, &|n| sizes.names_operation(n));
            let variable: HashSet<String> = (part.definitions.keys())
                .filter(|n| sizes.names_operation(n))
                .cloned()
                .collect();
            let copied = Movable {
                references: &references,
                movable: &|_| false,
                variable: &|n| variable.contains(n),
            };
            for depth in 0..=11 {
                let mut cuts = CutCopies::default();
                let built = cut_at(&mut part, depth, &distances, &copied, &mut cuts).document;
                let expected = (operation_count(&built), sw::compact_json_len(&built).ok());
                // Twice: measured, then from what the first measure kept.
                assert_eq!(
                    len_at(&part, depth, &distances, &mut sizes, &references),
                    expected,
                    "depth {depth}"
                );
                assert_eq!(
                    len_at(&part, depth, &distances, &mut sizes, &references),
                    expected,
                    "depth {depth}"
                );
            }
        }
    }

    /// Two tags sharing a definition; the first part is over 1 MB and gets shrunk.
    fn shared_and_big() -> sw::Document {
        let big = "x".repeat(1_100_000);
        let v = serde_json::json!({"swagger": "2.0", "info": {"title": "Big", "version": "1"},
            "paths": {
                "/x": {"get": {"operationId": "GetX", "tags": ["x"],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/X"}},
                        "default": {"description": "error", "schema": {"$ref": "#/definitions/Shared"}}}}},
                "/y": {"get": {"operationId": "GetY", "tags": ["y"],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Shared"}}}}}},
            "definitions": {
                "X": {"type": "object", "properties": {"big": {"$ref": "#/definitions/Big"},
                    "shared": {"$ref": "#/definitions/Shared"}}},
                "Big": {"type": "object", "description": big},
                "Shared": {"type": "object", "properties": {"a": {"type": "object", "properties": {
                    "b": {"type": "object", "properties": {"c": {"type": "string"}}}}}}}}});
        sw::read_document(v, &mut Diagnostics::new())
    }

    #[test]
    fn lent_parts_are_the_parts_the_iterator_gives() {
        let props = sw::ConnectorProperties::default();
        for full in [deep(), shared_and_big(), doc().0] {
            let owned: Vec<Part> = split_by_tag(&full, &props).collect();
            // Each part's size, counted while it was made, is its definition's.
            for part in &owned {
                let written = sw::compact_json_len(&part.document).ok();
                assert_eq!(part.size, written, "{}", part.name);
            }
            let mut parts = split_by_tag(&full, &props);
            let mut lent = Vec::new();
            while let Some(part) = parts.next_lent() {
                lent.push((
                    part.name.clone(),
                    part.document.clone(),
                    part.diagnostics.clone(),
                ));
                parts.give_back(&part.name, part.document);
            }
            assert_eq!(lent.len(), owned.len());
            for (part, (name, document, diagnostics)) in owned.iter().zip(&lent) {
                assert_eq!(&part.name, name);
                assert_eq!(&part.document, document, "{name}");
                assert_eq!(&part.diagnostics, diagnostics, "{name}");
            }
        }
    }

    #[test]
    fn a_shrunk_part_lends_the_definitions_it_leaves_as_they_are() {
        let props = sw::ConnectorProperties::default();
        let mut full = shared_and_big();
        let small = serde_json::json!({"type": "object", "properties": {"id": {"type": "string"}}});
        full.definitions.insert(
            "Small".into(),
            serde_json::from_value(small).unwrap_or_default(),
        );
        let ok = |name: &str| -> sw::Response {
            serde_json::from_value(serde_json::json!({"description": "ok",
                "schema": {"$ref": format!("#/definitions/{name}")}}))
            .unwrap_or_default()
        };
        for path in ["/x", "/y"] {
            let op = full.paths.paths[path].get.as_mut().unwrap();
            op.responses
                .responses
                .insert("201".into(), sw::RefOr::Item(ok("Small")));
        }
        let mut parts = split_by_tag(&full, &props);
        let x = parts.next_lent().unwrap();
        assert!(
            x.diagnostics
                .iter()
                .any(|d| d.message.contains("over 1 MB"))
        );
        // Kept as it is, it is lent; cut or changed, it is the part's own. The shared
        // definition is described less deep there than in the document, and whole in the
        // next part.
        assert_eq!(x.document.definitions["Small"], full.definitions["Small"]);
        let small_at = full.definitions.get_index_of("Small");
        assert_eq!(parts.shared_place(&x.name, "Small"), small_at);
        assert_ne!(x.document.definitions["Shared"], full.definitions["Shared"]);
        assert_eq!(parts.shared_place(&x.name, "Shared"), None);
        assert_eq!(parts.shared_place(&x.name, "X"), None);
        assert_eq!(parts.shared_place("nothing", "Small"), None);
        parts.give_back(&x.name, x.document);
        assert_eq!(parts.shared_place(&x.name, "Small"), None);
        let y = parts.next_lent().unwrap();
        assert_eq!(y.document.definitions["Small"], full.definitions["Small"]);
        assert_eq!(y.document.definitions["Shared"], full.definitions["Shared"]);
        assert_eq!(parts.shared_place(&y.name, "Small"), small_at);
        // Taken back and lent again, the definitions are the parts the iterator gives.
        let owned: Vec<Part> = split_by_tag(&full, &props).collect();
        assert_eq!(owned[1].document, y.document);
    }

    #[test]
    fn parts_cut_alike_share_their_cut_copies_and_text_keys() {
        let props = sw::ConnectorProperties::default();
        let mut full = shared_and_big();
        // A second tag whose operation reaches what the first's does: cut the same way.
        let mut twin = full.paths.paths["/x"].clone();
        let op = twin.get.as_mut().unwrap();
        op.operation_id = Some("GetTwin".into());
        op.tags = Some(vec!["twin".into()]);
        full.paths.paths.insert("/twin".into(), twin);
        let owned: Vec<Part> = split_by_tag(&full, &props).collect();
        let mut parts = split_by_tag(&full, &props);
        let mut keys = Vec::new();
        for part in &owned {
            let lent = parts.next_lent().unwrap();
            assert_eq!(lent.document, part.document, "{}", part.name);
            let shrunk = lent
                .diagnostics
                .iter()
                .any(|d| d.message.contains("over 1 MB"));
            if shrunk {
                assert_ne!(
                    lent.document.definitions["Shared"],
                    full.definitions["Shared"]
                );
                keys.push((
                    lent.document.definitions["Shared"].clone(),
                    parts.text_place(&lent.name, "Shared"),
                    parts.text_place(&lent.name, "X"),
                ));
            }
            let name = lent.name.clone();
            parts.give_back(&name, lent.document);
            assert_eq!(parts.text_place(&name, "Shared"), None, "given back");
        }
        assert_eq!(keys.len(), 2, "both parts that reach Big are cut");
        let first = &keys[0];
        assert_eq!(keys[1], *first, "cut alike, with the same keys");
        let past = full.definitions.len();
        assert!(first.1.is_some_and(|k| k >= past) && first.2.is_some_and(|k| k >= past));
        assert_ne!(first.1, first.2, "each cut copy has a key of its own");
    }

    #[test]
    fn a_cut_copy_is_made_once_for_what_it_depends_on() {
        let full = shared_and_big();
        let references = References::of(&full);
        let mut cuts = CutCopies::default();
        let x = &full.definitions["X"];
        let as_written = Movable {
            references: &references,
            movable: &|_| false,
            variable: &|_| false,
        };
        let all = |_: &str| true;
        let no_big = |n: &str| n != "Big";
        let (a, first) = cuts.copy("X", x, 1, &all, &as_written);
        let (b, again) = cuts.copy("X", x, 1, &all, &as_written);
        assert_eq!((&a, first), (&b, again));
        assert_eq!(a, cut_copy(x, 1, &all));
        // Another depth, or another definition kept or not, is another copy.
        let (c, deeper) = cuts.copy("X", x, 2, &all, &as_written);
        let (d, without) = cuts.copy("X", x, 1, &no_big, &as_written);
        assert_eq!(
            (c, d.clone()),
            (cut_copy(x, 2, &all), cut_copy(x, 1, &no_big))
        );
        assert_ne!(d, a, "Big is made free-form");
        let numbers = [first, deeper, without];
        assert!(numbers.iter().all(Option::is_some));
        assert!(first != deeper && first != without && deeper != without);
        // A definition the part may have changed is cut each time, without a number.
        let changed = Movable {
            variable: &|_| true,
            ..as_written
        };
        assert_eq!(cuts.copy("X", x, 1, &all, &changed), (a, None));
    }

    #[test]
    fn a_schema_reaches_the_levels_it_has() {
        let s: sw::Schema = serde_json::from_value(serde_json::json!({"type": "object",
            "properties": {"a": {"type": "array", "items": {"type": "string"}}}}))
        .unwrap_or_default();
        assert!(reaches(&s, 0) && reaches(&s, 1) && reaches(&s, 2));
        assert!(!reaches(&s, 3));
        // Truncate changes nothing where nothing is reached, and cuts where children are.
        for levels in 0..5 {
            let mut cut = s.clone();
            truncate(&mut cut, levels);
            if !reaches(&s, levels) {
                assert_eq!(cut, s, "levels {levels}");
            }
            assert_eq!(cut != s, levels < 2, "levels {levels}");
        }
    }

    #[test]
    fn pieces_are_the_fewest_that_fit() {
        assert_eq!(fewest_pieces(0, |_| true), 1);
        assert_eq!(fewest_pieces(600, |_| true), 3);
        assert_eq!(fewest_pieces(10, |n| n >= 7), 7);
        assert_eq!(fewest_pieces(10, |n| n >= 10), 10);
        assert_eq!(fewest_pieces(10, |_| false), 10);
    }

    #[test]
    fn globs() {
        assert!(glob_match("/users/*", "/users/{id}"));
        assert!(!glob_match("/users/*", "/users/{id}/repos"));
        assert!(glob_match("/users/**", "/users/{id}/repos"));
        assert!(glob_match("/v?/items", "/v2/items"));
        assert!(glob_match("**", "/anything/at/all"));
        assert!(!glob_match("/users", "/users/x"));
    }

    #[test]
    fn slugs_and_titles() {
        assert_eq!(slug("Repos & Issues"), "repos-issues");
        assert_eq!(slug(""), "untagged");
        assert!(
            part_title("GitHub v3 REST API for everything", " Repos 2")
                .chars()
                .count()
                <= 30
        );
        assert!(part_title("GitHub", " Repos").ends_with("Repos"));
    }
}
