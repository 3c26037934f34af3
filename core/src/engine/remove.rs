//! Taking images away: `docker rmi` (untag, then delete the image when its
//! last tag goes), `docker image prune` and `docker builder prune`. Each
//! reports what it did as typed entries, in the daemon's order.

use super::{normalize_tag, short_id, Engine, EngineError, Event, PruneKind};
use std::collections::BTreeSet;

/// One thing `docker rmi` / `docker image prune` did to an image, in the
/// order the daemon reports them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removed {
    /// A tag (`app:latest`) was taken off its image.
    Untagged(String),
    /// An image (`sha256:…`) was deleted.
    Deleted(String),
}

/// What `docker rmi` / `docker image prune` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removal {
    /// Untags and deletions, in order (each image's untags, then its deletion).
    pub entries: Vec<Removed>,
    /// Bytes of layers no remaining image uses.
    pub reclaimed: u64,
}

impl Removal {
    /// The tags taken off, in order.
    pub fn untagged(&self) -> Vec<&str> {
        self.entries.iter().filter_map(|e| if let Removed::Untagged(t) = e { Some(t.as_str()) } else { None }).collect()
    }

    /// The images deleted, in order.
    pub fn deleted(&self) -> Vec<&str> {
        self.entries.iter().filter_map(|e| if let Removed::Deleted(d) = e { Some(d.as_str()) } else { None }).collect()
    }
}

impl Engine {
    /// Deletes an image whose tags are gone; returns the bytes freed.
    fn delete(&mut self, id: &str) -> u64 {
        let Some(image) = self.images.remove(id) else { return 0 };
        let in_use: BTreeSet<&str> =
            self.images.values().flat_map(|i| i.layers.iter().map(|l| l.digest.as_str())).collect();
        let mut seen = BTreeSet::new();
        image
            .layers
            .iter()
            .filter(|l| !in_use.contains(l.digest.as_str()) && seen.insert(l.digest.clone()))
            .map(|l| l.size)
            .sum()
    }

    /// `docker rmi [--force] reference`. A tag untags (and deletes the image
    /// when it was its last tag); an id deletes the image, which needs `--force`
    /// when several repositories reference it.
    pub fn rmi(&mut self, reference: &str, force: bool) -> Result<Removal, EngineError> {
        let id = self.resolve(reference)?;
        let by_tag = normalize_tag(reference).ok().filter(|t| self.tags.get(t) == Some(&id));
        let last_tag = self.tags_of(&id).len() <= 1;
        self.check_image_unused(reference, &id, by_tag.is_some(), force, last_tag)?;
        let mut removal = Removal::default();
        match by_tag {
            Some(tag) => {
                self.tags.remove(&tag);
                self.emit(Event::ImageUntagged { tag: tag.clone() });
                removal.entries.push(Removed::Untagged(tag));
            }
            None => {
                let tags = self.tags_of(&id);
                if tags.len() > 1 && !force {
                    return Err(EngineError::MultipleReferences { short_id: short_id(&id) });
                }
                for tag in tags {
                    self.tags.remove(&tag);
                    self.emit(Event::ImageUntagged { tag: tag.clone() });
                    removal.entries.push(Removed::Untagged(tag));
                }
            }
        }
        if self.tags_of(&id).is_empty() && self.runtime.image_in_use(&id).is_none() {
            removal.reclaimed = self.delete(&id);
            self.emit(Event::ImageRemoved { id: id.clone() });
            removal.entries.push(Removed::Deleted(id));
        }
        Ok(removal)
    }

    /// `docker image prune [-a] -f`: dangling images, or with `all` every
    /// image no container uses.
    pub fn image_prune(&mut self, all: bool) -> Removal {
        let in_use = self.images_in_use();
        let doomed: Vec<String> = self
            .images
            .keys()
            .filter(|id| !in_use.contains(*id) && (all || self.tags_of(id).is_empty()))
            .cloned()
            .collect();
        let mut removal = Removal::default();
        // The daemon reports each image's untags, then its deletion; each
        // deletion frees the layers no remaining image still uses.
        for id in doomed {
            for tag in self.tags_of(&id) {
                self.tags.remove(&tag);
                self.emit(Event::ImageUntagged { tag: tag.clone() });
                removal.entries.push(Removed::Untagged(tag));
            }
            removal.reclaimed += self.delete(&id);
            self.emit(Event::ImageRemoved { id: id.clone() });
            removal.entries.push(Removed::Deleted(id));
        }
        self.emit(Event::Pruned { kind: PruneKind::Images, reclaimed: removal.reclaimed });
        removal
    }

    /// `docker builder prune -f`: empties the build cache; returns the reclaimed bytes.
    pub fn builder_prune(&mut self) -> u64 {
        self.cache.clear();
        let freed = std::mem::take(&mut self.cache_bytes);
        self.emit(Event::Pruned { kind: PruneKind::BuildCache, reclaimed: freed });
        freed
    }
}
