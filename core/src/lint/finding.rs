//! One finding type for all three sources of rules (BuildKit's checks, the
//! best-practice rules and the engine rules), with its cost and its fix.
//!
//! Every finding explains itself: the rule's page ([`super::docs`]) gives the
//! description and the explanation, the engine gives the cost it measured,
//! and a [`Fix`] gives the replacement text and, where it is mechanical, the
//! edits that apply it.

use super::rule::Rule;
use crate::instructions::Common;
use crate::span::Span;

/// What the engine measured; `None` where it measured nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cost {
    pub bytes: Option<u64>,
    pub rebuilt_steps: Option<usize>,
    pub seconds: Option<f64>,
}

/// One change a fix makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Replace a byte range of the Dockerfile (an empty range inserts).
    Dockerfile { span: Span, replacement: String },
    /// Append lines to the context's `.dockerignore` (created if missing).
    Dockerignore { append: String },
}

/// How to fix a finding: words and replacement text, and the edits when the
/// fix is mechanical (empty when it needs a person's judgement).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub text: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn text_only(text: impl Into<String>) -> Fix {
        Fix { text: text.into(), edits: Vec::new() }
    }

    /// Applies the Dockerfile edits to `source` (edits must not overlap).
    pub fn apply(&self, source: &str) -> String {
        let mut edits: Vec<(&Span, &str)> = self
            .edits
            .iter()
            .filter_map(|e| match e {
                Edit::Dockerfile { span, replacement } => Some((span, replacement.as_str())),
                Edit::Dockerignore { .. } => None,
            })
            .collect();
        crate::sort::by_key(&mut edits, |(span, _)| (span.start(), span.end()));
        let mut out = String::with_capacity(source.len());
        let mut at = 0;
        for (span, replacement) in edits {
            let (start, end) = (span.start().max(at).min(source.len()), span.end().min(source.len()));
            let (Some(before), true) = (source.get(at..start), source.is_char_boundary(end.max(start))) else {
                continue;
            };
            out.push_str(before);
            out.push_str(replacement);
            at = end.max(start);
        }
        out.push_str(source.get(at..).unwrap_or(""));
        out
    }

    /// Lines the fix appends to `.dockerignore`.
    pub fn dockerignore(&self) -> Option<String> {
        let lines: Vec<&str> = self
            .edits
            .iter()
            .filter_map(|e| match e {
                Edit::Dockerignore { append } => Some(append.as_str()),
                Edit::Dockerfile { .. } => None,
            })
            .collect();
        (!lines.is_empty()).then(|| lines.concat())
    }
}

/// One finding, from any source.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static Rule,
    /// The message (BuildKit's `detail` text for its checks).
    pub message: String,
    /// The instruction (BuildKit's location for its checks).
    pub span: Span,
    /// The 1-based line the instruction starts on (BuildKit's reported line).
    pub line: usize,
    /// The 1-based line it ends on.
    pub end_line: usize,
    /// What the engine measured (engine rules only).
    pub cost: Option<Cost>,
    pub fix: Option<Fix>,
}

impl Finding {
    /// A finding located at an instruction, without cost or fix.
    pub fn at(rule: &'static Rule, common: &Common, message: String) -> Finding {
        Finding {
            rule,
            message,
            span: common.span,
            line: common.start_line,
            end_line: common.end_line,
            cost: None,
            fix: None,
        }
    }

    /// A fix that replaces the finding's span with `text`.
    pub fn replacing(&self, text: String) -> Fix {
        Fix { edits: vec![Edit::Dockerfile { span: self.span, replacement: text.clone() }], text }
    }
}
