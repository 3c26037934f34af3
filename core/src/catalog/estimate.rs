//! Estimates: a reference the catalog does not hold becomes an image of its
//! own that borrows the figures of its nearest entry.
//!
//! Docker would pull a different image for `python:3.9-slim` than for
//! `python:3.12-slim-bookworm`, with its own id, so a build that switches
//! between them must miss its cache and `docker images` must list both. The
//! build and the engine key base images on `BaseImage::name`; giving the
//! estimate its own name (the reference asked for) keeps them apart without
//! either knowing about estimates.

use super::data::BaseImage;
use super::reference::ImageRef;
use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

/// The estimate for `requested`, made once per reference and kept for the
/// life of the program: `Resolved` hands out `&'static BaseImage`s like the
/// catalog's own. The set grows only with the distinct references a user
/// types, each a copy of one entry (a few kilobytes).
pub(super) fn estimate(requested: &ImageRef, nearest: &'static BaseImage) -> &'static BaseImage {
    static ESTIMATES: OnceLock<Mutex<BTreeMap<String, &'static BaseImage>>> = OnceLock::new();
    let name = name_of(requested);
    let estimates = ESTIMATES.get_or_init(|| Mutex::new(BTreeMap::new()));
    // A poisoned lock only means another thread panicked mid-insert; the map is still usable.
    let mut estimates = estimates.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    estimates.entry(name.clone()).or_insert_with(|| {
        let image = BaseImage {
            name,
            tag: requested.tag.clone().unwrap_or_else(|| "latest".to_string()),
            tags: Vec::new(),
            // The nearest entry's rows describe another build: keep Layerlab's own words instead.
            history: Vec::new(),
            estimated_from: Some(nearest.name.clone()),
            sources: nearest.sources.iter().map(|s| format!("estimated from {}: {s}", nearest.name)).collect(),
            ..nearest.clone()
        };
        Box::leak(Box::new(image))
    })
}

/// `python:3.9-slim`, `alpine@sha256:…`, `alpine:3.20@sha256:…`: the whole reference, so two
/// references never share an estimate.
fn name_of(requested: &ImageRef) -> String {
    let mut name = requested.repository();
    if let Some(tag) = &requested.tag {
        name.push(':');
        name.push_str(tag);
    }
    if let Some(digest) = &requested.digest {
        name.push('@');
        name.push_str(digest);
    }
    name
}
