//! The images Compose builds: a service's `build:` read through the host
//! (its context directory and Dockerfile, or `dockerfile_inline`), built by
//! the engine's BuildKit and tagged `PROJECT-SERVICE:latest` (or `image:`),
//! with `Image … Built` in the progress (`pkg/compose/progress.go`
//! `builtEvent`). The build's own log is BuildKit's, as `docker build` prints it.

use super::model::{Project, Service};
use super::progress::{Progress, Status};
use super::up::UpError;
use super::{names, Compose};
use crate::build::BuildRequest;
use crate::context::BuildContext;
use std::collections::BTreeMap;

/// `dir` + `name`, `/`-joined.
fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() || dir == "." {
        name.to_string()
    } else {
        format!("{}/{name}", dir.trim_end_matches('/'))
    }
}

impl Compose<'_> {
    /// Builds `service`'s image; returns BuildKit's log.
    pub(super) fn build_service(
        &mut self,
        project: &Project,
        service: &Service,
        p: &mut Progress,
    ) -> Result<String, UpError> {
        let Some(build) = &service.build else { return Ok(String::new()) };
        let tag = names::image_tag(&project.name, service);
        let id = format!("Image {}", names::image_name(&project.name, service));
        p.working(&id, "Building");
        let fail = |p: &mut Progress, message: String| {
            p.on(&id, Status::Error, "Error", "");
            UpError(message)
        };
        // The context is relative to the project directory.
        let dir = &match project.working_dir.as_str() {
            "" | "." => build.context.clone(),
            _ if build.context.starts_with('/') => build.context.clone(),
            root => join(root, &build.context),
        };
        let dir = dir.as_str();
        let files = self
            .host
            .context_files(dir)
            .map_err(|e| fail(p, format!("unable to prepare context: path {dir:?} not found: {e}")))?;
        let context = BuildContext::from_context_files(files)
            .map_err(|e| fail(p, format!("failed to parse .dockerignore: {e}")))?;
        let dockerfile = match (&build.dockerfile_inline, &build.dockerfile) {
            (Some(inline), _) => inline.clone(),
            (None, file) => {
                let path = join(dir, file.as_deref().unwrap_or("Dockerfile"));
                self.host
                    .read_text(&path)
                    .map_err(|e| fail(p, format!("failed to solve: failed to read dockerfile: open {path}: {e}")))?
            }
        };
        let mut build_args = BTreeMap::new();
        for (key, value) in &build.args {
            match value {
                Some(v) => {
                    build_args.insert(key.clone(), v.clone());
                }
                None => {
                    if let Some(v) = self.host.env_var(key) {
                        build_args.insert(key.clone(), v);
                    }
                }
            }
        }
        let request = BuildRequest {
            dockerfile: &dockerfile,
            context: &context,
            build_args,
            target: build.target.clone(),
            no_cache: false,
            // The model has no `build.secrets`/`build.ssh` yet: nothing is lent.
            session: Default::default(),
        };
        let at = self.at(p);
        let outcome = self.engine.build(&request, &[tag], at);
        p.advance(1000);
        if outcome.error.is_some() {
            let log = outcome.log.clone();
            p.on(&id, Status::Error, "Error", "");
            return Err(UpError(format!("{log}failed to solve: service {:?} failed to build", service.name)));
        }
        p.done(&id, "Built");
        Ok(outcome.log)
    }
}
