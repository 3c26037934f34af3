//! `--mount type=bind,source=/src,target=/dst,readonly`: the CLI's
//! `MountOpt.Set` (a CSV record of `key=value` fields, checked when the flag
//! is read) and the Linux daemon's `validateMountConfig` (checked on create).

use std::fmt;

use crate::context::clean;

/// The mount types Docker knows; anything else is kept and refused by the daemon.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MountType {
    Bind,
    Volume,
    Tmpfs,
    Image,
    Npipe,
    Cluster,
    Other(String),
}

impl MountType {
    fn parse(s: &str) -> MountType {
        match s {
            "bind" => MountType::Bind,
            "volume" => MountType::Volume,
            "tmpfs" => MountType::Tmpfs,
            "image" => MountType::Image,
            "npipe" => MountType::Npipe,
            "cluster" => MountType::Cluster,
            other => MountType::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            MountType::Bind => "bind",
            MountType::Volume => "volume",
            MountType::Tmpfs => "tmpfs",
            MountType::Image => "image",
            MountType::Npipe => "npipe",
            MountType::Cluster => "cluster",
            MountType::Other(s) => s,
        }
    }
}

/// `bind-*` options.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct BindOptions {
    pub propagation: Option<String>,
    pub non_recursive: bool,
    pub read_only_non_recursive: bool,
    pub read_only_force_recursive: bool,
    pub create_mountpoint: bool,
}

/// `volume-*` options.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct VolumeOptions {
    pub no_copy: bool,
    pub subpath: Option<String>,
    pub labels: Vec<(String, String)>,
    pub driver: Option<String>,
    pub driver_options: Vec<(String, String)>,
}

/// `tmpfs-*` options.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct TmpfsOptions {
    pub size_bytes: Option<i64>,
    pub mode: Option<u32>,
}

/// One `--mount` value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mount {
    pub mount_type: MountType,
    /// `source`/`src`; a relative `./x` is kept as typed (the CLI makes it absolute).
    pub source: Option<String>,
    /// `target`/`dst`/`destination`.
    pub target: String,
    pub read_only: bool,
    pub consistency: Option<String>,
    pub bind: Option<BindOptions>,
    pub volume: Option<VolumeOptions>,
    /// `image-subpath`.
    pub image_subpath: Option<String>,
    pub tmpfs: Option<TmpfsOptions>,
}

/// `--mount` errors the CLI reports while reading the flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountError {
    ValueEmpty,
    /// Go's `encoding/csv` error text.
    Csv(String),
    KeyWhitespace {
        key: String,
        field: String,
    },
    EmptyValueFor {
        key: String,
    },
    ValueWhitespace {
        key: String,
        field: String,
    },
    NotKeyValue {
        field: String,
    },
    BadBool {
        key: String,
        value: String,
    },
    BindNonRecursive,
    BindRecursive {
        value: String,
    },
    InvalidValueFor {
        key: String,
        value: String,
    },
    UnknownOption {
        key: String,
        field: String,
    },
    TypeRequired,
    CannotMix {
        prefix: &'static str,
        mount_type: String,
    },
    RequiresReadonly {
        which: &'static str,
    },
    RequiresRprivate,
}

impl fmt::Display for MountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MountError::ValueEmpty => f.write_str("value is empty"),
            MountError::Csv(e) => f.write_str(e),
            MountError::KeyWhitespace { key, field } => {
                write!(f, "invalid option '{key}' in '{field}': option should not have whitespace")
            }
            MountError::EmptyValueFor { key } => write!(f, "invalid value for '{key}': value is empty"),
            MountError::ValueWhitespace { key, field } => {
                write!(f, "invalid value for '{key}' in '{field}': value should not have whitespace")
            }
            MountError::NotKeyValue { field } => write!(f, "invalid field '{field}' must be a key=value pair"),
            MountError::BadBool { key, value } => write!(
                f,
                "invalid value for '{key}': invalid boolean value ({}): must be one of \"true\", \"1\", \"false\", or \"0\" (default \"true\")",
                crate::quote::go_quote(value)
            ),
            MountError::BindNonRecursive => {
                f.write_str("bind-nonrecursive is deprecated, use bind-recursive=disabled instead")
            }
            MountError::BindRecursive { value } => write!(
                f,
                "invalid value for bind-recursive: {value} (must be \"enabled\", \"disabled\", \"writable\", or \"readonly\")"
            ),
            MountError::InvalidValueFor { key, value } => write!(f, "invalid value for {key}: {value}"),
            MountError::UnknownOption { key, field } => write!(f, "unknown option '{key}' in '{field}'"),
            MountError::TypeRequired => f.write_str("type is required"),
            MountError::CannotMix { prefix, mount_type } => {
                write!(f, "cannot mix '{prefix}-*' options with mount type '{mount_type}'")
            }
            MountError::RequiresReadonly { which } => {
                write!(f, "option 'bind-recursive={which}' requires 'readonly' to be specified in conjunction")
            }
            MountError::RequiresRprivate => f.write_str(
                "option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction",
            ),
        }
    }
}

/// What the daemon finds wrong with a mount (`invalid mount config for type …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountProblem {
    MissingField(&'static str),
    ExtraField(&'static str),
    TargetIsRoot,
    NotAbsolute(String),
    InvalidPropagation(String),
    AnonymousWithSubpath,
    InvalidSubpath,
    UnknownType,
}

/// The daemon's `errMountConfig`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountConfigError {
    pub mount_type: String,
    pub problem: MountProblem,
}

impl fmt::Display for MountConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid mount config for type {}: ", crate::quote::go_quote(&self.mount_type))?;
        match &self.problem {
            MountProblem::MissingField(name) => write!(f, "field {name} must not be empty"),
            MountProblem::ExtraField(name) => write!(f, "field {name} must not be specified"),
            MountProblem::TargetIsRoot => f.write_str("invalid specification: destination can't be '/'"),
            MountProblem::NotAbsolute(p) => write!(f, "invalid mount path: '{p}' mount path must be absolute"),
            MountProblem::InvalidPropagation(p) => write!(f, "invalid propagation mode: {p}"),
            MountProblem::AnonymousWithSubpath => f.write_str("must not set Subpath when using anonymous volumes"),
            MountProblem::InvalidSubpath => f.write_str("subpath must be a relative path within the volume"),
            MountProblem::UnknownType => f.write_str("mount type unknown"),
        }
    }
}

/// One record of Go's `encoding/csv` (comma-separated, `"` quoting, `""` for a quote).
/// Column numbers in its errors are byte-based and may differ from Go's by one.
pub fn csv_record(value: &str) -> Result<Vec<String>, String> {
    let b = value.as_bytes();
    let mut fields = Vec::new();
    let mut i = 0;
    loop {
        if b.get(i) == Some(&b'"') {
            let mut field = Vec::new();
            i += 1;
            loop {
                match b.get(i) {
                    None => {
                        return Err(format!(
                            "parse error on line 1, column {}: extraneous or missing \" in quoted-field",
                            i + 1
                        ))
                    }
                    Some(b'"') => match b.get(i + 1) {
                        Some(b'"') => {
                            field.push(b'"');
                            i += 2;
                        }
                        Some(b',') | Some(b'\n') | None => {
                            i += 1;
                            break;
                        }
                        Some(_) => {
                            return Err(format!(
                                "parse error on line 1, column {}: extraneous or missing \" in quoted-field",
                                i + 2
                            ))
                        }
                    },
                    Some(&c) => {
                        field.push(c);
                        i += 1;
                    }
                }
            }
            fields.push(String::from_utf8_lossy(&field).into_owned());
        } else {
            let end = b[i..].iter().position(|&c| c == b',' || c == b'\n').map_or(b.len(), |n| i + n);
            if let Some(q) = b[i..end].iter().position(|&c| c == b'"') {
                return Err(format!("parse error on line 1, column {}: bare \" in non-quoted field", i + q + 1));
            }
            fields.push(value[i..end].to_string());
            i = end;
        }
        match b.get(i) {
            Some(b',') => i += 1,
            _ => return Ok(fields),
        }
    }
}

fn parse_bool_value(key: &str, value: Option<&str>) -> Result<bool, MountError> {
    match value {
        None | Some("1") | Some("true") => Ok(true),
        Some("0") | Some("false") => Ok(false),
        Some(v) => Err(MountError::BadBool { key: key.to_string(), value: v.to_string() }),
    }
}

fn set_on_map(map: &mut Vec<(String, String)>, key_value: &str) {
    let (k, v) = key_value.split_once('=').unwrap_or((key_value, ""));
    if k.is_empty() {
        return;
    }
    match map.iter_mut().find(|(key, _)| key == k) {
        Some(entry) => entry.1 = v.to_string(),
        None => map.push((k.to_string(), v.to_string())),
    }
}

/// The CLI's `MountOpt.Set`.
pub fn parse_mount(value: &str) -> Result<Mount, MountError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(MountError::ValueEmpty);
    }
    let fields = csv_record(value).map_err(MountError::Csv)?;
    let mut m = Mount {
        mount_type: MountType::Volume,
        source: None,
        target: String::new(),
        read_only: false,
        consistency: None,
        bind: None,
        volume: None,
        image_subpath: None,
        tmpfs: None,
    };
    for field in &fields {
        let (key, val) = match field.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (field.as_str(), None),
        };
        if key.trim() != key {
            return Err(MountError::KeyWhitespace { key: key.trim().to_string(), field: field.clone() });
        }
        if let Some(v) = val {
            if v.trim().is_empty() {
                return Err(MountError::EmptyValueFor { key: key.to_string() });
            }
            if v.trim() != v {
                return Err(MountError::ValueWhitespace { key: key.to_string(), field: field.clone() });
            }
        }
        let key = key.to_lowercase();
        if val.is_none()
            && !matches!(key.as_str(), "readonly" | "ro" | "volume-nocopy" | "bind-nonrecursive" | "bind-create-src")
        {
            return Err(MountError::NotKeyValue { field: field.clone() });
        }
        let v = val.unwrap_or("");
        let invalid = || MountError::InvalidValueFor { key: key.clone(), value: v.to_string() };
        match key.as_str() {
            "type" => m.mount_type = MountType::parse(&v.to_lowercase()),
            "source" | "src" => m.source = Some(v.to_string()),
            "target" | "dst" | "destination" => m.target = v.to_string(),
            "readonly" | "ro" => m.read_only = parse_bool_value(&key, val)?,
            "consistency" => m.consistency = Some(v.to_lowercase()),
            "bind-propagation" => m.bind.get_or_insert_with(Default::default).propagation = Some(v.to_lowercase()),
            "bind-nonrecursive" => return Err(MountError::BindNonRecursive),
            "bind-recursive" => {
                let bind = m.bind.get_or_insert_with(Default::default);
                match v {
                    "enabled" => {}
                    "disabled" => bind.non_recursive = true,
                    "writable" => bind.read_only_non_recursive = true,
                    "readonly" => bind.read_only_force_recursive = true,
                    _ => return Err(MountError::BindRecursive { value: v.to_string() }),
                }
            }
            "bind-create-src" => {
                let create = parse_bool_value(&key, val)?;
                m.bind.get_or_insert_with(Default::default).create_mountpoint = create;
            }
            "volume-subpath" => m.volume.get_or_insert_with(Default::default).subpath = Some(v.to_string()),
            "volume-nocopy" => {
                let no_copy = parse_bool_value(&key, val)?;
                m.volume.get_or_insert_with(Default::default).no_copy = no_copy;
            }
            "volume-label" => set_on_map(&mut m.volume.get_or_insert_with(Default::default).labels, v),
            "volume-driver" => m.volume.get_or_insert_with(Default::default).driver = Some(v.to_string()),
            "volume-opt" => set_on_map(&mut m.volume.get_or_insert_with(Default::default).driver_options, v),
            "image-subpath" => m.image_subpath = Some(v.to_string()),
            "tmpfs-size" => {
                let size = super::units::ram_in_bytes(v).map_err(|_| invalid())?;
                m.tmpfs.get_or_insert_with(Default::default).size_bytes = Some(size);
            }
            "tmpfs-mode" => {
                let mode = super::units::parse_uint_base(v, 8, 32).ok_or_else(invalid)?;
                m.tmpfs.get_or_insert_with(Default::default).mode = u32::try_from(mode).ok();
            }
            _ => return Err(MountError::UnknownOption { key, field: field.clone() }),
        }
    }
    validate_options(&m)?;
    Ok(m)
}

/// The CLI's `validateMountOptions`.
fn validate_options(m: &Mount) -> Result<(), MountError> {
    let t = m.mount_type.as_str();
    if t.is_empty() {
        return Err(MountError::TypeRequired);
    }
    let mix = |prefix| Err(MountError::CannotMix { prefix, mount_type: t.to_string() });
    if m.mount_type != MountType::Bind && m.bind.is_some() {
        return mix("bind");
    }
    if m.mount_type != MountType::Volume && m.volume.is_some() {
        return mix("volume");
    }
    if m.mount_type != MountType::Image && m.image_subpath.is_some() {
        return mix("image");
    }
    if m.mount_type != MountType::Tmpfs && m.tmpfs.is_some() {
        return mix("tmpfs");
    }
    if let Some(bind) = &m.bind {
        if bind.read_only_non_recursive && !m.read_only {
            return Err(MountError::RequiresReadonly { which: "writable" });
        }
        if bind.read_only_force_recursive {
            if !m.read_only {
                return Err(MountError::RequiresReadonly { which: "readonly" });
            }
            if bind.propagation.as_deref() != Some("rprivate") {
                return Err(MountError::RequiresRprivate);
            }
        }
    }
    Ok(())
}

/// Go's `filepath.IsLocal` for Linux paths.
fn is_local(p: &str) -> bool {
    !p.is_empty() && !p.starts_with('/') && clean(p) != ".." && !clean(p).starts_with("../")
}

/// The Linux daemon's `validateMountConfig` (except whether a bind source exists on the host).
pub fn daemon_check(m: &Mount) -> Result<(), MountConfigError> {
    let err = |problem| Err(MountConfigError { mount_type: m.mount_type.as_str().to_string(), problem });
    if m.target.is_empty() {
        return err(MountProblem::MissingField("Target"));
    }
    let target = m.target.replace('\\', "/");
    if clean(&target) == "/" {
        return err(MountProblem::TargetIsRoot);
    }
    if !target.starts_with('/') {
        return err(MountProblem::NotAbsolute(target));
    }
    let source = m.source.as_deref().unwrap_or("");
    match m.mount_type {
        MountType::Bind => {
            if source.is_empty() {
                return err(MountProblem::MissingField("Source"));
            }
            if let Some(p) = m.bind.as_ref().and_then(|b| b.propagation.as_deref()) {
                if !["private", "rprivate", "slave", "rslave", "shared", "rshared"].contains(&p) {
                    return err(MountProblem::InvalidPropagation(p.to_string()));
                }
            }
            // The CLI made `./x` absolute before sending it.
            if !source.starts_with('/') && !source.starts_with('.') {
                return err(MountProblem::NotAbsolute(source.replace('\\', "/")));
            }
        }
        MountType::Volume => {
            if let Some(sub) = m.volume.as_ref().and_then(|v| v.subpath.as_deref()).filter(|s| !s.is_empty()) {
                if source.is_empty() {
                    return err(MountProblem::AnonymousWithSubpath);
                }
                if !is_local(sub) {
                    return err(MountProblem::InvalidSubpath);
                }
            }
        }
        MountType::Tmpfs => {
            if !source.is_empty() {
                return err(MountProblem::ExtraField("Source"));
            }
        }
        MountType::Image => {
            if source.is_empty() {
                return err(MountProblem::MissingField("Source"));
            }
            if m.image_subpath.as_deref().is_some_and(|s| !s.is_empty() && !is_local(s)) {
                return err(MountProblem::InvalidSubpath);
            }
        }
        _ => return err(MountProblem::UnknownType),
    }
    Ok(())
}
