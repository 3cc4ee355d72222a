//! Operation ids as function names: Power Fx (`Connector.GetUsersSavedAlbums(...)`) and
//! flow expressions call actions by their operation id, and a hyphen or dot there has to be
//! quoted. The input's ids are written in PascalCase with the verb first
//! (`get-users-saved-albums` → `GetUsersSavedAlbums`, `users.list` → `ListUsers`), each
//! change reported. With the previous version of the connector, an operation at the same
//! method and path keeps the id it had, so regenerating renames nothing flows use. A
//! connector definition keeps its ids (this step is not run on one).

use connector_core::collections::HashSet;

use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;

use crate::actions::{method_verb, verb_first};
use crate::codes;
use crate::words::split_words;

/// The PascalCase, verb-first form of an operation id; `None` when it has no letters.
pub fn pascal_id(id: &str, method: &str) -> Option<String> {
    let mut words = split_words(id);
    words.first()?;
    // A trailing action verb moves to the front; otherwise the input's order stays (a verb
    // is not guessed into a name flows already know the input by).
    verb_first(&mut words);
    if !words.first()?.chars().next()?.is_ascii_alphabetic() {
        words.insert(0, method_verb(method).to_owned());
    }
    let out = crate::pascal_case(&words.join(" "));
    out.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        .then_some(out)
}

/// Writes every operation id of the input in PascalCase (see the module docs).
pub fn pascal_ids(
    doc: &mut sw::Document,
    previous: Option<&sw::Document>,
    diags: &mut Diagnostics,
) {
    let mut used: HashSet<String> = HashSet::default();
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in item.operations_mut() {
            let Some(id) = op.operation_id.clone() else {
                continue;
            };
            let at = Pointer::root()
                .push("paths")
                .push(path)
                .push(method)
                .push("operationId");
            let earlier = previous
                .and_then(|p| p.paths.paths.get(path))
                .and_then(|i| i.operation(method))
                .and_then(|o| o.operation_id.clone())
                .filter(|e| sw::platform::is_valid_operation_id(e));
            let (new, code, why) = match (earlier, pascal_id(&id, method)) {
                (Some(e), _) if !used.contains(&e.to_ascii_lowercase()) => (
                    e,
                    codes::XMS_OPERATION_ID_KEPT,
                    "as the previous version named it",
                ),
                (_, Some(p)) => (
                    p,
                    codes::XMS_OPERATION_ID_RENAMED,
                    "in PascalCase, verb first: Power Fx and flow expressions call actions by it",
                ),
                (_, None) => continue,
            };
            let unique = connector_core::unique_name(&new, |n| used.insert(n.to_ascii_lowercase()));
            if unique != new {
                diags.warn(
                    codes::XMS_OPERATION_ID_DUPLICATE,
                    &at,
                    format!(
                        "operationId `{id}` names another operation too; this one is `{unique}`"
                    ),
                );
            }
            let new = unique;
            if new == id {
                continue;
            }
            diags.info(code, &at, format!("operationId `{id}` is `{new}`, {why}"));
            op.input_id = Some(id);
            op.operation_id = Some(new);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_pascal_case_with_the_verb_first() {
        assert_eq!(
            pascal_id("get-users-saved-albums", "get").as_deref(),
            Some("GetUsersSavedAlbums")
        );
        assert_eq!(pascal_id("users.list", "get").as_deref(), Some("ListUsers"));
        assert_eq!(pascal_id("listPets", "get").as_deref(), Some("ListPets"));
        assert_eq!(
            pascal_id("CreateInvoice", "post").as_deref(),
            Some("CreateInvoice")
        );
        assert_eq!(
            pascal_id("listAPIKeys", "get").as_deref(),
            Some("ListAPIKeys")
        );
        assert_eq!(
            pascal_id("userProfile", "get").as_deref(),
            Some("UserProfile")
        );
        assert_eq!(
            pascal_id("placeOrder", "post").as_deref(),
            Some("PlaceOrder")
        );
        assert_eq!(pascal_id("Pets_List", "get").as_deref(), Some("ListPets"));
        assert_eq!(pascal_id("123", "get").as_deref(), Some("Get123"));
        assert_eq!(pascal_id("---", "get"), None);
    }

    #[test]
    fn the_previous_version_keeps_its_ids() {
        let mut doc = sw::Document::default();
        for (path, id) in [("/a", "get-a"), ("/b", "get-b")] {
            doc.paths.paths.insert(
                path.into(),
                sw::PathItem {
                    get: Some(Box::new(sw::Operation {
                        operation_id: Some(id.into()),
                        ..Default::default()
                    })),
                    ..Default::default()
                },
            );
        }
        let mut previous = doc.clone();
        if let Some(op) = previous
            .paths
            .paths
            .get_mut("/a")
            .and_then(|i| i.get.as_mut())
        {
            op.operation_id = Some("get-a".into());
        }
        previous.paths.paths.shift_remove("/b");
        let mut diags = Diagnostics::default();
        pascal_ids(&mut doc, Some(&previous), &mut diags);
        let ids: Vec<Option<String>> = doc
            .paths
            .paths
            .values()
            .map(|i| i.get.as_ref().and_then(|o| o.operation_id.clone()))
            .collect();
        assert_eq!(ids, [Some("get-a".into()), Some("GetB".into())]);
    }
}
