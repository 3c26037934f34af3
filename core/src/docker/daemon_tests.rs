//! The daemon commands of issue 19 as a terminal shows them: `info`,
//! `attach`, `commit`, `diff`, `cp`, `export`/`import`, `rename`, `update`,
//! `wait`, `events` and `inspect --format`. Each test names the docker/cli
//! source (tag v29.7.2) or documentation page its expected text comes from.

use super::*;

const T0: u64 = 1_795_000_000;

fn run(engine: &mut Engine, host: &mut MemoryHost, line: &str) -> Output {
    execute(engine, line, host, T0)
}

fn ok(engine: &mut Engine, host: &mut MemoryHost, line: &str) -> Output {
    let out = run(engine, host, line);
    assert_eq!(out.status, 0, "{line}: {}", out.stderr);
    out
}

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
