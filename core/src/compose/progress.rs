//! Compose's progress display, as a terminal shows it at the end of a
//! command: the TTY writer's last frame (docker/compose v5.5.0
//! `cmd/display/tty.go`: `[+] up 3/3`, then one line per resource with
//! `✔`, the resource, its last status and the time it took, the timer
//! right-aligned to the terminal's width), or with `--progress plain` every
//! event on a line of its own (`cmd/display/plain.go`). Both go to stderr,
//! as Compose writes them there (`cmd/compose/compose.go`,
//! `selectEventProcessor`).
//!
//! Times are simulated milliseconds, so the frames can be snapshot-tested.

/// An event's state (`pkg/api/event.go` `EventStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Working,
    Done,
    Warning,
    Error,
}

/// One resource's line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Task {
    id: String,
    status: Status,
    text: String,
    details: String,
    start: u64,
    end: u64,
}

/// How the progress is shown (`--progress`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The TTY writer: a terminal's frame.
    #[default]
    Tty,
    /// One line per event.
    Plain,
    /// Nothing.
    Quiet,
}

/// The terminal width the frame is laid out for when the terminal does not
/// say (goterm's fallback when it cannot ask the terminal, `tty.go` `print`).
pub const WIDTH: usize = 80;

/// The width a terminal gives through `COLUMNS` (clamped to what the frame
/// can use), else [`WIDTH`].
pub fn width_from(columns: Option<&str>) -> usize {
    columns.and_then(|c| c.trim().parse::<usize>().ok()).map_or(WIDTH, |c| c.clamp(40, 240))
}

/// The events of one operation (`up`, `down`, `stop`, …) and what a
/// terminal shows of them.
#[derive(Debug, Clone)]
pub struct Progress {
    mode: Mode,
    operation: &'static str,
    /// `up -d`: the TTY writer shows `Starting`/`Started` only when
    /// detached (or for `start`), so they do not mix with attached logs.
    detached: bool,
    tasks: Vec<Task>,
    plain: String,
    /// Simulated milliseconds since the command began.
    pub clock: u64,
    /// The terminal's width in columns: the timers are right-aligned to it.
    width: usize,
}

impl Progress {
    pub fn new(mode: Mode, operation: &'static str, detached: bool) -> Progress {
        Progress { mode, operation, detached, tasks: Vec::new(), plain: String::new(), clock: 0, width: WIDTH }
    }

    /// Lays the frame out for a terminal `columns` wide.
    pub fn with_width(mut self, columns: usize) -> Progress {
        self.width = columns;
        self
    }

    /// Moves the simulated clock on.
    pub fn advance(&mut self, ms: u64) {
        self.clock += ms;
    }

    pub fn working(&mut self, id: &str, text: &str) {
        self.on(id, Status::Working, text, "");
    }

    pub fn done(&mut self, id: &str, text: &str) {
        self.on(id, Status::Done, text, "");
    }

    /// One event (`ttyWriter.On` and `task.update`).
    pub fn on(&mut self, id: &str, status: Status, text: &str, details: &str) {
        if self.mode == Mode::Plain {
            // `fmt.Fprintln(out, prefix, e.ID, e.Text, e.Details)`: operands joined by spaces.
            self.plain.push_str(&format!(" {id} {text} {details}\n"));
            return;
        }
        let skipped = self.operation != "start" && (text == "Started" || text == "Starting") && !self.detached;
        if skipped {
            return;
        }
        let now = self.clock;
        match self.tasks.iter_mut().find(|t| t.id == id) {
            Some(t) => {
                if status != Status::Working && t.status != status {
                    t.end = now;
                }
                t.status = status;
                t.text = text.to_string();
                t.details = details.to_string();
            }
            None => self.tasks.push(Task {
                id: id.to_string(),
                status,
                text: text.to_string(),
                details: details.to_string(),
                start: now,
                end: now,
            }),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty() && self.plain.is_empty()
    }

    /// What the terminal shows once the operation is done.
    pub fn render(&self) -> String {
        match self.mode {
            Mode::Quiet => String::new(),
            Mode::Plain => self.plain.clone(),
            Mode::Tty => self.frame(),
        }
    }

    fn frame(&self) -> String {
        if self.tasks.is_empty() {
            return String::new();
        }
        let done = self.tasks.iter().filter(|t| t.status != Status::Working).count();
        let mut out = format!("[+] {} {done}/{}\n", self.operation, self.tasks.len());
        let timers: Vec<String> =
            self.tasks.iter().map(|t| format!("{:.1}s", t.end.saturating_sub(t.start) as f64 / 1000.0)).collect();
        let timer_len = timers.iter().map(String::len).max().unwrap_or(0);
        let width = |s: &str| s.chars().count();
        let mut ids: Vec<String> = self.tasks.iter().map(|t| t.id.clone()).collect();
        let mut details: Vec<String> = self.tasks.iter().map(|t| t.details.clone()).collect();
        let status_len = self.tasks.iter().map(|t| t.text.len()).max().unwrap_or(0);
        // `adjustLineWidth`: drop details, then shorten the longest id, until every line fits.
        for _ in 0..100 {
            let before = ids.iter().map(|i| 3 + width(i)).max().unwrap_or(0);
            let overflow = details
                .iter()
                .map(|d| {
                    let d = if d.is_empty() { 0 } else { d.len() + 1 };
                    (before + 1 + status_len + d + 1 + timer_len) as i64 - self.width as i64
                })
                .max()
                .unwrap_or(0);
            if overflow <= 0 {
                break;
            }
            let overflow = overflow as usize;
            if let Some(d) = details.iter_mut().find(|d| !d.is_empty()) {
                if d.len() > 3 {
                    let keep = d.len().saturating_sub(overflow.min(d.len() - 3) + 3);
                    *d = format!("{}...", &d[..floor_char(d, keep)]);
                } else {
                    d.clear();
                }
                continue;
            }
            let Some((i, len)) = ids.iter().map(|i| width(i)).enumerate().max_by_key(|(_, l)| *l) else { break };
            if len <= 10 {
                break;
            }
            let keep = len.saturating_sub(overflow + 3).max(7);
            ids[i] = format!("{}...", ids[i].chars().take(keep).collect::<String>());
        }
        let before = ids.iter().map(|i| 3 + width(i)).max().unwrap_or(0);
        for (k, t) in self.tasks.iter().enumerate() {
            let spinner = match t.status {
                Status::Done => "✔",
                Status::Warning => "!",
                Status::Error => "✘",
                Status::Working => "⠿",
            };
            let mine = 3 + width(&ids[k]);
            let status_pad = before - mine;
            let mut line_len = mine + status_pad + 1 + width(&t.text);
            if !details[k].is_empty() {
                line_len += 1 + width(&details[k]);
            }
            let timer_pad = (self.width as i64 - line_len as i64 - timer_len as i64).max(1) as usize;
            out.push_str(&format!(" {spinner} {}{} {}", ids[k], " ".repeat(status_pad), t.text));
            if !details[k].is_empty() {
                out.push(' ');
                out.push_str(&details[k]);
            }
            out.push_str(&" ".repeat(timer_pad));
            out.push_str(&format!("{:>timer_len$}\n", timers[k]));
        }
        out
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// An event printed after the operation's frame (`printEvent` when no
/// operation runs: `"%s %s %s\n"`, so an empty detail leaves a space).
pub fn loose_event(id: &str, text: &str, details: &str) -> String {
    format!("{id} {text} {details}\n")
}
