//! Compilers: `go build [-o OUT]` (without `-o`, the executable named as Go
//! names it, from `go.mod` or the package path) and `mvn package|install|verify`.
//!
//! Both sizes are estimates (packages.json has no Go measurement and no Maven
//! data): a Go binary of hello-world or net/http size (net/http when
//! `main.go`'s contents, if known, import it), the Go build cache, and for
//! Maven a jar plus the `~/.m2/repository` Maven fills on first run. The
//! jar's name is Maven's, read from `pom.xml` when its contents are known.

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
    let mut packages: Vec<&str> = Vec::new();
    let mut args = argv.iter().skip(2);
    while let Some(a) = args.next() {
        if a == "-o" {
            out = args.next().cloned();
        } else if let Some(v) = a.strip_prefix("-o=") {
            out = Some(v.to_string());
        } else if GO_FLAGS_WITH_VALUES.contains(&a.as_str()) {
            args.next();
        } else if !a.starts_with('-') {
            packages.push(a);
        }
    }
    let default_name = executable_name(sh, &packages);
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

/// The working directory's own name (`app` at `/`), which both compilers
/// fall back on when a name cannot be read from the project.
fn cwd_name(sh: &Sh) -> String {
    sh.cwd.rsplit('/').find(|s| !s.is_empty()).unwrap_or("app").to_string()
}

/// `go build`'s flags that take the next word as their value.
const GO_FLAGS_WITH_VALUES: [&str; 14] = [
    "-ldflags",
    "-gcflags",
    "-asmflags",
    "-tags",
    "-p",
    "-mod",
    "-modfile",
    "-overlay",
    "-pkgdir",
    "-toolexec",
    "-buildmode",
    "-compiler",
    "-installsuffix",
    "-C",
];

/// The executable `go build` writes without `-o`: "named after the last
/// non-major-version component of the package import path" (`go help
/// build`). For `.` (or no package) that is the module path in `go.mod`
/// when its contents are known; for `./cmd/server`, `server`. Else the
/// directory's name.
fn executable_name(sh: &Sh, packages: &[&str]) -> String {
    let dir = cwd_name(sh);
    let import_path = match packages {
        [] | ["."] => {
            let go_mod = sh.exec.contents.as_ref().and_then(|f| f(&sh.abs("go.mod")));
            let module = go_mod.as_deref().and_then(|text| {
                text.lines()
                    .find_map(|l| l.trim().strip_prefix("module ").map(|m| m.trim().trim_matches('"').to_string()))
            });
            match module {
                Some(module) => module,
                None => return dir,
            }
        }
        [one] if one.starts_with("./") && !one.contains("...") => one.to_string(),
        _ => return dir,
    };
    let mut parts = import_path.rsplit('/').filter(|p| !p.is_empty() && *p != ".");
    let is_major =
        |p: &str| p.strip_prefix('v').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    match (parts.next(), parts.next()) {
        (Some(last), Some(before)) if is_major(last) => before.to_string(),
        (Some(last), _) => last.to_string(),
        _ => dir,
    }
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
        let named = sh.exec.contents.as_ref().and_then(|f| f(&pom)).and_then(|text| artifact_file(&text));
        let file = named.clone().unwrap_or_else(|| {
            let dir = cwd_name(sh);
            format!("{dir}-1.0.jar")
        });
        if named.is_none() {
            sh.estimated(format!("mvn package: pom.xml's artifactId and version not read, target/{file} assumed"));
        }
        let jar = sh.abs(&format!("target/{file}"));
        sh.put_file(&jar, MVN_JAR_BYTES, "jar");
        sh.estimated(format!("mvn package: a {MVN_JAR_BYTES}-byte jar assumed"));
        // `-q` shows errors only (Maven's `--quiet`).
        if !argv.iter().any(|a| a == "-q" || a == "--quiet") {
            sh.say("[INFO] BUILD SUCCESS");
        }
    }
    sh.seconds(if warm { 8.0 } else { 30.0 });
    0
}

/// The file `mvn package` leaves in `target/`: `<finalName>.<packaging>`,
/// where `finalName` defaults to `${project.artifactId}-${project.version}`
/// (Maven's super POM) and the version to the parent's. Read from the
/// project's own elements, not its parent's, dependencies' or plugins';
/// `None` when a name it needs is missing or is a `${property}`.
fn artifact_file(pom: &str) -> Option<String> {
    let mut path: Vec<&str> = Vec::new();
    let mut found: Vec<(String, &str)> = Vec::new();
    let mut rest = pom;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let close = rest.find('>')?;
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        if tag.starts_with('?') || tag.starts_with('!') || tag.ends_with('/') {
            continue;
        }
        if tag.starts_with('/') {
            path.pop();
            continue;
        }
        path.push(tag.split_whitespace().next().unwrap_or(tag));
        let text = rest[..rest.find('<').unwrap_or(rest.len())].trim();
        found.push((path.join("/"), text));
    }
    let get = |at: &str| found.iter().find(|(p, _)| p == at).map(|(_, t)| *t).filter(|t| !t.is_empty());
    let packaging = get("project/packaging").unwrap_or("jar");
    let name = match get("project/build/finalName") {
        Some(name) => name.to_string(),
        None => {
            let version = get("project/version").or_else(|| get("project/parent/version"))?;
            format!("{}-{version}", get("project/artifactId")?)
        }
    };
    (!name.contains("${") && matches!(packaging, "jar" | "war")).then(|| format!("{name}.{packaging}"))
}

#[cfg(test)]
mod tests {
    use super::artifact_file;
    /// Maven names the artifact `${artifactId}-${version}` unless
    /// `<build><finalName>` says otherwise (the super POM's
    /// `<finalName>${project.artifactId}-${project.version}</finalName>`);
    /// a project without a version takes its parent's.
    #[test]
    fn the_jar_is_named_from_the_projects_own_elements() {
        let spring = "<?xml version=\"1.0\"?>\n<project>\n  <parent>\n    <groupId>org.springframework.boot</groupId>\n    \
                      <artifactId>spring-boot-starter-parent</artifactId>\n    <version>3.5.0</version>\n  </parent>\n  \
                      <!-- <artifactId>not-this</artifactId> -->\n  <artifactId>demo</artifactId>\n  \
                      <version>0.0.1-SNAPSHOT</version>\n  <dependencies><dependency><artifactId>x</artifactId>\
                      <version>9</version></dependency></dependencies>\n</project>\n";
        assert_eq!(artifact_file(spring).as_deref(), Some("demo-0.0.1-SNAPSHOT.jar"));
        let inherited = "<project><parent><version>2.1</version></parent><artifactId>svc</artifactId>\
                         <packaging>war</packaging></project>";
        assert_eq!(artifact_file(inherited).as_deref(), Some("svc-2.1.war"));
        let final_name = "<project><artifactId>a</artifactId><version>1</version>\
                          <build><finalName>app</finalName></build></project>";
        assert_eq!(artifact_file(final_name).as_deref(), Some("app.jar"));
        assert_eq!(artifact_file("<project><artifactId>a</artifactId><version>${rev}</version></project>"), None);
        assert_eq!(artifact_file("<project><artifactId>a</artifactId></project>"), None);
    }
}
