//! Reading one `--mount=` value as BuildKit's `parseMount` does
//! (`frontend/dockerfile/instructions/commands_runmount.go`, moby/buildkit
//! 73ed6825): CSV fields, each value expanded, BuildKit's errors and checks.

use crate::build::secrets::csv_fields;
use crate::suggest;
/// A mount's type (`type=`; `bind` when absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MountKind {
    Bind,
    Cache,
    Tmpfs,
    Secret,
    Ssh,
}

impl MountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MountKind::Bind => "bind",
            MountKind::Cache => "cache",
            MountKind::Tmpfs => "tmpfs",
            MountKind::Secret => "secret",
            MountKind::Ssh => "ssh",
        }
    }
}

/// `sharing=` of a cache mount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    Shared,
    Private,
    Locked,
}

impl Sharing {
    pub fn as_str(self) -> &'static str {
        match self {
            Sharing::Shared => "shared",
            Sharing::Private => "private",
            Sharing::Locked => "locked",
        }
    }
}

/// One `--mount=` value, parsed and expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunMount {
    pub kind: MountKind,
    pub from: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    pub read_only: bool,
    pub size: Option<u64>,
    pub id: Option<String>,
    pub sharing: Option<Sharing>,
    pub required: bool,
    pub env: Option<String>,
    pub mode: Option<u32>,
    pub uid: Option<u32>,
    pub gid: Option<u32>,
}

const TYPES: &[&str] = &["bind", "cache", "tmpfs", "secret", "ssh"];
const SHARING: &[&str] = &["shared", "private", "locked"];
const KEYS: &[&str] = &[
    "type",
    "from",
    "source",
    "target",
    "readonly",
    "id",
    "sharing",
    "required",
    "size",
    "mode",
    "uid",
    "gid",
    "src",
    "dst",
    "destination",
    "ro",
    "rw",
    "readwrite",
    "env",
];

/// BuildKit's `suggest.WrapError`: ` (did you mean X?)` when one is close.
fn with_suggestion(message: String, value: &str, options: &[&str]) -> String {
    match suggest::search(value, options, true) {
        Some(s) => format!("{message} (did you mean {s}?)"),
        None => message,
    }
}

fn parse_bool(key: &str, value: &str) -> Result<bool, String> {
    // Go's strconv.ParseBool.
    match value {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok(false),
        _ => Err(format!("invalid value for {key}: {value}")),
    }
}

/// `units.RAMInBytes`: `64m`, `1g`, `512k`, plain bytes (binary multiples).
fn ram_in_bytes(value: &str) -> Option<u64> {
    let lower = value.trim().to_ascii_lowercase();
    let lower = lower.strip_suffix('b').unwrap_or(&lower);
    let lower = lower.strip_suffix('i').unwrap_or(lower);
    let (number, unit) = match lower.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => lower.split_at(i),
        None => (lower, ""),
    };
    let n: f64 = number.parse().ok()?;
    let multiple: f64 = match unit {
        "" => 1.0,
        "k" => 1024.0,
        "m" => 1024.0 * 1024.0,
        "g" => 1024.0 * 1024.0 * 1024.0,
        "t" => 1024.0_f64.powi(4),
        _ => return None,
    };
    (n >= 0.0).then_some((n * multiple) as u64)
}

/// Parses one `--mount` value, expanding each value with `expand` (BuildKit
/// expands mount values with the step's environment). Errors are BuildKit's.
pub fn parse(value: &str, expand: &dyn Fn(&str) -> Result<String, String>) -> Result<RunMount, String> {
    let mut m = RunMount {
        kind: MountKind::Bind,
        from: None,
        source: None,
        target: None,
        read_only: false,
        size: None,
        id: None,
        sharing: None,
        required: false,
        env: None,
        mode: None,
        uid: None,
        gid: None,
    };
    let mut ro_auto = true;
    let requirable = |m: &RunMount| matches!(m.kind, MountKind::Secret | MountKind::Ssh);
    let unexpected = |key: &str, m: &RunMount| format!("unexpected key '{key}' for mount type '{}'", m.kind.as_str());
    for field in csv_fields(value) {
        let Some((key, raw)) = field.split_once('=') else {
            match field.to_lowercase().as_str() {
                "readonly" | "ro" => m.read_only = true,
                "readwrite" | "rw" => m.read_only = false,
                "required" if requirable(&m) => m.required = true,
                key @ "required" => return Err(unexpected(key, &m)),
                _ => return Err(format!("invalid field '{field}' must be a key=value pair")),
            }
            ro_auto = false;
            continue;
        };
        let key = key.to_lowercase();
        let value = expand(raw)?;
        match key.as_str() {
            "type" => {
                m.kind = match value.to_lowercase().as_str() {
                    "bind" => MountKind::Bind,
                    "cache" => MountKind::Cache,
                    "tmpfs" => MountKind::Tmpfs,
                    "secret" => MountKind::Secret,
                    "ssh" => MountKind::Ssh,
                    _ => {
                        let message = format!("unsupported mount type {}", crate::quote::go_quote(&value));
                        return Err(with_suggestion(message, &value, TYPES));
                    }
                }
            }
            "from" => m.from = Some(value),
            "source" | "src" => m.source = Some(value),
            "target" | "dst" | "destination" => m.target = Some(value),
            "readonly" | "ro" => {
                m.read_only = parse_bool(&key, &value)?;
                ro_auto = false;
            }
            "readwrite" | "rw" => {
                m.read_only = !parse_bool(&key, &value)?;
                ro_auto = false;
            }
            "required" if requirable(&m) => m.required = parse_bool(&key, &value)?,
            "required" => return Err(unexpected(&key, &m)),
            "size" if m.kind == MountKind::Tmpfs => {
                m.size = Some(ram_in_bytes(&value).ok_or_else(|| format!("invalid value for {key}: {value}"))?)
            }
            "size" => return Err(unexpected(&key, &m)),
            "id" => m.id = Some(value),
            "sharing" => {
                m.sharing = Some(match value.to_lowercase().as_str() {
                    "shared" => Sharing::Shared,
                    "private" => Sharing::Private,
                    "locked" => Sharing::Locked,
                    _ => {
                        let message = format!("unsupported sharing value {}", crate::quote::go_quote(&value));
                        return Err(with_suggestion(message, &value, SHARING));
                    }
                })
            }
            "mode" => {
                m.mode = Some(u32::from_str_radix(&value, 8).map_err(|_| format!("invalid value {value} for mode"))?)
            }
            "uid" => m.uid = Some(value.parse().map_err(|_| format!("invalid value {value} for uid"))?),
            "gid" => m.gid = Some(value.parse().map_err(|_| format!("invalid value {value} for gid"))?),
            "env" => m.env = Some(value),
            _ => return Err(with_suggestion(format!("unexpected key '{key}' in '{field}'"), &key, KEYS)),
        }
    }
    let file_info = matches!(m.kind, MountKind::Secret | MountKind::Ssh | MountKind::Cache);
    if !file_info {
        let kind = crate::quote::go_quote(m.kind.as_str());
        if m.mode.is_some() {
            return Err(format!("mode not allowed for {kind} type mounts"));
        }
        if m.uid.is_some() {
            return Err(format!("uid not allowed for {kind} type mounts"));
        }
        if m.gid.is_some() {
            return Err(format!("gid not allowed for {kind} type mounts"));
        }
    }
    if ro_auto {
        m.read_only = !matches!(m.kind, MountKind::Cache | MountKind::Tmpfs);
    }
    if m.kind == MountKind::Secret {
        if m.from.is_some() {
            return Err("secret mount should not have a from".into());
        }
        if m.sharing.is_some() {
            return Err("secret mount should not define sharing".into());
        }
        if m.source.is_none() && m.target.is_none() && m.id.is_none() {
            return Err("invalid secret mount. one of source, target required".into());
        }
        if m.source.is_some() && m.id.is_some() {
            return Err("both source and id can't be set".into());
        }
    }
    if m.sharing.is_some() && m.kind != MountKind::Cache {
        return Err(format!("invalid cache sharing set for {} mount", m.kind.as_str()));
    }
    Ok(m)
}

/// The stages a RUN's mounts name with `from=` (unexpanded), so the stage
/// selection builds them (`detectRunMount` makes them dependencies).
pub fn from_refs(mounts: &[String]) -> Vec<String> {
    mounts
        .iter()
        .flat_map(|m| csv_fields(m))
        .filter_map(|f| f.split_once('=').filter(|(k, _)| k.eq_ignore_ascii_case("from")).map(|(_, v)| v.to_string()))
        .collect()
}
