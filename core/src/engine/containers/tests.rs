//! The container model against Docker's behaviour, rule by rule, and the
//! outputs against the CLI's formats (insta snapshots).

use super::namespaces::{Contents, NamespaceKind, Owner};
use super::story::StepKind;
use super::*;
use crate::docker::render as R;
use crate::engine::{Engine, EngineError};
use crate::run::{parse_run, Protocol};

const T0: u64 = 1_795_000_000;

fn run(engine: &mut Engine, line: &str, now: u64) -> Result<RunOutcome, EngineError> {
    let cmd = parse_run(line).unwrap_or_else(|e| panic!("{line}: {e:?}"));
    engine.run(&cmd, now)
}

fn ok(engine: &mut Engine, line: &str, now: u64) -> RunOutcome {
    run(engine, line, now).unwrap_or_else(|e| panic!("{line}: {e}"))
}

/// `docker ps [-a] [--filter …]` as the CLI prints it.
fn ps(engine: &mut Engine, options: &PsOptions, now: u64) -> String {
    crate::docker::render::ps::table(&engine.ps(options, now), false, false, now)
}

/// `docker ps -q --filter …`.
fn ps_quiet(engine: &mut Engine, filters: Vec<PsFilter>, now: u64) -> String {
    crate::docker::render::ps::table(&engine.ps(&PsOptions { filters, ..PsOptions::default() }, now), true, false, now)
}

fn status(engine: &Engine, name: &str) -> Status {
    engine.runtime().container(name).map(|c| c.state.status).unwrap_or_else(|| panic!("no {name}"))
}

fn ip(engine: &Engine, name: &str) -> Option<String> {
    engine.runtime().container(name)?.endpoints.first()?.ip.map(|i| i.to_string())
}

#[test]
fn servers_keep_running_and_get_bridge_addresses_in_order() {
    let mut e = Engine::new();
    let out = ok(&mut e, "docker run -d --name web nginx", T0);
    assert_eq!(out.container_id.len(), 64);
    let pulled = crate::docker::render::pull_for_run("nginx", out.pull.as_ref());
    assert!(pulled.starts_with("Unable to find image 'nginx:latest' locally\n"), "{pulled}");
    ok(&mut e, "docker run -d --name cache redis", T0 + 1);
    assert_eq!((status(&e, "web"), status(&e, "cache")), (Status::Running, Status::Running));
    assert_eq!(ip(&e, "web").as_deref(), Some("172.17.0.2"));
    assert_eq!(ip(&e, "cache").as_deref(), Some("172.17.0.3"));
    // A stopped container gives its address back; the next one takes the lowest free.
    e.stop("web", None, T0 + 5).expect("stops");
    assert_eq!(ip(&e, "web"), None);
    ok(&mut e, "docker run -d --name third nginx", T0 + 6);
    assert_eq!(ip(&e, "third").as_deref(), Some("172.17.0.2"));
    // The second pull of nginx does not happen.
    assert!(ok(&mut e, "docker run -d nginx", T0 + 7).pull.is_none());
}

#[test]
fn hostnames_and_generated_names() {
    let mut e = Engine::new();
    let id = ok(&mut e, "docker run -d nginx", T0).container_id;
    let c = e.runtime().container(&id).expect("exists").clone();
    assert_eq!(c.config.hostname, id[..12]);
    let (adjective, surname) = c.name.split_once('_').expect("adjective_surname");
    assert!(!adjective.is_empty() && !surname.is_empty());
    ok(&mut e, "docker run -d --hostname api nginx", T0);
    assert!(e.runtime().containers().iter().any(|c| c.config.hostname == "api"));
    let err = run(&mut e, &format!("docker run -d --name {} nginx", c.name.clone()), T0).expect_err("taken");
    assert!(err.to_string().contains("is already in use by container"), "{err}");
}

/// (run line, status after start, exit code). Docker's behaviour for short-lived commands.
#[test]
fn short_lived_processes() {
    let cases: &[(&str, Status, i32)] = &[
        ("docker run --name c1 alpine:3.22 sh -c 'echo hi'", Status::Exited, 0),
        ("docker run --name c1 alpine:3.22 true", Status::Exited, 0),
        ("docker run --name c1 alpine:3.22 ls /", Status::Exited, 0),
        ("docker run --name c1 alpine:3.22 false", Status::Exited, 1),
        ("docker run --name c1 alpine:3.22 sh -c 'exit 3'", Status::Exited, 3),
        // A shell with no -i has a closed stdin: it exits 0 at once.
        ("docker run -d --name c1 alpine:3.22", Status::Exited, 0),
        ("docker run -d --name c1 ubuntu:24.04 bash", Status::Exited, 0),
        // -it keeps it waiting for input.
        ("docker run -dit --name c1 alpine:3.22", Status::Running, 0),
        ("docker run -d --name c1 alpine:3.22 sleep 30", Status::Running, 0),
        ("docker run -d --name c1 postgres", Status::Exited, 1),
        ("docker run -d --name c1 -e POSTGRES_PASSWORD=pw postgres", Status::Running, 0),
    ];
    for (line, want, code) in cases {
        let mut e = Engine::new();
        ok(&mut e, line, T0);
        let c = e.runtime().container("c1").expect("kept");
        assert_eq!((c.state.status, c.state.exit_code), (*want, *code), "{line}");
    }
}

#[test]
fn attached_run_prints_output_and_rm_removes() {
    let mut e = Engine::new();
    let out = ok(&mut e, "docker run --rm alpine:3.22 echo hello world", T0);
    assert_eq!((out.logs.concat().as_str(), out.exit_code), ("hello world", Some(0)));
    assert!(e.runtime().containers().is_empty(), "--rm removes it");
    let out = ok(&mut e, "docker run --name keep alpine:3.22 sh -c 'echo hi'", T0);
    assert_eq!(out.logs, ["hi"]);
    assert_eq!(e.logs("keep", T0 + 1).expect("logs"), (vec!["hi".to_string()], true));
    // A sleep ends on its own, and --rm then removes it.
    ok(&mut e, "docker run -d --rm --name nap alpine:3.22 sleep 30", T0);
    assert_eq!(status(&e, "nap"), Status::Running);
    assert!(ps(&mut e, &PsOptions { all: true, ..PsOptions::default() }, T0 + 31).contains("keep"));
    assert!(e.runtime().container("nap").is_none());
}

#[test]
fn missing_executable_leaves_the_container_created() {
    let mut e = Engine::new();
    let err = run(&mut e, "docker run --name bad alpine:3.22 foo", T0).expect_err("no foo");
    let text = err.to_string();
    assert!(text.starts_with("Error response from daemon: failed to create task for container"), "{text}");
    assert!(text.ends_with("exec: \"foo\": executable file not found in $PATH: unknown"), "{text}");
    let c = e.runtime().container("bad").expect("kept");
    assert_eq!((c.state.status, c.state.exit_code), (Status::Created, 127));
    let ps = ps(&mut e, &PsOptions { all: true, ..PsOptions::default() }, T0 + 60);
    assert!(ps.contains("   Created   "), "{ps}");
}

#[test]
fn run_arguments_replace_cmd_not_entrypoint_and_entrypoint_flag_clears_cmd() {
    let mut e = Engine::new();
    // nginx: ENTRYPOINT ["/docker-entrypoint.sh"], CMD ["nginx", "-g", "daemon off;"].
    ok(&mut e, "docker run -d --name a1 nginx bash", T0);
    let a = e.runtime().container("a1").expect("a1");
    assert_eq!((a.path.as_str(), a.args.clone()), ("/docker-entrypoint.sh", vec!["bash".to_string()]));
    assert_eq!(a.config.cmd, Some(vec!["bash".to_string()]));
    ok(&mut e, "docker run -d --name b1 --entrypoint nginx nginx", T0);
    let b = e.runtime().container("b1").expect("b1");
    assert_eq!((b.path.as_str(), b.args.is_empty(), b.config.cmd.clone()), ("nginx", true, None));
}

/// (run line, expected wait in seconds, exit code): who gets SIGTERM.
#[test]
fn stop_timing_depends_on_pid1() {
    let cases: &[(&str, Option<u64>, u64, i32)] = &[
        // nginx handles its stop signal (SIGQUIT): quick, clean.
        ("docker run -d --name c1 nginx", None, 0, 0),
        // Shell form: busybox ash execs sleep, which as PID 1 ignores SIGTERM.
        ("docker run -d --name c1 alpine:3.22 sh -c 'sleep 1000'", None, 10, 137),
        // Exec form without a handler: still PID 1, still ignored.
        ("docker run -d --name c1 alpine:3.22 sleep 1000", None, 10, 137),
        ("docker run -d --name c1 alpine:3.22 sleep 1000", Some(3), 3, 137),
        ("docker run -d --name c1 --stop-timeout 2 alpine:3.22 sleep 1000", None, 2, 137),
        // tini forwards it; sleep, no longer PID 1, dies of it.
        ("docker run -d --init --name c1 alpine:3.22 sleep 1000", None, 0, 143),
        ("docker run -d --init --name c1 alpine:3.22 sh -c 'sleep 1000'", None, 0, 143),
        // `exec` replaces the shell: sleep is PID 1 again.
        ("docker run -d --name c1 alpine:3.22 sh -c 'exec sleep 1000'", None, 10, 137),
    ];
    for (line, timeout, waited, code) in cases {
        let mut e = Engine::new();
        ok(&mut e, line, T0);
        let out = e.stop("c1", *timeout, T0 + 60).expect("stops");
        assert_eq!((out.waited, out.exit_code), (*waited, Some(*code)), "{line}: {}", out.why);
        let c = e.runtime().container("c1").expect("kept");
        assert_eq!((c.state.status, c.state.finished_at), (Status::Exited, Some(T0 + 60 + waited)), "{line}");
    }
}

#[test]
fn kill_signals_and_errors() {
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name c1 nginx", T0);
    // SIGHUP: nginx reloads and keeps running.
    e.kill("c1", Some("HUP"), T0 + 1).expect("sent");
    assert_eq!(status(&e, "c1"), Status::Running);
    e.kill("c1", None, T0 + 2).expect("killed");
    let c = e.runtime().container("c1").expect("kept").clone();
    assert_eq!((c.state.status, c.state.exit_code), (Status::Exited, 137));
    let err = e.kill("c1", None, T0 + 3).expect_err("not running").to_string();
    assert_eq!(
        err,
        format!("Error response from daemon: cannot kill container: c1: container {} is not running", c.id)
    );
    assert!(e.kill("c1", Some("SIGNOPE"), T0).is_err());
}

#[test]
fn restart_policies() {
    // on-failure:3: a failing process is restarted three times, then stays exited.
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name c1 --restart on-failure:3 alpine:3.22 false", T0);
    assert_eq!(status(&e, "c1"), Status::Restarting);
    ps(&mut e, &PsOptions::default(), T0 + 60);
    let c = e.runtime().container("c1").expect("kept");
    assert_eq!((c.state.status, c.restart_count, c.state.exit_code), (Status::Exited, 3, 1));
    // on-failure does not restart a clean exit.
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name c1 --restart on-failure alpine:3.22 true", T0);
    assert_eq!(status(&e, "c1"), Status::Exited);
    // always restarts even exit 0, in a backoff loop; `docker stop` ends it.
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name c1 --restart always alpine:3.22 true", T0);
    let listed = ps(&mut e, &PsOptions::default(), T0 + 60);
    assert!(listed.contains("Restarting (0) "), "{listed}");
    assert_eq!(e.runtime().container("c1").map(|c| c.restart_count), Some(9));
    e.stop("c1", None, T0 + 61).expect("stops");
    assert_eq!(status(&e, "c1"), Status::Exited);
    // A server killed by a non-stop signal comes back under `always`; SIGKILL cancels the restart.
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --init --name c1 --restart always alpine:3.22 sleep 1000", T0);
    e.kill("c1", Some("USR1"), T0 + 1).expect("sent");
    ps(&mut e, &PsOptions::default(), T0 + 2);
    assert_eq!((status(&e, "c1"), e.runtime().container("c1").map(|c| c.restart_count)), (Status::Running, Some(1)));
    e.kill("c1", None, T0 + 3).expect("killed");
    ps(&mut e, &PsOptions::default(), T0 + 4);
    assert_eq!(status(&e, "c1"), Status::Exited);
    // The policy `no` never restarts.
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name c1 alpine:3.22 false", T0);
    ps(&mut e, &PsOptions::default(), T0 + 60);
    assert_eq!(status(&e, "c1"), Status::Exited);
}

#[test]
fn pause_unpause_rm_rules() {
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name c1 nginx", T0);
    e.pause("c1", T0 + 1).expect("pauses");
    assert!(ps(&mut e, &PsOptions::default(), T0 + 2).contains("(Paused)"));
    assert!(e.pause("c1", T0).expect_err("twice").to_string().contains("is already paused"));
    assert!(e.start("c1", T0).expect_err("paused").to_string().contains("try unpause instead"));
    let err = e.rm("c1", false, false, T0).expect_err("paused").to_string();
    assert_eq!(
        err,
        "Error response from daemon: cannot remove container \"/c1\": container is paused and must be unpaused first"
    );
    e.unpause("c1", T0 + 3).expect("unpauses");
    let err = e.rm("c1", false, false, T0).expect_err("running").to_string();
    assert_eq!(
        err,
        "Error response from daemon: cannot remove container \"/c1\": container is running: stop the container before removing or force remove"
    );
    assert!(e.unpause("c1", T0).expect_err("not paused").to_string().contains("is not paused"));
    e.rm("c1", true, false, T0 + 4).expect("forced");
    assert!(e.runtime().containers().is_empty());
    let err = e.rm("c1", false, false, T0).expect_err("gone").to_string();
    assert_eq!(err, "Error response from daemon: No such container: c1");
}

#[test]
fn expose_without_publish_is_not_reachable_from_the_host() {
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name plain nginx", T0);
    let reach = e.runtime().host_reach("plain", 80, Protocol::Tcp).expect("exists");
    assert!(!reach.is_reachable(), "{reach:?}");
    assert!(matches!(&reach, HostReach::NotPublished { why, .. } if why.contains("EXPOSE 80/tcp only documents")));
    ok(&mut e, "docker run -d --name pub -p 8080:80 nginx", T0);
    let reach = e.runtime().host_reach("pub", 80, Protocol::Tcp).expect("exists");
    assert_eq!(reach, HostReach::Published { host_ip: "0.0.0.0".into(), host_port: 8080 });
    ok(&mut e, "docker run -d --name local -p 127.0.0.1:9090:80 nginx", T0);
    let reach = e.runtime().host_reach("local", 80, Protocol::Tcp).expect("exists");
    assert_eq!(reach, HostReach::Published { host_ip: "127.0.0.1".into(), host_port: 9090 });
    ok(&mut e, "docker run -d --name hostnet --network host nginx", T0);
    assert_eq!(e.runtime().host_reach("hostnet", 80, Protocol::Tcp).expect("x"), HostReach::HostNetwork { port: 80 });
    e.stop("pub", None, T0 + 1).expect("stops");
    assert_eq!(e.runtime().host_reach("pub", 80, Protocol::Tcp).expect("x"), HostReach::NotRunning);
}

#[test]
fn publish_all_takes_ephemeral_ports_in_order_and_conflicts_fail() {
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name a1 -P nginx", T0);
    ok(&mut e, "docker run -d --name b1 -P nginx", T0);
    ok(&mut e, "docker run -d --name c1 -p 80 nginx", T0);
    let port = |e: &mut Engine, n: &str| R::stats::port(&e.port(n, None, T0).expect("ports"), false);
    assert_eq!(port(&mut e, "a1"), "80/tcp -> 0.0.0.0:32768\n80/tcp -> [::]:32768\n");
    assert_eq!(port(&mut e, "b1"), "80/tcp -> 0.0.0.0:32769\n80/tcp -> [::]:32769\n");
    assert_eq!(port(&mut e, "c1"), "80/tcp -> 0.0.0.0:32770\n80/tcp -> [::]:32770\n");
    assert_eq!(R::stats::port(&e.port("a1", Some("80"), T0).expect("one"), true), "0.0.0.0:32768\n[::]:32768\n");
    assert_eq!(
        e.port("a1", Some("443/tcp"), T0).expect_err("none").to_string(),
        "Error: No public port '443/tcp' published for a1"
    );
    ok(&mut e, "docker run -d --name first -p 8080:80 nginx", T0);
    let err = run(&mut e, "docker run -d --name second -p 8080:80 nginx", T0).expect_err("taken").to_string();
    assert!(
        err.starts_with(
            "Error response from daemon: driver failed programming external connectivity on endpoint second ("
        ),
        "{err}"
    );
    assert!(err.ends_with("): Bind for 0.0.0.0:8080 failed: port is already allocated"), "{err}");
    assert_eq!(status(&e, "second"), Status::Created);
    // Another protocol or another address does not clash.
    ok(&mut e, "docker run -d --name udp -p 8080:80/udp nginx", T0);
    // Once the first is gone the port is free.
    e.rm("first", true, false, T0).expect("removed");
    e.start("second", T0 + 1).expect("starts now");
}

#[test]
fn default_bridge_has_no_name_dns_user_defined_networks_do() {
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name db -e POSTGRES_PASSWORD=x postgres", T0);
    ok(&mut e, "docker run -d --name app alpine:3.22 sleep 1000", T0);
    let by_name = e.runtime().resolve_name("app", "db").expect("both exist");
    assert!(!by_name.reachable);
    assert!(by_name.why.contains("no embedded DNS"), "{}", by_name.why);
    let by_ip = e.runtime().reach_by_ip("app", "db").expect("both exist");
    assert_eq!((by_ip.reachable, by_ip.ip.map(|i| i.to_string())), (true, Some("172.17.0.2".into())));

    e.network_create("backend", None, false, Default::default(), T0).expect("created");
    ok(
        &mut e,
        "docker run -d --name db2 --network backend --network-alias database -e POSTGRES_PASSWORD=x postgres",
        T0,
    );
    ok(&mut e, "docker run -d --name app2 --network backend alpine:3.22 sleep 1000", T0);
    assert_eq!(ip(&e, "db2").as_deref(), Some("172.18.0.2"));
    for name in ["db2", "database"] {
        let r = e.runtime().resolve_name("app2", name).expect("exists");
        assert_eq!((r.reachable, r.ip.map(|i| i.to_string())), (true, Some("172.18.0.2".into())), "{name}");
    }
    let short = e.runtime().container("db2").map(|c| c.short_id().to_string()).expect("db2");
    assert!(e.runtime().resolve_name("app2", &short).expect("x").reachable);
    // Across networks: no DNS answer, no route.
    assert!(!e.runtime().resolve_name("app2", "db").expect("x").reachable);
    assert!(!e.runtime().reach_by_ip("app2", "db").expect("x").reachable);
    // Connecting the container to the other network fixes it.
    e.network_connect("backend", "app", &[], T0 + 1).expect("connects");
    assert!(e.runtime().resolve_name("app", "db2").expect("x").reachable);
    // Host and none.
    ok(&mut e, "docker run -d --name h1 --network host alpine:3.22 sleep 1000", T0);
    assert!(!e.runtime().resolve_name("h1", "db2").expect("x").reachable);
    ok(&mut e, "docker run -d --name n1 --network none alpine:3.22 sleep 1000", T0);
    assert!(!e.runtime().reach_by_ip("n1", "db2").expect("x").reachable);
}

#[test]
fn user_defined_subnets_follow_the_default_pools() {
    let mut e = Engine::new();
    e.network_create("one", None, false, Default::default(), T0).expect("one");
    e.network_create("two", None, false, Default::default(), T0).expect("two");
    e.network_create("mine", Some("10.5.0.0/24"), false, Default::default(), T0).expect("mine");
    let subnet = |e: &Engine, n: &str| e.runtime().network(n).ok().and_then(|n| n.subnet_text());
    assert_eq!(subnet(&e, "one").as_deref(), Some("172.18.0.0/16"));
    assert_eq!(subnet(&e, "two").as_deref(), Some("172.19.0.0/16"));
    assert_eq!(subnet(&e, "mine").as_deref(), Some("10.5.0.0/24"));
    e.network_rm("one", T0).expect("removed");
    e.network_create("three", None, false, Default::default(), T0).expect("three");
    assert_eq!(subnet(&e, "three").as_deref(), Some("172.18.0.0/16"));
    let err = e.network_create("two", None, false, Default::default(), T0).expect_err("exists").to_string();
    assert_eq!(err, "Error response from daemon: network with name two already exists");
    let err = e.network_rm("bridge", T0).expect_err("predefined").to_string();
    assert_eq!(err, "Error response from daemon: bridge is a pre-defined network and cannot be removed");
    let err = run(&mut e, "docker run -d --network nope nginx", T0).expect_err("missing").to_string();
    assert_eq!(err, "Error response from daemon: network nope not found");
    ok(&mut e, "docker run -d --name w1 --network two nginx", T0);
    assert!(e.network_rm("two", T0).expect_err("in use").to_string().contains("has active endpoints (name:w1)"));
}

#[test]
fn cgroup_files_from_limits() {
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name c1 -m 512m --cpus 1.5 --pids-limit 100 nginx", T0);
    ok(&mut e, "docker run -d --name free nginx", T0);
    let files = |e: &Engine, n: &str| -> Vec<(String, String)> {
        let ns = e.runtime().namespaces(n).expect("exists");
        let Some(Contents::Cgroup { files, .. }) =
            ns.into_iter().find(|n| n.kind == NamespaceKind::Cgroup).map(|n| n.contents)
        else {
            panic!("no cgroup namespace")
        };
        files.into_iter().map(|f| (f.name.to_string(), f.value)).collect()
    };
    let want = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    assert_eq!(
        files(&e, "c1"),
        want(&[
            ("memory.max", "536870912"),
            ("memory.swap.max", "536870912"),
            ("cpu.max", "150000 100000"),
            ("pids.max", "100")
        ])
    );
    assert_eq!(
        files(&e, "free"),
        want(&[("memory.max", "max"), ("memory.swap.max", "max"), ("cpu.max", "max 100000"), ("pids.max", "max")])
    );
}

#[test]
fn namespaces_for_bridge_host_none_and_container_modes() {
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name web -p 8080:80 nginx", T0);
    ok(&mut e, "docker run -d --name h1 --network host nginx", T0);
    ok(&mut e, "docker run -d --name n1 --network none alpine:3.22 sleep 1000", T0);
    ok(&mut e, "docker run -d --name side --network container:web alpine:3.22 sleep 1000", T0);
    let net = |e: &Engine, name: &str| {
        let ns = e.runtime().namespaces(name).expect("exists");
        ns.into_iter().find(|n| n.kind == NamespaceKind::Net).expect("net")
    };
    let web = net(&e, "web");
    assert_eq!(web.owner, Owner::Own);
    let Contents::Net { interfaces, routes, nat_rules, .. } = &web.contents else { panic!() };
    assert_eq!(interfaces.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["lo", "eth0"]);
    assert_eq!(interfaces[1].mac.as_deref(), Some("02:42:ac:11:00:02"));
    assert_eq!(routes[0], "default via 172.17.0.1 dev eth0");
    assert_eq!(
        nat_rules,
        &["-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80"]
    );
    assert_eq!(net(&e, "h1").owner, Owner::Host);
    let Contents::Net { interfaces, .. } = net(&e, "n1").contents else { panic!() };
    assert_eq!(interfaces.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["lo"]);
    let side = net(&e, "side");
    assert_eq!(side.owner, Owner::Container("web".into()));
    assert_eq!(side.contents, web.contents);
    // They share one stack: localhost.
    assert_eq!(
        e.runtime().reach_by_ip("side", "web").expect("x").ip.map(|i| i.to_string()).as_deref(),
        Some("127.0.0.1")
    );
    // uts: the short id unless --hostname; the host's with --network host.
    let uts = e.runtime().namespaces("h1").expect("x").into_iter().find(|n| n.kind == NamespaceKind::Uts).expect("uts");
    assert_eq!(uts.owner, Owner::Host);
    // pid: with --init, tini is PID 1.
    ok(&mut e, "docker run -d --init --name t1 alpine:3.22 sleep 1000", T0);
    let pid = e.runtime().namespaces("t1").expect("x").into_iter().find(|n| n.kind == NamespaceKind::Pid).expect("pid");
    let Contents::Pid { processes } = pid.contents else { panic!() };
    assert_eq!(processes[0].command, "/sbin/docker-init -- sleep 1000");
    assert_eq!((processes[1].pid, processes[1].ppid, processes[1].command.as_str()), (2, 1, "sleep 1000"));
    // A container: that is not running cannot be joined.
    e.stop("web", None, T0 + 1).expect("stops");
    let err = run(&mut e, "docker run -d --network container:web alpine:3.22 sleep 1", T0 + 2).expect_err("down");
    assert!(err.to_string().contains("cannot join network namespace of a non running container"), "{err}");
}

/// Each VOLUME the image's history declares becomes an anonymous volume on `docker run`: mysql's
/// `VOLUME [/var/lib/mysql]` row (docker-library/repo-info repos/mysql/remote/latest.md). redis's
/// record (repos/redis/remote/latest.md @ 0ae7309, an 8.10.1 build from redis/docker-library-redis)
/// has no VOLUME row, unlike the older docker-library/redis Dockerfiles, so it gets none.
#[test]
fn image_volumes_become_anonymous_volumes() {
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name db -e MYSQL_ROOT_PASSWORD=x mysql", T0);
    let c = e.runtime().container("db").expect("db").clone();
    let mounts: Vec<(&str, bool)> = c.mounts.iter().map(|m| (m.destination.as_str(), m.anonymous)).collect();
    assert_eq!(mounts, [("/var/lib/mysql", true)]);
    let name = c.mounts[0].name.clone().expect("a name");
    assert!(e.runtime().volume(&name).is_ok(), "{name}");
    ok(&mut e, "docker run -d --name cache redis", T0);
    assert!(e.runtime().container("cache").expect("cache").mounts.is_empty());
}

#[test]
fn volumes_named_anonymous_and_bind() {
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name db -e POSTGRES_PASSWORD=x -v data:/backup -v /srv/conf:/etc/app:ro postgres", T0);
    let c = e.runtime().container("db").expect("db").clone();
    let kinds: Vec<(&str, bool, bool)> =
        c.mounts.iter().map(|m| (m.destination.as_str(), m.kind == MountKind::Bind, m.anonymous)).collect();
    assert_eq!(kinds, [("/backup", false, false), ("/etc/app", true, false), ("/var/lib/postgresql", false, true)]);
    let anonymous = c.mounts[2].name.clone().expect("a name");
    assert!(anonymous.len() == 64 && anonymous.bytes().all(|b| b.is_ascii_hexdigit()), "{anonymous}");
    assert!(!c.mounts[1].rw);
    let ls = crate::docker::render::volume_ls(&e.volume_ls(T0), false);
    assert!(ls.starts_with("DRIVER    VOLUME NAME\n"), "{ls}");
    assert!(ls.contains("local     data\n"), "{ls}");
    let err = e.volume_rm("data", false, T0).expect_err("in use").to_string();
    assert_eq!(err, format!("Error response from daemon: remove data: volume is in use - [{}]", c.id));
    // rm -v takes the anonymous volume, not the named one.
    e.rm("db", true, true, T0).expect("removed");
    assert!(e.runtime().volume(&anonymous).is_err());
    assert!(e.runtime().volume("data").is_ok());
    e.volume_rm("data", false, T0).expect("free now");
    let err = e.volume_create(Some("x"), Default::default(), T0).expect_err("short").to_string();
    assert!(
        err.ends_with("create x: volume name is too short, names should be at least two alphanumeric characters"),
        "{err}"
    );
    let err = e.volume_create(Some("my vol"), Default::default(), T0).expect_err("space").to_string();
    assert!(err.contains("includes invalid characters for a local volume name"), "{err}");
    assert_eq!(e.volume_create(Some("cache"), Default::default(), T0).expect("made"), "cache");
}

#[test]
fn exec_needs_a_running_container_and_the_program() {
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name web nginx", T0);
    let out = e.exec("web", &["sh".to_string()], None, T0).expect("nginx has sh");
    assert_eq!((out.argv[0].as_str(), out.user.as_str()), ("sh", "root"));
    // The distroless image has no /server either: the container never starts, so exec finds it not running.
    assert!(run(&mut e, "docker run -d --name app gcr.io/distroless/static-debian12 /server", T0).is_err());
    let err = e.exec("app", &["sh".to_string()], None, T0);
    assert!(err.expect_err("not running").to_string().contains("is not running"));
    ok(&mut e, "docker run -d --name py gcr.io/distroless/python3-debian12 -m http.server", T0);
    let err = e.exec("py", &["sh".to_string()], None, T0).expect_err("no shell").to_string();
    assert_eq!(
        err,
        "OCI runtime exec failed: exec failed: unable to start container process: exec: \"sh\": executable file not found in $PATH: unknown"
    );
}

#[test]
fn an_estimated_image_keeps_its_nearest_entrys_userland() {
    // A tag outside the data is an image of its own, but still the nearest
    // entry's Debian: `ls` is there and `apk` is not.
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name web python:3.9-slim sleep 1000", T0);
    let out = e.exec("web", &["ls".to_string(), "/".to_string()], None, T0).expect("Debian has ls");
    assert_eq!(out.argv, ["ls", "/"]);
    let err = e.exec("web", &["apk".to_string()], None, T0).expect_err("no apk on Debian").to_string();
    assert!(err.contains("exec: \"apk\": executable file not found in $PATH"), "{err}");
}

#[test]
fn rmi_refuses_an_image_a_container_uses() {
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name web nginx", T0);
    e.stop("web", None, T0 + 1).expect("stops");
    let err = e.rmi("nginx", false).expect_err("in use").to_string();
    let c = e.runtime().container("web").expect("web").short_id().to_string();
    let image = crate::engine::short_id(&e.runtime().container("web").expect("web").image_id);
    assert_eq!(
        err,
        format!("Error response from daemon: conflict: unable to remove repository reference \"nginx\" (must force) - container {c} is using its referenced image {image}")
    );
    // Another tag of the same image can go.
    e.tag("nginx", "mine:1").expect("tagged");
    e.rmi("mine:1", false).expect("untagged");
    e.rm("web", false, false, T0).expect("removed");
    e.rmi("nginx", false).expect("free now");
}

fn scenario() -> Engine {
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name web -p 8080:80 -m 256m --cpus 0.5 nginx", T0);
    ok(&mut e, "docker run -d --name cache redis", T0 + 30);
    ok(&mut e, "docker run --name hello alpine:3.22 echo hello", T0 + 60);
    ok(&mut e, "docker run -d --name ports -P -p 127.0.0.1:9000:9000 -p 7000-7001:7000-7001/udp nginx", T0 + 90);
    e
}

#[test]
fn ps_output() {
    let mut e = scenario();
    insta::assert_snapshot!("ps", ps(&mut e, &PsOptions::default(), T0 + 300));
    insta::assert_snapshot!("ps_all", ps(&mut e, &PsOptions { all: true, ..PsOptions::default() }, T0 + 300));
    let exited = ps_quiet(&mut e, vec![PsFilter::Status(Status::Exited)], T0 + 300);
    assert_eq!(exited.lines().count(), 1);
    let nginx = ps_quiet(&mut e, vec![PsFilter::Ancestor("nginx".into())], T0 + 300);
    assert_eq!(nginx.lines().count(), 2);
    let named =
        ps(&mut e, &PsOptions { filters: vec![PsFilter::Name("cach".into())], ..PsOptions::default() }, T0 + 300);
    assert!(named.contains("cache") && !named.contains("web"), "{named}");
}

#[test]
fn network_ls_output() {
    let mut e = scenario();
    e.network_create("backend", None, false, Default::default(), T0).expect("created");
    insta::assert_snapshot!("network_ls", crate::docker::render::network_ls(&e.network_ls(T0 + 300), false));
}

#[test]
fn inspect_output() {
    let mut e = scenario();
    let v = e.container_inspect("web", T0 + 300).expect("web");
    insta::assert_snapshot!("inspect_web", serde_json::to_string_pretty(&v).expect("json"));
}

#[test]
fn stats_output() {
    let mut e = scenario();
    insta::assert_snapshot!("stats", R::stats::stats(&e.stats(&[], false, T0 + 300).expect("stats")));
}

#[test]
fn system_df_output() {
    let mut e = scenario();
    e.stop("cache", None, T0 + 200).expect("stops");
    ps(&mut e, &PsOptions::default(), T0 + 300);
    insta::assert_snapshot!("system_df", crate::docker::render::system_df(&e.system_df()));
    insta::assert_snapshot!(
        "system_prune",
        crate::docker::render::system_prune(&e.system_prune(false, true, T0 + 400))
    );
}

#[test]
fn top_and_logs() {
    let mut e = scenario();
    insta::assert_snapshot!("top_web", R::stats::top(&e.top("web", T0 + 300).expect("top")));
    let (lines, simulated) = e.logs("web", T0 + 300).expect("logs");
    let logs = R::stats::logs(&lines, simulated);
    assert!(logs.starts_with("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty"), "{logs}");
    // `web` started at T0 = 1_795_000_000 s, which `date -u -d @1795000000` reads as
    // Wed Nov 18 11:06:40 UTC 2026: nginx stamps its own lines with that time.
    assert!(
        logs.ends_with(
            "2026/11/18 11:06:40 [notice] 1#1: using the \"epoll\" event method\n\
             2026/11/18 11:06:40 [notice] 1#1: start worker processes\n"
        ),
        "{logs}"
    );
    ok(&mut e, "docker run -d --name mystery alpine:3.22 tail -n 1 /x", T0);
    let (lines, simulated) = e.logs("mystery", T0).expect("logs");
    assert!(lines.is_empty() && !simulated);
    assert_eq!(R::stats::logs(&lines, simulated), "(no output simulated)\n");
    let err = e.top("hello", T0).expect_err("exited").to_string();
    assert!(err.ends_with("is not running"), "{err}");
}

#[test]
fn story_of_docker_run_nginx() {
    let mut e = Engine::new();
    let out = ok(&mut e, "docker run -d nginx", T0);
    let kinds: Vec<StepKind> = out.story.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            StepKind::Cli,
            StepKind::Api,
            StepKind::ImageLookup,
            StepKind::Pull,
            StepKind::Create,
            StepKind::Api,
            StepKind::Network,
            StepKind::Containerd,
            StepKind::Shim,
            StepKind::Runc,
            StepKind::Namespaces,
            StepKind::Cgroups,
            StepKind::Mounts,
            StepKind::PivotRoot,
            StepKind::Exec,
            StepKind::Process,
        ]
    );
    assert!(out.story[6].effect.contains("172.17.0.2"), "{:?}", out.story[6]);
    assert_eq!(out.story[1].action, "POST /containers/create");
    // A second run finds the image: no pull step.
    let again = ok(&mut e, "docker run -d nginx", T0);
    assert!(!again.story.iter().any(|s| s.kind == StepKind::Pull));
}

#[test]
fn container_prune_removes_stopped_only() {
    let mut e = scenario();
    let out = crate::docker::render::container_prune(&e.container_prune(T0 + 400));
    let hello = "Deleted Containers:\n";
    assert!(out.starts_with(hello), "{out}");
    assert_eq!(out.lines().count(), 4, "{out}");
    assert!(out.ends_with("\nTotal reclaimed space: 0B\n"), "{out}");
    assert!(e.runtime().container("hello").is_none() && e.runtime().container("web").is_some());
}

#[test]
fn network_and_volume_inspect() {
    let mut e = Engine::new();
    e.network_create("backend", None, false, Default::default(), T0).expect("created");
    ok(&mut e, "docker run -d --name db1 --network backend -e POSTGRES_PASSWORD=x postgres", T0);
    let n = e.network_inspect("backend", T0).expect("exists");
    assert_eq!(n["IPAM"]["Config"][0]["Subnet"], "172.18.0.0/16");
    assert_eq!(n["IPAM"]["Config"][0]["Gateway"], "172.18.0.1");
    let id = e.runtime().container("db1").map(|c| c.id.clone()).expect("db1");
    assert_eq!(n["Containers"][&id]["IPv4Address"], "172.18.0.2/16");
    assert_eq!(
        e.network_inspect("bridge", T0).expect("bridge")["Options"]["com.docker.network.bridge.name"],
        "docker0"
    );
    let anonymous = e.runtime().container("db1").and_then(|c| c.mounts[0].name.clone()).expect("volume");
    let v = e.volume_inspect(&anonymous, T0).expect("exists");
    assert_eq!(v["Mountpoint"], format!("/var/lib/docker/volumes/{anonymous}/_data"));
    assert_eq!(v["Labels"]["com.docker.volume.anonymous"], "");
    let err = e.volume_inspect("nope", T0).expect_err("missing").to_string();
    assert_eq!(err, "Error response from daemon: get nope: no such volume");
    // A /0 subnet must not overflow the allocator.
    e.network_create("everything", Some("0.0.0.0/0"), false, Default::default(), T0).expect("created");
    ok(&mut e, "docker run -d --name wide --network everything nginx", T0);
    assert_eq!(ip(&e, "wide").as_deref(), Some("0.0.0.2"));
}

/// `--label`, `--network-alias`, `--stop-signal` and `--stop-timeout` are typed `RunOptions` fields.
#[test]
fn labels_aliases_and_stop_settings() {
    let mut e = Engine::new();
    e.network_create("backend", None, false, Default::default(), T0).expect("created");
    ok(&mut e, "docker run -d --name api --network backend --network-alias svc -l tier=web -l bare nginx", T0);
    let c = e.runtime().container("api").expect("api").clone();
    assert_eq!(c.config.labels.get("tier").map(String::as_str), Some("web"));
    assert_eq!(c.config.labels.get("bare").map(String::as_str), Some(""));
    assert!(c.endpoints[0].aliases.contains(&"svc".to_string()), "{:?}", c.endpoints);
    let listed = ps(
        &mut e,
        &PsOptions {
            filters: vec![PsFilter::Label { key: "tier".into(), value: Some("web".into()) }],
            ..PsOptions::default()
        },
        T0 + 1,
    );
    assert!(listed.contains("api"), "{listed}");
    // The daemon checks the stop signal (moby `signal.ParseSignal`) before it takes the name.
    let err = run(&mut e, "docker run -d --name api --stop-signal SIGNOPE nginx", T0).expect_err("bad signal");
    assert_eq!(err.to_string(), "Error response from daemon: Invalid signal: SIGNOPE");
    ok(&mut e, "docker run -d --name nap --stop-signal SIGUSR1 --stop-timeout 4 alpine:3.22 sleep 1000", T0);
    let nap = e.runtime().container("nap").expect("nap");
    assert_eq!((nap.config.stop_signal.as_deref(), nap.host.stop_timeout), (Some("SIGUSR1"), Some(4)));
    // sleep as PID 1 ignores the signal: docker stop waits the container's own timeout.
    assert_eq!(e.stop("nap", None, T0 + 10).expect("stops").waited, 4);
}

/// No simulated process has host PID 0: PIDs are handed out from
/// `host::FIRST_PID` up, and a story told of a container that has exited
/// since (State.Pid is 0 then, as Docker reports it) keeps the PID its
/// process had. Checked over random lifecycles.
mod host_pids {
    use super::*;
    use proptest::prelude::*;

    fn step(engine: &mut Engine, op: u8, k: u8, at: u64) {
        let name = format!("c{}", k % 3);
        let line = match op % 6 {
            0 => format!("docker run -d --name {name} alpine:3.22 sleep 30"),
            1 => format!("docker run -d --name {name} --restart always alpine:3.22 false"),
            2 => format!("docker run --rm alpine:3.22 sh -c 'echo {k}'"),
            _ => String::new(),
        };
        if !line.is_empty() {
            let _ = run(engine, &line, at);
            return;
        }
        let _ = match op % 6 {
            3 => engine.stop(&name, Some(1), at).map(|_| ()),
            4 => engine.start(&name, at).map(|_| ()),
            _ => engine.rm(&name, true, false, at).map(|_| ()),
        };
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
        #[test]
        fn no_process_has_host_pid_0(ops in proptest::collection::vec((any::<u8>(), any::<u8>()), 1..24)) {
            let mut engine = Engine::new();
            for (n, (op, k)) in ops.iter().enumerate() {
                let at = T0 + 7 * n as u64;
                step(&mut engine, *op, *k, at);
                let names: Vec<String> = engine.runtime().containers().iter().map(|c| c.name.clone()).collect();
                for name in names {
                    let c = engine.runtime().container(&name).expect("listed").clone();
                    prop_assert!(!c.is_running() || c.state.pid >= host::FIRST_PID, "{name}: {:?}", c.state);
                    let story = engine.container_story(&name).expect("a story");
                    prop_assert!(!story.iter().any(|s| s.action == "host PID 0"), "{name}: {story:?}");
                    if c.is_running() {
                        let top = engine.top(&name, at).expect("top of a running container");
                        prop_assert!(top.iter().all(|row| row.pid != 0), "{name}: {top:?}");
                    }
                }
            }
        }
    }
}

/// `--network host` and `--pid host`: the container is given no namespace of
/// its own for them, so it sees the host's interfaces (no veth pair, no NAT)
/// and every host process with host PIDs (moby `docs/reference/run.md`,
/// "PID settings" and "Network settings").
#[test]
fn host_namespaces_show_the_hosts_view() {
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name web -p 8080:80 nginx", T0);
    ok(&mut e, "docker run -d --name hostly --network host --pid host alpine:3.22 sleep 1000", T0 + 1);
    let spaces = e.runtime().namespaces("hostly").expect("hostly");
    let find = |kind| spaces.iter().find(|n| n.kind == kind).expect("a namespace").clone();

    let net = find(NamespaceKind::Net);
    assert_eq!(net.owner, Owner::Host);
    let Contents::Net { interfaces, nat_rules, .. } = &net.contents else { panic!("{net:?}") };
    let names: Vec<(&str, Option<&str>)> = interfaces.iter().map(|i| (i.name.as_str(), i.address.as_deref())).collect();
    assert_eq!(
        names,
        [("lo", Some("127.0.0.1/8")), ("eth0", Some("192.168.1.10/24")), ("docker0", Some("172.17.0.1/16"))]
    );
    assert!(nat_rules.is_empty());

    let pid = find(NamespaceKind::Pid);
    assert_eq!(pid.owner, Owner::Host);
    let Contents::Pid { processes } = &pid.contents else { panic!("{pid:?}") };
    assert_eq!((processes[0].pid, processes[0].command.as_str()), (1, "/sbin/init"));
    assert!(processes.iter().any(|p| p.command.starts_with("/usr/bin/dockerd")), "{processes:?}");
    // Host PIDs only: each process's PID is its host PID, and web's nginx is
    // there with the PID `docker top web` shows.
    assert!(processes.iter().all(|p| p.host_pid == Some(p.pid)), "{processes:?}");
    let web_top = e.top("web", T0 + 2).expect("top");
    let master = processes.iter().find(|p| p.command.starts_with("nginx: master")).expect("web's nginx");
    assert_eq!(master.pid, web_top[0].pid);
    let sleep = processes.iter().find(|p| p.command == "sleep 1000").expect("its own process");
    assert_eq!(sleep.pid, e.top("hostly", T0 + 2).expect("top")[0].pid);
    assert_ne!(sleep.pid, 1);

    // A private pid namespace numbers from 1 and keeps the host PID beside it.
    let own = e.runtime().namespaces("web").expect("web");
    let Contents::Pid { processes } = &own.iter().find(|n| n.kind == NamespaceKind::Pid).expect("pid").contents else {
        panic!()
    };
    assert_eq!((processes[0].pid, processes[0].host_pid), (1, Some(web_top[0].pid)));
    // `--pid container:web` joins web's: its processes, then this one's.
    ok(&mut e, "docker run -d --name side --pid container:web alpine:3.22 sleep 1000", T0 + 3);
    let side = e.runtime().namespaces("side").expect("side");
    let side_pid = side.iter().find(|n| n.kind == NamespaceKind::Pid).expect("pid");
    assert_eq!(side_pid.owner, Owner::Container("web".into()));
    let Contents::Pid { processes } = &side_pid.contents else { panic!() };
    assert_eq!(
        processes.iter().map(|p| (p.pid, p.command.as_str())).collect::<Vec<_>>(),
        [(1, "nginx -g daemon off;"), (2, "sleep 1000")]
    );
    assert_eq!(e.container_inspect("hostly", T0 + 4).expect("inspect")["HostConfig"]["PidMode"], "host");
}

/// Under `--pid host` (or `container:NAME`) the container's process is not
/// its pid namespace's init, so the kernel's PID 1 exception does not apply:
/// SIGTERM without a handler takes its default action and `docker stop`
/// returns at once with 143 instead of waiting for SIGKILL (signal(7),
/// pid_namespaces(7) "Only signals for which the init process has
/// established a signal handler can be sent to the init process"). runc
/// creates no pid namespace for it (moby `daemon/oci_linux.go`).
#[test]
fn a_process_outside_its_own_pid_namespace_dies_of_sigterm() {
    let mut e = Engine::new();
    ok(&mut e, "docker run -d --name own alpine:3.22 sleep 1000", T0);
    ok(&mut e, "docker run -d --name hostly --pid host alpine:3.22 sleep 1000", T0);
    ok(&mut e, "docker run -d --name side --pid container:own alpine:3.22 sleep 1000", T0);
    // Debian's dash stays the parent of `sleep`: outside its own namespace the shell dies of it too.
    ok(&mut e, "docker run -d --name shelly --pid host debian:bookworm sh -c 'sleep 1000'", T0);

    let shell = e.runtime().container("shelly").and_then(|c| c.process.clone()).expect("a process");
    assert!(shell.shell_parent, "{shell:?}");
    let own = e.stop("own", None, T0 + 5).expect("stops");
    assert_eq!((own.waited, own.exit_code), (10, Some(137)), "{}", own.why);
    for name in ["hostly", "side", "shelly"] {
        let stopped = e.stop(name, None, T0 + 5).expect("stops");
        assert_eq!((stopped.waited, stopped.exit_code), (0, Some(143)), "{name}: {}", stopped.why);
        assert!(stopped.why.contains("is not PID 1 here"), "{name}: {}", stopped.why);
    }

    let story = e.container_story("hostly").expect("a story");
    let spaces = story.iter().find(|s| s.kind == StepKind::Namespaces).expect("namespaces step");
    assert_eq!(spaces.action, "unshares net, mnt, uts, ipc and cgroup namespaces");
    assert!(spaces.effect.ends_with("; shares the host's pid namespace"), "{}", spaces.effect);
    let exec = story.iter().find(|s| s.kind == StepKind::Exec).expect("exec step");
    assert_eq!(exec.effect, "it runs in the host's pid namespace: not PID 1, just another host process");
    let side = e.container_story("side").expect("a story");
    let exec = side.iter().find(|s| s.kind == StepKind::Exec).expect("exec step");
    assert_eq!(exec.effect, "it joins own's pid namespace, where own's process is PID 1");
    let own = e.container_story("own").expect("a story");
    let spaces = own.iter().find(|s| s.kind == StepKind::Namespaces).expect("namespaces step");
    assert_eq!(spaces.action, "unshares pid, net, mnt, uts, ipc and cgroup namespaces");
}
