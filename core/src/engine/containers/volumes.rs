//! Volumes: named ones (made by `docker volume create` or on first use by
//! `-v name:/path`), anonymous ones (`-v /path`, and every VOLUME of the image
//! that no mount covers, named with 64 hex digits) and bind mounts (a host
//! path, not a volume). The local driver keeps a volume's data under
//! `/var/lib/docker/volumes/NAME/_data`. Contents are not simulated: sizes are 0.

use super::model::{MountKind, MountPoint};
use super::{ContainerError, Runtime};
use crate::run::{MountType, RunOptions, VolumeSource};
use std::collections::BTreeMap;

/// A volume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volume {
    pub name: String,
    pub driver: String,
    pub created: u64,
    pub labels: BTreeMap<String, String>,
    pub anonymous: bool,
    /// Bytes (not simulated: 0).
    pub size: u64,
}

impl Volume {
    pub fn mountpoint(&self) -> String {
        format!("/var/lib/docker/volumes/{}/_data", self.name)
    }
}

impl Runtime {
    pub fn volume(&self, name: &str) -> Result<&Volume, ContainerError> {
        self.volumes.iter().find(|v| v.name == name).ok_or_else(|| ContainerError::NoSuchVolume(name.to_string()))
    }

    /// Creates a volume if missing (`docker volume create` is idempotent); returns its name.
    pub(crate) fn ensure_volume(&mut self, name: Option<&str>, labels: BTreeMap<String, String>, now: u64) -> String {
        let (name, anonymous) = match name {
            Some(n) => (n.to_string(), false),
            None => (self.new_id("volume", "", now), true),
        };
        if !self.volumes.iter().any(|v| v.name == name) {
            self.events.push(crate::engine::Event::VolumeCreated { name: name.clone() });
            self.volumes.push(Volume {
                name: name.clone(),
                driver: "local".into(),
                created: now,
                labels,
                anonymous,
                size: 0,
            });
        }
        name
    }

    /// The containers (names) that use a volume.
    pub fn volume_users(&self, name: &str) -> Vec<String> {
        self.containers
            .iter()
            .filter(|c| c.mounts.iter().any(|m| m.name.as_deref() == Some(name)))
            .map(|c| c.id.clone())
            .collect()
    }

    /// The mounts of a new container: `-v`, `--mount`, then the image's VOLUMEs not yet covered.
    pub(crate) fn mounts_for(
        &mut self,
        options: &RunOptions,
        image_volumes: &[String],
        now: u64,
    ) -> Result<Vec<MountPoint>, ContainerError> {
        let mut mounts: Vec<MountPoint> = Vec::new();
        for v in &options.volumes {
            let (kind, name, source, anonymous) = match &v.source {
                VolumeSource::Anonymous => {
                    let name = self.ensure_volume(None, BTreeMap::new(), now);
                    (MountKind::Volume, Some(name), String::new(), true)
                }
                VolumeSource::Named(n) => {
                    let name = self.ensure_volume(Some(n), BTreeMap::new(), now);
                    (MountKind::Volume, Some(name), String::new(), false)
                }
                VolumeSource::HostPath(p) => (MountKind::Bind, None, p.clone(), false),
            };
            mounts.push(MountPoint { kind, name, source, destination: v.target.clone(), rw: !v.read_only, anonymous });
        }
        for m in &options.mounts {
            let (kind, name, source, anonymous) = match &m.mount_type {
                MountType::Volume => match m.source.as_deref().filter(|s| !s.is_empty()) {
                    Some(n) => {
                        if !crate::run::volume::valid_name(n) {
                            return Err(ContainerError::InvalidVolume(format!(
                                "create {n}: {} includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path",
                                crate::quote::go_quote(n)
                            )));
                        }
                        (
                            MountKind::Volume,
                            Some(self.ensure_volume(Some(n), BTreeMap::new(), now)),
                            String::new(),
                            false,
                        )
                    }
                    None => {
                        (MountKind::Volume, Some(self.ensure_volume(None, BTreeMap::new(), now)), String::new(), true)
                    }
                },
                MountType::Bind => (MountKind::Bind, None, m.source.clone().unwrap_or_default(), false),
                MountType::Tmpfs => (MountKind::Tmpfs, None, String::new(), false),
                // image, npipe, cluster: not modelled; the daemon would refuse most on Linux.
                _ => continue,
            };
            mounts.push(MountPoint { kind, name, source, destination: m.target.clone(), rw: !m.read_only, anonymous });
        }
        for target in image_volumes {
            if mounts.iter().any(|m| &m.destination == target) {
                continue;
            }
            let name = self.ensure_volume(None, BTreeMap::new(), now);
            mounts.push(MountPoint {
                kind: MountKind::Volume,
                name: Some(name),
                source: String::new(),
                destination: target.clone(),
                rw: true,
                anonymous: true,
            });
        }
        for m in &mut mounts {
            if let (MountKind::Volume, Some(name)) = (m.kind, &m.name) {
                m.source = format!("/var/lib/docker/volumes/{name}/_data");
            }
        }
        Ok(mounts)
    }
}
