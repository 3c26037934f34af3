//! Argument parsers, one per instruction family, as in BuildKit's
//! `line_parsers.go`. They keep values raw: quotes and escapes are removed
//! later, by expansion, where Docker removes them.
//!
//! Spans here are offsets in the joined instruction text; the caller maps
//! them back to the source. `owner` is that text: the arguments are pieces
//! of it (see [`Text`]), `text` always a slice of it.

use super::error::SyntaxErrorKind;
use super::node::Arg;
use super::split::is_split_blank;
use super::text::Shared;
use super::text::Text;
use crate::span::Span;

pub(super) struct ArgsResult {
    pub args: Vec<Arg>,
    pub json: bool,
}

type ArgsError = (SyntaxErrorKind, Span);

/// Dispatches on the lower-cased keyword. `text` is trimmed and starts at `offset`.
pub(super) fn parse_args(
    owner: &Shared,
    keyword: &str,
    text: &str,
    offset: usize,
    escape: char,
) -> Result<ArgsResult, ArgsError> {
    let plain = |args| Ok(ArgsResult { args, json: false });
    match keyword {
        "add" | "copy" | "volume" => maybe_json_to_list(owner, text, offset),
        "arg" => plain(words(owner, text, offset, escape)),
        "cmd" | "entrypoint" | "run" | "shell" => maybe_json(owner, text, offset),
        "env" => name_values(owner, text, offset, escape, "ENV").map(|args| ArgsResult { args, json: false }),
        "label" => name_values(owner, text, offset, escape, "LABEL").map(|args| ArgsResult { args, json: false }),
        "expose" | "from" => plain(blank_delimited(owner, text, offset)),
        "healthcheck" => health_config(owner, text, offset),
        "maintainer" | "stopsignal" | "user" | "workdir" => plain(whole(owner, text, offset)),
        // Unknown keywords parse to one empty value; the instructions layer rejects them.
        _ => plain(vec![arg(owner, &text[..0], offset, offset)]),
    }
}

fn arg(owner: &Shared, text: &str, start: usize, end: usize) -> Arg {
    Arg { text: Text::slice_of(owner, text), span: Span::new(start, end) }
}

fn whole(owner: &Shared, text: &str, offset: usize) -> Vec<Arg> {
    if text.is_empty() {
        return Vec::new();
    }
    vec![arg(owner, text, offset, offset + text.len())]
}

/// Splits on runs of `[\t\v\f\r ]`.
fn blank_delimited(owner: &Shared, text: &str, offset: usize) -> Vec<Arg> {
    // Counted first: a node keeps its arguments as long as the parse lives,
    // and pushing leaves room for four (a fifth of the parse's memory).
    let count = text.split(is_split_blank).filter(|w| !w.is_empty()).count();
    let mut out = Vec::with_capacity(count);
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_split_blank(c), start) {
            (true, Some(s)) => {
                out.push(arg(owner, &text[s..i], offset + s, offset + i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(arg(owner, &text[s..], offset + s, offset + text.len()));
    }
    out
}

/// A JSON array of strings. `Ok(None)` when the text is not valid JSON (the
/// caller falls back to shell form); an error when it is JSON but holds
/// something other than strings, which BuildKit refuses outright.
fn json_array(owner: &Shared, text: &str, offset: usize) -> Result<Option<Vec<Arg>>, ArgsError> {
    let trimmed = text.trim_start();
    if !trimmed.starts_with('[') {
        return Ok(None);
    }
    let span = Span::new(offset + (text.len() - trimmed.len()), offset + text.len());
    // Strings without escapes straight away, as pieces of the text (the
    // usual case), then strings with escapes; only text that is not an
    // array of strings is read again as any JSON, to tell other JSON
    // (refused) from no JSON (shell form).
    if let Ok(strings) = serde_json::from_str::<Vec<&str>>(trimmed) {
        return Ok(Some(strings.into_iter().map(|s| Arg { text: Text::slice_of(owner, s), span }).collect()));
    }
    if let Ok(strings) = serde_json::from_str::<Vec<String>>(trimmed) {
        return Ok(Some(strings.into_iter().map(|s| Arg { text: Text::from(s), span }).collect()));
    }
    match serde_json::from_str::<Vec<serde_json::Value>>(trimmed) {
        Ok(_) => Err((SyntaxErrorKind::JsonNotStringArray, span)),
        Err(_) => Ok(None),
    }
}

fn maybe_json(owner: &Shared, text: &str, offset: usize) -> Result<ArgsResult, ArgsError> {
    if text.is_empty() {
        return Ok(ArgsResult { args: Vec::new(), json: false });
    }
    Ok(match json_array(owner, text, offset)? {
        Some(args) => ArgsResult { args, json: true },
        None => ArgsResult { args: whole(owner, text, offset), json: false },
    })
}

fn maybe_json_to_list(owner: &Shared, text: &str, offset: usize) -> Result<ArgsResult, ArgsError> {
    Ok(match json_array(owner, text, offset)? {
        Some(args) => ArgsResult { args, json: true },
        None => ArgsResult { args: blank_delimited(owner, text, offset), json: false },
    })
}

/// HEALTHCHECK: a type word (`CMD`, `NONE`), then CMD's arguments.
fn health_config(owner: &Shared, text: &str, offset: usize) -> Result<ArgsResult, ArgsError> {
    let sep = text.find(|c: char| c.is_ascii_whitespace()).unwrap_or(text.len());
    if sep == 0 {
        return Ok(ArgsResult { args: Vec::new(), json: false });
    }
    let rest = text[sep..].trim_start_matches(|c: char| c.is_ascii_whitespace());
    let rest_offset = offset + (text.len() - rest.len());
    let mut result = maybe_json(owner, rest, rest_offset)?;
    result.args.insert(0, arg(owner, &text[..sep], offset, offset + sep));
    Ok(result)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Spaces,
    Word,
    Quote(char),
}

/// Splits into words on blanks, keeping quotes and escapes in the words
/// (BuildKit's parseWords). Used by ARG, ENV and LABEL.
fn words(owner: &Shared, text: &str, offset: usize, escape: char) -> Vec<Arg> {
    word_slices(text, escape)
        .into_iter()
        .map(|(word, start, end)| arg(owner, word, offset + start, offset + end))
        .collect()
}

/// The words of [`words`] as slices of `text` with their start and end:
/// since quotes and escapes stay in a word, a word is the text it spans,
/// less an escape character that ends the text (it escapes nothing and is
/// dropped), so no word is copied here.
fn word_slices(text: &str, escape: char) -> Vec<(&str, usize, usize)> {
    let mut out = Vec::new();
    let mut phase = Phase::Spaces;
    let mut start = 0;
    let mut blank_ok = false;
    // Where an escape character at the very end was dropped.
    let mut dropped = None;
    let mut chars = text.char_indices();
    while let Some((pos, ch)) = chars.next() {
        if phase == Phase::Spaces {
            if ch.is_whitespace() {
                continue;
            }
            phase = Phase::Word;
            start = pos;
        }
        match phase {
            Phase::Spaces => {}
            Phase::Word => {
                if ch.is_whitespace() {
                    // The word's first character is no blank, so it is never empty here.
                    out.push((&text[start..pos], start, pos));
                    blank_ok = false;
                    phase = Phase::Spaces;
                    continue;
                }
                if ch == '\'' || ch == '"' {
                    phase = Phase::Quote(ch);
                    blank_ok = true;
                }
                if ch == escape && chars.next().is_none() {
                    dropped = Some(pos);
                }
            }
            Phase::Quote(quote) => {
                if ch == quote {
                    phase = Phase::Word;
                }
                // Nothing escapes inside single quotes.
                if ch == escape && quote != '\'' && chars.next().is_none() {
                    dropped = Some(pos);
                    phase = Phase::Word;
                }
            }
        }
    }
    if phase != Phase::Spaces {
        let end = dropped.unwrap_or(text.len());
        if blank_ok || end > start {
            out.push((&text[start..end], start, text.len()));
        }
    }
    out
}

/// ENV and LABEL: `key=value ...` gives `key value =` triples; the legacy
/// `key value` form gives `key value ""`.
fn name_values(owner: &Shared, text: &str, offset: usize, escape: char, keyword: &str) -> Result<Vec<Arg>, ArgsError> {
    let found = word_slices(text, escape);
    let Some(&(first, _, _)) = found.first() else { return Ok(Vec::new()) };
    if !first.contains('=') {
        let Some(i) = text.find(is_split_blank) else {
            let kind = SyntaxErrorKind::NameValueMissingValue { keyword: keyword.to_string() };
            return Err((kind, Span::new(offset, offset + text.len())));
        };
        let value = text[i..].trim_start_matches(is_split_blank);
        let value_start = offset + (text.len() - value.len());
        let end = offset + text.len();
        return Ok(vec![
            arg(owner, &text[..i], offset, offset + i),
            arg(owner, value, value_start, end),
            arg(owner, &text[text.len()..], end, end),
        ]);
    }
    let mut out = Vec::with_capacity(found.len() * 3);
    for (word, start, end) in found {
        let span = Span::new(offset + start, offset + end);
        let Some(eq) = word.find('=') else {
            return Err((SyntaxErrorKind::NameValueMissingEquals { word: word.to_string() }, span));
        };
        let text = |piece: &str| Arg { text: Text::slice_of(owner, piece), span };
        out.push(text(&word[..eq]));
        out.push(text(&word[eq + 1..]));
        // BuildKit's third word is a literal "="; the word's own is the same text.
        out.push(text(&word[eq..eq + 1]));
    }
    Ok(out)
}
