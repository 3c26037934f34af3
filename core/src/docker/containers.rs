//! The container commands' flags, usage lines, help texts and handlers, as
//! docker/cli defines them (`cli/command/container`); networks and volumes
//! are in `networks.rs`.

use super::flags::{flag, unmodelled, Arity, Flag, Parsed, Spec, Takes};
use super::{Ctx, Output};
use crate::engine::containers::{ContainerError, PsFilter, PsOptions, Status};
use crate::engine::EngineError;
use crate::run::{parse_run, MessageStyle};

pub(super) const fn spec(
    path: &'static str,
    usage: &'static str,
    short: &'static str,
    flags: &'static [Flag],
    arity: Arity,
) -> Spec {
    Spec { path, usage, short, flags, arity, interspersed: true }
}

pub const PS_FLAGS: &[Flag] = &[
    flag("all", Some('a'), Takes::Bool, "Show all containers (default shows just running)"),
    flag("filter", Some('f'), Takes::Values, "Filter output based on conditions provided"),
    flag("format", None, Takes::Value, "Format output using a custom template"),
    unmodelled("last", Some('n'), Takes::Value, "Show n last created containers (includes all states) (default -1)"),
    unmodelled("latest", Some('l'), Takes::Bool, "Show the latest created container (includes all states)"),
    flag("no-trunc", None, Takes::Bool, "Don't truncate output"),
    flag("quiet", Some('q'), Takes::Bool, "Only display container IDs"),
    unmodelled("size", Some('s'), Takes::Bool, "Display total file sizes"),
];
pub const PS: Spec = spec("docker ps", "[OPTIONS]", "List containers", PS_FLAGS, Arity::None);
pub const CONTAINER_LS: Spec = spec("docker container ls", "[OPTIONS]", "List containers", PS_FLAGS, Arity::None);

pub const START: Spec = spec(
    "docker start",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Start one or more stopped containers",
    &[
        unmodelled("attach", Some('a'), Takes::Bool, "Attach STDOUT/STDERR and forward signals"),
        unmodelled("detach-keys", None, Takes::Value, "Override the key sequence for detaching a container"),
        unmodelled("interactive", Some('i'), Takes::Bool, "Attach container's STDIN"),
    ],
    Arity::AtLeast(1),
);

const STOP_FLAGS: &[Flag] = &[
    flag("signal", Some('s'), Takes::Value, "Signal to send to the container"),
    flag("timeout", Some('t'), Takes::Value, "Seconds to wait before killing the container"),
];
pub const STOP: Spec = spec(
    "docker stop",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Stop one or more running containers",
    STOP_FLAGS,
    Arity::AtLeast(1),
);
pub const RESTART: Spec = spec(
    "docker restart",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Restart one or more containers",
    STOP_FLAGS,
    Arity::AtLeast(1),
);
pub const KILL: Spec = spec(
    "docker kill",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Kill one or more running containers",
    &[flag("signal", Some('s'), Takes::Value, "Signal to send to the container")],
    Arity::AtLeast(1),
);
pub const PAUSE: Spec = spec(
    "docker pause",
    "CONTAINER [CONTAINER...]",
    "Pause all processes within one or more containers",
    &[],
    Arity::AtLeast(1),
);
pub const UNPAUSE: Spec = spec(
    "docker unpause",
    "CONTAINER [CONTAINER...]",
    "Unpause all processes within one or more containers",
    &[],
    Arity::AtLeast(1),
);
pub const RM: Spec = spec(
    "docker rm",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Remove one or more containers",
    &[
        flag("force", Some('f'), Takes::Bool, "Force the removal of a running container (uses SIGKILL)"),
        unmodelled("link", Some('l'), Takes::Bool, "Remove the specified link"),
        flag("volumes", Some('v'), Takes::Bool, "Remove anonymous volumes associated with the container"),
    ],
    Arity::AtLeast(1),
);
pub const LOGS: Spec = spec(
    "docker logs",
    "[OPTIONS] CONTAINER",
    "Fetch the logs of a container",
    &[
        unmodelled("details", None, Takes::Bool, "Show extra details provided to logs"),
        flag("follow", Some('f'), Takes::Bool, "Follow log output"),
        unmodelled("since", None, Takes::Value, "Show logs since timestamp or relative"),
        flag("tail", Some('n'), Takes::Value, "Number of lines to show from the end of the logs (default \"all\")"),
        unmodelled("timestamps", Some('t'), Takes::Bool, "Show timestamps"),
        unmodelled("until", None, Takes::Value, "Show logs before a timestamp or relative"),
    ],
    Arity::Exact(1),
);
pub const EXEC: Spec = Spec {
    path: "docker exec",
    usage: "[OPTIONS] CONTAINER COMMAND [ARG...]",
    short: "Execute a command in a running container",
    flags: &[
        flag("detach", Some('d'), Takes::Bool, "Detached mode: run command in the background"),
        unmodelled("detach-keys", None, Takes::Value, "Override the key sequence for detaching a container"),
        unmodelled("env", Some('e'), Takes::Values, "Set environment variables"),
        unmodelled("env-file", None, Takes::Values, "Read in a file of environment variables"),
        flag("interactive", Some('i'), Takes::Bool, "Keep STDIN open even if not attached"),
        unmodelled("privileged", None, Takes::Bool, "Give extended privileges to the command"),
        flag("tty", Some('t'), Takes::Bool, "Allocate a pseudo-TTY"),
        flag("user", Some('u'), Takes::Value, "Username or UID (format: \"<name|uid>[:<group|gid>]\")"),
        unmodelled("workdir", Some('w'), Takes::Value, "Working directory inside the container"),
    ],
    arity: Arity::AtLeast(2),
    interspersed: false,
};
pub const CONTAINER_INSPECT: Spec = spec(
    "docker container inspect",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Display detailed information on one or more containers",
    &[
        flag("format", Some('f'), Takes::Value, "Format output using a custom template"),
        unmodelled("size", Some('s'), Takes::Bool, "Display total file sizes"),
    ],
    Arity::AtLeast(1),
);
pub const STATS: Spec = spec(
    "docker stats",
    "[OPTIONS] [CONTAINER...]",
    "Display a live stream of container(s) resource usage statistics",
    &[
        flag("all", Some('a'), Takes::Bool, "Show all containers (default shows just running)"),
        unmodelled("format", None, Takes::Value, "Format output using a custom template"),
        flag("no-stream", None, Takes::Bool, "Disable streaming stats and only pull the first result"),
        unmodelled("no-trunc", None, Takes::Bool, "Do not truncate output"),
    ],
    Arity::AtLeast(0),
);
pub const PORT: Spec = spec(
    "docker port",
    "CONTAINER [PRIVATE_PORT[/PROTO]]",
    "List port mappings or a specific mapping for the container",
    &[],
    Arity::Range(1, 2),
);
pub const TOP: Spec = Spec {
    path: "docker top",
    usage: "CONTAINER [ps OPTIONS]",
    short: "Display the running processes of a container",
    flags: &[],
    arity: Arity::AtLeast(1),
    interspersed: false,
};
pub const CONTAINER_PRUNE: Spec = spec(
    "docker container prune",
    "[OPTIONS]",
    "Remove all stopped containers",
    &[
        unmodelled("filter", None, Takes::Values, "Provide filter values (e.g. \"until=<timestamp>\")"),
        flag("force", Some('f'), Takes::Bool, "Do not prompt for confirmation"),
    ],
    Arity::None,
);

/// Runs `each` on every named container in turn, as docker/cli does: the
/// successes on stdout, each failure on stderr, status 1 if any failed.
pub(super) fn each(
    ctx: &mut Ctx<'_>,
    names: &[String],
    mut f: impl FnMut(&mut Ctx<'_>, &str) -> Result<String, EngineError>,
) -> Output {
    let mut out = Output::ok(String::new());
    for name in names {
        match f(ctx, name) {
            Ok(text) => out.stdout.push_str(&text),
            Err(e) => {
                out.stderr.push_str(&format!("{e}\n"));
                out.status = 1;
            }
        }
    }
    out
}

/// The line as `parse_run` reads it: with its leading `docker`.
fn docker_line(line: &str) -> String {
    let trimmed = line.trim_start();
    if trimmed.starts_with("docker ") || trimmed.starts_with("docker\t") || trimmed.contains("/docker ") {
        line.to_string()
    } else {
        format!("docker {trimmed}")
    }
}

/// `docker run` / `docker create`: the whole line goes to `run::parse_run`
/// (its flags stop at the image, and it checks values in Docker's order).
pub fn run_or_create(ctx: &mut Ctx<'_>, create: bool) -> Output {
    let command = match parse_run(&docker_line(ctx.line)) {
        Ok(c) => c,
        Err(e) => return Output::error(e.render(MessageStyle::Current), e.exit_status().unwrap_or(125)),
    };
    let path = command.invocation.command_path();
    let mut command = command;
    if let Err(message) = client_env(ctx.host, &mut command) {
        return Output::error(format!("docker: {message}\n\nRun '{path} --help' for more information"), 125);
    }
    // docker/cli prints daemon errors of run/create with a `docker:` prefix and this tail.
    let failed = |e: EngineError, status: u8| {
        Output::error(format!("docker: {e}\n\nRun '{path} --help' for more information"), status)
    };
    if create {
        return match ctx.engine.create(&command, ctx.now) {
            Ok(o) => Output {
                stdout: format!("{}\n", o.container_id),
                stderr: super::render::pull_for_run(&command.image, o.pull.as_ref()) + &warning_lines(&o.warnings),
                ..Output::default()
            },
            Err(e) => failed(e, 125),
        };
    }
    match ctx.engine.run(&command, ctx.now) {
        Ok(o) => {
            // Attached, `docker run` exits with the container's exit code.
            let status = o.exit_code.map_or(0, |c| u8::try_from(c).unwrap_or(1));
            let stdout = if o.detached { format!("{}\n", o.container_id) } else { super::render::lines(&o.logs) };
            let mut stderr = super::render::pull_for_run(&command.image, o.pull.as_ref()) + &warning_lines(&o.warnings);
            if !o.detached && o.exit_code.is_none() {
                // Docker would stay attached (an interactive shell with -it) until the process ends.
                let short = &o.container_id[..o.container_id.len().min(12)];
                let session = if command.options.interactive && command.options.tty {
                    "an interactive session, which is not simulated"
                } else {
                    "its output until it ends"
                };
                stderr.push_str(&format!(
                    "# layerlab: the container keeps running; a real terminal would stay attached to {session}. \
                     Here the prompt comes back: docker exec -it {short} sh, docker logs {short}, docker stop {short}\n"
                ));
            }
            Output { stdout, stderr, status, events: Vec::new() }
        }
        Err(EngineError::Container(crate::engine::containers::ContainerError::StartFailed { message, exit_code })) => {
            let e =
                EngineError::Container(crate::engine::containers::ContainerError::StartFailed { message, exit_code });
            failed(e, u8::try_from(exit_code).unwrap_or(125))
        }
        Err(e) => failed(e, 125),
    }
}

/// The daemon's create warnings as docker/cli prints them after the pull
/// (cli/command/container/create.go: `fmt.Fprintln(dockerCLI.Err(), "WARNING:", w)`).
fn warning_lines(warnings: &[String]) -> String {
    warnings.iter().map(|w| format!("WARNING: {w}\n")).collect()
}

/// What the docker CLI does with the environment before it sends the
/// request (`opts.ReadKVEnvStrings`): `--env-file` variables first, then `-e`
/// (later ones win), and a bare `-e KEY` or `KEY` line copied from the
/// client's own environment, or left out when the client has none.
pub fn client_env(host: &mut dyn super::Host, command: &mut crate::run::RunCommand) -> Result<(), String> {
    use crate::run::EnvVar;
    let mut vars = Vec::new();
    for file in &command.options.env_files {
        let text = host.read_text(file).map_err(|e| format!("open {file}: {e}"))?;
        vars.extend(crate::run::parse_env_file(file, &text).map_err(|e| e.to_string())?);
    }
    vars.append(&mut command.options.env);
    for var in vars {
        match var {
            EnvVar::FromClient { key } => {
                if let Some(value) = host.env_var(&key) {
                    command.options.env.push(EnvVar::Set { key, value });
                }
            }
            set => command.options.env.push(set),
        }
    }
    command.options.env_files.clear();
    Ok(())
}

pub fn run(ctx: &mut Ctx<'_>, _: &Parsed) -> Output {
    run_or_create(ctx, false)
}

pub fn create(ctx: &mut Ctx<'_>, _: &Parsed) -> Output {
    run_or_create(ctx, true)
}

fn ps_filter(text: &str) -> Result<PsFilter, Output> {
    let bad = || Output::daemon_error(format!("invalid filter '{text}'"));
    let (key, value) = text.split_once('=').ok_or_else(bad)?;
    Ok(match key {
        "status" => PsFilter::Status(
            Status::parse(value).ok_or_else(|| Output::daemon_error(format!("invalid filter 'status={value}'")))?,
        ),
        "name" => PsFilter::Name(value.to_string()),
        "ancestor" => PsFilter::Ancestor(value.to_string()),
        "id" => PsFilter::Id(value.to_string()),
        "label" => match value.split_once('=') {
            Some((k, v)) => PsFilter::Label { key: k.to_string(), value: Some(v.to_string()) },
            None => PsFilter::Label { key: value.to_string(), value: None },
        },
        "exited" | "before" | "since" | "volume" | "network" | "publish" | "expose" | "health" | "isolation"
        | "is-task" => {
            return Err(Output::error(format!("layerlab: the '{key}' filter of docker ps is not simulated"), 125))
        }
        _ => return Err(bad()),
    })
}

pub fn ps(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let mut filters = Vec::new();
    for f in p.values("filter") {
        match ps_filter(f) {
            Ok(f) => filters.push(f),
            Err(out) => return out,
        }
    }
    let options = PsOptions { all: p.on("all"), filters };
    let now = ctx.now;
    let rows = ctx.engine.ps(&options, now);
    match p.value("format") {
        // `-q` wins over a format; `table` alone is the default table (docker/cli `NewContainerFormat`).
        Some(format) if !p.on("quiet") && !format.is_empty() && format != "table" => {
            match super::render::ps_format::formatted(&rows, format, p.on("no-trunc"), now) {
                Ok(text) => Output::ok(text),
                Err(e) => Output::error(e, 1),
            }
        }
        _ => Output::ok(super::render::ps::table(&rows, p.on("quiet"), p.on("no-trunc"), now)),
    }
}

/// `docker start`: each container's error as the daemon words it, then the
/// CLI's summary of those that failed (cli/command/container/start.go,
/// `startContainersWithoutAttachments`; since CLI 29.0 without the `Error: `
/// prefix older CLIs printed, docker/cli c0e37dda14).
pub fn start(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let mut failed = Vec::new();
    let mut out = each(ctx, &p.args, |ctx, name| {
        let started = ctx.engine.start(name, ctx.now).map(|_| format!("{name}\n"));
        if started.is_err() {
            failed.push(name.to_string());
        }
        started
    });
    if !failed.is_empty() {
        out.stderr.push_str(&format!("failed to start containers: {}\n", failed.join(", ")));
    }
    out
}

/// `-t/--timeout`: whole seconds (Go's `int`); `-1` waits forever, which the
/// simulation cannot show, so it is refused with a reason.
fn timeout(p: &Parsed, path: &str) -> Result<Option<u64>, Output> {
    match p.value("timeout") {
        None => Ok(None),
        Some(t) => match t.parse::<i64>() {
            Ok(n) if n >= 0 => Ok(Some(n as u64)),
            Ok(_) => Err(Output::error("layerlab: a negative --timeout (wait forever) is not simulated".into(), 125)),
            Err(_) => Err(Output::error(
                format!(
                    "invalid argument \"{t}\" for \"-t, --timeout\" flag: strconv.ParseInt: parsing \"{t}\": invalid syntax\nSee '{path} --help'."
                ),
                125,
            )),
        },
    }
}

pub fn stop(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    if p.value("signal").is_some() {
        return Output::error("layerlab: docker stop --signal is not simulated; use docker kill -s".into(), 125);
    }
    let t = match timeout(p, "docker stop") {
        Ok(t) => t,
        Err(out) => return out,
    };
    each(ctx, &p.args, |ctx, name| ctx.engine.stop(name, t, ctx.now).map(|_| format!("{name}\n")))
}

pub fn restart(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    if p.value("signal").is_some() {
        return Output::error("layerlab: docker restart --signal is not simulated".into(), 125);
    }
    let t = match timeout(p, "docker restart") {
        Ok(t) => t,
        Err(out) => return out,
    };
    each(ctx, &p.args, |ctx, name| ctx.engine.restart(name, t, ctx.now).map(|_| format!("{name}\n")))
}

pub fn kill(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let signal = p.value("signal").map(str::to_string);
    each(ctx, &p.args, |ctx, name| ctx.engine.kill(name, signal.as_deref(), ctx.now).map(|_| format!("{name}\n")))
}

pub fn pause(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    each(ctx, &p.args, |ctx, name| ctx.engine.pause(name, ctx.now).map(|_| format!("{name}\n")))
}

pub fn unpause(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    each(ctx, &p.args, |ctx, name| ctx.engine.unpause(name, ctx.now).map(|_| format!("{name}\n")))
}

pub fn rm(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let (force, volumes) = (p.on("force"), p.on("volumes"));
    each(ctx, &p.args, |ctx, name| ctx.engine.rm(name, force, volumes, ctx.now).map(|_| format!("{name}\n")))
}

/// `docker logs [-n N]`: the simulated output; `-f` prints the same and
/// returns, since nothing more will ever be written.
pub fn logs(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let text = match ctx.engine.logs(&p.args[0], ctx.now) {
        Ok((lines, simulated)) => super::render::stats::logs(&lines, simulated),
        Err(e) => return Output::engine_error(e),
    };
    match p.value("tail").filter(|t| *t != "all") {
        None => Output::ok(text),
        Some(n) => match n.parse::<i64>() {
            Ok(n) if n >= 0 => {
                let lines: Vec<&str> = text.split_inclusive('\n').collect();
                Output::ok(lines[lines.len().saturating_sub(n as usize)..].concat())
            }
            Ok(_) => Output::ok(text),
            Err(_) => Output::daemon_error(format!("invalid value for \"tail\": \"{n}\"")),
        },
    }
}

/// `docker exec`: file commands (`touch`, `rm`, `echo > file`, `mkdir`,
/// `apt-get install`, `sh -c` scripts of them) run through the shell model,
/// their output printed and their changes kept in the container's writable
/// layer (`docker diff` shows them); anything else says what would run, as
/// whom and where — or fails as Docker would (no shell in distroless).
/// `getent hosts NAME` in a container, answered by the engine's embedded
/// DNS: glibc's `print_hosts` (`%-15s %s`), or exit 2 ("key not found",
/// getent(1)) with the reason when the name does not resolve; `None` for any
/// other command.
pub(crate) fn getent_hosts(engine: &crate::engine::Engine, container: &str, argv: &[String]) -> Option<Output> {
    let [program, db, name] = argv else { return None };
    if program != "getent" || db != "hosts" {
        return None;
    }
    Some(match engine.runtime().resolve_name(container, name) {
        Ok(reach) => match reach.ip {
            Some(ip) if reach.reachable => Output::ok(format!("{:<15} {name}\n", ip.to_string())),
            _ => Output { stderr: format!("# layerlab: {}\n", reach.why), status: 2, ..Output::default() },
        },
        Err(e) => Output::error(e.to_string(), 1),
    })
}

pub fn exec(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let (container, argv) = (&p.args[0], &p.args[1..]);
    match ctx.engine.exec(container, argv, p.value("user"), ctx.now) {
        Ok(o) => {
            if let Some(out) = getent_hosts(ctx.engine, container, argv) {
                return out;
            }
            let would_run = format!(
                "# layerlab: would run {} as {} in {} (PID {} in the container's PID namespace); commands are not executed\n",
                serde_json::to_string(&o.argv).unwrap_or_default(),
                o.user,
                o.workdir,
                o.pid
            );
            match o.ran {
                Some(ran) if !ran.output.is_empty() || ran.not_simulated.is_empty() => Output {
                    stdout: super::render::lines(&ran.output),
                    stderr: ran
                        .not_simulated
                        .iter()
                        .map(|n| format!("# layerlab: {n}: not simulated: no filesystem change assumed\n"))
                        .collect(),
                    status: u8::try_from(ran.exit_code).unwrap_or(1),
                    events: Vec::new(),
                },
                _ => Output::ok(would_run),
            }
        }
        // The runtime could not start the program: the exec's exit code,
        // which moby defaults to 126 (daemon/exec.go, `exitEaccess`).
        Err(e @ EngineError::Container(ContainerError::ExecFailed { .. })) => Output::error(e.to_string(), 126),
        // The daemon refused the exec (no such container, not running,
        // paused): a plain error, exit status 1 (cmd/docker/docker.go, getExitCode).
        Err(e) => Output::engine_error(e),
    }
}

pub fn container_inspect(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    super::inspect_each(ctx, p, |ctx, name| {
        ctx.engine.container_inspect(name, ctx.now).map_err(|_| format!("Error: No such container: {name}"))
    })
}

/// `docker stats`: one snapshot (`--no-stream`); without it Docker redraws
/// every second, which a simulation with no running processes cannot show.
pub fn stats(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    match ctx.engine.stats(&p.args, p.on("all"), ctx.now).map(|rows| super::render::stats::stats(&rows)) {
        Ok(text) if p.on("no-stream") => Output::ok(text),
        Ok(text) => Output {
            stdout: text,
            stderr: "# layerlab: one snapshot shown (as --no-stream)\n".into(),
            ..Output::default()
        },
        Err(e) => Output::engine_error(e),
    }
}

pub fn port(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let filtered = p.args.len() > 1;
    match ctx.engine.port(&p.args[0], p.args.get(1).map(String::as_str), ctx.now) {
        Ok(bindings) => Output::ok(super::render::stats::port(&bindings, filtered)),
        Err(e) => Output::engine_error(e),
    }
}

pub fn top(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    if p.args.len() > 1 {
        return Output::error("layerlab: ps options of docker top are not simulated".into(), 125);
    }
    match ctx.engine.top(&p.args[0], ctx.now) {
        Ok(rows) => Output::ok(super::render::stats::top(&rows)),
        Err(e) => Output::engine_error(e),
    }
}

pub fn container_prune(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    if !super::confirmed(ctx, p, "WARNING! This will remove all stopped containers.") {
        return Output::ok(String::new());
    }
    Output::ok(super::render::container_prune(&ctx.engine.container_prune(ctx.now)))
}

/// `docker run`'s and `docker create`'s own flag tables live in `run::flags`;
/// these specs only name the commands for `--help` routing.
pub const RUN: Spec = spec(
    "docker run",
    "[OPTIONS] IMAGE [COMMAND] [ARG...]",
    "Create and run a new container from an image",
    &[],
    Arity::AtLeast(0),
);
pub const CREATE: Spec =
    spec("docker create", "[OPTIONS] IMAGE [COMMAND] [ARG...]", "Create a new container", &[], Arity::AtLeast(0));
