//! The typed events each command reports, the container view, and their
//! replay: a loaded session reports the same events as the one that ran.

use super::*;
use crate::docker::test_support::T0;
use crate::engine::containers::{PortView, StepKind, StopResult};

const APP: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD [\"python\", \"app.py\"]\n";

fn host() -> MemoryHost {
    MemoryHost::new().with_file("Dockerfile", APP).with_file("app.py", "print(1)\n")
}

/// The event kinds, without their data.
fn kinds(out: &Output) -> Vec<&'static str> {
    out.events
        .iter()
        .map(|e| match e {
            Event::ImageBuilt { .. } => "built",
            Event::ImagePulled { .. } => "pulled",
            Event::ImageTagged { .. } => "tagged",
            Event::ImageUntagged { .. } => "untagged",
            Event::ImageRemoved { .. } => "image-removed",
            Event::ContainerCreated { .. } => "created",
            Event::ContainerStarted { .. } => "started",
            Event::ContainerExited { .. } => "exited",
            Event::ContainerPaused { .. } => "paused",
            Event::ContainerUnpaused { .. } => "unpaused",
            Event::ContainerRemoved { .. } => "removed",
            Event::ContainerRenamed { .. } => "renamed",
            Event::ContainerUpdated { .. } => "updated",
            Event::ContainerCommitted { .. } => "committed",
            Event::NetworkCreated { .. } => "network-created",
            Event::NetworkRemoved { .. } => "network-removed",
            Event::NetworkConnected { .. } => "connected",
            Event::NetworkDisconnected { .. } => "disconnected",
            Event::VolumeCreated { .. } => "volume-created",
            Event::VolumeRemoved { .. } => "volume-removed",
            Event::Pruned { .. } => "pruned",
        })
        .collect()
}

#[test]
fn each_command_reports_what_it_changed() {
    let mut s = Session::new();
    let mut h = host();
    let built = s.execute("docker build -t app .", &mut h, T0);
    assert_eq!(kinds(&built), ["pulled", "built"], "{:?}", built.events);
    let id = s.engine().resolve("app").expect("built");
    assert!(built.events.contains(&Event::ImageBuilt { id: id.clone(), tags: vec!["app:latest".into()] }));
    // A rebuild that changes nothing still reports the build (same id, same tag).
    let again = s.execute("docker build -t app .", &mut h, T0 + 1);
    assert_eq!(again.events, [Event::ImageBuilt { id: id.clone(), tags: vec!["app:latest".into()] }]);
    let tagged = s.execute("docker tag app app:v1", &mut h, T0 + 2);
    assert_eq!(tagged.events, [Event::ImageTagged { id: id.clone(), tag: "app:v1".into() }]);
    let untagged = s.execute("docker rmi app:v1", &mut h, T0 + 3);
    assert_eq!(untagged.events, [Event::ImageUntagged { tag: "app:v1".into() }]);
    // Reads change nothing.
    assert!(s.execute("docker images", &mut h, T0 + 4).events.is_empty());
    // Networks and volumes.
    let net = s.execute("docker network create backend", &mut h, T0 + 5);
    assert_eq!(kinds(&net), ["network-created"]);
    assert_eq!(kinds(&s.execute("docker volume create data", &mut h, T0 + 5)), ["volume-created"]);
    // A container: created, then started with the story of its start.
    let web = s.execute("docker run -d --name web --network backend -v data:/data -p 8080:80 nginx", &mut h, T0 + 6);
    assert_eq!(kinds(&web), ["pulled", "created", "started"], "{:?}", web.events);
    let Some(Event::ContainerStarted { story, .. }) = web.events.last() else { panic!("{:?}", web.events) };
    assert_eq!(story.first().map(|s| s.kind), Some(StepKind::Cli));
    assert!(story.iter().any(|s| s.kind == StepKind::Pull), "the image was pulled for it");
    assert_eq!(kinds(&s.execute("docker pause web", &mut h, T0 + 7)), ["paused"]);
    assert_eq!(kinds(&s.execute("docker unpause web", &mut h, T0 + 8)), ["unpaused"]);
    let stop = s.execute("docker stop web", &mut h, T0 + 9);
    let web_id = s.container("web").expect("web").id;
    assert_eq!(stop.events, [Event::ContainerExited { id: web_id.clone(), exit_code: 0 }]);
    assert_eq!(kinds(&s.execute("docker rm web", &mut h, T0 + 10)), ["removed"]);
    assert_eq!(kinds(&s.execute("docker network rm backend", &mut h, T0 + 11)), ["network-removed"]);
    let pruned = s.execute("docker volume prune -a -f", &mut h, T0 + 12);
    assert_eq!(
        pruned.events,
        [Event::VolumeRemoved { name: "data".into() }, Event::Pruned { kind: PruneKind::Volumes, reclaimed: 0 }]
    );
}

#[test]
fn changes_while_time_passes_are_reported_by_the_next_command() {
    let mut s = Session::new();
    let mut h = MemoryHost::new();
    // Attached `--rm`: everything happens within the command.
    let once = s.execute("docker run --rm alpine:3.22 echo hi", &mut h, T0);
    assert_eq!(once.stdout, "hi\n");
    assert_eq!(kinds(&once), ["pulled", "created", "started", "exited", "removed"], "{:?}", once.events);
    let nap = s.execute("docker run -d --name nap alpine:3.22 sleep 30", &mut h, T0 + 1);
    assert_eq!(kinds(&nap), ["created", "started"]);
    let id = s.container("nap").expect("nap").id;
    // `docker ps` after the sleep ended reports the exit it saw.
    let later = s.execute("docker ps", &mut h, T0 + 60);
    assert_eq!(later.events, [Event::ContainerExited { id, exit_code: 0 }]);
}

#[test]
fn run_story_reaches_the_caller_as_data() {
    let mut s = Session::new();
    let mut h = MemoryHost::new();
    let out = s.execute("docker run --name once alpine:3.22 true", &mut h, T0);
    let story = out
        .events
        .iter()
        .find_map(|e| if let Event::ContainerStarted { story, .. } = e { Some(story.clone()) } else { None })
        .expect("started");
    assert_eq!(story.last().map(|s| s.kind), Some(StepKind::Process));
    // The process step names the PID the process had, though it has exited since.
    assert!(!story.last().is_some_and(|s| s.action.ends_with("PID 0")), "{:?}", story.last());
}

#[test]
fn a_loaded_session_replays_to_the_same_events() {
    let lines = [
        (0, "docker build -t app ."),
        (5, "docker network create backend"),
        (6, "docker run -d --name api --network backend app"),
        (7, "docker run -d --name nap alpine:3.22 sleep 30"),
        (8, "docker run -d --name loop --restart on-failure:2 alpine:3.22 false"),
    ];
    let mut first = Session::new();
    let mut h = host();
    let events: Vec<Vec<Event>> = lines.iter().map(|(at, l)| first.execute(l, &mut h, T0 + at).events).collect();
    assert!(events.iter().all(|e| !e.is_empty()), "{events:?}");
    // The same lines in a fresh session report the same events.
    let mut second = Session::new();
    let mut h2 = host();
    let again: Vec<Vec<Event>> = lines.iter().map(|(at, l)| second.execute(l, &mut h2, T0 + at).events).collect();
    assert_eq!(events, again);
    // A session loaded from the journal goes on exactly as the original.
    let mut loaded = Session::from_json(&first.to_json()).expect("replays");
    let next = ["docker ps -a", "docker stop api", "docker rm -f nap loop", "docker container prune -f"];
    for (k, line) in next.iter().enumerate() {
        let at = T0 + 100 + k as u64;
        let a = first.execute(line, &mut h, at);
        let b = loaded.execute(line, &mut h2, at);
        assert_eq!(a.events, b.events, "{line}");
    }
    assert_eq!(first.container("api"), loaded.container("api"));
}

#[test]
fn the_container_view_is_plain_data_for_the_run_panel() {
    let mut s = Session::new();
    let mut h = MemoryHost::new();
    s.execute("docker network create backend", &mut h, T0);
    let out = s.execute(
        "docker run -d --name web --network backend --network-alias www -p 127.0.0.1:8080:80 -m 256m --cpus 1.5 -v data:/data -e MODE=prod nginx",
        &mut h,
        T0 + 1,
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    let id = s.container("web").expect("by name").id;
    let v = s.container(&id[..6]).expect("by id prefix");
    assert_eq!((v.name.as_str(), v.image.as_str(), v.state.as_str(), v.exit_code), ("web", "nginx", "running", None));
    assert_eq!(v.argv, ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]);
    assert_eq!((v.user.as_str(), v.workdir.as_str()), ("root", "/"));
    assert!(v.env.contains(&"MODE=prod".to_string()), "{:?}", v.env);
    assert_eq!(
        v.ports,
        [PortView { host_ip: Some("127.0.0.1".into()), host_port: 8080, container_port: 80, protocol: "tcp".into() }]
    );
    assert_eq!(v.networks.len(), 1);
    assert_eq!(v.networks[0].name, "backend");
    assert!(v.networks[0].ip.is_some() && v.networks[0].aliases.contains(&"www".to_string()), "{:?}", v.networks);
    let p = v.process.as_ref().expect("it runs");
    assert_eq!(p.pid1[0], "nginx");
    // nginx handles its STOPSIGNAL (SIGQUIT) and exits at once.
    assert_eq!(
        (p.stop.signal.as_str(), p.stop.reaches_app, p.stop.result),
        ("SIGQUIT", true, StopResult::Exits { code: 0 })
    );
    assert_eq!(v.namespaces.len(), 7);
    let limit = |name: &str| v.cgroup_limits.iter().find(|f| f.name == name).map(|f| f.value.clone());
    assert_eq!(limit("memory.max").as_deref(), Some("268435456"));
    assert_eq!(limit("cpu.max").as_deref(), Some("150000 100000"));
    assert!(v.cgroup_path.ends_with(&format!("docker-{id}.scope")));
    assert!(v.mounts.iter().any(|m| m.destination == "/data" && m.name.as_deref() == Some("data")));
    // A shell-form PID 1 (Debian's dash stays PID 1, see catalog::shells): SIGTERM
    // does not reach the app, docker stop waits and SIGKILLs.
    s.execute("docker run -d --name sh1 debian:bookworm-slim sh -c 'sleep 1000'", &mut h, T0 + 2);
    let stop = s.container("sh1").and_then(|v| v.process).expect("runs").stop;
    assert_eq!((stop.reaches_app, stop.result), (false, StopResult::KilledAfter { seconds: 10 }));
    s.execute("docker stop sh1", &mut h, T0 + 3);
    let stopped = s.container("sh1").expect("kept");
    assert_eq!((stopped.state.as_str(), stopped.exit_code), ("exited", Some(137)));
    assert!(s.container("nope").is_none());
    // A dry run on the session's daemon changes nothing and records nothing.
    let before = s.len();
    let dry = s.dry_run("docker run -d --name other -p 9090:80 nginx", T0 + 4).expect("a dry run");
    assert!(dry.setup.is_ok(), "{:?}", dry.setup);
    assert!(s.container("other").is_none() && s.len() == before);
}
