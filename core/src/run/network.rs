//! `--network`/`--net`: `bridge`, `host`, `none`, `container:NAME`, a
//! user-defined network, or the advanced CSV form `name=NET,alias=A,...`;
//! repeatable (one attachment per flag). Read as the CLI's `NetworkOpt.Set`,
//! then checked as its `parseNetworkOpts` does.

use std::fmt;

/// The network a container joins, as Docker classifies `NetworkMode`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NetworkMode {
    /// `default`: the daemon's default (the `bridge` network on Linux).
    Default,
    Bridge,
    Host,
    None,
    /// `container:NAME`: share another container's network stack.
    Container(String),
    /// Any other name: a network made with `docker network create`.
    UserDefined(String),
}

impl NetworkMode {
    pub fn parse(name: &str) -> NetworkMode {
        match name {
            "default" => NetworkMode::Default,
            "bridge" => NetworkMode::Bridge,
            "host" => NetworkMode::Host,
            "none" => NetworkMode::None,
            _ => match name.strip_prefix("container:") {
                Some(c) => NetworkMode::Container(c.to_string()),
                None => NetworkMode::UserDefined(name.to_string()),
            },
        }
    }

    /// Docker's `IsUserDefined`.
    pub fn is_user_defined(&self) -> bool {
        matches!(self, NetworkMode::UserDefined(_))
    }
}

impl fmt::Display for NetworkMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetworkMode::Default => f.write_str("default"),
            NetworkMode::Bridge => f.write_str("bridge"),
            NetworkMode::Host => f.write_str("host"),
            NetworkMode::None => f.write_str("none"),
            NetworkMode::Container(c) => write!(f, "container:{c}"),
            NetworkMode::UserDefined(n) => f.write_str(n),
        }
    }
}

/// One `--network` value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NetworkAttachment {
    /// The network name or id, as given (`name=` in the advanced form).
    pub target: String,
    pub mode: NetworkMode,
    /// `alias=` fields of the advanced form.
    pub aliases: Vec<String>,
    /// Other advanced fields (`ip`, `ip6`, `mac-address`, `driver-opt`…) as `(key, value)`, lower-cased as Docker does.
    pub options: Vec<(String, String)>,
}

/// `--network` errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetworkError {
    /// Go's `encoding/csv` error text.
    Csv(String),
    InvalidField {
        field: String,
    },
    InvalidFieldKey {
        key: String,
    },
    /// An `ip=`, `ip6=` or `link-local-ip=` that is not an address (Go's `netip` wording approximated).
    InvalidAddress {
        value: String,
    },
    NoName,
    /// The checks after parsing.
    EmptyName,
    SpecifiedTwice {
        target: String,
    },
    MixedUserDefined,
    AliasesNeedUserDefined,
}

impl fmt::Display for NetworkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetworkError::Csv(e) => f.write_str(e),
            NetworkError::InvalidField { field } => write!(f, "invalid field {field}"),
            NetworkError::InvalidFieldKey { key } => write!(f, "invalid field key {key}"),
            NetworkError::InvalidAddress { value } => {
                write!(f, "ParseAddr({}): unable to parse IP", crate::quote::go_quote(value))
            }
            NetworkError::NoName => f.write_str("network name/id is not specified"),
            NetworkError::EmptyName => f.write_str("no name set for network"),
            NetworkError::SpecifiedTwice { target } => {
                write!(f, "network {} is specified multiple times", crate::quote::go_quote(target))
            }
            NetworkError::MixedUserDefined => {
                f.write_str("conflicting options: cannot attach both user-defined and non-user-defined network-modes")
            }
            NetworkError::AliasesNeedUserDefined => {
                f.write_str("network-scoped aliases are only supported for user-defined networks")
            }
        }
    }
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Whether Go's unanchored `\w+=\w+(,\w+=\w+)*` matches somewhere: a word
/// character, `=`, a word character.
fn long_syntax(value: &str) -> bool {
    value.as_bytes().windows(3).any(|w| is_word(w[0]) && w[1] == b'=' && is_word(w[2]))
}

/// The CLI's `NetworkOpt.Set` for one value.
pub fn parse_network(value: &str) -> Result<NetworkAttachment, NetworkError> {
    if !long_syntax(value) {
        return Ok(NetworkAttachment {
            target: value.to_string(),
            mode: NetworkMode::parse(value),
            aliases: Vec::new(),
            options: Vec::new(),
        });
    }
    let fields = super::mount::csv_record(value).map_err(NetworkError::Csv)?;
    let mut target = String::new();
    let mut aliases = Vec::new();
    let mut options = Vec::new();
    for field in fields {
        let lower = field.to_lowercase();
        let Some((key, val)) = lower.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(NetworkError::InvalidField { field });
        };
        let (key, val) = (key.trim(), val.trim());
        match key {
            "name" => target = val.to_string(),
            "alias" => aliases.push(val.to_string()),
            "ip" | "ip6" | "link-local-ip" => {
                if val.parse::<std::net::IpAddr>().is_err() {
                    return Err(NetworkError::InvalidAddress { value: val.to_string() });
                }
                options.push((key.to_string(), val.to_string()));
            }
            "mac-address" | "driver-opt" | "gw-priority" => options.push((key.to_string(), val.to_string())),
            _ => return Err(NetworkError::InvalidFieldKey { key: key.to_string() }),
        }
    }
    if target.is_empty() {
        return Err(NetworkError::NoName);
    }
    Ok(NetworkAttachment { mode: NetworkMode::parse(&target), target, aliases, options })
}

/// The CLI's `parseNetworkOpts` checks over all `--network` values.
pub fn check_networks(networks: &[NetworkAttachment]) -> Result<(), NetworkError> {
    let mut user_defined = false;
    let mut other = false;
    for (i, n) in networks.iter().enumerate() {
        if n.mode.is_user_defined() {
            user_defined = true;
        } else {
            other = true;
        }
        if n.target.trim().is_empty() {
            return Err(NetworkError::EmptyName);
        }
        if !n.mode.is_user_defined() && !n.aliases.is_empty() {
            return Err(NetworkError::AliasesNeedUserDefined);
        }
        if networks[..i].iter().any(|m| m.target == n.target) {
            return Err(NetworkError::SpecifiedTwice { target: n.target.clone() });
        }
    }
    if user_defined && other {
        return Err(NetworkError::MixedUserDefined);
    }
    Ok(())
}
