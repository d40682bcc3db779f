//! The questions `--decide ask` puts: one delivery that waits for a person's answer, from the
//! terminal or from the inspector's page, whichever answers first, until its deadline.
//!
//! Every open question is on one [`Questions`] board. The terminal shows one question at a
//! time, in the order they came (its turn passes on when it is answered); the page shows all of
//! them at once, and may answer any, a question still waiting for its turn too. Each question
//! is answered once: the first side to claim it on the board wins, and the other is told who
//! did. Each waiting delivery hears of everything on one channel of its own (its turn, a line
//! typed, standard input closing, the page's answer), so it waits on one thing, with its deadline.

use std::collections::VecDeque;
use std::io::Write;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde_json::{json, Value};
use tokio::sync::broadcast;

use super::Answer;
use crate::config::Decide;
use crate::scheme::EventKind;

/// Who answered a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    Terminal,
    Inspector,
    /// Nobody, in time (or nobody could): the default.
    Deadline,
}

/// An answer given in the inspector's page.
#[derive(Debug, Clone, PartialEq)]
pub enum Given {
    Approve,
    Reject(Option<String>),
    /// For a field action (Bpium's `record.updating`): the fields' new values, by field id.
    Values {
        values: serde_json::Map<String, Value>,
        message: Option<String>,
    },
}

/// What the page shows of an open question.
#[derive(Debug, Clone, Serialize)]
pub struct Open {
    /// The capture's id (the delivery is stored before it waits).
    pub id: String,
    pub platform: Option<String>,
    pub event: Option<String>,
    pub method: String,
    pub path: String,
    /// `request` (approve or reject) or `action` (values, or leave the record unchanged).
    pub kind: &'static str,
    /// When the default is given, in milliseconds since the Unix epoch.
    pub deadline_ms: u64,
    /// `approve` or `reject`.
    pub default: &'static str,
}

/// What the inspector hears of the board.
#[derive(Debug, Clone)]
pub enum Change {
    Opened(Open),
    Closed {
        id: String,
        by: By,
        /// `approved`, `rejected`, `values`, `unchanged`.
        decision: &'static str,
    },
}

/// Why the page's answer was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// No question with that id is open (never was, or ended).
    NotOpen,
    /// It was answered already, by this side.
    Answered(By),
    /// Values for a request, which only approve or reject.
    NotAnAction,
}

/// What one waiting delivery hears.
enum Said {
    /// Its turn on the terminal came: the question can be shown.
    Turn,
    Typed(String),
    StdinClosed,
    /// The page answered (and the board has it claimed for the inspector).
    Page(Given),
}

struct Entry {
    open: Open,
    action: bool,
    tell: mpsc::Sender<Said>,
    claimed: Option<By>,
}

#[derive(Default)]
struct Board {
    entries: Vec<Entry>,
    /// The question the terminal shows now.
    shown: Option<String>,
    /// Those waiting for their turn on the terminal, oldest first.
    waiting: VecDeque<String>,
    /// Whether the shown question is on the screen yet: a line typed before it is (the turn
    /// came, but the terminal was still busy) answers nothing.
    asked: bool,
    stdin_closed: bool,
}

impl Board {
    fn entry(&mut self, id: &str) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| e.open.id == id)
    }

    /// Claims `id` for `by` if nobody has: whether `by` is the one who answers.
    fn claim(&mut self, id: &str, by: By) -> bool {
        match self.entry(id) {
            Some(e) if e.claimed.is_none() => {
                e.claimed = Some(by);
                true
            }
            _ => false,
        }
    }
}

/// The open questions, shared by the deliveries that wait, the thread that reads standard
/// input, and the inspector.
pub struct Questions {
    board: Mutex<Board>,
    changes: broadcast::Sender<Change>,
}

/// How many changes wait for a slow page before it is told to reload its questions.
const CHANGES: usize = 256;

impl Default for Questions {
    fn default() -> Questions {
        Questions {
            board: Mutex::new(Board::default()),
            changes: broadcast::channel(CHANGES).0,
        }
    }
}

impl Questions {
    fn board(&self) -> MutexGuard<'_, Board> {
        self.board.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The questions open now, oldest first.
    pub fn open(&self) -> Vec<Open> {
        self.board()
            .entries
            .iter()
            .map(|e| e.open.clone())
            .collect()
    }

    /// Whether question `id` is open.
    pub fn is_open(&self, id: &str) -> bool {
        self.board().entries.iter().any(|e| e.open.id == id)
    }

    /// Whether any question is open.
    pub fn any(&self) -> bool {
        !self.board().entries.is_empty()
    }

    /// Each question opened and closed from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.changes.subscribe()
    }

    /// The page's answer to question `id`: taken if nobody answered it yet.
    pub fn answer(&self, id: &str, given: Given) -> Result<(), Refused> {
        let mut board = self.board();
        let entry = board.entry(id).ok_or(Refused::NotOpen)?;
        if let Some(by) = entry.claimed {
            return Err(Refused::Answered(by));
        }
        if matches!(given, Given::Values { .. }) && !entry.action {
            return Err(Refused::NotAnAction);
        }
        entry.claimed = Some(By::Inspector);
        // The delivery holds its receiver until it leaves the board, under this same lock.
        let _ = entry.tell.send(Said::Page(given));
        Ok(())
    }

    /// A line typed on the terminal: for the question it shows, if any. A line typed while
    /// none is shown answers nothing.
    fn typed(&self, line: String) {
        let mut board = self.board();
        let Some(id) = board.shown.clone().filter(|_| board.asked) else {
            return;
        };
        if let Some(e) = board.entry(&id) {
            let _ = e.tell.send(Said::Typed(line));
        }
    }

    fn stdin_closed(&self) {
        let mut board = self.board();
        board.stdin_closed = true;
        // No turn on the terminal is of use any more: nobody can type an answer there.
        board.waiting.clear();
        for e in &board.entries {
            let _ = e.tell.send(Said::StdinClosed);
        }
    }

    /// Puts a question on the board; its turn on the terminal comes at once if the terminal
    /// is free (and can answer).
    fn enter(&self, open: Open, action: bool, tell: mpsc::Sender<Said>) -> bool {
        let mut board = self.board();
        let stdin = !board.stdin_closed;
        let id = open.id.clone();
        if stdin {
            if board.shown.is_none() {
                board.shown = Some(id.clone());
                let _ = tell.send(Said::Turn);
            } else {
                board.waiting.push_back(id);
            }
        }
        board.entries.push(Entry {
            open: open.clone(),
            action,
            tell,
            claimed: None,
        });
        drop(board);
        let _ = self.changes.send(Change::Opened(open));
        stdin
    }

    /// The shown question `id` is about to be on the screen: lines typed from here on answer it.
    fn on_screen(&self, id: &str) {
        let mut board = self.board();
        if board.shown.as_deref() == Some(id) {
            board.asked = true;
        }
    }

    /// Takes question `id` off the board, and gives the terminal to the next one waiting.
    fn leave(&self, id: &str, by: By, decision: &'static str) {
        let mut board = self.board();
        board.entries.retain(|e| e.open.id != id);
        board.waiting.retain(|w| w != id);
        if board.shown.as_deref() == Some(id) {
            board.asked = false;
            board.shown = board.waiting.pop_front();
            if let Some(next) = board.shown.clone() {
                if let Some(e) = board.entry(&next) {
                    let _ = e.tell.send(Said::Turn);
                }
            }
        }
        drop(board);
        let _ = self.changes.send(Change::Closed {
            id: id.to_string(),
            by,
            decision,
        });
    }
}

/// Takes a question off the board when dropped, with what was said of it.
struct Leaving<'a> {
    questions: &'a Questions,
    id: &'a str,
    said: (By, &'static str),
}

impl Drop for Leaving<'_> {
    fn drop(&mut self) {
        self.questions.leave(self.id, self.said.0, self.said.1);
    }
}

/// Where a question is shown on the terminal: asked for only when it is shown (its turn came,
/// or something must be said of it), so a question answered in the page before its turn never
/// holds the terminal.
pub trait Terminal {
    fn writer(&mut self) -> &mut dyn Write;
}

/// One delivery's question.
pub struct Asked {
    pub open: Open,
    pub kind: EventKind,
    pub reject_message: Option<Value>,
    pub arrived: Instant,
}

/// Puts questions on the terminal (answers are read from standard input by one thread) and,
/// with the inspector, on its page.
pub struct Prompter {
    pub questions: Arc<Questions>,
    pub timeout: Duration,
    pub default: Decide,
    /// Whether the inspector's page can answer: then a field action is asked too, and a
    /// closed standard input still leaves the page to answer until the deadline.
    pub page: bool,
}

/// A parsed answer typed at the prompt.
#[derive(Debug, PartialEq, Eq)]
enum Typed {
    Approve,
    Reject(Option<String>),
}

fn parse_typed(line: &str) -> Option<Typed> {
    let line = line.trim();
    let (word, rest) = match line.split_once(char::is_whitespace) {
        Some((w, r)) => (w, r.trim()),
        None => (line, ""),
    };
    match word.to_ascii_lowercase().as_str() {
        "a" | "approve" | "y" | "yes" => Some(Typed::Approve),
        "r" | "reject" | "n" | "no" => {
            Some(Typed::Reject((!rest.is_empty()).then(|| rest.to_string())))
        }
        _ => None,
    }
}

/// Milliseconds since the Unix epoch of an instant `after` from now.
pub fn epoch_ms_in(after: Duration) -> u64 {
    (SystemTime::now() + after)
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

impl Prompter {
    /// Starts the thread that reads answers from standard input.
    pub fn from_stdin(timeout: Duration, default: Decide, page: bool) -> Prompter {
        let questions = Arc::new(Questions::default());
        let board = Arc::clone(&questions);
        std::thread::spawn(move || {
            for line in std::io::stdin().lines() {
                let Ok(line) = line else { break };
                board.typed(line);
            }
            board.stdin_closed();
        });
        Prompter {
            questions,
            timeout,
            default,
            page,
        }
    }

    /// Whether a question is open now.
    pub fn asking(&self) -> bool {
        self.questions.any()
    }

    /// What is sent when nobody answers in time: `--ask-default` for a request; a field action
    /// is left unchanged whatever it says, as a rejection would refuse the person's edit.
    fn default_word(&self, kind: EventKind) -> &'static str {
        match (kind, self.default) {
            (EventKind::Action, _) => "unchanged",
            (_, Decide::Reject) => "reject",
            _ => "approve",
        }
    }

    /// What [`Open::default`] and [`Open::deadline_ms`] say for a delivery of `kind` that
    /// arrived at `arrived`.
    pub fn open_fields(&self, arrived: Instant, kind: EventKind) -> (u64, &'static str) {
        let deadline = (arrived + self.timeout).saturating_duration_since(Instant::now());
        (epoch_ms_in(deadline), self.default_word(kind))
    }

    /// Asks about one delivery and waits for the first answer (the terminal's, the page's) or
    /// the deadline. Returns the answer and who gave it.
    pub fn ask(&self, terminal: &mut dyn Terminal, asked: Asked) -> (Answer, By) {
        let Asked {
            open,
            kind,
            reject_message,
            arrived,
        } = asked;
        let id = open.id.clone();
        let (tell, heard) = mpsc::channel();
        let action = kind == EventKind::Action;
        let on_terminal = self.questions.enter(open, action, tell);
        // Off the board however the wait ends, a panic too: a question left there would hold
        // the terminal's turn, and the page's card, for ever.
        let mut leaving = Leaving {
            questions: &self.questions,
            id: &id,
            said: (By::Deadline, "ended"),
        };
        let (answer, by) = self.wait(
            terminal,
            &heard,
            &id,
            kind,
            reject_message,
            arrived,
            on_terminal,
        );
        leaving.said = (by, answer.decision.as_str());
        drop(leaving);
        // The receiver lives until now, so a page's answer claimed on the board always reached it.
        drop(heard);
        (answer, by)
    }

    #[allow(clippy::too_many_arguments)]
    fn wait(
        &self,
        terminal: &mut dyn Terminal,
        heard: &mpsc::Receiver<Said>,
        id: &str,
        kind: EventKind,
        reject_message: Option<Value>,
        arrived: Instant,
        on_terminal: bool,
    ) -> (Answer, By) {
        // The deadline counts from arrival: a delivery that waited its turn behind another
        // question has less time, and none once the deadline has passed.
        let secs = self.timeout.as_secs_f64();
        // As given: "8", "9.96" (a Duration made from a decimal prints back as that decimal).
        let secs_text = format!("{secs}");
        let default_word = self.default_word(kind);
        let deadline = arrived + self.timeout;
        // The reason is said on the question's own lines only when the question is shown; the
        // delivery's block ends with it anyway.
        let by_default = |terminal: &mut dyn Terminal, shown: bool, why: String, told: &str| {
            if shown {
                let _ = writeln!(terminal.writer(), "  ? {why}");
            }
            let a = match default_word {
                "reject" => {
                    Answer::reject(reject_message.clone().or_else(|| Some(json!(told))), why)
                }
                _ => Answer::approve(kind, why),
            };
            (a, By::Deadline)
        };
        let claim = |by: By| self.questions.board().claim(id, by);
        let nobody_typing =
            || format!("no answer (standard input is closed): default {default_word}");
        // Nobody at the terminal and no page to answer: the default, at once.
        if !on_terminal && !self.page && claim(By::Deadline) {
            return by_default(terminal, false, nobody_typing(), "No reviewer is answering");
        }
        let mut shown = false;
        let too_late = format!(
            "no time left to ask (it waited its turn past the {secs_text} s deadline): default {default_word}"
        );
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let said = match heard.recv_timeout(left) {
                Ok(said) => said,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    if claim(By::Deadline) {
                        // One still waiting for its turn on the terminal was never asked.
                        let why = if on_terminal && !shown {
                            too_late.clone()
                        } else {
                            format!("no answer within {secs_text} s: default {default_word}")
                        };
                        return by_default(
                            terminal,
                            shown,
                            why,
                            "No answer from the reviewer in time",
                        );
                    }
                    // The page claimed it at the last moment: its answer is on the way.
                    continue;
                }
            };
            match said {
                Said::Turn => {
                    // The terminal first (the delivery before may still be finishing its
                    // block), then the time left: measured once the question can be shown, not
                    // when the wait began.
                    terminal.writer();
                    let left = deadline
                        .saturating_duration_since(Instant::now())
                        .as_secs_f64();
                    // A sliver of time left is no time to answer in; with a tiny
                    // --ask-timeout, only a delivery that found its whole time gone is
                    // answered without a question.
                    if left < (0.1f64).min(secs / 2.0) {
                        if claim(By::Deadline) {
                            return by_default(
                                terminal,
                                true,
                                too_late.clone(),
                                "No answer from the reviewer in time",
                            );
                        }
                        continue;
                    }
                    // Nearly all the time left is said as the timeout was given ("8",
                    // "9.9"), so the question and its default name the same figure; less is
                    // rounded down, never up.
                    let left_text = if secs - left < 0.05 {
                        secs_text.clone()
                    } else {
                        format!("{:.1}", (left * 10.0).floor() / 10.0)
                    };
                    let question = match kind {
                        EventKind::Action => "leave the record unchanged or reject? type a, or r and an optional message, or give values in the inspector",
                        _ => "approve or reject? type a, or r and an optional message",
                    };
                    // Lines typed from now on answer it: the terminal is ours and the
                    // question goes out next (after the line is out would be too late for
                    // one who answers as soon as it shows).
                    self.questions.on_screen(id);
                    let out = terminal.writer();
                    let _ = writeln!(out, "  ? {question} ({left_text} s, then {default_word})");
                    let _ = out.flush();
                    shown = true;
                }
                Said::Typed(line) => match parse_typed(&line) {
                    Some(typed) => {
                        if !claim(By::Terminal) {
                            // The page was first: its answer is on the way.
                            continue;
                        }
                        let why = "answered at the prompt";
                        let a = match typed {
                            Typed::Approve => Answer::approve(kind, why),
                            Typed::Reject(msg) => {
                                Answer::reject(msg.map(Value::String).or(reject_message), why)
                            }
                        };
                        return (a, By::Terminal);
                    }
                    None => {
                        let out = terminal.writer();
                        let _ = writeln!(
                            out,
                            "  ? not understood: type a, or r and an optional message"
                        );
                        let _ = out.flush();
                    }
                },
                Said::StdinClosed if self.page => {
                    if shown {
                        let out = terminal.writer();
                        let _ = writeln!(
                            out,
                            "  ? standard input is closed: the inspector can still answer"
                        );
                        let _ = out.flush();
                    }
                }
                Said::StdinClosed => {
                    if claim(By::Deadline) {
                        return by_default(
                            terminal,
                            shown,
                            nobody_typing(),
                            "No reviewer is answering",
                        );
                    }
                }
                Said::Page(given) => {
                    let why = "answered in the inspector";
                    let a = match given {
                        Given::Approve => Answer::approve(kind, why),
                        Given::Reject(msg) => {
                            Answer::reject(msg.map(Value::String).or(reject_message), why)
                        }
                        Given::Values { values, message } => {
                            Answer::values(Value::Object(values), message.map(Value::String), why)
                        }
                    };
                    if shown {
                        let out = terminal.writer();
                        let _ = writeln!(
                            out,
                            "  ? answered in the inspector: {}",
                            a.decision.as_str()
                        );
                        let _ = out.flush();
                    }
                    return (a, By::Inspector);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A terminal that keeps what is written to it.
    #[derive(Default)]
    struct Screen(Vec<u8>);

    impl Terminal for Screen {
        fn writer(&mut self) -> &mut dyn Write {
            &mut self.0
        }
    }

    fn open(id: &str, kind: &'static str) -> Open {
        Open {
            id: id.into(),
            platform: Some("bpium".into()),
            event: Some("record.before.created".into()),
            method: "POST".into(),
            path: "/hooks/bpium".into(),
            kind,
            deadline_ms: 0,
            default: "reject",
        }
    }

    fn prompter() -> Arc<Prompter> {
        Arc::new(Prompter {
            questions: Arc::new(Questions::default()),
            // Long enough never to be reached: every answer here comes from a side.
            timeout: Duration::from_secs(60),
            default: Decide::Reject,
            page: true,
        })
    }

    /// Asks on a thread of its own; returns what it answered and what its screen shows.
    fn ask_in_background(
        p: &Arc<Prompter>,
        id: &str,
        kind: EventKind,
    ) -> std::thread::JoinHandle<((Answer, By), String)> {
        let (p, id) = (Arc::clone(p), id.to_string());
        std::thread::spawn(move || {
            let mut screen = Screen::default();
            let asked = Asked {
                open: open(
                    &id,
                    if kind == EventKind::Action {
                        "action"
                    } else {
                        "request"
                    },
                ),
                kind,
                reject_message: None,
                arrived: Instant::now(),
            };
            let got = p.ask(&mut screen, asked);
            (got, String::from_utf8(screen.0).unwrap())
        })
    }

    /// Waits until the board holds `n` questions, the first of them shown.
    fn wait_for_board(q: &Questions, n: usize) {
        let mut changes = q.subscribe();
        while q.open().len() < n {
            let _ = changes.blocking_recv();
        }
    }

    #[test]
    fn the_page_answers_a_question_still_waiting_for_its_turn_on_the_terminal() {
        let p = prompter();
        let first = ask_in_background(&p, "first", EventKind::Request);
        wait_for_board(&p.questions, 1);
        let second = ask_in_background(&p, "second", EventKind::Request);
        wait_for_board(&p.questions, 2);
        assert_eq!(
            p.questions
                .answer("second", Given::Reject(Some("no".into()))),
            Ok(())
        );
        let ((a, by), screen) = second.join().unwrap();
        assert_eq!((a.status, by), (403, By::Inspector));
        assert_eq!(a.body, br#"{"message":"no"}"#);
        // It never had the terminal, so it wrote nothing there.
        assert_eq!(screen, "");
        // The first still has the terminal; a line typed there answers it.
        p.questions.typed("a".into());
        let ((a, by), screen) = first.join().unwrap();
        assert_eq!((a.status, by), (200, By::Terminal));
        assert!(screen.contains("approve or reject?"), "{screen}");
        assert!(p.questions.open().is_empty());
    }

    /// A terminal whose first write waits for a go: as the printer does while the delivery
    /// before still holds it.
    struct Busy {
        go: mpsc::Receiver<()>,
        waited: bool,
        screen: Vec<u8>,
    }

    impl Terminal for Busy {
        fn writer(&mut self) -> &mut dyn Write {
            if !self.waited {
                self.waited = true;
                let _ = self.go.recv();
            }
            &mut self.screen
        }
    }

    fn open_for(id: &str, kind: EventKind) -> Asked {
        Asked {
            open: open(
                id,
                if kind == EventKind::Action {
                    "action"
                } else {
                    "request"
                },
            ),
            kind,
            reject_message: None,
            arrived: Instant::now(),
        }
    }

    #[test]
    fn a_line_typed_before_the_next_question_is_on_the_screen_answers_nothing() {
        let p = prompter();
        let first = ask_in_background(&p, "first", EventKind::Request);
        wait_for_board(&p.questions, 1);
        let (go, wait) = mpsc::channel();
        let second = {
            let p = Arc::clone(&p);
            std::thread::spawn(move || {
                let mut busy = Busy {
                    go: wait,
                    waited: false,
                    screen: Vec::new(),
                };
                let asked = open_for("second", EventKind::Request);
                let got = p.ask(&mut busy, asked);
                (got, String::from_utf8(busy.screen).unwrap())
            })
        };
        wait_for_board(&p.questions, 2);
        // The first is answered in the page: the turn passes to the second, whose terminal is
        // still busy. A line typed now was meant for the first.
        p.questions.answer("first", Given::Approve).unwrap();
        first.join().unwrap();
        p.questions.typed("a".into());
        go.send(()).unwrap();
        p.questions.answer("second", Given::Reject(None)).unwrap();
        let ((a, by), screen) = second.join().unwrap();
        assert_eq!((a.status, by), (403, By::Inspector), "{screen}");
    }

    #[test]
    fn once_standard_input_closes_no_waiting_question_takes_the_terminal() {
        let p = prompter();
        let first = ask_in_background(&p, "first", EventKind::Request);
        wait_for_board(&p.questions, 1);
        let second = ask_in_background(&p, "second", EventKind::Request);
        wait_for_board(&p.questions, 2);
        p.questions.stdin_closed();
        p.questions.answer("first", Given::Approve).unwrap();
        let (_, screen) = first.join().unwrap();
        assert!(
            screen.contains("the inspector can still answer"),
            "{screen}"
        );
        p.questions.answer("second", Given::Approve).unwrap();
        let ((_, by), screen) = second.join().unwrap();
        assert_eq!((by, screen.as_str()), (By::Inspector, ""));
    }

    #[test]
    fn a_field_action_nobody_answers_is_left_unchanged_whatever_ask_default_says() {
        let p = Prompter {
            questions: Arc::new(Questions::default()),
            timeout: Duration::from_millis(50),
            default: Decide::Reject,
            page: true,
        };
        let (_, default) = p.open_fields(Instant::now(), EventKind::Action);
        assert_eq!(default, "unchanged");
        let mut screen = Screen::default();
        let (a, by) = p.ask(&mut screen, open_for("edit", EventKind::Action));
        assert_eq!(
            (a.status, a.body.as_slice(), by),
            (200, &br#"{"values":{}}"#[..], By::Deadline)
        );
        // A request is rejected, as --ask-default says.
        let (a, _) = p.ask(&mut screen, open_for("req", EventKind::Request));
        assert_eq!(a.status, 403);
    }

    #[test]
    fn a_question_leaves_the_board_even_when_its_delivery_panics() {
        struct Panics;
        impl Terminal for Panics {
            fn writer(&mut self) -> &mut dyn Write {
                panic!("the terminal broke");
            }
        }
        let p = prompter();
        let asking = {
            let p = Arc::clone(&p);
            std::thread::spawn(move || {
                let asked = open_for("doomed", EventKind::Request);
                p.ask(&mut Panics, asked)
            })
        };
        assert!(asking.join().is_err());
        assert!(p.questions.open().is_empty());
        // The terminal is free for the next one.
        let board = p.questions.board();
        assert_eq!((board.shown.as_deref(), board.waiting.len()), (None, 0));
    }

    #[test]
    fn the_first_answer_wins_and_the_other_side_is_told_who_gave_it() {
        let q = Questions::default();
        let (tell, _heard) = mpsc::channel();
        q.enter(open("x", "request"), false, tell);
        assert!(q.board().claim("x", By::Terminal));
        assert_eq!(
            q.answer("x", Given::Approve),
            Err(Refused::Answered(By::Terminal))
        );
        assert_eq!(q.answer("y", Given::Approve), Err(Refused::NotOpen));
        // A page's answer taken is the terminal's no longer.
        let (tell, _heard) = mpsc::channel();
        q.enter(open("z", "action"), true, tell);
        let values = serde_json::Map::from_iter([("3".to_string(), json!("42"))]);
        assert_eq!(
            q.answer(
                "z",
                Given::Values {
                    values,
                    message: None
                }
            ),
            Ok(())
        );
        assert!(!q.board().claim("z", By::Terminal));
        assert!(!q.board().claim("z", By::Deadline));
    }

    #[test]
    fn a_field_action_given_values_in_the_page_answers_them() {
        let p = prompter();
        let asking = ask_in_background(&p, "edit", EventKind::Action);
        wait_for_board(&p.questions, 1);
        // Approving a field action leaves the record as it is.
        assert_eq!(p.questions.answer("edit", Given::Approve), Ok(()));
        let ((a, by), screen) = asking.join().unwrap();
        assert_eq!(
            (a.body.as_slice(), by),
            (&br#"{"values":{}}"#[..], By::Inspector)
        );
        assert!(screen.contains("give values in the inspector"), "{screen}");
        assert!(
            screen.contains("answered in the inspector: unchanged"),
            "{screen}"
        );
    }

    #[test]
    fn typed_answers() {
        assert_eq!(parse_typed("a"), Some(Typed::Approve));
        assert_eq!(parse_typed(" Approve "), Some(Typed::Approve));
        assert_eq!(parse_typed("r"), Some(Typed::Reject(None)));
        assert_eq!(
            parse_typed("r  not today "),
            Some(Typed::Reject(Some("not today".into())))
        );
        assert_eq!(parse_typed("maybe"), None);
    }
}
