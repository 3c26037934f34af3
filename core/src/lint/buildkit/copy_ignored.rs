//! CopyIgnoredFile: a COPY or ADD source from the build context that
//! `.dockerignore` leaves out (`validateCopySourcePath`), and how BuildKit
//! tells context paths from URLs and git repositories.
//!
//! BuildKit gives up on the rule when `.dockerignore` has any `!` exception
//! (a directory can be excluded and a file in it re-included, too hard to
//! judge statically), and reports the context root (`.` or `/`) only for the
//! patterns `*`, `**` and `**/*`.

use super::config::CheckConfig;
use super::rules::{self, RuleId};
use super::{Loc, Sink};
use crate::context::{clean, Dockerignore};

/// The `.dockerignore` of the build, when it has patterns.
pub(super) struct IgnoreRules {
    ignore: Dockerignore,
    has_exceptions: bool,
    ignores_root: bool,
}

/// Reads `.dockerignore`; `Ok(None)` when there is none or it is empty.
pub(super) fn load(text: Option<&str>) -> Result<Option<IgnoreRules>, String> {
    let Some(text) = text else { return Ok(None) };
    let ignore = Dockerignore::parse(text).map_err(|e| e.to_string())?;
    if ignore.patterns().is_empty() {
        return Ok(None);
    }
    let has_exceptions = ignore.patterns().iter().any(|p| p.exclusion);
    let ignores_root = ignore.patterns().iter().any(|p| !p.exclusion && matches!(p.text.as_str(), "*" | "**" | "**/*"));
    Ok(Some(IgnoreRules { ignore, has_exceptions, ignores_root }))
}

/// Reports `source` (already expanded) if `.dockerignore` excludes it.
/// `command` is `Copy` or `Add`, as the message spells it.
pub(super) fn check(rules: &IgnoreRules, command: &str, source: &str, cfg: &CheckConfig, loc: Loc, sink: &mut Sink) {
    if rules.has_exceptions {
        return;
    }
    let path = clean(source);
    let excluded = if path == "." || path == "/" { rules.ignores_root } else { rules.ignore.is_ignored(&path) };
    if excluded {
        sink.report(cfg, RuleId::CopyIgnoredFile, rules::copy_ignored_file(command, &path), loc);
    }
}

/// Where a COPY or ADD source comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SourceKind {
    Context,
    Url,
    Git,
}

/// BuildKit's reading of a source (`dfgitutil.ParseGitRef`, `isHTTPSource`).
pub(super) fn classify(source: &str) -> SourceKind {
    if is_git(source) {
        SourceKind::Git
    } else if source.starts_with("http://") || source.starts_with("https://") {
        SourceKind::Url
    } else {
        SourceKind::Context
    }
}

fn is_git(source: &str) -> bool {
    // `github.com/...` without a scheme is deprecated and reads as a local path.
    if ["./", "../", "github.com/"].iter().any(|p| source.starts_with(p)) {
        return false;
    }
    let scheme_len = source.bytes().take_while(u8::is_ascii_alphanumeric).count();
    if scheme_len > 0 && source[scheme_len..].starts_with("://") {
        let rest = &source[scheme_len + 3..];
        return match source[..scheme_len].to_ascii_lowercase().as_str() {
            "git" | "ssh" => true,
            // Plain web URLs are git only when the path ends in `.git`.
            "http" | "https" => {
                let path = rest.find('/').map_or("", |i| &rest[i..]);
                let path = path.split(['?', '#']).next().unwrap_or_default();
                path.ends_with(".git")
            }
            _ => false,
        };
    }
    is_scp_style(source)
}

/// `user@host:path` (`^[a-zA-Z0-9-_]+@[a-zA-Z0-9-.]+:`).
fn is_scp_style(source: &str) -> bool {
    let Some((user, rest)) = source.split_once('@') else { return false };
    let Some((host, _)) = rest.split_once(':') else { return false };
    let ok =
        |s: &str, extra: u8| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == extra);
    ok(user, b'_') && ok(host, b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_sources_like_buildkit() {
        assert_eq!(classify("app/"), SourceKind::Context);
        assert_eq!(classify("https://example.com/a.tar.gz"), SourceKind::Url);
        assert_eq!(classify("https://github.com/moby/buildkit.git#v0.1"), SourceKind::Git);
        assert_eq!(classify("git@github.com:moby/buildkit.git"), SourceKind::Git);
        assert_eq!(classify("github.com/moby/buildkit"), SourceKind::Context);
    }
}
