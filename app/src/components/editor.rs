//! The editor: a `<textarea>` over a highlighted copy of its text, with line
//! numbers, a mark per line for its build step (base, cached, MISS, config,
//! failed) and each line's first problem written at its end.
//!
//! The textarea is sized to its content (rows and cols) and the surrounding
//! box scrolls, so the overlay and the gutter stay aligned with no scroll
//! syncing in code. The text is transparent; the caret and selection are
//! the textarea's own.

use std::collections::BTreeMap;
use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::highlight;
use crate::model::{ProblemLevel, StepKind};
use crate::project::DOCKERFILE;
use crate::state::{LineMark, Live, Shared};

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub path: AttrValue,
    pub text: AttrValue,
    pub live: Shared<Live>,
    pub marks: Rc<BTreeMap<usize, LineMark>>,
    pub hover_line: Option<usize>,
    pub selected_line: Option<usize>,
    pub reveal: Option<(usize, u32)>,
    pub readonly: bool,
    /// The last build's error and its line, shown there.
    pub build_error: Option<(String, usize)>,
    pub on_input: Callback<String>,
    pub on_select_line: Callback<usize>,
    pub on_hover: Callback<Option<usize>>,
}

fn mark_parts(mark: LineMark) -> (&'static str, &'static str, &'static str) {
    match mark {
        LineMark::Step(StepKind::Base) => ("mark-base", "▤", "base image"),
        LineMark::Step(StepKind::Cached) => ("mark-cached", "●", "cached"),
        LineMark::Step(StepKind::Rebuilt) => ("mark-miss", "○", "MISS: rebuilt"),
        LineMark::Config => ("mark-config", "◇", "config, no layer"),
        LineMark::Failed => ("mark-failed", "✕", "the build failed here"),
    }
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let scroller = use_node_ref();
    {
        let scroller = scroller.clone();
        use_effect_with(props.reveal, move |reveal| {
            if let (Some((line, _)), Some(root)) = (reveal, scroller.cast::<web_sys::Element>()) {
                if let Ok(Some(el)) = root.query_selector(&format!("[data-line=\"{line}\"]")) {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    el.scroll_into_view_with_scroll_into_view_options(&options);
                }
            }
        });
    }
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_input.emit(area.value());
        })
    };

    let is_dockerfile = props.path == DOCKERFILE;
    let coloured = if is_dockerfile { highlight::lines(&props.text, &props.live.view.tokens) } else { Vec::new() };
    let mut lens: BTreeMap<usize, (ProblemLevel, String)> = BTreeMap::new();
    if let Some((message, line)) = props.build_error.as_ref().filter(|_| is_dockerfile) {
        lens.insert(*line, (ProblemLevel::Error, format!("build failed: {message}")));
    }
    if is_dockerfile {
        for p in &props.live.problems {
            let text = match p.rule {
                Some(rule) => format!("{rule}: {}", p.message),
                None => p.message.clone(),
            };
            lens.entry(p.line).or_insert((p.level, text));
        }
    }

    let lines: Vec<&str> = props.text.split('\n').collect();
    let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let at = |n: usize| {
        classes!(
            (props.hover_line == Some(n)).then_some("line-hover"),
            (props.selected_line == Some(n)).then_some("line-selected"),
        )
    };
    let gutter = lines.iter().enumerate().map(|(i, _)| {
        let n = i + 1;
        let mark = props.marks.get(&n).copied().map(mark_parts);
        let onclick = {
            let select = props.on_select_line.clone();
            Callback::from(move |_: MouseEvent| select.emit(n))
        };
        let onmouseenter = {
            let hover = props.on_hover.clone();
            Callback::from(move |_: MouseEvent| hover.emit(Some(n)))
        };
        let (class, glyph, word) = mark.unwrap_or(("", "", ""));
        html! {
            <div class={classes!("gutter-line", class, at(n))} data-line={n.to_string()} {onclick} {onmouseenter}
                title={(!word.is_empty()).then(|| format!("line {n}: {word}"))}>
                <span class="gutter-number">{ n }</span>
                <span class="gutter-mark" aria-label={word}>{ glyph }</span>
            </div>
        }
    });
    let code = lines.iter().enumerate().map(|(i, line)| {
        let n = i + 1;
        // Other files get one colour: comments (`#`, as in .dockerignore) or text.
        let pieces = match coloured.get(i) {
            Some(pieces) if is_dockerfile => pieces.clone(),
            _ if line.trim_start().starts_with('#') => vec![("tok-comment", *line)],
            _ => vec![("tok-text", *line)],
        };
        let pieces = pieces.into_iter().map(|(class, s)| html! { <span {class}>{ s }</span> });
        let problem = lens.get(&n);
        html! {
            <div class={classes!("code-line", at(n), problem.map(|(l, _)| format!("code-line-{}", l.word())))}>
                { for pieces }
                if let Some((level, text)) = problem {
                    <span class={classes!("lens", format!("lens-{}", level.word()))}>{ text }</span>
                }
            </div>
        }
    });
    let onmouseleave = {
        let hover = props.on_hover.clone();
        Callback::from(move |_: MouseEvent| hover.emit(None))
    };

    html! {
        <div class="editor" ref={scroller}>
            <div class="editor-gutter" aria-hidden="true" {onmouseleave}>{ for gutter }</div>
            <div class="editor-code">
                <div class="editor-highlight" aria-hidden="true">{ for code }</div>
                <textarea
                    class="editor-text"
                    data-testid="editor"
                    aria-label={format!("{} (file text)", props.path)}
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    readonly={props.readonly}
                    rows={lines.len().to_string()}
                    cols={(widest + 2).to_string()}
                    value={props.text.clone()}
                    {oninput}
                />
            </div>
        </div>
    }
}
