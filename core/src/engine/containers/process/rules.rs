//! The rule table: what a program does when it is a container's process
//! (keeps serving, runs a while, exits with a code, reads stdin), how it
//! takes the stop signal, what it logs and writes as it starts. Data; the
//! logic that applies it is in the parent module.

use super::TermHandling;

/// What a rule says the program does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Does {
    Serves,
    /// Reads commands from stdin: runs while `-i` keeps stdin open, else exits 0.
    Repl,
    /// `sleep N`.
    Sleep,
    Exits(i32),
}

/// When a rule applies, beyond its program name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum When {
    Always,
    NoArgs,
    /// One argument equals one of these.
    ArgIs(&'static [&'static str]),
    /// None of these variables is set in the container's environment.
    EnvMissing(&'static [&'static str]),
}

pub(super) struct Rule {
    pub(super) programs: &'static [&'static str],
    pub(super) when: When,
    pub(super) does: Does,
    pub(super) term: TermHandling,
    pub(super) why: &'static str,
    pub(super) logs: &'static [&'static str],
    /// Bytes the program (and its entrypoint) writes to the container's
    /// writable layer as it starts, as `docker ps -s` shows them.
    pub(super) writes: u64,
}

pub(super) const PYTHONS: &[&str] = &["python", "python3", "python3.11", "python3.12", "python3.13"];
pub(super) const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh"];

/// The rule table, first match wins.
pub(super) const RULES: &[Rule] = &[
    Rule {
        programs: &["postgres"],
        when: When::EnvMissing(&["POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"]),
        does: Does::Exits(1),
        term: TermHandling::Graceful,
        why: "the postgres image's entrypoint refuses to initialise a database without POSTGRES_PASSWORD",
        logs: &[
            "Error: Database is uninitialized and superuser password is not specified.",
            "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
            "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
        ],
        writes: 0,
    },
    Rule {
        programs: &["mysqld"],
        when: When::EnvMissing(&["MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"]),
        does: Does::Exits(1),
        term: TermHandling::Graceful,
        why: "the mysql image's entrypoint refuses to initialise without a root password option",
        logs: &[
            "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified",
            "    You need to specify one of the following as an environment variable:",
            "    - MYSQL_ROOT_PASSWORD",
            "    - MYSQL_ALLOW_EMPTY_PASSWORD",
            "    - MYSQL_RANDOM_ROOT_PASSWORD",
        ],
        writes: 0,
    },
    Rule {
        programs: &["nginx"],
        when: When::Always,
        does: Does::Serves,
        term: TermHandling::Graceful,
        why: "nginx runs in the foreground (`daemon off;`) until stopped and shuts down cleanly on SIGQUIT/SIGTERM",
        // The entrypoint's conf edits, the cache directories and the pid file.
        writes: 1_093,
        logs: &[
            "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
            "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
            "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
            "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
            "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
            "/docker-entrypoint.sh: Configuration complete; ready for start up",
            "{ts} [notice] 1#1: using the \"epoll\" event method",
            "{ts} [notice] 1#1: start worker processes",
        ],
    },
    Rule {
        programs: &["httpd-foreground", "httpd"],
        when: When::Always,
        does: Does::Serves,
        term: TermHandling::Graceful,
        why: "Apache httpd runs in the foreground until stopped (the image's STOPSIGNAL SIGWINCH is its graceful stop)",
        logs: &["AH00558: httpd: Could not reliably determine the server's fully qualified domain name. Set the 'ServerName' directive globally to suppress this message"],
        writes: 0,
    },
    Rule {
        programs: &["redis-server"],
        when: When::Always,
        does: Does::Serves,
        term: TermHandling::Graceful,
        why: "redis-server serves until stopped and saves and exits cleanly on SIGTERM",
        logs: &[
            "1:C {ts} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
            "1:M {ts} * Server initialized",
            "1:M {ts} * Ready to accept connections tcp",
        ],
        writes: 0,
    },
    Rule {
        programs: &["postgres"],
        when: When::Always,
        does: Does::Serves,
        term: TermHandling::Graceful,
        why: "postgres serves until stopped; SIGINT (the image's STOPSIGNAL) and SIGTERM shut it down cleanly",
        logs: &["{ts} UTC [1] LOG:  database system is ready to accept connections"],
        writes: 0,
    },
    Rule {
        programs: &["mysqld"],
        when: When::Always,
        does: Does::Serves,
        term: TermHandling::Graceful,
        why: "mysqld serves until stopped and shuts down cleanly on SIGTERM",
        logs: &["[Server] /usr/sbin/mysqld: ready for connections. Port: 3306"],
        writes: 0,
    },
    Rule {
        // gunicorn's docs, "Signal Handling": TERM is a graceful shutdown
        // (workers finish their requests within graceful_timeout).
        programs: &["gunicorn"],
        when: When::Always,
        does: Does::Serves,
        term: TermHandling::Graceful,
        why: "gunicorn serves until stopped; on SIGTERM its arbiter stops the workers gracefully and exits",
        logs: &[],
        writes: 0,
    },
    Rule {
        // uvicorn's docs, "Deployment": SIGTERM triggers a graceful shutdown.
        programs: &["uvicorn"],
        when: When::Always,
        does: Does::Serves,
        term: TermHandling::Graceful,
        why: "uvicorn serves until stopped and shuts down gracefully on SIGTERM",
        logs: &[],
        writes: 0,
    },
    Rule {
        programs: PYTHONS,
        when: When::ArgIs(&["http.server"]),
        does: Does::Serves,
        term: TermHandling::Default,
        why: "python -m http.server serves until stopped; Python installs no SIGTERM handler",
        logs: &[],
        writes: 0,
    },
    Rule {
        programs: PYTHONS,
        when: When::NoArgs,
        does: Does::Repl,
        term: TermHandling::Default,
        why: "python with no script is the interactive interpreter, which reads stdin",
        logs: &[],
        writes: 0,
    },
    Rule {
        programs: &["node", "jshell", "irb"],
        when: When::NoArgs,
        does: Does::Repl,
        term: TermHandling::Default,
        why: "with no script this is an interactive REPL, which reads stdin",
        logs: &[],
        writes: 0,
    },
    Rule {
        programs: SHELLS,
        when: When::NoArgs,
        does: Does::Repl,
        term: TermHandling::Default,
        why: "a shell with no script reads commands from stdin",
        logs: &[],
        writes: 0,
    },
    Rule {
        programs: &["sleep"],
        when: When::Always,
        does: Does::Sleep,
        term: TermHandling::Default,
        why: "sleep waits, then exits 0; it has no SIGTERM handler",
        logs: &[],
        writes: 0,
    },
    Rule {
        programs: &["tail"],
        when: When::ArgIs(&["-f", "-F"]),
        does: Does::Serves,
        term: TermHandling::Default,
        why: "tail -f follows its file forever",
        logs: &[],
        writes: 0,
    },
    Rule {
        programs: &[
            "true", "echo", "ls", "cat", "env", "printenv", "pwd", "whoami", "id", "date", "uname", "hostname",
            "printf", "ps", "df", "du", "nproc", "free", "head", "wc", "which",
        ],
        when: When::Always,
        does: Does::Exits(0),
        term: TermHandling::Default,
        why: "prints something and exits 0",
        logs: &[],
        writes: 0,
    },
    // File commands finish at once; what they change is not modelled here
    // (`docker exec` runs them through the shell model instead).
    Rule {
        programs: &["touch", "mkdir", "rm", "rmdir", "cp", "mv", "ln", "chmod", "chown", "test", "["],
        when: When::Always,
        does: Does::Exits(0),
        term: TermHandling::Default,
        why: "changes a file or tests one, and exits 0",
        logs: &[],
        writes: 0,
    },
    Rule {
        programs: &["false"],
        when: When::Always,
        does: Does::Exits(1),
        term: TermHandling::Default,
        why: "false exits 1",
        logs: &[],
        writes: 0,
    },
];
