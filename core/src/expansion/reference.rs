//! Where a `$` reference ends, without expanding it: for the editor's
//! highlighting, which must agree with the lexer on what is a variable.
//!
//! Names follow [`super::dollar`]'s rules (a run of digits, one special
//! character, or letters, digits and underscores with Go's Unicode classes);
//! `${…}` ends at its matching `}`, nested braces and the escape character
//! counted as the lexer reads them.

use super::unicode::{is_digit, is_letter};

/// The byte length of the reference that starts `text` (which starts with
/// `$`), or `None` when the `$` is a lone dollar sign the lexer keeps as
/// text. An unclosed `${` runs to the end of `text`, as the lexer reads it
/// before failing with "missing '}'".
pub fn reference_len(text: &str, escape: char) -> Option<usize> {
    let rest = text.strip_prefix('$')?;
    let mut chars = rest.char_indices();
    let (_, first) = chars.next()?;
    if first == '{' {
        return Some(1 + braced_len(rest, escape));
    }
    if is_digit(first) {
        let digits = rest.find(|c: char| !is_digit(c)).unwrap_or(rest.len());
        return Some(1 + digits);
    }
    if matches!(first, '@' | '*' | '#' | '?' | '-' | '$' | '!') {
        return Some(1 + first.len_utf8());
    }
    let name = rest.find(|c: char| !(is_letter(c) || is_digit(c) || c == '_')).unwrap_or(rest.len());
    (name > 0).then_some(1 + name)
}

/// `{…}` from the start of `text` through its matching `}`.
fn braced_len(text: &str, escape: char) -> usize {
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            _ if c == escape => {
                chars.next();
            }
            '$' if chars.peek().is_some_and(|&(_, n)| n == '{') => {
                chars.next();
                depth += 1;
            }
            '{' if i == 0 => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::reference_len;

    #[test]
    fn references_end_where_the_lexer_stops_reading_them() {
        let len = |s: &str| reference_len(s, '\\');
        assert_eq!(len("$HOME/x"), Some(5));
        assert_eq!(len("$héllo-x"), Some(7));
        assert_eq!(len("$12a"), Some(3));
        assert_eq!(len("$@x"), Some(2));
        assert_eq!(len("${a:-${b}}x"), Some(10));
        assert_eq!(len("${a:-\\}}x"), Some(8));
        assert_eq!(len("${open"), Some(6));
        assert_eq!(len("$ x"), None);
        assert_eq!(len("$"), None);
        assert_eq!(len("$%"), None);
        assert_eq!(reference_len("${a:-`}}x", '`'), Some(8));
    }
}
