//! Table tests: command lines and the parse Docker makes of them, written as
//! a compact summary of every non-default setting (see [`summary`]).
//! Errors are in `tests/errors.rs`, value syntaxes and properties in `tests/values.rs`.

mod errors;
mod values;

use super::*;

/// Every non-default setting of `c`, in a fixed order, space-separated.
pub(super) fn summary(c: &RunCommand) -> String {
    let o = &c.options;
    let mut p: Vec<String> = Vec::new();
    if c.invocation != (Invocation { subcommand: Subcommand::Run, container_group: false }) {
        p.push(format!("cmd={}", c.invocation.command_path()));
    }
    p.push(format!("image={}", c.image));
    if !c.args.is_empty() {
        p.push(format!("args={:?}", c.args));
    }
    for (on, name) in [
        (o.detach, "detach"),
        (o.interactive, "interactive"),
        (o.tty, "tty"),
        (o.rm, "rm"),
        (o.publish_all, "publish-all"),
        (o.read_only, "read-only"),
        (o.privileged, "privileged"),
        (o.no_healthcheck, "no-healthcheck"),
    ] {
        if on {
            p.push(name.to_string());
        }
    }
    let opt = |p: &mut Vec<String>, k: &str, v: &Option<String>| {
        if let Some(v) = v {
            p.push(format!("{k}={v:?}"));
        }
    };
    opt(&mut p, "name", &o.name);
    for e in &o.env {
        p.push(match e {
            EnvVar::Set { key, value } => format!("env:{key}={value:?}"),
            EnvVar::FromClient { key } => format!("env:{key}<client"),
        });
    }
    for f in &o.env_files {
        p.push(format!("env-file={f:?}"));
    }
    for m in &o.publish {
        p.push(format!("p:{m}"));
    }
    match &o.entrypoint {
        Some(Entrypoint::Reset) => p.push("entrypoint=reset".into()),
        Some(Entrypoint::Program(s)) => p.push(format!("entrypoint={s:?}")),
        None => {}
    }
    opt(&mut p, "user", &o.user);
    opt(&mut p, "workdir", &o.workdir);
    for v in &o.volumes {
        let source = match &v.source {
            VolumeSource::Anonymous => "anon".to_string(),
            VolumeSource::Named(n) => format!("vol:{n}"),
            VolumeSource::HostPath(h) => format!("host:{h}"),
        };
        let mut s = format!("v:{source}->{}", v.target);
        if v.read_only {
            s.push_str(",ro");
        }
        if v.no_copy {
            s.push_str(",nocopy");
        }
        if let Some(prop) = &v.propagation {
            s.push_str(&format!(",{prop}"));
        }
        if let Some(z) = v.selinux_label {
            s.push_str(&format!(",{z}"));
        }
        p.push(s);
    }
    for m in &o.mounts {
        let mut s = format!("mount:{}:{}->{}", m.mount_type.as_str(), m.source.as_deref().unwrap_or(""), m.target);
        if m.read_only {
            s.push_str(",ro");
        }
        if let Some(b) = &m.bind {
            s.push_str(&format!(",bind={b:?}"));
        }
        if let Some(vo) = &m.volume {
            s.push_str(&format!(",volume={vo:?}"));
        }
        if let Some(t) = &m.tmpfs {
            s.push_str(&format!(",tmpfs={t:?}"));
        }
        p.push(s);
    }
    for n in &o.networks {
        let mut s = format!("net={}", n.mode);
        if !n.aliases.is_empty() {
            s.push_str(&format!(",aliases={:?}", n.aliases));
        }
        p.push(s);
    }
    opt(&mut p, "hostname", &o.hostname);
    if let Some(m) = o.memory {
        p.push(format!("memory={m}"));
    }
    if let Some(c) = o.nano_cpus {
        p.push(format!("nano-cpus={c}"));
    }
    if let Some(n) = o.pids_limit {
        p.push(format!("pids-limit={n}"));
    }
    for c in &o.cap_add {
        p.push(format!("cap-add={c}"));
    }
    for c in &o.cap_drop {
        p.push(format!("cap-drop={c}"));
    }
    for s in &o.security_opt {
        p.push(format!("security-opt={s}"));
    }
    if let Some(r) = &o.restart {
        p.push(format!("restart={r}"));
    }
    if let Some(i) = o.init {
        p.push(format!("init={i}"));
    }
    if o.health != HealthOptions::default() {
        p.push(format!("health={:?}", o.health));
    }
    opt(&mut p, "platform", &o.platform);
    for (k, v) in &o.labels {
        p.push(format!("label:{k}={v}"));
    }
    for a in &o.network_aliases {
        p.push(format!("alias:{a}"));
    }
    opt(&mut p, "stop-signal", &o.stop_signal);
    if let Some(t) = o.stop_timeout {
        p.push(format!("stop-timeout={t}"));
    }
    for f in &o.other {
        p.push(format!("--{}={:?}", f.name, f.value));
    }
    p.join(" ")
}

/// Command lines that Docker accepts, and what it makes of them.
const ACCEPTED: &[(&str, &str)] = &[
    // The command and its spellings.
    ("docker run alpine", "image=alpine"),
    ("docker container run alpine", "cmd=docker container run image=alpine"),
    ("docker create alpine", "cmd=docker create image=alpine"),
    ("docker container create --name web nginx", "cmd=docker container create image=nginx name=\"web\""),
    ("/usr/bin/docker run alpine", "image=alpine"),
    ("  docker   run\talpine  ", "image=alpine"),
    // Arguments: everything after the image goes to the container.
    ("docker run ubuntu bash", "image=ubuntu args=[\"bash\"]"),
    ("docker run img --rm", "image=img args=[\"--rm\"]"),
    ("docker run img -it sh", "image=img args=[\"-it\", \"sh\"]"),
    ("docker run -it --rm img sh -c 'echo $HOME'", "image=img args=[\"sh\", \"-c\", \"echo $HOME\"] interactive tty rm"),
    ("docker run --rm false", "image=false rm"),
    ("docker run -- img --rm", "image=img args=[\"--rm\"]"),
    ("docker run img -- a", "image=img args=[\"--\", \"a\"]"),
    // Booleans and shorthand groups.
    ("docker run -d img", "image=img detach"),
    ("docker run -dit img", "image=img detach interactive tty"),
    ("docker run -t -i img", "image=img interactive tty"),
    ("docker run --rm=false img", "image=img"),
    ("docker run --rm=true --rm=0 img", "image=img"),
    ("docker run --tty=T --interactive=1 img", "image=img interactive tty"),
    ("docker run -d=false -i img", "image=img interactive"),
    ("docker run -it=false img", "image=img interactive"),
    ("docker run -P --read-only --privileged img", "image=img publish-all read-only privileged"),
    ("docker run --init img", "image=img init=true"),
    ("docker run --init=false img", "image=img init=false"),
    ("docker run -test.v img", "image=img"),
    // --name.
    ("docker run --name web img", "image=img name=\"web\""),
    ("docker run --name=my_app.v2-1 img", "image=img name=\"my_app.v2-1\""),
    ("docker run --name /web img", "image=img name=\"/web\""),
    ("docker run --name aa --name bb img", "image=img name=\"bb\""),
    ("docker run --name '' img", "image=img"),
    // -e / --env / --env-file.
    ("docker run -e A=1 -e B= --env C img", "image=img env:A=\"1\" env:B=\"\" env:C<client"),
    ("docker run -eA=1 img", "image=img env:A=\"1\""),
    ("docker run -e=A=1 img", "image=img env:A=\"1\""),
    ("docker run --env=X=a=b img", "image=img env:X=\"a=b\""),
    ("docker run -e 'GREETING=hello world' img", "image=img env:GREETING=\"hello world\""),
    ("docker run -e \"HOME=$HOME\" img", "image=img env:HOME=\"$HOME\""),
    ("docker run --env-file .env --env-file=prod.env img", "image=img env-file=\".env\" env-file=\"prod.env\""),
    // -p / --publish.
    ("docker run -p 8080:80 img", "image=img p:0.0.0.0:8080->80/tcp"),
    ("docker run -p8080:80 img", "image=img p:0.0.0.0:8080->80/tcp"),
    ("docker run --publish=8080:80 img", "image=img p:0.0.0.0:8080->80/tcp"),
    ("docker run -p=8080:80 img", "image=img p:0.0.0.0:8080->80/tcp"),
    ("docker run -p 80 img", "image=img p:0.0.0.0:->80/tcp"),
    ("docker run -p 127.0.0.1:8080:80 img", "image=img p:127.0.0.1:8080->80/tcp"),
    ("docker run -p 127.0.0.1:8080:80/udp img", "image=img p:127.0.0.1:8080->80/udp"),
    ("docker run -p 8080:80/UDP img", "image=img p:0.0.0.0:8080->80/udp"),
    ("docker run -p 5000:5000/sctp img", "image=img p:0.0.0.0:5000->5000/sctp"),
    ("docker run -p 127.0.0.1::80 img", "image=img p:127.0.0.1:->80/tcp"),
    ("docker run -p :80 img", "image=img p:0.0.0.0:->80/tcp"),
    ("docker run -p 80/ img", "image=img p:0.0.0.0:->80/tcp"),
    ("docker run -p [::1]:8080:80 img", "image=img p:[::1]:8080->80/tcp"),
    ("docker run -p ::1:8080:80 img", "image=img p:[::1]:8080->80/tcp"),
    (
        "docker run -p 8000-8002:9000-9002 img",
        "image=img p:0.0.0.0:8000->9000/tcp p:0.0.0.0:8001->9001/tcp p:0.0.0.0:8002->9002/tcp",
    ),
    ("docker run -p 8000-8010:80 img", "image=img p:0.0.0.0:8000-8010->80/tcp"),
    ("docker run -p 7000-7001 img", "image=img p:0.0.0.0:->7000/tcp p:0.0.0.0:->7001/tcp"),
    ("docker run -p 80-80:90 img", "image=img p:0.0.0.0:80->90/tcp"),
    ("docker run -p published=8080,target=80 img", "image=img p:0.0.0.0:8080->80/tcp"),
    ("docker run -p target=53,protocol=udp img", "image=img p:0.0.0.0:->53/udp"),
    ("docker run -p 1:2 -p 3:4 img", "image=img p:0.0.0.0:1->2/tcp p:0.0.0.0:3->4/tcp"),
    // --entrypoint: one program name; "" resets.
    ("docker run --entrypoint \"\" img", "image=img entrypoint=reset"),
    ("docker run --entrypoint= img", "image=img entrypoint=reset"),
    ("docker run --entrypoint sh img -c 'ls'", "image=img args=[\"-c\", \"ls\"] entrypoint=\"sh\""),
    ("docker run --entrypoint 'sh -c' img", "image=img entrypoint=\"sh -c\""),
    ("docker run --entrypoint x --entrypoint '' img", "image=img entrypoint=reset"),
    // -u, -w, -h.
    ("docker run -u 1000:1000 -w /app img", "image=img user=\"1000:1000\" workdir=\"/app\""),
    ("docker run --user=nobody --workdir=/srv//www/ img", "image=img user=\"nobody\" workdir=\"/srv/www\""),
    ("docker run -h box img", "image=img hostname=\"box\""),
    ("docker run --hostname=db.local img", "image=img hostname=\"db.local\""),
    // -v / --volume.
    ("docker run -v data:/var/lib/data img", "image=img v:vol:data->/var/lib/data"),
    ("docker run -v /srv/app:/app:ro,z img", "image=img v:host:/srv/app->/app,ro,z"),
    ("docker run -v ./src:/src img", "image=img v:host:./src->/src"),
    ("docker run -v /cache img", "image=img v:anon->/cache"),
    // The shell turns a word-initial `~` into the home directory: a bind mount.
    ("docker run -v ~/src:/src -w ~ img", "image=img workdir=\"~\" v:host:~/src->/src"),
    ("docker run -v cache:/c:nocopy img", "image=img v:vol:cache->/c,nocopy"),
    ("docker run -v /h:/c:rw,rshared img", "image=img v:host:/h->/c,rshared"),
    ("docker run -v /h:/c/ img", "image=img v:host:/h->/c"),
    ("docker run -v /a:/a -v bv:/b img", "image=img v:host:/a->/a v:vol:bv->/b"),
    // A one-letter source is a Windows drive to the CLI: the whole spec becomes an anonymous volume.
    ("docker run -v b:/b img", "image=img v:anon->b:/b"),
    // --mount.
    (
        "docker run --mount type=bind,source=/src,target=/app,readonly img",
        "image=img mount:bind:/src->/app,ro",
    ),
    ("docker run --mount source=data,target=/data img", "image=img mount:volume:data->/data"),
    ("docker run --mount type=volume,src=data,dst=/data,volume-nocopy img", "image=img mount:volume:data->/data,volume=VolumeOptions { no_copy: true, subpath: None, labels: [], driver: None, driver_options: [] }"),
    ("docker run --mount type=tmpfs,destination=/tmp,tmpfs-size=64m img", "image=img mount:tmpfs:->/tmp,tmpfs=TmpfsOptions { size_bytes: Some(67108864), mode: None }"),
    ("docker run --mount 'type=bind,\"source=/a,b\",target=/c' img", "image=img mount:bind:/a,b->/c"),
    ("docker run --mount type=bind,src=/a,dst=/b,ro=false img", "image=img mount:bind:/a->/b"),
    // --network / --net.
    ("docker run --network host img", "image=img net=host"),
    ("docker run --net=none img", "image=img net=none"),
    ("docker run --network bridge img", "image=img net=bridge"),
    ("docker run --network container:db img", "image=img net=container:db"),
    ("docker run --network mynet --network other img", "image=img net=mynet net=other"),
    ("docker run --network name=mynet,alias=web img", "image=img net=mynet,aliases=[\"web\"]"),
    // Resources.
    ("docker run -m 512m img", "image=img memory=536870912"),
    ("docker run --memory=1G img", "image=img memory=1073741824"),
    ("docker run -m 1.5g img", "image=img memory=1610612736"),
    ("docker run -m 6291456 img", "image=img memory=6291456"),
    ("docker run -m '64 MiB' img", "image=img memory=67108864"),
    ("docker run -m 10000kb img", "image=img memory=10240000"),
    ("docker run -m 0 img", "image=img"),
    ("docker run --cpus 1.5 img", "image=img nano-cpus=1500000000"),
    ("docker run --cpus=.25 img", "image=img nano-cpus=250000000"),
    ("docker run --cpus 3/2 img", "image=img nano-cpus=1500000000"),
    ("docker run --cpus 1e-3 img", "image=img nano-cpus=1000000"),
    ("docker run --pids-limit 100 img", "image=img pids-limit=100"),
    ("docker run --pids-limit=-1 img", "image=img pids-limit=-1"),
    ("docker run --pids-limit 0x10 img", "image=img pids-limit=16"),
    // Security.
    (
        "docker run --cap-add NET_ADMIN --cap-add=sys_time --cap-drop ALL img",
        "image=img cap-add=NET_ADMIN cap-add=sys_time cap-drop=ALL",
    ),
    ("docker run --cap-add CAP_CHOWN img", "image=img cap-add=CAP_CHOWN"),
    (
        "docker run --security-opt no-new-privileges --security-opt seccomp=unconfined img",
        "image=img security-opt=no-new-privileges security-opt=seccomp=unconfined",
    ),
    ("docker run --security-opt apparmor:unconfined img", "image=img security-opt=apparmor:unconfined"),
    // --restart.
    ("docker run --restart always img", "image=img restart=always"),
    ("docker run --restart=no img", "image=img restart=no"),
    ("docker run --restart unless-stopped img", "image=img restart=unless-stopped"),
    ("docker run --restart on-failure img", "image=img restart=on-failure"),
    ("docker run --restart on-failure:5 img", "image=img restart=on-failure:5"),
    ("docker run --restart '' img", "image=img"),
    ("docker run --rm --restart no img", "image=img rm restart=no"),
    // Health checks.
    (
        "docker run --health-cmd 'curl -f localhost' --health-interval 30s --health-retries 3 img",
        "image=img health=HealthOptions { cmd: Some(\"curl -f localhost\"), interval: Some(30000000000), timeout: None, start_period: None, start_interval: None, retries: Some(3) }",
    ),
    (
        "docker run --health-timeout=1m30s --health-start-period 500ms img",
        "image=img health=HealthOptions { cmd: None, interval: None, timeout: Some(90000000000), start_period: Some(500000000), start_interval: None, retries: None }",
    ),
    ("docker run --no-healthcheck img", "image=img no-healthcheck"),
    ("docker run --no-healthcheck --health-interval 0s img", "image=img no-healthcheck health=HealthOptions { cmd: None, interval: Some(0), timeout: None, start_period: None, start_interval: None, retries: None }"),
    // --platform.
    ("docker run --platform linux/arm64 img", "image=img platform=\"linux/arm64\""),
    // Flags Docker accepts that Layerlab keeps as they are.
    ("docker run --log-driver none --label a=b img", "image=img label:a=b --log-driver=\"none\""),
    ("docker run -l a=b -a stdout img", "image=img label:a=b --attach=\"stdout\""),
    // docker/cli's ConvertKVStringsToMap: no `=` is an empty value; `=` inside the value stays.
    ("docker run -l flag -l k=v=w img", "image=img label:flag= label:k=v=w"),
    ("docker run --network-alias api --network-alias web img", "image=img alias:api alias:web"),
    ("docker run --stop-signal SIGQUIT --stop-timeout 3 img", "image=img stop-signal=\"SIGQUIT\" stop-timeout=3"),
    ("docker run --pull always -q img", "image=img --pull=\"always\" --quiet=\"true\""),
    ("docker run --sig-proxy=false img", "image=img --sig-proxy=\"false\""),
    ("docker run --memory-swappiness 0 img", "image=img --memory-swappiness=\"0\""),
    ("docker run --ip 10.0.0.2 img", "image=img --ip=\"10.0.0.2\""),
    // Images.
    ("docker run registry.example.com:5000/team/app:1.2 img", "image=registry.example.com:5000/team/app:1.2 args=[\"img\"]"),
    ("docker run alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000", "image=alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000"),
    // Shell: quotes, escapes, continuations; nothing is expanded.
    ("docker run img echo \"a b\" 'c d' e\\ f", "image=img args=[\"echo\", \"a b\", \"c d\", \"e f\"]"),
    ("docker run img echo \"say \\\"hi\\\" \\$x \\n\"", "image=img args=[\"echo\", \"say \\\"hi\\\" $x \\\\n\"]"),
    ("docker run \\\n  --rm \\\n  img", "image=img rm"),
    ("docker run img echo a\"b\"'c'", "image=img args=[\"echo\", \"abc\"]"),
    ("docker run img echo ''", "image=img args=[\"echo\", \"\"]"),
    ("docker run img echo $HOME ~ *.txt", "image=img args=[\"echo\", \"$HOME\", \"~\", \"*.txt\"]"),
    ("docker run img echo hi | grep h", "image=img args=[\"echo\", \"hi\"]"),
    ("docker run img echo hi > out.txt", "image=img args=[\"echo\", \"hi\"]"),
    ("docker run img && echo done", "image=img"),
    ("docker run img # a comment", "image=img"),
    ("docker run img echo a#b", "image=img args=[\"echo\", \"a#b\"]"),
    ("docker run img\n", "image=img"),
    // Deprecated flags still work (with a note).
    ("docker run --kernel-memory 10m img", "image=img --kernel-memory=\"10m\""),
];

#[test]
fn accepted_lines_parse_as_docker_does() {
    let mut failures = Vec::new();
    for (line, expected) in ACCEPTED {
        match parse_run(line) {
            Ok(c) => {
                let got = summary(&c);
                if got != *expected {
                    failures.push(format!("{line}\n   expected: {expected}\n   got:      {got}"));
                }
            }
            Err(e) => failures.push(format!("{line}\n   expected: {expected}\n   error:    {e}")),
        }
    }
    assert!(failures.is_empty(), "{} of {} lines differ:\n{}", failures.len(), ACCEPTED.len(), failures.join("\n"));
}

#[test]
fn spans_point_at_the_words() {
    let line = "docker run -it --rm -p 8080:80 nginx:alpine sh -c 'echo hi'";
    let c = parse_run(line).unwrap();
    assert_eq!(&line[c.image_span.range()], "nginx:alpine");
    let args: Vec<&str> = c.arg_spans.iter().map(|s| &line[s.range()]).collect();
    assert_eq!(args, ["sh", "-c", "'echo hi'"]);
}

#[test]
fn notes_say_what_the_shell_would_change() {
    let line = "docker run -e \"HOME=$HOME\" img sh -c 'echo $HOME' $USER `date` ~/x *.txt | less";
    let c = parse_run(line).unwrap();
    let texts: Vec<&str> = c.notes.iter().map(|n| &line[n.span().range()]).collect();
    assert_eq!(texts, ["$H", "$U", "`", "`", "~", "*", "|"]);
    assert!(c.notes[0].message().contains("double quotes"));
    assert!(c.notes[1].message().contains("expands"));
    // Single quotes keep `$HOME` for the container's shell: no note for it.
    assert_eq!(c.args[2], "echo $HOME");
}

#[test]
fn deprecated_flags_are_noted() {
    let c = parse_run("docker run --kernel-memory 10m img").unwrap();
    assert_eq!(c.notes.len(), 1);
    assert_eq!(c.notes[0].message(), "Flag --kernel-memory has been deprecated, and no longer supported by the kernel");
}

#[test]
fn env_files_read_as_the_cli_does() {
    let text = "\u{feff}# comment\n\n  A=1\nB= spaced \nC\r\nD=\n";
    let vars = parse_env_file("app.env", text).unwrap();
    assert_eq!(
        vars,
        vec![
            EnvVar::Set { key: "A".into(), value: "1".into() },
            EnvVar::Set { key: "B".into(), value: " spaced ".into() },
            EnvVar::FromClient { key: "C".into() },
            EnvVar::Set { key: "D".into(), value: "".into() },
        ]
    );
    let e = parse_env_file("app.env", "A=1\n=oops\n").unwrap_err();
    assert_eq!(e.to_string(), "--env-file: invalid env file (app.env): no variable name on line '=oops'");
    assert_eq!(e.line, 2);
    let e = parse_env_file("x", "MY VAR=1").unwrap_err();
    assert_eq!(e.to_string(), "--env-file: invalid env file (x): variable 'MY VAR' contains whitespaces");
}

#[test]
fn network_mode_defaults_to_bridge_network() {
    let c = parse_run("docker run img").unwrap();
    assert_eq!(c.options.network_mode(), NetworkMode::Default);
    let c = parse_run("docker run --net host img").unwrap();
    assert_eq!(c.options.network_mode(), NetworkMode::Host);
}

/// A shell-form command reaches the app with SIGTERM only when the shell
/// `exec`s it as its last command (it then replaces the shell as PID 1).
#[test]
fn pid1_follows_a_trailing_exec() {
    use crate::build::ImageConfig;
    let config = |cmd: &str| ImageConfig {
        cmd: Some(vec!["/bin/sh".into(), "-c".into(), cmd.into()]),
        ..ImageConfig::default()
    };
    let cases = [
        ("exec python app.py", true),
        ("cd /srv && exec python app.py", true),
        ("export A=1; exec node server.js", true),
        ("python app.py", false),
        ("exec python app.py; echo done", false),
        ("exec", false),
        ("echo exec python app.py", false),
    ];
    for (cmd, reaches) in cases {
        let run = parse_run("docker run img").expect("parses");
        let resolution = resolve(&run, &config(cmd)).expect("resolves");
        assert_eq!(resolution.signals_reach_app, reaches, "{cmd}");
        assert_eq!(resolution.pid1, "/bin/sh", "the shell starts as PID 1 ({cmd})");
    }
}
