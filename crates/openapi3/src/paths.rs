//! The path items, parsed one at a time as the lowering reaches them.
//!
//! `openapiv3`'s typed path items are several kilobytes each, mostly room for operations, and
//! an item with its operations' parameters, responses and texts is tens of kilobytes more:
//! parsed all at once, before the lowering, they were the largest thing in memory on an API
//! with thousands of paths (about 120 MB of Microsoft Graph's peak). Each is now parsed when
//! the lowering comes to it and let go once lowered.

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
}

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
        }
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

/// Parses one path item (at `at`), dropping the pieces that do not fit; `None` when the
/// whole item was the piece dropped. The item is parsed from a copy without its schemas (see
/// `detach.rs`), and the pieces are dropped from the copy.
fn parse_path_item(
    item: &Value,
    at: &Pointer,
    dropped: &mut usize,
    diags: &mut Diagnostics,
) -> Result<Option<TypedItem>, ReadError> {
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
