//! The model's `apt-get install` log held to real transcripts
//! (`testdata/apt_install/`, its README says how they were made): the same
//! request on the same release prints the same lines, but for the figures
//! and sections each test lists as known differences, with the reason.

use crate::shell::tests::Build;
use crate::shell::Outcome;
use std::collections::BTreeMap;

/// A transcript as a terminal shows it: `\r\n` line ends dropped, and of a
/// line dpkg redraws with `\r` (its `(Reading database ...` progress) the last draw.
fn lines(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .map(|l| l.rsplit('\r').next().unwrap_or(l).to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The lines of the install itself (the log's `apt-get update` part dropped).
fn install_part(o: &Outcome) -> Vec<String> {
    let start = o.log.iter().position(|l| l == "Building dependency tree...").expect("apt-get install ran");
    o.log[start - 1..].to_vec()
}

/// `apt-get install -y ARGS` after `apt-get update`, with or without its stderr.
fn run(image: &str, args: &str, stderr: bool) -> (Vec<String>, Outcome) {
    let redirect = if stderr { "" } else { " 2>/dev/null" };
    let script = format!("apt-get update && apt-get install -y {args}{redirect}");
    let (o, _) = Build::new(image).run(&script);
    assert_eq!(o.exit_code, 0, "{:?}", o.log);
    (install_part(&o), o)
}

/// Lines in `a` and not in `b`, counted (a multiset difference).
fn missing(a: &[String], b: &[String]) -> Vec<String> {
    let mut have: BTreeMap<&str, usize> = BTreeMap::new();
    for l in b {
        *have.entry(l).or_default() += 1;
    }
    let mut out = Vec::new();
    for l in a {
        match have.get_mut(l.as_str()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(l.clone()),
        }
    }
    out
}

/// Checks one transcript: line for line the same, in the same order, but
/// for the Fetched line's time and rate (this machine's link against the
/// model's estimate, which the notes say); and the same lines on stderr.
fn check(image: &str, args: &str, both: &str, err: &str) {
    let real = lines(both);
    let (model, o) = run(image, args, true);
    let (quiet, _) = run(image, args, false);
    let fetched = |l: &String| l.starts_with("Fetched ");
    let expected = real;
    assert_eq!(model.len(), expected.len(), "model {model:#?}\nreal {expected:#?}");
    for (m, r) in model.iter().zip(&expected) {
        if fetched(r) {
            // The size is the same; the time and rate are the model's estimate.
            let size = |l: &str| l.split(" in ").next().unwrap_or_default().to_string();
            assert_eq!(size(m), size(r));
            assert!(m.ends_with("s (10.0 MB/s)"), "{m}");
        } else {
            assert_eq!(m, r);
        }
    }
    assert!(o.estimated.iter().any(|e| e.contains("download time")), "{:?}", o.estimated);
    // What went to stderr (as a multiset: a maintainer script's debconf
    // lines repeat some of dpkg-preconfigure's, on stdout).
    let mut model_err = missing(&model, &quiet);
    let mut real_err = lines(err);
    model_err.sort();
    real_err.sort();
    assert_eq!(model_err, real_err, "stderr");
}

#[test]
fn bookworm_curl_prints_what_apt_prints() {
    check(
        "debian:bookworm-slim",
        "--no-install-recommends curl",
        include_str!("../testdata/apt_install/bookworm-curl.txt"),
        include_str!("../testdata/apt_install/bookworm-curl.stderr.txt"),
    );
}

#[test]
fn trixie_curl_prints_what_apt_prints() {
    check(
        "debian:trixie-slim",
        "--no-install-recommends curl",
        include_str!("../testdata/apt_install/trixie-curl.txt"),
        include_str!("../testdata/apt_install/trixie-curl.stderr.txt"),
    );
}

/// Several packages, perl's Pre-Depends first; ca-certificates' maintainer
/// script and trigger.
#[test]
fn bookworm_several_packages_print_what_apt_prints() {
    check(
        "debian:bookworm-slim",
        "--no-install-recommends ca-certificates curl git",
        include_str!("../testdata/apt_install/bookworm-ca-certificates-curl-git.txt"),
        include_str!("../testdata/apt_install/bookworm-ca-certificates-curl-git.stderr.txt"),
    );
}

/// trixie's debconf preconfigures ca-certificates, and its frontends fall
/// back further.
#[test]
fn trixie_ca_certificates_and_curl_print_what_apt_prints() {
    check(
        "debian:trixie-slim",
        "--no-install-recommends ca-certificates curl",
        include_str!("../testdata/apt_install/trixie-ca-certificates-curl.txt"),
        include_str!("../testdata/apt_install/trixie-ca-certificates-curl.stderr.txt"),
    );
}

/// bullseye: its own versions, suites and database count.
#[test]
fn bullseye_curl_prints_what_apt_prints() {
    check(
        "debian:bullseye-slim",
        "--no-install-recommends curl",
        include_str!("../testdata/apt_install/bullseye-curl.txt"),
        include_str!("../testdata/apt_install/bullseye-curl.stderr.txt"),
    );
}

/// curl with its Recommends: ca-certificates, openssl and the rest.
#[test]
fn bookworm_curl_with_recommends_prints_what_apt_prints() {
    check(
        "debian:bookworm-slim",
        "curl",
        include_str!("../testdata/apt_install/bookworm-curl-recommends.txt"),
        include_str!("../testdata/apt_install/bookworm-curl-recommends.stderr.txt"),
    );
}

/// The whole log on Ubuntu, which no transcript covers (Ubuntu's archive is
/// not reachable here), for review: the packages, versions and sizes shown
/// are bookworm's, and the notes say so.
#[test]
fn ubuntu_install_log() {
    let (o, _) = Build::new("ubuntu:24.04").run("apt-get update && apt-get install -y curl");
    assert_eq!(o.exit_code, 0, "{:?}", o.log);
    let text = format!("{}\n--- notes\n{}", install_part(&o).join("\n"), o.estimated.join("\n"));
    insta::assert_snapshot!("ubuntu_curl_recommends", text);
}

/// A package outside the data: its lines without a version, its archive
/// guessed at a third of its installed size, and notes saying both.
#[test]
fn a_package_outside_the_data() {
    let (o, _) = Build::new("debian:bookworm-slim").run("apt-get update && apt-get install -y not-in-the-data");
    let log = install_part(&o);
    let kib = crate::shell::packages::DEB_UNKNOWN_KIB;
    assert!(
        log.contains(&format!("Need to get {} of archives.", crate::shell::apt::apt_size(kib * 1024 / 3))),
        "{log:?}"
    );
    assert!(log.contains(&"Setting up not-in-the-data ...".to_string()), "{log:?}");
    assert!(!log.iter().any(|l| l.starts_with("Get:")), "no archive to name: {log:?}");
    assert!(o.estimated.iter().any(|e| e.contains("not-in-the-data")), "{:?}", o.estimated);
}
