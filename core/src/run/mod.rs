//! `docker run` command lines, read exactly as a shell and the docker CLI
//! read them: [`parse_run`] takes the line a user types and returns the
//! typed [`RunCommand`] Docker would act on, or the [`RunError`] Docker
//! would print (with its byte span, for a caret).
//!
//! The stages, in Docker's order:
//! [`words`] (POSIX shell splitting, no expansion: notes say where the shell
//! would change the text) → the command (`docker run`, `docker container
//! run`, `docker create`, `docker container create`) → [`flags`] (pflag:
//! the flag table and its parsing loop, values checked per kind as they are
//! read, see `options`) → cobra's argument check (an image is required) →
//! `checks` (the CLI's checks after parsing, then the daemon's on create).
//! Value syntaxes live in [`publish`], [`volume`], [`mount`], [`network`],
//! [`restart`] and [`units`]; [`envfile`] reads `--env-file` contents the
//! caller supplies.
//!
//! Messages come from docker CLI v29 and Moby v29 sources; see `error.rs`
//! for the two framings (`See 'docker run --help'.` up to v27, `Run 'docker
//! run --help' for more information` from v28).

mod argv;
mod checks;
pub mod envfile;
mod error;
pub mod flags;
pub mod mount;
pub mod network;
mod options;
pub mod publish;
mod resolve;
pub mod restart;
pub mod units;
pub mod volume;
pub mod words;

#[cfg(test)]
mod tests;

pub use argv::{resolve_argv, Argv, ArgvError, WordOrigin};
pub use envfile::{parse_env_file, EnvFileError, EnvFileProblem};
pub use error::{MessageStyle, Origin, RunError, RunErrorKind, ValueError};
pub use mount::{Mount, MountType};
pub use network::{NetworkAttachment, NetworkMode};
pub use options::{Entrypoint, EnvVar, HealthOptions, OtherFlag, PidMode, RunOptions};
pub use publish::{HostPort, PortMapping, Protocol};
pub use resolve::{resolve, resolve_in, PublishedPort, Resolution};
pub use restart::RestartPolicy;
pub use volume::{VolumeSource, VolumeSpec};
pub use words::ShellNote;

use crate::span::Span;

/// `docker run` or `docker create` (same flags, minus run's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subcommand {
    Run,
    Create,
}

impl Subcommand {
    pub fn name(self) -> &'static str {
        match self {
            Subcommand::Run => "run",
            Subcommand::Create => "create",
        }
    }

    /// cobra's `Short` for the command.
    pub fn short_help(self) -> &'static str {
        match self {
            Subcommand::Run => "Create and run a new container from an image",
            Subcommand::Create => "Create a new container",
        }
    }
}

/// How the command was spelled: `docker run` or `docker container run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Invocation {
    pub subcommand: Subcommand,
    /// Spelled `docker container run|create`.
    pub container_group: bool,
}

impl Invocation {
    /// cobra's `CommandPath`: `docker run` or `docker container run`.
    pub fn command_path(&self) -> String {
        let group = if self.container_group { "container " } else { "" };
        format!("docker {group}{}", self.subcommand.name())
    }

    /// cobra's `UseLine`.
    pub fn use_line(&self) -> String {
        format!("{} [OPTIONS] IMAGE [COMMAND] [ARG...]", self.command_path())
    }
}

/// Something worth telling the user that does not stop Docker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The shell would not pass this text through unchanged.
    Shell(ShellNote),
    /// pflag prints `Flag --NAME has been deprecated, MESSAGE` and goes on.
    Deprecated { flag: &'static str, message: &'static str, span: Span },
}

impl Note {
    pub fn span(&self) -> Span {
        match self {
            Note::Shell(n) => n.span(),
            Note::Deprecated { span, .. } => *span,
        }
    }

    pub fn message(&self) -> String {
        match self {
            Note::Shell(n) => n.message(),
            Note::Deprecated { flag, message, .. } => format!("Flag --{flag} has been deprecated, {message}"),
        }
    }
}

/// A `docker run` line as Docker understands it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunCommand {
    pub invocation: Invocation,
    pub options: RunOptions,
    /// The image, as typed.
    pub image: String,
    pub image_span: Span,
    /// The container's command and arguments (everything after the image).
    pub args: Vec<String>,
    pub arg_spans: Vec<Span>,
    pub notes: Vec<Note>,
}

/// Recognises `docker [container] run|create`; returns it and the index of the first option word.
fn recognise(words: &[words::Word], input_len: usize) -> Result<(Invocation, usize), RunError> {
    let Some(first) = words.first() else {
        return Err(RunError::new(RunErrorKind::Empty, Span::empty_at(input_len)));
    };
    if first.text != "docker" && !first.text.ends_with("/docker") {
        return Err(RunError::new(RunErrorKind::NotDocker { program: first.text.clone() }, first.span));
    }
    let pick = |w: Option<&words::Word>| match w.map(|w| w.text.as_str()) {
        Some("run") => Some(Subcommand::Run),
        Some("create") => Some(Subcommand::Create),
        _ => None,
    };
    let unsupported = |upto: usize| {
        let shown = &words[..upto.min(words.len())];
        let command = shown.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
        let span = shown.iter().fold(first.span, |s, w| s.cover(w.span));
        RunError::new(RunErrorKind::UnsupportedCommand { command }, span)
    };
    match words.get(1) {
        Some(w) if w.text.starts_with('-') && w.text.len() > 1 => {
            Err(RunError::new(RunErrorKind::GlobalOptions { flag: w.text.clone() }, w.span))
        }
        Some(w) if w.text == "container" => match pick(words.get(2)) {
            Some(subcommand) => Ok((Invocation { subcommand, container_group: true }, 3)),
            None => Err(unsupported(3)),
        },
        w => match pick(w) {
            Some(subcommand) => Ok((Invocation { subcommand, container_group: false }, 2)),
            None => Err(unsupported(2)),
        },
    }
}

/// Reads a `docker run` (or `docker container run`, `docker create`…) line.
/// Never panics; the first error in Docker's order is returned.
pub fn parse_run(input: &str) -> Result<RunCommand, RunError> {
    let split = words::split(input)?;
    let (invocation, first) = recognise(&split.words, input.len())?;
    let with_invocation = |mut e: RunError| {
        e.invocation = Some(invocation);
        e
    };
    let mut notes: Vec<Note> = split.notes.into_iter().map(Note::Shell).collect();
    let mut opts = RunOptions::default();
    let mut spans: Vec<(&'static str, Span)> = Vec::new();
    let option_words = &split.words[first..];
    let positionals = flags::parse_flags(option_words, invocation.subcommand, &mut |u| {
        if let Some(message) = u.spec.deprecated {
            notes.push(Note::Deprecated { flag: u.spec.name, message, span: u.flag_span });
        }
        spans.push((u.spec.name, u.value_span));
        options::apply(&mut opts, &u)
    })
    .map_err(with_invocation)?;
    if opts.other_value("help").is_some_and(|v| units::parse_bool(v) == Ok(true)) {
        let span = spans.iter().rev().find(|(n, _)| *n == "help").map_or(Span::default(), |s| s.1);
        return Err(with_invocation(RunError::new(RunErrorKind::HelpRequested, span)));
    }
    let mut positional = positionals.words.iter().map(|&i| &option_words[i]);
    let Some(image) = positional.next() else {
        let span = Span::empty_at(split.words.last().map_or(input.len(), |w| w.span.end()));
        return Err(with_invocation(RunError::new(RunErrorKind::MissingImage, span)));
    };
    let (args, arg_spans) = positional.map(|w| (w.text.clone(), w.span)).unzip();
    let tildes: Vec<usize> = notes
        .iter()
        .filter_map(|n| match n {
            Note::Shell(ShellNote::Tilde { span }) => Some(span.start()),
            _ => None,
        })
        .collect();
    checks::check(&mut opts, &image.text, image.span, &spans, &tildes).map_err(with_invocation)?;
    Ok(RunCommand {
        invocation,
        options: opts,
        image: image.text.clone(),
        image_span: image.span,
        args,
        arg_spans,
        notes,
    })
}
