//! Compose over the engine: names and labels the docker commands see,
//! start order with health conditions, name-based DNS, recreation on a
//! change, `down -v`, exit statuses, and the progress text.

use super::model::*;
use super::progress::{Mode, Progress};
use super::up::UpOptions;
use super::Compose;
use crate::docker::{execute, MemoryHost, Output};
use crate::engine::Engine;
use std::collections::BTreeMap;
use std::time::Duration;

const T0: u64 = 1_780_000_000;

fn service(name: &str, image: &str) -> Service {
    Service { name: name.to_string(), image: Some(image.to_string()), ..Default::default() }
}

fn depends(condition: DependencyCondition) -> Dependency {
    Dependency { condition, ..Default::default() }
}

/// A web app with a database and a cache (the gallery's example, typed).
fn demo() -> Project {
    let mut db = service("db", "postgres");
    db.environment.insert("POSTGRES_PASSWORD".into(), Some("example".into()));
    db.volumes.push(VolumeMount {
        kind: MountKind::Volume,
        source: Some("data".into()),
        target: "/var/lib/postgresql/data".into(),
        read_only: false,
    });
    db.healthcheck = Some(Healthcheck {
        test: Some(HealthTest::Shell("pg_isready -U postgres".into())),
        interval: Some(Duration::from_secs(5)),
        retries: Some(5),
        ..Default::default()
    });
    let cache = service("cache", "redis");
    let mut web = service("web", "nginx");
    web.ports.push(PortMapping { published: Some(PortRange::single(8080)), target: 80, ..Default::default() });
    web.depends_on.insert("db".into(), depends(DependencyCondition::Healthy));
    web.depends_on.insert("cache".into(), depends(DependencyCondition::Started));
    Project {
        name: "demo".into(),
        services: vec![web, db, cache],
        volumes: BTreeMap::from([("data".to_string(), Volume::default())]),
        working_dir: "/home/user/demo".into(),
        config_files: vec!["/home/user/demo/compose.yaml".into()],
        ..Default::default()
    }
}

fn detached() -> UpOptions {
    UpOptions { detach: true, ..Default::default() }
}

fn up(engine: &mut Engine, project: &Project, o: &UpOptions, now: u64) -> Output {
    let mut host = MemoryHost::new();
    Compose::new(engine, &mut host, now).up(project, o)
}

fn docker(engine: &mut Engine, line: &str, now: u64) -> Output {
    execute(engine, line, &mut MemoryHost::new(), now)
}

#[test]
fn up_makes_the_engines_own_network_volume_and_containers_with_composes_names() {
    let mut e = Engine::new();
    let out = up(&mut e, &demo(), &detached(), T0);
    assert_eq!(out.status, 0, "{}", out.stderr);
    // Compose v2 names: PROJECT_default, PROJECT_VOLUME, PROJECT-SERVICE-N.
    let networks = docker(&mut e, "docker network ls", T0 + 60).stdout;
    assert!(networks.contains("demo_default"), "{networks}");
    let volumes = docker(&mut e, "docker volume ls", T0 + 60).stdout;
    assert!(volumes.contains("demo_data"), "{volumes}");
    let ps = docker(&mut e, "docker ps --filter label=com.docker.compose.project=demo", T0 + 60).stdout;
    for name in ["demo-web-1", "demo-db-1", "demo-cache-1"] {
        assert!(ps.contains(name), "{name} missing from\n{ps}");
    }
    assert!(ps.contains("0.0.0.0:8080->80/tcp"), "{ps}");
    let web = e.runtime().container("demo-web-1").expect("created");
    for (key, value) in [
        ("com.docker.compose.project", "demo"),
        ("com.docker.compose.service", "web"),
        ("com.docker.compose.container-number", "1"),
        ("com.docker.compose.oneoff", "False"),
        ("com.docker.compose.depends_on", "cache:service_started:false,db:service_healthy:false"),
    ] {
        assert_eq!(web.config.labels.get(key).map(String::as_str), Some(value), "{key}");
    }
    assert_eq!(web.config.labels.get("com.docker.compose.config-hash").map(String::len), Some(64));
    let net = e.runtime().network("demo_default").expect("created");
    assert_eq!(net.labels.get("com.docker.compose.network").map(String::as_str), Some("default"));
}

/// The final frame of Compose's TTY writer (docker/compose v5.5.0
/// `cmd/display/tty.go`; the events of `pkg/compose/progress.go` and
/// `executor_events.go`: `Pulled`, `Created`, `Started`, `Healthy` after
/// `Waiting` on the dependency's line).
#[test]
fn up_detached_prints_composes_final_frame() {
    let mut e = Engine::new();
    let out = up(&mut e, &demo(), &detached(), T0);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn a_healthy_condition_starts_the_dependant_after_the_dependency_is_healthy() {
    let mut e = Engine::new();
    let out = up(&mut e, &demo(), &detached(), T0);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let db = e.runtime().container("demo-db-1").expect("db").state.started_at.expect("started");
    let cache = e.runtime().container("demo-cache-1").expect("cache").state.started_at.expect("started");
    let web = e.runtime().container("demo-web-1").expect("web").state.started_at.expect("started");
    // The check runs every 5 s: the first success is 5 s after the start.
    assert!(web >= db + 5, "web {web} started before db {db} was healthy");
    // A started condition needs only the start.
    assert!(cache < db + 5);
    assert!(out.stderr.contains("Container demo-db-1    Healthy"), "{}", out.stderr);
}

#[test]
fn an_unhealthy_dependency_stops_up_with_composes_error() {
    let mut project = demo();
    // postgres's image has no curl: the check fails (exit 127) every time.
    project.services[1].healthcheck = Some(Healthcheck {
        test: Some(HealthTest::Shell("curl -f http://localhost/".into())),
        interval: Some(Duration::from_secs(2)),
        retries: Some(3),
        ..Default::default()
    });
    let mut e = Engine::new();
    let out = up(&mut e, &project, &detached(), T0);
    assert_eq!(out.status, 1);
    // pkg/compose/convergence.go: "dependency failed to start: %w" over "container %s is unhealthy".
    assert!(out.stderr.ends_with("dependency failed to start: container demo-db-1 is unhealthy\n"), "{}", out.stderr);
    assert!(out.stderr.contains("✘ Container demo-db-1    Error dependency db failed to start"), "{}", out.stderr);
    let web = e.runtime().container("demo-web-1").expect("created");
    assert!(web.state.started_at.is_none(), "web must not start");
}

#[test]
fn a_dependency_without_a_healthcheck_cannot_be_waited_for_healthy() {
    let mut project = demo();
    project.services[1].healthcheck = None;
    let mut e = Engine::new();
    let out = up(&mut e, &project, &detached(), T0);
    assert_eq!(out.status, 1);
    assert!(out.stderr.ends_with("dependency failed to start: container demo-db-1 has no healthcheck configured\n"));
}

fn with_migration(command: &[&str]) -> Project {
    let mut project = demo();
    let mut migrate = service("migrate", "alpine:3.22");
    migrate.command = Some(command.iter().map(|w| w.to_string()).collect());
    project.services.push(migrate);
    project.services[0].depends_on.insert("migrate".into(), depends(DependencyCondition::CompletedSuccessfully));
    project
}

#[test]
fn completed_successfully_waits_for_the_exit_and_refuses_a_failure() {
    let mut e = Engine::new();
    let out = up(&mut e, &with_migration(&["sleep", "3"]), &detached(), T0);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stderr.lines().any(|l| l.starts_with(" ✔ Container demo-migrate-1 Exited ")), "{}", out.stderr);
    let migrate = e.runtime().container("demo-migrate-1").expect("m").state.finished_at.expect("exited");
    let web = e.runtime().container("demo-web-1").expect("web").state.started_at.expect("started");
    assert!(web >= migrate);

    let mut e = Engine::new();
    let out = up(&mut e, &with_migration(&["sh", "-c", "exit 3"]), &detached(), T0);
    assert_eq!(out.status, 1);
    // pkg/compose/convergence.go: `service %q didn't complete successfully: exit %d`.
    assert!(out.stderr.ends_with("service \"migrate\" didn't complete successfully: exit 3\n"), "{}", out.stderr);
}

#[test]
fn services_find_each_other_by_name_and_alias_on_the_project_network() {
    let mut project = demo();
    project.services[1]
        .networks
        .insert("default".into(), ServiceNetwork { aliases: vec!["database".into()], ..Default::default() });
    let mut e = Engine::new();
    assert_eq!(up(&mut e, &project, &detached(), T0).status, 0);
    let mut host = MemoryHost::new();
    let mut compose = Compose::new(&mut e, &mut host, T0 + 60);
    let argv = |name: &str| ["getent", "hosts", name].map(String::from).to_vec();
    let by_service = compose.exec(&project, "web", 1, None, &argv("db"));
    let by_alias = compose.exec(&project, "web", 1, None, &argv("database"));
    let by_container = compose.exec(&project, "web", 1, None, &argv("demo-db-1"));
    let ip = e.runtime().container("demo-db-1").expect("db").endpoints[0].ip.expect("running").to_string();
    assert!(ip.starts_with("172."), "{ip}");
    // glibc getent's `%-15s %s`.
    assert_eq!(by_service.stdout, format!("{ip:<15} db\n"));
    assert_eq!(by_alias.stdout, format!("{ip:<15} database\n"));
    assert_eq!(by_container.stdout, format!("{ip:<15} demo-db-1\n"));
    let mut compose = Compose::new(&mut e, &mut host, T0 + 60);
    let missing = compose.exec(&project, "web", 1, None, &argv("nosuch"));
    assert_eq!(missing.status, 2);
}

#[test]
fn a_changed_service_is_recreated_and_the_others_are_running() {
    let mut e = Engine::new();
    let mut project = demo();
    assert_eq!(up(&mut e, &project, &detached(), T0).status, 0);
    let old_web = e.runtime().container("demo-web-1").expect("web").id.clone();
    let old_db = e.runtime().container("demo-db-1").expect("db").id.clone();
    let again = up(&mut e, &project, &detached(), T0 + 60);
    insta::assert_snapshot!("up_again_everything_running", again.stderr);
    project.services[0].environment.insert("DEBUG".into(), Some("1".into()));
    let changed = up(&mut e, &project, &detached(), T0 + 120);
    insta::assert_snapshot!("up_after_a_change", changed.stderr);
    assert_ne!(e.runtime().container("demo-web-1").expect("web").id, old_web);
    assert_eq!(e.runtime().container("demo-db-1").expect("db").id, old_db);
    assert!(e.runtime().container("demo-web-1").expect("web").is_running());
}

#[test]
fn down_removes_containers_and_network_and_with_v_the_named_volumes() {
    let mut e = Engine::new();
    let project = demo();
    assert_eq!(up(&mut e, &project, &detached(), T0).status, 0);
    let mut host = MemoryHost::new();
    let down = Compose::new(&mut e, &mut host, T0 + 60).down(&project, &Default::default());
    assert_eq!(down.status, 0, "{}", down.stderr);
    insta::assert_snapshot!("down", down.stderr);
    assert!(e.runtime().containers().is_empty());
    assert!(e.runtime().network("demo_default").is_err());
    assert!(e.runtime().volume("demo_data").is_ok(), "a plain down keeps named volumes");

    assert_eq!(up(&mut e, &project, &detached(), T0 + 120).status, 0);
    let o = super::commands::DownOptions { volumes: true, ..Default::default() };
    let down = Compose::new(&mut e, &mut host, T0 + 180).down(&project, &o);
    assert!(down.stderr.lines().any(|l| l.starts_with(" ✔ Volume demo_data ") && l.contains(" Removed ")));
    assert!(e.runtime().volume("demo_data").is_err());
    let volumes = docker(&mut e, "docker volume ls -q", T0 + 200).stdout;
    assert!(!volumes.contains("demo_data"), "{volumes}");
}

#[test]
fn ps_lists_the_project_as_compose_does() {
    let mut e = Engine::new();
    let project = demo();
    assert_eq!(up(&mut e, &project, &detached(), T0).status, 0);
    let mut host = MemoryHost::new();
    let ps = Compose::new(&mut e, &mut host, T0 + 120).ps(&project, false, false, false, &[]);
    insta::assert_snapshot!("compose_ps", ps.stdout);
    let docker_ps = docker(&mut e, "docker ps", T0 + 120).stdout;
    insta::assert_snapshot!("docker_ps_of_compose_containers", docker_ps);
}

#[test]
fn run_gives_the_one_off_containers_exit_status() {
    let mut e = Engine::new();
    let project = with_migration(&["echo", "done"]);
    let mut host = MemoryHost::new();
    let o = super::oneoff::RunOptions {
        service: "migrate".into(),
        command: ["sh", "-c", "exit 3"].map(String::from).to_vec(),
        rm: true,
        ..Default::default()
    };
    let out = Compose::new(&mut e, &mut host, T0).run(&project, &o);
    assert_eq!(out.status, 3, "{}", out.stderr);
    // --rm: the one-off container is gone.
    assert!(!e.runtime().containers().iter().any(|c| c.name.starts_with("demo-migrate-run-")));
    let o = super::oneoff::RunOptions {
        service: "migrate".into(),
        command: ["echo", "hello"].map(String::from).to_vec(),
        ..Default::default()
    };
    let out = Compose::new(&mut e, &mut host, T0 + 10).run(&project, &o);
    assert_eq!((out.status, out.stdout.as_str()), (0, "hello\n"));
    let oneoff = e.runtime().containers().iter().find(|c| c.name.starts_with("demo-migrate-run-")).expect("kept");
    assert_eq!(oneoff.config.labels.get("com.docker.compose.oneoff").map(String::as_str), Some("True"));
    assert_eq!(oneoff.name.len(), "demo-migrate-run-".len() + 12);
}

#[test]
fn attached_up_prints_prefixed_output_and_exit_lines() {
    let mut project = Project { name: "jobs".into(), ..Default::default() };
    let mut hello = service("hello", "alpine:3.22");
    hello.command = Some(["echo", "hello from compose"].map(String::from).to_vec());
    let mut fail = service("failing-job", "alpine:3.22");
    fail.command = Some(["sh", "-c", "exit 2"].map(String::from).to_vec());
    project.services = vec![hello, fail];
    let mut e = Engine::new();
    let out = up(&mut e, &project, &UpOptions::default(), T0);
    assert_eq!(out.status, 0, "without --abort-on-container-exit, up exits 0");
    insta::assert_snapshot!("attached_up_stdout", out.stdout);
    let mut e = Engine::new();
    let o = UpOptions { abort_on_container_exit: true, ..Default::default() };
    let out = up(&mut e, &project, &o, T0);
    assert_eq!(out.status, 0, "the first to exit (hello) exits 0");
    let o = UpOptions { exit_code_from: Some("failing-job".into()), ..Default::default() };
    let mut e = Engine::new();
    let out = up(&mut e, &project, &o, T0);
    assert_eq!(out.status, 2, "{}", out.stderr);
}

/// The TTY writer's layout (docker/compose v5.5.0 cmd/display/tty.go
/// `printWithDimensions`): `[+] OP done/total`, then ` ✔ ID`, the status
/// column aligned one space after the longest id, the timer right-aligned
/// at column 80, every timer as wide as the widest.
#[test]
fn the_frame_aligns_statuses_and_right_aligns_timers_at_80_columns() {
    let mut p = Progress::new(Mode::Tty, "up", true);
    p.working("Network demo_default", "Creating");
    p.advance(100);
    p.done("Network demo_default", "Created");
    p.working("Container demo-db-1", "Creating");
    p.advance(10_400);
    p.done("Container demo-db-1", "Healthy");
    let frame = p.render();
    let lines: Vec<&str> = frame.lines().collect();
    assert_eq!(lines[0], "[+] up 2/2");
    assert_eq!(lines[1].chars().count(), 80);
    assert_eq!(lines[2].chars().count(), 80);
    assert!(lines[1].starts_with(" ✔ Network demo_default Created "));
    assert!(lines[2].starts_with(" ✔ Container demo-db-1  Healthy "));
    assert!(lines[1].ends_with("  0.1s"), "{:?}", lines[1]);
    assert!(lines[2].ends_with(" 10.4s"));
    let mut plain = Progress::new(Mode::Plain, "up", true);
    plain.done("Network demo_default", "Created");
    // plain.go: fmt.Fprintln(out, prefix, e.ID, e.Text, e.Details).
    assert_eq!(plain.render(), " Network demo_default Created \n");
}

/// goterm asks the terminal for its width (`tty.go` `print`); a terminal
/// that says `COLUMNS=60` gets the timers at column 60, and 80 stays the
/// fallback. The app's terminal says 60 (`playground::TERMINAL_COLUMNS`).
#[test]
fn the_frame_follows_the_terminals_columns() {
    assert_eq!(super::progress::width_from(None), 80);
    assert_eq!(super::progress::width_from(Some("60")), 60);
    assert_eq!(super::progress::width_from(Some("wide")), 80);
    let mut p = Progress::new(Mode::Tty, "up", true).with_width(60);
    p.working("Container demo-db-1", "Creating");
    p.advance(4_800);
    p.done("Container demo-db-1", "Healthy");
    let frame = p.render();
    let line = frame.lines().nth(1).expect("a task line");
    assert_eq!(line.chars().count(), 60, "{line:?}");
    assert!(line.ends_with(" 4.8s"), "{line:?}");
}

#[test]
fn the_graph_shows_depends_on_conditions_and_the_live_state_after_up() {
    let project = demo();
    let mut e = Engine::new();
    let before = super::view::graph(&project, &e, T0);
    let names: Vec<&str> = before.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["cache", "db", "web"], "dependencies first (web's in name order)");
    assert!(before.services.iter().all(|s| s.containers.is_empty()));
    assert!(before.networks.iter().all(|n| n.name == "demo_default" && !n.exists));
    let edge = before.edges.iter().find(|e| e.to == "db").expect("web -> db");
    assert_eq!((edge.from.as_str(), edge.condition.as_str()), ("web", "service_healthy"));
    assert_eq!(before.services[2].depth, 1);
    assert_eq!(before.services[2].ports, ["8080:80/tcp"]);

    assert_eq!(up(&mut e, &project, &detached(), T0).status, 0);
    let after = super::view::graph(&project, &e, T0 + 60);
    let db = &after.services[1];
    assert_eq!(db.containers[0].state, "running");
    assert_eq!(db.containers[0].health.as_deref(), Some("healthy"));
    assert_eq!(db.volumes, ["demo_data"]);
    assert!(after.networks[0].exists && after.volumes[0].exists);
}

const DEMO_YAML: &str = "services:
  web:
    image: nginx
    ports:
      - \"8080:80\"
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres
    environment:
      POSTGRES_PASSWORD: ${DB_PASSWORD:-example}
    volumes:
      - data:/var/lib/postgresql/data
    healthcheck:
      test: [\"CMD-SHELL\", \"pg_isready -U postgres\"]
      interval: 5s
volumes:
  data:
";

#[test]
fn docker_compose_reads_compose_yaml_through_the_host() {
    let mut e = Engine::new();
    let mut host = MemoryHost::new().with_file("compose.yaml", DEMO_YAML);
    host.env.insert("PWD".into(), "/home/user/Demo App".into());
    let up = execute(&mut e, "docker compose up -d", &mut host, T0);
    assert_eq!(up.status, 0, "{}", up.stderr);
    // The project is named after the directory, normalized (compose-go NormalizeProjectName).
    assert!(up.stderr.contains("Network demoapp_default"), "{}", up.stderr);
    let ps = execute(&mut e, "docker compose ps --services", &mut host, T0 + 30);
    assert_eq!(ps.stdout, "db\nweb\n");
    let ls = execute(&mut e, "docker compose ls", &mut host, T0 + 30);
    assert_eq!(
        ls.stdout,
        "NAME                STATUS              CONFIG FILES\ndemoapp             running(2)          compose.yaml\n"
    );
    let named = execute(&mut e, "docker compose -p other up -d", &mut host, T0 + 40);
    assert!(named.stderr.contains("Container other-db-1"), "{}", named.stderr);
    let mut empty = MemoryHost::new();
    let missing = execute(&mut e, "docker compose up -d", &mut empty, T0 + 50);
    assert_eq!((missing.status, missing.stderr.as_str()), (1, "no configuration file provided: not found\n"));
}

#[test]
fn the_gallery_example_comes_up_in_the_playgrounds_terminal_and_its_graph_shows_it() {
    let example = crate::examples::by_name("compose-web-db-cache").expect("in the gallery");
    let project = example.project();
    let mut playground = crate::playground::Playground::new();
    let before = playground.compose(&project, T0).expect("has compose.yaml").expect("loads");
    assert_eq!(before.project, "shop");
    assert!(before.services.iter().all(|s| s.containers.is_empty()));
    let out = playground.terminal("docker compose up -d", &project, T0);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stderr.lines().any(|l| l.starts_with(" ✔ Image shop-web ") && l.contains(" Built ")), "{}", out.stderr);
    let after = playground.compose(&project, T0 + 30).expect("has compose.yaml").expect("loads");
    let state = |name: &str| {
        let s = after.services.iter().find(|s| s.name == name).expect("service");
        (s.containers[0].state.clone(), s.containers[0].health.clone())
    };
    assert_eq!(state("db"), ("running".to_string(), Some("healthy".to_string())));
    assert_eq!(state("web").0, "running");
    assert_eq!(state("cache").0, "running");
    let dns = playground.terminal("docker compose exec web getent hosts cache", &project, T0 + 40);
    assert!(dns.stdout.ends_with(" cache\n"), "{dns:?}");
}
