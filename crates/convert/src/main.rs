//! The `connector-convert` command: a thin shell over the library.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use connector_convert::{
    Category, Conversion, Diagnostic, DirResolver, Format, Options, Severity, convert,
    read_environment,
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
    Convert(ConvertArgs),
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
    /// Icon brand colour, #rrggbb.
    #[arg(long)]
    brand_color: Option<String>,
    /// Value for a Postman `{{variable}}`, as NAME=VALUE (repeatable; wins over the environment).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    vars: Vec<(String, String)>,
    /// A Postman environment export whose values fill `{{variables}}`.
    #[arg(long, value_name = "FILE")]
    environment: Option<PathBuf>,
    /// Largest accepted input, in bytes.
    #[arg(long)]
    max_input_bytes: Option<usize>,
    /// Write every diagnostic as JSON to this file.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Fail (exit 1, nothing written) when any warning is reported.
    #[arg(long)]
    deny_warnings: bool,
    /// Print only warnings and errors (not infos).
    #[arg(long, short)]
    quiet: bool,
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

fn parse_var(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(format!("`{s}` is not NAME=VALUE")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Convert(args) => run_convert(args),
    }
}

fn run_convert(args: ConvertArgs) -> ExitCode {
    let (bytes, folder) = if args.input == "-" {
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
            eprintln!("error: cannot read standard input: {e}");
            return ExitCode::from(1);
        }
        (buf, None)
    } else {
        let path = PathBuf::from(&args.input);
        match std::fs::read(&path) {
            Ok(b) => (
                b,
                Some(path.parent().map(PathBuf::from).unwrap_or_default()),
            ),
            Err(e) => {
                eprintln!("error: cannot read `{}`: {e}", args.input);
                return ExitCode::from(1);
            }
        }
    };
    let mut options = Options::default();
    options.host = args.host;
    options.base_path = args.base_path;
    options.scheme = args.scheme.map(|s| match s {
        Scheme::Https => "https".to_owned(),
        Scheme::Http => "http".to_owned(),
    });
    options.title = args.title;
    options.oauth_client_id = args.oauth_client_id;
    options.brand_color = args.brand_color;
    options.format = args.format.map(|f| match f {
        InputFormatArg::Openapi30 => Format::OpenApi30,
        InputFormatArg::Openapi31 => Format::OpenApi31,
        InputFormatArg::Swagger2 => Format::Swagger2,
        InputFormatArg::Postman => Format::PostmanV21,
    });
    if let Some(max) = args.max_input_bytes {
        options.limits.max_input_bytes = max;
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
                return ExitCode::from(1);
            }
        }
    }
    options.variables.extend(args.vars);
    if let Some(folder) = folder {
        let folder = if folder.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            folder
        };
        options.file_resolver = Some(Arc::new(DirResolver::new(folder)));
    }
    let name = args.input.clone();
    let conversion = match convert(&bytes, &options) {
        Ok(c) => c,
        Err(e) => {
            print_diagnostics(e.diagnostics(), args.quiet);
            write_report(args.report.as_ref(), e.diagnostics());
            let at = e
                .line_column()
                .map(|(l, c)| format!(":{l}:{c}"))
                .unwrap_or_default();
            eprintln!("error: {name}{at}: {e}");
            if e.category() == Category::HostRequired {
                eprintln!("help: for example --host api.example.com");
            }
            return ExitCode::from(1);
        }
    };
    print_diagnostics(&conversion.diagnostics, args.quiet);
    if !write_report(args.report.as_ref(), &conversion.diagnostics) {
        return ExitCode::from(1);
    }
    if args.deny_warnings && conversion.has_warnings() {
        eprintln!("error: warnings were reported and --deny-warnings is set; nothing was written");
        return ExitCode::from(1);
    }
    if let Err(e) = conversion.package.write_to(&args.out) {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    summary(&conversion, &args.out);
    ExitCode::SUCCESS
}

fn print_diagnostics(diags: &[Diagnostic], quiet: bool) {
    for d in diags
        .iter()
        .filter(|d| !quiet || d.severity != Severity::Info)
    {
        eprintln!("{d}");
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

fn summary(c: &Conversion, out: &std::path::Path) {
    let count = |s: Severity| c.diagnostics.iter().filter(|d| d.severity == s).count();
    let ops: usize = c
        .package
        .definition
        .paths
        .paths
        .values()
        .map(|p| p.operations().count())
        .sum();
    eprintln!(
        "wrote {} ({} input, {ops} operations): {} errors, {} warnings, {} infos",
        out.display(),
        c.format,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
}
