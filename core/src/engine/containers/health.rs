//! Health checks: the image's HEALTHCHECK or `--health-*`, and what
//! `docker ps` and `inspect` show of them.
//!
//! Docker runs the check every `interval` (default 30 s) after the start;
//! until the first result the status is `starting`; one success makes it
//! `healthy`; `retries` (default 3) failures in a row make it `unhealthy`,
//! where failures inside `--start-period` do not count (the Dockerfile
//! reference, "HEALTHCHECK"). Nothing executes here, so whether the check
//! passes is decided once, when the container is created: a check whose
//! program the image does not have fails as the shell would (exit 127) —
//! the classic `curl` missing from a slim image — and any other check is
//! assumed to pass, which the reason says. The status at a time is computed
//! from the start time alone, so looking at it never changes it.

use crate::build::ImageConfig;
use crate::run::HealthOptions;

/// Docker's defaults (`container/health.go`): 30 s interval and timeout, 3 retries.
const DEFAULT_INTERVAL: u64 = 30;
const DEFAULT_TIMEOUT: u64 = 30;
const DEFAULT_RETRIES: u64 = 3;
const NANOS: u64 = 1_000_000_000;

/// A container's health check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthCheck {
    /// `["CMD", …]` or `["CMD-SHELL", "…"]`.
    pub test: Vec<String>,
    /// Seconds.
    pub interval: u64,
    pub timeout: u64,
    pub start_period: u64,
    pub retries: u64,
    /// Whether each run of the check succeeds, and why we think so.
    pub passes: bool,
    pub reason: String,
    /// What a failing run prints (`/bin/sh: curl: not found`).
    pub output: String,
}

/// `docker ps`'s and `inspect`'s health status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthStatus {
    Starting,
    Healthy,
    Unhealthy,
}

impl HealthStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HealthStatus::Starting => "starting",
            HealthStatus::Healthy => "healthy",
            HealthStatus::Unhealthy => "unhealthy",
        }
    }
}

/// One run of the check, as `inspect` lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub at: u64,
    pub exit_code: i32,
    pub output: String,
}

fn seconds(nanos: Option<i64>) -> Option<u64> {
    nanos.filter(|n| *n > 0).map(|n| (n as u64).div_ceil(NANOS))
}

/// The check a container gets: the image's HEALTHCHECK with the run line's
/// `--health-*` over it, none with `--no-healthcheck` or `HEALTHCHECK NONE`.
/// `has` answers whether a program is in the image.
pub fn configure(
    image: &ImageConfig,
    options: &HealthOptions,
    disabled: bool,
    has: &dyn Fn(&str) -> bool,
) -> Option<HealthCheck> {
    if disabled {
        return None;
    }
    let base = image.healthcheck.as_ref();
    let test = match &options.cmd {
        Some(cmd) if !cmd.is_empty() => vec!["CMD-SHELL".to_string(), cmd.clone()],
        _ => base.map(|h| h.test.clone())?,
    };
    if test.first().map(String::as_str) == Some("NONE") || test.len() < 2 {
        return None;
    }
    let from_image = |f: fn(&crate::instructions::HealthcheckCmd) -> u64| base.map(f).filter(|n| *n > 0);
    let interval =
        seconds(options.interval).or(from_image(|h| h.interval).map(|n| n.div_ceil(NANOS))).unwrap_or(DEFAULT_INTERVAL);
    let timeout =
        seconds(options.timeout).or(from_image(|h| h.timeout).map(|n| n.div_ceil(NANOS))).unwrap_or(DEFAULT_TIMEOUT);
    let start_period =
        seconds(options.start_period).or(from_image(|h| h.start_period).map(|n| n.div_ceil(NANOS))).unwrap_or(0);
    let retries = options
        .retries
        .filter(|n| *n > 0)
        .map(|n| n as u64)
        .or(base.map(|h| h.retries as u64).filter(|n| *n > 0))
        .unwrap_or(DEFAULT_RETRIES);
    let (passes, reason, output) = judge(&test, has);
    Some(HealthCheck { test, interval: interval.max(1), timeout, start_period, retries, passes, reason, output })
}

/// Whether the check can succeed: its program must be in the image (and a
/// `CMD-SHELL` check needs `/bin/sh`).
fn judge(test: &[String], has: &dyn Fn(&str) -> bool) -> (bool, String, String) {
    let (shell, program) = match test[0].as_str() {
        "CMD-SHELL" => {
            let program = test[1]
                .split_whitespace()
                .find(|w| !w.contains('='))
                .unwrap_or_default()
                .trim_start_matches('(')
                .to_string();
            (true, program)
        }
        _ => (false, test[1].clone()),
    };
    if shell && !has("sh") {
        return (
            false,
            "the check runs with /bin/sh, which the image does not have: every run fails".into(),
            "OCI runtime exec failed: exec failed: unable to start container process: exec: \"/bin/sh\": stat /bin/sh: no such file or directory: unknown".into(),
        );
    }
    if !program.is_empty() && !has(&program) {
        let output = if shell {
            format!("/bin/sh: 1: {program}: not found")
        } else {
            format!("exec: \"{program}\": executable file not found in $PATH")
        };
        return (false, format!("{program} is not in the image, so every run of the check fails (exit 127)"), output);
    }
    (
        true,
        format!("{program} is in the image; the simulation assumes the check succeeds (it does not run it)"),
        String::new(),
    )
}

impl HealthCheck {
    /// The runs of the check between `started` and `now` (the first one an
    /// interval after the start).
    pub fn probes(&self, started: u64, now: u64) -> Vec<Probe> {
        let runs = now.saturating_sub(started) / self.interval;
        // Only the last five are kept, as Docker keeps them.
        (runs.saturating_sub(5) + 1..=runs)
            .map(|k| Probe {
                at: started + k * self.interval,
                exit_code: if self.passes { 0 } else { 127 },
                output: self.output.clone(),
            })
            .collect()
    }

    /// The status and failing streak at `now` for a container running since `started`.
    pub fn status(&self, started: u64, now: u64) -> (HealthStatus, u64) {
        let runs = now.saturating_sub(started) / self.interval;
        if runs == 0 {
            return (HealthStatus::Starting, 0);
        }
        if self.passes {
            return (HealthStatus::Healthy, 0);
        }
        // Failures inside the start period do not count towards the retries.
        let counted = (1..=runs).filter(|k| k * self.interval >= self.start_period).count() as u64;
        if counted >= self.retries {
            (HealthStatus::Unhealthy, counted)
        } else {
            (HealthStatus::Starting, counted)
        }
    }
}
