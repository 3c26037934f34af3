//! `layerlab [--state FILE] COMMAND ...`: any docker command the simulated
//! daemon knows (`build`, `images`, `history`, `inspect`, `tag`, `rmi`,
//! `pull`, `image prune`, `builder prune`, `system df`, `system prune`,
//! `save`, `load`), run against the session kept in the state file.

use crate::host::FsHost;
use crate::state;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Single-quotes a word for the POSIX shell splitter the core applies to a line.
pub fn shell_quote(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c)) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// `docker WORDS...` as one line.
pub fn line(words: &[String]) -> String {
    let words = words.iter().skip_while(|w| w.as_str() == "docker");
    std::iter::once("docker".to_string()).chain(words.map(|w| shell_quote(w))).collect::<Vec<_>>().join(" ")
}

pub fn run(state_flag: Option<&Path>, words: &[String]) -> anyhow::Result<ExitCode> {
    let path = state::path(state_flag)?;
    let mut session = state::load(&path)?;
    let recorded = session.len();
    let now = state::now(&session);
    let output = session.execute(&line(words), &mut FsHost, now);
    print!("{}", output.stdout);
    eprint!("{}", output.stderr);
    let _ = std::io::stdout().flush();
    if session.len() != recorded {
        state::save(&path, &session)?;
    }
    Ok(ExitCode::from(output.status))
}
