//! `docker build --secret`, `--ssh` and `--allow`: what the client lends the
//! build, read as buildx reads them (`commands/build.go`: the entitlements and
//! specs are parsed before the build; the secrets are read by `RunBuild`, so
//! a secret file that cannot be read fails as `failed to build`).

use super::flags::Parsed;
use super::Ctx;
use crate::build::{load_secrets, parse_ssh_spec, BuildSession, Entitlement, HostLookup};

/// The session, or the text after buildx's `ERROR: `.
pub(super) fn session(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<BuildSession, String> {
    let mut session = BuildSession::default();
    for value in p.values("allow").iter().filter(|v| !v.is_empty()) {
        if let Some(entitlement) = Entitlement::parse(value)? {
            session.allow.insert(entitlement);
        }
    }
    session.ssh = p.values("ssh").iter().filter(|v| !v.is_empty()).map(|v| parse_ssh_spec(v)).collect();
    let host = &mut *ctx.host;
    let mut lookup = |what: HostLookup<'_>| match what {
        HostLookup::Env(name) => Ok(host.env_var(name)),
        HostLookup::File(path) => host.read_text(path).map(Some).map_err(|e| e.to_string()),
    };
    session.secrets = load_secrets(p.values("secret"), &mut lookup).map_err(|e| {
        if e.starts_with("failed to stat") {
            format!("failed to build: {e}")
        } else {
            e
        }
    })?;
    Ok(session)
}

#[cfg(test)]
#[path = "build_session_tests.rs"]
mod tests;
