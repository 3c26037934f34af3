//! The examples gallery: small, real projects a learner can open, build and
//! edit — a Dockerfile plus its build context, embedded from
//! `core/data/examples/<name>/` so the app needs no network to show them.
//!
//! Each project is true to its ecosystem (idiomatic files, versions that
//! exist, a `.dockerignore` where one belongs) and uses base images from the
//! core's catalog, so the simulation can size it. One example is bad on
//! purpose: it is the exercise "fix this Dockerfile". The tests build every
//! example and check, with the core's own figures, what each one teaches.

use crate::context::{BuildContext, ContextFile, DockerignoreError};
use crate::playground::Project;

/// One project of the gallery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// A slug, stable across versions (links and tests name it).
    pub name: &'static str,
    pub title: &'static str,
    /// One sentence: what the example teaches.
    pub summary: &'static str,
    pub dockerfile: &'static str,
    /// The build context besides the Dockerfile, sorted by path.
    pub files: &'static [ExampleFile],
}

/// One file of an example's build context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExampleFile {
    /// Relative to the context's root, `/`-separated.
    pub path: &'static str,
    pub contents: &'static [u8],
    /// Mode 0755 rather than 0644: `COPY` keeps it, and a script run at
    /// start-up (nginx's `/docker-entrypoint.d/`) must be executable.
    pub executable: bool,
}

impl ExampleFile {
    /// The Unix mode the file has in the context.
    pub fn mode(&self) -> u32 {
        if self.executable {
            0o755
        } else {
            0o644
        }
    }
}

impl Example {
    /// The build context as `docker build .` would send it: the files, the
    /// Dockerfile among them (as the playground's project does), and
    /// `.dockerignore` applied.
    pub fn context(&self) -> Result<BuildContext, DockerignoreError> {
        let files = self.files.iter().map(|f| (f.path.to_string(), ContextFile::new(f.contents, f.mode())));
        let dockerfile = ("Dockerfile".to_string(), ContextFile::new(self.dockerfile.as_bytes(), 0o644));
        BuildContext::from_context_files(files.chain(std::iter::once(dockerfile)))
    }

    /// The example as a playground project (the Dockerfile open), ready for
    /// `Playground::edit`.
    pub fn project(&self) -> Project {
        let mut project = Project::new(self.dockerfile);
        for file in self.files {
            project.set_file_with_mode(file.path, file.contents, file.mode());
        }
        project
    }

    /// The file at `path`, if the example has one.
    pub fn file(&self, path: &str) -> Option<&'static ExampleFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// Every example, in the order the gallery shows them.
pub fn all() -> &'static [Example] {
    &EXAMPLES
}

/// The example with this slug.
pub fn by_name(name: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.name == name)
}

/// A context file embedded from `core/data/examples/<example>/<path>`.
macro_rules! file {
    ($example:literal, $path:literal) => {
        file!($example, $path, false)
    };
    ($example:literal, $path:literal, $executable:expr) => {
        ExampleFile {
            path: $path,
            contents: include_bytes!(concat!("../data/examples/", $example, "/", $path)),
            executable: $executable,
        }
    };
}

/// An example's Dockerfile.
macro_rules! dockerfile {
    ($example:literal) => {
        include_str!(concat!("../data/examples/", $example, "/Dockerfile"))
    };
}

static EXAMPLES: [Example; 9] = [
    Example {
        name: "flask",
        title: "Python: Flask with gunicorn",
        summary: "Copy requirements.txt and install before copying the code, so editing app.py rebuilds only the last layer.",
        dockerfile: dockerfile!("flask"),
        files: &[file!("flask", ".dockerignore"), file!("flask", "app.py"), file!("flask", "requirements.txt")],
    },
    Example {
        name: "node-express",
        title: "Node.js: an Express API",
        summary: "Install from the lock file with `npm ci --omit=dev` before copying the code, and run as the image's `node` user.",
        dockerfile: dockerfile!("node-express"),
        files: &[
            file!("node-express", ".dockerignore"),
            file!("node-express", "package-lock.json"),
            file!("node-express", "package.json"),
            file!("node-express", "server.js"),
        ],
    },
    Example {
        name: "vite-nginx",
        title: "Front end: built with Vite, served by nginx",
        summary: "Build the site in a Node stage and ship only the built files on nginx, leaving Node and node_modules behind.",
        dockerfile: dockerfile!("vite-nginx"),
        files: &[
            file!("vite-nginx", ".dockerignore"),
            file!("vite-nginx", "index.html"),
            file!("vite-nginx", "nginx.conf"),
            file!("vite-nginx", "package-lock.json"),
            file!("vite-nginx", "package.json"),
            file!("vite-nginx", "public/favicon.svg"),
            file!("vite-nginx", "src/main.js"),
            file!("vite-nginx", "src/style.css"),
        ],
    },
    Example {
        name: "go-alpine",
        title: "Go: multi-stage build to alpine",
        summary: "Compile in the Go toolchain image and copy the one binary into a small alpine image with a user of its own.",
        dockerfile: dockerfile!("go-alpine"),
        files: &[file!("go-alpine", ".dockerignore"), file!("go-alpine", "go.mod"), file!("go-alpine", "main.go")],
    },
    Example {
        name: "go-scratch",
        title: "Go: a static binary on scratch",
        summary: "A static Go binary needs no operating system: an image FROM scratch holds the binary and nothing else.",
        dockerfile: dockerfile!("go-scratch"),
        files: &[file!("go-scratch", ".dockerignore"), file!("go-scratch", "go.mod"), file!("go-scratch", "main.go")],
    },
    Example {
        name: "java-maven",
        title: "Java: Maven build, JRE runtime",
        summary: "Build the jar with Maven and a full JDK, then run it on a JRE-only image without Maven or the ~/.m2 cache.",
        dockerfile: dockerfile!("java-maven"),
        files: &[
            file!("java-maven", ".dockerignore"),
            file!("java-maven", "pom.xml"),
            file!("java-maven", "src/main/java/com/example/app/App.java"),
        ],
    },
    Example {
        name: "nginx-static",
        title: "A static site on nginx",
        summary: "Copy a site into nginx's web root and keep the base image's CMD; an executable start-up script runs before nginx.",
        dockerfile: dockerfile!("nginx-static"),
        files: &[
            file!("nginx-static", "40-site-config.sh", true),
            file!("nginx-static", "README.md"),
            file!("nginx-static", "site/about.html"),
            file!("nginx-static", "site/index.html"),
            file!("nginx-static", "site/style.css"),
        ],
    },
    Example {
        name: "compose-web-db-cache",
        title: "Compose: a web app with a database and a cache",
        summary: "Three services in one compose.yaml: the web app starts once Postgres is healthy and finds `db` and `cache` by name on the project's network.",
        dockerfile: dockerfile!("compose-web-db-cache"),
        files: &[
            file!("compose-web-db-cache", ".dockerignore"),
            file!("compose-web-db-cache", "app.py"),
            file!("compose-web-db-cache", "compose.yaml"),
            file!("compose-web-db-cache", "requirements.txt"),
        ],
    },
    Example {
        name: "bad-dockerfile",
        title: "Fix this Dockerfile",
        summary: "The classic interview mistakes in one file — code copied before dependencies, apt lists kept, a secret baked in, root, shell-form CMD — for you to fix.",
        dockerfile: dockerfile!("bad-dockerfile"),
        files: &[
            file!("bad-dockerfile", ".env"),
            file!("bad-dockerfile", "app.py"),
            file!("bad-dockerfile", "requirements.txt"),
        ],
    },
];

#[cfg(test)]
mod tests;
