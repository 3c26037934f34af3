//! `useradd`, `groupadd` (shadow, Debian/Ubuntu) and `adduser`, `addgroup`
//! (Debian's Perl script, or busybox's applets on Alpine with `-D`, `-S`,
//! `-G`, `-H`, `-h`). Each writes `/etc/passwd`, `/etc/shadow` and
//! `/etc/group` again (a line each) and, when asked, the home directory.

use super::exec::{Sh, ShellKind};
use crate::layers::Entry;

/// Bytes one `/etc/passwd`-style line adds (an assumption: real lines vary).
const LINE: u64 = 40;

struct Spec {
    name: Option<String>,
    home: Option<String>,
    create_home: bool,
    group_only: bool,
}

pub(super) fn run(sh: &mut Sh, argv: &[String]) -> i32 {
    let tool = argv.first().map(|a| a.rsplit('/').next().unwrap_or(a).to_string()).unwrap_or_default();
    let busybox = sh.kind == ShellKind::Ash;
    let mut spec = Spec { name: None, home: None, create_home: false, group_only: false };
    spec.group_only = tool == "groupadd" || tool == "addgroup";
    // Debian's adduser and busybox's adduser create the home; useradd only with -m.
    spec.create_home = tool == "adduser";
    let mut args = argv.iter().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-m" | "--create-home" => spec.create_home = true,
            "-M" | "--no-create-home" | "-H" if a != "-H" || busybox => spec.create_home = false,
            "--home" | "--home-dir" => spec.home = args.next().cloned(),
            "-d" if tool == "useradd" => spec.home = args.next().cloned(),
            "-h" if busybox => spec.home = args.next().cloned(),
            "-u" | "-g" | "-G" | "-s" | "--uid" | "--gid" | "--shell" | "--gecos" | "-c" | "--comment"
            | "--ingroup" | "-K" | "-k" | "-e" | "-f" | "-p" => {
                args.next();
            }
            s if s.starts_with('-') => {}
            s if spec.name.is_none() => spec.name = Some(s.to_string()),
            // `adduser USER GROUP` adds an existing user to a group.
            _ => {}
        }
    }
    let Some(name) = spec.name.clone() else {
        sh.warn(format!("Usage: {tool} [options] NAME"));
        return 2;
    };
    if !spec.group_only && (sh.facts.users.contains(&name) || sh.out.users_added.contains(&name)) {
        return exists(sh, &tool, &name, busybox);
    }
    if tool == "adduser" && !busybox && !argv.iter().any(|a| a == "--disabled-password" || a == "--system") {
        // Debian's adduser then runs `passwd`, which needs a terminal.
        sh.not_simulated(argv);
    }
    grow(sh, "/etc/group", &name);
    grow(sh, "/etc/gshadow", &name);
    if !spec.group_only {
        grow(sh, "/etc/passwd", &name);
        grow(sh, "/etc/shadow", &name);
        if spec.create_home {
            let home = spec.home.clone().unwrap_or_else(|| format!("/home/{name}"));
            let path = sh.abs(&home);
            sh.exec.writer.put(&path, Entry { uid: 1000, gid: 1000, ..Entry::dir() });
        }
        sh.out.users_added.push(name);
    }
    sh.seconds(0.1);
    0
}

fn exists(sh: &mut Sh, tool: &str, name: &str, busybox: bool) -> i32 {
    if busybox {
        // UNVERIFIED: busybox adduser wording.
        sh.warn(format!("adduser: user '{name}' in use"));
        1
    } else if tool == "useradd" {
        sh.warn(format!("useradd: user '{name}' already exists"));
        9
    } else {
        // UNVERIFIED: Debian adduser wording and status.
        sh.warn(format!("adduser: The user `{name}' already exists."));
        1
    }
}

fn grow(sh: &mut Sh, path: &str, seed: &str) {
    let size = sh.exec.writer.get(path).map_or(0, |e| e.size());
    sh.put_file(path, size + LINE, seed);
}
