//! Whole-process time and peak memory of a conversion against the floor and the peers, median
//! of several runs, as a user meets them: `cargo bench -p connector-convert --bench versus`.
//! Ours and the floor (and the split and the single conversion) run in turn, run by run, and
//! their ratio is the median of the runs' own ratios, so that a slow spell of the machine
//! weighs on both sides of it.
//!
//! - **ours**: the `connector-convert` binary (`convert FILE --out DIR -q`);
//! - **floor**: this bench's own executable, run as a child that reads the same bytes into a
//!   `serde_json::Value` and prints them back to a file (`--floor FILE OUT`);
//! - **peers**, where installed (docs/performance.md says how; a missing one is skipped with a
//!   notice): `api-spec-converter` (OpenAPI 3 → Swagger 2.0) on the OpenAPI specs, and
//!   `postman2openapi` (Postman → OpenAPI 3) on the Postman collection. `PEER_API_SPEC_CONVERTER`
//!   and `PEER_POSTMAN2OPENAPI` name them when they are not on the `PATH`.
//!
//! Then the cost curve: time, peak and time per MB of ours for every corpus input from 10 KB
//! up to the 73 MB dereferenced GitHub spec. Peak memory is the maximum resident set size
//! GNU time reports (`/usr/bin/time`); without it only times are shown. The curve passes
//! `--host api.example.com`, so that inputs without an absolute server URL convert too.
//! `RUNS` sets the number of runs (default 5); `VERSUS_TABLE=0` or `VERSUS_CURVE=0` leaves
//! the table or the curve out. Reads `../shared/corpus` and says so when it is absent.

/// The floor runs with the binary's allocator, so that the two are compared like for like.
#[cfg(all(
    feature = "jemalloc",
    not(any(target_env = "msvc", target_family = "wasm"))
))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const OURS: &str = env!("CARGO_BIN_EXE_connector-convert");
const GNU_TIME: &str = "/usr/bin/time";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--floor") {
        floor(args.get(i + 1), args.get(i + 2));
        return;
    }
    let Some(corpus) = corpus() else {
        println!("notice: ../shared/corpus is absent: nothing to measure");
        return;
    };
    let runs = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    if !Path::new(GNU_TIME).is_file() {
        println!("notice: {GNU_TIME} is missing: peak memory is not measured");
    }
    let bench = Bench { runs };
    if std::env::var("VERSUS_TABLE").as_deref() != Ok("0") {
        bench.versus(&corpus);
    }
    if std::env::var("VERSUS_CURVE").as_deref() != Ok("0") {
        bench.curve(&corpus);
    }
}

/// The floor: the bytes read into a `Value` and printed back.
fn floor(input: Option<&String>, out: Option<&String>) {
    let (Some(input), Some(out)) = (input, out) else {
        eprintln!("usage: --floor FILE OUT");
        std::process::exit(2);
    };
    let bytes = std::fs::read(input).unwrap_or_default();
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    let text = serde_json::to_vec(&value).unwrap_or_default();
    if std::fs::write(out, text).is_err() {
        std::process::exit(1);
    }
}

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    dir.is_dir().then_some(dir)
}

/// One measured command: median wall time (s) and median peak resident memory (MiB).
#[derive(Clone, Copy)]
struct Figure {
    seconds: f64,
    mib: Option<f64>,
}

impl Figure {
    fn show(self) -> String {
        match self.mib {
            Some(m) => format!("{:.2} s, {m:.0} MiB", self.seconds),
            None => format!("{:.2} s", self.seconds),
        }
    }
}

struct Bench {
    runs: usize,
}

/// A peer converter, when installed.
struct Peer {
    name: &'static str,
    program: PathBuf,
}

impl Bench {
    /// The table of the three big inputs, the split, the floor and the peers.
    fn versus(&self, corpus: &Path) {
        let github = corpus.join("large/github-rest-api.json");
        let postman = corpus.join("postman/github-v3.postman_collection.json");
        let graph = corpus.join("scale/microsoft-graph.json");
        let converter = peer(
            "api-spec-converter",
            "PEER_API_SPEC_CONVERTER",
            "npm install -g api-spec-converter",
        );
        let p2o = peer(
            "postman2openapi",
            "PEER_POSTMAN2OPENAPI",
            "cargo install postman2openapi-cli",
        );
        println!(
            "\n| input | ours | floor | ours / floor (time, peak) | output / input (compact) | peer | ours vs peer (time) |"
        );
        println!("|---|---|---|---|---|---|---|");
        for (input, peer) in [
            (&github, converter.as_ref()),
            (&postman, p2o.as_ref()),
            (&graph, converter.as_ref()),
        ] {
            if input.is_file() {
                self.row(input, peer);
            }
        }
        if graph.is_file() {
            self.split_row(&graph);
        }
    }

    fn row(&self, input: &Path, peer: Option<&Peer>) {
        let floor = |out: &Path| {
            let mut c = Command::new(std::env::current_exe().unwrap_or_default());
            c.arg("--floor").arg(input).arg(out.join("floor.json"));
            c
        };
        let pair = self.pair(|out| ours_command(input, out, &[]), floor);
        let (peer_text, versus) = match peer {
            Some(p) => {
                let f = self.peer(p, input);
                let faster = f.seconds / pair.a.seconds;
                let verdict = if faster >= 1.0 {
                    format!("{faster:.1}× faster")
                } else {
                    format!("**{:.1}× slower**", 1.0 / faster)
                };
                (format!("{}: {}", p.name, f.show()), verdict)
            }
            None => ("(not installed)".into(), String::new()),
        };
        println!(
            "| {} ({}) | {} | {} | {} | {} | {peer_text} | {versus} |",
            file_name(input),
            megabytes(input),
            pair.a.show(),
            pair.b.show(),
            pair.ratios(),
            output_ratio(input),
        );
    }

    /// `--split-by-tag` against the single conversion of the same input.
    fn split_row(&self, input: &Path) {
        let pair = self.pair(
            |out| ours_command(input, out, &["--split-by-tag"]),
            |out| ours_command(input, out, &[]),
        );
        println!(
            "| {} `--split-by-tag` | {} | single conversion: {} | {} | | | |",
            file_name(input),
            pair.a.show(),
            pair.b.show(),
            pair.ratios(),
        );
    }

    /// Time and peak of ours against the input size, and the cost per MB.
    fn curve(&self, corpus: &Path) {
        let mut files: Vec<PathBuf> = ["oas30", "oas31", "swagger2", "postman", "large"]
            .iter()
            .flat_map(|d| std::fs::read_dir(corpus.join(d)).into_iter().flatten())
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
            })
            .filter(|p| size(p) >= 10 * 1024)
            .collect();
        files.sort_by_key(|p| size(p));
        println!("\n| input | size | time | peak | ms per MB |");
        println!("|---|---|---|---|---|");
        let mut per_mb = Vec::new();
        for path in &files {
            let f = self.ours(
                path,
                &[
                    "--max-input-bytes",
                    "200000000",
                    "--host",
                    "api.example.com",
                ],
            );
            let mb = size(path) as f64 / 1e6;
            let cost = f.seconds * 1000.0 / mb;
            per_mb.push((mb, cost));
            println!(
                "| {} | {:.2} MB | {:.3} s | {} | {cost:.0} |",
                file_name(path),
                mb,
                f.seconds,
                f.mib.map_or(String::new(), |m| format!("{m:.0} MiB")),
            );
        }
        // The per-MB cost of the largest input against that of the input nearest 1 MB.
        let near_one = per_mb
            .iter()
            .min_by(|a, b| (a.0 - 1.0).abs().total_cmp(&(b.0 - 1.0).abs()));
        if let (Some(largest), Some(one)) = (per_mb.last(), near_one) {
            println!(
                "\nper-MB cost: largest ({:.0} MB) {:.0} ms/MB, nearest 1 MB ({:.2} MB) {:.0} ms/MB: {:.2}×",
                largest.0,
                largest.1,
                one.0,
                one.1,
                largest.1 / one.1
            );
        }
    }

    fn ours(&self, input: &Path, extra: &[&str]) -> Figure {
        self.median(|out| ours_command(input, out, extra))
    }

    fn peer(&self, peer: &Peer, input: &Path) -> Figure {
        self.median(|out| {
            let mut c = Command::new(&peer.program);
            if peer.name == "api-spec-converter" {
                c.arg("--from=openapi_3").arg("--to=swagger_2");
            }
            c.arg(input).stdout(
                std::fs::File::create(out.join("peer.out"))
                    .map_or_else(|_| std::process::Stdio::null(), std::process::Stdio::from),
            );
            c
        })
    }

    /// Runs `command` (under GNU time where there is one) `runs` times in a fresh folder each,
    /// and keeps the medians.
    fn median(&self, command: impl Fn(&Path) -> Command) -> Figure {
        let mut samples = Samples::default();
        for i in 0..self.runs.max(1) {
            samples.push(run_in_fresh_folder(&command, i));
        }
        samples.figure()
    }

    /// Runs `a` and `b` in turn, `runs` times each (a, b, a, b, …), after one unmeasured run of
    /// each. A slow spell of the machine then weighs on both, and the ratio is the median of
    /// the runs' own ratios rather than the ratio of two medians taken minutes apart.
    fn pair(&self, a: impl Fn(&Path) -> Command, b: impl Fn(&Path) -> Command) -> Pair {
        let _ = (run_in_fresh_folder(&a, 0), run_in_fresh_folder(&b, 0));
        let (mut first, mut second) = (Samples::default(), Samples::default());
        let (mut times, mut peaks) = (Vec::new(), Vec::new());
        for i in 0..self.runs.max(1) {
            let x = run_in_fresh_folder(&a, i);
            let y = run_in_fresh_folder(&b, i);
            times.push(x.0 / y.0);
            peaks.extend(x.1.zip(y.1).map(|(p, q)| p / q));
            first.push(x);
            second.push(y);
        }
        Pair {
            a: first.figure(),
            b: second.figure(),
            time: middle(&mut times).unwrap_or(0.0),
            peak: middle(&mut peaks),
        }
    }
}

/// The figures of two commands measured in turn, with the medians of their per-run ratios.
struct Pair {
    a: Figure,
    b: Figure,
    time: f64,
    peak: Option<f64>,
}

impl Pair {
    fn ratios(&self) -> String {
        match self.peak {
            Some(peak) => format!("{:.1}×, {peak:.1}×", self.time),
            None => format!("{:.1}×", self.time),
        }
    }
}

/// The times and peaks of a command's runs.
#[derive(Default)]
struct Samples {
    times: Vec<f64>,
    peaks: Vec<f64>,
}

impl Samples {
    fn push(&mut self, (seconds, mib): (f64, Option<f64>)) {
        self.times.push(seconds);
        self.peaks.extend(mib);
    }

    fn figure(mut self) -> Figure {
        Figure {
            seconds: middle(&mut self.times).unwrap_or(0.0),
            mib: middle(&mut self.peaks),
        }
    }
}

fn ours_command(input: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut c = Command::new(OURS);
    c.arg("convert")
        .arg(input)
        .arg("--out")
        .arg(out.join("pkg"))
        .arg("-q")
        .args(extra);
    c
}

/// One run of `command` in a folder of its own, removed afterwards.
fn run_in_fresh_folder(command: &impl Fn(&Path) -> Command, i: usize) -> (f64, Option<f64>) {
    let out = std::env::temp_dir().join(format!("versus-{}-{i}", std::process::id()));
    let _ = std::fs::create_dir_all(&out);
    let measured = measure(command(&out));
    let _ = std::fs::remove_dir_all(&out);
    measured
}

/// Wall time and, under GNU time, the peak resident memory of one run.
fn measure(inner: Command) -> (f64, Option<f64>) {
    let mut command = if Path::new(GNU_TIME).is_file() {
        let mut c = Command::new(GNU_TIME);
        c.arg("-f").arg("peak-kb %M").arg(inner.get_program());
        c.args(inner.get_args());
        c
    } else {
        inner
    };
    command.stderr(std::process::Stdio::piped());
    let start = Instant::now();
    let output = command.output();
    let seconds = start.elapsed().as_secs_f64();
    let mib = output.ok().and_then(|o| {
        String::from_utf8_lossy(&o.stderr)
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix("peak-kb ")?.trim().parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
    });
    (seconds, mib)
}

fn middle(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied()
}

fn peer(name: &'static str, variable: &str, install: &str) -> Option<Peer> {
    let named = std::env::var_os(variable).map(PathBuf::from);
    let found = named.or_else(|| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        })
    });
    if found.is_none() {
        println!("notice: {name} is not installed ({install}, or set {variable}); it is skipped");
    }
    found.map(|program| Peer { name, program })
}

/// The compact size of our definition against the compact size of the input.
fn output_ratio(input: &Path) -> String {
    let out = std::env::temp_dir().join(format!("versus-size-{}", std::process::id()));
    let converted = Command::new(OURS)
        .arg("convert")
        .arg(input)
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .output();
    let compact = |path: &Path| -> Option<usize> {
        let bytes = std::fs::read(path).ok()?;
        let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        serde_json::to_vec(&value).ok().map(|v| v.len())
    };
    let sizes = converted
        .ok()
        .and(compact(input))
        .zip(compact(&out.join("apiDefinition.swagger.json")));
    let _ = std::fs::remove_dir_all(&out);
    sizes.map_or_else(String::new, |(i, o)| {
        format!(
            "{:.1} → {:.1} MB, {:.2}×",
            i as f64 / 1e6,
            o as f64 / 1e6,
            o as f64 / i as f64
        )
    })
}

fn size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn megabytes(p: &Path) -> String {
    format!("{:.1} MB", size(p) as f64 / 1e6)
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
