//! Diagnostics: every error or warning the pipeline reports, with a span and a
//! rendered snippet in the style of the Rust compiler.

use crate::span::{LineCol, LineIndex, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Which pipeline stage produced a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    Syntax,
    Instructions,
    Expansion,
}

/// A located message, ready to show. Built from a typed error (`SyntaxError`,
/// `InstructionError`, ...) by [`Diagnostic::new`] once the text is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub stage: Stage,
    /// What kind of diagnostic this is, stable across message rewordings: the
    /// BuildKit rule name when BuildKit reports it as a build check
    /// (`NoEmptyContinuation`), else `syntax/…`, `instructions/…` or
    /// `expansion/…` after the error's kind (`syntax/unterminated-heredoc`).
    pub code: &'static str,
    pub message: String,
    pub span: Span,
    pub start: LineCol,
    pub end: LineCol,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        stage: Stage,
        code: &'static str,
        message: String,
        span: Span,
        text: &str,
        index: &LineIndex,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            stage,
            code,
            message,
            span,
            start: index.line_col(text, span.start()),
            end: index.line_col(text, span.end()),
        }
    }

    /// `FILE:LINE:COL: error: MESSAGE` followed by the source line and a caret
    /// line under the span, like rustc's output.
    pub fn render(&self, file_name: &str, text: &str, index: &LineIndex) -> String {
        let LineCol { line, col } = self.start;
        let mut out = format!("{file_name}:{line}:{col}: {}: {}\n", self.severity.as_str(), self.message);
        let source_line = index.line_text(text, line);
        let gutter = line.to_string();
        let pad = " ".repeat(gutter.len());
        // Underline to the end of the span on its first line, at least one caret.
        let width = if self.end.line == line {
            self.end.col.saturating_sub(col).max(1)
        } else {
            source_line.chars().count().saturating_sub(col - 1).max(1)
        };
        // Tabs keep their width in the caret line so the caret lands under the spot.
        let lead: String = source_line.chars().take(col - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
        out.push_str(&format!("{pad} |\n{gutter} | {source_line}\n{pad} | {lead}{}\n", "^".repeat(width)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_puts_caret_under_span() {
        let text = "FROM alpine\nCOPY onlyone\n";
        let index = LineIndex::new(text);
        let start = text.find("onlyone").unwrap();
        let d = Diagnostic::new(
            Severity::Error,
            Stage::Instructions,
            "instructions/at-least-one-argument",
            "COPY requires at least two arguments".into(),
            Span::new(start, start + 7),
            text,
            &index,
        );
        assert_eq!(
            d.render("Dockerfile", text, &index),
            "Dockerfile:2:6: error: COPY requires at least two arguments\n  |\n2 | COPY onlyone\n  |      ^^^^^^^\n"
        );
    }
}
