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
    // Only the checks' problems are printed; the typed stages are wanted
    // only for expansion, which runs on a file without errors.
    let file = instructions::problems(&parsed);
    let index = LineIndex::new(text);
    let diagnostics = diagnostics(text, &index, &parsed, &file, &BTreeMap::new());
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let (mut stderr, mut rendered) = (std::io::stderr().lock(), String::new());
    for diagnostic in &diagnostics {
        diagnostic.render_into(&mut rendered, &name, text, &index);
        if rendered.len() >= 1 << 16 {
            stderr.write_all(rendered.as_bytes()).context("writing diagnostics")?;
            rendered.clear();
        }
    }
    stderr.write_all(rendered.as_bytes()).context("writing diagnostics")?;
    // The dump is the parser's view; it exists whenever the parser succeeded,
    // even if a later check (say, an unknown flag) fails.
    if parsed.is_ok() {
        match args.dump {
            Dump::Buildkit => {
                let mut out = std::io::stdout().lock();
                out.write_all(syntax::dump(&parsed.nodes).as_bytes()).and_then(|()| out.flush())
            }
            Dump::Json => write_json_dump(&parsed),
        }
        .context("writing the dump")?;
    }
    // The process ends next: handing millions of small allocations back one
    // by one would take longer than the parse (a 20 MB file: about a third
    // of the run), and the operating system takes them back at once.
    std::mem::forget((source, parsed, file, diagnostics));
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The JSON dump, made on this thread while another writes the pieces
/// already made: a large dump is several times the file, and copying it into
/// a pipe costs about as much as making it.
fn write_json_dump(parsed: &syntax::Parsed) -> std::io::Result<()> {
    use std::sync::mpsc;
    // A few pieces in flight at most, so the dump is never held whole; the
    // writer hands each emptied buffer back to be filled again.
    let (full_tx, full_rx) = mpsc::sync_channel::<Vec<u8>>(8);
    let (empty_tx, empty_rx) = mpsc::channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> std::io::Result<()> {
            let mut out = std::io::stdout().lock();
            for mut chunk in full_rx {
                out.write_all(&chunk)?;
                chunk.clear();
                // The maker may be done; a buffer it will not take is dropped.
                let _ = empty_tx.send(chunk);
            }
            out.write_all(b"\n")?;
            out.flush()
        });
        let made = json::parse_dump_chunks(parsed, |chunk| {
            let next = empty_rx.try_recv().unwrap_or_else(|_| Vec::with_capacity(chunk.capacity()));
            let full = std::mem::replace(chunk, next);
            // A send fails only when the writer stopped on an error, which its join returns.
            full_tx.send(full).map_err(|_| std::io::Error::other("the writer stopped"))
        });
        drop(full_tx);
        let written = writer.join().unwrap_or_else(|_| Err(std::io::Error::other("the writer panicked")));
        written.and(made)
    })
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
