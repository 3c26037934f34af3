//! `FROM --platform=...`: containerd's platform parser (the error texts are
//! part of BuildKit's messages) and the rules about the platform:
//! RedundantTargetPlatform, FromPlatformFlagConstDisallowed and
//! InvalidBaseImagePlatform (`dockerfile2llb/validations.go`).

use super::args::{NATIVE_ARCH, NATIVE_OS};
use super::config::CheckConfig;
use super::rules::{self, RuleId};
use super::{Loc, Sink};
use crate::expansion::Env;
use crate::quote::go_quote;
use regex_lite::Regex;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// An OCI platform after containerd's normalization.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Platform {
    pub os: String,
    pub arch: String,
    pub variant: String,
    pub os_version: String,
}

impl Platform {
    pub fn native() -> Platform {
        Platform { os: NATIVE_OS.into(), arch: NATIVE_ARCH.into(), ..Platform::default() }
    }

    /// containerd's `FormatAll` (OS features are not modelled).
    pub fn format_all(&self) -> String {
        let os = if self.os_version.is_empty() { self.os.clone() } else { format!("{}({})", self.os, self.os_version) };
        [os.as_str(), &self.arch, &self.variant].iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join("/")
    }
}

const SPECIFIER: &str = "^[A-Za-z0-9_.-]+$";
const OS_COMPONENT: &str = r"^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$";

fn os_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(OS_COMPONENT).ok()).as_ref()
}

fn is_specifier(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

fn invalid(message: String) -> String {
    format!("{message}: invalid argument")
}

/// containerd's `platforms.Parse`, on a linux/amd64 host.
pub(super) fn parse(specifier: &str) -> Result<Platform, String> {
    let quoted = go_quote(specifier);
    if specifier.contains('*') {
        return Err(invalid(format!("{quoted}: wildcards not yet supported")));
    }
    let parts: Vec<&str> = specifier.splitn(4, '/').collect();
    let mut platform = Platform::default();
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let captures = os_regex().and_then(|re| re.captures(part)).ok_or_else(|| {
                invalid(format!(
                    "{} is an invalid OS component of {quoted}: OSAndVersion specifier component must match {}",
                    go_quote(part),
                    go_quote(OS_COMPONENT)
                ))
            })?;
            platform.os = normalize_os(captures.get(1).map_or("", |m| m.as_str()));
            let version = captures.get(2).map_or("", |m| m.as_str());
            platform.os_version = path_unescape(version)
                .map_err(|e| format!("{quoted} has an invalid OS version {}: {e}", go_quote(version)))?;
        } else if !is_specifier(part) {
            return Err(invalid(format!(
                "{} is an invalid component of {quoted}: platform specifier component must match {}",
                go_quote(part),
                go_quote(SPECIFIER)
            )));
        }
    }
    match parts.as_slice() {
        [only] => {
            if is_known_os(&platform.os) {
                platform.arch = NATIVE_ARCH.into();
                return Ok(platform);
            }
            let (arch, variant) = normalize_arch(only, "");
            if !is_known_arch(&arch) {
                return Err(invalid(format!("{quoted}: unknown operating system or architecture")));
            }
            platform.variant = if arch == "arm" && variant == "v7" { String::new() } else { variant };
            platform.arch = arch;
            platform.os = NATIVE_OS.into();
        }
        [_, arch] => {
            let (arch, variant) = normalize_arch(arch, "");
            platform.variant = if arch == "arm" && variant == "v7" { String::new() } else { variant };
            platform.arch = arch;
        }
        [_, arch, variant] => {
            let (arch, variant) = normalize_arch(arch, variant);
            platform.variant = if arch == "arm64" && variant.is_empty() { "v8".into() } else { variant };
            platform.arch = arch;
        }
        _ => return Err(invalid(format!("{quoted}: cannot parse platform specifier"))),
    }
    Ok(platform)
}

fn normalize_os(os: &str) -> String {
    match os.to_lowercase().as_str() {
        "" => NATIVE_OS.into(),
        "macos" => "darwin".into(),
        other => other.into(),
    }
}

/// containerd's `normalizeArch`.
pub(super) fn normalize_arch(arch: &str, variant: &str) -> (String, String) {
    let (arch, variant) = (arch.to_lowercase(), variant.to_lowercase());
    match arch.as_str() {
        "i386" => ("386".into(), String::new()),
        "x86_64" | "x86-64" | "amd64" => ("amd64".into(), if variant == "v1" { String::new() } else { variant }),
        "aarch64" | "arm64" => {
            let variant = match variant.as_str() {
                "8" | "v8" | "v8.0" => String::new(),
                "9" | "9.0" | "v9.0" => "v9".into(),
                _ => variant,
            };
            ("arm64".into(), variant)
        }
        "armhf" => ("arm".into(), "v7".into()),
        "armel" => ("arm".into(), "v6".into()),
        "arm" => {
            let variant = match variant.as_str() {
                "" | "7" => "v7".into(),
                "5" | "6" | "8" => format!("v{variant}"),
                _ => variant,
            };
            ("arm".into(), variant)
        }
        _ => (arch, variant),
    }
}

fn is_known_os(os: &str) -> bool {
    matches!(
        os,
        "aix"
            | "android"
            | "darwin"
            | "dragonfly"
            | "freebsd"
            | "hurd"
            | "illumos"
            | "ios"
            | "js"
            | "linux"
            | "nacl"
            | "netbsd"
            | "openbsd"
            | "plan9"
            | "solaris"
            | "windows"
            | "zos"
    )
}

fn is_known_arch(arch: &str) -> bool {
    matches!(
        arch,
        "386"
            | "amd64"
            | "amd64p32"
            | "arm"
            | "armbe"
            | "arm64"
            | "arm64be"
            | "ppc64"
            | "ppc64le"
            | "loong64"
            | "mips"
            | "mipsle"
            | "mips64"
            | "mips64le"
            | "mips64p32"
            | "mips64p32le"
            | "ppc"
            | "riscv"
            | "riscv64"
            | "s390"
            | "s390x"
            | "sparc"
            | "sparc64"
            | "wasm"
    )
}

/// Go's `url.PathUnescape`, only when a `%` is present (as containerd calls it).
fn path_unescape(text: &str) -> Result<String, String> {
    if !text.contains('%') {
        return Ok(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
            let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) else {
                let bad: String = text[i..].chars().take(3).collect();
                return Err(format!("invalid URL escape {}", go_quote(&bad)));
            };
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// What expanding a `--platform` value gave, errors included (BuildKit runs
/// the rules on the partial result before it looks at the error).
pub(super) struct Expansion<'a> {
    pub value: &'a str,
    pub matched: &'a BTreeSet<String>,
    pub unmatched: &'a BTreeSet<String>,
}

/// RedundantTargetPlatform: `--platform=$TARGETPLATFORM` (or `${...}`), i.e.
/// exactly one variable, TARGETPLATFORM, giving exactly its value.
pub(super) fn check_redundant(
    expression: &str,
    m: &Expansion<'_>,
    globals: &dyn Env,
    cfg: &CheckConfig,
    loc: Loc,
    sink: &mut Sink,
) {
    let only_target = m.matched.len() == 1 && m.unmatched.is_empty() && m.matched.contains("TARGETPLATFORM");
    if only_target && globals.get("TARGETPLATFORM").is_some_and(|v| v == m.value) {
        sink.report(cfg, RuleId::RedundantTargetPlatform, rules::redundant_target_platform(expression), loc);
    }
}

/// FromPlatformFlagConstDisallowed: a constant, valid platform, unless the
/// stage name mentions its OS or architecture (`AS build-amd64`).
pub(super) fn check_constant(stage_name: &str, m: &Expansion<'_>, cfg: &CheckConfig, loc: Loc, sink: &mut Sink) {
    if !m.matched.is_empty() || !m.unmatched.is_empty() {
        return;
    }
    let Ok(platform) = parse(m.value) else { return };
    if stage_name.contains(platform.os.as_str()) || stage_name.contains(platform.arch.as_str()) {
        return;
    }
    sink.report(cfg, RuleId::FromPlatformFlagConstDisallowed, rules::from_platform_flag_const_disallowed(m.value), loc);
}

/// InvalidBaseImagePlatform: the image's OS or architecture differs from the
/// platform the stage is built for.
pub(super) fn check_base_image(
    image: &str,
    expected: &Platform,
    actual: &Platform,
    cfg: &CheckConfig,
    loc: Loc,
    sink: &mut Sink,
) {
    if expected.os != actual.os || expected.arch != actual.arch {
        let detail = rules::invalid_base_image_platform(image, &expected.format_all(), &actual.format_all());
        sink.report(cfg, RuleId::InvalidBaseImagePlatform, detail, loc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalizes_like_containerd() {
        let p = parse("linux/x86_64").expect("valid");
        assert_eq!((p.os.as_str(), p.arch.as_str()), ("linux", "amd64"));
        assert_eq!(parse("arm64").expect("valid").format_all(), "linux/arm64");
        assert_eq!(parse("linux/arm64/v8").expect("valid").format_all(), "linux/arm64/v8");
        assert_eq!(parse("windows").expect("valid").format_all(), "windows/amd64");
        assert_eq!(
            parse("linux/").unwrap_err(),
            "\"\" is an invalid component of \"linux/\": platform specifier component must match \"^[A-Za-z0-9_.-]+$\": invalid argument"
        );
        assert_eq!(parse("foo").unwrap_err(), "\"foo\": unknown operating system or architecture: invalid argument");
        assert!(parse("a/b/c/d").unwrap_err().contains("cannot parse platform specifier"));
    }
}
