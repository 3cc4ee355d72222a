//! The connector package: its three files, in memory or on disk.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use connector_core::FileResolver;
use connector_swagger2 as sw;

use crate::Error;

/// Where a writer finds the texts of definitions already written out (see
/// [`sw::write_json_with`]).
type Known<'a, 't> = &'a dyn Fn(&str) -> Option<&'t sw::DefinitionText>;

/// A connector package: the definition, its properties and paconn's settings.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Package {
    /// `apiDefinition.swagger.json`.
    pub definition: sw::Document,
    /// `apiProperties.json`.
    pub properties: sw::ApiProperties,
    /// `settings.json`.
    pub settings: sw::Settings,
}

impl Package {
    /// A package from a definition and its properties, with default settings.
    pub fn new(definition: sw::Document, properties: sw::ConnectorProperties) -> Self {
        Package {
            definition,
            properties: sw::ApiProperties { properties },
            settings: sw::Settings::default(),
        }
    }

    /// A package read from its files: the definition (required) and apiProperties.json
    /// (default properties when absent). Parts the models cannot hold are reported (with the
    /// file named) and left out. Fails only when a file is not JSON or YAML, or the properties
    /// do not fit their model.
    pub fn from_files(
        definition: &[u8],
        properties: Option<&[u8]>,
        limits: &connector_core::Limits,
    ) -> Result<(Package, Vec<connector_core::Diagnostic>), Error> {
        let (value, _) = connector_core::load_document(definition, limits).map_err(Error::load)?;
        let mut diags = connector_core::Diagnostics::new();
        let definition = sw::read_document(value, &mut diags);
        let props = match properties {
            Some(bytes) => {
                let (value, _) =
                    connector_core::load_document(bytes, limits).map_err(Error::load)?;
                serde_json::from_value::<sw::ApiProperties>(value)
                    .map_err(|e| {
                        Error::invalid(
                            format!("apiProperties.json does not fit its schema: {e}"),
                            Vec::new(),
                        )
                    })?
                    .properties
            }
            None => sw::ConnectorProperties::default(),
        };
        let found = diags
            .into_vec()
            .into_iter()
            .map(|d| d.with_file(sw::API_DEFINITION_FILE))
            .collect();
        Ok((Package::new(definition, props), found))
    }

    /// The package's files as (file name, contents), in a fixed order. Deterministic: the same
    /// package always gives the same bytes.
    pub fn files(&self) -> Vec<(&'static str, String)> {
        // Serialising these models cannot fail: every map key is a string.
        let json = |r: Result<String, serde_json::Error>| r.unwrap_or_default();
        vec![
            (
                sw::API_DEFINITION_FILE,
                json(sw::to_json_string(&self.definition)),
            ),
            (
                sw::API_PROPERTIES_FILE,
                json(sw::to_json_string(&self.properties)),
            ),
            (sw::SETTINGS_FILE, json(sw::to_json_string(&self.settings))),
        ]
    }

    /// Writes the files into `dir` (created if missing). Each file is written to a temporary
    /// name first and renamed into place, so a failure leaves no half-written file behind.
    /// The files are streamed to disk: their text is never held whole in memory.
    pub fn write_to(&self, dir: impl AsRef<Path>) -> Result<(), Error> {
        self.write_with(dir.as_ref(), None)
    }

    /// [`Package::write_to`], with the texts of definitions already written out where `known`
    /// has them (see [`sw::write_json_with`]).
    pub(crate) fn write_with<'t>(
        &self,
        dir: &Path,
        known: Option<Known<'_, 't>>,
    ) -> Result<(), Error> {
        write_in_place(dir, |name, out| self.write_file(name, known, out))
    }

    /// The three files as [`Package::write_with`] writes them, made in memory: in buffers
    /// taken from the end of `spare` while it has some (the definition's first).
    pub(crate) fn files_with<'t>(
        &self,
        known: Option<Known<'_, 't>>,
        spare: &mut Vec<Vec<u8>>,
    ) -> Result<PackageFiles, Error> {
        let texts = FILE_NAMES
            .iter()
            .map(|&name| {
                let mut text = spare.pop().unwrap_or_default();
                text.clear();
                self.write_file(name, known, &mut text)
                    .map(|()| text)
                    .map_err(|e| Error::io(format!("cannot write `{name}`: {e}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(PackageFiles { texts })
    }

    /// Writes the package file `name` (one of the three) to `out`, as [`Package::files`]
    /// gives it.
    fn write_file<'t>(
        &self,
        name: &str,
        known: Option<Known<'_, 't>>,
        out: impl std::io::Write,
    ) -> std::io::Result<()> {
        match (name, known) {
            (sw::API_DEFINITION_FILE, Some(known)) => {
                sw::write_json_with(&self.definition, known, out)
            }
            (sw::API_DEFINITION_FILE, None) => sw::write_json(&self.definition, out),
            (sw::API_PROPERTIES_FILE, _) => sw::write_json(&self.properties, out),
            _ => sw::write_json(&self.settings, out),
        }
    }
}

/// The package's files in the order they are written.
const FILE_NAMES: [&str; 3] = [
    sw::API_DEFINITION_FILE,
    sw::API_PROPERTIES_FILE,
    sw::SETTINGS_FILE,
];

/// Writes the three package files into `dir` (created if missing), each through `write`
/// into a temporary name and then renamed into place, so that a failure leaves no
/// half-written file behind.
fn write_in_place(
    dir: &Path,
    mut write: impl FnMut(&str, &mut std::io::BufWriter<fs::File>) -> std::io::Result<()>,
) -> Result<(), Error> {
    fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("cannot create `{}`: {e}", dir.display())))?;
    let mut written: Vec<PathBuf> = Vec::new();
    for name in FILE_NAMES {
        let tmp = dir.join(format!(".{name}.tmp"));
        let done = fs::File::create(&tmp).and_then(|file| {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
            write(name, &mut out)?;
            out.flush()
        });
        if let Err(e) = done {
            for t in written.iter().chain(std::iter::once(&tmp)) {
                let _ = fs::remove_file(t);
            }
            return Err(Error::io(format!("cannot write `{}`: {e}", tmp.display())));
        }
        written.push(tmp);
    }
    for (name, tmp) in FILE_NAMES.iter().zip(&written) {
        fs::rename(tmp, dir.join(name))
            .map_err(|e| Error::io(format!("cannot write `{}`: {e}", dir.join(name).display())))?;
    }
    Ok(())
}

/// A package's three files made in memory, byte for byte as [`Package::write_to`] writes
/// them, to be written later or elsewhere: see [`crate::SplitPackages::next_lent_files`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageFiles {
    /// The texts, in the order of `FILE_NAMES`.
    texts: Vec<Vec<u8>>,
}

impl PackageFiles {
    /// The files as (file name, contents), in the order [`Package::files`] gives them.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &[u8])> {
        FILE_NAMES
            .into_iter()
            .zip(self.texts.iter().map(Vec::as_slice))
    }

    /// The texts, in the order of `FILE_NAMES`.
    pub(crate) fn into_texts(self) -> Vec<Vec<u8>> {
        self.texts
    }

    /// Writes the files into `dir` as [`Package::write_to`] does (created if missing; each
    /// file through a temporary name, so that a failure leaves no half-written file).
    pub fn write_to(&self, dir: impl AsRef<Path>) -> Result<(), Error> {
        let mut texts = self.texts.iter();
        write_in_place(dir.as_ref(), |_, out| match texts.next() {
            Some(text) => out.write_all(text),
            None => Ok(()),
        })
    }
}

/// A [`FileResolver`] that reads `$ref`ed files below one folder, and nowhere else.
#[derive(Clone, Debug)]
pub struct DirResolver {
    root: PathBuf,
}

impl DirResolver {
    /// Resolves refs relative to `root` (the input file's folder).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DirResolver { root: root.into() }
    }
}

impl FileResolver for DirResolver {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        let root = self
            .root
            .canonicalize()
            .map_err(|e| format!("{}: {e}", self.root.display()))?;
        let full = root
            .join(path)
            .canonicalize()
            .map_err(|e| format!("{path}: {e}"))?;
        // Symbolic links could still lead outside: check the resolved path.
        if !full.starts_with(&root) {
            return Err(format!("{path} resolves outside the input's folder"));
        }
        fs::read(&full).map_err(|e| format!("{path}: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_written_are_the_files_given() {
        let spec = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "Pets", "version": "1", "description": "Pets «and» owners"},
            "servers": [{"url": "https://pets.example.com/v1"}],
            "paths": {"/pets/{id}": {"get": {"summary": "Get a pet", "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json":
                {"schema": {"type": "object", "properties": {"name": {"type": "string"}}}}}}}}}}
        });
        let bytes = serde_json::to_vec(&spec).unwrap_or_default();
        let package = crate::convert(bytes, &crate::Options::default())
            .map(|c| c.package)
            .unwrap_or_else(|e| panic!("{e}"));
        let dir = std::env::temp_dir().join(format!("cc-write-to-{}", std::process::id()));
        package.write_to(&dir).unwrap_or_else(|e| panic!("{e}"));
        for (name, text) in package.files() {
            let written = fs::read_to_string(dir.join(name)).unwrap_or_default();
            assert_eq!(written, text, "{name}");
            assert!(!dir.join(format!(".{name}.tmp")).exists());
        }
        let _ = fs::remove_dir_all(&dir);
    }
}
