//! The connector package: its three files, in memory or on disk.

use std::fs;
use std::path::{Path, PathBuf};

use connector_core::FileResolver;
use connector_swagger2 as sw;

use crate::Error;

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
    pub fn write_to(&self, dir: impl AsRef<Path>) -> Result<(), Error> {
        let dir = dir.as_ref();
        fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot create `{}`: {e}", dir.display())))?;
        let files = self.files();
        let mut written: Vec<PathBuf> = Vec::new();
        for (name, contents) in &files {
            let tmp = dir.join(format!(".{name}.tmp"));
            if let Err(e) = fs::write(&tmp, contents) {
                for t in written.iter().chain(std::iter::once(&tmp)) {
                    let _ = fs::remove_file(t);
                }
                return Err(Error::io(format!("cannot write `{}`: {e}", tmp.display())));
            }
            written.push(tmp);
        }
        for ((name, _), tmp) in files.iter().zip(&written) {
            fs::rename(tmp, dir.join(name)).map_err(|e| {
                Error::io(format!("cannot write `{}`: {e}", dir.join(name).display()))
            })?;
        }
        Ok(())
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
