//! The delivery pipeline: check → track → route → store → answer → show, for one delivery
//! that `request.rs` made from a request; and the refusals and notes that never became one.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use colored::Colorize;
use serde_json::json;

use super::printer::{Hold, Printer};
use super::server::Note;
use super::tracker::Facts;
use super::Listener;
use crate::body::Body;
use crate::capture::{Capture, Extra};
use crate::check::Verdict;
use crate::cli::ListenFormat;
use crate::decide::ask::{Asked, Open, Terminal};
use crate::decide::{self, Answer, Decision, Plan};
use crate::render;
use crate::scheme::{self, Call, EventKind, Failure, HandshakeKeys, Kind, Request};
use crate::secret::Secret;
use crate::show::{self, Delivery};
use crate::store::HandedOver;

pub(super) fn refusal(status: u16, reason: &str) -> Answer {
    Answer::json(
        status,
        &json!({"ok": false, "reason": reason}),
        Decision::Refused,
        reason.to_string(),
    )
}

/// Where a delivery's answer comes from.
enum Route<'a> {
    /// Its signature failed (and --accept-invalid is off).
    Refuse(&'a crate::scheme::Failure),
    /// The app behind --forward-to.
    Forward(&'a str),
    /// A flag, a rule or a question.
    Decide(Plan),
    /// A platform's check of the endpoint, answered here.
    Handshake(Answer),
}

/// A request target's query parameters, decoded (`+` is a space, `%3a` a colon).
fn query_pairs(target: &str) -> Vec<(String, String)> {
    match target.split_once('?') {
        Some((_, query)) => form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        None => Vec::new(),
    }
}

impl Listener {
    /// Whether a GET to `target` is a platform's check of the endpoint (Meta's hub.challenge,
    /// X's CRC, Dropbox's challenge): handled like a delivery, where other GETs get 405.
    pub(super) fn is_handshake_get(&self, target: &str) -> bool {
        let (_, checker) = self.routes.for_path(target);
        let query = query_pairs(target);
        let body = Body::new(b"");
        let call = Call {
            method: "GET",
            query: &query,
            req: &Request::new(&[], &body),
        };
        scheme::handshake(checker.forced(), &call).is_some()
    }

    /// Keeps a secret a platform handed over for `path`, to check its later deliveries with,
    /// and says so.
    fn keep_handed_over(&self, kind: Kind, path: &str, secret: &str) {
        let before = self
            .handed_over
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), Secret::new(secret));
        if before.is_some_and(|old| !old.is(secret)) {
            self.err.note(format!(
                "{} {kind} handed over a new secret for {}: it replaces the one kept before\n",
                "hookscope: warning:".yellow().bold(),
                render::line(path),
            ));
        }
        let record = HandedOver {
            platform: kind.name().into(),
            path: path.into(),
            secret: secret.into(),
        };
        let kept = match &self.handed_over_dir {
            Some(dir) => match record.keep(dir) {
                Ok(file) => format!("kept in {} (owner-only)", render::line(&file.display().to_string())),
                Err(e) => format!("NOT kept on disk ({}): only while this listen runs", render::line(&e.to_string())),
            },
            None => "kept only while this listen runs (no state directory: neither XDG_STATE_HOME nor HOME is set)".into(),
        };
        self.err.note(format!(
            "{} {kind} handed over the secret for {}: {kept}; its deliveries there are checked with it\n",
            "hookscope:".bold(),
            render::line(path),
        ));
    }

    /// Counts a delivery refused before its signature was checked (it counts as not valid for
    /// --max-requests), and shows it.
    pub(super) fn count_refusal(
        &self,
        method: &str,
        path: &str,
        declared: Option<u64>,
        answer: &Answer,
    ) {
        self.stats.received.fetch_add(1, Ordering::Relaxed);
        self.stats.refused.fetch_add(1, Ordering::Relaxed);
        self.show_refusal(method, path, declared, answer);
    }

    /// Shows a refused request: one line with the status and reason (nothing with --quiet).
    pub(super) fn show_refusal(
        &self,
        method: &str,
        path: &str,
        declared: Option<u64>,
        answer: &Answer,
    ) {
        if self.quiet {
            return;
        }
        let text = if self.format == ListenFormat::Json {
            show::refusal_json_line(method, path, declared, answer)
        } else {
            show::refusal_lines(method, path, declared, answer)
        };
        self.out.note(text);
    }

    /// Shows what the server refused before any request reached hookscope, or could not do.
    pub(super) fn server_note(&self, note: Note) {
        let (remote, status, why) = match note {
            Note::AcceptFailed { error, closed } => {
                let made_room = match closed {
                    0 => String::new(),
                    n => format!("; closed {n} idle connection(s) to make room"),
                };
                self.err.note(format!(
                    "{} could not take a connection ({}){made_room}; still listening\n",
                    "hookscope:".bold(),
                    render::line(&error)
                ));
                return;
            }
            Note::Malformed {
                remote,
                status,
                why,
            } => (remote, status, why),
            Note::HeadTimeout { remote } => (
                remote,
                408,
                "the request head did not arrive in time (--header-timeout)".to_string(),
            ),
        };
        self.stats.unreadable.fetch_add(1, Ordering::Relaxed);
        if self.quiet {
            return;
        }
        let text = if self.format == ListenFormat::Json {
            show::unreadable_json_line(&remote.to_string(), status, &why)
        } else {
            show::unreadable_lines(&remote.to_string(), status, &why)
        };
        self.out.note(text);
    }

    /// A place under --max-requests for a request that may be a delivery, or `None` when N
    /// are already let in.
    pub(super) fn place(self: &Arc<Self>) -> Option<Place> {
        let n = self.deliveries.fetch_add(1, Ordering::SeqCst) + 1;
        if self.max_requests.is_some_and(|max| n > max) {
            // Given back: one a handshake holds now may be free again soon.
            self.deliveries.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Place {
            listener: Arc::clone(self),
            settled: AtomicBool::new(false),
        })
    }

    /// The delivery pipeline: check → track → route → store → answer → show.
    pub(crate) fn deliver(
        &self,
        mut capture: Capture,
        remote: Option<String>,
        arrived: Instant,
    ) -> Delivered {
        let capture = &mut capture;
        let (endpoint, checker) = self.routes.for_path(&capture.path);
        // The body is read once, as far as what follows needs it, and handed on.
        let body = Body::new(&capture.body);
        // With --public-url, the URL the platform called, for schemes that sign it.
        let url = checker.url_for(&capture.path);
        let request = Request::new(&capture.headers, &body)
            .at(url.as_deref())
            .by(&capture.method);
        // The whole body as a tree only when it is shown or a rule looks inside it.
        let needs_tree = (!self.quiet && self.format == ListenFormat::Human)
            || endpoint.is_some_and(|e| e.rules.iter().any(|r| !r.when.is_empty()));
        let structured = if needs_tree { body.tree() } else { None };
        // A platform's check of the endpoint (Slack's url_verification, Meta's hub.challenge,
        // X's CRC…): one that carries no signature is answered as it comes; a signed one once
        // its signature passes, like any delivery.
        let query = query_pairs(&capture.path);
        let call = Call {
            method: &capture.method,
            query: &query,
            req: &request,
        };
        let handshake = scheme::handshake(checker.forced(), &call);
        // A secret a platform handed over for this path (Asana's) checks it too, on an endpoint
        // named for that platform only: the handshake is answered there alone, and its secret
        // must never validate another platform's deliveries.
        let bare_path = HandedOver::key(&capture.path);
        let handed_over = checker
            .forced()
            .filter(|k| {
                k.platform()
                    .handshake
                    .as_ref()
                    .is_some_and(|h| h.named_only)
            })
            .and_then(|_| {
                self.handed_over
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(&bare_path)
                    .cloned()
            });
        // Without a secret or public key, the delivery is shown unchecked (inspection mode); a
        // path no endpoint serves is refused by the routes.
        let refused = endpoint.is_none() && self.routes.strict;
        let (kind, verdict) = match handshake {
            Some((k, hs)) if !hs.signed => (Some(k), Verdict::Unchecked),
            _ if !checker.has_keys() && handed_over.is_none() && !refused => {
                (checker.scheme_for(&request).ok(), Verdict::Unchecked)
            }
            _ => {
                let checked = self
                    .routes
                    .check_also(&capture.path, &request, handed_over.as_ref());
                (checked.kind, checked.verdict)
            }
        };
        // The event name and delivery id are read from the body only when something uses them:
        // the screen, the store, the endpoint's rules, --events, or the answer (request-type
        // events, possible only when the sender may ask or is not known). With `--quiet
        // --no-store` and another platform's secret, a delivery costs its signature check.
        let names_matter = !self.quiet
            || self.store.is_some()
            || self.events.given()
            || endpoint.is_some_and(|e| !e.rules.is_empty())
            || kind.map_or(true, Kind::may_ask);
        let (event_name, facts) = if names_matter {
            (
                scheme::event_name(kind, &request),
                Facts::of(kind, &request),
            )
        } else {
            (None, Facts::default())
        };
        // A delivery --events leaves out is checked, tracked, stored and answered, but as a
        // notification, and neither forwarded nor shown. A handshake is never left out.
        let left_out = handshake.is_none() && !self.events.admit(event_name.as_deref());
        // Only what passed (or was not checked) is remembered: a forged delivery must not make
        // a later genuine one look like a repeat, nor move a platform's sequence. (A capture
        // stored in an earlier run teaches the same, see `Tracker::seed`.) Repeats and gaps
        // are warnings on screen, so `--quiet` tracks nothing, unless a question may be put
        // (it shows them). (With nothing to remember, the shared lock is not taken at all.)
        let nothing_to_track = (self.quiet && self.prompter.is_none()) || facts.is_empty();
        let warnings = if matches!(verdict, Verdict::Invalid(_)) || nothing_to_track {
            Vec::new()
        } else {
            self.tracker
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .observe(&facts)
        };
        let delivery = Delivery {
            remote: remote.clone(),
            kind,
            event: event_name.clone(),
            delivery_id: facts.id,
            structured,
            verdict: verdict.clone(),
            handshake: handshake.map(|(_, hs)| hs.name),
            warnings,
        };
        let human = !self.quiet && self.format == ListenFormat::Human;
        let planned_path = self.store.as_ref().map(|s| s.path_for(capture));

        // What will answer: a refusal, the app behind --forward-to, or a decision.
        let forward_to = endpoint
            .and_then(|e| e.forward_to.as_deref())
            .or(self.forward_to.as_deref());
        // A handshake goes on to the app (--forward-handshakes) only when nothing was skipped
        // to let it: its signature passed, or the endpoint checks nothing. One that carries no
        // signature, on an endpoint that checks, is answered here and never passed on.
        let forwardable = |signed: bool| {
            self.forward_handshakes
                && forward_to.is_some()
                && ((signed && verdict == Verdict::Valid) || !checker.has_keys())
        };
        let route = match &verdict {
            // A forged handshake gets no answer from hookscope, --accept-invalid or not: the
            // answer can be a MAC under the secret (Zoom's encryptedToken).
            Verdict::Invalid(f) if !self.accept_invalid || handshake.is_some() => Route::Refuse(f),
            _ => match (
                handshake.filter(|(_, hs)| !forwardable(hs.signed)),
                forward_to,
            ) {
                (Some((_, hs)), _) => {
                    let keys = HandshakeKeys {
                        secrets: &checker.secrets,
                        verify_tokens: &checker.verify_tokens,
                    };
                    let made = (hs.answer)(&call, &keys);
                    if let (Some(secret), Some(k)) = (&made.hands_over, kind) {
                        self.keep_handed_over(k, &bare_path, secret);
                    }
                    Route::Handshake(Answer {
                        status: made.status,
                        headers: made.headers,
                        body: made.body,
                        decision: Decision::Handshake,
                        why: made.said,
                    })
                }
                (None, _) if left_out => Route::Decide(Plan::Answer(Answer::ok(
                    "not one of --events: answered as a notification",
                ))),
                (None, Some(url)) => Route::Forward(url),
                (None, None) => Route::Decide(decide::plan(
                    endpoint,
                    &self.defaults,
                    kind,
                    event_name.as_deref(),
                    structured,
                )),
            },
        };

        // A delivery whose answer takes time (an app behind --forward-to, a question on the
        // terminal) is stored before that starts, and again with the answer once there is
        // one: the app never sees a delivery that was not kept (a 503 then would make the
        // sender retry, and the app see it twice), and one in hand when hookscope stops is
        // not lost. A store that fails here stops the delivery at a 503 at once.
        let slow = matches!(route, Route::Forward(_) | Route::Decide(Plan::Ask { .. }));
        // A handshake answered here or passed on to the app (a forged one, refused, is not).
        let answered_handshake = handshake.is_some() && !matches!(route, Route::Refuse(_));
        // What is stored beside the capture (and told to the inspector, as stored).
        let extra = |answer: Option<&Answer>| Extra {
            remote_addr: remote.clone(),
            verdict: Some(show::recorded(&delivery)),
            answer: answer.map(show::answer_json),
            warnings: delivery.warnings.clone(),
            resent_from: None,
        };
        let record = |capture: &Capture, answer: Option<&Answer>| {
            self.store.as_ref().map(|store| {
                store
                    .save(capture, Some(&extra(answer)))
                    .map_err(|e| format!("{e:#}"))
            })
        };
        let early = if slow { record(capture, None) } else { None };

        // The output is held for the whole delivery only when a question is put.
        let mut printed_head = false;
        let mut held: Option<Hold> = None;
        let answer = match (&early, route) {
            (Some(Err(_)), _) => {
                refusal(503, "hookscope could not store this delivery; retry later")
            }
            (_, Route::Refuse(f)) => {
                let (status, why) = match f {
                    Failure::NoEndpoint => (404, "no endpoint serves this path"),
                    Failure::TokenMismatch { .. } => (401, "token mismatch"),
                    _ => (401, "invalid signature"),
                };
                let mut body = json!({"ok": false, "code": f.code(), "reason": f.to_string()});
                // A request a person waits on (Bpium's record.before.*, record.updating) shows
                // its refusal's `message` to them: say why, in the platform's own field.
                if scheme::classify(kind, event_name.as_deref()) != EventKind::Notification {
                    body["message"] = json!(format!("Refused by hookscope: {f}"));
                }
                Answer::json(status, &body, Decision::Refused, why)
            }
            (_, Route::Forward(url)) => self.forwarder.forward(
                url,
                &capture.method,
                &capture.headers,
                &capture.exact_values(),
                &capture.body,
            ),
            (_, Route::Decide(Plan::Ask { reject_message })) => {
                let kind = scheme::classify(kind, event_name.as_deref());
                match &self.prompter {
                    Some(p) => {
                        let (deadline_ms, default) = p.open_fields(arrived, kind);
                        let asked = Asked {
                            open: Open {
                                id: capture.id.clone(),
                                platform: delivery.kind.map(|k| k.name().to_string()),
                                event: event_name.clone(),
                                method: capture.method.clone(),
                                path: capture.path.clone(),
                                kind: if kind == EventKind::Action {
                                    "action"
                                } else {
                                    "request"
                                },
                                deadline_ms,
                                default,
                            },
                            kind,
                            reject_message,
                            arrived,
                        };
                        // The whole block goes with the question on the terminal; with
                        // standard output kept to JSON lines (or nothing), the question goes
                        // to standard error and still says what it is about.
                        let mut shown = if human {
                            Shown {
                                printer: &self.out,
                                head: show::head(
                                    capture,
                                    &delivery,
                                    self.show_secrets,
                                    self.body_lines,
                                    planned_path.as_deref(),
                                ),
                                held: None,
                            }
                        } else {
                            Shown {
                                printer: &self.err,
                                head: show::brief(capture, &delivery),
                                held: None,
                            }
                        };
                        let (a, _) = p.ask(&mut shown, asked);
                        if human && shown.held.is_some() {
                            printed_head = true;
                            held = shown.held.take();
                        }
                        a
                    }
                    None => Answer::approve(kind, "no prompt"),
                }
            }
            (_, Route::Decide(Plan::Answer(a))) => a,
            (_, Route::Handshake(a)) => a,
        };

        // Whether the stored copy has its answer: not when only the early one was kept.
        let mut with_answer = true;
        let stored: Result<Option<PathBuf>, String> = match early {
            Some(Err(e)) => Err(e),
            _ => match record(capture, Some(&answer)) {
                Some(Ok(path)) => Ok(Some(path)),
                // Kept already, without its answer: the delivery is safe, so its answer stands.
                Some(Err(e)) if matches!(early, Some(Ok(_))) => {
                    with_answer = false;
                    self.err.note(format!(
                        "{} could not add the answer to capture {}: {}\n",
                        "hookscope:".bold(),
                        render::line(&capture.id),
                        render::line(&e)
                    ));
                    Ok(early.and_then(Result::ok))
                }
                Some(Err(e)) => Err(e),
                None => Ok(None),
            },
        };
        let answer = match &stored {
            Ok(_) => answer,
            Err(_) => refusal(503, "hookscope could not store this delivery; retry later"),
        };

        // Handshakes answered are counted apart from deliveries; a forged one, refused, counts
        // as an invalid delivery.
        let stats = &self.stats;
        if answered_handshake {
            stats.handshakes.fetch_add(1, Ordering::Relaxed);
        } else {
            match &verdict {
                Verdict::Valid => stats.valid.fetch_add(1, Ordering::Relaxed),
                Verdict::Invalid(_) => stats.invalid.fetch_add(1, Ordering::Relaxed),
                Verdict::Unchecked => stats.unchecked.fetch_add(1, Ordering::Relaxed),
            };
            stats.received.fetch_add(1, Ordering::Relaxed);
        }
        match answer.decision {
            Decision::Approved => stats.approved.fetch_add(1, Ordering::Relaxed),
            Decision::Rejected => stats.rejected.fetch_add(1, Ordering::Relaxed),
            Decision::Values => stats.filled.fetch_add(1, Ordering::Relaxed),
            Decision::Unchanged => stats.unchanged.fetch_add(1, Ordering::Relaxed),
            _ => 0,
        };
        if left_out {
            stats.left_out.fetch_add(1, Ordering::Relaxed);
        }
        if let Err(e) = &stored {
            stats.not_stored.fetch_add(1, Ordering::Relaxed);
            self.err.note(format!(
                "{} {} {}: {}; answered 503 so the sender retries\n",
                "hookscope:".bold(),
                "DELIVERY NOT STORED".red().bold(),
                render::line(&capture.id),
                render::line(e)
            ));
        }

        let capture_path = stored.as_ref().ok().cloned().flatten();
        // The inspector is a view of the store: it hears of every stored delivery, those
        // --events leaves off the screen too (its own filters pick).
        if let (Some(feed), Some(_)) = (&self.inspector, &capture_path) {
            feed.publish(capture, || extra(with_answer.then_some(&answer)));
        }
        // What --events leaves out is not shown, unless it was refused: a forgery or a
        // delivery that was not stored is always said, as the exit status will count it.
        let hidden = left_out && answer.status < 400;
        let text = if self.quiet || hidden {
            String::new()
        } else if self.format == ListenFormat::Json {
            show::json_line(capture, &delivery, &answer, &stored)
        } else {
            let mut t = String::new();
            if !printed_head {
                t.push_str(&show::head(
                    capture,
                    &delivery,
                    self.show_secrets,
                    self.body_lines,
                    capture_path.as_deref(),
                ));
            }
            t.push_str(&show::tail(&answer, &stored));
            t
        };
        match held {
            Some(mut out) => {
                let _ = out.write_all(text.as_bytes());
            }
            None => self.out.delivery(text),
        }
        Delivered {
            retry: stored.is_err(),
            answer,
            handshake: answered_handshake,
        }
    }
}

/// A request's place under --max-requests, taken as it arrives. [`Place::settle`] counts it
/// once it is answered: a delivery done (the listener stops at the Nth), or a handshake, which
/// is not a delivery and gives the place back. A request dropped before it was answered (its
/// connection closed, or evicted mid-body) gives it back too, so the Nth delivery can still
/// come.
pub(super) struct Place {
    listener: Arc<Listener>,
    settled: AtomicBool,
}

impl Place {
    pub(super) fn settle(&self, handshake: bool) {
        if self.settled.swap(true, Ordering::SeqCst) {
            return;
        }
        let l = &self.listener;
        if handshake {
            l.deliveries.fetch_sub(1, Ordering::SeqCst);
            return;
        }
        let n = l.done.fetch_add(1, Ordering::SeqCst) + 1;
        if l.max_requests == Some(n) {
            let _ = l.stop.send(());
        }
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        if !self.settled.load(Ordering::SeqCst) {
            self.listener.deliveries.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// What [`Listener::deliver`] answered, whether that tells the sender to retry (the delivery
/// could not be stored), and whether it was a handshake (not a delivery, for --max-requests).
pub(crate) struct Delivered {
    pub answer: Answer,
    pub retry: bool,
    pub handshake: bool,
}

/// Where a question is shown: the terminal is held (and the delivery's block written) only
/// once the question is on it, so one answered in the inspector before its turn never waits
/// for another question to end.
struct Shown<'a> {
    printer: &'a Printer,
    head: String,
    held: Option<Hold>,
}

impl Terminal for Shown<'_> {
    fn writer(&mut self) -> &mut dyn Write {
        self.held.get_or_insert_with(|| {
            let mut out = self.printer.hold();
            let _ = out.write_all(self.head.as_bytes());
            out
        })
    }
}
