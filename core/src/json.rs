//! API boundary: the JSON shapes Layerlab prints (`layerlab parse --dump json`).
//! Only this module decides what is serialized, so internal types stay free
//! to change.

mod parse_dump;

pub use parse_dump::write_parse_dump;

use crate::syntax::Parsed;
use serde::Serialize;

/// The `--dump json` document: one array, one object per instruction.
pub fn parse_dump(parsed: &Parsed) -> String {
    let mut out = Vec::new();
    // Writing plain strings, numbers and bools into memory cannot fail.
    match write_parse_dump(parsed, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_else(|_| "[]".to_string()),
        Err(_) => "[]".to_string(),
    }
}

/// `{"type": "registry"|"local"|"inline", "ref": …}`: where an imported hit came from.
fn cache_from_json(source: &crate::build::cache_io::CacheSource) -> serde_json::Value {
    use crate::build::cache_io::CacheSource;
    let (kind, reference) = match source {
        CacheSource::Registry(r) => ("registry", r),
        CacheSource::Local(dir) => ("local", dir),
        CacheSource::Inline(r) => ("inline", r),
    };
    serde_json::json!({ "type": kind, "ref": reference })
}

/// `{"hit": bool, "cause": null | {"kind": K, ...}}`: a step's cache decision.
fn cache_json(decision: &crate::build::CacheDecision) -> serde_json::Value {
    use crate::build::{CacheDecision, MissCause};
    use serde_json::json;
    let cause = match decision {
        CacheDecision::Hit => return json!({ "hit": true, "cause": null }),
        CacheDecision::Miss(cause) => cause,
    };
    let body = match cause {
        MissCause::FirstBuild | MissCause::NoCache | MissCause::Pruned | MissCause::SourcesMissing => json!({}),
        MissCause::ParentMissed { step, line } => json!({ "step": step, "line": line }),
        MissCause::BaseChanged { before, after }
        | MissCause::InstructionChanged { before, after }
        | MissCause::UserChanged { before, after }
        | MissCause::WorkdirChanged { before, after } => json!({ "before": before, "after": after }),
        MissCause::SourceChanged { before, after } => json!({ "before": before, "after": after }),
        MissCause::FilesChanged { files } => json!({
            "files": files.iter().map(|f| json!({
                "path": f.path,
                "change": f.change.as_str(),
                "before": f.before,
                "after": f.after,
            })).collect::<Vec<_>>(),
        }),
        MissCause::MountChanged { target, files } => json!({
            "target": target,
            "files": files.iter().map(|f| json!({
                "path": f.path,
                "change": f.change.as_str(),
                "before": f.before,
                "after": f.after,
            })).collect::<Vec<_>>(),
        }),
        MissCause::BuildArgChanged { name, before, after } | MissCause::EnvChanged { name, before, after } => {
            json!({ "name": name, "before": before, "after": after })
        }
    };
    // `kind` first, so a reader sees what happened before the details.
    let mut ordered = serde_json::Map::new();
    ordered.insert("kind".into(), json!(cause.kind()));
    if let serde_json::Value::Object(fields) = body {
        ordered.extend(fields);
    }
    ordered.insert("words".into(), json!(cause.to_string()));
    json!({ "hit": false, "cause": ordered })
}

/// `layerlab build --json`: the image with its layers and their files, every
/// instruction's step (config-only ones too) with its kind, layer and typed
/// cache decision, the wasted copies, and the log. Docker's config keys; absent values are null.
pub fn build_report(outcome: &crate::build::BuildOutcome, tags: &[String], source: &str) -> serde_json::Value {
    use serde_json::{json, Value};
    let index = crate::span::LineIndex::new(source);
    let image = outcome.image.as_ref().map(|image| {
        let c = &image.config;
        let list = |v: &Option<Vec<String>>| v.as_ref().map_or(Value::Null, |v| json!(v));
        let set = |s: &std::collections::BTreeSet<String>| {
            if s.is_empty() {
                Value::Null
            } else {
                Value::Object(s.iter().map(|k| (k.clone(), json!({}))).collect())
            }
        };
        let text = |s: &str| if s.is_empty() { Value::Null } else { json!(s) };
        let layers: Vec<Value> = outcome
            .layers
            .iter()
            .enumerate()
            .map(|(i, layer)| {
                let files: Vec<Value> = image
                    .layer_files(i)
                    .iter()
                    .map(|f| json!({ "path": f.path, "change": f.change.as_str(), "size": f.size }))
                    .collect();
                json!({ "step": layer.step, "size": layer.size, "files": files })
            })
            .collect();
        json!({
            "id": image.id(),
            "tags": tags,
            "size": image.size(),
            "layers": layers,
            "config": {
                "Entrypoint": list(&c.entrypoint),
                "Cmd": list(&c.cmd),
                "Env": c.env.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(),
                "WorkingDir": text(&c.working_dir),
                "User": text(&c.user),
                "ExposedPorts": set(&c.exposed_ports),
                "Volumes": set(&c.volumes),
                "Labels": if c.labels.is_empty() { Value::Null } else { json!(c.labels) },
                "Shell": list(&c.shell),
                "StopSignal": c.stop_signal.as_ref().map_or(Value::Null, |s| json!(s)),
                "Healthcheck": c.healthcheck.as_ref().map_or(Value::Null, |h| json!({
                    "Test": h.test,
                    "Interval": h.interval,
                    "Timeout": h.timeout,
                    "StartPeriod": h.start_period,
                    "StartInterval": h.start_interval,
                    "Retries": h.retries,
                })),
                "OnBuild": if c.on_build.is_empty() { Value::Null } else { json!(c.on_build) },
            },
        })
    });
    let steps: Vec<Value> = outcome
        .steps
        .iter()
        .map(|s| {
            let mut step = json!({
                "kind": s.kind.as_str(),
                "stage": s.stage,
                "stage_index": s.stage_index,
                "instruction": s.instruction,
                "line": s.line,
                "layer": s.layer,
                "cache": s.cache.as_ref().map(cache_json),
                "cached": s.cached(),
                // A hit taken from an imported cache (`--cache-from`): its type and reference.
                "cache_from": s.hit_from.as_ref().map(cache_from_json),
                "reason": s.reason(),
                "size": s.size,
                "seconds": s.seconds,
                "notes": s.notes,
                // Paths the step added whose size the simulation cannot know (URLs, files of images).
                "unknown_size": s.unknown_size,
                // RUN --mount, resolved with BuildKit's defaults (Layerlab's field).
                "mounts": s.mounts.iter().map(|m| json!({
                    "type": m.kind.as_str(),
                    "target": m.target,
                    "id": m.id,
                    "source": m.source,
                    "readonly": m.read_only,
                    "sharing": m.sharing,
                })).collect::<Vec<_>>(),
            });
            // A multi-platform build's steps name their platform; a RUN under QEMU says so.
            if let Some(platform) = &s.platform {
                step["platform"] = json!(platform);
            }
            if s.emulated {
                step["emulated"] = json!(true);
            }
            step
        })
        .collect();
    let mut report = json!({
        "image": image,
        "steps": steps,
        "skipped_stages": outcome.skipped_stages,
        "wasted_bytes": outcome.wasted_bytes,
        "wasted": outcome.wasted.iter().map(|w| json!({
            "path": w.path,
            "size": w.size,
            "stored_by": w.stored_by,
            "hidden_by": w.hidden_by,
            "stored_line": w.stored_line,
            "hidden_line": w.hidden_line,
        })).collect::<Vec<_>>(),
        "efficiency": outcome.efficiency,
        "warnings": outcome.warnings.iter().map(|w| json!({ "rule": w.rule, "message": w.message, "line": w.line })).collect::<Vec<_>>(),
        "log": outcome.log,
    });
    if let Some(error) = &outcome.error {
        let at = index.line_col(source, error.span().start());
        report["error"] = json!({ "message": error.message(), "line": at.line, "column": at.col });
    }
    report
}

// ---------------------------------------------------------------------------
// The project format: what localStorage, share links and exported files hold.
//
// ```json
// { "format": "layerlab-project", "version": 1,
//   "open": "app.py", "target": null, "build_args": { "V": "1" },
//   "files": [ { "path": "Dockerfile", "mode": "0644", "text": "FROM …" },
//              { "path": "app.tar.gz", "mode": "0644", "base64": "H4sI…" },
//              { "path": "model.bin", "mode": "0644", "size": 73400320, "sha256": "sha256:…" } ] }
// ```
// A file has exactly one of `text` (UTF-8 up to 1 MiB), `base64` (other bytes
// up to 256 KiB) or `size` + `sha256` (larger files: what the build needs).
// `mode` is octal. Readers ignore keys they do not know and accept every
// older version; a newer version is refused with a message, never guessed.

/// The project format's current version.
pub const PROJECT_VERSION: u64 = 1;
const PROJECT_FORMAT: &str = "layerlab-project";

#[derive(Debug, Serialize, serde::Deserialize)]
struct ProjectJson {
    format: String,
    version: u64,
    #[serde(default)]
    open: Option<String>,
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    build_args: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    files: Vec<FileJson>,
}

#[derive(Debug, Serialize, serde::Deserialize)]
struct FileJson {
    path: String,
    #[serde(default = "default_mode")]
    mode: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    base64: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sha256: Option<String>,
}

fn default_mode() -> String {
    "0644".to_string()
}

/// Why a saved project could not be read. The text itself is never
/// discarded by the reader; the caller keeps it aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectFormatError {
    /// Not JSON, or not the shape of a project (serde's message, with line and column).
    Malformed {
        message: String,
        line: usize,
        column: usize,
    },
    NotAProject,
    /// Made by a newer Layerlab.
    NewerVersion(u64),
    /// A file entry that cannot be read (its path and why).
    BadFile {
        path: String,
        reason: String,
    },
}

impl std::fmt::Display for ProjectFormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProjectFormatError::Malformed { message, .. } => write!(f, "not a readable project: {message}"),
            ProjectFormatError::NotAProject => f.write_str("not a Layerlab project"),
            ProjectFormatError::NewerVersion(v) => write!(
                f,
                "this project was saved by a newer Layerlab (format version {v}; this one reads up to {PROJECT_VERSION})"
            ),
            ProjectFormatError::BadFile { path, reason } => write!(f, "file {path}: {reason}"),
        }
    }
}

/// The project as the versioned JSON document above.
pub fn project_to_json(project: &crate::playground::Project) -> String {
    use crate::playground::Contents;
    use base64::Engine as _;
    let files = project
        .files()
        .map(|(path, file)| {
            let mut entry = FileJson {
                path: path.clone(),
                mode: format!("{:04o}", file.mode),
                text: None,
                base64: None,
                size: None,
                sha256: None,
            };
            match &file.contents {
                Contents::Text(text) => entry.text = Some(text.clone()),
                Contents::Bytes(bytes) => entry.base64 = Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
                Contents::Summary { size, digest } => {
                    entry.size = Some(*size);
                    entry.sha256 = Some(digest.clone());
                }
            }
            entry
        })
        .collect();
    let doc = ProjectJson {
        format: PROJECT_FORMAT.to_string(),
        version: PROJECT_VERSION,
        open: Some(project.open.clone()),
        target: project.target.clone(),
        build_args: project.build_args.clone(),
        files,
    };
    // Strings, numbers and maps of strings always serialize.
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Reads a project saved by this or an older version of Layerlab.
pub fn project_from_json(text: &str) -> Result<crate::playground::Project, ProjectFormatError> {
    use crate::playground::{Project, ProjectFile};
    use base64::Engine as _;
    let doc: ProjectJson = serde_json::from_str(text).map_err(|e| ProjectFormatError::Malformed {
        message: e.to_string(),
        line: e.line(),
        column: e.column(),
    })?;
    if doc.format != PROJECT_FORMAT {
        return Err(ProjectFormatError::NotAProject);
    }
    if doc.version > PROJECT_VERSION {
        return Err(ProjectFormatError::NewerVersion(doc.version));
    }
    let mut project = Project::new("");
    for file in doc.files {
        let bad = |reason: &str| ProjectFormatError::BadFile { path: file.path.clone(), reason: reason.to_string() };
        let mode = u32::from_str_radix(file.mode.trim_start_matches("0o"), 8).map_err(|_| bad("mode is not octal"))?;
        let entry = match (&file.text, &file.base64, file.size, &file.sha256) {
            (Some(text), None, None, None) => ProjectFile::new(text.as_bytes(), mode),
            (None, Some(b64), None, None) => {
                let bytes = base64::engine::general_purpose::STANDARD.decode(b64).map_err(|_| bad("bad base64"))?;
                ProjectFile::new(&bytes, mode)
            }
            (None, None, Some(size), Some(digest)) if digest.starts_with("sha256:") => {
                ProjectFile::summary(size, digest, mode)
            }
            _ => return Err(bad("needs exactly one of text, base64, or size with sha256")),
        };
        project.insert(&file.path, entry).map_err(|e| bad(&e.to_string()))?;
    }
    project.build_args = doc.build_args;
    project.target = doc.target;
    if let Some(open) = doc.open.filter(|p| project.file(p).is_some()) {
        project.open = open;
    }
    Ok(project)
}

// ---------------------------------------------------------------------------
// Lint: `layerlab lint --json`
// ---------------------------------------------------------------------------

/// One finding of `layerlab lint --json`.
#[derive(Debug, Serialize)]
pub struct LintFindingJson<'a> {
    pub rule: &'static str,
    /// `buildkit`, `best-practice` or `engine`.
    pub source: &'static str,
    pub hadolint: Option<&'static str>,
    /// `warning` or `error`.
    pub severity: &'static str,
    /// The 1-based line the instruction starts on.
    pub line: usize,
    pub span: LintSpanJson,
    pub message: &'a str,
    pub description: &'static str,
    pub url: Option<&'static str>,
    /// The rule page's "why".
    pub explanation: &'static str,
    pub cost: Option<LintCostJson>,
    pub fix: Option<LintFixJson<'a>>,
}

/// 1-based lines and columns (columns in characters) of a byte span.
#[derive(Debug, Serialize)]
pub struct LintSpanJson {
    pub start_line: usize,
    pub start_col: usize,
    pub end_line: usize,
    pub end_col: usize,
}

/// What the engine measured; null where it measured nothing.
#[derive(Debug, Serialize)]
pub struct LintCostJson {
    pub bytes: Option<u64>,
    pub rebuilt_steps: Option<usize>,
    pub seconds: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct LintFixJson<'a> {
    pub text: &'a str,
    /// Empty when the fix needs a person's judgement.
    pub edits: Vec<LintEditJson<'a>>,
}

/// One edit, told apart by its `file`.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum LintEditJson<'a> {
    /// `"file": "Dockerfile"`: replace the span (an empty span inserts).
    Dockerfile { file: &'static str, span: LintSpanJson, replacement: &'a str },
    /// `"file": ".dockerignore"`: append these lines.
    Dockerignore { file: &'static str, append: &'a str },
}

/// The `layerlab lint --json` document: one array, one object per finding,
/// in the report's order. The report's notes and error are not part of it
/// (the CLI prints them on stderr).
pub fn lint_report(report: &crate::lint::LintReport, source: &str) -> String {
    let index = crate::span::LineIndex::new(source);
    let findings: Vec<LintFindingJson<'_>> = report.findings.iter().map(|f| lint_finding(f, source, &index)).collect();
    // Serializing plain strings, numbers and bools cannot fail.
    serde_json::to_string_pretty(&findings).unwrap_or_else(|_| "[]".to_string())
}

fn lint_finding<'a>(f: &'a crate::lint::Finding, source: &str, index: &crate::span::LineIndex) -> LintFindingJson<'a> {
    use crate::lint::Edit;
    let fix = f.fix.as_ref().map(|fix| LintFixJson {
        text: &fix.text,
        edits: fix
            .edits
            .iter()
            .map(|edit| match edit {
                Edit::Dockerfile { span, replacement } => {
                    LintEditJson::Dockerfile { file: "Dockerfile", span: lint_span(*span, source, index), replacement }
                }
                Edit::Dockerignore { append } => LintEditJson::Dockerignore { file: ".dockerignore", append },
            })
            .collect(),
    });
    LintFindingJson {
        rule: f.rule.name,
        source: f.rule.source.as_str(),
        hadolint: f.rule.hadolint,
        severity: f.rule.level.as_str(),
        line: f.line,
        span: lint_span(f.span, source, index),
        message: &f.message,
        description: f.rule.description,
        url: f.rule.url,
        explanation: f.rule.page().explanation,
        cost: f.cost.map(|c| LintCostJson { bytes: c.bytes, rebuilt_steps: c.rebuilt_steps, seconds: c.seconds }),
        fix,
    }
}

fn lint_span(span: crate::span::Span, source: &str, index: &crate::span::LineIndex) -> LintSpanJson {
    let start = index.line_col(source, span.start());
    let end = index.line_col(source, span.end());
    LintSpanJson { start_line: start.line, start_col: start.col, end_line: end.line, end_col: end.col }
}

// ---------------------------------------------------------------------------
// `layerlab run --dry-run --json` (engine::containers::dry_run).
// ---------------------------------------------------------------------------

/// The dry run of a `docker run` line as `layerlab run --dry-run --json` prints it.
pub fn dry_run_report(dry: &crate::engine::containers::DryRun) -> serde_json::Value {
    use serde_json::json;
    let ports: Vec<serde_json::Value> = dry
        .ports
        .iter()
        .map(|p| {
            json!({ "host_ip": p.host_ip, "host_port": p.host_port, "container_port": p.container_port, "protocol": p.protocol })
        })
        .collect();
    let story: &[crate::engine::containers::Step] = dry.setup.as_ref().map_or(&[], |s| &s.story);
    json!({
        "image": dry.image,
        "argv": dry.argv.iter().map(|w| w.word.as_str()).collect::<Vec<_>>(),
        "script_parameters": dry.script_parameters,
        "entrypoint": dry.entrypoint,
        "cmd": dry.cmd,
        "user": dry.user,
        "workdir": dry.workdir,
        "env": dry.env,
        "hostname": dry.hostname,
        "network": dry.network,
        "ports": ports,
        "warnings": dry.warnings,
        "pid1": dry.pid1,
        "pid1_summary": dry.pid1_summary(),
        "signals_reach_app": dry.signals_reach_app,
        "explanation": dry.explanation,
        "story": story.iter().map(|step| json!({
            "kind": format!("{:?}", step.kind),
            "actor": step.actor,
            "action": step.action,
            "effect": step.effect,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod lint_tests {
    use crate::context::BuildContext;
    use crate::lint::{lint, LintRequest};

    /// A `.dockerignore` edit is `{"file": ".dockerignore", "append": ...}`;
    /// a Dockerfile edit carries its span in lines and columns.
    #[test]
    fn lint_json_tells_edits_apart_by_file() {
        let source = "FROM alpine:3.20\nCOPY . .\n";
        let context = BuildContext::from_files(vec![(".env".to_string(), b"TOKEN=1\n".to_vec())]).expect("valid");
        let args = Default::default();
        let mut request = LintRequest::new(source, &args);
        request.context = Some(&context);
        let text = super::lint_report(&lint(&request), source);
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let secret = value
            .as_array()
            .and_then(|a| a.iter().find(|f| f["rule"] == "SecretInLayer"))
            .expect("SecretInLayer fires");
        let edits = secret["fix"]["edits"].as_array().expect("edits");
        let ignore = edits.iter().find(|e| e["file"] == ".dockerignore").expect("a .dockerignore edit");
        assert_eq!(
            ignore.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()),
            Some(vec!["file".into(), "append".into()])
        );
        assert!(ignore["append"].as_str().is_some_and(|a| a.contains(".env")), "{ignore}");
        assert_eq!(secret["span"]["start_line"], 2);
        assert_eq!(secret["source"], "engine");
    }
}
