//! A typed dry run of `docker run`: everything the run would set up, as
//! data, without changing the daemon. The line is resolved against the
//! image (the engine's, else the catalog's) with `run::resolve` (argv and
//! where each word comes from, user, env, ports, PID 1), then created and
//! launched on a throwaway copy of the daemon ([`Engine::scratch`]) and
//! frozen at the moment the process starts, so the namespaces, cgroup files,
//! overlay mounts and the story are the ones a real start would make.

use super::cgroups::CgroupFile;
use super::model::MountPoint;
use super::namespaces::Namespace;
use super::network::PortBinding;
use super::story::Step;
use super::view::{StopResult, StopView};
use crate::build::ImageConfig;
use crate::catalog::{self, CatalogError};
use crate::engine::{short_id, Engine, EngineError, StoredImage};
use crate::run::{parse_run, resolve_in, ArgvError, PublishedPort, RunCommand, RunError, WordOrigin};
use std::fmt;

/// One word of the argv and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgvWord {
    pub word: String,
    pub origin: WordOrigin,
}

/// Where the image came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageSource {
    /// An image in the daemon (built, pulled or loaded earlier).
    Local { id: String },
    /// Not in the daemon: the catalog's entry, which `docker run` would pull.
    Catalog { name: String },
}

/// One lower layer of the container's overlay mount, bottom first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowerDir {
    /// `/var/lib/docker/overlay2/<layer>/diff`.
    pub path: String,
    /// The layer's digest; `None` for Docker's init layer.
    pub digest: Option<String>,
    pub size: u64,
    /// The instruction that made the layer (the history's CREATED BY).
    pub created_by: String,
}

/// The container's root filesystem: overlayfs over the image's layers, and
/// the volumes and binds mounted on top of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverlayStack {
    /// Bottom first: the image's layers, then Docker's `-init` layer.
    pub lowerdirs: Vec<LowerDir>,
    /// Where the container's writes go.
    pub upperdir: String,
    pub workdir: String,
    pub merged: String,
    pub mounts: Vec<MountPoint>,
}

/// What the daemon would set up for the container, as it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// What `docker stop` would do; `None` if the process cannot start.
    pub stop: Option<StopView>,
    /// PID 1's argv once the start settles (entrypoint scripts and shells
    /// that `exec` are replaced); empty if the process cannot start.
    pub pid1: Vec<String>,
    pub namespaces: Vec<Namespace>,
    pub cgroup_path: String,
    pub cgroup_limits: Vec<CgroupFile>,
    pub overlay: OverlayStack,
    /// CLI → dockerd → containerd → runc → the process.
    pub story: Vec<Step>,
    /// Why the process would not start (a missing program, an unknown user), as the daemon says it.
    pub start_error: Option<String>,
}

/// Everything a `docker run` line would do, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DryRun {
    /// The image as the line names it (or the catalog entry it resolves to).
    pub image: String,
    pub source: ImageSource,
    /// The process's argv, as `docker inspect` shows Path and Args.
    pub argv: Vec<ArgvWord>,
    /// The last words of `argv` when it is `sh -c SCRIPT …`: the script's
    /// `$0`, `$1`, …, which it ignores unless it reads them.
    pub script_parameters: Vec<String>,
    pub entrypoint: Option<Vec<String>>,
    pub cmd: Option<Vec<String>>,
    pub user: String,
    pub workdir: String,
    pub env: Vec<String>,
    pub hostname: String,
    pub network: String,
    /// Published ports, with the host port the simulated daemon assigns
    /// (`-P` and `-p 80` take the next free ephemeral port, as a real start
    /// would); `host_port` is `None` only when the daemon refuses the container.
    pub ports: Vec<PublishedPort>,
    /// The daemon's warnings, as the CLI prints them after `WARNING: `.
    pub warnings: Vec<String>,
    /// The image's EXPOSEd ports the line does not publish (`80/tcp`).
    pub unpublished: Vec<String>,
    /// The program that is PID 1 once the start settles, and whether
    /// `docker stop`'s signal reaches the app (not only a shell in front of it).
    pub pid1: String,
    pub signals_reach_app: bool,
    /// The reasoning, one step per line.
    pub explanation: Vec<String>,
    /// The daemon's side; `Err` with the daemon's message when it would refuse
    /// the container (a name in use, a missing network, a port taken).
    pub setup: Result<Setup, String>,
}

/// Why there is no dry run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DryRunError {
    /// The line does not parse (Docker's message, with a span).
    Line(RunError),
    /// The image is neither in the daemon nor in the catalog.
    Image(CatalogError),
    /// Nothing to run.
    Argv(ArgvError),
}

impl fmt::Display for DryRunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DryRunError::Line(e) => write!(f, "{}", e.render(crate::run::MessageStyle::Current).trim_end()),
            // The daemon cannot pull what no registry has: Docker's words;
            // the catalog's view is the note.
            DryRunError::Image(CatalogError::UnknownRepository { repository, .. }) => {
                write!(f, "{}", super::super::EngineError::PullAccessDenied { repository: repository.clone() })
            }
            DryRunError::Image(e) => write!(f, "{e}"),
            DryRunError::Argv(e) => write!(f, "{e}"),
        }
    }
}

impl DryRunError {
    /// Layerlab's explanation, for its own line after Docker's text.
    pub fn note(&self) -> Option<String> {
        match self {
            DryRunError::Image(e @ CatalogError::UnknownRepository { .. }) => Some(e.to_string()),
            _ => None,
        }
    }
}

impl std::error::Error for DryRunError {}

/// A dry run of a `docker run …` line (no host: `--env-file` and `-e KEY`
/// are not read from a client environment; see [`dry_run_command`]).
pub fn dry_run(engine: &Engine, line: &str, now: u64) -> Result<DryRun, DryRunError> {
    let run = parse_run(line).map_err(DryRunError::Line)?;
    dry_run_command(engine, &run, now)
}

/// A dry run of a parsed run line. The daemon is not changed.
pub fn dry_run_command(engine: &Engine, run: &RunCommand, now: u64) -> Result<DryRun, DryRunError> {
    // The daemon looks locally before it pulls.
    let local = engine.resolve(&run.image).ok().and_then(|id| engine.image(&id));
    let (image, source, config, base) = match local {
        Some(stored) => (
            run.image.clone(),
            ImageSource::Local { id: stored.id.clone() },
            stored.config.clone(),
            super::commands::base_of(stored),
        ),
        None => {
            let resolved = catalog::resolve(&run.image).map_err(DryRunError::Image)?;
            let name = resolved.image.name.clone();
            (
                name.clone(),
                ImageSource::Catalog { name },
                ImageConfig::from_base(&resolved.image.config),
                Some(resolved.image),
            )
        }
    };
    let resolution = resolve_in(run, &config, base).map_err(DryRunError::Argv)?;
    let argv = resolution
        .argv
        .iter()
        .zip(&resolution.origins)
        .map(|(word, origin)| ArgvWord { word: word.clone(), origin: *origin })
        .collect();
    let (setup, bound) = setup(engine, run, now);
    // The scratch daemon's allocator picked the host ports a real start would.
    let ports: Vec<PublishedPort> = if bound.is_empty() {
        resolution.ports
    } else {
        bound
            .iter()
            .map(|b| PublishedPort {
                host_ip: b.host_ip.map_or("0.0.0.0".to_string(), |ip| ip.to_string()),
                host_port: Some(b.host_port),
                container_port: b.container_port,
                protocol: b.protocol.to_string(),
            })
            .collect()
    };
    let host_net = resolution.network == "host";
    let unpublished = config
        .exposed_ports
        .iter()
        .filter(|_| !host_net)
        .filter(|e| {
            let (number, protocol) = e.split_once('/').unwrap_or((e, "tcp"));
            !ports.iter().any(|p| p.container_port.to_string() == number && p.protocol == protocol)
        })
        .cloned()
        .collect();
    // PID 1 as the started process has it, so the summary tells the stop story's tale.
    let started = setup.as_ref().ok().filter(|s| !s.pid1.is_empty());
    let pid1 = started.map_or(resolution.pid1, |s| s.pid1[0].clone());
    let signals_reach_app =
        started.and_then(|s| s.stop.as_ref()).map_or(resolution.signals_reach_app, |stop| stop.reaches_app);
    Ok(DryRun {
        image,
        source,
        argv,
        script_parameters: resolution.script_parameters,
        entrypoint: resolution.entrypoint,
        cmd: resolution.cmd,
        user: resolution.user,
        workdir: resolution.workdir,
        env: resolution.env,
        hostname: resolution.hostname,
        network: resolution.network,
        ports,
        warnings: super::commands::create_warnings(&run.options),
        unpublished,
        pid1,
        signals_reach_app,
        explanation: resolution.explanation,
        setup,
    })
}

impl DryRun {
    /// One line on PID 1 that tells what `docker stop` does to it, the same
    /// story the setup's `stop` tells (a PID 1 without a handler ignores
    /// SIGTERM: Linux delivers no default-action signal to a namespace's init).
    pub fn pid1_summary(&self) -> String {
        let stop = self.setup.as_ref().ok().and_then(|s| s.stop.as_ref());
        let Some(stop) = stop else { return format!("{} (it would not start)", self.pid1) };
        let end = match stop.result {
            StopResult::Exits { code: 0 } => "it exits cleanly (0)".to_string(),
            StopResult::Exits { code } => format!("it dies of it ({code})"),
            StopResult::KilledAfter { seconds } => format!("nothing acts on it: SIGKILL after {seconds} s (137)"),
        };
        format!("{}: docker stop sends {} → {end}; {}", self.pid1, stop.signal, stop.why)
    }
}

/// Creates and launches the container on a copy of the daemon, and reads
/// what it set up, with the host ports it bound.
fn setup(engine: &Engine, run: &RunCommand, now: u64) -> (Result<Setup, String>, Vec<PortBinding>) {
    let mut scratch = engine.scratch();
    let created = match scratch.create(run, now) {
        Ok(created) => created,
        Err(e) => return (Err(e.to_string()), Vec::new()),
    };
    let rt = &mut scratch.runtime;
    let i = match rt.find(&created.container_id) {
        Ok(i) => i,
        Err(e) => return (Err(EngineError::from(e).to_string()), Vec::new()),
    };
    let start_error = rt.launch_at(i, now).err().map(|e| EngineError::from(e).to_string());
    let c = &rt.containers[i];
    let Some(view) = rt.view(&c.id) else { return (Err("the container vanished".to_string()), Vec::new()) };
    let image = scratch.images.get(&c.image_id);
    // A process that cannot start has no story past the daemon's refusal.
    let story = if start_error.is_none() {
        super::story::story(c, &c.config.image, created.pull.is_some())
    } else {
        Vec::new()
    };
    let pid1 = view.process.as_ref().map(|p| p.pid1.clone()).unwrap_or_default();
    let setup = Setup {
        stop: view.process.map(|p| p.stop),
        pid1,
        namespaces: view.namespaces,
        cgroup_path: view.cgroup_path,
        cgroup_limits: view.cgroup_limits,
        overlay: overlay(&c.id, image, view.mounts),
        story,
        start_error,
    };
    (Ok(setup), c.ports.clone())
}

/// The overlay mount Docker's overlay2 driver makes: each layer's `diff`
/// directory (named by the layer here), the `-init` layer, the upper and work dirs.
fn overlay(id: &str, image: Option<&StoredImage>, mounts: Vec<MountPoint>) -> OverlayStack {
    let root = "/var/lib/docker/overlay2";
    let mut lowerdirs: Vec<LowerDir> = Vec::new();
    if let Some(image) = image {
        // History rows with a layer match the layers one to one, bottom first.
        let mut made_by = image.history.iter().filter(|h| !h.empty_layer).map(|h| h.created_by.clone());
        for layer in &image.layers {
            lowerdirs.push(LowerDir {
                path: format!("{root}/{}/diff", short_id(&layer.digest)),
                digest: Some(layer.digest.clone()),
                size: layer.size,
                created_by: made_by.next().unwrap_or_default(),
            });
        }
    }
    lowerdirs.push(LowerDir {
        path: format!("{root}/{id}-init/diff"),
        digest: None,
        size: 0,
        created_by: "Docker's init layer: /etc/hosts, /etc/hostname, /etc/resolv.conf and /dev/console".into(),
    });
    OverlayStack {
        lowerdirs,
        upperdir: format!("{root}/{id}/diff"),
        workdir: format!("{root}/{id}/work"),
        merged: format!("{root}/{id}/merged"),
        mounts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{BuildCache, BuildRequest};
    use crate::context::BuildContext;
    use crate::engine::containers::{StepKind, StopResult};

    const T0: u64 = 1_795_000_000;

    fn dry(engine: &Engine, line: &str) -> DryRun {
        dry_run(engine, line, T0).unwrap_or_else(|e| panic!("{line}: {e}"))
    }

    fn origins(d: &DryRun) -> Vec<WordOrigin> {
        d.argv.iter().map(|w| w.origin).collect()
    }

    /// An image no registry has: the daemon's pull error as Docker prints it
    /// (the same words `docker pull` gives), Layerlab's catalog note apart.
    #[test]
    fn an_unknown_image_is_dockers_pull_error_with_the_catalog_as_a_note() {
        let error = dry_run(&Engine::new(), "docker run nodee", T0).expect_err("no such image");
        assert_eq!(
            error.to_string(),
            "Error response from daemon: pull access denied for nodee, repository does not exist or may require 'docker login': denied: requested access to the resource is denied"
        );
        assert_eq!(error.note().as_deref(), Some("nodee: not in Layerlab's image catalog (did you mean node?)"));
    }

    #[test]
    fn a_catalog_image_is_set_up_on_a_copy_of_the_daemon() {
        let engine = Engine::new();
        let d = dry(&engine, "docker run -d -m 64m nginx");
        assert_eq!(d.source, ImageSource::Catalog { name: d.image.clone() });
        let words: Vec<&str> = d.argv.iter().map(|w| w.word.as_str()).collect();
        assert_eq!(words, ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]);
        use WordOrigin::*;
        assert_eq!(origins(&d), [Entrypoint, Cmd, Cmd, Cmd]);
        assert!(d.ports.is_empty());
        assert_eq!(d.unpublished, ["80/tcp"]);
        let setup = d.setup.as_ref().expect("the daemon accepts it");
        // nginx handles its STOPSIGNAL (SIGQUIT): docker stop ends it at once.
        let stop = setup.stop.as_ref().expect("it starts");
        assert_eq!((stop.signal.as_str(), stop.result), ("SIGQUIT", StopResult::Exits { code: 0 }));
        assert_eq!(setup.namespaces.len(), 7);
        assert!(setup.cgroup_limits.iter().any(|f| f.name == "memory.max" && f.value == "67108864"));
        // The image's layers bottom first, each with what made it, then the init layer.
        let lower = &setup.overlay.lowerdirs;
        let base = catalog::resolve("nginx").expect("in the catalog").image;
        assert_eq!(lower.len(), base.layers.len() + 1);
        // nginx's own history names its layers (its record's rows: debuerreotype's rootfs first).
        let first_layer = base.history.iter().find(|h| !h.empty_layer).expect("nginx has history rows");
        assert_eq!(lower[0].created_by, first_layer.created_by, "{:?}", lower[0]);
        assert!(lower[0].created_by.starts_with("# debian.sh"), "{:?}", lower[0]);
        assert!(lower.last().is_some_and(|l| l.digest.is_none() && l.path.ends_with("-init/diff")));
        assert!(setup.overlay.upperdir.ends_with("/diff") && setup.start_error.is_none());
        assert_eq!(setup.story.first().map(|s| s.kind), Some(StepKind::Cli));
        assert!(setup.story.iter().any(|s| s.kind == StepKind::Pull), "the image would be pulled");
        // Nothing changed.
        assert!(engine.images_by_id().is_empty() && engine.runtime().containers().is_empty());
    }

    #[test]
    fn word_origins_and_pid1() {
        let engine = Engine::new();
        use WordOrigin::*;
        let d = dry(&engine, "docker run python:3.12-slim python -m http.server");
        assert_eq!(origins(&d), [Argument, Argument, Argument]);
        let d = dry(&engine, "docker run --entrypoint sh nginx -c 'sleep 100'");
        assert_eq!(origins(&d), [EntrypointFlag, Argument, Argument]);
        // Shell form: sh is PID 1, SIGTERM does not reach sleep, docker stop waits and kills.
        assert_eq!((d.pid1.as_str(), d.signals_reach_app), ("sh", false));
        let stop = d.setup.expect("accepted").stop.expect("starts");
        assert_eq!((stop.reaches_app, stop.result), (false, StopResult::KilledAfter { seconds: 10 }));
    }

    /// `-P` and `-p 80` get the host port the daemon's allocator hands out
    /// on a real start: the next free one of the ephemeral range 32768–60999
    /// (moby's portallocator), after the ports running containers hold.
    #[test]
    fn ports_are_the_ones_a_real_start_would_bind() {
        let mut engine = Engine::new();
        let d = dry(&engine, "docker run -P nginx");
        let bound: Vec<(Option<u16>, u16)> = d.ports.iter().map(|p| (p.host_port, p.container_port)).collect();
        assert_eq!(bound, [(Some(32768), 80)]);
        assert!(d.unpublished.is_empty() && d.warnings.is_empty());
        // The same allocator as `docker run`: a running container holds 32768, the next is 32769.
        let web = crate::run::parse_run("docker run -d -P nginx").expect("parses");
        engine.run(&web, T0).expect("runs");
        let d = dry(&engine, "docker run -p 80 -p 8080:81 nginx");
        let bound: Vec<(Option<u16>, u16)> = d.ports.iter().map(|p| (p.host_port, p.container_port)).collect();
        assert_eq!(bound, [(Some(32769), 80), (Some(8080), 81)]);
    }

    /// `--network host` with `-p`: moby warns "Published ports are discarded
    /// when using host network mode" (daemon/daemon_unix.go, its test
    /// `TestContainerWarningHostAndPublishPorts`) and binds nothing.
    #[test]
    fn host_networking_discards_published_ports_with_dockers_warning() {
        let engine = Engine::new();
        let d = dry(&engine, "docker run --network host -p 8080:80 nginx");
        assert_eq!(d.warnings, ["Published ports are discarded when using host network mode"]);
        assert!(d.ports.is_empty(), "{:?}", d.ports);
        assert!(d.explanation.iter().any(|e| e.contains("publishes nothing")), "{:?}", d.explanation);
        // -P alone sets no PortBindings: no warning, nothing published either.
        let d = dry(&engine, "docker run --network host -P nginx");
        assert!(d.warnings.is_empty() && d.ports.is_empty());
        assert!(!d.explanation.iter().any(|e| e.starts_with("-P publishes")), "{:?}", d.explanation);
        // EXPOSE hides nothing either: the app's ports are the host's.
        assert!(d.unpublished.is_empty(), "{:?}", d.unpublished);
    }

    /// The PID 1 line agrees with the stop story: a PID 1 without a SIGTERM
    /// handler receives the signal and ignores it, so docker stop waits and
    /// kills. `CMD sleep 1000` in shell form: on Alpine busybox ash execs
    /// sleep (sleep is PID 1); on Debian images dash stays PID 1
    /// (`catalog::shells` names the sources).
    #[test]
    fn the_pid1_summary_tells_the_stop_story() {
        let engine = Engine::new();
        let d = dry(&engine, "docker run python:3.12-slim python app.py");
        assert_eq!((d.pid1.as_str(), d.signals_reach_app), ("python", true));
        let line = d.pid1_summary();
        assert!(line.contains("SIGKILL after 10 s") && line.contains("installs no handler"), "{line}");
        let alpine = dry(&engine, "docker run alpine:3.22 /bin/sh -c 'sleep 1000'");
        assert_eq!((alpine.pid1.as_str(), alpine.signals_reach_app), ("sleep", true));
        assert!(alpine.pid1_summary().contains("SIGKILL after 10 s"), "{}", alpine.pid1_summary());
        let debian = dry(&engine, "docker run debian:bookworm-slim /bin/sh -c 'sleep 1000'");
        assert_eq!((debian.pid1.as_str(), debian.signals_reach_app), ("/bin/sh", false));
        assert!(
            debian.explanation.iter().any(|e| e.starts_with("/bin/sh (dash) is PID 1")),
            "{:?}",
            debian.explanation
        );
        let nginx = dry(&engine, "docker run nginx");
        assert!(nginx.pid1_summary().starts_with("nginx: docker stop sends SIGQUIT → it exits cleanly"));
    }

    /// A program the image has runs: busybox's applets on Alpine, musl's getent.
    #[test]
    fn busybox_applets_and_musl_utils_run_on_alpine() {
        let engine = Engine::new();
        for line in ["docker run alpine:3.22 nslookup example.com", "docker run alpine:3.22 getent hosts localhost"] {
            let setup = dry(&engine, line).setup.expect("created");
            assert!(setup.start_error.is_none(), "{line}: {:?}", setup.start_error);
        }
        let setup = dry(&engine, "docker run debian:bookworm-slim ps").setup.expect("created");
        assert!(setup.start_error.is_some_and(|e| e.contains("\"ps\": executable file not found")));
    }

    #[test]
    fn an_image_built_elsewhere_is_added_without_rebuilding() {
        let dockerfile =
            "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n";
        let context =
            BuildContext::from_files([("app.py".to_string(), b"print(1)\n".to_vec())]).expect("valid context");
        let request = BuildRequest {
            dockerfile,
            context: &context,
            build_args: Default::default(),
            target: None,
            no_cache: false,
            session: Default::default(),
        };
        let outcome = crate::build::build(&request, &mut BuildCache::default());
        let mut engine = Engine::new();
        let id = engine.add_built_image(&outcome, "app", T0).expect("an image");
        assert_eq!(engine.resolve("app:latest"), Ok(id.clone()));
        assert!(engine.cache().is_empty(), "nothing was built again");
        let d = dry(&engine, "docker run -p 8000:8000 app");
        assert_eq!(d.source, ImageSource::Local { id });
        assert_eq!(origins(&d), [WordOrigin::Cmd, WordOrigin::Cmd]);
        assert!(d.unpublished.is_empty());
        let lower = d.setup.expect("accepted").overlay.lowerdirs;
        assert!(lower.iter().any(|l| l.created_by.starts_with("COPY app.py")), "{lower:?}");
        // A failed build has no image to add.
        let broken = BuildRequest { dockerfile: "FROM python:3.12-slim\nCOPY missing.txt .\n", ..request };
        let failed = crate::build::build(&broken, &mut BuildCache::default());
        assert_eq!(engine.add_built_image(&failed, "bad", T0), Err(EngineError::NoImage));
    }

    #[test]
    fn refusals_come_back_as_docker_says_them() {
        let mut engine = Engine::new();
        assert!(matches!(dry_run(&engine, "docker run --rm=maybe nginx", T0), Err(DryRunError::Line(_))));
        assert!(matches!(dry_run(&engine, "docker run no-such-image-xyz", T0), Err(DryRunError::Image(_))));
        // The daemon's refusals leave the resolution and say why in `setup`.
        let web = crate::run::parse_run("docker run -d --name web nginx").expect("parses");
        engine.run(&web, T0).expect("runs");
        let d = dry(&engine, "docker run --name web nginx");
        assert!(d.setup.as_ref().is_err_and(|e| e.contains("is already in use")), "{:?}", d.setup);
        // A missing program: created, but the process cannot start.
        let d = dry(&engine, "docker run alpine:3.22 nope");
        let setup = d.setup.expect("created");
        assert!(setup.start_error.is_some_and(|e| e.contains("executable file not found")));
        assert!(setup.stop.is_none());
    }
}
