//! Building each stage's instructions, as BuildKit's `dispatch` does for
//! `--check` (every stage, in file order), with the rules that need the
//! variables in scope or the state of the stage: UndefinedVar,
//! WorkdirRelativePath, JSONArgsRecommended, MultipleInstructionsDisallowed,
//! LegacyKeyValueFormat, SecretsUsedInArgOrEnv, CopyIgnoredFile and the
//! EXPOSE rules. Each instruction uses its own `# check=` comment.
//!
//! The scope is tracked here rather than with `expansion::scope`, whose
//! `Scope` follows Docker's documented rules; the lint needs BuildKit's
//! dispatcher exactly: a stage built on another inherits its ARGs and ENV,
//! declared-but-unset ARGs silence UndefinedVar, image ENV (with BuildKit's
//! default PATH) is in scope, and only the words BuildKit's `Expand` methods
//! touch are looked at (not RUN/CMD text, not `--exclude`, not EXPOSE).

use super::copy_ignored::{self, IgnoreRules, SourceKind};
use super::env::{suggest, EnvList};
use super::expose;
use super::from::{Head, Origin};
use super::parse_time::csv_fields;
use super::rules::{self, RuleId};
use super::stages::{self, Graph, Source};
use super::{CheckConfig, Loc, Sink};
use crate::build::DEFAULT_PATH;
use crate::expansion::{Env, Lexer};
use crate::instructions::{CommandLine, Dockerfile, Instruction, Transfer};
use crate::quote::go_quote;
use crate::span::Span;
use crate::syntax::{Parsed, Value};
use std::collections::{BTreeMap, BTreeSet};

/// ARGs that configure BuildKit and never reach the environment.
const NON_ENV_ARGS: [&str; 2] = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

/// Everything the dispatcher reads.
pub(super) struct Plan<'a> {
    pub parsed: &'a Parsed,
    pub file: &'a Dockerfile,
    pub heads: &'a [Head],
    pub origins: &'a [Origin],
    pub graph: &'a Graph,
    pub globals: &'a EnvList,
    pub build_args: &'a BTreeMap<String, String>,
    pub ignore: Option<&'a IgnoreRules>,
    pub lexer: Lexer,
    pub base: &'a CheckConfig,
}

/// A stage being built: its variables and what the rules remember.
#[derive(Debug, Clone, Default)]
struct Stage {
    /// Variables in scope (ENV, ARG values, the image's ENV).
    env: EnvList,
    /// The image config's ENV, which a child stage re-applies.
    image_env: Vec<(String, String)>,
    /// The image config's SHELL.
    shell: Vec<String>,
    /// Set by the first WORKDIR of the stage or of a stage it builds on.
    workdir_set: bool,
    /// ARGs declared so far, with or without a value.
    args: Vec<String>,
    os: String,
    cmd: Option<Loc>,
    entrypoint: Option<Loc>,
    healthcheck: Option<Loc>,
}

/// One instruction to dispatch, with the place and comments BuildKit uses.
struct Command<'a> {
    instruction: &'a Instruction,
    loc: Loc,
    comments: &'a [String],
}

/// Dispatches every stage in order; `Err` is the first failure's message.
pub(super) fn run(plan: &Plan<'_>, sink: &mut Sink) -> Result<(), String> {
    let mut built: Vec<Stage> = Vec::with_capacity(plan.file.stages.len());
    for (index, stage) in plan.file.stages.iter().enumerate() {
        let mut state = initial_state(plan, index, &built);
        if !state.image_env.iter().any(|(k, _)| k == "PATH") && state.os != "windows" {
            state.image_env.push(("PATH".to_string(), DEFAULT_PATH.to_string()));
        }
        for (key, value) in &state.image_env {
            state.env.set(key, value);
        }
        let from_loc = Loc::of(&stage.from.common);
        let inherited = match (plan.graph.triggered[index], plan.heads[index].base_stage) {
            (true, Some(base)) => stages::triggers(&plan.file.stages[base]).collect(),
            _ => Vec::new(),
        };
        // Triggers run first, located at this stage's FROM, with no comments.
        let commands = inherited
            .into_iter()
            .map(|instruction| Command { instruction, loc: from_loc, comments: &[] })
            .chain(stage.instructions.iter().map(|i| Command {
                instruction: i,
                loc: Loc::of(i.common()),
                comments: &i.common().comments,
            }));
        for command in commands {
            let mut cx =
                Cx { plan, sink: &mut *sink, cfg: plan.base.with_comments(command.comments), loc: command.loc };
            cx.dispatch(&mut state, command.instruction, index, built.len())?;
        }
        built.push(state);
    }
    Ok(())
}

fn initial_state(plan: &Plan<'_>, index: usize, built: &[Stage]) -> Stage {
    match &plan.origins[index] {
        Origin::Stage(base) => {
            let mut state = built.get(*base).cloned().unwrap_or_default();
            state.cmd = None;
            state.entrypoint = None;
            state.healthcheck = None;
            state
        }
        // BuildKit builds scratch for the target platform whatever `--platform`
        // says (`resolveReachableStages` in dockerfile2llb/convert.go).
        Origin::Scratch => Stage { os: super::args::NATIVE_OS.to_string(), ..Stage::default() },
        Origin::Image(config) => Stage {
            image_env: config.env.clone(),
            shell: config.shell.clone(),
            os: plan.heads[index].platform.as_ref().map_or(super::args::NATIVE_OS.to_string(), |p| p.os.clone()),
            ..Stage::default()
        },
    }
}

/// The context of one instruction.
struct Cx<'p, 's> {
    plan: &'p Plan<'p>,
    sink: &'s mut Sink,
    cfg: CheckConfig,
    loc: Loc,
}

impl Cx<'_, '_> {
    fn report(&mut self, rule: RuleId, detail: String) {
        self.sink.report(&self.cfg, rule, detail, self.loc);
    }

    /// Expands one word as BuildKit's `Expand` does, reporting UndefinedVar.
    fn word(&mut self, state: &Stage, word: &str) -> Result<String, String> {
        self.expand_with(self.plan.lexer, state, word)
    }

    fn expand_with(&mut self, lexer: Lexer, state: &Stage, word: &str) -> Result<String, String> {
        match lexer.process_word(word, &state.env) {
            Ok(expanded) => {
                self.undefined(state, &expanded.unmatched);
                Ok(expanded.value)
            }
            Err(error) => {
                self.undefined(state, &error.unmatched);
                Err(error.buildkit_message(word))
            }
        }
    }

    /// UndefinedVar (`reportUnmatchedVariables`): names looked up and unset,
    /// except declared ARGs; a suggestion from the variables in scope.
    fn undefined(&mut self, state: &Stage, unmatched: &BTreeSet<String>) {
        if unmatched.is_empty() {
            return;
        }
        let keys = state.env.keys();
        for name in unmatched {
            if state.args.contains(name) || NON_ENV_ARGS.contains(&name.as_str()) {
                continue;
            }
            let suggestion = suggest(name, &keys);
            self.report(RuleId::UndefinedVar, rules::undefined_var(name, suggestion.as_deref()));
        }
    }

    fn words(&mut self, state: &Stage, words: &[String]) -> Result<Vec<String>, String> {
        words.iter().map(|w| self.word(state, w)).collect()
    }

    fn dispatch(
        &mut self,
        state: &mut Stage,
        instruction: &Instruction,
        index: usize,
        done: usize,
    ) -> Result<(), String> {
        let keyword = instruction.common().keyword.as_str();
        match instruction {
            Instruction::Env(env) => {
                let mut pairs = Vec::with_capacity(env.pairs.len());
                for pair in &env.pairs {
                    pairs.push((self.word(state, &pair.key)?, self.word(state, &pair.value)?, pair.legacy));
                }
                for (key, value, legacy) in pairs {
                    if legacy {
                        self.report(RuleId::LegacyKeyValueFormat, rules::legacy_key_value_format(keyword));
                    }
                    self.secret("ENV", &key);
                    state.env.set(&key, &value);
                    match state.image_env.iter_mut().find(|(k, _)| *k == key) {
                        Some(entry) => entry.1 = value,
                        None => state.image_env.push((key, value)),
                    }
                }
            }
            Instruction::Label(label) => {
                for pair in &label.pairs {
                    self.word(state, &pair.key)?;
                    self.word(state, &pair.value)?;
                }
                for _ in label.pairs.iter().filter(|p| p.legacy) {
                    self.report(RuleId::LegacyKeyValueFormat, rules::legacy_key_value_format(keyword));
                }
            }
            Instruction::Copy(copy) => {
                let sources = self.transfer(state, &copy.transfer, None)?;
                let mut ignore = self.plan.ignore;
                if let Some(from) = &copy.from {
                    ignore = None;
                    if let Source::Stage(j) = stages::copy_source(self.plan.file, from, &self.plan.lexer)? {
                        if j >= done {
                            return Err(format!(
                                "cannot copy from stage {}, it needs to be defined before current stage {}",
                                go_quote(from),
                                go_quote(&self.plan.graph.names[index])
                            ));
                        }
                    }
                }
                for source in &sources {
                    match copy_ignored::classify(source) {
                        SourceKind::Git => return Err("source can't be a git ref for COPY".to_string()),
                        SourceKind::Url => return Err("source can't be a URL for COPY".to_string()),
                        SourceKind::Context => self.ignored(ignore, "Copy", source),
                    }
                }
            }
            Instruction::Add(add) => {
                let sources = self.transfer(state, &add.transfer, add.checksum.as_deref())?;
                for source in sources.iter().filter(|s| copy_ignored::classify(s) == SourceKind::Context) {
                    self.ignored(self.plan.ignore, "Add", source);
                }
            }
            Instruction::Workdir(workdir) => {
                let path = self.word(state, &workdir.path)?;
                if !state.workdir_set && !is_abs(&path, &state.os) {
                    self.report(RuleId::WorkdirRelativePath, rules::workdir_relative_path(&path));
                }
                state.workdir_set = true;
            }
            Instruction::Run(run) => {
                for mount in &run.mounts {
                    for field in csv_fields(mount) {
                        if let Some((_, value)) = field.split_once('=') {
                            self.word(state, value)?;
                        }
                    }
                }
            }
            Instruction::User(user) => {
                self.word(state, &user.user)?;
            }
            Instruction::StopSignal(signal) => {
                self.word(state, &signal.signal)?;
            }
            Instruction::Volume(volume) => {
                if self.words(state, &volume.paths)?.iter().any(String::is_empty) {
                    return Err("VOLUME specified can not be an empty string".to_string());
                }
            }
            Instruction::Arg(arg) => {
                for def in &arg.args {
                    self.secret("ARG", &def.key);
                    let mut value = def.default.clone();
                    let given = self.plan.build_args.get(&def.key);
                    if value.is_none() && given.is_none() {
                        value = self.plan.globals.get(&def.key).map(str::to_string);
                    }
                    if let Some(given) = given {
                        value = Some(given.clone());
                    } else if let Some(default) = &def.default {
                        value = Some(self.word(state, default)?);
                    }
                    if let Some(value) = value.filter(|_| !NON_ENV_ARGS.contains(&def.key.as_str())) {
                        state.env.set(&def.key, &value);
                    }
                    state.args.push(def.key.clone());
                }
            }
            Instruction::Cmd(cmd) => {
                used_once(&mut state.cmd, self, keyword);
                if matches!(cmd.command, CommandLine::Shell(_)) && state.shell.is_empty() {
                    self.report(RuleId::JsonArgsRecommended, rules::json_args_recommended(keyword));
                }
            }
            Instruction::Entrypoint(entrypoint) => {
                used_once(&mut state.entrypoint, self, keyword);
                let shell_form = match &entrypoint.command {
                    Some(command) => !command.is_exec(),
                    None => !is_json(self.plan.parsed, entrypoint.common.span),
                };
                if shell_form && state.shell.is_empty() {
                    self.report(RuleId::JsonArgsRecommended, rules::json_args_recommended(keyword));
                }
            }
            Instruction::Healthcheck(_) => used_once(&mut state.healthcheck, self, keyword),
            Instruction::Expose(expose) => {
                let mut ports = Vec::new();
                for port in &expose.ports {
                    let words =
                        self.plan.lexer.process_words(port, &state.env).map_err(|e| e.buildkit_message(port))?;
                    ports.extend(words);
                }
                expose::check_ports(&ports, &self.cfg, self.loc, self.sink)?;
            }
            Instruction::Shell(shell) => state.shell = shell.shell.clone(),
            Instruction::Maintainer(_) | Instruction::Onbuild(_) => {}
        }
        Ok(())
    }

    /// COPY/ADD words in BuildKit's order (`--chown`, `--chmod`, ADD's
    /// `--checksum`, sources, destination), then unquoted heredoc bodies with
    /// the raw lexer. Returns the expanded sources.
    fn transfer(&mut self, state: &Stage, transfer: &Transfer, checksum: Option<&str>) -> Result<Vec<String>, String> {
        for flag in [transfer.chown.as_deref(), transfer.chmod.as_deref(), checksum].into_iter().flatten() {
            self.word(state, flag)?;
        }
        let sources = self.words(state, &transfer.sources)?;
        self.word(state, &transfer.dest)?;
        let raw = Lexer { skip_process_quotes: true, ..Lexer::new('\\') };
        for inline in transfer.inline.iter().filter(|i| i.expand) {
            self.expand_with(raw, state, &inline.content)?;
        }
        Ok(sources)
    }

    fn ignored(&mut self, ignore: Option<&IgnoreRules>, command: &str, source: &str) {
        if let Some(ignore) = ignore {
            copy_ignored::check(ignore, command, source, &self.cfg, self.loc, self.sink);
        }
    }

    /// SecretsUsedInArgOrEnv: a name with a secret-like word (`password`,
    /// `token`, ...) as one of its `_`-separated parts, and none of the
    /// harmless ones (`public`, `file`, `version`), case-insensitively.
    fn secret(&mut self, instruction: &str, key: &str) {
        const DENY: [&str; 10] =
            ["apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token"];
        const ALLOW: [&str; 3] = ["public", "file", "version"];
        let has = |words: &[&str]| key.split('_').any(|part| words.iter().any(|w| fold_eq(part, w)));
        if has(&DENY) && !has(&ALLOW) {
            self.report(RuleId::SecretsUsedInArgOrEnv, rules::secrets_used_in_arg_or_env(instruction, key));
        }
    }
}

/// MultipleInstructionsDisallowed: a second CMD, ENTRYPOINT or HEALTHCHECK in
/// a stage is reported at the earlier one (whose value is lost), named as the
/// later one is written.
fn used_once(previous: &mut Option<Loc>, cx: &mut Cx<'_, '_>, keyword: &str) {
    if let Some(loc) = previous.replace(cx.loc) {
        cx.sink.report(
            &cx.cfg,
            RuleId::MultipleInstructionsDisallowed,
            rules::multiple_instructions_disallowed(keyword),
            loc,
        );
    }
}

/// Go's `(?i)` match of an ASCII word: simple case folding, under which the
/// Kelvin sign is a `k` and the long s an `s`.
fn fold_eq(part: &str, word: &str) -> bool {
    let mut chars = part.chars();
    let same = word.chars().all(|w| {
        chars.next().is_some_and(|c| {
            c.to_ascii_lowercase() == w || (w == 'k' && c == '\u{212A}') || (w == 's' && c == '\u{17F}')
        })
    });
    same && chars.next().is_none()
}

/// BuildKit's `system.IsAbs` for the stage's OS (Windows: drive `C:` only,
/// either slash).
fn is_abs(path: &str, os: &str) -> bool {
    if os != "windows" {
        return path.starts_with('/');
    }
    if path.len() == 2 && path.as_bytes()[1] == b':' {
        return false;
    }
    let path = path.replace('\\', "/");
    if path.starts_with("//") {
        return false;
    }
    match path.split_once(':') {
        None => path.starts_with('/'),
        Some((drive, rest)) => drive.eq_ignore_ascii_case("c") && rest.starts_with('/'),
    }
}

/// Whether the instruction at `span` was written in JSON form (for a bare
/// `ENTRYPOINT` vs `ENTRYPOINT []`, which the typed instruction does not keep).
fn is_json(parsed: &Parsed, span: Span) -> bool {
    let index = parsed.nodes.partition_point(|n| n.span.start() <= span.start());
    let Some(node) = index.checked_sub(1).and_then(|i| parsed.nodes.get(i)) else { return false };
    match &node.value {
        Value::Sub(inner) if node.span != span => inner.json,
        _ => node.json,
    }
}
