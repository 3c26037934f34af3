//! What each instruction does: config-only instructions update the image
//! config; FROM, RUN, COPY, ADD and WORKDIR are steps that make a layer.

use super::cache::{CachedStep, StepInputs};
use super::config::ImageConfig;
use super::mounts::Plan;
use super::sources::{copies_into_dir, Remote, Resolution};
use crate::catalog::BaseImage;
use crate::context::{ArchiveContents, ArchiveEntryKind, MAX_ENTRIES, MAX_TAR_BYTES};
use crate::expansion::Lexer;
use crate::instructions::{CommandLine, Instruction, Transfer};
use crate::layers::{normalize, Entry, Kind, LayerStack, Writer};
use crate::shell;
use crate::units::human_size;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

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
    /// The manifest digest a FROM by tag resolved to (BuildKit's step name shows it).
    pub from_digest: Option<String>,
    /// The stage's base as the Dockerfile names it after expansion
    /// (`python:3.12-slim`, `builder`), for the cache's "base changed".
    pub base: String,
    pub notes: Vec<String>,
    /// The step (index into the outcome's steps) behind each added layer.
    pub layer_steps: Vec<usize>,
    /// The last layer step this stage's chain ran or took from the cache.
    pub last_step: Option<(usize, usize)>,
    /// Every history entry so far, config-only ones included.
    pub records: Vec<super::BuildRecord>,
    /// Each layer step's [`super::CachedStep::runs`], bottom first.
    pub reruns: Vec<u32>,
    /// Commands available (the base's tools plus what RUN installed).
    pub installed: BTreeSet<String>,
    /// The catalog image the stage starts from (through its parent stages).
    pub image: &'static BaseImage,
    /// ARGs declared in this stage, with their values.
    pub args: BTreeMap<String, String>,
    /// Every ARG declared so far, in order, with its value when declared (a
    /// child stage starts with its parent stage's): RUN's history lists them
    /// (convert.go: `dispatchArg` appends to `d.buildArgs`, `initDispatchState`
    /// inherits the base stage's, `runCommandString` prints them).
    pub build_args: Vec<(String, Option<String>)>,
    /// Users that exist in the image (the base's and those RUN added).
    pub users: BTreeSet<String>,
    /// Contents of small text files COPY put in the image, by image path.
    pub texts: BTreeMap<String, String>,
    /// The stage pulls an image (not `scratch`, not another stage): its FROM is a step.
    pub from_image_step: bool,
    /// The local image the stage starts from (through its parent stages), by id.
    pub local_base: Option<String>,
}

impl StageState {
    /// The working directory steps run in (`/` when unset).
    pub fn workdir(&self) -> String {
        if self.config.working_dir.is_empty() {
            "/".to_string()
        } else {
            self.config.working_dir.clone()
        }
    }

    /// Re-applies a cached step.
    pub fn replay(&mut self, cached: &CachedStep) {
        self.layers.push_shared(Arc::clone(&cached.diff));
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
                state.build_args.push((def.key.clone(), def.default.clone()));
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

/// The instruction as written, keyword upper-cased: what RUN's cache key
/// reads (its LLB op holds the command unexpanded; the environment is keyed apart).
pub(super) fn display(instruction: &Instruction) -> String {
    let original = instruction.common().original.trim();
    let rest = original.split_once(char::is_whitespace).map_or("", |(_, rest)| rest.trim_start());
    format!("{} {rest}", instruction.name())
}

/// The step's name in BuildKit's progress log (`#6 [3/5] COPY app.py /app`):
/// the instruction as written, its variables expanded with the step's
/// environment (the image's ENV and the ARGs in scope), the keyword
/// upper-cased: `uppercaseCmd(processCmdEnv(shlex, c.String(), env))` in
/// convert_copy.go `dispatchCopy` (COPY, ADD) and convert.go `dispatchWorkdir`.
/// convert.go `dispatchRun` sets `RawQuotes` and `SkipUnsetEnv` on its lexer,
/// so RUN's name keeps its quotes and an unset `$X` as written, where COPY,
/// ADD and WORKDIR lose quotes and expand an unset variable to nothing. A text
/// that fails to expand is shown as written (`processCmdEnv`).
pub(super) fn step_name(state: &StageState, instruction: &Instruction, escape: char) -> String {
    let mut name = instruction.common().original.trim().to_string();
    let mut lexer = Lexer::new(escape);
    if let Instruction::Run(run) = instruction {
        lexer.raw_quotes = true;
        lexer.skip_unset_env = true;
        // `dispatchRun` names a RUN that is one heredoc with its first line
        // (`summarizeHeredoc`): `RUN <<EOF (apt-get update...)`.
        if let Some(doc) = lone_heredoc(run) {
            let body = doc.content.trim().replace("\r\n", "\n");
            let mut lines = body.split('\n');
            let first = lines.next().unwrap_or_default();
            let more = if lines.next().is_some() { "..." } else { "" };
            name = format!("{name} ({first}{more})");
        }
    }
    let env = run_env(state);
    let expanded = lexer.process_word(&name, &env).map_or(name, |e| e.value);
    // `uppercaseCmd`: the text up to the first space is the keyword.
    match expanded.split_once(' ') {
        Some((keyword, rest)) => format!("{} {rest}", keyword.to_uppercase()),
        None => expanded.to_uppercase(),
    }
}

/// BuildKit's history text (`docker history`'s CREATED BY) for a step, once
/// it ran: `commitToHistory`'s message in convert.go and convert_copy.go.
pub(super) fn created_by(state: &StageState, instruction: &Instruction) -> String {
    match instruction {
        // `dispatchWorkdir`: the resolved path, without `# buildkit` (no state is passed).
        Instruction::Workdir(_) => format!("WORKDIR {}", state.workdir()),
        Instruction::Run(run) => format!("RUN {} # buildkit", run_command_string(state, run)),
        Instruction::Copy(copy) => transfer_created_by("COPY", copy.parents, &copy.transfer),
        Instruction::Add(add) => transfer_created_by("ADD", false, &add.transfer),
        other => display(other),
    }
}

/// convert.go `runCommandString`: `|N K=V ...` for the N ARGs declared so far
/// (each once, in order, valued from RUN's environment), then the argv BuildKit
/// runs (`withShell` puts the image's SHELL, else `/bin/sh -c`, before a shell
/// form's text), joined with spaces: `|2 VERSION=1.2 MODE=prod /bin/sh -c make`.
fn run_command_string(state: &StageState, run: &crate::instructions::Run) -> String {
    let env = run_env(state);
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for (key, declared) in &state.build_args {
        let value = env.get(key).or(declared.as_ref()).cloned().unwrap_or_default();
        match pairs.iter_mut().find(|(k, _)| k == key) {
            Some(pair) => pair.1 = value,
            None => pairs.push((key, value)),
        }
    }
    let mut words: Vec<String> = Vec::with_capacity(pairs.len() + 4);
    if !pairs.is_empty() {
        words.push(format!("|{}", pairs.len()));
        words.extend(pairs.iter().map(|(k, v)| format!("{k}={v}")));
    }
    words.extend(state.config.command(&run_args(run)));
    words.join(" ")
}

/// The command `dispatchRun` hands to `withShell`: a lone heredoc runs its
/// body (a body with a `#!` line runs as a file under `/dev/pipes/`); several
/// heredocs are put back after the command line, each body followed by its
/// terminator, for the shell to read.
fn run_args(run: &crate::instructions::Run) -> CommandLine {
    let CommandLine::Shell(script) = &run.command else {
        return run.command.clone();
    };
    if run.heredocs.is_empty() {
        return run.command.clone();
    }
    let body = |h: &crate::syntax::Heredoc| {
        if h.chomp {
            h.content.split_inclusive('\n').map(|l| l.trim_start_matches('\t')).collect()
        } else {
            h.content.clone()
        }
    };
    match lone_heredoc(run) {
        Some(doc) => {
            let data = body(doc);
            if data.starts_with("#!") {
                CommandLine::Shell(format!("/dev/pipes/{}", doc.name))
            } else {
                CommandLine::Shell(data)
            }
        }
        None => {
            let mut text = script.clone();
            for doc in &run.heredocs {
                text.push('\n');
                text.push_str(&doc.content);
                text.push_str(&doc.name);
            }
            CommandLine::Shell(text)
        }
    }
}

/// The heredoc of a RUN whose whole command is that one heredoc (`RUN <<EOF`,
/// convert.go `dispatchRun`'s `MustParseHeredoc(args[0])` case).
fn lone_heredoc(run: &crate::instructions::Run) -> Option<&crate::syntax::Heredoc> {
    let CommandLine::Shell(script) = &run.command else {
        return None;
    };
    match (run.heredocs.as_slice(), crate::syntax::heredoc_marker(script.trim())) {
        ([doc], Some(marker)) if marker.name == doc.name => Some(doc),
        _ => None,
    }
}

/// convert_copy.go `dispatchCopy`'s history message: `--parents`, `--chown`
/// and `--chmod` (expanded; `--from`, `--link` and `--exclude` are not
/// recorded), the sources, heredoc sources as `<<NAME`, the destination.
fn transfer_created_by(keyword: &str, parents: bool, transfer: &Transfer) -> String {
    let mut text = keyword.to_string();
    if parents {
        text.push_str(" --parents");
    }
    if let Some(chown) = transfer.chown.as_deref().filter(|c| !c.is_empty()) {
        text.push_str(&format!(" --chown={chown}"));
    }
    if let Some(chmod) = transfer.chmod.as_deref().filter(|c| !c.is_empty()) {
        text.push_str(&format!(" --chmod={chmod}"));
    }
    for source in &transfer.sources {
        text.push_str(&format!(" {source}"));
    }
    for inline in &transfer.inline {
        text.push_str(&format!(" <<{}", inline.name));
    }
    format!("{text} {} # buildkit", transfer.dest)
}

/// The environment RUN sees: the image's ENV, plus ARGs that no ENV overrides.
pub(super) fn run_env(state: &StageState) -> BTreeMap<String, String> {
    let mut env: BTreeMap<String, String> = state.args.clone();
    env.extend(state.config.env.iter().cloned());
    env
}

/// What a step's cache key depends on; COPY and ADD read their sources from
/// the step's [`Resolution`], computed once.
/// `name` is the step's [`step_name`]: COPY's, ADD's and WORKDIR's operations
/// hold their paths expanded, so the expanded name keys them; RUN's command is
/// keyed as written, its environment apart (so a build arg's change is named as such).
pub(super) fn inputs(
    state: &StageState,
    instruction: &Instruction,
    name: &str,
    sources: &mut Resolution<'_>,
) -> StepInputs {
    let mut inputs = StepInputs {
        instruction: if matches!(instruction, Instruction::Run(_)) { display(instruction) } else { name.to_string() },
        workdir: state.config.working_dir.clone(),
        base: state.base.clone(),
        ..StepInputs::default()
    };
    match instruction {
        Instruction::Run(_) => {
            inputs.env = run_env(state);
            inputs.args = state.args.clone();
            inputs.user = state.config.user.clone();
        }
        Instruction::Copy(_) | Instruction::Add(_) => {
            // The key is the sources' last reader: the lists move.
            inputs.files = std::mem::take(&mut sources.key_files);
            inputs.sizes = std::mem::take(&mut sources.key_sizes);
            inputs.source = match (&sources.stage_key, &sources.image) {
                (Some(key), _) => Some(key.clone()),
                (None, Some((resolved, _))) => Some(resolved.image.name.clone()),
                (None, None) => None,
            };
        }
        _ => {}
    }
    inputs
}

pub(super) fn entry_digest(entry: &Entry) -> String {
    match &entry.kind {
        Kind::File { digest, .. } => format!("{digest:016x}:{:o}", entry.mode),
        Kind::Dir => "dir".to_string(),
        Kind::Symlink { target } => format!("-> {target}"),
    }
}

/// A short stable digest for file contents inside layers.
pub(super) fn digest64(bytes: &[u8]) -> u64 {
    // FNV-1a: layers only need to tell contents apart, not resist attacks.
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// Runs a step that missed the cache. `Err` carries Docker's failure message.
pub(super) fn execute(
    state: &mut StageState,
    instruction: &Instruction,
    sources: &Resolution<'_>,
    mounts: &mut Plan,
) -> Result<CachedStep, StepFailure> {
    let mut notes = Vec::new();
    let mut seconds = 0.0;
    let mut output: Vec<String> = Vec::new();
    let mut installed: Vec<String> = Vec::new();
    let mut users_added: Vec<String> = Vec::new();
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut unknown_size: Vec<String> = Vec::new();
    let workdir = state.workdir();
    // `--link` copies onto an empty filesystem (see `link`).
    let scratch = LayerStack::new();
    let mut writer = if super::link::is_linked(instruction) { scratch.writer() } else { state.layers.writer() };
    match instruction {
        Instruction::Workdir(w) => {
            // WORKDIR creates the directory when it is missing.
            writer.mkdir_p(&normalize(&workdir, &w.path));
        }
        Instruction::Copy(copy) => {
            texts = super::sources::small_texts(&workdir, &copy.transfer, sources);
            seconds += put_sources(&mut writer, &workdir, &copy.transfer, sources, &mut notes, &mut unknown_size);
        }
        Instruction::Add(add) => {
            seconds += put_sources(&mut writer, &workdir, &add.transfer, sources, &mut notes, &mut unknown_size);
            super::transfer::keep_git_dir(add, sources, &mut writer, &workdir, &mut notes);
            if add.unpack == Some(true) && sources.remotes.iter().any(|r| matches!(r, Remote::Http { .. })) {
                // convert_copy.go: `--unpack=true` makes BuildKit try to unpack a URL's file too.
                notes.push(
                    "not simulated: --unpack=true extracts the downloaded file if it is an archive; its contents are unknown"
                        .to_string(),
                );
            }
        }
        Instruction::Run(run) => {
            let user = if state.config.user.is_empty() { "root".to_string() } else { state.config.user.clone() };
            let name = user.split(':').next().unwrap_or("root");
            // No USER means uid 0 without reading /etc/passwd (BuildKit's
            // `oci.GetUser` takes "" as 0:0), so `FROM scratch` gets as far as
            // starting /bin/sh; a named user is looked up in the image's passwd.
            let named = !state.config.user.is_empty() && !name.chars().all(|c| c.is_ascii_digit());
            if named && !state.users.contains(name) {
                let message = format!("unable to find user {name}: no matching entries in passwd file");
                return Err(StepFailure { message, user: Some(name.to_string()), ..StepFailure::default() });
            }
            // Every stage starts from a catalog image (an unknown one fails at FROM), so
            // RUN always knows its base: no "unknown base" case remains to guess at.
            mounts.seed(&mut writer).map_err(StepFailure::from)?;
            let image = state.image;
            let mut env: Vec<(String, String)> = run_env(state).into_iter().collect();
            env.extend(mounts.env.iter().cloned());
            let texts = &state.texts;
            let contents = |path: &str| mounts.text(path).or_else(|| texts.get(path).cloned());
            let facts = shell::Facts { image, installed: &state.installed, user: &user, users: &state.users };
            let mut exec = shell::Exec::new(&mut writer, &workdir);
            exec.env = env;
            exec.shell = state.config.shell.clone().unwrap_or_default();
            exec.contents = Some(&contents);
            exec.offline = mounts.network == super::mounts::Network::None;
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
                return Err(StepFailure { message, output, ..StepFailure::default() });
            }
            if outcome.exit_code != 0 {
                let message =
                    format!("process \"{shown}\" did not complete successfully: exit code: {}", outcome.exit_code);
                return Err(StepFailure { message, output, ..StepFailure::default() });
            }
            installed = outcome.installed;
            users_added = outcome.users_added;
        }
        _ => {}
    }
    let mut diff = writer.finish();
    mounts.unmount(&mut diff, &state.layers, &mut notes);
    let diff = Arc::new(diff);
    state.layers.push_shared(Arc::clone(&diff));
    let step = CachedStep { diff, seconds, installed, users_added, notes, output, texts, unknown_size, runs: 0 };
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
    /// Set when the step failed because it runs as a user the image lacks.
    pub user: Option<String>,
    /// Set when `COPY --from` names an image no registry has (as written, and why).
    pub image: Option<Box<(String, crate::catalog::CatalogError)>>,
    /// Layerlab's explanation, printed on its own line after Docker's words.
    pub note: Option<String>,
}

impl From<String> for StepFailure {
    fn from(message: String) -> StepFailure {
        StepFailure { message, ..StepFailure::default() }
    }
}

/// Writes a step's sources under the destination; returns the simulated seconds.
/// What cannot be known (a URL's bytes, an image's files) is put with no
/// size, named in `unknown_size` and explained in `notes`.
fn put_sources(
    writer: &mut Writer<'_>,
    workdir: &str,
    transfer: &Transfer,
    sources: &Resolution<'_>,
    notes: &mut Vec<String>,
    unknown_size: &mut Vec<String>,
) -> f64 {
    let dest = normalize(workdir, &transfer.dest);
    let into_dir = copies_into_dir(transfer, sources);
    let at = |rel: &str| if into_dir { normalize(&dest, rel) } else { dest.clone() };
    let (uid, gid) = owner(transfer.chown.as_deref());
    let mode = transfer.chmod.as_deref().and_then(|m| u32::from_str_radix(m, 8).ok());
    let mut bytes = 0;
    let mut put = |writer: &mut Writer<'_>, path: String, mut entry: Entry| {
        entry.uid = uid;
        entry.gid = gid;
        if let Some(mode) = mode {
            entry.mode = mode;
        }
        bytes += entry.size();
        writer.put(&path, entry);
    };
    for placed in &sources.files {
        put(writer, at(&placed.rel), placed.entry.clone());
    }
    for inline in &transfer.inline {
        let entry = Entry::file(inline.content.len() as u64, digest64(inline.content.as_bytes()));
        put(writer, at(&inline.name), entry);
    }
    for remote in &sources.remotes {
        match remote {
            Remote::Http { url, name } => {
                // Docker's reference (ADD, "Adding files from a URL"): the file gets
                // permissions 600 (BuildKit's source/http/source.go: `perm := 0600`).
                let path = at(name);
                let entry = Entry { mode: 0o600, ..Entry::file(0, digest64(url.as_bytes())) };
                put(writer, path.clone(), entry);
                notes.push(format!(
                    "not simulated: URL not downloaded, size unknown: {path} (from {url}) is counted as 0 B"
                ));
                unknown_size.push(path);
            }
            Remote::Git { url } => {
                // The repository's tree lands in the destination directory
                // (convert_copy.go: `llb.Copy(st, "/", dest)`), without `.git` unless --keep-git-dir.
                writer.mkdir_p(&dest);
                notes.push(format!(
                    "not simulated: git repository not cloned, files and size unknown: {dest} (from {url}) is counted as 0 B"
                ));
                unknown_size.push(dest.clone());
            }
        }
    }
    if let Some((resolved, paths)) = &sources.image {
        let image = &resolved.image.name;
        for p in paths {
            let name = p.path.rsplit('/').next().unwrap_or_default();
            if p.known_file {
                let path = at(name);
                let entry = Entry { mode: 0o755, ..Entry::file(0, digest64(format!("{image}:{}", p.path).as_bytes())) };
                put(writer, path.clone(), entry);
                notes.push(format!(
                    "not simulated: {image} lists `{name}` as installed, so {} is a file, but its size is not in Layerlab's catalog: {path} is counted as 0 B",
                    p.path
                ));
                unknown_size.push(path);
            } else {
                // A directory's contents land in the destination itself; a file would
                // land at the destination (or under it): either way the destination exists.
                writer.mkdir_p(&dest);
                notes.push(format!(
                    "not simulated: Layerlab's catalog does not list the files of {image}, so whether {} is a file or a directory, and its size, are unknown: {dest} is shown as a directory and counted as 0 B",
                    p.path
                ));
                unknown_size.push(dest.clone());
            }
        }
    }
    for (path, archive) in &sources.archives {
        // unpack.go: MkdirAll(dest), then Untar with the --chown owner only:
        // --chmod does not apply to extracted files, and the archive's own
        // owners are kept when there is no --chown.
        writer.mkdir_p(&dest);
        let compression = archive.compression.name();
        match &archive.contents {
            ArchiveContents::Listed { entries, truncated } => {
                for e in entries {
                    let kind = match &e.kind {
                        ArchiveEntryKind::File => Kind::File { size: e.size, digest: e.digest },
                        ArchiveEntryKind::Dir => Kind::Dir,
                        ArchiveEntryKind::Symlink { target } => Kind::Symlink { target: target.clone() },
                        // A hard link is stored once in a layer: the link adds no bytes.
                        ArchiveEntryKind::Hardlink { target } => {
                            Kind::File { size: 0, digest: digest64(target.as_bytes()) }
                        }
                        ArchiveEntryKind::Special => Kind::File { size: 0, digest: 0 },
                    };
                    let (uid, gid) = if transfer.chown.is_some() { (uid, gid) } else { (e.uid, e.gid) };
                    let entry = Entry { kind, mode: e.mode, uid, gid };
                    bytes += entry.size();
                    writer.put(&normalize(&dest, &e.path), entry);
                }
                let count = match entries.len() {
                    1 => "1 entry".to_string(),
                    n => format!("{n} entries"),
                };
                notes.push(format!(
                    "ADD extracted {path} ({compression}, {count}) into {dest}: BuildKit unpacks a local tar archive"
                ));
                if *truncated {
                    notes.push(format!(
                        "not simulated: only the first {} entries of {path} are shown (Layerlab reads at most {MAX_ENTRIES} entries and {} of an archive)",
                        entries.len(),
                        human_size(MAX_TAR_BYTES)
                    ));
                }
            }
            ArchiveContents::Unknown => {
                notes.push(format!(
                    "not simulated: {path} is {compression}-compressed; BuildKit extracts it into {dest} if it holds a tar, but Layerlab cannot decompress {compression}, so the extracted files and their size are unknown (counted as 0 B)"
                ));
                unknown_size.push(dest.clone());
            }
        }
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
