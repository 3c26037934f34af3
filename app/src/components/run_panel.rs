//! The Run panel: a `docker run` line over the built image, recomputed as it
//! is typed — the argv as chips labelled by where each word comes from, the
//! reasoning, user and workdir, PID 1 and what `docker stop` does to it,
//! ports as arrows (EXPOSE without `-p` drawn as unreachable), then the
//! daemon's side: namespaces, cgroup limits, the overlay stack and the story
//! of the start (`run_story.rs`). A wrong line shows Docker's message at the
//! input; nothing here panics on what is typed.

use layerlab_core::engine::containers::{DryRun, StopResult, StopView};
use layerlab_core::run::{PublishedPort, WordOrigin};
use yew::prelude::*;

use crate::components::namespaces::{Cgroups, Namespaces};
use crate::components::run_compare::RunCompare;
use crate::components::run_story::{Overlay, Story};
use crate::components::runnable::{rich_text, RunnableCode};
use crate::state::{Action, RunResult, State};

#[derive(Properties, PartialEq)]
pub struct RunPanelProps {
    pub state: UseReducerHandle<State>,
}

#[function_component(RunPanel)]
pub fn run_panel(props: &RunPanelProps) -> Html {
    let state = &props.state;
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::RunLine(input.value()));
        })
    };
    let Some(result) = state.run.clone() else {
        let on_build = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::Build))
        };
        return html! {
            <div class="panels-empty run-empty">
                <p>{ "Build first — Ctrl/Cmd+Enter. Then type a " }<code>{ "docker run" }</code>{ " line here and see what the container starts, as whom, and what it can reach." }</p>
                if !state.embed {
                    <button class="panels-build" onclick={on_build}>{ "Build now" }<kbd>{ "Ctrl+Enter" }</kbd></button>
                }
            </div>
        };
    };
    let line_error = match &*result {
        RunResult::Line { message, span } => Some((message.clone(), *span)),
        _ => None,
    };
    let input = html! {
        <div class="run-line">
            <label class="run-label" for="run-input">{ "Run the image you built as " }<code>{ crate::state::IMAGE_TAG }</code></label>
            <input id="run-input" class="run-input" data-testid="run-input" type="text" spellcheck="false"
                autocomplete="off" value={state.run_line.clone()} {oninput}
                aria-invalid={line_error.is_some().to_string()} aria-describedby="run-error" />
            if let Some((message, span)) = &line_error {
                <div id="run-error" class="run-error" role="alert" data-testid="run-error">
                    if let Some(marked) = marked(&state.run_line, *span) { { marked } }
                    <pre class="run-error-message">{ message }</pre>
                </div>
            }
        </div>
    };
    let body = match &*result {
        RunResult::Ready(run) => ready(run),
        RunResult::Image(message) => html! { <p class="run-problem" role="alert">{ message }</p> },
        RunResult::Line { .. } => html! {},
    };
    // Always one child (an empty one without a dry run): the panel's
    // children keep their places, so the input is never re-created mid-typing.
    let for_real = match &*result {
        RunResult::Ready(_) => html! {
            <p class="run-for-real">{ "Run it for real in the terminal: " }<RunnableCode command={AttrValue::from(state.run_line.trim().to_owned())} /></p>
        },
        _ => html! {},
    };
    html! {
        <div class="run">
            { input }
            { for_real }
            <RunCompare state={state.clone()} />
            { body }
        </div>
    }
}

/// The line with the offending word marked.
fn marked(line: &str, span: Option<(usize, usize)>) -> Option<Html> {
    let (start, end) = span?;
    let (before, rest) = (line.get(..start)?, line.get(start..)?);
    let (word, after) = (rest.get(..end.saturating_sub(start))?, rest.get(end.saturating_sub(start)..)?);
    if word.is_empty() {
        return None;
    }
    Some(html! { <code class="run-error-line">{ before }<mark>{ word }</mark>{ after }</code> })
}

fn ready(run: &DryRun) -> Html {
    let argv: Vec<&str> = run.argv.iter().map(|w| w.word.as_str()).collect();
    let json = serde_json::to_string(&argv).unwrap_or_default();
    let chips = run.argv.iter().map(|w| {
        let (class, label) = origin(w.origin);
        html! {
            <li class={classes!("run-chip", class)}>
                <code class="run-chip-word">{ &w.word }</code>
                <span class="run-chip-origin">{ label }</span>
            </li>
        }
    });
    let setup = run.setup.as_ref();
    html! { <>
        <section class="run-section" aria-label="What starts">
            <h3 class="run-title">{ "What starts" }</h3>
            <ol class="run-argv" data-testid="run-argv" data-argv={json}>{ for chips }</ol>
            if !run.script_parameters.is_empty() {
                <p class="run-note">
                    { "Docker appends these words after the script; the shell takes them as " }<code>{ "$0" }</code>{ ", " }<code>{ "$1" }</code>{ ", …, and the script ignores what it does not read: " }
                    { for run.script_parameters.iter().map(|w| html! { <><code>{ w }</code>{ " " }</> }) }
                </p>
            }
            <ol class="run-explanation">{ for run.explanation.iter().map(|s| html! { <li>{ rich_text(s) }</li> }) }</ol>
            <dl class="run-facts">
                <dt>{ "User" }</dt><dd><code>{ if run.user.is_empty() { "root" } else { &run.user } }</code></dd>
                <dt>{ "Working directory" }</dt><dd><code>{ if run.workdir.is_empty() { "/" } else { &run.workdir } }</code></dd>
                <dt>{ "Hostname" }</dt><dd><code>{ &run.hostname }</code></dd>
                <dt>{ "Network" }</dt><dd><code>{ &run.network }</code></dd>
            </dl>
        </section>
        <section class="run-section" aria-label="PID 1">
            <h3 class="run-title">{ "PID 1 and docker stop" }</h3>
            { pid1(run, setup.ok().and_then(|s| s.stop.as_ref()), setup.ok().and_then(|s| s.start_error.as_deref())) }
        </section>
        <section class="run-section" aria-label="Ports">
            <h3 class="run-title">{ "Ports" }</h3>
            { ports(&run.ports, &run.unpublished) }
        </section>
        { match setup {
            Ok(setup) => html! { <>
                <section class="run-section" aria-label="Namespaces">
                    <h3 class="run-title">{ "Namespaces" }</h3>
                    <Namespaces namespaces={setup.namespaces.clone()} />
                    <p class="run-soft">{ "Dashed boxes are shared, not the container's own. To share more with the host: " }
                        <RunnableCode command="docker run -d --network host --pid host nginx" />
                        { " (then pick it beside the terminal)." }</p>
                </section>
                <section class="run-section" aria-label="Cgroup limits">
                    <h3 class="run-title">{ "Cgroup limits" }</h3>
                    <Cgroups path={setup.cgroup_path.clone()} limits={setup.cgroup_limits.clone()} />
                </section>
                <section class="run-section" aria-label="Filesystem">
                    <h3 class="run-title">{ "Filesystem: the overlay mount" }</h3>
                    <Overlay overlay={setup.overlay.clone()} />
                </section>
                <section class="run-section" aria-label="What happens">
                    <h3 class="run-title">{ "What happens, step by step" }</h3>
                    <Story steps={setup.story.clone()} />
                </section>
            </> },
            Err(message) => html! {
                <section class="run-section">
                    <p class="run-problem" role="alert">{ "The daemon would refuse this container: " }<code>{ message }</code></p>
                </section>
            },
        } }
    </> }
}

/// A chip's class and label for where its word comes from.
pub(crate) fn origin(origin: WordOrigin) -> (&'static str, &'static str) {
    match origin {
        WordOrigin::Entrypoint => ("run-chip-entrypoint", "ENTRYPOINT"),
        WordOrigin::Cmd => ("run-chip-cmd", "CMD"),
        WordOrigin::Argument => ("run-chip-argument", "argument"),
        WordOrigin::EntrypointFlag => ("run-chip-flag", "--entrypoint"),
    }
}

fn pid1(run: &DryRun, stop: Option<&StopView>, start_error: Option<&str>) -> Html {
    let reaches = match stop.map(|s| s.result) {
        Some(StopResult::KilledAfter { .. }) if run.signals_reach_app => {
            "reaches the app, which ignores it: PID 1 has no default action for it"
        }
        _ if run.signals_reach_app => "reaches the app",
        _ => "does not reach the app",
    };
    let stop_story = stop.map(|stop| {
        let end = match stop.result {
            StopResult::Exits { code } => format!("the process exits at once (exit code {code})"),
            StopResult::KilledAfter { seconds } => {
                format!("nothing acts on it: docker stop waits {seconds} s, then sends SIGKILL (exit code 137)")
            }
        };
        html! {
            <p class="run-stop">
                <code>{ "docker stop" }</code>{ format!(" sends {} to PID 1 → {end}. ", stop.signal) }
                <span class="run-soft">{ rich_text(&stop.why) }</span>
            </p>
        }
    });
    // Amber when docker stop ends in SIGKILL or the signal stops at a shell.
    let killed = stop.is_some_and(|s| matches!(s.result, StopResult::KilledAfter { .. }));
    let class = classes!("run-pid1", (!run.signals_reach_app || killed).then_some("run-pid1-shielded"));
    html! {
        <div {class} data-testid="pid1" data-reaches-app={run.signals_reach_app.to_string()}>
            <p class="run-pid1-line"><span class="run-badge">{ "PID 1" }</span><code>{ &run.pid1 }</code></p>
            <p class="run-soft">{ format!("The stop signal {reaches}.") }</p>
            { for stop_story }
            if let Some(error) = start_error {
                <p class="run-problem" role="alert">{ "It would not start: " }<code>{ error }</code></p>
            }
        </div>
    }
}

fn ports(ports: &[PublishedPort], unpublished: &[String]) -> Html {
    if ports.is_empty() && unpublished.is_empty() {
        return html! { <p class="run-soft">{ "No ports: nothing is published and the image EXPOSEs none." }</p> };
    }
    let published = ports.iter().map(|p| {
        let host = match p.host_port {
            Some(port) => format!("{}:{port}", p.host_ip),
            None => format!("{}:random", p.host_ip),
        };
        html! {
            <li class="run-port" data-testid="port-mapping" data-reachable="true" data-container-port={p.container_port.to_string()}>
                <code class="run-port-host">{ host }</code>
                <span class="run-port-arrow" aria-label="forwards to">{ "⟶" }</span>
                <code class="run-port-container">{ format!("{}/{}", p.container_port, p.protocol) }</code>
                if p.host_port.is_none() {
                    <span class="run-soft">{ "a free port the daemon picks at start (-P)" }</span>
                }
            </li>
        }
    });
    let closed = unpublished.iter().map(|port| {
        let number = port.split('/').next().unwrap_or(port);
        html! {
            <li class="run-port run-port-closed" data-testid="port-mapping" data-reachable="false" data-container-port={number.to_owned()}>
                <code class="run-port-host">{ "host" }</code>
                <span class="run-port-arrow" aria-label="does not reach">{ "⟶ ✕" }</span>
                <code class="run-port-container">{ port }</code>
                <span class="run-soft">{ format!("EXPOSE documents it; not published, so unreachable from the host (add -p {number}:{number})") }</span>
            </li>
        }
    });
    html! { <ul class="run-ports">{ for published }{ for closed }</ul> }
}
