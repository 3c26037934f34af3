//! The typed options of a `docker run` line, and the per-flag reading that
//! pflag's `Value.Set` does while flags are parsed: each value is checked
//! for its kind (booleans, Go integers and durations, byte sizes, CPUs,
//! `-e`, `--network`, `--mount`) and stored; the last value wins for
//! single-valued flags and repeatable flags accumulate.

use super::error::{RunError, RunErrorKind, ValueError};
use super::flags::{FlagUse, Kind};
use super::mount::{parse_mount, Mount};
use super::network::{parse_network, NetworkAttachment, NetworkMode};
use super::publish::PortMapping;
use super::restart::RestartPolicy;
use super::units::{parse_bool, parse_cpus, parse_int, parse_uint, ram_in_bytes};
use super::volume::VolumeSpec;
use crate::span::Span;

/// One `-e` value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EnvVar {
    /// `-e KEY=VALUE` (the value may be empty).
    Set { key: String, value: String },
    /// `-e KEY`: the CLI copies `KEY` from its own environment, or leaves it
    /// out of the container's if the client has no such variable.
    FromClient { key: String },
}

impl EnvVar {
    pub fn key(&self) -> &str {
        match self {
            EnvVar::Set { key, .. } | EnvVar::FromClient { key } => key,
        }
    }
}

/// `--entrypoint`. Docker takes the value as one program name: `--entrypoint
/// "sh -c"` looks for a program called `sh -c`; arguments go after the image.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Entrypoint {
    /// `--entrypoint ""`: no entrypoint at all (the image's is dropped).
    Reset,
    /// `--entrypoint PROGRAM`.
    Program(String),
}

/// The `--health-*` flags as given; durations in nanoseconds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct HealthOptions {
    /// `--health-cmd`, run with the container's shell (`CMD-SHELL`).
    pub cmd: Option<String>,
    pub interval: Option<i64>,
    pub timeout: Option<i64>,
    pub start_period: Option<i64>,
    pub start_interval: Option<i64>,
    pub retries: Option<i64>,
}

impl HealthOptions {
    /// Docker's `haveHealthSettings`: any non-zero/non-empty value.
    pub fn any(&self) -> bool {
        self.cmd.as_deref().is_some_and(|c| !c.is_empty())
            || [self.interval, self.timeout, self.start_period, self.start_interval, self.retries]
                .iter()
                .any(|v| v.is_some_and(|v| v != 0))
    }
}

/// `--pid`: whose process namespace the container gets (moby's `PidMode`:
/// empty for a new one, `host`, or `container:<name|id>`; see the run
/// reference, moby `docs/reference/run.md`, "PID settings").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PidMode {
    #[default]
    Private,
    /// The host's: the container sees every process of the host, with host PIDs.
    Host,
    /// Another container's (`container:NAME`).
    Container(String),
}

/// A flag Docker accepts that Layerlab keeps but does not model.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OtherFlag {
    pub name: &'static str,
    pub value: String,
    pub span: Span,
}

/// Everything the flags say, typed. Defaults are Docker's.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunOptions {
    pub detach: bool,
    pub interactive: bool,
    pub tty: bool,
    pub rm: bool,
    /// `--name` (`None` if not given or empty: Docker generates one).
    pub name: Option<String>,
    pub env: Vec<EnvVar>,
    /// `--env-file` paths, in order; the caller reads them (see `parse_env_file`).
    pub env_files: Vec<String>,
    pub publish: Vec<PortMapping>,
    pub publish_all: bool,
    /// `None`: the image's entrypoint.
    pub entrypoint: Option<Entrypoint>,
    pub user: Option<String>,
    /// Cleaned absolute path.
    pub workdir: Option<String>,
    pub volumes: Vec<VolumeSpec>,
    pub mounts: Vec<Mount>,
    /// One per `--network`; empty means the default bridge.
    pub networks: Vec<NetworkAttachment>,
    pub hostname: Option<String>,
    /// `--pid`.
    pub pid: PidMode,
    /// `-m` in bytes; `None` (or `-m 0`): no limit.
    pub memory: Option<i64>,
    /// `--cpus` in billionths of a CPU; `None` (or `--cpus 0`): no limit.
    pub nano_cpus: Option<i64>,
    /// `--pids-limit`; zero or negative means unlimited.
    pub pids_limit: Option<i64>,
    pub read_only: bool,
    pub cap_add: Vec<String>,
    pub cap_drop: Vec<String>,
    pub privileged: bool,
    pub security_opt: Vec<String>,
    /// `None`: not given (Docker's default, `no`).
    pub restart: Option<RestartPolicy>,
    /// `--init`; `None` when not given (the daemon's default applies).
    pub init: Option<bool>,
    pub health: HealthOptions,
    pub no_healthcheck: bool,
    pub platform: Option<String>,
    /// `-l/--label KEY[=VALUE]`, in order (a later key wins, as in Docker's map).
    pub labels: Vec<(String, String)>,
    /// `--network-alias`: aliases on the first (user-defined) network.
    pub network_aliases: Vec<String>,
    /// `--stop-signal` (`None` if not given or empty: the image's STOPSIGNAL, else SIGTERM).
    /// The daemon checks it when the container is created.
    pub stop_signal: Option<String>,
    /// `--stop-timeout` in seconds (`None`: 10, or what `docker stop -t` says).
    pub stop_timeout: Option<i64>,
    /// Accepted flags Layerlab does not model, in order.
    pub other: Vec<OtherFlag>,
}

impl RunOptions {
    /// The network mode the container starts in (the first `--network`).
    pub fn network_mode(&self) -> NetworkMode {
        self.networks.first().map_or(NetworkMode::Default, |n| n.mode.clone())
    }

    /// The value of an unmodeled flag (the last one given).
    pub fn other_value(&self, name: &str) -> Option<&str> {
        self.other.iter().rev().find(|o| o.name == name).map(|o| o.value.as_str())
    }
}

/// A value read for its kind.
enum Typed {
    Bool(bool),
    Int(i64),
    Text,
}

fn invalid(u: &FlagUse, cause: ValueError) -> RunError {
    RunError::new(
        RunErrorKind::InvalidValue { flag: u.spec.label(), value: u.value.clone(), cause: Box::new(cause) },
        u.value_span,
    )
}

/// pflag's `Value.Set` for the flag's kind.
fn read(u: &FlagUse) -> Result<Typed, RunError> {
    let v = u.value.as_str();
    let num = |r: Result<i64, _>| r.map(Typed::Int).map_err(|e| invalid(u, ValueError::Number(e)));
    match u.spec.kind {
        Kind::Bool => parse_bool(v).map(Typed::Bool).map_err(|e| invalid(u, ValueError::Number(e))),
        Kind::Int => num(parse_int(v, 64)),
        Kind::Uint16 => num(parse_uint(v, 16).map(|n| n as i64)),
        Kind::Uint64 => num(parse_uint(v, 64).map(|n| n as i64)),
        Kind::Duration => crate::instructions::parse_go_duration(v)
            .map(|d| Typed::Int(i64::try_from(d).unwrap_or(i64::MIN)))
            .map_err(|e| invalid(u, ValueError::Duration(e))),
        Kind::Bytes => ram_in_bytes(v).map(Typed::Int).map_err(|e| invalid(u, ValueError::Size(e))),
        Kind::SwapBytes if v == "-1" => Ok(Typed::Int(-1)),
        Kind::SwapBytes => ram_in_bytes(v).map(Typed::Int).map_err(|e| invalid(u, ValueError::Size(e))),
        Kind::Decimal => parse_cpus(v).map(Typed::Int).map_err(|e| invalid(u, ValueError::Cpus(e))),
        Kind::Ip if v.is_empty() || v.trim().parse::<std::net::IpAddr>().is_ok() => Ok(Typed::Text),
        Kind::Ip => Err(invalid(u, ValueError::Ip { value: v.to_string() })),
        Kind::Env if v.split('=').next().is_some_and(str::is_empty) => {
            Err(invalid(u, ValueError::EmptyEnvName { value: v.to_string() }))
        }
        Kind::Attach if !["stdin", "stdout", "stderr"].contains(&v.to_lowercase().as_str()) => {
            Err(invalid(u, ValueError::Attach))
        }
        Kind::Str | Kind::List | Kind::Env | Kind::Attach | Kind::Network | Kind::Mount => Ok(Typed::Text),
    }
}

fn non_empty(v: &str) -> Option<String> {
    (!v.is_empty()).then(|| v.to_string())
}

/// Reads one flag into `opts`, as pflag does while parsing.
pub fn apply(opts: &mut RunOptions, u: &FlagUse) -> Result<(), RunError> {
    let typed = read(u)?;
    let v = u.value.as_str();
    let flag = |b: &mut bool| {
        if let Typed::Bool(x) = typed {
            *b = x;
        }
    };
    let int = || if let Typed::Int(n) = typed { Some(n) } else { None };
    match u.spec.name {
        "detach" => flag(&mut opts.detach),
        "interactive" => flag(&mut opts.interactive),
        "tty" => flag(&mut opts.tty),
        "rm" => flag(&mut opts.rm),
        "publish-all" => flag(&mut opts.publish_all),
        "read-only" => flag(&mut opts.read_only),
        "privileged" => flag(&mut opts.privileged),
        "no-healthcheck" => flag(&mut opts.no_healthcheck),
        "init" => {
            if let Typed::Bool(x) = typed {
                opts.init = Some(x);
            }
        }
        "name" => opts.name = non_empty(v),
        "env" => opts.env.push(match v.split_once('=') {
            Some((key, value)) => EnvVar::Set { key: key.to_string(), value: value.to_string() },
            None => EnvVar::FromClient { key: v.to_string() },
        }),
        "env-file" => opts.env_files.push(v.to_string()),
        "entrypoint" => {
            opts.entrypoint = Some(if v.is_empty() { Entrypoint::Reset } else { Entrypoint::Program(v.to_string()) })
        }
        "user" => opts.user = non_empty(v),
        "workdir" => opts.workdir = non_empty(v),
        "hostname" => opts.hostname = non_empty(v),
        "pid" if v == "host" => opts.pid = PidMode::Host,
        "pid" if v.is_empty() => opts.pid = PidMode::Private,
        "pid" if v.len() > "container:".len() && v.starts_with("container:") => {
            opts.pid = PidMode::Container(v["container:".len()..].to_string())
        }
        "platform" => opts.platform = non_empty(v),
        "memory" => opts.memory = int().filter(|&n| n != 0),
        "cpus" => opts.nano_cpus = int().filter(|&n| n != 0),
        "pids-limit" => opts.pids_limit = int(),
        "cap-add" => opts.cap_add.push(v.to_string()),
        "cap-drop" => opts.cap_drop.push(v.to_string()),
        "security-opt" => opts.security_opt.push(v.to_string()),
        "health-cmd" => opts.health.cmd = Some(v.to_string()),
        "health-interval" => opts.health.interval = int(),
        "health-timeout" => opts.health.timeout = int(),
        "health-start-period" => opts.health.start_period = int(),
        "health-start-interval" => opts.health.start_interval = int(),
        "health-retries" => opts.health.retries = int(),
        "network" | "net" => {
            let n = parse_network(v).map_err(|e| invalid(u, ValueError::Network(e)))?;
            opts.networks.push(n);
        }
        "label" => {
            // docker/cli's `opts.ValidateLabel`: the key (leading blanks
            // trimmed) must be non-empty and without blanks; no `=` means an
            // empty value (`ConvertKVStringsToMap`).
            let (key, value) = v.split_once('=').unwrap_or((v, ""));
            let trimmed = key.trim_start_matches([' ', '\t']);
            if trimmed.is_empty() {
                return Err(invalid(u, ValueError::LabelEmptyName { value: v.to_string() }));
            }
            if trimmed.contains([' ', '\t']) {
                return Err(invalid(u, ValueError::LabelWhitespace { key: trimmed.to_string() }));
            }
            opts.labels.push((key.to_string(), value.to_string()));
        }
        "network-alias" => opts.network_aliases.push(v.to_string()),
        "stop-signal" => opts.stop_signal = non_empty(v),
        "stop-timeout" => opts.stop_timeout = int(),
        "mount" => {
            let m = parse_mount(v).map_err(|e| invalid(u, ValueError::Mount(e)))?;
            opts.mounts.push(m);
        }
        // Read after all flags, in Docker's order (see `checks`): -p, -v, --restart.
        _ => opts.other.push(OtherFlag { name: u.spec.name, value: v.to_string(), span: u.value_span }),
    }
    Ok(())
}
