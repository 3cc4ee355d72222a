//! Replays the kept fuzz corpora (`fuzz/corpus/<target>/`) and any crash reproducers
//! (`fuzz/artifacts/<target>/`) through the same checks the fuzz targets run, so every input a
//! fuzzing run found interesting stays a test on the stable toolchain. See `fuzz/run` for how
//! the corpora grow.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

#[path = "../fuzz/oracles.rs"]
mod oracles;

use std::panic::{AssertUnwindSafe, catch_unwind};

type Oracle = fn(&[u8]);

const TARGETS: &[(&str, Oracle)] = &[
    ("load", oracles::load),
    ("openapi3", oracles::openapi3),
    ("swagger2", oracles::swagger2),
    ("postman", oracles::postman),
    ("pipeline", oracles::pipeline),
    ("check", oracles::check),
];

/// Every target has a corpus of its own; each file is replayed, and a panic names the file.
#[test]
fn fuzz_corpora_replay_without_failure() {
    let root = common::repo().join("fuzz");
    let mut failures = Vec::new();
    for (target, oracle) in TARGETS {
        let mut files = Vec::new();
        for dir in ["corpus", "artifacts"] {
            if let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) {
                files.extend(entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()));
            }
        }
        assert!(
            !files.is_empty(),
            "{target}: no corpus in fuzz/corpus/{target} (run `fuzz/run {target}`)"
        );
        files.sort();
        for f in &files {
            // A running fuzzer may have replaced the file since it was listed.
            let Ok(data) = std::fs::read(f) else { continue };
            if catch_unwind(AssertUnwindSafe(|| oracle(&data))).is_err() {
                failures.push(format!("{target}: {}", f.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
