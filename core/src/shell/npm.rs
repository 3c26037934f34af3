//! `npm install` / `npm ci` (`--omit=dev`, `--production`, `-g`),
//! `npm cache clean`, and `npm run <script>` when the script is `vite build`.
//!
//! Dependencies come from `package.json` (read through [`super::Exec::contents`])
//! or the command line; sizes follow the data's direct dependencies of known
//! packages (the real tree is larger: the data notes peer and optional
//! dependencies are missing). `node_modules` gets each package's unpacked
//! size; the tarballs stay in `~/.npm/_cacache`.

use super::exec::Sh;
use super::packages::npm_package;
use std::collections::BTreeSet;

/// ESTIMATE: packages assumed when package.json's contents are unknown.
const UNKNOWN_DEPENDENCIES: usize = 20;

pub(super) fn run(sh: &mut Sh, argv: &[String]) -> i32 {
    let sub = argv.get(1).map(String::as_str).unwrap_or("");
    let rest = argv.get(2..).unwrap_or(&[]);
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
    let mut wanted = named.clone();
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
        match sh.exec.contents.as_ref().and_then(|f| f(&manifest)) {
            Some(text) => wanted.extend(dependencies(&text, omit_dev)),
            None => {
                sh.estimated(format!(
                    "package.json contents unknown: {UNKNOWN_DEPENDENCIES} dependencies of assumed size"
                ));
                wanted.extend((1..=UNKNOWN_DEPENDENCIES).map(|i| format!("unknown-dependency-{i}")));
            }
        }
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut order = Vec::new();
    let mut queue = wanted;
    while !queue.is_empty() {
        let name = queue.remove(0);
        if !seen.insert(name.clone()) {
            continue;
        }
        let (_, _, deps, known) = npm_package(&name);
        if !known && !name.starts_with("unknown-dependency-") {
            sh.estimated(format!("npm package {name}: size not in the data"));
        }
        queue.extend(deps);
        order.push(name);
    }
    let modules = if global { "/usr/local/lib/node_modules".to_string() } else { sh.abs("node_modules") };
    let cache = format!("{}/.npm/_cacache", sh.home());
    let mut total = 0;
    for name in &order {
        let (unpacked, tarball, _, _) = npm_package(name);
        sh.put_file(&format!("{modules}/{name}/package.json"), unpacked, name);
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
    sh.say(format!("added {} packages in {}s", order.len(), seconds.round() as u64));
    sh.seconds(seconds);
    0
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
