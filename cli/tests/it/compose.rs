//! `layerlab compose …`: Compose's commands over the same state as the
//! docker commands, the files read from disk.

use super::{fresh_state, layerlab_at, text, T0};

const COMPOSE: &str = "name: blog
services:
  web:
    build: .
    ports:
      - \"8000:8000\"
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:18
    environment:
      POSTGRES_PASSWORD: example
    volumes:
      - data:/var/lib/postgresql
    healthcheck:
      test: [\"CMD-SHELL\", \"pg_isready -U postgres\"]
      interval: 5s
volumes:
  data:
";

#[test]
fn compose_up_ps_and_down_v_share_the_daemon_with_docker() {
    let dir = std::env::temp_dir().join(format!("layerlab-compose-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create dir");
    std::fs::write(dir.join("compose.yaml"), COMPOSE).expect("write");
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"-m\", \"http.server\", \"8000\"]\n",
    )
    .expect("write");
    let state = fresh_state();
    let run = |at: u64, args: &[&str]| {
        let mut all = vec![
            "--state",
            state.to_str().expect("utf-8"),
            "compose",
            "--project-directory",
            dir.to_str().expect("utf-8"),
        ];
        all.extend_from_slice(args);
        let out = layerlab_at(T0 + at, &all, "");
        (text(&out.stdout), text(&out.stderr), out.status.code().unwrap_or(-1))
    };
    let (_, stderr, status) = run(0, &["up", "-d"]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stderr.contains("[+] up "), "{stderr}");
    assert!(stderr.lines().any(|l| l.starts_with(" ✔ Container blog-db-1 ") && l.contains(" Healthy ")), "{stderr}");
    let (ps, _, _) = run(30, &["ps", "--services"]);
    assert_eq!(ps, "db\nweb\n");
    // The plain docker commands see the same containers and volume.
    let docker = layerlab_at(T0 + 40, &["--state", state.to_str().expect("utf-8"), "volume", "ls", "-q"], "");
    assert_eq!(text(&docker.stdout), "blog_data\n");
    let (_, stderr, status) = run(50, &["down", "-v"]);
    assert_eq!(status, 0, "{stderr}");
    let docker = layerlab_at(T0 + 60, &["--state", state.to_str().expect("utf-8"), "ps", "-aq"], "");
    assert_eq!(text(&docker.stdout), "");
    let docker = layerlab_at(T0 + 60, &["--state", state.to_str().expect("utf-8"), "volume", "ls", "-q"], "");
    assert_eq!(text(&docker.stdout), "");
}
