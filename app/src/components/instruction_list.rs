//! The parsed instructions, grouped by build stage.

use std::collections::HashSet;
use std::rc::Rc;

use layerlab_core::{Analysis, InstructionView, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InstructionListProps {
    pub analysis: Rc<Analysis>,
}

#[function_component(InstructionList)]
pub fn instruction_list(props: &InstructionListProps) -> Html {
    let analysis = &props.analysis;
    let error_lines: HashSet<usize> =
        analysis.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.start.line).collect();
    let groups = group_by_stage(&analysis.instructions).into_iter().map(|(stage, items)| {
        let items = items.into_iter().map(|i| {
            let in_error = (i.start_line..=i.end_line).any(|l| error_lines.contains(&l));
            instruction(i, in_error)
        });
        html! {
            <li class="instruction-stage">
                <h3 class="instruction-stage-title">{ stage_title(analysis, stage) }</h3>
                <ol class="instruction-stage-items">{ for items }</ol>
            </li>
        }
    });

    html! {
        <div class="instruction-list" data-testid="instruction-list">
            <h2 class="panel-title">{ "Instructions" }</h2>
            if analysis.instructions.is_empty() {
                <p class="panel-empty">{ "No instructions yet. Start with FROM." }</p>
            } else {
                <ul class="instruction-stages">{ for groups }</ul>
            }
        </div>
    }
}

fn instruction(view: &InstructionView, in_error: bool) -> Html {
    let keyword = view.keyword.to_lowercase();
    let lines = if view.start_line == view.end_line {
        format!("L{}", view.start_line)
    } else {
        format!("L{}–{}", view.start_line, view.end_line)
    };
    html! {
        <li class={classes!("instruction", in_error.then_some("instruction-error"))} data-testid="instruction">
            <span class={classes!("instruction-badge", format!("instruction-badge-{keyword}"))}>
                { &view.keyword }
            </span>
            <span class="instruction-lines">{ lines }</span>
            if view.json {
                <span class="instruction-form" title="exec form (JSON array)">{ "exec" }</span>
            }
            <code class="instruction-text">{ &view.original }</code>
        </li>
    }
}

/// Consecutive instructions of the same stage, in source order.
fn group_by_stage(instructions: &[InstructionView]) -> Vec<(Option<usize>, Vec<&InstructionView>)> {
    let mut groups: Vec<(Option<usize>, Vec<&InstructionView>)> = Vec::new();
    for i in instructions {
        match groups.last_mut() {
            Some((stage, items)) if *stage == i.stage => items.push(i),
            _ => groups.push((i.stage, vec![i])),
        }
    }
    groups
}

fn stage_title(analysis: &Analysis, stage: Option<usize>) -> String {
    let Some(index) = stage else {
        return "Before the first FROM".to_owned();
    };
    // A FROM in error may have no StageView: fall back to the bare number.
    match analysis.stages.iter().find(|s| s.index == index) {
        Some(s) => match &s.name {
            Some(name) => format!("Stage {index} · {name} · from {}", s.base),
            None => format!("Stage {index} · from {}", s.base),
        },
        None => format!("Stage {index}"),
    }
}
