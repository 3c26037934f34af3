//! One logical line → a node: split off the keyword and the `--flags`, then
//! hand the rest to the keyword's argument parser (BuildKit's dispatch table).

use super::args::{self, ArgsResult};
use super::error::{SyntaxError, SyntaxErrorKind};
use super::lines::Joined;
use super::node::{Flag, Node, Value};
use super::rare_list::RareList;
use super::text::Shared;
use super::text::Text;
use crate::span::Span;

/// ONBUILD inside ONBUILD is refused later; this only bounds the recursion.
const MAX_NESTING: usize = 8;

/// BuildKit splits the keyword on `[\t\v\f\r ]+`, narrower than Unicode blanks.
pub(super) fn is_split_blank(c: char) -> bool {
    matches!(c, '\t' | '\x0b' | '\x0c' | '\r' | ' ')
}

/// Longer than every keyword: a longer word is no keyword.
pub(crate) const KEYWORD_BUF: usize = 16;

/// A keyword lower-cased in `buf`, without an allocation per instruction.
/// A word that cannot be a keyword (longer than any, or not ASCII) gives ""
/// — no keyword's name, just as its lower-cased self would be.
pub(crate) fn lower_keyword<'b>(keyword: &str, buf: &'b mut [u8; KEYWORD_BUF]) -> &'b str {
    let bytes = keyword.as_bytes();
    if bytes.len() > buf.len() || !keyword.is_ascii() {
        return "";
    }
    let lower = &mut buf[..bytes.len()];
    lower.copy_from_slice(bytes);
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).unwrap_or_default()
}

/// Builds a node from `line`, which starts at `base` in the joined text.
/// `line` is a piece of `owner` (the whole file for a one-line instruction,
/// the joined text for another), and the node's strings are pieces of that
/// (see [`Text`]).
pub(super) fn node_from_line(
    line: &str,
    base: usize,
    joined: &Joined,
    owner: &Shared,
    escape: char,
    depth: usize,
) -> Result<Node, SyntaxError> {
    let trimmed_start = line.trim_start();
    let cmd_offset = base + (line.len() - trimmed_start.len());
    let trimmed = trimmed_start.trim_end();
    let (keyword, after) = match trimmed.find(is_split_blank) {
        Some(i) => {
            let after = &trimmed[i..];
            (&trimmed[..i], after.trim_start_matches(is_split_blank))
        }
        None => (trimmed, ""),
    };
    let keyword_span = Span::new(cmd_offset, cmd_offset + keyword.len());
    let after_offset = cmd_offset + (trimmed.len() - after.len());
    let (rest, rest_offset, flags) = extract_flags(owner, after, after_offset, escape);
    let args_text = rest.trim();
    let args_offset = rest_offset + (rest.len() - rest.trim_start().len());
    let args_span = Span::new(args_offset, args_offset + args_text.len());
    let to_source = |span: Span| joined.source_span(span);
    let error = |kind: SyntaxErrorKind, span: Span| SyntaxError { kind, span: to_source(span) };

    let mut buf = [0; KEYWORD_BUF];
    let lower = lower_keyword(keyword, &mut buf);
    let (value, json) = if lower == "onbuild" {
        if args_text.is_empty() {
            (Value::Args(Box::default()), false)
        } else if depth >= MAX_NESTING {
            return Err(error(SyntaxErrorKind::NestingTooDeep, args_span));
        } else {
            let inner = node_from_line(args_text, args_offset, joined, owner, escape, depth + 1)?;
            (Value::Sub(Box::new(inner)), false)
        }
    } else {
        let ArgsResult { args, json } =
            args::parse_args(owner, lower, args_text, args_offset, escape).map_err(|(kind, span)| error(kind, span))?;
        let args = args
            .into_iter()
            .map(|mut arg| {
                arg.span = to_source(arg.span);
                arg
            })
            .collect();
        (Value::Args(args), json)
    };
    let span = to_source(Span::new(cmd_offset, base + line.len()));
    let keyword = Text::slice_of(owner, keyword);
    let original = Text::slice_of(owner, line);
    Ok(Node {
        keyword,
        keyword_span: to_source(keyword_span),
        flags: flags.into_iter().map(|(text, span)| Flag { text, span: to_source(span) }).collect(),
        value,
        json,
        original,
        heredocs: RareList::default(),
        comments: RareList::default(),
        span,
        args_span: to_source(args_span),
        start_line: 0,
        end_line: 0,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Spaces,
    Word,
    Quote(char),
}

/// Takes the leading `--flag` words off `line` (BuildKit's extractBuilderFlags):
/// quotes are removed, the escape character escapes, a lone `--` ends the flags.
///
/// Deliberate difference: BuildKit walks the line byte by byte and turns each
/// byte of a non-ASCII character into its own character (`--chown=ü` becomes
/// `--chown=Ã¼`, and the chown then fails); this reads characters.
/// Returns the rest of the line, its offset, and each flag with its span.
/// A flag written without quotes or escapes is a piece of `owner`; only the
/// others are copied.
fn extract_flags<'l>(
    owner: &Shared,
    line: &'l str,
    offset: usize,
    escape: char,
) -> (&'l str, usize, Vec<(Text, Span)>) {
    // The flag as written, or as read when quotes or escapes changed it.
    let flag = |word: &str, start: usize, end: usize| {
        let written = &line[start..end];
        if written == word {
            Text::slice_of(owner, written)
        } else {
            Text::new(word)
        }
    };
    let mut flags = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut word_start = 0;
    let mut blank_ok = false;
    let mut chars = line.char_indices().peekable();
    while let Some((pos, ch)) = chars.next() {
        if phase == Phase::Spaces {
            if ch.is_whitespace() {
                continue;
            }
            let next_is_dash = chars.peek().is_some_and(|&(_, c)| c == '-');
            if ch != '-' || !next_is_dash {
                return (&line[pos..], offset + pos, flags);
            }
            phase = Phase::Word;
            word_start = pos;
        }
        match phase {
            Phase::Spaces => {}
            Phase::Word => {
                if ch.is_whitespace() {
                    if word == "--" {
                        return (&line[pos..], offset + pos, flags);
                    }
                    if blank_ok || !word.is_empty() {
                        flags.push((flag(&word, word_start, pos), Span::new(offset + word_start, offset + pos)));
                    }
                    word.clear();
                    blank_ok = false;
                    phase = Phase::Spaces;
                    continue;
                }
                if ch == '\'' || ch == '"' {
                    phase = Phase::Quote(ch);
                    blank_ok = true;
                    continue;
                }
                if ch == escape {
                    match chars.next() {
                        Some((_, escaped)) => word.push(escaped),
                        None => continue,
                    }
                    continue;
                }
                word.push(ch);
            }
            Phase::Quote(quote) => {
                if ch == quote {
                    phase = Phase::Word;
                    continue;
                }
                if ch == escape {
                    match chars.next() {
                        Some((_, escaped)) => word.push(escaped),
                        None => phase = Phase::Word,
                    }
                    continue;
                }
                word.push(ch);
            }
        }
    }
    if phase != Phase::Spaces && word != "--" && (blank_ok || !word.is_empty()) {
        flags.push((flag(&word, word_start, line.len()), Span::new(offset + word_start, offset + line.len())));
    }
    (&line[line.len()..], offset + line.len(), flags)
}
