//! The root component: owns the reducer and lays out the page.

use yew::prelude::*;

use crate::components::diagnostics::Diagnostics;
use crate::components::editor::Editor;
use crate::components::instruction_list::InstructionList;
use crate::components::status_bar::StatusBar;
use crate::state::{Action, State, SAMPLE};
use crate::storage;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| State::new(storage::load().unwrap_or_else(|| SAMPLE.to_owned())));

    let on_input = {
        let state = state.clone();
        Callback::from(move |text: String| {
            // Save before analysing: should the analysis ever panic, the text is already safe.
            storage::save(&text);
            state.dispatch(Action::Edit(text));
        })
    };
    let on_load_sample = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            storage::save(SAMPLE);
            state.dispatch(Action::LoadSample);
        })
    };

    html! {
        <div class="app">
            <header class="app-header">
                <h1 class="app-title">{ "Layerlab" }</h1>
                <p class="app-tagline">{ "A Dockerfile playground: type, and see what BuildKit makes of it." }</p>
                <button class="app-button" data-testid="load-sample" onclick={on_load_sample}>
                    { "Load sample" }
                </button>
            </header>
            <main class="app-main">
                <section class="app-pane app-pane-editor" aria-label="Dockerfile editor">
                    <Editor text={state.text.clone()} analysis={state.analysis.clone()} {on_input} />
                </section>
                <section class="app-pane app-pane-side" aria-label="Analysis">
                    <InstructionList analysis={state.analysis.clone()} />
                    <Diagnostics analysis={state.analysis.clone()} />
                </section>
            </main>
            <StatusBar status={state.status()} has_errors={state.analysis.has_errors()} />
        </div>
    }
}
