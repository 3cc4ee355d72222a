//! Rules over apiProperties.json and settings.json (reference sections 1.3–1.7).

use connector_core::Pointer;
use connector_swagger2 as sw;
use serde_json::Value;

use crate::Ctx;
use crate::rules::*;

const FILE: &str = sw::API_PROPERTIES_FILE;

/// Policy templates the platform's schema lists, with their required parameters
/// (reference 1.7), lower-case ids.
const POLICY_TEMPLATES: &[(&str, &[&str])] = &[
    (
        "dynamichosturl",
        &["x-ms-apimTemplateParameter.urlTemplate"],
    ),
    (
        "routerequesttoendpoint",
        &["x-ms-apimTemplateParameter.newPath"],
    ),
    (
        "setheader",
        &[
            "x-ms-apimTemplateParameter.name",
            "x-ms-apimTemplateParameter.value",
        ],
    ),
    (
        "setqueryparameter",
        &[
            "x-ms-apimTemplateParameter.name",
            "x-ms-apimTemplateParameter.value",
        ],
    ),
    (
        "setproperty",
        &[
            "x-ms-apimTemplateParameter.newPropertyParentPathTemplate",
            "x-ms-apimTemplateParameter.newPropertySubPathTemplate",
            "x-ms-apimTemplateParameter.propertyValuePathTemplate",
        ],
    ),
    (
        "setvaluefromurl",
        &[
            "x-ms-apimTemplateParameter.parameterTemplate",
            "x-ms-apimTemplateParameter.parameterValueUrl",
            "x-ms-apimTemplateParameter.parameterValuePathTemplate",
        ],
    ),
    (
        "convertarraytoobject",
        &[
            "x-ms-apimTemplateParameter.propertyParentPath",
            "x-ms-apimTemplateParameter.keyWithinCollectionPath",
            "x-ms-apimTemplateParameter.newPropertyPath",
        ],
    ),
    (
        "convertobjecttoarray",
        &[
            "x-ms-apimTemplateParameter.propertyParentPath",
            "x-ms-apimTemplateParameter.newPropertyPath",
        ],
    ),
    (
        "stringtoarray",
        &[
            "x-ms-apimTemplateParameter.propertyParentPath",
            "x-ms-apimTemplateParameter.delimiterList",
            "x-ms-apimTemplateParameter.childPropertyName",
            "x-ms-apimTemplateParameter.newPropertyPath",
        ],
    ),
    (
        "stringreplace",
        &[
            "x-ms-apimTemplateParameter.propertyParentPath",
            "x-ms-apimTemplateParameter.sourceString",
            "x-ms-apimTemplateParameter.replacementString",
            "x-ms-apimTemplateParameter.newPropertyPath",
        ],
    ),
    (
        "encodepropertyvalue",
        &[
            "x-ms-apimTemplateParameter.propertyParentPath",
            "x-ms-apimTemplateParameter.newPropertyPath",
        ],
    ),
    (
        "updatenextlink",
        &["x-ms-apimTemplateParameter.nextLinkPropertyName"],
    ),
    ("pollingtrigger", &[]),
    // Seen in certified connectors though absent from the schema.
    ("dynamicsubdomain", &[]),
    ("moveproperties", &[]),
    ("setconnectionstatustounauthenticated", &[]),
];

/// Whether `s` is `#rrggbb`.
pub(crate) fn is_hex_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s.chars().skip(1).all(|c| c.is_ascii_hexdigit())
}

fn valid_parameter_name(name: &str) -> bool {
    let word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    match name.split_once(':') {
        Some((a, b)) => word(a) && word(b),
        None => word(name),
    }
}

pub(crate) fn check(props: &sw::ApiProperties, doc: &sw::Document, ctx: &mut Ctx) {
    let p = &props.properties;
    let at = Pointer::root().push("properties");
    let color = p.icon_brand_color.trim();
    if !is_hex_color(color) {
        ctx.report(
            ICON_BRAND_COLOR_NOT_VALID,
            FILE,
            &at.push("iconBrandColor"),
            format!("iconBrandColor `{}` is not #rrggbb", p.icon_brand_color),
        );
    } else if matches!(color.to_ascii_lowercase().as_str(), "#007ee5" | "#ffffff") {
        ctx.report(
            ICON_BRAND_COLOR_NOT_ALLOWED,
            FILE,
            &at.push("iconBrandColor"),
            format!("iconBrandColor `{color}` is reserved"),
        );
    }
    parameters(
        &p.connection_parameters,
        &at.push("connectionParameters"),
        ctx,
    );
    if let Some(sets) = &p.connection_parameter_sets {
        for (i, set) in sets.values.iter().enumerate() {
            parameters(
                &set.parameters,
                &at.push("connectionParameterSets")
                    .push("values")
                    .index(i)
                    .push("parameters"),
                ctx,
            );
        }
    }
    security_match(p, doc, &at, ctx);
    let ids: connector_core::collections::HashSet<&str> = doc.operation_ids().collect();
    for (i, t) in p.policy_template_instances.iter().enumerate() {
        let here = at.push("policyTemplateInstances").index(i);
        let id = t.template_id.to_ascii_lowercase();
        match POLICY_TEMPLATES.iter().find(|(k, _)| *k == id) {
            None => ctx.report(
                POLICY_TEMPLATE_UNKNOWN,
                FILE,
                &here.push("templateId"),
                format!(
                    "policy template `{}` is not one the platform lists",
                    t.template_id
                ),
            ),
            Some((_, required)) => {
                for r in *required {
                    let present = t
                        .parameters
                        .iter()
                        .any(|(k, v)| k.eq_ignore_ascii_case(r) && !v.is_null());
                    if !present {
                        ctx.report(
                            POLICY_TEMPLATE_PARAMETER_MISSING,
                            FILE,
                            &here.push("parameters"),
                            format!("policy `{}` lacks `{r}`", t.template_id),
                        );
                    }
                }
            }
        }
        if let Some(names) = t
            .parameters
            .get("x-ms-apimTemplate-operationName")
            .and_then(Value::as_array)
        {
            for (j, n) in names.iter().enumerate() {
                if let Some(n) = n.as_str() {
                    if !ids.contains(n) {
                        ctx.report(
                            POLICY_TEMPLATE_OPERATION_NOT_FOUND,
                            FILE,
                            &here
                                .push("parameters")
                                .push("x-ms-apimTemplate-operationName")
                                .index(j),
                            format!(
                                "policy `{}` targets `{n}`, which does not exist",
                                t.template_id
                            ),
                        );
                    }
                }
            }
        }
    }
    for (i, n) in p.script_operations.iter().flatten().enumerate() {
        if !ids.contains(n.as_str()) {
            ctx.report(
                SCRIPT_OPERATION_NOT_FOUND,
                FILE,
                &at.push("scriptOperations").index(i),
                format!("scriptOperations names `{n}`, which does not exist"),
            );
        }
    }
    if ctx.certification() {
        for (key, v) in [("publisher", &p.publisher), ("stackOwner", &p.stack_owner)] {
            if v.as_deref().is_none_or(|s| s.trim().is_empty()) {
                ctx.report(
                    CERT_REQUIRED_PROPERTY_MISSING,
                    FILE,
                    &at.push(key),
                    format!("apiProperties has no {key}"),
                );
            }
        }
    }
}

fn parameters(
    list: &connector_core::collections::IndexMap<String, sw::ConnectionParameter>,
    at: &Pointer,
    ctx: &mut Ctx,
) {
    for (name, p) in list {
        let here = at.push(name);
        if !valid_parameter_name(name) {
            ctx.report(
                CONNECTION_PARAMETER_NAME_NOT_VALID,
                FILE,
                &here,
                format!("connection parameter name `{name}` has characters the schema rejects"),
            );
        }
        match p.type_.as_str() {
            "string" | "securestring" | "int" | "bool" | "gatewaySetting" => {}
            "oauthSetting" => {
                if p.oauth_settings
                    .as_ref()
                    .is_none_or(|o| o.identity_provider.is_empty())
                {
                    ctx.report(
                        CONNECTION_PARAMETER_TYPE_NOT_VALID,
                        FILE,
                        &here.push("oAuthSettings"),
                        format!("`{name}` is an oauthSetting without an identityProvider"),
                    );
                }
            }
            other => ctx.report(
                if [
                    "string",
                    "securestring",
                    "int",
                    "bool",
                    "gatewaySetting",
                    "oauthSetting",
                ]
                .iter()
                .any(|t| t.eq_ignore_ascii_case(other))
                {
                    CONNECTION_PARAMETER_TYPE_NOT_VALID_TOLERATED
                } else {
                    CONNECTION_PARAMETER_TYPE_NOT_VALID
                },
                FILE,
                &here.push("type"),
                format!("`{name}` has type `{other}`"),
            ),
        }
        if let Some(c) = p
            .ui_definition
            .as_ref()
            .and_then(|u| u.constraints.as_ref())
        {
            for (key, v) in [("required", &c.required), ("hidden", &c.hidden)] {
                if v.as_ref().is_some_and(|v| !v.is_string()) {
                    ctx.report(
                        CONNECTION_PARAMETER_CONSTRAINT_NOT_STRING,
                        FILE,
                        &here.push("uiDefinition").push("constraints").push(key),
                        format!("`{name}` constraint {key} is not a string"),
                    );
                }
            }
        }
    }
}

/// The definition's security scheme has a matching connection parameter.
fn security_match(p: &sw::ConnectorProperties, doc: &sw::Document, at: &Pointer, ctx: &mut Ctx) {
    // With parameter sets every set carries its own parameters; the sets are checked as a whole.
    let all: Vec<&connector_core::collections::IndexMap<String, sw::ConnectionParameter>> =
        match &p.connection_parameter_sets {
            Some(sets) if !sets.values.is_empty() => {
                sets.values.iter().map(|s| &s.parameters).collect()
            }
            _ => vec![&p.connection_parameters],
        };
    let has = |pred: &dyn Fn(&str, &sw::ConnectionParameter) -> bool| {
        all.iter().any(|m| m.iter().any(|(n, c)| pred(n, c)))
    };
    for (name, s) in &doc.security_definitions {
        let ok = match s.type_.as_str() {
            "basic" => has(&|n, _| n == "username") && has(&|n, _| n == "password"),
            "apiKey" => has(&|_, c| c.type_ == "securestring" || c.type_ == "string"),
            "oauth2" => has(&|_, c| c.type_ == "oauthSetting"),
            _ => true,
        };
        if !ok {
            ctx.report(
                CONNECTION_PARAMETERS_MISMATCH_SECURITY,
                FILE,
                &at.push("connectionParameters"),
                format!(
                    "security definition `{name}` ({}) has no matching connection parameter",
                    s.type_
                ),
            );
        }
    }
}

pub(crate) fn check_settings(s: &sw::Settings, ctx: &mut Ctx) {
    for (key, v) in [
        ("apiDefinition", &s.api_definition),
        ("apiProperties", &s.api_properties),
    ] {
        if v.trim().is_empty() {
            ctx.report(
                SETTINGS_NOT_VALID,
                sw::SETTINGS_FILE,
                &Pointer::root().push(key),
                format!("settings.json has no {key}"),
            );
        }
    }
}
