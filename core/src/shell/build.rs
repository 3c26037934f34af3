//! Compilers: `go build [-o OUT]` and `mvn package|install|verify`.
//!
//! Both sizes are estimates (packages.json has no Go measurement and no Maven
//! data): a Go binary of hello-world or net/http size (net/http when
//! `main.go`'s contents, if known, import it), the Go build cache, and for
//! Maven a jar plus the `~/.m2/repository` Maven fills on first run.

use super::exec::Sh;
use super::packages::{go_binary_bytes, MVN_JAR_BYTES, MVN_REPOSITORY_BYTES};

/// ESTIMATE: `~/.cache/go-build` after one build of a small program.
const GO_BUILD_CACHE_BYTES: u64 = 25_000_000;

pub(super) fn go(sh: &mut Sh, argv: &[String]) -> i32 {
    if argv.get(1).map(String::as_str) != Some("build") {
        sh.not_simulated(argv);
        return 0;
    }
    let mut out: Option<String> = None;
    let mut args = argv.iter().skip(2);
    while let Some(a) = args.next() {
        if a == "-o" {
            out = args.next().cloned();
        } else if let Some(v) = a.strip_prefix("-o=") {
            out = Some(v.to_string());
        }
    }
    let default_name = sh.cwd.rsplit('/').find(|s| !s.is_empty()).unwrap_or("app").to_string();
    let mut path = sh.abs(out.as_deref().unwrap_or(&default_name));
    if sh.exec.writer.get(&path).is_some_and(|e| e.is_dir()) {
        path = format!("{path}/{default_name}");
    }
    let main = sh.abs("main.go");
    let net_http = sh.exec.contents.as_ref().and_then(|f| f(&main)).is_some_and(|t| t.contains("net/http"));
    let (size, measured) = go_binary_bytes(net_http);
    if !measured {
        sh.estimated(format!("go build: a {size}-byte binary assumed (Go binary sizes not measured)"));
    }
    sh.put_file(&path, size, "go-build");
    let cache = format!("{}/.cache/go-build/cache.bin", sh.home());
    let cached = sh.exec.writer.exists(&cache);
    sh.put_file(&cache, GO_BUILD_CACHE_BYTES, "go-build-cache");
    sh.estimated(format!("go build cache: {GO_BUILD_CACHE_BYTES} bytes assumed"));
    sh.seconds(if cached { 2.0 } else { 12.0 });
    0
}

pub(super) fn mvn(sh: &mut Sh, argv: &[String]) -> i32 {
    let goals: Vec<&str> = argv.iter().skip(1).map(String::as_str).filter(|a| !a.starts_with('-')).collect();
    let builds = goals.iter().any(|g| matches!(*g, "package" | "install" | "verify"));
    let offline = goals.iter().any(|g| g.starts_with("dependency:"));
    if !builds && !offline {
        sh.not_simulated(argv);
        return 0;
    }
    let pom = sh.abs("pom.xml");
    if !sh.exec.writer.exists(&pom) {
        // UNVERIFIED: abbreviated Maven error.
        sh.say(format!(
            "[ERROR] The goal you specified requires a project to execute but there is no POM in this directory ({}).",
            sh.cwd
        ));
        return 1;
    }
    let repo = format!("{}/.m2/repository/dependencies.jar", sh.home());
    let warm = sh.exec.writer.exists(&repo);
    sh.put_file(&repo, MVN_REPOSITORY_BYTES, "m2");
    sh.estimated(format!("~/.m2 repository: {MVN_REPOSITORY_BYTES} bytes assumed"));
    if builds {
        let name = sh.cwd.rsplit('/').find(|s| !s.is_empty()).unwrap_or("app").to_string();
        let jar = sh.abs(&format!("target/{name}-1.0.jar"));
        sh.put_file(&jar, MVN_JAR_BYTES, "jar");
        sh.estimated(format!("mvn package: a {MVN_JAR_BYTES}-byte jar assumed"));
        sh.say("[INFO] BUILD SUCCESS");
    }
    sh.seconds(if warm { 8.0 } else { 30.0 });
    0
}
