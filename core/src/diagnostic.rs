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
        let mut out = String::new();
        self.render_into(&mut out, file_name, text, index);
        out
    }

    /// [`Diagnostic::render`] appended to `out`: one buffer serves a whole
    /// file's diagnostics (a large file has tens of thousands).
    pub fn render_into(&self, out: &mut String, file_name: &str, text: &str, index: &LineIndex) {
        use std::fmt::Write;
        let LineCol { line, col } = self.start;
        let source_line = index.line_text(text, line);
        // Underline to the end of the span on its first line, at least one caret.
        let width = if self.end.line == line {
            self.end.col.saturating_sub(col).max(1)
        } else {
            source_line.chars().count().saturating_sub(col - 1).max(1)
        };
        // Writing to a String cannot fail.
        let _ = writeln!(out, "{file_name}:{line}:{col}: {}: {}", self.severity.as_str(), self.message);
        // The gutter is as wide as the line number.
        let gutter_width = line.checked_ilog10().map_or(1, |digits| digits as usize + 1);
        let pad = |out: &mut String| out.extend(std::iter::repeat_n(' ', gutter_width));
        pad(out);
        let _ = write!(out, " |\n{line} | {source_line}\n");
        pad(out);
        out.push_str(" | ");
        // Tabs keep their width in the caret line so the caret lands under the spot.
        out.extend(source_line.chars().take(col - 1).map(|c| if c == '\t' { '\t' } else { ' ' }));
        out.extend(std::iter::repeat_n('^', width));
        out.push('\n');
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

    #[test]
    fn the_gutter_widens_with_the_line_number_and_tabs_keep_their_width() {
        let text = format!("{}\tRUN  x\n", "#\n".repeat(9));
        let index = LineIndex::new(&text);
        let start = text.find('x').unwrap();
        let d = Diagnostic::new(
            Severity::Warning,
            Stage::Instructions,
            "test",
            "message".into(),
            Span::new(start, start + 1),
            &text,
            &index,
        );
        let mut out = String::from("before\n");
        d.render_into(&mut out, "Dockerfile", &text, &index);
        assert_eq!(out, "before\nDockerfile:10:7: warning: message\n   |\n10 | \tRUN  x\n   | \t     ^\n");
    }
}
