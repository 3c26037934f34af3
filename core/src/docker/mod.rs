//! The `docker` command line over the simulated daemon: what the app's
//! terminal and the `layerlab` binary both run.
//!
//! A line (`docker images -a`) is split into words as a POSIX shell would
//! (`run::words`), matched against the command tree (`docker images` and
//! `docker image ls` are the same command, as in docker/cli), its flags read
//! with pflag's rules ([`flags`]), and the command executed against the
//! [`Engine`]. The result is what a terminal shows: stdout, stderr and the
//! exit status, with docker/cli's texts.
//!
//! Everything outside the simulation (a build context's files, `-f`
//! Dockerfiles, `docker save -o`, prompts) goes through a [`Host`], so the
//! core stays free of I/O: the CLI's host is the real file system, the app's
//! an in-memory project, and [`session`] records every answer so that a
//! session can be saved and replayed.

#[cfg(test)]
mod argv_tests;
mod attach;
mod build;
mod build_session;
mod buildx;
mod buildx_history;
mod cache_flags;
#[cfg(test)]
mod cache_io_tests;
mod check;
#[cfg(test)]
mod check_tests;
pub mod complete;
mod containers;
#[cfg(test)]
mod daemon_tests;
mod events;
#[cfg(test)]
mod events_tests;
#[cfg(test)]
mod fidelity_tests;
mod filesystem;
pub mod flags;
mod images;
mod info;
mod manage;
mod memory;
mod networks;
mod registry;
#[cfg(test)]
mod registry_tests;
pub mod render;
pub mod session;
mod substitute;
pub mod template;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;

pub use containers::client_env;
pub(crate) use containers::getent_hosts;
pub use memory::MemoryHost;
pub(crate) use memory::{files_under, host_path};
pub use session::{Session, StateError};

use crate::context::ContextFile;
use crate::engine::{Engine, EngineError};
pub use crate::engine::{Event, PruneKind};
use flags::{Parsed, Spec};

/// What a command printed, its exit status, and what it changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub status: u8,
    /// The daemon's state changes, in order (the same on a replay).
    pub events: Vec<Event>,
}

impl Output {
    pub fn ok(stdout: String) -> Output {
        Output { stdout, ..Output::default() }
    }

    /// A message on stderr (a newline is added when missing).
    pub fn error(mut message: String, status: u8) -> Output {
        if !message.ends_with('\n') {
            message.push('\n');
        }
        Output { stderr: message, status, ..Output::default() }
    }

    /// `Error response from daemon: …`, exit 1.
    pub fn daemon_error(message: String) -> Output {
        Output::error(format!("Error response from daemon: {message}"), 1)
    }

    pub fn engine_error(error: EngineError) -> Output {
        Output::error(error.to_string(), 1)
    }
}

/// Why the host could not answer.
pub type HostError = String;

/// What a command needs from outside the simulation.
pub trait Host {
    /// Every file under `dir` (paths relative to it, `/`-separated), for a
    /// build context.
    fn context_files(&mut self, dir: &str) -> Result<Vec<(String, ContextFile)>, HostError>;
    /// A text file (`-f Dockerfile`, `docker load -i`); `-` is standard input
    /// (`docker login --password-stdin`; an in-memory host keeps it as the file `-`).
    fn read_text(&mut self, path: &str) -> Result<String, HostError>;
    /// `docker save -o FILE`.
    fn write_file(&mut self, path: &str, bytes: &[u8]) -> Result<(), HostError>;
    /// An environment variable of the user's shell (`--build-arg NAME`).
    fn env_var(&mut self, name: &str) -> Option<String>;
    /// Shows a `[y/N]` prompt (prunes without `-f`) and reads the answer; `true` to go on.
    fn confirm(&mut self, prompt: &str) -> bool;
}

/// What a command runs with.
pub struct Ctx<'a> {
    pub engine: &'a mut Engine,
    pub host: &'a mut dyn Host,
    pub now: u64,
    /// The line as typed (`run`/`create` read it whole, with spans for their errors).
    pub line: &'a str,
}

/// docker/cli's `[y/N]` prompt before a prune without `-f` (the host shows
/// it and reads the answer); `true` to go on. A declined prune prints nothing.
fn confirmed(ctx: &mut Ctx<'_>, p: &Parsed, warning: &str) -> bool {
    p.on("force") || ctx.host.confirm(&format!("{warning}\nAre you sure you want to continue? [y/N] "))
}

type Handler = fn(&mut Ctx<'_>, &Parsed) -> Output;

const VERSION: Spec = Spec {
    path: "docker version",
    usage: "[OPTIONS]",
    short: "Show the Docker version information",
    flags: &[flags::unmodelled(
        "format",
        Some('f'),
        flags::Takes::Value,
        "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates",
    )],
    arity: flags::Arity::None,
    interspersed: true,
};

/// `docker version`: the releases Layerlab simulates (`crate::versions`).
fn version(_: &mut Ctx<'_>, _: &Parsed) -> Output {
    Output::ok(crate::versions::docker_version())
}

/// One command of the tree: the words that name it, its flags, what it does.
struct Command {
    words: &'static [&'static str],
    spec: &'static Spec,
    handler: Handler,
    /// Changes the daemon's state (so a session records it).
    mutates: bool,
    /// Reads its own flags from the whole line (`run`, `create`).
    raw: bool,
}

const fn cmd(words: &'static [&'static str], spec: &'static Spec, handler: Handler, mutates: bool) -> Command {
    Command { words, spec, handler, mutates, raw: false }
}

const fn raw(words: &'static [&'static str], spec: &'static Spec, handler: Handler) -> Command {
    Command { words, spec, handler, mutates: true, raw: true }
}

/// `docker image inspect`: docker/cli's `Error: No such image: x` for a miss.
fn image_inspect(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    inspect_each(ctx, p, |ctx, name| ctx.engine.inspect(name).map_err(|_| format!("Error: No such image: {name}")))
}

/// `docker inspect NAME…`: each name as a container, then an image, then a
/// network, then a volume (moby's inspect order); `--type` narrows it.
fn generic_inspect(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let kind = p.value("type");
    if let Some(k) = kind {
        if !["container", "image", "network", "volume"].contains(&k) {
            return Output::error(format!("\"{k}\" is not a valid value for --type"), 1);
        }
    }
    let wants = |k: &str| kind.is_none_or(|t| t == k);
    inspect_each(ctx, p, |ctx, name| {
        None.or_else(|| wants("container").then(|| ctx.engine.container_inspect(name, ctx.now).ok()).flatten())
            .or_else(|| wants("image").then(|| ctx.engine.inspect(name).ok()).flatten())
            .or_else(|| wants("network").then(|| ctx.engine.network_inspect(name, ctx.now).ok()).flatten())
            .or_else(|| wants("volume").then(|| ctx.engine.volume_inspect(name, ctx.now).ok()).flatten())
            .ok_or_else(|| format!("Error: No such {}: {name}", kind.unwrap_or("object")))
    })
}

/// JSON as Go's `json.MarshalIndent(v, "", "    ")` prints it, with Go's
/// HTML-safe escapes (`<` → `\u003c`), which `docker inspect` shows.
pub fn go_json_indent(value: &serde_json::Value) -> String {
    use serde::Serialize;
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    if value.serialize(&mut serializer).is_err() {
        return "[]".to_string();
    }
    let text = String::from_utf8(out).unwrap_or_default();
    // `<`, `>` and `&` can only occur inside JSON strings, so a plain replace is exact.
    text.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// The `inspect` commands' shape: a JSON array (Go's indentation) of what
/// was found on stdout, one error line per name that was not, exit 1 if any.
/// `--format` runs a template over each object instead (`json`: the array
/// compact), as docker/cli `cli/command/inspect/inspector.go` does: a
/// template that does not parse exits 64, one that fails on an object is
/// that object's error.
fn inspect_each(
    ctx: &mut Ctx<'_>,
    p: &Parsed,
    mut find: impl FnMut(&mut Ctx<'_>, &str) -> Result<serde_json::Value, String>,
) -> Output {
    let format = p.value("format").filter(|f| !f.is_empty());
    let template = match format.filter(|f| *f != "json").map(template::parse) {
        Some(Err(e)) => return Output::error(format!("template parsing error: {e}"), 64),
        Some(Ok(t)) => Some(t),
        None => None,
    };
    let mut found = Vec::new();
    let mut stdout = String::new();
    let mut stderr = String::new();
    for name in &p.args {
        let printed = find(ctx, name).and_then(|v| match (&template, format) {
            (Some(t), Some(text)) => t
                .execute(text, &v)
                .map(|line| stdout.push_str(&format!("{line}\n")))
                .map_err(|e| format!("template parsing error: {e}")),
            _ => {
                found.push(v);
                Ok(())
            }
        });
        if let Err(e) = printed {
            stderr.push_str(&e);
            stderr.push('\n');
        }
    }
    let status = if stderr.is_empty() { 0 } else { 1 };
    if template.is_none() {
        let array = serde_json::Value::Array(found);
        stdout = match format {
            Some(_) => format!("{}\n", serde_json::to_string(&array).unwrap_or_default()),
            None => format!("{}\n", go_json_indent(&array)),
        };
    }
    Output { stdout, stderr, status, events: Vec::new() }
}

/// The command tree. Longer paths first is not needed: paths are matched whole.
const COMMANDS: &[Command] = &[
    cmd(&["build"], &build::BUILD, build::build, true),
    cmd(&["image", "build"], &build::IMAGE_BUILD, build::build, true),
    cmd(&["buildx", "build"], &build::BUILDX_BUILD, build::build, true),
    cmd(&["buildx", "history", "ls"], &buildx_history::HISTORY_LS, buildx_history::history_ls, false),
    cmd(&["buildx", "history", "inspect"], &buildx_history::HISTORY_INSPECT, buildx_history::history_inspect, false),
    cmd(&["buildx", "ls"], &buildx::LS, buildx::ls, false),
    cmd(&["buildx", "create"], &buildx::CREATE, buildx::create, true),
    cmd(&["buildx", "use"], &buildx::USE, buildx::use_builder, true),
    cmd(&["buildx", "inspect"], &buildx::INSPECT, buildx::inspect, false),
    cmd(&["buildx", "imagetools", "inspect"], &buildx::IMAGETOOLS_INSPECT, buildx::imagetools_inspect, false),
    cmd(&["images"], &images::IMAGES, images::images, false),
    cmd(&["image", "ls"], &images::IMAGE_LS, images::images, false),
    cmd(&["image", "list"], &images::IMAGE_LS, images::images, false),
    cmd(&["history"], &images::HISTORY, images::history, false),
    cmd(&["image", "history"], &images::IMAGE_HISTORY, images::history, false),
    // Inspecting a container settles the clock like `ps` (see below), so it is recorded.
    cmd(&["inspect"], &images::INSPECT, generic_inspect, true),
    cmd(&["image", "inspect"], &images::IMAGE_INSPECT, image_inspect, false),
    cmd(&["tag"], &images::TAG, images::tag, true),
    cmd(&["image", "tag"], &images::IMAGE_TAG, images::tag, true),
    cmd(&["rmi"], &images::RMI, images::rmi, true),
    cmd(&["image", "rm"], &images::IMAGE_RM, images::rmi, true),
    cmd(&["image", "remove"], &images::IMAGE_RM, images::rmi, true),
    cmd(&["pull"], &images::PULL, images::pull, true),
    cmd(&["image", "pull"], &images::IMAGE_PULL, images::pull, true),
    cmd(&["login"], &registry::LOGIN, registry::login, true),
    cmd(&["logout"], &registry::LOGOUT, registry::logout, true),
    cmd(&["push"], &registry::PUSH, registry::push, true),
    cmd(&["image", "push"], &registry::IMAGE_PUSH, registry::push, true),
    cmd(&["manifest", "inspect"], &registry::MANIFEST_INSPECT, registry::manifest_inspect, false),
    cmd(&["image", "prune"], &images::IMAGE_PRUNE, images::image_prune, true),
    cmd(&["builder", "prune"], &images::BUILDER_PRUNE, images::builder_prune, true),
    cmd(&["version"], &VERSION, version, false),
    // `info` counts containers, settling the clock as `ps` does, so it is recorded.
    cmd(&["info"], &info::INFO, info::info, true),
    cmd(&["system", "info"], &info::SYSTEM_INFO, info::info, true),
    cmd(&["system", "df"], &images::SYSTEM_DF, images::system_df, false),
    cmd(&["system", "prune"], &images::SYSTEM_PRUNE, images::system_prune, true),
    cmd(&["save"], &images::SAVE, images::save, false),
    cmd(&["image", "save"], &images::IMAGE_SAVE, images::save, false),
    cmd(&["load"], &images::LOAD, images::load, true),
    cmd(&["image", "load"], &images::IMAGE_LOAD, images::load, true),
    raw(&["run"], &containers::RUN, containers::run),
    raw(&["container", "run"], &containers::RUN, containers::run),
    raw(&["create"], &containers::CREATE, containers::create),
    raw(&["container", "create"], &containers::CREATE, containers::create),
    // Container reads settle the simulated clock (a `sleep 5` ends, a
    // restart loop turns), so they are recorded like changes: a replay then
    // passes through the same moments.
    cmd(&["ps"], &containers::PS, containers::ps, true),
    cmd(&["container", "ls"], &containers::CONTAINER_LS, containers::ps, true),
    cmd(&["container", "list"], &containers::CONTAINER_LS, containers::ps, true),
    cmd(&["container", "ps"], &containers::CONTAINER_LS, containers::ps, true),
    cmd(&["start"], &containers::START, containers::start, true),
    cmd(&["container", "start"], &containers::START, containers::start, true),
    cmd(&["stop"], &containers::STOP, containers::stop, true),
    cmd(&["container", "stop"], &containers::STOP, containers::stop, true),
    cmd(&["restart"], &containers::RESTART, containers::restart, true),
    cmd(&["container", "restart"], &containers::RESTART, containers::restart, true),
    cmd(&["kill"], &containers::KILL, containers::kill, true),
    cmd(&["container", "kill"], &containers::KILL, containers::kill, true),
    cmd(&["pause"], &containers::PAUSE, containers::pause, true),
    cmd(&["container", "pause"], &containers::PAUSE, containers::pause, true),
    cmd(&["unpause"], &containers::UNPAUSE, containers::unpause, true),
    cmd(&["container", "unpause"], &containers::UNPAUSE, containers::unpause, true),
    cmd(&["rm"], &containers::RM, containers::rm, true),
    cmd(&["container", "rm"], &containers::RM, containers::rm, true),
    cmd(&["container", "remove"], &containers::RM, containers::rm, true),
    cmd(&["logs"], &containers::LOGS, containers::logs, true),
    cmd(&["container", "logs"], &containers::LOGS, containers::logs, true),
    cmd(&["exec"], &containers::EXEC, containers::exec, true),
    cmd(&["container", "exec"], &containers::EXEC, containers::exec, true),
    cmd(&["container", "inspect"], &containers::CONTAINER_INSPECT, containers::container_inspect, true),
    cmd(&["stats"], &containers::STATS, containers::stats, true),
    cmd(&["container", "stats"], &containers::STATS, containers::stats, true),
    cmd(&["port"], &containers::PORT, containers::port, true),
    cmd(&["container", "port"], &containers::PORT, containers::port, true),
    cmd(&["top"], &containers::TOP, containers::top, true),
    cmd(&["container", "top"], &containers::TOP, containers::top, true),
    cmd(&["container", "prune"], &containers::CONTAINER_PRUNE, containers::container_prune, true),
    // `diff` and `cp` out read the container (and settle the clock); `export` too.
    cmd(&["diff"], &filesystem::DIFF, filesystem::diff, true),
    cmd(&["container", "diff"], &filesystem::CONTAINER_DIFF, filesystem::diff, true),
    cmd(&["commit"], &filesystem::COMMIT, filesystem::commit, true),
    cmd(&["container", "commit"], &filesystem::CONTAINER_COMMIT, filesystem::commit, true),
    cmd(&["cp"], &filesystem::CP, filesystem::cp, true),
    cmd(&["container", "cp"], &filesystem::CONTAINER_CP, filesystem::cp, true),
    cmd(&["export"], &filesystem::EXPORT, filesystem::export, true),
    cmd(&["container", "export"], &filesystem::CONTAINER_EXPORT, filesystem::export, true),
    cmd(&["import"], &filesystem::IMPORT, filesystem::import, true),
    cmd(&["attach"], &attach::ATTACH, attach::attach, true),
    cmd(&["container", "attach"], &attach::CONTAINER_ATTACH, attach::attach, true),
    cmd(&["events"], &events::EVENTS, events::events, false),
    cmd(&["system", "events"], &events::SYSTEM_EVENTS, events::events, false),
    cmd(&["rename"], &manage::RENAME, manage::rename, true),
    cmd(&["container", "rename"], &manage::CONTAINER_RENAME, manage::rename, true),
    cmd(&["update"], &manage::UPDATE, manage::update, true),
    cmd(&["container", "update"], &manage::CONTAINER_UPDATE, manage::update, true),
    cmd(&["wait"], &manage::WAIT, manage::wait, true),
    cmd(&["container", "wait"], &manage::CONTAINER_WAIT, manage::wait, true),
    cmd(&["image", "import"], &filesystem::IMAGE_IMPORT, filesystem::import, true),
    cmd(&["network", "ls"], &networks::NETWORK_LS, networks::network_ls, true),
    cmd(&["network", "list"], &networks::NETWORK_LS, networks::network_ls, true),
    cmd(&["network", "create"], &networks::NETWORK_CREATE, networks::network_create, true),
    cmd(&["network", "rm"], &networks::NETWORK_RM, networks::network_rm, true),
    cmd(&["network", "remove"], &networks::NETWORK_RM, networks::network_rm, true),
    cmd(&["network", "inspect"], &networks::NETWORK_INSPECT, networks::network_inspect, true),
    cmd(&["network", "connect"], &networks::NETWORK_CONNECT, networks::network_connect, true),
    cmd(&["network", "disconnect"], &networks::NETWORK_DISCONNECT, networks::network_disconnect, true),
    cmd(&["volume", "ls"], &networks::VOLUME_LS, networks::volume_ls, true),
    cmd(&["volume", "list"], &networks::VOLUME_LS, networks::volume_ls, true),
    cmd(&["volume", "create"], &networks::VOLUME_CREATE, networks::volume_create, true),
    cmd(&["volume", "rm"], &networks::VOLUME_RM, networks::volume_rm, true),
    cmd(&["volume", "remove"], &networks::VOLUME_RM, networks::volume_rm, true),
    cmd(&["volume", "inspect"], &networks::VOLUME_INSPECT, networks::volume_inspect, true),
    cmd(&["network", "prune"], &networks::NETWORK_PRUNE, networks::network_prune, true),
    cmd(&["volume", "prune"], &networks::VOLUME_PRUNE, networks::volume_prune, true),
    raw(&["compose"], &crate::compose::cli::SPEC, crate::compose::cli::run),
];

/// Command groups: `docker image` alone prints the group's usage.
const GROUPS: &[&str] = &["image", "builder", "buildx", "system", "container", "network", "volume", "manifest"];

/// A line read up to the command: its words after `docker`, and which command.
struct Resolved<'a> {
    command: &'a Command,
    rest: Vec<String>,
}

fn resolve(words: &[String]) -> Result<Resolved<'static>, Output> {
    let Some(first) = words.first() else {
        return Err(Output::error(
            "Usage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers (simulated by Layerlab)"
                .into(),
            0,
        ));
    };
    if first.starts_with('-') {
        return Err(Output::error(
            format!("layerlab: docker's global options ({first}) are not simulated; put the command first"),
            125,
        ));
    }
    let best = COMMANDS
        .iter()
        .filter(|c| c.words.len() <= words.len() && c.words.iter().zip(words).all(|(a, b)| *a == b))
        .max_by_key(|c| c.words.len());
    match best {
        Some(command) => Ok(Resolved { command, rest: words[command.words.len()..].to_vec() }),
        None if GROUPS.contains(&first.as_str()) => {
            let sub = words.get(1).map(String::as_str).unwrap_or("");
            let message = if sub.is_empty() {
                format!("docker: 'docker {first}' requires a subcommand.\nSee 'docker {first} --help'.")
            } else {
                format!(
                    "docker: unknown command: docker {first} {sub}\n\nRun 'docker {first} --help' for more information"
                )
            };
            Err(Output::error(message, 1))
        }
        // docker/cli: `docker: unknown command: docker foo` (status 1).
        None => Err(Output::error(
            format!("docker: unknown command: docker {first}\n\nRun 'docker --help' for more information"),
            1,
        )),
    }
}

/// The words of a typed line, without the leading `docker`.
fn words(line: &str) -> Result<Vec<String>, Output> {
    let split =
        crate::run::words::split(line).map_err(|e| Output::error(e.render(crate::run::MessageStyle::Current), 125))?;
    let mut words: Vec<String> = split.words.into_iter().map(|w| w.text).collect();
    if words.first().is_some_and(|w| w == "docker" || w.ends_with("/docker")) {
        words.remove(0);
    }
    Ok(words)
}

/// A typed line read up to its command, so a caller can ask whether it
/// changes the daemon before running it without splitting the line twice.
pub struct Prepared<'l> {
    line: &'l str,
    command: Result<Resolved<'static>, Output>,
    /// The line's `$(docker …)` substitutions, run before the command.
    substitutions: Vec<substitute::Found>,
}

/// Reads a `docker …` line (the leading `docker` is optional) up to its command.
pub fn prepare(line: &str) -> Prepared<'_> {
    let substitutions = match substitute::find(line) {
        Ok(found) => found,
        Err(refusal) => {
            return Prepared { line, command: Err(Output::error(refusal.to_string(), 1)), substitutions: Vec::new() }
        }
    };
    // The command is named outside the substitutions; their output is not needed to find it.
    let outer = substitute::splice(line, &substitutions, &vec![String::new(); substitutions.len()]);
    Prepared { line, command: words(&outer).and_then(|words| resolve(&words)), substitutions }
}

impl Prepared<'_> {
    /// Whether the command changes the daemon's state (a line that does not
    /// read changes nothing), or one of its substitutions does.
    pub fn mutates(&self) -> bool {
        self.command.as_ref().is_ok_and(|r| r.command.mutates)
            || self.substitutions.iter().any(|s| prepare(&s.inner).mutates())
    }

    /// Runs the command, after its substitutions as a shell would: their
    /// output goes into the line, their errors to stderr first.
    pub fn run(self, engine: &mut Engine, host: &mut dyn Host, now: u64) -> Output {
        // The daemon's time never runs backwards: a command that waited
        // (`compose up` until a service is healthy) took that long, so the
        // next one starts after it even when the caller's clock says less.
        let now = now.max(engine.runtime().now);
        if !self.substitutions.is_empty() {
            let mut before = Output::default();
            let mut outputs = Vec::new();
            for s in &self.substitutions {
                let inner = execute(engine, &s.inner, host, now);
                before.stderr.push_str(&inner.stderr);
                before.events.extend(inner.events);
                outputs.push(inner.stdout);
            }
            let line = substitute::splice(self.line, &self.substitutions, &outputs);
            let mut out = execute(engine, &line, host, now);
            out.stderr.insert_str(0, &before.stderr);
            before.events.append(&mut out.events);
            out.events = before.events;
            return out;
        }
        let resolved = match self.command {
            Ok(r) => r,
            Err(out) => return out,
        };
        let spec = resolved.command.spec;
        let parsed = if resolved.command.raw {
            Parsed::default()
        } else {
            match flags::parse(spec, &resolved.rest) {
                Ok(p) => p,
                Err(flags::UsageError::Help) => return Output::ok(flags::help(spec)),
                Err(e) => return Output::error(e.render(spec), e.status()),
            }
        };
        // Events recorded by direct engine calls before this command are not its own.
        engine.take_events();
        let mut ctx = Ctx { engine, host, now, line: self.line };
        let mut out = (resolved.command.handler)(&mut ctx, &parsed);
        out.events = ctx.engine.take_events();
        ctx.engine.record_events(now, &out.events);
        out
    }
}

/// Runs one `docker …` line (the leading `docker` is optional).
pub fn execute(engine: &mut Engine, line: &str, host: &mut dyn Host, now: u64) -> Output {
    prepare(line).run(engine, host, now)
}
