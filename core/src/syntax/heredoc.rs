//! Heredocs on RUN, COPY and ADD: finding `<<EOF` words in an instruction and
//! reading their bodies from the lines that follow (BuildKit's
//! `heredocsFromLine` and `ParseHeredoc`).

use super::error::SyntaxErrorKind;
use super::lines::Reader;
use super::node::Heredoc;
use crate::expansion::{EmptyEnv, Lexer};

/// A heredoc word (`<<EOF`, `<<-'EOF'`), before its body is read.
pub struct Marker {
    pub name: String,
    pub file_descriptor: u32,
    pub expand: bool,
    pub chomp: bool,
}

/// Reads the bodies of every heredoc named in `line`, in order, consuming the
/// lines after the instruction. Returns them and the end offset of the last
/// terminator line, if any heredoc was found.
pub(super) fn read_bodies(
    reader: &mut Reader<'_>,
    line: &str,
) -> Result<(Vec<Heredoc>, Option<usize>), SyntaxErrorKind> {
    let markers = markers(line)?;
    let mut docs = Vec::with_capacity(markers.len());
    let mut end = None;
    for marker in markers {
        let mut content = String::new();
        let mut terminated = false;
        while let Some(raw) = reader.next_line() {
            end = Some(raw.content_end());
            let candidate = if marker.chomp { raw.content.trim_start_matches('\t') } else { raw.content };
            if candidate == marker.name {
                terminated = true;
                break;
            }
            content.push_str(raw.full);
        }
        if !terminated {
            return Err(SyntaxErrorKind::UnterminatedHeredoc { name: marker.name });
        }
        docs.push(Heredoc {
            name: marker.name,
            file_descriptor: marker.file_descriptor,
            expand: marker.expand,
            chomp: marker.chomp,
            content,
        });
    }
    Ok((docs, end))
}

/// The heredoc words of an instruction line. The line is split into words
/// the way the shell would (quotes and escapes kept), then each word is
/// matched against `^(\d*)<<(-?)\s*([^<]*)$`.
fn markers(line: &str) -> Result<Vec<Marker>, SyntaxErrorKind> {
    let lexer = Lexer { raw_quotes: true, raw_escapes: true, skip_unset_env: true, ..Lexer::new('\\') };
    // BuildKit ignores a lexing error here: an unbalanced quote just means no heredoc.
    let words = lexer.process_words(line, &EmptyEnv).unwrap_or_default();
    let mut out = Vec::new();
    for word in words {
        if let Some(marker) = marker(&word)? {
            out.push(marker);
        }
    }
    Ok(out)
}

/// BuildKit's `MustParseHeredoc`: the marker a word is, if it is one.
pub fn heredoc_marker(word: &str) -> Option<Marker> {
    marker(word).ok().flatten()
}

fn marker(word: &str) -> Result<Option<Marker>, SyntaxErrorKind> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let Some(after) = word[digits..].strip_prefix("<<") else { return Ok(None) };
    let (chomp, after) = match after.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    let rest = after.trim_start_matches([' ', '\t', '\n', '\x0c', '\r']);
    if rest.is_empty() || rest.contains('<') {
        return Ok(None);
    }
    // An fd too large for Go's ParseUint is ignored there, giving 0.
    let file_descriptor = word[..digits].parse().unwrap_or(0);

    // Lex the delimiter with and without quote removal: if the counts of
    // quote characters differ, part of it was quoted and the body is literal.
    let lexer = Lexer { skip_unset_env: true, ..Lexer::new('\\') };
    let words = lexer
        .process_words(rest, &EmptyEnv)
        .map_err(|e| SyntaxErrorKind::HeredocDelimiter { message: e.to_string() })?;
    let [name] = words.as_slice() else { return Ok(None) };
    let raw_lexer = Lexer { raw_quotes: true, ..lexer };
    let raw = raw_lexer
        .process_words(rest, &EmptyEnv)
        .map_err(|e| SyntaxErrorKind::HeredocDelimiter { message: e.to_string() })?;
    let quotes = |s: &str| s.chars().filter(|&c| c == '\'' || c == '"').count();
    let expand = raw.first().is_some_and(|raw| quotes(name) == quotes(raw));
    Ok(Some(Marker { name: name.clone(), file_descriptor, expand, chomp }))
}
