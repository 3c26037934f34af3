//! Shell word splitting of the line a user types, the way a POSIX shell
//! (bash) does it before `docker` ever runs: blanks separate words, single
//! quotes keep everything literal, double quotes keep everything but `\$`,
//! `` \` ``, `\"`, `\\` and backslash-newline, and an unquoted backslash
//! escapes the next character (backslash-newline joins lines).
//!
//! Nothing is expanded: `$HOME`, `` `cmd` ``, `~` and globs stay as typed,
//! and a [`ShellNote`] says where the real shell would have changed the
//! text, because Docker only ever sees the expanded words. The split stops
//! at the first unquoted control operator (`|`, `&`, `;`, `<`, `>`, `(`,
//! `)`, a newline) or comment, with a note, since what follows is not part
//! of the `docker` command.

use super::error::{RunError, RunErrorKind};
use crate::span::Span;

/// One word after quote removal, with the map back to the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word as the program receives it (quotes removed, escapes applied).
    pub text: String,
    /// The raw word in the input, quotes included.
    pub span: Span,
    /// For each byte of `text`, the input bytes that produced it.
    sources: Vec<(usize, usize)>,
}

impl Word {
    /// The input span of `text[start..end]` (byte offsets into `text`).
    /// An empty or out-of-range range gives an empty span at the nearest spot.
    pub fn sub_span(&self, start: usize, end: usize) -> Span {
        let end = end.min(self.text.len());
        if start >= end {
            let at = self.sources.get(start).map_or(self.span.end(), |s| s.0);
            return Span::empty_at(at);
        }
        let first = self.sources.get(start).map_or(self.span.start(), |s| s.0);
        let last = self.sources.get(end - 1).map_or(self.span.end(), |s| s.1);
        Span::new(first, last)
    }

    /// The input span of `text[start..]`.
    pub fn tail_span(&self, start: usize) -> Span {
        if start >= self.text.len() {
            return Span::empty_at(self.span.end());
        }
        self.sub_span(start, self.text.len())
    }
}

/// Where the real shell would not pass the typed text through unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShellNote {
    /// `$NAME`, `${...}`, `$1`…: the shell substitutes the value (in double
    /// quotes too); `quoted` says it was inside double quotes.
    Expansion { span: Span, quoted: bool },
    /// `` `cmd` `` or `$(cmd)`: the shell runs the command and substitutes its output.
    CommandSubstitution { span: Span },
    /// `$'...'` or `$"..."`: bash-only quoting, read here as plain quotes.
    BashQuoting { span: Span },
    /// A `~` at the start of a word: the shell puts the home directory there.
    Tilde { span: Span },
    /// An unquoted `*`, `?` or `[`: the shell may replace the word with matching file names.
    Glob { span: Span },
    /// A control operator or newline ended the command; the rest is not passed to `docker`.
    Operator { span: Span, operator: String },
    /// A `#` at the start of a word: the rest of the line is a comment.
    Comment { span: Span },
}

impl ShellNote {
    pub fn span(&self) -> Span {
        match self {
            ShellNote::Expansion { span, .. }
            | ShellNote::CommandSubstitution { span }
            | ShellNote::BashQuoting { span }
            | ShellNote::Tilde { span }
            | ShellNote::Glob { span }
            | ShellNote::Operator { span, .. }
            | ShellNote::Comment { span } => *span,
        }
    }

    /// A sentence for the tutor.
    pub fn message(&self) -> String {
        match self {
            ShellNote::Expansion { quoted: false, .. } => {
                "the shell expands `$` here before Docker runs; Layerlab keeps the text as typed (single-quote it to pass it on literally)".into()
            }
            ShellNote::Expansion { quoted: true, .. } => {
                "the shell expands `$` inside double quotes too; Layerlab keeps the text as typed (use single quotes to pass it on literally)".into()
            }
            ShellNote::CommandSubstitution { .. } => {
                "the shell runs this command substitution before Docker runs; Layerlab keeps the text as typed".into()
            }
            ShellNote::BashQuoting { .. } => "bash's `$'...'`/`$\"...\"` quoting is read here as plain quoting".into(),
            ShellNote::Tilde { .. } => {
                "the shell replaces a leading `~` with your home directory; Layerlab keeps it as typed".into()
            }
            ShellNote::Glob { .. } => {
                "the shell may replace this word with matching file names; Layerlab keeps it as typed".into()
            }
            ShellNote::Operator { operator, .. } => {
                format!("`{operator}` ends the docker command for the shell; the rest is not passed to Docker")
            }
            ShellNote::Comment { .. } => "the rest of the line is a shell comment".into(),
        }
    }
}

/// The words of `input` and the notes on them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Split {
    pub words: Vec<Word>,
    pub notes: Vec<ShellNote>,
}

/// A word being built.
#[derive(Default)]
struct Builder {
    text: String,
    sources: Vec<(usize, usize)>,
    start: Option<usize>,
}

impl Builder {
    fn begin(&mut self, at: usize) {
        if self.start.is_none() {
            self.start = Some(at);
        }
    }

    fn push(&mut self, c: char, at: usize) {
        self.begin(at);
        let len = c.len_utf8();
        for i in 0..len {
            self.sources.push((at + i, at + i + 1));
        }
        // Multi-byte characters map each byte to the whole character for carets.
        if len > 1 {
            let n = self.sources.len();
            for s in &mut self.sources[n - len..] {
                *s = (at, at + len);
            }
        }
        self.text.push(c);
    }

    fn finish(&mut self, end: usize, out: &mut Vec<Word>) {
        if let Some(start) = self.start.take() {
            out.push(Word {
                text: std::mem::take(&mut self.text),
                span: Span::new(start, end),
                sources: std::mem::take(&mut self.sources),
            });
        }
    }
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '{' || "@*#?$!-".contains(c)
}

/// Splits `input` into words as a POSIX shell would, without expanding anything.
pub fn split(input: &str) -> Result<Split, RunError> {
    let chars: Vec<(usize, char)> = input.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(input.len(), |&(p, _)| p);
    let mut out = Split::default();
    let mut word = Builder::default();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        match c {
            ' ' | '\t' => {
                word.finish(pos, &mut out.words);
                i += 1;
            }
            '\n' => {
                word.finish(pos, &mut out.words);
                if !input[pos..].trim().is_empty() {
                    out.notes.push(ShellNote::Operator { span: Span::new(pos, pos + 1), operator: "newline".into() });
                    return Ok(out);
                }
                i += 1;
            }
            '#' if word.start.is_none() => {
                out.notes.push(ShellNote::Comment { span: Span::new(pos, input.len()) });
                return Ok(out);
            }
            '|' | '&' | ';' | '<' | '>' | '(' | ')' => {
                word.finish(pos, &mut out.words);
                let op_end = chars[i..]
                    .iter()
                    .take_while(|(_, o)| *o == c || (c != '(' && c != ')' && matches!(o, '&' | '|' | '>')))
                    .count();
                let span = Span::new(pos, end_of(i + op_end.max(1)));
                out.notes.push(ShellNote::Operator { span, operator: input[span.range()].to_string() });
                return Ok(out);
            }
            '\\' => match chars.get(i + 1) {
                Some(&(_, '\n')) => i += 2,
                Some(&(npos, n)) => {
                    word.begin(pos);
                    word.push(n, npos);
                    i += 2;
                }
                None => {
                    return Err(RunError::new(RunErrorKind::TrailingBackslash, Span::new(pos, input.len())));
                }
            },
            '\'' => {
                word.begin(pos);
                i = single_quoted(&chars, i + 1, &mut word).ok_or_else(|| {
                    RunError::new(RunErrorKind::UnterminatedQuote { quote: '\'' }, Span::new(pos, input.len()))
                })?;
            }
            '"' => {
                word.begin(pos);
                i = double_quoted(&chars, i + 1, &mut word, &mut out.notes, input.len()).ok_or_else(|| {
                    RunError::new(RunErrorKind::UnterminatedQuote { quote: '"' }, Span::new(pos, input.len()))
                })?;
            }
            '$' => {
                let next = chars.get(i + 1).map(|&(_, n)| n);
                let span = Span::new(pos, end_of(i + 2));
                match next {
                    Some('\'') | Some('"') => out.notes.push(ShellNote::BashQuoting { span }),
                    Some('(') => out.notes.push(ShellNote::CommandSubstitution { span }),
                    Some(n) if is_name_start(n) => out.notes.push(ShellNote::Expansion { span, quoted: false }),
                    _ => {}
                }
                if matches!(next, Some('\'') | Some('"')) {
                    // bash drops the `$` of `$'...'`; the quote itself is read next.
                    word.begin(pos);
                } else {
                    word.push(c, pos);
                }
                i += 1;
            }
            '`' => {
                out.notes.push(ShellNote::CommandSubstitution { span: Span::new(pos, pos + 1) });
                word.push(c, pos);
                i += 1;
            }
            '~' if word.start.is_none() => {
                out.notes.push(ShellNote::Tilde { span: Span::new(pos, pos + 1) });
                word.push(c, pos);
                i += 1;
            }
            '*' | '?' | '[' => {
                out.notes.push(ShellNote::Glob { span: Span::new(pos, pos + 1) });
                word.push(c, pos);
                i += 1;
            }
            _ => {
                word.push(c, pos);
                i += 1;
            }
        }
    }
    word.finish(input.len(), &mut out.words);
    Ok(out)
}

/// Reads up to the closing `'`; returns the index after it.
fn single_quoted(chars: &[(usize, char)], mut i: usize, word: &mut Builder) -> Option<usize> {
    while let Some(&(pos, c)) = chars.get(i) {
        if c == '\'' {
            return Some(i + 1);
        }
        word.push(c, pos);
        i += 1;
    }
    None
}

/// Reads up to the closing `"`; returns the index after it.
fn double_quoted(
    chars: &[(usize, char)],
    mut i: usize,
    word: &mut Builder,
    notes: &mut Vec<ShellNote>,
    input_len: usize,
) -> Option<usize> {
    let end_of = |i: usize| chars.get(i).map_or(input_len, |&(p, _)| p);
    while let Some(&(pos, c)) = chars.get(i) {
        match c {
            '"' => return Some(i + 1),
            '\\' => match chars.get(i + 1) {
                Some(&(_, '\n')) => i += 2,
                Some(&(npos, n)) if matches!(n, '$' | '`' | '"' | '\\') => {
                    word.push(n, npos);
                    i += 2;
                }
                _ => {
                    word.push(c, pos);
                    i += 1;
                }
            },
            '$' => {
                let span = Span::new(pos, end_of(i + 2));
                match chars.get(i + 1).map(|&(_, n)| n) {
                    Some('(') => notes.push(ShellNote::CommandSubstitution { span }),
                    Some(n) if is_name_start(n) => notes.push(ShellNote::Expansion { span, quoted: true }),
                    _ => {}
                }
                word.push(c, pos);
                i += 1;
            }
            '`' => {
                notes.push(ShellNote::CommandSubstitution { span: Span::new(pos, pos + 1) });
                word.push(c, pos);
                i += 1;
            }
            _ => {
                word.push(c, pos);
                i += 1;
            }
        }
    }
    None
}
