//! End-to-end tests of the loader: files in, `Project` or error out, and
//! `docker compose config`'s text as a snapshot.

use std::time::Duration;

use super::*;
use crate::compose::model::{DependencyCondition, HealthTest, MountKind, PortRange, Protocol, RestartPolicy};

fn input(files: &[(&str, &str)]) -> ComposeInput {
    ComposeInput {
        files: files.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect(),
        project_dir_name: "myapp".into(),
        ..ComposeInput::default()
    }
}

const WEB_DB: &str = r#"
services:
  web:
    build:
      context: .
      args:
        VERSION: "1.2"
    command: python app.py --port 8000
    ports:
      - "8000:8000"
      - target: 9000
        published: "9001"
        host_ip: 127.0.0.1
    environment:
      DATABASE_URL: postgres://db/${DB_NAME:-app}
      DEBUG:
    depends_on:
      db:
        condition: service_healthy
      cache:
        condition: service_started
        required: false
    networks:
      - back
    restart: on-failure:3
    deploy:
      resources:
        limits: {cpus: "0.5", memory: 512M}
  db:
    image: postgres:16
    volumes:
      - data:/var/lib/postgresql/data
      - ./init:/docker-entrypoint-initdb.d:ro
    healthcheck:
      test: ["CMD", "pg_isready", "-U", "postgres"]
      interval: 10s
      timeout: 5s
      retries: 5
      start_period: 1m30s
    networks:
      back:
        aliases: [database]
  cache:
    image: redis:7
    expose: ["6379"]
networks:
  back: {}
volumes:
  data:
"#;

#[test]
fn a_web_app_with_a_database() {
    let project = load(&input(&[("compose.yaml", WEB_DB)])).unwrap();
    assert_eq!(project.name, "myapp");
    let web = project.service("web").unwrap();
    assert_eq!(web.command.as_deref().unwrap(), ["python", "app.py", "--port", "8000"]);
    assert_eq!(web.environment["DATABASE_URL"].as_deref(), Some("postgres://db/app"));
    assert_eq!(web.environment["DEBUG"], None);
    assert_eq!(web.ports.len(), 2);
    assert_eq!(web.ports[1].published, Some(PortRange::single(9001)));
    assert_eq!(web.ports[1].host_ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(web.depends_on["db"].condition, DependencyCondition::Healthy);
    assert!(!web.depends_on["cache"].required);
    assert_eq!(web.restart, Some(RestartPolicy::OnFailure(Some(3))));
    assert_eq!(web.resources.limits.memory, Some(512 << 20));
    assert_eq!(web.build.as_ref().unwrap().args["VERSION"].as_deref(), Some("1.2"));
    let db = project.service("db").unwrap();
    let check = db.healthcheck.as_ref().unwrap();
    assert_eq!(check.test, Some(HealthTest::Cmd(vec!["pg_isready".into(), "-U".into(), "postgres".into()])));
    assert_eq!(check.start_period, Some(Duration::from_secs(90)));
    assert_eq!(db.volumes[1].kind, MountKind::Bind);
    assert!(db.volumes[1].read_only);
    assert_eq!(db.networks["back"].aliases, ["database"]);
    assert_eq!(project.service("cache").unwrap().expose[0].protocol, Protocol::Tcp);
    // `default` exists because `cache` names no network.
    assert!(project.networks.contains_key("default"));
}

#[test]
fn config_output() {
    let mut i = input(&[("compose.yaml", WEB_DB)]);
    i.env.insert("DEBUG".into(), "1".into());
    i.working_dir = "/home/me/myapp".into();
    let project = load(&i).unwrap();
    insta::assert_snapshot!(render::config(&project));
}

#[test]
fn environment_wins_over_dotenv() {
    let mut i = input(&[("compose.yaml", "services:\n  a:\n    image: \"alpine:${TAG}\"\n    user: ${WHO}\n")]);
    i.env.insert("TAG".into(), "3.20".into());
    i.dotenv = Some("TAG=3.19\nWHO=nobody\n".into());
    let project = load(&i).unwrap();
    let a = project.service("a").unwrap();
    assert_eq!(a.image.as_deref(), Some("alpine:3.20"));
    assert_eq!(a.user.as_deref(), Some("nobody"));
}

#[test]
fn project_name_precedence() {
    let text = "name: fromfile\nservices:\n  a: {image: x}\n";
    assert_eq!(load(&input(&[("compose.yaml", text)])).unwrap().name, "fromfile");
    let mut i = input(&[("compose.yaml", text)]);
    i.env.insert("COMPOSE_PROJECT_NAME".into(), "FromEnv".into());
    assert_eq!(load(&i).unwrap().name, "fromenv");
    i.project_name = Some("flag".into());
    assert_eq!(load(&i).unwrap().name, "flag");
}

#[test]
fn files_merge_in_order() {
    let base = "services:\n  web:\n    image: web:1\n    ports: ['8080:80']\n    environment: {A: '1'}\n";
    let over = "services:\n  web:\n    image: web:2\n    ports: ['8443:443']\n    environment: {B: '2'}\n";
    let project = load(&input(&[("compose.yaml", base), ("compose.override.yaml", over)])).unwrap();
    let web = project.service("web").unwrap();
    assert_eq!(web.image.as_deref(), Some("web:2"));
    assert_eq!(web.ports.iter().map(|p| p.target).collect::<Vec<_>>(), [80, 443]);
    assert_eq!(web.environment.len(), 2);
}

#[test]
fn default_file_lookup_order() {
    assert_eq!(default_files(&["docker-compose.yml", "compose.yml"]).unwrap(), ["compose.yml"]);
    assert_eq!(
        default_files(&["docker-compose.yaml", "docker-compose.override.yml"]).unwrap(),
        ["docker-compose.yaml", "docker-compose.override.yml"]
    );
    assert_eq!(default_files(&["Dockerfile"]), Err(ComposeError::NoConfigFile));
}

fn error(text: &str) -> String {
    load(&input(&[("compose.yaml", text)])).unwrap_err().to_string()
}

#[test]
fn errors_with_locations() {
    insta::assert_snapshot!(
        [
            error("services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?set it}\n"),
            error("services:\n  web:\n    image: \"nginx:${TAG\"\n"),
            error("services:\n  web:\n    image: nginx\n    port: ['80']\n"),
            error("services:\n  web:\n    image: nginx\n    ports: ['80:http']\n"),
            error("services:\n  web:\n    image: nginx\n    depends_on: [db]\n"),
            error("services:\n  web:\n    image: nginx\n    volumes: ['data:/data']\n"),
            error("services:\n  web:\n    image: nginx\n     user: x\n"),
            error("services:\n  web: {}\n"),
            error("- a\n- b\n"),
            error("services:\n  web:\n    image: nginx\n    healthcheck:\n      interval: 10\n"),
        ]
        .join("\n")
    );
}

/// `docker compose config` through the docker command line, reading the
/// files, `.env` and the environment from the host.
#[test]
fn docker_compose_config_reads_the_host() {
    use crate::docker::{execute, MemoryHost};
    use crate::engine::Engine;
    let mut host = MemoryHost::new()
        .with_file(
            "shop/compose.yaml",
            "services:\n  web:\n    image: \"nginx:${TAG}\"\n    ports: [\"${PORT:-80}:80\"]\n",
        )
        .with_file("shop/.env", "TAG=1.27\nPORT=8080\n");
    host.env.insert("PORT".into(), "9090".into());
    let out = execute(&mut Engine::new(), "docker compose --project-directory shop config", &mut host, 0);
    assert_eq!(out.status, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
    let out = execute(&mut Engine::new(), "docker compose --project-directory shop -f nope.yaml config", &mut host, 0);
    assert_eq!((out.status, out.stderr.as_str()), (1, "open shop/nope.yaml: no such file or directory\n"));
}
