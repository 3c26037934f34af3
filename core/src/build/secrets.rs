//! What the client's build session lends a build: secrets (`--secret`), SSH
//! agents (`--ssh`) and entitlements (`--allow`). None of it is ever part of
//! an image: a secret is mounted for one `RUN` and keyed by nothing.
//!
//! The flags are read as buildx reads them (`util/buildflags/secrets.go`,
//! `ssh.go`, `entitlements.go` in docker/buildx 461836ba); the secret store
//! follows BuildKit's `session/secrets/secretsprovider/store.go`
//! (moby/buildkit 73ed6825).

use std::collections::{BTreeMap, BTreeSet};

/// A secret the session provides, by id. Only its size and a digest are
/// kept (the simulation never needs the bytes, and must not keep them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    pub size: u64,
    pub digest: u64,
    /// Where it came from, for notes: `file ./token`, `env GITHUB_TOKEN`.
    pub origin: String,
}

/// An entitlement `--allow` grants (BuildKit's `util/entitlements`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Entitlement {
    NetworkHost,
    SecurityInsecure,
}

impl Entitlement {
    /// BuildKit's name (`EntitlementNetworkHost = "network.host"`).
    pub fn name(self) -> &'static str {
        match self {
            Entitlement::NetworkHost => "network.host",
            Entitlement::SecurityInsecure => "security.insecure",
        }
    }

    /// BuildKit's `entitlements.Parse`; `device` and `buildx.local.delete`
    /// are accepted by buildx but grant nothing this simulation models.
    pub fn parse(text: &str) -> Result<Option<Entitlement>, String> {
        let name = text.split_once('=').map_or(text, |(k, _)| k);
        match name {
            "network.host" => Ok(Some(Entitlement::NetworkHost)),
            "security.insecure" => Ok(Some(Entitlement::SecurityInsecure)),
            "device" | "buildx.local.delete" => Ok(None),
            _ => Err(format!("unknown entitlement {text}")),
        }
    }
}

/// What `docker build --secret/--ssh/--allow` lends the build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildSession {
    pub secrets: BTreeMap<String, Secret>,
    /// SSH agent ids forwarded (`--ssh default`, `--ssh key=path`).
    pub ssh: BTreeSet<String>,
    pub allow: BTreeSet<Entitlement>,
}

/// One `--secret` value as buildx reads it (`Secret.UnmarshalText`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecretSpec {
    pub id: String,
    pub file: Option<String>,
    pub env: Option<String>,
}

/// Parses `--secret id=x,src=path` / `id=x,env=VAR` / `id=x` / `type=env,...`.
/// Errors are buildx's.
pub fn parse_secret_spec(value: &str) -> Result<SecretSpec, String> {
    let mut spec = SecretSpec::default();
    let mut kind = "";
    for field in csv_fields(value) {
        let Some((key, value)) = field.split_once('=') else {
            return Err(format!("invalid field '{field}' must be a key=value pair"));
        };
        match key.to_lowercase().as_str() {
            "type" => {
                if value != "file" && value != "env" {
                    return Err(format!("unsupported secret type {}", crate::quote::go_quote(value)));
                }
                kind = if value == "env" { "env" } else { "file" };
            }
            "id" => spec.id = value.to_string(),
            "source" | "src" => spec.file = Some(value.to_string()),
            "env" => spec.env = Some(value.to_string()),
            other => return Err(format!("unexpected key '{other}' in '{field}'")),
        }
    }
    if kind == "env" && spec.env.is_none() {
        spec.env = spec.file.take();
    }
    Ok(spec)
}

/// What [`load_secrets`] asks the host.
pub enum HostLookup<'a> {
    /// A file's contents (`src=`); `Err` is the host's reason.
    File(&'a str),
    /// An environment variable (`env=`, or an id alone).
    Env(&'a str),
}

/// The session's secrets from `--secret` values, read from the host as
/// BuildKit's `secretsprovider.NewStore` reads them: an id is required; an id
/// alone names the variable of that name if it is set, else the file; a
/// file that cannot be read fails the build before it starts. Later values
/// of an id replace earlier ones (buildx `removeSecretDupes`).
pub fn load_secrets(
    values: &[String],
    host: &mut dyn FnMut(HostLookup<'_>) -> Result<Option<String>, String>,
) -> Result<BTreeMap<String, Secret>, String> {
    let mut secrets = BTreeMap::new();
    for value in values.iter().filter(|v| !v.is_empty()) {
        let mut spec = parse_secret_spec(value)?;
        if spec.id.is_empty() {
            return Err("secret missing ID".into());
        }
        if spec.env.is_none() && spec.file.is_none() {
            match host(HostLookup::Env(&spec.id))? {
                Some(_) => spec.env = Some(spec.id.clone()),
                None => spec.file = Some(spec.id.clone()),
            }
        }
        let (text, origin) = match (&spec.env, &spec.file) {
            // `GetSecret`: an unset variable reads as empty.
            (Some(var), _) => (host(HostLookup::Env(var))?.unwrap_or_default(), format!("from ${var}")),
            (None, Some(path)) => match host(HostLookup::File(path)) {
                Ok(text) => (text.unwrap_or_default(), format!("from {path}")),
                Err(e) => return Err(format!("failed to stat {path}: stat {path}: {e}")),
            },
            (None, None) => (String::new(), String::new()),
        };
        let digest =
            text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
        secrets.insert(spec.id, Secret { size: text.len() as u64, digest, origin });
    }
    Ok(secrets)
}

/// `--ssh default` / `--ssh key=path,path`: the agent's id (buildx `SSH.UnmarshalText`).
pub fn parse_ssh_spec(value: &str) -> String {
    value.split_once('=').map_or(value, |(id, _)| id).to_string()
}

/// Splits a CSV record as Go's `encoding/csv` reads one line (BuildKit and
/// buildx use `csvvalue.Fields`): commas separate fields; a field that
/// starts with `"` runs to its closing quote, `""` standing for one quote.
pub(super) fn csv_fields(value: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = value.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_start => quoted = true,
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            ',' if !quoted => {
                fields.push(std::mem::take(&mut field));
                at_start = true;
                continue;
            }
            c => field.push(c),
        }
        at_start = false;
    }
    fields.push(field);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    // docker/buildx util/buildflags/secrets.go `UnmarshalText`: keys id,
    // source|src, env, type; `type=env` moves src to env.
    #[test]
    fn secret_specs_read_as_buildx_reads_them() {
        let s = parse_secret_spec("id=token,src=./token.txt").unwrap();
        assert_eq!((s.id.as_str(), s.file.as_deref(), s.env.as_deref()), ("token", Some("./token.txt"), None));
        let s = parse_secret_spec("id=gh,env=GITHUB_TOKEN").unwrap();
        assert_eq!(s.env.as_deref(), Some("GITHUB_TOKEN"));
        let s = parse_secret_spec("type=env,id=gh,src=GITHUB_TOKEN").unwrap();
        assert_eq!((s.file, s.env.as_deref()), (None, Some("GITHUB_TOKEN")));
        assert_eq!(parse_secret_spec("id").unwrap_err(), "invalid field 'id' must be a key=value pair");
        assert_eq!(parse_secret_spec("id=a,kind=x").unwrap_err(), "unexpected key 'kind' in 'kind=x'");
        assert_eq!(parse_secret_spec("type=vault,id=a").unwrap_err(), "unsupported secret type \"vault\"");
    }

    #[test]
    fn ssh_specs_and_entitlements() {
        assert_eq!(parse_ssh_spec("default"), "default");
        assert_eq!(parse_ssh_spec("github=/home/me/.ssh/id_ed25519"), "github");
        assert_eq!(Entitlement::parse("network.host"), Ok(Some(Entitlement::NetworkHost)));
        assert_eq!(Entitlement::parse("security.insecure"), Ok(Some(Entitlement::SecurityInsecure)));
        // buildkit util/entitlements/entitlements.go `Parse`: "unknown entitlement %s".
        assert_eq!(Entitlement::parse("network.none"), Err("unknown entitlement network.none".to_string()));
    }

    #[test]
    fn csv_fields_keep_quoted_commas() {
        assert_eq!(csv_fields("type=cache,target=/a"), ["type=cache", "target=/a"]);
        assert_eq!(csv_fields("\"target=/a,b\",ro"), ["target=/a,b", "ro"]);
    }
}
