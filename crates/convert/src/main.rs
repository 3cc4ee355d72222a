//! The `connector-convert` command: a thin shell over the library.

/// The allocator of the binary (the `jemalloc` feature, on by default): a third faster than
/// the system's on large inputs, at the same peak (docs/performance.md).
#[cfg(all(
    feature = "jemalloc",
    not(any(target_env = "msvc", target_family = "wasm"))
))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
mod render;

use connector_convert::{
    Auth, Category, Conversion, Diagnostic, DirResolver, Fill, Format, Impact, KeyLocation,
    Metadata, Options, Overlay, Package, Profile, Selection, Severity, check_files,
    convert_alongside, diff, overlay_between, read_environment, split_parts,
};

/// Turn OpenAPI 3.0/3.1, Swagger 2.0 and Postman collections into Power Platform custom connectors.
#[derive(Parser)]
#[command(name = "connector-convert", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert an API description into a connector package (apiDefinition.swagger.json, apiProperties.json, settings.json).
    Convert(Box<ConvertArgs>),
    /// Check a connector package (a folder) or a definition file against the platform's rules.
    Check(CheckArgs),
    /// Write the overlay that turns a generated definition into a hand-edited one (to stdout).
    Overlay(OverlayArgs),
    /// Compare two versions of a connector (files or package folders) and report what breaks existing flows.
    Diff(DiffArgs),
}

#[derive(Parser)]
struct DiffArgs {
    /// The old version: a definition file or a package folder.
    old: PathBuf,
    /// The new version: a definition file or a package folder.
    new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// Exit 1 on breaking changes (`error`, the default) or on warnings too (`warn`).
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    /// One line per change.
    Text,
    /// A JSON array of changes.
    Json,
    /// A Markdown summary for a pull-request comment.
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    /// Fail on breaking changes.
    Error,
    /// Fail on breaking changes and warnings.
    Warn,
}

#[derive(Parser)]
struct OverlayArgs {
    /// The definition as generated (a file, or a package folder).
    old: PathBuf,
    /// The same definition after hand edits (a file, or a package folder).
    edited: PathBuf,
    /// The overlay's title.
    #[arg(long, default_value = "Connector customisations")]
    title: String,
}

#[derive(Parser)]
struct CheckArgs {
    /// A package folder (apiDefinition.swagger.json, and apiProperties.json and settings.json when present) or one definition file.
    path: PathBuf,
    /// Which rules to run: `import` (what the platform rejects) or `certification` (adds the certification requirements).
    #[arg(long, value_enum, default_value = "import")]
    profile: ProfileArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum ProfileArg {
    Import,
    Certification,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// One line per finding.
    Text,
    /// A JSON array of findings.
    Json,
    /// SARIF 2.1.0 (code-scanning tools).
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum FillArg {
    /// Fill unless the input is already a connector definition (Swagger 2.0 with x-ms-* annotations).
    Auto,
    /// Always fill what is missing.
    Always,
    /// Never fill; only make the definition legal.
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum AuthArg {
    /// An API key in a header (--auth-header) or the query (--auth-query).
    ApiKey,
    /// User name and password.
    Basic,
    /// OAuth 2.0, authorization code flow (--authorization-url, --token-url, --scope).
    Oauth2,
    /// The API needs no credential (no sign-in, no warning about it).
    None,
}

#[derive(Parser)]
struct ConvertArgs {
    /// The API description (JSON or YAML); `-` reads standard input.
    input: String,
    /// Folder to write the package into (created if missing).
    #[arg(long, short)]
    out: PathBuf,
    /// Backend host, such as api.example.com (or a URL: its scheme and path are used too).
    #[arg(long)]
    host: Option<String>,
    /// Backend base path, such as /v1.
    #[arg(long)]
    base_path: Option<String>,
    /// Backend scheme.
    #[arg(long, value_enum)]
    scheme: Option<Scheme>,
    /// Connector title.
    #[arg(long)]
    title: Option<String>,
    /// Input format (detected when absent).
    #[arg(long, value_enum)]
    format: Option<InputFormatArg>,
    /// OAuth 2.0 client id written into apiProperties.json.
    #[arg(long)]
    oauth_client_id: Option<String>,
    /// Declare the connector's sign-in, replacing the input's.
    #[arg(long, value_enum)]
    auth: Option<AuthArg>,
    /// With --auth api-key: the header the key is sent in.
    #[arg(long, value_name = "NAME", conflicts_with = "auth_query")]
    auth_header: Option<String>,
    /// With --auth api-key: the query parameter the key is sent in.
    #[arg(long, value_name = "NAME")]
    auth_query: Option<String>,
    /// With --auth oauth2: where users sign in.
    #[arg(long, value_name = "URL")]
    authorization_url: Option<String>,
    /// With --auth oauth2: where the code is exchanged for a token.
    #[arg(long, value_name = "URL")]
    token_url: Option<String>,
    /// With --auth oauth2: a scope to request (repeatable or comma-separated).
    #[arg(long = "scope", value_name = "SCOPE", value_delimiter = ',')]
    scopes: Vec<String>,
    /// Icon brand colour, #rrggbb.
    #[arg(long)]
    brand_color: Option<String>,
    /// Value for a Postman `{{variable}}`, as NAME=VALUE (repeatable; wins over the environment).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    vars: Vec<(String, String)>,
    /// A Postman environment export whose values fill `{{variables}}`.
    #[arg(long, value_name = "FILE")]
    environment: Option<PathBuf>,
    /// Write summaries, labels, visibility and paging where the input has none.
    #[arg(long, value_enum, default_value = "auto")]
    annotate: FillArg,
    /// Publisher (apiProperties.json `publisher`; the contact name when the input has none).
    #[arg(long)]
    publisher: Option<String>,
    /// Owner of the backend service (apiProperties.json `stackOwner`; defaults to the publisher).
    #[arg(long)]
    stack_owner: Option<String>,
    /// Website URL (x-ms-connector-metadata; the contact URL when the input has none).
    #[arg(long)]
    website: Option<String>,
    /// Privacy policy URL (x-ms-connector-metadata).
    #[arg(long)]
    privacy_policy: Option<String>,
    /// Connector categories, at most two (comma- or semicolon-separated, or repeated), such as "Data;Productivity".
    #[arg(long, value_delimiter = ',')]
    categories: Vec<String>,
    /// Contact e-mail when the input has none.
    #[arg(long)]
    contact_email: Option<String>,
    /// The previously generated connector (folder or definition file): operations without an id keep the ids it gave them.
    #[arg(long, value_name = "DIR|FILE")]
    previous: Option<PathBuf>,
    /// Apply this OpenAPI Overlay to the produced definition (repeatable, in order).
    #[arg(long, value_name = "FILE")]
    overlay: Vec<PathBuf>,
    /// Keep only operations with this tag (repeatable).
    #[arg(long, value_name = "TAG")]
    include_tag: Vec<String>,
    /// Leave out operations with this tag (repeatable).
    #[arg(long, value_name = "TAG")]
    exclude_tag: Vec<String>,
    /// Keep only operations whose path matches this glob (`*` within a segment, `**` across; repeatable).
    #[arg(long, value_name = "GLOB")]
    include_path: Vec<String>,
    /// Keep only the operation with this id (repeatable).
    #[arg(long, value_name = "ID")]
    include_operation: Vec<String>,
    /// Write one package per tag into subfolders of --out, each within the platform's limits.
    #[arg(long)]
    split_by_tag: bool,
    /// Largest accepted input, in bytes (default 64 MiB).
    #[arg(long)]
    max_input_bytes: Option<usize>,
    /// Deepest accepted nesting of objects and arrays (default and most 126).
    #[arg(long)]
    max_depth: Option<usize>,
    /// Longest accepted chain of `$ref`s each naming another (default 64).
    #[arg(long)]
    max_ref_hops: Option<usize>,
    /// Most schemas the input may hold, named and inline (default 500000).
    #[arg(long)]
    max_schemas: Option<usize>,
    /// Write every diagnostic as JSON to this file.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Fail (exit 1, nothing written) when any warning is reported.
    #[arg(long)]
    deny_warnings: bool,
    /// Print errors only.
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Print every diagnostic, one line each (by default warnings and infos are grouped by code).
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Scheme {
    Https,
    Http,
}

#[derive(Clone, Copy, ValueEnum)]
enum InputFormatArg {
    /// OpenAPI 3.0.x.
    Openapi30,
    /// OpenAPI 3.1.x.
    Openapi31,
    /// Swagger 2.0.
    Swagger2,
    /// Postman collection v2.1.
    Postman,
}

/// The sign-in the options declare, or what is missing for it.
fn auth_of(args: &ConvertArgs) -> Result<Option<Auth>, String> {
    let key_flags = args.auth_header.is_some() || args.auth_query.is_some();
    let oauth_flags =
        args.authorization_url.is_some() || args.token_url.is_some() || !args.scopes.is_empty();
    let auth = match args.auth {
        None if key_flags => {
            return Err("--auth-header and --auth-query need --auth api-key".into());
        }
        None if oauth_flags => {
            return Err("--authorization-url, --token-url and --scope need --auth oauth2".into());
        }
        None => return Ok(None),
        Some(AuthArg::ApiKey) => {
            let (location, name) = match (&args.auth_header, &args.auth_query) {
                (Some(h), _) => (KeyLocation::Header, h.clone()),
                (None, Some(q)) => (KeyLocation::Query, q.clone()),
                (None, None) => {
                    return Err(
                        "--auth api-key needs the key's place: --auth-header NAME or --auth-query NAME"
                            .into(),
                    );
                }
            };
            if name.trim().is_empty() {
                return Err("the API key's header or query name is empty".into());
            }
            Auth::ApiKey { location, name }
        }
        Some(AuthArg::Oauth2) => {
            let url = |flag: &str, v: &Option<String>| match v {
                Some(u) if u.starts_with("https://") || u.starts_with("http://") => Ok(u.clone()),
                Some(u) => Err(format!("{flag} `{u}` is not an absolute http(s) URL")),
                None => Err(format!("--auth oauth2 needs {flag} URL")),
            };
            Auth::OAuth2 {
                authorization_url: url("--authorization-url", &args.authorization_url)?,
                token_url: url("--token-url", &args.token_url)?,
                scopes: args.scopes.clone(),
            }
        }
        Some(other) if key_flags || oauth_flags => {
            let name = if matches!(other, AuthArg::Basic) {
                "basic"
            } else {
                "none"
            };
            return Err(format!("--auth {name} takes no key name, URL or scope"));
        }
        Some(AuthArg::Basic) => Auth::Basic,
        Some(AuthArg::None) => Auth::None,
    };
    Ok(Some(auth))
}

fn parse_var(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(format!("`{s}` is not NAME=VALUE")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Convert(args) => run_convert(*args),
        Command::Check(args) => run_check(args),
        Command::Overlay(args) => run_overlay(args),
        Command::Diff(args) => run_diff(args),
    }
}

fn run_convert(args: ConvertArgs) -> ExitCode {
    let shown = Shown::of(args.quiet, args.verbose);
    let (bytes, folder) = match read_input(&args.input) {
        Ok(read) => read,
        Err(code) => return code,
    };
    let mut options = match convert_options(&args) {
        Ok(options) => options,
        Err(code) => return code,
    };
    if let Some(folder) = folder {
        let folder = if folder.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            folder
        };
        options.file_resolver = Some(Arc::new(DirResolver::new(folder)));
    }
    // Given by value, the bytes are let go once read. The package is written (or split and
    // its parts written to a staging folder) while it is checked, unless the findings decide
    // whether it is written at all.
    let staging = split_staging(&args.out);
    let converted = convert_alongside(bytes, &options, |package| {
        if args.split_by_tag {
            Beside::Split(write_parts(package, &staging, &args.out, shown))
        } else if args.deny_warnings {
            Beside::Nothing
        } else {
            Beside::Written(package.write_to(&args.out))
        }
    });
    let (mut conversion, beside) = match converted {
        Ok(c) => c,
        Err(e) => {
            print_diagnostics(e.diagnostics(), shown);
            write_report(args.report.as_ref(), e.diagnostics());
            eprintln!("error: {}", located(&args.input, &e));
            if e.category() == Category::HostRequired {
                eprintln!("help: for example --host api.example.com");
            }
            return ExitCode::from(1);
        }
    };
    let code = match beside {
        Beside::Split(split) => write_split(&mut conversion, split, &staging, &args, shown),
        Beside::Written(written) => write_single(&mut conversion, Some(written), &args, shown),
        Beside::Nothing => write_single(&mut conversion, None, &args, shown),
    };
    exit_without_freeing(conversion);
    code
}

/// The input's bytes (`-`: standard input), and the folder its file references are read
/// below (none for standard input).
fn read_input(input: &str) -> Result<(Vec<u8>, Option<PathBuf>), ExitCode> {
    if input == "-" {
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
            eprintln!("error: cannot read standard input: {e}");
            return Err(ExitCode::from(1));
        }
        return Ok((buf, None));
    }
    let path = PathBuf::from(input);
    match std::fs::read(&path) {
        Ok(b) => Ok((
            b,
            Some(path.parent().map(PathBuf::from).unwrap_or_default()),
        )),
        Err(e) => {
            eprintln!("error: cannot read `{input}`: {e}");
            Err(ExitCode::from(1))
        }
    }
}

/// The conversion's options from the command line, with the files it names read.
fn convert_options(args: &ConvertArgs) -> Result<Options, ExitCode> {
    let mut options = Options::default();
    match auth_of(args) {
        Ok(auth) => options.auth = auth,
        Err(e) => {
            eprintln!("error: {e}");
            return Err(ExitCode::from(2));
        }
    }
    options.host = args.host.clone();
    options.base_path = args.base_path.clone();
    options.scheme = args.scheme.map(|s| match s {
        Scheme::Https => "https".to_owned(),
        Scheme::Http => "http".to_owned(),
    });
    options.title = args.title.clone();
    options.oauth_client_id = args.oauth_client_id.clone();
    options.brand_color = args.brand_color.clone();
    options.format = args.format.map(|f| match f {
        InputFormatArg::Openapi30 => Format::OpenApi30,
        InputFormatArg::Openapi31 => Format::OpenApi31,
        InputFormatArg::Swagger2 => Format::Swagger2,
        InputFormatArg::Postman => Format::PostmanV21,
    });
    options.fill = match args.annotate {
        FillArg::Auto => Fill::Auto,
        FillArg::Always => Fill::Always,
        FillArg::Never => Fill::Never,
    };
    options.metadata = metadata_of(args);
    let mut selection = Selection::default();
    selection.include_tags = args.include_tag.clone();
    selection.exclude_tags = args.exclude_tag.clone();
    selection.include_paths = args.include_path.clone();
    selection.include_operations = args.include_operation.clone();
    options.selection = selection;
    let limits = &mut options.limits;
    let given = [
        (args.max_input_bytes, &mut limits.max_input_bytes),
        (args.max_depth, &mut limits.max_depth),
        (args.max_ref_hops, &mut limits.max_ref_hops),
        (args.max_schemas, &mut limits.max_schemas),
    ];
    for (arg, limit) in given {
        if let Some(max) = arg {
            *limit = max;
        }
    }
    read_named_files(args, &mut options)?;
    options.variables.extend(args.vars.iter().cloned());
    Ok(options)
}

/// The connector metadata flags.
fn metadata_of(args: &ConvertArgs) -> Metadata {
    let mut meta = Metadata::default();
    meta.publisher = args.publisher.clone();
    meta.stack_owner = args.stack_owner.clone();
    meta.website = args.website.clone();
    meta.privacy_policy = args.privacy_policy.clone();
    meta.contact_email = args.contact_email.clone();
    meta.categories = args
        .categories
        .iter()
        .flat_map(|c| c.split(';'))
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    meta
}

/// Reads the files the flags name: the previous connector, the overlays and the Postman
/// environment.
fn read_named_files(args: &ConvertArgs, options: &mut Options) -> Result<(), ExitCode> {
    if let Some(prev) = &args.previous {
        let def = definition_path(prev);
        let loaded = std::fs::read(&def)
            .map_err(|e| e.to_string())
            .and_then(|b| {
                Package::from_files(&b, None, &options.limits).map_err(|e| e.to_string())
            });
        match loaded {
            Ok((pkg, _)) => options.previous = Some(Arc::new(pkg.definition)),
            Err(e) => {
                eprintln!("error: previous connector `{}`: {e}", def.display());
                return Err(ExitCode::from(1));
            }
        }
    }
    for path in &args.overlay {
        let parsed = std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|b| Overlay::parse(&b, &options.limits).map_err(|e| e.to_string()));
        match parsed {
            Ok(o) => options.overlays.push(o),
            Err(e) => {
                eprintln!("error: overlay `{}`: {e}", path.display());
                return Err(ExitCode::from(1));
            }
        }
    }
    if let Some(env) = &args.environment {
        let loaded = std::fs::read(env)
            .map_err(|e| e.to_string())
            .and_then(|b| read_environment(&b, &options.limits).map_err(|e| e.to_string()));
        match loaded {
            Ok(vars) => options.variables.extend(vars),
            Err(e) => {
                eprintln!(
                    "error: cannot read the environment `{}`: {e}",
                    env.display()
                );
                return Err(ExitCode::from(1));
            }
        }
    }
    Ok(())
}

/// Prints and reports what was found, writes the package (unless it was `written` already,
/// with that outcome, while it was checked) and its summary.
fn write_single(
    conversion: &mut Conversion,
    written: Option<Result<(), connector_convert::Error>>,
    args: &ConvertArgs,
    shown: Shown,
) -> ExitCode {
    // The findings are shown after the diagnostics, appended for the while (not a copy of a
    // hundred thousand diagnostics), and cut off again for the summary.
    let own = conversion.diagnostics.len();
    let findings = conversion.findings.clone();
    conversion.diagnostics.extend(findings);
    let all = &conversion.diagnostics;
    print_diagnostics(all, shown);
    if !write_report(args.report.as_ref(), all) {
        return ExitCode::from(1);
    }
    let warned = all.iter().any(|d| d.severity <= Severity::Warning);
    conversion.diagnostics.truncate(own);
    if args.deny_warnings && warned {
        eprintln!("error: warnings were reported and --deny-warnings is set; nothing was written");
        return ExitCode::from(1);
    }
    let written = written.unwrap_or_else(|| conversion.package.write_to(&args.out));
    if let Err(e) = written {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    let rejected = conversion
        .findings
        .iter()
        .any(|d| d.severity == Severity::Error);
    if rejected {
        eprintln!(
            "error: the package was written, but the platform would reject it (see the findings above; `connector-convert check {}` repeats them)",
            args.out.display()
        );
    }
    summary(conversion, &args.input, &args.out);
    if rejected {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Leaves the conversion to the operating system, which takes the whole process's memory back
/// at exit at once: freeing a large package node by node costs a tenth of its conversion.
fn exit_without_freeing(conversion: Conversion) {
    std::mem::forget(conversion);
}

/// What the binary did with the package while it was checked.
enum Beside {
    /// Nothing: the findings decide whether the package is written.
    Nothing,
    /// The single package was written, with this outcome.
    Written(Result<(), connector_convert::Error>),
    /// The package was split and its parts written to the staging folder.
    Split(Result<Written, connector_convert::Error>),
}

/// The folder `--split-by-tag` writes its parts into before moving them into place (see
/// [`write_split`]).
fn split_staging(out: &std::path::Path) -> PathBuf {
    out.join(format!(".connector-convert-split-{}", std::process::id()))
}

/// `--split-by-tag`, once the parts are `split` into the `staging` folder: shows and reports
/// what was found, then moves the parts into `--out/<name>/` unless a failure or
/// `--deny-warnings` stops it. Parts are written as they are made, and moved once all are
/// written and the warnings allow it: memory holds one tag's parts at a time, and a failure
/// or `--deny-warnings` leaves nothing behind.
fn write_split(
    conversion: &mut Conversion,
    split: Result<Written, connector_convert::Error>,
    staging: &std::path::Path,
    args: &ConvertArgs,
    shown: Shown,
) -> ExitCode {
    let (out, report, deny_warnings) = (&args.out, args.report.as_ref(), args.deny_warnings);
    let mut written = match split {
        Ok(w) => w,
        Err(e) => {
            let _ = std::fs::remove_dir_all(staging);
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    // The conversion's diagnostics come first in what is printed; moved, not copied.
    let mut diagnostics = std::mem::take(&mut conversion.diagnostics);
    diagnostics.append(&mut written.diagnostics);
    written.diagnostics = diagnostics;
    print_diagnostics(&written.diagnostics, shown);
    let warned = written
        .diagnostics
        .iter()
        .any(|d| d.severity <= Severity::Warning);
    let reported = write_report(report, &written.diagnostics);
    let denied = reported && deny_warnings && warned;
    if denied {
        eprintln!("error: warnings were reported and --deny-warnings is set; nothing was written");
    }
    let placed = if reported && !denied {
        place_parts(staging, out, &written.names)
    } else {
        Ok(())
    };
    let _ = std::fs::remove_dir_all(staging);
    if !reported || denied {
        return ExitCode::from(1);
    }
    if let Err(e) = placed {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    if written.rejected {
        eprintln!(
            "error: a part was written, but the platform would reject it (see the findings above)"
        );
    }
    eprintln!(
        "split into {} packages under {} (the largest has {} operations)",
        written.names.len(),
        out.display(),
        written.biggest
    );
    if written.rejected {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What writing the parts left to report.
struct Written {
    names: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    rejected: bool,
    biggest: usize,
}

/// Makes and writes every part under `staging`, one at a time: each part's files are made in
/// memory while the part is checked, and written to disk on a thread of their own while the
/// next part is made; the files written come back, for the next parts' files to be made in
/// their memory. A write that fails stops the making; its error is the one returned.
fn write_parts(
    package: &connector_convert::Package,
    staging: &std::path::Path,
    out: &std::path::Path,
    shown: Shown,
) -> Result<Written, connector_convert::Error> {
    let mut parts = split_parts(package);
    let written = std::thread::scope(|scope| {
        let (files, to_write) = std::sync::mpsc::sync_channel(WRITES_AHEAD);
        let (hand_back, handed_back) = std::sync::mpsc::channel();
        let hand_back_there = hand_back.clone();
        let writer = std::thread::Builder::new()
            .name("writer".into())
            .spawn_scoped(scope, move || write_in_turn(&to_write, &hand_back_there));
        // Without a thread, each part is written as it is made.
        let write = |dir: std::path::PathBuf, made: connector_convert::PackageFiles| match &writer {
            Ok(_) => Ok(files.send((dir, made)).is_ok()),
            Err(_) => {
                made.write_to(dir)?;
                // Its receiver is `handed_back`, alive until the making is done.
                let _ = hand_back.send(made);
                Ok(true)
            }
        };
        let back = || handed_back.try_recv().ok();
        let made = make_parts(&mut parts, staging, out, shown, write, back);
        drop(files);
        // The writer's error, if any, is why the making stopped.
        let wrote = match writer {
            Ok(writer) => writer
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => Ok(()),
        };
        wrote.and(made)
    });
    // The split's pool of definitions (a copy of all of them) goes with the process, which
    // exits next: freeing it node by node cost Graph's split a tenth of a second.
    std::mem::forget(parts);
    written
}

/// How many parts' files may wait for the writer: enough to keep it busy, few enough that
/// they never add up.
const WRITES_AHEAD: usize = 4;

/// Writes the parts' files as they come, until there are no more or one fails, and hands
/// each back once written.
fn write_in_turn(
    to_write: &std::sync::mpsc::Receiver<(std::path::PathBuf, connector_convert::PackageFiles)>,
    written: &std::sync::mpsc::Sender<connector_convert::PackageFiles>,
) -> Result<(), connector_convert::Error> {
    for (dir, files) in to_write {
        files.write_to(dir)?;
        // The maker may be gone; the files are then freed here.
        let _ = written.send(files);
    }
    Ok(())
}

/// Makes every part, handing its files to `write` (which says whether to go on) and giving
/// the split back the files `back` has written.
fn make_parts(
    parts: &mut connector_convert::SplitPackages<'_>,
    staging: &std::path::Path,
    out: &std::path::Path,
    shown: Shown,
    mut write: impl FnMut(
        std::path::PathBuf,
        connector_convert::PackageFiles,
    ) -> Result<bool, connector_convert::Error>,
    back: impl Fn() -> Option<connector_convert::PackageFiles>,
) -> Result<Written, connector_convert::Error> {
    let mut written = Written {
        names: Vec::new(),
        diagnostics: Vec::new(),
        rejected: false,
        biggest: 0,
    };
    let progress = Progress::new();
    loop {
        while let Some(files) = back() {
            parts.recycle(files);
        }
        let Some((part, files)) = parts.next_lent_files() else {
            break;
        };
        progress.show(written.names.len(), &part.name);
        let operations = operation_count(&part.package);
        written.biggest = written.biggest.max(operations);
        written.rejected |= part.findings.iter().any(|d| d.severity == Severity::Error);
        written.diagnostics.extend(part.diagnostics.iter().cloned());
        written.diagnostics.extend(part.findings.iter().cloned());
        let name = part.name.clone();
        let going_on = files.and_then(|files| write(staging.join(&name), files));
        if !matches!(going_on, Ok(true)) || shown == Shown::All {
            progress.done();
        }
        if !going_on? {
            // The writer stopped on an error, which the caller takes from it.
            return Ok(written);
        }
        if shown == Shown::All {
            eprintln!(
                "wrote {} ({operations} operations)",
                out.join(&name).display()
            );
        }
        written.names.push(name);
    }
    progress.done();
    Ok(written)
}

/// Moves the staged parts' files into `out/<name>/`, replacing files of the same name.
fn place_parts(
    staging: &std::path::Path,
    out: &std::path::Path,
    names: &[String],
) -> Result<(), String> {
    for name in names {
        let (from, to) = (staging.join(name), out.join(name));
        // A new folder moves whole; an existing one takes the files, keeping others there.
        if !to.exists() && std::fs::rename(&from, &to).is_ok() {
            continue;
        }
        std::fs::create_dir_all(&to)
            .map_err(|e| format!("cannot create `{}`: {e}", to.display()))?;
        let files = std::fs::read_dir(&from)
            .map_err(|e| format!("cannot read `{}`: {e}", from.display()))?;
        for file in files {
            let file = file.map_err(|e| format!("cannot read `{}`: {e}", from.display()))?;
            let target = to.join(file.file_name());
            std::fs::rename(file.path(), &target)
                .map_err(|e| format!("cannot write `{}`: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// Progress of a long run, shown on a terminal only (one line, rewritten).
struct Progress {
    on: bool,
}

impl Progress {
    fn new() -> Self {
        use std::io::IsTerminal;
        Progress {
            on: std::io::stderr().is_terminal(),
        }
    }
    fn show(&self, i: usize, what: &str) {
        if self.on {
            eprint!("\r\x1b[2Kwriting part {}: {what}", i + 1);
        }
    }
    fn done(&self) {
        if self.on {
            eprint!("\r\x1b[2K");
        }
    }
}

fn operation_count(package: &Package) -> usize {
    package
        .definition
        .paths
        .paths
        .values()
        .map(|p| p.operations().count())
        .sum()
}

/// A file's bytes, or an error message naming it.
fn read_file(path: &std::path::Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))
}

/// The definition file of a package folder, or the file itself.
fn definition_path(p: &std::path::Path) -> PathBuf {
    if p.is_dir() {
        p.join("apiDefinition.swagger.json")
    } else {
        p.to_path_buf()
    }
}

fn run_overlay(args: OverlayArgs) -> ExitCode {
    let load = |p: &std::path::Path| -> Result<serde_json::Value, String> {
        let path = definition_path(p);
        let bytes = read_file(&path)?;
        connector_core::load_document(&bytes, &Default::default())
            .map(|(v, _)| v)
            .map_err(|e| format!("`{}`: {e}", path.display()))
    };
    let (old, edited) = match (load(&args.old), load(&args.edited)) {
        (Ok(o), Ok(e)) => (o, e),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let overlay = overlay_between(&old, &edited, &args.title);
    match serde_json::to_string_pretty(&overlay) {
        Ok(text) => {
            write_stdout(&format!("{text}\n"));
            let n = overlay
                .get("actions")
                .and_then(serde_json::Value::as_array)
                .map_or(0, Vec::len);
            eprintln!("{n} actions");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run_diff(args: DiffArgs) -> ExitCode {
    let props_path = |p: &std::path::Path| {
        p.is_dir()
            .then(|| p.join("apiProperties.json"))
            .filter(|f| f.is_file())
    };
    // Connection parameters are compared only when both sides have apiProperties.json.
    let both = props_path(&args.old).is_some() && props_path(&args.new).is_some();
    let load = |p: &std::path::Path| -> Result<Package, String> {
        let def = definition_path(p);
        let bytes = read_file(&def)?;
        let props = match props_path(p).filter(|_| both) {
            Some(f) => Some(read_file(&f)?),
            None => None,
        };
        Package::from_files(&bytes, props.as_deref(), &Default::default())
            .map(|(pkg, _)| pkg)
            .map_err(|e| format!("`{}`: {e}", p.display()))
    };
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let changes = diff(&old, &new);
    let out = match args.format {
        DiffFormat::Text => render::diff_text(&changes),
        DiffFormat::Json => render::diff_json(&changes),
        DiffFormat::Markdown => render::diff_markdown(&changes),
    };
    write_stdout(&out);
    let fail = changes.iter().any(|c| match args.fail_on {
        FailOn::Error => c.impact == Impact::Breaking,
        FailOn::Warn => c.impact <= Impact::Warning,
    });
    if fail {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_check(args: CheckArgs) -> ExitCode {
    let profile = match args.profile {
        ProfileArg::Import => Profile::Import,
        ProfileArg::Certification => Profile::Certification,
    };
    let (definition, properties, settings, base) = if args.path.is_dir() {
        let def = args.path.join("apiDefinition.swagger.json");
        let props = args.path.join("apiProperties.json");
        let settings = args.path.join("settings.json");
        let definition = match read_file(&def) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        };
        (
            definition,
            props.is_file().then(|| read_file(&props)).transpose(),
            settings.is_file().then(|| read_file(&settings)).transpose(),
            Some(args.path.clone()),
        )
    } else {
        match read_file(&args.path) {
            Ok(b) => (b, Ok(None), Ok(None), None),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        }
    };
    let (properties, settings) = match (properties, settings) {
        (Ok(p), Ok(s)) => (p, s),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let findings = check_files(
        &definition,
        properties.as_deref(),
        settings.as_deref(),
        profile,
        &Default::default(),
    );
    let location = |file: Option<&str>| -> String {
        match (&base, file) {
            (Some(dir), Some(f)) => dir.join(f).display().to_string(),
            _ => args.path.display().to_string(),
        }
    };
    let out = match args.format {
        OutputFormat::Text => render::text(&findings, profile),
        OutputFormat::Json => render::json(&findings),
        OutputFormat::Sarif => render::sarif(&findings, &location),
    };
    write_stdout(&out);
    if findings.iter().any(|d| d.severity == Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// How much of the diagnostics the terminal gets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// Errors only (`-q`).
    Errors,
    /// Errors, warnings grouped by code, infos counted by code (the default).
    Digest,
    /// Every diagnostic (`--verbose`).
    All,
}

impl Shown {
    fn of(quiet: bool, verbose: bool) -> Self {
        if quiet {
            Shown::Errors
        } else if verbose {
            Shown::All
        } else {
            Shown::Digest
        }
    }
}

/// Prints diagnostics to standard error as `shown` asks.
fn print_diagnostics(diags: &[Diagnostic], shown: Shown) {
    let text = match shown {
        Shown::All => diags.iter().map(|d| format!("{d}\n")).collect(),
        Shown::Errors => {
            let errors: Vec<Diagnostic> = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .cloned()
                .collect();
            connector_convert::digest(&errors).render(color())
        }
        Shown::Digest => connector_convert::digest(diags).render(color()),
    };
    eprint!("{text}");
}

/// Colour on a terminal, unless `NO_COLOR` is set.
fn color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Writes to standard output. A reader that went away (`| head`) is no error: the rest is
/// not written, quietly, as any Unix tool does.
fn write_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write to standard output: {e}");
        }
    }
}

fn write_report(path: Option<&PathBuf>, diags: &[Diagnostic]) -> bool {
    let Some(path) = path else { return true };
    let text = match serde_json::to_string_pretty(diags) {
        Ok(t) => t + "\n",
        Err(e) => {
            eprintln!("error: cannot encode the report: {e}");
            return false;
        }
    };
    if let Err(e) = std::fs::write(path, text) {
        eprintln!("error: cannot write the report `{}`: {e}", path.display());
        return false;
    }
    true
}

/// The result line, last: what was written, the definition against the platform's limits,
/// the counts, and the next command when something is over a limit.
fn summary(c: &Conversion, input: &str, out: &std::path::Path) {
    let count = |s: Severity| {
        c.diagnostics
            .iter()
            .chain(&c.findings)
            .filter(|d| d.severity == s)
            .count()
    };
    let ops = operation_count(&c.package);
    let size = c.definition_size;
    let (max_ops, max_size) = (
        connector_convert::MAX_OPERATIONS,
        connector_convert::MAX_DEFINITION_BYTES,
    );
    let next = if ops > max_ops || size >= max_size {
        format!(
            "; over the platform's limits, next: connector-convert convert {input} --split-by-tag --out {} (one connector per tag), or keep fewer operations with --include-tag / --include-operation",
            out.display()
        )
    } else {
        String::new()
    };
    eprintln!(
        "wrote {} ({} input): {ops} operations (at most {max_ops}), definition {} (less than {}); {} errors, {} warnings, {} infos{next}",
        out.display(),
        c.format,
        kilobytes(size),
        kilobytes(max_size),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
}

/// A byte count in KB, as people read it.
fn kilobytes(bytes: usize) -> String {
    format!("{} KB", bytes.div_ceil(1024))
}

/// `file:line:column: message` (the form editors jump to), the place said once.
fn located(file: &str, e: &connector_convert::Error) -> String {
    match e.line_column() {
        Some((l, c)) => {
            let message = e
                .to_string()
                .replace(&format!(" at line {l}, column {c}"), "");
            format!("{file}:{l}:{c}: {message}")
        }
        None => format!("{file}: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_tags() -> Vec<u8> {
        serde_json::json!({"openapi": "3.0.3", "info": {"title": "Two", "version": "1"},
            "servers": [{"url": "https://two.example.com"}],
            "paths": {
                "/a": {"get": {"tags": ["a"], "operationId": "getA",
                    "responses": {"200": {"description": "ok"}}}},
                "/b": {"get": {"tags": ["b"], "operationId": "getB",
                    "responses": {"200": {"description": "ok"}}}}}})
        .to_string()
        .into_bytes()
    }

    #[test]
    fn parts_are_written_by_the_writer_as_made() {
        let conversion = connector_convert::convert(two_tags(), &Options::default()).unwrap();
        let base = std::env::temp_dir().join(format!("cc-parts-{}", std::process::id()));
        let written = write_parts(&conversion.package, &base, &base, Shown::Errors).unwrap();
        assert_eq!(written.names.len(), 2);
        for name in &written.names {
            let expected = connector_convert::split_by_tag(&conversion.package)
                .into_iter()
                .find(|p| &p.name == name)
                .unwrap()
                .package
                .files();
            for (file, text) in expected {
                assert_eq!(
                    std::fs::read(base.join(name).join(file)).unwrap(),
                    text.as_bytes()
                );
            }
        }
        std::fs::remove_dir_all(&base).ok();
    }

    #[test]
    fn a_part_that_cannot_be_written_stops_the_split_with_its_error() {
        let conversion = connector_convert::convert(two_tags(), &Options::default()).unwrap();
        let base = std::env::temp_dir().join(format!("cc-unwritable-{}", std::process::id()));
        std::fs::create_dir_all(&base).unwrap();
        // The staging folder is a file: no part's folder can be made in it.
        let staging = base.join("file");
        std::fs::write(&staging, b"not a folder").unwrap();
        let failed = write_parts(&conversion.package, &staging, &base, Shown::Errors);
        let error = failed.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("cannot create"), "{error}");
        std::fs::remove_dir_all(&base).ok();
    }
}
