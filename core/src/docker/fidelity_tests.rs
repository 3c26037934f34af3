//! A new user's walk through the terminal, held to what Docker 29 prints:
//! each test names the Docker source its expectation was read from.

use super::*;
use crate::docker::test_support::T0;

fn script(engine: &mut Engine, lines: &[(u64, &str)]) -> Vec<Output> {
    let mut host = MemoryHost::new();
    lines.iter().map(|(at, line)| execute(engine, line, &mut host, T0 + at)).collect()
}

/// `docker run` pulls through `pullImage` in docker/cli
/// `cli/command/container/create.go`, which copies only the daemon's JSON
/// stream to stderr: the `Using default tag: latest` line and the final
/// canonical name are `docker pull`'s own (`cli/command/image/pull.go`).
#[test]
fn run_prints_the_daemons_pull_stream_without_docker_pulls_own_lines() {
    let mut engine = Engine::new();
    let out = script(&mut engine, &[(0, "docker run -d nginx"), (10, "docker pull redis")]);
    let run = &out[0].stderr;
    assert!(
        run.starts_with("Unable to find image 'nginx:latest' locally\nlatest: Pulling from library/nginx\n"),
        "{run}"
    );
    assert!(run.ends_with("Status: Downloaded newer image for nginx:latest\n"), "{run}");
    assert!(!run.contains("Using default tag"), "{run}");
    assert!(!run.contains("docker.io/library/nginx:latest"), "{run}");
    // `docker pull` keeps both.
    let pull = &out[1].stdout;
    assert!(pull.starts_with("Using default tag: latest\nlatest: Pulling from library/redis\n"), "{pull}");
    assert!(
        pull.ends_with("Status: Downloaded newer image for redis:latest\ndocker.io/library/redis:latest\n"),
        "{pull}"
    );
}

/// `docker stop $(docker ps -q)`: the shell runs the inner command first and
/// splits its output into words (POSIX, Shell Command Language, 2.6.3
/// Command Substitution); the terminal runs an inner `docker …` line on the
/// same daemon. With nothing running, `docker stop` gets no argument and
/// cobra's `RequiresMinArgs` refuses it (docker/cli `cli/required.go`).
#[test]
fn command_substitution_runs_the_inner_docker_command() {
    let mut engine = Engine::new();
    let out = script(
        &mut engine,
        &[
            (0, "docker run -d --name web nginx"),
            (10, "docker run -d --name cache redis"),
            (20, "docker stop $(docker ps -q)"),
            (30, "docker stop `docker ps -q`"),
            (40, "docker rm $(docker ps -aq --filter \"name=web\")"),
            (50, "docker ps -a"),
            (60, "docker stop $(cat ids.txt)"),
        ],
    );
    let ids: Vec<String> = [&out[1], &out[0]].iter().map(|o| format!("{}\n", &o.stdout[..12])).collect();
    assert_eq!(out[2].stdout, ids.concat(), "{}", out[2].stderr);
    assert!(out[3].stderr.starts_with("\"docker stop\" requires at least 1 argument.\n"), "{}", out[3].stderr);
    assert_eq!(out[4].stdout, ids[1]);
    assert!(out[5].stdout.ends_with(" cache\n") && !out[5].stdout.contains(" web\n"), "{}", out[5].stdout);
    assert_eq!(out[6].status, 1);
    assert!(out[6].stderr.contains("cannot substitute `cat ids.txt`"), "{}", out[6].stderr);
}

/// A session replays a line's substitution too (its journal holds the line).
#[test]
fn a_substitution_that_changes_the_daemon_is_journaled() {
    let mut session = session::Session::new();
    let mut host = MemoryHost::new();
    session.execute("docker inspect --format '{{.Name}}' $(docker create --name box alpine)", &mut host, T0);
    let replayed = session::Session::from_json(&session.to_json()).expect("replays");
    assert!(replayed.container("box").is_some(), "{}", session.to_json());
}

/// `docker ps --format`: docker/cli `cli/command/formatter/container.go`
/// (`ContainerContext`'s fields and headers; `Command` quoted and cut at 20;
/// `CreatedAt` as Go's `time.Time.String()`), `formatter.go` (`table`, `\t`),
/// `reflect.go` (`json`: a marshalled map, so sorted keys and `encoding/json`'s
/// `\u003e`), and `container/list.go` (the template runs once over an empty
/// context, so an unknown field fails even with no containers).
#[test]
fn ps_format_reads_dockers_container_context() {
    let mut engine = Engine::new();
    let out = script(
        &mut engine,
        &[
            (0, "docker run -d --name web -p 8080:80 -l tier=front nginx"),
            (10, "docker create --name box -v data:/data alpine"),
            (20, "docker ps -a --format '{{.Names}}: {{.State}}'"),
            (20, "docker ps -a --format 'table {{.Names}}\\t{{.Command}}\\t{{.Networks}}'"),
            (20, "docker ps --format json"),
            (20, "docker ps --format '{{.CreatedAt}} {{.Labels}}'"),
            (20, "docker ps -a --format '{{.Nope}}' --filter name=nothing"),
            (20, "docker ps -q --format '{{.Names}}'"),
        ],
    );
    assert_eq!(out[2].stdout, "box: created\nweb: running\n", "{}", out[2].stderr);
    assert_eq!(
        out[3].stdout,
        "NAMES     COMMAND                  NETWORKS\nbox       \"/bin/sh\"                bridge\nweb       \"/docker-entrypoint.…\"   bridge\n"
    );
    let json = out[4].stdout.trim_end();
    assert!(json.starts_with("{\"Command\":\"\\\"/docker-entrypoint.…\\\"\",\"CreatedAt\":"), "{json}");
    assert!(json.contains("\"Ports\":\"0.0.0.0:8080-\\u003e80/tcp, [::]:8080-\\u003e80/tcp\""), "{json}");
    assert!(json.ends_with("\"State\":\"running\",\"Status\":\"Up 20 seconds\"}"), "{json}");
    assert_eq!(out[5].stdout, "2026-11-18 11:06:40 +0000 UTC tier=front\n");
    assert_eq!(
        (out[6].stderr.as_str(), out[6].status),
        ("failed to execute template: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.ContainerContext\n", 1)
    );
    assert_eq!(out[7].stdout.len(), 13, "-q wins over --format: {}", out[7].stdout);
}

/// `docker run … env` prints the process's environment: the daemon's
/// `PATH`, `HOSTNAME` and (with `-t`) `TERM=xterm` first, the container's
/// variables replacing or following them (moby `container/container.go`,
/// `CreateDaemonEnvironment`; docker/cli `ReadKVEnvStrings` puts
/// `--env-file` before `-e`), then `HOME`, which runc appends when unset
/// (runc `libcontainer/init_linux.go`). `pwd` prints the working directory
/// (`-w`, else `/`), `hostname` the UTS name (`--hostname`, else the short id).
#[test]
fn env_pwd_and_hostname_print_what_the_container_was_given() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new().with_file(".env", "A=1\nB=two\n");
    let mut run = |line: &str| execute(&mut engine, line, &mut host, T0);
    let plain = run("docker run -e FOO=bar alpine env");
    let hostname = plain.stdout.lines().nth(1).unwrap_or_default().to_string();
    assert!(hostname.starts_with("HOSTNAME=") && hostname.len() == 21, "{}", plain.stdout);
    assert_eq!(
        plain.stdout,
        format!("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n{hostname}\nFOO=bar\nHOME=/root\n")
    );
    let tty = run("docker run -t --hostname box --env-file .env -e A=9 alpine env");
    assert_eq!(
        tty.stdout,
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=box\nTERM=xterm\nA=9\nB=two\nHOME=/root\n"
    );
    assert_eq!(run("docker run -w /tmp alpine pwd").stdout, "/tmp\n");
    assert_eq!(run("docker run alpine pwd").stdout, "/\n");
    assert_eq!(run("docker run --hostname box alpine hostname").stdout, "box\n");
    assert_eq!(run("docker run alpine sh -c 'echo $HOSTNAME'").stdout.len(), 13);
    let unset = run("docker run alpine printenv NOPE");
    assert_eq!((unset.stdout.as_str(), unset.status), ("", 1));
}

/// "Reach it by name": on a user-defined network the embedded DNS answers a
/// container's name (docs.docker.com, "Networking overview": containers on a
/// user-defined bridge resolve each other by name; the default bridge does
/// not). `getent hosts` prints glibc's `%-15s %s` line, or nothing and exit
/// 2 when the key is not found (getent(1)).
#[test]
fn exec_getent_hosts_asks_the_embedded_dns() {
    let mut engine = Engine::new();
    let out = script(
        &mut engine,
        &[
            (0, "docker network create appnet"),
            (1, "docker run -d --name db --network appnet redis"),
            (2, "docker run -d --name app --network appnet alpine sleep 1000"),
            (3, "docker run -d --name lone alpine sleep 1000"),
            (4, "docker exec app getent hosts db"),
            (5, "docker exec lone getent hosts db"),
        ],
    );
    assert_eq!(out[4].stdout, "172.18.0.2      db\n", "{}", out[4].stderr);
    assert_eq!((out[5].stdout.as_str(), out[5].status), ("", 2));
    assert!(out[5].stderr.contains("default bridge"), "{}", out[5].stderr);
}

/// `docker build` is buildx's build in Docker 29: `-o/--output`, `--label`,
/// `--network`, … are real flags (docs.docker.com,
/// `docker buildx build` options), so the terminal says it does not simulate
/// them rather than cobra's "unknown flag".
#[test]
fn buildx_flags_are_known_even_where_not_simulated() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new().with_file("Dockerfile", "FROM alpine\n");
    for line in ["docker build -o out .", "docker build --label a=b -t x ."] {
        let out = execute(&mut engine, line, &mut host, T0);
        assert_eq!(out.status, 125, "{line}");
        assert!(
            out.stderr.contains("is a real docker flag, but Layerlab does not simulate it"),
            "{line}: {}",
            out.stderr
        );
    }
}

/// `docker compose up` waits until `db` is healthy before it starts `web`
/// (compose `convergence.go`, `waitDependencies`), so that much time has
/// passed when it returns: a `docker ps` typed right after it, at a caller's
/// clock that did not move, must not show the container younger than that.
#[test]
fn the_daemons_clock_does_not_run_back_after_compose_waited() {
    let compose = "services:\n  db:\n    image: postgres:18\n    environment:\n      POSTGRES_PASSWORD: x\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready\"]\n      interval: 5s\n  web:\n    image: nginx\n    depends_on:\n      db:\n        condition: service_healthy\n";
    let mut engine = Engine::new();
    let mut host = MemoryHost::new().with_file("compose.yaml", compose);
    let up = execute(&mut engine, "docker compose -p shop up -d", &mut host, T0);
    assert!(up.stderr.contains("Healthy"), "{}", up.stderr);
    let ps = execute(&mut engine, "docker ps --format '{{.Names}} {{.Status}}'", &mut host, T0);
    assert!(ps.stdout.contains("shop-db-1 Up 5 seconds (healthy)\n"), "{}", ps.stdout);
}

/// `docker build --no-cache` runs every step again: the layers and the
/// history's `created` times are new, so the image id is new and the tag
/// leaves the old image dangling (docs.docker.com, "Build cache": `--no-cache`
/// "forces a rebuild of all steps"; an image id is the digest of its config,
/// which holds the history and the layers' diff ids, image-spec `config.md`).
/// A rebuild that takes every step from the cache gives the same id again.
#[test]
fn no_cache_rebuild_makes_a_new_image() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new()
        .with_file("Dockerfile", "FROM alpine:3.22\nRUN echo hi > /hi\nCOPY app.txt /\n")
        .with_file("app.txt", "v1\n");
    let mut run = |line: &str, at: u64| execute(&mut engine, line, &mut host, T0 + at);
    let first = run("docker build -q -t app .", 0).stdout;
    let again = run("docker build -q -t app .", 10).stdout;
    let fresh = run("docker build -q --no-cache -t app .", 20).stdout;
    let cached = run("docker build -q -t app .", 30).stdout;
    assert_eq!(first, again, "every step cached: the same image");
    assert_ne!(fresh, first, "--no-cache ran every step again");
    assert_eq!(cached, fresh, "the next cached build reuses the --no-cache build's layers");
    let dangling = run("docker images -q --filter dangling=true", 40).stdout;
    assert_eq!(dangling, format!("{}\n", &first.trim()[7..19]));
}

/// `docker run -it ubuntu bash` attaches the terminal to bash until it exits
/// (docs.docker.com, `docker run`: `-it` "connects your terminal to the
/// container's stdin and stdout"); the terminal cannot, and says so instead
/// of printing nothing.
#[test]
fn an_attached_run_that_keeps_running_says_the_prompt_comes_back() {
    let mut engine = Engine::new();
    let out = script(&mut engine, &[(0, "docker run -it ubuntu bash"), (1, "docker run alpine echo hi")]);
    assert_eq!(out[0].status, 0);
    assert!(out[0].stderr.contains("an interactive session, which is not simulated"), "{}", out[0].stderr);
    assert!(!out[1].stderr.contains("# layerlab"), "{}", out[1].stderr);
}

/// `--read-only` "mounts the container's root filesystem as read only"
/// (docs.docker.com, `docker run`); writes still reach volumes and tmpfs
/// mounts. busybox `touch` reports `touch: PATH: Read-only file system` and
/// exits 1 (as observed with read-only root filesystems, e.g. Kubernetes
/// hardening walkthroughs); coreutils words it "cannot create directory".
#[test]
fn read_only_root_refuses_touch_and_mkdir_outside_mounts() {
    let mut engine = Engine::new();
    let out = script(
        &mut engine,
        &[
            (0, "docker run --read-only alpine touch /x"),
            (1, "docker run --read-only -v data:/data alpine touch /data/x"),
            (2, "docker run --read-only --tmpfs /tmp alpine mkdir /tmp/a"),
            (3, "docker run --read-only ubuntu mkdir /a"),
            (4, "docker run alpine touch /x"),
        ],
    );
    assert_eq!((out[0].stdout.as_str(), out[0].status), ("touch: /x: Read-only file system\n", 1));
    assert_eq!((out[1].status, out[2].status, out[4].status), (0, 0, 0));
    assert_eq!(out[3].stdout, "mkdir: cannot create directory '/a': Read-only file system\n");
}

/// `whoami` prints the name of the effective user (coreutils whoami(1)):
/// `root` by default, the `--user` name (docs.docker.com, `docker run
/// --user`: "Username or UID"), or the image's `USER`. A bare uid's name
/// depends on the image's passwd, which is not modelled, so it stays a note.
#[test]
fn whoami_names_the_user_the_process_runs_as() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new().with_file("Dockerfile", "FROM alpine:3.22\nRUN adduser -D app\nUSER app\n");
    let mut run = |line: &str| execute(&mut engine, line, &mut host, T0).stdout;
    assert_eq!(run("docker run --rm alpine whoami"), "root\n");
    assert_eq!(run("docker run --rm --user nobody alpine whoami"), "nobody\n");
    run("docker build -q -t withuser .");
    assert_eq!(run("docker run --rm withuser whoami"), "app\n");
    assert_eq!(run("docker run --rm -u 1000 alpine whoami"), "(output of whoami not simulated)\n");
}
