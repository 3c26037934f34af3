//! The resolver's visiting order and `Collecting` lines, worked out by hand
//! from pip 26.2.1's source (the files named in `pip_resolve.rs`) over small
//! tables of `Requires-Dist` entries written here.

use super::*;

fn table(list: &[(&str, &[&str])]) -> impl Fn(&str) -> Vec<String> {
    let map: BTreeMap<String, Vec<String>> =
        list.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect();
    move |name| map.get(name).cloned().unwrap_or_default()
}

fn from_file(lines: &[&str]) -> Vec<Ireq> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| Ireq {
            req: PipReq::parse(l).expect("a requirement"),
            comes_from: Some(format!("-r requirements.txt (line {})", i + 1)),
        })
        .collect()
}

fn lines(r: &Resolution) -> Vec<String> {
    r.collected.iter().map(|c| c.line.clone()).collect()
}

fn env() -> MarkerEnv {
    MarkerEnv::cpython_linux("3.12")
}

/// Flask 3.1.3's and gunicorn's Requires-Dist (their wheels' METADATA, as
/// core/data/packages.json records them; gunicorn's extras left out).
fn flask_and_gunicorn() -> impl Fn(&str) -> Vec<String> {
    table(&[
        (
            "flask",
            &[
                "blinker>=1.9.0",
                "click>=8.1.3",
                "importlib-metadata>=3.6.0; python_version < '3.10'",
                "itsdangerous>=2.2.0",
                "jinja2>=3.1.2",
                "markupsafe>=2.1.1",
                "werkzeug>=3.1.0",
                "asgiref>=3.2 ; extra == \"async\"",
            ],
        ),
        ("gunicorn", &["packaging"]),
        ("jinja2", &["MarkupSafe>=2.0"]),
        ("werkzeug", &["markupsafe>=2.1.1"]),
    ])
}

/// The Flask example's requirements.txt (`flask==3.1.3`, `gunicorn==27.0.1`).
/// Both roots are collected first. Round 1: both are pinned (`==`), flask
/// was asked for first: its six dependencies are collected in its
/// Requires-Dist order, each from `flask==3.1.3->-r requirements.txt (line 1)`
/// (importlib-metadata's marker fails on 3.12). Round 2: gunicorn, the other
/// pinned root, adds packaging. Then the rest: all but packaging carry a
/// specifier (`not unfree` is False), so they go alphabetically, packaging
/// last; jinja2's and werkzeug's MarkupSafe is already collected.
#[test]
fn the_flask_example_collects_as_pip_does() {
    let r = resolve(from_file(&["flask==3.1.3", "gunicorn==27.0.1"]), &env(), true, flask_and_gunicorn());
    assert_eq!(
        lines(&r),
        [
            "flask==3.1.3 (from -r requirements.txt (line 1))",
            "gunicorn==27.0.1 (from -r requirements.txt (line 2))",
            "blinker>=1.9.0 (from flask==3.1.3->-r requirements.txt (line 1))",
            "click>=8.1.3 (from flask==3.1.3->-r requirements.txt (line 1))",
            "itsdangerous>=2.2.0 (from flask==3.1.3->-r requirements.txt (line 1))",
            "jinja2>=3.1.2 (from flask==3.1.3->-r requirements.txt (line 1))",
            "markupsafe>=2.1.1 (from flask==3.1.3->-r requirements.txt (line 1))",
            "werkzeug>=3.1.0 (from flask==3.1.3->-r requirements.txt (line 1))",
            "packaging (from gunicorn==27.0.1->-r requirements.txt (line 2))",
        ]
    );
    assert_eq!(
        r.pins,
        ["flask", "gunicorn", "blinker", "click", "itsdangerous", "jinja2", "markupsafe", "werkzeug", "packaging"]
    );
}

/// `pip install flask gunicorn`: command-line requirements come from
/// nowhere (`req_command.py` passes `comes_from=None`), so a dependency's
/// chain is its parent's requirement alone.
#[test]
fn command_line_requirements_chain_to_their_parent_only() {
    let roots = ["flask", "gunicorn"]
        .iter()
        .map(|n| Ireq { req: PipReq::parse(n).expect("a name"), comes_from: None })
        .collect();
    let r = resolve(roots, &env(), true, flask_and_gunicorn());
    assert_eq!(lines(&r)[..3], ["flask", "gunicorn", "blinker>=1.9.0 (from flask)"]);
    assert_eq!(lines(&r)[8], "packaging (from gunicorn)");
}

/// `get_preference` puts an upper-bounded requirement before a root the
/// user named later: after `a`, `b<2` is pinned before the root `d`, so
/// `b`'s dependency `e` is collected before `d`'s `f`; `c>=1` waits for
/// the user's `d`. Deeper chains join every parent with `->`.
#[test]
fn an_upper_bound_is_pinned_before_a_later_root() {
    let requires = table(&[("a", &["b<2", "c>=1"]), ("b", &["e"]), ("d", &["f"])]);
    let r = resolve(from_file(&["a", "d"]), &env(), true, requires);
    assert_eq!(
        lines(&r),
        [
            "a (from -r requirements.txt (line 1))",
            "d (from -r requirements.txt (line 2))",
            "b<2 (from a->-r requirements.txt (line 1))",
            "c>=1 (from a->-r requirements.txt (line 1))",
            "e (from b<2->a->-r requirements.txt (line 1))",
            "f (from d->-r requirements.txt (line 2))",
        ]
    );
    assert_eq!(r.pins, ["a", "b", "d", "c", "e", "f"]);
}

/// `uvicorn[standard]>=0.30` is two requirements: the bare project (its
/// candidate is collected without the extras, `install_req_drop_extras`)
/// and the extras, which wait at the end of the roots and, having no place
/// in the user's order (it is keyed `uvicorn`), come after every
/// dependency with a specifier whose name sorts first. Their dependencies
/// come from the extras' own requirement.
#[test]
fn extras_are_collected_as_pip_splits_them() {
    let requires = table(&[
        (
            "uvicorn",
            &["click>=7.0", "h11>=0.8", "httptools>=0.6.3; extra == 'standard'", "uvloop>=0.15.1; (sys_platform != 'win32' and (sys_platform != 'cygwin' and platform_python_implementation != 'PyPy')) and extra == 'standard'"],
        ),
        ("fastapi", &["starlette<0.50,>=0.40"]),
    ]);
    let r = resolve(from_file(&["uvicorn[standard]>=0.30", "fastapi"]), &env(), true, requires);
    assert_eq!(
        lines(&r),
        [
            "uvicorn>=0.30 (from -r requirements.txt (line 1))",
            "fastapi (from -r requirements.txt (line 2))",
            "click>=7.0 (from uvicorn>=0.30->-r requirements.txt (line 1))",
            "h11>=0.8 (from uvicorn>=0.30->-r requirements.txt (line 1))",
            "starlette<0.50,>=0.40 (from fastapi->-r requirements.txt (line 2))",
            "httptools>=0.6.3 (from uvicorn[standard]>=0.30->-r requirements.txt (line 1))",
            "uvloop>=0.15.1 (from uvicorn[standard]>=0.30->-r requirements.txt (line 1))",
        ]
    );
    assert_eq!(r.pins, ["uvicorn", "fastapi", "starlette", "click", "h11", "httptools", "uvloop"]);
}

/// A root whose marker fails is left out with pip's `Ignoring` line
/// (`factory.py` `_make_requirements_from_install_req`), the marker printed
/// as packaging prints it.
#[test]
fn a_root_whose_marker_fails_is_ignored() {
    let r = resolve(from_file(&["tomli; python_version<'3.11'", "a"]), &env(), true, table(&[]));
    assert_eq!(r.ignored, ["Ignoring tomli: markers 'python_version < \"3.11\"' don't match your environment"]);
    assert_eq!(lines(&r), ["a (from -r requirements.txt (line 2))"]);
}

/// `--no-deps`: pip asks no candidate for its dependencies, so only the
/// roots are collected and pinned.
#[test]
fn no_deps_collects_the_roots_only() {
    let r = resolve(from_file(&["flask==3.1.3", "gunicorn==27.0.1"]), &env(), false, flask_and_gunicorn());
    assert_eq!(
        lines(&r),
        ["flask==3.1.3 (from -r requirements.txt (line 1))", "gunicorn==27.0.1 (from -r requirements.txt (line 2))"]
    );
    assert_eq!(r.pins, ["flask", "gunicorn"]);
}
