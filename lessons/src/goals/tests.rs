//! Tests of the goal predicates against the engine, on small projects whose
//! answers are Docker facts (the catalog's sizes, USER, the exec form).

use super::*;
use crate::model::ProjectSpec;
use crate::project::{Built, NOW};
use layerlab_core::playground::{Playground, Project};

fn goal(predicate: Predicate) -> Goal {
    Goal { predicate, hint: "the hint".into() }
}

fn built(dockerfile: &str, files: &[(&str, &str)]) -> Built {
    let spec = ProjectSpec {
        dockerfile: dockerfile.into(),
        files: files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect(),
        ..ProjectSpec::default()
    };
    Built::new(&spec.to_project())
}

fn check(b: &Built, predicate: Predicate) -> GoalResult {
    evaluate_project(&goal(predicate), b, "docker run app")
}

#[test]
fn image_size_is_the_base_plus_the_layers() {
    // alpine:3.24 is 8.42 MB on disk in the catalog (core/data/base-images.json).
    let b = built("FROM alpine:3.24\n", &[]);
    let under_ten = check(&b, Predicate::ImageSizeUnder { mb: 10.0 });
    assert!(under_ten.passed, "{under_ten:?}");
    assert_eq!(under_ten.hint, None);
    let under_five = check(&b, Predicate::ImageSizeUnder { mb: 5.0 });
    assert!(!under_five.passed);
    assert_eq!(under_five.hint.as_deref(), Some("the hint"));
    assert!(under_five.detail[0].ends_with("the limit is 5 MB"), "{:?}", under_five.detail);
}

#[test]
fn a_failed_build_fails_every_goal_with_the_reason() {
    let b = built("FROM alpine:3.24\nCOPY missing.txt /\n", &[]);
    let r = check(&b, Predicate::Builds);
    assert!(!r.passed);
    assert!(r.detail[0].starts_with("the build failed"), "{:?}", r.detail);
}

#[test]
fn root_unless_user_says_otherwise() {
    let root = check(&built("FROM alpine:3.24\nCMD [\"sleep\", \"1\"]\n", &[]), Predicate::RunsAsNonRoot { run: None });
    assert!(!root.passed);
    assert_eq!(root.detail, ["the process runs as `root`"]);
    let user = built("FROM alpine:3.24\nUSER 1000\nCMD [\"sleep\", \"1\"]\n", &[]);
    assert!(check(&user, Predicate::RunsAsNonRoot { run: None }).passed);
    // `--user` on the run line wins over USER (docker run reference, --user).
    let back_to_root = Predicate::RunsAsNonRoot { run: Some("docker run --user 0 app".into()) };
    assert!(!check(&user, back_to_root).passed);
}

#[test]
fn argv_and_signals_come_from_the_resolver() {
    // Debian's dash stays PID 1 for `sh -c` (core's catalog::shells names the patch).
    let shell = built("FROM debian:bookworm-slim\nCMD sleep 100\n", &[]);
    let argv = check(&shell, Predicate::ArgvIs { argv: vec!["sleep".into(), "100".into()], run: None });
    assert!(!argv.passed);
    assert_eq!(argv.detail[0], r#"the container runs ["/bin/sh", "-c", "sleep 100"]"#);
    let stop = check(&shell, Predicate::StopReachesApp { run: None });
    assert!(!stop.passed);
    assert_eq!(stop.detail[0], "PID 1 is `/bin/sh`");
    // Alpine's busybox ash execs the lone command: sleep itself is PID 1.
    let ash = built("FROM alpine:3.24\nCMD sleep 100\n", &[]);
    let stop = check(&ash, Predicate::StopReachesApp { run: None });
    assert_eq!((stop.passed, stop.detail[0].as_str()), (true, "PID 1 is `sleep`"));
    let exec = built("FROM alpine:3.24\nCMD [\"sleep\", \"100\"]\n", &[]);
    assert!(check(&exec, Predicate::StopReachesApp { run: None }).passed);
    // --init puts tini in front, which forwards the signal.
    assert!(check(&shell, Predicate::StopReachesApp { run: Some("docker run --init app".into()) }).passed);
}

#[test]
fn a_port_is_reachable_only_when_published() {
    let b = built("FROM nginx:alpine\nEXPOSE 80\n", &[]);
    assert!(check(&b, Predicate::Exposes { port: 80 }).passed);
    let unpublished = check(&b, Predicate::PortPublished { port: 80, run: None });
    assert!(!unpublished.passed);
    assert!(unpublished.detail.contains(&"80/tcp is exposed by the image but not published".to_string()));
    assert!(check(&b, Predicate::PortPublished { port: 80, run: Some("docker run -p 8080:80 app".into()) }).passed);
    // -P publishes every EXPOSEd port on an ephemeral host port.
    assert!(check(&b, Predicate::PortPublished { port: 80, run: Some("docker run -P app".into()) }).passed);
}

#[test]
fn lint_goals_match_the_rule_name_or_the_hadolint_code() {
    let b = built("FROM alpine:latest\n", &[]);
    let by_code = check(&b, Predicate::LintSilent { rule: "DL3007".into() });
    let by_name = check(&b, Predicate::LintSilent { rule: "LatestTag".into() });
    assert!(!by_code.passed && !by_name.passed);
    assert!(by_code.detail[0].starts_with("line 1: "), "{:?}", by_code.detail);
    assert!(check(&built("FROM alpine:3.24\n", &[]), Predicate::LintSilent { rule: "DL3007".into() }).passed);
}

#[test]
fn files_in_the_image_and_in_the_context() {
    let b = built(
        "FROM alpine:3.24\nWORKDIR /app\nCOPY . .\n",
        &[("a.txt", "a"), (".env", "x"), (".dockerignore", ".env\n")],
    );
    assert!(check(&b, Predicate::FileInImage { path: "/app/a.txt".into() }).passed);
    assert!(check(&b, Predicate::FileNotInImage { path: "/app/.env".into() }).passed);
    let ignored = check(&b, Predicate::NotInContext { path: ".env".into() });
    assert_eq!(ignored.detail, ["`.env` is left out by `.env` (line 1 of .dockerignore)"]);
    assert!(!check(&b, Predicate::NotInContext { path: "a.txt".into() }).passed);
}

#[test]
fn build_tools_and_waste() {
    // golang:1.25-alpine lists `go` among its commands; alpine:3.24 does not.
    assert!(!check(&built("FROM golang:1.25-alpine\n", &[]), Predicate::CommandAbsent { command: "go".into() }).passed);
    assert!(check(&built("FROM alpine:3.24\n", &[]), Predicate::CommandAbsent { command: "go".into() }).passed);
    let split =
        built("FROM alpine:3.24\nCOPY big.txt /big.txt\nRUN rm /big.txt\n", &[("big.txt", &"x".repeat(2_000_000))]);
    let wastes = check(&split, Predicate::NoLayerWastes { mb: 1.0 });
    assert!(!wastes.passed);
    assert_eq!(wastes.detail[0], "the layer of line 2 wastes 2MB");
    assert!(check(&split, Predicate::NoLayerWastes { mb: 3.0 }).passed);
}

#[test]
fn cache_goals_rebuild_after_the_edits() {
    let files = [("app.py", "print(1)\n"), ("requirements.txt", "flask==3.0.3\n")];
    let good = built(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n",
        &files,
    );
    let bad = built("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n", &files);
    let edit = vec![Edit::Append { file: "app.py".into(), text: "print(2)\n".into() }];
    let stays = Predicate::StaysCached { edits: edit.clone(), step: "pip install".into() };
    assert!(check(&good, stays.clone()).passed);
    let missed = check(&bad, stays);
    assert!(!missed.passed);
    assert!(
        missed.detail.iter().any(|d| d.starts_with("line 3 `COPY . .`: ") && d.contains("app.py")),
        "{:?}",
        missed.detail
    );
    assert!(check(&good, Predicate::ReusesCache { edits: edit.clone(), first: 3 }).passed);
    assert!(!check(&good, Predicate::ReusesCache { edits: edit.clone(), first: 4 }).passed);
    let nothing = Predicate::StaysCached { edits: edit, step: "apt-get".into() };
    assert!(!check(&good, nothing).passed, "no step matches: the goal cannot hold");
}

fn session(lines: &[&str]) -> Playground {
    let project = Project::new("FROM alpine:3.24\nCMD [\"sleep\", \"1000\"]\n");
    let mut playground = Playground::new();
    for (i, line) in lines.iter().enumerate() {
        let out = playground.terminal(line, &project, NOW + 10 * i as u64);
        assert_eq!(out.status, 0, "{line}: {}", out.stderr);
    }
    playground
}

fn daemon(p: &Playground, predicate: Predicate) -> GoalResult {
    evaluate_daemon(&goal(predicate), p.session())
}

#[test]
fn daemon_goals_read_images_and_containers() {
    let p = session(&["docker build -t app .", "docker run -d --name web app"]);
    assert!(daemon(&p, Predicate::ImageExists { reference: "app".into() }).passed);
    assert!(daemon(&p, Predicate::ImageAbsent { reference: "nope".into() }).passed);
    assert!(daemon(&p, Predicate::ContainerRunning { name: "web".into() }).passed);
    let running = daemon(&p, Predicate::AllContainersStopped);
    assert_eq!(running.detail, ["`web` is running"]);
    let stopped = session(&["docker build -t app .", "docker run -d --name web app", "docker stop web"]);
    assert!(daemon(&stopped, Predicate::AllContainersStopped).passed);
    assert_eq!(daemon(&stopped, Predicate::NoContainers).detail, ["`web` is exited"]);
}

#[test]
fn a_rebuild_under_the_same_tag_leaves_a_dangling_image() {
    let p = session(&["docker build -t app .", "docker build --build-arg X=1 -t app ."]);
    assert!(daemon(&p, Predicate::NoDanglingImages).passed, "same content: the same image, nothing dangles");
    let mut playground = Playground::new();
    let first = Project::new("FROM alpine:3.24\nCMD [\"true\"]\n");
    let second = Project::new("FROM alpine:3.24\nCMD [\"false\"]\n");
    playground.terminal("docker build -t app .", &first, NOW);
    playground.terminal("docker build -t app .", &second, NOW + 10);
    assert!(!daemon(&playground, Predicate::NoDanglingImages).passed);
    playground.terminal("docker image prune -f", &second, NOW + 20);
    assert!(daemon(&playground, Predicate::NoDanglingImages).passed);
}

#[test]
fn containers_reach_each_other_by_name_on_a_user_defined_network() {
    let default = session(&["docker build -t app .", "docker run -d --name web app", "docker run -d --name db app"]);
    let no = daemon(&default, Predicate::ContainersReach { from: "web".into(), to: "db".into() });
    assert!(!no.passed, "the default bridge has no DNS for names: {no:?}");
    let user = session(&[
        "docker build -t app .",
        "docker network create net",
        "docker run -d --name web --network net app",
        "docker run -d --name db --network net app",
    ]);
    assert!(daemon(&user, Predicate::ContainersReach { from: "web".into(), to: "db".into() }).passed);
    assert!(daemon(&user, Predicate::NetworkExists { name: "net".into() }).passed);
    assert!(!daemon(&user, Predicate::VolumeExists { name: "data".into() }).passed);
}

#[test]
fn the_host_reaches_a_published_port_on_the_address_it_was_bound_to() {
    let lines = |publish: &str| {
        let project = Project::new("FROM nginx:alpine\nEXPOSE 80\n");
        let mut playground = Playground::new();
        for (i, line) in
            ["docker build -t app .", &format!("docker run -d --name web {publish} app")].iter().enumerate()
        {
            let out = playground.terminal(line, &project, NOW + 10 * i as u64);
            assert_eq!(out.status, 0, "{line}: {}", out.stderr);
        }
        playground
    };
    let reach = |address: Option<&str>| Predicate::HostReaches {
        name: "web".into(),
        port: 80,
        address: address.map(Into::into),
    };
    let everywhere = lines("-p 8080:80");
    let r = daemon(&everywhere, reach(None));
    assert!(r.passed);
    assert_eq!(r.detail, ["0.0.0.0:8080 on the host forwards to port 80 of `web`"]);
    assert!(!daemon(&everywhere, reach(Some("127.0.0.1"))).passed, "0.0.0.0 is every interface, not only loopback");
    let loopback = lines("-p 127.0.0.1:8080:80");
    assert!(daemon(&loopback, reach(Some("127.0.0.1"))).passed);
    let unpublished = lines("");
    let r = daemon(&unpublished, reach(None));
    assert!(!r.passed);
    assert!(r.detail[0].starts_with("EXPOSE 80/tcp only documents the port"), "{:?}", r.detail);
}

#[test]
fn a_removed_container_is_absent() {
    let p = session(&["docker build -t app .", "docker run -d --name web app"]);
    assert_eq!(daemon(&p, Predicate::ContainerAbsent { name: "web".into() }).detail, ["`web` still exists (running)"]);
    let gone = session(&["docker build -t app .", "docker run -d --name web app", "docker rm -f web"]);
    assert!(daemon(&gone, Predicate::ContainerAbsent { name: "web".into() }).passed);
}

#[test]
fn a_port_on_loopback_only_is_not_published_on_every_interface() {
    // `-p 8080:80` binds 0.0.0.0 (and ::): every interface of the host; an
    // address before the host port limits it (docker run reference, --publish).
    let b = built("FROM nginx:alpine\n", &[]);
    let everywhere =
        check(&b, Predicate::PortOnLoopbackOnly { port: 80, run: Some("docker run -p 8080:80 app".into()) });
    assert!(!everywhere.passed);
    assert_eq!(everywhere.detail[0], "0.0.0.0:8080 on the host → 80/tcp in the container");
    let local = Predicate::PortOnLoopbackOnly { port: 80, run: Some("docker run -p 127.0.0.1:8080:80 app".into()) };
    assert!(check(&b, local).passed);
    let v6 = Predicate::PortOnLoopbackOnly { port: 80, run: Some("docker run -p [::1]:8080:80 app".into()) };
    assert!(check(&b, v6).passed);
    let none = check(&b, Predicate::PortOnLoopbackOnly { port: 80, run: None });
    assert!(!none.passed, "an unpublished port is not reachable at all: {none:?}");
    let both = "docker run -p 127.0.0.1:8080:80 -p 8081:80 app".to_string();
    assert!(!check(&b, Predicate::PortOnLoopbackOnly { port: 80, run: Some(both) }).passed);
}

#[test]
fn a_named_volume_is_mounted_where_the_run_line_says() {
    let mounted =
        Predicate::VolumeMounted { container: "db".into(), volume: "data".into(), destination: "/data".into() };
    let p =
        session(&["docker build -t app .", "docker volume create data", "docker run -d --name db -v data:/data app"]);
    assert!(daemon(&p, mounted.clone()).passed);
    let elsewhere = session(&["docker build -t app .", "docker run -d --name db -v data:/srv app"]);
    let r = daemon(&elsewhere, mounted.clone());
    assert!(!r.passed);
    assert_eq!(r.detail, ["the volume `data` is at `/srv`"]);
    let bare = daemon(&session(&["docker build -t app .", "docker run -d --name db app"]), mounted.clone());
    assert_eq!(bare.detail, ["`db` has no mounts: its files live in its writable layer"]);
    // A bind mount of a host directory is not the named volume.
    let bind = session(&["docker build -t app .", "docker run -d --name db -v /srv/data:/data app"]);
    assert!(!daemon(&bind, mounted).passed);
}

#[test]
fn a_memory_limit_is_the_cgroup_s_memory_max() {
    // `--memory 256m` sets the cgroup's memory.max to 256 MiB, 268435456 bytes
    // (docker run reference, "User memory constraints"); none means `max`.
    let b = built("FROM alpine:3.24\nCMD [\"sleep\", \"100\"]\n", &[]);
    let unlimited = check(&b, Predicate::MemoryLimitAtMost { mb: 300.0, run: None });
    assert!(!unlimited.passed);
    assert_eq!(unlimited.detail, ["memory.max is `max`: no limit, the container may use all the host's memory"]);
    let limited = Predicate::MemoryLimitAtMost { mb: 300.0, run: Some("docker run --memory 256m app".into()) };
    let r = check(&b, limited);
    assert!(r.passed, "{r:?}");
    assert!(r.detail[0].starts_with("memory.max is 268435456"), "{:?}", r.detail);
    let too_much = Predicate::MemoryLimitAtMost { mb: 200.0, run: Some("docker run -m 256m app".into()) };
    assert!(!check(&b, too_much).passed, "256 MiB is about 268 MB, over 200 MB");
}

#[test]
fn a_removed_network_is_absent() {
    let up = session(&["docker network create shop_default"]);
    let absent = Predicate::NetworkAbsent { name: "shop_default".into() };
    let r = daemon(&up, absent.clone());
    assert!(!r.passed);
    assert_eq!(r.detail, ["`shop_default` is still there, a bridge network"]);
    let down = session(&["docker network create shop_default", "docker network rm shop_default"]);
    assert!(daemon(&down, absent).passed);
}

#[test]
fn a_multi_platform_push_leaves_an_index_with_each_platform() {
    // The docker driver refuses several platforms; a docker-container builder
    // pushes an index (docs.docker.com/build/building/multi-platform/).
    let two = Predicate::PushedForPlatforms {
        reference: "localhost:5000/hello:1.0".into(),
        platforms: vec!["linux/amd64".into(), "linux/arm64/v8".into()],
    };
    let pushed = session(&[
        "docker buildx create --use",
        "docker buildx build --platform linux/amd64,linux/arm64 -t localhost:5000/hello:1.0 --push .",
    ]);
    let r = daemon(&pushed, two.clone());
    assert!(r.passed, "{r:?}");
    assert_eq!(r.detail, ["`localhost:5000/hello:1.0`'s index lists linux/amd64, linux/arm64"]);
    let one = session(&[
        "docker buildx create --use",
        "docker buildx build --platform linux/amd64 -t localhost:5000/hello:1.0 --push .",
    ]);
    let r = daemon(&one, two.clone());
    assert!(!r.passed, "{r:?}");
    let local = daemon(&session(&["docker build -t localhost:5000/hello:1.0 ."]), two);
    assert!(!local.passed);
    assert!(local.detail[0].starts_with("no multi-platform image was pushed"), "{:?}", local.detail);
}
