//! Parser directives (`# syntax=`, `# escape=`, `# check=`): only at the very
//! top, before any instruction, blank line or other comment.

/// Names BuildKit recognises; any other `# key=value` ends the directives.
const VALID: [&str; 3] = ["syntax", "escape", "check"];

#[derive(Debug, Default)]
pub(super) struct DirectiveParser {
    done: bool,
    seen: Vec<String>,
}

impl DirectiveParser {
    /// One past the directives: every line is read as no directive.
    pub fn finished() -> DirectiveParser {
        DirectiveParser { done: true, seen: Vec::new() }
    }

    /// True once a line that is no directive was seen.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Looks at one line (leading blanks already trimmed). `Ok(Some)` for a
    /// directive, `Ok(None)` otherwise, `Err(name)` for a repeated directive.
    pub fn parse_line(&mut self, line: &str) -> Result<Option<(String, String)>, String> {
        if self.done {
            return Ok(None);
        }
        let Some(rest) = line.strip_prefix('#') else {
            self.done = true;
            return Ok(None);
        };
        let Some((name, value)) = split_directive(rest.trim_start()) else {
            self.done = true;
            return Ok(None);
        };
        let name = name.to_ascii_lowercase();
        if !VALID.contains(&name.as_str()) {
            self.done = true;
            return Ok(None);
        }
        if self.seen.contains(&name) {
            return Err(name);
        }
        self.seen.push(name.clone());
        Ok(Some((name, value.to_string())))
    }
}

/// `name = value`: an ASCII letter then letters or digits, `=`, a non-empty
/// value with blanks trimmed (BuildKit's `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`).
fn split_directive(text: &str) -> Option<(&str, &str)> {
    use nom::bytes::complete::take_while;
    use nom::character::complete::{char, satisfy};
    use nom::combinator::recognize;
    use nom::sequence::pair;
    use nom::Parser;

    let is_re_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r');
    type E<'a> = nom::error::Error<&'a str>;
    let mut name = recognize::<_, E<'_>, _>(pair(
        satisfy(|c: char| c.is_ascii_alphabetic()),
        take_while(|c: char| c.is_ascii_alphanumeric()),
    ));
    let (rest, name) = name.parse(text).ok()?;
    let (rest, _) = take_while::<_, _, E<'_>>(is_re_space).parse(rest).ok()?;
    let (rest, _) = char::<_, E<'_>>('=').parse(rest).ok()?;
    let value = rest.trim_matches(is_re_space);
    // `.+?` needs one character that is not a line break; `.` excludes `\n` only.
    if value.is_empty() || value.contains('\n') {
        return None;
    }
    Some((name, value))
}
