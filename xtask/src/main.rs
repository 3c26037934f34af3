//! `cargo xtask`: project automation with no product logic.
//!
//! - `cargo xtask serve [--port N]`: install missing tools, then `trunk serve`.
//! - `cargo xtask test`: install missing tools, then fmt, clippy, every test
//!   (native, core on wasm32, browser end to end).

mod cmd;
mod test;
mod tools;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

const USAGE: &str = "usage: cargo xtask serve [--port N] | cargo xtask test";

fn main() -> Result<()> {
    let root = workspace_root()?;
    // Every command below runs from the root, whatever the caller's directory.
    std::env::set_current_dir(&root).with_context(|| format!("cd {}", root.display()))?;

    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("serve") => serve(&root, &args[1..]),
        Some("test") if args.len() == 1 => test::run(&root),
        _ => bail!("{USAGE}"),
    }
}

fn workspace_root() -> Result<PathBuf> {
    // xtask/ sits directly under the root.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().context("xtask has no parent directory")?;
    Ok(root.to_path_buf())
}

fn serve(root: &Path, args: &[String]) -> Result<()> {
    let port = match args {
        [] => 8080,
        [flag, port] if flag == "--port" => port.parse::<u16>().with_context(|| format!("bad port {port:?}"))?,
        _ => bail!("{USAGE}"),
    };
    tools::ensure(root)?;
    cmd::header("trunk serve (dev build, rebuilds on change)");
    println!("Open http://127.0.0.1:{port}/");
    cmd::run(cmd::new("trunk").args(["serve", "--address", "127.0.0.1", "--port", &port.to_string()]))
}
