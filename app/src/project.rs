//! The user's project as the app keeps it: every file's text (the
//! Dockerfile included), executable bits, build arguments and the target.
//!
//! This is what localStorage, share links and exported files hold, so it is
//! plain serializable data, changed only through the pure methods below; the
//! core's `Project` is made from it for each analysis ([`ProjectData::to_core`]).

use std::collections::BTreeMap;

use layerlab_core::playground::Project;
use serde::{Deserialize, Serialize};

/// The Dockerfile's path: it cannot be renamed or deleted.
pub const DOCKERFILE: &str = "Dockerfile";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileData {
    pub text: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub executable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProjectData {
    /// Files by `/`-separated path relative to the build context.
    pub files: BTreeMap<String, FileData>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub build_args: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// Why a file operation was refused, in words for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    Empty,
    Absolute,
    OutsideContext,
    Exists(String),
    Missing(String),
    DockerfileIsFixed,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Empty => write!(f, "A file needs a name."),
            FileError::Absolute => write!(f, "Paths are relative to the build context: drop the leading /."),
            FileError::OutsideContext => write!(f, "A file cannot be outside the build context (no `..`)."),
            FileError::Exists(p) => write!(f, "{p} already exists."),
            FileError::Missing(p) => write!(f, "{p} does not exist."),
            FileError::DockerfileIsFixed => write!(f, "The Dockerfile stays: it is what `docker build` reads."),
        }
    }
}

impl ProjectData {
    /// A project of `(path, text)` files.
    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> ProjectData {
        let files = files
            .into_iter()
            .map(|(p, t)| (p.to_owned(), FileData { text: t.to_owned(), executable: false }))
            .collect();
        ProjectData { files, ..ProjectData::default() }
    }

    pub fn dockerfile(&self) -> &str {
        self.files.get(DOCKERFILE).map_or("", |f| f.text.as_str())
    }

    pub fn text(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(|f| f.text.as_str())
    }

    /// The project with `path`'s text replaced (or the file created).
    pub fn with_text(&self, path: &str, text: &str) -> ProjectData {
        let mut next = self.clone();
        let executable = next.files.get(path).is_some_and(|f| f.executable);
        next.files.insert(path.to_owned(), FileData { text: text.to_owned(), executable });
        next
    }

    pub fn with_new_file(&self, path: &str) -> Result<ProjectData, FileError> {
        let path = check_path(path)?;
        if self.files.contains_key(&path) {
            return Err(FileError::Exists(path));
        }
        Ok(self.with_text(&path, ""))
    }

    pub fn renamed(&self, from: &str, to: &str) -> Result<ProjectData, FileError> {
        if from == DOCKERFILE {
            return Err(FileError::DockerfileIsFixed);
        }
        let to = check_path(to)?;
        if self.files.contains_key(&to) {
            return Err(FileError::Exists(to));
        }
        let mut next = self.clone();
        let file = next.files.remove(from).ok_or_else(|| FileError::Missing(from.to_owned()))?;
        next.files.insert(to, file);
        Ok(next)
    }

    pub fn removed(&self, path: &str) -> Result<ProjectData, FileError> {
        if path == DOCKERFILE {
            return Err(FileError::DockerfileIsFixed);
        }
        let mut next = self.clone();
        next.files.remove(path).ok_or_else(|| FileError::Missing(path.to_owned()))?;
        Ok(next)
    }

    pub fn with_executable(&self, path: &str, executable: bool) -> ProjectData {
        let mut next = self.clone();
        if let Some(file) = next.files.get_mut(path) {
            file.executable = executable;
        }
        next
    }

    pub fn with_build_arg(&self, name: &str, value: Option<&str>) -> ProjectData {
        let mut next = self.clone();
        match value {
            Some(v) => next.build_args.insert(name.to_owned(), v.to_owned()),
            None => next.build_args.remove(name),
        };
        next
    }

    pub fn with_target(&self, target: Option<&str>) -> ProjectData {
        ProjectData { target: target.map(str::to_owned), ..self.clone() }
    }

    /// The core's project. Every file but the Dockerfile is context; the core
    /// adds the Dockerfile to the context itself, as `docker build` sends it.
    pub fn to_core(&self) -> Project {
        let mut project = Project::new(self.dockerfile());
        for (path, file) in &self.files {
            if path != DOCKERFILE {
                project.set_file(path, file.text.as_bytes());
            }
        }
        project.build_args = self.build_args.clone();
        project.target = self.target.clone();
        project
    }
}

/// The exported file's format: versioned like the stored record.
#[derive(Serialize, Deserialize)]
struct Export {
    layerlab_project: u32,
    project: ProjectData,
}

impl ProjectData {
    /// The project as a `.json` file to keep or send.
    pub fn export(&self) -> String {
        let export = Export { layerlab_project: 1, project: self.clone() };
        serde_json::to_string_pretty(&export).unwrap_or_default()
    }

    /// A file made by [`ProjectData::export`], or why it is not one.
    pub fn import(text: &str) -> Result<ProjectData, String> {
        let export: Export =
            serde_json::from_str(text).map_err(|e| format!("this is not a Layerlab project file ({e})"))?;
        if export.layerlab_project != 1 {
            return Err(format!("this project file has format {}, newer than this Layerlab", export.layerlab_project));
        }
        if !export.project.files.contains_key(DOCKERFILE) {
            return Err("this project file has no Dockerfile".into());
        }
        Ok(export.project)
    }
}

/// A cleaned relative path, or why it cannot name a context file.
fn check_path(path: &str) -> Result<String, FileError> {
    let path = path.trim();
    if path.is_empty() {
        return Err(FileError::Empty);
    }
    if path.starts_with('/') {
        return Err(FileError::Absolute);
    }
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    if parts.contains(&"..") {
        return Err(FileError::OutsideContext);
    }
    if parts.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> ProjectData {
        ProjectData::from_files([("Dockerfile", "FROM alpine\n"), ("app.py", "print(1)\n")])
    }

    #[test]
    fn files_are_created_renamed_and_removed_with_reasons_for_refusals() {
        let p = project().with_new_file("./src//main.py").expect("created");
        assert_eq!(p.text("src/main.py"), Some(""));
        assert_eq!(p.with_new_file("app.py"), Err(FileError::Exists("app.py".into())));
        assert_eq!(p.with_new_file("../x"), Err(FileError::OutsideContext));
        assert_eq!(p.with_new_file("/etc/x"), Err(FileError::Absolute));
        assert_eq!(p.with_new_file("  "), Err(FileError::Empty));
        let p = p.renamed("app.py", "server.py").expect("renamed");
        assert_eq!(p.text("server.py"), Some("print(1)\n"));
        assert!(p.text("app.py").is_none());
        assert_eq!(p.renamed("Dockerfile", "x"), Err(FileError::DockerfileIsFixed));
        assert_eq!(p.removed("Dockerfile"), Err(FileError::DockerfileIsFixed));
        assert_eq!(p.removed("nope"), Err(FileError::Missing("nope".into())));
        assert!(p.removed("server.py").expect("removed").text("server.py").is_none());
    }

    #[test]
    fn editing_keeps_the_executable_bit() {
        let p = project().with_executable("app.py", true).with_text("app.py", "print(2)\n");
        assert!(p.files["app.py"].executable);
    }

    #[test]
    fn the_core_project_has_the_dockerfile_args_and_target() {
        let p = project().with_build_arg("V", Some("1")).with_target(Some("final"));
        let core = p.to_core();
        assert_eq!(core.dockerfile, "FROM alpine\n");
        assert_eq!(core.build_args.get("V").map(String::as_str), Some("1"));
        assert_eq!(core.target.as_deref(), Some("final"));
        let paths: Vec<&String> = core.files().map(|(p, _)| p).collect();
        assert_eq!(paths, ["app.py"]);
    }

    #[test]
    fn export_and_import_round_trip_and_refuse_other_files() {
        let p = project().with_build_arg("A", Some("1"));
        assert_eq!(ProjectData::import(&p.export()), Ok(p));
        assert!(ProjectData::import("{}").unwrap_err().contains("not a Layerlab project"));
        let newer = project().export().replace("\"layerlab_project\": 1", "\"layerlab_project\": 2");
        assert!(ProjectData::import(&newer).unwrap_err().contains("format 2"));
    }

    #[test]
    fn json_round_trips_and_omits_defaults() {
        let p = project();
        let json = serde_json::to_string(&p).expect("serializes");
        assert!(!json.contains("executable") && !json.contains("build_args"), "{json}");
        assert_eq!(serde_json::from_str::<ProjectData>(&json).expect("parses"), p);
    }
}
