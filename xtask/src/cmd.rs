//! Running child processes with a visible header and a clear failure.

use std::process::Command;

use anyhow::{bail, Context, Result};

/// A command for `program`, resolved on the PATH that [`crate::tools`] extended.
pub fn new(program: &str) -> Command {
    Command::new(program)
}

/// Cargo as the caller ran it (`CARGO`), so the toolchain stays the same.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

pub fn header(title: &str) {
    println!("\n==> {title}");
}

/// Runs to completion with inherited stdio; fails on a non-zero exit.
pub fn run(command: &mut Command) -> Result<()> {
    let status = command.status().with_context(|| format!("could not start {}", describe(command)))?;
    if !status.success() {
        bail!("{} failed ({status})", describe(command));
    }
    Ok(())
}

/// Stdout of a command, or `None` if it is missing or fails: used to probe tool versions.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}
