//! `RUN --mount`: what each mount type lends one `RUN` and what it keeps out
//! of the layer, as BuildKit does it.
//!
//! - Parsing follows `frontend/dockerfile/instructions/commands_runmount.go`
//!   (`parseMount`), defaults `dockerfile2llb/convert_runmount.go`,
//!   `convert_secrets.go` and `convert_ssh.go` (moby/buildkit 73ed6825).
//! - A mount covers its target while the command runs: what the command
//!   writes there goes to the mount, never to the layer, and a target that
//!   did not exist leaves no empty stub behind (`executor/stubs.go`,
//!   `MountStubsCleaner`).
//! - `type=cache` keeps its contents in the builder (the [`StepCache`]), by
//!   id (default: the cleaned target), across builds; what it holds is never
//!   part of a cache key. `type=bind` keys the step on its source's content.
//!
//! Layerlab runs builds one at a time, so `sharing=shared|private|locked`
//! all see the one cache of their id (they differ only for concurrent
//! writers); the mode is kept and reported.

use super::cache::{StepCache, StepInputs};
use super::report::{FileChange, MissCause, SourceChange};
use super::secrets::{BuildSession, Entitlement};
use super::steps::{digest64, entry_digest, StageState};
use super::BuildRequest;
use crate::context::BuildContext;
use crate::expansion::Lexer;
use crate::instructions::{Dockerfile, Instruction, Run};
use crate::layers::{normalize, Change, Entry, LayerDiff, LayerStack, Writer};
use std::collections::BTreeMap;
use std::collections::BTreeSet;

mod parse;
pub use parse::{from_refs, parse, MountKind, RunMount, Sharing};

/// What a cache mount holds: paths relative to the mount → entries.
pub type CacheContents = BTreeMap<String, Entry>;

/// `RUN --network=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Network {
    #[default]
    Default,
    None,
    Host,
}

/// A mount as the report shows it: its type and where it resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepMount {
    pub kind: MountKind,
    /// Absolute target; for an `env=` secret, the variable's name.
    pub target: String,
    /// The cache id (cache), the secret or SSH id (secret, ssh).
    pub id: Option<String>,
    /// Where a bind or cache mount's files come from: `context:/x`, `stage:/x`.
    pub source: Option<String>,
    pub read_only: bool,
    /// Cache mounts: `shared`, `private` or `locked`.
    pub sharing: Option<&'static str>,
}

/// One mount as the step uses it.
#[derive(Debug, Clone)]
pub(super) struct Active {
    pub kind: MountKind,
    /// Absolute target (a secret's file, the SSH socket).
    pub target: String,
    /// Cache mounts: the cache's id, and how many files it held before.
    pub cache_id: Option<String>,
    pub warm: usize,
}

/// Everything the mounts of one RUN lend it, resolved before it runs.
#[derive(Debug, Default)]
pub(super) struct Plan {
    pub active: Vec<Active>,
    /// Files put under the mounts' targets before the command runs.
    pub seeds: Vec<(String, Entry)>,
    /// Variables the mounts set (`env=` secrets, `SSH_AUTH_SOCK`).
    pub env: Vec<(String, String)>,
    /// Small text files a bind mount shows, by image path (for `pip -r`).
    pub texts: Vec<(String, String)>,
    /// The cache key's view of the bind mounts: `target\0source path` → digest.
    pub key_files: BTreeMap<String, String>,
    pub key_sizes: BTreeMap<String, u64>,
    pub notes: Vec<String>,
    pub network: Network,
    /// Cache mounts' contents after the command ran, to store in the builder.
    pub updates: Vec<(String, CacheContents)>,
    /// Every mount, for the report.
    pub described: Vec<StepMount>,
    /// Why the step fails when it runs (a required secret or SSH agent the
    /// session lacks); a cache hit never mounts anything, so it does not fail.
    pub failure: Option<String>,
}

impl Plan {
    /// True when the RUN has nothing that changes how it runs.
    pub fn is_empty(&self) -> bool {
        self.active.is_empty() && self.network == Network::Default && self.notes.is_empty()
    }

    /// Puts the mounts' files under their targets, before the command runs;
    /// `Err` when a required secret or SSH agent is missing.
    pub fn seed(&self, writer: &mut Writer<'_>) -> Result<(), String> {
        if let Some(failure) = &self.failure {
            return Err(failure.clone());
        }
        for (path, entry) in &self.seeds {
            writer.put(path, entry.clone());
        }
        Ok(())
    }

    /// A small text file a bind mount shows at `path`.
    pub fn text(&self, path: &str) -> Option<String> {
        self.texts.iter().find(|(p, _)| p == path).map(|(_, t)| t.clone())
    }

    /// After the command ran: [`finish`] over the layer, and the mounts'
    /// notes before the step's own.
    pub fn unmount(&mut self, diff: &mut LayerDiff, below: &LayerStack, notes: &mut Vec<String>) {
        if !self.is_empty() {
            finish(self, diff, &|p| below.get(p).is_some());
            notes.splice(0..0, self.notes.iter().cloned());
        }
    }
}

/// Why the mounts could not be prepared: BuildKit rejects the Dockerfile
/// (its message) before running anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PlanError(pub String);

/// A RUN's `--mount`s, `--network` and `--security`, parsed with its
/// environment (BuildKit expands mount values; `commands_runnetwork.go` and
/// `commands_runsecurity.go` give the other two errors). The bool is
/// `--security=insecure`.
pub(super) fn for_run(
    run: &Run,
    state: &StageState,
    escape: char,
) -> Result<(Vec<RunMount>, Network, bool), PlanError> {
    let env = super::steps::run_env(state);
    let lexer = Lexer::new(escape);
    let expand = |v: &str| lexer.process_word(v, &env).map(|e| e.value).map_err(|e| e.to_string());
    let mounts = run.mounts.iter().map(|m| parse(m, &expand)).collect::<Result<Vec<_>, _>>().map_err(PlanError)?;
    let network = match run.network.as_deref() {
        None | Some("default") => Network::Default,
        Some("none") => Network::None,
        Some("host") => Network::Host,
        Some(other) => return Err(PlanError(format!("invalid network mode {}", crate::quote::go_quote(other)))),
    };
    let insecure = match run.security.as_deref() {
        None | Some("sandbox") => false,
        Some("insecure") => true,
        Some(other) => return Err(PlanError(format!("security {} is not valid", crate::quote::go_quote(other)))),
    };
    Ok((mounts, network, insecure))
}

/// The entitlement a RUN needs that the session does not grant, as
/// BuildKit's `entitlements.Set.Check` words it (`util/entitlements/
/// entitlements.go`: "%s is not allowed"); checked when the solve loads
/// the definition, before any step runs (`solver/llbsolver/vertex.go`).
pub(super) fn missing_entitlement(run: &Run, session: &BuildSession) -> Option<String> {
    let needs = [
        (run.network.as_deref() == Some("host"), Entitlement::NetworkHost),
        (run.security.as_deref() == Some("insecure"), Entitlement::SecurityInsecure),
    ];
    needs
        .iter()
        .find(|(needed, e)| *needed && !session.allow.contains(e))
        .map(|(_, e)| format!("{} is not allowed", e.name()))
}

/// The first RUN of the needed stages that asks for an entitlement the
/// session does not grant, with BuildKit's words and the RUN's span.
pub(super) fn entitlements_missing(
    file: &Dockerfile,
    needed: &BTreeSet<usize>,
    request: &BuildRequest<'_>,
) -> Option<(String, crate::span::Span)> {
    file.stages.iter().filter(|s| needed.contains(&s.index)).flat_map(|s| &s.instructions).find_map(|i| match i {
        Instruction::Run(run) => missing_entitlement(run, &request.session).map(|m| (m, run.common.span)),
        _ => None,
    })
}

/// A RUN's mounts, network and security, resolved for this step (empty for
/// other instructions); `Err` is BuildKit's message for a bad `--mount`.
pub(super) fn run_mounts(
    instruction: &Instruction,
    state: &StageState,
    request: &BuildRequest<'_>,
    done: &BTreeMap<usize, StageState>,
    file: &Dockerfile,
    cache: &dyn StepCache,
) -> Result<Plan, String> {
    let Instruction::Run(run) = instruction else { return Ok(Plan::default()) };
    if run.mounts.is_empty() && run.network.is_none() && run.security.is_none() {
        return Ok(Plan::default());
    }
    let (parsed, network, insecure) = for_run(run, state, file.escape).map_err(|e| e.0)?;
    let workdir = state.workdir();
    let inputs = PlanInputs {
        mounts: &parsed,
        network,
        workdir: &workdir,
        context: request.context,
        done,
        file,
        session: &request.session,
        cache,
    };
    let mut plan = plan(&inputs).map_err(|e| e.0)?;
    plan.notes.extend(network_notes(network, insecure));
    Ok(plan)
}

/// Notes for `--network` and `--security` when they change how the step runs.
pub(super) fn network_notes(network: Network, insecure: bool) -> Vec<String> {
    let mut notes = Vec::new();
    match network {
        Network::None => notes.push("--network=none: the step runs without network access".to_string()),
        Network::Host => {
            notes.push("--network=host: the step uses the host's network (entitlement network.host)".to_string())
        }
        Network::Default => {}
    }
    if insecure {
        notes.push(
            "--security=insecure: the step runs with every capability, like a --privileged container (entitlement security.insecure)"
                .to_string(),
        );
    }
    notes
}

/// What [`plan`] reads.
pub(super) struct PlanInputs<'a> {
    pub mounts: &'a [RunMount],
    pub network: Network,
    pub workdir: &'a str,
    pub context: &'a BuildContext,
    pub done: &'a BTreeMap<usize, StageState>,
    pub file: &'a Dockerfile,
    pub session: &'a BuildSession,
    pub cache: &'a dyn StepCache,
}

/// Resolves each mount: its target, what it shows, what it keys on.
pub(super) fn plan(inputs: &PlanInputs<'_>) -> Result<Plan, PlanError> {
    let mut plan = Plan { network: inputs.network, ..Plan::default() };
    for m in inputs.mounts {
        plan.described.push(describe(m, inputs.workdir));
        match m.kind {
            MountKind::Secret => secret(inputs, m, &mut plan)?,
            MountKind::Ssh => ssh(inputs, m, &mut plan)?,
            kind => {
                let Some(raw) = m.target.as_deref().filter(|t| !t.is_empty()) else {
                    return Err(PlanError(format!("invalid mount target {}", crate::quote::go_quote(""))));
                };
                // convert_runmount.go: a relative target is under the working directory.
                let target = normalize(inputs.workdir, raw);
                if target == "/" {
                    return Err(PlanError(format!("invalid mount target {}", crate::quote::go_quote(&target))));
                }
                let source = normalize("/", m.source.as_deref().unwrap_or("/"));
                let stage = match m.from.as_deref() {
                    Some(from) => Some(from_stage(inputs, from, &target)?),
                    None => None,
                };
                let mut active = Active { kind, target: target.clone(), cache_id: None, warm: 0 };
                match kind {
                    MountKind::Bind => bind(inputs, m, stage, &source, &target, &mut plan),
                    MountKind::Cache => {
                        let id = m.id.clone().filter(|i| !i.is_empty()).unwrap_or_else(|| normalize("/", raw));
                        let held = inputs.cache.cache_mount(&id).cloned();
                        let contents = match (held, stage) {
                            (Some(held), _) => held,
                            // A new cache starts from `from=`'s source, else empty.
                            (None, Some(FromSource::Stage(state))) => stage_files(state, &source),
                            (None, _) => CacheContents::new(),
                        };
                        active.warm = contents.values().filter(|e| !e.is_dir()).count();
                        let (uid, gid) = (m.uid.unwrap_or(0), m.gid.unwrap_or(0));
                        let root = Entry { mode: m.mode.unwrap_or(0o755), uid, gid, ..Entry::dir() };
                        plan.seeds.push((target.clone(), root));
                        plan.seeds.extend(contents.iter().map(|(rel, e)| (normalize(&target, rel), e.clone())));
                        let sharing = m.sharing.unwrap_or(Sharing::Shared).as_str();
                        plan.notes.push(if active.warm > 0 {
                            format!(
                                "cache mount {target} (id={id}, sharing={sharing}) was warm: {} kept from earlier builds of this builder; never part of the layer or the cache key",
                                if active.warm == 1 { "1 file".to_string() } else { format!("{} files", active.warm) }
                            )
                        } else {
                            format!(
                                "cache mount {target} (id={id}, sharing={sharing}) was empty: what the command writes there is kept by the builder for the next build, not in the layer"
                            )
                        });
                        active.cache_id = Some(id);
                    }
                    _ => {
                        let size = m
                            .size
                            .map_or("no size limit".to_string(), |s| format!("size={}", crate::units::human_size(s)));
                        plan.seeds.push((target.clone(), Entry::dir()));
                        plan.notes.push(format!("tmpfs mount {target} ({size}): its files vanish after the step"));
                    }
                }
                plan.active.push(active);
            }
        }
    }
    Ok(plan)
}

/// A mount's resolved form, with BuildKit's defaults (cache id: the target;
/// secret: `/run/secrets/<id>`; ssh: id `default`).
fn describe(m: &RunMount, workdir: &str) -> StepMount {
    let target = m.target.as_deref().filter(|t| !t.is_empty()).map(|t| normalize(workdir, t));
    let secret_id = || {
        m.source
            .clone()
            .or(m.id.clone())
            .or_else(|| target.as_deref().and_then(|t| t.rsplit('/').next()).map(str::to_string))
    };
    let (id, target) = match m.kind {
        MountKind::Cache => {
            (Some(m.id.clone().unwrap_or_else(|| normalize("/", m.target.as_deref().unwrap_or("/")))), target)
        }
        MountKind::Secret => {
            let id = secret_id();
            let at = match &m.env {
                Some(var) => Some(format!("${var}")),
                None => target.or_else(|| id.as_ref().map(|i| format!("/run/secrets/{i}"))),
            };
            (id, at)
        }
        MountKind::Ssh => (Some(m.id.clone().unwrap_or_else(|| "default".into())), target),
        _ => (None, target),
    };
    let source = match m.kind {
        MountKind::Bind | MountKind::Cache => {
            let path = normalize("/", m.source.as_deref().unwrap_or("/"));
            match (&m.from, m.kind) {
                (Some(from), _) => Some(format!("{from}:{path}")),
                (None, MountKind::Bind) => Some(format!("context:{path}")),
                _ => None,
            }
        }
        _ => None,
    };
    let sharing = (m.kind == MountKind::Cache).then_some(m.sharing.unwrap_or(Sharing::Shared).as_str());
    StepMount { kind: m.kind, target: target.unwrap_or_default(), id, source, read_only: m.read_only, sharing }
}

/// Where `from=` points: an earlier stage, or an image whose files are unknown.
enum FromSource<'a> {
    Stage(&'a StageState),
    Image(String),
}

fn from_stage<'a>(inputs: &PlanInputs<'a>, from: &str, target: &str) -> Result<FromSource<'a>, PlanError> {
    match inputs.file.stage_by_ref(from) {
        Some(stage) => match inputs.done.get(&stage.index) {
            Some(state) => Ok(FromSource::Stage(state)),
            None => Err(PlanError(format!(
                "cannot mount from stage {} to {}, stage needs to be defined before current command",
                crate::quote::go_quote(from),
                crate::quote::go_quote(target)
            ))),
        },
        None => Ok(FromSource::Image(from.to_string())),
    }
}

/// A stage's files under `source`, relative to it.
fn stage_files(state: &StageState, source: &str) -> CacheContents {
    let prefix = if source == "/" { "/".to_string() } else { format!("{source}/") };
    state
        .layers
        .under(source)
        .filter_map(|(p, e)| p.strip_prefix(&prefix).map(|rel| (rel.to_string(), e.clone())))
        .collect()
}

fn bind(
    inputs: &PlanInputs<'_>,
    m: &RunMount,
    stage: Option<FromSource<'_>>,
    source: &str,
    target: &str,
    plan: &mut Plan,
) {
    let mode = if m.read_only { "read-only" } else { "read-write, writes discarded" };
    plan.seeds.push((target.to_string(), Entry::dir()));
    match stage {
        None => {
            let found = inputs.context.resolve_source(source);
            // A single file bound at the target is the target itself.
            let single = found.len() == 1 && found[0].0 == source.trim_start_matches('/');
            for (path, rel, file) in found {
                let at = if single { target.to_string() } else { normalize(target, &rel) };
                let mut entry = Entry::file(file.size, digest64(file.digest.as_bytes()));
                entry.mode = file.mode;
                plan.key_files.insert(format!("{target}\0{path}"), format!("{}:{:o}", file.digest, file.mode));
                plan.key_sizes.insert(format!("{target}\0{path}"), file.size);
                if let Some(text) = &file.text {
                    plan.texts.push((at.clone(), text.clone()));
                }
                plan.seeds.push((at, entry));
            }
            plan.notes.push(format!(
                "bind mount {target} shows the build context's {source} ({mode}): nothing is copied into the layer, and its files' content is part of the cache key"
            ));
        }
        Some(FromSource::Stage(state)) => {
            for (rel, entry) in stage_files(state, source) {
                plan.key_files.insert(format!("{target}\0{}", normalize(source, &rel)), entry_digest(&entry));
                plan.key_sizes.insert(format!("{target}\0{}", normalize(source, &rel)), entry.size());
                plan.seeds.push((normalize(target, &rel), entry));
            }
            let from = m.from.as_deref().unwrap_or_default();
            plan.notes.push(format!(
                "bind mount {target} shows stage {from}'s {source} ({mode}): nothing is copied into the layer"
            ));
        }
        Some(FromSource::Image(image)) => {
            plan.key_files.insert(format!("{target}\0{image}:{source}"), image.clone());
            plan.notes.push(format!(
                "not simulated: bind mount {target} shows {image}'s {source} ({mode}); Layerlab's catalog does not list an image's files"
            ));
        }
    }
}

/// `convert_secrets.go` `dispatchSecret`: the id is `source`, else `id`, else
/// the target's base name; the file is the target, else `/run/secrets/<id>`,
/// unless `env=` asks for a variable instead.
fn secret(inputs: &PlanInputs<'_>, m: &RunMount, plan: &mut Plan) -> Result<(), PlanError> {
    let target = m.target.as_deref().filter(|t| !t.is_empty());
    let id = match m.source.as_deref().or(m.id.as_deref()).filter(|i| !i.is_empty()) {
        Some(id) => id.to_string(),
        None => match target {
            Some(t) => t.rsplit('/').next().unwrap_or(t).to_string(),
            None => return Err(PlanError("one of source, target required".into())),
        },
    };
    let Some(secret) = inputs.session.secrets.get(&id) else {
        // solver/llbsolver/mounts/mount.go: an optional secret that the
        // session lacks is skipped; a required one fails with the store's
        // `secrets.ErrNotFound` wrapped as "secret <id>" (session/secrets/secrets.go).
        if m.required {
            plan.failure = Some(format!("secret {id}: not found"));
            return Ok(());
        }
        plan.notes.push(format!(
            "secret {id} was not given (docker build --secret id={id},src=…): the mount is skipped, as BuildKit skips a secret that is not required"
        ));
        return Ok(());
    };
    match &m.env {
        Some(var) => {
            plan.env.push((var.clone(), format!("<secret {id}>")));
            plan.notes.push(format!(
                "secret {id} ({}) is in ${var} for this step only: never in a layer, the history or the image config",
                secret.origin
            ));
        }
        None => {
            let file = match target {
                Some(t) => normalize(inputs.workdir, t),
                None => format!("/run/secrets/{id}"),
            };
            let entry = Entry {
                mode: m.mode.unwrap_or(0o400),
                uid: m.uid.unwrap_or(0),
                gid: m.gid.unwrap_or(0),
                ..Entry::file(secret.size, secret.digest)
            };
            plan.seeds.push((file.clone(), entry));
            plan.notes.push(format!(
                "secret {id} ({}) is mounted at {file} for this step only: never in a layer, the history or the image config, and not part of the cache key",
                secret.origin
            ));
            plan.active.push(Active { kind: MountKind::Secret, target: file, cache_id: None, warm: 0 });
        }
    }
    Ok(())
}

/// `convert_ssh.go` `dispatchSSH`: id `default`; the socket at the target,
/// else BuildKit's `/run/buildkit/ssh_agent.N`, named by `SSH_AUTH_SOCK`.
fn ssh(inputs: &PlanInputs<'_>, m: &RunMount, plan: &mut Plan) -> Result<(), PlanError> {
    if m.source.is_some() {
        return Err(PlanError("ssh does not support source".into()));
    }
    let id = m.id.clone().filter(|i| !i.is_empty()).unwrap_or_else(|| "default".to_string());
    if !inputs.session.ssh.contains(&id) {
        // solver/llbsolver/mounts/mount.go `getSSHMountable`.
        if m.required {
            plan.failure = Some(format!("no SSH key {} forwarded from the client", crate::quote::go_quote(&id)));
            return Ok(());
        }
        plan.notes.push(format!("ssh {id} was not forwarded (docker build --ssh {id}): the mount is skipped"));
        return Ok(());
    }
    let n = plan.active.iter().filter(|a| a.kind == MountKind::Ssh).count();
    let socket = match m.target.as_deref().filter(|t| !t.is_empty()) {
        Some(t) => normalize(inputs.workdir, t),
        None => format!("/run/buildkit/ssh_agent.{n}"),
    };
    plan.seeds.push((socket.clone(), Entry { mode: m.mode.unwrap_or(0o600), ..Entry::file(0, 0) }));
    plan.env.push(("SSH_AUTH_SOCK".into(), socket.clone()));
    plan.notes.push(format!("ssh agent {id} is forwarded at {socket} for this step only"));
    plan.active.push(Active { kind: MountKind::Ssh, target: socket, cache_id: None, warm: 0 });
    Ok(())
}

/// After the command ran: takes each cache mount's contents for the builder,
/// then drops every change under a mount's target from the layer, and the
/// stub directories made for targets that did not exist.
pub(super) fn finish(plan: &mut Plan, diff: &mut LayerDiff, existed: &dyn Fn(&str) -> bool) {
    for active in &plan.active {
        let prefix = format!("{}/", active.target);
        if let Some(id) = &active.cache_id {
            let contents: CacheContents = diff
                .changes
                .iter()
                .filter_map(|(p, c)| match c {
                    Change::Put(e) | Change::Opaque(e) => {
                        p.strip_prefix(&prefix).map(|rel| (rel.to_string(), e.clone()))
                    }
                    Change::Whiteout => None,
                })
                .collect();
            plan.updates.push((id.clone(), contents));
        }
        diff.changes.retain(|p, _| p != &active.target && !p.starts_with(&prefix));
        // Stubs: parents made only to hold the mount point, now empty.
        let mut dir = active.target.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        while !dir.is_empty() && !existed(&dir) {
            let inner = format!("{dir}/");
            if diff.changes.keys().any(|p| p.starts_with(&inner)) {
                break;
            }
            diff.changes.remove(&dir);
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        }
    }
}

/// The first bind mount whose source content differs between two runs of
/// a step, as a miss cause naming the mount.
pub(super) fn mount_changes(before: &StepInputs, after: &StepInputs) -> Option<MissCause> {
    let split = |k: &str| k.split_once('\0').map(|(t, p)| (t.to_string(), p.to_string()));
    let mut changed: BTreeMap<String, Vec<FileChange>> = BTreeMap::new();
    for (key, digest) in &after.mounts {
        let change = match before.mounts.get(key) {
            Some(old) if old == digest => continue,
            Some(_) => SourceChange::Modified,
            None => SourceChange::Added,
        };
        let Some((target, path)) = split(key) else { continue };
        let old = before.mount_sizes.get(key).copied().filter(|_| change == SourceChange::Modified);
        let file = FileChange { path, change, before: old, after: after.mount_sizes.get(key).copied() };
        changed.entry(target).or_default().push(file);
    }
    for key in before.mounts.keys().filter(|k| !after.mounts.contains_key(*k)) {
        let Some((target, path)) = split(key) else { continue };
        let file = FileChange {
            path,
            change: SourceChange::Removed,
            before: before.mount_sizes.get(key).copied(),
            after: None,
        };
        changed.entry(target).or_default().push(file);
    }
    changed.into_iter().next().map(|(target, files)| MissCause::MountChanged { target, files })
}

#[cfg(test)]
mod tests;
