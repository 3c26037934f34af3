//! The line reader: physical lines → logical instructions, as BuildKit's
//! `Parse` loop does it (BOM, CRLF, comments, directives, continuations,
//! heredoc bodies), recording where every piece came from.

use super::directives::DirectiveParser;
use super::error::{SyntaxError, SyntaxErrorKind, SyntaxWarning, SyntaxWarningKind};
use super::node::{Directive, Node};
use super::text::Shared;
use super::{heredoc, split, Parsed, DEFAULT_ESCAPE};
use crate::span::{saturating_u32, Span};
use std::borrow::Cow;

/// Go's `bufio.Scanner` refuses a line (with its newline) longer than this.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// One physical line.
pub(super) struct RawLine<'a> {
    /// 1-based line number.
    pub number: usize,
    pub start: usize,
    /// The line without trailing `\r` and `\n` characters.
    pub content: &'a str,
    /// The line with its ending, as heredoc bodies keep it.
    pub full: &'a str,
}

impl RawLine<'_> {
    pub fn content_end(&self) -> usize {
        self.start + self.content.len()
    }
}

/// An instruction's text with continuation lines joined, plus a map back to
/// the source so spans can point into the original file.
pub(super) struct Joined<'a> {
    /// Borrowed from the source while the instruction is one line (the usual
    /// case), so it costs no allocation.
    pub text: Cow<'a, str>,
    /// Where the first piece starts in the source (the text starts at 0).
    first: usize,
    /// `(offset in text, offset in source)` where each later piece starts:
    /// empty for the usual one-line instruction, so it costs no allocation.
    more: Vec<(usize, usize)>,
}

impl<'a> Joined<'a> {
    fn new(piece: &'a str, source_offset: usize) -> Joined<'a> {
        Joined { text: Cow::Borrowed(piece), first: source_offset, more: Vec::new() }
    }

    fn push(&mut self, piece: &str, source_offset: usize) {
        self.more.push((self.text.len(), source_offset));
        self.text.to_mut().push_str(piece);
    }

    fn to_source(&self, offset: usize, is_end: bool) -> usize {
        // An end offset on a piece boundary belongs to the piece before it.
        let idx = self.more.partition_point(|&(start, _)| if is_end { start < offset } else { start <= offset });
        match idx.checked_sub(1).and_then(|i| self.more.get(i)) {
            Some(&(start, source)) => source + (offset - start),
            None => self.first + offset,
        }
    }

    /// Maps a span in the joined text to the source.
    pub fn source_span(&self, span: Span) -> Span {
        if span.is_empty() {
            let at = self.to_source(span.start(), false);
            return Span::empty_at(at);
        }
        Span::new(self.to_source(span.start(), false), self.to_source(span.end(), true))
    }
}

pub(super) struct Reader<'a> {
    text: &'a str,
    /// `text` itself, which one-line instructions share (see `split`).
    source: &'a Shared,
    pos: usize,
    /// The line ends after `pos`, found by one search that keeps its place,
    /// over the text from `newlines_from` on.
    newlines: memchr::Memchr<'a>,
    newlines_from: usize,
    line_no: usize,
    /// Set when a line was too long: Go's scanner stops there.
    stopped: bool,
    escape: char,
    directive_parser: DirectiveParser,
    directives: Vec<Directive>,
    nodes: Vec<Node>,
    errors: Vec<SyntaxError>,
    warnings: Vec<SyntaxWarning>,
    /// Comments read since the last instruction, for the next one.
    comments: Vec<String>,
    last_line_start: usize,
    /// Where [`Reader::read`] pauses, if it gets there at an instruction's start.
    pub(super) pause_at: Option<usize>,
}

/// A reader's place and results ([`Reader::into_rest`]): what a reader that
/// paused takes from one that went on from there.
pub(super) struct Rest {
    pub escape: char,
    pos: usize,
    line_no: usize,
    stopped: bool,
    last_line_start: usize,
    comments: Vec<String>,
    nodes: Vec<Node>,
    errors: Vec<SyntaxError>,
    warnings: Vec<SyntaxWarning>,
}

/// Why [`Reader::read`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// At the end of the text (or where a line too long stopped it).
    End,
    /// At `pause_at`, the start of a line, with nothing carried into that
    /// line: no continuation, heredoc or comment, directives over.
    Paused,
}

impl<'a> Reader<'a> {
    pub fn new(source: &'a Shared) -> Reader<'a> {
        Reader {
            text: source,
            source,
            pos: 0,
            newlines: memchr::memchr_iter(b'\n', source.as_bytes()),
            newlines_from: 0,
            line_no: 0,
            stopped: false,
            escape: DEFAULT_ESCAPE,
            directive_parser: DirectiveParser::default(),
            directives: Vec::new(),
            nodes: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            comments: Vec::new(),
            last_line_start: 0,
            pause_at: None,
        }
    }

    /// A reader that starts at `at`, the start of line `line_no + 1`, as one
    /// that got there at an instruction's start with `escape` in force.
    pub(super) fn starting_at(source: &'a Shared, at: usize, line_no: usize, escape: char) -> Reader<'a> {
        let mut reader = Reader::new(source);
        reader.pos = at;
        reader.newlines = memchr::memchr_iter(b'\n', source.as_bytes().get(at..).unwrap_or_default());
        reader.newlines_from = at;
        reader.line_no = line_no;
        reader.escape = escape;
        reader.directive_parser = DirectiveParser::finished();
        reader
    }

    pub(super) fn escape(&self) -> char {
        self.escape
    }

    pub(super) fn next_line(&mut self) -> Option<RawLine<'a>> {
        if self.stopped || self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        // Only this method moves `pos`, a line at a time, so the next line
        // end the search finds is this line's.
        let from = self.newlines_from;
        let end = self.newlines.find(|&i| from + i >= start).map_or(self.text.len(), |i| from + i + 1);
        let full = &self.text[start..end];
        self.pos = end;
        self.line_no += 1;
        if full.len() > MAX_LINE_BYTES {
            self.stopped = true;
            self.errors
                .push(SyntaxError { kind: SyntaxErrorKind::LineTooLong, span: Span::new(start, start + full.len()) });
            return None;
        }
        let content = full.trim_end_matches(['\r', '\n']);
        Some(RawLine { number: self.line_no, start, content, full })
    }

    pub fn run(mut self) -> Parsed {
        self.read();
        self.finish()
    }

    /// Reads instructions until the end, or until `pause_at` (see [`Stop`]);
    /// reading on after a pause reads the rest.
    pub(super) fn read(&mut self) -> Stop {
        loop {
            if let Some(at) = self.pause_at.filter(|&at| self.pos >= at) {
                self.pause_at = None;
                if self.pos == at && self.comments.is_empty() && self.directive_parser.is_done() {
                    return Stop::Paused;
                }
            }
            let Some(line) = self.next_line() else { return Stop::End };
            self.last_line_start = line.start;
            let (mut content, mut content_start) = (line.content, line.start);
            if line.number == 1 {
                if let Some(rest) = content.strip_prefix('\u{feff}') {
                    content = rest;
                    content_start += '\u{feff}'.len_utf8();
                }
            }
            if is_comment(content) {
                // BuildKit drops the line's first character, not the `#`,
                // so an indented `  # x` keeps `# x`.
                let mut chars = content.chars();
                chars.next();
                let comment = chars.as_str().trim();
                if comment.is_empty() {
                    self.comments.clear();
                } else {
                    self.comments.push(comment.to_string());
                }
            }
            let trimmed = content.trim_start();
            let lead = content.len() - trimmed.len();
            if self.directive_line(trimmed, content_start + lead) {
                self.comments.pop();
            }
            let processed = if is_comment(trimmed) { "" } else { trimmed };
            let (piece, mut end_of_line) = trim_continuation(processed, self.escape);
            if end_of_line && piece.is_empty() {
                continue;
            }
            let first_line = line.number;
            let node_start = content_start + lead;
            let mut node_end = line.content_end();
            let mut joined = Joined::new(piece, node_start);
            let mut has_empty_continuation = false;
            while !end_of_line {
                let Some(next) = self.next_line() else { break };
                node_end = next.content_end();
                if is_comment(next.content) {
                    continue;
                }
                if next.content.trim_start().is_empty() {
                    has_empty_continuation = true;
                    continue;
                }
                let (piece, eol) = trim_continuation(next.content, self.escape);
                end_of_line = eol;
                joined.push(piece, next.start);
            }
            if has_empty_continuation {
                self.warnings.push(SyntaxWarning {
                    kind: SyntaxWarningKind::EmptyContinuationLine { instruction: joined.text.to_string() },
                    span: Span::new(node_start, node_end),
                    line: self.line_no,
                });
            }
            let taken = std::mem::take(&mut self.comments);
            // A one-line instruction is a piece of the source and shares it; a
            // joined one moves its text into an owner of its own (not a copy).
            let joined_owner: Shared;
            let (owner, line): (&Shared, &str) = match &mut joined.text {
                Cow::Borrowed(line) => (self.source, *line),
                Cow::Owned(text) => {
                    joined_owner = Shared::new(std::mem::take(text));
                    (&joined_owner, joined_owner.as_str())
                }
            };
            match split::node_from_line(line, 0, &joined, owner, self.escape, 0) {
                Ok(mut node) => {
                    node.comments = taken.into();
                    node.start_line = saturating_u32(first_line);
                    if node_can_hold_heredoc(&node) && line.contains("<<") {
                        match heredoc::read_bodies(self, line) {
                            Ok((docs, end)) => {
                                node.heredocs = docs.into();
                                node_end = end.unwrap_or(node_end);
                            }
                            Err(kind) => {
                                let span = Span::new(node_start, self.pos.max(node_end));
                                self.errors.push(SyntaxError { kind, span });
                                continue;
                            }
                        }
                    }
                    node.end_line = saturating_u32(self.line_no);
                    node.span = Span::new(node_start, node_end);
                    self.nodes.push(node);
                }
                Err(err) => self.errors.push(err),
            }
        }
    }

    /// Where this reader got to and what it read, without the text.
    pub(super) fn into_rest(self) -> Rest {
        Rest {
            escape: self.escape,
            pos: self.pos,
            line_no: self.line_no,
            stopped: self.stopped,
            last_line_start: self.last_line_start,
            comments: self.comments,
            nodes: self.nodes,
            errors: self.errors,
            warnings: self.warnings,
        }
    }

    /// Takes the place and results of `later`, a reader that went on from
    /// where this one paused (see [`Stop::Paused`]).
    pub(super) fn append(&mut self, mut later: Rest) {
        if later.pos > self.pos {
            self.last_line_start = later.last_line_start;
        }
        self.pos = later.pos;
        self.line_no = later.line_no;
        self.stopped = later.stopped;
        self.comments = later.comments;
        self.nodes.append(&mut later.nodes);
        self.errors.append(&mut later.errors);
        self.warnings.append(&mut later.warnings);
    }

    pub(super) fn finish(mut self) -> Parsed {
        if self.nodes.is_empty() && self.errors.is_empty() {
            self.errors.push(SyntaxError {
                kind: SyntaxErrorKind::NoInstructions,
                span: Span::empty_at(self.last_line_start),
            });
        }
        crate::sort::by_key(&mut self.errors, |e| e.span.start());
        Parsed {
            escape: self.escape,
            directives: self.directives,
            nodes: self.nodes,
            errors: self.errors,
            warnings: self.warnings,
        }
    }

    /// Feeds a line to the directive parser; true when it was a directive.
    fn directive_line(&mut self, line: &str, offset: usize) -> bool {
        let span = Span::new(offset, offset + line.len());
        match self.directive_parser.parse_line(line) {
            Ok(None) => false,
            Ok(Some((name, value))) => {
                if name == "escape" {
                    match value.as_str() {
                        "\\" => self.escape = '\\',
                        "`" => self.escape = '`',
                        _ => {
                            self.errors.push(SyntaxError {
                                kind: SyntaxErrorKind::InvalidEscapeToken { token: value.clone() },
                                span,
                            });
                            self.directives.push(Directive { name, value, span });
                            return false;
                        }
                    }
                }
                self.directives.push(Directive { name, value, span });
                true
            }
            Err(name) => {
                self.errors.push(SyntaxError { kind: SyntaxErrorKind::DuplicateDirective { name }, span });
                false
            }
        }
    }
}

/// A line whose first non-blank character is `#`.
pub(super) fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// Removes a trailing escape character (and blanks after it) that continues the
/// line; false as second value when the line continues. An escaped escape
/// character at the end (`\\`) does not continue the line.
pub(super) fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    let body = line.trim_end_matches([' ', '\t']);
    let Some(before) = body.strip_suffix(escape) else { return (line, true) };
    match before.chars().next_back() {
        None => ("", false),
        Some(c) if c == escape => (line, true),
        Some(_) => (before, false),
    }
}

fn node_can_hold_heredoc(node: &Node) -> bool {
    let node = match &node.value {
        super::Value::Sub(inner) if node.keyword.eq_ignore_ascii_case("onbuild") => inner,
        _ => node,
    };
    ["add", "copy", "run"].iter().any(|k| node.keyword.eq_ignore_ascii_case(k)) && !node.json
}
