//! `docker compose …`: the command line (docker/compose v5.5.0
//! `cmd/compose/*.go`): the project flags before the command (`-f`, `-p`,
//! `--project-directory`, `--progress`), then the command with its own
//! flags, read with the docker CLI's pflag rules ([`crate::docker::flags`]).
//! The files come through the host (the CLI's disk, the app's project), so a
//! session records them; the project name is `-p`, else
//! `COMPOSE_PROJECT_NAME`, else the file's `name:`, else the project
//! directory's base name (`--project-directory`, else `$PWD` as the host
//! tells it, else `app`), normalized as compose-go does.

use super::commands::{ls, DownOptions};
use super::model::Project;
use super::oneoff::RunOptions;
use super::progress::Mode;
use super::up::UpOptions;
use super::{file, Compose};
use crate::docker::flags::{self, flag, unmodelled, Arity, Parsed, Spec, Takes};
use crate::docker::{Ctx, Host, Output};

/// What `docker/mod.rs` dispatches `docker compose` to (the line is read here).
pub const SPEC: Spec = Spec {
    path: "docker compose",
    usage: "[OPTIONS] COMMAND",
    short: "Define and run multi-container applications with Docker",
    flags: &[],
    arity: Arity::AtLeast(0),
    interspersed: false,
};

/// The project flags given before the command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Globals {
    pub files: Vec<String>,
    pub project_name: Option<String>,
    pub project_directory: Option<String>,
    pub profiles: Vec<String>,
    pub mode: Mode,
}

/// compose-go's `NormalizeProjectName`: lower case, only `a-z0-9_-`, starting
/// with a letter or digit.
pub fn normalize_project_name(name: &str) -> String {
    let kept: String = name
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')
        .collect();
    kept.trim_start_matches(['_', '-']).to_string()
}

/// The text of the project's files, read through the host: `-f` files in
/// order, else the first default name found in the project directory.
pub fn read_files(host: &mut dyn Host, g: &Globals) -> Result<Vec<(String, String)>, String> {
    let dir = g.project_directory.clone().unwrap_or_default();
    let join = |name: &str| {
        if dir.is_empty() || name.starts_with('/') {
            name.to_string()
        } else {
            format!("{}/{name}", dir.trim_end_matches('/'))
        }
    };
    if !g.files.is_empty() {
        let mut out = Vec::new();
        for f in &g.files {
            let path = join(f);
            let text = host.read_text(&path).map_err(|e| format!("open {path}: {e}"))?;
            out.push((path, text));
        }
        return Ok(out);
    }
    // The first default name present, then its override (compose-go `cli/options.go`).
    let mut present: Vec<(&str, String)> = Vec::new();
    for name in file::DEFAULT_FILE_NAMES.iter().chain(file::DEFAULT_OVERRIDE_FILE_NAMES.iter()) {
        if let Ok(text) = host.read_text(&join(name)) {
            present.push((name, text));
        }
    }
    let names: Vec<&str> = present.iter().map(|(n, _)| *n).collect();
    let chosen = file::default_files(&names).map_err(|e| e.compose_message())?;
    Ok(chosen
        .into_iter()
        .filter_map(|name| present.iter().find(|(n, _)| *n == name).map(|(n, t)| (join(n), t.clone())))
        .collect())
}

/// The project name when neither `-p`, `COMPOSE_PROJECT_NAME` nor the
/// file names one: the project directory's base name.
pub fn default_project_name(host: &mut dyn Host, g: &Globals) -> String {
    let dir = g.project_directory.clone().or_else(|| host.env_var("PWD")).unwrap_or_default();
    let base = dir.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string();
    let name = normalize_project_name(&base);
    if name.is_empty() {
        "app".to_string()
    } else {
        name
    }
}

/// Loads the project the command acts on: the files read through the host
/// and turned into the model by the Compose file reader.
pub fn load(host: &mut dyn Host, g: &Globals) -> Result<Project, String> {
    let files = read_files(host, g)?;
    let default_name = default_project_name(host, g);
    super::loader::load(host, &files, &default_name, g).map_err(|e| e.compose_message())
}

/// The service graph of the project in the host's directory: `None` when
/// there is no Compose file.
pub fn project_graph(
    host: &mut dyn Host,
    engine: &crate::engine::Engine,
    now: u64,
) -> Option<Result<super::view::ComposeGraph, String>> {
    let g = Globals::default();
    let files = read_files(host, &g).ok()?;
    let default_name = default_project_name(host, &g);
    Some(
        super::loader::load(host, &files, &default_name, &g)
            .map(|p| super::view::graph(&p, engine, now))
            .map_err(|e| e.to_string()),
    )
}

const FILE_FLAGS: &[flags::Flag] = &[];

const fn spec(path: &'static str, usage: &'static str, short: &'static str, flags: &'static [flags::Flag]) -> Spec {
    Spec { path, usage, short, flags, arity: Arity::AtLeast(0), interspersed: true }
}

const UP: Spec = spec(
    "docker compose up",
    "[OPTIONS] [SERVICE...]",
    "Create and start containers",
    &[
        flag("detach", Some('d'), Takes::Bool, "Detached mode: Run containers in the background"),
        flag("build", None, Takes::Bool, "Build images before starting containers"),
        flag("no-build", None, Takes::Bool, "Don't build an image, even if it's policy"),
        flag("no-deps", None, Takes::Bool, "Don't start linked services"),
        flag(
            "force-recreate",
            None,
            Takes::Bool,
            "Recreate containers even if their configuration and image haven't changed",
        ),
        flag(
            "no-recreate",
            None,
            Takes::Bool,
            "If containers already exist, don't recreate them. Incompatible with --force-recreate.",
        ),
        flag("no-start", None, Takes::Bool, "Don't start the services after creating them"),
        flag(
            "abort-on-container-exit",
            None,
            Takes::Bool,
            "Stops all containers if any container was stopped. Incompatible with -d",
        ),
        flag(
            "exit-code-from",
            None,
            Takes::Value,
            "Return the exit code of the selected service container. Implies --abort-on-container-exit",
        ),
        unmodelled("wait", None, Takes::Bool, "Wait for services to be running|healthy. Implies detached mode."),
        unmodelled(
            "remove-orphans",
            None,
            Takes::Bool,
            "Remove containers for services not defined in the Compose file",
        ),
    ],
);
const DOWN: Spec = spec(
    "docker compose down",
    "[OPTIONS] [SERVICES]",
    "Stop and remove containers, networks",
    &[
        flag("volumes", Some('v'), Takes::Bool, "Remove named volumes declared in the \"volumes\" section of the Compose file and anonymous volumes attached to containers"),
        flag("rmi", None, Takes::Value, "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")"),
        flag("remove-orphans", None, Takes::Bool, "Remove containers for services not defined in the Compose file"),
    ],
);
const PS: Spec = spec(
    "docker compose ps",
    "[OPTIONS] [SERVICE...]",
    "List containers",
    &[
        flag("all", Some('a'), Takes::Bool, "Show all stopped containers (including those created by the run command)"),
        flag("quiet", Some('q'), Takes::Bool, "Only display IDs"),
        flag("services", None, Takes::Bool, "Display services"),
        unmodelled("format", None, Takes::Value, "Format the output. Values: [table | json]"),
    ],
);
const LOGS: Spec = spec(
    "docker compose logs",
    "[OPTIONS] [SERVICE...]",
    "View output from containers",
    &[
        flag("no-log-prefix", None, Takes::Bool, "Don't print prefix in logs"),
        unmodelled("follow", Some('f'), Takes::Bool, "Follow log output"),
    ],
);
const SERVICES: &[flags::Flag] = FILE_FLAGS;
const BUILD: Spec = spec("docker compose build", "[OPTIONS] [SERVICE...]", "Build or rebuild services", SERVICES);
const PULL: Spec = spec("docker compose pull", "[OPTIONS] [SERVICE...]", "Pull service images", SERVICES);
const START: Spec = spec("docker compose start", "[SERVICE...]", "Start services", SERVICES);
const STOP: Spec = spec("docker compose stop", "[OPTIONS] [SERVICE...]", "Stop services", SERVICES);
const RESTART: Spec = spec("docker compose restart", "[OPTIONS] [SERVICE...]", "Restart service containers", SERVICES);
const IMAGES: Spec =
    spec("docker compose images", "[OPTIONS] [SERVICE...]", "List images used by the created containers", SERVICES);
const TOP: Spec = spec("docker compose top", "[SERVICES...]", "Display the running processes", SERVICES);
const LS: Spec = spec(
    "docker compose ls",
    "[OPTIONS]",
    "List running compose projects",
    &[flag("all", Some('a'), Takes::Bool, "Show all stopped Compose projects")],
);
const EXEC: Spec = Spec {
    arity: Arity::AtLeast(2),
    interspersed: false,
    ..spec(
        "docker compose exec",
        "[OPTIONS] SERVICE COMMAND [ARGS...]",
        "Execute a command in a running container",
        &[
            flag("index", None, Takes::Value, "Index of the container if service has multiple replicas"),
            flag("user", Some('u'), Takes::Value, "Run the command as this user"),
            flag(
                "no-TTY",
                Some('T'),
                Takes::Bool,
                "Disable pseudo-TTY allocation. By default 'docker compose exec' allocates a TTY.",
            ),
            flag("detach", Some('d'), Takes::Bool, "Detached mode: Run command in the background"),
        ],
    )
};
const RUN: Spec = Spec {
    arity: Arity::AtLeast(1),
    interspersed: false,
    ..spec(
        "docker compose run",
        "[OPTIONS] SERVICE [COMMAND] [ARGS...]",
        "Run a one-off command on a service",
        &[
            flag("rm", None, Takes::Bool, "Automatically remove the container when it exits"),
            flag("detach", Some('d'), Takes::Bool, "Run container in background and print container ID"),
            flag("no-deps", None, Takes::Bool, "Don't start linked services"),
            flag("name", None, Takes::Value, "Assign a name to the container"),
            flag("env", Some('e'), Takes::Values, "Set environment variables"),
            flag("entrypoint", None, Takes::Value, "Override the entrypoint of the image"),
            flag("user", Some('u'), Takes::Value, "Run as specified username or uid"),
            flag(
                "use-aliases",
                None,
                Takes::Bool,
                "Use the service's network useAliases in the network(s) the container connects to",
            ),
            flag("no-TTY", Some('T'), Takes::Bool, "Disable pseudo-TTY allocation (default: auto-detected)"),
            flag("interactive", Some('i'), Takes::Bool, "Keep STDIN open even if not attached"),
            unmodelled(
                "service-ports",
                None,
                Takes::Bool,
                "Run command with all service's ports enabled and mapped to the host",
            ),
        ],
    )
};

/// The commands, as `docker compose --help` lists them (Layerlab's subset).
const COMMANDS: &[(&str, &Spec)] = &[
    ("build", &BUILD),
    ("down", &DOWN),
    ("exec", &EXEC),
    ("images", &IMAGES),
    ("logs", &LOGS),
    ("ls", &LS),
    ("ps", &PS),
    ("pull", &PULL),
    ("restart", &RESTART),
    ("run", &RUN),
    ("start", &START),
    ("stop", &STOP),
    ("top", &TOP),
    ("up", &UP),
];

fn usage() -> String {
    let mut text = String::from(
        "Usage:  docker compose [OPTIONS] COMMAND\n\nDefine and run multi-container applications with Docker\n\nOptions:\n      --file, -f stringArray        Compose configuration files\n  -p, --project-name string         Project name\n      --project-directory string    Specify an alternate working directory\n      --progress string             Set type of progress output (auto, tty, plain, quiet)\n\nCommands:\n",
    );
    text.push_str("  config      Parse, resolve and render compose file in canonical format\n");
    for (name, spec) in COMMANDS {
        text.push_str(&format!("  {name:<11} {}\n", spec.short));
    }
    text.push_str("\nRun 'docker compose COMMAND --help' for more information on a command.\n");
    text
}

/// Reads the project flags; returns them and the rest of the words.
fn globals(words: &[String]) -> Result<(Globals, &[String]), Output> {
    let mut g = Globals::default();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        if !w.starts_with('-') || w == "-" {
            break;
        }
        let (name, inline) = match w.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (w, None),
        };
        let takes = matches!(
            name,
            "-f" | "--file"
                | "-p"
                | "--project-name"
                | "--project-directory"
                | "--profile"
                | "--progress"
                | "--env-file"
                | "--ansi"
        );
        if name == "-h" || name == "--help" {
            return Err(Output::ok(usage()));
        }
        if !takes {
            return Err(Output::error(format!("unknown flag: {name}\nSee 'docker compose --help'."), 1));
        }
        let value = match inline {
            Some(v) => v,
            None => {
                i += 1;
                match words.get(i) {
                    Some(v) => v.clone(),
                    None => {
                        return Err(Output::error(
                            format!("flag needs an argument: {name}\nSee 'docker compose --help'."),
                            1,
                        ))
                    }
                }
            }
        };
        match name {
            "-f" | "--file" => g.files.push(value),
            "-p" | "--project-name" => g.project_name = Some(value),
            "--project-directory" => g.project_directory = Some(value),
            "--profile" => g.profiles.push(value),
            "--progress" => {
                g.mode = match value.as_str() {
                    "auto" | "tty" => Mode::Tty,
                    "plain" => Mode::Plain,
                    "quiet" | "none" => Mode::Quiet,
                    other => return Err(Output::error(format!("unsupported --progress value {other:?}"), 1)),
                }
            }
            _ => {
                return Err(Output::error(format!("layerlab: docker compose {name} is not simulated"), 1));
            }
        }
        i += 1;
    }
    Ok((g, &words[i..]))
}

/// `docker compose …` as the docker command line dispatches it.
pub fn run(ctx: &mut Ctx<'_>, _: &Parsed) -> Output {
    let words = match crate::run::words::split(ctx.line) {
        Ok(split) => split.words.into_iter().map(|w| w.text).collect::<Vec<_>>(),
        Err(e) => return Output::error(e.render(crate::run::MessageStyle::Current), 125),
    };
    let start = words.iter().position(|w| w == "compose").map_or(words.len(), |i| i + 1);
    let (g, rest) = match globals(&words[start..]) {
        Ok(x) => x,
        Err(out) => return out,
    };
    let Some((command, args)) = rest.split_first() else { return Output::ok(usage()) };
    if command == "config" {
        return super::loader::config(ctx.host, &g, args);
    }
    let Some((_, spec)) = COMMANDS.iter().find(|(name, _)| name == command) else {
        return Output::error(format!("unknown docker command: \"compose {command}\""), 1);
    };
    let p = match flags::parse(spec, args) {
        Ok(p) => p,
        Err(flags::UsageError::Help) => return Output::ok(flags::help(spec)),
        Err(e) => return Output::error(e.render(spec), e.status()),
    };
    if command == "ls" {
        return ls(ctx.engine, p.on("all"), ctx.now);
    }
    let project = match load(ctx.host, &g) {
        Ok(project) => project,
        Err(message) => return Output::error(message, 1),
    };
    let width = super::progress::width_from(ctx.host.env_var("COLUMNS").as_deref());
    let mut compose = Compose { engine: &mut *ctx.engine, host: &mut *ctx.host, now: ctx.now, mode: g.mode, width };
    dispatch(&mut compose, &project, command, &p)
}

fn dispatch(c: &mut Compose<'_>, project: &Project, command: &str, p: &Parsed) -> Output {
    let args = p.args.as_slice();
    match command {
        "up" => {
            let o = UpOptions {
                detach: p.on("detach"),
                build: p.on("build"),
                no_build: p.on("no-build"),
                no_deps: p.on("no-deps"),
                force_recreate: p.on("force-recreate"),
                no_recreate: p.on("no-recreate"),
                no_start: p.on("no-start"),
                abort_on_container_exit: p.on("abort-on-container-exit"),
                exit_code_from: p.value("exit-code-from").map(str::to_string),
                services: args.to_vec(),
            };
            if o.detach && (o.abort_on_container_exit || o.exit_code_from.is_some()) {
                return Output::error("--abort-on-container-exit and --detach are incompatible".into(), 1);
            }
            c.up(project, &o)
        }
        "down" => {
            let o = DownOptions {
                volumes: p.on("volumes"),
                rmi: p.value("rmi").map(str::to_string),
                remove_orphans: p.on("remove-orphans"),
            };
            c.down(project, &o)
        }
        "ps" => c.ps(project, p.on("all"), p.on("quiet"), p.on("services"), args),
        "logs" => c.logs(project, args, !p.on("no-log-prefix")),
        "build" => c.build(project, args),
        "pull" => c.pull(project, args),
        "start" => c.start(project, args),
        "stop" => c.stop(project, args),
        "restart" => c.restart(project, args),
        "images" => c.images(project),
        "top" => c.top(project, args),
        "exec" => {
            let index = match p.value("index").map(str::parse::<u32>) {
                None => 1,
                Some(Ok(n)) if n > 0 => n,
                Some(_) => return Output::error(format!("invalid index {:?}", p.value("index").unwrap_or("")), 1),
            };
            c.exec(project, &args[0], index, p.value("user"), &args[1..])
        }
        "run" => {
            let mut env = Vec::new();
            for pair in p.values("env") {
                match pair.split_once('=') {
                    Some((k, v)) => env.push((k.to_string(), v.to_string())),
                    None => {
                        if let Some(v) = c.host.env_var(pair) {
                            env.push((pair.clone(), v));
                        }
                    }
                }
            }
            let o = RunOptions {
                service: args[0].clone(),
                command: args[1..].to_vec(),
                rm: p.on("rm"),
                detach: p.on("detach"),
                no_deps: p.on("no-deps"),
                name: p.value("name").map(str::to_string),
                env,
                entrypoint: p.value("entrypoint").map(str::to_string),
                user: p.value("user").map(str::to_string),
                use_aliases: p.on("use-aliases"),
            };
            c.run(project, &o)
        }
        _ => Output::error(format!("unknown docker command: \"compose {command}\""), 1),
    }
}
