//! The hash maps and sets the workspace builds, all with one hasher.
//!
//! The standard library's hasher (SipHash 1-3) was an eighth of a large conversion's
//! instructions: names are hashed each time a schema, parameter or definition is looked up or
//! inserted. These aliases use foldhash's seeded hasher instead, which is several times
//! faster on short keys. Its seed is random per process, so iteration order still must never
//! decide an output (nothing in the workspace lets it). Foldhash gives less protection than
//! SipHash against inputs crafted to collide; a caller converting untrusted specs in a
//! long-running service should bound the input size (see [`crate::Limits`]).
//!
//! Maps inside `serde_json::Value` keep `serde_json`'s own hasher.
//!
//! The WebAssembly build keeps the standard library's hasher: there the module's size counts
//! for more than speed, and a second hasher would instantiate every map's code twice (once
//! for `serde_json`'s maps, once for these), 28 KB more.

/// The hasher of every map and set in this module.
#[cfg(not(target_arch = "wasm32"))]
pub type Hasher = foldhash::fast::RandomState;

/// The hasher of every map and set in this module.
#[cfg(target_arch = "wasm32")]
pub type Hasher = std::hash::RandomState;

/// An insertion-ordered map with [`Hasher`].
pub type IndexMap<K, V> = indexmap::IndexMap<K, V, Hasher>;

/// An insertion-ordered set with [`Hasher`].
pub type IndexSet<T> = indexmap::IndexSet<T, Hasher>;

/// A hash map with [`Hasher`].
pub type HashMap<K, V> = std::collections::HashMap<K, V, Hasher>;

/// A hash set with [`Hasher`].
pub type HashSet<T> = std::collections::HashSet<T, Hasher>;
