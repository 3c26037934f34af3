//! Tests of the composer's goal parameters: every predicate can be added
//! and edited, values read back as shown, and bad text says why.

use super::*;
use layerlab_lessons::Task;

/// Each predicate's position; exhaustive, so a new predicate fails to
/// compile here until it has a template.
fn variant(p: &Predicate) -> usize {
    use Predicate::*;
    match p {
        Builds => 0,
        ImageSizeUnder { .. } => 1,
        LayersAtMost { .. } => 2,
        NoLayerWastes { .. } => 3,
        RunsAsNonRoot { .. } => 4,
        ArgvIs { .. } => 5,
        StopReachesApp { .. } => 6,
        PortPublished { .. } => 7,
        PortOnLoopbackOnly { .. } => 8,
        MemoryLimitAtMost { .. } => 9,
        Exposes { .. } => 10,
        HasHealthcheck => 11,
        HasLabel { .. } => 12,
        LintSilent { .. } => 13,
        FileInImage { .. } => 14,
        FileNotInImage { .. } => 15,
        NotInContext { .. } => 16,
        CommandAbsent { .. } => 17,
        StaysCached { .. } => 18,
        ReusesCache { .. } => 19,
        NoDanglingImages => 20,
        ImageExists { .. } => 21,
        ImageAbsent { .. } => 22,
        AllContainersStopped => 23,
        NoContainers => 24,
        ContainerRunning { .. } => 25,
        ContainerAbsent { .. } => 26,
        HostReaches { .. } => 27,
        ContainersReach { .. } => 28,
        NetworkExists { .. } => 29,
        NetworkAbsent { .. } => 30,
        VolumeExists { .. } => 31,
        VolumeMounted { .. } => 32,
        PushedForPlatforms { .. } => 33,
    }
}

#[test]
fn every_predicate_has_exactly_one_template() {
    let mut seen: Vec<usize> = TEMPLATES.iter().map(|t| variant(&predicate(t).expect(t.json))).collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..=33).collect::<Vec<_>>());
    let project = templates(Scope::Project).count();
    let daemon = templates(Scope::Daemon).count();
    assert_eq!((project, daemon), (20, 14), "fix-its offer project goals, terminal tasks daemon goals");
}

/// Every goal in the course and every template: each parameter's text sets
/// the same predicate back.
#[test]
fn every_parameter_reads_back_as_shown() {
    let lessons = layerlab_lessons::load_all().expect("the lessons");
    let goals = lessons.iter().flat_map(|l| &l.exercises).flat_map(|e| match &e.task {
        Task::FixIt { goals, .. } | Task::TerminalTask { goals, .. } => {
            goals.iter().map(|g| g.predicate.clone()).collect()
        }
        _ => Vec::new(),
    });
    let all: Vec<Predicate> = goals.chain(TEMPLATES.iter().map(|t| predicate(t).unwrap())).collect();
    let mut fields = 0;
    for p in &all {
        for param in params(p).1 {
            assert_eq!(
                set(p, &param.name, &param.text).as_ref(),
                Ok(p),
                "{} of {p:?} shown as {:?}",
                param.name,
                param.text
            );
            fields += 1;
        }
    }
    assert!(fields > 50, "{fields} fields checked");
}

#[test]
fn text_parameters_are_edited() {
    let argv = predicate(&TEMPLATES[5]).unwrap();
    assert_eq!(
        set(&argv, "argv", "/bin/sh -c 'echo hi'"),
        Ok(Predicate::ArgvIs { argv: vec!["/bin/sh".into(), "-c".into(), "echo hi".into()], run: None })
    );
    let (check, shown) = params(&set(&argv, "argv", "/bin/sh -c 'echo hi'").unwrap());
    assert_eq!(check, "argv-is");
    assert_eq!(shown[0], Param { name: "argv".into(), kind: ParamKind::Words, text: "/bin/sh -c 'echo hi'".into() });
    assert_eq!(
        set(&argv, "run", "docker run app serve"),
        Ok(Predicate::ArgvIs {
            argv: vec!["python".into(), "app.py".into()],
            run: Some("docker run app serve".into())
        })
    );
    let label = predicate(&TEMPLATES[12]).unwrap();
    assert_eq!(set(&label, "key", " maintainer "), Ok(Predicate::HasLabel { key: "maintainer".into() }));
    let lint = predicate(&TEMPLATES[13]).unwrap();
    assert_eq!(
        set(&lint, "rule", "JSONArgsRecommended"),
        Ok(Predicate::LintSilent { rule: "JSONArgsRecommended".into() })
    );
    let reach = predicate(&TEMPLATES[27]).unwrap();
    assert_eq!(
        set(&reach, "address", "127.0.0.1"),
        Ok(Predicate::HostReaches { name: "web".into(), port: 80, address: Some("127.0.0.1".into()) })
    );
}

#[test]
fn bad_text_says_why() {
    let port = predicate(&TEMPLATES[7]).unwrap();
    for bad in ["0", "70000", "80.5", ""] {
        assert_eq!(set(&port, "port", bad), Err("a port is a whole number from 1 to 65535".into()), "{bad:?}");
    }
    assert_eq!(
        set(&port, "run", "docker run --memory lots app").map(|_| ()).unwrap_err().split(':').next(),
        Some("the run line does not read")
    );
    let size = predicate(&TEMPLATES[1]).unwrap();
    assert_eq!(set(&size, "mb", "-1"), Err("mb is 0 or more".into()));
    assert_eq!(set(&size, "mb", "big"), Err("mb is a number of MB, such as 50 or 0.5".into()));
    let lint = predicate(&TEMPLATES[13]).unwrap();
    assert_eq!(set(&lint, "rule", "jsonargsrecommended"), Err("rule names are exact: `JSONArgsRecommended`".into()));
    assert!(set(&lint, "rule", "JSONArgsRecomended").unwrap_err().contains("did you mean `JSONArgsRecommended`"));
    let running = predicate(&TEMPLATES[25]).unwrap();
    assert!(set(&running, "name", "-web").unwrap_err().contains("not a valid name"));
    assert_eq!(set(&running, "name", "  "), Err("name cannot be empty".into()));
    let image = predicate(&TEMPLATES[21]).unwrap();
    assert!(set(&image, "reference", "App:1.0").unwrap_err().starts_with("not an image reference"));
    let cached = predicate(&TEMPLATES[18]).unwrap();
    assert!(set(&cached, "edits", "[{").unwrap_err().starts_with("the edits do not read"));
    assert_eq!(set(&cached, "edits", "[]"), Err("a rebuild needs at least one edit".into()));
    let argv = predicate(&TEMPLATES[5]).unwrap();
    assert!(set(&argv, "argv", "'unclosed").is_err());
    let mounted = predicate(&TEMPLATES[32]).unwrap();
    assert_eq!(
        set(&mounted, "destination", "data"),
        Err("the destination is an absolute path in the container".into())
    );
    assert_eq!(set(&mounted, "check", "x"), Err("this goal has no `check`".into()));
    let pushed = predicate(&TEMPLATES[33]).unwrap();
    assert!(set(&pushed, "platforms", "linux/amd64 linux/m1").unwrap_err().starts_with("`linux/m1` is not a platform"));
    assert_eq!(
        set(&pushed, "platforms", "linux/arm/v7"),
        Ok(Predicate::PushedForPlatforms {
            reference: "localhost:5000/hello:1.0".into(),
            platforms: vec!["linux/arm/v7".into()]
        })
    );
}
