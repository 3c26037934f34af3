//! Commands written in text that run when clicked: `RunnableCode` shows a
//! `docker …` line as code with a run button look, and a click runs it in
//! the terminal (which the app then shows). `rich_text` renders a sentence
//! whose `backticked` parts are code, making the `docker …` ones runnable,
//! so any panel (and later the lessons) can use it. The runner comes from
//! the `Runner` context the app provides; without it (embedded, read-only
//! pages) the command is plain code.

use yew::prelude::*;

/// Runs a command line in the terminal (provided by the app).
#[derive(Clone, PartialEq)]
pub struct Runner(pub Callback<String>);

#[derive(Properties, PartialEq)]
pub struct RunnableProps {
    /// The whole line, `docker` included.
    pub command: AttrValue,
}

#[function_component(RunnableCode)]
pub fn runnable_code(props: &RunnableProps) -> Html {
    let command = props.command.clone();
    let Some(Runner(run)) = use_context::<Runner>() else {
        return html! { <code>{ command }</code> };
    };
    let onclick = {
        let command = command.clone();
        Callback::from(move |_: MouseEvent| run.emit(command.to_string()))
    };
    html! {
        <button type="button" class="runnable" data-testid="runnable-command" data-command={command.clone()}
            title="Run this in the terminal" aria-label={format!("Run in the terminal: {command}")} {onclick}>
            <code class="runnable-code">{ command.clone() }</code>
            <span class="runnable-go" aria-hidden="true">{ "▶" }</span>
        </button>
    }
}

/// `text` with each `backticked` part as code; a part that is a `docker …`
/// command becomes a [`RunnableCode`].
pub fn rich_text(text: &str) -> Html {
    let parts = text.split('`').enumerate().map(|(i, part)| {
        // Odd parts were between backticks (an unmatched one leaves the rest as code, as Markdown would not; rare).
        if i % 2 == 0 {
            html! { { part } }
        } else if is_command(part) {
            html! { <RunnableCode command={AttrValue::from(part.to_owned())} /> }
        } else {
            html! { <code>{ part }</code> }
        }
    });
    html! { <>{ for parts }</> }
}

/// Commands that do nothing useful without an argument: `docker stop` alone
/// in a sentence names the command in general, it is not a line to run.
const NEEDS_ARGUMENTS: [&str; 15] = [
    "run", "create", "start", "stop", "restart", "kill", "rm", "rmi", "exec", "logs", "tag", "pull", "build",
    "inspect", "history",
];

/// A whole `docker` command line worth running as it stands.
fn is_command(code: &str) -> bool {
    let words: Vec<&str> = code.split_whitespace().collect();
    match words.as_slice() {
        ["docker", command] => !NEEDS_ARGUMENTS.contains(command),
        ["docker", _, _, ..] => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_command;

    #[test]
    fn only_whole_docker_lines_are_runnable() {
        assert!(is_command("docker run -d -p 8080:80 nginx"));
        assert!(is_command("docker ps -a"));
        assert!(is_command("docker ps"));
        assert!(!is_command("docker stop"), "a command named in general");
        assert!(!is_command("docker"));
        assert!(!is_command("sh -c 'echo hi'"));
    }
}
