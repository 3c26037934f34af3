//! A host whose files live in memory: the app's project, and tests.

use super::{Host, HostError};
use crate::context::ContextFile;
use std::collections::BTreeMap;

/// Files by `/`-separated path, environment variables, and the answer to prompts.
#[derive(Debug, Clone, Default)]
pub struct MemoryHost {
    pub files: BTreeMap<String, Vec<u8>>,
    pub env: BTreeMap<String, String>,
    /// What a `[y/N]` prompt is answered.
    pub confirm: bool,
    /// The prompts shown, in order.
    pub prompts: Vec<String>,
}

impl MemoryHost {
    pub fn new() -> MemoryHost {
        MemoryHost::default()
    }

    /// Adds (or replaces) a file.
    pub fn with_file(mut self, path: &str, contents: &str) -> MemoryHost {
        self.files.insert(path.to_string(), contents.as_bytes().to_vec());
        self
    }
}

/// A path as an in-memory host keys it: cleaned, without a leading `./`.
pub(crate) fn host_path(path: &str) -> String {
    crate::context::clean(path.trim_start_matches("./"))
}

/// The files under `dir` (`.` for all), with paths relative to it.
pub(crate) fn files_under<'a, T>(dir: &str, files: impl IntoIterator<Item = (&'a String, T)>) -> Vec<(String, T)> {
    let dir = host_path(dir);
    let prefix = if dir == "." { String::new() } else { format!("{dir}/") };
    files
        .into_iter()
        .filter_map(|(path, f)| host_path(path).strip_prefix(&prefix).map(|rel| (rel.to_string(), f)))
        .collect()
}

impl Host for MemoryHost {
    fn context_files(&mut self, dir: &str) -> Result<Vec<(String, ContextFile)>, HostError> {
        let files: Vec<(String, ContextFile)> = files_under(dir, &self.files)
            .into_iter()
            .map(|(path, bytes)| (path, ContextFile::new(bytes, 0o644)))
            .collect();
        if files.is_empty() && host_path(dir) != "." {
            return Err("no such file or directory".into());
        }
        Ok(files)
    }

    fn read_text(&mut self, path: &str) -> Result<String, HostError> {
        let bytes = self.files.get(&host_path(path)).ok_or("no such file or directory")?;
        String::from_utf8(bytes.clone()).map_err(|_| "not a UTF-8 text file".to_string())
    }

    fn write_file(&mut self, path: &str, bytes: &[u8]) -> Result<(), HostError> {
        self.files.insert(host_path(path), bytes.to_vec());
        Ok(())
    }

    fn env_var(&mut self, name: &str) -> Option<String> {
        self.env.get(name).cloned()
    }

    fn confirm(&mut self, prompt: &str) -> bool {
        self.prompts.push(prompt.to_string());
        self.confirm
    }
}
