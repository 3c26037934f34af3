//! Why an expansion failed, and where.
//!
//! [`ExpansionErrorKind`]'s `Display` is BuildKit's own message text (from
//! `frontend/dockerfile/shell/lex.go`) wherever BuildKit has one, so a
//! diagnostic reads the same as `docker build` would print it.
//! [`ExpansionError::buildkit_message`] adds BuildKit's outer wrapping.

use std::collections::BTreeSet;
use std::fmt;

/// A failed expansion: what went wrong, where, and which variables had been
/// looked up before it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpansionError {
    /// What went wrong.
    pub kind: ExpansionErrorKind,
    /// Byte offset in the input where it went wrong; each variant's docs say
    /// which character it points at. Always on a `char` boundary, at most the
    /// input's length.
    pub offset: usize,
    /// Variables that were looked up and set before the failure (only filled
    /// by [`super::Lexer::process_word`]). BuildKit hands these partial sets
    /// to its lint rules even when expansion fails, so they are kept.
    pub matched: BTreeSet<String>,
    /// Variables that were looked up and not set before the failure (only
    /// filled by [`super::Lexer::process_word`]).
    pub unmatched: BTreeSet<String>,
}

impl ExpansionError {
    pub(crate) fn new(kind: ExpansionErrorKind, offset: usize) -> ExpansionError {
        ExpansionError { kind, offset, matched: BTreeSet::new(), unmatched: BTreeSet::new() }
    }

    /// The whole message as BuildKit prints it:
    /// `failed to process "<input>": <message>`, the input quoted like Go's
    /// `%q` (except that unassigned code points are not escaped).
    pub fn buildkit_message(&self, input: &str) -> String {
        format!("failed to process {}: {}", crate::quote::go_quote(input), self.kind)
    }
}

impl fmt::Display for ExpansionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for ExpansionError {}

/// One way an expansion can fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpansionErrorKind {
    /// A `'` with no closing `'`. Offset: the opening quote.
    UnterminatedSingleQuote,
    /// A `"` with no closing `"`. Offset: the opening quote.
    UnterminatedDoubleQuote,
    /// `${` whose closing `}` never comes, including when something nested
    /// inside it runs off the end (BuildKit reports the brace, not the inner
    /// problem, whenever the input is exhausted). Offset: the `$` of the
    /// outermost unterminated `${`.
    MissingClosingBrace,
    /// `${name/pattern` with no `/` before the end of the input. Offset: the
    /// `$`.
    MissingSlash,
    /// `${}`, `${{…}`, `${:…}`: nothing that could be a name after `${`.
    /// Offset: the character after `${`.
    BadSubstitution,
    /// `${name` followed by something that is neither `}` nor a supported
    /// operator (`${a=b}`, `${a:x}`, `${a:#b}`, `${a b}`, or the end of the
    /// input right after the name, which BuildKit shows as U+FFFD).
    /// Offset: the first character after the name.
    UnsupportedModifier {
        /// The operator as BuildKit prints it, e.g. `=` or `:#`.
        modifier: String,
    },
    /// `${name?message}` or `${name:?message}` with `name` unset. Offset: the
    /// `$`.
    VariableUnset {
        /// The variable.
        name: String,
        /// The expanded message, or BuildKit's default
        /// `is not allowed to be unset`.
        message: String,
    },
    /// `${name:?message}` with `name` set to the empty string. Offset: the
    /// `$`.
    VariableEmpty {
        /// The variable.
        name: String,
        /// The expanded message, or BuildKit's default
        /// `is not allowed to be empty`.
        message: String,
    },
    /// A `#`, `%` or `/` pattern BuildKit cannot turn into a regular
    /// expression: a backslash before anything but `*`, `?`, `\`, `}` or `/`.
    /// Offset: the `$`.
    InvalidPattern {
        /// The pattern as BuildKit reports it. For `%`/`%%` this is the
        /// pattern reversed, because BuildKit matches suffixes by reversing
        /// both pattern and value and reports the reversed one.
        pattern: String,
        /// The character after the offending backslash (U+FFFD when the
        /// backslash ends the pattern, which Go's `%c` prints for end of
        /// input).
        escaped: char,
    },
    /// `${…}` nested deeper than [`super::MAX_NESTING`]. Layerlab's own
    /// limit (BuildKit has none) so that hostile input cannot exhaust the
    /// stack. Offset: the `$` of the expression that went too deep.
    NestingTooDeep,
    /// The expansion would take more than [`super::Lexer::work_limit`]
    /// steps of pattern matching and copying. Layerlab's own limit (BuildKit has none),
    /// so that an editor never freezes on a pathological pattern or an
    /// exploding replacement. Offset: the `$` of the expression that was
    /// being expanded.
    WorkLimitExceeded,
}

impl ExpansionErrorKind {
    /// A stable code for this kind of diagnostic: BuildKit's rule name where
    /// BuildKit reports it as a build check, else `expansion/<kind>`.
    pub fn code(&self) -> &'static str {
        match self {
            ExpansionErrorKind::UnterminatedSingleQuote => "expansion/unterminated-single-quote",
            ExpansionErrorKind::UnterminatedDoubleQuote => "expansion/unterminated-double-quote",
            ExpansionErrorKind::MissingClosingBrace => "expansion/missing-closing-brace",
            ExpansionErrorKind::MissingSlash => "expansion/missing-slash",
            ExpansionErrorKind::BadSubstitution => "expansion/bad-substitution",
            ExpansionErrorKind::UnsupportedModifier { .. } => "expansion/unsupported-modifier",
            ExpansionErrorKind::VariableUnset { .. } => "expansion/variable-unset",
            ExpansionErrorKind::VariableEmpty { .. } => "expansion/variable-empty",
            ExpansionErrorKind::InvalidPattern { .. } => "expansion/invalid-pattern",
            ExpansionErrorKind::NestingTooDeep => "expansion/nesting-too-deep",
            ExpansionErrorKind::WorkLimitExceeded => "expansion/work-limit-exceeded",
        }
    }
}

impl fmt::Display for ExpansionErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnterminatedSingleQuote => {
                f.write_str("unexpected end of statement while looking for matching single-quote")
            }
            Self::UnterminatedDoubleQuote => {
                f.write_str("unexpected end of statement while looking for matching double-quote")
            }
            Self::MissingClosingBrace => f.write_str("syntax error: missing '}'"),
            Self::MissingSlash => f.write_str("syntax error: missing '/' in ${}"),
            Self::BadSubstitution => f.write_str("syntax error: bad substitution"),
            Self::UnsupportedModifier { modifier } => {
                write!(f, "unsupported modifier ({modifier}) in substitution")
            }
            Self::VariableUnset { name, message } | Self::VariableEmpty { name, message } => {
                write!(f, "{name}: {message}")
            }
            Self::InvalidPattern { pattern, escaped } => {
                write!(f, "invalid pattern ({pattern}) in substitution: invalid escape '\\{escaped}'")
            }
            Self::NestingTooDeep => write!(f, "variable substitutions nested more than {} deep", super::MAX_NESTING),
            Self::WorkLimitExceeded => f.write_str("expansion is too expensive to evaluate"),
        }
    }
}
