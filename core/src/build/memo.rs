//! What a build computes from a whole stack of layers — the image's id
//! (`sha256:` of its config and layers) and its efficiency — with memos of
//! the last few (and the merged view of the last few), so an edit that rebuilds the same image from cached layers
//! does not format, hash and walk every layer again.

use super::Image;
use crate::layers::{Efficiency, Entry, LayerDiff, LayerStack};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Arc;

/// Feeds formatted text straight into the hash: the same bytes as hashing
/// the formatted `String`, without building it.
struct Hashing<'h>(&'h mut Sha256);

impl Write for Hashing<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

/// The id of `image`, whose config formats (`{:?}`) as `config`.
pub(super) fn compute(image: &Image, config: &str) -> String {
    let mut h = Sha256::new();
    h.update(config.as_bytes());
    h.update(image.base_size.to_le_bytes());
    // Only estimates add their name, so the ids of images on catalog bases stay as they were.
    if let Some(base) = &image.estimated_base {
        h.update(base.as_bytes());
    }
    // The history (and the base's layers) are part of the config Docker hashes.
    let _ = write!(Hashing(&mut h), "{:?}{:?}", image.base_layers, image.records);
    if let Some(base) = &image.local_base {
        h.update(base.as_bytes());
    }
    // A step that ran again (`--no-cache`) made a new layer at a new time;
    // first runs add nothing, so every other id stays as it was.
    if image.reruns.iter().any(|&r| r > 0) {
        let _ = write!(Hashing(&mut h), "{:?}", image.reruns);
    }
    for layer in image.layers.layers() {
        // Writing into the hash cannot fail.
        let _ = write!(Hashing(&mut h), "{:?}", layer.changes);
    }
    format!("sha256:{:x}", h.finalize())
}

/// How many images a memo keeps: the editor alternates between a few.
const KEPT: usize = 4;

/// Whether `kept` are `layers`, layer for layer, by identity.
fn same_layers(kept: &[Arc<LayerDiff>], layers: &[Arc<LayerDiff>]) -> bool {
    kept.len() == layers.len() && kept.iter().zip(layers).all(|(a, b)| Arc::ptr_eq(a, b))
}

/// Ids computed lately, with what they were computed from. A layer is
/// recognised by identity (`Arc::ptr_eq`): cached layers are shared, and an
/// entry holds its layers, so no other layer can take their address.
#[derive(Debug, Clone, Default)]
pub struct IdMemo {
    entries: Vec<IdEntry>,
}

#[derive(Debug, Clone)]
struct IdEntry {
    config: String,
    history: String,
    base_size: u64,
    estimated_base: Option<String>,
    layers: Vec<Arc<LayerDiff>>,
    id: String,
}

impl IdMemo {
    /// `image.id()`, from the memo when the same config, base and layers had one.
    pub fn id(&mut self, image: &Image) -> String {
        let config = format!("{:?}", image.config);
        // Everything else the id hashes besides the layers, compared as text.
        let history = format!("{:?}{:?}{:?}{:?}", image.base_layers, image.records, image.local_base, image.reruns);
        let layers = image.layers.layers();
        let same = |e: &IdEntry| {
            e.base_size == image.base_size
                && e.estimated_base == image.estimated_base
                && same_layers(&e.layers, layers)
                && e.config == config
                && e.history == history
        };
        if let Some(entry) = self.entries.iter().find(|e| same(e)) {
            return entry.id.clone();
        }
        let id = compute(image, &config);
        if self.entries.len() == KEPT {
            self.entries.remove(0);
        }
        self.entries.push(IdEntry {
            config,
            history,
            base_size: image.base_size,
            estimated_base: image.estimated_base.clone(),
            layers: layers.to_vec(),
            id: id.clone(),
        });
        id
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// A merged view, shared.
type Merged = Arc<BTreeMap<String, Entry>>;

/// The merged view of the last few stacks, by their layers (as [`IdMemo`]).
#[derive(Debug, Clone, Default)]
pub struct MergedMemo {
    entries: Vec<(Vec<Arc<LayerDiff>>, Merged)>,
}

impl MergedMemo {
    /// Gives `stack` the merged view an earlier stack of the same layers
    /// made, or makes it and keeps it for the next.
    pub fn share(&mut self, stack: &mut LayerStack) {
        let layers = stack.layers();
        if let Some((_, merged)) = self.entries.iter().find(|(kept, _)| same_layers(kept, layers)) {
            stack.adopt_merged(Arc::clone(merged));
            return;
        }
        let merged = Arc::clone(stack.shared_merged());
        if self.entries.len() == KEPT {
            self.entries.remove(0);
        }
        self.entries.push((stack.layers().to_vec(), merged));
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// The efficiency of the last few stacks, by their layers (as [`IdMemo`]).
#[derive(Debug, Clone, Default)]
pub struct EfficiencyMemo {
    entries: Vec<(Vec<Arc<LayerDiff>>, Efficiency)>,
}

impl EfficiencyMemo {
    /// `stack.efficiency()`, from the memo when the same layers had one.
    pub fn efficiency(&mut self, stack: &LayerStack) -> Efficiency {
        let layers = stack.layers();
        if let Some((_, kept)) = self.entries.iter().find(|(kept, _)| same_layers(kept, layers)) {
            return kept.clone();
        }
        let efficiency = stack.efficiency();
        if self.entries.len() == KEPT {
            self.entries.remove(0);
        }
        self.entries.push((layers.to_vec(), efficiency.clone()));
        efficiency
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::ImageConfig;
    use crate::layers::Entry;

    fn image(layers: &[Arc<LayerDiff>], user: &str) -> Image {
        let mut stack = LayerStack::new();
        for layer in layers {
            stack.push_shared(Arc::clone(layer));
        }
        let config = ImageConfig { user: user.to_string(), ..ImageConfig::default() };
        Image {
            config,
            base_size: 7,
            base_layers: Vec::new(),
            layers: stack,
            records: Vec::new(),
            users: Default::default(),
            estimated_base: None,
            installed: Default::default(),
            local_base: None,
            reruns: Vec::new(),
        }
    }

    fn layer(path: &str) -> Arc<LayerDiff> {
        let mut stack = LayerStack::new();
        let mut writer = stack.writer();
        writer.put(path, Entry::file(3, 1));
        let diff = writer.finish();
        stack.push(diff.clone());
        Arc::new(diff)
    }

    #[test]
    fn the_memo_gives_the_id_the_image_computes() {
        let (a, b) = (layer("/a"), layer("/b"));
        let mut memo = IdMemo::default();
        for _ in 0..2 {
            for user in ["", "nobody"] {
                let img = image(&[Arc::clone(&a), Arc::clone(&b)], user);
                assert_eq!(memo.id(&img), img.id());
            }
        }
        // Equal layers that are other allocations are recognised by content, not by the memo.
        let copy = image(&[Arc::new((*a).clone()), Arc::clone(&b)], "");
        assert_eq!(memo.id(&copy), copy.id());
        let other = image(&[Arc::clone(&b), Arc::clone(&a)], "");
        assert_ne!(memo.id(&other), copy.id(), "layer order is part of the id");
        let estimated = Image { estimated_base: Some("python:3.11-slim".to_string()), ..copy.clone() };
        assert_eq!(memo.id(&estimated), estimated.id());
        assert_ne!(memo.id(&estimated), copy.id(), "an estimated base is part of the id");
        // Same layers and config, another history (`EXPOSE 80` vs `EXPOSE 80/tcp`):
        // the memo must not hand back the first id.
        let records = vec![super::super::BuildRecord::Layer("RUN true # buildkit".into())];
        let noted = Image { records, ..copy.clone() };
        assert_eq!(memo.id(&noted), noted.id());
        assert_ne!(memo.id(&noted), memo.id(&copy), "the history is part of the id");
        let local = Image { local_base: Some("sha256:base".into()), ..copy.clone() };
        assert_ne!(memo.id(&local), memo.id(&copy), "a local base is part of the id");
    }

    #[test]
    fn the_memo_gives_the_efficiency_the_stack_measures() {
        let (a, b) = (layer("/a"), layer("/a"));
        let mut memo = EfficiencyMemo::default();
        let one = image(&[Arc::clone(&a)], "").layers;
        let two = image(&[Arc::clone(&a), Arc::clone(&b)], "").layers;
        for _ in 0..2 {
            assert_eq!(memo.efficiency(&one), one.efficiency());
            assert_eq!(memo.efficiency(&two), two.efficiency());
        }
        assert_eq!(memo.efficiency(&two).wasted_bytes, 3, "the second /a hides the first");
    }

    #[test]
    fn a_shared_merged_view_is_the_view_of_the_same_layers() {
        let (a, b) = (layer("/a"), layer("/b"));
        let mut memo = MergedMemo::default();
        let mut first = image(&[Arc::clone(&a), Arc::clone(&b)], "").layers;
        memo.share(&mut first);
        let mut second = image(&[Arc::clone(&a), Arc::clone(&b)], "").layers;
        memo.share(&mut second);
        assert!(Arc::ptr_eq(first.shared_merged(), second.shared_merged()), "the second build took the first's view");
        let fresh = image(&[Arc::clone(&a), Arc::clone(&b)], "").layers;
        assert_eq!(second.merged(), fresh.merged());
        // A layer pushed on top changes this stack's view only.
        second.push(LayerDiff::default());
        second.push_shared(layer("/c"));
        assert!(second.get("/c").is_some() && first.get("/c").is_none());
    }
}
