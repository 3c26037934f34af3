//! File commands: `mkdir [-p]`, `touch`, `cp [-r]`, `mv`, `rm [-rf]`, `ln -s`,
//! `chmod`/`chown [-R]` (recursive ones copy every file up into the layer:
//! the classic size surprise), `curl -o/-O`, `wget [-O]` and `tar -x`
//! (downloaded and extracted sizes are assumptions, marked estimated).
//!
//! Errors use GNU coreutils wording on Debian/Ubuntu (`cannot stat`) and
//! busybox wording on Alpine (`can't stat`).

use super::exec::{Sh, ShellKind};
use super::packages::{DOWNLOAD_BYTES, EXTRACT_RATIO};
use crate::layers::{Entry, Kind};

pub(super) fn run(sh: &mut Sh, argv: &[String]) -> i32 {
    let tool = argv.first().map(|a| a.rsplit('/').next().unwrap_or(a).to_string()).unwrap_or_default();
    let (flags, operands) = split(&argv[1..]);
    let has = |c: char| flags.iter().any(|f| !f.starts_with("--") && f.contains(c));
    let long = |l: &str| flags.iter().any(|f| f == l);
    match tool.as_str() {
        "mkdir" => mkdir(sh, &operands, has('p') || long("--parents")),
        "touch" => touch(sh, &operands),
        "rm" => rm(sh, &operands, has('r') || has('R') || long("--recursive"), has('f') || long("--force")),
        "cp" | "mv" => copy(sh, &tool, &operands, tool == "mv" || has('r') || has('R') || has('a')),
        "ln" => {
            if let [target, link] = operands.as_slice() {
                let path = sh.abs(link);
                sh.exec.writer.put(&path, Entry { kind: Kind::Symlink { target: target.clone() }, ..Entry::dir() });
            }
            0
        }
        "chmod" | "chown" => metadata(sh, &tool, &operands, has('R') || long("--recursive")),
        "curl" | "wget" => download(sh, &tool, &argv[1..]),
        "tar" => tar(sh, argv),
        _ => {
            sh.not_simulated(argv);
            0
        }
    }
}

/// Options (`-rf`) and operands; `--` ends options.
fn split(args: &[String]) -> (Vec<String>, Vec<String>) {
    let (mut flags, mut ops) = (Vec::new(), Vec::new());
    let mut done = false;
    for a in args {
        if !done && a == "--" {
            done = true;
        } else if !done && a.starts_with('-') && a.len() > 1 {
            flags.push(a.clone());
        } else {
            ops.push(a.clone());
        }
    }
    (flags, ops)
}

/// `tool: cannot VERB 'path': reason` (GNU) / `tool: can't VERB 'path': reason` (busybox).
fn fail(sh: &mut Sh, tool: &str, verb: &str, path: &str, reason: &str) -> i32 {
    let can = if sh.kind == ShellKind::Ash { "can't" } else { "cannot" };
    sh.warn(format!("{tool}: {can} {verb} '{path}': {reason}"));
    1
}

fn parent_is_dir(sh: &Sh, path: &str) -> bool {
    match path.rfind('/') {
        Some(0) | None => true,
        Some(i) => sh.is_dir(&path[..i]),
    }
}

fn mkdir(sh: &mut Sh, operands: &[String], parents: bool) -> i32 {
    let mut code = 0;
    for op in operands {
        let path = sh.abs(op);
        let exists = sh.exec.writer.exists(&path);
        if parents {
            if sh.exec.writer.get(&path).is_some_and(|e| !e.is_dir()) {
                code = fail(sh, "mkdir", "create directory", op, "File exists");
            } else {
                sh.exec.writer.mkdir_p(&path);
            }
        } else if exists {
            code = fail(sh, "mkdir", "create directory", op, "File exists");
        } else if !parent_is_dir(sh, &path) {
            code = fail(sh, "mkdir", "create directory", op, "No such file or directory");
        } else {
            sh.exec.writer.put(&path, Entry::dir());
        }
    }
    code
}

fn touch(sh: &mut Sh, operands: &[String]) -> i32 {
    let mut code = 0;
    for op in operands {
        let path = sh.abs(op);
        if !parent_is_dir(sh, &path) {
            code = fail(sh, "touch", "touch", op, "No such file or directory");
            continue;
        }
        // Touching an existing file changes its times: overlayfs copies it up.
        let entry = sh.exec.writer.get(&path).cloned().unwrap_or_else(|| Entry::file(0, 0));
        sh.exec.writer.put(&path, entry);
    }
    code
}

fn rm(sh: &mut Sh, operands: &[String], recursive: bool, force: bool) -> i32 {
    let mut code = 0;
    for op in operands {
        let path = sh.abs(op);
        match sh.exec.writer.get(&path) {
            None if force => {}
            None => code = fail(sh, "rm", "remove", op, "No such file or directory"),
            Some(e) if e.is_dir() && !recursive => code = fail(sh, "rm", "remove", op, "Is a directory"),
            Some(_) if path == "/" => {
                sh.warn("rm: it is dangerous to operate recursively on '/'");
                code = 1;
            }
            Some(_) => {
                sh.exec.writer.remove(&path);
            }
        }
    }
    code
}

fn copy(sh: &mut Sh, tool: &str, operands: &[String], recursive: bool) -> i32 {
    let Some((dest, sources)) = operands.split_last() else {
        sh.warn(format!("{tool}: missing file operand"));
        return 1;
    };
    if sources.is_empty() {
        sh.warn(format!("{tool}: missing destination file operand after '{dest}'"));
        return 1;
    }
    let dest_path = sh.abs(dest);
    let dest_is_dir = sh.is_dir(&dest_path);
    let mut code = 0;
    for src in sources {
        let src_path = sh.abs(src);
        let Some(entry) = sh.exec.writer.get(&src_path).cloned() else {
            code = fail(sh, tool, "stat", src, "No such file or directory");
            continue;
        };
        if entry.is_dir() && !recursive {
            sh.warn(format!("cp: -r not specified; omitting directory '{src}'"));
            code = 1;
            continue;
        }
        let base = src_path.rsplit('/').next().unwrap_or("");
        let target = if dest_is_dir { format!("{dest_path}/{base}") } else { dest_path.clone() };
        if !parent_is_dir(sh, &target) {
            code = fail(sh, tool, "create regular file", dest, "No such file or directory");
            continue;
        }
        if target == src_path || target.starts_with(&format!("{src_path}/")) {
            continue;
        }
        for (path, e) in sh.exec.writer.list(&src_path) {
            let rel = &path[src_path.len()..];
            sh.exec.writer.put(&format!("{target}{rel}"), e);
        }
        if tool == "mv" {
            sh.exec.writer.remove(&src_path);
        }
    }
    code
}

fn owner_id(sh: &Sh, name: &str) -> Option<u32> {
    if name.is_empty() || name == "root" {
        return Some(0);
    }
    if let Ok(n) = name.parse::<u32>() {
        return Some(n);
    }
    let known = sh.facts.users.contains(name) || sh.out.users_added.iter().any(|u| u == name);
    known.then_some(1000)
}

fn metadata(sh: &mut Sh, tool: &str, operands: &[String], recursive: bool) -> i32 {
    let Some((spec, paths)) = operands.split_first() else {
        sh.warn(format!("{tool}: missing operand"));
        return 1;
    };
    let change: Box<dyn Fn(&mut Entry)> = if tool == "chown" {
        let (user, group) = spec.split_once([':', '.']).unwrap_or((spec.as_str(), ""));
        let Some(uid) = owner_id(sh, user) else {
            // busybox: UNVERIFIED wording.
            let msg = if sh.kind == ShellKind::Ash {
                format!("chown: unknown user {user}")
            } else {
                format!("chown: invalid user: '{spec}'")
            };
            sh.warn(msg);
            return 1;
        };
        let gid = if group.is_empty() { uid } else { owner_id(sh, group).unwrap_or(uid) };
        Box::new(move |e: &mut Entry| {
            e.uid = uid;
            e.gid = gid;
        })
    } else {
        let octal = u32::from_str_radix(spec, 8).ok().filter(|m| *m <= 0o7777);
        let exec_bit = spec.contains("+x");
        Box::new(move |e: &mut Entry| match (octal, exec_bit) {
            (Some(m), _) => e.mode = m,
            (None, true) => e.mode |= 0o111,
            (None, false) => {}
        })
    };
    let mut code = 0;
    for op in paths {
        let path = sh.abs(op);
        let Some(mut entry) = sh.exec.writer.get(&path).cloned() else {
            code = fail(sh, tool, "access", op, "No such file or directory");
            continue;
        };
        let copied = if recursive {
            sh.exec.writer.change_metadata(&path, &change)
        } else {
            change(&mut entry);
            let size = entry.size();
            sh.exec.writer.put(&path, entry);
            size
        };
        sh.seconds(copied as f64 / 200e6);
    }
    code
}

fn download(sh: &mut Sh, tool: &str, args: &[String]) -> i32 {
    let mut out: Option<String> = None;
    let mut remote_name = false;
    let mut url: Option<String> = None;
    let mut iter = args.iter();
    while let Some(a) = iter.next() {
        match a.as_str() {
            "-o" | "--output" if tool == "curl" => out = iter.next().cloned(),
            "-O" if tool == "wget" => out = iter.next().cloned(),
            "-O" | "--remote-name" if tool == "curl" => remote_name = true,
            "-H" | "--header" | "-u" | "--user" | "-X" | "-d" | "--data" | "-A" | "-e" | "-T" => {
                iter.next();
            }
            s if s.starts_with("--output-document=") => out = s.split_once('=').map(|(_, v)| v.to_string()),
            s if s.starts_with('-') => {}
            s => url = Some(s.to_string()),
        }
    }
    let Some(url) = url else {
        sh.warn(format!("{tool}: no URL specified"));
        return 2;
    };
    if sh.exec.offline {
        // `RUN --network=none`: the host name does not resolve. curl's exit
        // code 6 is CURLE_COULDNT_RESOLVE_HOST; busybox wget says "bad address".
        let host = url.split_once("://").map_or(url.as_str(), |(_, r)| r).split(['/', ':']).next().unwrap_or("");
        if tool == "curl" {
            sh.warn(format!("curl: (6) Could not resolve host: {host}"));
            return 6;
        }
        // UNVERIFIED: busybox wget's wording (Alpine), GNU wget's elsewhere.
        if sh.facts.image.os == crate::catalog::OsFamily::Alpine {
            sh.warn(format!("wget: bad address '{host}'"));
            return 1;
        }
        sh.warn(format!("wget: unable to resolve host address '{host}'"));
        return 4;
    }
    let name = url.rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or("index.html").to_string();
    let file = match out {
        Some(o) if o == "-" => None,
        Some(o) => Some(o),
        None if tool == "wget" || remote_name => Some(name),
        None => None,
    };
    sh.seconds(DOWNLOAD_BYTES as f64 / 20e6);
    let Some(file) = file else {
        // Output to stdout (often piped to `tar` or `sh`): nothing lands on disk.
        return 0;
    };
    let path = sh.abs(&file);
    if !parent_is_dir(sh, &path) {
        // UNVERIFIED: curl's message for an unwritable output file.
        sh.warn(format!("{tool}: (23) Failure writing output to destination"));
        return 23;
    }
    sh.put_file(&path, DOWNLOAD_BYTES, &url);
    sh.estimated(format!("{tool} {url}: a {DOWNLOAD_BYTES}-byte download assumed"));
    0
}

fn tar(sh: &mut Sh, argv: &[String]) -> i32 {
    let args = &argv[1..];
    let first_is_bundle = args.first().is_some_and(|a| !a.starts_with('-') && a.contains('x'));
    let extract = first_is_bundle || args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('x'));
    let mut file: Option<String> = None;
    let mut dir: Option<String> = None;
    let mut iter = args.iter().enumerate();
    while let Some((i, a)) = iter.next() {
        let bundle = a.starts_with('-') && !a.starts_with("--") || (i == 0 && first_is_bundle);
        if a == "-C" || a == "--directory" {
            dir = iter.next().map(|(_, d)| d.clone());
        } else if let Some(f) = a.strip_prefix("--file=") {
            file = Some(f.to_string());
        } else if bundle && a.ends_with('f') {
            file = iter.next().map(|(_, f)| f.clone());
        }
    }
    let (Some(file), true) = (file, extract) else {
        sh.not_simulated(argv);
        return 0;
    };
    if file == "-" {
        sh.not_simulated(argv);
        return 0;
    }
    let path = sh.abs(&file);
    let Some(size) = sh.exec.writer.get(&path).map(Entry::size) else {
        sh.warn(format!("tar: {file}: Cannot open: No such file or directory"));
        sh.warn("tar: Error is not recoverable: exiting now");
        return 2;
    };
    let target = sh.abs(dir.as_deref().unwrap_or("."));
    if !sh.is_dir(&target) {
        sh.warn(format!("tar: {}: Cannot open: No such file or directory", dir.unwrap_or_default()));
        return 2;
    }
    let stem = path.rsplit('/').next().unwrap_or("archive").split('.').next().unwrap_or("archive").to_string();
    let out = format!("{}/{stem}/contents", target.trim_end_matches('/'));
    sh.put_file(&out, size * EXTRACT_RATIO, &path);
    sh.estimated(format!("tar -x {file}: {EXTRACT_RATIO}× the archive's size assumed unpacked"));
    sh.seconds(size as f64 / 100e6);
    0
}
