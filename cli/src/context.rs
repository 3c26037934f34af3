//! A real directory read as a build context, for `lint --context`.

use layerlab_core::context::BuildContext;
use std::path::Path;

/// Every file under `dir` (with `.dockerignore` applied, as Docker sends
/// them), read as `build` reads it (`host::collect`: contents and modes).
pub fn read(dir: &Path) -> anyhow::Result<BuildContext> {
    let mut files = Vec::new();
    crate::host::collect(dir, dir, &mut files).map_err(|e| anyhow::anyhow!("reading {}: {e}", dir.display()))?;
    BuildContext::from_context_files(files).map_err(|e| anyhow::anyhow!(".dockerignore: {e}"))
}
