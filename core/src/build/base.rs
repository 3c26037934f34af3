//! Where a stage starts: its state from a local image of the daemon or from
//! a catalog image, and how BuildKit names the image it pulls.

use super::cache::StepInputs;
use super::config::ImageConfig;
use super::steps::StageState;
use super::LocalImage;
use crate::catalog;
use crate::layers::LayerStack;
use std::collections::{BTreeMap, BTreeSet};

impl StageState {
    /// A stage built FROM an earlier stage: its layers and config, new history.
    pub(super) fn child(self, name: &str) -> StageState {
        let mut child = self;
        child.from_display = name.to_string();
        child.from_digest = None;
        child.base = name.to_string();
        child.from_image_step = false;
        child.notes.clear();
        child
    }

    /// A stage built FROM an image of the local store: its config, sizes and
    /// users; its files, like a catalog image's, are not listed.
    pub(super) fn from_local(image: LocalImage, base: &str) -> StageState {
        let from_display = match catalog::ImageRef::parse(base) {
            Ok(reference) => full_reference(&reference),
            Err(_) => base.to_string(),
        };
        StageState {
            config: image.config,
            layers: LayerStack::new(),
            base_size: image.size,
            base_layers: image.layers,
            key: StepInputs { source: Some(image.id.clone()), ..StepInputs::default() }.key(""),
            parent_missed: false,
            from_display,
            from_digest: None,
            base: base.to_string(),
            notes: Vec::new(),
            layer_steps: Vec::new(),
            last_step: None,
            records: Vec::new(),
            reruns: Vec::new(),
            build_args: Vec::new(),
            installed: image.installed,
            image: image.root,
            args: BTreeMap::new(),
            users: image.users,
            texts: BTreeMap::new(),
            from_image_step: true,
            local_base: Some(image.id),
        }
    }

    pub(super) fn from_catalog(resolved: &catalog::Resolved, base: &str) -> StageState {
        let image = resolved.image;
        let mut notes = Vec::new();
        if let Some(note) = &resolved.note {
            notes.push(note.clone());
        }
        let base_size = image.size_on_disk_or_estimate();
        if image.size_on_disk.is_none() {
            notes.push(format!("{}: no published on-disk size; estimated from its compressed size", image.name));
        }
        StageState {
            config: ImageConfig::from_base(&image.config),
            layers: LayerStack::new(),
            base_size,
            base_layers: image.layers.clone(),
            key: StepInputs { source: Some(image.name.clone()), ..StepInputs::default() }.key(""),
            parent_missed: false,
            from_display: full_reference(&resolved.requested),
            from_digest: resolved_digest(resolved),
            base: base.to_string(),
            notes,
            layer_steps: Vec::new(),
            last_step: None,
            records: Vec::new(),
            reruns: Vec::new(),
            build_args: Vec::new(),
            installed: image.installed.iter().cloned().collect(),
            image,
            args: BTreeMap::new(),
            users: base_users(image),
            texts: BTreeMap::new(),
            from_image_step: image.repository != "scratch",
            local_base: None,
        }
    }
}

/// The users a base image has (its /etc/passwd, from the catalog).
fn base_users(image: &catalog::BaseImage) -> BTreeSet<String> {
    image.users()
}

/// The digest BuildKit resolves a FROM by tag to (a reference pinned by
/// digest already names it); none for `scratch`, which is not pulled.
pub(super) fn resolved_digest(resolved: &catalog::Resolved) -> Option<String> {
    let pulled = resolved.requested.digest.is_none() && resolved.image.repository != "scratch";
    pulled.then(|| resolved.image.manifest_digest())
}

/// `docker.io/library/python:3.12-slim`, as BuildKit names images in its log.
pub(super) fn full_reference(reference: &catalog::ImageRef) -> String {
    let name = format!("{}/{}", reference.registry, reference.path);
    match (&reference.tag, &reference.digest) {
        // Docker's normalized reference keeps both a tag and a digest.
        (Some(tag), Some(digest)) => format!("{name}:{tag}@{digest}"),
        (None, Some(digest)) => format!("{name}@{digest}"),
        (Some(tag), None) => format!("{name}:{tag}"),
        (None, None) => name,
    }
}
