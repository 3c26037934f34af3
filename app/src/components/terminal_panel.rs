//! The Terminal panel: a `$ docker` prompt over the builder's daemon,
//! Docker's own output in monospace, ↑/↓ through the history, `clear`, and
//! Tab completion from the daemon's state, commands to click when it is empty. Beside it, the containers the
//! terminal started: pick one to see PID 1, its ports and its namespaces.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::namespaces::{Cgroups, Namespaces};
use crate::components::runnable::RunnableCode;
use crate::state::{Action, State};

/// Commands a learner can click to try (they run as if typed).
const SUGGESTIONS: [&str; 5] =
    ["docker build -t app .", "docker run -d -p 8080:80 nginx", "docker ps", "docker images", "docker run app"];

#[derive(Properties, PartialEq)]
pub struct TerminalPanelProps {
    pub state: UseReducerHandle<State>,
}

#[function_component(TerminalPanel)]
pub fn terminal_panel(props: &TerminalPanelProps) -> Html {
    let state = &props.state;
    let typed = use_state(String::new);
    // Where ↑/↓ is in the history (`None`: the line being typed).
    let cursor = use_state(|| None::<usize>);
    // What Tab offered when it could not choose (shown above the prompt).
    let choices = use_state(Vec::<String>::new);
    let output_ref = use_node_ref();
    let input_ref = use_node_ref();

    // Keep the newest output in view.
    {
        let output_ref = output_ref.clone();
        use_effect_with(state.terminal.clone(), move |_| {
            if let Some(el) = output_ref.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let run = {
        let (state, typed, cursor, choices) = (state.clone(), typed.clone(), cursor.clone(), choices.clone());
        Callback::from(move |line: String| {
            state.dispatch(Action::Terminal(line));
            typed.set(String::new());
            cursor.set(None);
            choices.set(Vec::new());
        })
    };
    let oninput = {
        let (typed, choices) = (typed.clone(), choices.clone());
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            typed.set(input.value());
            if !choices.is_empty() {
                choices.set(Vec::new());
            }
        })
    };
    let onkeydown = {
        let (state, typed, cursor, run, choices) =
            (state.clone(), typed.clone(), cursor.clone(), run.clone(), choices.clone());
        Callback::from(move |e: KeyboardEvent| {
            let history = &state.terminal.history;
            match e.key().as_str() {
                // Tab completes the last word; on an empty line it moves the
                // focus on as usual, so the keyboard is never trapped here.
                "Tab" if !e.shift_key() && !typed.trim().is_empty() => {
                    e.prevent_default();
                    let completion = state.complete(&typed);
                    let completed = completion.apply(&typed);
                    if completed == *typed && completion.candidates.len() > 1 {
                        choices.set(completion.candidates);
                    } else {
                        choices.set(Vec::new());
                    }
                    typed.set(completed);
                }
                "Enter" if !(e.ctrl_key() || e.meta_key()) => {
                    e.prevent_default();
                    run.emit((*typed).clone());
                }
                "ArrowUp" if !history.is_empty() => {
                    e.prevent_default();
                    let i = cursor.map_or(history.len() - 1, |i| i.saturating_sub(1));
                    cursor.set(Some(i));
                    typed.set(history[i].clone());
                }
                "ArrowDown" => {
                    e.prevent_default();
                    match *cursor {
                        Some(i) if i + 1 < history.len() => {
                            cursor.set(Some(i + 1));
                            typed.set(history[i + 1].clone());
                        }
                        _ => {
                            cursor.set(None);
                            typed.set(String::new());
                        }
                    }
                }
                // Ctrl+C abandons the line, as a shell does.
                "c" if e.ctrl_key() && !typed.is_empty() => {
                    e.prevent_default();
                    cursor.set(None);
                    typed.set(String::new());
                }
                _ => {}
            }
        })
    };
    let focus_input = {
        let input_ref = input_ref.clone();
        Callback::from(move |e: MouseEvent| {
            // A click in the output focuses the prompt, unless text is being selected.
            let selecting =
                web_sys::window().and_then(|w| w.get_selection().ok().flatten()).is_some_and(|s| !s.is_collapsed());
            let on_button = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlButtonElement>().ok()).is_some();
            if !selecting && !on_button {
                if let Some(input) = input_ref.cast::<web_sys::HtmlElement>() {
                    let _ = input.focus();
                }
            }
        })
    };

    let transcript = &state.terminal;
    let entries = transcript.entries.iter().map(|entry| {
        html! {
            <div class={classes!("term-entry", (entry.status != 0).then_some("term-failed"))} data-status={entry.status.to_string()}>
                <div class="term-command"><span class="term-dollar" aria-hidden="true">{ "$ " }</span>{ &entry.input }</div>
                // Docker's progress (a pull) reaches stderr before the result reaches stdout.
                if !entry.stderr.is_empty() {
                    <pre class="term-stderr">{ &entry.stderr }</pre>
                }
                if !entry.stdout.is_empty() {
                    <pre class="term-stdout">{ &entry.stdout }</pre>
                }
            </div>
        }
    });
    let suggestions = SUGGESTIONS.iter().map(|line| html! { <li><RunnableCode command={*line} /></li> });

    html! {
        <div class="term">
            <div class="term-screen" onclick={focus_input}>
                <div class="term-output" data-testid="terminal-output" role="log" aria-live="polite" aria-label="Docker's output" ref={output_ref}>
                    if transcript.entries.is_empty() {
                        <div class="term-welcome">
                            <p>{ "A docker CLI over Layerlab's simulated daemon. " }<code>{ "docker build ." }</code>{ " builds the project as it is now; the Build button's latest image is " }<code>{ crate::state::IMAGE_TAG }</code>{ " here too. Tab completes. Try:" }</p>
                            <ul class="term-suggestions">{ for suggestions }</ul>
                        </div>
                    }
                    { for entries }
                </div>
                if !choices.is_empty() {
                    <ul class="term-choices" data-testid="terminal-completions" aria-label="Completions">
                        { for choices.iter().map(|c| html! { <li><code>{ c }</code></li> }) }
                    </ul>
                }
                <div class="term-prompt">
                    <label for="terminal-input" class="term-ps1" aria-label="docker command">{ "$" }</label>
                    <input id="terminal-input" class="term-input" data-testid="terminal-input" type="text"
                        spellcheck="false" autocomplete="off" autocapitalize="off" placeholder="docker ps -a   (Tab completes · ↑/↓ history · clear)"
                        value={(*typed).clone()} ref={input_ref} {oninput} {onkeydown} />
                </div>
            </div>
            { containers(state) }
        </div>
    }
}

/// The terminal's containers, and the selected one's namespaces.
fn containers(state: &UseReducerHandle<State>) -> Html {
    let transcript = &state.terminal;
    if transcript.containers.is_empty() {
        return html! {
            <aside class="term-side" aria-label="Containers">
                <p class="term-soft">{ "Containers you start here (docker run) appear here: pick one to see its namespaces." }</p>
            </aside>
        };
    }
    let rows = transcript.containers.iter().map(|c| {
        let selected = transcript.selected.as_deref() == Some(c.id.as_str());
        let onclick = {
            let (state, id) = (state.clone(), c.id.clone());
            Callback::from(move |_: MouseEvent| state.dispatch(Action::SelectContainer(Some(id.clone()))))
        };
        html! {
            <li>
                <button class={classes!("term-container", format!("term-state-{}", c.state))} data-testid="terminal-container"
                    data-name={c.name.clone()} aria-pressed={selected.to_string()} {onclick}>
                    <span class="term-container-name">{ &c.name }</span>
                    <span class="term-soft">{ format!("{} · {}", c.image, c.state) }</span>
                </button>
            </li>
        }
    });
    let detail = state.container.as_ref().map(|view| {
        let pid1 = view.process.as_ref().map(|p| p.pid1.join(" ")).unwrap_or_else(|| "not running".into());
        html! {
            <div class="term-detail" data-testid="container-detail" data-name={view.name.clone()}>
                <p><span class="run-badge">{ "PID 1" }</span><code>{ pid1 }</code></p>
                if !view.ports.is_empty() {
                    <ul class="run-ports">
                        { for view.ports.iter().map(|p| html! {
                            <li class="run-port" data-reachable="true">
                                <code class="run-port-host">{ format!("{}:{}", p.host_ip.clone().unwrap_or_else(|| "0.0.0.0".into()), p.host_port) }</code>
                                <span class="run-port-arrow">{ "⟶" }</span>
                                <code class="run-port-container">{ format!("{}/{}", p.container_port, p.protocol) }</code>
                            </li>
                        }) }
                    </ul>
                }
                <Namespaces namespaces={view.namespaces.clone()} />
                <Cgroups path={view.cgroup_path.clone()} limits={view.cgroup_limits.clone()} />
            </div>
        }
    });
    html! {
        <aside class="term-side" aria-label="Containers">
            <h3 class="run-title">{ "Containers" }</h3>
            <ul class="term-containers">{ for rows }</ul>
            { for detail }
        </aside>
    }
}
