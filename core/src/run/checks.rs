//! The checks after flag parsing, in the order Docker makes them: the CLI's
//! own (`runRun`/`runCreate`, opts.go `parse`, `createContainer`), then the
//! daemon's on the create request (`verifyContainerSettings`, the name, the
//! `-v` binds). The first failure is the one Docker shows.

use super::error::{RunError, RunErrorKind};
use super::mount::daemon_check;
use super::network::check_networks;
use super::options::{OtherFlag, RunOptions};
use super::publish::{parse_publish, standard_notation};
use super::restart::{parse_restart, validate_restart, RawRestart};
use super::volume::{cli_check, parse_volume, VolumeSource};
use crate::catalog::ImageRef;
use crate::context::clean;
use crate::span::Span;

/// Linux capabilities the daemon knows (kernel 5.9+), without `CAP_`.
const CAPABILITIES: &[&str] = &[
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "KILL",
    "SETGID",
    "SETUID",
    "SETPCAP",
    "LINUX_IMMUTABLE",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_ADMIN",
    "NET_RAW",
    "IPC_LOCK",
    "IPC_OWNER",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_CHROOT",
    "SYS_PTRACE",
    "SYS_PACCT",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_NICE",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "MKNOD",
    "LEASE",
    "AUDIT_WRITE",
    "AUDIT_CONTROL",
    "SETFCAP",
    "MAC_OVERRIDE",
    "MAC_ADMIN",
    "SYSLOG",
    "WAKE_ALARM",
    "BLOCK_SUSPEND",
    "AUDIT_READ",
    "PERFMON",
    "BPF",
    "CHECKPOINT_RESTORE",
];

/// The daemon's minimum `-m` (6 MiB).
pub const MIN_MEMORY: i64 = 6 * 1024 * 1024;

fn err(kind: RunErrorKind, span: Span) -> RunError {
    RunError::new(kind, span)
}

/// Takes the values of an unmodeled-so-far flag out of `other`.
fn take(opts: &mut RunOptions, name: &str) -> Vec<OtherFlag> {
    let (taken, kept) = std::mem::take(&mut opts.other).into_iter().partition(|o| o.name == name);
    opts.other = kept;
    taken
}

/// The span of the last value of a flag, for errors about the resulting setting.
fn last_span(spans: &[(&'static str, Span)], names: &[&str]) -> Span {
    spans.iter().rev().find(|(n, _)| names.contains(n)).map_or(Span::default(), |(_, s)| *s)
}

/// Everything after flag parsing. `spans` are the value spans of every flag,
/// in order; `home_expanded_at` the input offsets of words starting with an unquoted `~`.
pub fn check(
    opts: &mut RunOptions,
    image: &str,
    image_span: Span,
    spans: &[(&'static str, Span)],
    home_expanded_at: &[usize],
) -> Result<(), RunError> {
    // A value that starts a shell word with `~` reaches Docker as an absolute path.
    let home_expanded = |span: Span| home_expanded_at.contains(&span.start());
    let publish = take(opts, "publish");
    let volumes = take(opts, "volume");
    let restart = take(opts, "restart").pop();

    // runRun / runCreate: --pull.
    if let Some(pull) = opts.other.iter().rev().find(|o| o.name == "pull") {
        if !matches!(pull.value.as_str(), "always" | "missing" | "never" | "") {
            return Err(err(RunErrorKind::InvalidPullOption { value: pull.value.clone() }, pull.span));
        }
    }
    // parse(): swappiness.
    if let Some(s) = opts.other.iter().rev().find(|o| o.name == "memory-swappiness") {
        let value = super::units::parse_int(&s.value, 64).unwrap_or(-1);
        if value != -1 && !(0..=100).contains(&value) {
            return Err(err(RunErrorKind::InvalidSwappiness { value }, s.span));
        }
    }
    // parse(): the CLI's look at -v.
    for v in &volumes {
        cli_check(&v.value).map_err(|e| err(RunErrorKind::Volume(e), v.span))?;
    }
    // parse(): -p, long forms first for every value, then the specs.
    for p in &publish {
        standard_notation(&p.value).map_err(|e| err(RunErrorKind::Publish(e), p.span))?;
    }
    for p in &publish {
        let mappings = parse_publish(&p.value).map_err(|e| err(RunErrorKind::Publish(e), p.span))?;
        opts.publish.extend(mappings);
    }
    // parse(): --restart syntax.
    let raw_restart = match &restart {
        Some(r) => parse_restart(&r.value).map_err(|k| err(k, r.span))?,
        None => RawRestart { name: String::new(), count: None },
    };
    let restart_span = restart.as_ref().map_or(Span::default(), |r| r.span);
    // parse(): --security-opt.
    for (i, opt) in opts.security_opt.iter().enumerate() {
        let (mut k, mut v, mut ok) = match opt.split_once('=') {
            Some((k, v)) => (k, v, true),
            None => (opt.as_str(), "", false),
        };
        if !ok && k != "no-new-privileges" {
            (k, v, ok) = match opt.split_once(':') {
                Some((k, v)) => (k, v, true),
                None => (opt.as_str(), "", false),
            };
        }
        if (!ok || v.is_empty()) && k != "no-new-privileges" {
            let span = spans.iter().filter(|(n, _)| *n == "security-opt").nth(i).map_or(Span::default(), |s| s.1);
            return Err(err(RunErrorKind::InvalidSecurityOpt { value: opt.clone() }, span));
        }
    }
    // parse(): healthcheck.
    let health = &opts.health;
    if opts.no_healthcheck && health.any() {
        return Err(err(RunErrorKind::HealthcheckConflict, last_span(spans, &["no-healthcheck"])));
    }
    if !opts.no_healthcheck && health.any() {
        let negatives = [
            ("health-interval", health.interval),
            ("health-timeout", health.timeout),
            ("health-retries", health.retries),
            ("health-start-period", health.start_period),
            ("health-start-interval", health.start_interval),
        ];
        if let Some((flag, _)) = negatives.iter().find(|(_, v)| v.is_some_and(|v| v < 0)) {
            return Err(err(RunErrorKind::HealthNegative { flag }, last_span(spans, &[flag])));
        }
    }
    // parse(): --rm with a restart policy.
    if opts.rm && !raw_restart.is_none() {
        return Err(err(RunErrorKind::RestartWithRm, restart_span));
    }
    // parse(): networks.
    check_networks(&opts.networks).map_err(|e| err(RunErrorKind::Network(e), last_span(spans, &["network", "net"])))?;
    // createContainer: the image reference.
    ImageRef::parse(image).map_err(|e| err(RunErrorKind::Reference(e), image_span))?;

    // The daemon: verifyContainerSettings.
    if let Some(wd) = &opts.workdir {
        let absolute = wd.starts_with('/') || (wd.starts_with('~') && home_expanded(last_span(spans, &["workdir"])));
        if !absolute {
            return Err(err(RunErrorKind::WorkdirNotAbsolute { path: wd.clone() }, last_span(spans, &["workdir"])));
        }
        opts.workdir = Some(clean(wd));
    }
    if !opts.no_healthcheck && health.any() {
        let minimums = [
            ("Interval", "health-interval", health.interval),
            ("Timeout", "health-timeout", health.timeout),
            ("StartPeriod", "health-start-period", health.start_period),
            ("StartInterval", "health-start-interval", health.start_interval),
        ];
        for (field, flag, value) in minimums {
            if value.is_some_and(|v| v != 0 && v < 1_000_000) {
                return Err(err(RunErrorKind::HealthTooShort { field }, last_span(spans, &[flag])));
            }
        }
    }
    for (i, m) in opts.mounts.iter().enumerate() {
        if let Err(e) = daemon_check(m) {
            let span = spans.iter().filter(|(n, _)| *n == "mount").nth(i).map_or(Span::default(), |s| s.1);
            return Err(err(RunErrorKind::MountConfig(e), span));
        }
    }
    if opts.publish.iter().any(|p| p.container_port == 0) {
        let span =
            publish.iter().find(|p| parse_publish(&p.value).is_ok_and(|m| m.iter().any(|m| m.container_port == 0)));
        let protocol = opts.publish.iter().find(|p| p.container_port == 0).map_or("tcp", |p| p.protocol.as_str());
        return Err(err(
            RunErrorKind::InvalidPortSpec { port: format!("0/{protocol}") },
            span.map_or(Span::default(), |p| p.span),
        ));
    }
    opts.restart = validate_restart(&raw_restart).map_err(|k| err(k, restart_span))?;
    for (list, flag, caps) in [("CapAdd", "cap-add", &opts.cap_add), ("CapDrop", "cap-drop", &opts.cap_drop)] {
        for (i, cap) in caps.iter().enumerate() {
            let upper = cap.to_uppercase();
            if upper == "ALL" {
                continue;
            }
            let name = if upper.starts_with("CAP_") { upper } else { format!("CAP_{upper}") };
            if !CAPABILITIES.contains(&&name[4..]) {
                let span = spans.iter().filter(|(n, _)| *n == flag).nth(i).map_or(Span::default(), |s| s.1);
                return Err(err(RunErrorKind::UnknownCapability { list, capability: name }, span));
            }
        }
    }
    if opts.memory.is_some_and(|m| m < MIN_MEMORY) {
        return Err(err(RunErrorKind::MemoryTooLow, last_span(spans, &["memory"])));
    }
    // The daemon: the container name.
    if let Some(name) = &opts.name {
        let bare = name.strip_prefix('/').unwrap_or(name);
        if !super::volume::valid_name(bare) {
            return Err(err(RunErrorKind::InvalidName { name: name.clone() }, last_span(spans, &["name"])));
        }
    }
    // The daemon: -v binds and named volumes, then --mount targets against them.
    let mut binds: Vec<String> = Vec::new();
    for v in &volumes {
        let spec = parse_volume(&v.value, home_expanded(v.span)).map_err(|e| err(RunErrorKind::Volume(e), v.span))?;
        if spec.source != VolumeSource::Anonymous {
            if binds.contains(&spec.target) {
                return Err(err(RunErrorKind::DuplicateMountPoint { target: spec.target }, v.span));
            }
            binds.push(spec.target.clone());
        }
        opts.volumes.push(spec);
    }
    for (i, m) in opts.mounts.iter().enumerate() {
        if binds.contains(&clean(&m.target)) {
            let span = spans.iter().filter(|(n, _)| *n == "mount").nth(i).map_or(Span::default(), |s| s.1);
            return Err(err(RunErrorKind::DuplicateMountPoint { target: m.target.clone() }, span));
        }
    }
    Ok(())
}
