//! `-v/--volume`: `name:/path[:opts]`, `/host:/path[:opts]` and anonymous
//! `/path`, checked as Docker checks them: first the CLI's `volumespec.Parse`
//! (colons), then the Linux daemon's `ParseMountRaw` (modes, absolute
//! targets) and the local volume driver's name rule.

use std::fmt;

use super::mount::{MountConfigError, MountProblem};
use crate::context::clean;

/// Where a `-v` volume comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VolumeSource {
    /// `-v /data`: a new volume with a random name.
    Anonymous,
    /// `-v cache:/data`: a named volume, created if missing.
    Named(String),
    /// `-v /srv/app:/app`: a bind mount of a host path. A relative `./x`
    /// is kept as typed (the CLI makes it absolute against its own working
    /// directory).
    HostPath(String),
}

/// One `-v` value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VolumeSpec {
    pub source: VolumeSource,
    /// The path in the container, cleaned as the daemon cleans it.
    pub target: String,
    pub read_only: bool,
    /// The options after the second colon, as typed (`ro,z`), empty if none.
    pub mode: String,
    /// `nocopy`: do not copy the image's files into a new volume.
    pub no_copy: bool,
    /// `shared`, `rslave`…, if given.
    pub propagation: Option<String>,
    /// `z` or `Z` (SELinux relabel), if given.
    pub selinux_label: Option<char>,
}

/// `-v` errors, from the CLI (`Spec…`) or the daemon (the others).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VolumeError {
    /// The CLI: `invalid empty volume spec`.
    EmptySpec,
    /// The CLI: `invalid spec: <spec>: empty section between colons` / `too many colons`.
    Spec {
        spec: String,
        too_many_colons: bool,
    },
    /// The daemon: `invalid volume specification: '<spec>'`.
    InvalidSpec {
        spec: String,
    },
    /// The daemon: `invalid mode: <mode>`.
    InvalidMode {
        mode: String,
    },
    /// The daemon: `invalid volume specification: '<spec>': <mount config error>`.
    InvalidSpecConfig {
        spec: String,
        cause: MountConfigError,
    },
    /// The local driver (wording of the `create <name>: ` prefix seen in Docker's output, not in its source).
    VolumeNameTooShort {
        name: String,
    },
    VolumeNameInvalid {
        name: String,
    },
}

impl VolumeError {
    /// Whether the daemon (not the CLI) reports it.
    pub fn is_daemon(&self) -> bool {
        !matches!(self, VolumeError::EmptySpec | VolumeError::Spec { .. })
    }
}

impl fmt::Display for VolumeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VolumeError::EmptySpec => f.write_str("invalid empty volume spec"),
            VolumeError::Spec { spec, too_many_colons: true } => write!(f, "invalid spec: {spec}: too many colons"),
            VolumeError::Spec { spec, too_many_colons: false } => {
                write!(f, "invalid spec: {spec}: empty section between colons")
            }
            VolumeError::InvalidSpec { spec } => write!(f, "invalid volume specification: '{spec}'"),
            VolumeError::InvalidMode { mode } => write!(f, "invalid mode: {mode}"),
            VolumeError::InvalidSpecConfig { spec, cause } => {
                write!(f, "invalid volume specification: '{spec}': {cause}")
            }
            VolumeError::VolumeNameTooShort { name } => {
                write!(f, "create {name}: volume name is too short, names should be at least two alphanumeric characters")
            }
            VolumeError::VolumeNameInvalid { name } => write!(
                f,
                "create {name}: {} includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path",
                crate::quote::go_quote(name)
            ),
        }
    }
}

/// The CLI's `volumespec.Parse`: only colons are checked; returns whether
/// the spec names a source (a bind or named volume) rather than an anonymous volume.
pub fn cli_check(spec: &str) -> Result<bool, VolumeError> {
    match spec.len() {
        0 => return Err(VolumeError::EmptySpec),
        1 | 2 => return Ok(false),
        _ => {}
    }
    let mut source = false;
    let mut target = false;
    let mut buffer: Vec<char> = Vec::new();
    let fields = spec.chars().map(Some).chain(std::iter::once(None));
    for c in fields {
        // A Windows drive letter (`c:`) keeps its colon.
        let drive = c == Some(':') && buffer.len() == 1 && buffer[0].is_alphabetic();
        if drive || (c.is_some() && c != Some(':')) {
            buffer.extend(c);
            continue;
        }
        if buffer.is_empty() {
            return Err(VolumeError::Spec { spec: spec.to_string(), too_many_colons: false });
        }
        if !source && c.is_none() {
            target = true;
        } else if !source {
            source = true;
        } else if !target {
            target = true;
        } else if c == Some(':') {
            return Err(VolumeError::Spec { spec: spec.to_string(), too_many_colons: true });
        }
        buffer.clear();
    }
    Ok(source)
}

const PROPAGATIONS: [&str; 6] = ["private", "rprivate", "slave", "rslave", "shared", "rshared"];

/// The Linux daemon's `linuxValidMountMode`.
fn valid_mode(mode: &str) -> bool {
    if mode.is_empty() {
        return true;
    }
    let mut counts = [0u8; 5];
    for o in mode.split(',') {
        let slot = match o {
            "rw" | "ro" => 0,
            "z" | "Z" => 1,
            _ if PROPAGATIONS.contains(&o) => 2,
            "nocopy" => 3,
            "consistent" | "cached" | "delegated" => 4,
            _ => return false,
        };
        counts[slot] += 1;
    }
    counts.iter().all(|&n| n <= 1)
}

/// The daemon's name rule for local volumes: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
pub fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 2
        && b[0].is_ascii_alphanumeric()
        && b[1..].iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

/// Checks a `-v` spec as the CLI and then the Linux daemon do.
/// `home_expanded`: the spec began a shell word with an unquoted `~`, which
/// the shell replaces with the (absolute) home directory before Docker sees it.
pub fn parse_volume(spec: &str, home_expanded: bool) -> Result<VolumeSpec, VolumeError> {
    let has_source = cli_check(spec)?;
    if !has_source {
        // An anonymous volume goes to the image-style `Volumes` list, which the daemon does not re-parse.
        return Ok(VolumeSpec {
            source: VolumeSource::Anonymous,
            target: spec.to_string(),
            read_only: false,
            mode: String::new(),
            no_copy: false,
            propagation: None,
            selinux_label: None,
        });
    }
    let invalid = || VolumeError::InvalidSpec { spec: spec.to_string() };
    let arr: Vec<&str> = spec.splitn(4, ':').collect();
    if arr[0].is_empty() {
        return Err(invalid());
    }
    let (source, target, mode) = match arr.as_slice() {
        [target] => ("", *target, ""),
        [source, target] => {
            if valid_mode(target) {
                return Err(invalid());
            }
            (*source, *target, "")
        }
        [source, target, mode] => (*source, *target, *mode),
        _ => return Err(invalid()),
    };
    if !valid_mode(mode) {
        return Err(VolumeError::InvalidMode { mode: mode.to_string() });
    }
    let options: Vec<&str> = mode.split(',').collect();
    // The CLI turns `./x` into an absolute path before the daemon sees it.
    let is_bind = source.starts_with('/') || source.starts_with('.') || (home_expanded && source.starts_with('~'));
    let mount_type = if is_bind { "bind" } else { "volume" };
    let config_error = |problem| VolumeError::InvalidSpecConfig {
        spec: spec.to_string(),
        cause: MountConfigError { mount_type: mount_type.to_string(), problem },
    };
    let has_propagation = options.iter().any(|o| PROPAGATIONS.contains(o));
    if !is_bind && has_propagation {
        return Err(config_error(MountProblem::ExtraField("BindOptions")));
    }
    if is_bind && options.contains(&"nocopy") {
        return Err(config_error(MountProblem::ExtraField("VolumeOptions")));
    }
    if target.is_empty() {
        return Err(config_error(MountProblem::MissingField("Target")));
    }
    let target_slashed = target.replace('\\', "/");
    if clean(&target_slashed) == "/" {
        return Err(config_error(MountProblem::TargetIsRoot));
    }
    if !target_slashed.starts_with('/') {
        return Err(config_error(MountProblem::NotAbsolute(target_slashed)));
    }
    let volume_source = if is_bind {
        VolumeSource::HostPath(source.to_string())
    } else if source.len() == 1 {
        return Err(VolumeError::VolumeNameTooShort { name: source.to_string() });
    } else if !valid_name(source) {
        return Err(VolumeError::VolumeNameInvalid { name: source.to_string() });
    } else {
        VolumeSource::Named(source.to_string())
    };
    Ok(VolumeSpec {
        source: volume_source,
        target: clean(&target_slashed),
        read_only: options.contains(&"ro"),
        mode: mode.to_string(),
        no_copy: options.contains(&"nocopy"),
        propagation: options.iter().find(|o| PROPAGATIONS.contains(o)).map(|o| o.to_string()),
        selinux_label: options.iter().find_map(|o| match *o {
            "z" => Some('z'),
            "Z" => Some('Z'),
            _ => None,
        }),
    })
}
