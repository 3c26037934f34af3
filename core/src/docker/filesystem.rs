//! The commands over a container's files: `docker diff`, `commit`, `cp`,
//! `export` and `import`, with docker/cli v29.7.2's flags and texts
//! (`cli/command/container/{diff,commit,cp,export}.go`,
//! `cli/command/image/import.go`).
//!
//! Simulated files have a size and a digest but no contents, so `export`
//! writes Layerlab's own JSON listing (as `docker save` does, see
//! `engine::archive`), which `import` reads back; `cp` into a container
//! takes a host file's size and digest, and `cp` out of one cannot write
//! contents it does not have — it says so rather than write a fake file.

use super::flags::{flag, unmodelled, Arity, Parsed, Spec, Takes};
use super::{Ctx, Output};
use crate::engine::containers::{kind_name, CommitOptions, FileInfo};
use crate::layers::{Entry, Kind};
use serde_json::{json, Value};

pub const DIFF: Spec = Spec {
    path: "docker diff",
    usage: "CONTAINER",
    short: "Inspect changes to files or directories on a container's filesystem",
    flags: &[],
    arity: Arity::Exact(1),
    interspersed: true,
};
pub const CONTAINER_DIFF: Spec = Spec { path: "docker container diff", ..DIFF };

/// `docker diff`: `C /tmp`, `A /tmp/x`, `D /etc/motd`, one per line
/// (the CLI's default format `{{.Type}} {{.Path}}`).
pub fn diff(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    match ctx.engine.diff(&p.args[0], ctx.now) {
        Ok(changes) => Output::ok(changes.iter().map(|c| format!("{} {}\n", c.kind.letter(), c.path)).collect()),
        Err(e) => Output::engine_error(e),
    }
}

pub const COMMIT: Spec = Spec {
    path: "docker commit",
    usage: "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
    short: "Create a new image from a container's changes",
    flags: &[
        flag("author", Some('a'), Takes::Value, "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")"),
        flag("change", Some('c'), Takes::Values, "Apply Dockerfile instruction to the created image"),
        flag("message", Some('m'), Takes::Value, "Commit message"),
        flag("no-pause", None, Takes::Bool, "Disable pausing container during commit"),
        flag("pause", Some('p'), Takes::Bool, "Pause container during commit (deprecated: use --no-pause instead)"),
    ],
    arity: Arity::Range(1, 2),
    // docker/cli: `flags.SetInterspersed(false)`.
    interspersed: false,
};
pub const CONTAINER_COMMIT: Spec = Spec { path: "docker container commit", ..COMMIT };

/// `docker commit`: the new image's `sha256:` id on stdout.
pub fn commit(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    if p.on("no-pause") && p.value("pause").is_some() {
        return Output::error("conflicting options: --no-pause and --pause cannot be used together".into(), 1);
    }
    let options = CommitOptions {
        tag: p.args.get(1).cloned(),
        comment: p.value("message").unwrap_or_default().to_string(),
        author: p.value("author").unwrap_or_default().to_string(),
        changes: p.values("change").to_vec(),
    };
    match ctx.engine.commit(&p.args[0], &options, ctx.now) {
        Ok(id) => Output::ok(format!("{id}\n")),
        Err(e) => Output::engine_error(e),
    }
}

pub const CP: Spec = Spec {
    path: "docker cp",
    usage: "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
    short: "Copy files/folders between a container and the local filesystem",
    flags: &[
        unmodelled("archive", Some('a'), Takes::Bool, "Archive mode (copy all uid/gid information)"),
        unmodelled("follow-link", Some('L'), Takes::Bool, "Always follow symlinks in SRC_PATH"),
        flag("quiet", Some('q'), Takes::Bool, "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached"),
    ],
    arity: Arity::Exact(2),
    interspersed: true,
};
pub const CONTAINER_CP: Spec = Spec { path: "docker container cp", ..CP };

/// docker/cli's `splitCpArg`: `NAME:PATH` names a container unless the
/// part before the colon holds a `/` or the word starts with `.` or `/`.
fn split_cp_arg(arg: &str) -> (Option<&str>, &str) {
    if arg.starts_with('/') || arg.starts_with('.') {
        return (None, arg);
    }
    match arg.split_once(':') {
        Some((container, path)) if !container.contains('/') => (Some(container), path),
        _ => (None, arg),
    }
}

fn digest_of(bytes: &[u8]) -> u64 {
    use sha2::Digest;
    let d = sha2::Sha256::digest(bytes);
    u64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
}

/// `docker cp` both ways. Success prints nothing, as the CLI does when its
/// output is not a terminal (`quiet`).
pub fn cp(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let (source, dest) = (&p.args[0], &p.args[1]);
    if source.is_empty() {
        return Output::error("source can not be empty".into(), 1);
    }
    if dest.is_empty() {
        return Output::error("destination can not be empty".into(), 1);
    }
    match (split_cp_arg(source), split_cp_arg(dest)) {
        ((Some(_), _), (Some(_), _)) => Output::error("copying between containers is not supported".into(), 1),
        ((None, _), (None, _)) => Output::error("must specify at least one container source".into(), 1),
        ((Some(container), path), (None, host_path)) => copy_out(ctx, container, path, host_path),
        ((None, host_path), (Some(container), path)) => copy_in(ctx, host_path, container, path),
    }
}

fn copy_out(ctx: &mut Ctx<'_>, container: &str, path: &str, host_path: &str) -> Output {
    let files = match ctx.engine.container_files(container, path, ctx.now) {
        Ok(f) => f,
        Err(e) => return Output::engine_error(e),
    };
    let size: u64 = files.iter().map(|f| f.entry.size()).sum();
    let what = if host_path == "-" { "a tar stream on stdout".to_string() } else { host_path.to_string() };
    Output {
        stderr: format!(
            "# layerlab: {} ({} {}, {}) would be copied to {what}; simulated files have sizes but no contents, so nothing was written\n",
            crate::layers::normalize("/", path),
            files.len(),
            if files.len() == 1 { "entry" } else { "entries" },
            crate::units::human_size_precision(size, 3)
        ),
        ..Output::default()
    }
}

fn copy_in(ctx: &mut Ctx<'_>, host_path: &str, container: &str, path: &str) -> Output {
    if host_path == "-" {
        return Output::error("layerlab: docker cp - (a tar stream on stdin) is not simulated".into(), 125);
    }
    let name = host_path.trim_end_matches('/').rsplit('/').next().unwrap_or(host_path).to_string();
    let files: Vec<(String, u64, u64)> = match ctx.host.read_text(host_path) {
        Ok(text) => vec![(String::new(), text.len() as u64, digest_of(text.as_bytes()))],
        Err(_) => match ctx.host.context_files(host_path) {
            Ok(files) if !files.is_empty() => {
                files.into_iter().map(|(rel, f)| (rel, f.size, digest_of(f.digest.as_bytes()))).collect()
            }
            _ => return Output::error(format!("lstat {host_path}: no such file or directory"), 1),
        },
    };
    match ctx.engine.copy_in(container, &name, &files, path, ctx.now) {
        Ok(()) => Output::ok(String::new()),
        Err(e) => Output::engine_error(e),
    }
}

pub const EXPORT: Spec = Spec {
    path: "docker export",
    usage: "[OPTIONS] CONTAINER",
    short: "Export a container's filesystem as a tar archive",
    flags: &[flag("output", Some('o'), Takes::Value, "Write to a file, instead of STDOUT")],
    arity: Arity::Exact(1),
    interspersed: true,
};
pub const CONTAINER_EXPORT: Spec = Spec { path: "docker container export", ..EXPORT };

/// The export's marker key and version.
pub const EXPORT_FORMAT: &str = "layerlab-container-export";

fn file_json(f: &FileInfo) -> Value {
    let mut v = json!({"Path": f.path, "Type": kind_name(&f.entry), "Mode": format!("{:o}", f.entry.mode)});
    if let Kind::File { size, digest } = f.entry.kind {
        v["Size"] = json!(size);
        v["Digest"] = json!(format!("{digest:016x}"));
    }
    if let Kind::Symlink { target } = &f.entry.kind {
        v["Target"] = json!(target);
    }
    v
}

/// `docker export [-o FILE] CONTAINER`: the container's whole filesystem,
/// flattened, as Layerlab's JSON listing.
pub fn export(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let files = match ctx.engine.export(&p.args[0], ctx.now) {
        Ok(f) => f,
        Err(e) => return Output::engine_error(e),
    };
    let text = format!(
        "{}\n",
        serde_json::to_string_pretty(&json!({
            EXPORT_FORMAT: 1,
            "note": "Written by Layerlab's simulated `docker export`: the container's files with sizes and digests, no contents. Read it with Layerlab's `docker import`.",
            "files": files.iter().map(file_json).collect::<Vec<_>>(),
        }))
        .unwrap_or_default()
    );
    match p.value("output") {
        Some(path) => match ctx.host.write_file(path, text.as_bytes()) {
            Ok(()) => Output::ok(String::new()),
            Err(e) => Output::error(format!("failed to export container: {e}"), 1),
        },
        None => Output::ok(text),
    }
}

pub const IMPORT: Spec = Spec {
    path: "docker import",
    usage: "[OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
    short: "Import the contents from a tarball to create a filesystem image",
    flags: &[
        flag("change", Some('c'), Takes::Values, "Apply Dockerfile instruction to the created image"),
        flag("message", Some('m'), Takes::Value, "Set commit message for imported image"),
        unmodelled("platform", None, Takes::Value, "Set platform if server is multi-platform capable"),
    ],
    arity: Arity::Range(1, 2),
    interspersed: true,
};
pub const IMAGE_IMPORT: Spec = Spec { path: "docker image import", ..IMPORT };

fn files_from(text: &str) -> Result<Vec<FileInfo>, String> {
    let v: Value = serde_json::from_str(text).map_err(|_| "archive/tar: invalid tar header".to_string())?;
    if v.get(EXPORT_FORMAT).is_none() {
        return Err("archive/tar: invalid tar header".to_string());
    }
    let files = v["files"].as_array().cloned().unwrap_or_default();
    Ok(files
        .iter()
        .filter_map(|f| {
            let path = f["Path"].as_str()?.to_string();
            let mode = u32::from_str_radix(f["Mode"].as_str().unwrap_or("644"), 8).unwrap_or(0o644);
            let kind = match f["Type"].as_str()? {
                "dir" => Kind::Dir,
                "symlink" => Kind::Symlink { target: f["Target"].as_str().unwrap_or_default().to_string() },
                _ => Kind::File {
                    size: f["Size"].as_u64().unwrap_or(0),
                    digest: u64::from_str_radix(f["Digest"].as_str().unwrap_or("0"), 16).unwrap_or(0),
                },
            };
            Some(FileInfo { path, entry: Entry { kind, mode, uid: 0, gid: 0 } })
        })
        .collect())
}

/// `docker import FILE [REPOSITORY[:TAG]]`: a one-layer image from an
/// export; its `sha256:` id on stdout. The CLI streams a file to the daemon
/// as `-`, hence the history row's `Imported from -`.
pub fn import(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let source = &p.args[0];
    if source == "-" || source.contains("://") {
        return Output::error(
            "layerlab: docker import reads a file written by docker export (stdin and URLs are not simulated)".into(),
            125,
        );
    }
    let text = match ctx.host.read_text(source) {
        Ok(t) => t,
        Err(e) => return Output::error(format!("open {source}: {e}"), 1),
    };
    let files = match files_from(&text) {
        Ok(f) => f,
        Err(e) => return Output::daemon_error(e),
    };
    let tag = p.args.get(1).map(String::as_str);
    match ctx.engine.import(&files, tag, p.value("message").unwrap_or_default(), p.values("change"), ctx.now) {
        Ok(id) => Output::ok(format!("{id}\n")),
        Err(e) => Output::engine_error(e),
    }
}
