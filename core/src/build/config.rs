//! The image config, with Docker's keys, and how each instruction updates
//! it (BuildKit's `dispatch*` functions in `dockerfile2llb/convert.go`).

use crate::catalog::BaseConfig;
use crate::instructions::{CommandLine, HealthcheckCmd, HealthcheckKind};
use std::collections::BTreeMap;
use std::collections::BTreeSet;

/// What `docker inspect` shows under `Config`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImageConfig {
    /// `KEY=value`, in the order they were first set.
    pub env: Vec<(String, String)>,
    pub cmd: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    pub working_dir: String,
    pub user: String,
    /// `80/tcp`.
    pub exposed_ports: BTreeSet<String>,
    pub volumes: BTreeSet<String>,
    pub labels: BTreeMap<String, String>,
    pub shell: Option<Vec<String>>,
    pub stop_signal: Option<String>,
    /// `Healthcheck`; `HEALTHCHECK NONE` is stored as the test `["NONE"]`, as Docker does.
    pub healthcheck: Option<HealthcheckCmd>,
    pub on_build: Vec<String>,
}

/// The shell shell-form commands run with when SHELL is not set.
pub const DEFAULT_SHELL: [&str; 2] = ["/bin/sh", "-c"];

/// The PATH BuildKit gives an image that sets none (non-Windows).
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

impl ImageConfig {
    pub fn from_base(base: &BaseConfig) -> ImageConfig {
        let mut config = ImageConfig {
            env: base.env.clone(),
            cmd: base.cmd.clone(),
            entrypoint: base.entrypoint.clone(),
            working_dir: base.working_dir.clone().unwrap_or_default(),
            user: base.user.clone().unwrap_or_default(),
            exposed_ports: base.exposed_ports.iter().cloned().collect(),
            volumes: base.volumes.iter().cloned().collect(),
            stop_signal: base.stop_signal.clone(),
            ..ImageConfig::default()
        };
        config.ensure_path();
        config
    }

    /// BuildKit adds a default PATH when the base sets none.
    pub fn ensure_path(&mut self) {
        if self.get_env("PATH").is_none() {
            self.env.insert(0, ("PATH".to_string(), DEFAULT_PATH.to_string()));
        }
    }

    pub fn get_env(&self, key: &str) -> Option<&str> {
        self.env.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Sets or replaces a variable, keeping its first position.
    pub fn set_env(&mut self, key: &str, value: &str) {
        match self.env.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value.to_string(),
            None => self.env.push((key.to_string(), value.to_string())),
        }
    }

    /// The argv a CMD/ENTRYPOINT line stores: exec form as is, shell form
    /// wrapped in the SHELL in force.
    pub fn command(&self, line: &CommandLine) -> Vec<String> {
        match line {
            CommandLine::Exec(argv) => argv.clone(),
            CommandLine::Shell(script) => {
                let mut argv: Vec<String> = match &self.shell {
                    Some(shell) => shell.clone(),
                    None => DEFAULT_SHELL.iter().map(|s| s.to_string()).collect(),
                };
                argv.push(script.clone());
                argv
            }
        }
    }

    /// WORKDIR: relative paths resolve against the current one.
    pub fn set_workdir(&mut self, path: &str) {
        let base = if self.working_dir.is_empty() { "/" } else { self.working_dir.as_str() };
        self.working_dir = crate::layers::normalize(base, path);
    }

    /// EXPOSE `80`, `80/TCP`, `53/udp` → `80/tcp`, `53/udp`.
    pub fn expose(&mut self, port: &str) {
        let (number, proto) = port.split_once('/').unwrap_or((port, "tcp"));
        self.exposed_ports.insert(format!("{number}/{}", proto.to_ascii_lowercase()));
    }

    pub fn set_healthcheck(&mut self, check: &HealthcheckKind) {
        self.healthcheck = Some(match check {
            HealthcheckKind::None => HealthcheckCmd {
                test: vec!["NONE".to_string()],
                interval: 0,
                timeout: 0,
                start_period: 0,
                start_interval: 0,
                retries: 0,
            },
            HealthcheckKind::Cmd(cmd) => cmd.clone(),
        });
    }
}
