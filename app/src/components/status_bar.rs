//! The status line: what the last action did, in words (announced to screen
//! readers), and where the project is kept.

use yew::prelude::*;

use crate::state::{Notice, State};

#[derive(Properties, PartialEq)]
pub struct StatusBarProps {
    pub state: UseReducerHandle<State>,
}

#[function_component(StatusBar)]
pub fn status_bar(props: &StatusBarProps) -> Html {
    let state = &props.state;
    let failed = state.shown_entry().is_some_and(|e| e.build.as_ref().is_none_or(|b| b.error.is_some()));
    let saved = if state.notices.iter().any(|n| matches!(n, Notice::NotSaved | Notice::Conflict { .. })) {
        "Not saved: see the notice above"
    } else {
        "Saved in this browser"
    };
    html! {
        <footer class={classes!("status-bar", failed.then_some("status-bar-failed"))}>
            <span class="status-text" data-testid="status" role="status" aria-live="polite">{ &state.status }</span>
            <span class="status-note">{ saved }</span>
        </footer>
    }
}
