//! The CMD × ENTRYPOINT table of Docker's reference: each row's Dockerfile
//! lines are built (FROM scratch, so nothing is inherited) and `docker run
//! IMAGE` is resolved. The table shows the command that runs (a shell-form
//! ENTRYPOINT's row is `/bin/sh -c exec_entry p1_entry` whatever the CMD),
//! so the rows are compared with `Argv::runs`; the process's whole argv
//! still carries the CMD after the script, as `docker inspect` shows it.

use super::Tally;
use layerlab_core::build::{build, BuildCache, BuildRequest};
use layerlab_core::context::BuildContext;
use layerlab_core::run::resolve_argv;
use std::path::Path;

pub fn run(root: &Path) -> Tally {
    let mut tally = Tally::new("cmd-entrypoint");
    let table = std::fs::read_to_string(root.join("cmd-entrypoint/table.tsv")).expect("cmd-entrypoint/table.tsv");
    let context = BuildContext::from_files(Vec::new()).expect("an empty context");
    for (n, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        tally.total += 1;
        let fields: Vec<&str> = line.split('\t').collect();
        let [entrypoint, cmd, expected] = fields.as_slice() else {
            tally.failures.push(format!("table.tsv:{}: malformed row", n + 1));
            continue;
        };
        let dockerfile = format!("FROM scratch\n{entrypoint}\n{cmd}\n");
        let request = BuildRequest {
            dockerfile: &dockerfile,
            context: &context,
            build_args: Default::default(),
            target: None,
            no_cache: false,
            session: Default::default(),
        };
        let outcome = build(&request, &mut BuildCache::default());
        let Some(image) = outcome.image else {
            tally.failures.push(format!("table.tsv:{}: build failed: {:?}", n + 1, outcome.error));
            continue;
        };
        let got = match resolve_argv(&image.config, None, &[]) {
            Ok(argv) => serde_json::to_string(argv.runs()).unwrap_or_default(),
            Err(_) => "error".to_string(),
        };
        let expected_normalized = match serde_json::from_str::<Vec<String>>(expected) {
            Ok(v) => serde_json::to_string(&v).unwrap_or_default(),
            Err(_) => expected.to_string(),
        };
        if got == expected_normalized {
            tally.passed += 1;
        } else {
            tally.failures.push(format!("table.tsv:{}: {entrypoint} | {cmd}: expected {expected}, got {got}", n + 1));
        }
    }
    tally
}
