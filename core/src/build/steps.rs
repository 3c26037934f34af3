//! What each instruction does: config-only instructions update the image
//! config; FROM, RUN, COPY, ADD and WORKDIR are steps that make a layer.

use super::cache::{CachedStep, StepInputs};
use super::config::ImageConfig;
use crate::catalog::BaseImage;
use crate::context::BuildContext;
use crate::instructions::{CommandLine, Dockerfile, Instruction, Transfer};
use crate::layers::{normalize, Entry, Kind, LayerStack};
use crate::shell;
use std::collections::{BTreeMap, BTreeSet};

/// A stage being built.
#[derive(Debug, Clone)]
pub(super) struct StageState {
    pub config: ImageConfig,
    pub layers: LayerStack,
    pub base_size: u64,
    pub base_layers: Vec<u64>,
    /// The cache key of the last step.
    pub key: String,
    /// A step of this stage ran (missed the cache): every later step runs too.
    pub parent_missed: bool,
    pub from_display: String,
    pub from_reason: String,
    pub notes: Vec<String>,
    /// The instruction behind each added layer.
    pub history: Vec<String>,
    /// Commands available (the base's tools plus what RUN installed).
    pub installed: BTreeSet<String>,
    pub image: Option<&'static BaseImage>,
    /// ARGs declared in this stage, with their values.
    pub args: BTreeMap<String, String>,
    /// Users that exist in the image (the base's and those RUN added).
    pub users: BTreeSet<String>,
    /// Contents of small text files COPY put in the image, by image path.
    pub texts: BTreeMap<String, String>,
    /// The stage pulls an image (not `scratch`, not another stage): its FROM is a step.
    pub from_image_step: bool,
}

impl StageState {
    /// Re-applies a cached step.
    pub fn replay(&mut self, cached: &CachedStep) {
        self.layers.push(cached.diff.clone());
        self.installed.extend(cached.installed.iter().cloned());
        self.users.extend(cached.users_added.iter().cloned());
        self.texts.extend(cached.texts.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
}

pub(super) fn is_step(instruction: &Instruction) -> bool {
    matches!(instruction, Instruction::Run(_) | Instruction::Copy(_) | Instruction::Add(_) | Instruction::Workdir(_))
}

/// Applies an instruction's effect on the image config (after the step ran, for steps).
pub(super) fn apply_config(state: &mut StageState, instruction: &Instruction, cmd_set: &mut bool) {
    let config = &mut state.config;
    match instruction {
        Instruction::Env(env) => env.pairs.iter().for_each(|p| config.set_env(&p.key, &p.value)),
        Instruction::Arg(arg) => {
            for def in &arg.args {
                match &def.default {
                    Some(value) => state.args.insert(def.key.clone(), value.clone()),
                    None => state.args.remove(&def.key),
                };
            }
        }
        Instruction::Label(label) => {
            for pair in &label.pairs {
                config.labels.insert(pair.key.clone(), pair.value.clone());
            }
        }
        Instruction::Expose(expose) => expose.ports.iter().for_each(|p| config.expose(p)),
        Instruction::Volume(volume) => config.volumes.extend(volume.paths.iter().cloned()),
        Instruction::User(user) => config.user = user.user.clone(),
        Instruction::Workdir(workdir) => config.set_workdir(&workdir.path),
        Instruction::StopSignal(signal) => config.stop_signal = Some(signal.signal.clone()),
        Instruction::Healthcheck(check) => config.set_healthcheck(&check.check),
        Instruction::Shell(shell) => config.shell = Some(shell.shell.clone()),
        Instruction::Cmd(cmd) => {
            config.cmd = Some(config.command(&cmd.command));
            *cmd_set = true;
        }
        Instruction::Entrypoint(entrypoint) => {
            config.entrypoint = entrypoint.command.as_ref().map(|c| config.command(c));
            // An ENTRYPOINT resets a CMD inherited from the base, not one set in this stage.
            if !*cmd_set {
                config.cmd = None;
            }
        }
        Instruction::Onbuild(onbuild) => config.on_build.push(onbuild.expression.clone()),
        Instruction::Maintainer(_) | Instruction::Run(_) | Instruction::Copy(_) | Instruction::Add(_) => {}
    }
}

/// The instruction as the build log names it: keyword upper-cased, the rest as written.
fn display(instruction: &Instruction) -> String {
    let original = instruction.common().original.trim();
    let rest = original.split_once(char::is_whitespace).map_or("", |(_, rest)| rest.trim_start());
    format!("{} {rest}", instruction.name())
}

/// The environment RUN sees: the image's ENV, plus ARGs that no ENV overrides.
fn run_env(state: &StageState) -> BTreeMap<String, String> {
    let mut env: BTreeMap<String, String> = state.args.clone();
    env.extend(state.config.env.iter().cloned());
    env
}

pub(super) fn inputs(
    state: &StageState,
    instruction: &Instruction,
    context: &BuildContext,
    done: &BTreeMap<usize, StageState>,
    file: &Dockerfile,
) -> StepInputs {
    let mut inputs = StepInputs {
        instruction: display(instruction),
        workdir: state.config.working_dir.clone(),
        ..StepInputs::default()
    };
    match instruction {
        Instruction::Run(_) => {
            inputs.env = run_env(state);
            inputs.args = state.args.clone();
            inputs.user = state.config.user.clone();
        }
        Instruction::Copy(copy) => {
            match copy.from.as_deref().and_then(|f| file.stage_by_ref(f)).and_then(|s| done.get(&s.index)) {
                Some(source) => {
                    inputs.source = Some(source.key.clone());
                    inputs.files = stage_sources(&source.layers, &copy.transfer)
                        .into_iter()
                        .map(|(path, _, entry)| (path, entry_digest(&entry)))
                        .collect();
                }
                None => inputs.files = context_sources(context, &copy.transfer),
            }
        }
        Instruction::Add(add) => inputs.files = context_sources(context, &add.transfer),
        _ => {}
    }
    inputs
}

fn context_sources(context: &BuildContext, transfer: &Transfer) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for source in &transfer.sources {
        for (path, _, file) in context.resolve_source(source) {
            files.insert(path, format!("{}:{:o}", file.digest, file.mode));
        }
    }
    for inline in &transfer.inline {
        files.insert(format!("<<{}", inline.name), format!("{}", digest64(inline.content.as_bytes())));
    }
    files
}

fn entry_digest(entry: &Entry) -> String {
    match &entry.kind {
        Kind::File { digest, .. } => format!("{digest:016x}:{:o}", entry.mode),
        Kind::Dir => "dir".to_string(),
        Kind::Symlink { target } => format!("-> {target}"),
    }
}

/// A short stable digest for file contents inside layers.
fn digest64(bytes: &[u8]) -> u64 {
    // FNV-1a: layers only need to tell contents apart, not resist attacks.
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// Files a `COPY --from=stage` source names in that stage's filesystem.
fn stage_sources(layers: &LayerStack, transfer: &Transfer) -> Vec<(String, String, Entry)> {
    let mut out = Vec::new();
    for source in &transfer.sources {
        let path = normalize("/", source);
        match layers.get(&path) {
            Some(entry) if !entry.is_dir() => {
                let name = path.rsplit('/').next().unwrap_or("").to_string();
                out.push((path.clone(), name, entry.clone()));
            }
            Some(_) => {
                let prefix = if path == "/" { "/".to_string() } else { format!("{path}/") };
                for (p, e) in layers.under(&path) {
                    if let Some(rest) = p.strip_prefix(&prefix) {
                        if !e.is_dir() {
                            out.push((p.clone(), rest.to_string(), e.clone()));
                        }
                    }
                }
            }
            None => {}
        }
    }
    out
}

/// Runs a step that missed the cache. `Err` carries Docker's failure message.
pub(super) fn execute(
    state: &mut StageState,
    instruction: &Instruction,
    context: &BuildContext,
    done: &BTreeMap<usize, StageState>,
    file: &Dockerfile,
) -> Result<CachedStep, StepFailure> {
    let mut notes = Vec::new();
    let mut seconds = 0.0;
    let mut output: Vec<String> = Vec::new();
    let mut installed: Vec<String> = Vec::new();
    let mut users_added: Vec<String> = Vec::new();
    let mut texts: Vec<(String, String)> = Vec::new();
    let workdir = if state.config.working_dir.is_empty() { "/".to_string() } else { state.config.working_dir.clone() };
    let mut writer = state.layers.writer();
    match instruction {
        Instruction::Workdir(w) => {
            // WORKDIR creates the directory when it is missing.
            writer.mkdir_p(&normalize(&workdir, &w.path));
        }
        Instruction::Copy(copy) => {
            let sources: Vec<(String, String, Entry)> = match copy.from.as_deref() {
                Some(name) => match file.stage_by_ref(name).and_then(|s| done.get(&s.index)) {
                    Some(stage) => stage_sources(&stage.layers, &copy.transfer),
                    None => {
                        notes.push(format!(
                            "COPY --from={name}: files of catalog images are not simulated; nothing is copied"
                        ));
                        Vec::new()
                    }
                },
                None => {
                    let found = resolve_context(context, &copy.transfer, "COPY")?;
                    texts = small_texts(context, &workdir, &copy.transfer, &found);
                    found
                }
            };
            seconds += put_sources(&mut writer, &workdir, &copy.transfer, sources);
        }
        Instruction::Add(add) => {
            let (urls, local): (Vec<&String>, Vec<&String>) =
                add.transfer.sources.iter().partition(|s| s.starts_with("http://") || s.starts_with("https://"));
            for url in urls {
                notes.push(format!("not simulated: the size of {url} is unknown, so it counts as 0 B"));
            }
            let local_transfer = Transfer { sources: local.into_iter().cloned().collect(), ..add.transfer.clone() };
            let sources = resolve_context(context, &local_transfer, "ADD")?;
            if sources.iter().any(|(p, _, _)| p.ends_with(".tar") || p.ends_with(".tar.gz") || p.ends_with(".tgz")) {
                notes.push("ADD extracts local tar archives; Layerlab stores the archive as is".to_string());
            }
            seconds += put_sources(&mut writer, &workdir, &local_transfer, sources);
        }
        Instruction::Run(run) => {
            let user = if state.config.user.is_empty() { "root".to_string() } else { state.config.user.clone() };
            let name = user.split(':').next().unwrap_or("root");
            if !name.chars().all(|c| c.is_ascii_digit()) && !state.users.contains(name) {
                return Err(format!("unable to find user {name}: no matching entries in passwd file").into());
            }
            let Some(image) = state.image else {
                notes.push("not simulated: the base image is unknown, so no filesystem change is assumed".into());
                let diff = writer.finish();
                state.layers.push(diff.clone());
                return Ok(CachedStep { diff, seconds: 0.5, notes, ..CachedStep::default() });
            };
            let env: Vec<(String, String)> = run_env(state).into_iter().collect();
            let texts = &state.texts;
            let contents = |path: &str| texts.get(path).cloned();
            let facts = shell::Facts { image, installed: &state.installed, user: &user, users: &state.users };
            let mut exec = shell::Exec::new(&mut writer, &workdir);
            exec.env = env;
            exec.shell = state.config.shell.clone().unwrap_or_default();
            exec.contents = Some(&contents);
            let outcome = match &run.command {
                CommandLine::Shell(script) => shell::run_shell(script, &mut exec, &facts),
                CommandLine::Exec(argv) => shell::run_exec(argv, &mut exec, &facts),
            };
            output = outcome.log.clone();
            notes.extend(
                outcome.not_simulated.iter().map(|c| format!("not simulated: {c}: no filesystem change assumed")),
            );
            notes.extend(outcome.estimated.iter().map(|e| format!("estimated: {e}")));
            seconds += outcome.seconds;
            let shown = state.config.command(&run.command).join(" ");
            if let Some(message) = outcome.failed_to_start {
                let message = format!("process \"{shown}\" did not complete successfully: {message}");
                return Err(StepFailure { message, output });
            }
            if outcome.exit_code != 0 {
                let message =
                    format!("process \"{shown}\" did not complete successfully: exit code: {}", outcome.exit_code);
                return Err(StepFailure { message, output });
            }
            installed = outcome.installed;
            users_added = outcome.users_added;
        }
        _ => {}
    }
    let diff = writer.finish();
    state.layers.push(diff.clone());
    let step = CachedStep { diff, seconds, installed, users_added, notes, output, texts };
    state.installed.extend(step.installed.iter().cloned());
    state.users.extend(step.users_added.iter().cloned());
    state.texts.extend(step.texts.iter().cloned());
    Ok(step)
}

/// A step that failed: Docker's message and what the command printed first.
#[derive(Debug, Default)]
pub(super) struct StepFailure {
    pub message: String,
    pub output: Vec<String>,
}

impl From<String> for StepFailure {
    fn from(message: String) -> StepFailure {
        StepFailure { message, output: Vec::new() }
    }
}

/// Context files for each source, or Docker's error for a source that names nothing.
fn resolve_context(
    context: &BuildContext,
    transfer: &Transfer,
    keyword: &str,
) -> Result<Vec<(String, String, Entry)>, StepFailure> {
    let mut out = Vec::new();
    for source in &transfer.sources {
        let found = context.resolve_source(source);
        if found.is_empty() {
            let why = context
                .dockerignore()
                .and_then(|i| i.deciding_pattern(source.trim_start_matches('/')))
                .filter(|p| !p.exclusion)
                .map(|p| match p.line {
                    Some(line) => format!(" (it is excluded by .dockerignore line {line}: `{}`)", p.text),
                    None => format!(" (it is excluded by .dockerignore: `{}`)", p.text),
                })
                .unwrap_or_default();
            return Err(format!(
                "failed to compute cache key: failed to calculate checksum of ref: \"/{}\": not found{why} ({keyword})",
                source.trim_start_matches('/')
            )
            .into());
        }
        for (path, rel, file) in found {
            let mut entry = Entry::file(file.size, digest64(file.digest.as_bytes()));
            entry.mode = file.mode;
            out.push((path, rel, entry));
        }
    }
    Ok(out)
}

/// The contents of small text files a COPY puts in the image, by image path.
fn small_texts(
    context: &BuildContext,
    workdir: &str,
    transfer: &Transfer,
    sources: &[(String, String, Entry)],
) -> Vec<(String, String)> {
    let dest = normalize(workdir, &transfer.dest);
    let into_dir = copies_into_dir(transfer, sources);
    sources
        .iter()
        .filter_map(|(path, rel, _)| {
            let text = context.get(path)?.text.clone()?;
            Some((if into_dir { normalize(&dest, rel) } else { dest.clone() }, text))
        })
        .collect()
}

/// A destination is a directory when it ends with `/`, or several files go there.
fn copies_into_dir(transfer: &Transfer, sources: &[(String, String, Entry)]) -> bool {
    transfer.dest.ends_with('/')
        || transfer.dest == "."
        || sources.len() + transfer.inline.len() > 1
        || sources.iter().any(|(path, rel, _)| !path.ends_with(rel.as_str()) || rel.contains('/'))
}

/// Writes sources under the destination; returns the simulated seconds.
fn put_sources(
    writer: &mut crate::layers::Writer<'_>,
    workdir: &str,
    transfer: &Transfer,
    sources: Vec<(String, String, Entry)>,
) -> f64 {
    let dest = normalize(workdir, &transfer.dest);
    let into_dir = copies_into_dir(transfer, &sources);
    let (uid, gid) = owner(transfer.chown.as_deref());
    let mode = transfer.chmod.as_deref().and_then(|m| u32::from_str_radix(m, 8).ok());
    let mut bytes = 0;
    let mut put = |writer: &mut crate::layers::Writer<'_>, path: String, mut entry: Entry| {
        entry.uid = uid;
        entry.gid = gid;
        if let Some(mode) = mode {
            entry.mode = mode;
        }
        bytes += entry.size();
        writer.put(&path, entry);
    };
    for (_, rel, entry) in sources {
        let path = if into_dir { normalize(&dest, &rel) } else { dest.clone() };
        put(writer, path, entry);
    }
    for inline in &transfer.inline {
        let entry = Entry::file(inline.content.len() as u64, digest64(inline.content.as_bytes()));
        let path = if into_dir { normalize(&dest, &inline.name) } else { dest.clone() };
        put(writer, path, entry);
    }
    // Roughly 100 MB/s through the builder, plus a fixed cost per step.
    0.1 + bytes as f64 / 100_000_000.0
}

/// `--chown=1000:1000`; names resolve to 0 until users are simulated.
fn owner(chown: Option<&str>) -> (u32, u32) {
    let Some(spec) = chown else { return (0, 0) };
    let (user, group) = spec.split_once(':').unwrap_or((spec, spec));
    (user.parse().unwrap_or(0), group.parse().unwrap_or(0))
}
