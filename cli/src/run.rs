//! `layerlab run --dry-run`: what a `docker run` line would start, resolved
//! against an image built earlier in the state or a catalog image, without
//! starting anything.

use clap::Args;
use layerlab_core::build::ImageConfig;
use layerlab_core::catalog;
use layerlab_core::run::{parse_run, resolve, MessageStyle};
use serde_json::json;
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
    // daemon looks locally before pulling; otherwise the catalog's.
    let session = crate::state::load(&crate::state::path(state_flag)?)?;
    let local = session.engine().resolve(&run.image).ok().and_then(|id| session.engine().image(&id).cloned());
    let (image_name, config) = match local {
        Some(image) => (run.image.clone(), image.config),
        None => match catalog::resolve(&run.image) {
            Ok(resolved) => (resolved.image.name.clone(), ImageConfig::from_base(&resolved.image.config)),
            Err(error) => {
                eprintln!("docker: {error}");
                return Ok(ExitCode::from(125));
            }
        },
    };
    // The story of `docker run` (CLI → dockerd → containerd → runc → the
    // process), told by running the line on a copy of the daemon that is then
    // thrown away: the dry run changes nothing.
    let story = {
        let mut scratch = session.engine().clone();
        scratch.run(&run, crate::state::now(&session)).map(|o| o.story).unwrap_or_default()
    };
    let resolution = match resolve(&run, &config) {
        Ok(r) => r,
        Err(error) => {
            eprintln!("docker: {error}");
            return Ok(ExitCode::from(125));
        }
    };
    if args.json {
        let ports: Vec<_> = resolution
            .ports
            .iter()
            .map(|p| {
                json!({ "host_ip": p.host_ip, "host_port": p.host_port, "container_port": p.container_port, "protocol": p.protocol })
            })
            .collect();
        let report = json!({
            "image": image_name,
            "argv": resolution.argv,
            "ignored_by_shell": resolution.ignored_by_shell,
            "entrypoint": resolution.entrypoint,
            "cmd": resolution.cmd,
            "user": resolution.user,
            "workdir": resolution.workdir,
            "env": resolution.env,
            "hostname": resolution.hostname,
            "network": resolution.network,
            "ports": ports,
            "pid1": resolution.pid1,
            "signals_reach_app": resolution.signals_reach_app,
            "explanation": resolution.explanation,
            "story": story.iter().map(|step| json!({
                "kind": format!("{:?}", step.kind),
                "actor": step.actor,
                "action": step.action,
                "effect": step.effect,
            })).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("argv:    {}", serde_json::to_string(&resolution.argv)?);
        println!("user:    {}", resolution.user);
        println!("workdir: {}", resolution.workdir);
        println!("network: {}", resolution.network);
        println!(
            "PID 1:   {} (docker stop {} it)",
            resolution.pid1,
            if resolution.signals_reach_app { "reaches" } else { "does not reach" }
        );
        for step in &resolution.explanation {
            println!("  - {step}");
        }
        if !story.is_empty() {
            println!("What `docker run` would do:");
            for (i, step) in story.iter().enumerate() {
                println!("  {}. {}: {} ({})", i + 1, step.actor, step.action, step.effect);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
