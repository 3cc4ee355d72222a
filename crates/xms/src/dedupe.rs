//! Inline schemas that repeat a definition word for word are replaced by a `$ref` to it, so
//! the definition carries no needless bulk (lowering inlines what a `$ref` into another part
//! of the document points at, and some specifications repeat their schemas). An inline
//! object of some size that appears more than once (a merged union used by a request and a
//! response, a specification that repeats itself) becomes a definition of its own, named
//! after the property that holds it, and every copy refers to it.

use connector_core::collections::{HashMap, HashSet, IndexMap};

use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;

use crate::codes;

/// Error responses (not 2xx) written word for word on several operations, at least this long
/// (compact JSON), become one shared response (`#/responses/...`) that each refers to:
/// APIs repeat the same 401/404/429/500 with their rate-limit headers on every operation.
pub fn shared_responses(doc: &mut sw::Document, diags: &mut Diagnostics) {
    const MIN_BYTES: usize = 256;
    // Each long error response's place (path, method, status) and text, written once.
    let mut places: Vec<(usize, &'static str, String, String)> = Vec::new();
    let mut counts: HashMap<String, (usize, String)> = HashMap::default();
    let mut order: Vec<String> = Vec::new();
    for (i, item) in doc.paths.paths.values().enumerate() {
        for (method, op) in item.operations() {
            for (code, r) in &op.responses.responses {
                let Some(r) = r.as_item().filter(|_| !code.starts_with('2')) else {
                    continue;
                };
                let Ok(text) = serde_json::to_string(r) else {
                    continue;
                };
                if text.len() < MIN_BYTES {
                    continue;
                }
                let entry = counts.entry(text.clone()).or_insert_with(|| {
                    order.push(text.clone());
                    (0, response_name(code, &r.description))
                });
                entry.0 += 1;
                places.push((i, method, code.clone(), text));
            }
        }
    }
    let mut names: HashMap<String, String> = HashMap::default();
    for text in &order {
        let Some((count, name)) = counts.get(text) else {
            continue;
        };
        let Ok(response) = serde_json::from_str::<sw::Response>(text) else {
            continue;
        };
        if *count < 2 {
            continue;
        }
        let name = connector_core::unique_name(name, |n| !doc.responses.contains_key(n));
        doc.responses.insert(name.clone(), response);
        names.insert(text.clone(), name);
    }
    if names.is_empty() {
        return;
    }
    let mut replaced = 0;
    for (i, method, code, text) in places {
        let Some(name) = names.get(&text) else {
            continue;
        };
        let slot = doc
            .paths
            .paths
            .get_index_mut(i)
            .and_then(|(_, item)| item.operation_slot(method))
            .and_then(Option::as_mut)
            .and_then(|op| op.responses.responses.get_mut(&code));
        if let Some(slot) = slot {
            *slot = sw::RefOr::Ref(sw::response_ref(name));
            replaced += 1;
        }
    }
    diags.info(
        codes::XMS_SCHEMA_SHARED,
        &Pointer::root().push("responses"),
        format!(
            "{replaced} error responses repeated word for word now refer to {} shared response(s)",
            names.len()
        ),
    );
}

/// A shared response's name: its description in PascalCase when short ("Unauthorized"),
/// else `Response` and its status code.
fn response_name(code: &str, description: &str) -> String {
    let words = crate::pascal_case(description);
    if !words.is_empty() && words.len() <= 40 {
        words
    } else {
        format!("Response{}", crate::pascal_case(code))
    }
}

/// Inline objects at least this long (compact JSON) are worth a definition when repeated.
const HOIST_BYTES: usize = 512;

/// See the module docs.
///
/// Texts are compared, but few are written: a survey first gives each schema a shape (a hash
/// of what its text shows) so that only schemas whose shape repeats are written out; a
/// schema seen again takes the texts below it from its first sighting instead of writing
/// them again; and the second step reuses the first step's texts.
pub fn shared_schemas(doc: &mut sw::Document, diags: &mut Diagnostics) {
    let survey = Survey::of(doc);
    let mut repeats = Repeats::of(doc, &survey);
    let sources = hoist_repeated(doc, &mut repeats, diags);
    let defs = Definitions {
        survey: &survey,
        repeats: &repeats,
        sources: &sources,
    };
    refer_to_definitions(doc, &defs, diags);
}

/// Writes `s` as compact JSON into `buf` (emptied first) and returns the text.
fn text_of<'b>(s: &sw::Schema, buf: &'b mut Vec<u8>) -> Option<&'b str> {
    buf.clear();
    serde_json::to_writer(&mut *buf, s).ok()?;
    std::str::from_utf8(buf).ok()
}

fn is_definition_root(at: &Pointer) -> bool {
    at.as_str()
        .strip_prefix("/definitions/")
        .is_some_and(|rest| !rest.contains('/'))
}

/// Whether a schema may be shared, or replaced by a reference: an inline object (it has
/// `properties`) that is not a reference itself and not a definition.
fn is_candidate(s: &sw::Schema, definition: bool) -> bool {
    !definition && s.reference.is_none() && s.properties.is_some()
}

/// One schema node, in the order the walk meets them: its shape (see [`Survey::record`])
/// and how many nodes lie below it.
#[derive(Clone, Copy)]
struct Node {
    shape: u64,
    below: usize,
}

/// Every schema node's shape, in the walk's order.
struct Survey {
    hasher: connector_core::collections::Hasher,
    nodes: Vec<Node>,
    /// How many candidates (see [`is_candidate`]) have each shape.
    counts: HashMap<u64, usize>,
    /// The definitions' shapes, in their order.
    definitions: Vec<u64>,
}

impl Survey {
    fn of(doc: &mut sw::Document) -> Survey {
        let mut survey = Survey {
            hasher: Default::default(),
            nodes: Vec::new(),
            counts: HashMap::default(),
            definitions: Vec::new(),
        };
        sw::for_each_schema_tree(doc, &mut |s, at| survey.tree(s, at));
        survey
    }

    /// Records `s` and the nodes below it, and returns its shape: a hash of what its text
    /// shows of it (its reference, title and format, its description's length) and of its
    /// children's slots and shapes. Schemas with the same text have the same shape; schemas
    /// with the same shape are compared by their texts, so a collision costs a comparison.
    fn record(&mut self, s: &sw::Schema, definition: bool) -> u64 {
        use std::hash::{BuildHasher, Hash, Hasher};
        let at = self.nodes.len();
        self.nodes.push(Node { shape: 0, below: 0 });
        let mut h = self.hasher.build_hasher();
        let description = s.description.as_ref().map(String::len);
        (&s.reference, &s.title, &s.format, description).hash(&mut h);
        for (slot, child) in s.children() {
            slot.hash(&mut h);
            self.record(child, false).hash(&mut h);
        }
        let shape = h.finish();
        let below = self.nodes.len() - at - 1;
        if let Some(node) = self.nodes.get_mut(at) {
            *node = Node { shape, below };
        }
        if is_candidate(s, definition) {
            *self.counts.entry(shape).or_default() += 1;
        }
        shape
    }

    /// Records a tree.
    fn tree(&mut self, s: &sw::Schema, at: &Pointer) {
        let definition = is_definition_root(at);
        let shape = self.record(s, definition);
        if definition {
            self.definitions.push(shape);
        }
    }

    fn repeats(&self, shape: u64) -> bool {
        self.counts.get(&shape).is_some_and(|n| *n >= 2)
    }
}

/// The slots from a tree's root down to a node, the innermost first.
struct Trail<'a> {
    slot: sw::SchemaSlot<'a>,
    up: Option<&'a Trail<'a>>,
}

/// The pointer of the node at the end of `trail`, in the tree at `root`.
fn pointer_of(root: &Pointer, trail: Option<&Trail<'_>>) -> Pointer {
    let mut slots = Vec::new();
    let mut step = trail;
    while let Some(t) = step {
        slots.push(t.slot);
        step = t.up;
    }
    let mut at = root.clone();
    for slot in slots.iter().rev() {
        slot.push_onto(&mut at);
    }
    at
}

/// An inline object's text (the key it is found under) long enough to be worth a definition:
/// how many times it is seen, a name from the first place, the survey's index of that first
/// place, and a copy of the schema (taken when it is seen a second time).
struct Repeat {
    count: usize,
    name: String,
    first: usize,
    schema: Option<sw::Schema>,
}

/// A node whose text is not among the [`Repeats`].
const NO_TEXT: usize = usize::MAX;

/// Texts of inline objects whose shape repeats, in the order first seen.
struct Repeats<'a> {
    survey: &'a Survey,
    /// The survey's next node.
    next: usize,
    /// Each node's text, as an index into `found` ([`NO_TEXT`] for most).
    texts: Vec<usize>,
    found: IndexMap<String, Repeat>,
    buf: Vec<u8>,
}

impl<'a> Repeats<'a> {
    fn of(doc: &mut sw::Document, survey: &'a Survey) -> Repeats<'a> {
        let mut repeats = Repeats {
            survey,
            next: 0,
            texts: vec![NO_TEXT; survey.nodes.len()],
            found: IndexMap::default(),
            buf: Vec::new(),
        };
        if survey.counts.values().any(|n| *n >= 2) {
            let find = &mut |s: &mut sw::Schema, at: &Pointer| {
                repeats.find(s, at, None, is_definition_root(at));
            };
            sw::for_each_schema_tree(doc, find);
        }
        repeats
    }

    /// Counts the texts of the candidates in `s` and below it (the survey's nodes from `next`
    /// on); `trail` leads to `s` from its tree's root at `root`, and `def` says whether `s` is
    /// a definition.
    fn find(&mut self, s: &sw::Schema, root: &Pointer, trail: Option<&Trail<'_>>, def: bool) {
        let i = self.next;
        self.next += 1;
        let Some(node) = self.survey.nodes.get(i).copied() else {
            return;
        };
        if is_candidate(s, def) && self.survey.repeats(node.shape) {
            if let Some(first) = self.count(s, i, root, trail) {
                // Seen before: so is everything below it, with the same texts. The sighting
                // itself is counted by the replay too.
                let mut from = first;
                self.next = i;
                self.replay(s, &mut from);
                return;
            }
        }
        for (slot, child) in s.children() {
            let here = Trail { slot, up: trail };
            self.find(child, root, Some(&here), false);
        }
    }

    /// Counts one sighting of `s` (the survey's node `i`), when its text is long enough to be
    /// worth a definition; returns the node of the first sighting when this is not it.
    fn count(
        &mut self,
        s: &sw::Schema,
        i: usize,
        root: &Pointer,
        trail: Option<&Trail<'_>>,
    ) -> Option<usize> {
        let text = text_of(s, &mut self.buf)?;
        if text.len() < HOIST_BYTES {
            return None;
        }
        if let Some((id, _, seen)) = self.found.get_full_mut(text) {
            if let Some(slot) = self.texts.get_mut(i) {
                *slot = id;
            }
            return Some(seen.first);
        }
        let name = name_from_place(&pointer_of(root, trail));
        let (id, _) = self.found.insert_full(
            text.to_owned(),
            Repeat {
                count: 1,
                name,
                first: i,
                schema: None,
            },
        );
        if let Some(slot) = self.texts.get_mut(i) {
            *slot = id;
        }
        None
    }

    /// Counts a sighting of `s` and of every text below it, copying each text of the node
    /// `from` and the nodes after it (a sighting of the same text) onto the survey's next
    /// nodes; no text is written.
    fn replay(&mut self, s: &sw::Schema, from: &mut usize) {
        let i = self.next;
        self.next += 1;
        let id = self.texts.get(*from).copied().unwrap_or(NO_TEXT);
        *from += 1;
        if let Some(seen) = self.found.get_index_mut(id).map(|(_, r)| r) {
            seen.count += 1;
            if seen.schema.is_none() {
                seen.schema = Some(s.clone());
            }
            if let Some(slot) = self.texts.get_mut(i) {
                *slot = id;
            }
        }
        for (_, child) in s.children() {
            self.replay(child, from);
        }
    }
}

/// A definition name from where a schema sits: the property holding it (`config` →
/// `Config`), the resource of the path for a body or response (`/bookings` → `Booking`),
/// `…Item` for array items.
fn name_from_place(at: &Pointer) -> String {
    let tokens: Vec<String> = at
        .as_str()
        .split('/')
        .map(connector_core::unescape_token)
        .collect();
    let mut suffix = "";
    let mut name = None;
    for (i, t) in tokens.iter().enumerate().rev() {
        if t == "items" {
            suffix = "Item";
            continue;
        }
        let after_properties = i
            .checked_sub(1)
            .and_then(|j| tokens.get(j))
            .is_some_and(|p| p == "properties");
        if after_properties {
            name = Some(t.clone());
            break;
        }
        if t == "schema" {
            // A body or response: named after the resource of its path (`/bookings` → Booking).
            name = tokens
                .get(2)
                .filter(|_| tokens.get(1).is_some_and(|p| p == "paths"))
                .and_then(|path| {
                    path.split('/')
                        .rev()
                        .find(|seg| !seg.is_empty() && !seg.starts_with('{'))
                        .map(crate::words::singular)
                });
            break;
        }
    }
    let base = crate::pascal_case(&name.unwrap_or_else(|| "Shared".into()));
    format!("{base}{suffix}")
}

/// Inline objects repeated word for word become definitions (see the module docs); returns,
/// for each definition added, the survey's node it copies.
fn hoist_repeated(
    doc: &mut sw::Document,
    repeats: &mut Repeats<'_>,
    diags: &mut Diagnostics,
) -> Vec<usize> {
    let mut sources = Vec::new();
    for repeat in repeats.found.values_mut() {
        // A copy was taken at the second sighting: only repeated texts have one.
        let Some(schema) = repeat.schema.take() else {
            continue;
        };
        let name = connector_core::unique_name(&repeat.name, |n| !doc.definitions.contains_key(n));
        doc.definitions.insert(name, schema);
        sources.push(repeat.first);
    }
    if !sources.is_empty() {
        diags.info(
            codes::XMS_SCHEMA_SHARED,
            &Pointer::root().push("definitions"),
            format!(
                "{} inline object schema(s) repeated word for word became definitions",
                sources.len()
            ),
        );
    }
    sources
}

/// What the second step knows of the definitions: the survey (which met every definition
/// there was before the first step) and the texts of the first, and the node each definition
/// it added copies.
struct Definitions<'a> {
    survey: &'a Survey,
    repeats: &'a Repeats<'a>,
    sources: &'a [usize],
}

impl<'a> Definitions<'a> {
    /// How many definitions there were before the first step added some.
    fn old(&self) -> usize {
        self.survey.definitions.len()
    }

    /// The texts of the definitions there were before the first step, with their names and
    /// shapes: only those with the shape of some candidate, as only those can have a
    /// candidate's text.
    fn old_texts(&self, doc: &sw::Document) -> Vec<(String, String, u64)> {
        let survey = self.survey;
        let mut buf = Vec::new();
        let old = doc.definitions.iter().zip(&survey.definitions);
        old.filter(|((_, d), shape)| d.properties.is_some() && survey.counts.contains_key(*shape))
            .filter_map(|((name, d), shape)| {
                let text = text_of(d, &mut buf)?.to_owned();
                Some((text, name.clone(), *shape))
            })
            .collect()
    }

    /// The definitions by their text (the first name of each), and their shapes: the old
    /// ones' texts, then each added one's, the text it was found under.
    fn by_text<'t>(
        &'t self,
        doc: &sw::Document,
        old: &'t [(String, String, u64)],
    ) -> (HashMap<&'t str, String>, HashSet<u64>) {
        let mut by_text: HashMap<&str, String> = HashMap::default();
        let mut shapes: HashSet<u64> = HashSet::default();
        for (text, name, shape) in old {
            by_text.entry(text).or_insert_with(|| name.clone());
            shapes.insert(*shape);
        }
        let added = doc.definitions.keys().skip(self.old());
        // The texts seen twice or more, each of which became a definition.
        let texts = self.repeats.found.iter().filter(|(_, r)| r.count >= 2);
        for (name, (text, repeat)) in added.zip(texts) {
            by_text.entry(text).or_insert_with(|| name.clone());
            if let Some(node) = self.survey.nodes.get(repeat.first) {
                shapes.insert(node.shape);
            }
        }
        (by_text, shapes)
    }
}

/// Inline schemas identical to a definition become references to it.
fn refer_to_definitions(doc: &mut sw::Document, defs: &Definitions<'_>, diags: &mut Diagnostics) {
    let old = defs.old_texts(doc);
    let (by_text, shapes) = defs.by_text(doc, &old);
    if by_text.is_empty() {
        return;
    }
    // The definition each of the first step's texts is, if any.
    let names: Vec<Option<&str>> = (defs.repeats.found.keys())
        .map(|text| by_text.get(text.as_str()).map(String::as_str))
        .collect();
    let mut v = Shared {
        defs,
        next: 0,
        seen: 0,
        names: &names,
        by_text: &by_text,
        shapes: &shapes,
        replaced: 0,
        buf: Vec::new(),
    };
    sw::for_each_schema_tree(doc, &mut |s, at| v.tree(s, at));
    if v.replaced > 0 {
        diags.info(
            codes::XMS_SCHEMA_SHARED,
            &Pointer::root().push("definitions"),
            format!(
                "{} inline schemas identical to a definition now refer to it",
                v.replaced
            ),
        );
    }
}

struct Shared<'a> {
    defs: &'a Definitions<'a>,
    /// The survey's next node.
    next: usize,
    /// How many definitions the walk has met.
    seen: usize,
    /// The definition each of the first step's texts is.
    names: &'a [Option<&'a str>],
    by_text: &'a HashMap<&'a str, String>,
    shapes: &'a HashSet<u64>,
    replaced: usize,
    buf: Vec<u8>,
}

impl<'a> Shared<'a> {
    /// Replaces `s`, or else the schemas below it, by a reference to a definition with the
    /// same text.
    fn refer(&mut self, s: &mut sw::Schema, def: bool) {
        let i = self.next;
        self.next += 1;
        let Some(node) = self.defs.survey.nodes.get(i).copied() else {
            return;
        };
        if is_candidate(s, def) {
            if let Some(name) = self.definition_for(s, i, node.shape) {
                *s = sw::Schema::to_definition(name);
                self.replaced += 1;
                self.next += node.below;
                return;
            }
        }
        for (_, child) in s.children_mut() {
            self.refer(child, false);
        }
    }

    /// The definition with the text of `s` (the survey's node `i`): known from the first
    /// step when it wrote that text, else written now when a definition has its shape.
    fn definition_for(&mut self, s: &sw::Schema, i: usize, shape: u64) -> Option<&'a str> {
        let id = self.defs.repeats.texts.get(i).copied().unwrap_or(NO_TEXT);
        if id != NO_TEXT {
            return self.names.get(id).copied().flatten();
        }
        if !self.shapes.contains(&shape) {
            return None;
        }
        let text = text_of(s, &mut self.buf)?;
        self.by_text.get(text).map(String::as_str)
    }
}

impl Shared<'_> {
    fn tree(&mut self, s: &mut sw::Schema, at: &Pointer) {
        let def = is_definition_root(at);
        let added = self.seen.checked_sub(self.defs.old());
        if def {
            self.seen += 1;
        }
        // An added definition is a copy: its nodes are those of the schema it copies.
        let source = added.filter(|_| def).and_then(|j| self.defs.sources.get(j));
        match source {
            Some(&from) => {
                let next = std::mem::replace(&mut self.next, from);
                self.refer(s, true);
                self.next = next;
            }
            None => self.refer(s, def),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn repeated_inline_objects_become_one_definition() {
        let props: serde_json::Map<String, serde_json::Value> = (0..30)
            .map(|i| {
                (
                    format!("field{i}"),
                    json!({"type": "string", "description": "A field of the booking."}),
                )
            })
            .collect();
        let booking = json!({"type": "object", "properties": props});
        let v = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {
            "/bookings": {"post": {
                "parameters": [{"name": "body", "in": "body", "schema": booking.clone()}],
                "responses": {"200": {"description": "ok", "schema": booking}}}}}});
        let mut diags = Diagnostics::new();
        let mut doc = sw::read_document(v, &mut diags);
        shared_schemas(&mut doc, &mut diags);
        let op = doc.paths.paths["/bookings"].post.as_ref().unwrap();
        let body = op.parameters.as_ref().unwrap()[0]
            .as_item()
            .unwrap()
            .schema
            .clone()
            .unwrap();
        let out = op.responses.responses["200"]
            .as_item()
            .unwrap()
            .schema
            .clone()
            .unwrap();
        assert_eq!(body.reference.as_deref(), Some("#/definitions/Booking"));
        assert_eq!(out.reference, body.reference);
        assert_eq!(
            doc.definitions["Booking"]
                .properties
                .as_ref()
                .unwrap()
                .len(),
            30
        );
    }

    #[test]
    fn repeated_error_responses_are_shared() {
        let limit = json!({"type": "integer", "description": "The number of requests left in the current window before the API refuses more."});
        let error = json!({"description": "Unauthorized", "headers": {"ratelimit-remaining": limit.clone(), "ratelimit-limit": limit}});
        let op = json!({"responses": {"200": {"description": "ok"}, "401": error}});
        let v = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {
            "/a": {"get": op.clone()}, "/b": {"get": op}}});
        let mut diags = Diagnostics::new();
        let mut doc = sw::read_document(v, &mut diags);
        shared_responses(&mut doc, &mut diags);
        for path in ["/a", "/b"] {
            let responses = &doc.paths.paths[path]
                .get
                .as_ref()
                .unwrap()
                .responses
                .responses;
            assert!(
                matches!(&responses["401"], sw::RefOr::Ref(r) if r == "#/responses/Unauthorized")
            );
            assert!(responses["200"].as_item().is_some());
        }
        assert!(doc.responses.contains_key("Unauthorized"));
    }

    /// The plain algorithm, to check the fast one against: every candidate's text written
    /// out and compared, wherever it sits.
    fn written_out(doc: &mut sw::Document, diags: &mut Diagnostics) {
        struct Every(IndexMap<String, (usize, String, Option<sw::Schema>)>);
        impl sw::VisitMut for Every {
            fn schema(&mut self, s: &mut sw::Schema, at: &Pointer) {
                let text = serde_json::to_string(s).unwrap();
                if !is_candidate(s, is_definition_root(at)) || text.len() < HOIST_BYTES {
                    return;
                }
                let seen = self.0.entry(text).or_insert((0, name_from_place(at), None));
                seen.0 += 1;
                if seen.0 == 2 {
                    seen.2 = Some(s.clone());
                }
            }
        }
        let mut every = Every(IndexMap::default());
        sw::walk_document_mut(doc, &mut every);
        let mut added = 0;
        for (_, (_, name, schema)) in every.0 {
            if let Some(schema) = schema {
                let name = connector_core::unique_name(&name, |n| !doc.definitions.contains_key(n));
                doc.definitions.insert(name, schema);
                added += 1;
            }
        }
        if added > 0 {
            diags.info(
                codes::XMS_SCHEMA_SHARED,
                &Pointer::root(),
                format!("{added}"),
            );
        }
        struct Refer(HashMap<String, String>, usize);
        impl sw::VisitMut for Refer {
            fn schema(&mut self, s: &mut sw::Schema, at: &Pointer) {
                if !is_candidate(s, is_definition_root(at)) {
                    return;
                }
                if let Some(name) = self.0.get(&serde_json::to_string(s).unwrap()) {
                    *s = sw::Schema::to_definition(name);
                    self.1 += 1;
                }
            }
        }
        let mut by_text = HashMap::default();
        for (name, d) in doc
            .definitions
            .iter()
            .filter(|(_, d)| d.properties.is_some())
        {
            let text = serde_json::to_string(d).unwrap();
            by_text.entry(text).or_insert_with(|| name.clone());
        }
        let mut refer = Refer(by_text, 0);
        sw::walk_document_mut(doc, &mut refer);
        if refer.1 > 0 {
            diags.info(
                codes::XMS_SCHEMA_SHARED,
                &Pointer::root(),
                format!("{}", refer.1),
            );
        }
    }

    /// A small generator of documents whose schemas repeat, nest their repeats, and differ
    /// only in a description of the same length (the same shape, another text).
    struct Gen(u64);

    impl Gen {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }

        fn object(&mut self, depth: u32) -> serde_json::Value {
            let mut props = serde_json::Map::new();
            for i in 0..(2 + self.below(4)) {
                let long = "x".repeat(100 + 60 * self.below(2) as usize);
                let description = format!("{}{long}", self.below(3));
                let value = match self.below(if depth > 0 { 5 } else { 2 }) {
                    0 => json!({"type": "string", "description": description}),
                    1 => json!({"type": "integer"}),
                    2 => json!({"type": "array", "items": self.object(depth - 1)}),
                    3 => json!({"$ref": "#/definitions/D0"}),
                    _ => self.object(depth - 1),
                };
                props.insert(format!("p{}", (i + self.below(2)) % 5), value);
            }
            json!({"type": "object", "description": "o".repeat(self.below(2) as usize), "properties": props})
        }

        /// One of a few objects, so that the same ones come back.
        fn pick(&mut self, pool: &[serde_json::Value]) -> serde_json::Value {
            pool[self.below(pool.len() as u64) as usize].clone()
        }

        fn document(&mut self) -> serde_json::Value {
            let pool: Vec<_> = (0..6).map(|_| self.object(2)).collect();
            let mut paths = serde_json::Map::new();
            for p in 0..(1 + self.below(6)) {
                let body = json!({"name": "body", "in": "body", "schema": self.pick(&pool)});
                let list = json!({"type": "array", "items": self.pick(&pool)});
                let mut item = json!({"post": {"parameters": [body], "responses": {
                    "200": {"description": "ok", "schema": self.pick(&pool)},
                    "201": {"description": "ok", "schema": list}}}});
                if self.below(3) == 0 {
                    item["x-ms-notification-content"] = json!({"schema": self.pick(&pool)});
                }
                paths.insert(format!("/things{p}/{{id}}"), item);
            }
            let mut definitions = serde_json::Map::new();
            for d in 0..self.below(4) {
                definitions.insert(format!("D{d}"), self.pick(&pool));
            }
            json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": paths,
                "definitions": definitions})
        }
    }

    #[test]
    fn surveyed_sharing_writes_what_comparing_every_text_writes() {
        let mut changed = 0;
        for seed in 1..150u64 {
            let v = Gen(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)).document();
            let (mut fast, mut plain) = (Diagnostics::new(), Diagnostics::new());
            let mut a = sw::read_document(v.clone(), &mut fast);
            let mut b = sw::read_document(v, &mut plain);
            let before = sw::to_json_string(&a).unwrap();
            shared_schemas(&mut a, &mut fast);
            written_out(&mut b, &mut plain);
            let after = sw::to_json_string(&a).unwrap();
            assert_eq!(after, sw::to_json_string(&b).unwrap(), "seed {seed}");
            let counts = |d: &Diagnostics| -> Vec<String> {
                let words = d.as_slice().iter().map(|d| d.message.split(' ').next());
                words.map(|w| w.unwrap_or_default().to_owned()).collect()
            };
            assert_eq!(counts(&fast), counts(&plain), "seed {seed}");
            changed += usize::from(after != before);
        }
        // The generator must make documents that have something to share.
        assert!(changed > 120, "only {changed} documents changed");
    }

    #[test]
    fn copies_of_a_definition_become_references() {
        let pet = json!({"type": "object", "properties": {"name": {"type": "string"}}});
        let v = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {
            "/pets": {"get": {"responses": {"200": {"description": "ok",
                "schema": {"type": "array", "items": pet.clone()}}}}}},
            "definitions": {"Pet": pet, "Other": {"type": "object",
                "properties": {"name": {"type": "integer"}}}}});
        let mut diags = Diagnostics::new();
        let mut doc = sw::read_document(v, &mut diags);
        shared_schemas(&mut doc, &mut diags);
        let items = doc.paths.paths["/pets"]
            .get
            .as_ref()
            .unwrap()
            .responses
            .responses["200"]
            .as_item()
            .unwrap()
            .schema
            .as_ref()
            .unwrap()
            .items
            .as_ref()
            .unwrap()
            .reference
            .clone();
        assert_eq!(items.as_deref(), Some("#/definitions/Pet"));
        // Definitions themselves are untouched.
        assert!(doc.definitions["Pet"].reference.is_none());
        assert!(doc.definitions["Other"].properties.is_some());
    }
}
