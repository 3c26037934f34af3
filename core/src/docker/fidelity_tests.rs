//! A new user's walk through the terminal, held to what Docker 29 prints:
//! each test names the Docker source its expectation was read from.

use super::*;

const T0: u64 = 1_795_000_000;

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
