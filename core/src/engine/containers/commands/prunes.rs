//! The prunes (`docker container prune`, `network prune`, `volume prune`,
//! `system prune`) and what the image side asks of the containers (is an
//! image in use, `system df`'s container and volume rows).

use crate::engine::containers::model::Status;
use crate::engine::containers::ContainerError;
use crate::engine::format::short_id;
use crate::engine::{human_size4, Engine, EngineError};
use std::collections::BTreeSet;

/// One row of `docker system df`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DfRow {
    pub total: usize,
    pub active: usize,
    pub size: u64,
    pub reclaimable: u64,
}

/// One section of a prune's report (`Deleted Containers:` and its ids, then
/// a blank line), as docker/cli prints it; nothing when nothing went.
fn prune_section(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.push_str(title);
    out.push('\n');
    for item in items {
        out.push_str(item);
        out.push('\n');
    }
    out.push('\n');
}

impl Engine {
    /// Removes stopped containers; returns their ids and the bytes freed.
    fn prune_containers(&mut self) -> (Vec<String>, u64) {
        let mut ids = Vec::new();
        let mut freed = 0;
        let mut i = 0;
        while i < self.runtime.containers.len() {
            let c = &self.runtime.containers[i];
            if matches!(c.state.status, Status::Created | Status::Exited | Status::Dead) {
                freed += c.upper_size;
                ids.push(c.id.clone());
                self.runtime.remove_at(i, false);
            } else {
                i += 1;
            }
        }
        (ids, freed)
    }

    /// `docker container prune -f`.
    pub fn container_prune(&mut self, now: u64) -> String {
        self.tick(now);
        let (ids, freed) = self.prune_containers();
        let mut out = String::new();
        prune_section(&mut out, "Deleted Containers:", &ids);
        out.push_str(&format!("Total reclaimed space: {}\n", human_size4(freed)));
        out
    }

    /// `docker system prune -f [-a] [--volumes]`: stopped containers, unused
    /// networks, (anonymous unused volumes), dangling (or, with `-a`, unused)
    /// images and the build cache, each section as its own prune prints it.
    pub fn system_prune(&mut self, all: bool, volumes: bool, now: u64) -> String {
        self.tick(now);
        let mut out = String::new();
        let mut total = 0u64;
        let (ids, freed) = self.prune_containers();
        total += freed;
        prune_section(&mut out, "Deleted Containers:", &ids);
        let networks = self.prune_networks();
        prune_section(&mut out, "Deleted Networks:", &networks);
        if volumes {
            // Since Docker 23, prune takes anonymous volumes only (named ones need `volume prune -a`).
            let doomed = self.prune_volumes(false);
            prune_section(&mut out, "Deleted Volumes:", &doomed);
        }
        let removal = self.image_prune(all);
        total += removal.reclaimed;
        // The image section as `docker image prune` prints it (each image's
        // untags, then its deletion), without its total.
        if let Some((images, _)) = removal.text.split_once("Total reclaimed space:") {
            out.push_str(images);
        }
        let records = self.cache_record_ids();
        let (cache, _) = self.builder_prune();
        total += cache;
        prune_section(&mut out, "Deleted build cache objects:", &records);
        out.push_str(&format!("Total reclaimed space: {}\n", human_size4(total)));
        out
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
        doomed
    }

    /// `docker network prune -f`: prints the networks it removed (no size: networks take none).
    pub fn network_prune(&mut self, now: u64) -> String {
        self.tick(now);
        let mut out = String::new();
        prune_section(&mut out, "Deleted Networks:", &self.prune_networks());
        out
    }

    /// `docker volume prune [-a] -f`: anonymous unused volumes, or every unused one with `-a`
    /// (Docker 23 and later).
    pub fn volume_prune(&mut self, all: bool, now: u64) -> String {
        self.tick(now);
        let mut out = String::new();
        prune_section(&mut out, "Deleted Volumes:", &self.prune_volumes(all));
        // Simulated volumes hold no bytes.
        out.push_str("Total reclaimed space: 0B\n");
        out
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
