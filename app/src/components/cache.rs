//! The cache, build against build: HIT or MISS per step with the cause in
//! words, the cascade (a miss with its own cause, and the misses it forces
//! below it, drawn as one amber run), the files that changed since the build before
//! (with their diff) and the time the hits saved.

use std::collections::BTreeSet;

use yew::prelude::*;

use crate::components::runnable::rich_text;
use crate::diff::{self, Op};
use crate::model::StepKind;
use crate::project::{Project, ProjectExt};
use crate::state::{BuildEntry, Shared};

#[derive(Properties, PartialEq)]
pub struct CacheProps {
    pub entry: Shared<BuildEntry>,
    pub previous: Option<Shared<BuildEntry>>,
    /// Every build's number, for the comparison's choice.
    pub numbers: Vec<usize>,
    pub on_compare: Callback<Option<usize>>,
    pub hover_line: Option<usize>,
    pub on_select: Callback<Option<usize>>,
    pub on_hover: Callback<Option<usize>>,
}

#[function_component(CachePanel)]
pub fn cache_panel(props: &CacheProps) -> Html {
    let entry = &props.entry;
    let Some(build) = &entry.build else { return html! {} };
    let (hits, steps) = build.cached_count();
    let heading = match &props.previous {
        Some(_) => format!(
            "Build #{}: {hits} of {steps} steps from the cache · {:.1} s saved",
            entry.number, entry.saved_seconds
        ),
        None => format!(
            "Build #{}: the first build, so every step ran ({steps} steps). Edit a file and build again.",
            entry.number
        ),
    };
    let rows = build.steps.iter().enumerate().filter(|(_, s)| s.kind != StepKind::Base).map(|(i, step)| {
        let hit = step.kind == StepKind::Cached;
        // A miss whose cause is the miss above it hangs on the first miss's rail.
        let role = match (hit, step.cascade) {
            (true, _) => "hit",
            (false, false) => "first-miss",
            (false, true) => "cascade",
        };
        let line = step.line;
        let onclick = {
            let select = props.on_select.clone();
            Callback::from(move |_: MouseEvent| select.emit(Some(i)))
        };
        let onmouseenter = {
            let hover = props.on_hover.clone();
            Callback::from(move |_: MouseEvent| hover.emit(Some(line)))
        };
        // Enter or Space selects the step, as a click does.
        let onkeydown = {
            let select = props.on_select.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    select.emit(Some(i));
                }
            })
        };
        let onmouseleave = {
            let hover = props.on_hover.clone();
            Callback::from(move |_: MouseEvent| hover.emit(None))
        };
        html! {
            <li class={classes!("cache-row", format!("cache-{role}"), (props.hover_line == Some(line)).then_some("row-hover"))}
                role="button" tabindex="0" {onclick} {onkeydown} {onmouseenter} {onmouseleave}>
                <span class="cache-verdict">{ if hit { "● HIT" } else { "○ MISS" } }</span>
                <span class="cache-step">
                    <code class="cache-instruction">{ &step.instruction }</code>
                    <span class="cache-where">{ format!("{} · line {line}", step.stage) }</span>
                    if hit {
                        <span class="cache-why">{ rich_text(&step.reason) }</span>
                    } else {
                        <span class="cache-why" data-testid="cache-reason">
                            if role == "first-miss" { <strong>{ "First miss: " }</strong> }
                            { rich_text(&step.reason) }
                        </span>
                    }
                </span>
            </li>
        }
    });
    let changed = props.previous.as_ref().map(|prev| changed_files(&prev.project, &entry.project)).unwrap_or_default();

    let others: Vec<usize> = props.numbers.iter().copied().filter(|n| *n != entry.number).collect();
    let onchange = {
        let on_compare = props.on_compare.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            on_compare.emit(select.value().parse().ok());
        })
    };
    let compared = props.previous.as_ref().map(|p| p.number);
    html! {
        <div class="cache">
            <p class="cache-heading">{ heading }</p>
            if others.len() > 1 {
                <label class="cache-compare">
                    { "Compare the files with build " }
                    <select {onchange}>
                        { for others.iter().map(|n| html! { <option value={n.to_string()} selected={Some(*n) == compared}>{ format!("#{n}") }</option> }) }
                    </select>
                </label>
            }
            <ol class="cache-list">{ for rows }</ol>
            if !changed.is_empty() {
                <section class="cache-changes" aria-label="Files changed since the build before">
                    <h3 class="layers-group-title">{ format!("Files changed from build #{} to #{}", compared.unwrap_or_default(), entry.number) }</h3>
                    { for changed.into_iter() }
                </section>
            }
        </div>
    }
}

/// Unchanged lines kept around each change; longer unchanged runs fold.
const CONTEXT: usize = 2;

fn diff_lines(lines: &[(Op, &str)]) -> Vec<Html> {
    let near_change = |i: usize| {
        let lo = i.saturating_sub(CONTEXT);
        let hi = (i + CONTEXT + 1).min(lines.len());
        lines[lo..hi].iter().any(|(op, _)| *op != Op::Same)
    };
    let mut out = Vec::new();
    let mut folded = 0;
    for (i, (op, text)) in lines.iter().enumerate() {
        if *op == Op::Same && !near_change(i) {
            folded += 1;
            continue;
        }
        if folded > 0 {
            out.push(html! { <span class="diff-fold">{ format!("⋯ {folded} unchanged line{}\n", if folded == 1 { "" } else { "s" }) }</span> });
            folded = 0;
        }
        let (class, sign) = match op {
            Op::Same => ("diff-same", "  "),
            Op::Removed => ("diff-removed", "- "),
            Op::Added => ("diff-added", "+ "),
        };
        out.push(html! { <span class={class}>{ sign }{ *text }{ "\n" }</span> });
    }
    if folded > 0 {
        out.push(html! { <span class="diff-fold">{ format!("⋯ {folded} unchanged line{}\n", if folded == 1 { "" } else { "s" }) }</span> });
    }
    out
}

/// One block per file added, removed or edited between two builds' projects.
fn changed_files(old: &Project, new: &Project) -> Vec<Html> {
    let paths: BTreeSet<String> = old.paths().into_iter().chain(new.paths()).collect();
    paths
        .into_iter()
        .filter_map(|path| {
            let (a, b) = (old.text(&path), new.text(&path));
            let title = match (a, b) {
                (Some(a), Some(b)) if a == b => return None,
                (Some(_), Some(_)) => format!("{path} edited"),
                (None, _) => format!("{path} added"),
                (_, None) => format!("{path} removed"),
            };
            let body = match diff::lines(a.unwrap_or(""), b.unwrap_or("")) {
                Some(lines) => html! { <pre class="diff">{ for diff_lines(&lines) }</pre> },
                None => html! { <p>{ "Too large to show line by line." }</p> },
            };
            Some(html! {
                <details class="cache-change" open=true>
                    <summary>{ title }</summary>
                    { body }
                </details>
            })
        })
        .collect()
}
