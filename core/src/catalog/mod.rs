//! The base-image catalog: real official images with their published sizes
//! and configs, so a build can start `FROM python:3.12-slim` without a registry.
//!
//! Data: `core/data/base-images.json` (first copied from `shared/reference/`,
//! now rebuilt by `tools/base-images/generate.py`), where
//! each entry cites its source (docker-library/repo-info or the distroless
//! repository, with commit); the core embeds its compact copy
//! `base-images.min.json`. A tag that is not in the catalog resolves to the
//! nearest entry of the same repository and is marked estimated; only an
//! unknown repository or a malformed reference is an error.
//!
//! Every tag of an entry's image (its `tags`: official-images' Tags and
//! SharedTags) resolves to that one entry, so `python:3.12-slim` and
//! `python:3.12-slim-trixie` are one image with one id. An estimate is a
//! different image: it borrows its nearest entry's figures under its own name,
//! so its id, its pulled copy and the FROM step's cache key are its own.

mod data;
mod estimate;
mod nearest;
pub mod programs;
mod raw_shape;
mod reference;
pub mod shells;

pub(crate) use data::split_env;
pub use data::{catalog, BaseConfig, BaseHistory, BaseImage, OsFamily, PackageManager};
pub use reference::{ImageRef, ReferenceError};

use std::fmt;

/// What a `FROM` reference resolved to.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub requested: ImageRef,
    pub image: &'static BaseImage,
    /// True when the requested tag or digest is not the catalog entry itself.
    pub estimated: bool,
    /// Why an estimate was used, in words for the build log.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogError {
    Reference(ReferenceError),
    /// No catalog entry for the repository, with the closest names.
    UnknownRepository {
        repository: String,
        suggestions: Vec<String>,
    },
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogError::Reference(e) => e.fmt(f),
            CatalogError::UnknownRepository { repository, suggestions } => {
                write!(f, "{repository}: not in Layerlab's image catalog")?;
                if !suggestions.is_empty() {
                    write!(f, " (did you mean {}?)", suggestions.join(", "))?;
                }
                Ok(())
            }
        }
    }
}

/// The entry or estimate named `name` (`BaseImage::name`), as a stored image
/// records it. An estimate is made again from its name, so an image pulled as
/// `nginx:1.31.4` in an earlier run (or before a reload) keeps its userland.
pub fn by_name(name: &str) -> Option<&'static BaseImage> {
    catalog()
        .iter()
        .find(|b| b.name == name)
        .or_else(|| resolve(name).ok().map(|r| r.image).filter(|image| image.name == name))
}

/// Resolves a `FROM` reference (already expanded) against the catalog.
pub fn resolve(reference: &str) -> Result<Resolved, CatalogError> {
    let requested = ImageRef::parse(reference).map_err(CatalogError::Reference)?;
    let repository = requested.repository();
    let candidates: Vec<&'static BaseImage> = catalog().iter().filter(|i| i.repository == repository).collect();
    if candidates.is_empty() {
        return Err(CatalogError::UnknownRepository {
            suggestions: nearest::similar_repositories(&repository, catalog()),
            repository,
        });
    }
    let wanted_tag = requested.tag.clone().unwrap_or_else(|| "latest".to_string());
    if requested.digest.is_none() {
        let names = |i: &&&BaseImage| i.tag == wanted_tag || i.tags.contains(&wanted_tag);
        if let Some(exact) = candidates.iter().find(names) {
            return Ok(Resolved { requested, image: exact, estimated: false, note: None });
        }
    }
    let nearest = nearest::nearest_tag(&wanted_tag, &candidates);
    let note = match &requested.digest {
        Some(_) => format!(
            "{} is pinned by digest; Layerlab simulates it with its catalog entry {}",
            requested.familiar(),
            nearest.name
        ),
        None => format!(
            "{} is not in Layerlab's catalog; sizes and config are estimated from {}, the nearest {repository} tag",
            requested.familiar(),
            nearest.name
        ),
    };
    let image = estimate::estimate(&requested, nearest);
    Ok(Resolved { requested, image, estimated: true, note: Some(note) })
}

#[cfg(test)]
mod tests;
