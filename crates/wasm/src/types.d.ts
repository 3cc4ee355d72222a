/** A failure, returned as a value (`{ok: false, error}`); nothing is thrown for bad input. */
export interface ConvertError {
  /**
   * The kind of failure: the Rust library's `Category` (`syntax`, `format`, `unsupported`,
   * `invalid`, `limit`, `host-required`, `selection`, `io`), or `options` when the options
   * or arguments are at fault (the command line's usage errors).
   */
  category: "syntax" | "format" | "unsupported" | "invalid" | "limit" | "host-required" | "selection" | "io" | "options";
  message: string;
  /** 1-based line and column in the input, when the parser knows them. */
  line?: number;
  column?: number;
  /** What was found before the failure. */
  diagnostics: Diagnostic[];
}

export type Failed = { ok: false; error: ConvertError };
export type Outcome<T> = ({ ok: true } & T) | Failed;

/** One diagnostic (conversion) or finding (checker). Codes are listed in docs/diagnostics.md and docs/rules.md. */
export interface Diagnostic {
  severity: "error" | "warning" | "info";
  code: string;
  /** The package file `pointer` points into (findings); absent when it points into the input. */
  file?: "apiDefinition.swagger.json" | "apiProperties.json" | "settings.json";
  /** JSON pointer (RFC 6901); empty for the document's root. */
  pointer: string;
  line?: number;
  column?: number;
  message: string;
  help?: string;
}

/** Diagnostics of one code and severity. */
export interface Group {
  code: string;
  count: number;
  /** The first of them; its message and help stand for the group. */
  first: Diagnostic;
  /** Where the first few are (`file#pointer` for findings). */
  places: string[];
}

/** Errors one by one, warnings and infos grouped by code, in the order each code first appeared. */
export interface Digest {
  errors: Diagnostic[];
  warnings: Group[];
  infos: Group[];
  /** The digest as the command line prints it. */
  text: string;
}

/** The options of `connector-convert convert`, in camelCase; every field is optional. */
export interface ConvertOptions {
  /** Detected when absent. */
  format?: "openapi30" | "openapi31" | "swagger2" | "postman";
  /** Backend host (`api.example.com`, or a URL whose scheme and path are used too). */
  host?: string;
  basePath?: string;
  scheme?: "https" | "http";
  title?: string;
  oauthClientId?: string;
  /** Declares the sign-in, replacing the input's. */
  auth?: "api-key" | "basic" | "oauth2" | "none";
  /** With `auth: "api-key"`: the header (or the query parameter) the key is sent in. */
  authHeader?: string;
  authQuery?: string;
  /** With `auth: "oauth2"`. */
  authorizationUrl?: string;
  tokenUrl?: string;
  scopes?: string[];
  /** `#rrggbb`. */
  brandColor?: string;
  /** Values for Postman `{{variables}}`; they win over `environment`. */
  variables?: Record<string, string>;
  /** The text of a Postman environment export. */
  environment?: string;
  /** Write summaries, labels, visibility and paging where the input has none (default `auto`). */
  annotate?: "auto" | "always" | "never";
  publisher?: string;
  stackOwner?: string;
  website?: string;
  privacyPolicy?: string;
  /** At most two, such as `["Data", "Productivity"]` (an entry may hold several, `;`-separated). */
  categories?: string[];
  contactEmail?: string;
  /** The text of the previously generated definition: operations keep the ids it gave them. */
  previous?: string;
  /** Texts of OpenAPI Overlays applied, in order, to the produced definition. */
  overlays?: string[];
  includeTags?: string[];
  excludeTags?: string[];
  /** Globs: `*` within a segment, `**` across. */
  includePaths?: string[];
  includeOperations?: string[];
  maxInputBytes?: number;
  maxDepth?: number;
  maxRefHops?: number;
  maxSchemas?: number;
}

/** One package file. */
export interface PackageFile {
  name: "apiDefinition.swagger.json" | "apiProperties.json" | "settings.json";
  text: string;
}

export type ConvertResult = Outcome<{
  /** The format the input was read as, such as `OpenAPI 3.1`. */
  format: string;
  /** The three package files, byte for byte what the command line writes. */
  files: PackageFile[];
  /** Conversion diagnostics; pointers point into the input. */
  diagnostics: Diagnostic[];
  /** The import check of the package; pointers point into `file`. */
  findings: Diagnostic[];
  /** Diagnostics and findings together. */
  digest: Digest;
}>;

/** A package's texts; only the definition is required. */
export interface PackageFiles {
  definition: string;
  properties?: string;
  settings?: string;
}

export type Profile = "import" | "certification";

export type CheckResult = Outcome<{ profile: Profile; findings: Diagnostic[]; digest: Digest }>;

/** One difference between two versions of a connector (kinds in docs/diff.md). */
export interface Change {
  kind: string;
  impact: "breaking" | "warning" | "info";
  file: "apiDefinition.swagger.json" | "apiProperties.json";
  /** Pointers into the old and the new version, where the thing exists there. */
  old?: string;
  new?: string;
  message: string;
}

export type DiffResult = Outcome<{ changes: Change[] }>;

export type OverlayResult = Outcome<{ overlay: object; text: string }>;

export type DigestResult = Outcome<Digest>;

export type FragmentResult = Outcome<{ pointer: string; text: string }>;

/** One field of an action's card. */
export interface Input {
  name: string;
  in: "path" | "query" | "header" | "formData" | "body" | string;
  /** What the card shows (`x-ms-summary`, else the name). */
  label: string;
  description: string;
  required: boolean;
  visibility: "important" | "advanced" | "internal" | "none" | string;
  type: string;
}

/** One action or trigger as the designer lists it. */
export interface Action {
  operationId: string;
  method: string;
  path: string;
  /** The name the designer shows. */
  name: string;
  description: string;
  visibility: string;
  trigger: boolean;
  deprecated: boolean;
  inputs: Input[];
}

export interface ConnectionParameter {
  name: string;
  type: string;
  label: string;
  description: string;
  identityProvider?: string;
}

/** What a new connection asks for. */
export interface SignIn {
  schemes: { name: string; type: string; key?: string; scopes?: string[] }[];
  parameters: ConnectionParameter[];
  sets: { name: string; label: string; parameters: ConnectionParameter[] }[];
}

/** The connector as a maker meets it in Power Automate. */
export interface Preview {
  title: string;
  host: string;
  actions: Action[];
  signIn: SignIn;
  limits: {
    /** Compact JSON bytes, as the platform counts them against `maxDefinitionBytes`. */
    definitionBytes: number;
    maxDefinitionBytes: number;
    operations: number;
    maxOperations: number;
  };
}

export type PreviewResult = Outcome<Preview>;
