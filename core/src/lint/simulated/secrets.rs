//! SecretInLayer: a COPY or ADD that puts a secret into a layer: named
//! outright (`COPY .env .`, `COPY id_rsa ...`) or sent along with a directory
//! (`COPY . .`) because `.dockerignore` does not exclude it. Every layer is
//! kept in the image, so deleting the file in a later step hides it from the
//! container but not from anyone who has the image (`docker save`).

use super::{size, EngineRule, Finding, Sim};
use crate::instructions::{Instruction, Transfer};
use crate::lint::{Cost, Edit, Fix};

/// Whether a context path looks like a secret, by its name.
pub(super) fn is_secret(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    // Most names are lower case already: no copy for them (this runs for every context file).
    let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(name.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(name)
    };
    // A directory of the path: a whole component, not the last. The three
    // asked about are hidden ones, so a path with none needs no search.
    let hidden = path.starts_with('.') || path.contains("/.");
    let in_dir = |dir: &str| {
        hidden
            && path.match_indices(dir).any(|(i, _)| {
                (i == 0 || path.as_bytes()[i - 1] == b'/') && path.as_bytes().get(i + dir.len()) == Some(&b'/')
            })
    };
    let env_file = name == ".env"
        || (name.starts_with(".env.") && !["example", "sample", "template", "dist"].iter().any(|s| name.ends_with(s)));
    let key = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"].contains(&name.as_ref());
    let extension = [".pem", ".key", ".p12", ".pfx", ".keystore", ".jks"].iter().any(|e| name.ends_with(e));
    let config =
        [".npmrc", ".pypirc", ".netrc", ".git-credentials", ".htpasswd", "credentials.json"].contains(&name.as_ref());
    env_file
        || key
        || extension
        || config
        || in_dir(".aws")
        || in_dir(".ssh")
        || (in_dir(".docker") && name == "config.json")
}

pub(super) fn check(sim: &Sim<'_>, out: &mut Vec<Finding>) {
    for stage in &sim.file.stages {
        let label = sim.label(stage.index);
        if !sim.outcome.steps.iter().any(|s| s.stage == label) {
            continue;
        }
        for instruction in &stage.instructions {
            let transfer: &Transfer = match instruction {
                Instruction::Copy(copy) if copy.from.is_none() => &copy.transfer,
                Instruction::Add(add) => &add.transfer,
                _ => continue,
            };
            let mut named = Vec::new();
            let mut swept = Vec::new();
            let mut bytes = 0;
            for source in &transfer.sources {
                for (path, _, file) in sim.context.resolve_source(source) {
                    if !is_secret(&path) || named.contains(&path) || swept.contains(&path) {
                        continue;
                    }
                    bytes += file.size;
                    if is_secret(source) {
                        named.push(path);
                    } else {
                        swept.push(path);
                    }
                }
            }
            if named.is_empty() && swept.is_empty() {
                continue;
            }
            let all: Vec<String> = named.iter().chain(&swept).cloned().collect();
            let bytes = (!sim.placeholders).then_some(bytes);
            let how = if swept.is_empty() {
                String::new()
            } else {
                format!(" ({} not excluded by .dockerignore)", swept.join(", "))
            };
            let message = format!(
                "{}{how} goes into this layer{}: every layer ships with the image, so a later `rm` does not remove it",
                all.join(", "),
                bytes.map_or(String::new(), |b| format!(" ({})", size(b))),
            );
            let mut found = Finding::at(EngineRule::SecretInLayer.rule(), instruction.common(), message);
            found.cost = Some(Cost { bytes, ..Cost::default() });
            found.fix = Some(if named.is_empty() {
                let append: String = swept.iter().map(|p| format!("{p}\n")).collect();
                Fix { text: format!("Add to .dockerignore:\n{append}"), edits: vec![Edit::Dockerignore { append }] }
            } else {
                Fix::text_only(format!(
                    "Do not copy {}: mount it only into the RUN that needs it, e.g. \
                     `RUN --mount=type=secret,id=mysecret,target=/run/secrets/mysecret ...` with \
                     `docker build --secret id=mysecret,src={}`",
                    named.join(", "),
                    named[0]
                ))
            });
            out.push(found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_secret;

    #[test]
    fn secret_directories_are_whole_components_before_the_name() {
        for path in [".aws/credentials", "home/.ssh/known", "a/.docker/config.json", "deploy/Server.PEM", ".env"] {
            assert!(is_secret(path), "{path}");
        }
        for path in ["x.aws/y", "a/b.ssh/c", ".ssh", "a/.dockerx/config.json", "a/.docker", ".env.example", "app.py"] {
            assert!(!is_secret(path), "{path}");
        }
    }
}
