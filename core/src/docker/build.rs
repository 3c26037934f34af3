//! `docker build`: reads the context through the host, runs the simulated
//! BuildKit build on the engine's cache, stores and tags the image.
//! The plain progress log goes to stderr, as Docker prints it; `--json`
//! (Layerlab's own flag) prints the build report on stdout instead.

use super::flags::{flag, unmodelled, Arity, Parsed, Spec, Takes};
use super::{Ctx, Output};
use crate::build::{error_line, BuildRequest};
use crate::context::BuildContext;
use crate::engine::normalize_tag;
use std::collections::BTreeMap;

const FLAGS: &[super::flags::Flag] = &[
    flag(
        "allow",
        None,
        Takes::Values,
        "Allow extra privileged entitlement (e.g., \"network.host\", \"security.insecure\")",
    ),
    flag("build-arg", None, Takes::Values, "Set build-time variables"),
    unmodelled("build-context", None, Takes::Values, "Additional build contexts (e.g., name=path)"),
    flag("builder", None, Takes::Value, "Override the configured builder instance"),
    flag(
        "cache-from",
        None,
        Takes::Values,
        "External cache sources (e.g., \"user/app:cache\", \"type=local,src=path/to/dir\")",
    ),
    flag(
        "cache-to",
        None,
        Takes::Values,
        "Cache export destinations (e.g., \"user/app:cache\", \"type=local,dest=path/to/dir\")",
    ),
    flag("call", None, Takes::Value, "Set method for evaluating build (\"check\", \"outline\", \"targets\")"),
    unmodelled("cgroup-parent", None, Takes::Value, "Set the parent cgroup for the \"RUN\" instructions during build"),
    flag("check", None, Takes::Bool, "Shorthand for \"--call=check\""),
    flag("file", Some('f'), Takes::Value, "Name of the Dockerfile (default: \"PATH/Dockerfile\")"),
    unmodelled("iidfile", None, Takes::Value, "Write the image ID to a file"),
    flag("json", None, Takes::Bool, "Print the build report as one JSON object (Layerlab)"),
    unmodelled("label", None, Takes::Values, "Set metadata for an image"),
    flag("load", None, Takes::Bool, "Shorthand for \"--output=type=docker\""),
    unmodelled("metadata-file", None, Takes::Value, "Write build result metadata to a file"),
    unmodelled("network", None, Takes::Value, "Set the networking mode for the \"RUN\" instructions during build"),
    flag("no-cache", None, Takes::Bool, "Do not use cache when building the image"),
    unmodelled("no-cache-filter", None, Takes::Values, "Do not cache specified stages"),
    unmodelled("output", Some('o'), Takes::Values, "Output destination (format: \"type=local,dest=path\")"),
    flag("platform", None, Takes::Values, "Set target platform for build"),
    flag("progress", None, Takes::Value, "Set type of progress output (\"auto\", \"plain\", \"tty\", \"quiet\")"),
    unmodelled("provenance", None, Takes::Value, "Shorthand for \"--attest=type=provenance\""),
    unmodelled("pull", None, Takes::Bool, "Always attempt to pull all referenced images"),
    flag("push", None, Takes::Bool, "Shorthand for \"--output=type=registry\""),
    flag("quiet", Some('q'), Takes::Bool, "Suppress the build output and print image ID on success"),
    unmodelled("sbom", None, Takes::Value, "Shorthand for \"--attest=type=sbom\""),
    flag("secret", None, Takes::Values, "Secret to expose to the build (format: \"id=mysecret[,src=/local/secret]\")"),
    unmodelled("shm-size", None, Takes::Value, "Shared memory size for build containers"),
    flag(
        "ssh",
        None,
        Takes::Values,
        "SSH agent socket or keys to expose to the build (format: \"default|<id>[=<socket>|<key>[,<key>]]\")",
    ),
    flag("tag", Some('t'), Takes::Values, "Name and optionally a tag (format: \"name:tag\")"),
    flag("target", None, Takes::Value, "Set the target build stage to build"),
    unmodelled("ulimit", None, Takes::Values, "Ulimit options"),
];

pub const BUILD: Spec = Spec {
    path: "docker build",
    usage: "[OPTIONS] PATH | URL | -",
    short: "Build an image from a Dockerfile",
    flags: FLAGS,
    arity: Arity::Exact(1),
    interspersed: true,
};
pub const IMAGE_BUILD: Spec = Spec { path: "docker image build", ..BUILD };
pub const BUILDX_BUILD: Spec = Spec { path: "docker buildx build", ..BUILD };

/// `dir` + `name`, `/`-joined, without doubling separators.
fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() || dir == "." {
        name.to_string()
    } else {
        format!("{}/{name}", dir.trim_end_matches('/'))
    }
}

pub fn build(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let mut out = run_build(ctx, p);
    // buildx sends `-f`'s base name as the frontend's `filename` (build/opt.go),
    // which names the first vertex (dockerui/config.go `ReadEntrypoint`).
    // The frontend's source map carries that name too, so a failure's excerpt is headed by it.
    if let Some(name) = p.value("file").map(base_name).filter(|n| *n != "Dockerfile") {
        out.stderr = out.stderr.replacen(
            "[internal] load build definition from Dockerfile\n",
            &format!("[internal] load build definition from {name}\n"),
            1,
        );
        out.stderr = rename_excerpts(&out.stderr, name);
    }
    out
}

/// `Dockerfile:N` above an excerpt's rule, as `NAME:N`.
fn rename_excerpts(text: &str, name: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        let number = line.strip_prefix("Dockerfile:").map(|rest| rest.trim_end_matches('\n'));
        let ruled = lines.get(i + 1).is_some_and(|next| next.trim_end() == "--------------------");
        match number.filter(|n| ruled && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) {
            Some(n) => out.push_str(&format!("{name}:{n}\n")),
            None => out.push_str(line),
        }
    }
    out
}

/// Go's `filepath.Base` on a `/` path.
fn base_name(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    match trimmed.rsplit('/').next() {
        _ if path.is_empty() => ".",
        _ if trimmed.is_empty() => "/",
        Some(last) => last,
        None => trimmed,
    }
}

fn run_build(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let dir = p.args[0].as_str();
    if dir == "-" || dir.contains("://") || dir.starts_with("git@") {
        return Output::error(format!("layerlab: building from {dir} is not simulated; give a directory"), 125);
    }
    match p.value("progress").unwrap_or("auto") {
        "auto" | "plain" | "tty" | "quiet" | "rawjson" => {}
        other => return Output::error(format!("ERROR: invalid progress mode {other}"), 1),
    }
    let check = match super::check::call(p.on("check"), p.value("call")) {
        Ok(check) => check,
        Err(out) => return out,
    };
    // A check with a target lints only the stages it needs; Layerlab's checks run over every stage.
    if check.is_some() && p.value("target").is_some() {
        return Output::error(
            "layerlab: --check with --target is not simulated: Layerlab checks every stage".to_string(),
            125,
        );
    }
    // `docker build -t` checks every tag before anything runs.
    let mut tags = Vec::new();
    for tag in p.values("tag") {
        if let Err(e) = normalize_tag(tag) {
            return Output::error(
                format!("ERROR: {}", e.to_string().replace("Error parsing reference", "invalid tag")),
                1,
            );
        }
        tags.push(tag.clone());
    }
    let caches = match super::cache_flags::cache_options(ctx.engine, p, dir) {
        Ok(caches) => caches,
        Err(out) => return out,
    };
    let mut build_args = BTreeMap::new();
    for pair in p.values("build-arg") {
        match pair.split_once('=') {
            Some((k, v)) => {
                build_args.insert(k.to_string(), v.to_string());
            }
            // `--build-arg NAME` takes the value from the environment, or is dropped.
            None => {
                if let Some(v) = ctx.host.env_var(pair) {
                    build_args.insert(pair.clone(), v);
                }
            }
        }
    }
    let session = match super::build_session::session(ctx, p) {
        Ok(session) => session,
        Err(e) => return Output::error(format!("ERROR: {e}"), 1),
    };
    let files = match ctx.host.context_files(dir) {
        Ok(files) => files,
        // buildx wraps what RunBuild returns in `failed to build` (commands/build.go).
        Err(e) => {
            return Output::error(
                format!("ERROR: failed to build: unable to prepare context: path {dir:?} not found: {e}"),
                1,
            )
        }
    };
    let context = match BuildContext::from_context_files(files) {
        Ok(c) => c,
        Err(e) => return Output::error(error_line(&format!("failed to parse .dockerignore: {e}")), 1),
    };
    let dockerfile = match p.value("file") {
        Some(path) => match ctx.host.read_text(path) {
            Ok(text) => text,
            Err(e) => return Output::error(error_line(&format!("failed to read dockerfile: open {path}: {e}")), 1),
        },
        // The default Dockerfile is read from the context directory.
        None => match ctx.host.read_text(&join(dir, "Dockerfile")) {
            Ok(text) => text,
            Err(_) => {
                return Output::error(
                    error_line("failed to read dockerfile: open Dockerfile: no such file or directory"),
                    1,
                )
            }
        },
    };
    let request = BuildRequest {
        dockerfile: &dockerfile,
        context: &context,
        build_args,
        target: p.value("target").map(str::to_string),
        no_cache: p.on("no-cache"),
        session,
    };
    if let Some(how) = check {
        // buildx names the Dockerfile as given to -f, else PATH/Dockerfile (build/opt.go `dockerfileSrcName`).
        let name = p.value("file").map_or_else(|| join(dir, "Dockerfile"), str::to_string);
        return super::check::run(&request, &name, how);
    }
    // buildx's options, or a builder other than `default` (`docker build` is buildx's alias: it uses the current
    // builder). A one-platform build with cache flags stays on the cache path (`engine::cache_io`), which loads.
    let buildx = ["platform", "builder"].iter().any(|f| p.value(f).is_some()) || p.on("load") || p.on("push");
    let caching = !caches.from.is_empty() || !caches.to.is_empty();
    let multi = p.values("platform").iter().any(|v| v.contains(','));
    if multi || (!caching && (buildx || ctx.engine.builder(None).is_ok_and(|b| b.name != "default"))) {
        return super::buildx::build(ctx, p, &request, &tags);
    }
    let outcome = match ctx.engine.build_with_caches(&request, &tags, ctx.now, &caches) {
        Ok(outcome) => outcome,
        Err(e) => return Output::error(e.to_string(), 1),
    };
    let status = if outcome.error.is_some() { 1 } else { 0 };
    if p.on("json") {
        let report = crate::json::build_report(&outcome, &tags, &dockerfile);
        return Output {
            stdout: format!("{}\n", serde_json::to_string_pretty(&report).unwrap_or_default()),
            status,
            ..Output::default()
        };
    }
    let quiet = p.on("quiet") || p.value("progress") == Some("quiet");
    let mut out = Output { status, ..Output::default() };
    if quiet {
        match (&outcome.error, &outcome.image) {
            (None, Some(image)) => out.stdout = format!("{}\n", image.id()),
            _ => out.stderr = outcome.log,
        }
    } else {
        out.stderr = outcome.log;
    }
    out
}
