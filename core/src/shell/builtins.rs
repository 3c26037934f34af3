//! Shell builtins with state: `cd` (the directory later commands of the same
//! `RUN` use) and `set` (`-e`, `-x`, `-o pipefail`; dash has no pipefail).

use super::exec::{Sh, ShellKind};

impl Sh<'_, '_, '_, '_> {
    pub(super) fn cd(&mut self, argv: &[String]) -> i32 {
        let target = argv.get(1).cloned().unwrap_or_else(|| self.home());
        let path = self.abs(&target);
        if self.is_dir(&path) {
            self.cwd = path;
            return 0;
        }
        let msg = match self.kind {
            ShellKind::Dash => format!("{}: {}: cd: can't cd to {target}", self.sh_name, self.line),
            // UNVERIFIED: busybox ash wording.
            ShellKind::Ash => format!("{}: cd: can't cd to {target}: No such file or directory", self.sh_name),
            ShellKind::Bash => {
                format!("{}: line {}: cd: {target}: No such file or directory", self.sh_name, self.line)
            }
        };
        self.warn(msg);
        // dash's `cd` is a special builtin: a failure exits a non-interactive shell
        // only under POSIX mode; dash returns 2 and continues.
        if self.kind == ShellKind::Dash {
            2
        } else {
            1
        }
    }

    pub(super) fn set(&mut self, argv: &[String]) -> i32 {
        let mut args = argv[1..].iter();
        while let Some(a) = args.next() {
            let (on, flags) = match a.strip_prefix('-') {
                Some(f) => (true, f),
                None => match a.strip_prefix('+') {
                    Some(f) => (false, f),
                    None => break,
                },
            };
            for c in flags.chars() {
                match c {
                    'e' => self.errexit = on,
                    'x' => self.xtrace = on,
                    'u' | 'v' | 'f' | 'C' | 'a' => {}
                    'o' => {
                        let opt = args.next().cloned().unwrap_or_default();
                        match opt.as_str() {
                            "errexit" => self.errexit = on,
                            "xtrace" => self.xtrace = on,
                            "pipefail" if self.kind == ShellKind::Dash => {
                                // Verified wording: hadolint/hadolint#224. dash 0.5.12 (bookworm) has no pipefail; `set` is a special
                                // builtin, so the error ends the script.
                                let msg = format!("{}: {}: set: Illegal option -o pipefail", self.sh_name, self.line);
                                self.warn(msg);
                                self.exit = Some(2);
                                return 2;
                            }
                            "pipefail" => self.pipefail = on,
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
        }
        0
    }
}
