//! `docker save` / `docker load` for simulated images.
//!
//! A real `docker save` writes a tarball with each layer's files. Layerlab's
//! layers hold sizes and digests, never file contents, so writing Docker's
//! tar layout would produce an archive a real Docker rejects (its layer
//! digests could not match). The archive is therefore Layerlab's own JSON,
//! marked as such in its first key: each image's config (Docker's keys, as
//! `docker inspect` shows them), layers, history and tags. Loading it back
//! gives the same image id, as loading a real archive does.

use super::{config_json, normalize_tag, Engine, EngineError, HistoryEntry, StoredImage, StoredLayer};
use crate::build::ImageConfig;
use crate::instructions::HealthcheckCmd;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The archive's marker key and version.
pub const FORMAT: &str = "layerlab-image-archive";
const VERSION: u64 = 1;

/// `docker save IMAGE...`: the archive text, or the first name that is not an image.
pub fn save(engine: &Engine, names: &[String]) -> Result<String, EngineError> {
    let mut images: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in names {
        let id = engine.resolve(name)?;
        let tags = images.entry(id.clone()).or_default();
        // Saving by tag keeps that tag; saving by id keeps none (as Docker does).
        if let Ok(tag) = normalize_tag(name) {
            if engine.tags.get(&tag) == Some(&id) && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    let images: Vec<Value> =
        images.iter().filter_map(|(id, tags)| engine.images.get(id).map(|image| image_json(image, tags))).collect();
    let archive = json!({
        FORMAT: VERSION,
        "note": "Written by Layerlab's simulated `docker save`: sizes and digests, no file contents. Load it with Layerlab's `docker load -i`.",
        "images": images,
    });
    Ok(format!("{}\n", serde_json::to_string_pretty(&archive).unwrap_or_default()))
}

fn image_json(image: &StoredImage, tags: &[String]) -> Value {
    json!({
        "Id": image.id,
        "RepoTags": tags,
        "Created": image.created,
        "Size": image.size,
        "Config": config_json(&image.config),
        "Layers": image.layers.iter().map(|l| json!({ "Digest": l.digest, "Size": l.size })).collect::<Vec<_>>(),
        "History": image.history.iter().map(|h| json!({
            "created": h.created,
            "created_by": h.created_by,
            "size": h.size,
            "comment": h.comment,
            "empty_layer": h.empty_layer,
        })).collect::<Vec<_>>(),
        "ParentBase": image.parent_base,
        "Pulled": image.pulled,
        // Not in Docker's config: the image's /etc/passwd accounts, which the
        // simulation keeps instead of the file.
        "Users": image.users,
        "Installed": image.installed,
    })
}

/// `docker load -i FILE`: stores the archive's images and their tags;
/// returns docker's `Loaded image: …` lines, or why the text is not an archive.
/// One image `docker load` stored: its id and the tags it now holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub id: String,
    pub tags: Vec<String>,
}

pub fn load(engine: &mut Engine, text: &str, now: u64) -> Result<Vec<Loaded>, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("not a Layerlab image archive (invalid JSON: {e})"))?;
    if value.get(FORMAT).and_then(Value::as_u64) != Some(VERSION) {
        return Err(format!("not a Layerlab image archive (no \"{FORMAT}\": {VERSION} marker)"));
    }
    let images = value.get("images").and_then(Value::as_array).ok_or("the archive lists no images")?;
    let mut out = Vec::new();
    for entry in images {
        let (image, tags) = image_from_json(entry, now)?;
        let id = image.id.clone();
        // Docker keeps an image it already has (same id) and only adds the tags.
        engine.images.entry(id.clone()).or_insert(image);
        let mut loaded = Loaded { id: id.clone(), tags: Vec::new() };
        for tag in tags {
            let tag = normalize_tag(&tag).map_err(|e| e.to_string())?;
            engine.set_tag(tag.clone(), &id);
            engine.emit(super::Event::ImageTagged { id: id.clone(), tag: tag.clone() });
            loaded.tags.push(tag);
        }
        out.push(loaded);
    }
    Ok(out)
}

fn strings(value: &Value) -> Option<Vec<String>> {
    value.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
}

fn keys(value: &Value) -> std::collections::BTreeSet<String> {
    value.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()
}

/// Reads `Config` back into an [`ImageConfig`]; inverse of [`config_json`].
pub fn config_from_json(c: &Value) -> ImageConfig {
    let text = |key: &str| c.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let healthcheck = c.get("Healthcheck").filter(|h| !h.is_null()).map(|h| {
        let n = |key: &str| h.get(key).and_then(Value::as_u64).unwrap_or(0);
        HealthcheckCmd {
            test: h.get("Test").and_then(strings).unwrap_or_default(),
            interval: n("Interval"),
            timeout: n("Timeout"),
            start_period: n("StartPeriod"),
            start_interval: n("StartInterval"),
            retries: n("Retries") as u32,
        }
    });
    ImageConfig {
        env: c.get("Env").and_then(strings).unwrap_or_default().into_iter().map(crate::catalog::split_env).collect(),
        cmd: c.get("Cmd").and_then(strings),
        entrypoint: c.get("Entrypoint").and_then(strings),
        working_dir: text("WorkingDir"),
        user: text("User"),
        exposed_ports: c.get("ExposedPorts").map(keys).unwrap_or_default(),
        volumes: c.get("Volumes").map(keys).unwrap_or_default(),
        labels: c
            .get("Labels")
            .and_then(Value::as_object)
            .map(|o| o.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect())
            .unwrap_or_default(),
        shell: c.get("Shell").and_then(strings),
        stop_signal: c.get("StopSignal").and_then(Value::as_str).map(str::to_string),
        healthcheck,
        on_build: c.get("OnBuild").and_then(strings).unwrap_or_default(),
    }
}

fn image_from_json(entry: &Value, now: u64) -> Result<(StoredImage, Vec<String>), String> {
    let id = entry.get("Id").and_then(Value::as_str).ok_or("an image has no Id")?;
    let hex = id.strip_prefix("sha256:").unwrap_or_default();
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("invalid image id {}", crate::quote::go_quote(id)));
    }
    let layers: Vec<StoredLayer> = entry
        .get("Layers")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|l| StoredLayer {
                    digest: l.get("Digest").and_then(Value::as_str).unwrap_or_default().to_string(),
                    size: l.get("Size").and_then(Value::as_u64).unwrap_or(0),
                })
                .collect()
        })
        .unwrap_or_default();
    let history = entry
        .get("History")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|h| HistoryEntry {
                    created: h.get("created").and_then(Value::as_u64).unwrap_or(now),
                    created_by: h.get("created_by").and_then(Value::as_str).unwrap_or_default().to_string(),
                    size: h.get("size").and_then(Value::as_u64).unwrap_or(0),
                    comment: h.get("comment").and_then(Value::as_str).unwrap_or_default().to_string(),
                    empty_layer: h.get("empty_layer").and_then(Value::as_bool).unwrap_or(false),
                })
                .collect()
        })
        .unwrap_or_default();
    let size = layers.iter().map(|l| l.size).sum();
    let image = StoredImage {
        id: id.to_string(),
        config: config_from_json(entry.get("Config").unwrap_or(&Value::Null)),
        size,
        created: entry.get("Created").and_then(Value::as_u64).unwrap_or(now),
        layers,
        history,
        parent_base: entry.get("ParentBase").and_then(Value::as_str).map(str::to_string),
        pulled: entry.get("Pulled").and_then(Value::as_bool).unwrap_or(false),
        users: entry.get("Users").and_then(strings).unwrap_or_default().into_iter().collect(),
        installed: entry.get("Installed").and_then(strings).unwrap_or_default().into_iter().collect(),
        // The archive holds no file list (see the module's comment).
        files: Default::default(),
    };
    let tags = entry.get("RepoTags").and_then(strings).unwrap_or_default();
    Ok((image, tags))
}
