//! `--restart no|always|unless-stopped|on-failure[:N]`: the CLI's
//! `ParseRestartPolicy` (syntax only) and the daemon's
//! `ValidateRestartPolicy` (names and retry counts).

use std::fmt;

use super::error::RunErrorKind;

/// A validated restart policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RestartPolicy {
    No,
    Always,
    UnlessStopped,
    /// `on-failure[:N]`; `None` (or `Some(0)`): retry forever.
    OnFailure {
        max_retries: Option<u32>,
    },
}

impl fmt::Display for RestartPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RestartPolicy::No => f.write_str("no"),
            RestartPolicy::Always => f.write_str("always"),
            RestartPolicy::UnlessStopped => f.write_str("unless-stopped"),
            RestartPolicy::OnFailure { max_retries: None } => f.write_str("on-failure"),
            RestartPolicy::OnFailure { max_retries: Some(n) } => write!(f, "on-failure:{n}"),
        }
    }
}

/// What the CLI sends: a policy name (unchecked) and a retry count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRestart {
    pub name: String,
    pub count: Option<i64>,
}

impl RawRestart {
    /// Docker's `IsNone`: `no` or empty.
    pub fn is_none(&self) -> bool {
        self.name.is_empty() || self.name == "no"
    }
}

/// The CLI's `ParseRestartPolicy`.
pub fn parse_restart(policy: &str) -> Result<RawRestart, RunErrorKind> {
    if policy.is_empty() {
        return Ok(RawRestart { name: String::new(), count: None });
    }
    let (name, count) = match policy.split_once(':') {
        Some(("", _)) => return Err(RunErrorKind::RestartNoPolicyBeforeColon),
        Some((name, count)) => (name, count),
        None => (policy, ""),
    };
    let count = if count.is_empty() {
        None
    } else {
        // Go's Atoi on a 64-bit int.
        Some(super::units::atoi(count).ok_or(RunErrorKind::RestartCountNotInteger)?)
    };
    Ok(RawRestart { name: name.to_string(), count })
}

/// The daemon's `ValidateRestartPolicy`; `None` for an empty name (no policy).
pub fn validate_restart(raw: &RawRestart) -> Result<Option<RestartPolicy>, RunErrorKind> {
    let count = raw.count.unwrap_or(0);
    let simple = |p| {
        if count != 0 {
            Err(RunErrorKind::RestartRetryNotOnFailure { negative: count < 0 })
        } else {
            Ok(Some(p))
        }
    };
    match raw.name.as_str() {
        "no" => simple(RestartPolicy::No),
        "always" => simple(RestartPolicy::Always),
        "unless-stopped" => simple(RestartPolicy::UnlessStopped),
        "on-failure" => {
            if count < 0 {
                return Err(RunErrorKind::RestartRetryNegative);
            }
            // Counts beyond u32 are kept as "forever"; the daemon stores an int.
            Ok(Some(RestartPolicy::OnFailure { max_retries: raw.count.map(|n| u32::try_from(n).unwrap_or(u32::MAX)) }))
        }
        "" => Ok(None),
        other => Err(RunErrorKind::RestartUnknownPolicy { name: other.to_string() }),
    }
}
