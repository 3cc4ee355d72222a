//! The connector as a maker meets it in Power Automate: its actions with their names,
//! descriptions and inputs, the sign-in a connection asks for, and its size and operation
//! count against the platform's limits. Read from the package files, as the platform reads
//! them.

use serde::Serialize;
use serde_json::{Map, Value};

use connector_convert::{MAX_DEFINITION_BYTES, MAX_OPERATIONS};

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];
/// How many `$ref`s in a row are followed before giving up (a cycle, or a broken chain).
const MAX_HOPS: usize = 16;

/// The maker's view of one package.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub title: String,
    pub host: String,
    pub actions: Vec<Action>,
    pub sign_in: SignIn,
    pub limits: Limits,
}

/// One action (or trigger) as the designer lists it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    pub operation_id: String,
    pub method: String,
    pub path: String,
    /// The action's name in the designer (`summary`).
    pub name: String,
    pub description: String,
    /// `important`, `advanced`, `internal` or `none`.
    pub visibility: String,
    pub trigger: bool,
    pub deprecated: bool,
    pub inputs: Vec<Input>,
}

/// One field of an action's card.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Input {
    pub name: String,
    /// `path`, `query`, `header`, `formData` or `body`.
    #[serde(rename = "in")]
    pub location: String,
    /// The label the card shows (`x-ms-summary`, else the name).
    pub label: String,
    pub description: String,
    pub required: bool,
    pub visibility: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// What a new connection asks for.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignIn {
    /// The definition's security schemes, as `type` (`apiKey`, `basic`, `oauth2`).
    pub schemes: Vec<Scheme>,
    /// apiProperties.json's connection parameters.
    pub parameters: Vec<ConnectionParameter>,
    /// Named sets of parameters the user picks from, when the connector offers several.
    pub sets: Vec<ParameterSet>,
}

/// One security definition.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scheme {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Where an API key goes (`header` or `query`) and under which name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
}

/// One field of the connection dialog.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionParameter {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub label: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_provider: Option<String>,
}

/// A connection parameter set.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParameterSet {
    pub name: String,
    pub label: String,
    pub parameters: Vec<ConnectionParameter>,
}

/// The package against the platform's limits.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// Compact JSON bytes of the definition, as the platform counts them.
    pub definition_bytes: usize,
    pub max_definition_bytes: usize,
    pub operations: usize,
    pub max_operations: usize,
}

/// The preview of a definition and its apiProperties.json (either may be `Null`).
pub fn preview(definition: &Value, properties: &Value) -> Preview {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_owned();
    let actions = actions(definition);
    let operations = actions.len();
    Preview {
        title: text(definition.pointer("/info/title")),
        host: text(definition.get("host")),
        actions,
        sign_in: sign_in(definition, properties),
        limits: Limits {
            definition_bytes: serde_json::to_vec(definition).map_or(0, |b| b.len()),
            max_definition_bytes: MAX_DEFINITION_BYTES,
            operations,
            max_operations: MAX_OPERATIONS,
        },
    }
}

fn actions(definition: &Value) -> Vec<Action> {
    let Some(paths) = definition.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        let shared = list(item.get("parameters"));
        for method in METHODS {
            if let Some(op) = item.get(method).and_then(Value::as_object) {
                out.push(action(definition, path, method, op, shared));
            }
        }
    }
    out
}

fn action(
    definition: &Value,
    path: &str,
    method: &str,
    op: &Map<String, Value>,
    shared: &[Value],
) -> Action {
    let own = list(op.get("parameters"));
    let mut inputs = Vec::new();
    // An operation's parameter replaces a path-level one of the same name and place.
    let resolved: Vec<&Map<String, Value>> = own
        .iter()
        .chain(shared)
        .filter_map(|p| resolve(definition, p).as_object())
        .filter(|p| !p.contains_key("$ref"))
        .collect();
    let mut seen: Vec<(String, String)> = Vec::new();
    for p in resolved {
        let key = (string(p, "name"), string(p, "in"));
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        if string(p, "in") == "body" {
            inputs.extend(body_inputs(definition, p));
        } else {
            inputs.push(input(
                p,
                p.get("required").and_then(Value::as_bool) == Some(true),
            ));
        }
    }
    Action {
        operation_id: string(op, "operationId"),
        method: method.to_uppercase(),
        path: path.to_owned(),
        name: string(op, "summary"),
        description: string(op, "description"),
        visibility: visibility(op),
        trigger: op.contains_key("x-ms-trigger"),
        deprecated: op.get("deprecated").and_then(Value::as_bool) == Some(true),
        inputs,
    }
}

/// A body shows as its object's properties, one field each; any other body is one field.
fn body_inputs(definition: &Value, parameter: &Map<String, Value>) -> Vec<Input> {
    let schema = parameter.get("schema").map(|s| resolve(definition, s));
    let properties = schema
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object);
    let Some(properties) = properties.filter(|p| !p.is_empty()) else {
        let required = parameter.get("required").and_then(Value::as_bool) == Some(true);
        return vec![input(parameter, required)];
    };
    let required: Vec<&str> = schema
        .and_then(|s| s.get("required"))
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    properties
        .iter()
        .filter_map(|(name, property)| {
            let property = resolve(definition, property).as_object()?;
            let mut field = input(property, required.contains(&name.as_str()));
            field.name = name.clone();
            field.location = "body".into();
            if !property.contains_key("x-ms-summary") {
                field.label = name.clone();
            }
            Some(field)
        })
        .collect()
}

fn input(p: &Map<String, Value>, required: bool) -> Input {
    let name = string(p, "name");
    let label = p
        .get("x-ms-summary")
        .and_then(Value::as_str)
        .map_or_else(|| name.clone(), str::to_owned);
    let kind = match (p.get("type").and_then(Value::as_str), p.get("format")) {
        (Some(t), Some(Value::String(f))) => format!("{t} ({f})"),
        (Some(t), _) => t.to_owned(),
        (None, _) if p.contains_key("schema") => "object".into(),
        (None, _) => String::new(),
    };
    Input {
        name,
        location: string(p, "in"),
        label,
        description: string(p, "description"),
        required,
        visibility: visibility(p),
        kind,
    }
}

fn sign_in(definition: &Value, properties: &Value) -> SignIn {
    let schemes = definition
        .get("securityDefinitions")
        .and_then(Value::as_object)
        .map(|defs| defs.iter().map(|(name, s)| scheme(name, s)).collect())
        .unwrap_or_default();
    let props = properties.get("properties").unwrap_or(&Value::Null);
    let sets = props
        .pointer("/connectionParameterSets/values")
        .and_then(Value::as_array)
        .map(|sets| sets.iter().map(parameter_set).collect())
        .unwrap_or_default();
    SignIn {
        schemes,
        parameters: connection_parameters(props.get("connectionParameters")),
        sets,
    }
}

fn scheme(name: &str, s: &Value) -> Scheme {
    let field = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or_default();
    let key = (field("type") == "apiKey").then(|| format!("{} {}", field("in"), field("name")));
    let scopes = s
        .get("scopes")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    Scheme {
        name: name.to_owned(),
        kind: field("type").to_owned(),
        key,
        scopes,
    }
}

fn parameter_set(set: &Value) -> ParameterSet {
    let text = |p: &str| {
        set.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    ParameterSet {
        name: text("/name"),
        label: text("/uiDefinition/displayName"),
        parameters: connection_parameters(set.get("parameters")),
    }
}

fn connection_parameters(parameters: Option<&Value>) -> Vec<ConnectionParameter> {
    let Some(parameters) = parameters.and_then(Value::as_object) else {
        return Vec::new();
    };
    parameters
        .iter()
        .map(|(name, p)| {
            let text = |ptr: &str| p.pointer(ptr).and_then(Value::as_str).map(str::to_owned);
            ConnectionParameter {
                name: name.clone(),
                kind: text("/type").unwrap_or_default(),
                label: text("/uiDefinition/displayName").unwrap_or_else(|| name.clone()),
                description: text("/uiDefinition/description").unwrap_or_default(),
                identity_provider: text("/oAuthSettings/identityProvider"),
            }
        })
        .collect()
}

/// Follows local `$ref`s (`#/parameters/x`, `#/definitions/y`) to what they name.
fn resolve<'a>(definition: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..MAX_HOPS {
        let Some(target) = node.get("$ref").and_then(Value::as_str) else {
            return node;
        };
        match target
            .strip_prefix('#')
            .and_then(|pointer| definition.pointer(pointer))
        {
            Some(next) => node = next,
            None => return node,
        }
    }
    node
}

fn list(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn string(m: &Map<String, Value>, key: &str) -> String {
    m.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn visibility(m: &Map<String, Value>) -> String {
    m.get("x-ms-visibility")
        .and_then(Value::as_str)
        .unwrap_or("none")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn actions_list_their_fields_with_labels_required_and_visibility() {
        let definition = json!({
            "swagger": "2.0", "info": {"title": "Pets"}, "host": "pets.example.com",
            "parameters": {"Limit": {"name": "limit", "in": "query", "type": "integer",
                "x-ms-summary": "Limit", "x-ms-visibility": "advanced"}},
            "definitions": {"Pet": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string", "x-ms-summary": "Name", "description": "The pet's name."},
                "tag": {"type": "string"}}}},
            "paths": {"/pets/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "type": "string",
                    "x-ms-summary": "Pet ID"}],
                "put": {"operationId": "UpdatePet", "summary": "Update a pet",
                    "parameters": [{"$ref": "#/parameters/Limit"},
                        {"name": "body", "in": "body", "schema": {"$ref": "#/definitions/Pet"}}]},
                "x-extension": true}}
        });
        let p = preview(&definition, &Value::Null);
        assert_eq!(p.title, "Pets");
        let [a] = p.actions.as_slice() else {
            panic!("one action: {:?}", p.actions)
        };
        assert_eq!(
            (a.name.as_str(), a.method.as_str()),
            ("Update a pet", "PUT")
        );
        let fields: Vec<(&str, &str, &str, bool, &str)> = a
            .inputs
            .iter()
            .map(|i| {
                (
                    i.name.as_str(),
                    i.location.as_str(),
                    i.label.as_str(),
                    i.required,
                    i.visibility.as_str(),
                )
            })
            .collect();
        assert_eq!(
            fields,
            [
                ("limit", "query", "Limit", false, "advanced"),
                ("name", "body", "Name", true, "none"),
                ("tag", "body", "tag", false, "none"),
                ("id", "path", "Pet ID", true, "none"),
            ]
        );
        assert_eq!(p.limits.operations, 1);
        assert!(p.limits.definition_bytes > 100);
    }

    #[test]
    fn sign_in_names_schemes_and_connection_fields() {
        let definition = json!({"securityDefinitions": {
            "API Key": {"type": "apiKey", "in": "header", "name": "X-Key"}}});
        let properties = json!({"properties": {"connectionParameters": {
            "api_key": {"type": "securestring",
                "uiDefinition": {"displayName": "API key", "description": "Your key."}}}}});
        let s = preview(&definition, &properties).sign_in;
        assert_eq!(s.schemes.len(), 1);
        assert_eq!(
            s.schemes.first().and_then(|x| x.key.as_deref()),
            Some("header X-Key")
        );
        let p = s
            .parameters
            .first()
            .map(|p| (p.label.as_str(), p.kind.as_str()));
        assert_eq!(p, Some(("API key", "securestring")));
    }

    #[test]
    fn a_reference_cycle_or_a_broken_reference_does_not_hang() {
        let definition = json!({"definitions": {"A": {"$ref": "#/definitions/A"}},
            "paths": {"/a": {"post": {"parameters": [
                {"name": "b", "in": "body", "schema": {"$ref": "#/definitions/A"}},
                {"$ref": "#/parameters/missing"}]}}}});
        let p = preview(&definition, &Value::Null);
        let inputs = p.actions.first().map_or(0, |a| a.inputs.len());
        assert_eq!(
            inputs, 1,
            "the body stays one field; the broken ref is skipped"
        );
    }
}
