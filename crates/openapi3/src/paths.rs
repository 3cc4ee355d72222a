//! The path items, parsed one at a time as the lowering reaches them.
//!
//! `openapiv3`'s typed path items are several kilobytes each, mostly room for operations, and
//! an item with its operations' parameters, responses and texts is tens of kilobytes more:
//! parsed all at once, before the lowering, they were the largest thing in memory on an API
//! with thousands of paths (about 120 MB of Microsoft Graph's peak). Each is now parsed when
//! the lowering comes to it and let go once lowered.
//!
//! Outside WebAssembly, a second thread parses the items a few ahead of the lowering
//! ([`PathSource::prefetch`]): the parse was a tenth of a large document's conversion, and the
//! lowering of the items another tenth, so on two cores the two take the time of one. The
//! items, their findings and the count of dropped pieces are the same as when parsed in turn.

#[cfg(not(target_arch = "wasm32"))]
use std::sync::mpsc::{Receiver, SyncSender};

use connector_core::collections::{HashMap, HashSet};

use connector_core::{Diagnostics, Pointer};
use oa::ReferenceOr;
use openapiv3 as oa;
use serde_json::{Map, Value};

use crate::lower::TypedItem;
use crate::normalize::unescape;
use crate::{ReadError, detach, drop_piece, locate, unreadable};

/// The document's `paths` as written (after normalisation), read item by item.
pub(crate) struct PathSource<'a> {
    paths: Option<&'a Map<String, Value>>,
    /// Pieces dropped so far, in the whole document (see [`crate::MAX_DROPPED`]).
    dropped: usize,
    /// The paths other items refer to (`$ref: '#/paths/…'`).
    referenced: HashSet<String>,
    /// Those of them parsed so far (`None`: the whole item was dropped).
    targets: HashMap<String, Option<TypedItem>>,
    /// The items parsed ahead, while a prefetch runs.
    #[cfg(not(target_arch = "wasm32"))]
    feed: Option<Feed>,
}

/// The items a prefetch parsed, in the order of `paths`: the rest of the run taken last, and
/// the runs to come.
#[cfg(not(target_arch = "wasm32"))]
struct Feed {
    run: std::vec::IntoIter<Parsed>,
    runs: Receiver<Vec<Parsed>>,
}

#[cfg(not(target_arch = "wasm32"))]
impl Feed {
    /// The next item; `None` once the prefetch has sent them all.
    fn next(&mut self) -> Option<Parsed> {
        if let Some(parsed) = self.run.next() {
            return Some(parsed);
        }
        self.run = self.runs.recv().ok()?.into_iter();
        self.run.next()
    }
}

/// One item as the prefetching thread parsed it, with the findings of its parse.
#[cfg(not(target_arch = "wasm32"))]
type Parsed = (Result<Option<TypedItem>, ReadError>, Diagnostics);

/// Fewer path items than this are parsed in turn: a thread costs more than it saves.
#[cfg(not(target_arch = "wasm32"))]
const PREFETCH_MIN: usize = 16;

/// How many runs of parsed items may wait for the lowering: enough to keep both threads busy,
/// few enough that the typed items never add up (see the module docs).
#[cfg(not(target_arch = "wasm32"))]
const PREFETCH_AHEAD: usize = 4;

/// How many parsed items go to the lowering at once. Sent one by one, the lowering woke the
/// parsing thread for each (a system call): on Microsoft Graph's 5,000 items, once the parse
/// was quick, that cost the lowering more than the parse ahead of it saved.
#[cfg(not(target_arch = "wasm32"))]
const PREFETCH_RUN: usize = 16;

impl<'a> PathSource<'a> {
    /// The items of `doc`'s `paths`; `dropped` pieces of the document were dropped before.
    pub(crate) fn new(doc: &'a Value, dropped: usize) -> Self {
        let paths = doc.get("paths").and_then(Value::as_object);
        let referenced = paths
            .into_iter()
            .flatten()
            .filter(|(path, _)| path.starts_with('/'))
            .filter_map(|(_, item)| item.get("$ref")?.as_str()?.strip_prefix("#/paths/"))
            .map(unescape)
            .collect();
        Self {
            paths,
            dropped,
            referenced,
            targets: HashMap::default(),
            #[cfg(not(target_arch = "wasm32"))]
            feed: None,
        }
    }

    /// Starts parsing the items on a thread of `scope`, in order, a few ahead of
    /// [`Self::item`], which then takes them from it. Only when no item refers to another
    /// (those are parsed when first asked for) and there are enough of them; `None` when the
    /// items are left to be parsed in turn. End it with [`Self::end_prefetch`].
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn prefetch<'scope>(
        &mut self,
        scope: &'scope std::thread::Scope<'scope, '_>,
    ) -> Option<std::thread::ScopedJoinHandle<'scope, usize>>
    where
        'a: 'scope,
    {
        let paths = self.paths.filter(|_| self.referenced.is_empty())?;
        let items = paths
            .keys()
            .filter(|p| p.starts_with('/'))
            .take(PREFETCH_MIN);
        if items.count() < PREFETCH_MIN {
            return None;
        }
        let (tx, rx) = std::sync::mpsc::sync_channel(PREFETCH_AHEAD);
        let dropped = self.dropped;
        let producer = std::thread::Builder::new()
            .name("path-items".into())
            .spawn_scoped(scope, move || parse_in_turn(paths, dropped, &tx))
            .ok()?;
        self.feed = Some(Feed {
            run: Vec::new().into_iter(),
            runs: rx,
        });
        Some(producer)
    }

    /// Ends a prefetch: lets the thread stop if the lowering stopped early, waits for it and
    /// takes over its count of dropped pieces.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn end_prefetch(&mut self, producer: std::thread::ScopedJoinHandle<'_, usize>) {
        self.feed = None;
        if let Ok(dropped) = producer.join() {
            self.dropped = dropped;
        }
    }

    /// A copy to read the items again from where this one stands; `None` while a prefetch
    /// runs (its items cannot be read twice).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn snapshot(&self) -> Option<Self> {
        if self.feed.is_some() {
            return None;
        }
        Some(Self {
            paths: self.paths,
            dropped: self.dropped,
            referenced: self.referenced.clone(),
            targets: self.targets.clone(),
            feed: None,
        })
    }

    /// The members of `paths`, in order.
    pub(crate) fn members(&self) -> impl Iterator<Item = (&'a String, &'a Value)> + use<'a> {
        self.paths.into_iter().flatten()
    }

    /// The typed item at `path` (written `item`); `None` when the whole item was dropped.
    /// Parse errors go to `diags`.
    pub(crate) fn item(
        &mut self,
        path: &str,
        item: &Value,
        at: &Pointer,
        diags: &mut Diagnostics,
    ) -> Result<Option<TypedItem>, ReadError> {
        if self.referenced.contains(path) {
            return Ok(self.parsed_target(path, diags)?.cloned());
        }
        #[cfg(not(target_arch = "wasm32"))]
        if let Some((parsed, found)) = self.feed.as_mut().and_then(Feed::next) {
            diags.extend(found.into_vec());
            return parsed;
        }
        parse_path_item(item, at, &mut self.dropped, diags)
    }

    /// The path item `reference` (`#/paths/…`) leads to, when it is one of the document's
    /// and not itself a reference.
    pub(crate) fn target(
        &mut self,
        reference: &str,
        diags: &mut Diagnostics,
    ) -> Result<Option<Box<oa::PathItem>>, ReadError> {
        let Some(path) = reference.strip_prefix("#/paths/").map(unescape) else {
            return Ok(None);
        };
        Ok(match self.parsed_target(&path, diags)? {
            Some(ReferenceOr::Item(item)) => Some(item.clone()),
            _ => None,
        })
    }

    /// A path other items refer to, parsed the first time it is asked for, so that its parse
    /// errors are told once.
    fn parsed_target(
        &mut self,
        path: &str,
        diags: &mut Diagnostics,
    ) -> Result<Option<&TypedItem>, ReadError> {
        if !self.targets.contains_key(path) {
            let written = self
                .paths
                .filter(|_| path.starts_with('/'))
                .and_then(|paths| paths.get(path));
            let Some(item) = written else {
                return Ok(None);
            };
            let at = Pointer::root().push("paths").push(path);
            let parsed = parse_path_item(item, &at, &mut self.dropped, diags)?;
            self.targets.insert(path.to_owned(), parsed);
        }
        Ok(self.targets.get(path).and_then(Option::as_ref))
    }
}

/// Parses the items of `paths` in order, as [`PathSource::item`] would, and sends them with
/// their findings in runs of [`PREFETCH_RUN`]; stops after an unreadable one (sending the run
/// it ends) or once nobody takes them. Returns the count of dropped pieces, starting from
/// `dropped`.
#[cfg(not(target_arch = "wasm32"))]
fn parse_in_turn(
    paths: &Map<String, Value>,
    mut dropped: usize,
    tx: &SyncSender<Vec<Parsed>>,
) -> usize {
    let at = Pointer::root().push("paths");
    let mut run = Vec::with_capacity(PREFETCH_RUN);
    for (path, item) in paths.iter().filter(|(p, _)| p.starts_with('/')) {
        let mut found = Diagnostics::new();
        let parsed = parse_path_item(item, &at.push(path), &mut dropped, &mut found);
        let unreadable = parsed.is_err();
        run.push((parsed, found));
        if unreadable {
            break;
        }
        if run.len() == PREFETCH_RUN {
            let full = std::mem::replace(&mut run, Vec::with_capacity(PREFETCH_RUN));
            if tx.send(full).is_err() {
                return dropped;
            }
        }
    }
    if !run.is_empty() {
        // Nobody may take it any more: the count is returned all the same.
        let _ = tx.send(run);
    }
    dropped
}

/// Parses one path item (at `at`), dropping the pieces that do not fit; `None` when the
/// whole item was the piece dropped. A well-formed item is read by hand (see `typed.rs`;
/// not in WebAssembly); others are parsed from a copy without their schemas (see
/// `detach.rs`), and the pieces are dropped from the copy.
fn parse_path_item(
    item: &Value,
    at: &Pointer,
    dropped: &mut usize,
    diags: &mut Diagnostics,
) -> Result<Option<TypedItem>, ReadError> {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(typed) = crate::typed::path_item(item, at) {
        return Ok(Some(typed));
    }
    let mut copy = detach::hollow_path_item(item, at);
    loop {
        let e = match <TypedItem as serde::Deserialize>::deserialize(&copy) {
            Ok(typed) => return Ok(Some(typed)),
            Err(e) => e,
        };
        let located = locate::path_item(&copy, at);
        let mut whole = false;
        let removed = drop_piece(located, dropped, diags, |piece| {
            match piece.as_str().strip_prefix(at.as_str()) {
                Some("") => {
                    whole = true;
                    true
                }
                Some(inner) => {
                    connector_swagger2::nodes::remove_node(&mut copy, &Pointer::parse(inner))
                }
                None => false,
            }
        });
        match removed {
            Ok(()) if whole => return Ok(None),
            Ok(()) => {}
            Err(piece) => {
                return Err(unreadable(
                    piece.unwrap_or_else(|| at.clone()),
                    &e.to_string(),
                    diags,
                ));
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    /// Every item of `doc` as [`PathSource::item`] gives it, with or without a prefetch: the
    /// results (as debug text), the findings and the final count of dropped pieces. `stop`
    /// ends the lowering early after that many items.
    fn read_all(doc: &Value, ahead: bool, stop: usize) -> (Vec<String>, Vec<String>, usize) {
        let mut source = PathSource::new(doc, 3);
        let members: Vec<_> = source.members().collect();
        let mut diags = Diagnostics::new();
        let mut seen = Vec::new();
        std::thread::scope(|scope| {
            let producer = if ahead { source.prefetch(scope) } else { None };
            assert_eq!(
                producer.is_some(),
                ahead,
                "a prefetch starts when asked for"
            );
            for (path, item) in members.iter().filter(|(p, _)| p.starts_with('/')) {
                let at = Pointer::root().push("paths").push(path.as_str());
                let parsed = source.item(path, item, &at, &mut diags);
                let unreadable = parsed.is_err();
                seen.push(format!("{parsed:?}"));
                if unreadable || seen.len() == stop {
                    break;
                }
            }
            if let Some(producer) = producer {
                source.end_prefetch(producer);
            }
        });
        let found = diags.as_slice().iter().map(|d| format!("{d:?}")).collect();
        (seen, found, source.dropped)
    }

    /// `n` path items, among them items with a bad piece, whole bad items and members that
    /// are not paths.
    fn mixed(n: usize) -> Value {
        let mut paths = Map::new();
        for i in 0..n {
            let item = match i % 5 {
                0 => {
                    json!({"get": {"parameters": [{"name": "q", "in": "query", "required": "yes"}], "responses": {}}})
                }
                1 => json!(7),
                2 => json!({"get": {"responses": {"200": {"description": "ok"}}}, "post": "no"}),
                _ => json!({"parameters": [{"name": "id", "in": "path", "required": true}],
                    "get": {"summary": format!("item {i}"), "responses": {"200": {"description": "ok"}}}}),
            };
            paths.insert(format!("/p{i}"), item);
            if i % 7 == 0 {
                paths.insert(format!("x-note{i}"), json!(i));
            }
        }
        json!({ "paths": paths })
    }

    #[test]
    fn prefetched_items_are_the_items_parsed_in_turn() {
        let doc = mixed(40);
        let in_turn = read_all(&doc, false, usize::MAX);
        assert_eq!(in_turn.0.len(), 40);
        assert!(in_turn.1.len() >= 16, "the mix drops pieces");
        assert!(in_turn.2 > 3, "dropped pieces are counted");
        assert_eq!(read_all(&doc, true, usize::MAX), in_turn);
    }

    #[test]
    fn a_prefetch_stops_at_the_unreadable_item_as_in_turn() {
        // Every item is bad: the count of dropped pieces runs over its limit part-way.
        let paths: Map<String, Value> = (0..=crate::MAX_DROPPED + 20)
            .map(|i| (format!("/p{i}"), json!({"get": 7})))
            .collect();
        let doc = json!({ "paths": paths });
        let in_turn = read_all(&doc, false, usize::MAX);
        assert!(in_turn.0.last().is_some_and(|r| r.starts_with("Err")));
        assert!(in_turn.0.len() < crate::MAX_DROPPED + 20);
        assert_eq!(read_all(&doc, true, usize::MAX), in_turn);
    }

    #[test]
    fn a_lowering_that_stops_early_lets_the_prefetch_end() {
        // The thread is blocked a few items ahead when the lowering stops; ending the
        // prefetch must not wait for the rest.
        let doc = mixed(200);
        let (seen, _, _) = read_all(&doc, true, 2);
        assert_eq!(seen, read_all(&doc, false, 2).0);
    }

    #[test]
    fn few_or_referring_items_are_parsed_in_turn() {
        let few = mixed(PREFETCH_MIN - 1);
        let mut referring = mixed(PREFETCH_MIN * 2);
        if let Some(paths) = referring.get_mut("paths").and_then(Value::as_object_mut) {
            paths.insert("/alias".into(), json!({"$ref": "#/paths/~1p3"}));
        }
        for doc in [few, referring] {
            let mut source = PathSource::new(&doc, 0);
            std::thread::scope(|scope| assert!(source.prefetch(scope).is_none()));
        }
        let enough = mixed(PREFETCH_MIN);
        let mut source = PathSource::new(&enough, 0);
        std::thread::scope(|scope| {
            let producer = source.prefetch(scope);
            assert!(producer.is_some());
            if let Some(producer) = producer {
                source.end_prefetch(producer);
            }
        });
    }
}
