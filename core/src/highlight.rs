//! Syntax highlighting from the core's own parser: the editor colours what
//! BuildKit reads, not what a regular expression guesses.
//!
//! The structure comes from [`crate::syntax`] (instructions, keywords, flags,
//! argument spans, directives, heredocs, the escape character in force), so
//! a line continuation, `# escape=`` ` ``, a comment between continuation
//! lines or a heredoc body is coloured as the parser took it. Inside an
//! instruction's arguments a small scanner marks quotes, operators and
//! variables, with [`crate::expansion::reference_len`] deciding where a `$`
//! reference ends. Blanks and text the parser rejected get no token.
//!
//! Linear in the input; never panics (a property test feeds it random text).

#[cfg(test)]
mod tests;

use crate::span::Span;
use crate::syntax::{self, Node, Parsed, Value};

/// What a stretch of the Dockerfile is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    /// An instruction keyword (`RUN`), and `AS` in `FROM … AS name`.
    Keyword,
    /// A `--name=value` flag (`--from=build`).
    Flag,
    Comment,
    /// A parser directive (`# syntax=…`, `# escape=…`, `# check=…`).
    Directive,
    /// A quoted string, quotes included.
    String,
    /// `$NAME`, `${NAME:-default}`.
    Variable,
    /// `<<EOF` in the instruction, and the line that ends the body.
    HeredocMarker,
    HeredocBody,
    /// The name after `FROM … AS`.
    StageName,
    /// The image a `FROM` names.
    ImageRef,
    /// `&&`, `||`, `|`, `;` in shell commands, and a line-continuation escape.
    Operator,
    /// The brackets and commas of an exec-form (JSON) argument list.
    Json,
    /// Any other word.
    Text,
}

impl TokenKind {
    pub const ALL: [TokenKind; 13] = [
        TokenKind::Keyword,
        TokenKind::Flag,
        TokenKind::Comment,
        TokenKind::Directive,
        TokenKind::String,
        TokenKind::Variable,
        TokenKind::HeredocMarker,
        TokenKind::HeredocBody,
        TokenKind::StageName,
        TokenKind::ImageRef,
        TokenKind::Operator,
        TokenKind::Json,
        TokenKind::Text,
    ];

    /// A stable lower-case name, for CSS classes and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Keyword => "keyword",
            TokenKind::Flag => "flag",
            TokenKind::Comment => "comment",
            TokenKind::Directive => "directive",
            TokenKind::String => "string",
            TokenKind::Variable => "variable",
            TokenKind::HeredocMarker => "heredoc-marker",
            TokenKind::HeredocBody => "heredoc-body",
            TokenKind::StageName => "stage-name",
            TokenKind::ImageRef => "image-ref",
            TokenKind::Operator => "operator",
            TokenKind::Json => "json",
            TokenKind::Text => "text",
        }
    }
}

/// One coloured stretch: a byte range of the text and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// The tokens of a Dockerfile, sorted, non-overlapping, on character
/// boundaries and within `text`.
pub fn tokens(text: &str) -> Vec<Token> {
    tokens_of(text, &syntax::parse(text))
}

/// [`tokens`] over a parse the caller already has (the editor parses once
/// per keystroke for its diagnostics too). `parsed` must be `text`'s.
pub fn tokens_of(text: &str, parsed: &Parsed) -> Vec<Token> {
    let mut out = Tokens { text, tokens: Vec::with_capacity(text.len() / 6), chars: Vec::new() };
    // Directives, then comment lines between instructions: in source order.
    for directive in &parsed.directives {
        out.push(directive.span, TokenKind::Directive);
    }
    out.comments_between(&parsed.nodes, &parsed.directives);
    let outside = std::mem::take(&mut out.tokens);
    for node in &parsed.nodes {
        let first = out.tokens.len();
        out.node(node, parsed.escape);
        // A node's tokens come out of order (continuations before arguments);
        // nodes themselves are in source order, so sorting each is enough.
        out.tokens[first..].sort_unstable_by_key(|t| t.span.start());
    }
    out.finish(outside)
}

struct Tokens<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    /// Scratch: the characters of the arguments being scanned, reused.
    chars: Vec<(usize, char)>,
}

/// An instruction's text in the source: the pieces of its physical lines the
/// parser joined (continuation escapes and comment lines left out).
struct Pieces {
    spans: Vec<Span>,
}

impl<'a> Tokens<'a> {
    fn push(&mut self, span: Span, kind: TokenKind) {
        if !span.is_empty() {
            self.tokens.push(Token { span, kind });
        }
    }

    /// Pushes the parts of `span` that lie inside the instruction's pieces, so
    /// a token never covers a continuation escape or a comment line.
    fn push_within(&mut self, pieces: &Pieces, span: Span, kind: TokenKind) {
        for piece in &pieces.spans {
            if piece.start() >= span.end() {
                break;
            }
            let clipped = Span::new(piece.start().max(span.start()), piece.end().min(span.end()));
            if clipped.start() < clipped.end() {
                self.push(clipped, kind);
            }
        }
    }

    /// Comment lines outside instructions (directive lines excepted).
    fn comments_between(&mut self, nodes: &[Node], directives: &[syntax::Directive]) {
        let mut next_node = 0;
        let mut start = 0;
        for line in self.text.split_inclusive('\n') {
            let end = start + line.len();
            while nodes.get(next_node).is_some_and(|n| n.span.end() < start) {
                next_node += 1;
            }
            let inside_node = nodes.get(next_node).is_some_and(|n| n.span.start() < end && start <= n.span.end());
            let is_directive = directives.iter().any(|d| d.span.start() < end && start <= d.span.start());
            if !inside_node && !is_directive {
                let content = line.trim_end_matches(['\r', '\n']);
                let body = content.trim_start_matches('\u{feff}').trim_start();
                if body.starts_with('#') {
                    let at = start + (content.len() - body.len());
                    self.push(Span::new(at, start + content.len()), TokenKind::Comment);
                }
            }
            start = end;
        }
    }

    fn node(&mut self, node: &Node, escape: char) {
        let (pieces, after) = self.lines_of(node, escape);
        self.push_within(&pieces, node.keyword_span, TokenKind::Keyword);
        // ONBUILD holds its instruction as a node of its own: colour every level.
        let mut inner = node;
        loop {
            for flag in &inner.flags {
                self.push_within(&pieces, flag.span, TokenKind::Flag);
            }
            let Value::Sub(sub) = &inner.value else { break };
            inner = sub;
            self.push_within(&pieces, inner.keyword_span, TokenKind::Keyword);
        }
        self.arguments(inner, !node.heredocs.is_empty(), &pieces, escape);
        if !node.heredocs.is_empty() {
            self.heredoc_bodies(node, after);
        }
    }

    /// Walks the instruction's physical lines as the parser's line reader
    /// does: marks continuation escapes and comment lines, and returns the
    /// pieces of instruction text and where the line after the instruction starts.
    fn lines_of(&mut self, node: &Node, escape: char) -> (Pieces, usize) {
        let text = self.text;
        let mut pieces = Pieces { spans: Vec::new() };
        let mut at = node.span.start();
        let mut first = true;
        // The parser's node ends at its last line (or heredoc terminator): never walk past it.
        while at < text.len() && at <= node.span.end() {
            let rest = &text[at..];
            let full_len = rest.find('\n').map_or(rest.len(), |i| i + 1);
            let content = rest[..full_len].trim_end_matches(['\r', '\n']);
            let next = at + full_len;
            let trimmed = content.trim_start();
            let lead = at + (content.len() - trimmed.len());
            if !first && trimmed.starts_with('#') {
                self.push(Span::new(lead, at + content.len()), TokenKind::Comment);
                at = next;
                continue;
            }
            first = false;
            if trimmed.is_empty() {
                at = next;
                continue;
            }
            match continuation(trimmed, escape) {
                Some(escape_at) => {
                    let escape_at = lead + escape_at;
                    pieces.spans.push(Span::new(lead, escape_at));
                    self.push(Span::new(escape_at, escape_at + escape.len_utf8()), TokenKind::Operator);
                    at = next;
                }
                None => {
                    pieces.spans.push(Span::new(lead, at + content.len()));
                    return (pieces, next);
                }
            }
        }
        (pieces, text.len())
    }

    /// The bodies of the node's heredocs and their terminator lines, which
    /// follow the instruction line in order.
    fn heredoc_bodies(&mut self, node: &Node, mut at: usize) {
        let text = self.text;
        for doc in &node.heredocs {
            let body_end = at + doc.content.len();
            if text.get(at..body_end) != Some(doc.content.as_str()) {
                return; // The parser read something else: colour nothing rather than guess.
            }
            let shown = doc.content.trim_end_matches(['\r', '\n']);
            self.push(Span::new(at, at + shown.len()), TokenKind::HeredocBody);
            at = body_end;
            let rest = &text[at..];
            let full_len = rest.find('\n').map_or(rest.len(), |i| i + 1);
            let line = rest[..full_len].trim_end_matches(['\r', '\n']);
            let marker = line.trim_start_matches('\t');
            let start = at + (line.len() - marker.len());
            self.push(Span::new(start, at + line.len()), TokenKind::HeredocMarker);
            at += full_len;
        }
    }

    /// The arguments after the keyword and flags, by instruction.
    fn arguments(&mut self, node: &Node, heredocs: bool, pieces: &Pieces, escape: char) {
        let keyword = node.keyword_lower();
        let args = node.args();
        if keyword == "from" {
            for (i, arg) in args.iter().enumerate() {
                let kind = match i {
                    0 => TokenKind::ImageRef,
                    1 if args.len() == 3 && arg.text.eq_ignore_ascii_case("as") => TokenKind::Keyword,
                    2 if args.len() == 3 => TokenKind::StageName,
                    _ => TokenKind::Text,
                };
                let mode = Mode { escape, base: kind, shell: false, heredocs: false };
                self.scan(pieces, arg.span.start(), arg.span.end(), mode);
            }
            return;
        }
        let mut start = node.args_span.start();
        let end = pieces.spans.last().map_or(start, |p| p.end());
        if keyword == "healthcheck" {
            // The type word (`CMD`, `NONE`) reads as a keyword; CMD's arguments follow.
            if let Some(kind) = args.first() {
                self.push_within(pieces, kind.span, TokenKind::Keyword);
                start = args.get(1).map_or(end, |a| a.span.start().max(kind.span.end()));
            }
        }
        let shell = matches!(keyword.as_str(), "run" | "cmd" | "entrypoint" | "shell" | "healthcheck");
        if node.json {
            self.json(pieces, start, end);
        } else {
            // RUN's text goes to the shell unchanged; the escape character still
            // marks escapes there: `\` for POSIX shells, and under `# escape=``
            // (a Windows convention) a backslash is a path separator for cmd.
            self.scan(pieces, start, end, Mode { escape, base: TokenKind::Text, shell, heredocs });
        }
    }

    /// An exec-form list the parser accepted as JSON: brackets and commas,
    /// strings (with JSON's `\` escapes).
    fn json(&mut self, pieces: &Pieces, start: usize, end: usize) {
        let mut chars = std::mem::take(&mut self.chars);
        chars_in(self.text, pieces, start, end, &mut chars);
        let mut i = 0;
        while let Some(&(at, c)) = chars.get(i) {
            match c {
                '[' | ']' | ',' => self.push_within(pieces, Span::new(at, at + 1), TokenKind::Json),
                '"' => {
                    let mut j = i + 1;
                    while let Some(&(_, d)) = chars.get(j) {
                        j += if d == '\\' { 2 } else { 1 };
                        if d == '"' {
                            break;
                        }
                    }
                    let stop = end_of(&chars, j, end);
                    self.push_within(pieces, Span::new(at, stop), TokenKind::String);
                    i = j;
                    continue;
                }
                _ if c.is_whitespace() => {}
                _ => self.push_within(pieces, Span::new(at, at + c.len_utf8()), TokenKind::Text),
            }
            i += 1;
        }
        self.chars = chars;
    }

    /// Words, quotes, variables and (for shell text) operators and heredoc markers.
    fn scan(&mut self, pieces: &Pieces, start: usize, end: usize, mode: Mode) {
        let mut chars = std::mem::take(&mut self.chars);
        chars_in(self.text, pieces, start, end, &mut chars);
        let mut scanner = Scanner { out: self, pieces, chars: &chars, joined: None, end, mode, word_start: None };
        scanner.run();
        self.chars = chars;
    }

    /// Merges the two sorted runs (outside and inside instructions).
    fn finish(self, outside: Vec<Token>) -> Vec<Token> {
        let mut merged = Vec::with_capacity(outside.len() + self.tokens.len());
        let (mut a, mut b) = (outside.into_iter().peekable(), self.tokens.into_iter().peekable());
        // Defensive: whatever the passes above produced, never hand out overlaps.
        let mut last_end = 0;
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x.span.start() <= y.span.start() => a.next(),
                (_, Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, None) => break,
            };
            if let Some(t) = next.filter(|t| t.span.start() >= last_end && t.span.end() <= self.text.len()) {
                last_end = t.span.end();
                merged.push(t);
            }
        }
        merged
    }
}

/// The offset of the escape character that continues `line` (blanks after
/// it allowed), as the parser's `trim_continuation` decides; `None` when the
/// line ends the instruction (an escaped escape does not continue it).
fn continuation(line: &str, escape: char) -> Option<usize> {
    let body = line.trim_end_matches([' ', '\t']);
    let before = body.strip_suffix(escape)?;
    match before.chars().next_back() {
        Some(c) if c == escape => None,
        _ => Some(before.len()),
    }
}

/// The characters of `start..end` that lie in the pieces, with their offsets.
fn chars_in(text: &str, pieces: &Pieces, start: usize, end: usize, chars: &mut Vec<(usize, char)>) {
    chars.clear();
    for piece in &pieces.spans {
        let (from, to) = (piece.start().max(start), piece.end().min(end));
        if from < to {
            if let Some(slice) = text.get(from..to) {
                chars.extend(slice.char_indices().map(|(i, c)| (from + i, c)));
            }
        }
    }
}

/// The offset just past `chars[..i]`, or `end` when `i` is past the last one.
fn end_of(chars: &[(usize, char)], i: usize, end: usize) -> usize {
    match i.checked_sub(1).and_then(|last| chars.get(last)) {
        Some(&(at, c)) if i <= chars.len() => at + c.len_utf8(),
        _ => end,
    }
}

#[derive(Clone, Copy)]
struct Mode {
    escape: char,
    /// The kind of plain words (Text, or ImageRef/StageName in FROM).
    base: TokenKind,
    /// Shell text: `&&`, `||`, `|`, `;` are operators.
    shell: bool,
    /// The instruction has heredocs: `<<WORD` words are their markers.
    heredocs: bool,
}

struct Scanner<'s, 'a> {
    out: &'s mut Tokens<'a>,
    pieces: &'s Pieces,
    chars: &'s [(usize, char)],
    /// `chars` as one string, and each character's byte offset in it: made
    /// at the first `$`, to measure references that cross a continuation.
    joined: Option<(String, Vec<usize>)>,
    end: usize,
    mode: Mode,
    /// Where the current plain stretch began.
    word_start: Option<usize>,
}

impl Scanner<'_, '_> {
    fn offset(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.end, |&(at, _)| at)
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    fn emit(&mut self, from: usize, to: usize, kind: TokenKind) {
        self.out.push_within(self.pieces, Span::new(from, to), kind);
    }

    /// Closes the plain stretch before character `i`.
    fn flush(&mut self, i: usize) {
        if let Some(from) = self.word_start.take() {
            let to = self.offset(i);
            self.emit(from, to, self.mode.base);
        }
    }

    fn run(&mut self) {
        let mut i = 0;
        let mut at_word_start = true;
        while let Some(c) = self.char_at(i) {
            if c.is_whitespace() {
                self.flush(i);
                at_word_start = true;
                i += 1;
                continue;
            }
            let was_word_start = std::mem::replace(&mut at_word_start, false);
            if c == self.mode.escape {
                // The escaped character is plain text, whatever it is.
                self.word_start.get_or_insert(self.offset(i));
                i += 2;
                continue;
            }
            if self.mode.shell {
                if let Some(len) = self.operator(i) {
                    self.flush(i);
                    self.emit(self.offset(i), self.offset(i + len), TokenKind::Operator);
                    at_word_start = true;
                    i += len;
                    continue;
                }
            }
            if self.mode.heredocs && was_word_start {
                if let Some(len) = self.heredoc_marker(i) {
                    self.flush(i);
                    self.emit(self.offset(i), self.offset(i + len), TokenKind::HeredocMarker);
                    i += len;
                    continue;
                }
            }
            match c {
                '\'' | '"' => {
                    self.flush(i);
                    i = self.quoted(i, c);
                }
                '$' => match self.variable(i) {
                    Some(len) => {
                        self.flush(i);
                        self.emit(self.offset(i), self.offset(i + len), TokenKind::Variable);
                        i += len;
                    }
                    None => {
                        self.word_start.get_or_insert(self.offset(i));
                        i += 1;
                    }
                },
                _ => {
                    self.word_start.get_or_insert(self.offset(i));
                    i += 1;
                }
            }
        }
        self.flush(i);
    }

    /// `&&`, `||`, `|`, `;` at `i`: the length in characters.
    fn operator(&self, i: usize) -> Option<usize> {
        match (self.char_at(i)?, self.char_at(i + 1)) {
            ('&', Some('&')) | ('|', Some('|')) => Some(2),
            ('|', _) | (';', _) => Some(1),
            _ => None,
        }
    }

    /// A heredoc word at `i` (`<<EOF`, `<<-'EOF'`, `3<<EOF`): its length in
    /// characters, as the parser's marker pattern `^(\d*)<<(-?)\s*([^<]*)$` reads a word.
    fn heredoc_marker(&self, i: usize) -> Option<usize> {
        let mut j = i;
        while self.char_at(j).is_some_and(|c| c.is_ascii_digit()) {
            j += 1;
        }
        if self.char_at(j) != Some('<') || self.char_at(j + 1) != Some('<') {
            return None;
        }
        j += 2;
        if self.char_at(j) == Some('-') {
            j += 1;
        }
        let name_start = j;
        while self.char_at(j).is_some_and(|c| !c.is_whitespace() && c != '<') {
            j += 1;
        }
        (j > name_start).then_some(j - i)
    }

    /// A `$` reference at `i`: its length in characters.
    fn variable(&mut self, i: usize) -> Option<usize> {
        let chars = self.chars;
        let (joined, byte_of) = self.joined.get_or_insert_with(|| {
            let mut joined = String::with_capacity(chars.len());
            let mut byte_of = Vec::with_capacity(chars.len() + 1);
            for &(_, c) in chars {
                byte_of.push(joined.len());
                joined.push(c);
            }
            byte_of.push(joined.len());
            (joined, byte_of)
        });
        let from = *byte_of.get(i)?;
        let bytes = crate::expansion::reference_len(joined.get(from..)?, self.mode.escape)?;
        let end = byte_of.binary_search(&(from + bytes)).ok()?;
        Some(end - i)
    }

    /// A quoted string from `i` (the quote): String tokens, with variables
    /// inside double quotes split out. Returns the index after the closing quote.
    fn quoted(&mut self, i: usize, quote: char) -> usize {
        let mut piece_start = self.offset(i);
        let mut j = i + 1;
        while let Some(c) = self.char_at(j) {
            if c == quote {
                j += 1;
                break;
            }
            if quote == '"' && c == self.mode.escape {
                j += 2;
                continue;
            }
            if quote == '"' && c == '$' {
                if let Some(len) = self.variable(j) {
                    self.emit(piece_start, self.offset(j), TokenKind::String);
                    self.emit(self.offset(j), self.offset(j + len), TokenKind::Variable);
                    j += len;
                    piece_start = self.offset(j);
                    continue;
                }
            }
            j += 1;
        }
        let j = j.min(self.chars.len());
        self.emit(piece_start, self.offset(j), TokenKind::String);
        j
    }
}
