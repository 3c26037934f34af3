//! `layerlab run --dry-run`: what a `docker run` line would start, resolved
//! against an image built earlier in the state or a catalog image, without
//! starting anything.

use clap::Args;
use layerlab_core::engine::containers::dry_run_command;
use layerlab_core::run::{parse_run, MessageStyle};
use std::path::Path;
use std::process::ExitCode;

#[derive(Args)]
#[command(trailing_var_arg = true)]
pub struct RunArgs {
    /// Resolve only: print what would run, without creating a container.
    #[arg(long)]
    dry_run: bool,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    /// `docker run` flags, the image and its arguments, exactly as for Docker.
    #[arg(allow_hyphen_values = true, required = true, value_name = "FLAGS... IMAGE [ARG...]")]
    line: Vec<String>,
}

pub fn run(state_flag: Option<&Path>, args: &RunArgs) -> anyhow::Result<ExitCode> {
    if !args.dry_run {
        if args.json {
            anyhow::bail!("--json needs --dry-run (a started container prints what docker run prints)");
        }
        let words: Vec<String> = std::iter::once("run".to_string()).chain(args.line.iter().cloned()).collect();
        return crate::docker::run(state_flag, &words);
    }
    let line =
        format!("docker run {}", args.line.iter().map(|w| crate::docker::shell_quote(w)).collect::<Vec<_>>().join(" "));
    let mut run = match parse_run(&line) {
        Ok(run) => run,
        Err(error) => {
            eprint!("{}", error.render(MessageStyle::Current));
            return Ok(ExitCode::from(error.exit_status().unwrap_or(125)));
        }
    };
    // `--env-file` and `-e KEY` are read on the client, as the docker CLI does.
    if let Err(message) = layerlab_core::docker::client_env(&mut crate::host::FsHost, &mut run) {
        eprintln!("docker: {message}");
        return Ok(ExitCode::from(125));
    }
    // An image built (or loaded) earlier in the state comes first, as the
    // daemon looks locally before pulling; otherwise the catalog's. The
    // daemon's side (namespaces, mounts, the story of `docker run`: CLI →
    // dockerd → containerd → runc → the process) is set up on a throwaway
    // copy of the daemon: the dry run changes nothing.
    let session = crate::state::load(&crate::state::path(state_flag)?)?;
    let dry = match dry_run_command(session.engine(), &run, crate::state::now(&session)) {
        Ok(dry) => dry,
        Err(error) => {
            eprintln!("docker: {error}");
            if let Some(note) = error.note() {
                eprintln!("{}", layerlab_core::build::note_line(&note));
            }
            return Ok(ExitCode::from(125));
        }
    };
    // The daemon's warnings go to stderr, as `docker run` prints them.
    for warning in &dry.warnings {
        eprintln!("WARNING: {warning}");
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&layerlab_core::json::dry_run_report(&dry))?);
    } else {
        let argv: Vec<&str> = dry.argv.iter().map(|w| w.word.as_str()).collect();
        println!("argv:    {}", serde_json::to_string(&argv)?);
        println!("user:    {}", dry.user);
        println!("workdir: {}", dry.workdir);
        println!("network: {}", dry.network);
        for port in &dry.ports {
            // `docker port`'s form: 80/tcp -> 0.0.0.0:32768.
            let host = port.host_port.map_or("(not bound)".to_string(), |p| format!("{}:{p}", port.host_ip));
            println!("port:    {}/{} -> {host}", port.container_port, port.protocol);
        }
        for exposed in &dry.unpublished {
            println!("port:    {exposed} (EXPOSEd, not published)");
        }
        println!("PID 1:   {}", dry.pid1_summary());
        for step in &dry.explanation {
            println!("  - {step}");
        }
        let story = dry.setup.as_ref().map_or(&[][..], |s| &s.story[..]);
        if !story.is_empty() {
            println!("What `docker run` would do:");
            for (i, step) in story.iter().enumerate() {
                println!("  {}. {}: {} ({})", i + 1, step.actor, step.action, step.effect);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
