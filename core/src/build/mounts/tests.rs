//! `RUN --mount`, `--network`, `--security` and `COPY --link` against what
//! BuildKit does: what lands in the layer, the history and the config, and
//! what the cache key reads.

use super::parse;
use crate::build::*;
use crate::context::BuildContext;

fn context(files: &[(&str, &str)]) -> BuildContext {
    BuildContext::from_files(files.iter().map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))).expect("valid context")
}

fn build_with_session(
    dockerfile: &str,
    ctx: &BuildContext,
    cache: &mut BuildCache,
    session: BuildSession,
    build_args: &[(&str, &str)],
) -> BuildOutcome {
    let build_args = build_args.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let request = BuildRequest { dockerfile, context: ctx, build_args, target: None, no_cache: false, session };
    build(&request, cache)
}

fn run(dockerfile: &str, ctx: &BuildContext, cache: &mut BuildCache) -> BuildOutcome {
    build_with_session(dockerfile, ctx, cache, BuildSession::default(), &[])
}

fn layer_steps(outcome: &BuildOutcome) -> Vec<&StepReport> {
    outcome.steps.iter().filter(|s| s.kind == StepKind::Layer).collect()
}

/// Every path the image's added layers hold.
fn image_paths(outcome: &BuildOutcome) -> Vec<String> {
    let image = outcome.image.as_ref().expect("an image");
    image.layers.layers().iter().flat_map(|l| l.changes.keys().cloned()).collect()
}

fn no_expand(v: &str) -> Result<String, String> {
    Ok(v.to_string())
}

const PIP_CACHED: &str = "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n";
const PIP_PLAIN: &str = "FROM python:3.12-slim\nRUN pip install flask\n";

// Parsing: frontend/dockerfile/instructions/commands_runmount.go `parseMount`
// (moby/buildkit 73ed6825): its defaults and its error texts.
#[test]
fn mounts_parse_with_buildkits_defaults_and_errors() {
    let m = parse("type=cache,target=/root/.cache/pip", &no_expand).unwrap();
    assert_eq!((m.kind, m.read_only), (MountKind::Cache, false), "cache and tmpfs are writable by default");
    let m = parse("target=/src", &no_expand).unwrap();
    assert_eq!((m.kind, m.read_only), (MountKind::Bind, true), "bind is the default type, read-only");
    let m = parse("type=bind,target=/src,rw", &no_expand).unwrap();
    assert!(!m.read_only);
    let m = parse("type=tmpfs,target=/t,size=64m", &no_expand).unwrap();
    assert_eq!(m.size, Some(64 * 1024 * 1024));
    let m = parse("type=cache,target=/c,sharing=locked,uid=1000,gid=1000,mode=0700", &no_expand).unwrap();
    assert_eq!((m.sharing, m.uid, m.gid, m.mode), (Some(Sharing::Locked), Some(1000), Some(1000), Some(0o700)));
    let err = |v: &str| parse(v, &no_expand).unwrap_err();
    assert_eq!(err("type=cach,target=/c"), "unsupported mount type \"cach\" (did you mean cache?)");
    assert_eq!(err("type=cache,target=/c,sharing=lock"), "unsupported sharing value \"lock\" (did you mean locked?)");
    assert_eq!(err("type=bind,target=/c,required"), "unexpected key 'required' for mount type 'bind'");
    assert_eq!(err("type=bind,target=/c,uid=1"), "uid not allowed for \"bind\" type mounts");
    assert_eq!(err("type=secret,id=a,sharing=shared"), "secret mount should not define sharing");
    assert_eq!(err("type=secret"), "invalid secret mount. one of source, target required");
    assert_eq!(err("type=secret,id=a,src=b"), "both source and id can't be set");
    assert_eq!(err("type=bind,target=/c,sharing=shared"), "invalid cache sharing set for bind mount");
    assert_eq!(err("type=cache,target"), "invalid field 'target' must be a key=value pair");
    assert_eq!(err("type=cache,tagret=/c"), "unexpected key 'tagret' in 'tagret=/c' (did you mean target?)");
}

// BuildKit's executor mounts the cache over the target: pip's wheels go to
// the builder's cache, not the layer (executor/stubs.go removes the empty
// mount point it made), so the image is smaller by the wheels.
#[test]
fn a_pip_cache_mount_keeps_the_wheels_out_of_the_image() {
    let ctx = context(&[]);
    let plain = run(PIP_PLAIN, &ctx, &mut BuildCache::default());
    let mounted = run(PIP_CACHED, &ctx, &mut BuildCache::default());
    assert!(plain.error.is_none() && mounted.error.is_none(), "{:?} {:?}", plain.error, mounted.error);
    let wheels: u64 = image_paths(&plain)
        .iter()
        .filter(|p| p.starts_with("/root/.cache/pip/"))
        .map(|p| plain.image.as_ref().unwrap().layers.get(p).map_or(0, |e| e.size()))
        .sum();
    assert!(wheels > 0, "without the mount the wheels are in the layer");
    assert!(image_paths(&mounted).iter().all(|p| !p.starts_with("/root/.cache")), "{:?}", image_paths(&mounted));
    let (plain, mounted) = (plain.image.unwrap().size(), mounted.image.unwrap().size());
    assert_eq!(plain - mounted, wheels, "the image is smaller by exactly the cached wheels");
}

// The cache outlives the step: a later build whose step misses (the
// instruction changed) finds the wheels, pip says "Using cached", and the
// step is faster; the cache's content never enters the key or the layer.
#[test]
fn a_warm_cache_mount_makes_a_missed_install_fast() {
    let ctx = context(&[]);
    let mut cache = BuildCache::default();
    let first = run(PIP_CACHED, &ctx, &mut cache);
    let again =
        "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask itsdangerous\n";
    let second = run(again, &ctx, &mut cache);
    let (a, b) = (layer_steps(&first)[0], layer_steps(&second)[0]);
    assert!(a.rebuilt() && b.rebuilt());
    assert!(b.output.iter().any(|l| l.contains("Using cached flask")), "{:?}", b.output);
    assert!(
        b.notes.iter().any(|n| n.contains("cache mount /root/.cache/pip") && n.contains("was warm")),
        "{:?}",
        b.notes
    );
    assert!(a.notes.iter().any(|n| n.contains("was empty")), "{:?}", a.notes);
    assert!(b.seconds < a.seconds, "warm {} vs cold {}", b.seconds, a.seconds);
    // Cold on a fresh builder: the same layer, the same image.
    let cold = run(again, &ctx, &mut BuildCache::default());
    assert_eq!(cold.image.as_ref().unwrap().id(), second.image.as_ref().unwrap().id());
}

#[test]
fn a_cache_mounts_content_is_not_in_the_key() {
    let ctx = context(&[]);
    let mut fresh = BuildCache::default();
    run(PIP_CACHED, &ctx, &mut fresh);
    let mut warm = BuildCache::default();
    run(
        "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install requests\n",
        &ctx,
        &mut warm,
    );
    let warm_keys: Vec<String> = warm.keys().iter().map(|k| k.to_string()).collect();
    let built = run(PIP_CACHED, &ctx, &mut warm);
    assert!(layer_steps(&built)[0].rebuilt());
    let fresh_keys = fresh.keys();
    let new_keys: Vec<&str> = warm.keys().into_iter().filter(|k| !warm_keys.iter().any(|w| w == k)).collect();
    assert_eq!(new_keys, fresh_keys, "the same key whatever the cache mount holds");
}

#[test]
fn builder_prune_empties_the_cache_mounts() {
    let ctx = context(&[]);
    let mut cache = BuildCache::default();
    run(PIP_CACHED, &ctx, &mut cache);
    assert!(StepCache::cache_mount(&cache, "/root/.cache/pip").is_some_and(|c| !c.is_empty()));
    cache.clear();
    assert!(StepCache::cache_mount(&cache, "/root/.cache/pip").is_none());
}

// BuildKit's log names the step as written, flags included; a mount gives the
// one-stage file a second dispatch state (convert_runmount.go `detectRunMount`),
// so the stage keeps its `stage-0` name (see `build::numbering_tests`).
#[test]
fn the_log_names_the_step_with_its_mount() {
    let outcome = run(PIP_CACHED, &context(&[]), &mut BuildCache::default());
    assert!(
        outcome.log.contains("[stage-0 2/2] RUN --mount=type=cache,target=/root/.cache/pip pip install flask\n"),
        "{}",
        outcome.log
    );
}

fn session_with_secret(id: &str, content: &str) -> BuildSession {
    let mut lookup = |_: HostLookup<'_>| Ok(Some(content.to_string()));
    let secrets = load_secrets(&[format!("id={id},src=./{id}.txt")], &mut lookup).unwrap();
    BuildSession { secrets, ..BuildSession::default() }
}

const SECRET_RUN: &str = "FROM python:3.12-slim\nRUN --mount=type=secret,id=token ls /run/secrets/token\n";

// docs.docker.com/build/building/secrets: the secret is mounted for the
// step only; dockerfile2llb/convert_secrets.go puts it at /run/secrets/<id>.
#[test]
fn a_secret_is_in_no_layer_history_or_config_and_not_in_the_key() {
    let ctx = context(&[]);
    let mut cache = BuildCache::default();
    let first = build_with_session(SECRET_RUN, &ctx, &mut cache, session_with_secret("token", "s3cr3t"), &[]);
    assert!(first.error.is_none(), "{:?}", first.error);
    assert!(image_paths(&first).iter().all(|p| !p.starts_with("/run")), "{:?}", image_paths(&first));
    let image = first.image.as_ref().unwrap();
    let history = format!("{:?}", image.records);
    assert!(!history.contains("s3cr3t") && !history.contains("--mount"), "{history}");
    assert!(!format!("{:?}", image.config).contains("s3cr3t"));
    assert!(layer_steps(&first)[0]
        .notes
        .iter()
        .any(|n| n.contains("mounted at /run/secrets/token for this step only")));
    // Another secret value: the step is still a cache hit.
    let second = build_with_session(SECRET_RUN, &ctx, &mut cache, session_with_secret("token", "rotated"), &[]);
    assert!(layer_steps(&second)[0].cached());
}

#[test]
fn a_required_secret_that_is_missing_fails_and_an_optional_one_is_skipped() {
    let ctx = context(&[]);
    let required = "FROM python:3.12-slim\nRUN --mount=type=secret,id=token,required=true true\n";
    let outcome = run(required, &ctx, &mut BuildCache::default());
    // session/secrets/secrets.go: errors.Wrapf(ErrNotFound, "secret %s", id).
    assert_eq!(outcome.error.map(|e| e.message()), Some("secret token: not found".to_string()));
    let optional =
        run("FROM python:3.12-slim\nRUN --mount=type=secret,id=token true\n", &ctx, &mut BuildCache::default());
    assert!(optional.error.is_none());
    assert!(layer_steps(&optional)[0].notes.iter().any(|n| n.contains("secret token was not given")));
}

#[test]
fn a_secret_as_an_environment_variable_reaches_the_step_only() {
    let df = "FROM python:3.12-slim\nRUN --mount=type=secret,id=token,env=TOKEN true\n";
    let outcome =
        build_with_session(df, &context(&[]), &mut BuildCache::default(), session_with_secret("token", "abc"), &[]);
    let image = outcome.image.unwrap();
    assert!(image.config.env.iter().all(|(k, _)| k != "TOKEN"));
    assert!(image.layers.layers().iter().all(|l| l.changes.is_empty()));
}

// convert_runmount.go: a bind mount from the context is an input of the
// exec, keyed on the content of what it shows; nothing is copied.
#[test]
fn a_bind_mount_keys_on_its_source_and_copies_nothing() {
    let df = "FROM python:3.12-slim\nRUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt pip install -r /tmp/requirements.txt\n";
    let mut cache = BuildCache::default();
    let first = run(df, &context(&[("requirements.txt", "flask\n")]), &mut cache);
    assert!(first.error.is_none(), "{:?}", first.error);
    let step = layer_steps(&first)[0];
    assert!(step.output.iter().any(|l| l.contains("Collecting flask")), "the mounted file is read: {:?}", step.output);
    assert!(image_paths(&first).iter().all(|p| !p.starts_with("/tmp")), "{:?}", image_paths(&first));
    let same = run(df, &context(&[("requirements.txt", "flask\n")]), &mut cache);
    assert!(layer_steps(&same)[0].cached());
    let edited = run(df, &context(&[("requirements.txt", "flask\nrequests\n")]), &mut cache);
    let step = layer_steps(&edited)[0];
    let Some(CacheDecision::Miss(MissCause::MountChanged { target, files })) = &step.cache else {
        panic!("{:?}", step.cache)
    };
    assert_eq!((target.as_str(), files[0].path.as_str()), ("/tmp/requirements.txt", "requirements.txt"));
    assert_eq!(step.reason(), "the bind mount at /tmp/requirements.txt changed: `requirements.txt` changed");
}

#[test]
fn writes_to_a_rw_bind_or_a_tmpfs_are_discarded() {
    let df = "FROM python:3.12-slim\nRUN --mount=type=bind,target=/src,rw --mount=type=tmpfs,target=/scratch,size=64m mkdir -p /src/out /scratch/x /kept\n";
    let outcome = run(df, &context(&[("app.py", "print(1)\n")]), &mut BuildCache::default());
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    assert_eq!(image_paths(&outcome), ["/kept"]);
}

// solver/llbsolver/mounts/mount.go `getSSHMountable`: "no SSH key %q
// forwarded from the client" for a required agent the client did not forward.
#[test]
fn ssh_needs_the_agent_when_required() {
    let df = "FROM python:3.12-slim\nRUN --mount=type=ssh,required=true true\n";
    let missing = run(df, &context(&[]), &mut BuildCache::default());
    assert_eq!(
        missing.error.map(|e| e.message()),
        Some("no SSH key \"default\" forwarded from the client".to_string())
    );
    let session = BuildSession { ssh: ["default".to_string()].into(), ..BuildSession::default() };
    let ok = build_with_session(df, &context(&[]), &mut BuildCache::default(), session, &[]);
    assert!(ok.error.is_none(), "{:?}", ok.error);
    assert!(image_paths(&ok).is_empty(), "{:?}", image_paths(&ok));
}

// util/entitlements/entitlements.go `Set.Check`: "%s is not allowed", raised
// when the solver loads the definition (solver/llbsolver/vertex.go
// `ValidateEntitlements`), so no step runs.
#[test]
fn host_network_and_insecure_need_entitlements() {
    for (df, entitlement) in [
        ("FROM python:3.12-slim\nRUN echo one\nRUN --network=host true\n", Entitlement::NetworkHost),
        ("FROM python:3.12-slim\nRUN echo one\nRUN --security=insecure true\n", Entitlement::SecurityInsecure),
    ] {
        let denied = run(df, &context(&[]), &mut BuildCache::default());
        let expected = format!("{} is not allowed", entitlement.name());
        assert_eq!(denied.error.as_ref().map(|e| e.message()), Some(expected));
        assert!(layer_steps(&denied).is_empty(), "nothing ran");
        let session = BuildSession { allow: [entitlement].into(), ..BuildSession::default() };
        let allowed = build_with_session(df, &context(&[]), &mut BuildCache::default(), session, &[]);
        assert!(allowed.error.is_none(), "{:?}", allowed.error);
    }
    let bad = run("FROM python:3.12-slim\nRUN --network=bridge true\n", &context(&[]), &mut BuildCache::default());
    assert_eq!(bad.error.map(|e| e.message()), Some("invalid network mode \"bridge\"".to_string()));
}

#[test]
fn no_network_makes_a_download_fail() {
    let outcome =
        run("FROM python:3.12-slim\nRUN --network=none pip install flask\n", &context(&[]), &mut BuildCache::default());
    let message = outcome.error.as_ref().map(|e| e.message()).unwrap_or_default();
    assert!(message.ends_with("did not complete successfully: exit code: 1"), "{message}");
    let step = &layer_steps(&outcome)[0];
    assert!(step.output.iter().any(|l| l.contains("No matching distribution found for flask")), "{:?}", step.output);
}

// BuildKit (dockerfile2llb/convert.go `dispatchCopy`): with --link the copy
// runs on scratch and is merged, so its key has no parent; the next steps
// still depend on the merge.
#[test]
fn copy_link_survives_a_rebuilt_parent() {
    let ctx = context(&[("app.py", "print(1)\n")]);
    for (link, reused) in [("--link ", true), ("", false)] {
        let df = format!("FROM python:3.12-slim\nARG V=1\nRUN echo $V\nCOPY {link}app.py /app/\nRUN echo done\n");
        let mut cache = BuildCache::default();
        build_with_session(&df, &ctx, &mut cache, BuildSession::default(), &[("V", "1")]);
        let again = build_with_session(&df, &ctx, &mut cache, BuildSession::default(), &[("V", "2")]);
        let steps = layer_steps(&again);
        assert!(steps[0].rebuilt(), "the RUN reading V runs again");
        assert_eq!(steps[1].cached(), reused, "COPY {link}");
        assert!(steps[2].rebuilt(), "the step after the copy chains on the merge");
        if reused {
            assert!(steps[1].notes.iter().any(|n| n.contains("the rebuild at line 3 did not invalidate it")));
            let Some(CacheDecision::Miss(MissCause::ParentMissed { line, .. })) = &steps[2].cache else {
                panic!("{:?}", steps[2].cache)
            };
            assert_eq!(*line, 3, "the cascade names the step that ran");
        }
    }
}

// The plain log of a rebuild whose pip step misses but finds its cache
// mount warm: the step named as written (flags included), pip's "Using
// cached", the shorter duration; a bind mount of the context loads it.
#[test]
fn build_log_of_a_warm_cache_mount() {
    let ctx = context(&[("requirements.txt", "flask\n")]);
    let mut cache = BuildCache::default();
    run(PIP_CACHED, &ctx, &mut cache);
    let df = "FROM python:3.12-slim\nRUN --mount=type=bind,source=requirements.txt,target=/tmp/r.txt --mount=type=cache,target=/root/.cache/pip pip install -r /tmp/r.txt itsdangerous\n";
    let outcome = run(df, &ctx, &mut cache);
    let id = outcome.image.as_ref().map(|i| i.id()).unwrap_or_default();
    insta::assert_snapshot!(outcome.log.replace(&id, "sha256:<id>"));
}

#[test]
fn no_network_fails_every_download_tool() {
    let cases = [
        ("debian:bookworm-slim", "apt-get update && apt-get install -y curl", "Unable to locate package curl"),
        ("alpine:3.22", "apk add curl", "curl (no such package)"),
        ("node:22-slim", "npm install express", "EAI_AGAIN"),
        ("alpine:3.22", "wget https://example.com/x.tgz", "bad address 'example.com'"),
    ];
    for (image, command, words) in cases {
        let df = format!("FROM {image}\nRUN --network=none {command}\n");
        let outcome = run(&df, &context(&[]), &mut BuildCache::default());
        assert!(outcome.error.is_some(), "{command} should fail offline");
        let output = layer_steps(&outcome).last().map(|s| s.output.join("\n")).unwrap_or_default();
        assert!(output.contains(words), "{command}: {output}");
        let online = run(&format!("FROM {image}\nRUN {command}\n"), &context(&[]), &mut BuildCache::default());
        assert!(online.error.is_none(), "{command} works online: {:?}", online.error);
    }
}

// convert_runmount.go: `from=` names a stage, which becomes a dependency
// (`detectRunMount`), and its files are keyed like a context bind's.
#[test]
fn a_bind_mount_from_a_stage_builds_that_stage_and_keys_on_its_files() {
    let df = |file: &str| {
        format!(
            "FROM alpine:3.22 AS deps\nRUN mkdir -p /out && touch /out/{file}\nFROM alpine:3.22\nRUN --mount=type=bind,from=deps,source=/out,target=/mnt ls /mnt\n"
        )
    };
    let mut cache = BuildCache::default();
    let first = run(&df("a"), &context(&[]), &mut cache);
    assert!(first.error.is_none(), "{:?}", first.error);
    assert!(first.skipped_stages.is_empty(), "deps is needed: {:?}", first.skipped_stages);
    assert!(image_paths(&first).is_empty(), "{:?}", image_paths(&first));
    let second = run(&df("b"), &context(&[]), &mut cache);
    let step = layer_steps(&second).last().copied().expect("the RUN");
    let Some(CacheDecision::Miss(MissCause::MountChanged { target, files })) = &step.cache else {
        panic!("{:?}", step.cache)
    };
    assert_eq!(target, "/mnt");
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["/out/b", "/out/a"], "added, then removed");
    let undefined = run(
        "FROM alpine:3.22 AS first\nRUN --mount=type=bind,from=later,target=/mnt true\nFROM alpine:3.22 AS later\nFROM first\n",
        &context(&[]),
        &mut BuildCache::default(),
    );
    assert_eq!(
        undefined.error.map(|e| e.message()),
        Some("cannot mount from stage \"later\" to \"/mnt\", stage needs to be defined before current command".into())
    );
}
