//! The flags of `docker run` / `docker create` as data (name, shorthand,
//! value kind, which command has them), and spf13/pflag's parsing loop over
//! the words, exactly as the docker CLI configures it: interspersed flags
//! off (the first non-flag word is the image and everything after it goes to
//! the container), `--` ends the flags, `-abc` groups shorthands, `-p80`,
//! `-p=80` and `-p 80` all give `80`, booleans take no separate word
//! (`--rm=false`, never `--rm false`).
//!
//! The table is Docker's `addFlags` (cli/command/container/opts.go) plus the
//! flags `run.go`/`create.go` add, so that a flag Docker accepts is never
//! reported as unknown even when Layerlab does not model it.

use super::error::{RunError, RunErrorKind};
use super::words::Word;
use super::Subcommand;
use crate::span::Span;

/// How a flag's value is read and checked at parse time (pflag's `Value.Set`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// No value word; `--flag=false` to unset.
    Bool,
    /// Any string; the last one wins.
    Str,
    /// Any string, repeatable.
    List,
    /// Go `int` / `int64` (`strconv.ParseInt(s, 0, 64)`).
    Int,
    Uint16,
    Uint64,
    /// Go `time.Duration`.
    Duration,
    /// go-units `RAMInBytes`.
    Bytes,
    /// Like `Bytes`, or `-1` for unlimited.
    SwapBytes,
    /// `--cpus`: a rational number.
    Decimal,
    /// `net.ParseIP`.
    Ip,
    /// `-e`: `KEY=VALUE` or `KEY`.
    Env,
    /// `-a`: stdin, stdout or stderr.
    Attach,
    /// `--network`: a name or `name=...,alias=...`.
    Network,
    /// `--mount`: CSV `key=value` fields.
    Mount,
}

/// One flag of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagSpec {
    pub name: &'static str,
    pub short: Option<char>,
    pub kind: Kind,
    /// Only `docker run` has it (not `docker create`).
    pub run_only: bool,
    /// pflag's deprecation message, printed when the flag is used.
    pub deprecated: Option<&'static str>,
}

impl FlagSpec {
    /// How pflag names the flag in `invalid argument` errors: `-m, --memory` or `--cpus`.
    pub fn label(&self) -> String {
        match self.short {
            Some(c) => format!("-{c}, --{}", self.name),
            None => format!("--{}", self.name),
        }
    }
}

const fn f(name: &'static str, short: Option<char>, kind: Kind) -> FlagSpec {
    FlagSpec { name, short, kind, run_only: false, deprecated: None }
}

const fn run_only(name: &'static str, short: Option<char>, kind: Kind) -> FlagSpec {
    FlagSpec { name, short, kind, run_only: true, deprecated: None }
}

const fn deprecated(name: &'static str, kind: Kind, message: &'static str) -> FlagSpec {
    FlagSpec { name, short: None, kind, run_only: false, deprecated: Some(message) }
}

use Kind::*;

/// Every flag of `docker run` (docker CLI v29), in Docker's order.
pub static FLAGS: &[FlagSpec] = &[
    // run.go / create.go
    run_only("detach", Some('d'), Bool),
    run_only("sig-proxy", None, Bool),
    f("name", None, Str),
    run_only("detach-keys", None, Str),
    f("pull", None, Str),
    f("quiet", Some('q'), Bool),
    f("use-api-socket", None, Bool),
    f("help", None, Bool),
    f("platform", None, Str),
    deprecated("disable-content-trust", Bool, "support for docker content trust was removed"),
    // General purpose
    f("attach", Some('a'), Attach),
    f("device-cgroup-rule", None, List),
    f("device", None, List),
    f("gpus", None, List),
    f("env", Some('e'), Env),
    f("env-file", None, List),
    f("entrypoint", None, Str),
    f("group-add", None, List),
    f("hostname", Some('h'), Str),
    f("domainname", None, Str),
    f("interactive", Some('i'), Bool),
    f("label", Some('l'), List),
    f("label-file", None, List),
    f("read-only", None, Bool),
    f("restart", None, Str),
    f("stop-signal", None, Str),
    f("stop-timeout", None, Int),
    f("sysctl", None, List),
    f("tty", Some('t'), Bool),
    f("ulimit", None, List),
    f("user", Some('u'), Str),
    f("workdir", Some('w'), Str),
    f("rm", None, Bool),
    // Security
    f("cap-add", None, List),
    f("cap-drop", None, List),
    f("privileged", None, Bool),
    f("security-opt", None, List),
    f("userns", None, Str),
    f("cgroupns", None, Str),
    // Network and port publishing
    f("add-host", None, List),
    f("dns", None, List),
    f("dns-opt", None, List),
    f("dns-option", None, List),
    f("dns-search", None, List),
    f("expose", None, List),
    f("ip", None, Ip),
    f("ip6", None, Ip),
    f("link", None, List),
    f("link-local-ip", None, List),
    f("mac-address", None, Str),
    f("publish", Some('p'), List),
    f("publish-all", Some('P'), Bool),
    f("net", None, Network),
    f("network", None, Network),
    f("net-alias", None, List),
    f("network-alias", None, List),
    // Logging and storage
    f("log-driver", None, Str),
    f("volume-driver", None, Str),
    f("log-opt", None, List),
    f("storage-opt", None, List),
    f("tmpfs", None, List),
    f("volumes-from", None, List),
    f("volume", Some('v'), List),
    f("mount", None, Mount),
    // Health-checking
    f("health-cmd", None, Str),
    f("health-interval", None, Duration),
    f("health-retries", None, Int),
    f("health-timeout", None, Duration),
    f("health-start-period", None, Duration),
    f("health-start-interval", None, Duration),
    f("no-healthcheck", None, Bool),
    // Resource management
    f("blkio-weight", None, Uint16),
    f("blkio-weight-device", None, List),
    f("cidfile", None, Str),
    f("cpuset-cpus", None, Str),
    f("cpuset-mems", None, Str),
    f("cpu-count", None, Int),
    f("cpu-percent", None, Int),
    f("cpu-period", None, Int),
    f("cpu-quota", None, Int),
    f("cpu-rt-period", None, Int),
    f("cpu-rt-runtime", None, Int),
    f("cpu-shares", Some('c'), Int),
    f("cpus", None, Decimal),
    f("device-read-bps", None, List),
    f("device-read-iops", None, List),
    f("device-write-bps", None, List),
    f("device-write-iops", None, List),
    f("io-maxbandwidth", None, Bytes),
    f("io-maxiops", None, Uint64),
    f("memory", Some('m'), Bytes),
    f("memory-reservation", None, Bytes),
    f("memory-swap", None, SwapBytes),
    f("memory-swappiness", None, Int),
    f("oom-kill-disable", None, Bool),
    f("oom-score-adj", None, Int),
    f("pids-limit", None, Int),
    // Low-level execution
    f("cgroup-parent", None, Str),
    f("ipc", None, Str),
    f("isolation", None, Str),
    f("pid", None, Str),
    f("shm-size", None, Bytes),
    f("uts", None, Str),
    f("runtime", None, Str),
    f("init", None, Bool),
    f("annotation", None, List),
    deprecated("kernel-memory", Bytes, "and no longer supported by the kernel"),
];

fn available(spec: &FlagSpec, sub: Subcommand) -> bool {
    !spec.run_only || sub == Subcommand::Run
}

/// The flag `--name` of `sub`.
pub fn lookup_long(name: &str, sub: Subcommand) -> Option<&'static FlagSpec> {
    FLAGS.iter().find(|s| s.name == name && available(s, sub))
}

/// The flag `-c` of `sub`.
pub fn lookup_short(c: char, sub: Subcommand) -> Option<&'static FlagSpec> {
    FLAGS.iter().find(|s| s.short == Some(c) && available(s, sub))
}

/// One flag occurrence with its value, in command-line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagUse {
    pub spec: &'static FlagSpec,
    /// The value (`"true"` for a bare boolean).
    pub value: String,
    /// Where the value is in the input (the flag itself for a bare boolean).
    pub value_span: Span,
    /// Where the flag is in the input.
    pub flag_span: Span,
}

/// The words that are not flags: the image and the container's arguments.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Positionals {
    /// Indices into the word list.
    pub words: Vec<usize>,
}

/// pflag's `parseArgs` over `words`, handing each flag to `set` (which checks
/// the value, like pflag's `Value.Set`) in order; the first error stops.
pub fn parse_flags(
    words: &[Word],
    sub: Subcommand,
    set: &mut dyn FnMut(FlagUse) -> Result<(), RunError>,
) -> Result<Positionals, RunError> {
    let mut out = Positionals::default();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        let s = word.text.as_str();
        i += 1;
        if s.len() < 2 || !s.starts_with('-') {
            // Interspersed flags are off: this word and all after it are arguments.
            out.words.extend(i - 1..words.len());
            return Ok(out);
        }
        if s == "--" {
            out.words.extend(i..words.len());
            return Ok(out);
        }
        if let Some(long) = s.strip_prefix("--") {
            i = parse_long(words, i, word, long, sub, set)?;
        } else {
            i = parse_shorts(words, i, word, sub, set)?;
        }
    }
    Ok(out)
}

fn parse_long(
    words: &[Word],
    mut next: usize,
    word: &Word,
    long: &str,
    sub: Subcommand,
    set: &mut dyn FnMut(FlagUse) -> Result<(), RunError>,
) -> Result<usize, RunError> {
    if long.starts_with(['-', '=']) {
        return Err(RunError::new(RunErrorKind::BadFlagSyntax { word: word.text.clone() }, word.span));
    }
    let (name, inline) = match long.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (long, None),
    };
    let Some(spec) = lookup_long(name, sub) else {
        return Err(RunError::new(RunErrorKind::UnknownFlag { name: name.to_string() }, word.span));
    };
    let flag_span = word.sub_span(0, 2 + name.len());
    let (value, value_span) = if let Some(v) = inline {
        (v.to_string(), word.tail_span(3 + name.len()))
    } else if spec.kind == Kind::Bool {
        ("true".to_string(), flag_span)
    } else if let Some(v) = words.get(next) {
        next += 1;
        (v.text.clone(), v.span)
    } else {
        return Err(RunError::new(RunErrorKind::FlagNeedsArgument { name: name.to_string() }, word.span));
    };
    set(FlagUse { spec, value, value_span, flag_span })?;
    Ok(next)
}

fn parse_shorts(
    words: &[Word],
    mut next: usize,
    word: &Word,
    sub: Subcommand,
    set: &mut dyn FnMut(FlagUse) -> Result<(), RunError>,
) -> Result<usize, RunError> {
    let text = word.text.as_str();
    let mut pos = 1; // byte offset in `text` of the shorthand being read
    while pos < text.len() {
        let rest = &text[pos..];
        if rest.starts_with("test.") {
            // pflag silently skips Go test flags (`-test.v`).
            return Ok(next);
        }
        let byte = rest.as_bytes()[0];
        // pflag looks shorthands up byte by byte; a non-ASCII byte is reported as that byte's Latin-1 character.
        let c = char::from(byte);
        let spec = if byte.is_ascii() { lookup_short(c, sub) } else { None };
        let Some(spec) = spec else {
            let span = word.sub_span(pos, pos + rest.chars().next().map_or(1, char::len_utf8));
            return Err(RunError::new(RunErrorKind::UnknownShorthand { shorthand: c, group: rest.to_string() }, span));
        };
        let flag_span = word.sub_span(pos, pos + 1);
        let (value, value_span) = if rest.len() > 2 && rest.as_bytes()[1] == b'=' {
            let v = (rest[2..].to_string(), word.tail_span(pos + 2));
            pos = text.len();
            v
        } else if spec.kind == Kind::Bool {
            pos += 1;
            ("true".to_string(), flag_span)
        } else if rest.len() > 1 {
            let v = (rest[1..].to_string(), word.tail_span(pos + 1));
            pos = text.len();
            v
        } else if let Some(v) = words.get(next) {
            next += 1;
            pos = text.len();
            (v.text.clone(), v.span)
        } else {
            return Err(RunError::new(
                RunErrorKind::ShorthandNeedsArgument { shorthand: c, group: rest.to_string() },
                word.span,
            ));
        };
        set(FlagUse { spec, value, value_span, flag_span })?;
    }
    Ok(next)
}
