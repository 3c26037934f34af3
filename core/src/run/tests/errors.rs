//! Table tests for refused lines: Docker's message, who reports it, and the
//! text under the caret; then the whole stderr text in both CLI eras.

use super::super::*;
use Origin::*;

/// (line, message, origin, text the span covers).
const REFUSED: &[(&str, &str, Origin, &str)] = &[
    // The shell.
    ("docker run 'img", "unexpected EOF while looking for matching `''", Shell, "'img"),
    ("docker run \"img", "unexpected EOF while looking for matching `\"'", Shell, "\"img"),
    ("docker run img \\", "the line ends with `\\`: the shell would wait for the next line", Shell, "\\"),
    // Not a docker run line.
    ("", "type a `docker run` command", Command, ""),
    ("ls -la", "`ls` is not docker: type a `docker run` command", Command, "ls"),
    ("docker", "Layerlab simulates `docker run` and `docker create`, not `docker`", Command, "docker"),
    ("docker build .", "Layerlab simulates `docker run` and `docker create`, not `docker build`", Command, "docker build"),
    ("docker container ls", "Layerlab simulates `docker run` and `docker create`, not `docker container ls`", Command, "docker container ls"),
    (
        "docker -H tcp://x run img",
        "Layerlab does not simulate docker's global option `-H`: put only run options after `docker run`",
        Command,
        "-H",
    ),
    // pflag: unknown flags and missing values.
    ("docker run --foo img", "unknown flag: --foo", Flags, "--foo"),
    ("docker run --foo=bar img", "unknown flag: --foo", Flags, "--foo=bar"),
    ("docker run -z img", "unknown shorthand flag: 'z' in -z", Flags, "z"),
    ("docker run -itz img", "unknown shorthand flag: 'z' in -z", Flags, "z"),
    ("docker run -zit img", "unknown shorthand flag: 'z' in -zit", Flags, "z"),
    ("docker run -é img", "unknown shorthand flag: 'Ã' in -é", Flags, "é"),
    ("docker run -d= img", "unknown shorthand flag: '=' in -=", Flags, "="),
    ("docker run -z --rm ubuntu bash", "unknown shorthand flag: 'z' in -z", Flags, "z"),
    ("docker create -d img", "unknown shorthand flag: 'd' in -d", Flags, "d"),
    ("docker create --detach img", "unknown flag: --detach", Flags, "--detach"),
    ("docker run --Rm img", "unknown flag: --Rm", Flags, "--Rm"),
    ("docker run --name", "flag needs an argument: --name", Flags, "--name"),
    ("docker run -p", "flag needs an argument: 'p' in -p", Flags, "-p"),
    ("docker run -itp", "flag needs an argument: 'p' in -p", Flags, "-itp"),
    ("docker run ---rm img", "bad flag syntax: ---rm", Flags, "---rm"),
    ("docker run --=x img", "bad flag syntax: --=x", Flags, "--=x"),
    // pflag: values refused as they are read.
    // docker/cli `opts.ValidateLabel` (opts/opts.go).
    ("docker run -l =x img", "invalid argument \"=x\" for \"-l, --label\" flag: invalid label '=x': empty name", Flags, "=x"),
    ("docker run --label ' =x' img", "invalid argument \" =x\" for \"-l, --label\" flag: invalid label ' =x': empty name", Flags, "' =x'"),
    (
        "docker run --label 'a b=c' img",
        "invalid argument \"a b=c\" for \"-l, --label\" flag: label 'a b' contains whitespaces",
        Flags,
        "'a b=c'",
    ),
    (
        "docker run --stop-timeout soon img",
        "invalid argument \"soon\" for \"--stop-timeout\" flag: strconv.ParseInt: parsing \"soon\": invalid syntax",
        Flags,
        "soon",
    ),
    (
        "docker run --rm=yes img",
        "invalid argument \"yes\" for \"--rm\" flag: strconv.ParseBool: parsing \"yes\": invalid syntax",
        Flags,
        "yes",
    ),
    (
        "docker run --rm= img",
        "invalid argument \"\" for \"--rm\" flag: strconv.ParseBool: parsing \"\": invalid syntax",
        Flags,
        "",
    ),
    (
        "docker run -d=no img",
        "invalid argument \"no\" for \"-d, --detach\" flag: strconv.ParseBool: parsing \"no\": invalid syntax",
        Flags,
        "no",
    ),
    (
        "docker run -e =x img",
        "invalid argument \"=x\" for \"-e, --env\" flag: invalid environment variable: =x",
        Flags,
        "=x",
    ),
    // `-e=` is not `-e ""`: pflag only strips the `=` when something follows it.
    ("docker run -e= img", "invalid argument \"=\" for \"-e, --env\" flag: invalid environment variable: =", Flags, "="),
    ("docker run -e '' img", "invalid argument \"\" for \"-e, --env\" flag: invalid environment variable: ", Flags, "''"),
    ("docker run -m abc img", "invalid argument \"abc\" for \"-m, --memory\" flag: invalid size: 'abc'", Flags, "abc"),
    ("docker run -m10x img", "invalid argument \"10x\" for \"-m, --memory\" flag: invalid suffix: 'x'", Flags, "10x"),
    ("docker run --memory=10mega img", "invalid argument \"10mega\" for \"-m, --memory\" flag: invalid suffix: 'mega'", Flags, "10mega"),
    ("docker run -m 10MBB img", "invalid argument \"10MBB\" for \"-m, --memory\" flag: invalid suffix: 'mbb'", Flags, "10MBB"),
    (
        "docker run -m 1.2.3 img",
        "invalid argument \"1.2.3\" for \"-m, --memory\" flag: strconv.ParseFloat: parsing \"1.2.3\": invalid syntax",
        Flags,
        "1.2.3",
    ),
    ("docker run -m -5m img", "invalid argument \"-5m\" for \"-m, --memory\" flag: invalid size: '-5m'", Flags, "-5m"),
    (
        "docker run --cpus abc img",
        "invalid argument \"abc\" for \"--cpus\" flag: failed to parse abc as a rational number",
        Flags,
        "abc",
    ),
    ("docker run --cpus 0.0000000001 img", "invalid argument \"0.0000000001\" for \"--cpus\" flag: value is too precise", Flags, "0.0000000001"),
    (
        "docker run --pids-limit lots img",
        "invalid argument \"lots\" for \"--pids-limit\" flag: strconv.ParseInt: parsing \"lots\": invalid syntax",
        Flags,
        "lots",
    ),
    (
        "docker run --pids-limit 99999999999999999999 img",
        "invalid argument \"99999999999999999999\" for \"--pids-limit\" flag: strconv.ParseInt: parsing \"99999999999999999999\": value out of range",
        Flags,
        "99999999999999999999",
    ),
    (
        "docker run --health-retries 1.5 img",
        "invalid argument \"1.5\" for \"--health-retries\" flag: strconv.ParseInt: parsing \"1.5\": invalid syntax",
        Flags,
        "1.5",
    ),
    (
        "docker run --health-interval 10 img",
        "invalid argument \"10\" for \"--health-interval\" flag: time: missing unit in duration \"10\"",
        Flags,
        "10",
    ),
    (
        "docker run --health-timeout=5x img",
        "invalid argument \"5x\" for \"--health-timeout\" flag: time: unknown unit \"x\" in duration \"5x\"",
        Flags,
        "5x",
    ),
    ("docker run --ip 1.2.3 img", "invalid argument \"1.2.3\" for \"--ip\" flag: failed to parse IP: \"1.2.3\"", Flags, "1.2.3"),
    (
        "docker run -a stdio img",
        "invalid argument \"stdio\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR",
        Flags,
        "stdio",
    ),
    (
        "docker run --network name=,alias=x img",
        "invalid argument \"name=,alias=x\" for \"--network\" flag: network name/id is not specified",
        Flags,
        "name=,alias=x",
    ),
    ("docker run --network foo=bar img", "invalid argument \"foo=bar\" for \"--network\" flag: invalid field key foo", Flags, "foo=bar"),
    ("docker run --net name=a,x img", "invalid argument \"name=a,x\" for \"--net\" flag: invalid field x", Flags, "name=a,x"),
    ("docker run --mount '' img", "invalid argument \"\" for \"--mount\" flag: value is empty", Flags, "''"),
    (
        "docker run --mount type=bind,source=/a,target img",
        "invalid argument \"type=bind,source=/a,target\" for \"--mount\" flag: invalid field 'target' must be a key=value pair",
        Flags,
        "type=bind,source=/a,target",
    ),
    (
        "docker run --mount type=bind,foo=bar img",
        "invalid argument \"type=bind,foo=bar\" for \"--mount\" flag: unknown option 'foo' in 'foo=bar'",
        Flags,
        "type=bind,foo=bar",
    ),
    (
        "docker run --mount type=bind,src=/a,dst=/b,readonly=yes img",
        "invalid argument \"type=bind,src=/a,dst=/b,readonly=yes\" for \"--mount\" flag: invalid value for 'readonly': invalid boolean value (\"yes\"): must be one of \"true\", \"1\", \"false\", or \"0\" (default \"true\")",
        Flags,
        "type=bind,src=/a,dst=/b,readonly=yes",
    ),
    (
        "docker run --mount=type=volume,src=a,dst=/b,bind-propagation=shared img",
        "invalid argument \"type=volume,src=a,dst=/b,bind-propagation=shared\" for \"--mount\" flag: cannot mix 'bind-*' options with mount type 'volume'",
        Flags,
        "type=volume,src=a,dst=/b,bind-propagation=shared",
    ),
    (
        "docker run --mount type=bind,src=/a,dst=/b,bind-recursive=readonly,readonly img",
        "invalid argument \"type=bind,src=/a,dst=/b,bind-recursive=readonly,readonly\" for \"--mount\" flag: option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction",
        Flags,
        "type=bind,src=/a,dst=/b,bind-recursive=readonly,readonly",
    ),
    (
        "docker run --mount 'type=bind,src=/a, dst=/b' img",
        "invalid argument \"type=bind,src=/a, dst=/b\" for \"--mount\" flag: invalid option 'dst' in ' dst=/b': option should not have whitespace",
        Flags,
        "'type=bind,src=/a, dst=/b'",
    ),
    (
        "docker run --mount type=tmpfs,dst=/t,tmpfs-mode=999 img",
        "invalid argument \"type=tmpfs,dst=/t,tmpfs-mode=999\" for \"--mount\" flag: invalid value for tmpfs-mode: 999",
        Flags,
        "type=tmpfs,dst=/t,tmpfs-mode=999",
    ),
    // cobra.
    ("docker run", "'docker run' requires at least 1 argument", Args, ""),
    ("docker run --rm -it", "'docker run' requires at least 1 argument", Args, ""),
    ("docker run --rm -- ", "'docker run' requires at least 1 argument", Args, ""),
    ("docker container create", "'docker container create' requires at least 1 argument", Args, ""),
    ("docker run --help", "--help: Docker prints the command's usage instead of running it", Help, "--help"),
    ("docker run --rm --help img", "--help: Docker prints the command's usage instead of running it", Help, "--help"),
    // The CLI's checks after parsing.
    (
        "docker run --pull sometimes img",
        "invalid pull option: 'sometimes': must be one of \"always\", \"missing\" or \"never\"",
        Client,
        "sometimes",
    ),
    ("docker run --memory-swappiness 101 img", "invalid value: 101. Valid memory swappiness range is 0-100", Client, "101"),
    ("docker run -v '' img", "invalid empty volume spec", Client, "''"),
    ("docker run -v ab::c img", "invalid spec: ab::c: empty section between colons", Client, "ab::c"),
    ("docker run -v a::b img", "invalid mode: b", Daemon, "a::b"),
    ("docker run -v :/b img", "invalid spec: :/b: empty section between colons", Client, ":/b"),
    ("docker run -v /a:/b:ro:x img", "invalid spec: /a:/b:ro:x: too many colons", Client, "/a:/b:ro:x"),
    ("docker run -p abc img", "invalid containerPort: abc", Client, "abc"),
    ("docker run -p 8080:abc img", "invalid containerPort: abc", Client, "8080:abc"),
    ("docker run -p 70000 img", "invalid containerPort: 70000", Client, "70000"),
    ("docker run -p 90-80 img", "invalid containerPort: 90-80", Client, "90-80"),
    ("docker run -p abc:80 img", "invalid hostPort: abc", Client, "abc:80"),
    (
        "docker run -p 8000-8010:80-81 img",
        "invalid ranges specified for container and host Ports: 80-81 and 8000-8010",
        Client,
        "8000-8010:80-81",
    ),
    (
        "docker run -p 8000-8001:80-82 img",
        "invalid ranges specified for container and host Ports: 80-82 and 8000-8001",
        Client,
        "8000-8001:80-82",
    ),
    ("docker run -p 80/xyz img", "invalid proto: xyz", Client, "80/xyz"),
    ("docker run -p 1.2.3:80:80 img", "invalid IP address: 1.2.3", Client, "1.2.3:80:80"),
    ("docker run -p 8080: img", "no port specified: 8080:<empty>", Client, "8080:"),
    (
        "docker run -p 80:80 -p published=80,tgt img",
        "invalid publish opts format (should be name=value but got 'tgt')",
        Client,
        "published=80,tgt",
    ),
    ("docker run --restart :3 img", "invalid restart policy format: no policy provided before colon", Client, ":3"),
    (
        "docker run --restart on-failure:x img",
        "invalid restart policy format: maximum retry count must be an integer",
        Client,
        "on-failure:x",
    ),
    ("docker run --security-opt seccomp img", "invalid --security-opt: \"seccomp\"", Client, "seccomp"),
    ("docker run --security-opt label= img", "invalid --security-opt: \"label=\"", Client, "label="),
    (
        "docker run --no-healthcheck --health-cmd true img",
        "--no-healthcheck conflicts with --health-* options",
        Client,
        "--no-healthcheck",
    ),
    ("docker run --health-interval -1s img", "--health-interval cannot be negative", Client, "-1s"),
    ("docker run --health-retries=-1 img", "--health-retries cannot be negative", Client, "-1"),
    ("docker run --rm --restart always img", "conflicting options: cannot specify both --restart and --rm", Client, "always"),
    ("docker run --restart=bogus --rm img", "conflicting options: cannot specify both --restart and --rm", Client, "bogus"),
    (
        "docker run --network host --network mynet img",
        "conflicting options: cannot attach both user-defined and non-user-defined network-modes",
        Client,
        "mynet",
    ),
    ("docker run --network a --network a img", "network \"a\" is specified multiple times", Client, "a"),
    ("docker run --network '' img", "no name set for network", Client, "''"),
    (
        "docker run --network name=bridge,alias=x img",
        "network-scoped aliases are only supported for user-defined networks",
        Client,
        "name=bridge,alias=x",
    ),
    // The CLI while creating: the image reference.
    (
        "docker run Ubuntu",
        "invalid reference format: repository name (library/Ubuntu) must be lowercase",
        Create,
        "Ubuntu",
    ),
    ("docker run - img", "invalid reference format", Create, "-"),
    ("docker run --rm -- -img x", "invalid reference format", Create, "-img"),
    ("docker run '' sh", "invalid reference format", Create, "''"),
    // The daemon.
    ("docker run -w app img", "the working directory 'app' is invalid, it needs to be an absolute path", Daemon, "app"),
    (
        "docker run --health-cmd x --health-interval 500us img",
        "Interval in Healthcheck cannot be less than 1ms",
        Daemon,
        "500us",
    ),
    ("docker run --health-start-period=1ns img", "StartPeriod in Healthcheck cannot be less than 1ms", Daemon, "1ns"),
    ("docker run -p 0 img", "invalid port specification: \"0/tcp\"", Daemon, "0"),
    ("docker run -p 8080:0/udp img", "invalid port specification: \"0/udp\"", Daemon, "8080:0/udp"),
    (
        "docker run --restart always:3 img",
        "invalid restart policy: maximum retry count can only be used with 'on-failure'",
        Daemon,
        "always:3",
    ),
    (
        "docker run --restart no:-1 img",
        "invalid restart policy: maximum retry count can only be used with 'on-failure' and cannot be negative",
        Daemon,
        "no:-1",
    ),
    (
        "docker run --restart on-failure:-2 img",
        "invalid restart policy: maximum retry count cannot be negative",
        Daemon,
        "on-failure:-2",
    ),
    (
        "docker run --restart sometimes img",
        "invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'",
        Daemon,
        "sometimes",
    ),
    ("docker run --cap-add FOO img", "invalid CapAdd: unknown capability: \"CAP_FOO\"", Daemon, "FOO"),
    ("docker run --cap-drop=net_admn img", "invalid CapDrop: unknown capability: \"CAP_NET_ADMN\"", Daemon, "net_admn"),
    ("docker run -m 4m img", "Minimum memory limit allowed is 6MB", Daemon, "4m"),
    ("docker run -m 100 img", "Minimum memory limit allowed is 6MB", Daemon, "100"),
    (
        "docker run --name 'my app' img",
        "Invalid container name (my app), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed",
        Daemon,
        "'my app'",
    ),
    ("docker run --name a img", "Invalid container name (a), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", Daemon, "a"),
    ("docker run --name=-x img", "Invalid container name (-x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", Daemon, "-x"),
    (
        "docker run -v data:relative img",
        "invalid volume specification: 'data:relative': invalid mount config for type \"volume\": invalid mount path: 'relative' mount path must be absolute",
        Daemon,
        "data:relative",
    ),
    ("docker run -v /a:/b:bogus img", "invalid mode: bogus", Daemon, "/a:/b:bogus"),
    ("docker run -v /a:/b:ro,rw img", "invalid mode: ro,rw", Daemon, "/a:/b:ro,rw"),
    ("docker run -v /a:ro img", "invalid volume specification: '/a:ro'", Daemon, "/a:ro"),
    (
        "docker run -v /a:/ img",
        "invalid volume specification: '/a:/': invalid mount config for type \"bind\": invalid specification: destination can't be '/'",
        Daemon,
        "/a:/",
    ),
    (
        "docker run -v myvol:/d:shared img",
        "invalid volume specification: 'myvol:/d:shared': invalid mount config for type \"volume\": field BindOptions must not be specified",
        Daemon,
        "myvol:/d:shared",
    ),
    (
        "docker run -v /h:/d:nocopy img",
        "invalid volume specification: '/h:/d:nocopy': invalid mount config for type \"bind\": field VolumeOptions must not be specified",
        Daemon,
        "/h:/d:nocopy",
    ),
    (
        "docker run -v 'my vol:/d' img",
        "create my vol: \"my vol\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path",
        Daemon,
        "'my vol:/d'",
    ),
    (
        "docker run --volume=~/x:/d img",
        "create ~/x: \"~/x\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path",
        Daemon,
        "~/x:/d",
    ),
    (
        "docker run -v 1:/d img",
        "create 1: volume name is too short, names should be at least two alphanumeric characters",
        Daemon,
        "1:/d",
    ),
    ("docker run -v /a:/d -v /b:/d/ img", "Duplicate mount point: /d", Daemon, "/b:/d/"),
    ("docker run -v /a:/d --mount type=bind,src=/b,dst=/d/ img", "Duplicate mount point: /d/", Daemon, "type=bind,src=/b,dst=/d/"),
    (
        "docker run --mount type=bind img",
        "invalid mount config for type \"bind\": field Target must not be empty",
        Daemon,
        "type=bind",
    ),
    (
        "docker run --mount type=foo,target=/x img",
        "invalid mount config for type \"foo\": mount type unknown",
        Daemon,
        "type=foo,target=/x",
    ),
    (
        "docker run --mount type=bind,source=rel,target=/x img",
        "invalid mount config for type \"bind\": invalid mount path: 'rel' mount path must be absolute",
        Daemon,
        "type=bind,source=rel,target=/x",
    ),
    (
        "docker run --mount type=bind,source=/a,target=rel img",
        "invalid mount config for type \"bind\": invalid mount path: 'rel' mount path must be absolute",
        Daemon,
        "type=bind,source=/a,target=rel",
    ),
    (
        "docker run --mount type=bind,source=/a,target=/ img",
        "invalid mount config for type \"bind\": invalid specification: destination can't be '/'",
        Daemon,
        "type=bind,source=/a,target=/",
    ),
    (
        "docker run --mount type=tmpfs,source=/a,target=/t img",
        "invalid mount config for type \"tmpfs\": field Source must not be specified",
        Daemon,
        "type=tmpfs,source=/a,target=/t",
    ),
];

#[test]
fn refused_lines_fail_as_docker_does() {
    let mut failures = Vec::new();
    for &(line, message, origin, caret) in REFUSED {
        match parse_run(line) {
            Ok(c) => failures.push(format!("{line}\n   expected: {message}\n   parsed:   {}", super::summary(&c))),
            Err(e) => {
                let under = line.get(e.span.range()).unwrap_or("<bad span>");
                if e.to_string() != message || e.origin() != origin || under != caret {
                    failures.push(format!(
                        "{line}\n   expected: {message} / {origin:?} / {caret:?}\n   got:      {e} / {:?} / {under:?}",
                        e.origin()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} lines differ:\n{}", failures.len(), REFUSED.len(), failures.join("\n"));
}

#[test]
fn csv_errors_name_the_bare_quote() {
    let e = parse_run("docker run --mount 'type=bind,src=a\"b,dst=/c' img").unwrap_err();
    assert!(e.to_string().contains("bare \" in non-quoted field"), "{e}");
    let e = parse_run("docker run --mount 'type=bind,\"src=a' img").unwrap_err();
    assert!(e.to_string().contains("extraneous or missing \" in quoted-field"), "{e}");
}

/// (line, style, full stderr text).
const RENDERED: &[(&str, MessageStyle, &str)] = &[
    ("docker run --foo img", MessageStyle::Classic, "unknown flag: --foo\nSee 'docker run --help'."),
    (
        "docker run --foo img",
        MessageStyle::Current,
        "unknown flag: --foo\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information",
    ),
    ("docker container run -z img", MessageStyle::Classic, "unknown shorthand flag: 'z' in -z\nSee 'docker container run --help'."),
    (
        "docker run",
        MessageStyle::Classic,
        "\"docker run\" requires at least 1 argument.\nSee 'docker run --help'.\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nCreate and run a new container from an image",
    ),
    (
        "docker container run",
        MessageStyle::Current,
        "docker: 'docker container run' requires at least 1 argument\n\nUsage:  docker container run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker container run --help' for more information",
    ),
    (
        "docker create",
        MessageStyle::Classic,
        "\"docker create\" requires at least 1 argument.\nSee 'docker create --help'.\n\nUsage:  docker create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nCreate a new container",
    ),
    ("docker run -p abc img", MessageStyle::Classic, "docker: invalid containerPort: abc.\nSee 'docker run --help'."),
    (
        "docker run -p abc img",
        MessageStyle::Current,
        "docker: invalid containerPort: abc\n\nRun 'docker run --help' for more information",
    ),
    (
        "docker container create -p abc img",
        MessageStyle::Current,
        "docker: invalid containerPort: abc\n\nRun 'docker create --help' for more information",
    ),
    (
        "docker run --rm --restart always img",
        MessageStyle::Classic,
        "docker: Conflicting options: --restart and --rm.\nSee 'docker run --help'.",
    ),
    (
        "docker run -m 4m img",
        MessageStyle::Classic,
        "docker: Error response from daemon: Minimum memory limit allowed is 6MB.\nSee 'docker run --help'.",
    ),
    (
        "docker run -m 4m img",
        MessageStyle::Current,
        "docker: Error response from daemon: Minimum memory limit allowed is 6MB\n\nRun 'docker run --help' for more information",
    ),
    ("docker create -m 4m img", MessageStyle::Current, "Error response from daemon: Minimum memory limit allowed is 6MB"),
    ("docker run Ubuntu", MessageStyle::Classic, "docker: invalid reference format: repository name (library/Ubuntu) must be lowercase.\nSee 'docker run --help'."),
    ("docker create Ubuntu", MessageStyle::Classic, "invalid reference format: repository name (library/Ubuntu) must be lowercase"),
    (
        "docker run --help",
        MessageStyle::Current,
        "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nCreate and run a new container from an image",
    ),
    ("docker run 'x", MessageStyle::Classic, "unexpected EOF while looking for matching `''"),
];

#[test]
fn rendered_like_the_docker_cli() {
    for &(line, style, expected) in RENDERED {
        let e = parse_run(line).expect_err(line);
        assert_eq!(e.render(style), expected, "{line} ({style:?})");
    }
}

#[test]
fn exit_statuses_are_dockers() {
    let status = |line: &str| parse_run(line).unwrap_err().exit_status();
    assert_eq!(status("docker run --foo img"), Some(125));
    assert_eq!(status("docker run"), Some(1));
    assert_eq!(status("docker run --help"), Some(0));
    assert_eq!(status("docker run -p abc img"), Some(125));
    assert_eq!(status("docker run -m 1m img"), Some(125));
    assert_eq!(status("docker create -m 1m img"), Some(1));
    assert_eq!(status("docker run 'x"), None);
}
