//! Syntax: Dockerfile text → nodes with spans, exactly as BuildKit's parser
//! (`frontend/dockerfile/parser`) reads it.
//!
//! The reader keeps BuildKit's quirks on purpose (they are what Docker does):
//! directives only before anything else, comments dropped even between
//! continuation lines, whitespace after the escape character, BOM and CRLF,
//! JSON form falling back to shell form when the JSON is invalid.
//! Unlike BuildKit it never stops at the first error: every error is collected
//! so an editor can show them all, and [`Parsed::errors`] keeps source order.

mod args;
mod directives;
mod dump;
mod error;
mod halves;
mod heredoc;
mod lines;
mod node;
mod rare_list;
mod split;
#[cfg(test)]
mod tests;
mod text;

pub use dump::dump;
pub use error::{SyntaxError, SyntaxErrorKind, SyntaxWarning, SyntaxWarningKind};
pub use halves::{parse_in_halves, split_point, SecondHalf};
pub use heredoc::{heredoc_marker, Marker};
pub use node::{Arg, Directive, Flag, Heredoc, Node, Value};
pub use rare_list::RareList;
pub(crate) use split::{lower_keyword, KEYWORD_BUF};
pub use text::{Shared, Text};

/// The default escape character; `# escape=`` ` `` switches to the backtick.
pub const DEFAULT_ESCAPE: char = '\\';

/// The outcome of parsing: never fails as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub escape: char,
    pub directives: Vec<Directive>,
    pub nodes: Vec<Node>,
    pub errors: Vec<SyntaxError>,
    pub warnings: Vec<SyntaxWarning>,
}

impl Parsed {
    /// True when BuildKit would accept the file.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Parses a Dockerfile. Linear in the input size; never panics.
pub fn parse(text: &str) -> Parsed {
    // One copy of the text, which the nodes' strings share (see [`Text`]).
    parse_shared(&Shared::new(text.to_owned()))
}

/// [`parse`] for a caller that owns the text: the nodes' strings share it
/// instead of a copy (a large file read by the CLI is not copied again).
pub fn parse_shared(source: &Shared) -> Parsed {
    lines::Reader::new(source).run()
}
