//! Instruction errors and warnings. Message texts are BuildKit's.

use crate::span::Span;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstructionError {
    pub kind: InstructionErrorKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstructionErrorKind {
    /// A keyword BuildKit does not know, with a close one if any.
    UnknownInstruction {
        keyword: String,
        suggestion: Option<String>,
    },
    AtLeastOneArgument {
        keyword: &'static str,
    },
    ExactlyOneArgument {
        keyword: &'static str,
    },
    /// COPY or ADD with a source but no destination.
    NoDestination {
        keyword: &'static str,
    },
    /// `FROM a b`: neither `image` nor `image AS name`.
    FromArguments,
    /// A stage name that is not `[a-z][a-z0-9-_.]*`.
    InvalidStageName {
        name: String,
    },
    /// ENV, LABEL or ARG with an empty key (`ENV =x`).
    BlankName {
        keyword: &'static str,
    },
    /// A flag the instruction does not take, with a close one if any.
    UnknownFlag {
        flag: String,
        suggestion: Option<String>,
    },
    DuplicateFlag {
        flag: String,
    },
    MissingFlagValue {
        flag: String,
    },
    NotBoolean {
        flag: String,
        value: String,
    },
    /// ONBUILD ONBUILD.
    OnbuildChained,
    /// ONBUILD FROM or ONBUILD MAINTAINER.
    OnbuildTrigger {
        keyword: String,
    },
    HealthcheckNoneArgs,
    HealthcheckMissingCommand,
    HealthcheckUnknownType {
        kind: String,
    },
    /// A HEALTHCHECK duration Go's `time.ParseDuration` refuses, its message.
    InvalidDuration {
        message: String,
    },
    /// A duration above zero but under a millisecond.
    DurationTooShort {
        flag: String,
    },
    InvalidRetries {
        value: String,
    },
    NegativeRetries {
        value: i64,
    },
    EmptyVolume,
    /// SHELL in shell form.
    ShellNotJson,
    /// An instruction before the first FROM other than ARG.
    NoStage,
    /// Only ARGs and no FROM at all.
    NoStages,
    /// `--from=3` with fewer stages.
    InvalidStageIndex {
        index: String,
    },
    /// `--from=$VAR`: BuildKit does not expand `--from`.
    FromFlagExpansion,
    /// COPY or ADD with a heredoc as destination.
    HeredocDestination {
        keyword: &'static str,
    },
}

impl InstructionErrorKind {
    /// A stable code for this kind of diagnostic: BuildKit's rule name where
    /// BuildKit reports it as a build check, else `instructions/<kind>`.
    pub fn code(&self) -> &'static str {
        match self {
            InstructionErrorKind::UnknownInstruction { .. } => "instructions/unknown-instruction",
            InstructionErrorKind::AtLeastOneArgument { .. } => "instructions/at-least-one-argument",
            InstructionErrorKind::ExactlyOneArgument { .. } => "instructions/exactly-one-argument",
            InstructionErrorKind::NoDestination { .. } => "instructions/no-destination",
            InstructionErrorKind::FromArguments => "instructions/from-arguments",
            InstructionErrorKind::InvalidStageName { .. } => "instructions/invalid-stage-name",
            InstructionErrorKind::BlankName { .. } => "instructions/blank-name",
            InstructionErrorKind::UnknownFlag { .. } => "instructions/unknown-flag",
            InstructionErrorKind::DuplicateFlag { .. } => "instructions/duplicate-flag",
            InstructionErrorKind::MissingFlagValue { .. } => "instructions/missing-flag-value",
            InstructionErrorKind::NotBoolean { .. } => "instructions/not-boolean",
            InstructionErrorKind::OnbuildChained => "instructions/onbuild-chained",
            InstructionErrorKind::OnbuildTrigger { .. } => "instructions/onbuild-trigger",
            InstructionErrorKind::HealthcheckNoneArgs => "instructions/healthcheck-none-args",
            InstructionErrorKind::HealthcheckMissingCommand => "instructions/healthcheck-missing-command",
            InstructionErrorKind::HealthcheckUnknownType { .. } => "instructions/healthcheck-unknown-type",
            InstructionErrorKind::InvalidDuration { .. } => "instructions/invalid-duration",
            InstructionErrorKind::DurationTooShort { .. } => "instructions/duration-too-short",
            InstructionErrorKind::InvalidRetries { .. } => "instructions/invalid-retries",
            InstructionErrorKind::NegativeRetries { .. } => "instructions/negative-retries",
            InstructionErrorKind::EmptyVolume => "instructions/empty-volume",
            InstructionErrorKind::ShellNotJson => "instructions/shell-not-json",
            InstructionErrorKind::NoStage => "instructions/no-stage",
            InstructionErrorKind::NoStages => "instructions/no-stages",
            InstructionErrorKind::InvalidStageIndex { .. } => "instructions/invalid-stage-index",
            InstructionErrorKind::FromFlagExpansion => "instructions/from-flag-expansion",
            InstructionErrorKind::HeredocDestination { .. } => "instructions/heredoc-destination",
        }
    }
}

fn suggestion(s: &Option<String>) -> String {
    s.as_ref().map(|m| format!(" (did you mean {m}?)")).unwrap_or_default()
}

impl fmt::Display for InstructionErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use InstructionErrorKind::*;
        match self {
            UnknownInstruction { keyword, suggestion: s } => {
                write!(f, "unknown instruction: {keyword}{}", suggestion(s))
            }
            AtLeastOneArgument { keyword } => write!(f, "{keyword} requires at least one argument"),
            ExactlyOneArgument { keyword } => write!(f, "{keyword} requires exactly one argument"),
            NoDestination { keyword } => write!(
                f,
                "{keyword} requires at least two arguments, but only one was provided. Destination could not be determined"
            ),
            FromArguments => f.write_str("FROM requires either one or three arguments"),
            InvalidStageName { name } => write!(
                f,
                "invalid name for build stage: {}, name can't start with a number or contain symbols",
                crate::quote::go_quote(name)
            ),
            BlankName { keyword } => write!(f, "{keyword} names can not be blank"),
            UnknownFlag { flag, suggestion: s } => write!(f, "unknown flag: {flag}{}", suggestion(s)),
            DuplicateFlag { flag } => write!(f, "duplicate flag specified: {flag}"),
            MissingFlagValue { flag } => write!(f, "missing a value on flag: {flag}"),
            NotBoolean { flag, value } => {
                write!(f, "expecting boolean value for flag {flag}, not: {value}")
            }
            OnbuildChained => f.write_str("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
            OnbuildTrigger { keyword } => write!(f, "{keyword} isn't allowed as an ONBUILD trigger"),
            HealthcheckNoneArgs => f.write_str("HEALTHCHECK NONE takes no arguments"),
            HealthcheckMissingCommand => f.write_str("Missing command after HEALTHCHECK CMD"),
            HealthcheckUnknownType { kind } => {
                write!(f, "Unknown type {} in HEALTHCHECK (try CMD)", crate::quote::go_quote(kind))
            }
            InvalidDuration { message } => f.write_str(message),
            DurationTooShort { flag } => {
                write!(f, "Interval {} cannot be less than 1ms", crate::quote::go_quote(flag))
            }
            InvalidRetries { value } => {
                write!(f, "strconv.ParseInt: parsing {}: invalid syntax", crate::quote::go_quote(value))
            }
            NegativeRetries { value } => write!(f, "--retries cannot be negative ({value})"),
            EmptyVolume => f.write_str("VOLUME specified can not be an empty string"),
            ShellNotJson => f.write_str("SHELL requires the arguments to be in JSON form"),
            NoStage => f.write_str("no build stage in current context"),
            NoStages => f.write_str("dockerfile contains no stages to build"),
            InvalidStageIndex { index } => write!(f, "invalid stage index {index}"),
            FromFlagExpansion => f.write_str(
                "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround",
            ),
            HeredocDestination { keyword } => {
                write!(f, "{keyword} cannot accept a heredoc as a destination")
            }
        }
    }
}

impl fmt::Display for InstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

/// Something Docker accepts but a learner should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstructionWarning {
    pub kind: InstructionWarningKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstructionWarningKind {
    /// Two stages share a name; the later one wins (BuildKit's DuplicateStageName).
    DuplicateStageName { name: String },
    /// `COPY --from=name` where no stage has that name: Docker pulls an image instead.
    FromNotAStage { name: String },
    /// Flags on an instruction whose flags Docker never reads (ARG, STOPSIGNAL, HEALTHCHECK NONE).
    IgnoredFlags { keyword: String },
}

impl InstructionWarningKind {
    /// A stable code for this kind of diagnostic: BuildKit's rule name where
    /// BuildKit reports it as a build check, else `instructions/<kind>`.
    pub fn code(&self) -> &'static str {
        match self {
            InstructionWarningKind::DuplicateStageName { .. } => "DuplicateStageName",
            InstructionWarningKind::FromNotAStage { .. } => "instructions/from-not-a-stage",
            InstructionWarningKind::IgnoredFlags { .. } => "instructions/ignored-flags",
        }
    }
}

impl fmt::Display for InstructionWarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstructionWarningKind::DuplicateStageName { name } => {
                write!(f, "Duplicate stage name {}, stage names should be unique", crate::quote::go_quote(name))
            }
            InstructionWarningKind::FromNotAStage { name } => {
                write!(f, "no build stage named '{name}' is defined: Docker will pull an image called '{name}'")
            }
            InstructionWarningKind::IgnoredFlags { keyword } => {
                write!(f, "flags on {keyword} are ignored by Docker")
            }
        }
    }
}
