//! A lesson's project in the core: `ProjectSpec` → the playground's
//! `Project`, edits applied to it, and `Built` — one `Playground::edit` of a
//! project, with the dry runs and rebuilds goals ask for.

use crate::model::{Edit, ProjectSpec, IMAGE_TAG};
use layerlab_core::build::{BuildOutcome, Image};
use layerlab_core::engine::containers::DryRun;
use layerlab_core::playground::{Playground, Project, View, DOCKERFILE, MODE_EXECUTABLE, MODE_FILE};
use layerlab_core::Severity;

/// The clock of every lesson's engine: 2026-01-01T00:00:00Z. Fixed, so a
/// grade is the same in every browser and in the tests.
pub const NOW: u64 = 1_767_225_600;

impl ProjectSpec {
    /// The playground project: the Dockerfile, each file with its mode,
    /// build args and target.
    pub fn to_project(&self) -> Project {
        let mut project = Project::new(&self.dockerfile);
        for (path, text) in &self.files {
            let mode = if self.executable.contains(path) { MODE_EXECUTABLE } else { MODE_FILE };
            project.set_file_with_mode(path, text.as_bytes(), mode);
        }
        project.build_args = self.build_args.clone();
        project.target = self.target.clone();
        project
    }
}

/// Applies one edit. `--no-cache` is not part of a project, so it is
/// returned through `no_cache`.
pub fn apply(project: &mut Project, edit: &Edit, no_cache: &mut bool) -> Result<(), String> {
    let text_of = |project: &Project, file: &str| -> Result<String, String> {
        project
            .file(file)
            .and_then(|f| f.text())
            .map(str::to_string)
            .ok_or_else(|| format!("the project has no text file `{file}`"))
    };
    match edit {
        Edit::Set { file, text } => set(project, file, text),
        Edit::Append { file, text } => {
            let mut now = text_of(project, file)?;
            now.push_str(text);
            set(project, file, &now);
        }
        Edit::Replace { file, old, new } => {
            let now = text_of(project, file)?;
            match now.matches(old.as_str()).count() {
                1 => set(project, file, &now.replacen(old.as_str(), new, 1)),
                0 => return Err(format!("`{old}` is not in `{file}`")),
                n => return Err(format!("`{old}` occurs {n} times in `{file}`; an edit replaces exactly one")),
            }
        }
        Edit::Delete { file } => project.remove_file(file).map_err(|e| e.to_string())?,
        Edit::BuildArg { name, value: Some(value) } => {
            project.build_args.insert(name.clone(), value.clone());
        }
        Edit::BuildArg { name, value: None } => {
            project.build_args.remove(name);
        }
        Edit::NoCache => *no_cache = true,
    }
    Ok(())
}

fn set(project: &mut Project, file: &str, text: &str) {
    if file == DOCKERFILE {
        project.set_dockerfile(text);
    } else {
        let mode = project.file(file).map_or(MODE_FILE, |f| f.mode);
        project.set_file_with_mode(file, text.as_bytes(), mode);
    }
}

/// A project after one `Playground::edit`: what goals read.
pub struct Built {
    pub project: Project,
    pub view: View,
    /// Holds the build cache, for a rebuild after an edit.
    playground: Playground,
}

impl Built {
    pub fn new(project: &Project) -> Built {
        let mut playground = Playground::new();
        let view = playground.edit(project);
        Built { project: project.clone(), view, playground }
    }

    /// The same playground, cache and all, after `project` replaced this
    /// one; `no_cache` drops the cache first, as `--no-cache` ignores it.
    pub fn rebuild(&self, project: &Project, no_cache: bool) -> Built {
        let mut playground = if no_cache { Playground::new() } else { self.playground.clone() };
        let view = playground.edit(project);
        Built { project: project.clone(), view, playground }
    }

    /// The build, or why there is none (the first error, in the core's words).
    pub fn outcome(&self) -> Result<&BuildOutcome, String> {
        if let Some(d) = self.view.analysis.diagnostics.iter().find(|d| d.severity == Severity::Error) {
            return Err(format!("Dockerfile line {}: {}", d.start.line, d.message));
        }
        if let Some(e) = &self.view.context.error {
            return Err(format!(".dockerignore: {}", e.message));
        }
        self.view.build.as_ref().ok_or_else(|| "the project did not build".to_string())
    }

    /// The image, or why the build made none.
    pub fn image(&self) -> Result<&Image, String> {
        let outcome = self.outcome()?;
        match (&outcome.image, &outcome.error) {
            (Some(image), None) => Ok(image),
            (_, Some(error)) => Err(format!("the build failed: {}", error.message())),
            (None, None) => Err("the build made no image".into()),
        }
    }

    /// What `line` would start with this build's image tagged `app`.
    pub fn dry_run(&self, line: &str) -> Result<DryRun, String> {
        let outcome = self.outcome()?;
        self.image()?;
        self.playground.dry_run(line, outcome, IMAGE_TAG, NOW).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_change_the_project_as_written() {
        let spec = ProjectSpec {
            dockerfile: "FROM alpine:3.24\nCOPY a.txt /\n".into(),
            files: [("a.txt".to_string(), "one\n".to_string())].into(),
            executable: vec![],
            ..ProjectSpec::default()
        };
        let mut project = spec.to_project();
        let mut no_cache = false;
        apply(&mut project, &Edit::Append { file: "a.txt".into(), text: "two\n".into() }, &mut no_cache).unwrap();
        assert_eq!(project.file("a.txt").and_then(|f| f.text()), Some("one\ntwo\n"));
        let replace = Edit::Replace { file: DOCKERFILE.into(), old: "a.txt".into(), new: "b.txt".into() };
        apply(&mut project, &replace, &mut no_cache).unwrap();
        assert_eq!(project.dockerfile(), "FROM alpine:3.24\nCOPY b.txt /\n");
        let missing = Edit::Replace { file: DOCKERFILE.into(), old: "nope".into(), new: "x".into() };
        assert_eq!(apply(&mut project, &missing, &mut no_cache).unwrap_err(), "`nope` is not in `Dockerfile`");
        apply(&mut project, &Edit::NoCache, &mut no_cache).unwrap();
        assert!(no_cache);
    }

    #[test]
    fn a_project_that_does_not_parse_says_why() {
        let built = Built::new(&Project::new("FROM alpine:3.24\nCOPY\n"));
        let why = built.image().unwrap_err();
        assert!(why.starts_with("Dockerfile line 2:"), "{why}");
    }
}
