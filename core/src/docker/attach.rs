//! `docker attach`: the container's output stream, and what the keys would
//! do, worked out with the engine's process model — the teaching point of
//! "attach vs exec": attach connects the terminal to PID 1 itself, so
//! Ctrl+C (with `--sig-proxy`, the default) sends SIGINT to PID 1, and a
//! PID 1 that handles SIGINT stops the container; `docker exec` starts a
//! new process beside it, whose end changes nothing.
//!
//! docker/cli v29.7.2 `cli/command/container/attach.go` (the state checks,
//! the flags), `docs/reference/commandline/container_attach.md` (Ctrl+P
//! Ctrl+Q detaches a container run with `-i` and `-t`, printing
//! moby/term's `read escape sequence`).

use super::flags::{flag, Arity, Parsed, Spec, Takes};
use super::{Ctx, Output};
use crate::engine::containers::signals::{signal_effect, Signal, SignalEffect};
use crate::engine::containers::Status;

pub const ATTACH: Spec = Spec {
    path: "docker attach",
    usage: "[OPTIONS] CONTAINER",
    short: "Attach local standard input, output, and error streams to a running container",
    flags: &[
        flag("detach-keys", None, Takes::Value, "Override the key sequence for detaching a container"),
        flag("no-stdin", None, Takes::Bool, "Do not attach STDIN"),
        flag("sig-proxy", None, Takes::Bool, "Proxy all received signals to the process (default true)"),
    ],
    arity: Arity::Exact(1),
    interspersed: true,
};
pub const CONTAINER_ATTACH: Spec = Spec { path: "docker container attach", ..ATTACH };

/// docker/cli's detach-key grammar: comma-separated `ctrl-<letter>`,
/// `ctrl-@`, `ctrl-[`, … or single characters (moby/term `ToBytes`).
fn valid_detach_keys(keys: &str) -> bool {
    keys.split(',').all(|k| {
        let k = k.trim();
        match k.strip_prefix("ctrl-") {
            Some(rest) => {
                rest.len() == 1 && (rest.chars().all(|c| c.is_ascii_alphabetic()) || "@[\\]^_".contains(rest))
            }
            None => k.chars().count() == 1,
        }
    })
}

pub fn attach(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let name = &p.args[0];
    let keys = p.value("detach-keys").unwrap_or("ctrl-p,ctrl-q");
    if !valid_detach_keys(keys) {
        // moby daemon/attach.go refuses it.
        return Output::daemon_error(format!("Invalid detach keys ({keys}) provided"));
    }
    // `logs` settles the clock and finds the container (or the daemon's error).
    let lines = match ctx.engine.logs(name, ctx.now) {
        Ok((lines, _)) => lines,
        Err(e) => return Output::engine_error(e),
    };
    let Some(c) = ctx.engine.runtime().container(name) else { return Output::ok(String::new()) };
    let refusal = match c.state.status {
        Status::Running => None,
        Status::Paused => Some("cannot attach to a paused container, unpause it first"),
        Status::Restarting => Some("cannot attach to a restarting container, wait until it is running"),
        _ => Some("cannot attach to a stopped container, start it first"),
    };
    if let Some(message) = refusal {
        return Output::error(message.to_string(), 1);
    }
    let sig_proxy = p.value("sig-proxy").is_none_or(|v| v == "true");
    let stdin = c.config.open_stdin && !p.on("no-stdin");
    let pid1 = c.process.as_ref().map(|pr| pr.pid1.join(" ")).unwrap_or_else(|| c.command_line());
    let mut notes = vec![format!(
        "attached to {name}'s PID 1 ({pid1}): what it writes from now on appears here ({} line{} so far; docker logs {name} shows them)",
        lines.len(),
        if lines.len() == 1 { "" } else { "s" }
    )];
    let own_pid_namespace = c.host.pid_mode == crate::run::PidMode::Private;
    let (effect, why) = signal_effect(c.process.as_ref(), Signal(2), c.stop_signal(), own_pid_namespace);
    let ctrl_c = match (c.config.tty, sig_proxy) {
        (true, _) if stdin => {
            "Ctrl+C is typed into the container's terminal, whose line discipline sends SIGINT to PID 1".to_string()
        }
        (_, true) => "Ctrl+C: the CLI proxies SIGINT to PID 1 (--sig-proxy is true by default)".to_string(),
        (_, false) => format!(
            "Ctrl+C: with --sig-proxy=false the signal stays with the CLI, which exits and leaves {name} running"
        ),
    };
    let outcome = match (effect, sig_proxy || (c.config.tty && stdin)) {
        (_, false) => String::new(),
        (SignalEffect::Exited(code), true) => format!(" — {why}, so the container stops (exit {code})"),
        (SignalEffect::Ignored, true) => format!(" — {why}, so nothing happens"),
    };
    notes.push(format!("{ctrl_c}{outcome}"));
    if c.config.tty && stdin {
        notes.push(format!(
            "{} detaches and leaves it running; the CLI prints `read escape sequence`",
            keys.replace(',', " ")
        ));
    } else if !stdin {
        notes.push(format!(
            "stdin is not attached ({}), so the detach keys do nothing; Ctrl+C is the way out",
            if p.on("no-stdin") { "--no-stdin" } else { "the container was not run with -i" }
        ));
    } else {
        notes.push("the detach keys work only for a container run with -i and -t".to_string());
    }
    notes.push(format!(
        "docker exec {name} … starts a new process beside PID 1 instead: ending it leaves the container running"
    ));
    Output {
        stdout: super::render::lines(&lines),
        stderr: notes.iter().map(|n| format!("# layerlab: {n}\n")).collect(),
        status: 0,
        events: Vec::new(),
    }
}
