//! What a COPY or ADD step's sources resolve to, computed once per step: the
//! cache key reads the resolution, and a miss copies what it names.
//!
//! Sources are files of the build context (ADD extracts the archives among
//! them), files of an earlier stage, paths in an image (`COPY --from=nginx`),
//! URLs and git repositories (ADD only). Nothing is downloaded or pulled: what
//! the simulation cannot know (a URL's size, an image's files) is put in the
//! layer with its size left out, and said so in the step's notes.

use super::steps::{digest64, entry_digest, StageState, StepFailure};
use crate::catalog::{self, BaseImage};
use crate::context::{names_directly, Archive, BuildContext};
use crate::instructions::{Add, Dockerfile, Instruction, Transfer};
use crate::layers::{normalize, Entry};
use std::collections::BTreeMap;

/// A file to put under the destination.
#[derive(Debug, Clone)]
pub(super) struct Placed {
    /// Where it comes from (context path, or path in the source stage).
    pub path: String,
    /// Its path under the destination when copied into a directory.
    pub rel: String,
    pub entry: Entry,
}

/// A remote ADD source (never fetched by the simulation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Remote {
    /// `http(s)://…`: one file named after the URL path's last element.
    Http { url: String, name: String },
    /// A git repository, cloned into the destination directory.
    Git { url: String },
}

/// A path in an image that `COPY --from=<image>` names.
#[derive(Debug, Clone)]
pub(super) struct ImagePath {
    pub path: String,
    /// True when the catalog lists the tool this path is (`/usr/local/bin/python3`).
    pub known_file: bool,
}

/// Everything a COPY or ADD step's sources resolved to.
#[derive(Debug, Default)]
pub(super) struct Resolution<'c> {
    pub files: Vec<Placed>,
    /// Local ADD sources that are archives, extracted into the destination.
    pub archives: Vec<(String, &'c Archive)>,
    pub remotes: Vec<Remote>,
    /// `COPY --from=<image>`: the image and the paths named in it.
    pub image: Option<(catalog::Resolved, Vec<ImagePath>)>,
    /// COPY --from=stage: that stage's cache key.
    pub stage_key: Option<String>,
    /// The cache key's view of the sources: path → content digest.
    pub key_files: BTreeMap<String, String>,
    /// The sizes of `key_files` where known, to say how a changed file changed.
    pub key_sizes: BTreeMap<String, u64>,
    /// COPY from the context: where small text files come from, read only
    /// when the step runs (a cache hit replays the texts it stored).
    pub context: Option<&'c BuildContext>,
}

impl Resolution<'_> {
    /// How many things land under the destination (several means a directory).
    pub fn count(&self, transfer: &Transfer) -> usize {
        self.files.len()
            + self.archives.len()
            + self.remotes.len()
            + self.image.as_ref().map_or(0, |(_, paths)| paths.len())
            + transfer.inline.len()
    }
}

/// Resolves a COPY's or ADD's sources; other instructions resolve to nothing.
pub(super) fn resolve<'c>(
    instruction: &Instruction,
    context: &'c BuildContext,
    done: &BTreeMap<usize, StageState>,
    file: &Dockerfile,
) -> Result<Resolution<'c>, StepFailure> {
    let mut out = Resolution::default();
    match instruction {
        Instruction::Copy(copy) => match copy.from.as_deref() {
            Some(name) => match file.stage_by_ref(name) {
                Some(stage) => {
                    let Some(source) = done.get(&stage.index) else {
                        return Err(format!("stage {name} was not built").into());
                    };
                    out.stage_key = Some(source.key.clone());
                    out.files = stage_sources(source, &copy.transfer);
                    out.key_files = out.files.iter().map(|p| (p.path.clone(), entry_digest(&p.entry))).collect();
                    out.key_sizes = out.files.iter().map(|p| (p.path.clone(), p.entry.size())).collect();
                }
                None => {
                    // An image, not a stage: BuildKit pulls it (convert.go, toCommand's unregistered state).
                    let resolved = catalog::resolve(name).map_err(|e| StepFailure {
                        image: Some(Box::new((name.to_string(), e.clone()))),
                        ..StepFailure::from(e.to_string())
                    })?;
                    let paths: Vec<ImagePath> =
                        copy.transfer.sources.iter().map(|s| image_path(resolved.image, &normalize("/", s))).collect();
                    for p in &paths {
                        out.key_files.insert(p.path.clone(), format!("in {}", resolved.image.name));
                    }
                    out.image = Some((resolved, paths));
                }
            },
            None => {
                context_files(context, &copy.transfer, false, &mut out)?;
                out.context = Some(context);
            }
        },
        Instruction::Add(add) => {
            let mut local = Vec::new();
            for source in &add.transfer.sources {
                match remote(source) {
                    Some(remote) => {
                        let url = match &remote {
                            Remote::Http { url, .. } | Remote::Git { url } => url.clone(),
                        };
                        // BuildKit keys a URL on the downloaded file's checksum; the URL
                        // text (and --checksum) stands for it here.
                        let checksum = add.checksum.as_deref().unwrap_or("none");
                        out.key_files.insert(url, format!("not downloaded; --checksum {checksum}"));
                        out.remotes.push(remote);
                    }
                    None => local.push(source.clone()),
                }
            }
            let transfer = Transfer { sources: local, ..add.transfer.clone() };
            // ADD unpacks local archives unless `--unpack=false` (convert_copy.go: `unpack := cfg.isAddCommand`).
            let unpack = add.unpack.unwrap_or(true);
            context_files(context, &transfer, unpack, &mut out)?;
        }
        _ => {}
    }
    Ok(out)
}

/// BuildKit's error for a context source that names nothing: the checksum of
/// the context's ref fails (cache/contenthash/checksum.go wraps `%q: not
/// found` in `failed to calculate checksum of ref %s`), and the solver wraps
/// that in `failed to compute cache key`. The ref's id is random in BuildKit
/// (a session key `::` a ref id); here it is made from the path, so output
/// stays reproducible but keeps the shape.
fn missing_source(source: &str) -> String {
    let path = format!("/{}", source.trim_start_matches('/'));
    let h = digest64(path.as_bytes());
    let g = digest64(&h.to_le_bytes());
    let session = format!("{h:016x}{g:016x}");
    let alphabet = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let id: String = (0..25u32).map(|i| alphabet[((g.rotate_left(i * 7) ^ h) % 36) as usize] as char).collect();
    format!(
        "{}failed to calculate checksum of ref {}-{}-{}-{}-{}::{id}: \"{path}\": not found",
        super::report::CACHE_KEY_PREFIX,
        &session[0..8],
        &session[8..12],
        &session[12..16],
        &session[16..20],
        &session[20..32],
    )
}

/// Context files for each source, or Docker's error for a source that names nothing.
fn context_files<'c>(
    context: &'c BuildContext,
    transfer: &Transfer,
    unpack: bool,
    out: &mut Resolution<'c>,
) -> Result<(), StepFailure> {
    for source in &transfer.sources {
        let found = context.resolve_source(source);
        if found.is_empty() {
            let note = context
                .dockerignore()
                .and_then(|i| i.deciding_pattern(source.trim_start_matches('/')))
                .filter(|p| !p.exclusion)
                .map(|p| match p.line {
                    Some(line) => format!("\"{source}\" is excluded by .dockerignore line {line}: `{}`", p.text),
                    None => format!("\"{source}\" is excluded by .dockerignore: `{}`", p.text),
                });
            return Err(StepFailure { message: missing_source(source), note, ..StepFailure::default() });
        }
        for (path, rel, file) in found {
            out.key_files.insert(path.clone(), format!("{}:{:o}", file.digest, file.mode));
            out.key_sizes.insert(path.clone(), file.size);
            // Only a source that names the archive itself is unpacked; archives
            // inside a copied directory are copied as they are (unpack.go
            // checks each matched source, and a directory is not an archive).
            match &file.archive {
                Some(archive) if unpack && names_directly(source, &path) => out.archives.push((path, archive)),
                _ => {
                    let mut entry = Entry::file(file.size, digest64(file.digest.as_bytes()));
                    entry.mode = file.mode;
                    out.files.push(Placed { path, rel, entry });
                }
            }
        }
    }
    for inline in &transfer.inline {
        out.key_files.insert(format!("<<{}", inline.name), format!("{}", digest64(inline.content.as_bytes())));
        out.key_sizes.insert(format!("<<{}", inline.name), inline.content.len() as u64);
    }
    Ok(())
}

/// Files a `COPY --from=stage` source names in that stage's filesystem.
fn stage_sources(stage: &StageState, transfer: &Transfer) -> Vec<Placed> {
    let layers = &stage.layers;
    let mut out = Vec::new();
    for source in &transfer.sources {
        let path = normalize("/", source);
        match layers.get(&path) {
            Some(entry) if !entry.is_dir() => {
                let rel = path.rsplit('/').next().unwrap_or("").to_string();
                out.push(Placed { path: path.clone(), rel, entry: entry.clone() });
            }
            Some(_) => {
                let prefix = if path == "/" { "/".to_string() } else { format!("{path}/") };
                for (p, e) in layers.under(&path) {
                    if let Some(rest) = p.strip_prefix(&prefix) {
                        if !e.is_dir() {
                            out.push(Placed { path: p.clone(), rel: rest.to_string(), entry: e.clone() });
                        }
                    }
                }
            }
            None => {}
        }
    }
    out
}

/// The directories of the default `PATH` (BuildKit's `system.DefaultPathEnvUnix`).
const PATH_DIRS: &[&str] = &["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/// What the catalog knows of a path in an image: only whether it is one of
/// the image's listed tools. Sizes of an image's files are not in the catalog.
fn image_path(image: &BaseImage, path: &str) -> ImagePath {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let dir = if dir.is_empty() { "/" } else { dir };
    let known_file = PATH_DIRS.contains(&dir) && image.has(name);
    ImagePath { path: path.to_string(), known_file }
}

/// A URL or git source of ADD, as BuildKit tells them apart
/// (`convert_copy.go`: `isHTTPSource`, `isGitSource`; `dfgitutil.ParseGitRef`).
pub(super) fn remote(source: &str) -> Option<Remote> {
    if is_git(source) {
        return Some(Remote::Git { url: source.to_string() });
    }
    if source.starts_with("http://") || source.starts_with("https://") {
        // `path.Base(u.Path)`, or `__unnamed__` for a URL with no path.
        let path = url_path(source);
        let name = path.trim_end_matches('/').rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or("__unnamed__");
        return Some(Remote::Http { url: source.to_string(), name: name.to_string() });
    }
    None
}

/// The path of a URL: after the host, before `?` and `#`.
fn url_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    rest.find('/').map_or("", |i| &rest[i..])
}

/// Git remotes: `git://`, `ssh://`, scp-like `user@host:path`, and http(s)
/// URLs whose path ends in `.git` (`gitutil.ParseURL`; `github.com/x/y`
/// without a scheme is deprecated and read as a local path by ADD).
fn is_git(source: &str) -> bool {
    if source.starts_with("git://") || source.starts_with("ssh://") {
        return true;
    }
    if source.starts_with("http://") || source.starts_with("https://") {
        return url_path(source).ends_with(".git");
    }
    // scp-like: `[A-Za-z0-9_-]+@[A-Za-z0-9.-]+:path`.
    let Some((user, rest)) = source.split_once('@') else { return false };
    let Some((host, _)) = rest.split_once(':') else { return false };
    !user.is_empty()
        && user.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !host.is_empty()
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// The contents of small text files a COPY puts in the image, by image path.
/// Small text files a COPY from the context places, by image path (for
/// later RUNs to read: `pip install -r requirements.txt`).
pub(super) fn small_texts(workdir: &str, transfer: &Transfer, res: &Resolution<'_>) -> Vec<(String, String)> {
    let Some(context) = res.context else { return Vec::new() };
    let dest = normalize(workdir, &transfer.dest);
    let into_dir = copies_into_dir(transfer, res);
    res.files
        .iter()
        .filter_map(|p| {
            let text = context.get(&p.path)?.text.clone()?;
            Some((if into_dir { normalize(&dest, &p.rel) } else { dest.clone() }, text))
        })
        .collect()
}

/// A destination is a directory when it ends with `/`, or several things go
/// there, or a source is a directory.
pub(super) fn copies_into_dir(transfer: &Transfer, res: &Resolution<'_>) -> bool {
    transfer.dest.ends_with('/')
        || transfer.dest == "."
        || res.count(transfer) > 1
        || res.files.iter().any(|p| !p.path.ends_with(p.rel.as_str()) || p.rel.contains('/'))
}

/// `ADD --checksum`'s note, for the reason text: what keys a URL here.
pub(super) fn url_key_note(add: &Add) -> Option<String> {
    add.transfer.sources.iter().any(|s| remote(s).is_some()).then(|| {
        let with_checksum = if add.checksum.is_some() { " and its --checksum" } else { "" };
        format!(
            "BuildKit keys a URL on the checksum of the downloaded file; Layerlab downloads nothing, so the URL text{with_checksum} stands for it"
        )
    })
}
