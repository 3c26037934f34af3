//! What can go wrong reading a Compose file, as a typed error with the
//! file, line and column the YAML has for it, and Compose v2's own words.

use std::fmt;

use super::node::Location;

/// Why a Compose file (or set of `-f` files) was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComposeError {
    /// No file given and none of the default names present
    /// (`no configuration file provided: not found`, compose-go `cli/options.go`).
    NoConfigFile,
    /// The YAML itself does not parse.
    Yaml { at: Location, message: String },
    /// A document whose top level is not a mapping.
    TopLevelNotMapping { at: Location },
    /// A mapping key that is not a string (`non-string key in services: 123`).
    NonStringKey { at: Location, path: String, key: String },
    /// The same key twice in one mapping.
    DuplicateKey { at: Location, key: String, first_line: u32 },
    /// A `$` the template grammar does not accept.
    InvalidTemplate { at: Location, path: String, template: String },
    /// `${VAR:?reason}` or `${VAR?reason}` with the variable unset (or empty).
    RequiredVariable { at: Location, path: String, variable: String, reason: String },
    /// An interpolated value that must be a number or a boolean and is not.
    Cast { at: Location, path: String, message: String },
    /// The Compose Specification's JSON schema rejects the file.
    Schema { at: Location, message: String },
    /// A value the schema accepts but Compose cannot use (a malformed port,
    /// a duration, an unknown service in `depends_on`...).
    Invalid { at: Location, message: String },
    /// Merging two files whose values have different shapes.
    CannotOverride { at: Location, path: String },
}

impl ComposeError {
    /// Where in which file the error is, when the YAML says.
    pub fn location(&self) -> Option<&Location> {
        match self {
            ComposeError::NoConfigFile => None,
            ComposeError::Yaml { at, .. }
            | ComposeError::TopLevelNotMapping { at }
            | ComposeError::NonStringKey { at, .. }
            | ComposeError::DuplicateKey { at, .. }
            | ComposeError::InvalidTemplate { at, .. }
            | ComposeError::RequiredVariable { at, .. }
            | ComposeError::Cast { at, .. }
            | ComposeError::Schema { at, .. }
            | ComposeError::Invalid { at, .. }
            | ComposeError::CannotOverride { at, .. } => Some(at),
        }
    }

    /// The message as `docker compose config` prints it (without the
    /// location, which Compose does not give).
    pub fn compose_message(&self) -> String {
        match self {
            ComposeError::NoConfigFile => "no configuration file provided: not found".to_string(),
            // compose-go loader.go: `failed to parse %s: %w` around yaml.v3's `yaml: line N: ...`.
            ComposeError::Yaml { at, message } => {
                format!("failed to parse {}: yaml: line {}: {message}", at.file, at.line)
            }
            ComposeError::TopLevelNotMapping { .. } => "top-level object must be a mapping".to_string(),
            ComposeError::NonStringKey { path, key, .. } => {
                if path.is_empty() {
                    format!("non-string key at top level: {key}")
                } else {
                    format!("non-string key in {path}: {key}")
                }
            }
            ComposeError::DuplicateKey { at, key, first_line } => format!(
                "failed to parse {}: yaml: unmarshal errors:\n  line {}: mapping key \"{key}\" already defined at line {first_line}",
                at.file, at.line
            ),
            // compose-go interpolation/interpolation.go, newPathError.
            ComposeError::InvalidTemplate { path, template, .. } => format!(
                "invalid interpolation format for {path}.\nYou may need to escape any $ with another $.\n{template}"
            ),
            // compose-go template/template.go, MissingRequiredError.
            ComposeError::RequiredVariable { path, variable, reason, .. } => {
                if reason.is_empty() {
                    format!("error while interpolating {path}: required variable {variable} is missing a value")
                } else {
                    format!("error while interpolating {path}: required variable {variable} is missing a value: {reason}")
                }
            }
            ComposeError::Cast { path, message, .. } => {
                format!("error while interpolating {path}: failed to cast to expected type: {message}")
            }
            // compose-go loader.go: `validating %s: %w`.
            ComposeError::Schema { at, message } => format!("validating {}: {message}", at.file),
            ComposeError::Invalid { message, .. } => message.clone(),
            ComposeError::CannotOverride { path, .. } => format!("cannot override {path}"),
        }
    }
}

impl fmt::Display for ComposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location() {
            Some(at) => write!(f, "{at}: {}", self.compose_message()),
            None => f.write_str(&self.compose_message()),
        }
    }
}

impl std::error::Error for ComposeError {}
