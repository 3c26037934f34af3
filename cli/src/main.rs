//! `layerlab`: Layerlab's engine from a terminal, for scripts, CI and teachers.
//! Glue only: arguments in, a core call, output out.

mod context;
mod docker;
mod host;
mod lessons;
mod lint;
mod parse;
mod run;
mod state;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "layerlab",
    version,
    about = "A Dockerfile playground and tutor: Docker and BuildKit, simulated",
    after_help = "Every other docker command of the simulated daemon works too, with docker's flags and output:\n  \
        images, history, inspect, tag, rmi, pull, save, load, image prune, builder prune, system df, system prune,\n  \
        create, start, stop, kill, restart, pause, unpause, rm, ps, logs, exec, stats, port, top, container prune,\n  \
        network ls|create|rm|inspect|connect|disconnect|prune, volume ls|create|rm|inspect|prune,\n  \
        compose up|down|ps|logs|build|pull|start|stop|restart|exec|run|images|top|ls|config (compose.yaml read from disk),\n  \
        version (the Docker Engine, CLI, containerd, runc and BuildKit releases simulated)\n\
        (`layerlab images --help` shows a command's flags). The daemon's state is kept in --state FILE."
)]
struct Cli {
    /// Where the simulated daemon's state is kept between runs (default:
    /// $LAYERLAB_STATE, else layerlab/state.json in the user's data directory).
    #[arg(long, global = true, value_name = "FILE")]
    state: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// A docker command's own flags and arguments, read by the simulated docker CLI.
#[derive(Args)]
struct DockerWords {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "ARGS")]
    words: Vec<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a Dockerfile as BuildKit does and print its instructions.
    ///
    /// Exits 1 when the Dockerfile has errors (printed to stderr as
    /// FILE:LINE:COL: error: MESSAGE with the line and a caret).
    Parse(parse::ParseArgs),
    /// Build an image from a Dockerfile and a context directory, simulated:
    /// docker build's flags (-t, -f, --build-arg, --target, --no-cache, -q).
    ///
    /// Prints BuildKit's plain progress log (to stderr, as Docker does), or
    /// with --json one object with the image, each step's cache decision and
    /// reason, sizes and the log. The image and the build cache are kept in
    /// the state. Exits 1 when the build fails. `layerlab build --help` lists
    /// the flags.
    #[command(disable_help_flag = true)]
    Build(DockerWords),
    /// Lint a Dockerfile: BuildKit's build checks (`docker build --check`), the
    /// best-practice rules (with hadolint's codes) and the engine's rules,
    /// which run the simulated build and quote its figures.
    ///
    /// Prints FILE:LINE:COL: warning[Rule]: message with the line and a caret,
    /// why it matters, what it costs and the fix, or with --json one array of
    /// findings. `--explain RULE` shows a rule's page. Exits 0 when the check
    /// ran, 1 when check=error=true turned findings into a failure or the file
    /// does not parse, 2 for bad usage.
    Lint(lint::LintArgs),
    /// `docker run`, simulated: creates and starts a container in the state.
    /// With --dry-run, resolves the line instead (argv, user, workdir, env,
    /// network, ports, PID 1) against an image of the state or the catalog.
    Run(run::RunArgs),
    /// The lessons: `list` (`--json`), `check` every exercise against the
    /// engine (exits 1 if one fails), `show ID`.
    Lessons(lessons::LessonsArgs),
    /// Any other docker command of the simulated daemon: images, history,
    /// inspect, tag, rmi, pull, image/builder/system/container prune, system
    /// df, save, load, create, start, stop, kill, restart, pause, unpause,
    /// rm, ps, logs, exec, stats, port, top, network ..., volume ...,
    /// version (each with docker's flags and output).
    #[command(external_subcommand)]
    Docker(Vec<String>),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse(args) => parse::run(&args),
        Command::Build(args) => {
            let words: Vec<String> = std::iter::once("build".to_string()).chain(args.words).collect();
            docker::run(cli.state.as_deref(), &words)
        }
        Command::Lint(args) => lint::run(&args),
        Command::Run(args) => run::run(cli.state.as_deref(), &args),
        Command::Lessons(args) => lessons::run(&args),
        Command::Docker(words) => docker::run(cli.state.as_deref(), &words),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("layerlab: {error:#}");
            ExitCode::from(1)
        }
    }
}
