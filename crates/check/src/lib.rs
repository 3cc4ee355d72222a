//! The connector checker: the rules Power Platform enforces when a custom connector is
//! created (profile [`Profile::Import`]) and the ones certification adds
//! ([`Profile::Certification`]), as code.
//!
//! Microsoft's validator is a closed service; this crate is an independent reading of the
//! published rules (reference sections 2 and 4). Every rule has a stable id, the platform's own
//! where one exists, and every finding names the package file and the JSON pointer of the
//! offending node.
//!
//! ```
//! use connector_check::{Package, Profile, check};
//! use connector_swagger2 as sw;
//!
//! let mut definition = sw::Document::default();
//! definition.swagger = "2.0".into();
//! let findings = check(&Package::definition_only(&definition), Profile::Import);
//! assert!(findings.iter().any(|d| d.code == "HostNameNotValid"));
//! ```

mod certification;
mod definition;
mod properties;
mod raw;
pub mod rules;
mod schema;
mod text;

use connector_core::{Diagnostic, Pointer, Severity};
use connector_swagger2 as sw;

pub use rules::{RULES, Rule};
pub use text::{is_absolute_http_url, is_email};

/// Which set of rules to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Profile {
    /// What the platform rejects (errors) or warns about when a custom connector is created
    /// or updated.
    #[default]
    Import,
    /// Import plus the certification requirements (texts, contact, metadata, brand colour).
    Certification,
}

impl Profile {
    /// The profile's name (`import`, `certification`).
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Import => "import",
            Profile::Certification => "certification",
        }
    }
}

impl std::str::FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "import" => Ok(Profile::Import),
            "certification" => Ok(Profile::Certification),
            other => Err(format!(
                "unknown profile `{other}` (expected `import` or `certification`)"
            )),
        }
    }
}

/// The package parts to check. The definition is required; properties and settings are
/// checked when present.
#[derive(Clone, Copy, Debug)]
pub struct Package<'a> {
    /// `apiDefinition.swagger.json`.
    pub definition: &'a sw::Document,
    /// `apiProperties.json`.
    pub properties: Option<&'a sw::ApiProperties>,
    /// `settings.json`.
    pub settings: Option<&'a sw::Settings>,
    /// Size of the definition as compact JSON in bytes, when known (otherwise measured on
    /// `definition`).
    pub definition_size: Option<usize>,
}

impl<'a> Package<'a> {
    /// A package of only a definition.
    pub fn definition_only(definition: &'a sw::Document) -> Self {
        Package {
            definition,
            properties: None,
            settings: None,
            definition_size: None,
        }
    }
}

/// Runs the rules of `profile` (and of every less strict profile) over the package.
/// Findings come in a stable order: definition, then properties, then settings.
pub fn check(package: &Package<'_>, profile: Profile) -> Vec<Diagnostic> {
    check_reusing(package, profile, &|_| None, &mut Reuse::default())
}

/// The findings of definitions, kept by one check for the next ones (see [`check_reusing`]).
#[derive(Debug, Default)]
pub struct Reuse {
    /// The profile the findings were made for.
    profile: Option<Profile>,
    /// The findings of each definition checked, by its key.
    findings: Vec<Option<Vec<Diagnostic>>>,
}

impl Reuse {
    /// The findings kept under `key`, if made for `profile`.
    fn get(&self, key: usize, profile: Profile) -> Option<&[Diagnostic]> {
        if self.profile != Some(profile) {
            return None;
        }
        self.findings.get(key)?.as_deref()
    }

    /// Keeps `found` under `key`, dropping what was kept for another profile.
    fn keep(&mut self, key: usize, profile: Profile, found: Vec<Diagnostic>) {
        if self.profile != Some(profile) {
            self.findings.clear();
            self.profile = Some(profile);
        }
        if self.findings.len() <= key {
            self.findings.resize_with(key + 1, || None);
        }
        if let Some(slot) = self.findings.get_mut(key) {
            *slot = Some(found);
        }
    }
}

/// [`check`], for documents that share definitions (the parts of a split): the findings of a
/// definition that `same` gives a key are kept in `reuse` the first time, and taken from there
/// by every later check that meets the key. The findings are the same as [`check`]'s when
/// each key stands for one definition with the same findings in every document checked with
/// `reuse`: the same schema, under the same name, whose references all resolve (or all fail
/// to) alike, and whose `x-ms-dynamic-*` extensions call no operation that some of the
/// documents lack.
pub fn check_reusing(
    package: &Package<'_>,
    profile: Profile,
    same: &dyn Fn(&str) -> Option<usize>,
    reuse: &mut Reuse,
) -> Vec<Diagnostic> {
    let mut ctx = Ctx {
        profile,
        out: Vec::new(),
    };
    definition::check(package, &mut ctx, &mut |name, check, ctx| {
        let key = same(name);
        if let Some(found) = key.and_then(|k| reuse.get(k, profile)) {
            ctx.out.extend_from_slice(found);
            return;
        }
        let start = ctx.out.len();
        check(ctx);
        if let Some(k) = key {
            reuse.keep(
                k,
                profile,
                ctx.out.get(start..).unwrap_or_default().to_vec(),
            );
        }
    });
    if profile >= Profile::Certification {
        certification::check(package, &mut ctx);
    }
    if let Some(props) = package.properties {
        properties::check(props, package.definition, &mut ctx);
    }
    if let Some(settings) = package.settings {
        properties::check_settings(settings, &mut ctx);
    }
    ctx.out
}

/// Runs the rules that read the definition as written (before any model drops or repairs
/// a part): every `$ref` resolves inside the document, schemas hold only the keywords the
/// connector schema allows and no type lists, and `enum` lists hold each value once. Findings
/// point into the definition file.
pub fn check_document(definition: &serde_json::Value, profile: Profile) -> Vec<Diagnostic> {
    let mut ctx = Ctx {
        profile,
        out: Vec::new(),
    };
    raw::check(definition, &mut ctx);
    ctx.out
}

/// The rule with an id, for the given profile (`RequiredPropertyMissing` exists in both).
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Where findings go, filtered by profile.
pub(crate) struct Ctx {
    profile: Profile,
    out: Vec<Diagnostic>,
}

impl Ctx {
    /// Reports a finding of `rule` in `file` at `at`, if the profile runs the rule.
    pub(crate) fn report(
        &mut self,
        rule: Rule,
        file: &'static str,
        at: &Pointer,
        message: impl Into<String>,
    ) {
        if rule.profile > self.profile {
            return;
        }
        self.out.push(
            Diagnostic::new(rule.severity, rule.id, at.as_str(), message)
                .with_file(file)
                .with_help(rule.hint),
        );
    }

    /// Reports into the definition file.
    pub(crate) fn def(&mut self, rule: Rule, at: &Pointer, message: impl Into<String>) {
        self.report(rule, sw::API_DEFINITION_FILE, at, message);
    }

    /// The rule to report under the current profile, for ids that are a warning on import
    /// and an error for certification.
    pub(crate) fn pick(&self, import: Rule, certification: Rule) -> Rule {
        if self.certification() {
            certification
        } else {
            import
        }
    }

    pub(crate) fn certification(&self) -> bool {
        self.profile >= Profile::Certification
    }
}

/// Whether any finding is an error.
pub fn has_errors(findings: &[Diagnostic]) -> bool {
    findings.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(extra: &str) -> sw::Document {
        let v = serde_json::json!({"swagger": "2.0", "info": {"title": "T", "version": "1"},
            "host": "api.example.com", "paths": {},
            "definitions": {
                "Flawed": {"type": "object", "required": [], "properties": {"a": {"type": "string"}}},
                extra: {"type": "object", "required": ["gone"]}}});
        sw::read_document(v, &mut connector_core::Diagnostics::new())
    }

    #[test]
    fn reused_findings_are_the_findings_a_check_makes() {
        let (first, second) = (doc("One"), doc("Two"));
        let same = |name: &str| (name == "Flawed").then_some(0);
        let mut reuse = Reuse::default();
        for d in [&first, &second, &first] {
            let package = Package::definition_only(d);
            let reused = check_reusing(&package, Profile::Import, &same, &mut reuse);
            assert_eq!(reused, check(&package, Profile::Import));
            assert!(
                reused
                    .iter()
                    .any(|f| f.code == "RequiredPropertyArrayEmpty")
            );
        }
        // Kept for the key: a document whose `Flawed` differs would get the first one's.
        assert!(reuse.get(0, Profile::Import).is_some());
        // Another profile makes its own.
        assert!(reuse.get(0, Profile::Certification).is_none());
        let package = Package::definition_only(&second);
        let strict = check_reusing(&package, Profile::Certification, &same, &mut reuse);
        assert_eq!(strict, check(&package, Profile::Certification));
        assert!(reuse.get(0, Profile::Import).is_none());
    }
}
