//! The Run panel's comparison: a second `docker run` line resolved beside
//! the first — each side's argv as chips with where each word comes from,
//! PID 1 and whether the stop signal reaches the app — with what differs
//! between the two marked, for the "what does this override do?" quiz
//! (CMD replaced by arguments, `--entrypoint` dropping CMD, a shell-form
//! ENTRYPOINT ignoring them).

use layerlab_core::engine::containers::DryRun;
use yew::prelude::*;

use crate::components::run_panel::origin;
use crate::state::{Action, RunResult, State, IMAGE_TAG};

#[derive(Properties, PartialEq)]
pub struct RunCompareProps {
    pub state: UseReducerHandle<State>,
}

#[function_component(RunCompare)]
pub fn run_compare(props: &RunCompareProps) -> Html {
    let state = &props.state;
    let Some(second) = state.compare_line.clone() else {
        let onclick = {
            let state = state.clone();
            let line = format!("docker run --entrypoint sh {IMAGE_TAG}");
            Callback::from(move |_: MouseEvent| state.dispatch(Action::CompareLine(Some(line.clone()))))
        };
        return html! {
            <button type="button" class="run-compare-open" data-testid="run-compare-toggle" aria-expanded="false" {onclick}>
                { "Compare with a second line" }
            </button>
        };
    };
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::CompareLine(Some(input.value())));
        })
    };
    let close = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::CompareLine(None)))
    };
    let first = ready(state.run.as_deref());
    let other = ready(state.compare_run.as_deref());
    html! {
        <section class="run-compare" data-testid="run-compare" aria-label="Two run lines compared">
            <div class="run-compare-head">
                <label class="run-label" for="run-input-b">{ "Compare with:" }</label>
                <button type="button" class="run-compare-close" data-testid="run-compare-toggle" aria-expanded="true" onclick={close}>
                    { "Close comparison" }
                </button>
            </div>
            <input id="run-input-b" class="run-input" data-testid="run-input-b" type="text" spellcheck="false"
                autocomplete="off" value={second.clone()} {oninput} />
            <div class="run-compare-grid">
                { side("first", &state.run_line, state.run.as_deref(), other) }
                { side("second", &second, state.compare_run.as_deref(), first) }
            </div>
        </section>
    }
}

fn ready(result: Option<&RunResult>) -> Option<&DryRun> {
    match result {
        Some(RunResult::Ready(run)) => Some(run),
        _ => None,
    }
}

/// One line's column; what differs from `other` is marked.
fn side(which: &'static str, line: &str, result: Option<&RunResult>, other: Option<&DryRun>) -> Html {
    let body = match result {
        Some(RunResult::Ready(run)) => {
            let argv: Vec<&str> = run.argv.iter().map(|w| w.word.as_str()).collect();
            let json = serde_json::to_string(&argv).unwrap_or_default();
            let chips = run.argv.iter().enumerate().map(|(i, w)| {
                let differs = other.is_some_and(|o| o.argv.get(i).map(|x| x.word.as_str()) != Some(w.word.as_str()));
                let (class, label) = origin(w.origin);
                html! {
                    <li class={classes!("run-chip", class, differs.then_some("run-chip-differs"))} data-differs={differs.to_string()}>
                        <code class="run-chip-word">{ &w.word }</code>
                        <span class="run-chip-origin">{ label }</span>
                        if differs { <span class="run-chip-diff">{ "differs" }</span> }
                    </li>
                }
            });
            let pid1_differs = other.is_some_and(|o| o.pid1 != run.pid1);
            let signal_differs = other.is_some_and(|o| o.signals_reach_app != run.signals_reach_app);
            let missing = other.map_or(0, |o| o.argv.len().saturating_sub(run.argv.len()));
            html! { <>
                <ol class="run-argv" data-testid="compare-argv" data-argv={json}>{ for chips }</ol>
                if missing > 0 {
                    <p class="run-soft run-compare-missing">{ format!("{missing} {} fewer than the other line", if missing == 1 { "word" } else { "words" }) }</p>
                }
                <p class={classes!("run-compare-pid1", pid1_differs.then_some("run-compare-differs"))} data-testid="compare-pid1"
                    data-differs={pid1_differs.to_string()}>
                    <span class="run-badge">{ "PID 1" }</span><code>{ &run.pid1 }</code>
                </p>
                <p class={classes!("run-soft", signal_differs.then_some("run-compare-differs"))}>
                    { if run.signals_reach_app { "docker stop's signal reaches the app." } else { "docker stop's signal does not reach the app." } }
                </p>
            </> }
        }
        Some(RunResult::Line { message, .. }) | Some(RunResult::Image(message)) => {
            html! { <pre class="run-error-message" role="alert">{ message }</pre> }
        }
        None => html! { <p class="run-soft">{ "Build first." }</p> },
    };
    html! {
        <div class={classes!("run-compare-side", format!("run-compare-{which}"))} data-testid="compare-side" data-side={which}>
            <code class="run-compare-line">{ line }</code>
            { body }
        </div>
    }
}
