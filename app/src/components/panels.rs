//! The panel area: the build history (#1, #2, …), the tabs (Build log,
//! Layers, Cache, Stages, Run, Terminal) and the selected panel, or what to
//! do when nothing is built yet.

use yew::prelude::*;

use crate::components::app::Commit;
use crate::components::build_log::BuildLog;
use crate::components::cache::CachePanel;
use crate::components::compose_graph::ComposeGraphPanel;
use crate::components::layers::Layers;
use crate::components::run_panel::RunPanel;
use crate::components::stages::Stages;
use crate::components::terminal_panel::TerminalPanel;
use crate::state::{Action, Panel, State};
use layerlab_core::units::human_size;

#[derive(Properties, PartialEq)]
pub struct PanelsProps {
    pub state: UseReducerHandle<State>,
    pub commit: Commit,
}

#[function_component(Panels)]
pub fn panels(props: &PanelsProps) -> Html {
    let state = &props.state;
    let shown = state.shown_entry().cloned();
    let tabs = Panel::ALL.into_iter().map(|panel| {
        let selected = state.panel == panel;
        let onclick = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::ShowPanel(panel)))
        };
        html! {
            <button role="tab" id={format!("tab-{}", panel.id())} class="panels-tab" aria-selected={selected.to_string()}
                aria-controls="panel-body" tabindex={if selected { "0" } else { "-1" }} {onclick}>
                { panel.title() }
            </button>
        }
    });
    // Arrow keys move between tabs, as the ARIA tabs pattern expects.
    let on_tab_key = {
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            let i = Panel::ALL.iter().position(|p| *p == state.panel).unwrap_or(0);
            let n = Panel::ALL.len();
            let next = match e.key().as_str() {
                "ArrowRight" => (i + 1) % n,
                "ArrowLeft" => (i + n - 1) % n,
                _ => return,
            };
            e.prevent_default();
            state.dispatch(Action::ShowPanel(Panel::ALL[next]));
            if let Some(tab) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("tab-{}", Panel::ALL[next].id())))
            {
                let _ = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&tab).map(|t| t.focus());
            }
        })
    };

    let shown_number = shown.as_ref().map(|e| e.number);
    let history = state.history.iter().enumerate().map(|(i, entry)| {
        let onclick = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::ShowBuild(i)))
        };
        let (size, share, seconds) = match &entry.build {
            Some(b) => {
                let (hits, steps) = b.cached_count();
                (
                    b.image_size.map(human_size).unwrap_or_else(|| "failed".into()),
                    format!("{hits}/{steps} cached"),
                    format!("{:.1} s", b.seconds()),
                )
            }
            None => ("did not start".into(), String::new(), String::new()),
        };
        let current = (Some(entry.number) == shown_number).then_some("true");
        html! {
            <li>
                <button class="history-entry" data-testid="build-history" aria-current={current} {onclick}
                    title={format!("Build #{}: {size}, {share}, {seconds}", entry.number)}>
                    <span class="history-number">{ format!("#{}", entry.number) }</span>
                    <span class="history-detail">{ format!("{size} · {share} · {seconds}") }</span>
                </button>
            </li>
        }
    });

    let on_build = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Build))
    };
    let on_select = {
        let state = state.clone();
        Callback::from(move |layer: Option<usize>| state.dispatch(Action::SelectLayer(layer)))
    };
    let on_compare = {
        let state = state.clone();
        Callback::from(move |n: Option<usize>| state.dispatch(Action::CompareWith(n)))
    };
    let on_hover = {
        let state = state.clone();
        Callback::from(move |line: Option<usize>| state.dispatch(Action::Hover(line)))
    };

    let body = match (&shown, state.panel) {
        (_, Panel::Stages) => html! {
            <Stages state={state.clone()} commit={props.commit.clone()} on_hover={on_hover.clone()} />
        },
        (_, Panel::Run) => html! { <RunPanel state={state.clone()} /> },
        (_, Panel::Terminal) => html! { <TerminalPanel state={state.clone()} /> },
        (_, Panel::Compose) => html! { <ComposeGraphPanel graph={state.compose.clone()} /> },
        (None, _) => html! {
            <div class="panels-empty">
                <p>{ "Build to see the log, the layers and what the cache kept." }</p>
                if !state.embed {
                    <button class="panels-build" onclick={on_build}>{ "Build now" }<kbd>{ "Ctrl+Enter" }</kbd></button>
                }
            </div>
        },
        (Some(entry), panel) => match &entry.build {
            None => html! {
                <div class="panels-empty">
                    <p>{ format!("Build #{} did not start: the Dockerfile has errors. They are marked in the editor, with what to change.", entry.number) }</p>
                </div>
            },
            Some(_) => match panel {
                Panel::Log => html! { <BuildLog entry={entry.clone()} on_hover={on_hover.clone()} /> },
                Panel::Layers => html! {
                    <Layers entry={entry.clone()} layer={state.layer} hover_line={state.hover_line} on_select={on_select.clone()} on_hover={on_hover.clone()} />
                },
                Panel::Cache => html! {
                    <CachePanel entry={entry.clone()} previous={state.previous_entry().cloned()}
                        numbers={state.history.iter().map(|e| e.number).collect::<Vec<_>>()} on_compare={on_compare.clone()} hover_line={state.hover_line} on_select={on_select.clone()} on_hover={on_hover.clone()} />
                },
                Panel::Stages | Panel::Run | Panel::Terminal | Panel::Compose => html! {},
            },
        },
    };

    html! {
        <section class="panels" aria-label="Build results">
            if !state.history.is_empty() {
                <div class="history" aria-label="Build history">
                    <span class="history-title">{ "Builds" }</span>
                    <ol class="history-list">{ for history }</ol>
                </div>
            }
            <div class="panels-tabs" role="tablist" aria-label="Panels" onkeydown={on_tab_key}>{ for tabs }</div>
            <div class="panels-body" id="panel-body" role="tabpanel" aria-labelledby={format!("tab-{}", state.panel.id())}>
                { body }
            </div>
        </section>
    }
}
