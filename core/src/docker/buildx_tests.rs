//! Multi-platform builds through the docker command line: builders, the
//! docker driver's refusal, a two-platform push and `imagetools inspect`.

use super::super::MemoryHost;
use crate::docker::test_support::{ok, run, T0};
use crate::engine::Engine;

/// A Go build that cross-compiles in a build-platform stage and runs an
/// emulated RUN in the target-platform stage.
const CROSS: &str = "\
FROM --platform=$BUILDPLATFORM golang:1.25-alpine AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY go.mod ./
RUN echo building for $TARGETOS/$TARGETARCH
FROM alpine:3.22
ARG TARGETARCH
RUN apk add --no-cache curl && echo running on $TARGETARCH
COPY --from=build /src/go.mod /go.mod
";

fn project() -> MemoryHost {
    MemoryHost::new().with_file("Dockerfile", CROSS).with_file("go.mod", "module example.com/hello\n")
}

#[test]
fn the_docker_driver_refuses_two_platforms_on_the_overlay2_store() {
    let mut engine = Engine::new();
    let mut host = project();
    let out = run(&mut engine, &mut host, "docker buildx build --platform linux/amd64,linux/arm64 -t app .");
    assert_eq!(out.status, 1);
    // docker/buildx build/utils.go `notSupported`, feature "Multi-platform build" (driver/features.go).
    assert_eq!(
        out.stderr,
        "ERROR: failed to build: Multi-platform build is not supported for the docker driver.\n\
         Switch to a different driver, or turn on the containerd image store, and try again.\n\
         Learn more at https://docs.docker.com/go/build-multi-platform/\n\
         layerlab: this daemon keeps the overlay2 image store (an Engine upgraded to 29 keeps its graph driver), which \
         holds one platform per image; create a docker-container builder (docker buildx create --use) and --push the index\n"
    );
}

#[test]
fn buildx_ls_lists_the_default_builder_then_a_created_one() {
    let mut engine = Engine::new();
    let mut host = project();
    let ls = ok(&mut engine, &mut host, "docker buildx ls");
    // Platforms as buildx's TestTruncPlatforms "amd64 no preferred and emulated"
    // expects them (docker/buildx commands/ls_test.go).
    insta::assert_snapshot!("buildx_ls_default", ls.stdout);
    assert!(ls.stdout.contains("linux/amd64 (+3), linux/arm64, linux/arm (+2), linux/ppc64le, (5 more)"));
    assert_eq!(ok(&mut engine, &mut host, "docker buildx create --name multi --use").stdout, "multi\n");
    let ls = ok(&mut engine, &mut host, "docker buildx ls");
    insta::assert_snapshot!("buildx_ls_created", ls.stdout);
    let again = run(&mut engine, &mut host, "docker buildx create --name multi");
    assert_eq!(again.status, 1);
    assert_eq!(run(&mut engine, &mut host, "docker buildx use nope").stderr, "ERROR: no builder \"nope\" found\n");
    // docker/buildx commands/inspect.go: two tabwriter blocks, split by `Nodes:`.
    insta::assert_snapshot!("buildx_inspect_inactive", ok(&mut engine, &mut host, "docker buildx inspect").stdout);
    insta::assert_snapshot!(
        "buildx_inspect_default",
        ok(&mut engine, &mut host, "docker buildx inspect default").stdout
    );
    ok(&mut engine, &mut host, "docker buildx use default");
    assert!(ok(&mut engine, &mut host, "docker buildx ls").stdout.contains("default*"));
}

#[test]
fn a_two_platform_push_makes_an_index_with_one_image_per_platform() {
    let mut engine = Engine::new();
    let mut host = project();
    ok(&mut engine, &mut host, "docker buildx create --name multi --driver docker-container --use");
    let line = "docker buildx build --platform linux/amd64,linux/arm64 -t alice/app:1.0 --push .";
    let denied = run(&mut engine, &mut host, line);
    assert_eq!(denied.status, 1);
    // The first build boots the builder's BuildKit container.
    let boot = "#0 building with \"multi\" instance using docker-container driver\n\n#1 [internal] booting buildkit\n";
    assert!(denied.stderr.starts_with(boot), "{}", denied.stderr);
    assert!(
        denied.stderr.ends_with(
            "ERROR: failed to build: failed to solve: failed to push docker.io/alice/app:1.0: push access denied, \
             repository does not exist or may require authorization: server message: insufficient_scope: authorization failed\n"
        ),
        "{}",
        denied.stderr
    );
    ok(&mut engine, &mut host, "docker login -u alice -p s3cret");
    let out = ok(&mut engine, &mut host, line);
    assert!(!out.stderr.contains("booting"), "{}", out.stderr);
    assert!(out.stderr.contains("exporting manifest list sha256:"), "{}", out.stderr);
    // The first build's log: every step ran.
    let log = &denied.stderr;
    insta::assert_snapshot!("two_platform_build_log", log);
    // Each step names its platform; the build-platform stage reads TARGETARCH,
    // so its arm64 steps say `linux/amd64->arm64` (convert.go formatTargetPlatform).
    // BuildKit names a RUN with its build args expanded (convert.go `processCmdEnv`).
    assert!(log.contains("[linux/amd64 build 4/4] RUN echo building for linux/amd64\n"), "{log}");
    assert!(log.contains("[linux/amd64->arm64 build 4/4] RUN echo building for linux/arm64\n"), "{log}");
    assert!(log.contains("[linux/arm64 stage-1 2/3] RUN apk add --no-cache curl && echo running on arm64\n"), "{log}");
    // The build stage's WORKDIR and COPY are the same for both targets: shown once.
    assert_eq!(log.matches("build 2/4] WORKDIR /src").count(), 1, "{log}");
    assert!(log.contains("[linux/arm64 internal] load metadata for docker.io/library/alpine:3.22"), "{log}");
    // TARGETARCH as each platform's RUN sees it.
    assert!(log.contains(" building for linux/amd64\n") && log.contains(" building for linux/arm64\n"), "{log}");
    assert!(log.contains(" running on arm64\n") && log.contains(" running on amd64\n"), "{log}");
    // Only the arm64 stage's RUN runs under QEMU.
    assert_eq!(log.matches("NOTE: emulated:").count(), 1, "{log}");
    let index = engine.image_index("alice/app:1.0").expect("pushed index").clone();
    let platforms: Vec<String> = index.manifests.iter().map(|m| m.platform.to_string()).collect();
    assert_eq!(platforms, ["linux/amd64", "linux/arm64"]);
    assert_ne!(index.manifests[0].digest, index.manifests[1].digest);
    assert_ne!(index.manifests[0].image_id, index.manifests[1].image_id);
    // arm64's alpine is repo-info's 4123084-byte layer against amd64's 3792075.
    assert!(index.manifests[1].size > index.manifests[0].size);
    let inspect = ok(&mut engine, &mut host, "docker buildx imagetools inspect alice/app:1.0");
    // Layout of docker/buildx util/imagetools/printers.go (Print, printManifestList).
    let text = inspect.stdout.replace(&index.digest, "sha256:INDEX");
    let text =
        text.replace(&index.manifests[0].digest, "sha256:AMD64").replace(&index.manifests[1].digest, "sha256:ARM64");
    insta::assert_snapshot!("imagetools_inspect", text);
    // `docker manifest inspect` prints the index (docker/cli manifest/inspect.go, tab-indented).
    let list = ok(&mut engine, &mut host, "docker manifest inspect alice/app:1.0").stdout;
    assert!(list.contains(&format!("\"size\": {}", index.manifests[1].manifest_size)), "{list}");
    let list =
        list.replace(&index.manifests[0].digest, "sha256:AMD64").replace(&index.manifests[1].digest, "sha256:ARM64");
    insta::assert_snapshot!("manifest_inspect_index", list);
    // A pull of the index brings the daemon's platform, linux/amd64, and names the index's digest.
    // A push from a docker-container builder loads nothing into the daemon.
    assert_eq!(run(&mut engine, &mut host, "docker rmi alice/app:1.0").status, 1);
    let pulled = ok(&mut engine, &mut host, "docker pull alice/app:1.0");
    assert!(pulled.stdout.contains(&format!("Digest: {}", index.digest)), "{}", pulled.stdout);
    let images = ok(&mut engine, &mut host, "docker images --format table --no-trunc").stdout;
    assert!(images.contains(&index.manifests[0].image_id), "{images}");
}

#[test]
fn emulated_steps_take_longer_than_cross_compiled_ones() {
    let mut engine = Engine::new();
    let mut host = project();
    ok(&mut engine, &mut host, "docker buildx create --name multi --use");
    let out = ok(&mut engine, &mut host, "docker buildx build --platform linux/amd64,linux/arm64 .");
    assert!(out.stderr.starts_with("WARNING: No output specified with docker-container driver."), "{}", out.stderr);
    // `docker build` is buildx's alias: on the current docker-container builder it loads nothing either.
    let plain = ok(&mut engine, &mut host, "docker build -t app .");
    assert!(plain.stderr.starts_with("WARNING: No output specified with docker-container driver."), "{}", plain.stderr);
    assert_eq!(run(&mut engine, &mut host, "docker image inspect app").status, 1);
    let file = crate::context::ContextFile::new(b"module example.com/hello\n", 0o644);
    let context = crate::context::BuildContext::from_context_files(vec![("go.mod".to_string(), file)]).unwrap();
    let request = crate::build::BuildRequest {
        dockerfile: CROSS,
        context: &context,
        build_args: Default::default(),
        target: None,
        no_cache: true,
        session: Default::default(),
    };
    let arm = crate::build::platforms::Platform::parse("linux/arm64").unwrap();
    let amd = crate::build::platforms::Platform::host();
    let mut cache = crate::build::BuildCache::default();
    let built = crate::build::multi::build_platforms(&request, &mut cache, &NoLocal, &[amd, arm]);
    let run_step = |i: usize, text: &str| {
        built.platforms[i].outcome.steps.iter().find(|s| s.instruction.contains(text)).cloned().unwrap()
    };
    let native = run_step(1, "running on");
    let amd_run = run_step(0, "running on");
    assert!(native.emulated && !amd_run.emulated);
    assert!(amd_run.seconds > 0.0);
    assert!((native.seconds - amd_run.seconds * crate::build::platforms::EMULATION_SLOWDOWN).abs() < 1e-9);
    // The cross-compiling stage runs natively for both targets.
    assert!(!run_step(1, "building for").emulated);
}

#[test]
fn json_names_each_steps_platform_and_the_emulated_runs() {
    let mut engine = Engine::new();
    let mut host = project();
    ok(&mut engine, &mut host, "docker buildx create --name multi --use");
    let out = ok(&mut engine, &mut host, "docker buildx build --platform linux/amd64,linux/arm64 --json .");
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let platforms = report["platforms"].as_array().unwrap();
    assert_eq!(platforms[0]["platform"], "linux/amd64");
    assert_eq!(platforms[1]["platform"], "linux/arm64");
    let steps = platforms[1]["steps"].as_array().unwrap();
    let emulated: Vec<&str> =
        steps.iter().filter(|s| s["emulated"] == true).filter_map(|s| s["instruction"].as_str()).collect();
    assert_eq!(emulated, ["RUN apk add --no-cache curl && echo running on arm64"]);
    assert!(steps.iter().any(|s| s["platform"] == "linux/amd64->arm64"));
}

#[test]
fn target_args_take_buildkits_values_per_platform() {
    // BuildKit dockerfile2llb/platform.go `defaultArgs`: TARGETVARIANT is the
    // normalized platform's variant, empty for amd64 and arm64 (containerd drops
    // arm64's v8), v7 for linux/arm; BUILDPLATFORM is the builder's, linux/amd64.
    let dockerfile = "FROM alpine:3.24\nARG TARGETPLATFORM TARGETARCH TARGETVARIANT BUILDPLATFORM\n\
                      RUN echo \"$TARGETPLATFORM|$TARGETARCH|$TARGETVARIANT|$BUILDPLATFORM\"\n";
    let mut engine = Engine::new();
    let mut host = MemoryHost::new().with_file("Dockerfile", dockerfile);
    ok(&mut engine, &mut host, "docker buildx create --name multi --use");
    let out = ok(&mut engine, &mut host, "docker buildx build --platform linux/amd64,linux/arm64/v8,linux/arm .");
    for line in ["linux/amd64|amd64||linux/amd64", "linux/arm64|arm64||linux/amd64", "linux/arm/v7|arm|v7|linux/amd64"]
    {
        assert!(out.stderr.contains(&format!(" {line}\n")), "{line}: {}", out.stderr);
    }
    // Without a declaration in the stage, the platform ARGs are not in RUN's environment.
    let bare = "FROM alpine:3.24\nRUN echo \"[$TARGETARCH]\"\n";
    let mut host = MemoryHost::new().with_file("Dockerfile", bare);
    let out = ok(&mut engine, &mut host, "docker buildx build --platform linux/arm64 .");
    assert!(out.stderr.contains(" []\n"), "{}", out.stderr);
}

#[test]
fn load_takes_one_platform_into_the_store_but_not_an_index() {
    let mut engine = Engine::new();
    let mut host = project();
    // The docker driver builds one foreign platform and loads it, emulated.
    let out = ok(&mut engine, &mut host, "docker build --platform linux/arm64 -t app:arm .");
    assert!(out.stderr.starts_with("#0 building with \"default\" instance using docker driver\n"), "{}", out.stderr);
    assert!(out.stderr.contains("NOTE: emulated:"), "{}", out.stderr);
    assert!(out.stderr.contains("naming to docker.io/library/app:arm done"), "{}", out.stderr);
    assert!(ok(&mut engine, &mut host, "docker images --format table").stdout.contains("app          arm"));
    ok(&mut engine, &mut host, "docker buildx create --name multi --use");
    let both = run(&mut engine, &mut host, "docker buildx build --platform linux/amd64,linux/arm64 --load -t app .");
    assert_eq!(both.status, 1);
    // buildx build/opt.go: the docker exporter without the daemon's OCI importer (no containerd store).
    let error = "ERROR: failed to build: docker exporter does not currently support exporting manifest lists\n";
    assert!(both.stderr.starts_with(error), "{}", both.stderr);
    // Then Layerlab's note on the image store, on its own line.
    assert!(both.stderr[error.len()..].starts_with("layerlab: "), "{}", both.stderr);
}

#[test]
fn a_saved_session_replays_the_builders_and_the_pushed_index() {
    // ARCHITECTURE: replaying a session's journal rebuilds the same engine.
    let mut session = crate::docker::Session::new();
    let mut host = project();
    for line in [
        "docker buildx create --name multi --use",
        "docker login -u alice -p s3cret",
        "docker buildx build --platform linux/amd64,linux/arm64 -t alice/app:1.0 --push .",
    ] {
        assert_eq!(session.execute(line, &mut host, T0).status, 0, "{line}");
    }
    let restored = crate::docker::Session::from_json(&session.to_json()).unwrap();
    assert_eq!(restored.engine().builders(), session.engine().builders());
    assert_eq!(restored.engine().image_index("alice/app:1.0"), session.engine().image_index("alice/app:1.0"));
    assert!(restored.engine().image_index("alice/app:1.0").is_some());
}

#[test]
fn a_docker_container_builder_exports_caches_the_docker_driver_cannot() {
    let mut engine = Engine::new();
    let mut host = project();
    let refused = run(&mut engine, &mut host, "docker build --cache-to type=local,dest=/tmp/cache .");
    assert!(refused.stderr.starts_with("ERROR: failed to build: Cache export is not supported for the docker driver."));
    ok(&mut engine, &mut host, "docker buildx create --name multi --use");
    // buildx driver/docker-container: the CacheExport feature (docker/buildx driver/features.go).
    let out = ok(&mut engine, &mut host, "docker build --cache-to type=local,dest=/tmp/cache .");
    assert!(!out.stderr.contains("ERROR"), "{}", out.stderr);
}

struct NoLocal;

impl crate::build::LocalImages for NoLocal {
    fn local_image(&self, _: &str) -> Option<crate::build::LocalImage> {
        None
    }
}
