//! Signals sent to a container (`docker stop`, `docker kill`) and who
//! receives them: PID 1 of a pid namespace ignores a signal it has no
//! handler for, `--init`'s tini forwards it, a shell parent keeps it.

use super::process::{Process, TermHandling};

/// A signal, by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signal(pub u8);

const SIGNALS: &[(&str, u8)] = &[
    ("HUP", 1),
    ("INT", 2),
    ("QUIT", 3),
    ("KILL", 9),
    ("USR1", 10),
    ("USR2", 12),
    ("TERM", 15),
    ("CONT", 18),
    ("STOP", 19),
    ("WINCH", 28),
];

impl Signal {
    pub const KILL: Signal = Signal(9);
    pub const TERM: Signal = Signal(15);

    /// moby's `signal.ParseSignal`: `SIGTERM`, `TERM`, `term` or `15`.
    pub fn parse(text: &str) -> Option<Signal> {
        if let Ok(n) = text.parse::<u8>() {
            return (1..=64).contains(&n).then_some(Signal(n));
        }
        let upper = text.to_ascii_uppercase();
        let name = upper.strip_prefix("SIG").unwrap_or(&upper);
        SIGNALS.iter().find(|(n, _)| *n == name).map(|(_, v)| Signal(*v))
    }

    pub fn name(self) -> String {
        SIGNALS.iter().find(|(_, v)| *v == self.0).map_or_else(|| self.0.to_string(), |(n, _)| format!("SIG{n}"))
    }
}

/// What a signal did to the container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalEffect {
    /// The process exited with this code.
    Exited(i32),
    /// Nobody acted on it (PID 1 without a handler, or a handled non-fatal signal).
    Ignored,
}

/// Who gets a signal sent to the container and what they do with it.
/// `own_pid_namespace`: false under `--pid host` or `--pid container:NAME`,
/// where the container's first process is not its namespace's init, so a
/// signal without a handler takes its default action and ends it; containerd's
/// runc shim then kills what is left in the container's cgroup, as it does
/// whenever a container has no pid namespace of its own (`shouldKillAllOnExit`).
pub fn signal_effect(
    process: Option<&Process>,
    signal: Signal,
    stop_signal: Signal,
    own_pid_namespace: bool,
) -> (SignalEffect, String) {
    if signal == Signal::KILL {
        return (SignalEffect::Exited(137), "SIGKILL cannot be caught: the kernel ends every process".to_string());
    }
    let Some(p) = process else { return (SignalEffect::Exited(128 + signal.0 as i32), String::new()) };
    let graceful_signal =
        signal == stop_signal || matches!(signal.0, 2 | 3 | 15) || (signal.0 == 28 && stop_signal.0 == 28);
    let app = p.app.first().cloned().unwrap_or_default();
    if p.init {
        // tini forwards the signal to its child, which is not PID 1.
        return match p.term {
            TermHandling::Graceful if graceful_signal => (
                SignalEffect::Exited(0),
                format!("docker-init forwards {} to {app}, which shuts down cleanly", signal.name()),
            ),
            TermHandling::Graceful => (SignalEffect::Ignored, format!("{app} handles {}", signal.name())),
            TermHandling::Default => (
                SignalEffect::Exited(128 + signal.0 as i32),
                format!("docker-init forwards {} to {app}, which has no handler and dies of it", signal.name()),
            ),
        };
    }
    if !own_pid_namespace {
        return match p.term {
            TermHandling::Graceful if graceful_signal && !p.shell_parent => {
                (SignalEffect::Exited(0), format!("{app} handles {}: it shuts down cleanly", signal.name()))
            }
            TermHandling::Graceful if !p.shell_parent => {
                (SignalEffect::Ignored, format!("{app} handles {} and keeps running", signal.name()))
            }
            _ => {
                let first = p.pid1.first().cloned().unwrap_or_default();
                (
                    SignalEffect::Exited(128 + signal.0 as i32),
                    format!(
                        "{first} is not PID 1 here: the container shares another pid namespace, so {} takes its default action and ends it; the shim then kills the rest of the container",
                        signal.name()
                    ),
                )
            }
        };
    }
    if p.shell_parent {
        let shell = p.pid1.first().cloned().unwrap_or_default();
        return (
            SignalEffect::Ignored,
            format!(
                "{shell} is PID 1 and has no handler for {}: the kernel does not deliver it to a namespace's init, and the shell does not pass it to {app}",
                signal.name()
            ),
        );
    }
    match p.term {
        TermHandling::Graceful if graceful_signal => {
            (SignalEffect::Exited(0), format!("{app} is PID 1 and handles {}: it shuts down cleanly", signal.name()))
        }
        TermHandling::Graceful => (SignalEffect::Ignored, format!("{app} handles {} and keeps running", signal.name())),
        TermHandling::Default => (
            SignalEffect::Ignored,
            format!(
                "{app} is PID 1 and installs no handler for {}: Linux ignores it for a PID namespace's init (docker run --init would make tini PID 1)",
                signal.name()
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_parse_like_moby() {
        for (text, n) in
            [("SIGTERM", Some(15)), ("term", Some(15)), ("KILL", Some(9)), ("9", Some(9)), ("SIGQUIT", Some(3))]
        {
            assert_eq!(Signal::parse(text).map(|s| s.0), n, "{text}");
        }
        assert_eq!(Signal::parse("SIGNOPE"), None);
        assert_eq!(Signal::parse("0"), None);
    }
}
