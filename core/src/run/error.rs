//! Errors of a `docker run` line: one enum of kinds, the byte span of the
//! offending text (for a caret), Docker's message as `Display`, and
//! [`RunError::render`] for the whole text the docker CLI prints around it.
//!
//! Messages are docker CLI v29 / Moby v29 texts (read from their sources).
//! Docker changed the framing in v28: [`MessageStyle::Classic`] renders the
//! older `See 'docker run --help'.` form, [`MessageStyle::Current`] the new one.

use std::fmt;

use super::mount::{MountConfigError, MountError};
use super::network::NetworkError;
use super::publish::PublishError;
use super::units::{CpusError, NumError, SizeError};
use super::volume::VolumeError;
use super::{Invocation, Subcommand};
use crate::catalog::ReferenceError;
use crate::quote::go_quote;
use crate::span::Span;

/// An error with where it is and which command it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunError {
    pub kind: RunErrorKind,
    /// Byte span in the input line.
    pub span: Span,
    /// The command, once the line was recognised as `docker run`/`create`.
    pub invocation: Option<Invocation>,
}

/// Who reports the error, which decides its framing and exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The shell (an unclosed quote): the command never starts.
    Shell,
    /// Layerlab: the line is not a `docker run`/`create` command.
    Command,
    /// pflag, while reading flags (exit 125).
    Flags,
    /// cobra's argument check (exit 1).
    Args,
    /// `--help`: Docker prints the usage instead (exit 0).
    Help,
    /// The CLI's checks before anything is sent (exit 125).
    Client,
    /// The CLI while creating the container (the image reference).
    Create,
    /// The daemon answering the create request.
    Daemon,
}

/// Which docker CLI era's framing to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageStyle {
    /// docker CLI v28 and later: `Usage:` line and `Run 'docker run --help' for more information`.
    Current,
    /// docker CLI up to v27: `See 'docker run --help'.`
    Classic,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunErrorKind {
    // --- Shell ---
    UnterminatedQuote {
        quote: char,
    },
    /// A backslash at the very end: the shell would wait for another line.
    TrailingBackslash,
    // --- Command (Layerlab) ---
    Empty,
    NotDocker {
        program: String,
    },
    UnsupportedCommand {
        command: String,
    },
    GlobalOptions {
        flag: String,
    },
    // --- pflag ---
    UnknownFlag {
        name: String,
    },
    /// `group` is what was left of the shorthand group at the unknown letter.
    UnknownShorthand {
        shorthand: char,
        group: String,
    },
    FlagNeedsArgument {
        name: String,
    },
    ShorthandNeedsArgument {
        shorthand: char,
        group: String,
    },
    BadFlagSyntax {
        word: String,
    },
    /// `flag` as pflag names it: `-m, --memory`.
    InvalidValue {
        flag: String,
        value: String,
        cause: Box<ValueError>,
    },
    // --- cobra ---
    HelpRequested,
    MissingImage,
    // --- client checks (opts.go `parse`, run.go, create.go) ---
    InvalidPullOption {
        value: String,
    },
    InvalidSwappiness {
        value: i64,
    },
    Volume(VolumeError),
    Publish(PublishError),
    RestartNoPolicyBeforeColon,
    RestartCountNotInteger,
    InvalidSecurityOpt {
        value: String,
    },
    HealthcheckConflict,
    HealthNegative {
        flag: &'static str,
    },
    RestartWithRm,
    Network(NetworkError),
    Reference(ReferenceError),
    // --- daemon ---
    WorkdirNotAbsolute {
        path: String,
    },
    HealthTooShort {
        field: &'static str,
    },
    MountConfig(MountConfigError),
    InvalidPortSpec {
        port: String,
    },
    RestartRetryNotOnFailure {
        negative: bool,
    },
    RestartRetryNegative,
    RestartUnknownPolicy {
        name: String,
    },
    UnknownCapability {
        list: &'static str,
        capability: String,
    },
    MemoryTooLow,
    InvalidName {
        name: String,
    },
    DuplicateMountPoint {
        target: String,
    },
}

/// Why a flag's value was refused at parse time (the cause in pflag's `invalid argument`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueError {
    Number(NumError),
    Size(SizeError),
    Cpus(CpusError),
    /// Go's `time.ParseDuration` message.
    Duration(String),
    /// `-e =x`: no name before `=`.
    EmptyEnvName {
        value: String,
    },
    Attach,
    Ip {
        value: String,
    },
    Network(NetworkError),
    Mount(MountError),
    /// `--label =x` (docker/cli's `opts.ValidateLabel`).
    LabelEmptyName {
        value: String,
    },
    /// `--label "a b=c"`.
    LabelWhitespace {
        key: String,
    },
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueError::Number(e) => e.fmt(f),
            ValueError::Size(e) => e.fmt(f),
            ValueError::Cpus(e) => e.fmt(f),
            ValueError::Duration(e) => f.write_str(e),
            ValueError::EmptyEnvName { value } => write!(f, "invalid environment variable: {value}"),
            ValueError::Attach => f.write_str("valid streams are STDIN, STDOUT and STDERR"),
            ValueError::Ip { value } => write!(f, "failed to parse IP: {}", go_quote(value)),
            ValueError::Network(e) => e.fmt(f),
            ValueError::Mount(e) => e.fmt(f),
            ValueError::LabelEmptyName { value } => write!(f, "invalid label '{value}': empty name"),
            ValueError::LabelWhitespace { key } => write!(f, "label '{key}' contains whitespaces"),
        }
    }
}

/// Go's `%q` of a rune.
fn quote_rune(c: char) -> String {
    let inner = go_quote(&c.to_string());
    let inner = &inner[1..inner.len() - 1];
    match c {
        '"' => "'\"'".to_string(),
        '\'' => "'\\''".to_string(),
        _ => format!("'{inner}'"),
    }
}

impl RunErrorKind {
    pub fn origin(&self) -> Origin {
        use RunErrorKind::*;
        match self {
            UnterminatedQuote { .. } | TrailingBackslash => Origin::Shell,
            Empty | NotDocker { .. } | UnsupportedCommand { .. } | GlobalOptions { .. } => Origin::Command,
            UnknownFlag { .. }
            | UnknownShorthand { .. }
            | FlagNeedsArgument { .. }
            | ShorthandNeedsArgument { .. }
            | BadFlagSyntax { .. }
            | InvalidValue { .. } => Origin::Flags,
            HelpRequested => Origin::Help,
            MissingImage => Origin::Args,
            InvalidPullOption { .. }
            | InvalidSwappiness { .. }
            | Publish(_)
            | RestartNoPolicyBeforeColon
            | RestartCountNotInteger
            | InvalidSecurityOpt { .. }
            | HealthcheckConflict
            | HealthNegative { .. }
            | RestartWithRm
            | Network(_) => Origin::Client,
            Volume(e) if e.is_daemon() => Origin::Daemon,
            Volume(_) => Origin::Client,
            Reference(_) => Origin::Create,
            WorkdirNotAbsolute { .. }
            | HealthTooShort { .. }
            | MountConfig(_)
            | InvalidPortSpec { .. }
            | RestartRetryNotOnFailure { .. }
            | RestartRetryNegative
            | RestartUnknownPolicy { .. }
            | UnknownCapability { .. }
            | MemoryTooLow
            | InvalidName { .. }
            | DuplicateMountPoint { .. } => Origin::Daemon,
        }
    }
}

impl fmt::Display for RunErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use RunErrorKind::*;
        match self {
            // bash's wording for an unclosed quote in `bash -c`.
            UnterminatedQuote { quote } => write!(f, "unexpected EOF while looking for matching `{quote}'"),
            TrailingBackslash => f.write_str("the line ends with `\\`: the shell would wait for the next line"),
            Empty => f.write_str("type a `docker run` command"),
            NotDocker { program } => write!(f, "`{program}` is not docker: type a `docker run` command"),
            UnsupportedCommand { command } => {
                write!(f, "Layerlab simulates `docker run` and `docker create`, not `{command}`")
            }
            GlobalOptions { flag } => {
                write!(f, "Layerlab does not simulate docker's global option `{flag}`: put only run options after `docker run`")
            }
            UnknownFlag { name } => write!(f, "unknown flag: --{name}"),
            UnknownShorthand { shorthand, group } => {
                write!(f, "unknown shorthand flag: {} in -{group}", quote_rune(*shorthand))
            }
            FlagNeedsArgument { name } => write!(f, "flag needs an argument: --{name}"),
            ShorthandNeedsArgument { shorthand, group } => {
                write!(f, "flag needs an argument: {} in -{group}", quote_rune(*shorthand))
            }
            BadFlagSyntax { word } => write!(f, "bad flag syntax: {word}"),
            InvalidValue { flag, value, cause } => {
                write!(f, "invalid argument {} for {} flag: {cause}", go_quote(value), go_quote(flag))
            }
            HelpRequested => f.write_str("--help: Docker prints the command's usage instead of running it"),
            MissingImage => f.write_str("requires at least 1 argument"),
            InvalidPullOption { value } => {
                write!(f, "invalid pull option: '{value}': must be one of \"always\", \"missing\" or \"never\"")
            }
            InvalidSwappiness { value } => {
                write!(f, "invalid value: {value}. Valid memory swappiness range is 0-100")
            }
            Volume(e) => e.fmt(f),
            Publish(e) => e.fmt(f),
            RestartNoPolicyBeforeColon => {
                f.write_str("invalid restart policy format: no policy provided before colon")
            }
            RestartCountNotInteger => {
                f.write_str("invalid restart policy format: maximum retry count must be an integer")
            }
            InvalidSecurityOpt { value } => write!(f, "invalid --security-opt: {}", go_quote(value)),
            HealthcheckConflict => f.write_str("--no-healthcheck conflicts with --health-* options"),
            HealthNegative { flag } => write!(f, "--{flag} cannot be negative"),
            RestartWithRm => f.write_str("conflicting options: cannot specify both --restart and --rm"),
            Network(e) => e.fmt(f),
            Reference(e) => e.fmt(f),
            WorkdirNotAbsolute { path } => {
                write!(f, "the working directory '{path}' is invalid, it needs to be an absolute path")
            }
            HealthTooShort { field } => write!(f, "{field} in Healthcheck cannot be less than 1ms"),
            MountConfig(e) => e.fmt(f),
            InvalidPortSpec { port } => write!(f, "invalid port specification: {}", go_quote(port)),
            RestartRetryNotOnFailure { negative } => {
                f.write_str("invalid restart policy: maximum retry count can only be used with 'on-failure'")?;
                if *negative {
                    f.write_str(" and cannot be negative")?;
                }
                Ok(())
            }
            RestartRetryNegative => f.write_str("invalid restart policy: maximum retry count cannot be negative"),
            RestartUnknownPolicy { name } => write!(
                f,
                "invalid restart policy: unknown policy '{name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"
            ),
            UnknownCapability { list, capability } => {
                write!(f, "invalid {list}: unknown capability: {}", go_quote(capability))
            }
            MemoryTooLow => f.write_str("Minimum memory limit allowed is 6MB"),
            InvalidName { name } => {
                write!(f, "Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
            }
            DuplicateMountPoint { target } => write!(f, "Duplicate mount point: {target}"),
        }
    }
}

impl RunError {
    pub fn new(kind: RunErrorKind, span: Span) -> RunError {
        RunError { kind, span, invocation: None }
    }

    pub fn origin(&self) -> Origin {
        self.kind.origin()
    }

    /// The exit status the docker CLI ends with, when it runs at all.
    pub fn exit_status(&self) -> Option<u8> {
        match self.origin() {
            Origin::Shell | Origin::Command => None,
            Origin::Help => Some(0),
            Origin::Args => Some(1),
            Origin::Create if self.command().0 == Subcommand::Create => Some(1),
            Origin::Daemon if self.command().0 == Subcommand::Create => Some(1),
            Origin::Flags | Origin::Client | Origin::Create | Origin::Daemon => Some(125),
        }
    }

    fn command(&self) -> (Subcommand, String, String) {
        let inv = self.invocation.unwrap_or(Invocation { subcommand: Subcommand::Run, container_group: false });
        (inv.subcommand, inv.command_path(), inv.use_line())
    }

    /// Everything the docker CLI prints to stderr for this error, in `style`'s era.
    pub fn render(&self, style: MessageStyle) -> String {
        let (sub, path, use_line) = self.command();
        let name = sub.name();
        let msg = self.to_string();
        let classic_msg = match &self.kind {
            // docker CLI v27 worded this one differently.
            RunErrorKind::RestartWithRm => "Conflicting options: --restart and --rm".to_string(),
            _ => msg.clone(),
        };
        let dotted = |m: &str| format!("{}.", m.trim_end_matches('.'));
        match (self.origin(), style) {
            (Origin::Shell | Origin::Command, _) => msg,
            (Origin::Help, _) => format!("Usage:  {use_line}\n\n{}", sub.short_help()),
            (Origin::Flags, MessageStyle::Classic) => format!("{msg}\nSee '{path} --help'."),
            (Origin::Flags, MessageStyle::Current) => {
                format!("{msg}\n\nUsage:  {use_line}\n\nRun '{path} --help' for more information")
            }
            (Origin::Args, MessageStyle::Classic) => format!(
                "\"{path}\" requires at least 1 argument.\nSee '{path} --help'.\n\nUsage:  {use_line}\n\n{}",
                sub.short_help()
            ),
            (Origin::Args, MessageStyle::Current) => format!(
                "docker: '{path}' requires at least 1 argument\n\nUsage:  {use_line}\n\nSee '{path} --help' for more information"
            ),
            (Origin::Client, MessageStyle::Classic) => {
                format!("docker: {}\nSee 'docker {name} --help'.", dotted(&classic_msg))
            }
            (Origin::Client, MessageStyle::Current) => {
                format!("docker: {msg}\n\nRun 'docker {name} --help' for more information")
            }
            (Origin::Create | Origin::Daemon, style) => {
                let text = if self.origin() == Origin::Daemon { format!("Error response from daemon: {msg}") } else { msg };
                match (sub, style) {
                    (Subcommand::Create, _) => text,
                    (Subcommand::Run, MessageStyle::Classic) => {
                        format!("docker: {}\nSee 'docker run --help'.", dotted(&text))
                    }
                    (Subcommand::Run, MessageStyle::Current) => {
                        format!("docker: {text}\n\nRun 'docker run --help' for more information")
                    }
                }
            }
        }
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            RunErrorKind::MissingImage => {
                let (_, path, _) = self.command();
                write!(f, "'{path}' requires at least 1 argument")
            }
            kind => kind.fmt(f),
        }
    }
}

impl std::error::Error for RunError {}
