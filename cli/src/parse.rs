//! `layerlab parse`: the front end's view of a Dockerfile.

use anyhow::Context;
use clap::{Args, ValueEnum};
use layerlab_core::analysis::diagnostics;
use layerlab_core::{instructions, json, syntax, LineIndex, Severity};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{mpsc, OnceLock};

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
    let source = syntax::Shared::new(text);
    let text = source.as_str();
    // Filled once by the main thread; the checks thread, started first so it
    // can index the lines meanwhile, is handed a reference to it.
    let parse_cell = OnceLock::new();
    let ((file, diagnostics, rendered), dumped) = std::thread::scope(|scope| {
        let (hand_over, parse_done) = mpsc::sync_channel::<&syntax::Parsed>(1);
        let checks = scope.spawn(move || {
            let index = LineIndex::new(text);
            // The main thread hands the parse over before it can fail.
            let parsed = parse_done.recv().ok()?;
            // Only the checks' problems are printed; the typed stages are wanted
            // only for expansion, which runs on a file without errors.
            let file = instructions::problems(parsed);
            let diagnostics = diagnostics(text, &index, parsed, &file, &BTreeMap::new());
            let mut rendered = String::new();
            for diagnostic in &diagnostics {
                diagnostic.render_into(&mut rendered, &name, text, &index);
            }
            Some((file, diagnostics, rendered))
        });
        // One parse serves the diagnostics and the dump; its nodes share the
        // text as read, not a copy. The checks and the dump both only read it:
        // the checks run on the second thread while this one writes the dump.
        let parsed = parse_cell.get_or_init(|| match syntax::split_point(text) {
            // A large file is read in two halves at once; the second is kept
            // when the first confirms where it starts (see `parse_in_halves`).
            Some(at) => {
                let source = &source;
                let second = scope.spawn(move || syntax::SecondHalf::parse(source, at));
                syntax::parse_in_halves(source, at, || {
                    second.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
            }
            None => syntax::parse_shared(&source),
        });
        // Only a finished checks thread drops the receiver, and it finishes
        // only after receiving, so the send cannot fail.
        let _ = hand_over.send(parsed);
        // The dump is the parser's view; it exists whenever the parser succeeded,
        // even if a later check (say, an unknown flag) fails.
        let dumped = if parsed.is_ok() {
            let mut out = std::io::stdout().lock();
            match args.dump {
                Dump::Buildkit => out.write_all(syntax::dump(&parsed.nodes).as_bytes()),
                Dump::Json => json::write_parse_dump(parsed, &mut out).and_then(|()| out.write_all(b"\n")),
            }
            .and_then(|()| out.flush())
        } else {
            Ok(())
        };
        let checked = checks.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (checked.expect("the checks thread was handed the parse"), dumped)
    });
    // The diagnostics follow the dump, so a long dump does not scroll them away.
    std::io::stderr().lock().write_all(rendered.as_bytes()).context("writing diagnostics")?;
    dumped.context("writing the dump")?;
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    // The process ends next: handing millions of small allocations back one
    // by one would take longer than the parse (a 20 MB file: about a third
    // of the run), and the operating system takes them back at once.
    std::mem::forget((source, parse_cell, file, diagnostics));
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
