//! The daemon's event history, what `docker events --since` replays: each
//! command's typed [`Event`]s turned into moby's `events.Message` form
//! (type, action, actor id, attributes) with the time they happened.
//!
//! moby keeps the last 256 events in memory (`daemon/events/events.go`,
//! `eventsLimit`); so does this log. Container names and images are
//! remembered from the create event, so a `destroy` still says which
//! container it was.

use super::Event;
use std::collections::{BTreeMap, VecDeque};

/// moby's `eventsLimit`.
const LIMIT: usize = 256;

/// One event as `docker events` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Seconds since the Unix epoch.
    pub time: u64,
    /// `container`, `image`, `network`, `volume`.
    pub kind: &'static str,
    /// `create`, `start`, `die`, …
    pub action: String,
    /// The actor's id (a container's full id, an image's `sha256:…`, a network's id, a volume's name).
    pub id: String,
    /// Sorted by key, as the CLI prints them.
    pub attributes: BTreeMap<String, String>,
}

/// The last [`LIMIT`] messages, oldest first.
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    messages: VecDeque<Message>,
    /// Container id → (name, image as the user named it).
    containers: BTreeMap<String, (String, String)>,
}

fn attrs(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

impl EventLog {
    pub fn messages(&self) -> impl Iterator<Item = &Message> {
        self.messages.iter()
    }

    fn push(&mut self, message: Message) {
        if self.messages.len() == LIMIT {
            self.messages.pop_front();
        }
        self.messages.push_back(message);
    }

    fn container(&self, id: &str, time: u64, action: &str, extra: &[(&str, &str)]) -> Message {
        let (name, image) = self.containers.get(id).cloned().unwrap_or_default();
        let mut attributes = attrs(&[("name", &name), ("image", &image)]);
        attributes.extend(attrs(extra));
        Message { time, kind: "container", action: action.to_string(), id: id.to_string(), attributes }
    }

    /// Records a command's events at `now`; `exited_at` gives when a
    /// container's process ended (it may have ended before the command that noticed).
    pub fn record(&mut self, now: u64, events: &[Event], exited_at: &dyn Fn(&str) -> Option<u64>) {
        for event in events {
            let message = match event {
                Event::ContainerCreated { id, name, image } => {
                    self.containers.insert(id.clone(), (name.clone(), image.clone()));
                    self.container(id, now, "create", &[])
                }
                Event::ContainerStarted { id, .. } => self.container(id, now, "start", &[]),
                Event::ContainerExited { id, exit_code } => {
                    let code = exit_code.to_string();
                    self.container(id, exited_at(id).unwrap_or(now).min(now), "die", &[("exitCode", &code)])
                }
                Event::ContainerPaused { id } => self.container(id, now, "pause", &[]),
                Event::ContainerUnpaused { id } => self.container(id, now, "unpause", &[]),
                Event::ContainerRemoved { id } => self.container(id, now, "destroy", &[]),
                Event::ContainerRenamed { id, old_name, name } => {
                    if let Some(entry) = self.containers.get_mut(id) {
                        entry.0.clone_from(name);
                    }
                    self.container(id, now, "rename", &[("oldName", &format!("/{old_name}"))])
                }
                Event::ContainerUpdated { id } => self.container(id, now, "update", &[]),
                Event::ContainerCommitted { id, image } => self.container(id, now, "commit", &[("imageID", image)]),
                Event::ImagePulled { id: _, reference } => Message {
                    time: now,
                    kind: "image",
                    action: "pull".into(),
                    id: reference.clone(),
                    attributes: attrs(&[("name", reference)]),
                },
                Event::ImageBuilt { id, tags } => {
                    for tag in tags {
                        self.push(Message {
                            time: now,
                            kind: "image",
                            action: "tag".into(),
                            id: id.clone(),
                            attributes: attrs(&[("name", tag)]),
                        });
                    }
                    continue;
                }
                Event::ImageTagged { id, tag } => Message {
                    time: now,
                    kind: "image",
                    action: "tag".into(),
                    id: id.clone(),
                    attributes: attrs(&[("name", tag)]),
                },
                Event::ImageUntagged { tag } => Message {
                    time: now,
                    kind: "image",
                    action: "untag".into(),
                    id: tag.clone(),
                    attributes: attrs(&[("name", tag)]),
                },
                Event::ImageRemoved { id } => Message {
                    time: now,
                    kind: "image",
                    action: "delete".into(),
                    id: id.clone(),
                    attributes: attrs(&[("name", id)]),
                },
                Event::NetworkCreated { id, name } => Message {
                    time: now,
                    kind: "network",
                    action: "create".into(),
                    id: id.clone(),
                    attributes: attrs(&[("name", name), ("type", "bridge")]),
                },
                Event::NetworkRemoved { name } => Message {
                    time: now,
                    kind: "network",
                    action: "destroy".into(),
                    id: name.clone(),
                    attributes: attrs(&[("name", name), ("type", "bridge")]),
                },
                Event::NetworkConnected { network, container } | Event::NetworkDisconnected { network, container } => {
                    let action = if matches!(event, Event::NetworkConnected { .. }) { "connect" } else { "disconnect" };
                    Message {
                        time: now,
                        kind: "network",
                        action: action.into(),
                        id: network.clone(),
                        attributes: attrs(&[("container", container), ("name", network), ("type", "bridge")]),
                    }
                }
                Event::VolumeCreated { name } | Event::VolumeRemoved { name } => Message {
                    time: now,
                    kind: "volume",
                    action: if matches!(event, Event::VolumeCreated { .. }) { "create" } else { "destroy" }.into(),
                    id: name.clone(),
                    attributes: attrs(&[("driver", "local")]),
                },
                Event::Pruned { kind, reclaimed } => {
                    let kind = match kind {
                        super::PruneKind::Containers => "container",
                        super::PruneKind::Images | super::PruneKind::BuildCache => "image",
                        super::PruneKind::Networks => "network",
                        super::PruneKind::Volumes => "volume",
                        super::PruneKind::System => continue,
                    };
                    Message {
                        time: now,
                        kind,
                        action: "prune".into(),
                        id: String::new(),
                        attributes: attrs(&[("reclaimed", &reclaimed.to_string())]),
                    }
                }
            };
            self.push(message);
        }
        // Messages are kept in time order (a `die` noticed late happened earlier).
        crate::sort::by_key(self.messages.make_contiguous(), |m| m.time);
    }
}
