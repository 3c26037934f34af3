//! The typed instructions. One struct per instruction, shared fields in
//! [`Common`], and [`Instruction`] over them for exhaustive matching.

use crate::span::Span;
use crate::syntax::Heredoc;

/// A Dockerfile as stages, with the ARGs declared before the first FROM.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dockerfile {
    pub escape: char,
    /// `ARG` before the first `FROM`: global, usable in FROM lines only
    /// unless declared again inside a stage.
    pub meta_args: Vec<Arg>,
    pub stages: Vec<Stage>,
    pub errors: Vec<super::InstructionError>,
    pub warnings: Vec<super::InstructionWarning>,
}

impl Dockerfile {
    /// The stage a `--from` or `--target` name refers to: a stage name
    /// (case-insensitive) or an index.
    pub fn stage_by_ref(&self, reference: &str) -> Option<&Stage> {
        if let Ok(index) = reference.parse::<usize>() {
            return self.stages.get(index);
        }
        let lower = reference.to_ascii_lowercase();
        // A later stage with the same name shadows an earlier one, as in BuildKit.
        self.stages.iter().rev().find(|s| s.name.as_deref() == Some(lower.as_str()))
    }

    /// The earlier stage the FROM of stage `index` builds on, if `base` (the
    /// expanded image) names one: the last stage before it called exactly
    /// that (convert.go `addState` looks the base name up among the stages
    /// added so far, by name only; stage names are lower-case, so `FROM Base`
    /// and `FROM 0` name images).
    pub fn base_stage(&self, base: &str, index: usize) -> Option<&Stage> {
        self.stages.get(..index)?.iter().rev().find(|s| s.name.as_deref() == Some(base))
    }

    /// The stage `docker build --target` builds: the last stage when `None`,
    /// else the stage of that name, case-insensitive, a later one shadowing an
    /// earlier one (convert.go: `allDispatchStates.findStateByName`; an index
    /// is not a target).
    pub fn target_stage(&self, target: Option<&str>) -> Option<usize> {
        match target {
            None => self.stages.len().checked_sub(1),
            Some(name) => {
                let lower = name.to_ascii_lowercase();
                self.stages.iter().rev().find(|s| s.name.as_deref() == Some(lower.as_str())).map(|s| s.index)
            }
        }
    }
}

/// A build stage: a FROM and the instructions up to the next FROM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub index: usize,
    pub from: From,
    /// The stage name, lower-cased as BuildKit stores it.
    pub name: Option<String>,
    pub instructions: Vec<Instruction>,
}

/// What every instruction carries: where it is and how it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Common {
    /// The keyword as written.
    pub keyword: crate::syntax::Text,
    /// The text with continuations joined (the syntax node's, shared).
    pub original: crate::syntax::Text,
    pub span: Span,
    pub keyword_span: Span,
    pub args_span: Span,
    pub start_line: usize,
    pub end_line: usize,
    pub comments: Vec<String>,
}

/// A command in exec form (`["a", "b"]`) or shell form (`a b`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandLine {
    Exec(Vec<String>),
    Shell(String),
}

impl CommandLine {
    pub fn is_exec(&self) -> bool {
        matches!(self, CommandLine::Exec(_))
    }
}

/// `FROM [--platform=P] image [AS name]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct From {
    pub common: Common,
    /// The image reference, unexpanded (`golang:${GO_VERSION}`).
    pub image: String,
    pub image_span: Span,
    /// The name as written after AS.
    pub name: Option<String>,
    pub name_span: Option<Span>,
    pub platform: Option<String>,
}

/// `RUN apt-get update` / `RUN ["apt-get", "update"]`, with `--mount`,
/// `--network`, `--security`, `--device` and heredocs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub common: Common,
    pub command: CommandLine,
    pub heredocs: Vec<Heredoc>,
    pub mounts: Vec<String>,
    pub network: Option<String>,
    pub security: Option<String>,
    pub devices: Vec<String>,
}

/// `CMD ["nginx", "-g", "daemon off;"]` / `CMD nginx -g 'daemon off;'`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cmd {
    pub common: Common,
    pub command: CommandLine,
}

/// `ENTRYPOINT ["python"]` / `ENTRYPOINT exec python`. `None` for a bare `ENTRYPOINT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entrypoint {
    pub common: Common,
    pub command: Option<CommandLine>,
}

/// One `key=value` of ENV or LABEL, unexpanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
    /// Written in the legacy `key value` form.
    pub legacy: bool,
    pub span: Span,
}

/// `ENV PATH=/app/bin:$PATH MODE=prod` / legacy `ENV MODE prod`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Env {
    pub common: Common,
    pub pairs: Vec<KeyValue>,
}

/// `LABEL org.opencontainers.image.source="https://..."`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub common: Common,
    pub pairs: Vec<KeyValue>,
}

/// `MAINTAINER Jane <jane@example.com>` (deprecated: use a LABEL)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Maintainer {
    pub common: Common,
    pub name: String,
}

/// `EXPOSE 80 443/tcp 53/udp`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expose {
    pub common: Common,
    /// As written, unexpanded.
    pub ports: Vec<String>,
}

/// A file written inline by a heredoc source (`COPY <<EOF /etc/motd`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineSource {
    pub name: String,
    pub content: String,
    pub expand: bool,
}

/// Sources and destination shared by COPY and ADD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    pub sources: Vec<String>,
    pub inline: Vec<InlineSource>,
    pub dest: String,
    pub chown: Option<String>,
    pub chmod: Option<String>,
    pub link: bool,
    pub exclude: Vec<String>,
}

/// `COPY [--from=stage] [--chown=u:g] [--chmod=644] [--link] [--parents] [--exclude=p] src... dest`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    pub common: Common,
    pub transfer: Transfer,
    pub from: Option<String>,
    pub from_span: Option<Span>,
    pub parents: bool,
}

/// `ADD [--checksum=sha256:...] [--keep-git-dir] [--unpack] src... dest` (URLs, git, local tar extraction)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Add {
    pub common: Common,
    pub transfer: Transfer,
    pub keep_git_dir: Option<bool>,
    pub checksum: Option<String>,
    pub unpack: Option<bool>,
}

/// `VOLUME /data` / `VOLUME ["/data", "/logs"]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volume {
    pub common: Common,
    pub paths: Vec<String>,
}

/// `USER app` / `USER 1000:1000`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub common: Common,
    pub user: String,
}

/// `WORKDIR /app`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workdir {
    pub common: Common,
    pub path: String,
}

/// One name of an ARG, with its default if given (`ARG VERSION=1.0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgDef {
    pub key: String,
    pub default: Option<String>,
    pub span: Span,
}

/// `ARG VERSION=1.0 DEBUG`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    pub common: Common,
    pub args: Vec<ArgDef>,
}

/// `ONBUILD COPY . /app`: stored in the image, run by builds that use it as a base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Onbuild {
    pub common: Common,
    /// The trigger's text as the image config stores it.
    pub expression: String,
    pub trigger: Box<Instruction>,
}

/// `STOPSIGNAL SIGINT`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopSignal {
    pub common: Common,
    pub signal: String,
}

/// `HEALTHCHECK --interval=30s CMD curl -f http://localhost/` / `HEALTHCHECK NONE`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Healthcheck {
    pub common: Common,
    pub check: HealthcheckKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HealthcheckKind {
    /// Disable any healthcheck inherited from the base image.
    None,
    Cmd(HealthcheckCmd),
}

/// Durations in nanoseconds, as Docker's image config stores them; 0 means unset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthcheckCmd {
    /// `["CMD", ...]` for exec form, `["CMD-SHELL", "..."]` for shell form.
    pub test: Vec<String>,
    pub interval: u64,
    pub timeout: u64,
    pub start_period: u64,
    pub start_interval: u64,
    pub retries: u32,
}

/// `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shell {
    pub common: Common,
    pub shell: Vec<String>,
}

/// Every instruction that can appear inside a stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Instruction {
    Run(Run),
    Cmd(Cmd),
    Entrypoint(Entrypoint),
    Env(Env),
    Label(Label),
    Maintainer(Maintainer),
    Expose(Expose),
    Copy(Copy),
    Add(Add),
    Volume(Volume),
    User(User),
    Workdir(Workdir),
    Arg(Arg),
    Onbuild(Onbuild),
    StopSignal(StopSignal),
    Healthcheck(Healthcheck),
    Shell(Shell),
}

impl Instruction {
    pub fn common(&self) -> &Common {
        match self {
            Instruction::Run(i) => &i.common,
            Instruction::Cmd(i) => &i.common,
            Instruction::Entrypoint(i) => &i.common,
            Instruction::Env(i) => &i.common,
            Instruction::Label(i) => &i.common,
            Instruction::Maintainer(i) => &i.common,
            Instruction::Expose(i) => &i.common,
            Instruction::Copy(i) => &i.common,
            Instruction::Add(i) => &i.common,
            Instruction::Volume(i) => &i.common,
            Instruction::User(i) => &i.common,
            Instruction::Workdir(i) => &i.common,
            Instruction::Arg(i) => &i.common,
            Instruction::Onbuild(i) => &i.common,
            Instruction::StopSignal(i) => &i.common,
            Instruction::Healthcheck(i) => &i.common,
            Instruction::Shell(i) => &i.common,
        }
    }

    /// The upper-case keyword (`COPY`).
    pub fn name(&self) -> &'static str {
        match self {
            Instruction::Run(_) => "RUN",
            Instruction::Cmd(_) => "CMD",
            Instruction::Entrypoint(_) => "ENTRYPOINT",
            Instruction::Env(_) => "ENV",
            Instruction::Label(_) => "LABEL",
            Instruction::Maintainer(_) => "MAINTAINER",
            Instruction::Expose(_) => "EXPOSE",
            Instruction::Copy(_) => "COPY",
            Instruction::Add(_) => "ADD",
            Instruction::Volume(_) => "VOLUME",
            Instruction::User(_) => "USER",
            Instruction::Workdir(_) => "WORKDIR",
            Instruction::Arg(_) => "ARG",
            Instruction::Onbuild(_) => "ONBUILD",
            Instruction::StopSignal(_) => "STOPSIGNAL",
            Instruction::Healthcheck(_) => "HEALTHCHECK",
            Instruction::Shell(_) => "SHELL",
        }
    }
}

/// The instruction keywords BuildKit knows, upper-case.
pub const KEYWORDS: [&str; 18] = [
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];
