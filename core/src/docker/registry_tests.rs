//! The registry commands as a terminal shows them: login, push (denied,
//! pushed, `Layer already exists`, `Mounted from`), pull back after `rmi`,
//! `manifest inspect`. Docker's texts: docker/cli
//! `cli/command/registry/login.go` and `logout.go`,
//! `cli/command/image/push.go` (`Using default tag`), moby
//! `distribution/push_v2.go` (`Layer already exists`, `Mounted from`,
//! `TAG: digest: DIGEST size: N`) and `distribution/pull_v2.go`
//! (`Already exists`, `Pull complete`, `Digest:`, `Status:`).

use super::*;
use crate::docker::test_support::{ok, run, T0};
use sha2::Digest;

const APP: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD [\"python\", \"app.py\"]\n";

fn project() -> MemoryHost {
    MemoryHost::new().with_file("Dockerfile", APP).with_file("app.py", "print(1)\n")
}

/// The digest of a push's last line (`latest: digest: sha256:… size: N`).
fn pushed_digest(out: &Output) -> String {
    let last = out.stdout.lines().last().unwrap_or_default();
    last.split(' ').nth(2).unwrap_or_default().to_string()
}

#[test]
fn a_push_to_docker_hub_needs_a_login_to_the_users_namespace() {
    let mut engine = Engine::new();
    let mut host = project();
    ok(&mut engine, &mut host, "docker build -t alice/app:1.0 .");
    let denied = run(&mut engine, &mut host, "docker push alice/app:1.0");
    assert_eq!(denied.status, 1);
    // moby's error for an unauthenticated push to Docker Hub.
    assert_eq!(denied.stderr, "denied: requested access to the resource is denied\n");
    assert!(denied.stdout.starts_with("The push refers to repository [docker.io/alice/app]\n"), "{}", denied.stdout);
    let login = ok(&mut engine, &mut host, "docker login -u alice -p s3cret");
    insta::assert_snapshot!("login", format!("stdout:\n{}stderr:\n{}", login.stdout, login.stderr));
    // Logged in as alice, bob's namespace is still not hers.
    ok(&mut engine, &mut host, "docker tag alice/app:1.0 bob/app:1.0");
    assert_eq!(run(&mut engine, &mut host, "docker push bob/app:1.0").stderr, denied.stderr);
    let pushed = ok(&mut engine, &mut host, "docker push alice/app:1.0");
    // The note was said at login; a push does not repeat it.
    assert_eq!(pushed.stderr, "");
    assert!(
        pushed
            .stdout
            .lines()
            .skip(1)
            .all(|l| l.ends_with(": Preparing") || l.ends_with(": Pushed") || l.starts_with("1.0: digest: sha256:")),
        "{}",
        pushed.stdout
    );
    let logout = ok(&mut engine, &mut host, "docker logout");
    assert_eq!(logout.stdout, "Removing login credentials for https://index.docker.io/v1/\n");
    assert_eq!(ok(&mut engine, &mut host, "docker logout").stdout, "Not logged in to https://index.docker.io/v1/\n");
    assert_eq!(run(&mut engine, &mut host, "docker push alice/app:1.0").status, 1);
}

#[test]
fn shared_layers_already_exist_and_other_repositories_mount_them() {
    let mut engine = Engine::new();
    let mut host = project();
    ok(&mut engine, &mut host, "docker build -t localhost:5000/app:1.0 .");
    let first = ok(&mut engine, &mut host, "docker push localhost:5000/app:1.0");
    // A local registry needs no login; the first push says once that nothing leaves.
    assert_eq!(first.stderr, format!("{}\n", registry::NOTE));
    insta::assert_snapshot!("push_first", first.stdout);
    host = host.with_file("app.py", "print(2)\n");
    ok(&mut engine, &mut host, "docker build -t localhost:5000/app:2.0 .");
    let second = ok(&mut engine, &mut host, "docker push localhost:5000/app:2.0");
    assert_eq!(second.stderr, "");
    insta::assert_snapshot!("push_second_shares_layers", second.stdout);
    assert_eq!(second.stdout.matches(": Layer already exists").count(), first.stdout.matches(": Pushed").count() - 1);
    assert_eq!(second.stdout.matches(": Pushed").count(), 1);
    ok(&mut engine, &mut host, "docker tag localhost:5000/app:2.0 localhost:5000/other");
    let mounted = ok(&mut engine, &mut host, "docker push localhost:5000/other");
    assert!(mounted.stdout.starts_with("Using default tag: latest\n"), "{}", mounted.stdout);
    assert!(
        mounted
            .stdout
            .lines()
            .filter(|l| !l.ends_with("Preparing"))
            .skip(2)
            .take(4)
            .all(|l| l.ends_with(": Mounted from app")),
        "{}",
        mounted.stdout
    );
    // The same image has the same manifest in every repository.
    assert_eq!(pushed_digest(&mounted), pushed_digest(&second));
    // A re-push changes nothing and gives the same digest.
    let again = ok(&mut engine, &mut host, "docker push localhost:5000/app:2.0");
    assert!(!again.stdout.contains("Pushed"), "{}", again.stdout);
    assert_eq!(pushed_digest(&again), pushed_digest(&second));
}

#[test]
fn rmi_then_pull_brings_back_the_same_digest_and_image() {
    let mut engine = Engine::new();
    let mut host = project();
    ok(&mut engine, &mut host, "docker build -t localhost:5000/app:1.0 .");
    let id = engine.resolve("localhost:5000/app:1.0").expect("built");
    let digest = pushed_digest(&ok(&mut engine, &mut host, "docker push localhost:5000/app:1.0"));
    ok(&mut engine, &mut host, "docker rmi localhost:5000/app:1.0");
    let pulled = ok(&mut engine, &mut host, "docker pull localhost:5000/app:1.0");
    insta::assert_snapshot!("pull_back", pulled.stdout.replace(&digest, "sha256:<manifest>"));
    // The base's layers stayed with python:3.12-slim: only the app's layers download.
    assert!(pulled.stdout.contains(": Already exists\n"), "{}", pulled.stdout);
    assert!(pulled.stdout.contains(&format!("Digest: {digest}\n")), "{}", pulled.stdout);
    assert_eq!(engine.resolve("localhost:5000/app:1.0").expect("pulled"), id);
    let again = ok(&mut engine, &mut host, "docker pull localhost:5000/app:1.0");
    assert!(again.stdout.contains("Status: Image is up to date for localhost:5000/app:1.0\n"), "{}", again.stdout);
    // By digest: the same image, no tag added.
    let by_digest = ok(&mut engine, &mut host, &format!("docker pull localhost:5000/app@{digest}"));
    assert!(by_digest.stdout.starts_with(&format!("{digest}: Pulling from app\n")), "{}", by_digest.stdout);
    assert!(by_digest.stdout.ends_with(&format!("localhost:5000/app@{digest}\n")), "{}", by_digest.stdout);
}

#[test]
fn the_manifest_digest_survives_save_and_load() {
    let mut engine = Engine::new();
    let mut host = project();
    ok(&mut engine, &mut host, "docker build -t localhost:5000/app:1.0 .");
    let digest = pushed_digest(&ok(&mut engine, &mut host, "docker push localhost:5000/app:1.0"));
    let archive = crate::engine::archive::save(&engine, &["localhost:5000/app:1.0".to_string()]).expect("saved");
    let mut other = Engine::new();
    crate::engine::archive::load(&mut other, &archive, T0).expect("loaded");
    let pushed = ok(&mut other, &mut host, "docker push localhost:5000/app:1.0");
    assert_eq!(pushed_digest(&pushed), digest);
}

#[test]
fn manifest_inspect_shows_the_pushed_manifest() {
    let mut engine = Engine::new();
    let mut host = project();
    ok(&mut engine, &mut host, "docker build -t localhost:5000/app:1.0 .");
    let pushed = ok(&mut engine, &mut host, "docker push localhost:5000/app:1.0");
    let out = ok(&mut engine, &mut host, "docker manifest inspect localhost:5000/app:1.0");
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    // Docker's v2 schema 2 manifest (distribution manifest/schema2).
    assert_eq!(json["schemaVersion"], 2);
    assert_eq!(json["mediaType"], "application/vnd.docker.distribution.manifest.v2+json");
    let id = engine.resolve("localhost:5000/app:1.0").expect("built");
    assert_eq!(json["config"]["digest"], serde_json::Value::String(id));
    // The digest is the sha256 of the canonical bytes (the registry's, 3-space
    // indented), and the size their length.
    let canonical = out.stdout.trim_end().replace('\t', "   ");
    let last = pushed.stdout.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        format!("1.0: digest: sha256:{:x} size: {}", sha2::Sha256::digest(canonical.as_bytes()), canonical.len())
    );
    insta::assert_snapshot!("manifest_inspect", out.stdout);
    let missing = run(&mut engine, &mut host, "docker manifest inspect localhost:5000/nope");
    assert_eq!(missing.stderr, "no such manifest: localhost:5000/nope:latest\n");
}

#[test]
fn ecr_needs_a_login_and_unknown_images_are_named() {
    let mut engine = Engine::new();
    let mut host = project();
    let ecr = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0";
    ok(&mut engine, &mut host, &format!("docker build -t {ecr} ."));
    let out = run(&mut engine, &mut host, &format!("docker push {ecr}"));
    assert_eq!(out.stderr, "no basic auth credentials\n");
    ok(&mut engine, &mut host, "docker login -u AWS -p token 123456789012.dkr.ecr.eu-west-1.amazonaws.com");
    ok(&mut engine, &mut host, &format!("docker push {ecr}"));
    let missing = run(&mut engine, &mut host, "docker push alice/nothing");
    assert_eq!(missing.status, 1);
    assert_eq!(missing.stdout, "Using default tag: latest\nThe push refers to repository [docker.io/alice/nothing]\n");
    assert_eq!(missing.stderr, "An image does not exist locally with the tag: alice/nothing\n");
}

#[test]
fn images_digests_shows_the_pushed_manifest_digest() {
    let mut engine = Engine::new();
    let mut host = project();
    ok(&mut engine, &mut host, "docker build -t localhost:5000/app:1.0 .");
    ok(&mut engine, &mut host, "docker build -t app:local .");
    let digest = pushed_digest(&ok(&mut engine, &mut host, "docker push localhost:5000/app:1.0"));
    let out = ok(&mut engine, &mut host, "docker image ls --digests");
    // docker/cli's table with digests: REPOSITORY TAG DIGEST IMAGE ID CREATED SIZE;
    // an image never pushed or pulled under that name has `<none>`.
    let header = out.stdout.lines().next().unwrap_or_default();
    assert_eq!(
        header.split("  ").filter(|w| !w.is_empty()).map(str::trim).collect::<Vec<_>>(),
        ["REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE"]
    );
    let pushed = out.stdout.lines().find(|l| l.starts_with("localhost:5000/app ")).unwrap_or_default();
    assert!(pushed.contains(&digest), "{}", out.stdout);
    let local = out.stdout.lines().find(|l| l.starts_with("app ")).unwrap_or_default();
    assert!(local.contains(" <none> "), "{}", out.stdout);
    insta::assert_snapshot!("images_digests", out.stdout);
}

/// `docker login --password-stdin` reads the password from standard input
/// (the host's `-`), trims one line ending, and skips the `--password`
/// warning; its flag checks are docker/cli `verifyLoginFlags`
/// (cli/command/registry/login.go, v29.7.2).
#[test]
fn login_password_stdin() {
    let mut engine = Engine::new();
    let mut host = project().with_file("-", "s3cret\n");
    let out = ok(&mut engine, &mut host, "docker login -u ann --password-stdin");
    assert_eq!(out.stdout, "Login Succeeded\n");
    assert!(out.stderr.starts_with("WARNING! Your credentials are stored unencrypted"), "{}", out.stderr);
    let both = run(&mut engine, &mut host, "docker login -u ann -p x --password-stdin");
    assert_eq!(
        (both.status, both.stderr.as_str()),
        (1, "conflicting options: cannot specify both --password and --password-stdin\n")
    );
    let no_user = run(&mut engine, &mut host, "docker login --password-stdin");
    assert_eq!(no_user.stderr, "the --password-stdin option requires --username to be set\n");
    let mut empty = project().with_file("-", "\n");
    assert_eq!(run(&mut engine, &mut empty, "docker login -u ann --password-stdin").stderr, "password is empty\n");
}

/// `docker push --all-tags` pushes every local tag of the repository; a tag
/// in the name is refused (docker/cli cli/command/image/push.go).
#[test]
fn push_all_tags() {
    let mut engine = Engine::new();
    let mut host = project();
    ok(&mut engine, &mut host, "docker build -t localhost:5000/app:1.0 .");
    ok(&mut engine, &mut host, "docker tag localhost:5000/app:1.0 localhost:5000/app:latest");
    let out = ok(&mut engine, &mut host, "docker push -a localhost:5000/app");
    assert_eq!(out.stdout.matches("The push refers to repository [localhost:5000/app]").count(), 1, "{}", out.stdout);
    assert!(out.stdout.contains("\n1.0: digest: sha256:"), "{}", out.stdout);
    assert!(out.stdout.contains("\nlatest: digest: sha256:"), "{}", out.stdout);
    assert!(
        out.stdout.contains(": Layer already exists\n"),
        "the second tag shares the first one's layers: {}",
        out.stdout
    );
    let tagged = run(&mut engine, &mut host, "docker push --all-tags localhost:5000/app:1.0");
    assert_eq!((tagged.status, tagged.stderr.as_str()), (1, "tag can't be used with --all-tags/-a\n"));
}

/// An image whose tag moved to a new build but that a registry knows by
/// digest is listed as `REPOSITORY <none>` and counts as dangling (moby
/// `daemon/images/images.go`: an image with digests but no tags is shown
/// under its repository; `dangling=true` skips only images with tags).
#[test]
fn an_image_known_only_by_digest_is_dangling() {
    let mut engine = Engine::new();
    let mut host = project();
    ok(&mut engine, &mut host, "docker build -t localhost:5000/app .");
    ok(&mut engine, &mut host, "docker push localhost:5000/app");
    let old = engine.resolve("localhost:5000/app").expect("built");
    let mut changed = project().with_file("app.py", "print(2)\n");
    ok(&mut engine, &mut changed, "docker build -t localhost:5000/app .");
    let rows = ok(&mut engine, &mut host, "docker images --format table").stdout;
    assert!(rows.lines().any(|l| l.starts_with("localhost:5000/app   <none>") && l.contains(&old[7..19])), "{rows}");
    let dangling = ok(&mut engine, &mut host, "docker images -f dangling=true --format table").stdout;
    assert!(dangling.contains(&old[7..19]), "{dangling}");
}
