//! connector-convert: turn an API description (OpenAPI 3.0/3.1, Swagger 2.0, Postman
//! collection v2.0/v2.1) into a Power Platform custom connector package.
//!
//! ```
//! use connector_convert::{convert, Options};
//!
//! let spec = br#"{"openapi": "3.0.3",
//!   "info": {"title": "Pets", "version": "1.0", "description": "Pet store."},
//!   "servers": [{"url": "https://pets.example.com/v1"}],
//!   "paths": {"/pets": {"get": {"operationId": "ListPets",
//!     "responses": {"200": {"description": "OK"}}}}}}"#;
//! let conversion = convert(spec, &Options::default())?;
//! assert_eq!(conversion.package.definition.host.as_deref(), Some("pets.example.com"));
//! for d in &conversion.diagnostics {
//!     eprintln!("{d}");
//! }
//! let files = conversion.package.files(); // (file name, contents) — or write_to(dir)
//! assert_eq!(files.len(), 3);
//! # Ok::<(), connector_convert::Error>(())
//! ```
//!
//! Everything works on bytes in memory: no file is read unless a [`FileResolver`] is given
//! in [`Options`], and nothing is ever fetched from the network.

mod digest;
mod error;
mod files;
mod overlay;
mod package;
mod selection;

use std::sync::Arc;

use connector_core::{Diagnostics, InputFormat, Pointer, detect_format, load_document};
use connector_swagger2 as sw;

pub use connector_check::{Profile, RULES, Rule};
pub use connector_core::InputFormat as Format;
pub use connector_core::{Diagnostic, FileResolver, Limits, Severity};
pub use connector_diff::{Change, Impact, KINDS as CHANGE_KINDS};
pub use connector_xms::{Auth, Fill, KeyLocation, Metadata, Selection};
pub use digest::{Digest, Group, digest};
pub use error::{Category, Error};
pub use overlay::{
    OVERLAY_ACTION_SKIPPED, OVERLAY_APPLIED, OVERLAY_NO_MATCH, Overlay, overlay_between,
};
pub use package::{DirResolver, Package, PackageFiles};

/// Reads a Postman environment export into variable values for [`Options::variables`].
pub fn read_environment(input: &[u8], limits: &Limits) -> Result<Vec<(String, String)>, Error> {
    let (value, _) = load_document(input, limits).map_err(Error::load)?;
    connector_postman::read_environment(&value)
        .map_err(|e| Error::invalid(e.to_string(), Vec::new()))
}

/// Runs the connector rules of `profile` over a package (see [`RULES`] and docs/rules.md).
/// Findings name the package file ([`Diagnostic::file`]) and point into it.
pub fn check(package: &Package, profile: Profile) -> Vec<Diagnostic> {
    check_sized(package, profile, None)
}

/// [`check`] with the definition's size already counted (the count is a serialisation).
fn check_sized(package: &Package, profile: Profile, size: Option<usize>) -> Vec<Diagnostic> {
    connector_check::check(&check_input(package, size), profile)
}

/// The package as the checker reads it, with the definition's size when already counted.
fn check_input(package: &Package, size: Option<usize>) -> connector_check::Package<'_> {
    connector_check::Package {
        definition: &package.definition,
        properties: Some(&package.properties),
        settings: Some(&package.settings),
        definition_size: size,
    }
}

/// Checks package files as they are on disk: the definition (required), apiProperties.json
/// and settings.json (each optional).
///
/// Each file is read as written: a file that cannot be parsed is a `FileNotReadable` finding
/// with its line and column, a key written twice keeps its last value (as on the platform)
/// with a `DuplicateJsonKey` warning, and a field of apiProperties.json or settings.json that
/// does not fit its model is a `PROPERTIES_NOT_READABLE` finding on that field while the
/// rest is checked. Parts of the definition the Swagger 2.0 model cannot hold are reported
/// too. Every finding names its file ([`Diagnostic::file`]).
pub fn check_files(
    definition: &[u8],
    properties: Option<&[u8]>,
    settings: Option<&[u8]>,
    profile: Profile,
    limits: &Limits,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let raw = files::read(definition, sw::API_DEFINITION_FILE, limits, &mut out);
    let props = properties
        .and_then(|b| files::read(b, sw::API_PROPERTIES_FILE, limits, &mut out))
        .and_then(|v| files::fit::<sw::ApiProperties>(v, sw::API_PROPERTIES_FILE, &mut out));
    let settings = settings
        .and_then(|b| files::read(b, sw::SETTINGS_FILE, limits, &mut out))
        .and_then(|v| files::fit::<sw::Settings>(v, sw::SETTINGS_FILE, &mut out));
    let Some(raw) = raw else {
        return out;
    };
    let size = sw::compact_json_len(&raw).ok();
    let as_written = connector_check::check_document(&raw, profile);
    let mut read = Vec::new();
    let doc = files::definition(raw, &mut read);
    // A finding on the text says more than the reader's note that it dropped the same node.
    read.retain(|d| !as_written.iter().any(|w| w.pointer == d.pointer));
    out.extend(read);
    let input = connector_check::Package {
        definition: &doc,
        properties: props.as_ref(),
        settings: settings.as_ref(),
        definition_size: size,
    };
    let typed = connector_check::check(&input, profile);
    // A reference the typed rules already report at the same place is not repeated.
    let reported = |d: &Diagnostic| {
        d.code == connector_check::rules::REFERENCE_NOT_RESOLVED.id
            && typed
                .iter()
                .any(|t| t.pointer == d.pointer && t.code.contains("Reference"))
    };
    out.extend(as_written.into_iter().filter(|d| !reported(d)));
    out.extend(typed);
    out
}

/// The size of a package's definition as the platform's 1 MB limit counts it (compact JSON,
/// in bytes); see [`MAX_DEFINITION_BYTES`].
pub fn definition_size(package: &Package) -> usize {
    sw::compact_json_len(&package.definition).unwrap_or(0)
}

/// The platform's limit on a definition, in bytes of compact JSON.
pub const MAX_DEFINITION_BYTES: usize = sw::platform::MAX_DEFINITION_BYTES;
/// The platform's limit on the operations of one connector.
pub const MAX_OPERATIONS: usize = sw::platform::MAX_OPERATIONS;

/// Compares two versions of a connector and classifies every difference (breaking, warning,
/// info): removed or renamed operations and parameters, new required parameters, changed
/// types, narrowed enums, removed output properties, internal visibility, removed triggers,
/// authentication and connection parameters. Operations are matched by id; pointers name the
/// place in each version. See [`CHANGE_KINDS`] and docs/diff.md.
pub fn diff(old: &Package, new: &Package) -> Vec<Change> {
    connector_diff::diff(
        connector_diff::Side {
            definition: &old.definition,
            properties: Some(&old.properties.properties),
        },
        connector_diff::Side {
            definition: &new.definition,
            properties: Some(&new.properties.properties),
        },
    )
}

/// One connector cut from a bigger package by [`split_by_tag`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SplitPart {
    /// A folder-friendly name (`repos`, `repos-2`).
    pub name: String,
    /// The tag whose operations the part holds (empty for untagged operations).
    pub tag: String,
    /// The package.
    pub package: Package,
    /// What was changed to make the part stand alone (pointers into the original package).
    pub diagnostics: Vec<Diagnostic>,
    /// What the `import` profile of the checker finds in the part.
    pub findings: Vec<Diagnostic>,
}

/// Cuts a package into one package per tag (an operation goes with its first tag), each with
/// only the definitions, parameters, responses, policies and tags its operations use. A part
/// over the platform's limits (1 MB, 256 operations) is cut into numbered pieces. Every
/// operation is in exactly one part.
pub fn split_by_tag(package: &Package) -> Vec<SplitPart> {
    split_parts(package).collect()
}

/// The parts of [`split_by_tag`] one at a time, made as they are taken: a caller that writes
/// each part and drops it holds no more than one part beside the package, however many parts
/// there are. Taking them with [`SplitPackages::next_lent`] instead spares copying the
/// definitions that parts share, and checking them again; [`SplitPackages::write_lent`] then
/// writes each part without writing those definitions out again.
///
/// ```no_run
/// # fn main() -> Result<(), connector_convert::Error> {
/// let conversion = connector_convert::convert(
///     std::fs::read("big-api.json").unwrap_or_default(),
///     &connector_convert::Options::default(),
/// )?;
/// let mut parts = connector_convert::split_parts(&conversion.package);
/// while let Some(part) = parts.next_lent() {
///     let name = part.name.clone();
///     parts.write_lent(std::path::Path::new("out").join(name))?;
/// }
/// # Ok(())
/// # }
/// ```
pub fn split_parts(package: &Package) -> SplitPackages<'_> {
    SplitPackages {
        parts: connector_xms::split_by_tag(&package.definition, &package.properties.properties),
        current: None,
        texts: Vec::new(),
        reuse: connector_check::Reuse::default(),
        spare: Vec::new(),
    }
}

/// The parts of [`split_parts`], made as they are taken.
#[derive(Debug)]
pub struct SplitPackages<'a> {
    parts: connector_xms::SplitParts<'a>,
    /// The part lent last.
    current: Option<SplitPart>,
    /// The written text of the document's definitions, by their place in it, made when a lent
    /// part first writes one (see [`SplitPackages::write_lent`]).
    texts: Vec<Option<sw::DefinitionText>>,
    /// The findings of the definitions lent parts hold as the document has them.
    reuse: connector_check::Reuse,
    /// Buffers of files written, for the next parts' files (see [`SplitPackages::recycle`]).
    spare: Vec<Vec<u8>>,
}

impl SplitPackages<'_> {
    /// The next part, lent until the next call: the same part the iterator would give, made
    /// without copying the definitions it shares with the part before it (a split of a large
    /// API into many parts copies far less).
    pub fn next_lent(&mut self) -> Option<&SplitPart> {
        self.lend(false, |_, _, _| ()).map(|(lent, ())| lent)
    }

    /// [`SplitPackages::next_lent`], writing the part into the folder `dir_of` names for it
    /// (as [`SplitPackages::write_lent`] does) while the part is checked: a large part (256 KB
    /// of definition and up) is checked on a second thread outside WebAssembly, so that the
    /// two take the time of one. The part and its findings are those `next_lent` gives.
    pub fn next_lent_written(
        &mut self,
        dir_of: impl FnOnce(&str) -> std::path::PathBuf,
    ) -> Option<(&SplitPart, Result<(), Error>)> {
        self.lend(true, |package, texts, _| {
            let shared = texts.made(package);
            shared.write(package, &dir_of(shared.name))
        })
    }

    /// [`SplitPackages::next_lent`], with the part's files made in memory while the part is
    /// checked (as [`SplitPackages::next_lent_written`] does): byte for byte what
    /// [`SplitPackages::write_lent`] would write, to be written by the caller, for instance
    /// on a thread of its own while the next part is made ([`PackageFiles::write_to`]).
    ///
    /// The files are made in the buffers of files given back with [`SplitPackages::recycle`],
    /// when there are any.
    pub fn next_lent_files(&mut self) -> Option<(&SplitPart, Result<PackageFiles, Error>)> {
        self.lend(true, |package, texts, spare| {
            let shared = texts.made(package);
            package.files_with(Some(&|definition| shared.text(definition)), spare)
        })
    }

    /// Takes back a part's files once they are written, for the next parts' files to be made
    /// in the same memory: a buffer grown from empty for each part's files, page by page, was
    /// a twentieth of Graph's split. A few buffers are kept; the others are freed.
    pub fn recycle(&mut self, files: PackageFiles) {
        // The first buffers (the definition's first) are the ones kept, and put back so that
        // they come out first again (see `Package::files_with`).
        let room = SPARE_BUFFERS.saturating_sub(self.spare.len());
        self.spare
            .extend(files.into_texts().into_iter().take(room).rev());
    }

    /// Lends the next part, and runs `beside` with its package (what makes the texts of the
    /// definitions it shares, and the spare buffers) while it is checked: on a second thread
    /// for a large part when `work` says that `beside` does real work.
    fn lend<R>(
        &mut self,
        work: bool,
        beside: impl FnOnce(&Package, TextsFor<'_, '_>, &mut Vec<Vec<u8>>) -> R,
    ) -> Option<(&SplitPart, R)> {
        if let Some(done) = self.current.take() {
            self.parts.give_back(&done.name, done.package.definition);
        }
        let part = self.parts.next_lent()?;
        // A definition the part holds as the document has it has the same findings in every
        // part: the part holds every definition it refers to (a shrunk part takes a
        // definition unchanged only when it keeps all of those), and the definitions whose
        // extensions call an operation, which a part may lack, are never lent.
        let (parts, texts, name) = (&self.parts, &mut self.texts, part.name.clone());
        let spare = &mut self.spare;
        let same = |definition: &str| parts.shared_place(&name, definition);
        let threaded = work && part.size.is_some_and(|size| size >= SPLIT_THREAD_BYTES);
        let with_texts = |package: &Package| {
            let texts = TextsFor {
                name: &name,
                parts,
                texts,
            };
            beside(package, texts, spare)
        };
        let (lent, done) = finish(part, &same, &mut self.reuse, threaded, with_texts);
        self.current = Some(lent);
        self.current.as_ref().map(|lent| (lent, done))
    }

    /// Writes the part last lent by [`SplitPackages::next_lent`] into `dir`: the files its
    /// package's [`Package::write_to`] writes, byte for byte. A definition the part holds as
    /// the document has it, or cut as other parts over 1 MB cut it
    /// ([`connector_xms::SplitParts::text_place`]), is written from text made the first time a
    /// part wrote it, and kept until the split is dropped: the parts of a large API share most
    /// of their definitions, and writing them out again was a good part of a split's time.
    /// Fails when no part is lent, or as [`Package::write_to`] does.
    pub fn write_lent(&mut self, dir: impl AsRef<std::path::Path>) -> Result<(), Error> {
        let Some(part) = &self.current else {
            return Err(Error::io(
                "no part is lent: take one with `next_lent` first".to_owned(),
            ));
        };
        let texts = TextsFor {
            name: &part.name,
            parts: &self.parts,
            texts: &mut self.texts,
        };
        texts.made(&part.package).write(&part.package, dir.as_ref())
    }
}

/// How many buffers of written files a split keeps for the next parts' files: the three files
/// of the parts waiting to be written, and of one more.
const SPARE_BUFFERS: usize = 15;

/// A split part's definition from this size (compact JSON) up is checked on a thread of its
/// own while it is written: below it, starting the thread costs more than it saves (Graph's
/// split has 3,011 parts, most of them small).
const SPLIT_THREAD_BYTES: usize = 256 * 1024;

/// What makes the texts of the definitions the part `name` shares with other parts (as the
/// document has them, or cut alike: see [`connector_xms::SplitParts::text_place`]), when the
/// part is written.
struct TextsFor<'p, 'a> {
    name: &'p str,
    parts: &'p connector_xms::SplitParts<'a>,
    texts: &'p mut Vec<Option<sw::DefinitionText>>,
}

impl<'p, 'a> TextsFor<'p, 'a> {
    /// The texts for `package`'s part, each made the first time a part needs it.
    fn made(self, package: &Package) -> SharedTexts<'p, 'a> {
        let TextsFor { name, parts, texts } = self;
        for (definition, schema) in package.definition.definitions.iter() {
            let Some(place) = parts.text_place(name, definition) else {
                continue;
            };
            if texts.len() <= place {
                texts.resize_with(place + 1, || None);
            }
            if let Some(slot @ None) = texts.get_mut(place) {
                *slot = sw::DefinitionText::of(schema).ok();
            }
        }
        SharedTexts { name, parts, texts }
    }
}

/// The texts of the definitions the part `name` shares with other parts (see
/// [`SplitPackages::write_lent`]).
struct SharedTexts<'p, 'a> {
    name: &'p str,
    parts: &'p connector_xms::SplitParts<'a>,
    texts: &'p [Option<sw::DefinitionText>],
}

impl SharedTexts<'_, '_> {
    /// The text of `definition`, when the part shares it with other parts.
    fn text(&self, definition: &str) -> Option<&sw::DefinitionText> {
        let place = self.parts.text_place(self.name, definition)?;
        self.texts.get(place)?.as_ref()
    }

    /// Writes the part's `package` into `dir` with these texts.
    fn write(&self, package: &Package, dir: &std::path::Path) -> Result<(), Error> {
        package.write_with(dir, Some(&|definition| self.text(definition)))
    }
}

impl Iterator for SplitPackages<'_> {
    type Item = SplitPart;

    fn next(&mut self) -> Option<SplitPart> {
        let mut reuse = connector_check::Reuse::default();
        self.parts
            .next()
            .map(|part| finish(part, &|_| None, &mut reuse, false, |_| ()).0)
    }
}

/// A part of a split as a package, with what the `import` profile finds in it, and what
/// `beside` returns, run with the package while it is checked (`threaded`: on a second
/// thread, see [`connector_core::beside`]). The findings of definitions that `same` gives a key are kept
/// in `reuse` for the next parts (see [`connector_check::check_reusing`]).
fn finish<R>(
    part: connector_xms::Part,
    same: &(dyn Fn(&str) -> Option<usize> + Sync),
    reuse: &mut connector_check::Reuse,
    threaded: bool,
    beside: impl FnOnce(&Package) -> R,
) -> (SplitPart, R) {
    let package = Package::new(part.document, part.properties);
    // The split counted the definition's size while making the part.
    let input = check_input(&package, part.size);
    let check = |reuse: &mut connector_check::Reuse| {
        connector_check::check_reusing(&input, Profile::Import, same, reuse)
    };
    let (done, findings) = if threaded {
        connector_core::beside(|| beside(&package), || check(reuse))
    } else {
        (beside(&package), check(reuse))
    };
    let lent = SplitPart {
        name: part.name,
        tag: part.tag,
        package,
        diagnostics: part.diagnostics,
        findings,
    };
    (lent, done)
}

/// Every diagnostic code the conversion can emit, with the crate that owns it.
pub fn diagnostic_codes() -> Vec<&'static str> {
    let mut all = Vec::new();
    all.extend_from_slice(connector_core::codes::ALL);
    all.extend_from_slice(sw::codes::ALL);
    all.extend_from_slice(connector_openapi3::codes::ALL);
    all.extend_from_slice(connector_xms::codes::ALL);
    all.extend_from_slice(connector_postman::codes::ALL);
    all.extend_from_slice(CODES);
    all
}

/// Codes of the facade itself.
const CODES: &[&str] = &[
    OPTION_APPLIED,
    PASS_THROUGH,
    CONNECTOR_REPAIRED,
    PROPERTIES_NOT_READABLE,
    OVERLAY_NO_MATCH,
    OVERLAY_APPLIED,
    OVERLAY_ACTION_SKIPPED,
];
/// A command-line or library option replaced a value of the input (host, base path, scheme, title).
pub const OPTION_APPLIED: &str = "OPTION_APPLIED";
/// The input is a connector definition the platform takes as it is: it was written as read.
pub const PASS_THROUGH: &str = "PASS_THROUGH";
/// The input is a connector definition with an import error (or parts the model cannot hold): it was repaired, keeping what the platform takes.
pub const CONNECTOR_REPAIRED: &str = "CONNECTOR_REPAIRED";
/// `check`: a field of apiProperties.json or settings.json does not fit its model and was left out of the check (or, for the file's root, the file was not checked).
pub const PROPERTIES_NOT_READABLE: &str = "PROPERTIES_NOT_READABLE";

/// What to convert and how.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// Force the input format instead of detecting it.
    pub format: Option<InputFormat>,
    /// Backend host (`api.example.com`, or a URL whose scheme and path are used too).
    pub host: Option<String>,
    /// Backend base path (`/v1`).
    pub base_path: Option<String>,
    /// Backend scheme (`https` or `http`).
    pub scheme: Option<String>,
    /// Connector title (`info.title`).
    pub title: Option<String>,
    /// OAuth 2.0 client id for the `token` connection parameter.
    pub oauth_client_id: Option<String>,
    /// Brand colour (`#rrggbb`) for apiProperties.json.
    pub brand_color: Option<String>,
    /// Input limits.
    pub limits: Limits,
    /// Reads files named by `$ref`s; `None` (the default) refuses file refs with a diagnostic.
    pub file_resolver: Option<Arc<dyn FileResolver + Send + Sync>>,
    /// Values for Postman `{{variables}}`, applied over the collection's own (later win).
    pub variables: Vec<(String, String)>,
    /// Whether to fill summaries, labels, visibility and paging (see [`Fill`]).
    pub fill: Fill,
    /// Connector metadata: publisher, stack owner, website, privacy policy, categories, contact e-mail.
    pub metadata: Metadata,
    /// Which operations go into the connector (all by default).
    pub selection: Selection,
    /// Overlays applied, in order, to the produced definition (after annotation, before the
    /// checks).
    pub overlays: Vec<Overlay>,
    /// The previously generated definition: operations without an id in the input keep the id
    /// it gave them, so regenerating does not rename operations flows use.
    pub previous: Option<Arc<sw::Document>>,
    /// A sign-in that replaces the input's (see [`Auth`]); `None` keeps or infers the input's.
    pub auth: Option<Auth>,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("format", &self.format)
            .field("host", &self.host)
            .field("base_path", &self.base_path)
            .field("scheme", &self.scheme)
            .field("title", &self.title)
            .field("limits", &self.limits)
            .field("file_resolver", &self.file_resolver.is_some())
            .field("fill", &self.fill)
            .field("metadata", &self.metadata)
            .field("selection", &self.selection)
            .field("overlays", &self.overlays.len())
            .field("previous", &self.previous.is_some())
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

impl Options {
    /// Sets the backend host.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }
    /// Sets the backend base path.
    pub fn base_path(mut self, base_path: impl Into<String>) -> Self {
        self.base_path = Some(base_path.into());
        self
    }
    /// Sets the backend scheme.
    pub fn scheme(mut self, scheme: impl Into<String>) -> Self {
        self.scheme = Some(scheme.into());
        self
    }
    /// Declares the connector's sign-in, replacing the input's.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = Some(auth);
        self
    }
    /// Sets the connector title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }
    /// Forces the input format.
    pub fn format(mut self, format: InputFormat) -> Self {
        self.format = Some(format);
        self
    }
    /// Allows file `$ref`s, read through `resolver`.
    pub fn file_resolver(mut self, resolver: Arc<dyn FileResolver + Send + Sync>) -> Self {
        self.file_resolver = Some(resolver);
        self
    }
    /// Adds a value for a Postman `{{variable}}`.
    pub fn variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.variables.push((name.into(), value.into()));
        self
    }
    /// Sets the input limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
    /// Sets the fill mode.
    pub fn fill(mut self, fill: Fill) -> Self {
        self.fill = fill;
        self
    }
    /// Sets the connector metadata.
    pub fn metadata(mut self, metadata: Metadata) -> Self {
        self.metadata = metadata;
        self
    }
    /// Sets the previously generated definition (see [`Options::previous`]).
    pub fn previous(mut self, previous: sw::Document) -> Self {
        self.previous = Some(Arc::new(previous));
        self
    }
    /// Adds an overlay, applied after the ones added before.
    pub fn overlay(mut self, overlay: Overlay) -> Self {
        self.overlays.push(overlay);
        self
    }
    /// Sets which operations go into the connector.
    pub fn selection(mut self, selection: Selection) -> Self {
        self.selection = selection;
        self
    }
}

/// The result of a conversion: the package and everything worth knowing about how it differs
/// from the input.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Conversion {
    /// The connector package.
    pub package: Package,
    /// Diagnostics in the order they were found (pointers point into the input).
    pub diagnostics: Vec<Diagnostic>,
    /// The format the input was read as.
    pub format: InputFormat,
    /// What the `import` profile of the checker finds in the package (pointers into the
    /// package files, see [`Diagnostic::file`]). Empty when the platform would take it as is.
    pub findings: Vec<Diagnostic>,
    /// The definition's size as the platform counts it ([`definition_size`]).
    pub definition_size: usize,
}

impl Conversion {
    /// Whether any diagnostic is a warning or an error.
    pub fn has_warnings(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity <= Severity::Warning)
    }
}

/// Converts an API description (JSON or YAML bytes) into a connector package.
///
/// Fails only when the input cannot be read as a supported API description or the package
/// would have no backend host; everything else is reported in [`Conversion::diagnostics`].
///
/// The input may be borrowed (`&[u8]`, `&Vec<u8>`, `&str`…) or given by value (`Vec<u8>`,
/// `String`): a value given is let go as soon as it is read, so its bytes are not held
/// through the conversion (20 MB less at the peak for a 20 MB input).
///
/// ```
/// let spec = br#"{"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
///   "servers": [{"url": "https://pets.example.com"}], "paths": {}}"#.to_vec();
/// let conversion = connector_convert::convert(spec, &connector_convert::Options::default())?;
/// assert_eq!(conversion.package.definition.host.as_deref(), Some("pets.example.com"));
/// # Ok::<(), connector_convert::Error>(())
/// ```
pub fn convert(input: impl AsRef<[u8]>, options: &Options) -> Result<Conversion, Error> {
    convert_alongside(input, options, |_| ()).map(|(conversion, ())| conversion)
}

/// [`convert`], running `alongside` with the finished package while the package is checked
/// (on a second thread outside WebAssembly; after the check within it). The binary writes the
/// package this way, so that writing and checking (each a twentieth of a large input's
/// conversion) take the time of one. `alongside` sees the package the [`Conversion`] holds;
/// it is not called when the conversion fails.
///
/// ```
/// # let dir = std::env::temp_dir().join(format!("cc-doc-alongside-{}", std::process::id()));
/// let spec = br#"{"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
///   "servers": [{"url": "https://pets.example.com"}], "paths": {}}"#;
/// let options = connector_convert::Options::default();
/// let (conversion, written) =
///     connector_convert::convert_alongside(spec, &options, |package| package.write_to(&dir))?;
/// written?;
/// assert!(dir.join("apiDefinition.swagger.json").is_file());
/// assert!(conversion.findings.is_empty());
/// # std::fs::remove_dir_all(&dir).ok();
/// # Ok::<(), connector_convert::Error>(())
/// ```
pub fn convert_alongside<T>(
    input: impl AsRef<[u8]>,
    options: &Options,
    alongside: impl FnOnce(&Package) -> T,
) -> Result<(Conversion, T), Error> {
    let (package, diagnostics, format) = build_package(input, options)?;
    let (definition_size, findings, beside) = check_alongside(&package, alongside);
    let conversion = Conversion {
        package,
        diagnostics,
        format,
        findings,
        definition_size,
    };
    Ok((conversion, beside))
}

/// The definition's size and the `import` profile's findings, with what `alongside` returns
/// (see [`convert_alongside`]). The check runs on the second thread, so that `alongside`
/// needs nothing to cross threads.
fn check_alongside<T>(
    package: &Package,
    alongside: impl FnOnce(&Package) -> T,
) -> (usize, Vec<Diagnostic>, T) {
    let (beside, (size, findings)) = if package.definition.worth_a_thread() {
        connector_core::beside(|| alongside(package), || size_and_findings(package))
    } else {
        (alongside(package), size_and_findings(package))
    };
    (size, findings, beside)
}

/// The definition's size, and what the `import` profile finds.
fn size_and_findings(package: &Package) -> (usize, Vec<Diagnostic>) {
    let size = definition_size(package);
    (size, check_sized(package, Profile::Import, Some(size)))
}

/// The package up to its check: the conversion's diagnostics and the input's format.
fn build_package(
    input: impl AsRef<[u8]>,
    options: &Options,
) -> Result<(Package, Vec<Diagnostic>, InputFormat), Error> {
    let mut diags = Diagnostics::new();
    let loaded = load_document(input.as_ref(), &options.limits);
    drop(input);
    let (value, _syntax) = loaded.map_err(Error::load)?;
    connector_core::check_limits(&value, &options.limits)
        .map_err(|e| Error::limit(&e, Vec::new()))?;
    let format = match options.format {
        Some(f) => f,
        None => detect_format(&value).map_err(Error::detect)?,
    };
    let fill = match options.fill {
        // Only a Swagger 2.0 document can be a connector definition already; an OpenAPI
        // document with a few `x-ms-*` values still gets what it lacks (nothing is replaced).
        Fill::Auto if format == InputFormat::Swagger2 && connector_xms::is_connector(&value) => {
            Fill::Never
        }
        Fill::Auto => Fill::Always,
        other => other,
    };
    let (mut document, mut properties, as_is) =
        read_input(value, format, fill, options, &mut diags)?;
    apply_options(&mut document, &mut properties, options, &mut diags);
    if document.host.as_deref().is_none_or(str::is_empty) {
        return Err(Error::host_required(diags.into_vec()));
    }
    let annotate = connector_xms::AnnotateOptions::default()
        .with_oauth_client_id(options.oauth_client_id.clone())
        .with_fill(fill)
        .with_metadata(options.metadata.clone())
        .with_previous(options.previous.clone())
        .with_auth(options.auth.clone());
    // A declared sign-in changes the definition, so a connector no longer passes through.
    if as_is && options.auth.is_none() {
        pass_through(&document, &mut properties, &annotate, &mut diags);
    } else {
        connector_xms::annotate(&mut document, &mut properties, &annotate, &mut diags);
    }
    let before = (!options.selection.is_empty()).then(|| selection::names(&document));
    connector_xms::select(
        &mut document,
        &mut properties,
        &options.selection,
        &mut diags,
    );
    if let Some(names) = before {
        let kept = document
            .paths
            .paths
            .values()
            .any(|i| i.operations().next().is_some());
        if !kept {
            let message = selection::nothing_kept(&options.selection, &names);
            return Err(Error::selection(message, diags.into_vec()));
        }
    }
    if !options.overlays.is_empty() {
        // Overlays see the definition as it will be written; the result is read back
        // leniently, so an edit the model cannot hold is reported, not fatal.
        let mut value = serde_json::to_value(&document).unwrap_or(serde_json::Value::Null);
        for o in &options.overlays {
            o.apply(&mut value, &mut diags);
        }
        document = sw::read_document(value, &mut diags);
    }
    if !document
        .host
        .as_deref()
        .is_some_and(sw::platform::is_valid_host)
    {
        // The input's host cannot be repaired into a host name: the user must give one.
        return Err(Error::host_required(diags.into_vec()));
    }
    Ok((Package::new(document, properties), diags.into_vec(), format))
}

/// Reads the input into the Swagger 2.0 model (and the connection parameters the reader
/// found). The flag says whether the input is a connector definition the platform accepts as
/// it is, which then passes through unchanged.
fn read_input(
    value: serde_json::Value,
    format: InputFormat,
    fill: Fill,
    options: &Options,
    diags: &mut Diagnostics,
) -> Result<(sw::Document, sw::ConnectorProperties, bool), Error> {
    let resolver: Option<&dyn FileResolver> = options
        .file_resolver
        .as_deref()
        .map(|r| r as &dyn FileResolver);
    match format {
        InputFormat::OpenApi30 | InputFormat::OpenApi31 => {
            let read_options = connector_openapi3::ReadOptions {
                file_resolver: resolver,
                limits: Some(&options.limits),
            };
            let lowered = connector_openapi3::read(value, format, read_options, diags).map_err(
                |e| match e {
                    connector_openapi3::ReadError::Limit(l) => {
                        Error::limit(&l, diags.as_slice().to_vec())
                    }
                    other => Error::invalid(other.to_string(), diags.as_slice().to_vec()),
                },
            )?;
            Ok((lowered.document, lowered.properties, false))
        }
        InputFormat::Swagger2 => {
            let mut value = value;
            connector_core::resolve_external_refs(&mut value, resolver, &options.limits, diags)
                .map_err(|e| Error::limit(&e, diags.as_slice().to_vec()))?;
            let (document, as_is) = read_swagger(value, fill == Fill::Never, diags);
            Ok((document, sw::ConnectorProperties::default(), as_is))
        }
        InputFormat::PostmanV20 | InputFormat::PostmanV21 => {
            let read_options =
                connector_postman::ReadOptions::default().with_variables(options.variables.clone());
            let lowered = connector_postman::read(value, format, &read_options, diags)
                .map_err(|e| Error::invalid(e.to_string(), diags.as_slice().to_vec()))?;
            Ok((lowered.document, lowered.properties, false))
        }
        _ => Err(Error::unsupported(format)),
    }
}

/// Reads a Swagger 2.0 document. For a connector definition (`connector`), also says whether
/// the platform takes it as it is: it was read without loss and the import profile (on the
/// typed reading and on the text) finds no error.
fn read_swagger(
    value: serde_json::Value,
    connector: bool,
    diags: &mut Diagnostics,
) -> (sw::Document, bool) {
    let as_written = connector.then(|| connector_check::check_document(&value, Profile::Import));
    let before = diags.as_slice().len();
    let mut document = sw::read_document(value, diags);
    let lossless = diags
        .as_slice()
        .get(before..)
        .is_some_and(|read| read.iter().all(|d| d.severity == Severity::Info));
    if document.swagger != "2.0" {
        // Detection also takes `swagger: "2"`; the platform takes only "2.0".
        diags.info(
            connector_swagger2::codes::SW_INVALID_VALUE,
            &Pointer::root().push("swagger"),
            format!(
                "`swagger` is `{}`; it is written as \"2.0\"",
                document.swagger
            ),
        );
        document.swagger = "2.0".into();
    }
    let Some(as_written) = as_written else {
        return (document, false);
    };
    let typed = connector_check::check(
        &connector_check::Package::definition_only(&document),
        Profile::Import,
    );
    // The size and operation-count limits are not repaired but met by selecting or splitting
    // (which work on the definition as read).
    let errors: Vec<&Diagnostic> = as_written
        .iter()
        .chain(&typed)
        .filter(|d| d.severity == Severity::Error && !LIMIT_RULES.contains(&d.code))
        .collect();
    let as_is = lossless && errors.is_empty();
    if !as_is {
        let why = if errors.is_empty() {
            "parts of it could not be read (see above)".to_owned()
        } else {
            let ids: std::collections::BTreeSet<&str> = errors.iter().map(|d| d.code).collect();
            format!(
                "the platform would reject it ({} finding(s): {})",
                errors.len(),
                ids.into_iter().collect::<Vec<_>>().join(", ")
            )
        };
        diags.warn(
            CONNECTOR_REPAIRED,
            &Pointer::root(),
            format!("the input is a connector definition, but {why}; it was repaired where the platform rejects it (what it takes, such as operation ids, stays), each change reported"),
        );
    }
    (document, as_is)
}

/// A connector definition the platform takes as it is is written as read: only
/// apiProperties.json is derived (from a shaped copy, whose changes are not made).
fn pass_through(
    document: &sw::Document,
    properties: &mut sw::ConnectorProperties,
    annotate: &connector_xms::AnnotateOptions,
    diags: &mut Diagnostics,
) {
    let mut shaped = document.clone();
    let mut scratch = Diagnostics::new();
    connector_xms::annotate(&mut shaped, properties, annotate, &mut scratch);
    // What the copy says of the connection parameters holds for the package too.
    for d in scratch.into_vec() {
        if PROPERTY_CODES.contains(&d.code) {
            diags.push(d);
        }
    }
    diags.info(
        PASS_THROUGH,
        &Pointer::root(),
        "the input is a connector definition the platform takes as it is (no import error); it was written as read, and apiProperties.json was derived from it",
    );
}

/// The platform's limits on the whole definition, met by selection or a split.
const LIMIT_RULES: &[&str] = &[
    connector_check::rules::DEFINITION_SIZE_EXCEEDS_MAX_ALLOWED.id,
    connector_check::rules::TOTAL_OPERATIONS_COUNT_EXCEEDS_MAX_ALLOWED.id,
];

/// Diagnostics of the shaping step that describe apiProperties.json.
const PROPERTY_CODES: &[&str] = &[
    connector_xms::codes::XMS_OAUTH_CLIENT_ID,
    connector_xms::codes::XMS_MULTI_AUTH,
    connector_xms::codes::XMS_AUTH_UNSUPPORTED,
];

fn apply_options(
    doc: &mut sw::Document,
    props: &mut sw::ConnectorProperties,
    options: &Options,
    diags: &mut Diagnostics,
) {
    let root = Pointer::root();
    if let Some(host) = &options.host {
        let host = host.trim();
        let (scheme, rest) = match host.split_once("://") {
            Some((s, r)) => (Some(s.to_ascii_lowercase()), r),
            None => (None, host),
        };
        let (h, path) = match rest.find('/') {
            Some(i) => (
                rest.get(..i).unwrap_or(rest),
                rest.get(i..)
                    .map(|p| p.trim_end_matches('/'))
                    .filter(|p| !p.is_empty()),
            ),
            None => (rest, None),
        };
        if doc.host.as_deref() != Some(h) {
            diags.info(
                OPTION_APPLIED,
                &root.push("host"),
                format!(
                    "host set to `{h}` by option (was {})",
                    doc.host
                        .as_deref()
                        .map_or("absent".into(), |x| format!("`{x}`"))
                ),
            );
        }
        doc.host = Some(h.to_owned());
        if let Some(s) = scheme {
            doc.schemes = Some(vec![s]);
        }
        if let Some(p) = path {
            if options.base_path.is_none() {
                doc.base_path = Some(p.to_owned());
            }
        }
    }
    if let Some(bp) = &options.base_path {
        let bp = if bp.starts_with('/') {
            bp.clone()
        } else {
            format!("/{bp}")
        };
        diags.info(
            OPTION_APPLIED,
            &root.push("basePath"),
            format!("basePath set to `{bp}` by option"),
        );
        doc.base_path = Some(bp);
    }
    if let Some(s) = &options.scheme {
        diags.info(
            OPTION_APPLIED,
            &root.push("schemes"),
            format!("scheme set to `{s}` by option"),
        );
        doc.schemes = Some(vec![s.to_ascii_lowercase()]);
    }
    if let Some(t) = &options.title {
        diags.info(
            OPTION_APPLIED,
            &root.push("info").push("title"),
            format!("title set to `{t}` by option"),
        );
        doc.info.title = t.clone();
    }
    if let Some(c) = &options.brand_color {
        props.icon_brand_color = c.clone();
    }
}

#[cfg(test)]
mod alongside_tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// A spec over the platform's count of operations, so that the check finds something.
    fn many_operations() -> Vec<u8> {
        let paths: serde_json::Map<String, serde_json::Value> = (0..300)
            .map(|i| {
                let op = serde_json::json!({"get": {"operationId": format!("get{i}"),
                    "responses": {"200": {"description": "ok"}}}});
                (format!("/items{i}"), op)
            })
            .collect();
        serde_json::json!({"openapi": "3.0.3", "info": {"title": "Many", "version": "1"},
            "servers": [{"url": "https://many.example.com"}], "paths": paths})
        .to_string()
        .into_bytes()
    }

    #[test]
    fn what_runs_alongside_the_check_sees_the_package_convert_gives() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let mut inputs = vec![many_operations()];
        for name in ["openapi30/request-bodies.yaml", "openapi30/responses.yaml"] {
            inputs.push(std::fs::read(fixtures.join(name)).unwrap());
        }
        let options = Options::default();
        for input in inputs {
            let (along, seen) = convert_alongside(&input, &options, |package| {
                sw::to_json_string(&package.definition).unwrap()
            })
            .unwrap();
            // The package seen alongside is the one returned, and the check done on the other
            // thread is the check of that package, done again here in turn.
            let package = &along.package;
            assert_eq!(seen, sw::to_json_string(&package.definition).unwrap());
            let again = check_sized(package, Profile::Import, None);
            assert_eq!(format!("{:?}", along.findings), format!("{again:?}"));
            assert_eq!(along.definition_size, definition_size(package));
            let plain = convert(&input, &options).unwrap();
            assert_eq!(
                format!("{:?}", along.diagnostics),
                format!("{:?}", plain.diagnostics)
            );
        }
        let (many, _) = convert_alongside(many_operations(), &options, |_| ()).unwrap();
        assert!(
            many.findings
                .iter()
                .any(|f| f.code == "TotalOperationsCountExceedsMaxAllowed"),
            "{:?}",
            many.findings
        );
    }

    /// A spec whose split has parts over 256 KB: 300 operations, each with a definition of
    /// 24 described properties.
    fn large_parts() -> Vec<u8> {
        let described = "a property described at some length, so that the parts grow large";
        let mut paths = serde_json::Map::new();
        let mut schemas = serde_json::Map::new();
        for i in 0..300 {
            let props: serde_json::Map<String, serde_json::Value> = (0..24)
                .map(|p| {
                    let prop = serde_json::json!({"type": "string", "description": described});
                    (format!("field{p}"), prop)
                })
                .collect();
            schemas.insert(
                format!("Thing{i}"),
                serde_json::json!({"type": "object", "properties": props}),
            );
            let op = serde_json::json!({"get": {"operationId": format!("getThing{i}"),
                "tags": [if i % 3 == 0 { "odd" } else { "many" }],
                "responses": {"200": {"description": "ok", "content": {"application/json":
                    {"schema": {"$ref": format!("#/components/schemas/Thing{i}")}}}}}}});
            paths.insert(format!("/things{i}"), op);
        }
        // And a small part.
        for i in 0..3 {
            let op = serde_json::json!({"get": {"operationId": format!("getSmall{i}"),
                "tags": ["few"], "responses": {"204": {"description": "none"}}}});
            paths.insert(format!("/small{i}"), op);
        }
        serde_json::json!({"openapi": "3.0.3", "info": {"title": "Large", "version": "1"},
            "servers": [{"url": "https://large.example.com"}], "paths": paths,
            "components": {"schemas": schemas}})
        .to_string()
        .into_bytes()
    }

    /// Every file under `dir`, by its path below it, with its bytes.
    fn files_under(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
        let mut found = Vec::new();
        for part in std::fs::read_dir(dir).unwrap() {
            let part = part.unwrap().path();
            for file in std::fs::read_dir(&part).unwrap() {
                let file = file.unwrap().path();
                let name = file.strip_prefix(dir).unwrap().display().to_string();
                found.push((name, std::fs::read(&file).unwrap()));
            }
        }
        found.sort();
        found
    }

    #[test]
    fn parts_written_while_checked_are_the_parts_written_after() {
        let conversion = convert(large_parts(), &Options::default()).unwrap();
        let base = std::env::temp_dir().join(format!("cc-split-beside-{}", std::process::id()));
        let (after, beside) = (base.join("after"), base.join("beside"));
        let mut parts = split_parts(&conversion.package);
        let mut first = Vec::new();
        while let Some(part) = parts.next_lent() {
            let seen = (
                part.name.clone(),
                format!("{:?}", part.findings),
                part.package.clone(),
            );
            parts.write_lent(after.join(&seen.0)).unwrap();
            first.push(seen);
        }
        let mut parts = split_parts(&conversion.package);
        let mut second = Vec::new();
        let mut large = 0;
        while let Some((part, written)) = parts.next_lent_written(|name| beside.join(name)) {
            written.unwrap();
            let size = definition_size(&part.package);
            large += usize::from(size >= SPLIT_THREAD_BYTES);
            second.push((
                part.name.clone(),
                format!("{:?}", part.findings),
                part.package.clone(),
            ));
        }
        assert!(
            large > 0 && large < second.len(),
            "{large} large parts of {}",
            second.len()
        );
        assert_eq!(first.len(), second.len());
        for (a, b) in first.iter().zip(&second) {
            assert_eq!((&a.0, &a.1), (&b.0, &b.1));
            assert_eq!(
                sw::to_json_string(&a.2.definition).unwrap(),
                sw::to_json_string(&b.2.definition).unwrap()
            );
        }
        assert_eq!(files_under(&after), files_under(&beside));
        // Made in memory and written by the caller: the same parts, byte for byte.
        let made = base.join("made");
        let mut parts = split_parts(&conversion.package);
        let mut third = Vec::new();
        while let Some((part, files)) = parts.next_lent_files() {
            let files = files.unwrap();
            let dir = made.join(&part.name);
            files.write_to(&dir).unwrap();
            for (name, text) in files.iter() {
                assert_eq!(std::fs::read(dir.join(name)).unwrap(), text);
            }
            third.push((part.name.clone(), format!("{:?}", part.findings)));
        }
        let seen: Vec<_> = first
            .iter()
            .map(|(n, f, _)| (n.clone(), f.clone()))
            .collect();
        assert_eq!(seen, third);
        assert_eq!(files_under(&after), files_under(&made));
        std::fs::remove_dir_all(&base).ok();
    }

    #[test]
    fn files_made_in_recycled_buffers_are_the_files_made_afresh() {
        let conversion = convert(large_parts(), &Options::default()).unwrap();
        let texts = |files: &PackageFiles| -> Vec<Vec<u8>> {
            files.iter().map(|(_, text)| text.to_vec()).collect()
        };
        let mut parts = split_parts(&conversion.package);
        let mut afresh = Vec::new();
        while let Some((_, files)) = parts.next_lent_files() {
            afresh.push(texts(&files.unwrap()));
        }
        // Each part's files go back before the next part is made: a part's definition is
        // made in the buffer of the one before, longer or shorter than it.
        let mut parts = split_parts(&conversion.package);
        let mut recycled = Vec::new();
        while let Some((_, files)) = parts.next_lent_files() {
            let files = files.unwrap();
            recycled.push(texts(&files));
            parts.recycle(files);
        }
        assert!(parts.spare.len() == 3 && recycled.len() >= 3);
        let lengths: Vec<usize> = afresh.iter().map(|t| t[0].len()).collect();
        assert!(lengths.windows(2).any(|w| w[0] > w[1]), "{lengths:?}");
        assert_eq!(recycled, afresh);
        // No more buffers are kept than the few that serve.
        for _ in 0..10 {
            let files = conversion
                .package
                .files_with(None, &mut Vec::new())
                .unwrap();
            parts.recycle(files);
        }
        assert_eq!(parts.spare.len(), SPARE_BUFFERS);
    }

    #[test]
    fn files_made_in_memory_are_the_files_written() {
        let conversion = convert(large_parts(), &Options::default()).unwrap();
        let package = &conversion.package;
        let made = package.files_with(None, &mut Vec::new()).unwrap();
        let names: Vec<_> = made.iter().map(|(name, _)| name).collect();
        let files = package.files();
        assert_eq!(names, files.iter().map(|(n, _)| *n).collect::<Vec<_>>());
        for ((_, text), (_, expected)) in made.iter().zip(&files) {
            assert_eq!(text, expected.as_bytes());
        }
        // A folder that cannot be made: the error says so.
        let base = std::env::temp_dir().join(format!("cc-files-{}", std::process::id()));
        std::fs::create_dir_all(&base).unwrap();
        let blocked = base.join("file");
        std::fs::write(&blocked, b"not a folder").unwrap();
        let error = made.write_to(blocked.join("part")).unwrap_err();
        assert!(error.to_string().contains("cannot create"), "{error}");
        std::fs::remove_dir_all(&base).ok();
    }

    #[test]
    fn nothing_runs_alongside_a_failed_conversion() {
        let called = std::cell::Cell::new(false);
        let failed = convert_alongside(b"{\"swagger\": 7}", &Options::default(), |_| {
            called.set(true)
        });
        assert!(failed.is_err());
        assert!(!called.get());
    }
}
