//! The editor overlay's colours, line by line, from the core's own tokens
//! (`layerlab_core::highlight`): what BuildKit's parser reads, including
//! continuations, heredocs and `# escape=`.

use layerlab_core::highlight::{Token, TokenKind};

/// The CSS class of a token kind (`tok-keyword`, …); `tok-text` for blanks.
pub fn class(kind: Option<TokenKind>) -> &'static str {
    match kind {
        Some(TokenKind::Keyword) => "tok-keyword",
        Some(TokenKind::Flag) => "tok-flag",
        Some(TokenKind::Comment) => "tok-comment",
        Some(TokenKind::Directive) => "tok-directive",
        Some(TokenKind::String) => "tok-string",
        Some(TokenKind::Variable) => "tok-variable",
        Some(TokenKind::HeredocMarker) => "tok-heredoc-marker",
        Some(TokenKind::HeredocBody) => "tok-heredoc-body",
        Some(TokenKind::StageName) => "tok-stage-name",
        Some(TokenKind::ImageRef) => "tok-image-ref",
        Some(TokenKind::Operator) => "tok-operator",
        Some(TokenKind::Json) => "tok-json",
        Some(TokenKind::Text) | None => "tok-text",
    }
}

/// `text` split at its newlines, each line into coloured pieces that
/// concatenate back to the line. `tokens` are the core's for `text`
/// (sorted, non-overlapping); a token across lines is cut at each newline.
pub fn lines<'a>(text: &'a str, tokens: &[Token]) -> Vec<Vec<(&'static str, &'a str)>> {
    let mut out = Vec::new();
    let (mut start, mut next) = (0, 0);
    for line in text.split('\n') {
        let end = start + line.len();
        while next < tokens.len() && tokens[next].span.end() <= start {
            next += 1;
        }
        let mut pieces = Vec::new();
        let mut at = start;
        for token in tokens[next..].iter().take_while(|t| t.span.start() < end) {
            let (from, to) = (token.span.start().max(start), token.span.end().min(end));
            if let (Some(gap), Some(piece)) = (text.get(at..from), text.get(from..to)) {
                if !gap.is_empty() {
                    pieces.push((class(None), gap));
                }
                if !piece.is_empty() {
                    pieces.push((class(Some(token.kind)), piece));
                }
                at = to;
            }
        }
        if let Some(rest) = text.get(at..end).filter(|r| !r.is_empty()) {
            pieces.push((class(None), rest));
        }
        out.push(pieces);
        start = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use layerlab_core::highlight::tokens;

    #[test]
    fn pieces_rebuild_every_line_and_carry_the_cores_kinds() {
        let text = "# syntax=docker/dockerfile:1\nFROM alpine:3.20 AS build\nRUN apk add curl \\\n    && echo \"$HOME\"\nCOPY <<EOF /x\nhello é\nEOF\n";
        let lines = lines(text, &tokens(text));
        let rebuilt: Vec<String> = lines.iter().map(|l| l.iter().map(|(_, s)| *s).collect()).collect();
        assert_eq!(rebuilt.join("\n"), text);
        assert_eq!(lines[1][0], ("tok-keyword", "FROM"));
        assert!(lines[1].contains(&("tok-stage-name", "build")), "{:?}", lines[1]);
        assert!(
            lines[3].contains(&("tok-variable", "$HOME"))
                || lines[3].iter().any(|(c, s)| *c == "tok-string" && s.contains("$HOME")),
            "{:?}",
            lines[3]
        );
        assert!(lines[5].iter().all(|(c, _)| *c == "tok-heredoc-body"), "{:?}", lines[5]);
    }
}
