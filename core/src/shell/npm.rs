//! `npm install` / `npm ci` (`--omit=dev`, `--production`, `-g`),
//! `npm cache clean`, and `npm run <script>` when the script is `vite build`.
//!
//! What is installed comes from `package-lock.json` when its contents are
//! known (every `node_modules/…` entry, less `dev` ones under `--omit=dev` and
//! optional ones for another platform), else from `package.json` (read
//! through [`super::Exec::contents`]) or the command line, followed through
//! the data's dependencies, non-optional peer dependencies and optional
//! dependencies whose `os`/`cpu`/`libc` fit the image (linux, x64, musl on
//! Alpine). The data keeps one version per name, so a tree that nests a second
//! version of a package counts it once. `node_modules` gets each package's
//! unpacked size; the tarballs stay in `~/.npm/_cacache`.

use super::exec::Sh;
use super::packages::{npm_data, npm_package, npm_platform_ok};
use crate::catalog::OsFamily;
use std::collections::{BTreeSet, VecDeque};

/// The note of an install that npm would audit or count funding for.
pub(super) const AUDIT_LEFT_OUT: &str = "npm: the lines of the registry's audit (`found N vulnerabilities`) and of \
     funding (`N packages are looking for funding`) are left out: Layerlab's package tables hold no advisories \
     or funding fields";

/// ESTIMATE: packages assumed when package.json's contents are unknown.
const UNKNOWN_DEPENDENCIES: usize = 20;

pub(super) fn run(sh: &mut Sh, argv: &[String]) -> i32 {
    let sub = argv.get(1).map(String::as_str).unwrap_or("");
    let rest = argv.get(2..).unwrap_or(&[]);
    // npm warns whenever `force` is set, before any command runs (`lib/npm.js`
    // `load`); npm 10 logs as `npm warn`, as in `npm cache clean --force`.
    if rest.iter().any(|a| a == "--force" || a == "-f") {
        sh.warn("npm warn using --force Recommended protections disabled.");
    }
    match sub {
        "install" | "i" | "ci" | "add" => install(sh, sub == "ci", rest),
        "run" | "run-script" if script_is_vite_build(sh, rest) => vite_build(sh),
        "cache" if rest.iter().any(|a| a == "clean") => {
            let dir = format!("{}/.npm/_cacache", sh.home());
            sh.exec.writer.remove(&dir);
            0
        }
        _ => {
            sh.not_simulated(argv);
            0
        }
    }
}

fn install(sh: &mut Sh, ci: bool, args: &[String]) -> i32 {
    let omit_dev = args.iter().any(|a| a == "--omit=dev" || a == "--production" || a == "--only=production")
        || sh.var("NODE_ENV") == "production";
    let global = args.iter().any(|a| a == "-g" || a == "--global");
    let named: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).map(|a| strip_version(a)).collect();
    let manifest = sh.abs("package.json");
    if ci {
        let lock = sh.exec.writer.exists(&sh.abs("package-lock.json"))
            || sh.exec.writer.exists(&sh.abs("npm-shrinkwrap.json"));
        if !lock {
            // UNVERIFIED: npm 10's wording (older npm prints `npm ERR!`).
            sh.warn("npm error code EUSAGE");
            sh.warn("npm error The `npm ci` command can only install with an existing package-lock.json or");
            sh.warn("npm error npm-shrinkwrap.json with lockfileVersion >= 1.");
            return 1;
        }
    }
    let lock = lockfile(sh, omit_dev);
    let platform = platform(sh);
    let mut wanted = named.clone();
    let mut locked: Vec<(String, String)> = Vec::new();
    if named.is_empty() || ci {
        if !sh.exec.writer.exists(&manifest) {
            if ci {
                // UNVERIFIED wording.
                sh.warn("npm error code ENOENT");
                sh.warn(format!("npm error enoent Could not read package.json: {manifest}"));
                return 254;
            }
            sh.say("up to date in 1s");
            return 0;
        }
        match (lock, sh.exec.contents.as_ref().and_then(|f| f(&manifest))) {
            (Some(entries), _) => {
                locked = entries.into_iter().filter(|e| e.fits(platform)).map(|e| (e.path, e.name)).collect();
            }
            (None, Some(text)) => wanted.extend(dependencies(&text, omit_dev)),
            (None, None) => {
                sh.estimated(format!(
                    "package.json contents unknown: {UNKNOWN_DEPENDENCIES} dependencies of assumed size"
                ));
                wanted.extend((1..=UNKNOWN_DEPENDENCIES).map(|i| format!("unknown-dependency-{i}")));
            }
        }
    }
    let modules = if global { "/usr/local/lib/node_modules".to_string() } else { sh.abs("node_modules") };
    // (path under the project, package name)
    let mut order: Vec<(String, String)> = locked;
    let mut seen: BTreeSet<String> = order.iter().map(|(_, n)| n.clone()).collect();
    let mut queue: VecDeque<(String, bool)> = wanted.into_iter().map(|w| (w, false)).collect();
    while let Some((name, optional)) = queue.pop_front() {
        if seen.contains(&name) {
            continue;
        }
        let data = npm_data(&name);
        match data {
            Some(p) if !npm_platform_ok([&p.os, &p.cpu, &p.libc], platform) => continue,
            // npm skips an optional dependency it cannot install; one missing from the data is left out too.
            None if optional => continue,
            _ => {}
        }
        seen.insert(name.clone());
        if let Some(p) = data {
            queue.extend(p.dependencies.keys().chain(p.peer_dependencies.keys()).map(|d| (d.clone(), false)));
            queue.extend(p.optional_dependencies.keys().map(|d| (d.clone(), true)));
        }
        order.push((format!("node_modules/{name}"), name));
    }
    for (_, name) in &order {
        if npm_data(name).is_none() && !name.starts_with("unknown-dependency-") {
            sh.estimated(format!("npm package {name}: size not in the data"));
        }
    }
    if sh.exec.offline && !order.is_empty() {
        // UNVERIFIED: npm 10's wording without DNS (`RUN --network=none`).
        let first = &order[0].1;
        sh.warn("npm error code EAI_AGAIN");
        sh.warn("npm error syscall getaddrinfo");
        sh.warn("npm error errno EAI_AGAIN");
        sh.warn(format!("npm error request to https://registry.npmjs.org/{first} failed, reason: getaddrinfo EAI_AGAIN registry.npmjs.org"));
        return 1;
    }
    let cache = format!("{}/.npm/_cacache", sh.home());
    let mut total = 0;
    for (path, name) in &order {
        let (unpacked, tarball, _) = npm_package(name);
        let dir = path.strip_prefix("node_modules/").unwrap_or(path);
        sh.put_file(&format!("{modules}/{dir}/package.json"), unpacked, name);
        sh.put_file(&format!("{cache}/content-v2/{name}.tgz"), tarball, name);
        total += unpacked + tarball;
    }
    if global {
        let cmds: Vec<String> = named
            .iter()
            .map(|n| match n.as_str() {
                "typescript" => "tsc".to_string(),
                other => other.to_string(),
            })
            .collect();
        sh.installed(cmds);
    }
    if !named.is_empty() && !global && sh.exec.writer.exists(&manifest) {
        let size = sh.exec.writer.get(&manifest).map_or(0, |e| e.size());
        sh.put_file(&manifest, size + 30 * named.len() as u64, &named.join(","));
    }
    let seconds = 1.0 + 0.2 * order.len() as f64 + 0.05 * total as f64 / 1e6;
    // npm audits what it installed unless told not to; a global install is
    // never audited (arborist's `reify` skips it).
    let audit = !global && !args.iter().any(|a| a == "--no-audit") && !config_off(sh, "audit");
    let fund = !args.iter().any(|a| a == "--no-fund") && !config_off(sh, "fund");
    sh.say("");
    sh.say(changed_message(order.len(), audit, seconds));
    if audit || fund {
        sh.estimated(AUDIT_LEFT_OUT);
    }
    sh.seconds(seconds);
    0
}

/// npm's summary line (`lib/utils/reify-output.js` `packagesChangedMessage`):
/// `added 68 packages, and audited 69 packages in 3s`. The audited count is
/// the installed tree's inventory, which holds the project itself as well.
/// UNVERIFIED: that `--omit=dev` leaves the omitted packages out of it.
pub(super) fn changed_message(added: usize, audited: bool, seconds: f64) -> String {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut line = if added == 0 { "up to date".to_string() } else { format!("added {}", plural(added, "package")) };
    if audited {
        line.push_str(if added == 0 { ", " } else { ", and " });
        line.push_str(&format!("audited {}", plural(added + 1, "package")));
    }
    format!("{line} in {}", ms(seconds))
}

/// A duration as the `ms` package prints it in short form: `850ms`, `3s`, `2m`.
fn ms(seconds: f64) -> String {
    let millis = (seconds * 1000.0).round();
    if millis < 1000.0 {
        format!("{millis}ms")
    } else if millis < 60_000.0 {
        format!("{}s", (millis / 1000.0).round())
    } else if millis < 3_600_000.0 {
        format!("{}m", (millis / 60_000.0).round())
    } else {
        format!("{}h", (millis / 3_600_000.0).round())
    }
}

/// `npm_config_<name>=false` (npm reads its config from the environment too).
fn config_off(sh: &Sh, name: &str) -> bool {
    let value = sh.var(&format!("npm_config_{name}"));
    let upper = sh.var(&format!("NPM_CONFIG_{}", name.to_uppercase()));
    value == "false" || upper == "false"
}

/// The image's platform as npm's `os`, `cpu` and `libc` fields name it (the data is for x64).
fn platform(sh: &Sh) -> [&'static str; 3] {
    let libc = if sh.facts.image.os == OsFamily::Alpine { "musl" } else { "glibc" };
    ["linux", "x64", libc]
}

/// One package a lockfile lists.
struct Locked {
    /// `node_modules/a/node_modules/b`.
    path: String,
    name: String,
    os: Vec<String>,
    cpu: Vec<String>,
    libc: Vec<String>,
}

impl Locked {
    fn fits(&self, platform: [&str; 3]) -> bool {
        npm_platform_ok([&self.os, &self.cpu, &self.libc], platform)
    }
}

/// The packages of `package-lock.json` (or `npm-shrinkwrap.json`), lockfile
/// versions 2 and 3 (the `packages` map); `None` when there is none, its
/// contents are unknown, or it has no `packages` map.
fn lockfile(sh: &Sh, omit_dev: bool) -> Option<Vec<Locked>> {
    let read = sh.exec.contents.as_ref()?;
    let text = ["npm-shrinkwrap.json", "package-lock.json"]
        .iter()
        .map(|f| sh.abs(f))
        .filter(|path| sh.exec.writer.exists(path))
        .find_map(|path| read(&path))?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    let list = |v: &serde_json::Value, key: &str| -> Vec<String> {
        match v.get(key) {
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    let packages = value.get("packages")?.as_object()?;
    let entries = packages
        .iter()
        .filter(|(path, _)| !path.is_empty() && path.contains("node_modules/"))
        .filter(|(_, p)| !(omit_dev && p.get("dev").and_then(|d| d.as_bool()) == Some(true)))
        .filter(|(_, p)| p.get("link").and_then(|l| l.as_bool()) != Some(true))
        .map(|(path, p)| Locked {
            path: path.clone(),
            name: path.rsplit_once("node_modules/").map_or(path.as_str(), |(_, n)| n).to_string(),
            os: list(p, "os"),
            cpu: list(p, "cpu"),
            libc: list(p, "libc"),
        })
        .collect();
    Some(entries)
}

/// `@types/node@^20` → `@types/node`.
fn strip_version(spec: &str) -> String {
    match spec.get(1..).and_then(|s| s.find('@')) {
        Some(i) => spec[..i + 1].to_string(),
        None => spec.to_string(),
    }
}

/// The dependency names of a package.json (dev ones unless omitted).
fn dependencies(text: &str, omit_dev: bool) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else { return Vec::new() };
    let mut keys = vec!["dependencies"];
    if !omit_dev {
        keys.push("devDependencies");
    }
    keys.iter()
        .filter_map(|k| value.get(k).and_then(|d| d.as_object()))
        .flat_map(|m| m.keys().cloned().collect::<Vec<_>>())
        .collect()
}

/// Whether `npm run <name>` runs `vite build` (package.json's `scripts`,
/// possibly after other commands joined with `&&`, such as `tsc && vite build`).
fn script_is_vite_build(sh: &Sh, rest: &[String]) -> bool {
    let Some(name) = rest.iter().find(|a| !a.starts_with('-')) else { return false };
    let manifest = sh.abs("package.json");
    let Some(text) = sh.exec.contents.as_ref().and_then(|f| f(&manifest)) else { return false };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else { return false };
    let script = value.get("scripts").and_then(|s| s.get(name)).and_then(|s| s.as_str()).unwrap_or("");
    script.split("&&").any(|part| part.split_whitespace().take(2).eq(["vite", "build"]))
}

/// ESTIMATE: `vite build` writes `dist/`: `index.html`, the files of
/// `public/` as they are, and the bundled sources under `dist/assets/`,
/// assumed as large as the sources (minifying shrinks them, bundled
/// dependencies grow them; neither is measured).
fn vite_build(sh: &mut Sh) -> i32 {
    let root = sh.abs(".");
    if !sh.exec.writer.exists(&sh.abs("node_modules/vite/package.json")) {
        // npm runs scripts with node_modules/.bin on PATH; without vite there is nothing to run.
        // UNVERIFIED wording (npm 10 under /bin/sh).
        sh.warn("sh: vite: not found");
        return 127;
    }
    let files = sh.exec.writer.list(&root);
    let relative = |path: &str| path.strip_prefix(&root).map(|p| p.trim_start_matches('/').to_string());
    let (mut scripts, mut styles) = (0, 0);
    let mut outputs = Vec::new();
    for (path, entry) in &files {
        let Some(rel) = relative(path) else { continue };
        let size = entry.size();
        if size == 0 || rel.starts_with("node_modules/") || rel.starts_with("dist/") {
            continue;
        }
        if let Some(public) = rel.strip_prefix("public/") {
            outputs.push((format!("{root}/dist/{public}"), size));
        } else if rel == "index.html" {
            outputs.push((format!("{root}/dist/index.html"), size));
        } else if rel.starts_with("src/") {
            if rel.ends_with(".css") {
                styles += size;
            } else if [".js", ".jsx", ".ts", ".tsx", ".vue", ".svelte"].iter().any(|e| rel.ends_with(e)) {
                scripts += size;
            }
        }
    }
    if scripts > 0 {
        outputs.push((format!("{root}/dist/assets/index.js"), scripts));
    }
    if styles > 0 {
        outputs.push((format!("{root}/dist/assets/index.css"), styles));
    }
    for (path, size) in &outputs {
        sh.put_file(path, *size, "vite-build");
    }
    sh.estimated("vite build: dist/assets assumed as large as the sources they bundle");
    let seconds = 2.0 + 0.5 * outputs.len() as f64;
    sh.say(format!("✓ {} files written to dist/", outputs.len()));
    sh.seconds(seconds);
    0
}
