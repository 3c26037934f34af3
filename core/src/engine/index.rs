//! buildx's side of the daemon: the builders (`docker buildx ls`, `create`,
//! `use`), multi-platform builds and the image indexes they push.
//!
//! Which image store the simulated daemon has decides what a multi-platform
//! result can do. Docker Engine 29 uses the containerd image store on fresh
//! installs, but a daemon upgraded from an earlier release keeps its graph
//! driver (<https://docs.docker.com/engine/storage/containerd/>); Layerlab's
//! daemon is such a one, with overlay2 (its images' ids are config digests and
//! `docker images` shows no content size, `docker::render::tree`). So, as
//! buildx says for that store: the default `docker` driver builds one
//! platform at a time, and a multi-platform image cannot be loaded into the
//! store, only pushed (buildx build/opt.go, `toSolveOpt`).

use super::Engine;
use crate::build::multi::{build_platforms, MultiOutcome};
use crate::build::platforms::Platform;
use crate::build::{BuildOutcome, BuildRequest};
use crate::catalog::ImageRef;
use std::collections::BTreeMap;

/// A builder's driver (buildx `driver/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Driver {
    /// The daemon's own BuildKit: the `default` builder.
    Docker,
    /// BuildKit in a container the builder starts on first use.
    DockerContainer,
}

impl Driver {
    pub fn name(self) -> &'static str {
        match self {
            Driver::Docker => "docker",
            Driver::DockerContainer => "docker-container",
        }
    }

    /// `--driver NAME`.
    pub fn parse(name: &str) -> Option<Driver> {
        match name {
            "docker" => Some(Driver::Docker),
            "docker-container" => Some(Driver::DockerContainer),
            _ => None,
        }
    }
}

/// One builder as `docker buildx ls` and `inspect` show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Builder {
    pub name: String,
    pub driver: Driver,
    /// Its BuildKit container runs (a `docker` builder always does).
    pub booted: bool,
    /// The builder `docker buildx build` uses.
    pub current: bool,
}

impl Builder {
    /// The node's name: buildx names a docker-container builder's first node `NAME0`.
    pub fn node(&self) -> String {
        match self.driver {
            Driver::Docker => self.name.clone(),
            Driver::DockerContainer => format!("{}0", self.name),
        }
    }

    /// The node's endpoint.
    pub fn endpoint(&self) -> &'static str {
        match self.driver {
            Driver::Docker => "default",
            Driver::DockerContainer => "unix:///var/run/docker.sock",
        }
    }
}

/// One platform's image in an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    pub platform: Platform,
    /// The platform's manifest digest.
    pub digest: String,
    /// The image's id (its config digest).
    pub image_id: String,
    /// What `docker images` would show for it.
    pub size: u64,
    /// The manifest's length in bytes (the index's descriptor names it).
    pub manifest_size: usize,
}

/// An image index a build pushed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageIndex {
    /// `docker.io/user/app:latest`.
    pub name: String,
    pub digest: String,
    pub manifests: Vec<IndexEntry>,
}

/// OCI media types, which BuildKit's image exporter writes by default
/// (`oci-mediatypes=true`).
pub const INDEX_TYPE: &str = "application/vnd.oci.image.index.v1+json";
pub const MANIFEST_TYPE: &str = "application/vnd.oci.image.manifest.v1+json";

/// The builders beside `default`, the current one, the indexes pushed.
#[derive(Debug, Clone, Default)]
pub struct Platforms {
    builders: Vec<(String, Driver, bool)>,
    /// `None`: the `default` builder.
    current: Option<String>,
    indexes: BTreeMap<String, ImageIndex>,
}

/// Where a build's result goes (`--load`, `--push`, neither).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// No output: the result stays in the build cache.
    None,
    Load,
    Push,
}

/// Why a builder command or a build was refused, with buildx's texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuilderError {
    /// `ERROR: no builder "x" found`.
    NotFound(String),
    /// `ERROR: existing instance for "x" but no append mode, specify the node name to make changes for existing instances`.
    Exists(String),
    /// `ERROR: failed to find driver "x"`.
    UnknownDriver(String),
    /// The docker driver builds one platform at a time on this store.
    MultiPlatformDocker,
    /// `--load` of several platforms into the overlay2 store.
    LoadIndex,
    /// A `--platform` value containerd refuses.
    Platform(String),
    /// `--push` without a name.
    PushNoName,
}

impl std::fmt::Display for BuilderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuilderError::NotFound(name) => write!(f, "ERROR: no builder {name:?} found"),
            BuilderError::Exists(name) => write!(
                f,
                "ERROR: existing instance for {name:?} but no append mode, specify the node name to make changes for existing instances"
            ),
            BuilderError::UnknownDriver(name) => write!(f, "ERROR: failed to find driver {name:?}"),
            // buildx build/utils.go `notSupported` with driver.MultiPlatform ("Multi-platform build").
            BuilderError::MultiPlatformDocker => write!(
                f,
                "ERROR: failed to build: Multi-platform build is not supported for the docker driver.\n\
                 Switch to a different driver, or turn on the containerd image store, and try again.\n\
                 Learn more at https://docs.docker.com/go/build-multi-platform/"
            ),
            // buildx build/opt.go: the docker exporter without the daemon's OCI importer.
            BuilderError::LoadIndex => {
                write!(f, "ERROR: failed to build: docker exporter does not currently support exporting manifest lists")
            }
            BuilderError::Platform(text) => write!(f, "ERROR: failed to build: {text}"),
            BuilderError::PushNoName => write!(
                f,
                "ERROR: failed to build: failed to solve: failed to push: tag is needed when pushing to registry"
            ),
        }
    }
}

/// What a buildx build did.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformsReport {
    /// The progress log (stderr).
    pub log: String,
    pub failed: bool,
    pub builds: MultiOutcome,
    /// The index pushed, if one was.
    pub index: Option<ImageIndex>,
}

impl Engine {
    /// Every builder, `default` last as buildx lists it after the ones
    /// created (builders sort by name in buildx's store; `default` is the
    /// docker context's).
    pub fn builders(&self) -> Vec<Builder> {
        let p = &self.platforms;
        let mut out: Vec<Builder> = p
            .builders
            .iter()
            .map(|(name, driver, booted)| Builder {
                name: name.clone(),
                driver: *driver,
                booted: *booted,
                current: p.current.as_deref() == Some(name.as_str()),
            })
            .collect();
        crate::sort::by(&mut out, |a, b| a.name.cmp(&b.name));
        out.push(Builder {
            name: "default".into(),
            driver: Driver::Docker,
            booted: true,
            current: p.current.is_none(),
        });
        out
    }

    /// The builder named `name`, or the current one.
    pub fn builder(&self, name: Option<&str>) -> Result<Builder, BuilderError> {
        let all = self.builders();
        match name {
            None => Ok(all.into_iter().find(|b| b.current).unwrap_or_else(|| self.builders().remove(0))),
            Some(name) => all.into_iter().find(|b| b.name == name).ok_or_else(|| BuilderError::NotFound(name.into())),
        }
    }

    /// `docker buildx create [--name N] [--driver D] [--use]`: the builder's name.
    pub fn create_builder(&mut self, name: Option<&str>, driver: &str, use_it: bool) -> Result<String, BuilderError> {
        let driver = Driver::parse(driver).ok_or_else(|| BuilderError::UnknownDriver(driver.into()))?;
        let name = match name {
            Some(n) => n.to_string(),
            None => super::containers::names::generate(&format!("builder{}", self.platforms.builders.len()), 0),
        };
        if name == "default" || self.platforms.builders.iter().any(|(n, _, _)| *n == name) {
            return Err(BuilderError::Exists(name));
        }
        self.platforms.builders.push((name.clone(), driver, false));
        if use_it {
            self.platforms.current = Some(name.clone());
        }
        Ok(name)
    }

    /// `docker buildx use NAME`.
    pub fn use_builder(&mut self, name: &str) -> Result<(), BuilderError> {
        let builder = self.builder(Some(name))?;
        self.platforms.current = (builder.name != "default").then_some(builder.name);
        Ok(())
    }

    /// The index pushed under `reference` (`user/app`, `docker.io/user/app:latest`).
    pub fn image_index(&self, reference: &str) -> Option<&ImageIndex> {
        self.platforms.indexes.get(&full_name(reference)?)
    }

    /// A buildx build for `targets` on `builder` (the current one when `None`),
    /// its result loaded, pushed or left in the cache.
    pub fn build_platforms(
        &mut self,
        request: &BuildRequest<'_>,
        tags: &[String],
        targets: &[Platform],
        export: Export,
        builder: Option<&str>,
        now: u64,
    ) -> Result<PlatformsReport, BuilderError> {
        let builder = self.builder(builder)?;
        if targets.len() > 1 && builder.driver == Driver::Docker {
            return Err(BuilderError::MultiPlatformDocker);
        }
        if targets.len() > 1 && export == Export::Load {
            return Err(BuilderError::LoadIndex);
        }
        if export == Export::Push && tags.is_empty() {
            return Err(BuilderError::PushNoName);
        }
        let mut warning = String::new();
        if export == Export::None && builder.driver == Driver::DockerContainer {
            // buildx build/build.go `warnNoOutput`, through logrus.
            warning = format!(
                "WARNING: No output specified with {} driver. Build result will only remain in the build cache. \
                 To push result image into registry use --push or to load image into docker use --load\n",
                builder.driver.name()
            );
        }
        let boot = (!builder.booted).then(|| booting(&builder.name));
        if let Some(entry) = self.platforms.builders.iter_mut().find(|(n, _, _)| *n == builder.name) {
            entry.2 = true;
        }
        let entries_before = self.cache.len();
        let local = super::local::LocalStore { images: &self.images, tags: &self.tags };
        let builds = build_platforms(request, &mut self.cache, &local, targets);
        let _ = entries_before;
        let failed = builds.error().is_some();
        let mut log =
            format!("#0 building with {:?} instance using {} driver\n\n", builder.name, builder.driver.name());
        let body = builds.log.split_once("\n\n").map_or(builds.log.as_str(), |(_, rest)| rest);
        match &boot {
            Some(boot) => {
                log.push_str(boot);
                log.push('\n');
                log.push_str(&renumber(body, 1));
            }
            None => log.push_str(body),
        }
        let mut index = None;
        if !failed {
            let next = log.lines().filter_map(vertex_number).max().unwrap_or(0) + 1;
            match export {
                Export::Push => match self.push_index(&builds, tags, now) {
                    Ok(made) => {
                        log.push_str(&push_log(next, &made, tags));
                        index = made;
                    }
                    Err(error) => {
                        log.push_str(&format!("{error}\n"));
                        return Ok(PlatformsReport { log: format!("{warning}{log}"), failed: true, builds, index });
                    }
                },
                Export::Load => {
                    // One platform: loaded as the classic store holds any image.
                    if let Some(p) = builds.platforms.first() {
                        let outcome = BuildOutcome { log: String::new(), ..p.outcome.clone() };
                        let stored = self.store_build(outcome, tags, now, self.cache.len());
                        let id = stored.image.as_ref().map(|i| i.id()).unwrap_or_default();
                        log.push_str(&load_log(next, &id, tags));
                    }
                }
                Export::None => {}
            }
        }
        Ok(PlatformsReport { log: format!("{warning}{log}"), failed, builds, index })
    }

    /// Pushes the index `builds` make under each tag: every platform's image
    /// as an OCI manifest (the daemon's schema 2 manifest with OCI media
    /// types, so its digest is the sha256 of its bytes), then the index that
    /// lists them. Docker Hub takes it only into the logged-in user's namespace.
    fn push_index(&mut self, builds: &MultiOutcome, tags: &[String], now: u64) -> Result<Option<ImageIndex>, String> {
        let mut manifests = Vec::new();
        let mut entries = Vec::new();
        for p in &builds.platforms {
            let Some(image) = p.outcome.image.as_ref() else { return Ok(None) };
            let stored = self.stored_from_build(image, None, now);
            let json = oci(&super::registry::manifest_json(&stored));
            let digest = super::registry::content_digest(&json);
            entries.push(IndexEntry {
                platform: p.platform.clone(),
                digest: digest.clone(),
                image_id: stored.id.clone(),
                size: image.size(),
                manifest_size: json.len(),
            });
            manifests.push(super::registry::Manifest { json, digest, image: stored });
        }
        let json = index_json(&entries);
        let digest = super::registry::content_digest(&json);
        let host = Platform::host();
        let host_image = builds
            .platforms
            .iter()
            .position(|p| p.platform == host)
            .and_then(|i| manifests.get(i))
            .or(manifests.first())
            .map(|m| m.image.clone());
        let Some(host_image) = host_image else { return Ok(None) };
        let mut made = None;
        for tag in tags {
            let Ok(reference) = ImageRef::parse(tag) else { continue };
            let name = format!("{}/{}", reference.registry, reference.path);
            let owner = reference.path.split('/').next().unwrap_or_default();
            if reference.registry == "docker.io" && self.registries.user("docker.io") != Some(owner) {
                // BuildKit's pusher, as buildx reports a registry's 401.
                return Err(format!(
                    "ERROR: failed to build: failed to solve: failed to push {name}:{}: push access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed",
                    reference.tag.as_deref().unwrap_or("latest")
                ));
            }
            let tag_name = reference.tag.clone().unwrap_or_else(|| "latest".into());
            let index =
                super::registry::Manifest { json: json.clone(), digest: digest.clone(), image: host_image.clone() };
            self.registries.put_index(&reference, &tag_name, manifests.clone(), index);
            let full = format!("{name}:{tag_name}");
            let record = ImageIndex { name: full.clone(), digest: digest.clone(), manifests: entries.clone() };
            self.platforms.indexes.insert(full, record.clone());
            made.get_or_insert(record);
        }
        Ok(made)
    }
}

/// The daemon's schema 2 manifest with BuildKit's OCI media types.
fn oci(schema2: &str) -> String {
    schema2
        .replace("application/vnd.docker.distribution.manifest.v2+json", MANIFEST_TYPE)
        .replace("application/vnd.docker.container.image.v1+json", "application/vnd.oci.image.config.v1+json")
        .replace("application/vnd.docker.image.rootfs.diff.tar.gzip", "application/vnd.oci.image.layer.v1.tar+gzip")
}

/// The index's JSON, laid out as the registry code lays out manifests (three
/// spaces; `docker manifest inspect` prints it with tabs): per manifest its
/// media type, size, digest and platform (distribution's manifest list
/// descriptor order, `manifestlist.PlatformSpec`'s architecture, os, variant).
fn index_json(entries: &[IndexEntry]) -> String {
    let items: Vec<String> = entries
        .iter()
        .map(|m| {
            let variant = if m.platform.variant.is_empty() {
                String::new()
            } else {
                format!(",\n            \"variant\": \"{}\"", m.platform.variant)
            };
            format!(
                "{{\n         \"mediaType\": \"{MANIFEST_TYPE}\",\n         \"size\": {},\n         \"digest\": \"{}\",\n         \"platform\": {{\n            \"architecture\": \"{}\",\n            \"os\": \"{}\"{variant}\n         }}\n      }}",
                m.manifest_size, m.digest, m.platform.arch, m.platform.os
            )
        })
        .collect();
    format!(
        "{{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"{INDEX_TYPE}\",\n   \"manifests\": [\n      {}\n   ]\n}}",
        items.join(",\n      ")
    )
}

/// `docker.io/user/app:latest` for `user/app`.
fn full_name(reference: &str) -> Option<String> {
    let r = ImageRef::parse(reference).ok()?;
    Some(format!("{}/{}:{}", r.registry, r.path, r.tag.as_deref().unwrap_or("latest")))
}

/// The first build on a docker-container builder starts its BuildKit
/// container (buildx driver/docker-container/driver.go `Bootstrap`).
fn booting(name: &str) -> String {
    let image = "moby/buildkit:buildx-stable-1";
    let container = format!("buildx_buildkit_{name}0");
    format!(
        "#1 [internal] booting buildkit\n#1 pulling image {image}\n#1 pulling image {image} 4.2s done\n\
         #1 creating container {container}\n#1 creating container {container} 0.5s done\n#1 DONE 4.7s\n"
    )
}

/// The vertex number a `#N …` line belongs to.
fn vertex_number(line: &str) -> Option<usize> {
    line.strip_prefix('#')?.split(' ').next()?.parse().ok()
}

/// `log` with every vertex number moved up by `by`.
fn renumber(log: &str, by: usize) -> String {
    let mut out = String::with_capacity(log.len() + 64);
    for line in log.split_inclusive('\n') {
        match (vertex_number(line), line.split_once(' ')) {
            (Some(n), Some((_, rest))) if n > 0 => out.push_str(&format!("#{} {rest}", n + by)),
            _ => out.push_str(line),
        }
    }
    out
}

/// BuildKit's image exporter pushing an index.
fn push_log(id: usize, index: &Option<ImageIndex>, tags: &[String]) -> String {
    let Some(index) = index else { return String::new() };
    let mut out = format!("\n#{id} exporting to image\n#{id} exporting layers 0.1s done\n");
    for m in &index.manifests {
        out.push_str(&format!("#{id} exporting manifest {} done\n", m.digest));
        out.push_str(&format!("#{id} exporting config {} done\n", m.image_id));
    }
    out.push_str(&format!("#{id} exporting manifest list {} done\n", index.digest));
    for tag in tags.iter().filter_map(|t| full_name(t)) {
        out.push_str(&format!("#{id} naming to {tag} done\n"));
    }
    out.push_str(&format!("#{id} pushing layers 1.2s done\n"));
    for tag in tags.iter().filter_map(|t| full_name(t)) {
        out.push_str(&format!("#{id} pushing manifest for {tag}@{} 0.4s done\n", index.digest));
    }
    out.push_str(&format!("#{id} DONE 1.8s\n"));
    out
}

/// BuildKit's exporter loading one platform's image into the daemon.
fn load_log(id: usize, image_id: &str, tags: &[String]) -> String {
    let mut out = format!("\n#{id} exporting to image\n#{id} exporting layers 0.1s done\n");
    out.push_str(&format!("#{id} writing image {image_id} done\n"));
    for tag in tags.iter().filter_map(|t| full_name(t)) {
        out.push_str(&format!("#{id} naming to {tag} done\n"));
    }
    out.push_str(&format!("#{id} DONE 0.1s\n"));
    out
}
