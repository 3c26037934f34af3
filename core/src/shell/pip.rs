//! `pip install [-r FILE] [--no-cache-dir] PKG…` (also `python -m pip`).
//!
//! Each package's installed size (its wheel's RECORD) lands in site-packages;
//! the wheels stay in `~/.cache/pip` unless `--no-cache-dir` or
//! `PIP_NO_CACHE_DIR` is set. Requirements are followed through the data's
//! `Requires-Dist`, with their environment markers evaluated for the image's
//! Python (`PYTHON_VERSION`, as the official python images set it) and the
//! extras asked for; unknown packages get an assumed size.
//! A pip that came from the OS package manager refuses system-wide installs
//! (PEP 668) unless `--break-system-packages` or a virtualenv is active.

use super::exec::Sh;
use super::markers::{normalize, parse_requirement, MarkerEnv, Requirement};
use super::packages::pip_requirements;
use super::packages::{pip_package, pip_version};
use super::pip_order;
use crate::catalog::OsFamily;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// ESTIMATE: packages assumed when a requirements file's contents are unknown.
const UNKNOWN_REQUIREMENTS: usize = 5;

pub(super) fn run(sh: &mut Sh, argv: &[String]) -> i32 {
    let mut args = argv.iter().skip(1);
    let Some(sub) = args.next() else {
        sh.not_simulated(argv);
        return 0;
    };
    if sub != "install" {
        sh.not_simulated(argv);
        return 0;
    }
    let mut no_cache = !sh.var("PIP_NO_CACHE_DIR").is_empty();
    let mut break_system = !sh.var("PIP_BREAK_SYSTEM_PACKAGES").is_empty();
    let mut user = false;
    let mut wanted: Vec<Requirement> = Vec::new();
    let mut unknown_files = 0;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--no-cache-dir" => no_cache = true,
            "--break-system-packages" => break_system = true,
            "--user" => user = true,
            "-r" | "--requirement" | "-c" | "--constraint" => {
                let Some(file) = args.next() else { return usage(sh, a) };
                if a == "-c" || a == "--constraint" {
                    continue;
                }
                match requirements(sh, file) {
                    Ok(Some(names)) => wanted.extend(names),
                    Ok(None) => unknown_files += 1,
                    Err(code) => return code,
                }
            }
            "-i" | "--index-url" | "--extra-index-url" | "-f" | "--find-links" | "--target" | "-t" | "--prefix"
            | "--root-user-action" => {
                args.next();
            }
            s if s.starts_with('-') => {}
            s => wanted.extend(parse_requirement(s)),
        }
    }
    let from_os = !sh.facts.image.has("pip") && !sh.facts.image.has("pip3");
    let venv = !sh.var("VIRTUAL_ENV").is_empty();
    let managed = matches!(sh.facts.image.os, OsFamily::Debian | OsFamily::Ubuntu | OsFamily::Alpine);
    if from_os && managed && !venv && !break_system {
        sh.warn("error: externally-managed-environment");
        sh.warn("");
        sh.warn("× This environment is externally managed");
        sh.warn("note: If you believe this is a mistake, please contact your Python installation or OS distribution provider. You can override this, at the risk of breaking your Python installation or OS, by passing --break-system-packages.");
        sh.warn("hint: See PEP 668 for the detailed specification.");
        return 1;
    }
    let site = if venv {
        format!("{}/lib/python3/site-packages", sh.var("VIRTUAL_ENV"))
    } else if user {
        format!("{}/.local/lib/python3/site-packages", sh.home())
    } else if from_os {
        "/usr/lib/python3/dist-packages".to_string()
    } else {
        "/usr/local/lib/python3/site-packages".to_string()
    };
    for i in 0..unknown_files * UNKNOWN_REQUIREMENTS {
        let name = format!("unknown-requirement-{}", i + 1);
        wanted.push(Requirement { name, extras: Vec::new(), marker: None });
    }
    if unknown_files > 0 {
        sh.estimated(format!(
            "requirements file contents unknown: {} packages of assumed size",
            unknown_files * UNKNOWN_REQUIREMENTS
        ));
    }
    let env = MarkerEnv::cpython_linux(&python_version(sh));
    // Breadth-first over requirements, as pip collects them; a name asked for
    // again with new extras adds what those extras require.
    let mut seen: BTreeSet<(String, Vec<String>)> = BTreeSet::new();
    let mut order: Vec<String> = Vec::new();
    let roots: Vec<String> = wanted.iter().map(|r| r.name.clone()).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut queue: VecDeque<Requirement> = wanted.into();
    while let Some(req) = queue.pop_front() {
        let marker_holds = req.marker.as_deref().is_none_or(|m| super::markers::evaluate(m, &env).unwrap_or(true));
        if req.name.is_empty() || !marker_holds || !seen.insert((req.name.clone(), req.extras.clone())) {
            continue;
        }
        let (deps, unreadable) = pip_requirements(&req.name, &env.with_extras(&req.extras));
        for bad in unreadable {
            sh.estimated(format!("pip package {}: marker not understood, requirement left out: {bad}", req.name));
        }
        edges.entry(normalize(&req.name)).or_default().extend(deps.iter().map(|d| normalize(&d.name)));
        queue.extend(deps);
        if !order.contains(&req.name) {
            order.push(req.name);
        }
    }
    if sh.exec.offline && !order.is_empty() {
        // UNVERIFIED: pip's wording when the index cannot be reached
        // (`RUN --network=none`); it retries, then finds no version.
        let first = &order[0];
        sh.warn(format!("WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/{first}/"));
        sh.warn(format!(
            "ERROR: Could not find a version that satisfies the requirement {first} (from versions: none)"
        ));
        sh.warn(format!("ERROR: No matching distribution found for {first}"));
        return 1;
    }
    if order.is_empty() {
        // UNVERIFIED: pip's wording for an install with nothing to install.
        sh.warn("ERROR: You must give at least one requirement to install (see \"pip help install\")");
        return 1;
    }
    let (mut unpacked, mut wheels, mut cached) = (0, 0, 0);
    for name in &order {
        let (u, w, known) = pip_package(name);
        if !known && !name.starts_with("unknown-requirement-") {
            sh.estimated(format!("pip package {name}: size not in the data, {u} bytes assumed"));
        }
        sh.say(format!("Collecting {name}"));
        sh.put_file(&format!("{site}/{}/__init__.py", name.replace('-', "_")), u, name);
        let wheel = format!("{}/.cache/pip/wheels/{name}.whl", sh.home());
        // A wheel already in pip's cache (a `--mount=type=cache` kept it) is
        // not downloaded again: pip says "Using cached".
        if !no_cache && sh.exec.writer.exists(&wheel) {
            sh.say(format!("  Using cached {name}"));
            cached += 1;
        } else {
            if !no_cache {
                sh.put_file(&wheel, w, name);
            }
            wheels += w;
        }
        unpacked += u;
    }
    // pip collects breadth-first but installs dependencies first, and sums up
    // by name with versions (see `pip_order`).
    let install = pip_order::install_order(&order, &roots, &edges);
    sh.say(format!("Installing collected packages: {}", install.join(", ")));
    sh.say(pip_order::summary(&order, pip_version));
    if sh.facts.user == "root" || sh.facts.user.is_empty() {
        // UNVERIFIED: pip 23's wording; pip 24.1+ appends more text.
        sh.warn("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv");
    }
    let names: Vec<String> = order.clone();
    sh.installed(names);
    // ESTIMATE: 1 s per package fetched (resolve + download), 0.2 s per cached
    // wheel, plus the bytes unpacked and downloaded.
    let fetched = order.len() - cached;
    sh.seconds(fetched as f64 + 0.2 * cached as f64 + 0.05 * (unpacked + wheels) as f64 / 1e6);
    0
}

fn usage(sh: &mut Sh, opt: &str) -> i32 {
    sh.warn(format!("ERROR: {opt} option requires 1 argument"));
    2
}

/// The image's Python `major.minor` for markers: the official python images'
/// `PYTHON_VERSION`, else the distribution's python3 (bookworm: 3.11; Alpine
/// 3.2x and Ubuntu 24.04: 3.12).
fn python_version(sh: &Sh) -> String {
    let v = sh.var("PYTHON_VERSION");
    if !v.is_empty() {
        return v;
    }
    match sh.facts.image.os {
        OsFamily::Debian => "3.11".to_string(),
        _ => "3.12".to_string(),
    }
}

/// The requirements a requirements file lists; Ok(None) when its contents are unknown.
fn requirements(sh: &mut Sh, file: &str) -> Result<Option<Vec<Requirement>>, i32> {
    let path = sh.abs(file);
    if !sh.exec.writer.exists(&path) {
        sh.warn(format!("ERROR: Could not open requirements file: [Errno 2] No such file or directory: '{file}'"));
        return Err(1);
    }
    let text = sh.exec.contents.as_ref().and_then(|f| f(&path));
    Ok(text.map(|t| {
        t.lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty() && !l.starts_with('-'))
            .filter_map(parse_requirement)
            .collect()
    }))
}
