//! Base images from the catalog: `docker pull`, and the pulls a build or a
//! `docker run` makes. A catalog entry becomes a stored image with its
//! layers (sizes scaled to the size on disk) and history rows that say what
//! each layer holds, since the image's own Dockerfile is not in the catalog.

use super::{sha256, Engine, EngineError, Event, HistoryEntry, StoredImage, StoredLayer};
use crate::build::ImageConfig;
use crate::catalog::{self, BaseImage, CatalogError};

/// Base layer sizes: the catalog's compressed sizes scaled to its on-disk size.
fn base_layer_sizes(image: &BaseImage) -> Vec<u64> {
    let total_compressed: u64 = image.layers.iter().sum();
    let on_disk = image.size_on_disk_or_estimate();
    if total_compressed == 0 {
        return image.layers.iter().map(|_| 0).collect();
    }
    let mut sizes: Vec<u64> =
        image.layers.iter().map(|l| (*l as u128 * on_disk as u128 / total_compressed as u128) as u64).collect();
    // Rounding: the top layer takes the remainder so the sum is exact.
    let sum: u64 = sizes.iter().sum();
    if let Some(last) = sizes.last_mut() {
        *last += on_disk.saturating_sub(sum);
    }
    sizes
}

pub(super) fn base_layers(image: &BaseImage) -> Vec<StoredLayer> {
    base_layer_sizes(image)
        .into_iter()
        .enumerate()
        .map(|(i, size)| StoredLayer { digest: sha256(&[image.name.as_bytes(), &i.to_le_bytes()]), size })
        .collect()
}

/// A base image's history rows. Docker shows the commands of the image's own
/// Dockerfile: the catalog's rows when its record lists them (each with its
/// time; a layer row takes its layer's size, the others 0B). Without them,
/// each row says what the layer holds in the catalog's words, marked
/// `(base layer)` so that it cannot be read as a command, at the image's
/// creation time.
pub(super) fn base_history(image: &BaseImage, created: u64) -> Vec<HistoryEntry> {
    let sizes = base_layer_sizes(image);
    if !image.history.is_empty() {
        let mut layer_sizes = sizes.into_iter();
        return image
            .history
            .iter()
            .map(|row| HistoryEntry {
                created: row.created.unwrap_or(created),
                created_by: row.created_by.clone(),
                size: if row.empty_layer { 0 } else { layer_sizes.next().unwrap_or(0) },
                comment: String::new(),
                empty_layer: row.empty_layer,
            })
            .collect();
    }
    let count = sizes.len();
    sizes
        .iter()
        .enumerate()
        .map(|(i, size)| HistoryEntry {
            created,
            created_by: match image.layer_roles.get(i) {
                Some(role) => format!("(base layer) {role}"),
                None => format!("(base layer {} of {count}, contents not described)", i + 1),
            },
            size: *size,
            comment: format!("base image {}", image.name),
            empty_layer: false,
        })
        .collect()
}

/// What `docker pull` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullReport {
    pub id: String,
    /// The reference named neither tag nor digest (`Using default tag: latest`).
    pub default_tag: bool,
    /// The tag (or digest) pulled.
    pub tag: String,
    /// The repository path (`library/alpine`).
    pub path: String,
    /// Layers the daemon already had (`Already exists`), bottom first.
    pub existing: Vec<String>,
    /// The layers downloaded, bottom first; none when the image was there.
    pub layers: Vec<String>,
    /// The manifest digest.
    pub digest: String,
    /// The tag already named this image.
    pub up_to_date: bool,
    /// `alpine:latest`.
    pub familiar: String,
    /// `docker.io/library/alpine:latest`.
    pub canonical: String,
}

impl Engine {
    /// Adds a catalog image to the store (if missing) and tags it; returns its id
    /// and whether it was new.
    pub(super) fn store_base(&mut self, image: &BaseImage, tag: &str, now: u64) -> (String, bool) {
        let id = sha256(&[b"base", image.name.as_bytes()]);
        let new = !self.images.contains_key(&id);
        if new {
            let layers = base_layers(image);
            let size = layers.iter().map(|l| l.size).sum();
            self.images.insert(
                id.clone(),
                StoredImage {
                    id: id.clone(),
                    config: ImageConfig::from_base(&image.config),
                    size,
                    // Docker shows an image's creation date, not its pull time.
                    created: image.created.unwrap_or(now),
                    layers,
                    history: base_history(image, image.created.unwrap_or(now)),
                    // An estimate is no catalog entry: its name finds it again (`local::root_of`).
                    parent_base: image.estimated_from.as_ref().map(|_| image.name.clone()),
                    pulled: true,
                    users: image.users(),
                    installed: image.installed.iter().cloned().collect(),
                    files: Default::default(),
                },
            );
        }
        let moved = self.tags.get(tag) != Some(&id);
        self.set_tag(tag.to_string(), &id);
        if new {
            self.emit(Event::ImagePulled { id: id.clone(), reference: tag.to_string() });
        } else if moved {
            self.emit(Event::ImageTagged { id: id.clone(), tag: tag.to_string() });
        }
        (id, new)
    }

    /// `docker pull reference`, from the catalog.
    pub fn pull(&mut self, reference: &str, now: u64) -> Result<PullReport, EngineError> {
        if let Some(report) = self.pull_pushed(reference) {
            return Ok(report);
        }
        let resolved = catalog::resolve(reference).map_err(|e| match e {
            CatalogError::Reference(r) => {
                EngineError::InvalidReference { reference: reference.to_string(), reason: r.to_string() }
            }
            CatalogError::UnknownRepository { repository, .. } => EngineError::PullAccessDenied { repository },
        })?;
        let requested = &resolved.requested;
        if requested.repository() == "scratch" {
            return Err(EngineError::ReservedName("scratch".to_string()));
        }
        let tag = match (&requested.tag, &requested.digest) {
            (Some(tag), _) => tag.clone(),
            (None, Some(digest)) => digest.clone(),
            (None, None) => "latest".to_string(),
        };
        let familiar = requested.familiar();
        let existed = self.tags.contains_key(&familiar);
        let (id, new) = self.store_base(resolved.image, &familiar, now);
        let layers = if new { base_layers(resolved.image).into_iter().map(|l| l.digest).collect() } else { Vec::new() };
        let canonical = match (&requested.tag, &requested.digest) {
            (_, Some(d)) => format!("{}/{}@{d}", requested.registry, requested.path),
            (Some(t), None) => format!("{}/{}:{t}", requested.registry, requested.path),
            (None, None) => format!("{}/{}", requested.registry, requested.path),
        };
        Ok(PullReport {
            up_to_date: existed && self.tags.get(&familiar) == Some(&id) && !new,
            id,
            default_tag: !reference.contains(':') && !reference.contains('@'),
            tag,
            path: requested.path.clone(),
            existing: Vec::new(),
            layers,
            digest: resolved.image.manifest_digest(),
            familiar,
            canonical,
        })
    }
}
