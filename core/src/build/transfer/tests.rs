//! `--exclude`, `--parents`, ADD's `--checksum` and `--keep-git-dir`,
//! against the Dockerfile reference's own examples
//! (moby/buildkit `frontend/dockerfile/docs/reference.md`, "COPY --parents",
//! "COPY --exclude") and `dockerfile2llb/convert_copy.go`'s errors.

use crate::build::*;
use crate::context::BuildContext;

fn context(files: &[&str]) -> BuildContext {
    BuildContext::from_files(files.iter().map(|p| (p.to_string(), b"x\n".to_vec()))).expect("valid context")
}

fn build_it(dockerfile: &str, files: &[&str]) -> BuildOutcome {
    let ctx = context(files);
    let request = BuildRequest::new(dockerfile, &ctx);
    build(&request, &mut BuildCache::default())
}

/// The files (not directories) the image's added layers hold.
fn files(outcome: &BuildOutcome) -> Vec<String> {
    let image = outcome.image.as_ref().unwrap_or_else(|| panic!("{:?}", outcome.error));
    let mut out: Vec<String> = image
        .layers
        .layers()
        .iter()
        .flat_map(|l| l.changes.iter())
        .filter(|(_, c)| matches!(c, crate::layers::Change::Put(e) if !e.is_dir()))
        .map(|(p, _)| p.clone())
        .collect();
    out.sort();
    out
}

#[test]
fn parents_keep_the_source_directories() {
    let outcome = build_it(
        "FROM scratch\nCOPY ./x/a.txt ./y/a.txt /no_parents/\nCOPY --parents ./x/a.txt ./y/a.txt /parents/\n",
        &["x/a.txt", "y/a.txt"],
    );
    assert_eq!(files(&outcome), ["/no_parents/a.txt", "/parents/x/a.txt", "/parents/y/a.txt"]);
}

#[test]
fn parents_start_at_a_pivot() {
    let outcome = build_it("FROM scratch\nCOPY --parents ./x/./y/a.txt /parents/\n", &["x/y/a.txt"]);
    assert_eq!(files(&outcome), ["/parents/y/a.txt"]);
}

#[test]
fn exclude_leaves_matching_files_out_of_the_layer_and_the_key() {
    let df = "FROM scratch\nCOPY --exclude=*.txt --exclude=*.md . /mydir/\n";
    let outcome = build_it(df, &["hom.txt", "home.md", "homer.sh"]);
    assert_eq!(files(&outcome), ["/mydir/homer.sh"]);
}

#[test]
fn add_checksum_is_checked_as_buildkit_checks_it() {
    let error = |df: &str| build_it(df, &["app.tar.gz", "b"]).error.map(|e| e.message());
    let sum = format!("sha256:{}", "a".repeat(64));
    assert_eq!(
        error(&format!("FROM scratch\nADD --checksum={sum} app.tar.gz /\n")).as_deref(),
        Some("checksum requires HTTP(S) or Git sources")
    );
    assert_eq!(
        error(&format!("FROM scratch\nADD --checksum={sum} https://example.com/a b /\n")).as_deref(),
        Some("checksum can't be specified for multiple sources")
    );
    // go-digest's errors (`digest.Parse`).
    assert_eq!(
        error("FROM scratch\nADD --checksum=sha256:abc https://example.com/a /\n").as_deref(),
        Some("invalid checksum digest length")
    );
    assert_eq!(
        error("FROM scratch\nADD --checksum=abc https://example.com/a /\n").as_deref(),
        Some("invalid checksum digest format")
    );
    assert_eq!(error(&format!("FROM scratch\nADD --checksum={sum} https://example.com/a /\n")), None);
}

#[test]
fn keep_git_dir_keeps_the_clones_git_directory() {
    let df = "FROM scratch\nADD --keep-git-dir=true https://github.com/moby/buildkit.git /src\n";
    let outcome = build_it(df, &[]);
    let image = outcome.image.as_ref().unwrap();
    assert!(image.layers.get("/src/.git").is_some_and(|e| e.is_dir()));
    let without = build_it("FROM scratch\nADD https://github.com/moby/buildkit.git /src\n", &[]);
    assert!(without.image.unwrap().layers.get("/src/.git").is_none());
}

#[test]
fn an_excluded_file_does_not_invalidate_the_copy() {
    let df = "FROM scratch\nCOPY --exclude=*.md . /app/\n";
    let ctx = |readme: &str| {
        BuildContext::from_files([
            ("README.md".to_string(), readme.as_bytes().to_vec()),
            ("a.sh".into(), b"x".to_vec()),
        ])
        .expect("valid context")
    };
    let mut cache = BuildCache::default();
    for readme in ["one", "two"] {
        let c = ctx(readme);
        let request = BuildRequest::new(df, &c);
        let outcome = build(&request, &mut cache);
        let copy = outcome.steps.iter().find(|s| s.kind == StepKind::Layer).unwrap();
        assert_eq!(copy.cached(), readme == "two", "{readme}");
    }
}
