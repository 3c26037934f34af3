//! A real directory read as a build context, for `build` and `lint`.

use anyhow::Context;
use layerlab_core::context::BuildContext;
use std::path::Path;

/// Every file under `dir` (with `.dockerignore` applied, as Docker sends them).
pub fn read(dir: &Path) -> anyhow::Result<BuildContext> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    BuildContext::from_files(files).map_err(|e| anyhow::anyhow!(".dockerignore: {e}"))
}

/// Every file under `dir`, with its path relative to `root`.
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if path.is_file() {
            let relative = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            out.push((relative, bytes));
        }
    }
    Ok(())
}
