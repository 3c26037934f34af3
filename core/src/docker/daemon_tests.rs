//! The daemon commands of issue 19 as a terminal shows them: `info`,
//! `attach`, `commit`, `diff`, `cp`, `export`/`import`, `rename`, `update`,
//! `wait`, `events` and `inspect --format`. Each test names the docker/cli
//! source (tag v29.7.2) or documentation page its expected text comes from.

use super::*;
use crate::docker::test_support::{ok, run, T0};

/// docker/cli `cli/command/system/info.go` (`prettyPrintInfo`) and the
/// example in `docs/reference/commandline/system_info.md`: Client then
/// Server, `fmt.Println` spacing, overlay2's driver status, runtimes,
/// security options with the seccomp profile indented below.
#[test]
fn info_prints_the_client_and_server_sections() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new();
    ok(&mut engine, &mut host, "docker run -d --name web nginx");
    ok(&mut engine, &mut host, "docker run --name once alpine echo hi");
    ok(&mut engine, &mut host, "docker run -d --name held redis");
    ok(&mut engine, &mut host, "docker pause held");
    let out = ok(&mut engine, &mut host, "docker info");
    insta::assert_snapshot!(out.stdout);
    let text = &out.stdout;
    assert!(
        text.starts_with(
            "Client: Docker Engine - Community\n Version:    29.7.2\n Context:    default\n Debug Mode: false\n"
        ),
        "{text}"
    );
    assert!(text.contains("\nServer:\n Containers: 3\n  Running: 1\n  Paused: 1\n  Stopped: 1\n Images: 3\n Server Version: 29.7.2\n Storage Driver: overlay2\n  Backing Filesystem: extfs\n"), "{text}");
    assert!(text.contains(" Cgroup Driver: systemd\n Cgroup Version: 2\n"), "{text}");
    assert!(
        text.contains(" Runtimes: io.containerd.runc.v2 runc\n Default Runtime: runc\n Init Binary: docker-init\n"),
        "{text}"
    );
    assert!(text.contains(" Security Options:\n  apparmor\n  seccomp\n   Profile: builtin\n  cgroupns\n"), "{text}");
    assert!(text.contains(" Total Memory: 7.653GiB\n"), "{text}");
    assert_eq!(ok(&mut engine, &mut host, "docker system info"), out);
}

/// `docker info --format` runs a Go template over `system.Info`
/// (docs/reference/commandline/system_info.md, "Format the output").
#[test]
fn info_format_reads_the_json_fields() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new();
    assert_eq!(ok(&mut engine, &mut host, "docker info --format '{{.ServerVersion}}'").stdout, "29.7.2\n");
    assert_eq!(ok(&mut engine, &mut host, "docker info -f '{{.Driver}} {{.CgroupVersion}}'").stdout, "overlay2 2\n");
    let json = ok(&mut engine, &mut host, "docker info --format '{{json .}}'").stdout;
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["ID"], host_id());
    assert_eq!(v["Containers"], 0);
    assert_eq!(v["ClientInfo"]["Version"], "29.7.2");
    assert_eq!(ok(&mut engine, &mut host, "docker info --format json").stdout, json);
    let bad = run(&mut engine, &mut host, "docker info --format '{{.ServerVersion'");
    assert_eq!((bad.status, bad.stderr.as_str()), (64, "template parsing error: template: :1: unclosed action\n"));
}

fn host_id() -> &'static str {
    crate::engine::containers::host::DAEMON_ID
}

/// `docker container inspect --format` with the templates people use
/// (docs/reference/commandline/inspect.md, "Get an instance's IP address",
/// "List all port bindings", "Get a subsection in JSON format"); Docker 29's
/// API has no top-level `NetworkSettings.IPAddress`, so that template fails
/// with Go's `missingkey=error` message (cli/command/inspect/inspector.go).
#[test]
fn inspect_format_templates() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new();
    ok(&mut engine, &mut host, "docker run -d --name web --label tier=front nginx");
    let f = |engine: &mut Engine, host: &mut MemoryHost, t: &str| {
        ok(engine, host, &format!("docker container inspect --format '{t}' web")).stdout
    };
    assert_eq!(f(&mut engine, &mut host, "{{.State.Status}}"), "running\n");
    assert_eq!(f(&mut engine, &mut host, "{{.Config.Image}}"), "nginx\n");
    assert_eq!(f(&mut engine, &mut host, "{{index .Config.Labels \"tier\"}}"), "front\n");
    assert_eq!(f(&mut engine, &mut host, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}"), "172.17.0.2\n");
    assert_eq!(f(&mut engine, &mut host, "{{.Name}}"), "/web\n");
    let config = f(&mut engine, &mut host, "{{json .Config}}");
    assert!(config.starts_with("{\"Hostname\":"), "{config}");
    let gone = run(&mut engine, &mut host, "docker inspect -f '{{.NetworkSettings.IPAddress}}' web");
    assert_eq!(gone.status, 1);
    assert_eq!(
        gone.stderr,
        "template parsing error: template: :1:18: executing \"\" at <.NetworkSettings.IPAddress>: map has no entry for key \"IPAddress\"\n"
    );
    let both = run(&mut engine, &mut host, "docker inspect -f '{{.State.Status}}' web nope");
    assert_eq!(
        (both.stdout.as_str(), both.stderr.as_str(), both.status),
        ("running\n", "Error: No such object: nope\n", 1)
    );
    let bad = run(&mut engine, &mut host, "docker inspect -f '{{.State' web");
    assert_eq!((bad.status, bad.stderr.as_str()), (64, "template parsing error: template: :1: unclosed action\n"));
    let image = ok(&mut engine, &mut host, "docker image inspect -f '{{.Config.Cmd}}' nginx").stdout;
    assert!(image.starts_with('['), "{image}");
}

const APP: &str = "FROM debian:bookworm-slim\nWORKDIR /app\nCOPY app.py config.ini ./\nCMD [\"sleep\", \"infinity\"]\n";

fn project() -> MemoryHost {
    MemoryHost::new()
        .with_file("Dockerfile", APP)
        .with_file("app.py", "print('hi')\n")
        .with_file("config.ini", "[app]\nmode=1\n")
        .with_file("notes.txt", "hello\n")
}

/// A container that writes, changes and deletes files through `docker exec`
/// (docs/reference/commandline/container_diff.md: `A` added, `C` changed,
/// `D` deleted, the directories above a change listed as changed; moby's
/// overlay2 driver lists the upperdir in walk order).
#[test]
fn diff_shows_what_a_container_wrote_changed_and_deleted() {
    let mut engine = Engine::new();
    let mut host = project();
    ok(&mut engine, &mut host, "docker build -t app .");
    ok(&mut engine, &mut host, "docker run -d --name web app");
    assert_eq!(ok(&mut engine, &mut host, "docker diff web").stdout, "");
    ok(&mut engine, &mut host, "docker exec web touch /app/new.txt");
    ok(&mut engine, &mut host, "docker exec web sh -c 'echo mode=2 > /app/config.ini'");
    ok(&mut engine, &mut host, "docker exec web rm /app/app.py");
    ok(&mut engine, &mut host, "docker exec web mkdir -p /var/log/app");
    // Made, then deleted: the file leaves nothing, but overlayfs copied
    // `/tmp` up to create it, so the directory stays listed as changed.
    ok(&mut engine, &mut host, "docker exec web sh -c 'echo x > /tmp/scratch && rm /tmp/scratch'");
    let diff = ok(&mut engine, &mut host, "docker diff web").stdout;
    assert_eq!(
        diff,
        "C /app\nD /app/app.py\nC /app/config.ini\nA /app/new.txt\nC /tmp\nC /var\nC /var/log\nA /var/log/app\n"
    );
    assert_eq!(ok(&mut engine, &mut host, "docker container diff web").stdout, diff);
    // `apt-get install` writes the packages' files (after `apt-get update`, as on a slim image).
    let apt = ok(&mut engine, &mut host, "docker exec web sh -c 'apt-get update && apt-get install -y curl'");
    assert!(apt.stdout.contains("Setting up curl"), "{}", apt.stdout);
    let after = ok(&mut engine, &mut host, "docker diff web").stdout;
    assert!(after.contains("A /usr/bin/curl\n"), "{after}");
    assert!(after.contains("C /var/lib\n"), "{after}");
    let missing = run(&mut engine, &mut host, "docker diff nope");
    assert_eq!((missing.status, missing.stderr.as_str()), (1, "Error response from daemon: No such container: nope\n"));
}

/// `docker commit` prints the new image's id, and `docker history` shows
/// its row on top: CREATED BY is the container's command, COMMENT the
/// message (docs/reference/commandline/container_commit.md; moby
/// `image.NewChildImage`). `-c` changes the config; an invalid instruction
/// is the daemon's error (moby daemon/builder/dockerfile/builder.go).
#[test]
fn commit_then_history() {
    let mut engine = Engine::new();
    let mut host = project();
    ok(&mut engine, &mut host, "docker build -t app .");
    ok(&mut engine, &mut host, "docker run -d --name web app");
    ok(&mut engine, &mut host, "docker exec web sh -c 'echo done > /app/state'");
    let id = ok(&mut engine, &mut host, "docker commit -m 'saved state' -a 'Ann <ann@example.com>' -c 'ENV MODE=2' -c 'CMD [\"python3\", \"app.py\"]' web app:v2").stdout;
    assert!(id.starts_with("sha256:") && id.len() == 7 + 64 + 1, "{id}");
    let history = ok(&mut engine, &mut host, "docker history app:v2").stdout;
    let rows: Vec<&str> = history.lines().collect();
    assert!(rows[1].starts_with(&format!("{}   ", &id[7..19])), "{history}");
    assert!(rows[1].contains("sleep infinity"), "{history}");
    assert!(rows[1].trim_end().ends_with("5B        saved state"), "{history}");
    assert_eq!(rows.len(), ok(&mut engine, &mut host, "docker history app").stdout.lines().count() + 1);
    let config =
        ok(&mut engine, &mut host, "docker image inspect -f '{{json .Config.Cmd}} {{.Config.Env}}' app:v2").stdout;
    assert!(config.starts_with("[\"python3\",\"app.py\"] [") && config.contains("MODE=2"), "{config}");
    // The committed image holds the file: a new container sees it, and its diff is empty.
    ok(&mut engine, &mut host, "docker run -d --name again app:v2 sleep infinity");
    assert_eq!(ok(&mut engine, &mut host, "docker diff again").stdout, "");
    let bad = run(&mut engine, &mut host, "docker commit -c 'FROM alpine' web");
    assert_eq!(
        (bad.status, bad.stderr.as_str()),
        (1, "Error response from daemon: from is not a valid change command\n")
    );
    // Nothing changed: no layer, an empty-layer row (`0B`).
    ok(&mut engine, &mut host, "docker run -d --name idle app");
    ok(&mut engine, &mut host, "docker commit idle idle:1");
    let idle = ok(&mut engine, &mut host, "docker history idle:1").stdout;
    assert!(idle.lines().nth(1).is_some_and(|l| l.contains(" 0B ")), "{idle}");
}

/// `docker cp` both ways (docs/reference/commandline/container_cp.md): a
/// host file into a directory lands inside it; out of the container, a
/// missing path is the daemon's `Could not find the file` error (moby
/// daemon/errors.go); copying between two containers or between two host
/// paths is refused with docker/cli's words (cli/command/container/cp.go).
#[test]
fn cp_both_ways() {
    let mut engine = Engine::new();
    let mut host = project();
    ok(&mut engine, &mut host, "docker build -t app .");
    ok(&mut engine, &mut host, "docker run -d --name web app");
    assert_eq!(ok(&mut engine, &mut host, "docker cp notes.txt web:/app/").stdout, "");
    ok(&mut engine, &mut host, "docker cp notes.txt web:/srv/renamed.txt");
    assert_eq!(
        ok(&mut engine, &mut host, "docker diff web").stdout,
        "C /app\nA /app/notes.txt\nC /srv\nA /srv/renamed.txt\n"
    );
    let out = ok(&mut engine, &mut host, "docker cp web:/app/notes.txt ./copy.txt");
    assert!(out.stderr.contains("/app/notes.txt (1 entry, 6B)"), "{}", out.stderr);
    let missing = run(&mut engine, &mut host, "docker cp web:/x .");
    assert_eq!(
        (missing.status, missing.stderr.as_str()),
        (1, "Error response from daemon: Could not find the file /x in container web\n")
    );
    let no_host = run(&mut engine, &mut host, "docker cp nothere.txt web:/tmp");
    assert_eq!((no_host.status, no_host.stderr.as_str()), (1, "lstat nothere.txt: no such file or directory\n"));
    let both = run(&mut engine, &mut host, "docker cp web:/a other:/b");
    assert_eq!(both.stderr, "copying between containers is not supported\n");
    let neither = run(&mut engine, &mut host, "docker cp a.txt b.txt");
    assert_eq!(neither.stderr, "must specify at least one container source\n");
}

/// `docker export` then `docker import`: a flat image of one layer whose
/// only history row says `Imported from -` (docs/reference/commandline/import.md;
/// the CLI streams the file to the daemon as `-`).
#[test]
fn export_then_import_is_one_flat_layer() {
    let mut engine = Engine::new();
    let mut host = project();
    ok(&mut engine, &mut host, "docker build -t app .");
    ok(&mut engine, &mut host, "docker run -d --name web app");
    ok(&mut engine, &mut host, "docker exec web touch /app/extra");
    assert_eq!(ok(&mut engine, &mut host, "docker export -o web.tar web").stdout, "");
    let id = ok(&mut engine, &mut host, "docker import web.tar flat:1").stdout;
    assert!(id.starts_with("sha256:"), "{id}");
    let history = ok(&mut engine, &mut host, "docker history flat:1").stdout;
    let rows: Vec<&str> = history.lines().collect();
    assert_eq!(rows.len(), 2, "{history}");
    assert!(rows[1].trim_end().ends_with("Imported from -"), "{history}");
    let layers = ok(&mut engine, &mut host, "docker image inspect -f '{{len .RootFS.Layers}}' flat:1").stdout;
    assert_eq!(layers, "1\n");
    let bad = run(&mut engine, &mut host, "docker import notes.txt");
    assert_eq!(bad.stderr, "Error response from daemon: archive/tar: invalid tar header\n");
}

/// `docker rename` (docs/reference/commandline/container_rename.md; moby
/// daemon/rename.go's errors, which the CLI prefixes with `failed to rename
/// container: `).
#[test]
fn rename_and_its_errors() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new();
    ok(&mut engine, &mut host, "docker run -d --name web nginx");
    ok(&mut engine, &mut host, "docker run -d --name db redis");
    assert_eq!(ok(&mut engine, &mut host, "docker rename web front").stdout, "");
    assert!(ok(&mut engine, &mut host, "docker ps").stdout.contains("   front\n"));
    assert_eq!(ok(&mut engine, &mut host, "docker inspect -f '{{.Name}}' front").stdout, "/front\n");
    let cases = [
        ("docker rename front front", "failed to rename container: Error response from daemon: Renaming a container with the same name as its current name\n"),
        ("docker rename front db", &*format!("failed to rename container: Error response from daemon: Conflict. The container name \"/db\" is already in use by container \"{}\". You have to remove (or rename) that container to be able to reuse that name.\n", engine.runtime().container("db").map(|c| c.id.clone()).unwrap_or_default())),
        ("docker rename web x1", "failed to rename container: Error response from daemon: No such container: web\n"),
        ("docker rename front 'bad name'", "failed to rename container: Error response from daemon: Invalid container name (bad name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n"),
    ];
    for (line, want) in cases {
        let out = run(&mut engine, &mut host, line);
        assert_eq!((out.status, out.stderr.as_str()), (1, want), "{line}");
    }
}

/// `docker update` (docs/reference/commandline/container_update.md): limits
/// change on a running container; moby's `UpdateContainer` refuses a memory
/// limit above the swap limit already set unless `--memory-swap` comes with
/// it (a container run without `-m` has none), and a restart policy on a
/// `--rm` container.
#[test]
fn update_limits_and_restart_policy() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new();
    ok(&mut engine, &mut host, "docker run -d --name web nginx");
    let id = engine.runtime().container("web").map(|c| c.id.clone()).unwrap_or_default();
    let refused = run(&mut engine, &mut host, "docker update -m 512m web");
    assert_eq!(
        (refused.status, refused.stderr),
        (1, format!("Error response from daemon: Cannot update container {id}: Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time\n"))
    );
    assert_eq!(
        ok(&mut engine, &mut host, "docker update -m 512m --memory-swap 1g --cpus 1.5 --restart unless-stopped web")
            .stdout,
        "web\n"
    );
    let shown = ok(&mut engine, &mut host, "docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}} {{.HostConfig.RestartPolicy.Name}}' web").stdout;
    assert_eq!(shown, "536870912 1073741824 1500000000 unless-stopped\n");
    // Now that a swap limit is set, a smaller memory limit alone is fine.
    assert_eq!(ok(&mut engine, &mut host, "docker update -m 256m web").stdout, "web\n");
    ok(&mut engine, &mut host, "docker run -d --rm --name tmp nginx");
    let rm = run(&mut engine, &mut host, "docker update --restart always tmp");
    assert!(
        rm.stderr.ends_with("Restart policy cannot be updated because AutoRemove is enabled for the container\n"),
        "{}",
        rm.stderr
    );
    let none = run(&mut engine, &mut host, "docker update web");
    assert_eq!(
        (none.status, none.stderr.as_str()),
        (1, "you must provide one or more flags when using this command\n")
    );
    let cpus = run(&mut engine, &mut host, "docker update --cpus 8 web");
    assert_eq!(
        cpus.stderr,
        "Error response from daemon: Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available\n"
    );
}

/// `docker wait` prints each exit code (docs/reference/commandline/container_wait.md);
/// a `sleep` is waited for, a server would block.
#[test]
fn wait_prints_exit_codes() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new();
    ok(&mut engine, &mut host, "docker run -d --name nap alpine sleep 5");
    run(&mut engine, &mut host, "docker run --name fail alpine sh -c 'exit 3'");
    ok(&mut engine, &mut host, "docker run -d --name web nginx");
    assert_eq!(ok(&mut engine, &mut host, "docker wait nap").stdout, "0\n");
    assert_eq!(
        ok(&mut engine, &mut host, "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' nap").stdout,
        "exited 0\n"
    );
    assert_eq!(ok(&mut engine, &mut host, "docker wait fail nap").stdout, "3\n0\n");
    let web = ok(&mut engine, &mut host, "docker wait web");
    assert_eq!(web.stdout, "");
    assert!(web.stderr.contains("docker wait would block"), "{}", web.stderr);
    let gone = run(&mut engine, &mut host, "docker wait nope");
    assert_eq!((gone.status, gone.stderr.as_str()), (1, "Error response from daemon: No such container: nope\n"));
}

/// `docker events --since/--until/--filter` (docs/reference/commandline/system_events.md;
/// the line layout is docker/cli `prettyPrintEvent`: RFC 3339 with nine
/// fractional digits, type, action, id, sorted attributes).
#[test]
fn events_since_until_and_filters() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new();
    execute(&mut engine, "docker run -d --name web nginx", &mut host, T0);
    execute(&mut engine, "docker stop web", &mut host, T0 + 60);
    execute(&mut engine, "docker rename web front", &mut host, T0 + 120);
    let id = engine.runtime().container("front").map(|c| c.id.clone()).unwrap_or_default();
    let all =
        execute(&mut engine, "docker events --since 0 --until 1795000200 --filter type=container", &mut host, T0 + 300);
    let lines: Vec<String> = all.stdout.lines().map(str::to_string).collect();
    // moby also logs `kill` and `stop` around a `docker stop`; the engine records the exit (`die`).
    assert_eq!(lines.len(), 4, "{}", all.stdout);
    assert_eq!(lines[0], format!("2026-11-18T11:06:40.000000000Z container create {id} (image=nginx, name=web)"));
    assert_eq!(lines[1], format!("2026-11-18T11:06:40.000000000Z container start {id} (image=nginx, name=web)"));
    assert!(lines[2].contains(" container die ") && lines[2].contains("exitCode=0"), "{}", lines[2]);
    assert!(
        lines[3].ends_with(&format!("container rename {id} (image=nginx, name=front, oldName=/web)")),
        "{}",
        lines[3]
    );
    assert_eq!(all.stderr, "", "--until in the past ends the stream");
    let starts = execute(
        &mut engine,
        "docker events --since 10m --until 0s --filter event=start --filter container=front",
        &mut host,
        T0 + 300,
    );
    assert_eq!(starts.stdout.lines().count(), 1, "{}", starts.stdout);
    let images = execute(&mut engine, "docker events --since 0 --until 0s -f type=image", &mut host, T0 + 300);
    assert!(images.stdout.contains(" image pull nginx:latest (name=nginx:latest)"), "{}", images.stdout);
    let streaming = execute(&mut engine, "docker events", &mut host, T0 + 300);
    assert_eq!(streaming.stdout, "");
    assert!(streaming.stderr.contains("keeps streaming"), "{}", streaming.stderr);
    let bad = execute(&mut engine, "docker events --filter color=red", &mut host, T0);
    assert_eq!(bad.stderr, "Error response from daemon: invalid filter 'color'\n");
}

/// `docker attach` (docs/reference/commandline/container_attach.md): with
/// `--sig-proxy` (default true) Ctrl+C sends SIGINT to PID 1 — nginx handles
/// it and the container stops; `sleep` as PID 1 has no handler, and Linux
/// ignores it for a namespace's init. Ctrl+P Ctrl+Q detaches a `-it`
/// container (`read escape sequence`). A stopped container is refused with
/// docker/cli's words (cli/command/container/attach.go).
#[test]
fn attach_explains_ctrl_c_and_detach() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new();
    ok(&mut engine, &mut host, "docker run -d --name web nginx");
    ok(&mut engine, &mut host, "docker run -d --name nap debian:bookworm-slim sleep infinity");
    ok(&mut engine, &mut host, "docker run -dit --name shell debian:bookworm-slim bash");
    let web = ok(&mut engine, &mut host, "docker attach web");
    assert_eq!(web.stdout, ok(&mut engine, &mut host, "docker logs web").stdout);
    assert!(
        web.stderr.contains("proxies SIGINT to PID 1") && web.stderr.contains("the container stops (exit 0)"),
        "{}",
        web.stderr
    );
    let nap = ok(&mut engine, &mut host, "docker attach nap");
    assert!(nap.stderr.contains("so nothing happens"), "{}", nap.stderr);
    let shell = ok(&mut engine, &mut host, "docker attach shell");
    assert!(
        shell.stderr.contains("ctrl-p ctrl-q detaches and leaves it running; the CLI prints `read escape sequence`"),
        "{}",
        shell.stderr
    );
    let custom = ok(&mut engine, &mut host, "docker attach --detach-keys ctrl-x,x shell");
    assert!(custom.stderr.contains("ctrl-x x detaches"), "{}", custom.stderr);
    let no_proxy = ok(&mut engine, &mut host, "docker attach --sig-proxy=false web");
    assert!(no_proxy.stderr.contains("leaves web running"), "{}", no_proxy.stderr);
    assert!(ok(&mut engine, &mut host, "docker attach --no-stdin shell").stderr.contains("--no-stdin"));
    ok(&mut engine, &mut host, "docker stop nap");
    let stopped = run(&mut engine, &mut host, "docker attach nap");
    assert_eq!(
        (stopped.status, stopped.stderr.as_str()),
        (1, "cannot attach to a stopped container, start it first\n")
    );
    let bad = run(&mut engine, &mut host, "docker attach --detach-keys ctrl-10 web");
    assert_eq!(bad.stderr, "Error response from daemon: Invalid detach keys (ctrl-10) provided\n");
}
