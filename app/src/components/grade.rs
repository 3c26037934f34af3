//! What a Check found, as the lessons crate graded it: each goal (or step, or
//! option) with the engine's reasoning, the failed goal's hint, the engine's
//! own account of the answer; and the reference solution.

use std::rc::Rc;

use layerlab_lessons::{Choice, Grade, Markdown};
use yew::prelude::*;

use crate::components::markdown::{inline, MarkdownView};
use crate::state::lessons::Reference;

#[derive(Properties, PartialEq)]
pub struct GradeProps {
    pub grade: Rc<Grade>,
}

#[function_component(GradeView)]
pub fn grade_view(props: &GradeProps) -> Html {
    let grade = &props.grade;
    let goals = grade.goals.iter().map(|g| {
        html! {
            <li class={classes!("grade-goal", if g.passed { "grade-pass" } else { "grade-fail" })} data-testid="goal"
                data-passed={g.passed.to_string()}>
                <span class="grade-mark" aria-hidden="true">{ if g.passed { "✓" } else { "✗" } }</span>
                <span class="grade-goal-text">{ inline(&g.goal) }</span>
                if !g.detail.is_empty() {
                    <ul class="grade-detail">{ for g.detail.iter().map(|d| html! { <li>{ inline(d) }</li> }) }</ul>
                }
            </li>
        }
    });
    html! {
        <section class="grade" data-testid="grade" data-passed={grade.passed.to_string()} aria-live="polite">
            <p class="grade-verdict">{ if grade.passed { "Right: every goal holds." } else { "Not yet." } }</p>
            <ul class="grade-goals">{ for goals }</ul>
            if !grade.passed {
                if let Some(hint) = grade.hint.clone() {
                    <p class="grade-hint" data-testid="hint"><strong>{ "Hint: " }</strong>{ inline(&hint) }</p>
                }
                if !grade.explanation.is_empty() {
                    <details class="grade-explanation" data-testid="explanation" open=true>
                        <summary>{ "What the engine did" }</summary>
                        <pre>{ grade.explanation.join("\n") }</pre>
                    </details>
                }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct SolutionProps {
    pub reference: Rc<Reference>,
    /// A multiple choice's options, each with its explanation.
    pub options: Vec<Choice>,
    pub explanation: Option<Markdown>,
}

#[function_component(SolutionView)]
pub fn solution_view(props: &SolutionProps) -> Html {
    let body = match &*props.reference {
        Reference::Argv { argv, explanation } => html! {
            <>
                <p class="solution-argv" data-testid="solution-argv">
                    { for argv.iter().map(|w| html! { <code class="solution-word">{ w }</code> }) }
                </p>
                <pre class="solution-steps">{ explanation.join("\n") }</pre>
            </>
        },
        Reference::Rebuilt { steps } => html! {
            <ul class="solution-steps-list">
                { for steps.iter().map(|s| html! {
                    <li class={if s.rebuilt { "grade-fail" } else { "grade-pass" }}>
                        <strong>{ format!("line {} ", s.line) }</strong><code>{ &s.instruction }</code>
                        { if s.rebuilt { " — runs again: " } else { " — from the cache: " } }{ &s.reason }
                    </li>
                }) }
            </ul>
        },
        Reference::Dockerfile { dockerfile, run } => html! {
            <>
                <pre class="solution-dockerfile">{ dockerfile }</pre>
                if let Some(run) = run { <p><code>{ format!("$ {run}") }</code></p> }
            </>
        },
        Reference::Commands(lines) => {
            html! { <pre class="solution-dockerfile">{ lines.iter().map(|l| format!("$ {l}")).collect::<Vec<_>>().join("\n") }</pre> }
        }
        Reference::Options => html! {
            <ul class="solution-options">
                { for props.options.iter().map(|o| html! {
                    <li class={if o.correct { "grade-pass" } else { "grade-fail" }}>
                        <strong>{ if o.correct { "✓ " } else { "✗ " } }</strong>{ inline(&o.text) }
                        <span class="solution-why">{ " — " }{ inline(&o.why) }</span>
                    </li>
                }) }
            </ul>
        },
        Reference::Unavailable(why) => html! { <p class="exercise-error">{ why }</p> },
    };
    html! {
        <section class="solution" data-testid="solution">
            <h5 class="solution-title">{ "Solution" }</h5>
            { body }
            if let Some(md) = props.explanation.clone() {
                <MarkdownView {md} />
            }
        </section>
    }
}
