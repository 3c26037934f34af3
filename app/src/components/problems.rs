//! The Dockerfile's problems under the editor: syntax errors and lint
//! findings with the core's message, why it matters, what it costs, and a
//! one-click fix when the lint has a mechanical one.

use std::rc::Rc;

use yew::prelude::*;

use super::hover_line;

use crate::components::app::Commit;
use crate::model::{apply_fix, ProblemLevel};
use crate::project::Project;
use crate::state::{Live, Shared};

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub live: Shared<Live>,
    pub project: Rc<Project>,
    pub readonly: bool,
    pub commit: Commit,
    pub on_hover: Callback<Option<usize>>,
}

#[function_component(Problems)]
pub fn problems(props: &ProblemsProps) -> Html {
    let problems = &props.live.problems;
    let errors = problems.iter().filter(|p| p.level == ProblemLevel::Error).count();
    let summary = match (errors, problems.len() - errors) {
        (0, 0) => "No problems found.".to_owned(),
        (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
    };
    let items = problems.iter().map(|p| {
        let line = p.line;
        let (onmouseenter, onmouseleave) = hover_line(&props.on_hover, line);
        let fix = p.fix.clone().filter(|_| p.fixable() && !props.readonly).map(|fix| {
            let (commit, project) = (props.commit.clone(), props.project.clone());
            let rule = p.rule.unwrap_or("the problem");
            let onclick = Callback::from(move |_: MouseEvent| {
                commit.emit((apply_fix(&project, &fix), format!("Applied the fix for {rule}. Build to see its effect.")))
            });
            html! { <button class="problem-fix" data-testid="fix-button" {onclick}>{ "Fix" }</button> }
        });
        let testid = match p.level {
            ProblemLevel::Error => "error",
            ProblemLevel::Warning => "warning",
        };
        html! {
            <li class={classes!("problem", format!("problem-{}", p.level.word()))} data-testid={testid} data-line={line.to_string()} {onmouseenter} {onmouseleave}>
                <div class="problem-head">
                    <span class="problem-level">{ if p.level == ProblemLevel::Error { "✕ error" } else { "▲ warning" } }</span>
                    <span class="problem-at">{ format!("{}:{}", p.line, p.col) }</span>
                    if let Some(rule) = p.rule {
                        <span class="problem-rule">{ rule }</span>
                    }
                    { for fix }
                </div>
                <p class="problem-message">{ &p.message }</p>
                if p.explanation.is_some() || p.cost.is_some() || p.fix.is_some() {
                    <details class="problem-details">
                        <summary>{ "Why, and how to fix it" }</summary>
                        if let Some(why) = p.explanation {
                            <p>{ why }</p>
                        }
                        if let Some(cost) = &p.cost {
                            <p><strong>{ "Measured cost: " }</strong>{ cost }</p>
                        }
                        if let Some(fix) = &p.fix {
                            <p><strong>{ "Fix: " }</strong>{ &fix.text }</p>
                        }
                        if let Some(url) = p.url {
                            <p><a href={url} target="_blank" rel="noopener noreferrer">{ "Docker's page for this check" }</a></p>
                        }
                    </details>
                }
            </li>
        }
    });
    html! {
        <section class="problems" aria-label="Problems">
            <h2 class="problems-title">{ "Problems" }<span class="problems-count">{ summary }</span></h2>
            if !problems.is_empty() {
                <ul class="problems-list">{ for items }</ul>
            }
        </section>
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
