//! The project's build context, kept between edits and updated file by file:
//! a keystroke in one file re-summarises nothing else, and only an edit of
//! `.dockerignore` re-matches every path.

use super::project::Project;
use crate::context::{BuildContext, ContextFile, DockerignoreError};
use std::collections::BTreeMap;

/// One file as the files panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextEntry {
    pub path: String,
    pub size: u64,
    pub executable: bool,
    /// Left out of the build context, and by which `.dockerignore` pattern.
    pub ignored: Option<IgnoredBy>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoredBy {
    /// The pattern as written (`*.log`).
    pub pattern: String,
    /// Its 1-based line in `.dockerignore`.
    pub line: Option<usize>,
}

/// A `.dockerignore` Docker would refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextError {
    pub message: String,
    /// 1-based line in `.dockerignore`.
    pub line: Option<usize>,
}

/// The build context as the views show it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContextView {
    pub files: Vec<ContextEntry>,
    /// Bytes sent to the builder.
    pub size: u64,
    pub error: Option<ContextError>,
}

/// The context of the last edit and the digests it was made from.
#[derive(Debug, Clone, Default)]
pub(super) struct SyncedContext {
    context: Option<Result<BuildContext, DockerignoreError>>,
    /// Path → (digest, mode) of every file in `context`.
    seen: BTreeMap<String, (String, u32)>,
    /// The view of `context`, made at the first edit that asks after a change.
    view: Option<ContextView>,
}

impl SyncedContext {
    /// The context as of the last sync; `None` when `.dockerignore` is invalid.
    pub fn current(&self) -> Option<&BuildContext> {
        self.context.as_ref().and_then(|c| c.as_ref().ok())
    }

    /// Brings the context up to date with `project`.
    pub fn sync(&mut self, project: &Project) {
        let key = |f: &super::ProjectFile| (f.digest().to_string(), f.mode);
        // Compared in place: most files are unchanged, and need no copy.
        let seen = |seen: &BTreeMap<String, (String, u32)>, path: &str, file: Option<&super::ProjectFile>| {
            seen.get(path).map(|(d, m)| (d.as_str(), *m)) == file.map(|f| (f.digest(), f.mode))
        };
        let ignore_changed = !seen(&self.seen, ".dockerignore", project.file(".dockerignore"));
        match &mut self.context {
            Some(Ok(context)) if !ignore_changed => {
                for (path, file) in project.files() {
                    if !seen(&self.seen, path, Some(file)) {
                        context.set(path, file.context_file().clone());
                        self.seen.insert(path.clone(), key(file));
                        self.view = None;
                    }
                }
                let gone: Vec<String> = self.seen.keys().filter(|p| project.file(p).is_none()).cloned().collect();
                for path in gone {
                    context.remove(&path);
                    self.seen.remove(&path);
                    self.view = None;
                }
            }
            _ => {
                self.view = None;
                let files = project.files().map(|(p, f)| (p.clone(), f.context_file().clone()));
                self.context = Some(BuildContext::from_context_files(files));
                self.seen = project.files().map(|(p, f)| (p.clone(), key(f))).collect();
            }
        }
    }

    /// The context as the files panel shows it (kept until a file changes).
    pub fn view(&mut self, project: &Project) -> ContextView {
        if let Some(view) = &self.view {
            return view.clone();
        }
        let view = self.make_view(project);
        self.view = Some(view.clone());
        view
    }

    fn make_view(&self, project: &Project) -> ContextView {
        match &self.context {
            Some(Ok(context)) => {
                // The context already knows which files `.dockerignore` leaves
                // out; only those need the pattern that decided it.
                let entry = |path: &String, file: &ContextFile, ignored| ContextEntry {
                    path: path.clone(),
                    size: file.size,
                    executable: file.mode & 0o111 != 0,
                    ignored,
                };
                let deciding = |path: &str| {
                    let pattern = context.dockerignore().and_then(|i| i.deciding_pattern(path));
                    pattern.map(|p| IgnoredBy { pattern: p.text.clone(), line: p.line })
                };
                let mut files: Vec<ContextEntry> = context
                    .files()
                    .map(|(path, file)| entry(path, file, None))
                    .chain(context.ignored_files().map(|(path, file)| entry(path, file, deciding(path))))
                    .collect();
                crate::sort::by(&mut files, |a, b| a.path.cmp(&b.path));
                ContextView { files, size: context.size(), error: None }
            }
            Some(Err(error)) => ContextView {
                files: project
                    .files()
                    .map(|(path, f)| ContextEntry {
                        path: path.clone(),
                        size: f.size(),
                        executable: f.is_executable(),
                        ignored: None,
                    })
                    .collect(),
                size: 0,
                error: Some(ContextError { message: format!(".dockerignore: {error}"), line: error.line }),
            },
            None => ContextView::default(),
        }
    }
}
