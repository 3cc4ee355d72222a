//! Models of `apiProperties.json` and paconn's `settings.json`.

use connector_core::collections::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The brand colour used when none is given: the one independent publishers must use.
pub const DEFAULT_BRAND_COLOR: &str = "#da3b01";

/// The OAuth redirect URL of the platform's global consent service.
pub const GLOBAL_REDIRECT_URL: &str = "https://global.consent.azure-apim.net/redirect";

/// `apiProperties.json`: everything about the connector that is not in the definition.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiProperties {
    /// The single top-level key.
    pub properties: ConnectorProperties,
}

/// The `properties` object of `apiProperties.json`, in the key order paconn writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorProperties {
    /// Connection parameters (authentication and per-connection settings).
    #[serde(default)]
    pub connection_parameters: IndexMap<String, ConnectionParameter>,
    /// Alternative authentication choices (multi-auth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_parameter_sets: Option<ConnectionParameterSets>,
    /// Icon background colour, `#rrggbb`.
    #[serde(default)]
    pub icon_brand_color: String,
    /// Operations routed through custom code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script_operations: Option<Vec<String>>,
    /// Capabilities such as `actions`, `triggers`.
    #[serde(default)]
    pub capabilities: Vec<String>,
    /// Policy template instances.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_template_instances: Vec<PolicyTemplateInstance>,
    /// Publisher name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Owner of the backend service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_owner: Option<String>,
}

impl Default for ConnectorProperties {
    fn default() -> Self {
        ConnectorProperties {
            connection_parameters: IndexMap::default(),
            connection_parameter_sets: None,
            icon_brand_color: DEFAULT_BRAND_COLOR.into(),
            script_operations: None,
            capabilities: Vec::new(),
            policy_template_instances: Vec::new(),
            publisher: None,
            stack_owner: None,
        }
    }
}

/// One connection parameter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionParameter {
    /// `string`, `securestring`, `int`, `bool`, `oauthSetting` or `gatewaySetting`.
    #[serde(rename = "type")]
    pub type_: String,
    /// OAuth settings (type `oauthSetting`).
    #[serde(
        rename = "oAuthSettings",
        alias = "oauthSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oauth_settings: Option<OAuthSettings>,
    /// Default value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<Value>,
    /// Allowed values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_values: Option<Vec<Value>>,
    /// Metadata (for example the tenant claim source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    /// How the parameter is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui_definition: Option<UiDefinition>,
    /// Keys this model does not know, kept as they are.
    #[serde(flatten)]
    pub other: IndexMap<String, Value>,
}

/// The `uiDefinition` of a connection parameter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UiDefinition {
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Tooltip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<String>,
    /// Constraints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<Constraints>,
    /// Keys this model does not know, kept as they are.
    #[serde(flatten)]
    pub other: IndexMap<String, Value>,
}

/// `uiDefinition.constraints`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Constraints {
    /// Tab order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tab_index: Option<i64>,
    /// Whether the value is shown in clear text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clear_text: Option<bool>,
    /// `"true"` or `"false"` (a string, as the schema requires).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Value>,
    /// `"true"` or `"false"` (a string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<Value>,
    /// Allowed values `{text, value}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_values: Option<Vec<Value>>,
    /// Keys this model does not know, kept as they are.
    #[serde(flatten)]
    pub other: IndexMap<String, Value>,
}

/// `oAuthSettings` of an `oauthSetting` connection parameter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthSettings {
    /// `oauth2`, `oauth2generic`, `aad`, ...
    pub identity_provider: String,
    /// Client id of the OAuth app (the secret is never written: paconn injects it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Scopes.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// `Global`, `GlobalPerConnector` or `Direct`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_mode: Option<String>,
    /// Redirect URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// Provider properties (`IsFirstParty`, ...).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub properties: IndexMap<String, Value>,
    /// Provider parameters (`authorizationUrl`, `tokenUrl`, ...), each `{ "value": ... }`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub custom_parameters: IndexMap<String, Value>,
    /// Keys this model does not know, kept as they are.
    #[serde(flatten)]
    pub other: IndexMap<String, Value>,
}

/// `connectionParameterSets`: several ways to connect, one chosen per connection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionParameterSets {
    /// Label and description of the choice.
    #[serde(default)]
    pub ui_definition: UiDefinition,
    /// The choices.
    #[serde(default)]
    pub values: Vec<ConnectionParameterSet>,
}

/// One choice of [`ConnectionParameterSets`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionParameterSet {
    /// Identifier.
    pub name: String,
    /// Label and description.
    #[serde(default)]
    pub ui_definition: UiDefinition,
    /// The parameters of this choice.
    #[serde(default)]
    pub parameters: IndexMap<String, ConnectionParameter>,
}

/// A policy template instance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTemplateInstance {
    /// Template id such as `dynamichosturl`.
    pub template_id: String,
    /// Title shown in the portal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Parameters (`x-ms-apimTemplateParameter.*`, `x-ms-apimTemplate-operationName`, ...).
    #[serde(default)]
    pub parameters: IndexMap<String, Value>,
}

/// paconn's `settings.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Connector id (set after the first `paconn create`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connector_id: Option<String>,
    /// Environment id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// Path of the properties file.
    #[serde(default = "default_api_properties")]
    pub api_properties: String,
    /// Path of the definition file.
    #[serde(default = "default_api_definition")]
    pub api_definition: String,
    /// Path of the icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Power Apps API base URL.
    #[serde(default = "default_power_apps_url")]
    pub power_apps_url: String,
    /// Power Apps API version.
    #[serde(default = "default_power_apps_api_version")]
    pub power_apps_api_version: String,
}

// paconn's defaults for keys a settings.json may leave out (reference 1.3).
fn default_api_properties() -> String {
    crate::API_PROPERTIES_FILE.into()
}
fn default_api_definition() -> String {
    crate::API_DEFINITION_FILE.into()
}
fn default_power_apps_url() -> String {
    "https://api.powerapps.com".into()
}
fn default_power_apps_api_version() -> String {
    "2016-11-01".into()
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            connector_id: None,
            environment: None,
            api_properties: default_api_properties(),
            api_definition: default_api_definition(),
            icon: None,
            power_apps_url: default_power_apps_url(),
            power_apps_api_version: default_power_apps_api_version(),
        }
    }
}

/// Makes a valid connection parameter name (`[0-9a-zA-Z_]`): other characters become `_`.
pub fn connection_parameter_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if s.is_empty() { "host".into() } else { s }
}

/// The policy parameter holding the URL template of `dynamichosturl`.
pub const DYNAMIC_HOST_URL_TEMPLATE: &str = "x-ms-apimTemplateParameter.urlTemplate";

impl PolicyTemplateInstance {
    /// A `dynamichosturl` policy ("Set host URL") with the given URL template.
    pub fn dynamic_host_url(url_template: impl Into<String>) -> Self {
        PolicyTemplateInstance {
            template_id: "dynamichosturl".into(),
            title: Some("Set host URL".into()),
            parameters: IndexMap::from_iter([(
                DYNAMIC_HOST_URL_TEMPLATE.to_owned(),
                Value::String(url_template.into()),
            )]),
        }
    }
}

impl ConnectionParameter {
    /// A required string parameter for the part of the API host named `name`, with an
    /// optional label/description, default and list of allowed values.
    pub fn host_part(
        name: &str,
        description: Option<&str>,
        default: Option<&str>,
        allowed: &[String],
    ) -> Self {
        let fallback = format!("The {name} part of the API host.");
        let label = description
            .filter(|d| d.chars().count() <= 80)
            .map_or_else(|| title_case(name), str::to_owned);
        let allowed_values = (!allowed.is_empty()).then(|| {
            allowed
                .iter()
                .map(|v| serde_json::json!({"text": v, "value": v}))
                .collect()
        });
        ConnectionParameter {
            type_: "string".into(),
            default_value: default.map(|d| Value::String(d.to_owned())),
            ui_definition: Some(UiDefinition {
                display_name: Some(label),
                description: Some(description.map_or_else(|| fallback.clone(), str::to_owned)),
                tooltip: Some(fallback),
                constraints: Some(Constraints {
                    required: Some(Value::String("true".into())),
                    tab_index: Some(1),
                    allowed_values,
                    ..Constraints::default()
                }),
                ..UiDefinition::default()
            }),
            ..ConnectionParameter::default()
        }
    }
}

/// `tenant_id` → `Tenant Id`.
fn title_case(name: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in name.chars() {
        if c == '_' || c == '-' {
            out.push(' ');
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
