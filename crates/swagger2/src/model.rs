//! The typed Swagger 2.0 model: every object and field of the specification, with the
//! `x-` extensions of each object kept in input order.
//!
//! Field order in the structs is the emitted key order (Swagger's conventional order),
//! extensions last. Lists and maps that were absent stay absent (`Option`), so a document
//! read and written again keeps its shape.

use connector_core::collections::IndexMap;
use serde::de::{self, DeserializeOwned};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Number, Value};

/// `x-` extensions of one object, in input order.
///
/// It reads and changes like the `IndexMap` it holds (through `Deref`), but most objects have
/// none, so an empty one holds no map: it is one word instead of the map's 72 bytes, in every
/// schema, parameter, response and operation of the model. Changing it through `DerefMut`
/// makes the map; the methods below that only remove do not.
#[derive(Clone, Default)]
pub struct Extensions(Option<Box<IndexMap<String, Value>>>);

static NO_EXTENSIONS: std::sync::OnceLock<IndexMap<String, Value>> = std::sync::OnceLock::new();

impl Extensions {
    /// No extensions.
    pub fn new() -> Self {
        Self(None)
    }

    /// Removes `key`, keeping the order of the others.
    pub fn shift_remove(&mut self, key: &str) -> Option<Value> {
        self.0.as_mut()?.shift_remove(key)
    }

    /// Removes `key`; the last extension takes its place.
    pub fn swap_remove(&mut self, key: &str) -> Option<Value> {
        self.0.as_mut()?.swap_remove(key)
    }

    /// The value of `key`, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.0.as_mut()?.get_mut(key)
    }

    /// Keeps the extensions `keep` says yes to.
    pub fn retain(&mut self, keep: impl FnMut(&String, &mut Value) -> bool) {
        if let Some(map) = self.0.as_mut() {
            map.retain(keep);
        }
    }
}

impl std::ops::Deref for Extensions {
    type Target = IndexMap<String, Value>;

    fn deref(&self) -> &Self::Target {
        match &self.0 {
            Some(map) => map,
            None => NO_EXTENSIONS.get_or_init(IndexMap::default),
        }
    }
}

impl std::ops::DerefMut for Extensions {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.0.get_or_insert_with(Box::default)
    }
}

impl std::fmt::Debug for Extensions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl PartialEq for Extensions {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl From<IndexMap<String, Value>> for Extensions {
    fn from(map: IndexMap<String, Value>) -> Self {
        Self((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl From<Extensions> for IndexMap<String, Value> {
    fn from(e: Extensions) -> Self {
        e.0.map(|map| *map).unwrap_or_default()
    }
}

impl FromIterator<(String, Value)> for Extensions {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        Self::from(iter.into_iter().collect::<IndexMap<_, _>>())
    }
}

impl IntoIterator for Extensions {
    type Item = (String, Value);
    type IntoIter = indexmap::map::IntoIter<String, Value>;

    fn into_iter(self) -> Self::IntoIter {
        IndexMap::from(self).into_iter()
    }
}

impl<'a> IntoIterator for &'a Extensions {
    type Item = (&'a String, &'a Value);
    type IntoIter = indexmap::map::Iter<'a, String, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Serialize for Extensions {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Extensions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        IndexMap::deserialize(d).map(Self::from)
    }
}

/// A map that remembers whether the input wrote it (the root's `definitions`, `parameters`,
/// `responses`, `securityDefinitions`, a response's `headers`), so that one written empty
/// (`"definitions": {}`) is written back and one never written is not.
/// It reads and changes like the map it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Section<T> {
    entries: IndexMap<String, T>,
    written: bool,
}

impl<T> Default for Section<T> {
    fn default() -> Self {
        Section {
            entries: IndexMap::default(),
            written: false,
        }
    }
}

impl<T> Section<T> {
    /// Whether the section is left out of the output: empty and not written in the input.
    pub fn is_omitted(&self) -> bool {
        self.entries.is_empty() && !self.written
    }
    /// The section as read from a written map (kept in the output even when empty).
    pub fn written(entries: IndexMap<String, T>) -> Self {
        Section {
            entries,
            written: true,
        }
    }
}

impl<T> std::ops::Deref for Section<T> {
    type Target = IndexMap<String, T>;
    fn deref(&self) -> &Self::Target {
        &self.entries
    }
}

impl<T> std::ops::DerefMut for Section<T> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.entries
    }
}

impl<T> From<IndexMap<String, T>> for Section<T> {
    fn from(entries: IndexMap<String, T>) -> Self {
        Section {
            entries,
            written: false,
        }
    }
}

impl<T> FromIterator<(String, T)> for Section<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(iter: I) -> Self {
        IndexMap::from_iter(iter).into()
    }
}

impl<'a, T> IntoIterator for &'a Section<T> {
    type Item = (&'a String, &'a T);
    type IntoIter = indexmap::map::Iter<'a, String, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut Section<T> {
    type Item = (&'a String, &'a mut T);
    type IntoIter = indexmap::map::IterMut<'a, String, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter_mut()
    }
}

impl<T> IntoIterator for Section<T> {
    type Item = (String, T);
    type IntoIter = indexmap::map::IntoIter<String, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<T: Serialize> Serialize for Section<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.entries.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Section<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        IndexMap::deserialize(deserializer).map(Section::written)
    }
}

/// A value that is present, `null` included (serde reads a `null` into `None` otherwise, and
/// the value would be lost on the way through).
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

/// [`present`], boxed.
fn present_boxed<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Box<Value>>, D::Error> {
    Value::deserialize(deserializer).map(|v| Some(Box::new(v)))
}

/// A security requirement: scheme name → scopes.
pub type SecurityRequirement = IndexMap<String, Vec<String>>;

/// The HTTP methods Swagger 2.0 knows, in the order the emitter writes them.
pub const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

impl Document {
    /// Whether work on the document is worth a second thread: its path items and definitions
    /// are at least [`connector_core::WORTH_A_THREAD`].
    pub fn worth_a_thread(&self) -> bool {
        self.paths.paths.len() + self.definitions.len() >= connector_core::WORTH_A_THREAD
    }

    /// The operation ids the operations carry, in document order.
    pub fn operation_ids(&self) -> impl Iterator<Item = &str> {
        self.paths.paths.values().flat_map(|i| {
            i.operations()
                .filter_map(|(_, o)| o.operation_id.as_deref())
        })
    }
}

impl Parameter {
    /// What identifies a parameter within an operation: its name (without letter case for
    /// headers) and location.
    pub fn key(&self) -> (String, ParameterLocation) {
        let name = if self.location == ParameterLocation::Header {
            self.name.to_ascii_lowercase()
        } else {
            self.name.clone()
        };
        (name, self.location)
    }
}

/// The root document object.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// Always `"2.0"`.
    pub swagger: String,
    /// Metadata about the API.
    #[serde(default)]
    pub info: Info,
    /// Host (name or IP, optional port), no scheme and no path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Base path, starting with `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_path: Option<String>,
    /// Transfer protocols (`http`, `https`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schemes: Option<Vec<String>>,
    /// Default request MIME types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumes: Option<Vec<String>>,
    /// Default response MIME types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub produces: Option<Vec<String>>,
    /// The operations, by path.
    #[serde(default)]
    pub paths: Paths,
    /// Reusable schemas.
    #[serde(default, skip_serializing_if = "Section::is_omitted")]
    pub definitions: Section<Schema>,
    /// Reusable parameters.
    #[serde(default, skip_serializing_if = "Section::is_omitted")]
    pub parameters: Section<Parameter>,
    /// Reusable responses.
    #[serde(default, skip_serializing_if = "Section::is_omitted")]
    pub responses: Section<Response>,
    /// Security schemes.
    #[serde(default, skip_serializing_if = "Section::is_omitted")]
    pub security_definitions: Section<SecurityScheme>,
    /// Security requirements for the whole API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<SecurityRequirement>>,
    /// Tags with descriptions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    /// External documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_docs: Option<ExternalDocs>,
    /// Extensions (and, right after reading, unknown keys; see `read`).
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The `info` object.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Info {
    /// API title (the connector's name).
    #[serde(default)]
    pub title: String,
    /// API description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Terms of service URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_of_service: Option<String>,
    /// Contact information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// License information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<License>,
    /// API version.
    #[serde(default)]
    pub version: String,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The `contact` object.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// Name of the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// URL of the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The `license` object.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct License {
    /// License name.
    #[serde(default)]
    pub name: String,
    /// License URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The `paths` object: path templates to path items, plus extensions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Paths {
    /// Path items by path template, in input order.
    pub paths: IndexMap<String, PathItem>,
    /// Extensions.
    pub extensions: Extensions,
}

impl Paths {
    /// Every operation with its path and method, in document order.
    pub fn operations(&self) -> impl Iterator<Item = (&str, &'static str, &Operation)> {
        self.paths
            .iter()
            .flat_map(|(path, item)| item.operations().map(move |(m, op)| (path.as_str(), m, op)))
    }

    /// [`Self::operations`], to change them.
    pub fn operations_mut(&mut self) -> impl Iterator<Item = (&str, &'static str, &mut Operation)> {
        self.paths.iter_mut().flat_map(|(path, item)| {
            item.operations_mut()
                .map(move |(m, op)| (path.as_str(), m, op))
        })
    }
}

/// A path item: the operations on one path.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PathItem {
    /// A reference to a path item elsewhere (not supported by the platform).
    #[serde(rename = "$ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// GET.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub get: Option<Box<Operation>>,
    /// PUT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put: Option<Box<Operation>>,
    /// POST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<Box<Operation>>,
    /// DELETE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete: Option<Box<Operation>>,
    /// OPTIONS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Box<Operation>>,
    /// HEAD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Box<Operation>>,
    /// PATCH.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch: Option<Box<Operation>>,
    /// Parameters shared by all operations of the path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Vec<RefOr<Parameter>>>,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

impl PathItem {
    /// The operation for a method name (one of [`METHODS`]).
    pub fn operation(&self, method: &str) -> Option<&Operation> {
        match method {
            "get" => self.get.as_deref(),
            "put" => self.put.as_deref(),
            "post" => self.post.as_deref(),
            "delete" => self.delete.as_deref(),
            "options" => self.options.as_deref(),
            "head" => self.head.as_deref(),
            "patch" => self.patch.as_deref(),
            _ => None,
        }
    }

    /// The slot for a method name, if it is one of [`METHODS`].
    pub fn operation_slot(&mut self, method: &str) -> Option<&mut Option<Box<Operation>>> {
        match method {
            "get" => Some(&mut self.get),
            "put" => Some(&mut self.put),
            "post" => Some(&mut self.post),
            "delete" => Some(&mut self.delete),
            "options" => Some(&mut self.options),
            "head" => Some(&mut self.head),
            "patch" => Some(&mut self.patch),
            _ => None,
        }
    }

    /// The operations present, with their method names, in [`METHODS`] order.
    pub fn operations(&self) -> impl Iterator<Item = (&'static str, &Operation)> {
        METHODS
            .into_iter()
            .filter_map(|m| self.operation(m).map(|op| (m, op)))
    }

    /// The operations present, mutable, with their method names, in [`METHODS`] order.
    pub fn operations_mut(&mut self) -> impl Iterator<Item = (&'static str, &mut Operation)> {
        [
            ("get", &mut self.get),
            ("put", &mut self.put),
            ("post", &mut self.post),
            ("delete", &mut self.delete),
            ("options", &mut self.options),
            ("head", &mut self.head),
            ("patch", &mut self.patch),
        ]
        .into_iter()
        .filter_map(|(m, op)| op.as_deref_mut().map(|op| (m, op)))
    }
}

/// An operation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Tags for grouping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Short summary (the action's name in Power Platform).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Longer description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// External documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_docs: Option<ExternalDocs>,
    /// Unique operation id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// The id the input wrote, when shaping had to change it (never written out): a
    /// selection can still name the operation by it.
    #[serde(skip)]
    pub input_id: Option<String>,
    /// Request MIME types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumes: Option<Vec<String>>,
    /// Response MIME types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub produces: Option<Vec<String>>,
    /// Parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Vec<RefOr<Parameter>>>,
    /// Responses by status code.
    #[serde(default)]
    pub responses: Responses,
    /// Transfer protocols.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schemes: Option<Vec<String>>,
    /// Whether the operation is deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<bool>,
    /// Security requirements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<SecurityRequirement>>,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// Either a `$ref` object or an inline value.
#[derive(Clone, Debug, PartialEq)]
pub enum RefOr<T> {
    /// `{"$ref": "..."}`.
    Ref(String),
    /// The value itself.
    Item(T),
}

impl<T> RefOr<T> {
    /// The inline value, if it is one.
    pub fn as_item(&self) -> Option<&T> {
        match self {
            RefOr::Item(t) => Some(t),
            RefOr::Ref(_) => None,
        }
    }

    /// The inline value, mutable, if it is one.
    pub fn as_item_mut(&mut self) -> Option<&mut T> {
        match self {
            RefOr::Item(t) => Some(t),
            RefOr::Ref(_) => None,
        }
    }
}

impl<T: Serialize> Serialize for RefOr<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RefOr::Ref(r) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("$ref", r)?;
                m.end()
            }
            RefOr::Item(t) => t.serialize(s),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for RefOr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        if let Some(r) = v.get("$ref") {
            return match r {
                Value::String(s) => Ok(RefOr::Ref(s.clone())),
                _ => Err(de::Error::custom("`$ref` must be a string")),
            };
        }
        T::deserialize(v)
            .map(RefOr::Item)
            .map_err(de::Error::custom)
    }
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ParameterLocation {
    /// Query string.
    Query,
    /// Request header.
    Header,
    /// Path template variable.
    Path,
    /// Form field (urlencoded or multipart).
    FormData,
    /// The request body.
    Body,
}

impl ParameterLocation {
    /// The name used in documents (`formData`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Path => "path",
            ParameterLocation::FormData => "formData",
            ParameterLocation::Body => "body",
        }
    }
}

/// A parameter: a body parameter (with `schema`) or any other (with `type` and friends).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    /// Name (for body parameters, a label only).
    pub name: String,
    /// Location.
    #[serde(rename = "in")]
    pub location: ParameterLocation,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the parameter is required (path parameters must be).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Body schema (body parameters only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Box<Schema>>,
    /// Primitive type (non-body parameters): string, number, integer, boolean, array, file.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Type format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Allows sending an empty value (query and formData).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_empty_value: Option<bool>,
    /// Item type for arrays (boxed, as most have none: the node is smaller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Items>>,
    /// Array serialisation: csv, ssv, tsv, pipes, multi.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_format: Option<String>,
    /// Validation keywords shared with [`Items`] and [`Header`].
    #[serde(flatten)]
    pub validation: ValidationSlot,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

impl Parameter {
    /// A new parameter with only name and location set.
    pub fn new(name: impl Into<String>, location: ParameterLocation) -> Self {
        Parameter {
            name: name.into(),
            location,
            description: None,
            required: None,
            schema: None,
            type_: None,
            format: None,
            allow_empty_value: None,
            items: None,
            collection_format: None,
            validation: ValidationSlot::default(),
            extensions: Extensions::new(),
        }
    }
}

/// The validation keywords of non-body parameters, items and headers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Validation {
    /// Default value (`Some(Null)` for a `null` written in the input).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub default: Option<Value>,
    /// Maximum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Number>,
    /// Whether the maximum is exclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_maximum: Option<bool>,
    /// Minimum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Number>,
    /// Whether the minimum is exclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_minimum: Option<bool>,
    /// Maximum string length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Minimum string length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Regular expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Maximum array length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// Minimum array length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// Whether array items are unique.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_items: Option<bool>,
    /// Allowed values.
    #[serde(rename = "enum", default, skip_serializing_if = "Option::is_none")]
    pub enumeration: Option<Vec<Value>>,
    /// Value must be a multiple of this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiple_of: Option<Number>,
}

/// No validation keyword: what an empty [`ValidationSlot`] reads as.
static NO_VALIDATION: Validation = Validation {
    default: None,
    maximum: None,
    exclusive_maximum: None,
    minimum: None,
    exclusive_minimum: None,
    max_length: None,
    min_length: None,
    pattern: None,
    max_items: None,
    min_items: None,
    unique_items: None,
    enumeration: None,
    multiple_of: None,
};

impl Validation {
    /// Whether no keyword is set.
    pub fn is_empty(&self) -> bool {
        *self == NO_VALIDATION
    }
}

/// The [`Validation`] keywords of a schema, parameter, items or header, kept on the heap and
/// only when there are any: most have none, and inline they took 240 bytes each.
///
/// It reads as a [`Validation`] (`slot.enumeration`, `&*slot`); a write through it
/// (`slot.default = Some(..)`) makes room first. Slots compare by their keywords, so an empty
/// one equals a slot never written; [`ValidationSlot::tidy`] lets an emptied one's room go.
#[derive(Clone, Debug, Default)]
pub struct ValidationSlot(Option<Box<Validation>>);

impl ValidationSlot {
    /// The keywords, when any is set.
    pub fn get(&self) -> Option<&Validation> {
        self.0.as_deref().filter(|v| !v.is_empty())
    }

    /// The keywords to change, when any is set (no room is made otherwise).
    pub fn get_mut(&mut self) -> Option<&mut Validation> {
        self.0.as_deref_mut().filter(|v| !v.is_empty())
    }

    /// Lets the room go when no keyword is left.
    pub fn tidy(&mut self) {
        if self.0.as_deref().is_some_and(Validation::is_empty) {
            self.0 = None;
        }
    }

    /// Takes the keywords out, leaving the slot empty.
    pub fn take(&mut self) -> Validation {
        self.0.take().map(|b| *b).unwrap_or_default()
    }
}

impl From<Validation> for ValidationSlot {
    fn from(v: Validation) -> Self {
        ValidationSlot((!v.is_empty()).then(|| Box::new(v)))
    }
}

impl std::ops::Deref for ValidationSlot {
    type Target = Validation;
    fn deref(&self) -> &Validation {
        self.0.as_deref().unwrap_or(&NO_VALIDATION)
    }
}

impl std::ops::DerefMut for ValidationSlot {
    fn deref_mut(&mut self) -> &mut Validation {
        self.0.get_or_insert_with(Box::default)
    }
}

impl PartialEq for ValidationSlot {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Serialize for ValidationSlot {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ValidationSlot {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Validation::deserialize(deserializer).map(ValidationSlot::from)
    }
}

/// The item type of an array parameter or header.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Items {
    /// Item type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Item format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Nested item type for arrays of arrays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Items>>,
    /// Array serialisation of the nested array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_format: Option<String>,
    /// Validation keywords.
    #[serde(flatten)]
    pub validation: ValidationSlot,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// A response header.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Header {
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Item type for arrays (boxed, as most have none: the node is smaller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Items>>,
    /// Array serialisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_format: Option<String>,
    /// Validation keywords.
    #[serde(flatten)]
    pub validation: ValidationSlot,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The responses of an operation: status code (or `default`) → response, plus extensions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Responses {
    /// Responses by status code or `default`, in input order.
    pub responses: IndexMap<String, RefOr<Response>>,
    /// Extensions.
    pub extensions: Extensions,
}

/// A response.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// Description (required by Swagger).
    #[serde(default)]
    pub description: String,
    /// Body schema (`type: file` allowed at the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Box<Schema>>,
    /// Response headers.
    #[serde(default, skip_serializing_if = "Section::is_omitted")]
    pub headers: Section<Header>,
    /// Examples by MIME type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub examples: Option<IndexMap<String, Value>>,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// A schema's `type`: one name or (JSON Schema draft 4) several.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SchemaType {
    /// One type name.
    One(String),
    /// Several type names.
    Many(Vec<String>),
}

impl SchemaType {
    /// Whether the type is (or includes) `name`.
    pub fn is(&self, name: &str) -> bool {
        match self {
            SchemaType::One(t) => t == name,
            SchemaType::Many(ts) => ts.iter().any(|t| t == name),
        }
    }
}

/// `additionalProperties`: a boolean or a schema.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AdditionalProperties {
    /// `true` or `false`.
    Bool(bool),
    /// A schema for the values.
    Schema(Box<Schema>),
}

/// A schema object (a JSON Schema draft 4 subset plus Swagger's additions).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// Reference to a definition (`#/definitions/Name`).
    #[serde(rename = "$ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<SchemaType>,
    /// Format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Validation keywords (default, bounds, lengths, pattern, enum, ...).
    #[serde(flatten)]
    pub validation: ValidationSlot,
    /// Required property names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Vec<String>>,
    /// Array item schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
    /// Schemas this one extends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_of: Option<Vec<Schema>>,
    /// Object properties, in input order (boxed: a schema node is smaller, and most schemas
    /// have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Box<IndexMap<String, Schema>>>,
    /// Schema of additional properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<AdditionalProperties>,
    /// Maximum property count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_properties: Option<u64>,
    /// Minimum property count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_properties: Option<u64>,
    /// Name of the property that tells subtypes apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<String>,
    /// Sent in responses only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    /// XML representation (boxed, as few schemas have one: a schema node is smaller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml: Option<Box<Xml>>,
    /// External documentation (boxed, as few schemas have one: a schema node is smaller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_docs: Option<Box<ExternalDocs>>,
    /// An example instance (`Some(Null)` for a `null` written in the input); boxed, as most
    /// schemas have none (a schema node is smaller).
    #[serde(
        default,
        deserialize_with = "present_boxed",
        skip_serializing_if = "Option::is_none"
    )]
    pub example: Option<Box<Value>>,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The reference to the definition `name`: `#/definitions/` and the name as a pointer token.
pub fn definition_ref(name: &str) -> String {
    format!("#/definitions/{}", connector_core::escape_token(name))
}

/// The reference to the shared response `name`: `#/responses/` and the name as a pointer
/// token.
pub fn response_ref(name: &str) -> String {
    format!("#/responses/{}", connector_core::escape_token(name))
}

impl Schema {
    /// A schema that is only a reference.
    pub fn reference(target: impl Into<String>) -> Self {
        Schema {
            reference: Some(target.into()),
            ..Schema::default()
        }
    }

    /// A schema that is only a reference to the definition `name`.
    pub fn to_definition(name: &str) -> Self {
        Schema::reference(definition_ref(name))
    }

    /// A schema with just a type.
    pub fn of_type(type_: &str) -> Self {
        Schema {
            type_: Some(SchemaType::One(type_.to_owned())),
            ..Schema::default()
        }
    }

    /// Whether the schema declares `type: name`.
    pub fn is_type(&self, name: &str) -> bool {
        self.type_.as_ref().is_some_and(|t| t.is(name))
    }
}

/// XML metadata of a schema.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Xml {
    /// Element name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Namespace URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Namespace prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Whether it is an attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute: Option<bool>,
    /// Whether arrays are wrapped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapped: Option<bool>,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// A security scheme.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityScheme {
    /// `basic`, `apiKey` or `oauth2`.
    #[serde(rename = "type", default)]
    pub type_: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Header or query parameter name (apiKey).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `header` or `query` (apiKey).
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// OAuth 2 flow: implicit, password, application, accessCode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
    /// OAuth 2 authorization URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    /// OAuth 2 token URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    /// OAuth 2 scopes: name → description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<IndexMap<String, String>>,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// A tag.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tag {
    /// Tag name.
    #[serde(default)]
    pub name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// External documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_docs: Option<ExternalDocs>,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// External documentation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExternalDocs {
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// URL.
    #[serde(default)]
    pub url: String,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// Serialises a map of named entries followed by extensions (paths, responses).
fn serialize_keyed<S: Serializer, T: Serialize>(
    s: S,
    entries: &IndexMap<String, T>,
    extensions: &Extensions,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(entries.len() + extensions.len()))?;
    for (k, v) in entries {
        m.serialize_entry(k, v)?;
    }
    for (k, v) in extensions {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

/// Splits an object into `x-` extensions and typed entries.
fn deserialize_keyed<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<(IndexMap<String, T>, Extensions), D::Error> {
    let map = IndexMap::<String, Value>::deserialize(d)?;
    let mut entries = IndexMap::default();
    let mut extensions = Extensions::new();
    for (k, v) in map {
        if k.starts_with("x-") {
            extensions.insert(k, v);
        } else {
            let t = T::deserialize(v).map_err(|e| de::Error::custom(format!("{k}: {e}")))?;
            entries.insert(k, t);
        }
    }
    Ok((entries, extensions))
}

impl Serialize for Paths {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_keyed(s, &self.paths, &self.extensions)
    }
}

impl<'de> Deserialize<'de> for Paths {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (paths, extensions) = deserialize_keyed(d)?;
        Ok(Paths { paths, extensions })
    }
}

impl Serialize for Responses {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_keyed(s, &self.responses, &self.extensions)
    }
}

impl<'de> Deserialize<'de> for Responses {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (responses, extensions) = deserialize_keyed(d)?;
        Ok(Responses {
            responses,
            extensions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_schema_without_validation_keywords_keeps_no_room_for_them() {
        let s: Schema = serde_json::from_value(json!({"type": "string"})).unwrap();
        assert!(s.validation.0.is_none());
        assert!(s.validation.get().is_none());
        assert_eq!(s.validation.enumeration, None);
        let s: Schema = serde_json::from_value(json!({"type": "string", "maxLength": 3})).unwrap();
        assert_eq!(s.validation.get().and_then(|v| v.max_length), Some(3));
    }

    #[test]
    fn validation_keywords_read_and_write_back_as_written() {
        let input = json!({"name": "n", "in": "query", "type": "integer", "minimum": 1,
            "maximum": 9, "default": null, "enum": [1, 2]});
        let p: Parameter = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(p.validation.default, Some(Value::Null));
        assert_eq!(serde_json::to_value(&p).unwrap(), input);
    }

    // The writes go through the slot's `DerefMut`, which is what is tested.
    #[allow(clippy::field_reassign_with_default)]
    #[test]
    fn an_emptied_slot_equals_one_never_written_and_lets_its_room_go() {
        let mut written = ValidationSlot::default();
        written.pattern = Some("^a$".into());
        assert_ne!(written, ValidationSlot::default());
        written.pattern = None;
        assert_eq!(written, ValidationSlot::default());
        assert!(written.0.is_some() && written.get().is_none());
        written.tidy();
        assert!(written.0.is_none());
        assert_eq!(serde_json::to_value(Items::default()).unwrap(), json!({}));
        let taken = ValidationSlot::from(Validation {
            min_items: Some(1),
            ..Validation::default()
        })
        .take();
        assert_eq!(taken.min_items, Some(1));
    }

    #[test]
    fn extensions_hold_a_map_only_once_one_is_set() {
        let mut e = Extensions::new();
        assert!(e.is_empty() && e.get("x-a").is_none());
        // Removing from none makes no map.
        assert_eq!(e.shift_remove("x-a"), None);
        assert_eq!(e.swap_remove("x-a"), None);
        assert!(e.get_mut("x-a").is_none());
        e.retain(|_, _| false);
        assert!(e.0.is_none());
        e.insert("x-a".into(), Value::from(1));
        e.insert("x-b".into(), Value::from(2));
        assert_eq!(e.keys().collect::<Vec<_>>(), ["x-a", "x-b"]);
        assert_eq!(e.shift_remove("x-a"), Some(Value::from(1)));
        // An emptied map equals none, and both are written as nothing.
        e.retain(|_, _| false);
        assert_eq!(e, Extensions::new());
        assert_eq!(Extensions::from(IndexMap::default()).0, None);
        let mut s = Schema::of_type("string");
        s.extensions = [("x-ms-summary".to_owned(), Value::from("Name"))]
            .into_iter()
            .collect();
        let text = serde_json::to_string(&s).unwrap();
        assert_eq!(text, r#"{"type":"string","x-ms-summary":"Name"}"#);
        let back: Schema = serde_json::from_str(&text).unwrap();
        assert_eq!(back, s);
        let none: Schema = serde_json::from_str(r#"{"type":"string"}"#).unwrap();
        assert!(none.extensions.0.is_none());
    }

    /// The model's nodes stay small: the whole connector is held in them at the peak.
    #[cfg(target_pointer_width = "64")]
    #[test]
    fn schema_and_parameter_nodes_stay_small() {
        assert!(
            std::mem::size_of::<Schema>() <= 312,
            "a schema node is {} bytes",
            std::mem::size_of::<Schema>()
        );
        assert!(
            std::mem::size_of::<Parameter>() <= 160,
            "a parameter node is {} bytes",
            std::mem::size_of::<Parameter>()
        );
        assert!(std::mem::size_of::<Items>() <= 96);
        assert_eq!(std::mem::size_of::<Extensions>(), 8);
    }
}
