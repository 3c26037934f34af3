//! `pip install [-r FILE] [--no-cache-dir] PKG…` (also `python -m pip`).
//!
//! Each package's installed size (its wheel's RECORD) lands in site-packages;
//! the wheels stay in `~/.cache/pip` unless `--no-cache-dir` or
//! `PIP_NO_CACHE_DIR` is set. Requirements are followed through the data's
//! `Requires-Dist`, with their environment markers evaluated for the image's
//! Python (`PYTHON_VERSION`, as the official python images set it) and the
//! extras asked for; unknown packages get an assumed size. The log is pip
//! 26.2.1's for a build (no terminal): `Collecting` lines in its resolver's
//! order (`pip_resolve`), each with the PEP 658 metadata it fetched, then the
//! wheels (`pip_log`), then the install (`pip_order`).
//! A pip that came from the OS package manager refuses system-wide installs
//! (PEP 668) unless `--break-system-packages` or a virtualenv is active.

use super::exec::Sh;
use super::markers::MarkerEnv;
use super::packages::{pip_data, pip_package, pip_version};
use super::pip_req::PipReq;
use super::pip_resolve::{self, Ireq};
use super::{pip_log, pip_order};
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
    let mut quiet = 0;
    let mut no_deps = false;
    // pip reads command-line requirements first, then each file's
    // (`cli/req_command.py` `get_requirements`).
    let mut from_args: Vec<Ireq> = Vec::new();
    let mut from_files: Vec<Ireq> = Vec::new();
    let mut unknown_files: Vec<String> = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--no-cache-dir" => no_cache = true,
            "--break-system-packages" => break_system = true,
            "--user" => user = true,
            "--quiet" => quiet += 1,
            "--no-deps" | "--no-dependencies" => no_deps = true,
            // `-q`, `-qq`: pip counts them (`cli/cmdoptions.py` `quiet`).
            s if s.len() > 1 && s.starts_with('-') && !s.starts_with("--") && s[1..].chars().all(|c| c == 'q') => {
                quiet += s.len() - 1
            }
            "-r" | "--requirement" | "-c" | "--constraint" => {
                let Some(file) = args.next() else { return usage(sh, a) };
                if a == "-c" || a == "--constraint" {
                    continue;
                }
                match requirements(sh, file) {
                    Ok(Some(reqs)) => from_files.extend(reqs),
                    Ok(None) => unknown_files.push(file.clone()),
                    Err(code) => return code,
                }
            }
            "-i" | "--index-url" | "--extra-index-url" | "-f" | "--find-links" | "--target" | "-t" | "--prefix"
            | "--root-user-action" => {
                args.next();
            }
            s if s.starts_with('-') => {}
            s => from_args.extend(PipReq::parse(s).map(|req| Ireq { req, comes_from: None })),
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
    let env = MarkerEnv::cpython_linux(&python_version(sh));
    // `python3.12`: site-packages is named after the interpreter's major.minor.
    let python = format!("python{}", env.python_version);
    let site = if venv {
        format!("{}/lib/{python}/site-packages", sh.var("VIRTUAL_ENV"))
    } else if user {
        format!("{}/.local/lib/{python}/site-packages", sh.home())
    } else if from_os {
        "/usr/lib/python3/dist-packages".to_string()
    } else {
        format!("/usr/local/lib/{python}/site-packages")
    };
    for (f, file) in unknown_files.iter().enumerate() {
        for i in 0..UNKNOWN_REQUIREMENTS {
            let n = f * UNKNOWN_REQUIREMENTS + i + 1;
            let req = PipReq::parse(&format!("unknown-requirement-{n}")).expect("a plain name");
            from_files.push(Ireq { req, comes_from: Some(format!("-r {file} (line {})", i + 1)) });
        }
    }
    if !unknown_files.is_empty() {
        sh.estimated(format!(
            "requirements file contents unknown: {} packages of assumed size",
            unknown_files.len() * UNKNOWN_REQUIREMENTS
        ));
    }
    let roots: Vec<Ireq> = from_args.into_iter().chain(from_files).collect();
    let root_names: Vec<String> = roots.iter().map(|r| r.req.key()).collect();
    let res = pip_resolve::resolve(roots, &env, !no_deps, |name| {
        pip_data(name).map(|p| p.requires_dist.clone()).unwrap_or_default()
    });
    for bad in &res.unreadable {
        sh.estimated(format!("pip package {bad}: marker not understood, requirement left out"));
    }
    if sh.exec.offline && !res.collected.is_empty() {
        // UNVERIFIED: pip's wording when the index cannot be reached
        // (`RUN --network=none`); it retries, then finds no version.
        let first = &res.collected[0].name;
        sh.warn(format!("WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/{first}/"));
        sh.warn(format!(
            "ERROR: Could not find a version that satisfies the requirement {first} (from versions: none)"
        ));
        sh.warn(format!("ERROR: No matching distribution found for {first}"));
        return 1;
    }
    if res.collected.is_empty() {
        // UNVERIFIED: pip's wording for an install with nothing to install.
        sh.warn("ERROR: You must give at least one requirement to install (see \"pip help install\")");
        return 1;
    }
    for line in &res.ignored {
        info(sh, quiet, line.clone());
    }
    let (mut unpacked, mut wheels, mut cached) = (0, 0, 0);
    let mut in_cache = BTreeSet::new();
    let mut present = BTreeSet::new();
    for c in &res.collected {
        // pip takes an installed project that meets the requirement as it
        // is and says so where it would have collected it
        // (`resolvelib/candidates.py` `AlreadyInstalledCandidate`,
        // `operations/prepare.py` `prepare_installed_requirement`).
        if let Some(version) = already_installed(sh, c) {
            let from = c.comes_from.as_ref().map(|from| format!(" (from {from})")).unwrap_or_default();
            info(sh, quiet, format!("Requirement already satisfied: {} in {site}{from} ({version})", c.req.display()));
            present.insert(c.key.clone());
            continue;
        }
        let (u, w, known) = pip_package(&c.key);
        if !known && !c.key.starts_with("unknown-requirement-") {
            sh.estimated(format!("pip package {}: size not in the data, {u} bytes assumed", c.name));
        }
        info(sh, quiet, format!("Collecting {}", c.line));
        sh.put_file(&format!("{site}/{}/__init__.py", c.key.replace('-', "_")), u, &c.key);
        let wheel = format!("{}/.cache/pip/wheels/{}.whl", sh.home(), c.key);
        // A wheel already in pip's cache (a `--mount=type=cache` kept it) is
        // not downloaded again: pip's HTTP cache answers, and it says "Using cached".
        let hit = !no_cache && sh.exec.writer.exists(&wheel);
        if hit {
            in_cache.insert(c.key.clone());
            cached += 1;
        } else {
            if !no_cache {
                sh.put_file(&wheel, w, &c.key);
            }
            wheels += w;
        }
        unpacked += u;
        // pip fetches the PEP 658 metadata while it resolves, the wheel
        // itself after (`operations/prepare.py` `prepare_linked_requirement`).
        if let Some(file) = pip_data(&c.key).and_then(|p| p.wheel_file.as_ref()) {
            match pip_data(&c.key).and_then(|p| p.metadata_bytes) {
                Some(m) => lines(sh, quiet, pip_log::download_lines(&format!("{file}.metadata"), m, hit, 2)),
                None => lines(sh, quiet, pip_log::download_lines(file, w, hit, 2)),
            }
        }
    }
    for key in res.pins.iter().filter(|key| !present.contains(*key)) {
        let Some(p) = pip_data(key) else { continue };
        if let (Some(file), Some(_)) = (&p.wheel_file, p.metadata_bytes) {
            lines(sh, quiet, pip_log::download_lines(file, p.wheel_bytes, in_cache.contains(key), 0));
        }
    }
    // pip collects as it resolves but installs dependencies first, and sums
    // up by name with versions (see `pip_order`).
    let fresh: Vec<&pip_resolve::Collected> = res.collected.iter().filter(|c| !present.contains(&c.key)).collect();
    let names: Vec<String> = fresh.iter().map(|c| c.name.clone()).collect();
    // With nothing to install pip says nothing more (`commands/install.py`
    // writes `Successfully installed` only for what it installed).
    if !names.is_empty() {
        let install = pip_order::install_order(&names, &root_names, &res.edges);
        info(sh, quiet, format!("Installing collected packages: {}", install.join(", ")));
        info(sh, quiet, pip_order::summary(&names, pip_version));
    }
    // `-qq` logs errors only (`utils/logging.py` `setup_logging`).
    if quiet < 2 && (sh.facts.user == "root" || sh.facts.user.is_empty()) {
        let warning = root_warning(&env.python_version);
        sh.warn(warning);
    }
    // What the image now has, by canonical name (`gunicorn` runs whatever the file wrote).
    sh.installed(fresh.iter().map(|c| c.key.clone()));
    // ESTIMATE: 1 s per package fetched (resolve + download), 0.2 s per cached
    // wheel, plus the bytes unpacked and downloaded.
    let fetched = names.len() - cached;
    sh.seconds(fetched as f64 + 0.2 * cached as f64 + 0.05 * (unpacked + wheels) as f64 / 1e6);
    0
}

/// The version of `c`'s project when a `pip install` of an earlier `RUN`
/// (or earlier in this one) installed it and it meets `c`'s pins. The base
/// image's own (pip itself) are left out: which pip an image bundles is not
/// in the data, and pip's upgrade rules for it are not simulated.
fn already_installed(sh: &Sh, c: &pip_resolve::Collected) -> Option<&'static str> {
    let from_a_run = sh.facts.installed.contains(&c.key) && !sh.facts.image.installed.contains(&c.key);
    if !from_a_run && !sh.out.installed.contains(&c.key) {
        return None;
    }
    let version = pip_data(&c.key)?.version.as_str();
    // The data holds one release per project, the one installed; a pin of
    // another makes pip replace it, which is left to the install path.
    let pins_another = c.req.specs.iter().any(|(op, v)| op == "==" && !v.contains('*') && v != version);
    (!pins_another).then_some(version)
}

/// An INFO line of pip's: `-q` (WARNING and up) leaves it out.
fn info(sh: &mut Sh, quiet: usize, line: String) {
    if quiet == 0 {
        sh.say(line);
    }
}

fn lines(sh: &mut Sh, quiet: usize, lines: Vec<String>) {
    for line in lines {
        info(sh, quiet, line);
    }
}

fn usage(sh: &mut Sh, opt: &str) -> i32 {
    sh.warn(format!("ERROR: {opt} option requires 1 argument"));
    2
}

/// pip's warning when it runs as root, in the wording of the pip the image
/// has. The python images build CPython `--with-ensurepip` and pin no pip,
/// so their pip is CPython's bundled one, which is not in the data: 3.12 and
/// later bundled pip 24.1 or later by 2025, whose wording is the long one
/// (pip 25.0 through 26.2.1, the pip whose log this module prints:
/// `utils/misc.py` `warn_if_run_as_root`; 24.1–24.3.1 lacked the space after
/// "unusable."). UNVERIFIED: 3.11 and older kept pip 24.0 or older, the short
/// wording (pip 24.0 `cli/req_command.py`).
fn root_warning(python: &str) -> &'static str {
    let minor = python.strip_prefix("3.").and_then(|rest| rest.split('.').next()).and_then(|m| m.parse::<u32>().ok());
    if minor.is_some_and(|m| m >= 12) {
        "WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager, possibly rendering your system unusable. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv. Use the --root-user-action option if you know what you are doing and want to suppress this warning."
    } else {
        "WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv"
    }
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

/// The requirements a requirements file lists, each from its line (pip's
/// `req/req_file.py`: `\`-continued lines joined under the first line's
/// number, `#` comments at a line's start or after a space dropped, option
/// lines such as `-r` or `--index-url` not requirements); Ok(None) when the
/// file's contents are unknown.
fn requirements(sh: &mut Sh, file: &str) -> Result<Option<Vec<Ireq>>, i32> {
    let path = sh.abs(file);
    if !sh.exec.writer.exists(&path) {
        sh.warn(format!("ERROR: Could not open requirements file: [Errno 2] No such file or directory: '{file}'"));
        return Err(1);
    }
    let text = sh.exec.contents.as_ref().and_then(|f| f(&path));
    Ok(text.map(|t| {
        requirement_lines(&t)
            .into_iter()
            .filter(|(_, l)| !l.starts_with('-'))
            .filter_map(|(n, l)| {
                let req = PipReq::parse(&l)?;
                Some(Ireq { req, comes_from: Some(format!("-r {file} (line {n})")) })
            })
            .collect()
    }))
}

/// `(line number, text)` of each logical line with something on it.
fn requirement_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut joined: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let comment = line.trim_start().starts_with('#');
        match (line.strip_suffix('\\'), comment) {
            (Some(head), false) => joined.get_or_insert_with(|| (i + 1, String::new())).1.push_str(head),
            _ => {
                let (n, mut l) = joined.take().unwrap_or((i + 1, String::new()));
                if comment {
                    // pip puts a space before a comment so it is still one.
                    l.push(' ');
                }
                l.push_str(line);
                out.push((n, l));
            }
        }
    }
    out.extend(joined);
    out.into_iter().map(|(n, l)| (n, strip_comment(&l).trim().to_string())).filter(|(_, l)| !l.is_empty()).collect()
}

/// pip's `COMMENT_RE`, `(^|\s+)#.*$`: a `#` begins a comment at the line's
/// start or after whitespace (`pkg#egg` keeps it).
fn strip_comment(line: &str) -> &str {
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        if c == '#' && prev_space {
            return &line[..i];
        }
        prev_space = c.is_whitespace();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two wordings as pip's source has them: the long one at tags 25.0
    /// and 26.2.1 (`src/pip/_internal/utils/misc.py`), the short one at 24.0
    /// (`src/pip/_internal/cli/req_command.py`).
    #[test]
    fn the_root_warning_follows_the_images_python() {
        for python in ["3.12", "3.12.14", "3.13.15", "3.15.0rc1"] {
            assert!(root_warning(python).ends_with("if you know what you are doing and want to suppress this warning."));
            assert!(root_warning(python).contains("possibly rendering your system unusable. It is recommended"));
        }
        for python in ["3.11.16", "3.10.21", "", "unknown"] {
            assert!(root_warning(python).ends_with("system package manager. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv"));
        }
    }

    /// pip's `req_file.py` `preprocess`: line numbers count every physical
    /// line from 1; a continued line takes its first line's number.
    #[test]
    fn requirement_lines_keep_pips_line_numbers() {
        let text = "# web\nflask==3.1.3  # the app\n\ngunicorn\\\n>=23\n--index-url https://x\nfoo#bar\n";
        assert_eq!(
            requirement_lines(text),
            [
                (2, "flask==3.1.3".to_string()),
                (4, "gunicorn>=23".to_string()),
                (6, "--index-url https://x".to_string()),
                (7, "foo#bar".to_string())
            ]
        );
    }
}
