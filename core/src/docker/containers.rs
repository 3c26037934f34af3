//! The container-side commands' flags, usage lines and help texts, as
//! docker/cli defines them (`cli/command/container`, `network`, `volume`).

use super::flags::{flag, unmodelled, Arity, Flag, Spec, Takes};

const fn spec(
    path: &'static str,
    usage: &'static str,
    short: &'static str,
    flags: &'static [Flag],
    arity: Arity,
) -> Spec {
    Spec { path, usage, short, flags, arity, interspersed: true }
}

pub const PS_FLAGS: &[Flag] = &[
    flag("all", Some('a'), Takes::Bool, "Show all containers (default shows just running)"),
    flag("filter", Some('f'), Takes::Values, "Filter output based on conditions provided"),
    unmodelled("format", None, Takes::Value, "Format output using a custom template"),
    flag("last", Some('n'), Takes::Value, "Show n last created containers (includes all states) (default -1)"),
    flag("latest", Some('l'), Takes::Bool, "Show the latest created container (includes all states)"),
    flag("no-trunc", None, Takes::Bool, "Don't truncate output"),
    flag("quiet", Some('q'), Takes::Bool, "Only display container IDs"),
    unmodelled("size", Some('s'), Takes::Bool, "Display total file sizes"),
];
pub const PS: Spec = spec("docker ps", "[OPTIONS]", "List containers", PS_FLAGS, Arity::None);
pub const CONTAINER_LS: Spec = spec("docker container ls", "[OPTIONS]", "List containers", PS_FLAGS, Arity::None);

pub const START: Spec = spec(
    "docker start",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Start one or more stopped containers",
    &[
        flag("attach", Some('a'), Takes::Bool, "Attach STDOUT/STDERR and forward signals"),
        unmodelled("detach-keys", None, Takes::Value, "Override the key sequence for detaching a container"),
        flag("interactive", Some('i'), Takes::Bool, "Attach container's STDIN"),
    ],
    Arity::AtLeast(1),
);

const STOP_FLAGS: &[Flag] = &[
    flag("signal", Some('s'), Takes::Value, "Signal to send to the container"),
    flag("timeout", Some('t'), Takes::Value, "Seconds to wait before killing the container"),
];
pub const STOP: Spec = spec(
    "docker stop",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Stop one or more running containers",
    STOP_FLAGS,
    Arity::AtLeast(1),
);
pub const RESTART: Spec = spec(
    "docker restart",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Restart one or more containers",
    STOP_FLAGS,
    Arity::AtLeast(1),
);
pub const KILL: Spec = spec(
    "docker kill",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Kill one or more running containers",
    &[flag("signal", Some('s'), Takes::Value, "Signal to send to the container")],
    Arity::AtLeast(1),
);
pub const PAUSE: Spec = spec(
    "docker pause",
    "CONTAINER [CONTAINER...]",
    "Pause all processes within one or more containers",
    &[],
    Arity::AtLeast(1),
);
pub const UNPAUSE: Spec = spec(
    "docker unpause",
    "CONTAINER [CONTAINER...]",
    "Unpause all processes within one or more containers",
    &[],
    Arity::AtLeast(1),
);
pub const RM: Spec = spec(
    "docker rm",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Remove one or more containers",
    &[
        flag("force", Some('f'), Takes::Bool, "Force the removal of a running container (uses SIGKILL)"),
        unmodelled("link", Some('l'), Takes::Bool, "Remove the specified link"),
        flag("volumes", Some('v'), Takes::Bool, "Remove anonymous volumes associated with the container"),
    ],
    Arity::AtLeast(1),
);
pub const LOGS: Spec = spec(
    "docker logs",
    "[OPTIONS] CONTAINER",
    "Fetch the logs of a container",
    &[
        unmodelled("details", None, Takes::Bool, "Show extra details provided to logs"),
        flag("follow", Some('f'), Takes::Bool, "Follow log output"),
        unmodelled("since", None, Takes::Value, "Show logs since timestamp or relative"),
        flag("tail", Some('n'), Takes::Value, "Number of lines to show from the end of the logs (default \"all\")"),
        flag("timestamps", Some('t'), Takes::Bool, "Show timestamps"),
        unmodelled("until", None, Takes::Value, "Show logs before a timestamp or relative"),
    ],
    Arity::Exact(1),
);
pub const EXEC: Spec = Spec {
    path: "docker exec",
    usage: "[OPTIONS] CONTAINER COMMAND [ARG...]",
    short: "Execute a command in a running container",
    flags: &[
        flag("detach", Some('d'), Takes::Bool, "Detached mode: run command in the background"),
        unmodelled("detach-keys", None, Takes::Value, "Override the key sequence for detaching a container"),
        flag("env", Some('e'), Takes::Values, "Set environment variables"),
        unmodelled("env-file", None, Takes::Values, "Read in a file of environment variables"),
        flag("interactive", Some('i'), Takes::Bool, "Keep STDIN open even if not attached"),
        flag("privileged", None, Takes::Bool, "Give extended privileges to the command"),
        flag("tty", Some('t'), Takes::Bool, "Allocate a pseudo-TTY"),
        flag("user", Some('u'), Takes::Value, "Username or UID (format: \"<name|uid>[:<group|gid>]\")"),
        flag("workdir", Some('w'), Takes::Value, "Working directory inside the container"),
    ],
    arity: Arity::AtLeast(2),
    interspersed: false,
};
pub const CONTAINER_INSPECT: Spec = spec(
    "docker container inspect",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Display detailed information on one or more containers",
    &[
        unmodelled("format", Some('f'), Takes::Value, "Format output using a custom template"),
        unmodelled("size", Some('s'), Takes::Bool, "Display total file sizes"),
    ],
    Arity::AtLeast(1),
);
pub const STATS: Spec = spec(
    "docker stats",
    "[OPTIONS] [CONTAINER...]",
    "Display a live stream of container(s) resource usage statistics",
    &[
        flag("all", Some('a'), Takes::Bool, "Show all containers (default shows just running)"),
        unmodelled("format", None, Takes::Value, "Format output using a custom template"),
        flag("no-stream", None, Takes::Bool, "Disable streaming stats and only pull the first result"),
        flag("no-trunc", None, Takes::Bool, "Do not truncate output"),
    ],
    Arity::AtLeast(0),
);
pub const PORT: Spec = spec(
    "docker port",
    "CONTAINER [PRIVATE_PORT[/PROTO]]",
    "List port mappings or a specific mapping for the container",
    &[],
    Arity::Range(1, 2),
);
pub const TOP: Spec = Spec {
    path: "docker top",
    usage: "CONTAINER [ps OPTIONS]",
    short: "Display the running processes of a container",
    flags: &[],
    arity: Arity::AtLeast(1),
    interspersed: false,
};
pub const CONTAINER_PRUNE: Spec = spec(
    "docker container prune",
    "[OPTIONS]",
    "Remove all stopped containers",
    &[
        unmodelled("filter", None, Takes::Values, "Provide filter values (e.g. \"until=<timestamp>\")"),
        flag("force", Some('f'), Takes::Bool, "Do not prompt for confirmation"),
    ],
    Arity::None,
);

pub const NETWORK_LS: Spec = spec(
    "docker network ls",
    "[OPTIONS]",
    "List networks",
    &[
        flag("filter", Some('f'), Takes::Values, "Provide filter values (e.g. \"driver=bridge\")"),
        unmodelled("format", None, Takes::Value, "Format output using a custom template"),
        flag("no-trunc", None, Takes::Bool, "Do not truncate the output"),
        flag("quiet", Some('q'), Takes::Bool, "Only display network IDs"),
    ],
    Arity::None,
);
pub const NETWORK_CREATE: Spec = spec(
    "docker network create",
    "[OPTIONS] NETWORK",
    "Create a network",
    &[
        unmodelled("attachable", None, Takes::Bool, "Enable manual container attachment"),
        flag("driver", Some('d'), Takes::Value, "Driver to manage the Network (default \"bridge\")"),
        unmodelled("gateway", None, Takes::Values, "IPv4 or IPv6 Gateway for the master subnet"),
        flag("internal", None, Takes::Bool, "Restrict external access to the network"),
        flag("label", None, Takes::Values, "Set metadata on a network"),
        flag("subnet", None, Takes::Values, "Subnet in CIDR format that represents a network segment"),
    ],
    Arity::Exact(1),
);
pub const NETWORK_RM: Spec = spec(
    "docker network rm",
    "NETWORK [NETWORK...]",
    "Remove one or more networks",
    &[flag("force", Some('f'), Takes::Bool, "Do not error if the network does not exist")],
    Arity::AtLeast(1),
);
pub const NETWORK_INSPECT: Spec = spec(
    "docker network inspect",
    "[OPTIONS] NETWORK [NETWORK...]",
    "Display detailed information on one or more networks",
    &[
        unmodelled("format", Some('f'), Takes::Value, "Format output using a custom template"),
        unmodelled("verbose", Some('v'), Takes::Bool, "Verbose output for diagnostics"),
    ],
    Arity::AtLeast(1),
);
pub const NETWORK_CONNECT: Spec = spec(
    "docker network connect",
    "[OPTIONS] NETWORK CONTAINER",
    "Connect a container to a network",
    &[
        flag("alias", None, Takes::Values, "Add network-scoped alias for the container"),
        unmodelled("ip", None, Takes::Value, "IPv4 address (e.g., \"172.30.100.104\")"),
    ],
    Arity::Exact(2),
);
pub const NETWORK_DISCONNECT: Spec = spec(
    "docker network disconnect",
    "[OPTIONS] NETWORK CONTAINER",
    "Disconnect a container from a network",
    &[flag("force", Some('f'), Takes::Bool, "Force the container to disconnect from a network")],
    Arity::Exact(2),
);
pub const NETWORK_PRUNE: Spec = spec(
    "docker network prune",
    "[OPTIONS]",
    "Remove all unused networks",
    &[
        unmodelled("filter", None, Takes::Values, "Provide filter values (e.g. \"until=<timestamp>\")"),
        flag("force", Some('f'), Takes::Bool, "Do not prompt for confirmation"),
    ],
    Arity::None,
);

pub const VOLUME_LS: Spec = spec(
    "docker volume ls",
    "[OPTIONS]",
    "List volumes",
    &[
        flag("filter", Some('f'), Takes::Values, "Provide filter values (e.g. \"dangling=true\")"),
        unmodelled("format", None, Takes::Value, "Format output using a custom template"),
        flag("quiet", Some('q'), Takes::Bool, "Only display volume names"),
    ],
    Arity::None,
);
pub const VOLUME_CREATE: Spec = spec(
    "docker volume create",
    "[OPTIONS] [VOLUME]",
    "Create a volume",
    &[
        flag("driver", Some('d'), Takes::Value, "Specify volume driver name (default \"local\")"),
        flag("label", None, Takes::Values, "Set metadata for a volume"),
        flag("name", None, Takes::Value, "Specify volume name"),
        unmodelled("opt", Some('o'), Takes::Values, "Set driver specific options"),
    ],
    Arity::AtMost(1),
);
pub const VOLUME_RM: Spec = spec(
    "docker volume rm",
    "[OPTIONS] VOLUME [VOLUME...]",
    "Remove one or more volumes",
    &[flag("force", Some('f'), Takes::Bool, "Force the removal of one or more volumes")],
    Arity::AtLeast(1),
);
pub const VOLUME_INSPECT: Spec = spec(
    "docker volume inspect",
    "[OPTIONS] VOLUME [VOLUME...]",
    "Display detailed information on one or more volumes",
    &[unmodelled("format", Some('f'), Takes::Value, "Format output using a custom template")],
    Arity::AtLeast(1),
);
pub const VOLUME_PRUNE: Spec = spec(
    "docker volume prune",
    "[OPTIONS]",
    "Remove unused local volumes",
    &[
        flag("all", Some('a'), Takes::Bool, "Remove all unused volumes, not just anonymous ones"),
        unmodelled("filter", None, Takes::Values, "Provide filter values (e.g. \"label=<label>\")"),
        flag("force", Some('f'), Takes::Bool, "Do not prompt for confirmation"),
    ],
    Arity::None,
);
