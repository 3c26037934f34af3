//! `layerlab parse`: the front end's view of a Dockerfile.

use anyhow::Context;
use clap::{Args, ValueEnum};
use layerlab_core::analysis::diagnostics;
use layerlab_core::{instructions, json, syntax, LineIndex, Severity};
use std::collections::BTreeMap;
use std::io::{Read, Write};
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
    // One parse serves the diagnostics, the views and the dump; its nodes
    // share the text as read, not a copy.
    let source = syntax::Shared::new(text);
    let text = source.as_str();
    let parsed = syntax::parse_shared(&source);
    // The checks and the dump both only read the parse: the checks run on a
    // second thread while this one writes the dump.
    let ((file, diagnostics, rendered), dumped) = std::thread::scope(|scope| {
        let checks = scope.spawn(|| {
            // Only the checks' problems are printed; the typed stages are wanted
            // only for expansion, which runs on a file without errors.
            let file = instructions::problems(&parsed);
            let index = LineIndex::new(text);
            let diagnostics = diagnostics(text, &index, &parsed, &file, &BTreeMap::new());
            let mut rendered = String::new();
            for diagnostic in &diagnostics {
                diagnostic.render_into(&mut rendered, &name, text, &index);
            }
            (file, diagnostics, rendered)
        });
        // The dump is the parser's view; it exists whenever the parser succeeded,
        // even if a later check (say, an unknown flag) fails.
        let dumped = if parsed.is_ok() {
            let mut out = std::io::stdout().lock();
            match args.dump {
                Dump::Buildkit => out.write_all(syntax::dump(&parsed.nodes).as_bytes()),
                Dump::Json => json::write_parse_dump(&parsed, &mut out).and_then(|()| out.write_all(b"\n")),
            }
            .and_then(|()| out.flush())
        } else {
            Ok(())
        };
        (checks.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), dumped)
    });
    // The diagnostics follow the dump, so a long dump does not scroll them away.
    std::io::stderr().lock().write_all(rendered.as_bytes()).context("writing diagnostics")?;
    dumped.context("writing the dump")?;
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    // The process ends next: handing millions of small allocations back one
    // by one would take longer than the parse (a 20 MB file: about a third
    // of the run), and the operating system takes them back at once.
    std::mem::forget((source, parsed, file, diagnostics));
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
    // Docker reads bytes; invalid UTF-8 is replaced rather than refused
    // (valid text, the usual case, is taken as it is, without a copy).
    let text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok((name, text))
}
