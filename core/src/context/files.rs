//! The build context's files: what `docker build` sends to the builder,
//! after `.dockerignore`, with the checksums BuildKit's cache keys use.

use super::archive::{read_archive, Archive};
use super::glob;
use super::path::clean;
use super::{Dockerignore, DockerignoreError};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Text files up to this size keep their contents (`requirements.txt`,
/// `package.json`), so the simulation can read them.
const KEEP_CONTENTS_UP_TO: usize = 64 * 1024;

/// One file of the context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextFile {
    pub size: u64,
    /// `sha256:<hex>` of the contents: BuildKit keys COPY's cache on contents
    /// and mode, never on modification times.
    pub digest: String,
    pub mode: u32,
    /// The contents of a small text file, for commands that read it.
    pub text: Option<String>,
    /// What `ADD` would extract, when the file is a tar (plain or compressed).
    pub archive: Option<Archive>,
}

impl ContextFile {
    pub fn new(contents: &[u8], mode: u32) -> ContextFile {
        let text = (contents.len() <= KEEP_CONTENTS_UP_TO).then(|| std::str::from_utf8(contents).ok()).flatten();
        ContextFile {
            size: contents.len() as u64,
            digest: format!("sha256:{:x}", Sha256::digest(contents)),
            mode,
            text: text.map(str::to_string),
            archive: read_archive(contents),
        }
    }
}

/// A build context: every file, and which of them `.dockerignore` leaves out.
#[derive(Debug, Clone)]
pub struct BuildContext {
    /// Files the builder receives.
    included: BTreeMap<String, ContextFile>,
    /// Files `.dockerignore` leaves out.
    excluded: BTreeMap<String, ContextFile>,
    ignore: Option<Dockerignore>,
}

impl BuildContext {
    /// Builds a context from `(relative path, contents)`; a `.dockerignore`
    /// among them is read and applied.
    pub fn from_files(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Result<BuildContext, DockerignoreError> {
        BuildContext::from_context_files(
            files.into_iter().map(|(path, contents)| (path, ContextFile::new(&contents, 0o644))),
        )
    }

    /// Builds a context from files already summarised (size, digest, mode,
    /// small texts), as a host or a saved session supplies them.
    pub fn from_context_files(
        files: impl IntoIterator<Item = (String, ContextFile)>,
    ) -> Result<BuildContext, DockerignoreError> {
        let files: BTreeMap<String, ContextFile> = files.into_iter().map(|(path, f)| (clean(&path), f)).collect();
        let ignore = match files.get(".dockerignore").and_then(|f| f.text.as_deref()) {
            Some(text) => Some(Dockerignore::parse(text)?),
            None => None,
        };
        // Matched once here: every later lookup is a map access.
        let (excluded, included) =
            files.into_iter().partition(|(path, _)| ignore.as_ref().is_some_and(|i| i.is_ignored(path)));
        Ok(BuildContext { included, excluded, ignore })
    }

    /// The same context with one file added or replaced (`.dockerignore`
    /// rules apply to it as to the others): "what if I edit this file".
    pub fn with_file(&self, path: &str, contents: &[u8]) -> BuildContext {
        let mut next = self.clone();
        next.set(path, ContextFile::new(contents, 0o644));
        next
    }

    /// Adds or replaces one file in place, `.dockerignore` deciding where it
    /// goes. Replacing `.dockerignore` itself changes every file's fate, so
    /// the caller rebuilds the context for that ([`BuildContext::from_context_files`]).
    pub fn set(&mut self, path: &str, file: ContextFile) {
        let path = clean(path);
        self.included.remove(&path);
        self.excluded.remove(&path);
        if self.ignore.as_ref().is_some_and(|i| i.is_ignored(&path)) {
            self.excluded.insert(path, file);
        } else {
            self.included.insert(path, file);
        }
    }

    /// Removes one file in place (see [`BuildContext::set`] for `.dockerignore`).
    pub fn remove(&mut self, path: &str) {
        let path = clean(path);
        self.included.remove(&path);
        self.excluded.remove(&path);
    }

    /// What `[internal] load .dockerignore` transfers: the file, or 2 bytes without one.
    pub fn dockerignore_size(&self) -> u64 {
        self.included.get(".dockerignore").or_else(|| self.excluded.get(".dockerignore")).map_or(2, |f| f.size)
    }

    pub fn dockerignore(&self) -> Option<&Dockerignore> {
        self.ignore.as_ref()
    }

    /// Every file the builder receives, by path.
    pub fn files(&self) -> impl Iterator<Item = (&String, &ContextFile)> {
        self.included.iter()
    }

    /// Files present on disk but left out by `.dockerignore`.
    pub fn ignored_files(&self) -> impl Iterator<Item = (&String, &ContextFile)> {
        self.excluded.iter()
    }

    /// The bytes sent to the builder.
    pub fn size(&self) -> u64 {
        self.files().map(|(_, f)| f.size).sum()
    }

    pub fn get(&self, path: &str) -> Option<&ContextFile> {
        self.included.get(&clean(path.trim_start_matches('/')))
    }

    /// The files a COPY source names: a file, a directory (all files under
    /// it, with paths relative to it), or a glob. Paths are relative to the
    /// context root; the second element is the path under the destination.
    pub fn resolve_source(&self, source: &str) -> Vec<(String, String, &ContextFile)> {
        let source = clean(source.trim_start_matches('/'));
        if source == "." {
            return self.files().map(|(p, f)| (p.clone(), p.clone(), f)).collect();
        }
        if let Some(file) = self.get(&source) {
            let name = source.rsplit('/').next().unwrap_or(&source).to_string();
            return vec![(source.clone(), name, file)];
        }
        let prefix = format!("{source}/");
        let under: Vec<_> = self
            .included
            .range::<str, _>((std::ops::Bound::Included(prefix.as_str()), std::ops::Bound::Unbounded))
            .map_while(|(p, f)| p.strip_prefix(&prefix).map(|rest| (p.clone(), rest.to_string(), f)))
            .collect();
        if !under.is_empty() {
            return under;
        }
        if source.contains(['*', '?', '[']) && glob::is_valid(&source) {
            let depth = source.matches('/').count();
            let mut out = Vec::new();
            for (path, file) in self.files() {
                // A glob names a file or a directory at the pattern's depth.
                let top: String = path.split('/').take(depth + 1).collect::<Vec<_>>().join("/");
                if glob::matches(&source, &top) {
                    let base = top.rsplit('/').next().unwrap_or(&top);
                    let rest = path.strip_prefix(&top).unwrap_or("");
                    out.push((path.clone(), format!("{base}{rest}"), file));
                }
            }
            return out;
        }
        Vec::new()
    }
}

/// Whether `source` (a COPY/ADD source) names the context file `path` itself,
/// rather than a directory holding it: ADD unpacks only such a file.
pub fn names_directly(source: &str, path: &str) -> bool {
    let source = clean(source.trim_start_matches('/'));
    source == path || source.contains(['*', '?', '[']) && glob::is_valid(&source) && glob::matches(&source, path)
}
