//! The namespaces runc puts a container in, each with what it holds.
//! Docker's defaults: new pid, net, mnt, uts, ipc and cgroup namespaces; the
//! host's user namespace (no `userns-remap`), so root in the container is
//! uid 0 on the host. `--network host` shares the host's net namespace (and
//! Docker then shares its uts too), `none` leaves only `lo`, and
//! `container:NAME` joins that container's net namespace. `--pid host` puts
//! the container in the host's pid namespace (every host process visible,
//! with host PIDs), `--pid container:NAME` in that container's.

use super::cgroups::{self, CgroupFile};
use super::model::{Container, MountKind};
use super::network::{mac_for, EMBEDDED_DNS};
use super::stats::top_rows;
use super::{host, ContainerError, Runtime};
use crate::run::{NetworkMode, PidMode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamespaceKind {
    Pid,
    Net,
    Mnt,
    Uts,
    Ipc,
    User,
    Cgroup,
}

impl NamespaceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NamespaceKind::Pid => "pid",
            NamespaceKind::Net => "net",
            NamespaceKind::Mnt => "mnt",
            NamespaceKind::Uts => "uts",
            NamespaceKind::Ipc => "ipc",
            NamespaceKind::User => "user",
            NamespaceKind::Cgroup => "cgroup",
        }
    }
}

/// Whose namespace it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// A new namespace for this container.
    Own,
    /// The host's.
    Host,
    /// Another container's (`--network container:NAME`).
    Container(String),
}

/// One process in the pid namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessEntry {
    /// PID inside the namespace.
    pub pid: u32,
    pub ppid: u32,
    /// The same process's PID on the host (`docker top`'s), when running.
    pub host_pid: Option<u32>,
    pub command: String,
}

/// A network interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    pub name: String,
    pub address: Option<String>,
    pub mac: Option<String>,
}

/// A mount in the mount namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountEntry {
    pub target: String,
    pub fs_type: String,
    pub source: String,
    pub read_only: bool,
}

/// What a namespace holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    Pid { processes: Vec<ProcessEntry> },
    Net { interfaces: Vec<Interface>, routes: Vec<String>, nameserver: String, nat_rules: Vec<String> },
    Mnt { rootfs: Vec<MountEntry>, mounts: Vec<MountEntry> },
    Uts { hostname: String },
    Ipc { mode: String },
    User { mapping: String },
    Cgroup { path: String, files: Vec<CgroupFile> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespace {
    pub kind: NamespaceKind,
    pub owner: Owner,
    pub contents: Contents,
}

/// The overlay's lowerdirs: the image's layers, top first as overlayfs lists them.
pub fn lowerdirs(c: &Container) -> Vec<String> {
    let mut dirs = vec![format!("/var/lib/docker/overlay2/{}-init/diff", c.id)];
    dirs.extend(c.layers.iter().rev().map(|d| format!("/var/lib/docker/overlay2/{}/diff", crate::engine::short_id(d))));
    dirs
}

/// A process of the host's pid namespace (its PID is the host PID).
fn host_process(pid: u32, ppid: u32, command: &str) -> ProcessEntry {
    ProcessEntry { pid, ppid, host_pid: Some(pid), command: command.to_string() }
}

/// A running container's processes in a namespace of its own, numbered from
/// `first` (1 in a new namespace), each with its host PID from `docker top`.
fn own_processes(c: &Container, now: u64, first: u32) -> Vec<ProcessEntry> {
    let mut processes = Vec::new();
    let (true, Some(p)) = (c.is_running(), &c.process) else { return processes };
    let host_pids: Vec<u32> = top_rows(c, now).iter().map(|r| r.pid).collect();
    let mut pid = first;
    let mut ppid = 0;
    let mut push = |pid: u32, ppid: u32, command: String| {
        let host_pid = host_pids.get(processes.len()).copied();
        processes.push(ProcessEntry { pid, ppid, host_pid, command });
    };
    if p.init {
        push(pid, ppid, format!("/sbin/docker-init -- {}", c.command_line()));
        ppid = pid;
        pid += 1;
    }
    if p.shell_parent {
        let shell: Vec<&str> =
            p.pid1.iter().map(String::as_str).filter(|w| *w != "/sbin/docker-init" && *w != "--").collect();
        push(pid, ppid, shell.join(" "));
        ppid = pid;
        pid += 6;
    }
    push(pid, ppid, p.app.join(" "));
    processes
}

fn host_interfaces(rt: &Runtime) -> Vec<Interface> {
    let mut list = vec![
        Interface { name: "lo".into(), address: Some("127.0.0.1/8".into()), mac: None },
        Interface { name: "eth0".into(), address: Some(format!("{}/24", host::LAN_IP)), mac: None },
    ];
    for n in rt.networks.iter().filter(|n| n.subnet.is_some()) {
        if let (Some(g), Some((_, p))) = (n.gateway, n.subnet) {
            list.push(Interface { name: n.bridge_device(), address: Some(format!("{g}/{p}")), mac: None });
        }
    }
    list
}

impl Runtime {
    /// The container's namespaces with their contents.
    pub fn namespaces(&self, reference: &str) -> Result<Vec<Namespace>, ContainerError> {
        let c = &self.containers[self.find(reference)?];
        let mut out = Vec::new();
        // pid
        let (owner, processes) = self.pid_contents(c);
        out.push(Namespace { kind: NamespaceKind::Pid, owner, contents: Contents::Pid { processes } });
        // net
        let (owner, net) = self.net_contents(c);
        out.push(Namespace { kind: NamespaceKind::Net, owner, contents: net });
        // mnt
        let rootfs = vec![MountEntry {
            target: "/".into(),
            fs_type: "overlay".into(),
            source: format!(
                "lowerdir={},upperdir=/var/lib/docker/overlay2/{id}/diff,workdir=/var/lib/docker/overlay2/{id}/work",
                lowerdirs(c).join(":"),
                id = c.id
            ),
            read_only: c.host.read_only,
        }];
        let mut mounts: Vec<MountEntry> =
            [("/proc", "proc"), ("/dev", "tmpfs"), ("/sys", "sysfs"), ("/dev/shm", "tmpfs")]
                .iter()
                .map(|(t, f)| MountEntry {
                    target: t.to_string(),
                    fs_type: f.to_string(),
                    source: f.to_string(),
                    read_only: *t == "/sys",
                })
                .collect();
        for file in ["resolv.conf", "hostname", "hosts"] {
            mounts.push(MountEntry {
                target: format!("/etc/{file}"),
                fs_type: "bind".into(),
                source: format!("/var/lib/docker/containers/{}/{file}", c.id),
                read_only: false,
            });
        }
        for m in &c.mounts {
            mounts.push(MountEntry {
                target: m.destination.clone(),
                fs_type: if m.kind == MountKind::Tmpfs { "tmpfs".into() } else { "bind".into() },
                source: m.source.clone(),
                read_only: !m.rw,
            });
        }
        out.push(Namespace { kind: NamespaceKind::Mnt, owner: Owner::Own, contents: Contents::Mnt { rootfs, mounts } });
        let uts_owner = if matches!(c.host.network_mode, NetworkMode::Host) { Owner::Host } else { Owner::Own };
        let hostname = if uts_owner == Owner::Host { super::host::NAME.to_string() } else { c.config.hostname.clone() };
        out.push(Namespace { kind: NamespaceKind::Uts, owner: uts_owner, contents: Contents::Uts { hostname } });
        out.push(Namespace {
            kind: NamespaceKind::Ipc,
            owner: Owner::Own,
            contents: Contents::Ipc { mode: "private".into() },
        });
        out.push(Namespace {
            kind: NamespaceKind::User,
            owner: Owner::Host,
            contents: Contents::User {
                mapping: "the host's user namespace (no userns-remap): uid 0 in the container is uid 0 on the host"
                    .into(),
            },
        });
        out.push(Namespace {
            kind: NamespaceKind::Cgroup,
            owner: Owner::Own,
            contents: Contents::Cgroup { path: cgroups::path(&c.id), files: cgroups::files(&c.host) },
        });
        Ok(out)
    }

    /// Whose pid namespace the container is in, and what it sees there.
    fn pid_contents(&self, c: &Container) -> (Owner, Vec<ProcessEntry>) {
        match &c.host.pid_mode {
            // The host's namespace: init, the daemons, every container's
            // processes under their shims, all with host PIDs.
            PidMode::Host => {
                let mut all = vec![
                    host_process(1, 0, "/sbin/init"),
                    host_process(host::CONTAINERD_PID, 1, "/usr/bin/containerd"),
                    host_process(
                        host::DOCKERD_PID,
                        1,
                        "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock",
                    ),
                ];
                for other in self.containers.iter().filter(|o| o.is_running()) {
                    let rows = top_rows(other, self.now);
                    if let Some(first) = rows.first() {
                        all.push(host_process(
                            first.ppid,
                            1,
                            &format!(
                                "/usr/bin/containerd-shim-runc-v2 -namespace moby -id {} -address /run/containerd/containerd.sock",
                                other.id
                            ),
                        ));
                    }
                    all.extend(rows.into_iter().map(|r| host_process(r.pid, r.ppid, &r.command)));
                }
                (Owner::Host, all)
            }
            // Another container's: its processes, then this one's after them.
            PidMode::Container(name) => match self.container(name) {
                Some(o) => {
                    let mut all = own_processes(o, self.now, 1);
                    let next = all.iter().map(|p| p.pid).max().unwrap_or(0) + 1;
                    all.extend(own_processes(c, self.now, next));
                    (Owner::Container(o.name.clone()), all)
                }
                None => (Owner::Container(name.clone()), own_processes(c, self.now, 1)),
            },
            PidMode::Private => (Owner::Own, own_processes(c, self.now, 1)),
        }
    }

    fn net_contents(&self, c: &Container) -> (Owner, Contents) {
        let lo = Interface { name: "lo".into(), address: Some("127.0.0.1/8".into()), mac: None };
        match &c.host.network_mode {
            NetworkMode::Host => (
                Owner::Host,
                Contents::Net {
                    interfaces: host_interfaces(self),
                    routes: vec!["default via 192.168.1.1 dev eth0".into()],
                    nameserver: "the host's /etc/resolv.conf".into(),
                    nat_rules: Vec::new(),
                },
            ),
            NetworkMode::None => (
                Owner::Own,
                Contents::Net {
                    interfaces: vec![lo],
                    routes: Vec::new(),
                    nameserver: "none".into(),
                    nat_rules: Vec::new(),
                },
            ),
            NetworkMode::Container(other) => match self.container(other) {
                Some(o) => {
                    let (_, contents) = self.net_contents(o);
                    (Owner::Container(o.name.clone()), contents)
                }
                None => (
                    Owner::Container(other.clone()),
                    Contents::Net {
                        interfaces: vec![lo],
                        routes: vec![],
                        nameserver: String::new(),
                        nat_rules: vec![],
                    },
                ),
            },
            _ => {
                let mut interfaces = vec![lo];
                let mut routes = Vec::new();
                let mut nat_rules = Vec::new();
                let mut dns = false;
                for (k, e) in c.endpoints.iter().enumerate() {
                    let Some(net) = self.networks.iter().find(|n| n.name == e.network) else { continue };
                    dns |= net.has_dns();
                    let Some(ip) = e.ip else { continue };
                    let prefix = net.subnet.map_or(16, |s| s.1);
                    let dev = format!("eth{k}");
                    interfaces.push(Interface {
                        name: dev.clone(),
                        address: Some(format!("{ip}/{prefix}")),
                        mac: Some(mac_for(ip)),
                    });
                    if k == 0 {
                        if let Some(g) = net.gateway {
                            routes.push(format!("default via {g} dev {dev}"));
                        }
                    }
                    if let Some(s) = net.subnet_text() {
                        routes.push(format!("{s} dev {dev} proto kernel scope link src {ip}"));
                    }
                    if k == 0 {
                        nat_rules.extend(c.ports.iter().map(|b| b.dnat_rule(ip, &net.bridge_device())));
                    }
                }
                let nameserver = if dns {
                    format!("{EMBEDDED_DNS} (Docker's embedded DNS: container names and aliases)")
                } else {
                    "the host's nameservers, copied into /etc/resolv.conf (no container names)".to_string()
                };
                (Owner::Own, Contents::Net { interfaces, routes, nameserver, nat_rules })
            }
        }
    }
}
