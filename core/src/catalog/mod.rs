//! The base-image catalog: real official images with their published sizes
//! and configs, so a build can start `FROM python:3.12-slim` without a registry.
//!
//! Data: `core/data/base-images.json`, copied from `shared/reference/`, where
//! each entry cites its source (docker-library/repo-info or the distroless
//! repository, with commit). A tag that is not in the catalog resolves to the
//! nearest entry of the same repository and is marked estimated; only an
//! unknown repository or a malformed reference is an error.

mod data;
mod nearest;
mod reference;

pub(crate) use data::split_env;
pub use data::{catalog, BaseConfig, BaseImage, OsFamily, PackageManager};
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
        if let Some(exact) = candidates.iter().find(|i| i.tag == wanted_tag) {
            return Ok(Resolved { requested, image: exact, estimated: false, note: None });
        }
    }
    let image = nearest::nearest_tag(&wanted_tag, &candidates);
    let note = match &requested.digest {
        Some(_) => format!(
            "{} is pinned by digest; Layerlab simulates it with its catalog entry {}",
            requested.familiar(),
            image.name
        ),
        None => format!(
            "{} is not in Layerlab's catalog; sizes and config are estimated from {}, the nearest {repository} tag",
            requested.familiar(),
            image.name
        ),
    };
    Ok(Resolved { requested, image, estimated: true, note: Some(note) })
}

#[cfg(test)]
mod tests;
