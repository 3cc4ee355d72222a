//! The change kinds, with their impact and meaning (listed in docs/diff.md).

use crate::Impact;

/// One kind of change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kind {
    /// Stable id.
    pub id: &'static str,
    /// Impact on existing uses.
    pub impact: Impact,
    /// What it means.
    pub summary: &'static str,
}

macro_rules! kinds {
    ($($name:ident = $id:literal, $impact:ident, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $name: Kind = Kind { id: $id, impact: Impact::$impact, summary: $summary };
        )*
        /// Every kind, in documentation order.
        pub const KINDS: &[Kind] = &[$($name),*];
    };
}

kinds! {
    OPERATION_REMOVED = "OperationRemoved", Breaking,
        "An operation is gone (no operation has its id, and none took its place).";
    OPERATION_ID_CHANGED = "OperationIdChanged", Breaking,
        "The operation at the same method and path has another id: flows refer to operations by id.";
    OPERATION_BECAME_INTERNAL = "OperationBecameInternal", Breaking,
        "An operation became `x-ms-visibility: internal`: makers can no longer pick it.";
    TRIGGER_REMOVED = "TriggerRemoved", Breaking,
        "An operation is no longer a trigger: flows it starts stop.";
    TRIGGER_KIND_CHANGED = "TriggerKindChanged", Breaking,
        "A trigger changed between `single` and `batch`: the shape flows receive changes.";
    PARAMETER_REMOVED = "ParameterRemoved", Breaking,
        "A parameter (name and location) is gone; a renamed parameter shows as removed plus added.";
    REQUIRED_PARAMETER_ADDED = "RequiredParameterAdded", Breaking,
        "A new required parameter (without an internal default): existing flows do not set it.";
    PARAMETER_BECAME_REQUIRED = "ParameterBecameRequired", Breaking,
        "An optional parameter became required.";
    PARAMETER_TYPE_CHANGED = "ParameterTypeChanged", Breaking,
        "A parameter's type, format or item type changed.";
    PARAMETER_BECAME_INTERNAL = "ParameterBecameInternal", Breaking,
        "A parameter became internal: the values flows set are ignored.";
    ENUM_NARROWED = "EnumNarrowed", Breaking,
        "Values were removed from the enum of a parameter or request property: flows may send them.";
    REQUEST_PROPERTY_REMOVED = "RequestPropertyRemoved", Breaking,
        "A property of the request body is gone: flows that set it fail or lose the value.";
    REQUIRED_REQUEST_PROPERTY_ADDED = "RequiredRequestPropertyAdded", Breaking,
        "A new required property of the request body (or an optional one became required).";
    REQUEST_PROPERTY_TYPE_CHANGED = "RequestPropertyTypeChanged", Breaking,
        "The type or format of a request body property changed.";
    RESPONSE_PROPERTY_REMOVED = "ResponsePropertyRemoved", Breaking,
        "A property of the output is gone: flows that read it break.";
    RESPONSE_PROPERTY_TYPE_CHANGED = "ResponsePropertyTypeChanged", Breaking,
        "The type or format of an output property changed.";
    RESPONSE_SCHEMA_REMOVED = "ResponseSchemaRemoved", Breaking,
        "The success response no longer has a schema: every output value is lost.";
    AUTH_TYPE_CHANGED = "AuthTypeChanged", Breaking,
        "The security schemes changed (type, OAuth flow, API key location or name): every connection must be made again.";
    CONNECTION_PARAMETER_REMOVED = "ConnectionParameterRemoved", Breaking,
        "A connection parameter is gone.";
    CONNECTION_PARAMETER_CHANGED = "ConnectionParameterChanged", Breaking,
        "A connection parameter changed type or identity provider.";
    REQUIRED_CONNECTION_PARAMETER_ADDED = "RequiredConnectionParameterAdded", Breaking,
        "A new required connection parameter: existing connections lack it.";
    BACKEND_CHANGED = "BackendChanged", Warning,
        "The host or base path changed: calls go elsewhere.";
    OPERATION_DEPRECATED = "OperationDeprecated", Warning,
        "An operation is now deprecated.";
    PARAMETER_DEFAULT_CHANGED = "ParameterDefaultChanged", Warning,
        "A parameter's default changed: flows that relied on it send another value.";
    OPERATION_ADDED = "OperationAdded", Info,
        "A new operation.";
    OPERATION_MOVED = "OperationMoved", Info,
        "An operation kept its id but moved to another path or method.";
    OPERATION_TEXT_CHANGED = "OperationTextChanged", Info,
        "An operation's summary or description changed.";
    TRIGGER_ADDED = "TriggerAdded", Info,
        "An operation became a trigger.";
    PARAMETER_ADDED = "ParameterAdded", Info,
        "A new optional parameter (or a required internal one with a default).";
    PARAMETER_BECAME_OPTIONAL = "ParameterBecameOptional", Info,
        "A required parameter became optional.";
    PARAMETER_TEXT_CHANGED = "ParameterTextChanged", Info,
        "A parameter's label or description changed.";
    VISIBILITY_CHANGED = "VisibilityChanged", Info,
        "A parameter's visibility changed between important, advanced and the default.";
    ENUM_WIDENED = "EnumWidened", Info,
        "Values were added to an enum.";
    REQUEST_PROPERTY_ADDED = "RequestPropertyAdded", Info,
        "A new optional property of the request body.";
    RESPONSE_PROPERTY_ADDED = "ResponsePropertyAdded", Info,
        "A new output property.";
    CONNECTION_PARAMETER_ADDED = "ConnectionParameterAdded", Info,
        "A new optional connection parameter.";
}
