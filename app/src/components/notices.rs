//! Banners for what must not pass unnoticed: a stored project that could not
//! be read, another tab's newer work, a replaced project, a damaged link.

use yew::prelude::*;

use crate::components::app::Commit;
use crate::state::{Action, Notice, State};
use crate::storage;

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub state: UseReducerHandle<State>,
    pub commit: Commit,
}

#[function_component(Notices)]
pub fn notices(props: &NoticesProps) -> Html {
    let state = &props.state;
    if state.notices.is_empty() {
        return html! {};
    }
    let items = state.notices.iter().enumerate().map(|(i, notice)| {
        let dismiss = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::Dismiss(i)))
        };
        let dismiss_button = html! { <button class="notice-button" onclick={dismiss.clone()}>{ "Dismiss" }</button> };
        let (level, body, actions) = match notice {
            Notice::Unreadable { reason, kept_at } => (
                "warning",
                html! { <>
                    { format!("The project saved in this browser could not be read: {reason}. ") }
                    { match kept_at {
                        Some(key) => html! { <>{ "It is kept, untouched, in localStorage under " }<code>{ key.clone() }</code>{ ". " }</> },
                        None => html! { "It could not be copied aside: export your work before editing. " },
                    } }
                    { "You are looking at an example." }
                </> },
                dismiss_button,
            ),
            Notice::TerminalUnreadable { reason, kept_at } => (
                "warning",
                html! { <>
                    { format!("The terminal saved in this browser could not be read: {reason}. ") }
                    { match kept_at {
                        Some(key) => html! { <>{ "It is kept, untouched, in localStorage under " }<code>{ key.clone() }</code>{ ". " }</> },
                        None => html! { "It could not be copied aside. " },
                    } }
                    { "The terminal starts empty." }
                </> },
                dismiss_button,
            ),
            Notice::Conflict { theirs } => {
                let keep = {
                    let (state, dismiss) = (state.clone(), dismiss.clone());
                    Callback::from(move |e: MouseEvent| {
                        storage::save_over(&state.project);
                        state.dispatch(Action::Status("Saved this tab's version over the other tab's.".into()));
                        dismiss.emit(e);
                    })
                };
                let take = {
                    let (state, theirs, commit, dismiss) = (state.clone(), theirs.clone(), props.commit.clone(), dismiss.clone());
                    Callback::from(move |e: MouseEvent| {
                        storage::keep_previous(&state.project);
                        // Follow the other tab's revision, then its project saves cleanly.
                        let _ = storage::load();
                        dismiss.emit(e);
                        commit.emit(((*theirs).clone(), "Opened the other tab's version; this tab's is kept as the previous project.".into()));
                    })
                };
                (
                    "warning",
                    html! { "Another tab saved a different version of this project. This tab's latest edits are not saved yet — choose which version to keep." },
                    html! { <>
                        <button class="notice-button" onclick={keep}>{ "Keep this tab's version" }</button>
                        <button class="notice-button" onclick={take}>{ "Open the other tab's version" }</button>
                    </> },
                )
            }
            Notice::Replaced { what } => {
                let restore = {
                    let (commit, dismiss) = (props.commit.clone(), dismiss.clone());
                    Callback::from(move |e: MouseEvent| {
                        if let Some(previous) = storage::previous() {
                            commit.emit((previous, "Restored your previous project.".into()));
                        }
                        dismiss.emit(e);
                    })
                };
                (
                    "info",
                    html! { format!("Opened {what}. Your previous project is kept in this browser.") },
                    html! { <>
                        <button class="notice-button" onclick={restore}>{ "Restore it" }</button>
                        { dismiss_button }
                    </> },
                )
            }
            Notice::BadLink(why) => (
                "warning",
                html! { format!("This link could not be opened: {why}. Showing the project saved in this browser instead.") },
                dismiss_button,
            ),
            Notice::NotSaved => (
                "warning",
                html! { "This browser does not let Layerlab save (private mode or full storage). Use Export to keep your project." },
                dismiss_button,
            ),
        };
        html! {
            <div class={classes!("notice", format!("notice-{level}"))} data-testid="notice" role="alert">
                <span class="notice-level">{ level }</span>
                <p class="notice-text">{ body }</p>
                <div class="notice-actions">{ actions }</div>
            </div>
        }
    });
    html! { <div class="notices">{ for items }</div> }
}
