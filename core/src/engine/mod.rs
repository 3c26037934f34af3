//! The simulated Docker daemon's image side: the images a build makes and
//! the base images it pulls, their tags, the build cache, and the commands
//! that read and change them (`docker images`, `history`, `tag`, `rmi`,
//! `pull`, `image prune`, `builder prune`, `system df`, `image inspect`),
//! each returning typed results (`docker::render` prints Docker's text), and
//! the typed events of what changed ([`events`]). Submodules: `pull.rs`
//! (catalog images), `remove.rs` (rmi and the image prunes), `inspect.rs`,
//! `history.rs`, `archive.rs` (save/load) and `containers/`.
//!
//! The engine reads no clock: every command takes `now`, seconds since the
//! Unix epoch, from the caller.

pub mod archive;
pub mod cache_io;
#[cfg(test)]
mod cache_io_tests;
pub mod containers;
pub mod events;
mod format;
mod history;
pub mod history_records;
mod inspect;
mod local;
pub mod pull;
pub mod registry;
mod remove;
#[cfg(test)]
mod tests;

pub use crate::units::{human_size, human_size4};
pub use events::{Event, PruneKind};
pub use format::{ago, ellipsis, human_duration, rfc3339, short_id, tabwrite};
pub use history::{built_history, config_created_by, HistoryEntry, BUILDKIT_COMMENT};
pub(crate) use inspect::config_json;
pub use pull::PullReport;
use pull::{base_history, base_layers};
pub use remove::{Removal, Removed};

use crate::build::{self, BuildCache, BuildOutcome, BuildRequest, Image, ImageConfig};
use crate::catalog::{self, BaseImage, ImageRef};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One layer the daemon stores: its digest (a DiffID) and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLayer {
    pub digest: String,
    pub size: u64,
}

/// An image in the daemon's store.
#[derive(Debug, Clone)]
pub struct StoredImage {
    /// `sha256:<64 hex>`.
    pub id: String,
    pub config: ImageConfig,
    pub size: u64,
    pub created: u64,
    /// Layers bottom first (the base's, then the build's).
    pub layers: Vec<StoredLayer>,
    /// History bottom first, empty-layer rows included.
    pub history: Vec<HistoryEntry>,
    /// The catalog image it was built `FROM` (`python:3.12-slim`), if any.
    pub parent_base: Option<String>,
    /// True for a base image pulled from the catalog.
    pub pulled: bool,
    /// The accounts in the image's /etc/passwd (for `--user NAME` and `USER`).
    pub users: BTreeSet<String>,
    /// The commands it has (a base's, plus what a build's RUNs installed), for
    /// a build `FROM` it.
    pub installed: BTreeSet<String>,
}

/// Docker's errors, with the CLI's text as their `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineError {
    /// `Error response from daemon: No such image: x:latest`.
    NoSuchImage(String),
    /// A reference that does not parse (`docker tag`, `docker build -t`).
    InvalidReference { reference: String, reason: String },
    /// An id that names an image with several tags, without `--force`.
    MultipleReferences { short_id: String },
    /// `docker pull` of a repository the catalog does not have.
    PullAccessDenied { repository: String },
    /// `docker pull scratch`.
    ReservedName(String),
    /// Containers, networks and volumes.
    Container(containers::ContainerError),
    /// [`Engine::add_built_image`] of a build that made no image.
    NoImage,
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::NoSuchImage(r) => write!(f, "Error response from daemon: No such image: {r}"),
            EngineError::InvalidReference { reference, reason } => {
                write!(f, "Error parsing reference: \"{reference}\" is not a valid repository/tag: {reason}")
            }
            EngineError::MultipleReferences { short_id } => write!(
                f,
                "Error response from daemon: conflict: unable to delete {short_id} (must be forced) - image is referenced in multiple repositories"
            ),
            EngineError::PullAccessDenied { repository } => write!(
                f,
                "Error response from daemon: pull access denied for {repository}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied"
            ),
            EngineError::ReservedName(name) => write!(f, "Error response from daemon: '{name}' is a reserved name"),
            EngineError::Container(e) => write!(f, "{e}"),
            EngineError::NoImage => f.write_str("the build did not produce an image"),
        }
    }
}

impl std::error::Error for EngineError {}

/// One row of `docker images`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRow {
    pub repository: String,
    pub tag: String,
    pub id: String,
    pub created: u64,
    pub size: u64,
}

/// `docker images` filters: `dangling=true|false` and a reference pattern
/// (`--filter reference=app*` or the `[REPOSITORY[:TAG]]` argument).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageFilter {
    pub dangling: Option<bool>,
    pub reference: Option<String>,
}

impl ImageFilter {
    /// Docker matches the pattern with Go's `path.Match` against the familiar
    /// name, with the tag when the pattern has one (moby's `image/list.go`).
    fn matches_reference(&self, row: &ImageRow) -> bool {
        let Some(pattern) = &self.reference else { return true };
        if row.repository == "<none>" {
            return false;
        }
        let has_tag = pattern.rsplit_once(':').is_some_and(|(_, t)| !t.contains('/'));
        let name = if has_tag { format!("{}:{}", row.repository, row.tag) } else { row.repository.clone() };
        crate::context::glob_matches(pattern, &name)
    }
}

/// One row of `docker system df`: how many, how many in use, bytes, bytes a prune would free.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DfRow {
    pub total: usize,
    pub active: usize,
    pub size: u64,
    pub reclaimable: u64,
}

/// `docker system df`: the daemon's disk use by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiskUsage {
    pub images: DfRow,
    pub containers: DfRow,
    pub volumes: DfRow,
    /// Every record counts as reclaimable (`active` is always 0).
    pub build_cache: DfRow,
}

/// One row of `docker history`, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    /// The image's id on the top row; `None` (shown `<missing>`) below it,
    /// since BuildKit keeps no intermediate images.
    pub image: Option<String>,
    pub entry: HistoryEntry,
}

/// The simulated daemon.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    images: BTreeMap<String, StoredImage>,
    /// `repo:tag` → image id.
    tags: BTreeMap<String, String>,
    cache: BuildCache,
    /// Bytes the build cache holds (the layers its steps made).
    cache_bytes: u64,
    /// Containers, networks and volumes.
    runtime: containers::Runtime,
    /// The simulated registries and the logins (`registry.rs`).
    registries: registry::Registries,
    /// Exported build caches and the build history (`cache_io.rs`).
    cache_io: cache_io::CacheStore,
}

/// `app` → `app:latest`; Docker's parse errors otherwise.
pub fn normalize_tag(reference: &str) -> Result<String, EngineError> {
    let parsed = ImageRef::parse(reference)
        .map_err(|e| EngineError::InvalidReference { reference: reference.to_string(), reason: e.to_string() })?;
    if parsed.digest.is_some() {
        return Err(EngineError::InvalidReference {
            reference: reference.to_string(),
            reason: "a tag cannot be a digest".to_string(),
        });
    }
    Ok(parsed.familiar())
}

/// `repo:tag` split at the tag's colon (a registry port is kept in the repository).
fn split_tag(tag: &str) -> (String, String) {
    let last_slash = tag.rfind('/').map_or(0, |i| i + 1);
    match tag[last_slash..].rfind(':') {
        Some(i) => (tag[..last_slash + i].to_string(), tag[last_slash + i + 1..].to_string()),
        None => (tag.to_string(), "latest".to_string()),
    }
}

/// A 25-character lower-case id like BuildKit's cache record ids, derived
/// from the step's cache key so listings are deterministic.
fn cache_record_id(key: &str) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    Sha256::digest(key.as_bytes()).iter().take(25).map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

fn sha256(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for part in parts {
        h.update(part);
        h.update([0]);
    }
    format!("sha256:{:x}", h.finalize())
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// The events recorded since the last call, oldest first (see [`events`]).
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.runtime.events)
    }

    fn emit(&mut self, event: Event) {
        self.runtime.events.push(event);
    }

    pub fn cache(&self) -> &BuildCache {
        &self.cache
    }

    pub fn image(&self, id: &str) -> Option<&StoredImage> {
        self.images.get(id)
    }

    /// Every image, by id.
    pub fn images_by_id(&self) -> &BTreeMap<String, StoredImage> {
        &self.images
    }

    /// The tags an image holds, sorted.
    pub fn tags_of(&self, id: &str) -> Vec<String> {
        self.tags.iter().filter(|(_, v)| v.as_str() == id).map(|(k, _)| k.clone()).collect()
    }

    /// Images with no tag (`<none>:<none>`).
    pub fn dangling(&self) -> Vec<String> {
        self.images.keys().filter(|id| self.tags_of(id).is_empty()).cloned().collect()
    }

    /// Points `tag` at `id`; the image that held it keeps its other tags or dangles.
    fn set_tag(&mut self, tag: String, id: &str) {
        self.tags.insert(tag, id.to_string());
    }

    /// Finds an image by `repo:tag`, full id or id prefix (at least one hex digit).
    pub fn resolve(&self, reference: &str) -> Result<String, EngineError> {
        if let Ok(tag) = normalize_tag(reference) {
            if let Some(id) = self.tags.get(&tag) {
                return Ok(id.clone());
            }
        }
        let hex = reference.strip_prefix("sha256:").unwrap_or(reference);
        if !hex.is_empty() && hex.len() <= 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let matches: Vec<&String> =
                self.images.keys().filter(|id| id.strip_prefix("sha256:").unwrap_or(id).starts_with(hex)).collect();
            if matches.len() == 1 {
                return Ok(matches[0].clone());
            }
        }
        Err(EngineError::NoSuchImage(normalize_tag(reference).unwrap_or_else(|_| reference.to_string())))
    }

    /// `docker build -t tag …`: runs the build against the engine's cache, pulls
    /// the base images it uses and stores and tags the image. A tag another
    /// image held moves; that image dangles (`<none>:<none>`) if it has no other tag.
    /// Tags that do not parse are skipped (see [`normalize_tag`] to check them first).
    pub fn build(&mut self, request: &BuildRequest<'_>, tags: &[String], now: u64) -> BuildOutcome {
        self.build_importing(request, tags, now, &[]).0
    }

    /// [`Engine::build`] over the builder's cache with imported caches behind
    /// it (`--cache-from`); also returns every completed step's key, for exports.
    fn build_importing(
        &mut self,
        request: &BuildRequest<'_>,
        tags: &[String],
        now: u64,
        imports: &[(build::cache_io::CacheSource, &build::cache_io::ExportedCache)],
    ) -> (BuildOutcome, Vec<build::cache_io::StepKey>) {
        let entries_before = self.cache.len();
        let local = local::LocalStore { images: &self.images, tags: &self.tags };
        let mut cache = build::cache_io::Importing::new(&mut self.cache, imports);
        let mut outcome = build::build_on(request, &mut cache, &local);
        let (keys, pulled) = cache.finish(&mut outcome);
        // The layers imported hits brought into the builder's cache.
        self.cache_bytes += pulled;
        // The cache grew by the steps that ran; count their layers once.
        let ran: Vec<u64> = outcome.steps.iter().filter(|s| s.rebuilt()).map(|s| s.size).collect();
        let added = self.cache.len().saturating_sub(entries_before);
        if added > 0 && !ran.is_empty() {
            let total: u64 = ran.iter().sum();
            self.cache_bytes += (total as u128 * added.min(ran.len()) as u128 / ran.len() as u128) as u64;
        }
        let parent_base = self.pull_bases(&outcome, now);
        let Some(image) = &outcome.image else {
            return (outcome, keys);
        };
        if outcome.error.is_some() {
            return (outcome, keys);
        }
        let names: Vec<String> = tags
            .iter()
            .filter_map(|t| ImageRef::parse(t).ok())
            .map(|r| format!("{}/{}:{}", r.registry, r.path, r.tag.as_deref().unwrap_or("latest")))
            .collect();
        let stored = self.stored_from_build(image, parent_base, now);
        let id = stored.id.clone();
        outcome.log = build::add_names(&outcome.log, &names);
        // A rebuild that changes nothing keeps the id and the first creation time.
        self.images.entry(id.clone()).or_insert(stored);
        let mut given = Vec::new();
        for tag in tags {
            if let Ok(tag) = normalize_tag(tag) {
                self.set_tag(tag.clone(), &id);
                given.push(tag);
            }
        }
        self.emit(Event::ImageBuilt { id, tags: given });
        (outcome, keys)
    }

    /// Stores the base images a build pulled; returns the catalog image the
    /// final image was built `FROM`, with its tag.
    fn pull_bases(&mut self, outcome: &BuildOutcome, now: u64) -> Option<(&'static BaseImage, String)> {
        let mut parent_base = None;
        for step in outcome.steps.iter().filter(|s| s.kind == build::StepKind::Base && s.vertex) {
            let reference = step.instruction.trim_start_matches("FROM ").trim();
            if let Ok(resolved) = catalog::resolve(reference) {
                let tag = resolved.requested.familiar();
                if resolved.requested.tag.is_some() && !self.tags.contains_key(&tag) {
                    self.store_base(resolved.image, &tag, now);
                }
                if let Some(image) = &outcome.image {
                    if image.base_layers == resolved.image.layers {
                        parent_base = Some((resolved.image, tag));
                    }
                }
            }
        }
        parent_base
    }

    /// Puts the image of a build that already ran (a [`BuildOutcome`] from
    /// [`build::build`], such as the editor's) into the store under `tag`,
    /// without building again: its base image is pulled from the catalog as
    /// the build would have, and the tag moves to it as `docker build -t`
    /// moves it. Returns the image's id.
    pub fn add_built_image(&mut self, outcome: &BuildOutcome, tag: &str, now: u64) -> Result<String, EngineError> {
        let tag = normalize_tag(tag)?;
        let Some(image) = outcome.image.as_ref().filter(|_| outcome.error.is_none()) else {
            return Err(EngineError::NoImage);
        };
        let parent_base = self.pull_bases(outcome, now);
        let stored = self.stored_from_build(image, parent_base, now);
        let id = stored.id.clone();
        self.images.entry(id.clone()).or_insert(stored);
        self.set_tag(tag.clone(), &id);
        self.emit(Event::ImageBuilt { id: id.clone(), tags: vec![tag] });
        Ok(id)
    }

    /// A copy of the daemon to try things on (a dry run): the images, tags,
    /// containers, networks and volumes, without the build cache, which
    /// nothing but a build reads.
    pub fn scratch(&self) -> Engine {
        Engine {
            images: self.images.clone(),
            tags: self.tags.clone(),
            cache: BuildCache::default(),
            cache_bytes: 0,
            runtime: containers::Runtime { events: Vec::new(), ..self.runtime.clone() },
            registries: self.registries.clone(),
            cache_io: cache_io::CacheStore::default(),
        }
    }

    fn stored_from_build(
        &self,
        image: &Image,
        parent_base: Option<(&'static BaseImage, String)>,
        now: u64,
    ) -> StoredImage {
        let id = image.id();
        let (mut layers, mut history) = match parent_base {
            Some((base, _)) => (base_layers(base), base_history(base, base.created.unwrap_or(now))),
            None => (Vec::new(), Vec::new()),
        };
        // The stored base's creation time (its pull time when the catalog has no date).
        // Rows from the image's own record keep their own times.
        if let Some((_, tag)) = parent_base.as_ref().filter(|(base, _)| base.history.is_empty()) {
            if let Some(base) = self.tags.get(tag).and_then(|id| self.images.get(id)) {
                history.iter_mut().for_each(|h| h.created = base.created);
            }
        }
        // Built FROM a local image: its layers and history come first, as in
        // Docker's history of a child image.
        let local = image.local_base.as_ref().and_then(|id| self.images.get(id));
        if let Some(base) = local {
            layers.clone_from(&base.layers);
            history.clone_from(&base.history);
        }
        let root = match local {
            Some(base) => local::root_of(base).filter(|b| b.repository != "scratch").map(|b| b.name.clone()),
            None => parent_base.map(|(b, _)| b.name.clone()),
        };
        for diff in image.layers.layers() {
            layers.push(StoredLayer { digest: sha256(&[format!("{:?}", diff.changes).as_bytes()]), size: diff.size() });
        }
        history.extend(built_history(image, now));
        StoredImage {
            id,
            config: image.config.clone(),
            size: image.size(),
            created: now,
            layers,
            history,
            parent_base: root,
            pulled: false,
            users: image.users.clone(),
            installed: image.installed.clone(),
        }
    }

    /// The rows of `docker images`: one per tag, one `<none>` row per untagged
    /// image; newest first. `dangling`: `--filter dangling=true|false`.
    pub fn image_rows(&self, dangling: Option<bool>) -> Vec<ImageRow> {
        let mut rows = Vec::new();
        for image in self.images.values() {
            let tags = self.tags_of(&image.id);
            if dangling.is_some_and(|d| d != tags.is_empty()) {
                continue;
            }
            let row = |repository: String, tag: String| ImageRow {
                repository,
                tag,
                id: image.id.clone(),
                created: image.created,
                size: image.size,
            };
            if tags.is_empty() {
                rows.push(row("<none>".into(), "<none>".into()));
            }
            for tag in tags {
                let (repository, tag) = split_tag(&tag);
                rows.push(row(repository, tag));
            }
        }
        rows.sort_by(|a, b| {
            b.created.cmp(&a.created).then_with(|| a.repository.cmp(&b.repository)).then_with(|| a.tag.cmp(&b.tag))
        });
        rows
    }

    /// `docker images [--filter …] [REPOSITORY[:TAG]]`: the rows, newest first.
    /// BuildKit leaves no intermediate images, so `-a` lists the same images.
    pub fn images_filtered(&self, filter: &ImageFilter) -> Vec<ImageRow> {
        self.image_rows(filter.dangling).into_iter().filter(|r| filter.matches_reference(r)).collect()
    }

    /// `docker history image`: newest first; the top row names the image.
    pub fn history(&self, reference: &str) -> Result<Vec<HistoryRow>, EngineError> {
        let id = self.resolve(reference)?;
        let image = self.images.get(&id).ok_or_else(|| EngineError::NoSuchImage(reference.to_string()))?;
        Ok(image
            .history
            .iter()
            .rev()
            .enumerate()
            .map(|(i, entry)| HistoryRow { image: (i == 0).then(|| id.clone()), entry: entry.clone() })
            .collect())
    }

    /// `docker tag source target`: the image's id and the tag it now holds.
    pub fn tag(&mut self, source: &str, target: &str) -> Result<(String, String), EngineError> {
        let id = self.resolve(source)?;
        let target = normalize_tag(target)?;
        self.set_tag(target.clone(), &id);
        self.emit(Event::ImageTagged { id: id.clone(), tag: target.clone() });
        Ok((id, target))
    }

    /// BuildKit's ids of the build cache's records (derived from the step keys, sorted).
    pub(crate) fn cache_record_ids(&self) -> Vec<String> {
        self.cache.keys().iter().map(|k| cache_record_id(k)).collect()
    }

    /// The bytes every stored image's layers take, shared layers once.
    pub fn images_disk_size(&self) -> u64 {
        let mut seen = BTreeSet::new();
        self.images.values().flat_map(|i| &i.layers).filter(|l| seen.insert(l.digest.as_str())).map(|l| l.size).sum()
    }

    /// `docker system df`: images (active: used by a container), containers
    /// (size: their writable layers), local volumes and the build cache.
    pub fn system_df(&self) -> DiskUsage {
        let in_use = self.images_in_use();
        let images = self.images_disk_size();
        let mut seen = BTreeSet::new();
        let used_bytes: u64 = self
            .images
            .values()
            .filter(|i| in_use.contains(&i.id))
            .flat_map(|i| &i.layers)
            .filter(|l| seen.insert(l.digest.as_str()))
            .map(|l| l.size)
            .sum();
        let (containers, volumes) = self.container_usage();
        DiskUsage {
            images: DfRow {
                total: self.images.len(),
                active: self.images.keys().filter(|id| in_use.contains(*id)).count(),
                size: images,
                reclaimable: images.saturating_sub(used_bytes),
            },
            containers,
            volumes,
            build_cache: DfRow {
                total: self.cache.len(),
                active: 0,
                size: self.cache_bytes,
                reclaimable: self.cache_bytes,
            },
        }
    }
}
