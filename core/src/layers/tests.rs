//! Union-filesystem behaviour: what a later layer can and cannot undo.

use super::*;

const MB: u64 = 1_000_000;

fn layer(stack: &LayerStack, build: impl FnOnce(&mut Writer<'_>)) -> LayerDiff {
    let mut w = stack.writer();
    build(&mut w);
    w.finish()
}

#[test]
fn deleting_in_a_later_layer_does_not_shrink_the_image() {
    let mut stack = LayerStack::new();
    let l1 = layer(&stack, |w| w.put("/var/lib/apt/lists/a", Entry::file(18 * MB, 1)));
    stack.push(l1);
    let l2 = layer(&stack, |w| assert!(w.remove("/var/lib/apt/lists")));
    assert_eq!(l2.whiteouts().collect::<Vec<_>>(), ["/var/lib/apt/lists"]);
    stack.push(l2);
    assert!(stack.get("/var/lib/apt/lists/a").is_none());
    assert_eq!(stack.size(), 18 * MB);
    let e = stack.efficiency();
    assert_eq!(e.wasted_bytes, 18 * MB, "hidden by deleting its parent directory");
    assert_eq!(e.paths, [PathWaste { path: "/var/lib/apt/lists/a".into(), size: 18 * MB, stored_in: 0, hidden_by: 1 }]);
    assert_eq!(e.score, 0.0);
}

#[test]
fn deleting_in_the_same_layer_costs_nothing() {
    let stack = LayerStack::new();
    let diff = layer(&stack, |w| {
        w.put("/var/lib/apt/lists/a", Entry::file(18 * MB, 1));
        w.put("/usr/bin/curl", Entry::file(MB, 2));
        assert!(w.remove("/var/lib/apt/lists"));
    });
    assert_eq!(diff.size(), MB);
    assert!(diff.whiteouts().next().is_none(), "nothing below to hide");
}

#[test]
fn overwriting_a_file_stores_it_twice() {
    let mut stack = LayerStack::new();
    stack.push(layer(&stack, |w| w.put("/app/big.bin", Entry::file(10 * MB, 1))));
    stack.push(layer(&stack, |w| w.put("/app/big.bin", Entry::file(10 * MB, 2))));
    assert_eq!(stack.size(), 20 * MB);
    let e = stack.efficiency();
    assert_eq!(e.wasted_bytes, 10 * MB, "only the overwritten copy is waste");
    assert_eq!((e.paths[0].stored_in, e.paths[0].hidden_by), (0, 1));
    assert!((e.score - 0.5).abs() < 1e-9);
}

#[test]
fn recursive_chown_copies_every_file_up() {
    let mut stack = LayerStack::new();
    stack.push(layer(&stack, |w| {
        w.put("/app/a", Entry::file(3 * MB, 1));
        w.put("/app/sub/b", Entry::file(2 * MB, 2));
    }));
    let mut w = stack.writer();
    let copied = w.change_metadata("/app", |e| (e.uid, e.gid) = (1000, 1000));
    let diff = w.finish();
    assert_eq!(copied, 5 * MB);
    assert_eq!(diff.size(), 5 * MB);
    stack.push(diff);
    assert_eq!(stack.get("/app/sub/b").map(|e| e.uid), Some(1000));
    assert_eq!(stack.size(), 10 * MB);
    assert_eq!(stack.efficiency().wasted_bytes, 5 * MB);
}

#[test]
fn recreating_a_deleted_directory_hides_what_was_below() {
    let mut stack = LayerStack::new();
    stack.push(layer(&stack, |w| w.put("/cache/old", Entry::file(MB, 1))));
    let diff = layer(&stack, |w| {
        w.remove("/cache");
        w.mkdir_p("/cache");
        w.put("/cache/new", Entry::file(10, 2));
        assert!(!w.exists("/cache/old"));
    });
    assert!(matches!(diff.changes.get("/cache"), Some(Change::Opaque(_))));
    stack.push(diff);
    assert!(stack.get("/cache/old").is_none());
    assert!(stack.get("/cache/new").is_some());
}

#[test]
fn put_creates_parents_and_paths_normalize() {
    let stack = LayerStack::new();
    let diff = layer(&stack, |w| w.put(&normalize("/app", "src/../lib/x.py"), Entry::file(1, 1)));
    let paths: Vec<&str> = diff.changes.keys().map(String::as_str).collect();
    assert_eq!(paths, ["/app", "/app/lib", "/app/lib/x.py"]);
    assert_eq!(normalize("/", "../../etc"), "/etc");
}

#[test]
fn an_empty_stack_is_perfectly_efficient() {
    let e = LayerStack::new().efficiency();
    assert_eq!((e.score, e.wasted_bytes), (1.0, 0));
}

/// `normalize` against the plain definition: join, split, resolve `.` and `..`.
#[test]
fn normalize_matches_joining_and_resolving_components() {
    fn reference(cwd: &str, path: &str) -> String {
        let joined = if path.starts_with('/') { path.to_string() } else { format!("{cwd}/{path}") };
        let mut parts: Vec<&str> = Vec::new();
        for part in joined.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        format!("/{}", parts.join("/"))
    }
    let cwds = ["/", "", "/app", "/a/b/", "rel/dir", "/a/./b/../c"];
    let paths = ["", ".", "..", "/", "x", "./x/", "../../..", "a//b/./c/..", "/etc/../../x", "..x/.y", "a/.../b"];
    for cwd in cwds {
        for path in paths {
            assert_eq!(normalize(cwd, path), reference(cwd, path), "normalize({cwd:?}, {path:?})");
        }
    }
    assert_eq!(normalize("/a/b", "./c//d/"), "/a/b/c/d");
}

/// Parents are created up to the first visible one, and a parent this layer
/// deleted counts as missing even though the layer below still has it.
#[test]
fn put_creates_only_the_missing_parents() {
    let mut stack = LayerStack::new();
    let base = layer(&stack, |w| w.put("/srv/a/old", Entry::file(1, 1)));
    stack.push(base);
    let kept = layer(&stack, |w| w.put("/srv/a/b/c", Entry::file(1, 2)));
    let paths: Vec<&str> = kept.changes.keys().map(String::as_str).collect();
    assert_eq!(paths, ["/srv/a/b", "/srv/a/b/c"]);
    let rebuilt = layer(&stack, |w| {
        w.remove("/srv");
        w.put("/srv/a/b/c", Entry::file(1, 2));
    });
    let paths: Vec<&str> = rebuilt.changes.keys().map(String::as_str).collect();
    assert_eq!(paths, ["/srv", "/srv/a", "/srv/a/b", "/srv/a/b/c"]);
    assert!(matches!(rebuilt.changes.get("/srv"), Some(Change::Opaque(_))));
}
