//! Base images as lint sees them: the [`ImageSource`] trait that resolves a
//! `FROM` reference to the parts of its config the rules read, and the
//! catalog as the default source (tests supply other images).

/// A base image's config as lint reads it (through an [`ImageSource`]): only
/// the parts the rules look at. The built image's full config is
/// [`crate::build::ImageConfig`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BaseImageConfig {
    /// `Env`, in order (UndefinedVar; PATH is added when missing).
    pub env: Vec<(String, String)>,
    /// `Shell` (JSONArgsRecommended is silent when set).
    pub shell: Vec<String>,
    /// `os/arch[/variant]` when known (InvalidBaseImagePlatform).
    pub platform: Option<String>,
}

/// Resolves a base image reference (already expanded) to its config.
pub trait ImageSource {
    /// `None` when the image is unknown: the check then goes on as if its
    /// config were empty (BuildKit would fail to pull it instead).
    fn image_config(&self, reference: &str) -> Option<BaseImageConfig>;
}

/// Base images from Layerlab's catalog (an unknown tag resolves to the
/// nearest entry of the repository). The catalog records no platform or
/// SHELL, so InvalidBaseImagePlatform cannot fire with it.
#[derive(Debug, Clone, Copy, Default)]
pub struct CatalogImages;

impl ImageSource for CatalogImages {
    fn image_config(&self, reference: &str) -> Option<BaseImageConfig> {
        let resolved = crate::catalog::resolve(reference).ok()?;
        Some(BaseImageConfig { env: resolved.image.config.env.clone(), shell: Vec::new(), platform: None })
    }
}
