//! `docker image inspect`: an image as the Docker API's JSON, with Docker's
//! keys in Docker's order (also what `docker save` writes as the config).

use super::{rfc3339, Engine, EngineError, BUILDKIT_COMMENT};
use crate::build::ImageConfig;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

impl Engine {
    /// `docker image inspect` of one image (the CLI prints it inside a JSON array).
    pub fn inspect(&self, reference: &str) -> Result<Value, EngineError> {
        let id = self.resolve(reference)?;
        let image = self.images.get(&id).ok_or_else(|| EngineError::NoSuchImage(reference.to_string()))?;
        let config = config_json(&image.config);
        let comment = if image.pulled { "" } else { BUILDKIT_COMMENT };
        Ok(json!({
            "Id": id,
            "RepoTags": self.tags_of(&id),
            "RepoDigests": [],
            "Parent": "",
            "Comment": comment,
            "Created": rfc3339(image.created),
            "DockerVersion": "",
            "Author": "",
            "Config": config,
            "Architecture": "amd64",
            "Os": "linux",
            "Size": image.size,
            "RootFS": {
                "Type": "layers",
                "Layers": image.layers.iter().map(|l| l.digest.clone()).collect::<Vec<_>>(),
            },
            "Metadata": { "LastTagTime": "0001-01-01T00:00:00Z" },
        }))
    }
}

/// An image config as `docker inspect` shows it under `Config` (Docker's
/// keys and their order; empty sets and maps as null).
pub(crate) fn config_json(c: &ImageConfig) -> Value {
    let set = |items: &BTreeSet<String>| -> Value {
        if items.is_empty() {
            Value::Null
        } else {
            Value::Object(items.iter().map(|k| (k.clone(), json!({}))).collect::<Map<String, Value>>())
        }
    };
    let mut config = Map::new();
    config.insert("Hostname".into(), json!(""));
    config.insert("Domainname".into(), json!(""));
    config.insert("User".into(), json!(c.user));
    config.insert("AttachStdin".into(), json!(false));
    config.insert("AttachStdout".into(), json!(false));
    config.insert("AttachStderr".into(), json!(false));
    if !c.exposed_ports.is_empty() {
        config.insert("ExposedPorts".into(), set(&c.exposed_ports));
    }
    config.insert("Tty".into(), json!(false));
    config.insert("OpenStdin".into(), json!(false));
    config.insert("StdinOnce".into(), json!(false));
    config.insert("Env".into(), json!(c.env.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>()));
    config.insert("Cmd".into(), json!(c.cmd));
    if let Some(h) = &c.healthcheck {
        config.insert(
            "Healthcheck".into(),
            json!({
                "Test": h.test, "Interval": h.interval, "Timeout": h.timeout,
                "StartPeriod": h.start_period, "StartInterval": h.start_interval, "Retries": h.retries,
            }),
        );
    }
    config.insert("Image".into(), json!(""));
    config.insert("Volumes".into(), set(&c.volumes));
    config.insert("WorkingDir".into(), json!(c.working_dir));
    config.insert("Entrypoint".into(), json!(c.entrypoint));
    config.insert("OnBuild".into(), if c.on_build.is_empty() { Value::Null } else { json!(c.on_build) });
    config.insert("Labels".into(), if c.labels.is_empty() { Value::Null } else { json!(c.labels) });
    if let Some(shell) = &c.shell {
        config.insert("Shell".into(), json!(shell));
    }
    if let Some(signal) = &c.stop_signal {
        config.insert("StopSignal".into(), json!(signal));
    }
    Value::Object(config)
}
