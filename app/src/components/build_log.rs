//! The build log, step by step in BuildKit's plain format: each step a
//! collapsible block with CACHED or its simulated duration, what it printed
//! and why it ran; then the log exactly as `docker build --progress=plain`
//! prints it.

use yew::prelude::*;

use super::hover_line;

use crate::model::StepKind;
use crate::state::{BuildEntry, Shared};

#[derive(Properties, PartialEq)]
pub struct BuildLogProps {
    pub entry: Shared<BuildEntry>,
    pub on_hover: Callback<Option<usize>>,
}

#[function_component(BuildLog)]
pub fn build_log(props: &BuildLogProps) -> Html {
    let Some(build) = &props.entry.build else { return html! {} };
    let steps = build.steps.iter().map(|step| {
        let status = if step.failed {
            "ERROR".to_owned()
        } else if step.kind == StepKind::Cached {
            "CACHED".to_owned()
        } else {
            format!("DONE {:.1}s", step.seconds)
        };
        // The vertex as BuildKit names it; a step it shows no vertex for, as written.
        let header = step.vertex.clone().unwrap_or_else(|| step.instruction.clone());
        let line = step.line;
        let (onmouseenter, onmouseleave) = hover_line(&props.on_hover, line);
        // Rebuilt and failed steps open: that is where something happened.
        let open = step.failed || (step.kind == StepKind::Rebuilt && !step.output.is_empty());
        html! {
            <details class={classes!("log-step", format!("log-{}", step.kind.attr()), step.failed.then_some("log-failed"))} {open}
                {onmouseenter} {onmouseleave}>
                <summary class="log-summary">
                    <span class="log-header">{ header }</span>
                    <span class="log-status">{ status }</span>
                </summary>
                <div class="log-body">
                    <p class="log-reason">{ format!("line {line}: {}", step.reason) }</p>
                    if !step.output.is_empty() {
                        <pre class="log-output">
                            // A line each, so a long one wraps under itself, not at the margin.
                            { for step.output.iter().map(|line| html! { <span class="log-line">{ line }</span> }) }
                        </pre>
                    }
                    if !step.notes.is_empty() {
                        <details class="log-notes">
                            <summary>{ format!("{} note{} on how this was simulated", step.notes.len(), if step.notes.len() == 1 { "" } else { "s" }) }</summary>
                            { for step.notes.iter().map(|n| html! { <p class="log-note">{ n }</p> }) }
                        </details>
                    }
                </div>
            </details>
        }
    });
    html! {
        <div class="build-log" data-testid="build-log">
            <p class="log-total">
                { format!("Build #{}: {} steps, {:.1} s simulated", props.entry.number, build.steps.len(), build.seconds()) }
            </p>
            if let Some((message, line)) = &build.error {
                <p class="log-error" role="alert">{ format!("The build failed at line {line}: {message}") }</p>
            }
            <div class="log-steps">{ for steps }</div>
            <details class="log-raw">
                <summary>{ "The log as docker build --progress=plain prints it" }</summary>
                <pre class="log-raw-text">{ &build.log }</pre>
            </details>
        </div>
    }
}
