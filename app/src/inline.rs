//! Inline markup of the lessons' Markdown subset (`` `code` ``, `**bold**`,
//! `*emphasis*`), which the lessons crate leaves in a block's text for the
//! renderer, cut into typed spans so the view builds elements, never HTML.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Text(String),
    Code(String),
    Bold(String),
    Emphasis(String),
}

/// The spans of `text`. An unclosed `**` or `*` stays as text (the crate
/// already rejects unbalanced backticks).
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let found = match c {
            '`' => rest[1..].find('`').map(|end| (Span::Code(rest[1..1 + end].to_owned()), 2 + end)),
            '*' if rest.starts_with("**") => {
                rest[2..].find("**").filter(|&e| e > 0).map(|end| (Span::Bold(rest[2..2 + end].to_owned()), 4 + end))
            }
            '*' => rest[1..]
                .find('*')
                .filter(|&e| e > 0 && !rest[1..].starts_with(' '))
                .map(|end| (Span::Emphasis(rest[1..1 + end].to_owned()), 2 + end)),
            _ => None,
        };
        match found {
            Some((span, len)) => {
                if !plain.is_empty() {
                    out.push(Span::Text(std::mem::take(&mut plain)));
                }
                out.push(span);
                rest = &rest[len..];
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !plain.is_empty() {
        out.push(Span::Text(plain));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_bold_and_emphasis() {
        assert_eq!(
            spans("Run `docker ps` **now**, *then* rest"),
            vec![
                Span::Text("Run ".into()),
                Span::Code("docker ps".into()),
                Span::Text(" ".into()),
                Span::Bold("now".into()),
                Span::Text(", ".into()),
                Span::Emphasis("then".into()),
                Span::Text(" rest".into()),
            ]
        );
    }

    #[test]
    fn stars_inside_code_and_lone_stars_stay() {
        assert_eq!(spans("`a*b` 2 * 3"), vec![Span::Code("a*b".into()), Span::Text(" 2 * 3".into())]);
        assert_eq!(spans("**open"), vec![Span::Text("**open".into())]);
        assert_eq!(spans("é `ü`"), vec![Span::Text("é ".into()), Span::Code("ü".into())]);
    }
}
