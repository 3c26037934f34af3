//! The user's project, the app's single source of truth: every file of the
//! build context with its bytes and mode (the Dockerfile is one of them), the
//! build arguments, the target and the open file. The app keeps no second
//! copy; its JSON form (`crate::json::project`) is what localStorage, share
//! links and exported files hold.

use crate::context::{clean, ContextFile};
use std::collections::BTreeMap;

/// Text files up to this size are kept whole (and so travel in share links
/// and saved projects); larger or non-UTF-8 files are binary.
pub const TEXT_LIMIT: usize = 1024 * 1024;

/// Binary files up to this size keep their bytes (a small archive for `ADD`
/// must unpack the same after a reload); larger ones keep size and digest only.
pub const BYTES_LIMIT: usize = 256 * 1024;

/// The path of the Dockerfile inside the project.
pub const DOCKERFILE: &str = "Dockerfile";

/// A file's mode: the permission bits a `COPY` keeps.
pub const MODE_FILE: u32 = 0o644;
/// An executable (an entrypoint script).
pub const MODE_EXECUTABLE: u32 = 0o755;

/// What the user is editing.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    files: BTreeMap<String, ProjectFile>,
    pub build_args: BTreeMap<String, String>,
    /// `--target`: a stage name; the last stage when `None`.
    pub target: Option<String>,
    /// The file open in the editor.
    pub open: String,
}

/// One file: what it holds, its mode, and its summary for the build context
/// (digest, size, archive listing), computed once when the file is set so an
/// edit never re-hashes the other files.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectFile {
    pub contents: Contents,
    pub mode: u32,
    summary: ContextFile,
}

/// A file's contents as the project keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    /// UTF-8 text up to [`TEXT_LIMIT`], whole.
    Text(String),
    /// Other bytes up to [`BYTES_LIMIT`], whole.
    Bytes(Vec<u8>),
    /// A larger file: only what the build needs (its size and `sha256:` digest).
    Summary { size: u64, digest: String },
}

impl ProjectFile {
    pub fn new(bytes: &[u8], mode: u32) -> ProjectFile {
        let summary = ContextFile::new(bytes, mode);
        let contents = match std::str::from_utf8(bytes) {
            Ok(text) if bytes.len() <= TEXT_LIMIT => Contents::Text(text.to_string()),
            _ if bytes.len() <= BYTES_LIMIT => Contents::Bytes(bytes.to_vec()),
            _ => Contents::Summary { size: summary.size, digest: summary.digest.clone() },
        };
        ProjectFile { contents, mode, summary }
    }

    /// A large file known only by its size and digest (a saved project).
    pub fn summary(size: u64, digest: &str, mode: u32) -> ProjectFile {
        let summary = ContextFile { size, digest: digest.to_string(), mode, text: None, archive: None };
        ProjectFile { contents: Contents::Summary { size, digest: digest.to_string() }, mode, summary }
    }

    pub fn text(&self) -> Option<&str> {
        match &self.contents {
            Contents::Text(text) => Some(text),
            _ => None,
        }
    }

    pub fn size(&self) -> u64 {
        self.summary.size
    }

    pub fn digest(&self) -> &str {
        &self.summary.digest
    }

    pub fn is_executable(&self) -> bool {
        self.mode & 0o111 != 0
    }

    /// What the build context holds for this file.
    pub fn context_file(&self) -> &ContextFile {
        &self.summary
    }
}

/// Why a project operation was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectError {
    /// The path is empty, absolute outside the project, or climbs out of it.
    BadPath(String),
    NoSuchFile(String),
    AlreadyExists(String),
    /// The Dockerfile can be edited, not removed or renamed.
    DockerfileNeeded,
}

impl std::fmt::Display for ProjectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProjectError::BadPath(p) => write!(f, "{p:?} is not a path inside the project"),
            ProjectError::NoSuchFile(p) => write!(f, "{p}: no such file"),
            ProjectError::AlreadyExists(p) => write!(f, "{p}: a file of that name exists"),
            ProjectError::DockerfileNeeded => f.write_str("the project needs its Dockerfile"),
        }
    }
}

impl Default for Project {
    fn default() -> Project {
        Project::new("")
    }
}

impl Project {
    /// A project holding only a Dockerfile.
    pub fn new(dockerfile: &str) -> Project {
        let mut files = BTreeMap::new();
        files.insert(DOCKERFILE.to_string(), ProjectFile::new(dockerfile.as_bytes(), MODE_FILE));
        Project { files, build_args: BTreeMap::new(), target: None, open: DOCKERFILE.to_string() }
    }

    /// The Dockerfile's text (empty if it is not text).
    pub fn dockerfile(&self) -> &str {
        self.files.get(DOCKERFILE).and_then(ProjectFile::text).unwrap_or("")
    }

    pub fn set_dockerfile(&mut self, text: &str) {
        self.files.insert(DOCKERFILE.to_string(), ProjectFile::new(text.as_bytes(), MODE_FILE));
    }

    /// Adds or replaces a file with mode 0644 (an existing file keeps its mode).
    pub fn set_file(&mut self, path: &str, contents: &[u8]) {
        let path = clean(path);
        let mode = self.files.get(&path).map_or(MODE_FILE, |f| f.mode);
        self.files.insert(path, ProjectFile::new(contents, mode));
    }

    /// Adds or replaces a file with the given mode.
    pub fn set_file_with_mode(&mut self, path: &str, contents: &[u8], mode: u32) {
        self.files.insert(clean(path), ProjectFile::new(contents, mode & 0o7777));
    }

    /// Puts a file as a saved project describes it; refuses a path outside the project.
    pub fn insert(&mut self, path: &str, file: ProjectFile) -> Result<(), ProjectError> {
        self.files.insert(checked(path)?, file);
        Ok(())
    }

    /// Creates an empty file; refuses a bad path or one that exists.
    pub fn create(&mut self, path: &str) -> Result<(), ProjectError> {
        let path = checked(path)?;
        if self.files.contains_key(&path) {
            return Err(ProjectError::AlreadyExists(path));
        }
        self.files.insert(path, ProjectFile::new(b"", MODE_FILE));
        Ok(())
    }

    pub fn set_mode(&mut self, path: &str, mode: u32) -> Result<(), ProjectError> {
        let path = clean(path);
        let file = self.files.get(&path).ok_or(ProjectError::NoSuchFile(path.clone()))?;
        let bytes = file_bytes(file);
        let replacement = match bytes {
            Some(bytes) => ProjectFile::new(&bytes, mode & 0o7777),
            None => ProjectFile::summary(file.size(), file.digest(), mode & 0o7777),
        };
        self.files.insert(path, replacement);
        Ok(())
    }

    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), ProjectError> {
        let (from, to) = (clean(from), checked(to)?);
        if from == DOCKERFILE {
            return Err(ProjectError::DockerfileNeeded);
        }
        if self.files.contains_key(&to) {
            return Err(ProjectError::AlreadyExists(to));
        }
        let file = self.files.remove(&from).ok_or(ProjectError::NoSuchFile(from.clone()))?;
        self.files.insert(to.clone(), file);
        if self.open == from {
            self.open = to;
        }
        Ok(())
    }

    pub fn remove_file(&mut self, path: &str) -> Result<(), ProjectError> {
        let path = clean(path);
        if path == DOCKERFILE {
            return Err(ProjectError::DockerfileNeeded);
        }
        self.files.remove(&path).ok_or(ProjectError::NoSuchFile(path.clone()))?;
        if self.open == path {
            self.open = DOCKERFILE.to_string();
        }
        Ok(())
    }

    pub fn file(&self, path: &str) -> Option<&ProjectFile> {
        self.files.get(&clean(path))
    }

    /// Every file by path, the Dockerfile included.
    pub fn files(&self) -> impl Iterator<Item = (&String, &ProjectFile)> {
        self.files.iter()
    }
}

/// The bytes of a file whose contents the project keeps.
fn file_bytes(file: &ProjectFile) -> Option<Vec<u8>> {
    match &file.contents {
        Contents::Text(text) => Some(text.as_bytes().to_vec()),
        Contents::Bytes(bytes) => Some(bytes.clone()),
        Contents::Summary { .. } => None,
    }
}

/// A path the project can hold: relative, inside it, not empty.
fn checked(path: &str) -> Result<String, ProjectError> {
    let cleaned = clean(path.trim().trim_start_matches('/'));
    if cleaned.is_empty() || cleaned == "." || cleaned.starts_with("..") || path.trim().ends_with('/') {
        return Err(ProjectError::BadPath(path.to_string()));
    }
    Ok(cleaned)
}
