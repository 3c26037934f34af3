//! The network commands: `docker network ls`, `create`, `rm`, `inspect`,
//! `connect` and `disconnect` (the model itself is in `network.rs`).

use crate::engine::containers::network::Endpoint;
use crate::engine::containers::Network;
use crate::engine::containers::{inspect, ContainerError};
use crate::engine::{Engine, EngineError, Event};
use crate::run::NetworkMode;
use serde_json::Value;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

impl Engine {
    /// `docker network ls`: the networks, sorted by name as the CLI sorts them.
    pub fn network_ls(&mut self, now: u64) -> Vec<&Network> {
        self.tick(now);
        let mut nets: Vec<&Network> = self.runtime.networks.iter().collect();
        crate::sort::by(&mut nets, |a, b| a.name.cmp(&b.name));
        nets
    }

    /// `docker network create [--subnet CIDR] [--internal] NAME`: the network's id.
    pub fn network_create(
        &mut self,
        name: &str,
        subnet: Option<&str>,
        internal: bool,
        labels: BTreeMap<String, String>,
        now: u64,
    ) -> Result<String, EngineError> {
        self.tick(now);
        let subnet = match subnet {
            Some(text) => {
                let bad = || ContainerError::InvalidCidr(text.to_string());
                let (a, p) = text.split_once('/').ok_or_else(bad)?;
                let addr: Ipv4Addr = a.parse().map_err(|_| bad())?;
                let prefix: u8 = p.parse().ok().filter(|p| *p <= 30).ok_or_else(bad)?;
                Some((addr, prefix))
            }
            None => None,
        };
        let n = self.runtime.create_network(name, subnet, internal, labels, now)?;
        Ok(n.id.clone())
    }

    /// `docker network rm NAME`: the removed network's name.
    pub fn network_rm(&mut self, reference: &str, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        let i = self.runtime.network_index(reference)?;
        let n = &self.runtime.networks[i];
        if !n.user_defined() {
            return Err(ContainerError::PredefinedNetwork(n.name.clone()).into());
        }
        let users: Vec<String> = self
            .runtime
            .containers
            .iter()
            .filter(|c| c.endpoints.iter().any(|e| e.network == n.name && e.ip.is_some()))
            .map(|c| c.name.clone())
            .collect();
        if !users.is_empty() {
            return Err(ContainerError::NetworkInUse { name: n.name.clone(), containers: users }.into());
        }
        let name = n.name.clone();
        self.runtime.networks.remove(i);
        self.runtime.events.push(Event::NetworkRemoved { name: name.clone() });
        for c in &mut self.runtime.containers {
            c.endpoints.retain(|e| e.network != name);
        }
        Ok(name)
    }

    pub fn network_inspect(&mut self, reference: &str, now: u64) -> Result<Value, EngineError> {
        self.tick(now);
        let n = self.runtime.network(reference)?;
        Ok(inspect::network(&self.runtime, n))
    }

    /// `docker network connect [--alias A] NETWORK CONTAINER`.
    pub fn network_connect(
        &mut self,
        network: &str,
        container: &str,
        aliases: &[String],
        now: u64,
    ) -> Result<(), EngineError> {
        self.tick(now);
        let ni = self.runtime.network_index(network)?;
        let ci = self.runtime.find(container)?;
        let net_name = self.runtime.networks[ni].name.clone();
        let c = &self.runtime.containers[ci];
        match (&c.host.network_mode, net_name.as_str()) {
            (NetworkMode::Host, _) | (_, "host") => {
                return Err(ContainerError::NetworkConnectRefused(
                    "container cannot be disconnected from host network or connected to host network".into(),
                )
                .into())
            }
            (NetworkMode::None, _) | (_, "none") => {
                return Err(ContainerError::NetworkConnectRefused(
                    "container cannot be disconnected from none network or connected to none network".into(),
                )
                .into())
            }
            (NetworkMode::Container(_), _) => {
                return Err(ContainerError::NetworkConnectRefused(
                    "conflicting options: container type network can't be used with other networks".into(),
                )
                .into())
            }
            _ => {}
        }
        if c.endpoints.iter().any(|e| e.network == net_name) {
            return Err(ContainerError::AlreadyConnected { container: c.name.clone(), network: net_name }.into());
        }
        let running = c.is_running();
        let seed = format!("{}{net_name}", c.id);
        let endpoint_id = self.runtime.new_id("endpoint", &seed, now);
        let ip = if running { self.runtime.networks.get(ni).and_then(|n| self.runtime.free_ip(n)) } else { None };
        let container = self.runtime.containers[ci].id.clone();
        self.runtime.events.push(Event::NetworkConnected { network: net_name.clone(), container });
        self.runtime.containers[ci].endpoints.push(Endpoint {
            network: net_name,
            endpoint_id,
            ip,
            aliases: aliases.to_vec(),
        });
        Ok(())
    }

    /// `docker network disconnect NETWORK CONTAINER`.
    pub fn network_disconnect(&mut self, network: &str, container: &str, now: u64) -> Result<(), EngineError> {
        self.tick(now);
        let ni = self.runtime.network_index(network)?;
        let ci = self.runtime.find(container)?;
        let net_name = self.runtime.networks[ni].name.clone();
        let c = &mut self.runtime.containers[ci];
        if matches!(c.host.network_mode, NetworkMode::Host) || net_name == "host" {
            return Err(ContainerError::NetworkConnectRefused(
                "container cannot be disconnected from host network or connected to host network".into(),
            )
            .into());
        }
        let before = c.endpoints.len();
        c.endpoints.retain(|e| e.network != net_name);
        if c.endpoints.len() == before {
            return Err(ContainerError::NotConnected { container: c.id.clone(), network: net_name }.into());
        }
        let container = c.id.clone();
        self.runtime.events.push(Event::NetworkDisconnected { network: net_name, container });
        Ok(())
    }
}
