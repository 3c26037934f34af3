//! Drills are deterministic, varied, always answerable by the engine, and
//! the engine's argv answers agree with an independent reading of Docker's
//! rules (the table in Docker's Dockerfile reference, "Understand how CMD
//! and ENTRYPOINT interact", and the inherited-CMD reset).

use super::*;
use crate::grade::{grade, solve, Answer, Solution};

#[test]
fn the_same_seed_gives_the_same_question() {
    assert_eq!(argv_drill(7), argv_drill(7));
    assert_eq!(cache_drill(7), cache_drill(7));
    let distinct: std::collections::BTreeSet<String> = (0..50)
        .map(|s| match argv_drill(s).task {
            Task::PredictArgv { project, run, .. } => format!("{}{run}", project.dockerfile),
            _ => unreachable!(),
        })
        .collect();
    assert!(distinct.len() > 30, "50 seeds give {} distinct questions", distinct.len());
}

/// The base images' ENTRYPOINT and CMD, from the catalog's records of their configs.
fn base_config(base: &str) -> (Option<Vec<String>>, Option<Vec<String>>) {
    let v = |w: &[&str]| Some(w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    match base {
        "alpine:3.24" => (None, v(&["/bin/sh"])),
        "python:3.12-slim" => (None, v(&["python3"])),
        "nginx:alpine" => (v(&["/docker-entrypoint.sh"]), v(&["nginx", "-g", "daemon off;"])),
        other => panic!("no config for {other}"),
    }
}

/// A CMD or ENTRYPOINT value: JSON is exec form, anything else is wrapped in `/bin/sh -c`.
fn command(text: &str) -> Vec<String> {
    serde_json::from_str::<Vec<String>>(text)
        .unwrap_or_else(|_| vec!["/bin/sh".to_string(), "-c".to_string(), text.to_string()])
}

/// Docker's rules, written again from the reference, not from the core.
fn expected_argv(dockerfile: &str, run: &str) -> Vec<String> {
    let mut lines = dockerfile.lines();
    let base = lines.next().and_then(|l| l.strip_prefix("FROM ")).expect("FROM first");
    let (base_ep, base_cmd) = base_config(base);
    let (mut ep_set, mut cmd_set) = (None, None);
    for line in lines {
        if let Some(v) = line.strip_prefix("ENTRYPOINT ") {
            ep_set = Some(command(v));
        } else if let Some(v) = line.strip_prefix("CMD ") {
            cmd_set = Some(command(v));
        }
    }
    let image_ep = ep_set.clone().or(base_ep);
    // Setting ENTRYPOINT resets a CMD inherited from the base image.
    let image_cmd = match (&cmd_set, &ep_set) {
        (Some(cmd), _) => Some(cmd.clone()),
        (None, Some(_)) => None,
        (None, None) => base_cmd,
    };
    let words: Vec<&str> = run.split_whitespace().collect();
    let (entrypoint_flag, after_image) = match words.iter().position(|w| *w == "--entrypoint") {
        Some(i) => (Some(words[i + 1].to_string()), &words[words.iter().position(|w| *w == "app").unwrap() + 1..]),
        None => (None, &words[words.iter().position(|w| *w == "app").unwrap() + 1..]),
    };
    let args: Vec<String> = after_image.iter().map(|s| s.to_string()).collect();
    let (ep, cmd) = match entrypoint_flag {
        // --entrypoint replaces ENTRYPOINT and drops the image's CMD.
        Some(flag) => (Some(vec![flag]), args),
        None if !args.is_empty() => (image_ep, args),
        None => (image_ep, image_cmd.unwrap_or_default()),
    };
    // A shell-form ENTRYPOINT still gets CMD or the run line's words after its
    // script (moby joins Entrypoint and Cmd as they are; the reference's table
    // lists only what runs): the process's argv is ENTRYPOINT + CMD in every case.
    ep.unwrap_or_default().into_iter().chain(cmd).collect()
}

#[test]
fn argv_answers_agree_with_dockers_rules() {
    for seed in 0..200 {
        let exercise = argv_drill(seed);
        let Task::PredictArgv { project, run, .. } = &exercise.task else { unreachable!() };
        let expected = expected_argv(&project.dockerfile, run);
        let Ok(Solution::Argv { argv, .. }) = solve(&exercise) else {
            panic!("seed {seed}: the engine answers\n{}{run}\n{:?}", project.dockerfile, solve(&exercise));
        };
        if expected.is_empty() {
            continue;
        }
        assert_eq!(argv, expected, "seed {seed}:\n{}{run}", project.dockerfile);
        assert!(grade(&exercise, &Answer::Argv(expected)).passed);
    }
}

#[test]
fn cache_drills_are_answerable() {
    for seed in 0..100 {
        let exercise = cache_drill(seed);
        match solve(&exercise) {
            Ok(Solution::Rebuilt { lines, steps }) => {
                assert!(!steps.is_empty(), "seed {seed}");
                assert!(grade(&exercise, &Answer::Rebuilt(lines.into_iter().collect())).passed, "seed {seed}");
            }
            other => {
                let Task::PredictCache { project, .. } = &exercise.task else { unreachable!() };
                panic!("seed {seed}: {other:?}\n{}", project.dockerfile);
            }
        }
    }
}
