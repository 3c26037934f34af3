//! Where the simulated daemon lives between runs: a session file (the
//! journal `layerlab_core::docker::Session` replays), by default in the
//! user's data directory.

use anyhow::Context;
use layerlab_core::docker::Session;
use std::path::{Path, PathBuf};

/// `--state FILE`, else `$LAYERLAB_STATE`, else the user's data directory
/// (`$XDG_DATA_HOME/layerlab/state.json`, `~/.local/share/...` on Linux,
/// `~/Library/Application Support/...` on macOS, `%APPDATA%\...` on Windows).
pub fn path(flag: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(path) = flag {
        return Ok(path.to_path_buf());
    }
    if let Some(path) = std::env::var_os("LAYERLAB_STATE").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let data = if cfg!(windows) {
        std::env::var_os("APPDATA").map(PathBuf::from)
    } else if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").filter(|p| !p.is_empty()) {
        Some(PathBuf::from(xdg))
    } else {
        std::env::var_os("HOME").map(|home| {
            let home = PathBuf::from(home);
            if cfg!(target_os = "macos") {
                home.join("Library/Application Support")
            } else {
                home.join(".local/share")
            }
        })
    };
    let data = data.context("no data directory (set HOME or use --state FILE)")?;
    Ok(data.join("layerlab").join("state.json"))
}

/// The session saved at `path`, or a new one when there is none yet.
pub fn load(path: &Path) -> anyhow::Result<Session> {
    match std::fs::read_to_string(path) {
        Ok(text) => Session::from_json(&text).with_context(|| {
            format!("reading the state {} (move it away or use another --state to start afresh)", path.display())
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Session::new()),
        Err(e) => Err(e).with_context(|| format!("reading the state {}", path.display())),
    }
}

/// Writes the session atomically (a temporary file renamed over the old one),
/// so an interrupted run never leaves half a state.
pub fn save(path: &Path, session: &Session) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, session.to_json()).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))?;
    Ok(())
}

/// Seconds since the Unix epoch: `$LAYERLAB_NOW` when set (reproducible
/// output for tests and lessons), else the system clock; never earlier than
/// the session's last command, so `CREATED` never runs backwards.
pub fn now(session: &Session) -> u64 {
    let now = std::env::var("LAYERLAB_NOW").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
    });
    now.max(session.last_time())
}
