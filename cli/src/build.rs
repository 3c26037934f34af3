//! `layerlab build`: `docker build`, simulated, over a real directory.

use anyhow::{bail, Context};
use clap::Args;
use layerlab_core::build::{build, BuildCache, BuildRequest};
use layerlab_core::json;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct BuildArgs {
    /// Name and optionally a tag (`name:tag`).
    #[arg(short = 't', long = "tag")]
    tags: Vec<String>,
    /// The Dockerfile (default: `PATH/Dockerfile`).
    #[arg(short = 'f', long = "file")]
    file: Option<PathBuf>,
    /// Set a build-time variable (`KEY=VALUE`).
    #[arg(long = "build-arg", value_name = "KEY=VALUE")]
    build_args: Vec<String>,
    /// The stage to build.
    #[arg(long)]
    target: Option<String>,
    /// Do not use the cache.
    #[arg(long)]
    no_cache: bool,
    /// Progress output; only `plain` (BuildKit's plain log) is supported.
    #[arg(long, default_value = "plain")]
    progress: String,
    /// Print one JSON object: image, steps, sizes, log.
    #[arg(long)]
    json: bool,
    /// The build context: a directory.
    path: PathBuf,
}

pub fn run(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    if args.progress != "plain" {
        bail!("--progress={}: only plain is supported", args.progress);
    }
    let dockerfile_path = args.file.clone().unwrap_or_else(|| args.path.join("Dockerfile"));
    let dockerfile =
        std::fs::read_to_string(&dockerfile_path).with_context(|| format!("reading {}", dockerfile_path.display()))?;
    let context = crate::context::read(&args.path)?;
    let mut build_args = BTreeMap::new();
    for pair in &args.build_args {
        // `--build-arg NAME` takes the value from the environment, as Docker does.
        let (key, value) = match pair.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => match std::env::var(pair) {
                Ok(v) => (pair.clone(), v),
                Err(_) => continue,
            },
        };
        build_args.insert(key, value);
    }
    let request = BuildRequest {
        dockerfile: &dockerfile,
        context: &context,
        build_args,
        target: args.target.clone(),
        no_cache: args.no_cache,
    };
    let outcome = build(&request, &mut BuildCache::default());
    if args.json {
        println!("{}", serde_json::to_string_pretty(&json::build_report(&outcome, &args.tags, &dockerfile))?);
    } else {
        eprint!("{}", outcome.log);
    }
    Ok(if outcome.error.is_some() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
