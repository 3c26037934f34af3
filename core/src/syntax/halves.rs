//! A parse in two halves, for a caller with two threads (the CLI on a large
//! file): the second half is read from a line near the middle while the
//! first is read up to it. Reading is sequential — a line's meaning depends
//! on the lines before it (continuations, heredoc bodies, comments, the
//! escape directive) — so the second half is a guess that an instruction
//! starts there, and it is kept only when the first half confirms it: its
//! reader reached that line at an instruction's start with nothing carried
//! into it, under the same escape character. Otherwise the first half reads
//! on to the end itself. Either way the result is exactly [`super::parse_shared`]'s.

use super::directives::DirectiveParser;
use super::lines::{Reader, Rest, Stop};
use super::{Parsed, Shared, DEFAULT_ESCAPE};

/// Below this a file is parsed in one go: a second thread would cost more
/// than it saves.
const SPLIT_FROM_BYTES: usize = 1 << 20;

/// How far past the middle a split point is looked for.
const SEARCH_BYTES: usize = 1 << 16;

/// Where a parse of `text` may be split: the start of a line near the middle
/// that looks like an instruction's (a letter first, after a blank line, so
/// it is unlikely to continue one). `None` for a small text or none found.
pub fn split_point(text: &str) -> Option<usize> {
    if text.len() < SPLIT_FROM_BYTES {
        return None;
    }
    let bytes = text.as_bytes();
    let middle = text.len() / 2;
    let window = bytes.get(middle..(middle + SEARCH_BYTES).min(bytes.len()))?;
    // A blank line with LF endings, then a line that starts with a letter (a
    // file with CRLF endings has no "\n\n" and is parsed in one go).
    memchr::memmem::find_iter(window, b"\n\n")
        .map(|i| middle + i + 2)
        .find(|&at| bytes.get(at).is_some_and(u8::is_ascii_alphabetic) && text.is_char_boundary(at))
}

/// The second half of a parse split at `at` (see [`split_point`]); `at` must
/// start a line. Meant to run on another thread while [`parse_in_halves`]
/// reads the first half.
pub struct SecondHalf {
    rest: Rest,
}

impl SecondHalf {
    pub fn parse(source: &Shared, at: usize) -> SecondHalf {
        let at = at.min(source.len());
        let line_no = memchr::memchr_iter(b'\n', &source.as_bytes()[..at]).count();
        let own = own_copy_from(source, at);
        let mut reader = Reader::starting_at(&own, at, line_no, leading_escape(source));
        reader.read();
        SecondHalf { rest: reader.into_rest() }
    }
}

/// Parses `source`, taking the part from `at` on from `second` when the
/// first half confirms it (`second` is called only then). Equal to
/// [`super::parse_shared`] for every `at` and every text.
pub fn parse_in_halves(source: &Shared, at: usize, second: impl FnOnce() -> SecondHalf) -> Parsed {
    let mut first = Reader::new(source);
    first.pause_at = Some(at);
    if first.read() == Stop::Paused {
        let second = second().rest;
        if second.escape == first.escape() {
            first.append(second);
        } else {
            first.read();
        }
    }
    first.finish()
}

/// A text of its own for the second half, so the two threads never touch
/// one reference count (every string of a node counts a reference to its
/// text; two cores taking turns at one counter cost more than the copy).
/// The same length, so offsets stay the source's: the part before `at`,
/// which the second half never reads, is zeros the allocator gets from the
/// kernel untouched.
fn own_copy_from(source: &Shared, at: usize) -> Shared {
    let mut bytes = vec![0; source.len()];
    bytes[at..].copy_from_slice(&source.as_bytes()[at..]);
    match String::from_utf8(bytes) {
        Ok(text) => Shared::new(text),
        // `at` inside a character: no line start, so the first half never
        // pauses there and this half is not used; share the source.
        Err(_) => Shared::clone(source),
    }
}

/// The escape character the directives at the top of `source` set: what a
/// reader that got past them reads with.
fn leading_escape(source: &Shared) -> char {
    let mut directives = DirectiveParser::default();
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut escape = DEFAULT_ESCAPE;
    for line in text.lines() {
        match directives.parse_line(line.trim_start()) {
            Ok(Some((name, value))) if name == "escape" => match value.as_str() {
                "\\" => escape = '\\',
                "`" => escape = '`',
                _ => {}
            },
            Ok(Some(_)) | Err(_) => {}
            Ok(None) => break,
        }
    }
    escape
}
