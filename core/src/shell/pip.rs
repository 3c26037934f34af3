//! `pip install [-r FILE] [--no-cache-dir] PKG…` (also `python -m pip`).
//!
//! Each package's unpacked wheel size lands in site-packages; the wheels stay
//! in `~/.cache/pip` unless `--no-cache-dir` or `PIP_NO_CACHE_DIR` is set.
//! Requirements are followed through the data's `Requires-Dist` (direct
//! requirements of known wheels); unknown packages get an assumed size.
//! A pip that came from the OS package manager refuses system-wide installs
//! (PEP 668) unless `--break-system-packages` or a virtualenv is active.

use super::exec::Sh;
use super::packages::{pip_package, requirement_name};
use crate::catalog::OsFamily;
use std::collections::BTreeSet;

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
    let mut wanted: Vec<String> = Vec::new();
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
            s => wanted.push(requirement_name(s)),
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
        wanted.push(format!("unknown-requirement-{}", i + 1));
    }
    if unknown_files > 0 {
        sh.estimated(format!(
            "requirements file contents unknown: {} packages of assumed size",
            unknown_files * UNKNOWN_REQUIREMENTS
        ));
    }
    // Breadth-first over direct requirements.
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut order: Vec<String> = Vec::new();
    let mut queue: Vec<String> = wanted;
    while !queue.is_empty() {
        let name = queue.remove(0);
        if name.is_empty() || !seen.insert(name.clone()) {
            continue;
        }
        let (_, _, deps, _) = pip_package(&name);
        queue.extend(deps);
        order.push(name);
    }
    if order.is_empty() {
        // UNVERIFIED: pip's wording for an install with nothing to install.
        sh.warn("ERROR: You must give at least one requirement to install (see \"pip help install\")");
        return 1;
    }
    let (mut unpacked, mut wheels) = (0, 0);
    for name in &order {
        let (u, w, _, known) = pip_package(name);
        if !known && !name.starts_with("unknown-requirement-") {
            sh.estimated(format!("pip package {name}: size not in the data, {u} bytes assumed"));
        }
        sh.say(format!("Collecting {name}"));
        sh.put_file(&format!("{site}/{}/__init__.py", name.replace('-', "_")), u, name);
        if !no_cache {
            sh.put_file(&format!("{}/.cache/pip/wheels/{name}.whl", sh.home()), w, name);
        }
        unpacked += u;
        wheels += w;
    }
    sh.say(format!("Installing collected packages: {}", order.join(", ")));
    sh.say(format!("Successfully installed {}", order.join(" ")));
    if sh.facts.user == "root" || sh.facts.user.is_empty() {
        // UNVERIFIED: pip 23's wording; pip 24.1+ appends more text.
        sh.warn("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv");
    }
    let names: Vec<String> = order.clone();
    sh.installed(names);
    sh.seconds(order.len() as f64 + 0.05 * (unpacked + wheels) as f64 / 1e6);
    0
}

fn usage(sh: &mut Sh, opt: &str) -> i32 {
    sh.warn(format!("ERROR: {opt} option requires 1 argument"));
    2
}

/// The names a requirements file lists; Ok(None) when its contents are unknown.
fn requirements(sh: &mut Sh, file: &str) -> Result<Option<Vec<String>>, i32> {
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
            .map(requirement_name)
            .filter(|n| !n.is_empty())
            .collect()
    }))
}
