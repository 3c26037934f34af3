//! The normalized Compose project: what the Compose file says once it is
//! read, interpolated, merged and defaulted, as typed values.
//!
//! This is the shape `compose-go`'s `types.Project` has after loading
//! (github.com/compose-spec/compose-go, `types/project.go`, `types/types.go`):
//! short syntaxes are already expanded (a `ports` string is a
//! [`PortMapping`], a `volumes` string a [`VolumeMount`], a `depends_on`
//! list a map with `service_started`), and a shell-string `command` is
//! already split into words as compose-go splits it. The file reader
//! produces it; the commands only consume it.
//!
//! Stability: other modules build these values, so fields are only ever
//! added, never renamed or removed; every struct is `Default` so a literal
//! can end with `..Default::default()` and survive an added field.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// A Compose project: its name, its services in the order the file lists
/// them, and its top-level networks and volumes by their key in the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Project {
    /// The project name (`name:`, `-p`, or the directory's name), already
    /// normalized as Compose requires (lowercase letters, digits, `-`, `_`).
    pub name: String,
    pub services: Vec<Service>,
    pub networks: BTreeMap<String, Network>,
    pub volumes: BTreeMap<String, Volume>,
    /// The project directory (compose-go's `WorkingDir`), for the
    /// `com.docker.compose.project.working_dir` label.
    pub working_dir: String,
    /// The files read, in order (compose-go's `ComposeFiles`), for the
    /// `com.docker.compose.project.config_files` label `ls` shows.
    pub config_files: Vec<String>,
}

impl Project {
    /// The service named `name`.
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }
}

/// A top-level `networks:` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Network {
    /// `name:` — the engine's name when set; otherwise Compose uses
    /// `PROJECT_KEY`.
    pub name: Option<String>,
    pub driver: Option<String>,
    pub external: bool,
    pub internal: bool,
    pub labels: BTreeMap<String, String>,
}

/// A top-level `volumes:` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Volume {
    /// `name:` — the engine's name when set; otherwise `PROJECT_KEY`.
    pub name: Option<String>,
    pub driver: Option<String>,
    pub external: bool,
    pub labels: BTreeMap<String, String>,
}

/// One service.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Service {
    pub name: String,
    /// `image:` as written (a reference, parsed when used).
    pub image: Option<String>,
    pub build: Option<Build>,
    /// `command:` as words; `None` keeps the image's CMD.
    pub command: Option<Vec<String>>,
    /// `entrypoint:` as words; `None` keeps the image's ENTRYPOINT.
    pub entrypoint: Option<Vec<String>>,
    /// `environment:` (and `env_file:` already merged in); `None` is a
    /// variable named without a value, which Compose leaves unset.
    pub environment: BTreeMap<String, Option<String>>,
    pub ports: Vec<PortMapping>,
    /// `expose:` — ports published to linked services only.
    pub expose: Vec<ExposedPort>,
    pub volumes: Vec<VolumeMount>,
    /// Networks by their key in the top-level `networks:`; a service that
    /// names none is on `default`.
    pub networks: BTreeMap<String, ServiceNetwork>,
    pub depends_on: BTreeMap<String, Dependency>,
    pub healthcheck: Option<Healthcheck>,
    pub restart: Option<RestartPolicy>,
    pub user: Option<String>,
    pub working_dir: Option<String>,
    /// `deploy.resources`.
    pub resources: Resources,
    pub profiles: Vec<String>,
    pub container_name: Option<String>,
    pub hostname: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub stop_signal: Option<String>,
    pub stop_grace_period: Option<Duration>,
    pub tty: bool,
    pub stdin_open: bool,
    pub init: Option<bool>,
    pub read_only: bool,
    /// `deploy.replicas` or `scale:`; `None` is one.
    pub scale: Option<u32>,
}

impl Service {
    /// The networks the service joins: those it names, else `default`.
    pub fn network_keys(&self) -> Vec<&str> {
        if self.networks.is_empty() {
            vec!["default"]
        } else {
            self.networks.keys().map(String::as_str).collect()
        }
    }

    /// How many containers `up` runs.
    pub fn replicas(&self) -> u32 {
        self.scale.unwrap_or(1)
    }
}

/// `build:` (the string form is `context` alone).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Build {
    /// The directory, relative to the project directory as written.
    pub context: String,
    /// `dockerfile:`; `None` is `Dockerfile` in the context.
    pub dockerfile: Option<String>,
    pub dockerfile_inline: Option<String>,
    /// `args:`; `None` takes the value from the environment, if any.
    pub args: BTreeMap<String, Option<String>>,
    pub target: Option<String>,
}

/// A port's transport protocol: the one `docker run -p` reads.
pub use crate::run::Protocol;

/// An inclusive range of ports; one port is `start == end`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortRange {
    pub start: u16,
    pub end: u16,
}

impl PortRange {
    pub fn single(port: u16) -> Self {
        PortRange { start: port, end: port }
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}-{}", self.start, self.end)
        }
    }
}

/// One `ports:` entry: a container port and where on the host it is
/// published (a short-syntax range is one entry per container port, as
/// compose-go expands it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortMapping {
    /// `127.0.0.1` in `127.0.0.1:8080:80`; `None` is every address.
    pub host_ip: Option<String>,
    /// The host port or range; `None` lets the engine pick one.
    pub published: Option<PortRange>,
    pub target: u16,
    pub protocol: Protocol,
}

/// One `expose:` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExposedPort {
    pub ports: PortRange,
    pub protocol: Protocol,
}

/// What a service mount is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MountKind {
    /// A named volume (a key of the top-level `volumes:`), or an anonymous
    /// one when the source is `None`.
    #[default]
    Volume,
    /// A host path.
    Bind,
    Tmpfs,
}

/// One `volumes:` entry of a service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VolumeMount {
    pub kind: MountKind,
    /// The volume's key, or the host path as written for a bind.
    pub source: Option<String>,
    /// The path in the container.
    pub target: String,
    pub read_only: bool,
}

/// A service's entry under `networks:`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceNetwork {
    pub aliases: Vec<String>,
    pub ipv4_address: Option<String>,
}

/// When a dependency counts as ready (`depends_on.<name>.condition`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum DependencyCondition {
    /// `service_started`, the default.
    #[default]
    Started,
    /// `service_healthy`.
    Healthy,
    /// `service_completed_successfully`.
    CompletedSuccessfully,
}

impl DependencyCondition {
    /// The word the file uses.
    pub fn as_str(self) -> &'static str {
        match self {
            DependencyCondition::Started => "service_started",
            DependencyCondition::Healthy => "service_healthy",
            DependencyCondition::CompletedSuccessfully => "service_completed_successfully",
        }
    }
}

/// One `depends_on` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub condition: DependencyCondition,
    /// Restart this service when the dependency is updated.
    pub restart: bool,
    /// `required: false` lets `up` go on without the dependency.
    pub required: bool,
}

impl Default for Dependency {
    /// What the short (list) syntax means: started, required, no restart.
    fn default() -> Self {
        Dependency { condition: DependencyCondition::Started, restart: false, required: true }
    }
}

/// `healthcheck.test`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HealthTest {
    /// `["NONE"]` or `disable: true`: the image's check is turned off.
    None,
    /// `["CMD", program, args…]`.
    Cmd(Vec<String>),
    /// A string, or `["CMD-SHELL", "…"]`.
    Shell(String),
}

impl HealthTest {
    /// The engine's form (`Config.Healthcheck.Test`).
    pub fn to_engine(&self) -> Vec<String> {
        match self {
            HealthTest::None => vec!["NONE".to_string()],
            HealthTest::Cmd(words) => {
                let mut test = vec!["CMD".to_string()];
                test.extend(words.iter().cloned());
                test
            }
            HealthTest::Shell(line) => vec!["CMD-SHELL".to_string(), line.clone()],
        }
    }
}

/// `healthcheck:`; unset fields keep the image's or Docker's defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Healthcheck {
    /// `None` keeps the image's test with these timings.
    pub test: Option<HealthTest>,
    pub interval: Option<Duration>,
    pub timeout: Option<Duration>,
    pub start_period: Option<Duration>,
    pub start_interval: Option<Duration>,
    pub retries: Option<u64>,
    pub disable: bool,
}

/// `restart:`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RestartPolicy {
    #[default]
    No,
    Always,
    /// `on-failure[:max-retries]`.
    OnFailure(Option<u32>),
    UnlessStopped,
}

impl fmt::Display for RestartPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RestartPolicy::No => f.write_str("no"),
            RestartPolicy::Always => f.write_str("always"),
            RestartPolicy::OnFailure(None) => f.write_str("on-failure"),
            RestartPolicy::OnFailure(Some(n)) => write!(f, "on-failure:{n}"),
            RestartPolicy::UnlessStopped => f.write_str("unless-stopped"),
        }
    }
}

/// `deploy.resources`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resources {
    pub limits: ResourceSet,
    pub reservations: ResourceSet,
}

/// `limits` or `reservations`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResourceSet {
    /// CPUs, fractional (`0.5`).
    pub cpus: Option<f64>,
    /// Bytes.
    pub memory: Option<u64>,
    pub pids: Option<i64>,
}
