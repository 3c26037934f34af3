//! BuildKit's plain progress output (`docker build --progress=plain`), with
//! deterministic simulated durations so a cache hit's savings show.

use super::engine::DENIED;
use super::{failure, BuildError, BuildOutcome, BuildRequest, StepKind, StepReport};
use crate::units::human_size;
use std::fmt::Write;

struct Vertex<'a> {
    out: &'a mut String,
    next: usize,
}

impl Vertex<'_> {
    /// progressui's plain printer puts a blank line before every vertex but
    /// the first (`p.notFirst`), none after the last.
    fn open(&mut self, name: &str) -> usize {
        if self.next > 0 {
            self.out.push('\n');
        }
        self.next += 1;
        let _ = writeln!(self.out, "#{} {name}", self.next);
        self.next
    }

    fn line(&mut self, id: usize, text: &str) {
        let _ = writeln!(self.out, "#{id} {text}");
    }

    fn done(&mut self, id: usize, seconds: f64) {
        let _ = writeln!(self.out, "#{id} DONE {seconds:.1}s");
    }
}

/// `[stage 2/5]` as BuildKit prefixes a step (convert.go `prefixCommand`):
/// the platform in a multi-platform build, the stage's name when the build
/// names stages, the index padded to the total's width.
fn prefix(step: &StepReport, stage_names: bool) -> String {
    // A vertex outside any counted stage (the pull of a `COPY --from` image) has no prefix.
    if step.total == 0 {
        return String::new();
    }
    let width = step.total.to_string().len();
    let stage = if stage_names { format!("{} ", step.stage) } else { String::new() };
    // A multi-platform build names each step's platform first (convert.go `prefixCommand`).
    let platform = step.platform.as_ref().map(|p| format!("{p} ")).unwrap_or_default();
    format!("[{platform}{stage}{:>width$}/{}]", step.position, step.total)
}

impl BuildOutcome {
    /// The name BuildKit's progress gives `step`'s vertex
    /// (`[build 2/3] RUN make`, a FROM by tag with the digest it resolved
    /// to), or `None` when BuildKit makes no vertex for it (config
    /// instructions, a FROM of an earlier stage or of scratch).
    pub fn vertex_name(&self, step: &StepReport) -> Option<String> {
        if !step.vertex {
            return None;
        }
        // BuildKit names a pulled image's vertex after the pinned reference it pulls.
        let instruction = match &step.digest {
            Some(digest) => format!("{}@{digest}", step.instruction),
            None => step.instruction.clone(),
        };
        Some(match prefix(step, self.stage_names) {
            p if p.is_empty() => instruction,
            p => format!("{p} {instruction}"),
        })
    }
}

/// buildx's first progress line, for the default builder.
const BUILDING: &str = "#0 building with \"default\" instance using docker driver\n\n";

fn load_definition(v: &mut Vertex<'_>, request: &BuildRequest<'_>) {
    let id = v.open("[internal] load build definition from Dockerfile");
    v.line(id, &format!("transferring dockerfile: {} done", human_size(request.dockerfile.len() as u64)));
    v.done(id, 0.0);
}

fn load_dockerignore(v: &mut Vertex<'_>, request: &BuildRequest<'_>) {
    let id = v.open("[internal] load .dockerignore");
    v.line(id, &format!("transferring context: {} done", human_size(request.context.dockerignore_size())));
    v.done(id, 0.0);
}

/// The progress of `docker build --check` (`--call=check`): the Dockerfile,
/// the metadata of every stage's base image, and the `.dockerignore`, which
/// the lint subrequest reads (dockerfile2llb `DockerfileLint` dispatches every
/// stage, `AllStages`, resolving each base's config); nothing is built.
pub fn check_progress(request: &BuildRequest<'_>) -> String {
    let mut out = String::from(BUILDING);
    let mut v = Vertex { out: &mut out, next: 0 };
    load_definition(&mut v, request);
    for base in check_bases(request) {
        let id = v.open(&format!("[internal] load metadata for {base}"));
        v.done(id, 0.4);
    }
    load_dockerignore(&mut v, request);
    out
}

/// Every stage's base image as the log names it, once each in file order:
/// not `scratch`, not an earlier stage, not a reference that does not parse.
fn check_bases(request: &BuildRequest<'_>) -> Vec<String> {
    use crate::expansion::scope::{expand_from, global_scope, BuildInputs};
    use crate::expansion::Lexer;
    let parsed = crate::syntax::parse(request.dockerfile);
    let file = crate::instructions::from_syntax(&parsed);
    let inputs = BuildInputs { build_args: request.build_args.clone(), ..BuildInputs::linux_amd64() };
    let lexer = Lexer::new(file.escape);
    let (global, _) = global_scope(&file, &inputs, &lexer);
    let mut bases: Vec<String> = Vec::new();
    for stage in &file.stages {
        let base = expand_from(stage, &global, &lexer).0.base;
        if base == "scratch" || file.base_stage(&base, stage.index).is_some() {
            continue;
        }
        if let Ok(reference) = crate::catalog::ImageRef::parse(&base) {
            let name = super::base::full_reference(&reference);
            if !bases.contains(&name) {
                bases.push(name);
            }
        }
    }
    bases
}

/// `image_id` is the image's id (`Image::id`), when the build made one.
pub(super) fn render(outcome: &BuildOutcome, request: &BuildRequest<'_>, image_id: &str) -> String {
    let mut out = String::from(BUILDING);
    let mut v = Vertex { out: &mut out, next: 0 };
    load_definition(&mut v, request);
    // Images (not earlier stages, whose names cannot hold a `/`) need their metadata.
    // A multi-platform build resolves each base once per platform (`[linux/arm64 internal]`).
    let mut bases: Vec<(String, &str)> = outcome
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Base && s.vertex)
        .map(|s| {
            let platform = s.platform.as_ref().map(|p| format!("{p} ")).unwrap_or_default();
            (platform, s.instruction.trim_start_matches("FROM "))
        })
        .collect();
    bases.dedup();
    for (platform, base) in bases {
        let id = v.open(&format!("[{platform}internal] load metadata for {base}"));
        v.done(id, 0.4);
    }
    // The failed vertex's name and stamped output, for the recap.
    let mut failed: Option<(String, Vec<String>)> = None;
    // A base the registry refuses fails its metadata vertex with the registry's answer.
    if let Some(BuildError::BaseImage { metadata: Some(reference), .. }) = &outcome.error {
        let name = format!("[internal] load metadata for {reference}");
        let id = v.open(&name);
        let _ = writeln!(v.out, "#{id} ERROR: {DENIED}");
        failed = Some((name, Vec::new()));
    }
    load_dockerignore(&mut v, request);

    let mut context_loaded = false;
    let last = outcome.steps.iter().rposition(|s| s.vertex);
    for (index, step) in outcome.steps.iter().enumerate().filter(|(_, s)| s.vertex) {
        let uses_context = step.instruction.starts_with("COPY") && !step.instruction.contains("--from=")
            || step.instruction.starts_with("ADD")
            // A bind mount of the context needs it too (convert_runmount.go adds its path to the context's).
            || step.mounts.iter().any(|m| m.source.as_deref().is_some_and(|s| s.starts_with("context:")));
        if uses_context && !context_loaded {
            context_loaded = true;
            let id = v.open("[internal] load build context");
            v.line(id, &format!("transferring context: {} done", human_size(request.context.size())));
            v.done(id, 0.0);
        }
        let name = outcome.vertex_name(step).unwrap_or_default();
        let id = v.open(&name);
        // A cached step prints nothing but CACHED, as in BuildKit.
        for note in step.notes.iter().filter(|_| !step.cached()) {
            v.line(id, &format!("NOTE: {note}"));
        }
        // BuildKit stamps each output line with the seconds since the step started.
        let count = step.output.len().max(1) as f64;
        let stamped: Vec<String> = step
            .output
            .iter()
            .enumerate()
            .map(|(i, line)| format!("{} {line}", failure::timestamp(0.1 + step.seconds * i as f64 / count)))
            .collect();
        for line in &stamped {
            v.line(id, line);
        }
        if step.cached() {
            let _ = writeln!(v.out, "#{id} CACHED");
        } else if outcome.error.is_some() && last == Some(index) {
            if let Some(error) = &outcome.error {
                let _ = writeln!(v.out, "#{id} ERROR: {}", error.vertex_message());
                failed = Some((name, stamped));
            }
        } else {
            v.done(id, step.seconds);
        }
    }
    match (&outcome.error, &outcome.image) {
        (Some(error), _) => {
            // progressui's plainDisplay.done: the failed vertex's recap; then
            // buildx: the warnings, the Dockerfile excerpt, the ERROR line
            // (cmd/buildx/main.go prints errdefs.Sources before `ERROR: %v`).
            if let Some((name, stamped)) = &failed {
                failure::recap(v.out, name, stamped);
            }
            warnings(v.out, outcome);
            failure::source_excerpt(v.out, "Dockerfile", request.dockerfile, error.span());
            let _ = writeln!(v.out, "{}", failure::error_line(&error.message()));
            if let Some(note) = error.note() {
                let _ = writeln!(v.out, "{}", failure::note_line(note));
            }
        }
        (None, Some(_)) => {
            let id = v.open("exporting to image");
            v.line(id, "exporting layers 0.1s done");
            v.line(id, &format!("writing image {image_id} done"));
            v.done(id, 0.1);
            warnings(v.out, outcome);
        }
        (None, None) => warnings(v.out, outcome),
    }
    out
}

/// Adds BuildKit's `naming to docker.io/library/app:latest done` lines to
/// the export step of a successful build's log, one per `-t` name.
pub fn add_names(log: &str, names: &[String]) -> String {
    let mut out = String::with_capacity(log.len() + names.len() * 64);
    for line in log.split_inclusive('\n') {
        out.push_str(line);
        if let Some((id, rest)) = line.split_once(' ') {
            if rest.starts_with("writing image ") && id.starts_with('#') {
                for name in names {
                    out.push_str(&format!("{id} naming to {name} done\n"));
                }
            }
        }
    }
    out
}

/// docker build lists build check warnings after the progress output, before
/// a failure's ERROR line (buildx's `printWarnings`).
fn warnings(out: &mut String, outcome: &BuildOutcome) {
    if outcome.warnings.is_empty() {
        return;
    }
    let count = outcome.warnings.len();
    let noun = if count == 1 { "warning" } else { "warnings" };
    let _ = writeln!(out, "\n {count} {noun} found (use docker --debug to expand):");
    for w in &outcome.warnings {
        let _ = writeln!(out, " - {}: {} (line {})", w.rule, w.message, w.line);
    }
}
