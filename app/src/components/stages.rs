//! The stages: each stage with its base (an image or an earlier stage), the
//! stages it copies from, the target, the stages the target skips; and the
//! build's inputs, the build arguments and the target, set here.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::hover_line;

use crate::components::app::Commit;
use crate::model::{self, Stage};
use crate::project::ProjectExt;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct StagesProps {
    pub state: UseReducerHandle<State>,
    pub commit: Commit,
    pub on_hover: Callback<Option<usize>>,
}

#[function_component(Stages)]
pub fn stages(props: &StagesProps) -> Html {
    let state = &props.state;
    let shown = state.shown_entry().and_then(|e| e.build.clone());
    // Stages from the last build when there is one (it knows what was skipped),
    // else from the analysis of the text as it is now.
    let (stages, args) = match &shown {
        Some(build) => (build.stages.clone(), build.args.clone()),
        None => {
            model::build(&state.live.view, state.project.dockerfile()).map(|b| (b.stages, b.args)).unwrap_or_default()
        }
    };
    let cards = stages.iter().map(|stage| stage_card(stage, &props.on_hover));
    let arg_rows = args.iter().map(|(name, default)| {
        let value = state.project.build_args.get(name).cloned().unwrap_or_default();
        let onchange = {
            let (state, commit, name) = (state.clone(), props.commit.clone(), name.clone());
            Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                let v = input.value();
                let (value, status) = if v.is_empty() {
                    (None, format!("--build-arg {name} removed: the Dockerfile's default applies."))
                } else {
                    (Some(v.as_str()), format!("--build-arg {name}={v}. Build to see which steps it invalidates."))
                };
                commit.emit((state.project.with_build_arg(&name, value), status));
            })
        };
        let placeholder = match default {
            Some(d) => format!("default: {d}"),
            None => "no default".to_owned(),
        };
        html! {
            <label class="stages-arg">
                <code class="stages-arg-name">{ format!("--build-arg {name}") }</code>
                <input class="stages-input" value={value} placeholder={placeholder} readonly={state.embed} {onchange} />
            </label>
        }
    });
    let named: Vec<String> = stages.iter().filter_map(|s| s.name.clone()).collect();
    let on_target = {
        let (state, commit) = (state.clone(), props.commit.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let v = select.value();
            let target = (!v.is_empty()).then_some(v.as_str());
            let status = match target {
                Some(t) => format!("--target {t}. Build to see what it skips."),
                None => "No --target: the last stage is built.".to_owned(),
            };
            commit.emit((state.project.with_target(target), status));
            state.dispatch(Action::ShowPanel(crate::state::Panel::Stages));
        })
    };
    let target = state.project.target.clone().unwrap_or_default();

    html! {
        <div class="stages">
            if stages.is_empty() {
                <p class="panels-empty">{ "No stages yet: a Dockerfile starts with FROM." }</p>
            } else {
                <ol class="stages-list">{ for cards }</ol>
            }
            <section class="stages-inputs" aria-label="Build inputs">
                <h3 class="layers-group-title">{ "Build inputs" }</h3>
                <label class="stages-arg">
                    <code class="stages-arg-name">{ "--target" }</code>
                    <select class="stages-input" onchange={on_target} disabled={state.embed}>
                        <option value="" selected={target.is_empty()}>{ "the last stage (default)" }</option>
                        { for named.iter().map(|n| html! { <option value={n.clone()} selected={*n == target}>{ n }</option> }) }
                    </select>
                </label>
                if args.is_empty() {
                    <p class="stages-note">{ "The Dockerfile declares no ARG, so there are no build arguments to set." }</p>
                } else {
                    { for arg_rows }
                }
            </section>
        </div>
    }
}

fn stage_card(stage: &Stage, on_hover: &Callback<Option<usize>>) -> Html {
    let line = stage.line;
    let (onmouseenter, onmouseleave) = hover_line(on_hover, line);
    let base =
        if stage.from_stage { format!("builds on stage {}", stage.base) } else { format!("FROM image {}", stage.base) };
    html! {
        <li class={classes!("stage", stage.skipped.then_some("stage-skipped"), stage.target.then_some("stage-target"))}
            data-testid="stage" data-name={stage.label()} {onmouseenter} {onmouseleave}>
            <div class="stage-head">
                <span class="stage-name">{ stage.label() }</span>
                if stage.target {
                    <span class="stage-badge">{ "target: the image" }</span>
                }
                if stage.skipped {
                    <span class="stage-badge stage-badge-skipped">{ "skipped: the target does not need it" }</span>
                }
                <span class="stage-line">{ format!("line {line}") }</span>
            </div>
            <p class={classes!("stage-edge", stage.from_stage.then_some("stage-edge-stage"))}>{ "↑ " }{ base }</p>
            { for stage.copies_from.iter().map(|from| html! {
                <p class="stage-edge stage-edge-stage">{ format!("← COPY --from={from}") }</p>
            }) }
        </li>
    }
}
