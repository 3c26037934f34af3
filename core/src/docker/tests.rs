//! The docker command line over the engine, as a terminal would use it.

use super::*;
use crate::docker::test_support::{run_at as run, T0};

const APP: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";

fn project(app: &str) -> MemoryHost {
    MemoryHost::new()
        .with_file("Dockerfile", APP)
        .with_file("requirements.txt", "flask==3.0\n")
        .with_file("app.py", app)
}

#[test]
fn aliases_reach_the_same_command() {
    let mut engine = Engine::new();
    let mut host = project("print(1)\n");
    assert_eq!(run(&mut engine, &mut host, "docker build -t app .", T0).status, 0);
    let a = run(&mut engine, &mut host, "docker images", T0 + 60);
    let b = run(&mut engine, &mut host, "docker image ls", T0 + 60);
    let c = run(&mut engine, &mut host, "image list", T0 + 60);
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert!(a.stdout.starts_with("IMAGE "), "{}", a.stdout);
    assert!(a.stdout.contains("app:latest "), "{}", a.stdout);
}

#[test]
fn usage_errors_use_docker_cli_texts_and_statuses() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new();
    let cases: &[(&str, &str, u8)] = &[
        ("docker images --bogus", "unknown flag: --bogus\nSee 'docker images --help'.\n", 125),
        ("docker images -z", "unknown shorthand flag: 'z' in -z\nSee 'docker images --help'.\n", 125),
        ("docker images --filter", "flag needs an argument: --filter\nSee 'docker images --help'.\n", 125),
        (
            "docker history",
            "\"docker history\" requires exactly 1 argument.\nSee 'docker history --help'.\n\nUsage:  docker history [OPTIONS] IMAGE\n\nShow the history of an image\n",
            1,
        ),
        (
            "docker image prune extra",
            "\"docker image prune\" accepts no arguments.\nSee 'docker image prune --help'.\n\nUsage:  docker image prune [OPTIONS]\n\nRemove unused images\n",
            1,
        ),
        ("docker frobnicate", "docker: unknown command: docker frobnicate\n\nRun 'docker --help' for more information\n", 1),
        ("docker rmi --force=maybe x", "invalid argument \"maybe\" for \"-f, --force\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\nSee 'docker rmi --help'.\n", 125),
    ];
    for (line, stderr, status) in cases {
        let out = run(&mut engine, &mut host, line, T0);
        assert_eq!(out.stderr, *stderr, "{line}");
        assert_eq!(out.status, *status, "{line}");
    }
}

#[test]
fn an_unmodelled_flag_says_so_instead_of_pretending() {
    let mut engine = Engine::new();
    // (`--digests` was the example until the registries made it real.)
    let out = run(&mut engine, &mut MemoryHost::new(), "docker images --tree", T0);
    assert_eq!(out.status, 125);
    assert!(out.stderr.contains("--tree is a real docker flag, but Layerlab does not simulate it"), "{}", out.stderr);
    // --format: `table` (the classic table) is simulated, templates are not.
    let out = run(&mut engine, &mut MemoryHost::new(), "docker images --format '{{.ID}}'", T0);
    assert_eq!(out.status, 125);
    assert!(out.stderr.contains("is not simulated (only `table`"), "{}", out.stderr);
}

#[test]
fn help_lists_the_flags() {
    let mut engine = Engine::new();
    let out = run(&mut engine, &mut MemoryHost::new(), "docker rmi --help", T0);
    assert_eq!(out.status, 0);
    assert!(out.stdout.contains("Usage:  docker rmi [OPTIONS] IMAGE [IMAGE...]"), "{}", out.stdout);
    assert!(out.stdout.contains("-f, --force"), "{}", out.stdout);
}

#[test]
fn build_logs_to_stderr_with_naming_lines_and_quiet_prints_the_id() {
    let mut engine = Engine::new();
    let mut host = project("print(1)\n");
    let out = run(&mut engine, &mut host, "docker build -t app -t app:v1 .", T0);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains(" naming to docker.io/library/app:latest done\n"), "{}", out.stderr);
    assert!(out.stderr.contains(" naming to docker.io/library/app:v1 done\n"), "{}", out.stderr);
    let quiet = run(&mut engine, &mut host, "docker build -q -t app .", T0 + 5);
    let id = engine.resolve("app").expect("tagged");
    assert_eq!(quiet.stdout, format!("{id}\n"));
}

#[test]
fn build_errors_are_docker_s() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new().with_file("src/app.py", "x");
    let out = run(&mut engine, &mut host, "docker build src", T0);
    assert_eq!(out.status, 1);
    assert_eq!(
        out.stderr,
        // buildx wraps build errors in `failed to build` (commands/build.go, since buildx 0.25).
        "ERROR: failed to build: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory\n"
    );
    let out = run(&mut engine, &mut host, "docker build -t Bad:Tag src", T0);
    assert_eq!(out.status, 1);
    assert!(out.stderr.starts_with("ERROR: invalid tag: \"Bad:Tag\""), "{}", out.stderr);
}

#[test]
fn images_filters_by_reference_and_dangling() {
    let mut engine = Engine::new();
    let mut host = project("print(1)\n");
    run(&mut engine, &mut host, "docker build -t app .", T0);
    run(&mut engine, &mut host, "docker tag app web:v1", T0);
    let mut host = project("print(2)\n");
    run(&mut engine, &mut host, "docker build -t app .", T0 + 60);
    let web = run(&mut engine, &mut host, "docker images web", T0 + 120).stdout;
    assert_eq!(web.lines().count(), 2, "{web}");
    assert!(web.contains("web:v1 "), "{web}");
    let pattern = run(&mut engine, &mut host, "docker images --filter reference='w*:v1'", T0 + 120).stdout;
    assert_eq!(pattern, web);
    let app = run(&mut engine, &mut host, "docker images -q app", T0 + 120).stdout;
    assert_eq!(app.lines().count(), 1);
    // The first `app` image still has `web:v1`, so nothing dangles; untag it and it does not
    // dangle either (it is deleted). Build a third time: the second build's image dangles.
    let mut host3 = project("print(3)\n");
    run(&mut engine, &mut host3, "docker build -t app .", T0 + 180);
    let dangling = run(&mut engine, &mut host3, "docker images -f dangling=true", T0 + 200).stdout;
    assert!(dangling.contains("<untagged>"), "{dangling}");
    let bad = run(&mut engine, &mut host3, "docker images -f colour=red", T0 + 200);
    assert_eq!(bad.stderr, "Error response from daemon: invalid filter 'colour'\n");
}

#[test]
fn prune_without_force_asks_and_a_no_keeps_everything() {
    let mut engine = Engine::new();
    let mut host = project("print(1)\n");
    run(&mut engine, &mut host, "docker build -t app .", T0);
    run(&mut engine, &mut project("print(2)\n"), "docker build -t app .", T0 + 60);
    assert_eq!(engine.dangling().len(), 1);
    host.confirm = false;
    let out = run(&mut engine, &mut host, "docker image prune", T0 + 90);
    assert_eq!(out, Output::ok(String::new()));
    assert_eq!(
        host.prompts,
        ["WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] "]
    );
    assert_eq!(engine.dangling().len(), 1);
    host.confirm = true;
    let out = run(&mut engine, &mut host, "docker image prune", T0 + 90);
    assert!(out.stdout.starts_with("Deleted Images:\ndeleted: sha256:"), "{}", out.stdout);
    assert!(engine.dangling().is_empty());
}

#[test]
fn system_prune_all_output() {
    let mut engine = Engine::new();
    run(&mut engine, &mut project("print(1)\n"), "docker build -t app .", T0);
    run(&mut engine, &mut project("print(2)\n"), "docker build -t app .", T0 + 60);
    let out = run(&mut engine, &mut MemoryHost::new(), "docker system prune -a -f", T0 + 120);
    assert_eq!(out.status, 0);
    let text = out.stdout.clone();
    assert!(text.starts_with("Deleted Images:\n"), "{text}");
    assert!(text.contains("\nuntagged: app:latest\n"), "{text}");
    assert!(text.contains("\nDeleted build cache objects:\n"), "{text}");
    assert!(text.contains("\n\nTotal reclaimed space: "), "{text}");
    let images = run(&mut engine, &mut MemoryHost::new(), "docker images -q", T0 + 130);
    assert_eq!(images.stdout, "");
    // Ids differ per run only through the build's inputs: the snapshot is stable.
    insta::assert_snapshot!("system_prune_all", text);
}

#[test]
fn inspect_prints_go_style_json_and_reports_missing_names() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new().with_file("Dockerfile", "FROM alpine:3.20\nLABEL note=\"a<b & c>d\"\n");
    assert_eq!(run(&mut engine, &mut host, "docker build -t lab .", T0).status, 0);
    let out = run(&mut engine, &mut host, "docker image inspect lab nothere", T0);
    assert_eq!(out.status, 1);
    assert_eq!(out.stderr, "Error: No such image: nothere\n");
    assert!(out.stdout.starts_with("[\n    {\n        \"Id\": \"sha256:"), "{}", out.stdout);
    assert!(out.stdout.contains("\"note\": \"a\\u003cb \\u0026 c\\u003ed\""), "{}", out.stdout);
    let generic = run(&mut engine, &mut host, "docker inspect nothere", T0);
    assert_eq!((generic.stdout.as_str(), generic.stderr.as_str()), ("[]\n", "Error: No such object: nothere\n"));
}

#[test]
fn save_and_load_give_back_the_same_image() {
    let mut engine = Engine::new();
    let mut host = project("print(1)\n");
    run(&mut engine, &mut host, "docker build -t app:v1 .", T0);
    let id = engine.resolve("app:v1").expect("built");
    let before = engine.inspect("app:v1").expect("inspect");
    let saved = run(&mut engine, &mut host, "docker save -o app.json app:v1", T0 + 10);
    assert_eq!(saved, Output::ok(String::new()));
    assert!(host.files.contains_key("app.json"));
    let removed = run(&mut engine, &mut host, "docker rmi app:v1", T0 + 20);
    assert!(removed.stdout.contains(&format!("Deleted: {id}")), "{}", removed.stdout);
    let loaded = run(&mut engine, &mut host, "docker load -i app.json", T0 + 30);
    assert_eq!(loaded.stdout, "Loaded image: app:v1\n");
    assert_eq!(engine.resolve("app:v1").expect("loaded"), id);
    assert_eq!(engine.inspect("app:v1").expect("inspect"), before);
    let history = run(&mut engine, &mut host, "docker history --no-trunc app:v1", T0 + 40);
    assert!(history.stdout.contains("pip install -r requirements.txt"), "{}", history.stdout);
    let bad = run(&mut engine, &mut host.with_file("junk.json", "{}"), "docker load -i junk.json", T0);
    assert_eq!(bad.status, 1);
    assert!(bad.stderr.starts_with("Error response from daemon: not a Layerlab image archive"), "{}", bad.stderr);
}

#[test]
fn a_session_replays_to_the_same_engine_and_keeps_the_cache() {
    let mut session = Session::new();
    let mut host = project("print(1)\n");
    session.execute("docker build -t app .", &mut host, T0);
    session.execute("docker tag app app:v1", &mut host, T0 + 5);
    session.execute("docker images", &mut host, T0 + 6);
    let mut edited = project("print(2)\n");
    session.execute("docker build -t app .", &mut edited, T0 + 60);
    assert_eq!(session.len(), 3, "reads are not recorded");
    let saved = session.to_json();
    let mut restored = Session::from_json(&saved).expect("replays");
    assert_eq!(restored.to_json(), saved);
    let mut none = MemoryHost::new();
    let images = |s: &mut Session, h: &mut MemoryHost| s.execute("docker images -a", h, T0 + 120);
    assert_eq!(images(&mut restored, &mut none), images(&mut session, &mut none));
    // The cache survived: the same edit again is all CACHED.
    let again = restored.execute("docker build -t app .", &mut project("print(2)\n"), T0 + 200);
    assert_eq!(again.status, 0);
    // Every step after FROM is a hit: exactly these four, and no other.
    assert_eq!(again.stderr.matches("CACHED").count(), 4, "{}", again.stderr);
    for step in [
        "#5 [2/5] WORKDIR /app\n#5 CACHED\n",
        "#7 [3/5] COPY requirements.txt .\n#7 CACHED\n",
        "#8 [4/5] RUN pip install -r requirements.txt\n#8 CACHED\n",
        "#9 [5/5] COPY . .\n#9 CACHED\n",
    ] {
        assert!(again.stderr.contains(step), "{step}: {}", again.stderr);
    }
}

#[test]
fn identical_contexts_are_stored_once() {
    let mut session = Session::new();
    let mut host = project("print(1)\n");
    session.execute("docker build -t a .", &mut host, T0);
    session.execute("docker build -t b .", &mut host, T0 + 1);
    let state: serde_json::Value = serde_json::from_str(&session.to_json()).expect("json");
    assert_eq!(state["contexts"].as_object().map(|o| o.len()), Some(1));
}

#[test]
fn a_damaged_state_is_refused_with_a_reason() {
    assert!(matches!(Session::from_json("not json"), Err(StateError::Json(_))));
    assert!(matches!(Session::from_json("{}"), Err(StateError::Format(_))));
    let mut session = Session::new();
    session.execute("docker build -t a .", &mut project("x"), T0);
    // Drop the recorded context: the replay can no longer answer the build.
    let mut state: serde_json::Value = serde_json::from_str(&session.to_json()).expect("json");
    state["contexts"] = serde_json::json!({});
    let err = Session::from_json(&state.to_string()).expect_err("diverges");
    assert_eq!(err, StateError::Replay { index: 0, line: "docker build -t a .".into() });
}

#[test]
fn a_replayed_session_unpacks_the_same_archive() {
    use crate::context::archive_testing::{dir, file, gzip, tar};
    let bundle = gzip(&tar(&[dir("site/"), file("site/index.html", b"<h1>hi</h1>"), file("site/app.js", b"run()")]));
    let mut host = MemoryHost::new().with_file("Dockerfile", "FROM nginx:alpine\nADD site.tar.gz /usr/share/nginx/\n");
    host.files.insert("site.tar.gz".into(), bundle);
    let mut session = Session::new();
    let built = session.execute("docker build -t site .", &mut host, T0);
    assert_eq!(built.status, 0, "{}", built.stderr);
    let id = session.engine().resolve("site").expect("built");
    let restored = Session::from_json(&session.to_json()).expect("replays");
    assert_eq!(restored.engine().resolve("site").expect("replayed"), id);
    assert_eq!(restored.engine().inspect("site"), session.engine().inspect("site"));
}

/// Runs each line in turn on one engine and returns the last output.
fn script(engine: &mut Engine, lines: &[(u64, &str)]) -> Vec<Output> {
    let mut host = MemoryHost::new();
    lines.iter().map(|(at, line)| execute(engine, line, &mut host, T0 + at)).collect()
}

#[test]
fn containers_through_the_command_line() {
    let mut engine = Engine::new();
    let out = script(
        &mut engine,
        &[
            (0, "docker run -d --name web -p 8080:80 nginx"),
            (10, "docker run --rm alpine:3.22 true"),
            (20, "docker ps"),
            (30, "docker stop web"),
            (40, "docker ps -a --filter status=exited -q"),
            (50, "docker rm web"),
            (60, "docker ps -a"),
        ],
    );
    assert_eq!(out[0].status, 0, "{}", out[0].stderr);
    assert_eq!(out[0].stdout.trim().len(), 64, "run -d prints the id: {}", out[0].stdout);
    assert!(out[0].stderr.starts_with("Unable to find image 'nginx:latest' locally\n"), "{}", out[0].stderr);
    assert_eq!(out[1].status, 0);
    assert!(out[2].stdout.contains(" web\n"), "{}", out[2].stdout);
    assert!(!out[2].stdout.contains("alpine"), "--rm removed the finished container: {}", out[2].stdout);
    assert_eq!(out[3].stdout, "web\n");
    assert_eq!(out[4].stdout, format!("{}\n", &out[0].stdout.trim()[..12]));
    assert_eq!(out[5].stdout, "web\n");
    assert_eq!(out[6].stdout.lines().count(), 1, "only the header is left: {}", out[6].stdout);
}

#[test]
fn run_errors_and_exit_statuses_are_dockers() {
    let mut engine = Engine::new();
    let out = script(
        &mut engine,
        &[
            (0, "docker run alpine:3.22 sh -c 'echo starting; echo \"two words\" && exit 3'"),
            (1, "docker run alpine:3.22 nosuchprogram"),
            (2, "docker run -d --name one -p 8080:80 nginx"),
            (3, "docker run -d --name two -p 8080:80 nginx"),
            (4, "docker run --bogus alpine:3.22"),
            (5, "docker exec one nosuchprogram"),
        ],
    );
    assert_eq!(out[0].status, 3, "attached run exits with the container's code");
    assert_eq!(out[0].stdout, "starting\ntwo words\n", "the script's echoes are its output");
    assert_eq!(out[1].status, 127);
    assert!(out[1].stderr.contains("exec: \"nosuchprogram\": executable file not found in $PATH"), "{}", out[1].stderr);
    assert!(out[1].stderr.ends_with("\n\nRun 'docker run --help' for more information\n"), "{}", out[1].stderr);
    assert_eq!(out[3].status, 125);
    assert!(out[3].stderr.contains("port is already allocated"), "{}", out[3].stderr);
    assert_eq!(out[4].status, 125);
    assert!(out[4].stderr.starts_with("unknown flag: --bogus"), "{}", out[4].stderr);
    assert_eq!(out[5].status, 126);
    assert!(out[5].stderr.contains("executable file not found in $PATH"), "{}", out[5].stderr);
}

/// The classic confusions, asked the way a learner asks them: on the command line.
#[test]
fn classic_confusions_come_out_right() {
    let mut engine = Engine::new();
    let out = script(
        &mut engine,
        &[
            (0, "docker run -d --name plain nginx"),
            (1, "docker port plain"),
            (2, "docker run -d --name published -p 8080:80 nginx"),
            (3, "docker port published"),
            (4, "docker network create backend"),
            (5, "docker run -d --name api --network backend redis"),
            (6, "docker run -d --name worker --network backend redis"),
        ],
    );
    // EXPOSE 80 in nginx's image publishes nothing without -p.
    assert_eq!(out[1].stdout, "");
    assert_eq!(out[3].stdout, "80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n");
    let runtime = engine.runtime();
    let bridge = runtime.resolve_name("plain", "published").expect("both exist");
    assert!(!bridge.reachable, "the default bridge has no DNS by name");
    assert!(bridge.why.contains("no embedded DNS"), "{}", bridge.why);
    let user_defined = runtime.resolve_name("worker", "api").expect("both exist");
    assert!(user_defined.reachable, "a user-defined network resolves names: {}", user_defined.why);
    assert!(user_defined.ip.is_some());
}

#[test]
fn a_session_replays_containers() {
    let mut session = Session::new();
    let mut host = MemoryHost::new();
    for (at, line) in [
        (0, "docker network create backend"),
        (5, "docker run -d --name db --network backend -e POSTGRES_PASSWORD=pw postgres"),
        (10, "docker run -d --name web -p 8080:80 --network backend nginx"),
        (20, "docker stop db"),
        (30, "docker volume create data"),
    ] {
        let out = session.execute(line, &mut host, T0 + at);
        assert_eq!(out.status, 0, "{line}: {}", out.stderr);
    }
    let mut restored = Session::from_json(&session.to_json()).expect("replays");
    for line in ["docker ps -a", "docker network ls", "docker volume ls", "docker inspect web"] {
        assert_eq!(restored.execute(line, &mut host, T0 + 60), session.execute(line, &mut host, T0 + 60), "{line}");
    }
}

#[test]
fn a_user_missing_from_the_image_leaves_the_container_created() {
    let mut engine = Engine::new();
    let out = script(
        &mut engine,
        &[
            (0, "docker run --name ghost -u nobody123 alpine:3.22 id"),
            (1, "docker ps -a --filter name=ghost"),
            (2, "docker run --rm -u nobody alpine:3.22 id"),
            (3, "docker run --rm -u 1000:1000 alpine:3.22 id"),
            (4, "docker run -d --name web -u nginx nginx:alpine"),
        ],
    );
    assert_eq!(out[0].status, 125);
    assert_eq!(
        out[0].stderr.lines().filter(|l| l.starts_with("docker:")).collect::<Vec<_>>(),
        ["docker: Error response from daemon: unable to find user nobody123: no matching entries in passwd file"]
    );
    assert!(out[1].stdout.contains("Created"), "{}", out[1].stdout);
    assert_eq!(out[2].status, 0, "nobody is in Alpine's passwd: {}", out[2].stderr);
    assert_eq!(out[3].status, 0, "numeric ids need no passwd entry: {}", out[3].stderr);
    assert_eq!(out[4].status, 0, "the nginx image has an nginx user: {}", out[4].stderr);
}

/// Time only moves when a command passes `now`; looking in between must not
/// change what a later look sees (restart loops, processes that end).
#[test]
fn looking_in_between_does_not_change_the_outcome() {
    let start = [
        (0, "docker run -d --name loop --restart always alpine:3.22 sh -c 'exit 1'"),
        (0, "docker run -d --name nap alpine:3.22 sleep 30"),
        (0, "docker run -d --name flaky --restart on-failure:3 alpine:3.22 false"),
    ];
    let mut watched = Engine::new();
    let mut unwatched = Engine::new();
    script(&mut watched, &start);
    script(&mut unwatched, &start);
    for at in [1, 2, 5, 9, 17, 29, 31, 45, 70] {
        script(&mut watched, &[(at, "docker ps -a")]);
    }
    // The text is the same; the events are not (each look reports what changed since the last one).
    let seen = |e: &mut Engine| {
        let mut out = script(e, &[(120, "docker ps -a"), (120, "docker inspect loop flaky nap")]);
        out.iter_mut().for_each(|o| o.events.clear());
        out
    };
    let outputs = seen(&mut watched);
    assert_eq!(outputs, seen(&mut unwatched));
    // Backoff 100 ms, 200 ms, … 51.2 s: ten restarts fit in the first 102.3 s, the
    // eleventh comes at 162.3 s.
    let inspect: serde_json::Value = serde_json::from_str(&outputs[1].stdout).expect("JSON");
    assert_eq!(inspect[0]["RestartCount"], 10);
    assert_eq!(inspect[1]["RestartCount"], 3, "on-failure:3 stops after three");
}

#[test]
fn exec_a_shell_in_distroless_fails_as_docker_does() {
    let mut engine = Engine::new();
    let out = script(
        &mut engine,
        &[
            (0, "docker run -d --name app gcr.io/distroless/java17-debian12 -jar /app.jar"),
            (1, "docker exec -it app sh"),
            (2, "docker run -d --name web nginx:alpine"),
            (3, "docker exec -it web sh"),
        ],
    );
    assert_eq!(out[0].status, 0, "{}", out[0].stderr);
    assert_eq!(out[1].status, 126);
    assert!(
        out[1].stderr.contains("OCI runtime exec failed: exec failed: unable to start container process: exec: \"sh\": executable file not found in $PATH"),
        "{}",
        out[1].stderr
    );
    assert_eq!(out[3].status, 0, "{}", out[3].stderr);
    assert!(out[3].stdout.contains("would run [\"sh\"] as root"), "{}", out[3].stdout);
}

#[test]
fn env_files_and_client_variables_reach_the_container() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new().with_file("app.env", "# settings\nMODE=prod\nLEVEL=info\nTOKEN\n");
    host.env.insert("TOKEN".into(), "from-shell".into());
    let lines = [
        "docker run -d --name app --env-file app.env -e LEVEL=debug -e HOME_DIR -e USER_ID redis",
        "docker inspect app",
        "docker run --env-file missing.env alpine:3.22 env",
    ];
    host.env.insert("USER_ID".into(), "1000".into());
    let out: Vec<Output> = lines.iter().map(|l| execute(&mut engine, l, &mut host, T0)).collect();
    assert_eq!(out[0].status, 0, "{}", out[0].stderr);
    let inspect: serde_json::Value = serde_json::from_str(&out[1].stdout).expect("JSON");
    let env: Vec<&str> =
        inspect[0]["Config"]["Env"].as_array().expect("Env").iter().filter_map(|v| v.as_str()).collect();
    for expected in ["MODE=prod", "LEVEL=debug", "TOKEN=from-shell", "USER_ID=1000"] {
        assert!(env.contains(&expected), "{expected} in {env:?}");
    }
    assert!(!env.iter().any(|e| e.starts_with("HOME_DIR")), "unset on the client: left out ({env:?})");
    assert!(!env.contains(&"LEVEL=info"), "-e wins over the env file ({env:?})");
    assert_eq!(out[2].status, 125);
    assert!(out[2].stderr.starts_with("docker: open missing.env: no such file or directory"), "{}", out[2].stderr);
}

#[test]
fn network_and_volume_prune_take_only_what_nothing_uses() {
    let mut engine = Engine::new();
    let out = script(
        &mut engine,
        &[
            (0, "docker network create used"),
            (0, "docker network create idle"),
            (0, "docker volume create named"),
            (0, "docker volume create kept"),
            (1, "docker run -d --name db --network used -v kept:/data redis"),
            (2, "docker network prune -f"),
            (3, "docker volume prune -f"),
            (4, "docker volume prune -a -f"),
            (5, "docker network ls -q"),
            (6, "docker volume ls -q"),
        ],
    );
    assert_eq!(out[5].stdout, "Deleted Networks:\nidle\n\n");
    // Docker 23+: without -a only anonymous volumes go, and there are none unused.
    assert_eq!(out[6].stdout, "Total reclaimed space: 0B\n");
    assert_eq!(out[7].stdout, "Deleted Volumes:\nnamed\n\nTotal reclaimed space: 0B\n");
    assert_eq!(out[8].stdout.lines().count(), 4, "bridge, host, none and used: {}", out[8].stdout);
    assert!(out[9].stdout.contains("kept\n"), "{}", out[9].stdout);
}

/// The classic health check surprise: `curl` is not in a slim image, so the
/// check fails and the container turns unhealthy after three tries.
#[test]
fn health_checks_show_in_ps_and_inspect() {
    let mut engine = Engine::new();
    let start = [
        (0, "docker run -d --name web --health-cmd 'curl -f http://localhost/' --health-interval 10s nginx"),
        (0, "docker run -d --name api --health-cmd 'curl -f http://localhost:8000/' --health-interval 10s --health-start-period 15s python:3.12-slim python -m http.server"),
        (0, "docker run -d --name plain redis"),
    ];
    script(&mut engine, &start);
    let status = |engine: &mut Engine, at: u64, name: &str| {
        let out = script(engine, &[(at, &format!("docker ps -a --filter name={name}"))]);
        out[0].stdout.lines().nth(1).unwrap_or_default().to_string()
    };
    assert!(status(&mut engine, 5, "web").contains("(health: starting)"));
    assert!(status(&mut engine, 12, "web").contains("(healthy)"), "nginx has curl");
    // 10 s: inside the start period, not counted; 20, 30, 40 s: three failures.
    assert!(status(&mut engine, 35, "api").contains("(health: starting)"));
    assert!(status(&mut engine, 40, "api").contains("(unhealthy)"), "python:slim has no curl");
    assert!(!status(&mut engine, 40, "plain").contains("health"));
    let inspect = script(&mut engine, &[(41, "docker inspect api plain")]);
    let v: serde_json::Value = serde_json::from_str(&inspect[0].stdout).expect("JSON");
    assert_eq!(v[0]["State"]["Health"]["Status"], "unhealthy");
    assert_eq!(v[0]["State"]["Health"]["FailingStreak"], 3);
    assert_eq!(v[0]["State"]["Health"]["Log"][0]["Output"], "/bin/sh: 1: curl: not found");
    assert!(v[1]["State"].get("Health").is_none(), "no check: no Health key");
}

#[test]
fn a_dockerfile_healthcheck_is_the_default_and_can_be_turned_off() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new().with_file(
        "Dockerfile",
        "FROM python:3.12-slim\nHEALTHCHECK --interval=5s --retries=2 CMD python -c 'print(1)'\nCMD [\"python\", \"-m\", \"http.server\"]\n",
    );
    let lines = [
        (0, "docker build -t app ."),
        (1, "docker run -d --name checked app"),
        (1, "docker run -d --name unchecked --no-healthcheck app"),
        (20, "docker ps"),
    ];
    let out: Vec<Output> = lines.iter().map(|(at, l)| execute(&mut engine, l, &mut host, T0 + at)).collect();
    assert_eq!(out[0].status, 0, "{}", out[0].stderr);
    let ps = &out[3].stdout;
    let line = |name: &str| ps.lines().find(|l| l.ends_with(&format!(" {name}"))).unwrap_or_default().to_string();
    assert!(line("checked").contains("(healthy)"), "{ps}");
    assert!(!line("unchecked").contains("health"), "{ps}");
}

/// Changing what a step writes and rebuilding under the same tag gives a new
/// image id (the id is the digest of the config, which lists the layers' diff
/// ids and the history: <https://github.com/moby/docker-image-spec/blob/main/spec.md>),
/// and the old image, its tag taken, is listed as `<none>` ("dangling images",
/// <https://docs.docker.com/reference/cli/docker/image/prune/>).
#[test]
fn a_rebuild_after_a_changed_run_leaves_the_old_image_dangling() {
    let mut engine = Engine::new();
    let dockerfile = |v: &str| format!("FROM alpine:3.22\nRUN echo {v} > /v\n");
    let mut host = MemoryHost::new().with_file("Dockerfile", &dockerfile("v1"));
    assert_eq!(run(&mut engine, &mut host, "docker build -t app .", T0).status, 0);
    let first = run(&mut engine, &mut host, "docker images -q app", T0 + 10).stdout;
    let mut host = MemoryHost::new().with_file("Dockerfile", &dockerfile("v2"));
    assert_eq!(run(&mut engine, &mut host, "docker build -t app .", T0 + 60).status, 0);
    let second = run(&mut engine, &mut host, "docker images -q app", T0 + 70).stdout;
    assert_ne!(first, second, "a changed step gives a new id");
    let dangling = run(&mut engine, &mut host, "docker images -q -f dangling=true", T0 + 80).stdout;
    assert_eq!(dangling, first, "the old image lost its tag");
    // CLI 29 lists dangling images only with -a (cli/command/image/list.go);
    // the tree calls them `<untagged>`, the classic table `<none>`.
    let listing = run(&mut engine, &mut host, "docker images -a", T0 + 80).stdout;
    assert!(listing.lines().any(|l| l.starts_with("<untagged>") && l.contains(first.trim())), "{listing}");
    let classic = run(&mut engine, &mut host, "docker images -a --format table", T0 + 80).stdout;
    assert!(classic.lines().any(|l| l.starts_with("<none>") && l.contains(first.trim())), "{classic}");
    assert!(!run(&mut engine, &mut host, "docker images", T0 + 80).stdout.contains(first.trim()));
}

/// `FROM base` after `docker build -t base .` builds on the local image, and
/// inherits its config: Docker's default builder reads the local image store
/// (<https://docs.docker.com/build/builders/drivers/docker/>), and a child
/// image starts from its parent's config (CMD, ENV, USER, WORKDIR:
/// <https://docs.docker.com/reference/dockerfile/#from>, "the base image").
#[test]
fn a_build_from_a_local_image_inherits_its_config() {
    let mut session = Session::new();
    let base = "FROM alpine:3.22\nRUN apk add --no-cache curl\nENV GREETING=hi\nWORKDIR /srv\nUSER nobody\nCMD [\"echo\", \"from base\"]\n";
    let mut host = MemoryHost::new().with_file("Dockerfile", base);
    let built = session.execute("docker build -t base .", &mut host, T0);
    assert_eq!(built.status, 0, "{}", built.stderr);
    let mut host =
        MemoryHost::new().with_file("Dockerfile", "FROM base\nRUN curl -fsSLo /index.html https://example.com/\n");
    let child = session.execute("docker build -t child .", &mut host, T0 + 60);
    assert_eq!(child.status, 0, "{}{}", child.stdout, child.stderr);
    assert!(child.stderr.contains("FROM docker.io/library/base:latest"), "{}", child.stderr);
    let inspect = session.execute("docker inspect child", &mut host, T0 + 70).stdout;
    for inherited in
        ["\"echo\"", "\"from base\"", "\"GREETING=hi\"", "\"WorkingDir\": \"/srv\"", "\"User\": \"nobody\""]
    {
        assert!(inspect.contains(inherited), "{inherited} in {inspect}");
    }
    let dry = session.dry_run("docker run --rm child", T0 + 80).expect("a dry run");
    assert_eq!(dry.cmd, Some(vec!["echo".to_string(), "from base".to_string()]));
    // The child's history starts with the base's, and it is larger by its own layer.
    let history = session.execute("docker history child", &mut host, T0 + 90).stdout;
    assert!(history.contains("apk add --no-cache curl"), "{history}");
    assert!(history.contains("curl -fsSLo /index.html"), "{history}");
    // Rebuilding the base changes what the child builds on: its FROM no longer hits.
    let mut host = MemoryHost::new().with_file("Dockerfile", &base.replace("hi", "hello"));
    assert_eq!(session.execute("docker build -t base .", &mut host, T0 + 120).status, 0);
    let mut host =
        MemoryHost::new().with_file("Dockerfile", "FROM base\nRUN curl -fsSLo /index.html https://example.com/\n");
    let again = session.execute("docker build -t child .", &mut host, T0 + 180);
    assert!(!again.stderr.contains("CACHED"), "{}", again.stderr);
    let inspect = session.execute("docker inspect child", &mut host, T0 + 190).stdout;
    assert!(inspect.contains("\"GREETING=hello\""), "{inspect}");
}

/// A pulled image under a tag of the user's own is a local image like any
/// other (`docker tag` makes a reference to the same image:
/// <https://docs.docker.com/reference/cli/docker/image/tag/>).
#[test]
fn a_build_from_a_retagged_pulled_image_uses_it() {
    let mut session = Session::new();
    let mut host = MemoryHost::new();
    assert_eq!(session.execute("docker pull alpine:3.22", &mut host, T0).status, 0);
    assert_eq!(session.execute("docker tag alpine:3.22 mybase", &mut host, T0 + 10).status, 0);
    let mut host = MemoryHost::new().with_file("Dockerfile", "FROM mybase\nRUN apk add --no-cache curl\n");
    let out = session.execute("docker build -t child .", &mut host, T0 + 20);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let dry = session.dry_run("docker run --rm child", T0 + 30).expect("a dry run");
    assert_eq!(dry.cmd, Some(vec!["/bin/sh".to_string()]));
}

/// Shell form expands variables at run time, from the container's
/// environment; exec form passes `$HOME` through untouched (Dockerfile
/// reference, "Shell and exec form":
/// <https://docs.docker.com/reference/dockerfile/#shell-and-exec-form>; runc
/// sets HOME from root's passwd entry when the environment has none).
#[test]
fn shell_form_expands_at_run_time_and_exec_form_does_not() {
    let mut session = Session::new();
    let mut host = MemoryHost::new();
    let out = session.execute("docker run --name greet -e NAME=bob alpine:3.22 sh -c 'echo $NAME'", &mut host, T0);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "bob\n");
    assert_eq!(session.execute("docker logs greet", &mut host, T0 + 5).stdout, "bob\n");
    let out = session.execute("docker run --rm alpine:3.22 sh -c 'echo $0 $1' a b", &mut host, T0 + 10);
    assert_eq!(out.stdout, "a b\n");
    for (cmd, printed) in [("CMD echo $HOME", "/root\n"), ("CMD [\"echo\", \"$HOME\"]", "$HOME\n")] {
        let mut host = MemoryHost::new().with_file("Dockerfile", &format!("FROM alpine:3.22\n{cmd}\n"));
        assert_eq!(session.execute("docker build -t home .", &mut host, T0 + 20).status, 0);
        let out = session.execute("docker run --rm home", &mut host, T0 + 30);
        assert_eq!(out.stdout, printed, "{cmd}");
    }
}

/// `docker exec` into a stopped or paused container: the daemon refuses the
/// exec (moby daemon/exec.go: `errNotRunning`, `errExecPaused`) and the CLI
/// exits 1 as for any error without a status (docker/cli cmd/docker/docker.go,
/// getExitCode); 126 is only a started exec that could not run its program.
#[test]
fn exec_into_a_stopped_or_paused_container_exits_1() {
    let mut engine = Engine::new();
    let out = script(
        &mut engine,
        &[
            (0, "docker run -d --name done alpine:3.22 true"),
            (1, "docker run -d --name web nginx:alpine"),
            (2, "docker pause web"),
            (3, "docker exec done ls"),
            (4, "docker exec web ls"),
        ],
    );
    let done = engine.runtime().container("done").expect("done").id.clone();
    let web = engine.runtime().container("web").expect("web").id.clone();
    assert_eq!(out[3].status, 1);
    assert_eq!(out[3].stderr, format!("Error response from daemon: container {done} is not running\n"));
    assert_eq!(out[4].status, 1);
    assert_eq!(
        out[4].stderr,
        format!("Error response from daemon: Container {web} is paused, unpause the container before exec\n")
    );
}

/// `docker start nope`: the daemon's error, then the CLI's summary
/// (docker/cli cli/command/container/start.go, startContainersWithoutAttachments;
/// CLI 29 dropped the summary's `Error: ` prefix, docker/cli c0e37dda14).
#[test]
fn start_of_a_missing_container_names_it_twice() {
    let mut engine = Engine::new();
    let out = script(&mut engine, &[(0, "docker create --name app alpine:3.22 true"), (1, "docker start app nope")]);
    assert_eq!(out[1].status, 1);
    assert_eq!(out[1].stdout, "app\n", "{:?}", out);
    assert_eq!(
        out[1].stderr,
        "Error response from daemon: No such container: nope\nfailed to start containers: nope\n"
    );
}

/// `docker ps` lists the command as the daemon joins it: an argument with a
/// space in single quotes (moby daemon/container/view.go), the whole quoted
/// with Go's `%q` by the CLI's formatter (docker/cli formatter/container.go,
/// `Command`), so `sh -c 'exit 1'` shows as `"sh -c 'exit 1'"`.
#[test]
fn ps_quotes_arguments_with_spaces() {
    let mut engine = Engine::new();
    let out = script(
        &mut engine,
        &[(0, "docker run --name quits alpine:3.22 sh -c 'exit 1'"), (1, "docker ps -a --no-trunc")],
    );
    let row = out[1].stdout.lines().nth(1).expect("one container");
    assert!(row.contains("   \"sh -c 'exit 1'\"   "), "{row}");
}

/// `docker images` in CLI 29 (docker/cli cli/command/image/list.go and
/// tree.go): the tree view by default — names sorted, untagged last, sizes
/// with three significant digits, the `U` chip on images a container uses —
/// dangling images only with `-a`; `--format table` keeps the classic table.
#[test]
fn images_is_cli_29s_tree_view_and_the_table_stays_reachable() {
    let mut engine = Engine::new();
    let mut host = project("print(1)\n");
    run(&mut engine, &mut host, "docker build -t app .", T0);
    run(&mut engine, &mut host, "docker run -d --name web nginx:alpine", T0 + 10);
    let tree = run(&mut engine, &mut host, "docker images", T0 + 60).stdout;
    // The ids depend on the build; the columns do not.
    let at = tree.find("ID ").expect("the ID column");
    let redacted: String =
        tree.lines()
            .map(|l| {
                if l.starts_with("IMAGE") {
                    l.to_string()
                } else {
                    format!("{}<12-hex-id>{}", &l[..at], &l[at + 12..])
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
    insta::assert_snapshot!(redacted);
    let table = run(&mut engine, &mut host, "docker images --format table", T0 + 60).stdout;
    assert!(table.starts_with("REPOSITORY   TAG "), "{table}");
}

/// `docker run --network host -p …`: the daemon answers with a warning that
/// docker/cli prints as `WARNING: …` on stderr (moby daemon/daemon_unix.go,
/// `TestContainerWarningHostAndPublishPorts`), and no port is bound.
#[test]
fn host_networking_warns_that_published_ports_are_discarded() {
    let mut engine = Engine::new();
    let out =
        script(&mut engine, &[(0, "docker run -d --name web --network host -p 8080:80 nginx"), (5, "docker port web")]);
    assert_eq!(out[0].status, 0, "{}", out[0].stderr);
    assert!(
        out[0].stderr.ends_with("WARNING: Published ports are discarded when using host network mode\n"),
        "{}",
        out[0].stderr
    );
    assert_eq!(out[1].stdout, "");
    let quiet = script(&mut engine, &[(10, "docker run -d --name plain -p 8081:80 nginx")]);
    assert!(!quiet[0].stderr.contains("WARNING"), "{}", quiet[0].stderr);
}
