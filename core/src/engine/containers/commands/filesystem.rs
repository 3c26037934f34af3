//! The container commands that read or change its files: what a `docker
//! exec` writes (through the shell model, as a `RUN` would), `docker diff`,
//! `docker commit` (moby `daemon/commit.go`, `CreateImageFromContainer`),
//! `docker cp` and `docker export`. The writable layer itself is `upper.rs`.

use super::lifecycle::base_of;
use crate::build::ImageConfig;
use crate::engine::containers::model::Container;
use crate::engine::containers::upper::{self, FsChange};
use crate::engine::containers::ContainerError;
use crate::engine::{normalize_tag, Engine, EngineError, Event, HistoryEntry, StoredImage, StoredLayer};
use crate::layers::{Entry, Kind, LayerDiff, LayerStack};
use crate::shell::{self, Exec, Facts};

/// What an exec's command did when the shell model could run it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecRun {
    pub exit_code: i32,
    /// What it printed.
    pub output: Vec<String>,
    /// Commands the model does not know (no filesystem change assumed).
    pub not_simulated: Vec<String>,
}

/// `docker commit`'s options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitOptions {
    /// `REPOSITORY[:TAG]`.
    pub tag: Option<String>,
    /// `-m`: the history row's comment.
    pub comment: String,
    /// `-a`.
    pub author: String,
    /// `-c`: Dockerfile instructions applied to the config.
    pub changes: Vec<String>,
}

/// One file of a container's filesystem (`docker export`, `docker cp`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    pub path: String,
    pub entry: Entry,
}

/// The shells whose `-c SCRIPT` the shell model reads.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash"];

impl Engine {
    /// Runs an exec's command through the shell model and keeps what it
    /// wrote in the container's upper layer. `None` when the model cannot
    /// run it: a lone interactive shell, or an image whose base is unknown.
    pub(super) fn exec_files(&mut self, i: usize, argv: &[String], user: &str, workdir: &str) -> Option<ExecRun> {
        let c = &self.runtime.containers[i];
        let image = self.images.get(&c.image_id)?;
        let base = base_of(image)?;
        let program = argv.first()?.rsplit('/').next().unwrap_or_default();
        let script = match argv {
            [_, flag, script, ..] if SHELLS.contains(&program) && flag == "-c" => Some(script.clone()),
            [_] if SHELLS.contains(&program) => return None,
            _ => None,
        };
        let mut installed = image.installed.clone();
        installed.extend(c.exec_installed.iter().cloned());
        let facts = Facts { image: base, installed: &installed, user, users: &image.users };
        let stack = upper::merged(&c.rootfs, &c.upper);
        let mut writer = stack.writer();
        let mut exec = Exec::new(&mut writer, workdir);
        exec.env = c.config.env.iter().filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.into(), v.into())).collect();
        let outcome = match &script {
            Some(script) => shell::run_shell(script, &mut exec, &facts),
            None => shell::run_exec(argv, &mut exec, &facts),
        };
        let diff = writer.finish();
        let c = &mut self.runtime.containers[i];
        let rootfs = c.rootfs.clone();
        upper::absorb(&mut c.upper, diff, &|p| upper::lower_has(&rootfs, Some(base), p));
        c.exec_installed.extend(outcome.installed.iter().cloned());
        c.upper_size = c.process.as_ref().map_or(0, |p| p.writes) + c.upper.size();
        Some(ExecRun { exit_code: outcome.exit_code, output: outcome.log, not_simulated: outcome.not_simulated })
    }

    fn lower_fn(&self, c: &Container) -> impl Fn(&str) -> bool + '_ {
        let base = self.images.get(&c.image_id).and_then(base_of);
        let rootfs = c.rootfs.clone();
        move |p: &str| upper::lower_has(&rootfs, base, p)
    }

    /// `docker diff CONTAINER`: the changes of its writable layer.
    pub fn diff(&mut self, reference: &str, now: u64) -> Result<Vec<FsChange>, EngineError> {
        self.tick(now);
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        let lower = self.lower_fn(c);
        Ok(upper::changes(&c.upper, &lower))
    }

    /// What the container sees at `path` (a file its layers hold, or a
    /// standard directory of its base image), for `docker cp`.
    pub fn container_files(&mut self, reference: &str, path: &str, now: u64) -> Result<Vec<FileInfo>, EngineError> {
        self.tick(now);
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        let path = crate::layers::normalize("/", path);
        let merged = upper::merged(&c.rootfs, &c.upper);
        let found: Vec<FileInfo> =
            merged.under(&path).map(|(p, e)| FileInfo { path: p.clone(), entry: e.clone() }).collect();
        let standard = self.images.get(&c.image_id).and_then(base_of).is_some_and(|b| shell::is_standard_dir(b, &path));
        let whited_out = c.upper.changes.iter().any(|(p, ch)| {
            matches!(ch, crate::layers::Change::Whiteout) && (path == *p || path.starts_with(&format!("{p}/")))
        });
        if found.is_empty() && (!standard || whited_out) {
            return Err(ContainerError::NoSuchFile { file: path, container: reference.to_string() }.into());
        }
        if found.is_empty() {
            return Ok(vec![FileInfo { path, entry: Entry::dir() }]);
        }
        Ok(found)
    }

    /// `docker cp HOST_PATH CONTAINER:DEST`: `files` (relative paths under
    /// the copied source, empty for a single file) land at `dest`, or inside
    /// it when it is a directory.
    pub fn copy_in(
        &mut self,
        reference: &str,
        source_name: &str,
        files: &[(String, u64, u64)],
        dest: &str,
        now: u64,
    ) -> Result<(), EngineError> {
        self.tick(now);
        let i = self.runtime.find(reference)?;
        let c = &self.runtime.containers[i];
        let base = self.images.get(&c.image_id).and_then(base_of);
        let dest = crate::layers::normalize("/", dest);
        let stack = upper::merged(&c.rootfs, &c.upper);
        let is_dir =
            |p: &str| stack.get(p).map_or_else(|| base.is_some_and(|b| shell::is_standard_dir(b, p)), |e| e.is_dir());
        let target = if is_dir(&dest) { format!("{}/{source_name}", dest.trim_end_matches('/')) } else { dest };
        let mut writer = stack.writer();
        for (rel, size, digest) in files {
            let path = if rel.is_empty() { target.clone() } else { format!("{target}/{rel}") };
            writer.put(&path, Entry::file(*size, *digest));
        }
        let diff = writer.finish();
        let c = &mut self.runtime.containers[i];
        let rootfs = c.rootfs.clone();
        upper::absorb(&mut c.upper, diff, &|p| upper::lower_has(&rootfs, base, p));
        c.upper_size = c.process.as_ref().map_or(0, |p| p.writes) + c.upper.size();
        Ok(())
    }

    /// `docker export CONTAINER`: every file the container sees, image and
    /// writable layer merged, as one flat list.
    pub fn export(&mut self, reference: &str, now: u64) -> Result<Vec<FileInfo>, EngineError> {
        self.tick(now);
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        let merged = upper::merged(&c.rootfs, &c.upper);
        Ok(merged.merged().iter().map(|(p, e)| FileInfo { path: p.clone(), entry: e.clone() }).collect())
    }

    /// `docker commit`: a new image from the container's image, its config
    /// (moby takes the container's `Config`, then applies `-c`) and one
    /// layer holding the upper layer — none when nothing changed, with a
    /// history row whose CREATED BY is the container's `Cmd` joined by spaces
    /// (moby `image.NewChildImage`). Returns the new image's id.
    pub fn commit(&mut self, reference: &str, options: &CommitOptions, now: u64) -> Result<String, EngineError> {
        self.tick(now);
        let c = &self.runtime.containers[self.runtime.find(reference)?];
        let tag = options.tag.as_deref().map(normalize_tag).transpose()?;
        let parent = self.images.get(&c.image_id).ok_or_else(|| EngineError::NoSuchImage(c.image_id.clone()))?;
        let mut config = container_config(&parent.config, c);
        for change in &options.changes {
            apply_change(&mut config, change).map_err(|e| EngineError::Container(ContainerError::Daemon(e)))?;
        }
        let layer = c.upper.clone();
        let empty = layer.is_empty();
        let layer_digest = crate::engine::sha256(&[b"layer", format!("{:?}", layer.changes).as_bytes()]);
        let config_text = crate::engine::config_json(&config).to_string();
        let id = crate::engine::sha256(&[
            b"commit",
            parent.id.as_bytes(),
            layer_digest.as_bytes(),
            config_text.as_bytes(),
            options.comment.as_bytes(),
            options.author.as_bytes(),
            &now.to_le_bytes(),
        ]);
        let mut layers = parent.layers.clone();
        if !empty {
            layers.push(StoredLayer { digest: layer_digest, size: layer.size() });
        }
        let mut history = parent.history.clone();
        history.push(HistoryEntry {
            created: now,
            created_by: c.config.cmd.clone().unwrap_or_default().join(" "),
            size: layer.size(),
            comment: options.comment.clone(),
            empty_layer: empty,
        });
        let mut installed = parent.installed.clone();
        installed.extend(c.exec_installed.iter().cloned());
        let container_id = c.id.clone();
        let mut files: LayerStack = c.rootfs.clone();
        if !empty {
            files.push(layer.clone());
        }
        let image = StoredImage {
            id: id.clone(),
            config,
            size: parent.size + layer.size(),
            created: now,
            layers,
            history,
            parent_base: parent.parent_base.clone().or_else(|| base_of(parent).map(|b| b.name.clone())),
            pulled: false,
            users: parent.users.clone(),
            installed,
            files,
        };
        self.images.insert(id.clone(), image);
        let tags: Vec<String> = tag.into_iter().collect();
        for t in &tags {
            self.set_tag(t.clone(), &id);
        }
        self.emit(Event::ContainerCommitted { id: container_id, image: id.clone() });
        self.emit(Event::ImageBuilt { id: id.clone(), tags });
        Ok(id)
    }

    /// `docker import`: an image of one layer holding `files`, with no
    /// config but what `-c` sets and one history row (`Imported from -`
    /// unless `-m` says otherwise; moby `daemon/images/image_import.go`).
    pub fn import(
        &mut self,
        files: &[FileInfo],
        tag: Option<&str>,
        message: &str,
        changes: &[String],
        now: u64,
    ) -> Result<String, EngineError> {
        let tag = tag.map(normalize_tag).transpose()?;
        let mut config = ImageConfig::default();
        for change in changes {
            apply_change(&mut config, change).map_err(|e| EngineError::Container(ContainerError::Daemon(e)))?;
        }
        let mut diff = LayerDiff::default();
        for f in files {
            diff.changes.insert(f.path.clone(), crate::layers::Change::Put(f.entry.clone()));
        }
        let size = diff.size();
        let digest = crate::engine::sha256(&[b"layer", format!("{:?}", diff.changes).as_bytes()]);
        let comment = if message.is_empty() { "Imported from -".to_string() } else { message.to_string() };
        let id = crate::engine::sha256(&[b"import", digest.as_bytes(), comment.as_bytes(), &now.to_le_bytes()]);
        let mut stack = LayerStack::new();
        stack.push(diff);
        let image = StoredImage {
            id: id.clone(),
            config,
            size,
            created: now,
            layers: vec![StoredLayer { digest, size }],
            history: vec![HistoryEntry { created: now, created_by: String::new(), size, comment, empty_layer: false }],
            parent_base: None,
            pulled: false,
            users: ["root".to_string()].into_iter().collect(),
            installed: Default::default(),
            files: stack,
        };
        self.images.insert(id.clone(), image);
        let tags: Vec<String> = tag.into_iter().collect();
        for t in &tags {
            self.set_tag(t.clone(), &id);
        }
        self.emit(Event::ImageBuilt { id: id.clone(), tags });
        Ok(id)
    }
}

/// The committed image's config: the container's `Config` over its image's
/// (moby `merge`: the container's values win where set).
fn container_config(image: &ImageConfig, c: &Container) -> ImageConfig {
    let mut config = image.clone();
    config.env = c.config.env.iter().filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.into(), v.into())).collect();
    config.cmd.clone_from(&c.config.cmd);
    config.entrypoint.clone_from(&c.config.entrypoint);
    config.working_dir.clone_from(&c.config.working_dir);
    config.user.clone_from(&c.config.user);
    config.labels.clone_from(&c.config.labels);
    config.exposed_ports = c.config.exposed_ports.iter().cloned().collect();
    config.stop_signal.clone_from(&c.config.stop_signal);
    config
}

/// moby's `validCommitCommands` (daemon/builder/dockerfile/builder.go).
const COMMIT_COMMANDS: &[&str] = &[
    "cmd",
    "entrypoint",
    "healthcheck",
    "env",
    "expose",
    "label",
    "onbuild",
    "stopsignal",
    "user",
    "volume",
    "workdir",
];

/// A JSON array (`["a","b"]`) or, for CMD and ENTRYPOINT, the shell form.
fn argv_of(rest: &str, shell_form: bool) -> Vec<String> {
    if let Ok(v) = serde_json::from_str::<Vec<String>>(rest) {
        return v;
    }
    if shell_form {
        vec!["/bin/sh".into(), "-c".into(), rest.to_string()]
    } else {
        rest.split_whitespace().map(str::to_string).collect()
    }
}

fn unquote(s: &str) -> String {
    s.trim_matches('"').to_string()
}

/// Applies one `-c` instruction (`CMD ["app"]`, `ENV A=1`) to `config`.
/// The daemon's error texts (the parser lower-cases the keyword).
pub fn apply_change(config: &mut ImageConfig, change: &str) -> Result<(), String> {
    let change = change.trim();
    let (keyword, rest) = change.split_once(char::is_whitespace).unwrap_or((change, ""));
    let keyword = keyword.to_ascii_lowercase();
    let rest = rest.trim();
    if !COMMIT_COMMANDS.contains(&keyword.as_str()) {
        return Err(format!("{keyword} is not a valid change command"));
    }
    match keyword.as_str() {
        "cmd" => config.cmd = Some(argv_of(rest, true)),
        "entrypoint" => config.entrypoint = Some(argv_of(rest, true)),
        "workdir" => config.working_dir = rest.to_string(),
        "user" => config.user = rest.to_string(),
        "stopsignal" => config.stop_signal = Some(rest.to_string()),
        "onbuild" => config.on_build.push(rest.to_string()),
        "volume" => config.volumes.extend(argv_of(rest, false)),
        "expose" => {
            for port in rest.split_whitespace() {
                let port = if port.contains('/') { port.to_string() } else { format!("{port}/tcp") };
                config.exposed_ports.insert(port);
            }
        }
        "env" | "label" => {
            let pairs: Vec<(String, String)> = if rest.contains('=') {
                rest.split_whitespace()
                    .filter_map(|kv| kv.split_once('='))
                    .map(|(k, v)| (unquote(k), unquote(v)))
                    .collect()
            } else {
                let (k, v) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                vec![(k.to_string(), v.trim().to_string())]
            };
            for (k, v) in pairs {
                if keyword == "env" {
                    config.env.retain(|(key, _)| *key != k);
                    config.env.push((k, v));
                } else {
                    config.labels.insert(k, v);
                }
            }
        }
        _ => return Err(format!("layerlab: {keyword} in --change is not simulated")),
    }
    Ok(())
}

/// What a file entry is, for listings.
pub fn kind_name(entry: &Entry) -> &'static str {
    match entry.kind {
        Kind::File { .. } => "file",
        Kind::Dir => "dir",
        Kind::Symlink { .. } => "symlink",
    }
}
