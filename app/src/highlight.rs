//! Colours for the editor's overlay, one line at a time.
//!
//! Which lines start an instruction, and which are comments, comes from the
//! core's analysis (its instruction spans); within a line the pieces are the
//! keyword, `--flags`, `$variables`, quoted strings and comments. The core
//! has no token stream yet; when it does, this module reads it instead.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Keyword,
    Flag,
    Variable,
    String,
    Comment,
    Plain,
}

impl Token {
    pub fn class(self) -> &'static str {
        match self {
            Token::Keyword => "tok-keyword",
            Token::Flag => "tok-flag",
            Token::Variable => "tok-variable",
            Token::String => "tok-string",
            Token::Comment => "tok-comment",
            Token::Plain => "tok-plain",
        }
    }
}

/// How a line relates to the instructions around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRole {
    /// The first line of an instruction.
    Start,
    /// A continuation or heredoc line of an instruction.
    Inside,
    /// Between instructions: blank, a comment or a parser directive.
    Outside,
}

/// `line` split into coloured pieces; concatenated they give `line` back.
pub fn tokens(line: &str, role: LineRole) -> Vec<(Token, &str)> {
    let trimmed = line.trim_start();
    if role == LineRole::Outside || (role == LineRole::Inside && trimmed.starts_with('#')) {
        let kind = if trimmed.starts_with('#') { Token::Comment } else { Token::Plain };
        return vec![(kind, line)];
    }
    let mut out = Vec::new();
    let mut rest = line;
    if role == LineRole::Start {
        let indent = line.len() - trimmed.len();
        let word = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        push(&mut out, Token::Plain, &line[..indent]);
        push(&mut out, Token::Keyword, &trimmed[..word]);
        rest = &trimmed[word..];
    }
    words(rest, &mut out);
    out
}

fn push<'a>(out: &mut Vec<(Token, &'a str)>, kind: Token, text: &'a str) {
    if !text.is_empty() {
        out.push((kind, text));
    }
}

fn words<'a>(text: &'a str, out: &mut Vec<(Token, &'a str)>) {
    let bytes = text.as_bytes();
    let (mut i, mut plain) = (0, 0);
    while i < bytes.len() {
        let at_word_start = i == 0 || bytes[i - 1].is_ascii_whitespace();
        let end = match bytes[i] {
            b'"' | b'\'' => Some((Token::String, closing(bytes, i))),
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                Some((Token::Variable, text[i..].find('}').map_or(bytes.len(), |j| i + j + 1)))
            }
            b'$' if bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') => {
                let len = bytes[i + 1..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
                Some((Token::Variable, i + 1 + len))
            }
            b'-' if at_word_start && bytes.get(i + 1) == Some(&b'-') => {
                let len = bytes[i..].iter().take_while(|b| !b.is_ascii_whitespace() && **b != b'=').count();
                Some((Token::Flag, i + len))
            }
            _ => None,
        };
        match end {
            Some((kind, end)) => {
                push(out, Token::Plain, &text[plain..i]);
                push(out, kind, &text[i..end]);
                i = end;
                plain = end;
            }
            None => i += 1,
        }
    }
    push(out, Token::Plain, &text[plain..]);
}

/// The index after the quote closing the one at `start` (or the line's end).
fn closing(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &str, role: LineRole) -> Vec<(Token, &str)> {
        let out = tokens(line, role);
        assert_eq!(out.iter().map(|(_, t)| *t).collect::<String>(), line, "pieces must rebuild the line");
        out
    }

    #[test]
    fn an_instruction_line_has_keyword_flags_variables_and_strings() {
        use Token::*;
        assert_eq!(
            kinds("COPY --from=build --chown=$USER /src \"a b\"", LineRole::Start),
            [
                (Keyword, "COPY"),
                (Plain, " "),
                (Flag, "--from"),
                (Plain, "=build "),
                (Flag, "--chown"),
                (Plain, "="),
                (Variable, "$USER"),
                (Plain, " /src "),
                (String, "\"a b\"")
            ]
        );
        assert_eq!(kinds("  && make ${TARGET:-all}", LineRole::Inside)[1], (Variable, "${TARGET:-all}"));
        assert_eq!(
            kinds("# syntax=docker/dockerfile:1", LineRole::Outside),
            [(Comment, "# syntax=docker/dockerfile:1")]
        );
        assert_eq!(kinds("echo \"unterminated", LineRole::Inside)[1], (String, "\"unterminated"));
        assert_eq!(kinds("RUN a-b --x é", LineRole::Start).len(), 4);
    }
}
