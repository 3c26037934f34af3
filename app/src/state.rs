//! The app's single source of truth: the editor text and its analysis.
//!
//! The analysis runs here, once per edit, so components never re-run the
//! pipeline when they re-render. `reduce` is pure (no DOM, no storage) so it
//! is unit-tested natively.

use std::rc::Rc;

use layerlab_core::{analyze, Analysis, Severity};
use yew::{AttrValue, Reducible};

/// The Dockerfile shown on a first visit.
pub const SAMPLE: &str = include_str!("sample.Dockerfile");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// The editor text, exactly as typed.
    pub text: AttrValue,
    /// `analyze(text)`; an `Rc` so props compare by pointer first.
    pub analysis: Rc<Analysis>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The user changed the text.
    Edit(String),
    /// Replace the text with [`SAMPLE`].
    LoadSample,
}

impl State {
    pub fn new(text: impl Into<AttrValue>) -> State {
        let text = text.into();
        let analysis = Rc::new(analyze(&text));
        State { text, analysis }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.analysis.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// The status line, e.g. `7 instructions, 0 errors, 1 warning`.
    pub fn status(&self) -> String {
        let mut parts =
            vec![plural(self.analysis.instructions.len(), "instruction"), plural(self.count(Severity::Error), "error")];
        let warnings = self.count(Severity::Warning);
        // Warnings only when there are some: the usual line stays short.
        if warnings > 0 {
            parts.push(plural(warnings, "warning"));
        }
        parts.join(", ")
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let text = match action {
            Action::Edit(text) => text,
            Action::LoadSample => SAMPLE.to_owned(),
        };
        // Same text: return the same Rc, which tells Yew not to re-render.
        if *self.text == *text {
            return self;
        }
        Rc::new(State::new(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use layerlab_core::{Diagnostic, LineCol, Span};

    fn diagnostic(severity: Severity) -> Diagnostic {
        let at = LineCol { line: 1, col: 1 };
        Diagnostic {
            severity,
            stage: layerlab_core::diagnostic::Stage::Syntax,
            code: "syntax/test",
            message: "m".into(),
            span: Span::default(),
            start: at,
            end: at,
        }
    }

    #[test]
    fn edit_replaces_text_and_reanalyzes() {
        let state = Rc::new(State::new("FROM a\n"));
        let next = state.reduce(Action::Edit("FROM b\nRUN x\n".into()));
        assert_eq!(next.text, "FROM b\nRUN x\n");
        assert_eq!(*next.analysis, analyze("FROM b\nRUN x\n"));
    }

    #[test]
    fn same_text_keeps_the_same_state() {
        let state = Rc::new(State::new("FROM a\n"));
        let next = Rc::clone(&state).reduce(Action::Edit("FROM a\n".into()));
        assert!(Rc::ptr_eq(&state, &next));
    }

    #[test]
    fn load_sample_restores_the_sample() {
        let state = Rc::new(State::new(""));
        let next = state.reduce(Action::LoadSample);
        assert_eq!(next.text, SAMPLE);
        assert_eq!(*next.analysis, analyze(SAMPLE));
    }

    #[test]
    fn text_that_fails_to_parse_is_kept_verbatim() {
        let broken = "FROM\nCOPY onlyone\n\\";
        let state = Rc::new(State::new("")).reduce(Action::Edit(broken.into()));
        assert_eq!(state.text, broken);
    }

    #[test]
    fn status_counts_and_pluralizes() {
        let mut state = State::new("");
        let analysis = Analysis { diagnostics: vec![diagnostic(Severity::Error)], ..Analysis::default() };
        state.analysis = Rc::new(analysis);
        assert_eq!(state.status(), "0 instructions, 1 error");

        let analysis = Analysis {
            diagnostics: vec![diagnostic(Severity::Warning), diagnostic(Severity::Warning)],
            ..Analysis::default()
        };
        state.analysis = Rc::new(analysis);
        assert_eq!(state.status(), "0 instructions, 0 errors, 2 warnings");
    }
}
