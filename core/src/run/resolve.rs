//! `docker run --dry-run`: what a run line starts, as which user, where,
//! reachable how, and whether `docker stop` reaches the app. Nothing runs.

use super::{resolve_argv, ArgvError, EnvVar, HostPort, NetworkMode, RunCommand, WordOrigin};
use crate::build::ImageConfig;
use crate::catalog::{shells, BaseImage};
use sha2::{Digest, Sha256};

/// A published port, as `docker port` would list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedPort {
    /// `0.0.0.0` when the run line names no address.
    pub host_ip: String,
    /// `None`: an ephemeral port the daemon picks at start.
    pub host_port: Option<u16>,
    pub container_port: u16,
    pub protocol: String,
}

/// Everything a run line resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub argv: Vec<String>,
    /// Where each word of `argv` comes from.
    pub origins: Vec<WordOrigin>,
    /// The words after a `sh -c SCRIPT` in `argv` (the script's `$0`, `$1`, …).
    pub script_parameters: Vec<String>,
    /// The effective ENTRYPOINT and CMD after the run line's overrides.
    pub entrypoint: Option<Vec<String>>,
    pub cmd: Option<Vec<String>>,
    pub user: String,
    pub workdir: String,
    pub env: Vec<String>,
    pub hostname: String,
    pub network: String,
    pub ports: Vec<PublishedPort>,
    /// The program that starts as PID 1 in the container's PID namespace (a
    /// shell that `exec`s its last command is then replaced by it; the
    /// explanation says so, and the dry run's process shows the result).
    pub pid1: String,
    /// Whether SIGTERM from `docker stop` reaches the application.
    pub signals_reach_app: bool,
    pub explanation: Vec<String>,
}

/// Whether a shell script ends by `exec`ing a program (`exec app`, `cd /srv
/// && exec app`): on the normal path the program replaces the shell as PID 1.
/// Read with the shell model's parser; text it cannot read falls back to a
/// leading `exec`.
fn ends_in_exec(script: &str) -> bool {
    match crate::shell::parse::parse(script) {
        Ok(parsed) => parsed.items.last().is_some_and(|(pipeline, _)| {
            let [command] = pipeline.commands.as_slice() else { return false };
            command.words.len() > 1 && command.words[0].literal().as_deref() == Some("exec")
        }),
        Err(_) => script.trim_start().starts_with("exec "),
    }
}

/// Resolves a parsed run line against the image's config, not knowing
/// which shell the image's `sh` is (it is then taken to stay PID 1, as
/// Debian's dash does).
pub fn resolve(run: &RunCommand, config: &ImageConfig) -> Result<Resolution, ArgvError> {
    resolve_in(run, config, None)
}

/// Resolves a parsed run line against the image's config; `base` is the
/// catalog image it is (or was built from), which says what `sh` is.
pub fn resolve_in(run: &RunCommand, config: &ImageConfig, base: Option<&BaseImage>) -> Result<Resolution, ArgvError> {
    let options = &run.options;
    let argv = resolve_argv(config, options.entrypoint.as_ref(), &run.args)?;
    let mut explanation = argv.explanation.clone();

    let (entrypoint, cmd) = match &options.entrypoint {
        Some(super::Entrypoint::Reset) => (None, (!run.args.is_empty()).then(|| run.args.clone())),
        Some(super::Entrypoint::Program(p)) => {
            (Some(vec![p.clone()]), (!run.args.is_empty()).then(|| run.args.clone()))
        }
        None => {
            (config.entrypoint.clone(), if run.args.is_empty() { config.cmd.clone() } else { Some(run.args.clone()) })
        }
    };

    let user = options.user.clone().filter(|u| !u.is_empty()).unwrap_or_else(|| {
        if config.user.is_empty() {
            "root".to_string()
        } else {
            config.user.clone()
        }
    });
    let workdir = options.workdir.clone().unwrap_or_else(|| {
        if config.working_dir.is_empty() {
            "/".to_string()
        } else {
            config.working_dir.clone()
        }
    });

    let mut env: Vec<(String, String)> = config.env.clone();
    for var in &options.env {
        match var {
            EnvVar::Set { key, value } => match env.iter_mut().find(|(k, _)| k == key) {
                Some(entry) => entry.1 = value.clone(),
                None => env.push((key.clone(), value.clone())),
            },
            EnvVar::FromClient { key } => {
                explanation.push(format!("-e {key} copies {key} from your shell's environment, if it is set there"))
            }
        }
    }

    let network = match options.networks.first().map(|n| &n.mode) {
        None | Some(NetworkMode::Default) | Some(NetworkMode::Bridge) => "bridge".to_string(),
        Some(NetworkMode::Host) => "host".to_string(),
        Some(NetworkMode::None) => "none".to_string(),
        Some(NetworkMode::Container(name)) => format!("container:{name}"),
        Some(NetworkMode::UserDefined(name)) => name.clone(),
    };

    let mut ports: Vec<PublishedPort> = options
        .publish
        .iter()
        .map(|p| PublishedPort {
            host_ip: p.host_ip.map_or("0.0.0.0".to_string(), |ip| ip.to_string()),
            host_port: match p.host_port {
                Some(HostPort::Port(port)) => Some(port),
                Some(HostPort::Range { .. }) | None => None,
            },
            container_port: p.container_port,
            protocol: p.protocol.to_string(),
        })
        .collect();
    // With --network host the app's ports are the host's: EXPOSE neither
    // hides nor publishes anything.
    let host_net = network == "host";
    for exposed in config.exposed_ports.iter().filter(|_| !host_net) {
        let (number, protocol) = exposed.split_once('/').unwrap_or((exposed, "tcp"));
        let Ok(number) = number.parse::<u16>() else { continue };
        let published = ports.iter().any(|p| p.container_port == number && p.protocol == protocol);
        if options.publish_all && !published {
            ports.push(PublishedPort {
                host_ip: "0.0.0.0".into(),
                host_port: None,
                container_port: number,
                protocol: protocol.into(),
            });
            explanation.push(format!("-P publishes the image's EXPOSE {exposed} on an ephemeral host port"));
        } else if !published {
            explanation.push(format!(
                "EXPOSE {exposed} only documents the port: without -p or -P it is not reachable from the host"
            ));
        }
    }
    if host_net {
        // moby warns for -p only ("Published ports are discarded when using
        // host network mode"); -P has nothing to publish either.
        explanation.push(
            "with --network host the container shares the host's network stack: its ports are the host's, and Docker \
             publishes nothing"
                .into(),
        );
        ports.clear();
    }

    let init = options.init == Some(true);
    let is_shell = argv.argv.len() >= 3 && argv.argv[1] == "-c" && argv.argv[0].ends_with("sh");
    let (pid1, signals_reach_app) = if init {
        explanation
            .push("--init makes docker-init (tini) PID 1: it forwards SIGTERM to the app and reaps zombies".into());
        ("/sbin/docker-init".to_string(), true)
    } else if is_shell {
        let sh = argv.argv[0].clone();
        let script = argv.argv[2].as_str();
        let shell = shells::shell_of(base, &sh);
        let last = crate::shell::parse::exec_candidate(script);
        if ends_in_exec(script) {
            explanation.push("the shell `exec`s the app, which replaces it as PID 1 and gets SIGTERM".into());
            (sh, true)
        } else if let (Some(shell), Some(last)) = (shell.filter(|s| s.execs_last_command()), last) {
            explanation.push(format!(
                "{sh} is {}, which execs the script's last command: `{last}` replaces it as PID 1 and receives SIGTERM \
                 itself (with no handler of its own, PID 1 ignores it)",
                shell.name()
            ));
            (sh, true)
        } else {
            let which = shell.map(|s| format!(" ({})", s.name())).unwrap_or_default();
            explanation.push(format!(
                "{sh}{which} is PID 1 and runs the script's commands as its children: it has no SIGTERM handler, so as \
                 PID 1 it ignores the signal and does not pass it on; `docker stop` waits 10 s and then kills"
            ));
            (sh, false)
        }
    } else {
        (argv.argv.first().cloned().unwrap_or_default(), true)
    };

    let hostname = options.hostname.clone().unwrap_or_else(|| {
        // Docker uses the container id's first 12 characters; a dry run has none, so derive one.
        let digest = Sha256::digest(format!("{:?}{:?}", run.image, run.args).as_bytes());
        format!("{digest:x}")[..12].to_string()
    });

    Ok(Resolution {
        argv: argv.argv,
        origins: argv.origins,
        script_parameters: argv.script_parameters,
        entrypoint,
        cmd,
        user,
        workdir,
        env: env.into_iter().map(|(k, v)| format!("{k}={v}")).collect(),
        hostname,
        network,
        ports,
        pid1,
        signals_reach_app,
        explanation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use crate::run::parse_run;

    fn resolved(line: &str) -> Resolution {
        let run = parse_run(line).expect("a valid run line");
        let image = catalog::resolve(&run.image).expect("a catalog image").image;
        resolve_in(&run, &ImageConfig::from_base(&image.config), Some(image)).expect("something to run")
    }

    #[test]
    fn expose_without_publish_is_not_reachable() {
        let r = resolved("docker run -d nginx");
        assert!(r.ports.is_empty());
        assert!(r.explanation.iter().any(|e| e.contains("EXPOSE 80/tcp only documents")), "{:?}", r.explanation);
        let published = resolved("docker run -d -p 8080:80 nginx");
        assert_eq!(published.ports[0].host_port, Some(8080));
        let all = resolved("docker run -d -P nginx");
        assert_eq!((all.ports[0].container_port, all.ports[0].host_port), (80, None));
    }

    #[test]
    fn run_arguments_replace_cmd_and_entrypoint_flag_clears_it() {
        let r = resolved("docker run -it python:3.12-slim bash");
        assert_eq!(r.argv, ["bash"]);
        let r = resolved("docker run --entrypoint sh nginx");
        assert_eq!((r.argv.clone(), r.cmd), (vec!["sh".to_string()], None));
    }

    #[test]
    fn pid1_and_signals() {
        // Debian's dash stays PID 1 (patch 0004, see catalog::shells); busybox ash execs `sleep`.
        let r = resolved("docker run debian:bookworm-slim sh -c 'sleep 100'");
        assert_eq!((r.pid1.as_str(), r.signals_reach_app), ("sh", false));
        assert!(r.explanation.iter().any(|e| e.starts_with("sh (dash) is PID 1")), "{:?}", r.explanation);
        let r = resolved("docker run alpine:3.22 sh -c 'sleep 100'");
        assert!(r.signals_reach_app);
        assert!(r.explanation.iter().any(|e| e.contains("busybox ash, which execs")), "{:?}", r.explanation);
        let r = resolved("docker run alpine:3.22 sh -c 'sleep 100 | cat'");
        assert!(!r.signals_reach_app);
        // No hedging: no "some shells" in what the tutor says.
        assert!(!r.explanation.iter().any(|e| e.contains("some shells")), "{:?}", r.explanation);
        let r = resolved("docker run --init alpine:3.22 sh -c 'sleep 100'");
        assert_eq!((r.pid1.as_str(), r.signals_reach_app), ("/sbin/docker-init", true));
        let r = resolved("docker run nginx");
        assert_eq!((r.pid1.as_str(), r.signals_reach_app), ("/docker-entrypoint.sh", true));
    }

    #[test]
    fn user_workdir_env_and_network() {
        let r = resolved(
            "docker run -u 1000 -w /srv -e MODE=prod --network host gcr.io/distroless/static-debian12:nonroot /app",
        );
        assert_eq!((r.user.as_str(), r.workdir.as_str(), r.network.as_str()), ("1000", "/srv", "host"));
        assert!(r.env.contains(&"MODE=prod".to_string()));
        let d = resolved("docker run gcr.io/distroless/static-debian12:nonroot /app");
        assert_eq!((d.user.as_str(), d.workdir.as_str()), ("65532", "/home/nonroot"));
    }
}
