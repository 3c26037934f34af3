//! The volume commands: `docker volume ls`, `create`, `rm` and `inspect`
//! (the model itself is in `volumes.rs`).

use crate::engine::containers::{inspect, ContainerError, Volume};
use crate::engine::{Engine, EngineError, Event};
use serde_json::Value;
use std::collections::BTreeMap;

impl Engine {
    /// `docker volume ls`: the volumes, sorted by name.
    pub fn volume_ls(&mut self, now: u64) -> Vec<&Volume> {
        self.tick(now);
        let mut vols: Vec<&Volume> = self.runtime.volumes.iter().collect();
        crate::sort::by(&mut vols, |a, b| a.name.cmp(&b.name));
        vols
    }

    /// `docker volume create [NAME]`: the volume's name.
    pub fn volume_create(
        &mut self,
        name: Option<&str>,
        labels: BTreeMap<String, String>,
        now: u64,
    ) -> Result<String, EngineError> {
        self.tick(now);
        if let Some(n) = name {
            if n.len() == 1 {
                return Err(ContainerError::InvalidVolume(
                    crate::run::volume::VolumeError::VolumeNameTooShort { name: n.to_string() }.to_string(),
                )
                .into());
            }
            if !crate::run::volume::valid_name(n) {
                return Err(ContainerError::InvalidVolume(format!(
                    "create {n}: {} includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path",
                    crate::quote::go_quote(n)
                ))
                .into());
            }
        }
        Ok(self.runtime.ensure_volume(name, labels, now))
    }

    /// `docker volume rm [-f] NAME`: the name (`-f`: also when there was no such volume).
    pub fn volume_rm(&mut self, name: &str, force: bool, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        if self.runtime.volume(name).is_err() {
            if force {
                return Ok(name.to_string());
            }
            return Err(ContainerError::NoSuchVolume(name.to_string()).into());
        }
        let users = self.runtime.volume_users(name);
        if !users.is_empty() {
            return Err(ContainerError::VolumeInUse { name: name.to_string(), containers: users }.into());
        }
        self.runtime.volumes.retain(|v| v.name != name);
        self.runtime.events.push(Event::VolumeRemoved { name: name.to_string() });
        Ok(name.to_string())
    }

    pub fn volume_inspect(&mut self, name: &str, now: u64) -> Result<Value, EngineError> {
        self.tick(now);
        Ok(inspect::volume(self.runtime.volume(name)?))
    }
}
