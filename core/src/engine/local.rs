//! The daemon's own images as bases for a build: `FROM base` after
//! `docker build -t base .`. Docker's default builder (the `docker` driver)
//! reads the local image store before it pulls
//! (<https://docs.docker.com/build/builders/drivers/docker/>), so an image
//! built, tagged or loaded here is a base like any other, with its config.

use super::{normalize_tag, StoredImage};
use crate::build::{LocalImage, LocalImages};
use crate::catalog::{self, BaseImage};
use std::collections::BTreeMap;

/// The store's images and tags, borrowed for one build.
pub(super) struct LocalStore<'e> {
    pub images: &'e BTreeMap<String, StoredImage>,
    pub tags: &'e BTreeMap<String, String>,
}

impl LocalImages for LocalStore<'_> {
    fn local_image(&self, reference: &str) -> Option<LocalImage> {
        let tag = normalize_tag(reference).ok()?;
        let image = self.images.get(self.tags.get(&tag)?)?;
        let root = root_of(image)?;
        // A pulled base named as the catalog names it resolves there, with its
        // pull step and notes; under a tag of the user's own, it is local.
        if image.pulled && catalog::resolve(reference).is_ok_and(|r| r.image.name == root.name) {
            return None;
        }
        // An archive from before `installed` was saved lists none: the root's still hold.
        let mut installed = image.installed.clone();
        installed.extend(root.installed.iter().cloned());
        Some(LocalImage {
            id: image.id.clone(),
            config: image.config.clone(),
            size: image.size,
            layers: image.layers.iter().map(|l| l.size).collect(),
            root,
            installed,
            users: image.users.clone(),
        })
    }
}

/// The catalog image at the root of a built image's chain; `scratch` when it
/// was built from nothing.
pub(in crate::engine) fn root_of(image: &StoredImage) -> Option<&'static BaseImage> {
    if image.pulled {
        let by_id = catalog::catalog().iter().find(|b| super::sha256(&[b"base", b.name.as_bytes()]) == image.id);
        // An estimate is no catalog entry; a pulled one records its own name.
        return by_id.or_else(|| image.parent_base.as_deref().and_then(catalog::by_name));
    }
    match image.parent_base.as_deref() {
        Some(name) => catalog::by_name(name),
        None => catalog::catalog().iter().find(|b| b.repository == "scratch"),
    }
}
