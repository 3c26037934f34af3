//! The simulated daemon across invocations: `--state` keeps images, tags and
//! the build cache; the docker commands print what Docker prints.

use super::{fresh_state, layerlab_at, text, T0};
use std::path::{Path, PathBuf};

const DOCKERFILE: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nENV PORT=8000\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n";

/// A context directory for the seed lesson's Python app.
fn project(name: &str, app: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("layerlab-engine-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create dir");
    for (path, contents) in [
        ("Dockerfile", DOCKERFILE),
        ("requirements.txt", "flask==3.0.3\n"),
        ("app.py", app),
        (".dockerignore", ".git\n*.log\n"),
    ] {
        std::fs::write(dir.join(path), contents).expect("write");
    }
    dir
}

struct Daemon {
    state: PathBuf,
}

impl Daemon {
    fn new() -> Daemon {
        Daemon { state: fresh_state() }
    }

    /// `layerlab --state FILE ARGS...` at `T0 + at`.
    fn run(&self, at: u64, args: &[&str]) -> (String, String, i32) {
        let mut all = vec!["--state", self.state.to_str().expect("utf-8")];
        all.extend_from_slice(args);
        let out = layerlab_at(T0 + at, &all, "");
        (text(&out.stdout), text(&out.stderr), out.status.code().unwrap_or(-1))
    }

    fn ok(&self, at: u64, args: &[&str]) -> String {
        let (stdout, stderr, status) = self.run(at, args);
        assert_eq!(status, 0, "layerlab {args:?}: {stderr}");
        stdout
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

#[test]
fn the_state_keeps_the_cache_between_invocations() {
    let d = Daemon::new();
    let v1 = project("cache-v1", "print('v1')\n");
    let (_, log, status) = d.run(0, &["build", "-t", "app", path(&v1)]);
    assert_eq!(status, 0, "{log}");
    assert!(!log.contains("CACHED"), "{log}");
    std::fs::write(v1.join("app.py"), "print('v2')\n").expect("edit");
    // A second process: the dependency layers come from the first one's cache.
    let (_, log, _) = d.run(60, &["build", "-t", "app", path(&v1)]);
    assert!(log.contains("RUN pip install --no-cache-dir -r requirements.txt\n#8 CACHED"), "{log}");
    assert!(log.contains("[5/5] COPY . .\n#9 DONE"), "{log}");
    insta::assert_snapshot!("rebuild_log", log.replace(&image_id(&d, "app"), "sha256:<id>"));
    // An edit to an ignored file rebuilds nothing.
    std::fs::write(v1.join("debug.log"), "noise\n").expect("edit");
    let (_, log, _) = d.run(90, &["build", "-t", "app", path(&v1)]);
    assert_eq!(log.matches("CACHED").count(), 4, "{log}");
    for step in [
        "#5 [2/5] WORKDIR /app\n#5 CACHED\n",
        "#7 [3/5] COPY requirements.txt .\n#7 CACHED\n",
        "#8 [4/5] RUN pip install --no-cache-dir -r requirements.txt\n#8 CACHED\n",
        "#9 [5/5] COPY . .\n#9 CACHED\n",
    ] {
        assert!(log.contains(step), "{step}: {log}");
    }
    let _ = std::fs::remove_dir_all(&v1);
}

fn image_id(d: &Daemon, name: &str) -> String {
    let out = d.ok(0, &["image", "inspect", name]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    v[0]["Id"].as_str().expect("id").to_string()
}

#[test]
fn images_history_and_system_df_look_like_docker() {
    let d = Daemon::new();
    let v1 = project("images-v1", "print('v1')\n");
    d.ok(0, &["build", "-t", "app:1.0", path(&v1)]);
    std::fs::write(v1.join("app.py"), "print('v2')\n").expect("edit");
    d.ok(120, &["build", "-t", "app:1.0", path(&v1)]);
    d.ok(125, &["tag", "app:1.0", "registry.example.com:5000/team/app:1.0"]);
    // CLI 29's default tree view (dangling images hidden), and the classic
    // table with them, as `--format table -a` still prints it.
    let images = d.ok(3_600, &["images"]);
    insta::assert_snapshot!("images", images);
    insta::assert_snapshot!("images_table", d.ok(3_600, &["images", "--format", "table", "-a"]));
    let dangling = d.ok(3_600, &["images", "--filter", "dangling=true", "-q"]);
    assert_eq!(dangling.lines().count(), 1, "{images}");
    insta::assert_snapshot!("history", d.ok(3_600, &["history", "app:1.0"]));
    insta::assert_snapshot!("system_df", d.ok(3_600, &["system", "df"]));
    let pruned = d.ok(3_700, &["image", "prune", "-f"]);
    assert!(pruned.starts_with("Deleted Images:\ndeleted: sha256:"), "{pruned}");
    assert!(d.ok(3_700, &["images", "-f", "dangling=true", "-q"]).is_empty());
    let _ = std::fs::remove_dir_all(&v1);
}

#[test]
fn save_and_load_between_two_states() {
    let a = Daemon::new();
    let b = Daemon::new();
    let dir = project("save", "print('hi')\n");
    a.ok(0, &["build", "-t", "app:v1", path(&dir)]);
    let archive = dir.join("app-v1.json");
    assert_eq!(a.ok(10, &["save", "-o", path(&archive), "app:v1"]), "");
    assert_eq!(b.ok(20, &["load", "-i", path(&archive)]), "Loaded image: app:v1\n");
    assert_eq!(image_id(&a, "app:v1"), image_id(&b, "app:v1"));
    // The loaded image runs like the built one.
    let run = layerlab_at(T0 + 30, &["--state", path(&b.state), "run", "--dry-run", "--json", "app:v1"], "");
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON");
    assert_eq!(report["argv"], serde_json::json!(["python", "app.py"]));
    assert_eq!(report["workdir"], "/app");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn docker_errors_and_statuses() {
    let d = Daemon::new();
    let (_, stderr, status) = d.run(0, &["history", "nothere"]);
    assert_eq!((stderr.as_str(), status), ("Error response from daemon: No such image: nothere:latest\n", 1));
    let (_, stderr, status) = d.run(0, &["images", "--bogus"]);
    assert_eq!((stderr.as_str(), status), ("unknown flag: --bogus\nSee 'docker images --help'.\n", 125));
    // Reads and bad usage never create a state file.
    assert!(!d.state.exists(), "{}", std::fs::read_to_string(&d.state).unwrap_or_default());
    let (_, stderr, status) = d.run(0, &["pull", "nosuchimage-xyz"]);
    assert_eq!(status, 1);
    assert!(stderr.starts_with("Error response from daemon: pull access denied for nosuchimage-xyz"), "{stderr}");
    // A pull is journaled whether or not it succeeds (the journal keeps every
    // command that may change the daemon, so a replay meets the same failures).
    let saved = std::fs::read_to_string(&d.state).expect("the pull wrote the state");
    assert!(saved.contains("\"line\": \"docker pull nosuchimage-xyz\""), "{saved}");
    let out = d.ok(0, &["pull", "alpine:3.20"]);
    assert!(out.contains("Status: Downloaded newer image for alpine:3.20"), "{out}");
    let again = d.ok(5, &["pull", "alpine:3.20"]);
    assert!(again.contains("Status: Image is up to date for alpine:3.20"), "{again}");
}

#[test]
fn a_damaged_state_file_is_reported_not_overwritten() {
    let d = Daemon::new();
    std::fs::write(&d.state, "{ not json").expect("write");
    let (_, stderr, status) = d.run(0, &["images"]);
    assert_eq!(status, 1);
    assert!(stderr.contains("reading the state"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&d.state).expect("kept"), "{ not json");
}

#[test]
fn containers_persist_between_invocations_and_print_like_docker() {
    let d = Daemon::new();
    d.ok(0, &["network", "create", "backend"]);
    let (id, pulled, status) =
        d.run(10, &["run", "-d", "--name", "web", "-p", "8080:80", "-m", "256m", "nginx:alpine"]);
    assert_eq!(status, 0, "{pulled}");
    assert_eq!(id.trim().len(), 64, "{id}");
    d.ok(20, &["run", "-d", "--name", "cache", "--network", "backend", "redis"]);
    d.ok(30, &["run", "--name", "hello", "alpine:3.22", "echo", "hello"]);
    insta::assert_snapshot!("ps", d.ok(300, &["ps"]));
    insta::assert_snapshot!("ps_all", d.ok(300, &["ps", "-a"]));
    insta::assert_snapshot!("network_ls", d.ok(300, &["network", "ls"]));
    insta::assert_snapshot!("stats", d.ok(300, &["stats", "--no-stream"]));
    let inspect: serde_json::Value = serde_json::from_str(&d.ok(300, &["inspect", "web"])).expect("JSON");
    insta::assert_json_snapshot!("inspect_web", inspect);
    assert_eq!(inspect[0]["HostConfig"]["Memory"], 268_435_456);
    assert_eq!(inspect[0]["State"]["Status"], "running");
    // `docker stop` then `docker ps -a`: the state file kept the stop.
    assert_eq!(d.ok(400, &["stop", "web"]), "web\n");
    assert!(d.ok(410, &["ps", "-a", "--filter", "name=web"]).contains("Exited (0)"));
    let (_, stderr, status) = d.run(420, &["rmi", "nginx:alpine"]);
    assert_eq!(status, 1);
    assert!(stderr.contains("is using its referenced image"), "{stderr}");
}

/// A symbolic link back up the tree is sent as a link, as Docker does: the
/// context is read once, never looped through.
#[cfg(unix)]
#[test]
fn a_symlink_loop_in_the_context_does_not_hang() {
    let d = Daemon::new();
    let dir = project("symlink", "print('hi')\n");
    std::os::unix::fs::symlink("..", dir.join("up")).expect("symlink");
    let (_, log, status) = d.run(0, &["build", "-t", "app", path(&dir)]);
    assert_eq!(status, 0, "{log}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `docker image prune` reads its `[y/N]` answer from standard input,
/// terminal or not (docker/cli internal/prompt/prompt.go, `Confirm`): `echo n |`
/// keeps the dangling image and prints nothing after the prompt (the CLI's
/// cancelled error is silent, exit 0); `echo y |` prunes and prints the
/// `Deleted Images:` report (cli/command/image/prune.go, runPrune).
#[test]
fn image_prune_reads_its_answer_from_standard_input() {
    let d = Daemon::new();
    let dir = project("prune-stdin", "print('v1')\n");
    d.ok(0, &["build", "-t", "app", path(&dir)]);
    std::fs::write(dir.join("app.py"), "print('v2')\n").expect("edit");
    d.ok(10, &["build", "-t", "app", path(&dir)]);
    let dangling = || d.ok(20, &["images", "-f", "dangling=true", "-q"]);
    assert_eq!(dangling().lines().count(), 1);
    let prompt = "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ";
    let run = |answer: &str| {
        let mut all = vec!["--state", d.state.to_str().expect("utf-8")];
        all.extend_from_slice(&["image", "prune"]);
        let out = super::layerlab_at(T0 + 30, &all, answer);
        (text(&out.stdout), out.status.code())
    };
    assert_eq!(run("n\n"), (prompt.to_string(), Some(0)));
    assert_eq!(dangling().lines().count(), 1, "declined: nothing pruned");
    let (stdout, status) = run("y\n");
    assert_eq!(status, Some(0));
    let report = stdout.strip_prefix(prompt).expect("the prompt first");
    assert!(report.starts_with("Deleted Images:\ndeleted: sha256:"), "{report}");
    assert!(report.contains("\n\nTotal reclaimed space: "), "{report}");
    assert!(dangling().is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `layerlab version` prints the simulated releases as `docker version`
/// does (docker/cli cli/command/system/version.go's default template).
#[test]
fn version_names_the_simulated_releases() {
    let d = Daemon::new();
    let text = d.ok(0, &["version"]);
    assert!(text.starts_with("Client: Docker Engine - Community\n Version:           29.7.2\n"), "{text}");
    assert!(text.contains("\nServer: Docker Engine - Community\n Engine:\n  Version:          29.7.2\n"), "{text}");
    for section in [" containerd:\n", " runc:\n", " docker-init:\n"] {
        assert!(text.contains(section), "{text}");
    }
}
