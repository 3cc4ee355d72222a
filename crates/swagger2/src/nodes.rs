//! Finding and removing one node of a JSON value: what a lenient reader needs to set aside
//! exactly the part of an object that does not fit its model.

use connector_core::Pointer;
use serde_json::Value;

/// The JSON pointer of a serde path (as `serde_path_to_error` reports where a value failed).
pub fn pointer_of_path(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    let mut at = Pointer::root();
    for segment in path.iter() {
        at = match segment {
            Segment::Seq { index } => at.index(*index),
            Segment::Map { key } => at.push(key),
            Segment::Enum { variant } => at.push(variant),
            // Nothing more is known of this step.
            Segment::Unknown => break,
        };
    }
    at
}

/// Removes the node at `at` from its parent; false when there is no such node (or `at` is
/// the root).
pub fn remove_node(value: &mut Value, at: &Pointer) -> bool {
    let Some((parent, last)) = split_last(at) else {
        return false;
    };
    match value.pointer_mut(parent) {
        Some(Value::Object(map)) => map.shift_remove(&last).is_some(),
        Some(Value::Array(items)) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// The parent pointer and the last (unescaped) token of `at`; `None` for the root.
pub fn split_last(at: &Pointer) -> Option<(&str, String)> {
    let text = at.as_str();
    let (parent, last) = text.rsplit_once('/')?;
    Some((parent, connector_core::unescape_token(last)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn removes_object_members_and_array_items_but_not_the_root() {
        let mut v = json!({"a": {"b~c": 1, "d": [1, 2, 3]}});
        assert!(remove_node(&mut v, &Pointer::parse("/a/b~0c")));
        assert!(remove_node(&mut v, &Pointer::parse("/a/d/1")));
        assert!(!remove_node(&mut v, &Pointer::parse("/a/d/7")));
        assert!(!remove_node(&mut v, &Pointer::root()));
        assert_eq!(v, json!({"a": {"d": [1, 3]}}));
    }
}
