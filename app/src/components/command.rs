//! A `docker …` line that runs in the app's terminal with a click (lesson
//! text's `terminal` blocks, the worked example's commands).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CommandProps {
    pub line: AttrValue,
    pub on_run: Callback<String>,
}

#[function_component(Command)]
pub fn command(props: &CommandProps) -> Html {
    let onclick = {
        let (line, on_run) = (props.line.clone(), props.on_run.clone());
        Callback::from(move |_: MouseEvent| on_run.emit(line.to_string()))
    };
    html! {
        <button class="command" data-testid="run-command" data-line={props.line.clone()} {onclick}
            title="Run this in the terminal">
            <span class="command-prompt" aria-hidden="true">{ "$" }</span>
            <code class="command-line">{ props.line.clone() }</code>
            <span class="command-run">{ "Run ▸" }</span>
        </button>
    }
}
