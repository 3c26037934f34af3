//! The simulated registries: Docker Hub (`docker.io`, the default) and any
//! `HOST[:PORT]` a reference names (`localhost:5000`, an ECR-style
//! `ACCOUNT.dkr.ecr.REGION.amazonaws.com`). They live in the engine's state,
//! so nothing leaves the machine. Each registry keeps blobs (layers) by
//! digest and repositories of tags → manifests, and the daemon keeps the
//! logins `docker login` stored. `docker push` builds the image's manifest as
//! a registry stores it (Docker's v2 schema 2 JSON); its digest is the
//! sha256 of those bytes, so it depends only on the image's config and
//! layers and stays the same across `save`/`load` and re-pushes.

use super::{sha256, short_id, Engine, EngineError, StoredImage};
use crate::catalog::ImageRef;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// Docker Hub's index address, the key `docker login` stores credentials under
/// (docker/cli `registry.IndexServer`).
pub const INDEX_SERVER: &str = "https://index.docker.io/v1/";

/// The media types of a Docker v2 schema 2 manifest
/// (distribution `manifest/schema2/manifest.go`).
const MANIFEST_TYPE: &str = "application/vnd.docker.distribution.manifest.v2+json";
const CONFIG_TYPE: &str = "application/vnd.docker.container.image.v1+json";
const LAYER_TYPE: &str = "application/vnd.docker.image.rootfs.diff.tar.gzip";

/// A manifest as a registry stores it, with the image it describes (so a
/// pull can restore the image after `rmi`).
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The canonical bytes (what `docker manifest inspect` prints).
    pub json: String,
    /// `sha256:` of `json`.
    pub digest: String,
    pub image: StoredImage,
}

/// One registry host: its blobs and repositories.
#[derive(Debug, Clone, Default)]
struct Registry {
    /// Layer digest → the repository path it was first pushed to.
    blobs: BTreeMap<String, String>,
    /// Repository path → tag → manifest digest.
    tags: BTreeMap<String, BTreeMap<String, String>>,
    /// Repository path → layers linked into it.
    linked: BTreeMap<String, BTreeSet<String>>,
    manifests: BTreeMap<String, Manifest>,
}

/// Every simulated registry and the daemon's logins.
#[derive(Debug, Clone, Default)]
pub struct Registries {
    hosts: BTreeMap<String, Registry>,
    /// Server address (`INDEX_SERVER` for Docker Hub) → user name.
    logins: BTreeMap<String, String>,
    /// Whether the "nothing leaves the machine" note was shown.
    noted: bool,
    /// Image id → the repositories it has a digest in (its `RepoDigests`,
    /// from pushes and pulls): an image whose tag moved away is still known
    /// as `REPOSITORY@sha256:…`, and `docker images` lists it as `REPOSITORY <none>`.
    local_digests: BTreeMap<String, BTreeSet<String>>,
}

impl Registries {
    /// The repositories `id` has a digest in (familiar names, sorted).
    pub fn digest_repositories(&self, id: &str) -> Vec<String> {
        self.local_digests.get(id).map(|r| r.iter().cloned().collect()).unwrap_or_default()
    }

    fn record_digest(&mut self, id: &str, repository: String) {
        self.local_digests.entry(id.to_string()).or_default().insert(repository);
    }
}

/// What happened to one layer in a push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayerPush {
    Pushed,
    /// The repository already had it.
    AlreadyExists,
    /// Another repository of the same registry had it: a cross-repository mount.
    MountedFrom(String),
}

/// What `docker push` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushReport {
    /// `docker.io/user/app`.
    pub repository: String,
    /// The reference named no tag (`Using default tag: latest`).
    pub default_tag: bool,
    pub tag: String,
    /// Short layer ids with what happened, top layer first as Docker lists them.
    pub layers: Vec<(String, LayerPush)>,
    pub digest: String,
    pub size: usize,
    /// Say once that the registry is simulated.
    pub note: bool,
}

/// Why a push failed, with Docker's texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushError {
    /// docker/cli: `An image does not exist locally with the tag: user/app`.
    NoSuchLocalImage {
        repository: String,
        familiar: String,
    },
    /// Docker Hub without a login, or another user's namespace.
    Denied {
        repository: String,
        layers: Vec<String>,
    },
    /// ECR without a login: `no basic auth credentials`.
    NoCredentials {
        repository: String,
        layers: Vec<String>,
    },
    Reference(EngineError),
}

/// The address `docker login` stores a registry's credentials under.
pub fn server_address(registry: &str) -> String {
    let host = registry.trim_start_matches("https://").trim_start_matches("http://");
    let host = host.split('/').next().unwrap_or(host);
    if host == "docker.io" || host == "index.docker.io" || host == "registry-1.docker.io" {
        INDEX_SERVER.to_string()
    } else {
        host.to_string()
    }
}

/// The compressed blob's digest of a layer (registries address layers by
/// their compressed bytes, the daemon by the DiffID).
fn blob_digest(diff_id: &str) -> String {
    sha256(&[b"gzip", diff_id.as_bytes()])
}

/// The size of the image's config blob (its digest is the image id, as in
/// Docker): the config and the rootfs DiffIDs as compact JSON.
fn config_size(image: &StoredImage) -> usize {
    let diff_ids: Vec<&str> = image.layers.iter().map(|l| l.digest.as_str()).collect();
    serde_json::json!({
        "config": super::config_json(&image.config),
        "rootfs": { "type": "layers", "diff_ids": diff_ids },
    })
    .to_string()
    .len()
}

/// The manifest's canonical JSON as Docker's distribution code marshals it
/// (`json.MarshalIndent(m, "", "   ")`, field order MediaType, Size, Digest).
pub fn manifest_json(image: &StoredImage) -> String {
    let descriptor = |media: &str, size: u64, digest: &str| {
        format!("{{\n      \"mediaType\": \"{media}\",\n      \"size\": {size},\n      \"digest\": \"{digest}\"\n   }}")
    };
    let mut seen = BTreeSet::new();
    let layers: Vec<String> = image
        .layers
        .iter()
        .filter(|l| seen.insert(l.digest.as_str()))
        .map(|l| {
            descriptor(LAYER_TYPE, l.size, &blob_digest(&l.digest))
                .replace("\n      ", "\n         ")
                .replace("\n   }", "\n      }")
        })
        .collect();
    format!(
        "{{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"{MANIFEST_TYPE}\",\n   \"config\": {},\n   \"layers\": [\n      {}\n   ]\n}}",
        descriptor(CONFIG_TYPE, config_size(image) as u64, &image.id),
        layers.join(",\n      ")
    )
}

/// `sha256:` of the bytes, as a registry names a manifest.
pub fn content_digest(bytes: &str) -> String {
    format!("sha256:{:x}", Sha256::digest(bytes.as_bytes()))
}

impl Registries {
    /// `docker login [SERVER] -u USER`: stores the login; `true` when the
    /// simulated-registry note is due.
    pub fn login(&mut self, server: &str, user: &str) -> bool {
        self.logins.insert(server_address(server), user.to_string());
        !std::mem::replace(&mut self.noted, true)
    }

    /// `docker logout [SERVER]`: whether there was a login to remove.
    pub fn logout(&mut self, server: &str) -> bool {
        self.logins.remove(&server_address(server)).is_some()
    }

    pub fn user(&self, registry: &str) -> Option<&str> {
        self.logins.get(&server_address(registry)).map(String::as_str)
    }

    /// The manifest a tag or digest names in a registry's repository.
    pub fn manifest(&self, reference: &ImageRef) -> Option<&Manifest> {
        let host = self.hosts.get(&reference.registry)?;
        let digest = match (&reference.digest, &reference.tag) {
            (Some(d), _) => d.clone(),
            (None, Some(t)) => host.tags.get(&reference.path)?.get(t)?.clone(),
            (None, None) => return None,
        };
        // A digest is only found in a repository it was pushed to.
        host.tags.get(&reference.path)?.values().any(|d| *d == digest).then_some(())?;
        host.manifests.get(&digest)
    }
}

impl Engine {
    pub fn registries(&self) -> &Registries {
        &self.registries
    }

    pub fn registries_mut(&mut self) -> &mut Registries {
        &mut self.registries
    }

    /// The manifest digest the image would have in a registry.
    pub fn manifest_digest(&self, id: &str) -> Option<String> {
        self.images.get(id).map(|i| content_digest(&manifest_json(i)))
    }

    /// The digest `docker images --digests` shows for an image under a
    /// repository: the manifest a registry holds for it there (pushed or
    /// pulled), or a catalog image's own manifest digest.
    pub fn repo_digest(&self, repository: &str, id: &str) -> Option<String> {
        let r = ImageRef::parse(repository).ok()?;
        let host = self.registries.hosts.get(&r.registry);
        let pushed = host.and_then(|h| {
            let tags = h.tags.get(&r.path)?;
            tags.values().find(|d| h.manifests.get(*d).is_some_and(|m| m.image.id == id)).cloned()
        });
        if pushed.is_some() {
            return pushed;
        }
        let image = self.images.get(id).filter(|i| i.pulled)?;
        super::local::root_of(image).map(crate::catalog::BaseImage::manifest_digest)
    }

    /// `docker push NAME[:TAG]`.
    pub fn push(&mut self, name: &str) -> Result<PushReport, PushError> {
        let bad = |reason: String| {
            PushError::Reference(EngineError::InvalidReference { reference: name.to_string(), reason })
        };
        let reference = ImageRef::parse(name).map_err(|e| bad(e.to_string()))?;
        if reference.digest.is_some() {
            return Err(bad("a push names a tag, not a digest".to_string()));
        }
        let tag = reference.tag.clone().unwrap_or_else(|| "latest".to_string());
        let repository = format!("{}/{}", reference.registry, reference.path);
        let familiar = reference.familiar();
        let Some(image) = self.tags.get(&familiar).and_then(|id| self.images.get(id)).cloned() else {
            return Err(PushError::NoSuchLocalImage { repository, familiar: reference.repository() });
        };
        let mut seen = BTreeSet::new();
        let diff_ids: Vec<String> =
            image.layers.iter().filter(|l| seen.insert(l.digest.clone())).map(|l| l.digest.clone()).collect();
        let shown: Vec<String> = diff_ids.iter().rev().map(|d| short_id(d)).collect();
        let user = self.registries.user(&reference.registry);
        if reference.registry == "docker.io" {
            // Docker Hub: only a logged-in user's own namespace is writable.
            let owner = reference.path.split('/').next().unwrap_or_default();
            if user != Some(owner) {
                return Err(PushError::Denied { repository, layers: shown });
            }
        } else if reference.registry.ends_with(".amazonaws.com") && user.is_none() {
            return Err(PushError::NoCredentials { repository, layers: shown });
        }
        let note = !std::mem::replace(&mut self.registries.noted, true);
        let host = self.registries.hosts.entry(reference.registry.clone()).or_default();
        let linked = host.linked.entry(reference.path.clone()).or_default();
        let mut layers = Vec::new();
        for diff_id in diff_ids.iter().rev() {
            let blob = blob_digest(diff_id);
            let status = if linked.contains(&blob) {
                LayerPush::AlreadyExists
            } else if let Some(from) = host.blobs.get(&blob) {
                LayerPush::MountedFrom(from.clone())
            } else {
                LayerPush::Pushed
            };
            host.blobs.entry(blob.clone()).or_insert_with(|| reference.path.clone());
            linked.insert(blob);
            layers.push((short_id(diff_id), status));
        }
        let json = manifest_json(&image);
        let digest = content_digest(&json);
        let image_id = image.id.clone();
        let size = json.len();
        host.tags.entry(reference.path.clone()).or_default().insert(tag.clone(), digest.clone());
        host.manifests.insert(digest.clone(), Manifest { json, digest: digest.clone(), image });
        self.registries.record_digest(&image_id, reference.repository());
        Ok(PushReport {
            repository,
            default_tag: !name.rsplit('/').next().unwrap_or(name).contains(':'),
            tag,
            layers,
            digest,
            size,
            note,
        })
    }
}

impl Registries {
    /// Stores a multi-platform push (`index.rs`): every platform's layers and
    /// manifest, and `index` under `tag`. The index's record holds the host
    /// platform's image, so a pull by the tag brings that one, as a pull of
    /// an index picks the daemon's platform.
    /// Returns whether the "simulated registry" note is still to be said.
    pub(super) fn put_index(
        &mut self,
        reference: &ImageRef,
        tag: &str,
        platforms: Vec<Manifest>,
        index: Manifest,
    ) -> bool {
        let note = !std::mem::replace(&mut self.noted, true);
        let host = self.hosts.entry(reference.registry.clone()).or_default();
        let linked = host.linked.entry(reference.path.clone()).or_default();
        for manifest in platforms {
            for layer in &manifest.image.layers {
                let blob = blob_digest(&layer.digest);
                host.blobs.entry(blob.clone()).or_insert_with(|| reference.path.clone());
                linked.insert(blob);
            }
            host.manifests.insert(manifest.digest.clone(), manifest);
        }
        host.tags.entry(reference.path.clone()).or_default().insert(tag.to_string(), index.digest.clone());
        host.manifests.insert(index.digest.clone(), index);
        note
    }
}

impl Engine {
    /// `docker pull` of an image a simulated registry holds (`None` when no
    /// registry has the reference: the catalog answers then).
    pub(super) fn pull_pushed(&mut self, reference: &str) -> Option<super::PullReport> {
        let requested = ImageRef::parse(reference).ok()?;
        let manifest = self.registries.manifest(&requested)?.clone();
        let image = manifest.image;
        let local: BTreeSet<&str> = self.images.values().flat_map(|i| &i.layers).map(|l| l.digest.as_str()).collect();
        let mut seen = BTreeSet::new();
        let (mut existing, mut layers) = (Vec::new(), Vec::new());
        for layer in image.layers.iter().filter(|l| seen.insert(l.digest.as_str())) {
            let blob = blob_digest(&layer.digest);
            if local.contains(layer.digest.as_str()) {
                existing.push(blob);
            } else {
                layers.push(blob);
            }
        }
        let familiar = requested.familiar();
        let id = image.id.clone();
        let new = !self.images.contains_key(&id);
        // Pulled by digest, Docker adds no tag (the image is known by its digest).
        let tagged = requested.digest.is_none();
        let up_to_date = !new && (!tagged || self.tags.get(&familiar) == Some(&id));
        if new {
            self.images.insert(id.clone(), image);
        }
        self.registries.record_digest(&id, requested.repository());
        if tagged && self.tags.get(&familiar) != Some(&id) {
            self.set_tag(familiar.clone(), &id);
        }
        if new {
            self.emit(super::Event::ImagePulled { id: id.clone(), reference: familiar.clone() });
        } else if !up_to_date {
            self.emit(super::Event::ImageTagged { id: id.clone(), tag: familiar.clone() });
        }
        let (existing, layers) = if up_to_date { (Vec::new(), Vec::new()) } else { (existing, layers) };
        Some(super::PullReport {
            id,
            default_tag: !reference.rsplit('/').next().unwrap_or(reference).contains(':') && !reference.contains('@'),
            tag: requested.tag.clone().or(requested.digest.clone()).unwrap_or_default(),
            path: requested.path.clone(),
            existing,
            layers,
            digest: manifest.digest,
            up_to_date,
            canonical: format!("{}/{}", requested.registry, requested.path)
                + &requested
                    .digest
                    .as_ref()
                    .map_or_else(|| format!(":{}", requested.tag.clone().unwrap_or_default()), |d| format!("@{d}")),
            familiar,
        })
    }
}
