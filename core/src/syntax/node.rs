//! The node tree: BuildKit's `Node`, with spans instead of line numbers only.

use super::rare_list::RareList;
use super::text::Text;
use crate::span::Span;

/// A parser directive at the top of the file (`# syntax=`, `# escape=`, `# check=`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Lower-cased name.
    pub name: String,
    pub value: String,
    pub span: Span,
}

/// One instruction, e.g. `COPY --from=build /app /app`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The keyword as written (any case).
    pub keyword: Text,
    pub keyword_span: Span,
    /// `--name=value` flags before the arguments, as written.
    pub flags: RareList<Flag>,
    pub value: Value,
    /// The arguments were a valid JSON array of strings (exec form).
    pub json: bool,
    /// The instruction with continuation lines joined, as BuildKit keeps it;
    /// a piece of the source when it is one line, shared with the typed
    /// instruction made from it rather than copied.
    pub original: Text,
    pub heredocs: RareList<Heredoc>,
    /// Comments directly above, without the `#`.
    pub comments: RareList<String>,
    /// The whole instruction in the source, heredoc bodies included.
    pub span: Span,
    /// Where the arguments (after the flags) are; empty at their position when none.
    pub args_span: Span,
    /// 1-based, as BuildKit counts them; `u32` like the spans (read them
    /// with [`Node::start_line`] and [`Node::end_line`]).
    pub(super) start_line: u32,
    pub(super) end_line: u32,
}

impl Node {
    /// The keyword lower-cased, as BuildKit dispatches on it.
    pub fn keyword_lower(&self) -> String {
        self.keyword.to_ascii_lowercase()
    }

    /// The 1-based line the instruction starts on.
    pub fn start_line(&self) -> usize {
        self.start_line as usize
    }

    /// The 1-based line it ends on: its last continuation line or heredoc body line.
    pub fn end_line(&self) -> usize {
        self.end_line as usize
    }

    /// The argument strings, or nothing for ONBUILD.
    pub fn args(&self) -> &[Arg] {
        match &self.value {
            Value::Args(args) => args,
            Value::Sub(_) => &[],
        }
    }
}

/// What follows the keyword and flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// BuildKit's `Next` chain of strings.
    Args(Box<[Arg]>),
    /// ONBUILD's inner instruction.
    Sub(Box<Node>),
}

/// One string of the `Next` chain, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    pub text: Text,
    pub span: Span,
}

/// A `--name=value` flag as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub text: Text,
    pub span: Span,
}

/// A here-document attached to RUN, COPY or ADD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    pub name: String,
    /// The file descriptor before `<<` (`3<<EOF`), 0 when none is written.
    pub file_descriptor: u32,
    /// False when any part of the delimiter was quoted: the body is not expanded.
    pub expand: bool,
    /// `<<-`: leading tabs are stripped from the body and the terminator.
    pub chomp: bool,
    /// The body, lines with their line endings, as BuildKit stores it.
    pub content: String,
}
