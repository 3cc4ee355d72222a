//! End-to-end conversion speed against the floor (parsing the same bytes into a
//! `serde_json::Value` and printing it back), over the corpus specs from a few kilobytes to
//! the largest. Run with `cargo bench -p connector-convert`; reads `../shared/corpus` and
//! skips with a notice when it is absent. Each figure is the best of several runs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use connector_convert::{Category, Options, convert};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    dir.is_dir().then_some(dir)
}

fn best<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let Some(dir) = corpus() else {
        println!("../shared/corpus is absent: nothing to measure");
        return;
    };
    let mut files: Vec<PathBuf> = ["oas30", "oas31", "swagger2", "postman", "large"]
        .iter()
        .flat_map(|d| {
            std::fs::read_dir(dir.join(d))
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        })
        .filter(|p| !p.to_string_lossy().contains(".deref."))
        .collect();
    files.sort_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0));
    println!(
        "{:<48} {:>9} {:>9} {:>10} {:>6} {:>9}",
        "input", "size KB", "floor ms", "convert ms", "ratio", "MB/s"
    );
    for path in files {
        let bytes = std::fs::read(&path).unwrap_or_default();
        if bytes.len() < 10 * 1024 {
            continue;
        }
        let name = path
            .strip_prefix(&dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .to_string();
        let mut options = Options::default();
        if let Err(e) = convert(&bytes, &options) {
            if e.category() != Category::HostRequired {
                continue;
            }
            options = options.host("api.example.com");
        }
        let runs = if bytes.len() > 4 * 1024 * 1024 { 3 } else { 5 };
        // The floor: the same bytes into a Value and back to text (YAML inputs are parsed as
        // YAML, as the converter does).
        let floor = best(runs, || {
            let (v, _) = connector_core::load_document(&bytes, &Default::default())
                .unwrap_or((serde_json::Value::Null, connector_core::Syntax::Json));
            std::hint::black_box(serde_json::to_string(&v).unwrap_or_default());
        });
        let full = best(runs, || {
            if let Ok(c) = convert(&bytes, &options) {
                std::hint::black_box(c.package.files());
            }
        });
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<48} {:>9.0} {:>9.1} {:>10.1} {:>6.1} {:>9.1}",
            name,
            bytes.len() as f64 / 1024.0,
            ms(floor),
            ms(full),
            ms(full) / ms(floor).max(0.001),
            bytes.len() as f64 / 1_048_576.0 / full.as_secs_f64().max(1e-9)
        );
    }
}
