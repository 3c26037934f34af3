//! Tab completion against a daemon with a built image, a pulled one, two
//! containers, a user-defined network and a volume.

use super::*;
use crate::docker::test_support::T0;
use crate::docker::{execute, MemoryHost};

fn daemon() -> Engine {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new().with_file("Dockerfile", "FROM alpine:3.20\nCMD [\"sleep\", \"600\"]\n");
    for line in [
        "docker build -t app .",
        "docker build -t app:v2 .",
        "docker pull nginx:1.27",
        "docker network create backend",
        "docker volume create data",
        "docker run -d --name web nginx:1.27",
        "docker run -d --name worker app",
    ] {
        let out = execute(&mut engine, line, &mut host, T0);
        assert_eq!(out.status, 0, "{line}: {}", out.stderr);
    }
    engine
}

/// The candidates for `line`, and the line after Tab.
fn tab(engine: &Engine, line: &str) -> (Vec<String>, String) {
    let c = complete(engine, line);
    (c.candidates.clone(), c.apply(line))
}

#[test]
fn commands_and_subcommands_complete() {
    let e = daemon();
    let cases: &[(&str, &[&str], &str)] = &[
        // One candidate: the word and a space.
        ("docker ru", &["run"], "docker run "),
        ("ru", &["run"], "run "),
        ("dock", &["docker"], "docker "),
        ("docker netw", &["network"], "network "),
        // Several: extended to what they share (`p` → `pause`, `port`, `ps`, `pull`, `push`).
        ("docker im", &["image", "images", "import"], "docker im"),
        ("docker di", &["diff"], "docker diff "),
        ("docker inf", &["info"], "docker info "),
        ("docker p", &["pause", "port", "ps", "pull", "push"], "docker p"),
        ("docker network c", &["connect", "create"], "docker network c"),
        ("docker volume r", &["remove", "rm"], "docker volume r"),
        ("docker image l", &["list", "load", "ls"], "docker image l"),
        ("docker frob", &[], "docker frob"),
    ];
    for (line, want, after) in cases {
        let (got, applied) = tab(&e, line);
        assert_eq!(got, *want, "{line}");
        let after = if after.starts_with("docker") || !line.starts_with("docker") {
            after.to_string()
        } else {
            format!("docker {after}")
        };
        assert_eq!(applied, after, "{line}");
    }
}

#[test]
fn names_come_from_the_daemon() {
    let e = daemon();
    let cases: &[(&str, &[&str])] = &[
        // Images: `repo` for :latest, and every `repo:tag`.
        ("docker run ap", &["app", "app:latest", "app:v2"]),
        ("docker run -d -p 8080:80 ng", &["nginx:1.27"]),
        ("docker rmi app:", &["app:latest", "app:v2"]),
        ("docker history n", &["nginx:1.27"]),
        // Containers by name, wherever the usage line says CONTAINER.
        ("docker stop w", &["web", "worker"]),
        ("docker logs --tail 5 wo", &["worker"]),
        ("docker exec -it we", &["web"]),
        // `network connect NETWORK CONTAINER`: the second word is a container.
        ("docker network connect backend w", &["web", "worker"]),
        ("docker network inspect b", &["backend", "bridge"]),
        ("docker volume rm d", &["data"]),
        // A flag's value that names something.
        ("docker run --network b", &["backend", "bridge"]),
        ("docker run -v d", &["data"]),
        ("docker run --pid h", &["host"]),
        // `inspect NAME|ID`: any object.
        ("docker inspect w", &["web", "worker"]),
    ];
    for (line, want) in cases {
        assert_eq!(complete(&e, line).candidates, *want, "{line}");
    }
    assert_eq!(tab(&e, "docker run -d ng").1, "docker run -d nginx:1.27 ");
}

#[test]
fn flags_complete_and_values_and_commands_are_left_alone() {
    let e = daemon();
    assert_eq!(complete(&e, "docker ps --a").candidates, ["--all"]);
    assert_eq!(tab(&e, "docker ps --no").1, "docker ps --no-trunc ");
    assert_eq!(complete(&e, "docker rmi --f").candidates, ["--force"]);
    // run's own table, with create's differences (`--rm` is both; `--detach` run only).
    assert_eq!(tab(&e, "docker run --entry").1, "docker run --entrypoint ");
    assert!(complete(&e, "docker run --de").candidates.contains(&"--detach".to_owned()));
    assert!(!complete(&e, "docker create --de").candidates.contains(&"--detach".to_owned()));
    // After the image, the words are the container's command: nothing to offer.
    assert_eq!(complete(&e, "docker run app s").candidates, Vec::<String>::new());
    assert_eq!(complete(&e, "docker run -it app --w").candidates, Vec::<String>::new());
    // A value of a flag that names nothing we know (a port, a file).
    assert_eq!(complete(&e, "docker run -p a").candidates, Vec::<String>::new());
    assert_eq!(complete(&e, "docker images --filter d").candidates, Vec::<String>::new());
    // `build PATH`: not a name of the daemon's.
    assert_eq!(complete(&e, "docker build -t x a").candidates, Vec::<String>::new());
}

#[test]
fn an_empty_word_lists_everything_that_fits() {
    let e = daemon();
    let after_run = complete(&e, "docker run ");
    assert_eq!(after_run.start, "docker run ".len());
    // The base image the build pulled is an image of the daemon too.
    assert_eq!(after_run.candidates, ["alpine:3.20", "app", "app:latest", "app:v2", "nginx:1.27"]);
    // Nothing shared to extend to: the line stays, the candidates are listed.
    assert_eq!(after_run.apply("docker run "), "docker run ");
    let commands = complete(&e, "docker ").candidates;
    for word in ["build", "run", "ps", "images", "network", "volume", "system"] {
        assert!(commands.iter().any(|c| c == word), "{word} in {commands:?}");
    }
    // A fresh daemon has no containers.
    assert_eq!(complete(&Engine::new(), "docker stop ").candidates, Vec::<String>::new());
}
