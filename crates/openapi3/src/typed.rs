//! Path items read into `openapiv3`'s model by hand, straight from the JSON value.
//!
//! `serde`'s derived readers for `openapiv3` copy nearly every object into an intermediate
//! form before reading it (each has extensions, gathered from whatever keys are left over,
//! and most may be a reference, told apart by trying one form and then the other), and the
//! path item is first copied without its schemas (`detach::hollow_path_item`). On large
//! specifications that was most of the reading. This reader builds, from the item as
//! written, the value that `serde` builds from the hollow copy: each schema a reference, to
//! itself where it was inline.
//!
//! It reads only well-formed items: on anything `serde` might read differently or reject (a
//! member of the wrong type, a missing required field, a style it does not know) it gives up,
//! and the caller reads the item the `serde` way, which also says what is wrong. Tests check
//! that whatever it reads is what `serde` reads.

use connector_core::{Pointer, ref_member};
use indexmap::IndexMap;
use oa::ReferenceOr;
use openapiv3 as oa;
use serde_json::Value;

use crate::lower::TypedItem;

type Map = serde_json::Map<String, Value>;

/// The path item `v` (at `at`), as `serde` reads its hollow copy; `None` when this reader
/// leaves it to `serde`.
pub(crate) fn path_item(v: &Value, at: &Pointer) -> Option<TypedItem> {
    ref_or(v, |m| item(m, at).map(Box::new))
}

/// A reference, or the object `f` reads: an object with a `$ref` string is a reference
/// whatever else it has.
fn ref_or<T>(v: &Value, f: impl FnOnce(&Map) -> Option<T>) -> Option<ReferenceOr<T>> {
    let m = v.as_object()?;
    match ref_member(m) {
        Some(r) => Some(ReferenceOr::Reference {
            reference: r.as_str()?.to_owned(),
        }),
        None => f(m).map(ReferenceOr::Item),
    }
}

/// A member `serde` reads as an `Option`: `null` is `None`, anything else is read by `f`.
fn nullable<T>(v: &Value, f: impl FnOnce(&Value) -> Option<T>) -> Option<Option<T>> {
    match v {
        Value::Null => Some(None),
        v => f(v).map(Some),
    }
}

fn string(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

fn opt_string(v: &Value) -> Option<Option<String>> {
    nullable(v, string)
}

fn opt_bool(v: &Value) -> Option<Option<bool>> {
    nullable(v, Value::as_bool)
}

/// A member `serde` reads as `Option<Value>`.
fn opt_value(v: &Value) -> Option<Value> {
    (!v.is_null()).then(|| v.clone())
}

fn list<T>(v: &Value, f: impl FnMut(&Value) -> Option<T>) -> Option<Vec<T>> {
    v.as_array()?.iter().map(f).collect()
}

fn strings(v: &Value) -> Option<Vec<String>> {
    list(v, string)
}

/// An object read member by member: `f` reads each member's value, given its key.
fn map_of<T>(
    v: &Value,
    mut f: impl FnMut(&str, &Value) -> Option<T>,
) -> Option<IndexMap<String, T>> {
    let members = v.as_object()?;
    members
        .iter()
        .map(|(k, v)| Some((k.clone(), f(k, v)?)))
        .collect()
}

/// Adds the member `k` to `extensions` when it is one (an `x-` key); `serde` ignores the
/// other members it does not know.
fn extension(extensions: &mut IndexMap<String, Value>, k: &str, v: &Value) {
    if k.starts_with("x-") {
        extensions.insert(k.to_owned(), v.clone());
    }
}

fn item(m: &Map, at: &Pointer) -> Option<oa::PathItem> {
    let mut item = oa::PathItem::default();
    for (k, v) in m {
        let op = || nullable(v, |v| operation(v, &at.push(k)));
        match k.as_str() {
            "summary" => item.summary = opt_string(v)?,
            "description" => item.description = opt_string(v)?,
            "get" => item.get = op()?,
            "put" => item.put = op()?,
            "post" => item.post = op()?,
            "delete" => item.delete = op()?,
            "options" => item.options = op()?,
            "head" => item.head = op()?,
            "patch" => item.patch = op()?,
            "trace" => item.trace = op()?,
            "servers" => item.servers = list(v, server)?,
            "parameters" => item.parameters = parameters(v, &at.push(k))?,
            k => extension(&mut item.extensions, k, v),
        }
    }
    Some(item)
}

fn operation(v: &Value, at: &Pointer) -> Option<oa::Operation> {
    let mut op = oa::Operation::default();
    let mut responses = None;
    for (k, v) in v.as_object()? {
        match k.as_str() {
            "tags" => op.tags = strings(v)?,
            "summary" => op.summary = opt_string(v)?,
            "description" => op.description = opt_string(v)?,
            "externalDocs" => op.external_docs = nullable(v, external_docs)?,
            "operationId" => op.operation_id = opt_string(v)?,
            "parameters" => op.parameters = parameters(v, &at.push(k))?,
            "requestBody" => {
                op.request_body = nullable(v, |v| ref_or(v, |b| request_body(b, &at.push(k))))?
            }
            "responses" => responses = Some(self::responses(v, &at.push(k))?),
            "callbacks" => {
                let cat = at.push(k);
                op.callbacks = map_of(v, |name, c| callback(c, &cat.push(name)))?;
            }
            "deprecated" => op.deprecated = v.as_bool()?,
            "security" => op.security = nullable(v, |v| list(v, |r| map_of(r, |_, s| strings(s))))?,
            "servers" => op.servers = list(v, server)?,
            k => extension(&mut op.extensions, k, v),
        }
    }
    op.responses = responses?;
    Some(op)
}

/// A callback: path items by expression.
fn callback(v: &Value, at: &Pointer) -> Option<oa::Callback> {
    map_of(v, |expr, item_v| item(item_v.as_object()?, &at.push(expr)))
}

fn external_docs(v: &Value) -> Option<oa::ExternalDocumentation> {
    let mut docs = oa::ExternalDocumentation::default();
    let mut url = None;
    for (k, v) in v.as_object()? {
        match k.as_str() {
            "description" => docs.description = opt_string(v)?,
            "url" => url = Some(string(v)?),
            k => extension(&mut docs.extensions, k, v),
        }
    }
    docs.url = url?;
    Some(docs)
}

fn server(v: &Value) -> Option<oa::Server> {
    let mut server = oa::Server::default();
    let mut url = None;
    for (k, v) in v.as_object()? {
        match k.as_str() {
            "url" => url = Some(string(v)?),
            "description" => server.description = opt_string(v)?,
            "variables" => {
                server.variables = nullable(v, |v| map_of(v, |_, var| server_variable(var)))?
            }
            k => extension(&mut server.extensions, k, v),
        }
    }
    server.url = url?;
    Some(server)
}

fn server_variable(v: &Value) -> Option<oa::ServerVariable> {
    let mut var = oa::ServerVariable::default();
    let mut default = None;
    for (k, v) in v.as_object()? {
        match k.as_str() {
            "enum" => var.enumeration = strings(v)?,
            "default" => default = Some(string(v)?),
            "description" => var.description = opt_string(v)?,
            k => extension(&mut var.extensions, k, v),
        }
    }
    var.default = default?;
    Some(var)
}

/// A `parameters` list at `at`.
fn parameters(v: &Value, at: &Pointer) -> Option<Vec<ReferenceOr<oa::Parameter>>> {
    let list = v.as_array()?.iter().enumerate();
    list.map(|(i, p)| ref_or(p, |p| parameter(p, &at.index(i))))
        .collect()
}

/// What a parameter or a header has beside its own fields (those of `ParameterData` that
/// headers share).
#[derive(Default)]
struct Common {
    description: Option<String>,
    required: bool,
    deprecated: Option<bool>,
    /// The first of `schema` and `content`.
    format: Option<oa::ParameterSchemaOrContent>,
    example: Option<Value>,
    examples: IndexMap<String, ReferenceOr<oa::Example>>,
    extensions: IndexMap<String, Value>,
}

impl Common {
    /// Reads the member `k` when it is one of these; `None` when it is malformed.
    fn read(&mut self, k: &str, v: &Value, at: &Pointer) -> Option<()> {
        use oa::ParameterSchemaOrContent as Format;
        match k {
            "description" => self.description = opt_string(v)?,
            "required" => self.required = v.as_bool()?,
            "deprecated" => self.deprecated = opt_bool(v)?,
            "schema" if self.format.is_none() => {
                self.format = Some(Format::Schema(schema(v, &at.push(k))?))
            }
            "content" if self.format.is_none() => {
                self.format = Some(Format::Content(content(v, &at.push(k))?))
            }
            "example" => self.example = opt_value(v),
            "examples" => self.examples = examples(v)?,
            k => extension(&mut self.extensions, k, v),
        }
        Some(())
    }
}

/// Which parameter it is (`in`) and its own fields.
#[derive(Default)]
struct Own<'v> {
    location: Option<&'v str>,
    name: Option<String>,
    explode: Option<bool>,
    style: Option<&'v Value>,
    allow_reserved: Option<&'v Value>,
    allow_empty_value: Option<&'v Value>,
}

fn parameter(m: &Map, at: &Pointer) -> Option<oa::Parameter> {
    let mut common = Common::default();
    let mut own = Own::default();
    for (k, v) in m {
        match k.as_str() {
            "in" => own.location = Some(v.as_str()?),
            "name" => own.name = Some(string(v)?),
            "explode" => own.explode = opt_bool(v)?,
            "style" => own.style = Some(v),
            "allowReserved" => own.allow_reserved = Some(v),
            "allowEmptyValue" => own.allow_empty_value = Some(v),
            k => common.read(k, v, at)?,
        }
    }
    let parameter_data = oa::ParameterData {
        name: own.name?,
        description: common.description,
        required: common.required,
        deprecated: common.deprecated,
        format: common.format?,
        example: common.example,
        examples: common.examples,
        explode: own.explode,
        extensions: common.extensions,
    };
    let style = own.style;
    Some(match own.location? {
        "query" => oa::Parameter::Query {
            parameter_data,
            allow_reserved: own.allow_reserved.map_or(Some(false), Value::as_bool)?,
            style: style_of(style, query_style)?,
            allow_empty_value: own.allow_empty_value.map_or(Some(None), opt_bool)?,
        },
        "header" => oa::Parameter::Header {
            parameter_data,
            style: style_of(style, header_style)?,
        },
        "path" => oa::Parameter::Path {
            parameter_data,
            style: style_of(style, path_style)?,
        },
        "cookie" => oa::Parameter::Cookie {
            parameter_data,
            style: style_of(style, |s| (s == "form").then_some(oa::CookieStyle::Form))?,
        },
        _ => return None,
    })
}

/// A style: the default when absent, else one of the names `parse` knows.
fn style_of<T: Default>(v: Option<&Value>, parse: impl FnOnce(&str) -> Option<T>) -> Option<T> {
    v.map_or(Some(T::default()), |v| parse(v.as_str()?))
}

fn query_style(s: &str) -> Option<oa::QueryStyle> {
    match s {
        "form" => Some(oa::QueryStyle::Form),
        "spaceDelimited" => Some(oa::QueryStyle::SpaceDelimited),
        "pipeDelimited" => Some(oa::QueryStyle::PipeDelimited),
        "deepObject" => Some(oa::QueryStyle::DeepObject),
        _ => None,
    }
}

fn path_style(s: &str) -> Option<oa::PathStyle> {
    match s {
        "matrix" => Some(oa::PathStyle::Matrix),
        "label" => Some(oa::PathStyle::Label),
        "simple" => Some(oa::PathStyle::Simple),
        _ => None,
    }
}

fn header_style(s: &str) -> Option<oa::HeaderStyle> {
    (s == "simple").then_some(oa::HeaderStyle::Simple)
}

fn header(m: &Map, at: &Pointer) -> Option<oa::Header> {
    let mut common = Common::default();
    let mut style = None;
    for (k, v) in m {
        match k.as_str() {
            "style" => style = Some(v),
            k => common.read(k, v, at)?,
        }
    }
    Some(oa::Header {
        description: common.description,
        style: style_of(style, header_style)?,
        required: common.required,
        deprecated: common.deprecated,
        format: common.format?,
        example: common.example,
        examples: common.examples,
        extensions: common.extensions,
    })
}

/// A schema as the hollow copy has it: a plain reference stays, any other object becomes a
/// reference to its own place.
fn schema(v: &Value, at: &Pointer) -> Option<ReferenceOr<oa::Schema>> {
    let m = v.as_object()?;
    let reference = match ref_member(m) {
        Some(Value::String(r)) if m.len() == 1 => r.clone(),
        _ => format!("#{}", at.as_str()),
    };
    Some(ReferenceOr::Reference { reference })
}

/// Media types by name, the map at `at`.
fn content(v: &Value, at: &Pointer) -> Option<oa::Content> {
    map_of(v, |mt, media_v| media(media_v, &at.push(mt)))
}

fn media(v: &Value, at: &Pointer) -> Option<oa::MediaType> {
    let mut media = oa::MediaType::default();
    for (k, v) in v.as_object()? {
        match k.as_str() {
            "schema" => media.schema = nullable(v, |s| schema(s, &at.push(k)))?,
            "example" => media.example = opt_value(v),
            "examples" => media.examples = examples(v)?,
            "encoding" => {
                let eat = at.push(k);
                media.encoding = map_of(v, |field, e| encoding(e, &eat.push(field)))?;
            }
            k => extension(&mut media.extensions, k, v),
        }
    }
    Some(media)
}

fn encoding(v: &Value, at: &Pointer) -> Option<oa::Encoding> {
    let mut encoding = oa::Encoding::default();
    for (k, v) in v.as_object()? {
        match k.as_str() {
            "contentType" => encoding.content_type = opt_string(v)?,
            "headers" => encoding.headers = headers(v, &at.push(k))?,
            "style" => encoding.style = nullable(v, |s| query_style(s.as_str()?))?,
            "explode" => encoding.explode = v.as_bool()?,
            "allowReserved" => encoding.allow_reserved = v.as_bool()?,
            k => extension(&mut encoding.extensions, k, v),
        }
    }
    Some(encoding)
}

/// Headers by name, the map at `at`.
fn headers(v: &Value, at: &Pointer) -> Option<IndexMap<String, ReferenceOr<oa::Header>>> {
    map_of(v, |name, h| ref_or(h, |h| header(h, &at.push(name))))
}

fn examples(v: &Value) -> Option<IndexMap<String, ReferenceOr<oa::Example>>> {
    map_of(v, |_, e| ref_or(e, example))
}

fn example(m: &Map) -> Option<oa::Example> {
    let mut example = oa::Example::default();
    for (k, v) in m {
        match k.as_str() {
            "summary" => example.summary = opt_string(v)?,
            "description" => example.description = opt_string(v)?,
            "value" => example.value = opt_value(v),
            "externalValue" => example.external_value = opt_string(v)?,
            k => extension(&mut example.extensions, k, v),
        }
    }
    Some(example)
}

fn request_body(m: &Map, at: &Pointer) -> Option<oa::RequestBody> {
    let mut body = oa::RequestBody::default();
    for (k, v) in m {
        match k.as_str() {
            "description" => body.description = opt_string(v)?,
            "content" => body.content = content(v, &at.push(k))?,
            "required" => body.required = v.as_bool()?,
            k => extension(&mut body.extensions, k, v),
        }
    }
    Some(body)
}

/// An operation's responses: `default`, the members whose keys are status codes (others are
/// ignored) and the extensions, which the hollow copy has hollowed as responses.
fn responses(v: &Value, at: &Pointer) -> Option<oa::Responses> {
    let mut out = oa::Responses::default();
    for (k, r) in v.as_object()? {
        if k == "default" {
            out.default = nullable(r, |r| response_or_ref(r, &at.push(k)))?;
        } else if let Some(code) = status_code(k) {
            out.responses.insert(code, response_or_ref(r, &at.push(k))?);
        } else if k.starts_with("x-") {
            let hollow = crate::detach::hollow_response(r, &at.push(k));
            out.extensions.insert(k.clone(), hollow);
        }
    }
    Some(out)
}

/// The status code `openapiv3` reads from a key of `responses`: three characters, a number
/// from 100 to 999 or a digit and `XX` (any case).
fn status_code(key: &str) -> Option<oa::StatusCode> {
    if key.len() != 3 {
        return None;
    }
    if let Ok(n) = key.parse::<i64>() {
        let code = u16::try_from(n).ok().filter(|n| (100..1000).contains(n));
        return code.map(oa::StatusCode::Code);
    }
    match key.as_bytes() {
        [n, x, y]
            if n.is_ascii_digit()
                && x.eq_ignore_ascii_case(&b'X')
                && y.eq_ignore_ascii_case(&b'X') =>
        {
            Some(oa::StatusCode::Range(u16::from(n - b'0')))
        }
        _ => None,
    }
}

fn response_or_ref(v: &Value, at: &Pointer) -> Option<ReferenceOr<oa::Response>> {
    ref_or(v, |m| response(m, at))
}

fn response(m: &Map, at: &Pointer) -> Option<oa::Response> {
    let mut response = oa::Response::default();
    let mut description = None;
    for (k, v) in m {
        match k.as_str() {
            "description" => description = Some(string(v)?),
            "headers" => response.headers = headers(v, &at.push(k))?,
            "content" => response.content = content(v, &at.push(k))?,
            "links" => response.links = map_of(v, |_, l| ref_or(l, link))?,
            k => extension(&mut response.extensions, k, v),
        }
    }
    response.description = description?;
    Some(response)
}

fn link(m: &Map) -> Option<oa::Link> {
    let mut operation = None;
    let mut description = None;
    let mut request_body = None;
    let mut parameters = IndexMap::new();
    let mut server = None;
    let mut extensions = IndexMap::new();
    for (k, v) in m {
        match k.as_str() {
            "operationRef" if operation.is_none() => {
                operation = Some(oa::LinkOperation::OperationRef(string(v)?))
            }
            "operationId" if operation.is_none() => {
                operation = Some(oa::LinkOperation::OperationId(string(v)?))
            }
            "description" => description = opt_string(v)?,
            "requestBody" => request_body = opt_value(v),
            "parameters" => parameters = map_of(v, |_, p| Some(p.clone()))?,
            "server" => server = nullable(v, self::server)?,
            k => extension(&mut extensions, k, v),
        }
    }
    Some(oa::Link {
        description,
        operation: operation?,
        request_body,
        parameters,
        server,
        extensions,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    /// What `serde` reads from the item's hollow copy.
    fn by_serde(v: &Value, at: &Pointer) -> Option<TypedItem> {
        let copy = crate::detach::hollow_path_item(v, at);
        <TypedItem as serde::Deserialize>::deserialize(&copy).ok()
    }

    /// Whatever the hand reader reads, `serde` reads the same; returns whether it read it.
    fn agrees(v: &Value, at: &Pointer) -> bool {
        let Some(by_hand) = path_item(v, at) else {
            return false;
        };
        assert_eq!(
            Some(&by_hand),
            by_serde(v, at).as_ref(),
            "read by hand differently from serde: {v}"
        );
        true
    }

    /// Items that use every field the reader knows.
    fn well_formed() -> Vec<Value> {
        let header = json!({"description": "d", "style": "simple", "required": true,
            "deprecated": null, "schema": {"type": "integer"}, "example": 3,
            "examples": {"e": {"$ref": "#/components/examples/E"}}, "x-h": [1]});
        let media = json!({"schema": {"type": "object", "properties": {"a": {}}},
            "example": null, "examples": {"one": {"summary": "s", "description": null,
            "value": {"a": 1.5}, "externalValue": "https://e.example", "x-e": true}},
            "encoding": {"a": {"contentType": "text/plain", "headers": {"H": header},
            "style": "form", "explode": true, "allowReserved": false, "x-enc": 1}},
            "x-media": "m"});
        let server = json!({"url": "https://{region}.example.com", "description": "s",
            "variables": {"region": {"enum": ["eu", "us"], "default": "eu",
            "description": null, "x-v": 1}}, "x-s": 2});
        let operation = json!({
            "tags": ["a", "b"], "summary": "S", "description": null,
            "externalDocs": {"url": "https://docs.example", "description": "d", "x-d": 0},
            "operationId": "op",
            "parameters": [
                {"$ref": "#/components/parameters/P", "description": "ignored"},
                {"name": "q", "in": "query", "style": "deepObject", "explode": false,
                 "allowReserved": true, "allowEmptyValue": null, "required": false,
                 "schema": {"$ref": "#/components/schemas/Q"}, "x-p": {}},
                {"name": "h", "in": "header", "content": {"application/json": media.clone()},
                 "schema": "ignored after content", "allowReserved": "ignored"},
                {"name": "id", "in": "path", "style": "label", "required": true,
                 "schema": {"type": "string", "$ref": "#/x"}},
                {"name": "c", "in": "cookie", "style": "form", "schema": {"$ref": 5}},
                {"name": "s", "in": "query", "schema": {"type": "string"},
                 "content": {"text/plain": {}}}
            ],
            "requestBody": {"description": "b", "required": true,
                "content": {"application/json": media, "text/plain": {"schema": null}},
                "x-b": null},
            "responses": {
                "default": {"$ref": "#/components/responses/Error"},
                "200": {"description": "ok", "headers": {"X-Rate": header,
                    "X-Ref": {"$ref": "#/components/headers/R"}},
                    "content": {"application/json": {"schema": {"type": "array"}}},
                    "links": {"next": {"operationId": "op", "operationRef": "ignored",
                        "parameters": {"id": "$response.body#/id"}, "requestBody": 1,
                        "description": "n", "server": server.clone(), "x-l": 1},
                        "other": {"$ref": "#/components/links/L"}}},
                "2xX": {"description": "range"},
                "4XX": {"$ref": "#/components/responses/E4"},
                "x-resp": {"description": "an extension hollowed as a response",
                    "content": {"application/json": {"schema": {"type": "string"}}}},
                "600": {"description": "six hundred"},
                "099": "not a status code: ignored",
                "unknown": 5
            },
            "callbacks": {"onEvent": {"{$request.body#/url}": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {}}}},
                "responses": {"204": {"description": "taken"}}}, "$ref": "ignored"}}},
            "deprecated": true,
            "security": [{"oauth": ["read", "write"]}, {}],
            "servers": [server.clone()],
            "x-op": {"any": "thing"},
            "unknownField": "ignored"
        });
        vec![
            json!({}),
            json!({"$ref": "#/paths/~1other", "get": "ignored"}),
            json!({"summary": "s", "description": "d", "get": operation.clone(),
                "put": null, "post": operation, "servers": [server],
                "parameters": [{"name": "p", "in": "query", "schema": {}}],
                "x-item": 1, "other": 2}),
            json!({"delete": {"responses": {}, "security": null},
                "options": {"responses": {"default": null}}, "head": {"responses": {}},
                "patch": {"responses": {}}, "trace": {"responses": {}}}),
        ]
    }

    #[test]
    fn well_formed_items_are_read_by_hand_as_serde_reads_them() {
        let at = Pointer::root().push("paths").push("/pets/{id}");
        for item in well_formed() {
            assert!(agrees(&item, &at), "left to serde: {item}");
        }
    }

    /// Copies of `v` with one value (at any depth) replaced by each of a few values of other
    /// kinds, or removed when it is an object's member.
    fn mutations(v: &Value) -> Vec<Value> {
        let others = [
            json!(null),
            json!(5),
            json!("s"),
            json!(true),
            json!([]),
            json!({}),
        ];
        let mut out: Vec<Value> = others.iter().filter(|o| *o != v).cloned().collect();
        match v {
            Value::Object(m) => {
                for (k, member) in m {
                    let mut without = m.clone();
                    without.shift_remove(k);
                    out.push(Value::Object(without));
                    for changed in mutations(member) {
                        let mut copy = m.clone();
                        copy.insert(k.clone(), changed);
                        out.push(Value::Object(copy));
                    }
                }
            }
            Value::Array(list) => {
                for (i, member) in list.iter().enumerate() {
                    for changed in mutations(member) {
                        let mut copy = list.clone();
                        if let Some(slot) = copy.get_mut(i) {
                            *slot = changed;
                        }
                        out.push(Value::Array(copy));
                    }
                }
            }
            _ => {}
        }
        out
    }

    #[test]
    fn what_the_hand_reader_reads_of_damaged_items_serde_reads_the_same() {
        let at = Pointer::root().push("paths").push("/a");
        let (mut by_hand, mut left) = (0, 0);
        for item in well_formed() {
            for damaged in mutations(&item) {
                if agrees(&damaged, &at) {
                    by_hand += 1;
                } else {
                    left += 1;
                    // What the reader leaves is either rejected by serde or read another way.
                }
            }
        }
        // Both kinds are met: the damage reaches members the reader rejects and members it
        // ignores or takes as they are.
        assert!(
            by_hand > 1000 && left > 1000,
            "{by_hand} read by hand, {left} left"
        );
    }

    #[test]
    fn malformed_members_are_left_to_serde() {
        let at = Pointer::root().push("paths").push("/a");
        let rejected = [
            json!({"get": {"responses": {}, "tags": null}}),
            json!({"get": {}}),
            json!({"get": {"responses": {"200": {}}}}),
            json!({"parameters": [{"name": "p", "in": "body", "schema": {}}]}),
            json!({"parameters": [{"name": "p", "in": "query"}]}),
            json!({"parameters": [{"name": "p", "in": "query", "schema": [1]}]}),
            json!({"parameters": [{"name": "p", "in": "path", "style": "form", "schema": {}}]}),
            json!({"parameters": [{"$ref": 1}]}),
            json!({"get": {"responses": {"200": {"description": "x", "links": {"l": {}}}}}}),
            json!({"get": {"responses": {}, "deprecated": null}}),
            json!({"servers": [{"url": "u", "variables": {"v": {}}}]}),
            json!("not an item"),
        ];
        for item in rejected {
            assert!(path_item(&item, &at).is_none(), "read by hand: {item}");
            assert!(by_serde(&item, &at).is_none(), "serde reads it: {item}");
        }
    }

    #[test]
    fn status_codes_are_read_as_openapiv3_reads_them() {
        let cases = [
            ("200", Some(oa::StatusCode::Code(200))),
            ("999", Some(oa::StatusCode::Code(999))),
            ("099", None),
            ("+20", None),
            ("-20", None),
            ("2XX", Some(oa::StatusCode::Range(2))),
            ("5xx", Some(oa::StatusCode::Range(5))),
            ("4xX", Some(oa::StatusCode::Range(4))),
            ("X2X", None),
            ("20", None),
            ("2000", None),
            ("default", None),
            ("x-a", None),
        ];
        for (key, code) in cases {
            assert_eq!(status_code(key), code, "{key}");
            let parsed = serde_json::from_value::<oa::StatusCode>(json!(key)).ok();
            assert_eq!(parsed, code, "openapiv3 reads {key} so");
        }
    }

    /// The specifications of the corpus beside the project, every path item of each (3.1
    /// ones as written, not normalised: the rule holds for any value). The reader leaves to
    /// `serde` only what `serde` rejects.
    #[test]
    fn corpus_items_are_read_by_hand_as_serde_reads_them() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
        if !dir.is_dir() {
            println!("skipped: no corpus at {}", dir.display());
            return;
        }
        let (mut by_hand, mut rejected, mut missed) = (0usize, 0usize, Vec::new());
        for sub in ["oas30", "oas31", "large"] {
            let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
                continue;
            };
            for entry in entries.flatten() {
                let Ok(bytes) = std::fs::read(entry.path()) else {
                    continue;
                };
                let limits = connector_core::Limits::default();
                let Ok((doc, _)) = connector_core::load_document(&bytes, &limits) else {
                    continue;
                };
                let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
                    continue;
                };
                let at = Pointer::root().push("paths");
                for (path, item) in paths {
                    if agrees(item, &at.push(path)) {
                        by_hand += 1;
                    } else if by_serde(item, &at.push(path)).is_none() {
                        rejected += 1;
                    } else {
                        missed.push(format!("{} {path}", entry.path().display()));
                    }
                }
            }
        }
        println!("{by_hand} path items read by hand, {rejected} rejected by serde too");
        assert!(
            missed.is_empty(),
            "serde reads what the reader left: {missed:?}"
        );
        assert!(by_hand > 1000, "{by_hand} read by hand");
    }
}
