//! "What happens when you run `docker run nginx`", as data for the app to
//! animate: each step names who acts and what it did to *this* container.
//! The path is Docker's: the CLI calls dockerd's REST API over
//! `/var/run/docker.sock` (`POST /containers/create`, then `/start`); dockerd
//! finds (or pulls) the image, prepares the rootfs and network, and asks
//! containerd to run it; containerd starts `containerd-shim-runc-v2`, which
//! runs runc; runc creates the namespaces and cgroup, mounts, `pivot_root`s
//! into the rootfs and `exec`s the process, then exits, leaving the shim as
//! the process's parent.

use super::cgroups;
use super::model::Container;
use super::namespaces::lowerdirs;
use super::network::mac_for;
use crate::run::{NetworkMode, PidMode};

/// Which actor a step belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Cli,
    Api,
    ImageLookup,
    Pull,
    Create,
    Network,
    Containerd,
    Shim,
    Runc,
    Namespaces,
    Cgroups,
    Mounts,
    PivotRoot,
    Exec,
    Process,
}

/// One step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub kind: StepKind,
    /// `docker CLI`, `dockerd`, `containerd`, `containerd-shim-runc-v2`, `runc`, the process.
    pub actor: String,
    pub action: String,
    /// What it did to this container.
    pub effect: String,
}

/// The story of a container that was just run; `pulled`: the image was pulled for it.
pub fn story(c: &Container, image_reference: &str, pulled: bool) -> Vec<Step> {
    let step =
        |kind, actor: &str, action: String, effect: String| Step { kind, actor: actor.to_string(), action, effect };
    let mut steps = vec![
        step(
            StepKind::Cli,
            "docker CLI",
            "parses the flags and connects to /var/run/docker.sock".into(),
            "nothing yet: the CLI only talks to the daemon".into(),
        ),
        step(
            StepKind::Api,
            "dockerd",
            "POST /containers/create".into(),
            format!("the request names image {image_reference} and the container {}", c.name),
        ),
        step(
            StepKind::ImageLookup,
            "dockerd",
            format!("looks up {image_reference} in the local image store"),
            if pulled { "not found locally".into() } else { format!("found {}", crate::engine::short_id(&c.image_id)) },
        ),
    ];
    if pulled {
        steps.push(step(
            StepKind::Pull,
            "dockerd",
            format!("pulls {image_reference} from the registry ({} layers)", c.layers.len()),
            format!("image {} stored", crate::engine::short_id(&c.image_id)),
        ));
    }
    steps.push(step(
        StepKind::Create,
        "dockerd",
        "creates the container: config, a writable layer, mounts".into(),
        format!(
            "id {}, name /{}, {} read-only image layers as overlay lowerdirs plus one upperdir{}",
            c.id,
            c.name,
            c.layers.len(),
            if c.mounts.is_empty() { String::new() } else { format!(", {} mount(s)", c.mounts.len()) }
        ),
    ));
    steps.push(step(
        StepKind::Api,
        "dockerd",
        format!("POST /containers/{}/start", c.short_id()),
        "the CLI asks to start it".into(),
    ));
    let net = match c.endpoints.first() {
        Some(e) => match e.ip {
            Some(ip) => format!("endpoint on {} with {ip}, MAC {}", e.network, mac_for(ip)),
            None => format!("endpoint on {} (no address: not running)", e.network),
        },
        None => format!("network mode {}", c.host.network_mode),
    };
    steps.push(step(StepKind::Network, "dockerd (libnetwork)", "sets up the network sandbox".into(), net));
    steps.push(step(
        StepKind::Containerd,
        "containerd",
        "creates a task from the OCI bundle dockerd prepared".into(),
        format!("bundle for {}", c.short_id()),
    ));
    steps.push(step(
        StepKind::Shim,
        "containerd-shim-runc-v2",
        "starts, one per container, and calls runc".into(),
        "the shim stays as the process's parent, so dockerd and containerd can restart without killing it".into(),
    ));
    steps.push(step(
        StepKind::Runc,
        "runc",
        "reads config.json and creates the container".into(),
        "runc's init process waits inside the new container for the start".into(),
    ));
    steps.push(step(
        StepKind::Namespaces,
        "runc",
        format!("unshares {} namespaces", in_words(&unshared(c))),
        joined(c).into_iter().fold(format!("hostname {}", c.config.hostname), |acc, j| format!("{acc}; {j}")),
    ));
    let files: Vec<String> = cgroups::files(&c.host).iter().map(|f| format!("{}={}", f.name, f.value)).collect();
    steps.push(step(StepKind::Cgroups, "runc", format!("creates {}", cgroups::path(&c.id)), files.join(", ")));
    steps.push(step(
        StepKind::Mounts,
        "runc",
        "mounts the overlay rootfs, /proc, /dev, /sys and the volumes".into(),
        format!("lowerdir={}", lowerdirs(c).join(":")),
    ));
    steps.push(step(
        StepKind::PivotRoot,
        "runc",
        "pivot_root into the rootfs".into(),
        "the host's filesystem is no longer visible".into(),
    ));
    // runc execs the container's command line; an entrypoint script may in
    // turn `exec` the app, which then is PID 1.
    let pid1 = c.process.as_ref().map(|p| p.pid1.join(" ")).unwrap_or_else(|| c.command_line());
    let exec_effect = match &c.host.pid_mode {
        PidMode::Private => "it becomes PID 1 of the new pid namespace".to_string(),
        PidMode::Host => "it runs in the host's pid namespace: not PID 1, just another host process".to_string(),
        PidMode::Container(other) => format!("it joins {other}'s pid namespace, where {other}'s process is PID 1"),
    };
    steps.push(step(StepKind::Exec, "runc", format!("execve {}", c.command_line()), exec_effect));
    let what = match &c.process {
        Some(p) => p.reason.clone(),
        None => c.start_error.clone().map(|(m, _)| m).unwrap_or_default(),
    };
    // The PID of its last start: a story is also told of a container that has exited since.
    let host_pid = match c.last_pid {
        0 => "not started yet".to_string(),
        pid => format!("host PID {pid}"),
    };
    steps.push(step(StepKind::Process, &pid1, host_pid, what));
    steps
}

/// The namespaces runc creates: `--pid` and `--network` with `host` or
/// `container:NAME` take none of their own for that kind (moby
/// `daemon/oci_linux.go` leaves them out of the spec, or points them at the
/// other container's `/proc/PID/ns/...`).
fn unshared(c: &Container) -> Vec<&'static str> {
    let mut kinds = Vec::new();
    if c.host.pid_mode == PidMode::Private {
        kinds.push("pid");
    }
    if !matches!(c.host.network_mode, NetworkMode::Host | NetworkMode::Container(_)) {
        kinds.push("net");
    }
    kinds.extend(["mnt", "uts", "ipc", "cgroup"]);
    kinds
}

/// The namespaces it shares instead, in words.
fn joined(c: &Container) -> Vec<String> {
    let mut out = Vec::new();
    match &c.host.pid_mode {
        PidMode::Private => {}
        PidMode::Host => out.push("shares the host's pid namespace".to_string()),
        PidMode::Container(other) => out.push(format!("shares {other}'s pid namespace")),
    }
    match &c.host.network_mode {
        NetworkMode::Host => out.push("shares the host's net namespace".to_string()),
        NetworkMode::Container(other) => out.push(format!("shares {other}'s net namespace")),
        _ => {}
    }
    out
}

/// `a, b and c`.
fn in_words(kinds: &[&str]) -> String {
    match kinds.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.to_string(),
        None => String::new(),
    }
}
