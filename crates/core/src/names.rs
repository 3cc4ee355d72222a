//! Unique names: a base name, or the base with the first free number from 2 on.

/// `base` if `claim` takes it, else `base2`, `base3`, ... up to the first one `claim` takes.
/// `claim` decides what "taken" means (case-insensitive, say) and records the name it takes.
pub fn unique_name(base: &str, mut claim: impl FnMut(&str) -> bool) -> String {
    if claim(base) {
        return base.to_owned();
    }
    (2usize..)
        .map(|n| format!("{base}{n}"))
        .find(|candidate| claim(candidate))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collections::HashSet;

    #[test]
    fn numbers_start_at_two() {
        let mut used = HashSet::default();
        let mut take = |base: &str| unique_name(base, |n| used.insert(n.to_ascii_lowercase()));
        assert_eq!(take("Pet"), "Pet");
        assert_eq!(take("pet"), "pet2");
        assert_eq!(take("Pet"), "Pet3");
    }
}
