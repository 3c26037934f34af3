//! `layerlab parse`: the front end's view of a Dockerfile.

use anyhow::Context;
use clap::{Args, ValueEnum};
use layerlab_core::{analyze, json, syntax, LineIndex, Severity};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ParseArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Dump::Json)]
    dump: Dump,
    /// The Dockerfile; `-` reads standard input.
    file: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum Dump {
    /// BuildKit's parser node dump, as in its test corpus.
    Buildkit,
    /// One JSON array, one object per instruction.
    Json,
}

pub fn run(args: &ParseArgs) -> anyhow::Result<ExitCode> {
    let (name, text) = read_input(&args.file)?;
    let analysis = analyze(&text);
    let index = LineIndex::new(&text);
    let mut failed = false;
    for diagnostic in &analysis.diagnostics {
        failed |= diagnostic.severity == Severity::Error;
        eprint!("{}", diagnostic.render(&name, &text, &index));
    }
    // The dump is the parser's view; it exists whenever the parser succeeded,
    // even if a later check (say, an unknown flag) fails.
    let parsed = syntax::parse(&text);
    if parsed.is_ok() {
        match args.dump {
            Dump::Buildkit => print!("{}", syntax::dump(&parsed.nodes)),
            Dump::Json => println!("{}", json::parse_dump(&analysis.instructions)),
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn read_input(path: &PathBuf) -> anyhow::Result<(String, String)> {
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).context("reading standard input")?;
        buf
    } else {
        std::fs::read(path).with_context(|| format!("reading {}", path.display()))?
    };
    let name = if path.as_os_str() == "-" { "<stdin>".to_string() } else { path.display().to_string() };
    // Docker reads bytes; invalid UTF-8 is replaced rather than refused.
    Ok((name, String::from_utf8_lossy(&bytes).into_owned()))
}
