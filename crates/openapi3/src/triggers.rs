//! OpenAPI callbacks → Power Platform webhook triggers (reference 2.7).
//!
//! A callback fits the platform's webhook pattern when its single URL comes from a top-level
//! property of the operation's JSON body (`{$request.body#/callbackUrl}`). Then:
//! - the operation gets `x-ms-trigger` (`single`, or `batch` when the event is an array);
//! - the body property becomes the notification URL: a required, internal string marked
//!   `x-ms-notification-url: true` (the platform fills it in);
//! - the path item gets `x-ms-notification-content` with the schema of what the API posts.
//!
//! Anything else (the URL in a query parameter or deep in the body, several URLs, a second
//! callback on one operation or path) is reported and left out.

use connector_core::collections::HashSet;

use connector_core::Diagnostics;
use connector_swagger2 as sw;
use serde_json::{Value, json};

use crate::codes;
use crate::normalize::{CallbackSite, unescape};
use crate::schema::SchemaLowering;

pub(crate) fn apply(
    doc: &mut sw::Document,
    sites: &[CallbackSite],
    schemas: &SchemaLowering<'_>,
    raw: &Value,
    diags: &mut Diagnostics,
) {
    let mut used: HashSet<(String, String)> = HashSet::default();
    for site in sites {
        match trigger(doc, site, schemas, raw, &mut used, diags) {
            Ok(message) => {
                diags.info(codes::OAS_CALLBACK_TRIGGER, &site.at, message);
            }
            Err(reason) => {
                diags
                    .warn(
                        codes::OAS_CALLBACK_DROPPED,
                        &site.at,
                        format!("callback `{}` was dropped: {reason}", site.name),
                    )
                    .help("a connector trigger needs the callback URL as a property of the subscription's JSON body: `{$request.body#/callbackUrl}`");
            }
        }
    }
}

/// The JSON schema of a callback's request body, if it has one.
fn event_schema<'v>(item: &'v Value, raw: &'v Value) -> Option<(&'v str, &'v Value)> {
    let (method, op) = ["post", "put", "patch", "get", "delete"]
        .iter()
        .find_map(|m| item.get(*m).map(|op| (*m, op)))?;
    let mut body = op.get("requestBody")?;
    for _ in 0..8 {
        match body.get("$ref").and_then(Value::as_str) {
            Some(r) => body = raw.pointer(r.strip_prefix('#')?)?,
            None => break,
        }
    }
    let content = body.get("content")?.as_object()?;
    let media = content
        .iter()
        .find(|(k, _)| k.starts_with("application/json"))
        .or_else(|| content.iter().find(|(k, _)| k.contains("json")))
        .or_else(|| content.iter().next())?;
    Some((method, media.1.get("schema")?))
}

fn trigger(
    doc: &mut sw::Document,
    site: &CallbackSite,
    schemas: &SchemaLowering<'_>,
    raw: &Value,
    used: &mut HashSet<(String, String)>,
    diags: &mut Diagnostics,
) -> Result<String, String> {
    if site.expressions > 1 {
        return Err("it names several URLs; a trigger has one".into());
    }
    let property = site
        .expression
        .trim()
        .strip_prefix("{$request.body#/")
        .and_then(|r| r.strip_suffix('}'))
        .ok_or_else(|| {
            format!(
                "its URL `{}` does not come from the request body, where the platform puts the callback URL",
                site.expression
            )
        })?;
    if property.contains('/') || property.is_empty() {
        return Err("the URL is not a top-level property of the request body".into());
    }
    let property = unescape(property);
    if !used.insert((site.path.clone(), site.method.clone())) {
        return Err("the operation already has a trigger callback".into());
    }
    // What the API posts.
    let at = site.at.push(&site.expression);
    let event: sw::Schema = match event_schema(&site.item, raw) {
        Some((method, s)) => {
            let here = at
                .push(method)
                .push("requestBody")
                .push("content")
                .push("schema");
            serde_json::from_value(schemas.lower(s, &here, diags)).unwrap_or_default()
        }
        None => sw::Schema {
            type_: Some(sw::SchemaType::One("object".into())),
            ..sw::Schema::default()
        },
    };
    let description = ["post", "put", "patch", "get", "delete"]
        .iter()
        .find_map(|m| site.item.get(*m))
        .and_then(|op| {
            op.get("description")
                .or_else(|| op.get("summary"))
                .and_then(Value::as_str)
        })
        .map_or_else(
            || format!("What the API posts to the callback URL ({}).", site.name),
            str::to_owned,
        );
    // The subscription's body, resolved so that only this operation's copy changes.
    let (shared, definitions) = (&doc.parameters, &doc.definitions);
    let item = doc
        .paths
        .paths
        .get_mut(&site.path)
        .ok_or("its operation is not in the connector")?;
    if item.extensions.contains_key("x-ms-notification-content") {
        return Err("another trigger already uses this path".into());
    }
    let op = item
        .operation_slot(&site.method)
        .and_then(Option::as_mut)
        .ok_or("its operation is not in the connector")?;
    let params = op.parameters.get_or_insert_with(Vec::new);
    let slot = params
        .iter_mut()
        .find(|p| match p {
            sw::RefOr::Item(p) => p.location == sw::ParameterLocation::Body,
            sw::RefOr::Ref(r) => r
                .strip_prefix("#/parameters/")
                .and_then(|n| shared.get(&unescape(n)))
                .is_some_and(|p| p.location == sw::ParameterLocation::Body),
        })
        .ok_or("the operation has no JSON body to carry the URL")?;
    if let sw::RefOr::Ref(r) = slot {
        let p = r
            .strip_prefix("#/parameters/")
            .and_then(|n| shared.get(&unescape(n)))
            .cloned()
            .ok_or("the body parameter could not be resolved")?;
        *slot = sw::RefOr::Item(p);
    }
    let body = slot
        .as_item_mut()
        .ok_or("the body parameter could not be resolved")?;
    let schema = body.schema.get_or_insert_with(Box::default);
    if let Some(name) = schema
        .reference
        .as_deref()
        .and_then(|r| r.strip_prefix("#/definitions/"))
    {
        **schema = definitions
            .get(&unescape(name))
            .cloned()
            .ok_or("the body schema could not be resolved")?;
    }
    if schema.type_.is_none() {
        schema.type_ = Some(sw::SchemaType::One("object".into()));
    }
    if !schema.type_.as_ref().is_some_and(|t| t.is("object")) {
        return Err("the request body is not an object".into());
    }
    body.required = Some(true);
    let schema = body.schema.get_or_insert_with(Box::default);
    let prop = schema
        .properties
        .get_or_insert_with(Default::default)
        .entry(property.clone())
        .or_default();
    prop.reference = None;
    prop.type_ = Some(sw::SchemaType::One("string".into()));
    prop.extensions
        .insert("x-ms-notification-url".into(), Value::Bool(true));
    prop.extensions
        .insert("x-ms-visibility".into(), json!("internal"));
    let required = schema.required.get_or_insert_with(Vec::new);
    if !required.contains(&property) {
        required.push(property.clone());
    }
    let kind = if event.type_.as_ref().is_some_and(|t| t.is("array")) {
        "batch"
    } else {
        "single"
    };
    op.extensions
        .entry("x-ms-trigger".into())
        .or_insert_with(|| json!(kind));
    let content = serde_json::to_value(&event).unwrap_or_else(|_| json!({}));
    item.extensions.insert(
        "x-ms-notification-content".into(),
        json!({"description": description, "schema": content}),
    );
    Ok(format!(
        "callback `{}` became a webhook trigger: the platform fills `{property}` of the body with its URL and receives what the API posts there",
        site.name
    ))
}

#[cfg(test)]
mod tests {
    use crate::{ReadOptions, read};
    use connector_core::{Diagnostics, InputFormat};
    use serde_json::{Value, json};

    fn convert(spec: Value) -> (Value, Vec<&'static str>) {
        let mut d = Diagnostics::new();
        let l = read(spec, InputFormat::OpenApi30, ReadOptions::default(), &mut d).unwrap();
        (
            serde_json::to_value(&l.document).unwrap(),
            d.as_slice().iter().map(|x| x.code).collect(),
        )
    }

    fn spec(expression: &str) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "servers": [{"url": "https://api.example.com"}],
            "paths": {"/hooks": {"post": {"operationId": "Subscribe",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Hook"}}}},
                "responses": {"201": {"description": "ok"}},
                "callbacks": {"onEvent": {(expression): {"post": {
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}}},
                    "responses": {"200": {"description": "ok"}}}}}}}}},
            "components": {"schemas": {
                "Hook": {"type": "object", "properties": {"url": {"type": "string", "format": "uri"}}},
                "Event": {"type": "object", "properties": {"id": {"type": "string"}}}}}})
    }

    #[test]
    fn a_body_callback_becomes_a_webhook_trigger() {
        let (doc, codes) = convert(spec("{$request.body#/url}"));
        let item = &doc["paths"]["/hooks"];
        assert_eq!(item["post"]["x-ms-trigger"], "single");
        let body = &item["post"]["parameters"][0];
        assert_eq!(body["required"], true);
        assert_eq!(
            body["schema"]["properties"]["url"]["x-ms-notification-url"],
            true
        );
        assert_eq!(
            body["schema"]["properties"]["url"]["x-ms-visibility"],
            "internal"
        );
        assert_eq!(body["schema"]["required"], json!(["url"]));
        assert_eq!(
            item["x-ms-notification-content"]["schema"]["$ref"],
            "#/definitions/Event"
        );
        // The shared definition is untouched: only the subscription's copy carries the URL.
        assert!(
            doc["definitions"]["Hook"]["properties"]["url"]
                .get("x-ms-notification-url")
                .is_none()
        );
        assert!(codes.contains(&crate::codes::OAS_CALLBACK_TRIGGER));
    }

    #[test]
    fn a_query_callback_is_reported_not_guessed() {
        let (doc, codes) = convert(spec("{$request.query.url}"));
        assert!(
            doc["paths"]["/hooks"]
                .get("x-ms-notification-content")
                .is_none()
        );
        assert!(doc["paths"]["/hooks"]["post"].get("x-ms-trigger").is_none());
        assert!(codes.contains(&crate::codes::OAS_CALLBACK_DROPPED));
    }
}
