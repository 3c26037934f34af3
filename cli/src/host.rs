//! The real machine as the engine's [`Host`]: files relative to the current
//! directory, the process environment, prompts on the terminal.

use layerlab_core::context::ContextFile;
use layerlab_core::docker::{Host, HostError};
use std::io::{BufRead, Write};
use std::path::Path;

pub struct FsHost;

/// How Go's os package words the common errors, as Docker prints them.
fn go_error(error: &std::io::Error) -> HostError {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

#[cfg(unix)]
fn mode(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode(_: &std::fs::Metadata) -> u32 {
    0o644
}

/// Every file under `dir`, with its path relative to `root`. Symbolic links
/// are not followed (Docker sends them as links, so a link to `..` cannot
/// loop): each becomes an entry whose contents are the link's target.
pub fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, ContextFile)>) -> Result<(), HostError> {
    let entries = std::fs::read_dir(dir).map_err(|e| go_error(&e))?;
    for entry in entries {
        let entry = entry.map_err(|e| go_error(&e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| go_error(&e))?;
        let relative = || path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        if kind.is_dir() {
            collect(root, &path, out)?;
        } else if kind.is_symlink() {
            let target = std::fs::read_link(&path).map_err(|e| go_error(&e))?;
            out.push((relative(), ContextFile::new(target.to_string_lossy().as_bytes(), 0o777)));
        } else if kind.is_file() {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {}", path.display(), go_error(&e)))?;
            let meta = entry.metadata().map_err(|e| go_error(&e))?;
            out.push((relative(), ContextFile::new(&bytes, mode(&meta))));
        }
    }
    Ok(())
}

impl Host for FsHost {
    fn context_files(&mut self, dir: &str) -> Result<Vec<(String, ContextFile)>, HostError> {
        let root = Path::new(dir);
        if !root.is_dir() {
            return Err("no such file or directory".into());
        }
        let mut files = Vec::new();
        collect(root, root, &mut files)?;
        Ok(files)
    }

    /// `-` is standard input (`docker login --password-stdin`), as the docker CLI reads it.
    fn read_text(&mut self, path: &str) -> Result<String, HostError> {
        if path == "-" {
            let mut text = String::new();
            return std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text)
                .map(|_| text)
                .map_err(|e| go_error(&e));
        }
        std::fs::read_to_string(path).map_err(|e| go_error(&e))
    }

    fn write_file(&mut self, path: &str, bytes: &[u8]) -> Result<(), HostError> {
        std::fs::write(path, bytes).map_err(|e| format!("open {path}: {}", go_error(&e)))
    }

    fn env_var(&mut self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    /// docker/cli prints the prompt on stdout and reads one line from
    /// standard input, terminal or not, so `echo y | docker image prune`
    /// prunes; only `y` or `Y` (spaces trimmed) goes on, and no input at all
    /// declines (internal/prompt/prompt.go, `Confirm`). Nothing is printed
    /// after the prompt: a terminal echoes the answer, a pipe does not.
    fn confirm(&mut self, prompt: &str) -> bool {
        print!("{prompt}");
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        if std::io::stdin().lock().read_line(&mut answer).is_err() {
            return false;
        }
        answer.trim().eq_ignore_ascii_case("y")
    }
}
