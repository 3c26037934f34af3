//! `layerlab`: Layerlab's engine from a terminal, for scripts, CI and teachers.
//! Glue only: arguments in, a core call, output out.

mod build;
mod context;
mod lint;
mod parse;
mod run;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "layerlab", version, about = "A Dockerfile playground and tutor: Docker and BuildKit, simulated")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a Dockerfile as BuildKit does and print its instructions.
    ///
    /// Exits 1 when the Dockerfile has errors (printed to stderr as
    /// FILE:LINE:COL: error: MESSAGE with the line and a caret).
    Parse(parse::ParseArgs),
    /// Build an image from a Dockerfile and a context directory, simulated.
    ///
    /// Prints BuildKit's plain progress log (to stderr, as Docker does), or
    /// with --json one object with the image, each step's cache decision and
    /// reason, sizes and the log. Exits 1 when the build fails.
    Build(build::BuildArgs),
    /// Check a Dockerfile with BuildKit's build checks (`docker build --check`).
    ///
    /// Prints FILE:LINE:COL: warning[Rule]: message with the line and a caret,
    /// or with --json one array of findings. Exits 0 when the check ran, 1 when
    /// check=error=true turned findings into a failure or the file does not parse.
    Lint(lint::LintArgs),
    /// Resolve a `docker run` line against a catalog image: argv, user,
    /// workdir, env, network, ports, PID 1. Needs --dry-run for now.
    Run(run::RunArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse(args) => parse::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Lint(args) => lint::run(&args),
        Command::Run(args) => run::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("layerlab: {error:#}");
            ExitCode::from(1)
        }
    }
}
