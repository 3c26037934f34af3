//! The one-line summary under the page.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StatusBarProps {
    /// E.g. `7 instructions, 0 errors`.
    pub status: AttrValue,
    pub has_errors: bool,
}

#[function_component(StatusBar)]
pub fn status_bar(props: &StatusBarProps) -> Html {
    html! {
        <footer class={classes!("status-bar", props.has_errors.then_some("status-bar-errors"))}>
            <span data-testid="status" role="status">{ props.status.clone() }</span>
            <span class="status-bar-note">{ "Saved in this browser" }</span>
        </footer>
    }
}
