//! Installs the build tools that are missing, at pinned versions.
//!
//! Each probe is a `--version` call, so a second run installs nothing and
//! starts in seconds. Trunk runs with `offline = true`: it must find exactly
//! these versions on PATH, never download them.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::cmd;

/// Trunk 0.22 needs a newer rustc than the workspace's.
const TRUNK_VERSION: &str = "0.21.14";
/// npm's binaryen; Debian's 108 cannot read this rustc's wasm.
const BINARYEN_VERSION: &str = "132";
/// Project-local npm prefix for binaryen (git-ignored).
const BINARYEN_DIR: &str = ".tools/binaryen";

pub fn ensure(root: &Path) -> Result<()> {
    cmd::header("ensure tools");
    extend_path(root)?;

    let installed = cmd::output(cmd::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        cmd::run(cmd::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }

    if version_of("trunk").as_deref() != Some(TRUNK_VERSION) {
        cmd::run(cmd::cargo().args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))?;
    }

    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let bindgen = locked_version(&lock, "wasm-bindgen").context("wasm-bindgen is not in Cargo.lock")?;
    let trunk_toml = std::fs::read_to_string(root.join("Trunk.toml")).context("reading Trunk.toml")?;
    check_trunk_pins(&trunk_toml, &bindgen)?;
    if version_of("wasm-bindgen").as_deref() != Some(bindgen.as_str()) {
        // No --locked: one of its locked dependencies is no longer on crates.io.
        cmd::run(cmd::cargo().args(["install", "wasm-bindgen-cli", "--version", &bindgen]))?;
    }

    let wasm_opt = root.join(BINARYEN_DIR).join("node_modules/.bin/wasm-opt");
    let wasm_opt_version = cmd::output(cmd::new(&wasm_opt.to_string_lossy()).arg("--version")).unwrap_or_default();
    if !wasm_opt_version.contains(&format!("version {BINARYEN_VERSION}")) {
        let prefix = root.join(BINARYEN_DIR);
        std::fs::create_dir_all(&prefix).with_context(|| format!("creating {}", prefix.display()))?;
        cmd::run(cmd::new("npm").arg("install").arg("--prefix").arg(&prefix).args([
            "--no-audit",
            "--no-fund",
            &format!("binaryen@{BINARYEN_VERSION}"),
        ]))?;
    }
    println!("wasm32 target, trunk {TRUNK_VERSION}, wasm-bindgen {bindgen}, binaryen {BINARYEN_VERSION}: ready");
    Ok(())
}

/// Puts cargo's bin dir and the local binaryen first on PATH, for us and every child.
fn extend_path(root: &Path) -> Result<()> {
    let cargo_home = match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home),
        None => PathBuf::from(std::env::var_os("HOME").context("HOME is not set")?).join(".cargo"),
    };
    let mut dirs = vec![root.join(BINARYEN_DIR).join("node_modules/.bin"), cargo_home.join("bin")];
    dirs.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    let path = std::env::join_paths(dirs).context("a PATH entry contains ':'")?;
    std::env::set_var("PATH", path);
    Ok(())
}

/// The second word of `TOOL --version` (`trunk 0.21.14` → `0.21.14`).
fn version_of(tool: &str) -> Option<String> {
    let out = cmd::output(cmd::new(tool).arg("--version"))?;
    out.split_whitespace().nth(1).map(str::to_owned)
}

/// The version of `name` in a Cargo.lock (the first, if several are locked).
pub fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let version = lines.next()?.trim().strip_prefix("version = \"")?.strip_suffix('"')?;
            return Some(version.to_owned());
        }
    }
    None
}

/// Fails unless Trunk.toml pins `wasm_bindgen` to the locked version and
/// `wasm_opt` to our binaryen: otherwise Trunk would try to download.
pub fn check_trunk_pins(trunk_toml: &str, bindgen: &str) -> Result<()> {
    let pinned = |key: &str| {
        trunk_toml.lines().filter(|l| !l.trim_start().starts_with('#')).find_map(|line| {
            let (k, v) = line.split_once('=')?;
            (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
        })
    };
    match pinned("wasm_bindgen") {
        Some(v) if v == bindgen => {}
        Some(v) => bail!(
            "Trunk.toml pins wasm_bindgen = \"{v}\" but Cargo.lock has wasm-bindgen {bindgen}.\n\
             Set `wasm_bindgen = \"{bindgen}\"` under [tools] in Trunk.toml."
        ),
        None => bail!("Trunk.toml has no `wasm_bindgen = \"{bindgen}\"` under [tools]"),
    }
    let want_opt = format!("version_{BINARYEN_VERSION}");
    if pinned("wasm_opt").as_deref() != Some(want_opt.as_str()) {
        bail!("Trunk.toml must pin `wasm_opt = \"{want_opt}\"` under [tools]");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\nsource = \"x\"\n\n[[package]]\nname = \"wasm-bindgen-futures\"\nversion = \"0.4.80\"\n";

    #[test]
    fn reads_the_locked_version_of_exactly_that_package() {
        assert_eq!(locked_version(LOCK, "wasm-bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(locked_version(LOCK, "wasm-bindgen-futures").as_deref(), Some("0.4.80"));
        assert_eq!(locked_version(LOCK, "yew"), None);
    }

    #[test]
    fn trunk_pins_must_match_the_lock() {
        let good = "[tools]\nwasm_bindgen = \"0.2.130\"\nwasm_opt = \"version_132\"\n";
        assert!(check_trunk_pins(good, "0.2.130").is_ok());
        let err = check_trunk_pins(good, "0.2.131").unwrap_err().to_string();
        assert!(err.contains("0.2.131"), "{err}");
        assert!(check_trunk_pins("[tools]\nwasm_bindgen = \"0.2.130\"\n", "0.2.130").is_err());
    }
}
