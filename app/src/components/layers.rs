//! The layer stack: one bar per layer, sized by its bytes and marked base,
//! cached or rebuilt (colour, shape and word); the steps of other stages
//! apart (they are not in the image); config-only instructions apart (no
//! layer); the selected layer's details; and the wasted bytes.

use yew::prelude::*;

use super::hover_line;

use crate::components::layer_files::LayerFiles;
use crate::model::{Build, Step, StepKind};
use crate::state::{BuildEntry, Shared};
use layerlab_core::units::human_size;

#[derive(Properties, PartialEq)]
pub struct LayersProps {
    pub entry: Shared<BuildEntry>,
    pub layer: Option<usize>,
    pub hover_line: Option<usize>,
    pub on_select: Callback<Option<usize>>,
    pub on_hover: Callback<Option<usize>>,
}

#[function_component(Layers)]
pub fn layers(props: &LayersProps) -> Html {
    let Some(build) = &props.entry.build else { return html! {} };
    let largest = build.steps.iter().map(|s| build.layer_size(s)).max().unwrap_or(0).max(1);
    let row = |(i, step): (usize, &Step)| layer_row(props, build, i, step, largest);
    let final_stage = build.final_stage.clone().unwrap_or_default();
    // Stages in the order they ran; the image's own stage last.
    let mut stage_order: Vec<&str> = Vec::new();
    for s in &build.steps {
        if !stage_order.contains(&s.stage.as_str()) {
            stage_order.push(&s.stage);
        }
    }
    let groups = stage_order.into_iter().map(|stage| {
        let in_image = stage == final_stage;
        // Bottom of the image first, as `docker history` reads upside down.
        let rows: Vec<Html> = build.steps.iter().enumerate().filter(|(_, s)| s.stage == stage).map(row).collect();
        let title = if in_image && build.stages.len() <= 1 {
            "Image layers, top first".to_owned()
        } else if in_image {
            format!("Image layers (stage {stage}), top first")
        } else {
            format!("Stage {stage} — built, not in the final image")
        };
        html! {
            <section class={classes!("layers-group", (!in_image).then_some("layers-other"))}>
                <h3 class="layers-group-title">{ title }</h3>
                <ol class="layers-list" reversed=true>{ for rows.into_iter().rev() }</ol>
            </section>
        }
    });
    let config = build.config.iter().map(|c| {
        let line = c.line;
        let onmouseenter = {
            let hover = props.on_hover.clone();
            Callback::from(move |_: MouseEvent| hover.emit(Some(line)))
        };
        html! {
            <li class={classes!("config-row", (props.hover_line == Some(line)).then_some("row-hover"))} {onmouseenter}>
                <span class="layer-shape">{ "◇" }</span>
                <span class="layer-word">{ "config, no layer" }</span>
                <code class="layer-instruction">{ &c.text }</code>
                <span class="layer-line">{ format!("line {line}") }</span>
            </li>
        }
    });
    let selected = props.layer.and_then(|i| build.steps.get(i));
    let image_size = build.image_size.unwrap_or(0);

    html! {
        <div class="layers">
            <p class="layers-summary">
                <span data-testid="image-size" data-bytes={image_size.to_string()}>
                    { format!("Image size {}", human_size(image_size)) }
                </span>
                { {
                    let added = build.steps.iter().filter(|s| s.layer.is_some()).count();
                    format!(" · base image {} · {added} layer{} added by this Dockerfile", human_size(build.base_size), if added == 1 { "" } else { "s" })
                } }
            </p>
            <div class="layers-legend" aria-hidden="true">
                <span class="legend legend-base">{ "▤ base" }</span>
                <span class="legend legend-cached">{ "● cached" }</span>
                <span class="legend legend-rebuilt">{ "○ MISS, rebuilt" }</span>
                <span class="legend legend-config">{ "◇ config, no layer" }</span>
            </div>
            { for groups }
            if !build.config.is_empty() {
                <section class="layers-group">
                    <h3 class="layers-group-title">{ "Config only — these change the image's settings, not its files" }</h3>
                    <ul class="layers-list">{ for config }</ul>
                </section>
            }
            if let Some(step) = selected {
                <section class="layer-detail" aria-label="Selected layer">
                    <h3 class="layer-detail-title">{ format!("Line {}: {}", step.line, step.instruction) }</h3>
                    <p>{ format!("{} · {} · {}", step.kind.word(), human_size(build.layer_size(step)), step.reason) }</p>
                    if !step.notes.is_empty() {
                        <details class="layer-notes">
                            <summary>{ format!("{} note{} on how this was simulated", step.notes.len(), if step.notes.len() == 1 { "" } else { "s" }) }</summary>
                            { for step.notes.iter().map(|n| html! { <p class="layer-note">{ n }</p> }) }
                        </details>
                    }
                    if let Some(layer) = step.layer {
                        <LayerFiles entry={props.entry.clone()} {layer} />
                    }
                </section>
            }
            { wasted(build, &props.on_hover) }
        </div>
    }
}

fn layer_row(props: &LayersProps, build: &Build, i: usize, step: &Step, largest: u64) -> Html {
    let size = build.layer_size(step);
    // Only the final image's layers are "layers" to tests and to Docker; a
    // builder stage's steps are listed apart, and its base's size is not known here.
    let in_image =
        step.layer.is_some() || (step.kind == StepKind::Base && Some(&step.stage) == build.final_stage.as_ref());
    let testid = if in_image { "layer" } else { "build-stage-step" };
    let size_text =
        if !in_image && step.kind == StepKind::Base { "not in the image".to_owned() } else { human_size(size) };
    // At least a sliver, so an empty layer still shows as a layer.
    let width = (size as f64 / largest as f64 * 100.0).max(0.5);
    let line = step.line;
    let onclick = {
        let select = props.on_select.clone();
        let selected = props.layer == Some(i);
        Callback::from(move |_: MouseEvent| select.emit((!selected).then_some(i)))
    };
    let (onmouseenter, onmouseleave) = hover_line(&props.on_hover, line);
    let word = match step.kind {
        StepKind::Base => "base".to_owned(),
        StepKind::Cached => "cached".to_owned(),
        StepKind::Rebuilt => "MISS".to_owned(),
    };
    let class = classes!(
        "layer",
        format!("layer-{}", step.kind.attr()),
        (props.layer == Some(i)).then_some("layer-selected"),
        (props.hover_line == Some(line)).then_some("row-hover"),
    );
    html! {
        <li>
            <button {class} data-testid={testid} data-cached={step.kind.attr()} data-size={size.to_string()} data-line={line.to_string()}
                aria-pressed={(props.layer == Some(i)).to_string()} {onclick} {onmouseenter} {onmouseleave}>
                <span class="layer-shape">{ step.kind.shape() }</span>
                <span class="layer-word">{ word }</span>
                <code class="layer-instruction">{ &step.instruction }</code>
                <span class="layer-size">{ size_text }</span>
                <span class="layer-line">{ format!("line {line}") }</span>
                <span class="layer-bar" aria-hidden="true"><span class="layer-fill" style={format!("width: {width:.1}%")}></span></span>
            </button>
        </li>
    }
}

/// Bytes stored by one layer and hidden by a later one: still shipped.
fn wasted(build: &Build, on_hover: &Callback<Option<usize>>) -> Html {
    let rows = build.wasted.iter().map(|w| {
        let line = w.stored_line;
        let onmouseenter = {
            let hover = on_hover.clone();
            Callback::from(move |_: MouseEvent| hover.emit(Some(line)))
        };
        html! {
            <li class="wasted" data-testid="wasted" {onmouseenter}>
                <code class="wasted-path">{ &w.path }</code>
                <span class="wasted-size">{ human_size(w.size) }</span>
                <span class="wasted-why">
                    { format!("stored by line {} ({}), hidden by line {} ({})", w.stored_line, w.stored_by, w.hidden_line, w.hidden_by) }
                </span>
            </li>
        }
    });
    html! {
        <section class="layers-group wasted-group">
            <h3 class="layers-group-title">{ format!("Wasted bytes: {}", human_size(build.wasted_bytes)) }</h3>
            if build.wasted.is_empty() {
                <p class="wasted-none">{ "None: no layer hides files that an earlier layer stored." }</p>
            } else {
                <p class="wasted-none">{ "Deleting a file in a later layer hides it but still ships it. Largest first:" }</p>
                <ul class="wasted-list">{ for rows }</ul>
            }
        </section>
    }
}
