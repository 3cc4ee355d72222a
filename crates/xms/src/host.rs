//! Hosts that vary per tenant: `{name}` placeholders left in `host` (Swagger 2.0
//! parameterised hosts, OpenAPI server variables without a definition) become connection
//! parameters and a `dynamichosturl` policy, so the definition keeps a valid host.

use connector_core::{Diagnostics, Pointer};
use connector_swagger2 as sw;
use serde_json::Value;

use crate::codes;

use connector_swagger2::DYNAMIC_HOST_URL_TEMPLATE as URL_TEMPLATE;

/// The `{name}` placeholders of a host, in order, without repeats.
fn placeholders(host: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = host;
    while let Some(start) = rest.find('{') {
        let Some(after) = rest.get(start + 1..) else {
            break;
        };
        let Some(end) = after.find('}') else { break };
        if let Some(name) = after.get(..end).filter(|n| !n.is_empty()) {
            if !out.iter().any(|n| n == name) {
                out.push(name.to_owned());
            }
        }
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out
}

use connector_swagger2::connection_parameter_name;

/// Turns `{name}` placeholders in `host` into connection parameters and a dynamic-host policy.
pub fn host_variables(
    doc: &mut sw::Document,
    props: &mut sw::ConnectorProperties,
    diags: &mut Diagnostics,
) {
    let Some(host) = doc.host.clone() else { return };
    let names = placeholders(&host);
    if names.is_empty() {
        return;
    }
    let at = Pointer::root().push("host");
    let mut concrete = host.clone();
    let mut template = host.clone();
    for name in &names {
        let param = connection_parameter_name(name);
        // The definition needs a valid host; the policy replaces it on every call.
        let placeholder: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        concrete = concrete.replace(
            &format!("{{{name}}}"),
            if placeholder.is_empty() {
                "tenant"
            } else {
                &placeholder
            },
        );
        template = template.replace(
            &format!("{{{name}}}"),
            &format!("@connectionParameters('{param}')"),
        );
        props
            .connection_parameters
            .entry(param.clone())
            .or_insert_with(|| sw::ConnectionParameter::host_part(name, None, None, &[]));
        diags
            .info(codes::XMS_HOST_VARIABLE, &at, format!("`{{{name}}}` in the host became the connection parameter `{param}` and a `dynamichosturl` policy"))
            .help("users enter it when they create a connection");
    }
    doc.host = Some(concrete);
    let scheme = doc
        .schemes
        .as_ref()
        .and_then(|s| s.first())
        .cloned()
        .unwrap_or_else(|| "https".into());
    let base = doc
        .base_path
        .clone()
        .filter(|b| b != "/")
        .unwrap_or_default();
    let url = format!("{scheme}://{template}{base}");
    match props
        .policy_template_instances
        .iter_mut()
        .find(|p| p.template_id == "dynamichosturl")
    {
        Some(existing) => {
            // A policy made from server variables already exists: fill in the remaining placeholders.
            if let Some(Value::String(t)) = existing.parameters.get_mut(URL_TEMPLATE) {
                for name in &names {
                    *t = t.replace(
                        &format!("{{{name}}}"),
                        &format!(
                            "@connectionParameters('{}')",
                            connection_parameter_name(name)
                        ),
                    );
                }
            }
        }
        None => props
            .policy_template_instances
            .push(sw::PolicyTemplateInstance::dynamic_host_url(url)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_placeholders_become_parameters_and_a_policy() {
        let mut doc = sw::Document {
            host: Some("{accountName}.blob.example.net".into()),
            base_path: Some("/v1".into()),
            ..Default::default()
        };
        let mut props = sw::ConnectorProperties::default();
        let mut d = Diagnostics::new();
        host_variables(&mut doc, &mut props, &mut d);
        assert_eq!(doc.host.as_deref(), Some("accountname.blob.example.net"));
        assert!(props.connection_parameters.contains_key("accountName"));
        let policy = &props.policy_template_instances[0];
        assert_eq!(
            policy.parameters[URL_TEMPLATE],
            "https://@connectionParameters('accountName').blob.example.net/v1"
        );
    }
}
