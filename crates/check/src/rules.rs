//! The rule table: every rule the checker knows, with its id, severity, profile, what it
//! means and how to fix it. Ids are the platform validator's own where one exists
//! (reference section 4.2); the others are marked "(ours)" in docs/rules.md.

use connector_core::Severity;

use crate::Profile;

/// One connector rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable id (the platform's own where it has one).
    pub id: &'static str,
    /// Severity of a finding.
    pub severity: Severity,
    /// The least strict profile that runs the rule.
    pub profile: Profile,
    /// What the rule requires.
    pub summary: &'static str,
    /// How to fix a finding.
    pub hint: &'static str,
}

macro_rules! rules {
    ($($name:ident = $id:literal, $sev:ident, $profile:ident, $summary:literal, $hint:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $name: Rule = Rule {
                id: $id,
                severity: Severity::$sev,
                profile: Profile::$profile,
                summary: $summary,
                hint: $hint,
            };
        )*
        /// Every rule, in documentation order.
        pub const RULES: &[Rule] = &[$($name),*];
    };
}

rules! {
    // The files as text.
    FILE_NOT_READABLE = "FileNotReadable", Error, Import,
        "A package file must be JSON (or YAML) the platform can parse: no trailing commas, no missing commas, not truncated (ours; the finding gives the line and column).", "fix the syntax at the line and column given";
    DUPLICATE_JSON_KEY = "DuplicateJsonKey", Warning, Import,
        "A key is written twice in one object; the platform keeps the last value, other tools may keep the first (ours).", "remove the repeated key, keeping the value you mean";
    // The definition as written (rules that read the text before any model).
    REFERENCE_NOT_RESOLVED = "ReferenceNotResolved", Error, Import,
        "Every `$ref` in the definition, in extensions and examples too, must name a place inside it; Swagger 2.0 validators resolve them all and the platform reads no other file (ours).", "point the reference at a definition that exists, or remove it";
    SCHEMA_KEYWORD_NOT_ALLOWED = "SchemaKeywordNotAllowed", Error, Import,
        "A schema may hold only the keywords of the connector schema (`oneOf`, `anyOf`, `not`, `nullable`, `const` and other JSON Schema or OpenAPI 3 keywords are rejected) (ours).", "rewrite the union as one schema (connector-convert merges it), or use an x- extension";
    SCHEMA_TYPE_LIST_NOT_ALLOWED = "SchemaTypeListNotAllowed", Error, Import,
        "`type` and `items` take one value in Swagger 2.0, not a list (ours).", "keep one type (add `x-nullable: true` for null), or one items schema";
    ENUM_VALUES_NOT_UNIQUE = "EnumValuesNotUnique", Error, Import,
        "An `enum` lists each value once (JSON Schema requires unique items) (ours).", "remove the repeated value";
    // Root, info, size and counts.
    SPECIFICATION_VERSION_INCORRECT = "SpecificationVersionIncorrect", Error, Import,
        "`swagger` must be \"2.0\".", "convert the description to Swagger 2.0 (connector-convert does)";
    REQUIRED_PROPERTY_MISSING = "RequiredPropertyMissing", Error, Import,
        "A property the Swagger 2.0 connector schema requires is missing or empty (info.title, info.version, a non-body parameter's type).", "add the property";
    HOST_NAME_NOT_VALID = "HostNameNotValid", Error, Import,
        "`host` must be present and be a bare host name with an optional port: no scheme, path, braces or spaces.", "set host to the API's host name (`api.example.com`); put the path in basePath";
    BASE_PATH_NOT_VALID = "BasePathNotValid", Error, Import,
        "`basePath` must start with `/`.", "prefix the base path with `/`";
    SCHEMES_ARRAY_EMPTY = "SchemesArrayEmpty", Error, Import,
        "`schemes` must be present and not empty: paconn builds the backend URL from its first entry.", "list `https`";
    SCHEME_NOT_SUPPORTED = "SchemeNotSupported", Error, Import,
        "Only `http` and `https` schemes are supported.", "use https";
    DEFINITION_SIZE_EXCEEDS_MAX_ALLOWED = "DefinitionSizeExceedsMaxAllowed", Error, Import,
        "The definition, measured as compact JSON, must be smaller than 1 MB (ours; the platform states the limit without an id).", "leave operations out (--include-tag, --exclude-tag, --include-path, --include-operation) or split the connector (--split-by-tag)";
    TOTAL_OPERATIONS_COUNT_EXCEEDS_MAX_ALLOWED = "TotalOperationsCountExceedsMaxAllowed", Error, Import,
        "A connector may have at most 256 operations.", "leave operations out (--include-tag, --exclude-tag, --include-path, --include-operation) or split the connector (--split-by-tag)";
    BODY_SCHEMA_COUNT_EXCEEDS_MAX_ALLOWED = "BodySchemaCountExceedsMaxAllowed", Error, Import,
        "A body schema may hold at most 512 schemas (references expanded).", "simplify the body schema";
    TAG_REDEFINED = "TagRedefined", Error, Import,
        "Tag names must be unique.", "remove the repeated tag";
    EXTENSION_NAME_NOT_VALID = "ExtensionNameNotValid", Warning, Import,
        "An `x-ms-*` name the platform does not know (often a misspelling); the service ignores it and the connector schema rejects it.", "fix the spelling or remove the extension";
    JSON_VALUE_NOT_IN_ENUM = "JsonValueNotInEnum", Error, Import,
        "A value outside the ones the connector schema allows (x-ms-visibility, x-ms-trigger, x-ms-url-encoding, collectionFormat, ...).", "use one of the allowed values";
    JSON_VALUE_NOT_IN_ENUM_TOLERATED = "JsonValueNotInEnum", Warning, Import,
        "An extension value that differs from an allowed one only in letter case, or an empty `x-ms-visibility`: the platform accepts it (certified connectors carry both).", "write the allowed value in lower case, or remove the empty extension";
    // Paths.
    OPERATION_PATH_MUST_START_WITH_SLASH = "OperationPathMustStartWithSlash", Error, Import,
        "Path keys must start with `/`.", "prefix the path with `/`";
    OPERATION_PATH_MAY_NOT_CONTAIN_QUERY_OR_FRAGMENT = "OperationPathMayNotContainQueryOrFragment", Error, Import,
        "Path keys may not hold `?` or `#`.", "move the query string into query parameters";
    OPERATION_PATH_CONTAINS_UNSUPPORTED_CHARACTERS = "OperationPathContainsUnsupportedCharacters", Error, Import,
        "Path keys may not hold `*`.", "replace the wildcard with a path parameter";
    OPERATION_PATH_TEMPLATE_NOT_VALID = "OperationPathTemplateNotValid", Error, Import,
        "Each `{name}` must be non-empty, balanced and within one path segment.", "fix the braces of the path template";
    OPERATION_PATH_VARIABLES_CONTAIN_DEFAULTS = "OperationPathVariablesContainDefaults", Error, Import,
        "Path template variables may not carry `=` defaults.", "use a parameter default instead";
    PATH_REDEFINED = "PathRedefined", Error, Import,
        "Two paths differ only in letter case.", "merge the two path items";
    DUPLICATE_OPERATION_PATH_TOLERATED = "DuplicateOperationPath", Warning, Import,
        "Two path templates differ only in a trailing slash, or only in variable names with no method in common: the platform accepts both (certified connectors carry them).", "merge the operations into one path";
    DUPLICATE_OPERATION_PATH = "DuplicateOperationPath", Error, Import,
        "Two path templates are the same once variable names, letter case and a trailing slash are ignored.", "merge the operations or change one path";
    PATH_ITEM_REF_NOT_SUPPORTED = "PathItemRefNotSuppored", Error, Import,
        "A path item may not be a `$ref` (the id keeps the platform's spelling).", "inline the path item";
    // Operations.
    OPERATION_ID_REQUIRED = "OperationIdRequired", Error, Import,
        "Every operation needs an operationId.", "add an operationId (connector-convert generates one)";
    OPERATION_ID_NOT_UNIQUE = "OperationIdNotUnique", Error, Import,
        "operationIds must be unique (compared without letter case).", "rename one of the operations";
    OPERATION_ID_SANITIZED = "OperationIdSanitized", Warning, Import,
        "operationIds should hold only letters, digits, `_` and `-`; the platform strips the other characters (certified connectors carry `.` and `/`), which breaks references to the id.", "remove the other characters";
    OPERATION_SUMMARY_TOO_LONG = "OperationSummaryTooLong", Warning, Import,
        "An operation summary must be shorter than 120 characters.", "shorten the summary; put detail in the description";
    OPERATION_MUST_HAVE_RESPONSE = "OperationMustHaveResponse", Error, Import,
        "Every operation needs at least one response.", "add a 200 or default response";
    RESPONSE_MUST_BE_DEFAULT_OR_HTTP_STATUS_CODE = "ResponseMustBeDefaultOrHttpStatusCode", Error, Import,
        "Response keys must be a three-digit status code or `default`.", "use a concrete status code";
    OPERATION_SHOULD_HAVE_SUCCESSFUL_RESPONSE = "OperationShouldHaveSuccessfulResponse", Warning, Import,
        "An operation should declare a 2xx response.", "describe the success response in the input, or add a 200 response with an overlay (`update` the operation's `responses`)";
    DEFAULT_RESPONSE_HAS_SCHEMA = "DefaultResponseHasSchema", Warning, Import,
        "The `default` response should not carry a schema (5 of the 43 certified connectors in the corpus do; certification rejects it).", "move the schema to the 200 response";
    OPERATION_HAS_MANY_RESPONSES_WITH_SCHEMA = "OperationHasManyResponsesWithSchema", Warning, Import,
        "Only one response schema is used by the designer.", "keep the schema on the 200 or 201 response only";
    SCHEMA_DEFINITION_SET_INCORRECTLY = "SchemaDefinitionSetIncorrectly", Warning, Import,
        "The output schema must be on the 200 or 201 response.", "if that response is the output makers need, declare it as 200 in the input or with an overlay (`update` the operation's `responses`)";
    RESPONSE_REFERENCE_NOT_FOUND = "ResponseReferenceNotFound", Error, Import,
        "A response `$ref` must name an entry of `#/responses`.", "define the response or fix the reference";
    MIME_TYPE_NOT_VALID = "MimeTypeNotValid", Error, Import,
        "consumes/produces entries must be media types (`type/subtype`).", "fix the media type";
    CONSUMES_MISSING = "ConsumesMissing", Warning, Import,
        "An operation with form fields must consume `multipart/form-data` or `application/x-www-form-urlencoded`.", "add the form media type to consumes";
    INVALID_NEXT_LINK_NAME_VALUE_TOLERATED = "InvalidNextLinkNameValue", Warning, Import,
        "`x-ms-pageable.nextLinkName` differs from `nextLink` or `@odata.nextLink` only in letter case: the platform accepts it.", "write `nextLink`";
    INVALID_NEXT_LINK_NAME_VALUE = "InvalidNextLinkNameValue", Error, Import,
        "`x-ms-pageable.nextLinkName` must be `nextLink` or `@odata.nextLink`.", "rename the property with the `updatenextlink` policy, or remove x-ms-pageable";
    OPERATION_ID_NOT_FOUND = "OperationIdNotFound", Error, Import,
        "An extension (x-ms-dynamic-*, x-ms-notification, x-ms-capabilities, a policy) names an operationId the definition does not have.", "fix the operationId";
    // Parameters.
    PARAMETER_REFERENCE_NOT_FOUND = "ParameterReferenceNotFound", Error, Import,
        "A parameter `$ref` must name an entry of `#/parameters`.", "define the parameter or fix the reference";
    PATH_PARAMETER_MUST_BE_REQUIRED = "PathParameterMustBeRequired", Error, Import,
        "Path parameters must be `required: true`.", "mark the parameter required";
    OPERATION_MISSING_PATH_PARAMETER = "OperationMissingPathParameter", Error, Import,
        "Every `{name}` of the path template needs a path parameter.", "add the path parameter";
    PATH_PARAMETER_NOT_DEFINED_IN_TEMPLATE = "PathParameterNotDefinedInTemplate", Error, Import,
        "A path parameter must appear in the path template.", "remove the parameter or fix its name";
    OPERATION_PARAMETERS_CONTAIN_MULTIPLE_BODY_PARAMETERS = "OperationParametersContainMultipleBodyParameters", Error, Import,
        "An operation may have at most one body parameter.", "merge the bodies into one schema";
    PATH_PARAMETERS_CONTAIN_MULTIPLE_BODY_PARAMETERS = "PathParametersContainMultipleBodyParameters", Error, Import,
        "A path item may have at most one body parameter.", "merge the bodies into one schema";
    PARAMETER_LIST_CONTAINS_FORM_DATA_AND_BODY = "ParameterListContainsFormDataAndBody", Error, Import,
        "An operation may not have both a body and form fields.", "keep one of them";
    BODY_OR_FORM_DATA_PARAMETER_IN_FETCH_OPERATION_NOT_ALLOWED = "BodyOrFormDataParameterInFetchOperationNotAllowed", Warning, Import,
        "GET operations should not have a body or form fields: the platform accepts them (certified connectors carry them), but many servers and proxies drop a GET body.", "send the data as query parameters or use POST";
    BODY_PARAMETER_SCHEMA_REQUIRED = "BodyParameterSchemaRequired", Error, Import,
        "A body parameter needs a `schema`.", "add a schema";
    BODY_PARAMETER_PROPERTY_NOT_VALID = "BodyParameterPropertyNotValid", Error, Import,
        "A body parameter may not use type, format, items or collectionFormat directly.", "move them into the schema";
    NON_BODY_PARAMETER_SCHEMA_NOT_VALID = "NonBodyParameterSchemaNotValid", Error, Import,
        "Only body parameters may have a `schema`.", "use type/format/items instead";
    FILE_PARAMETER_MUST_BE_IN_FORM_DATA = "FileParameterMustBeInFormData", Error, Import,
        "`type: file` is only allowed on form fields.", "make it a formData parameter or a binary body";
    INVALID_FORM_DATA_PARAMETER_NAME = "InvalidFormDataParameterName", Error, Import,
        "Form field names must be US-ASCII.", "rename the field";
    CONNECTION_ID_PARAMETER_NOT_ALLOWED = "ConnectionIdParameterNotAllowed", Error, Import,
        "`connectionId` is reserved by the platform.", "rename the parameter";
    OPERATION_PARAMETERS_CONTAIN_DUPLICATE_PARAMETER = "OperationParametersContainDuplicateParameter", Error, Import,
        "An operation may not list the same name and location twice.", "remove the repeated parameter";
    PATH_PARAMETERS_CONTAIN_DUPLICATE_PARAMETER = "PathParametersContainDuplicateParameter", Error, Import,
        "A path item may not list the same name and location twice.", "remove the repeated parameter";
    PATH_PARAMETER_MISSING_ENCODING = "PathParameterMissingEncoding", Warning, Import,
        "Path parameters should declare `x-ms-url-encoding` (`single` or `double`).", "add `x-ms-url-encoding: single`";
    QUERY_PARAMETER_ENCODING_NOT_SUPPORTED = "QueryParameterEncodingNotSupported", Warning, Import,
        "Query parameters may not declare `x-ms-url-encoding`.", "remove the extension";
    ALLOW_EMPTY_VALUE_ONLY_VALID_FOR_QUERY_FORM_DATA = "AllowEmptyValueOnlyValidForQueryFormData", Error, Import,
        "`allowEmptyValue` is only allowed on query and form parameters.", "remove it";
    INTERNAL_REQUIRED_WITHOUT_DEFAULT = "InternalRequiredPropertyWithoutDefault", Warning, Import,
        "A required parameter or request property that is `x-ms-visibility: internal` needs a default, or requests go without it (ours; the platform documents the rule but accepts such connectors; response schemas are not checked).", "add a default or make it visible";
    INTERNAL_PROPERTY_WITH_DEFAULT_OPTIONAL = "InternalPropertyWithDefaultOptional", Warning, Import,
        "An internal parameter or property with a default should be required, or it is never sent.", "mark it required";
    DYNAMIC_EXTENSION_DEFINITION_NOT_ALLOWED_IN_PARAMETER = "DynamicExtensionDefinitionNotAllowedInParameter", Error, Import,
        "x-ms-dynamic-values/list may not sit directly on a body parameter.", "put it on a property of the body schema";
    // Schemas.
    SCHEMA_REFERENCE_NOT_VALID = "SchemaReferenceNotValid", Error, Import,
        "Schema `$ref`s must point into `#/definitions/`.", "move the schema into definitions";
    SCHEMA_REFERENCE_NOT_FOUND = "SchemaReferenceNotFound", Error, Import,
        "A schema `$ref` names a definition that does not exist.", "define it or fix the reference";
    SCHEMA_REF_LOOP_NOT_ALLOWED = "SchemaRefLoopNotAllowed", Error, Import,
        "A definition may not be only a `$ref` to another definition.", "use the target definition directly";
    ADDITIONAL_PROPERTY_NOT_ALLOWED_ADJACENT_TO_REF = "AdditionalPropertyNotAllowedAdjacentToRef", Warning, Import,
        "A `$ref` should be alone in its object; siblings are ignored.", "move the siblings into the definition or wrap the $ref in allOf";
    REQUIRED_PROPERTY_NOT_ON_OBJECT = "RequiredPropertyNotOnObject", Warning, Import,
        "`required` belongs on object schemas.", "remove it or type the schema as object";
    REQUIRED_PROPERTY_ARRAY_EMPTY = "RequiredPropertyArrayEmpty", Warning, Import,
        "`required`, when present, must not be empty.", "remove the empty list";
    REQUIRED_PROPERTY_DEFINITION_MISSING = "RequiredPropertyDefinitionMissing", Warning, Import,
        "Each name in `required` should be a declared property.", "declare the property or drop the name";
    ENUM_MUST_CONTAIN_AT_LEAST_ONE_ELEMENT = "EnumMustContainAtLeastOneElement", Error, Import,
        "`enum` must not be empty.", "list the values or remove enum";
    INVALID_ENUM_VALUE = "InvalidEnumValue", Warning, Import,
        "Enum values must match the declared type.", "fix the values or the type";
    ARRAY_HAS_NO_ITEMS = "ArrayHasNoItems", Error, Import,
        "Arrays need `items`.", "add items";
    UNRECOGNIZED_TYPE_FORMAT = "UnrecognizedTypeFormat", Warning, Import,
        "`format` should be one the platform knows (int32, int64, float, double, byte, binary, date, date-time, password, date-no-tz, email, html, uri, uuid).", "use a known format or remove it";
    JSON_TYPE_INCORRECT = "JsonTypeIncorrect", Error, Import,
        "`type` must be a JSON Schema type (or, for non-body parameters, string, number, integer, boolean, array, file).", "fix the type";
    NUMERIC_RANGE_NOT_VALID = "NumericRangeNotValid", Error, Import,
        "minimum/maximum, lengths and item counts must form a valid range, exclusive bounds need their bound, multipleOf must be positive (ours; the platform has one id per keyword).", "fix the bounds";
    DEFAULT_VALUE_MUST_MATCH_TYPE = "DefaultValueMustMatchType", Warning, Import,
        "`default` must match the declared type.", "fix the default";
    DISCRIMINATOR_MUST_BE_A_REQUIRED_STRING_PROPERTY = "DiscriminatorMustBeARequiredStringProperty", Error, Import,
        "`discriminator` must name a required string property.", "declare and require the property";
    SCHEMA_TYPE_FILE_NOT_VALID = "SchemaTypeFileNotValid", Error, Import,
        "`type: file` is only allowed at the root of a response schema.", "use `type: string, format: binary`";
    REQUIRED_READ_ONLY_PROPERTY_NOT_ALLOWED_AS_INPUT = "RequiredReadOnlyPropertyNotAllowedAsInput", Warning, Import,
        "An input property may not be both required and readOnly.", "drop one of the two";
    INVALID_CUSTOM_EDITOR_EXTENSION_DICTIONARY_VALUE = "InvalidCustomEditorExtensionDictionaryValue", Error, Import,
        "`x-ms-editor: dictionary` needs an object schema with additionalProperties.", "add additionalProperties or remove the editor";
    MISSING_ENUM_VALUES_DISPLAY_NAME = "MissingEnumValuesDisplayName", Error, Import,
        "Each `x-ms-enum-values` entry needs a value and a displayName.", "add the display name";
    INVALID_ENUM_VALUES_EXTENSION_VALUE = "InvalidEnumValuesExtensionValue", Warning, Import,
        "`x-ms-enum-values` values should be listed in `enum`.", "add the value to enum or remove the entry";
    DUPLICATE_ENUM_VALUES_IN_EXTENSION = "DuplicateEnumValuesInExtension", Warning, Import,
        "`x-ms-enum-values` lists a value twice.", "remove the repeated entry";
    // Triggers.
    WEBHOOK_OPERATIONS_MISSING_NOTIFICATION_URL_PROPERTY = "WebhookOperationsMissingNotificationUrlProperty", Error, Import,
        "A webhook trigger (x-ms-trigger under a path item with x-ms-notification-content) needs a body property marked `x-ms-notification-url: true`.", "add the callback URL property to the subscription body";
    OPERATION_MUST_HAVE_NOTIFICATION_CONTENT_EXTENSION = "OperationMustHaveNotificationContentExtension", Error, Import,
        "An operation with a notification-URL property needs `x-ms-notification-content` on its path item.", "describe the payload the service posts";
    NOTIFICATION_URL_NOT_STRING = "NotificationUrlNotString", Error, Import,
        "The `x-ms-notification-url` property must be a string.", "type it as string";
    NOTIFICATION_URL_NOT_INTERNAL = "NotificationUrlNotInternal", Error, Import,
        "The `x-ms-notification-url` property (or a parent) must be `x-ms-visibility: internal`.", "mark it internal";
    NOTIFICATION_URL_NOT_ALLOWED_IN_THIS_POSITION = "NotificationUrlNotAllowedInThisPosition", Error, Import,
        "`x-ms-notification-url` only belongs in a request body schema.", "move it into the subscription body";
    // Security.
    SECURITY_REQUIREMENT_MUST_BE_DEFINED = "SecurityRequirementMustBeDefined", Warning, Import,
        "Security requirements should name a security definition; the platform ignores one that names none (certified connectors carry them).", "define the scheme or fix the name";
    SECURITY_REQUIREMENT_MUST_HAVE_EMPTY_VALUE = "SecurityRequirementMustHaveEmptyValue", Error, Import,
        "Requirements of non-OAuth schemes take `[]`.", "empty the scope list";
    OAUTH_SECURITY_REQUIREMENT_VALUE_MUST_BE_SCOPE_NAME = "OAuthSecurityRequirementValueMustBeScopeName", Warning, Import,
        "OAuth requirement scopes should be declared in the definition's scopes.", "declare the scope";
    SECURITY_SCHEME_PROPERTY_REQUIRED = "SecuritySchemePropertyRequired", Error, Import,
        "A security definition lacks what its type needs (apiKey: name and in; oauth2: flow and URLs).", "complete the definition";
    SECURITY_SCHEME_PROPERTY_NOT_VALID = "SecuritySchemePropertyNotValid", Error, Import,
        "A security definition has a type, location or flow Swagger 2.0 does not know, or an OAuth URL that is not an absolute URL.", "use basic, apiKey (header/query) or oauth2";
    SECURITY_FLOW_NOT_SUPPORTED = "SecurityFlowNotSupported", Warning, Import,
        "Connectors support OAuth 2.0 authorization code only; implicit, password and client-credentials flows cannot sign in (ours).", "use the authorization code flow, or an API key";
    // apiProperties.json and settings.json.
    ICON_BRAND_COLOR_NOT_VALID = "IconBrandColorNotValid", Error, Import,
        "`iconBrandColor` is required and must be an HTML hex colour `#rrggbb` (ours).", "set a colour such as #da3b01";
    CONNECTION_PARAMETER_NAME_NOT_VALID = "ConnectionParameterNameNotValid", Warning, Import,
        "Connection parameter names hold letters, digits and `_` (sub-parameters `name:sub`) (ours).", "rename the parameter";
    CONNECTION_PARAMETER_TYPE_NOT_VALID_TOLERATED = "ConnectionParameterTypeNotValid", Warning, Import,
        "A connection parameter type that differs from a known one only in letter case (`oAuthSetting`): the platform accepts it.", "write the type as the schema spells it";
    CONNECTION_PARAMETER_TYPE_NOT_VALID = "ConnectionParameterTypeNotValid", Error, Import,
        "Connection parameter types are string, securestring, int, bool, oauthSetting or gatewaySetting; oauthSetting needs oAuthSettings with an identityProvider (ours).", "fix the type";
    CONNECTION_PARAMETER_CONSTRAINT_NOT_STRING = "ConnectionParameterConstraintNotString", Warning, Import,
        "uiDefinition constraints `required` and `hidden` are strings (\"true\"/\"false\") (ours).", "quote the value";
    CONNECTION_PARAMETERS_MISMATCH_SECURITY = "ConnectionParametersMismatchSecurity", Warning, Import,
        "The definition's security scheme needs a matching connection parameter (basic: username and password; apiKey: a securestring; oauth2: an oauthSetting) (ours).", "add the connection parameter";
    POLICY_TEMPLATE_UNKNOWN = "PolicyTemplateUnknown", Warning, Import,
        "A policy templateId the platform's schema does not list (ours).", "check the template id";
    POLICY_TEMPLATE_PARAMETER_MISSING = "PolicyTemplateParameterMissing", Error, Import,
        "A policy template lacks a required parameter (ours).", "add the parameter";
    POLICY_TEMPLATE_OPERATION_NOT_FOUND = "PolicyTemplateOperationNotFound", Warning, Import,
        "A policy's `x-ms-apimTemplate-operationName` names an operationId the definition does not have; the policy does nothing there (ours).", "fix the operationId";
    SCRIPT_OPERATION_NOT_FOUND = "ScriptOperationNotFound", Warning, Import,
        "`scriptOperations` names an operationId the definition does not have (ours).", "fix the operationId";
    SETTINGS_NOT_VALID = "SettingsNotValid", Error, Import,
        "settings.json must name the definition and properties files (ours).", "set apiDefinition and apiProperties";
    // Certification.
    CERT_REQUIRED_PROPERTY_MISSING = "RequiredPropertyMissing", Error, Certification,
        "Certification requires: info.description and contact (name, url, email), x-ms-connector-metadata, a summary and description on every operation, x-ms-summary and description on every parameter, publisher and stackOwner in apiProperties.", "add the property (connector-convert fills most of them)";
    CERT_DEFAULT_RESPONSE_HAS_SCHEMA = "DefaultResponseHasSchema", Error, Certification,
        "The `default` response may not carry a schema.", "move the schema to the 200 response";
    FIELD_LENGTH_EXCEEDED = "FieldLengthExceeded", Error, Certification,
        "The title is at most 30 characters; summaries and x-ms-summary labels at most 80.", "shorten it";
    FIELD_LENGTH_NOT_IN_RANGE = "FieldLengthNotInRange", Error, Certification,
        "info.description is 30 to 500 characters.", "rewrite the description";
    VALUE_CONTAINS_RESTRICTED_WORDS = "ValueContainsRestrictedWords", Error, Certification,
        "The title may not contain `API` or `Connector`; title and description may not name Power Apps, Power Automate or Logic Apps.", "reword it";
    VALUE_MUST_END_WITH_ALPHANUMERIC = "ValueMustEndWithAlphanumeric", Error, Certification,
        "The title must end with a letter, a digit or `)`.", "remove the trailing character";
    RESTRICTED_CHARACTERS_IN_SUMMARY = "RestrictedCharactersInSummary", Error, Certification,
        "Summaries may not contain / \\ < > * % & ?.", "reword the summary";
    CONTACT_EMAIL_NOT_VALID = "ContactEmailNotValid", Error, Certification,
        "info.contact.email must be a valid ASCII e-mail address.", "fix the address";
    URL_NOT_VALID = "UrlNotValid", Error, Certification,
        "Contact and metadata URLs must be absolute http(s) URLs.", "fix the URL";
    CONNECTOR_METADATA_PROPERTIES_MISSING = "ConnectorMetadataPropertiesMissing", Error, Certification,
        "x-ms-connector-metadata needs Website, Privacy policy and Categories.", "add the missing entries (--website, --privacy-policy, --categories)";
    INVALID_CONNECTOR_CATEGORY = "InvalidConnectorCategory", Error, Certification,
        "Categories come from the platform's list.", "use one of the listed categories";
    TOO_MANY_CONNECTOR_CATEGORIES = "TooManyConnectorCategories", Error, Certification,
        "At most two categories.", "keep two";
    HOST_NOT_PRODUCTION = "HostNotProduction", Warning, Certification,
        "The host looks like a staging, development or test host; certification needs the production host (ours).", "use the production host";
    DESCRIPTION_SAME_AS_SUMMARY = "DescriptionSameAsSummary", Warning, Certification,
        "An operation's description should say more than its summary (ours).", "write a full sentence";
    DESCRIPTION_NOT_A_SENTENCE = "DescriptionNotASentence", Warning, Certification,
        "Descriptions are full sentences ending in punctuation (ours).", "end the description with a period";
    SCHEMA_PROPERTY_TEXT_MISSING = "SchemaPropertyTextMissing", Warning, Certification,
        "Schema properties should carry x-ms-summary and description (ours).", "add them (connector-convert fills them)";
    RESPONSE_SCHEMA_EMPTY = "ResponseSchemaEmpty", Error, Certification,
        "Response schemas may not be empty `{}` unless dynamic (ours).", "describe the response or remove the schema";
    ICON_BRAND_COLOR_NOT_ALLOWED = "IconBrandColorNotAllowed", Error, Certification,
        "iconBrandColor may not be #007ee5 or #ffffff (ours).", "use the brand's colour, or #da3b01 for independent publishers";
}
