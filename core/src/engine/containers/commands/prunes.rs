//! The prunes (`docker container prune`, `network prune`, `volume prune`,
//! `system prune`) and what the image side asks of the containers (is an
//! image in use, `system df`'s container and volume rows).

use crate::engine::containers::model::Status;
use crate::engine::containers::ContainerError;
use crate::engine::format::short_id;
use crate::engine::{DfRow, Engine, EngineError, Event, PruneKind, Removal};
use std::collections::BTreeSet;

/// What `docker container prune` removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerPrune {
    pub ids: Vec<String>,
    /// The bytes their writable layers held.
    pub reclaimed: u64,
}

/// What `docker system prune` removed, section by section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SystemPrune {
    pub containers: ContainerPrune,
    /// Network names.
    pub networks: Vec<String>,
    /// Volume names (`--volumes`: anonymous unused volumes only, since Docker 23).
    pub volumes: Vec<String>,
    pub images: Removal,
    /// BuildKit's ids of the build cache records removed.
    pub cache_records: Vec<String>,
    /// Everything freed: containers, images and the build cache.
    pub reclaimed: u64,
}

impl Engine {
    /// Removes stopped containers; returns their ids and the bytes freed.
    fn prune_containers(&mut self) -> ContainerPrune {
        let mut pruned = ContainerPrune::default();
        let mut i = 0;
        while i < self.runtime.containers.len() {
            let c = &self.runtime.containers[i];
            if matches!(c.state.status, Status::Created | Status::Exited | Status::Dead) {
                pruned.reclaimed += c.upper_size;
                pruned.ids.push(c.id.clone());
                self.runtime.remove_at(i, false);
            } else {
                i += 1;
            }
        }
        pruned
    }

    /// `docker container prune -f`.
    pub fn container_prune(&mut self, now: u64) -> ContainerPrune {
        self.tick(now);
        let pruned = self.prune_containers();
        self.runtime.events.push(Event::Pruned { kind: PruneKind::Containers, reclaimed: pruned.reclaimed });
        pruned
    }

    /// `docker system prune -f [-a] [--volumes]`: stopped containers, unused
    /// networks, (anonymous unused volumes), dangling (or, with `-a`, unused)
    /// images and the build cache.
    pub fn system_prune(&mut self, all: bool, volumes: bool, now: u64) -> SystemPrune {
        self.tick(now);
        let containers = self.prune_containers();
        let networks = self.prune_networks();
        // Since Docker 23, prune takes anonymous volumes only (named ones need `volume prune -a`).
        let volumes = if volumes { self.prune_volumes(false) } else { Vec::new() };
        let images = self.image_prune(all);
        let cache_records = self.cache_record_ids();
        let cache = self.builder_prune();
        let reclaimed = containers.reclaimed + images.reclaimed + cache;
        self.runtime.events.push(Event::Pruned { kind: PruneKind::System, reclaimed });
        SystemPrune { containers, networks, volumes, images, cache_records, reclaimed }
    }

    /// User-defined networks no container is attached to, removed; their names.
    fn prune_networks(&mut self) -> Vec<String> {
        let unused: Vec<String> = self
            .runtime
            .networks
            .iter()
            .filter(|n| n.user_defined())
            .filter(|n| !self.runtime.containers.iter().any(|c| c.endpoints.iter().any(|e| e.network == n.name)))
            .map(|n| n.name.clone())
            .collect();
        self.runtime.networks.retain(|n| !unused.contains(&n.name));
        self.runtime.events.extend(unused.iter().map(|name| Event::NetworkRemoved { name: name.clone() }));
        unused
    }

    /// Volumes no container mounts (anonymous ones only unless `all`), removed; their names.
    fn prune_volumes(&mut self, all: bool) -> Vec<String> {
        let doomed: Vec<String> = self
            .runtime
            .volumes
            .iter()
            .filter(|v| (all || v.anonymous) && self.runtime.volume_users(&v.name).is_empty())
            .map(|v| v.name.clone())
            .collect();
        self.runtime.volumes.retain(|v| !doomed.contains(&v.name));
        self.runtime.events.extend(doomed.iter().map(|name| Event::VolumeRemoved { name: name.clone() }));
        doomed
    }

    /// `docker network prune -f`: the networks it removed (no size: networks take none).
    pub fn network_prune(&mut self, now: u64) -> Vec<String> {
        self.tick(now);
        let pruned = self.prune_networks();
        self.runtime.events.push(Event::Pruned { kind: PruneKind::Networks, reclaimed: 0 });
        pruned
    }

    /// `docker volume prune [-a] -f`: anonymous unused volumes, or every unused one with `-a`
    /// (Docker 23 and later).
    /// The names of the volumes removed (simulated volumes hold no bytes).
    pub fn volume_prune(&mut self, all: bool, now: u64) -> Vec<String> {
        self.tick(now);
        let pruned = self.prune_volumes(all);
        self.runtime.events.push(Event::Pruned { kind: PruneKind::Volumes, reclaimed: 0 });
        pruned
    }

    /// The `rmi` check: a container (in any state) using the image refuses its last reference.
    pub(crate) fn check_image_unused(
        &self,
        reference: &str,
        id: &str,
        by_tag: bool,
        force: bool,
        last_tag: bool,
    ) -> Result<(), EngineError> {
        let Some(c) = self.runtime.image_in_use(id) else { return Ok(()) };
        if by_tag && last_tag && !force {
            return Err(ContainerError::ImageInUse {
                reference: reference.to_string(),
                short_container: c.short_id().to_string(),
                image: short_id(id),
            }
            .into());
        }
        if !by_tag && (!force || c.is_running()) {
            return Err(ContainerError::ImageDeleteInUse {
                short_image: short_id(id),
                short_container: c.short_id().to_string(),
                running: c.is_running(),
            }
            .into());
        }
        Ok(())
    }

    /// `docker system df`'s container and volume rows: (total, active, size, reclaimable).
    pub(crate) fn container_usage(&self) -> (DfRow, DfRow) {
        let cs = &self.runtime.containers;
        let size: u64 = cs.iter().map(|c| c.upper_size).sum();
        let reclaimable: u64 = cs.iter().filter(|c| !c.is_running()).map(|c| c.upper_size).sum();
        let active = cs.iter().filter(|c| c.is_running()).count();
        let vols = &self.runtime.volumes;
        let vactive = vols.iter().filter(|v| !self.runtime.volume_users(&v.name).is_empty()).count();
        let vsize: u64 = vols.iter().map(|v| v.size).sum();
        let vreclaim: u64 = vols.iter().filter(|v| self.runtime.volume_users(&v.name).is_empty()).map(|v| v.size).sum();
        (
            DfRow { total: cs.len(), active, size, reclaimable },
            DfRow { total: vols.len(), active: vactive, size: vsize, reclaimable: vreclaim },
        )
    }

    /// Images some container uses.
    pub(crate) fn images_in_use(&self) -> BTreeSet<String> {
        self.runtime.containers.iter().map(|c| c.image_id.clone()).collect()
    }
}
