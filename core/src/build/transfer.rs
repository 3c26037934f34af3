//! COPY's and ADD's flags that reshape what their sources resolved to:
//! `--exclude`, `--parents`, ADD's `--checksum` checks and `--keep-git-dir`,
//! as BuildKit's `dockerfile2llb/convert_copy.go` (moby/buildkit 73ed6825)
//! and the Dockerfile reference (`frontend/dockerfile/docs/reference.md`:
//! `--exclude` since syntax 1.19, `--parents` since 1.20, both stable) say.

use super::sources::{remote, Remote, Resolution};
use crate::context::Dockerignore;
use crate::instructions::{Add, Instruction, Transfer};
use crate::layers::{normalize, Writer};
use std::collections::BTreeSet;

/// Applies `--exclude` and `--parents` to a resolution from the context or
/// a stage; `Err` is BuildKit's message for a flag it refuses.
pub(super) fn reshape(instruction: &Instruction, res: &mut Resolution<'_>) -> Result<(), String> {
    let (transfer, parents) = match instruction {
        Instruction::Copy(copy) => (&copy.transfer, copy.parents),
        Instruction::Add(add) => {
            checksum(add)?;
            (&add.transfer, false)
        }
        _ => return Ok(()),
    };
    exclude(transfer, res)?;
    if parents {
        keep_parents(transfer, res);
    }
    Ok(())
}

/// `--exclude=PATTERN`: files whose path under their source matches a
/// pattern are not copied, and not keyed (`llb.WithExcludePatterns`; the
/// patterns follow `.dockerignore`'s syntax).
fn exclude(transfer: &Transfer, res: &mut Resolution<'_>) -> Result<(), String> {
    if transfer.exclude.is_empty() {
        return Ok(());
    }
    let patterns = Dockerignore::from_patterns(&transfer.exclude).map_err(|e| e.to_string())?;
    let dropped: BTreeSet<String> =
        res.files.iter().filter(|p| patterns.is_ignored(&p.rel)).map(|p| p.path.clone()).collect();
    res.files.retain(|p| !dropped.contains(&p.path));
    res.key_files.retain(|k, _| !dropped.contains(k));
    res.key_sizes.retain(|k, _| !dropped.contains(k));
    Ok(())
}

/// `--parents`: each file keeps its path from the context root, or from a
/// `/./` pivot in its source (`convert_copy.go`: `strings.Cut(src, "/./")`).
fn keep_parents(transfer: &Transfer, res: &mut Resolution<'_>) {
    for placed in &mut res.files {
        let pivot = transfer.sources.iter().find_map(|s| {
            let (base, _) = s.split_once("/./")?;
            let base = base.trim_start_matches("./").trim_start_matches('/');
            let prefix = if base.is_empty() || base == "." { String::new() } else { format!("{base}/") };
            placed.path.strip_prefix(&prefix).map(str::to_string)
        });
        placed.rel = pivot.unwrap_or_else(|| placed.path.trim_start_matches('/').to_string());
    }
}

/// `convert_copy.go`: `--checksum` needs one source, an HTTP(S) or git one;
/// the value is an OCI digest (`digest.Parse`).
fn checksum(add: &Add) -> Result<(), String> {
    let Some(sum) = add.checksum.as_deref() else { return Ok(()) };
    if add.transfer.sources.len() != 1 {
        return Err("checksum can't be specified for multiple sources".into());
    }
    match add.transfer.sources.first().and_then(|s| remote(s)) {
        Some(Remote::Http { .. }) => digest_format(sum),
        Some(Remote::Git { .. }) => Ok(()),
        None => Err("checksum requires HTTP(S) or Git sources".into()),
    }
}

/// go-digest's `Parse` for the algorithms it knows: `sha256:` + 64 lower-case
/// hex digits (`sha384`: 96, `sha512`: 128).
fn digest_format(sum: &str) -> Result<(), String> {
    let Some((algorithm, hex)) = sum.split_once(':') else { return Err("invalid checksum digest format".into()) };
    let length = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return Err("unsupported digest algorithm".into()),
    };
    // go-digest `Validate`: the length first, then the characters.
    if hex.len() != length {
        return Err("invalid checksum digest length".into());
    }
    if !hex.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)) {
        return Err("invalid checksum digest format".into());
    }
    Ok(())
}

/// `ADD --keep-git-dir`: the clone keeps its `.git` directory
/// (`llb.KeepGitDir()`); without it BuildKit drops `.git`.
pub(super) fn keep_git_dir(
    add: &Add,
    res: &Resolution<'_>,
    writer: &mut Writer<'_>,
    workdir: &str,
    notes: &mut Vec<String>,
) {
    if add.keep_git_dir != Some(true) || !res.remotes.iter().any(|r| matches!(r, Remote::Git { .. })) {
        return;
    }
    let git = normalize(&normalize(workdir, &add.transfer.dest), ".git");
    writer.mkdir_p(&git);
    notes
        .push(format!("--keep-git-dir: the clone keeps its .git directory at {git} (its size is unknown: not cloned)"));
}

#[cfg(test)]
#[path = "transfer/tests.rs"]
mod tests;
