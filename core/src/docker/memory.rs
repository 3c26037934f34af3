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

    fn normalize(path: &str) -> String {
        crate::context::clean(path.trim_start_matches("./"))
    }
}

impl Host for MemoryHost {
    fn context_files(&mut self, dir: &str) -> Result<Vec<(String, ContextFile)>, HostError> {
        let dir = MemoryHost::normalize(dir);
        let prefix = if dir == "." { String::new() } else { format!("{dir}/") };
        let files: Vec<(String, ContextFile)> = self
            .files
            .iter()
            .filter_map(|(path, bytes)| {
                let path = MemoryHost::normalize(path);
                path.strip_prefix(&prefix).map(|rel| (rel.to_string(), ContextFile::new(bytes, 0o644)))
            })
            .collect();
        if files.is_empty() && !prefix.is_empty() {
            return Err("no such file or directory".into());
        }
        Ok(files)
    }

    fn read_text(&mut self, path: &str) -> Result<String, HostError> {
        let bytes = self.files.get(&MemoryHost::normalize(path)).ok_or("no such file or directory")?;
        String::from_utf8(bytes.clone()).map_err(|_| "not a UTF-8 text file".to_string())
    }

    fn write_file(&mut self, path: &str, bytes: &[u8]) -> Result<(), HostError> {
        self.files.insert(MemoryHost::normalize(path), bytes.to_vec());
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
