//! Package managers inside RUN: apt-get / apt (DL3008, DL3009, DL3014,
//! DL3015, DL3027), pip (DL3013, DL3042), npm (DL3016) and apk (DL3018,
//! DL3019). Each check reads one [`Command`]; the caller reports once per RUN.

use super::script::Command;

/// `apt-get install …` or `apt install …` (the engine's rules read both).
pub(in crate::lint) fn apt_install(command: &Command) -> Option<&[String]> {
    if !matches!(command.program(), Some("apt-get" | "apt")) {
        return None;
    }
    let args = command.args();
    let at = subcommand(args, APT_VALUED)?;
    (args[at] == "install").then_some(args)
}

/// `apt-get install …` only: hadolint's DL3008, DL3014 and DL3015 match
/// `cmdHasArgs "apt-get" ["install"]`; `apt` is DL3027's alone.
pub(in crate::lint) fn apt_get_install(command: &Command) -> Option<&[String]> {
    if command.program() != Some("apt-get") {
        return None;
    }
    let args = command.args();
    let at = subcommand(args, APT_VALUED)?;
    (args[at] == "install").then_some(args)
}

/// `apt-get update`.
pub(in crate::lint) fn is_apt_update(command: &Command) -> bool {
    matches!(command.program(), Some("apt-get" | "apt"))
        && subcommand(command.args(), APT_VALUED).is_some_and(|i| command.args()[i] == "update")
}

/// `rm -rf /var/lib/apt/lists/*`.
pub(in crate::lint) fn cleans_apt_lists(command: &Command) -> bool {
    command.program() == Some("rm") && command.args().iter().any(|a| a.starts_with("/var/lib/apt/lists"))
}

const APT_VALUED: &[&str] = &["-o", "--option", "-t", "--target-release", "-c", "--config-file"];

/// The index of the first argument that is not a flag or a flag's value.
fn subcommand(args: &[String], valued: &[&str]) -> Option<usize> {
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if valued.contains(&a.as_str()) {
            i += 2;
        } else if a.starts_with('-') {
            i += 1;
        } else {
            return Some(i);
        }
    }
    None
}

/// The operands after the subcommand (skipping flags and their values).
fn operands<'a>(args: &'a [String], valued: &[&str]) -> Vec<&'a str> {
    let Some(at) = subcommand(args, valued) else { return Vec::new() };
    let mut out = Vec::new();
    let mut i = at + 1;
    while i < args.len() {
        let a = args[i].as_str();
        if valued.contains(&a) {
            i += 2;
            continue;
        }
        if !a.starts_with('-') {
            out.push(a);
        }
        i += 1;
    }
    out
}

/// DL3008: a package without `=version`; as in hadolint, a `pkg/release`
/// and a `.deb` path count as pinned (Layerlab also skips `$VARIABLES`).
pub(in crate::lint) fn apt_unpinned(args: &[String]) -> bool {
    operands(args, APT_VALUED)
        .iter()
        .any(|p| !p.contains('=') && !p.contains('/') && !p.ends_with(".deb") && !p.contains('$'))
}

/// DL3014: no `-y`, `--yes`, `--assume-yes`, `-qq`, `-q -q`, `--quiet --quiet` or `-q=2`.
pub(in crate::lint) fn apt_assumes_yes(args: &[String]) -> bool {
    let short = |a: &&String| a.starts_with('-') && !a.starts_with("--") && !a.contains('=');
    let quiet = args.iter().filter(short).map(|a| a.matches('q').count()).sum::<usize>()
        + args.iter().filter(|a| *a == "--quiet").count();
    quiet >= 2
        || args.iter().any(|a| {
            matches!(a.as_str(), "--yes" | "--assume-yes" | "-q=2" | "--quiet=2") || (short(&a) && a.contains('y'))
        })
}

/// DL3015: no `--no-install-recommends` (or the equivalent `-o` option).
pub(in crate::lint) fn apt_no_recommends(args: &[String]) -> bool {
    args.iter()
        .any(|a| a == "--no-install-recommends" || a.starts_with("APT::Install-Recommends=") && a.ends_with("false"))
}

const PIP_VALUED: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--trusted-host",
    "--src",
    "--upgrade-strategy",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--no-binary",
    "--only-binary",
    "--progress-bar",
    "--log",
    "--proxy",
    "--retries",
    "--timeout",
    "--exists-action",
    "--cert",
    "--client-cert",
    "--cache-dir",
];

/// `pip install …`, `pip3 install …`, `python -m pip install …`: the arguments after `pip`.
pub(in crate::lint) fn pip_install(command: &Command) -> Option<&[String]> {
    let program = command.program()?;
    let args = if program == "pip" || program.starts_with("pip3") || program.starts_with("pip2") {
        command.args()
    } else if program.starts_with("python") {
        let args = command.args();
        let at = args.windows(2).position(|w| w[0] == "-m" && w[1] == "pip")?;
        &args[at + 2..]
    } else {
        return None;
    };
    let at = subcommand(args, PIP_VALUED)?;
    (args[at] == "install").then_some(args)
}

/// DL3013: a requirement without a version specifier (paths, URLs, wheels,
/// archives and `-r` files are fine).
pub(in crate::lint) fn pip_unpinned(args: &[String]) -> bool {
    operands(args, PIP_VALUED).iter().any(|p| {
        let pinned = ["==", ">=", "<=", "~=", "!=", "<", ">", "@"].iter().any(|op| p.contains(op));
        let local =
            p.contains('/') || p.starts_with('.') || p.ends_with(".whl") || p.contains(".tar") || p.ends_with(".zip");
        !pinned && !local && !p.contains('$')
    })
}

/// DL3042: `--no-cache-dir` given.
pub(in crate::lint) fn pip_no_cache(args: &[String]) -> bool {
    args.iter().any(|a| a == "--no-cache-dir")
}

/// `npm install …` / `npm i …` / `npm add …`: the arguments after `npm`.
pub(in crate::lint) fn npm_install(command: &Command) -> Option<&[String]> {
    if command.program() != Some("npm") {
        return None;
    }
    let args = command.args();
    let at = subcommand(args, &["--prefix", "-C", "--registry"])?;
    matches!(args[at].as_str(), "install" | "i" | "add").then_some(args)
}

/// DL3016: a package without `@version` (`npm install` alone, paths, URLs,
/// tarballs and git specs are fine).
pub(in crate::lint) fn npm_unpinned(args: &[String]) -> bool {
    operands(args, &["--prefix", "-C", "--registry"]).iter().any(|p| {
        let local = p.starts_with('.') || p.starts_with('/') || p.contains("://") || p.starts_with("git");
        let tarball = p.ends_with(".tgz") || p.ends_with(".tar.gz");
        let github = !p.starts_with('@') && p.contains('/');
        let pinned = p.rfind('@').is_some_and(|i| i > 0);
        !(local || tarball || github || pinned || p.contains('$'))
    })
}

const APK_VALUED: &[&str] = &[
    "-t",
    "--virtual",
    "-X",
    "--repository",
    "-p",
    "--root",
    "--arch",
    "--keys-dir",
    "--cache-dir",
    "--repositories-file",
];

/// `apk add …`: the arguments after `apk`.
pub(in crate::lint) fn apk_add(command: &Command) -> Option<&[String]> {
    if command.program() != Some("apk") {
        return None;
    }
    let args = command.args();
    let at = subcommand(args, APK_VALUED)?;
    (args[at] == "add").then_some(args)
}

/// DL3018: a package without `=version` (or `~`, `<`, `>`); `.apk` files are fine.
pub(in crate::lint) fn apk_unpinned(args: &[String]) -> bool {
    operands(args, APK_VALUED)
        .iter()
        .any(|p| !p.contains(['=', '~', '<', '>']) && !p.ends_with(".apk") && !p.contains('$'))
}

/// DL3019: `--no-cache` given.
pub(in crate::lint) fn apk_no_cache(args: &[String]) -> bool {
    args.iter().any(|a| a == "--no-cache")
}
