//! Converts one file and prints the input size, the time and the peak resident memory
//! (VmHWM from /proc/self/status, Linux): `cargo run --release --example peak_memory -- FILE`.

use std::time::Instant;

use connector_convert::{Category, Limits, Options, convert};

fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() {
    let floor = std::env::args().any(|a| a == "--floor");
    let Some(path) = std::env::args().skip(1).find(|a| a != "--floor") else {
        eprintln!("usage: peak_memory [--floor] FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(1);
        }
    };
    let mut limits = Limits::default();
    limits.max_input_bytes = limits.max_input_bytes.max(bytes.len());
    let before = peak_kb().unwrap_or(0);
    let t = Instant::now();
    // The floor: the bytes into a Value and printed back, nothing else.
    let out: Result<usize, String> = if floor {
        connector_core::load_document(&bytes, &limits)
            .map(|(v, _)| serde_json::to_string(&v).map_or(0, |s| s.len()))
            .map_err(|e| e.to_string())
    } else {
        let mut options = Options::default().limits(limits.clone());
        let mut result = convert(&bytes, &options);
        if matches!(&result, Err(e) if e.category() == Category::HostRequired) {
            options = options.host("api.example.com");
            result = convert(&bytes, &options);
        }
        result
            .map(|c| c.package.files().iter().map(|(_, s)| s.len()).sum())
            .map_err(|e| e.to_string())
    };
    let elapsed = t.elapsed();
    let peak = peak_kb().unwrap_or(0);
    println!(
        "{path}{}: {:.1} MB in, {} bytes out, {:.2} s, peak {:.0} MB ({:.1}x the input; {:.0} MB before converting)",
        if floor { " (floor)" } else { "" },
        bytes.len() as f64 / 1_048_576.0,
        out.map_or_else(|e| format!("error: {e}"), |n| n.to_string()),
        elapsed.as_secs_f64(),
        peak as f64 / 1024.0,
        peak as f64 * 1024.0 / bytes.len().max(1) as f64,
        before as f64 / 1024.0
    );
}
