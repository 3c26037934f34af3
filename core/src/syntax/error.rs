//! Syntax errors and warnings. Message texts are BuildKit's, kept in one place.

use crate::span::Span;
use std::fmt;

/// An error BuildKit's parser reports, with the spot it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// A directive such as `# escape=` appears twice at the top.
    DuplicateDirective { name: String },
    /// `# escape=` names something other than `\` or `` ` ``.
    InvalidEscapeToken { token: String },
    /// A JSON array with an element that is not a string (`CMD ["a", 1]`).
    JsonNotStringArray,
    /// Legacy `ENV key` or `LABEL key` with no value.
    NameValueMissingValue { keyword: String },
    /// `ENV a=1 b`: a word without `=` after the `key=value` form started.
    NameValueMissingEquals { word: String },
    /// A heredoc whose terminator never comes.
    UnterminatedHeredoc { name: String },
    /// A heredoc delimiter the shell lexer cannot read (`<<"EOF`).
    HeredocDelimiter { message: String },
    /// The file has no instruction at all (empty, or only comments).
    NoInstructions,
    /// A physical line longer than the 64 KiB Go's line scanner accepts.
    LineTooLong,
    /// ONBUILD nested deeper than Layerlab follows (BuildKit rejects any nesting later).
    NestingTooDeep,
}

impl SyntaxErrorKind {
    /// A stable code for this kind of diagnostic: BuildKit's rule name where
    /// BuildKit reports it as a build check, else `syntax/<kind>`.
    pub fn code(&self) -> &'static str {
        match self {
            SyntaxErrorKind::DuplicateDirective { .. } => "syntax/duplicate-directive",
            SyntaxErrorKind::InvalidEscapeToken { .. } => "syntax/invalid-escape-token",
            SyntaxErrorKind::JsonNotStringArray => "syntax/json-not-string-array",
            SyntaxErrorKind::NameValueMissingValue { .. } => "syntax/name-value-missing-value",
            SyntaxErrorKind::NameValueMissingEquals { .. } => "syntax/name-value-missing-equals",
            SyntaxErrorKind::UnterminatedHeredoc { .. } => "syntax/unterminated-heredoc",
            SyntaxErrorKind::HeredocDelimiter { .. } => "syntax/heredoc-delimiter",
            SyntaxErrorKind::NoInstructions => "syntax/no-instructions",
            SyntaxErrorKind::LineTooLong => "syntax/line-too-long",
            SyntaxErrorKind::NestingTooDeep => "syntax/nesting-too-deep",
        }
    }
}

impl fmt::Display for SyntaxErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyntaxErrorKind::DuplicateDirective { name } => {
                write!(f, "only one {name} parser directive can be used")
            }
            SyntaxErrorKind::InvalidEscapeToken { token } => {
                write!(f, "invalid escape token '{token}' does not match ` or \\")
            }
            SyntaxErrorKind::JsonNotStringArray => {
                f.write_str("when using JSON array syntax, arrays must be comprised of strings only")
            }
            SyntaxErrorKind::NameValueMissingValue { keyword } => {
                write!(f, "{keyword} must have two arguments")
            }
            SyntaxErrorKind::NameValueMissingEquals { word } => {
                write!(
                    f,
                    "Syntax error - can't find = in {}. Must be of the form: name=value",
                    crate::quote::go_quote(word)
                )
            }
            SyntaxErrorKind::UnterminatedHeredoc { name } => {
                write!(f, "unterminated heredoc (no line `{name}` closes it)")
            }
            SyntaxErrorKind::HeredocDelimiter { message } => f.write_str(message),
            SyntaxErrorKind::NoInstructions => f.write_str("file with no instructions"),
            SyntaxErrorKind::LineTooLong => f.write_str("dockerfile line greater than max allowed size of 65535"),
            SyntaxErrorKind::NestingTooDeep => f.write_str("ONBUILD nested too deeply"),
        }
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

/// A warning the parser emits; the build still goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxWarning {
    pub kind: SyntaxWarningKind,
    pub span: Span,
    /// The 1-based line BuildKit reports: the instruction's last line.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxWarningKind {
    /// A blank line inside a continued instruction.
    EmptyContinuationLine { instruction: String },
}

impl SyntaxWarningKind {
    /// A stable code for this kind of diagnostic: BuildKit's rule name where
    /// BuildKit reports it as a build check, else `syntax/<kind>`.
    pub fn code(&self) -> &'static str {
        match self {
            SyntaxWarningKind::EmptyContinuationLine { .. } => "NoEmptyContinuation",
        }
    }
}

impl fmt::Display for SyntaxWarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyntaxWarningKind::EmptyContinuationLine { instruction } => {
                write!(f, "Empty continuation line found in: {instruction}")
            }
        }
    }
}
