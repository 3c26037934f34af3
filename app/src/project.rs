//! The project is the core's [`Project`] (files with their bytes and modes,
//! build arguments, target, open file); this module adds the value-style
//! edits the reducer needs (each returns a new project, so a change is a new
//! `Rc` and the old one stays valid for the build history) and the one saved
//! form, the core's versioned JSON (`json::project_to_json`).

use layerlab_core::json::{project_from_json, project_to_json};
pub use layerlab_core::playground::{Project, ProjectError, DOCKERFILE, MODE_EXECUTABLE, MODE_FILE};

/// Value-style edits of a [`Project`].
pub trait ProjectExt: Sized {
    /// A project of `(path, text)` files.
    fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self;
    fn has(&self, path: &str) -> bool;
    /// A file's text; `None` for a missing or binary file.
    fn text(&self, path: &str) -> Option<&str>;
    fn paths(&self) -> Vec<String>;
    fn with_text(&self, path: &str, text: &str) -> Self;
    fn with_new_file(&self, path: &str) -> Result<Self, ProjectError>;
    fn renamed(&self, from: &str, to: &str) -> Result<Self, ProjectError>;
    fn removed(&self, path: &str) -> Result<Self, ProjectError>;
    fn with_executable(&self, path: &str, executable: bool) -> Self;
    fn with_build_arg(&self, name: &str, value: Option<&str>) -> Self;
    fn with_target(&self, target: Option<&str>) -> Self;
    fn with_open(&self, path: &str) -> Self;
    /// The saved form: the core's versioned JSON.
    fn to_json(&self) -> String;
    /// A saved project, or why it cannot be read (in words).
    fn from_json(text: &str) -> Result<Self, String>;
}

impl ProjectExt for Project {
    fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Project {
        let mut project = Project::new("");
        for (path, text) in files {
            project.set_file(path, text.as_bytes());
        }
        project
    }

    fn has(&self, path: &str) -> bool {
        self.file(path).is_some()
    }

    fn text(&self, path: &str) -> Option<&str> {
        self.file(path)?.text()
    }

    fn paths(&self) -> Vec<String> {
        self.files().map(|(p, _)| p.clone()).collect()
    }

    fn with_text(&self, path: &str, text: &str) -> Project {
        let mut next = self.clone();
        next.set_file(path, text.as_bytes());
        next
    }

    fn with_new_file(&self, path: &str) -> Result<Project, ProjectError> {
        let mut next = self.clone();
        next.create(path)?;
        Ok(next)
    }

    fn renamed(&self, from: &str, to: &str) -> Result<Project, ProjectError> {
        let mut next = self.clone();
        next.rename(from, to)?;
        Ok(next)
    }

    fn removed(&self, path: &str) -> Result<Project, ProjectError> {
        let mut next = self.clone();
        next.remove_file(path)?;
        Ok(next)
    }

    fn with_executable(&self, path: &str, executable: bool) -> Project {
        let mut next = self.clone();
        // A missing file stays missing: nothing to change.
        let _ = next.set_mode(path, if executable { MODE_EXECUTABLE } else { MODE_FILE });
        next
    }

    fn with_build_arg(&self, name: &str, value: Option<&str>) -> Project {
        let mut next = self.clone();
        match value {
            Some(v) => next.build_args.insert(name.to_owned(), v.to_owned()),
            None => next.build_args.remove(name),
        };
        next
    }

    fn with_target(&self, target: Option<&str>) -> Project {
        let mut next = self.clone();
        next.target = target.map(str::to_owned);
        next
    }

    fn with_open(&self, path: &str) -> Project {
        let mut next = self.clone();
        next.open = path.to_owned();
        next
    }

    fn to_json(&self) -> String {
        project_to_json(self)
    }

    fn from_json(text: &str) -> Result<Project, String> {
        project_from_json(text).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> Project {
        Project::from_files([("Dockerfile", "FROM alpine\n"), ("app.py", "print(1)\n")])
    }

    #[test]
    fn edits_return_new_projects_and_refusals_say_why() {
        let p = project().with_new_file("./src//main.py").expect("created");
        assert_eq!(p.text("src/main.py"), Some(""));
        assert_eq!(p.with_new_file("app.py").err(), Some(ProjectError::AlreadyExists("app.py".into())));
        assert!(matches!(p.with_new_file("../x"), Err(ProjectError::BadPath(_))));
        let p = p.renamed("app.py", "server.py").expect("renamed");
        assert_eq!(p.text("server.py"), Some("print(1)\n"));
        assert!(!p.has("app.py"));
        assert_eq!(p.renamed("Dockerfile", "x").err(), Some(ProjectError::DockerfileNeeded));
        assert_eq!(p.removed("Dockerfile").err(), Some(ProjectError::DockerfileNeeded));
        assert!(!p.removed("server.py").expect("removed").has("server.py"));
        assert_eq!(project().text("app.py"), Some("print(1)\n"), "the original is untouched");
    }

    #[test]
    fn editing_keeps_the_executable_bit_and_the_json_round_trips() {
        let p = project()
            .with_executable("app.py", true)
            .with_text("app.py", "print(2)\n")
            .with_build_arg("V", Some("1"))
            .with_target(Some("final"))
            .with_open("app.py");
        assert!(p.file("app.py").is_some_and(|f| f.is_executable()));
        assert_eq!(Project::from_json(&p.to_json()), Ok(p));
        assert!(Project::from_json("{}").is_err());
    }
}
