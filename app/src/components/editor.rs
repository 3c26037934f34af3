//! The Dockerfile editor: a plain `<textarea>` with a line-number gutter.
//!
//! The textarea is sized to its content (rows and cols) and the surrounding
//! box scrolls, so the gutter stays aligned without scroll syncing in code.

use std::collections::HashSet;
use std::rc::Rc;

use layerlab_core::{Analysis, Severity};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: AttrValue,
    /// Used only to mark lines with problems in the gutter.
    pub analysis: Rc<Analysis>,
    /// Called with the whole new text on every input.
    pub on_input: Callback<String>,
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_input.emit(area.value());
        })
    };

    // A trailing newline opens a last, empty line where the caret sits: count it.
    let lines = props.text.split('\n').count();
    let widest = props.text.split('\n').map(|l| l.chars().count()).max().unwrap_or(0);
    let errors = lines_with(&props.analysis, Severity::Error);
    let warnings = lines_with(&props.analysis, Severity::Warning);
    let gutter = (1..=lines).map(|n| {
        // An error outranks a warning on the same line.
        let mark = if errors.contains(&n) {
            Some("editor-line-error")
        } else {
            warnings.contains(&n).then_some("editor-line-warning")
        };
        let class = classes!("editor-line-number", mark);
        html! { <div {class}>{ n }</div> }
    });

    html! {
        <div class="editor">
            <div class="editor-gutter" aria-hidden="true">{ for gutter }</div>
            <textarea
                class="editor-text"
                data-testid="editor"
                aria-label="Dockerfile"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                wrap="off"
                rows={lines.to_string()}
                cols={(widest + 2).to_string()}
                value={props.text.clone()}
                {oninput}
            />
        </div>
    }
}

/// Every line covered by a diagnostic of `severity`, for the gutter marks.
fn lines_with(analysis: &Analysis, severity: Severity) -> HashSet<usize> {
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .flat_map(|d| d.start.line..=d.end.line.max(d.start.line))
        .collect()
}
