//! The examples gallery. Until the core's own gallery lands
//! (`layerlab_core::examples::all()`), the app ships the Flask project the
//! first visit opens; the header lists whatever this module returns.

use crate::project::{Project, ProjectExt};

pub struct Example {
    /// Stable id, used in `data-name` and links.
    pub name: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    files: &'static [(&'static str, &'static str)],
}

impl Example {
    pub fn project(&self) -> Project {
        Project::from_files(self.files.iter().copied())
    }
}

const FLASK: Example = Example {
    name: "flask",
    title: "Flask",
    summary: "A Python web app: dependencies first, code last, so an edit rebuilds one layer.",
    files: &[
        ("Dockerfile", include_str!("examples/flask/Dockerfile")),
        ("app.py", include_str!("examples/flask/app.py")),
        ("requirements.txt", include_str!("examples/flask/requirements.txt")),
        (".dockerignore", include_str!("examples/flask/dockerignore")),
        ("README.md", include_str!("examples/flask/README.md")),
    ],
};

pub fn all() -> &'static [Example] {
    &[FLASK]
}

/// What a first visit opens.
pub fn first() -> &'static Example {
    &all()[0]
}

pub fn by_name(name: &str) -> Option<&'static Example> {
    all().iter().find(|e| e.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use layerlab_core::playground::Playground;

    #[test]
    fn every_example_builds_without_errors() {
        for example in all() {
            let view = Playground::new().edit(&example.project());
            assert!(!view.analysis.has_errors(), "{}: {:?}", example.name, view.analysis.diagnostics);
            let build = view.build.unwrap_or_else(|| panic!("{} did not build", example.name));
            assert!(build.error.is_none(), "{}: {:?}", example.name, build.error);
        }
    }
}
