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
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let in_dir = |dir: &str| path.split('/').rev().skip(1).any(|d| d == dir);
    let env_file = name == ".env"
        || (name.starts_with(".env.") && !["example", "sample", "template", "dist"].iter().any(|s| name.ends_with(s)));
    let key = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"].contains(&name.as_str());
    let extension = [".pem", ".key", ".p12", ".pfx", ".keystore", ".jks"].iter().any(|e| name.ends_with(e));
    let config =
        [".npmrc", ".pypirc", ".netrc", ".git-credentials", ".htpasswd", "credentials.json"].contains(&name.as_str());
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
