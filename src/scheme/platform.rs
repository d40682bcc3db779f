//! What hookscope knows of a platform, in one record: its name, how `--scheme auto` recognises
//! it, where its event name and delivery id are, what it may wait for, how it signs. Each
//! platform's file holds its record; the registry in `mod.rs` lists them once, and `detect`,
//! the `--scheme` values, their `--help` and the README's table are made from it.

use std::fmt;
use std::hash::{Hash, Hasher};

use clap::builder::PossibleValue;
use clap::ValueEnum;

use super::{Failure, HmacParams, Request, Scheme};

pub struct Platform {
    /// The name `--scheme` takes.
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// One line for `--help`: who sends it and where the signature is.
    pub about: &'static str,
    /// What a delivery that passed the check is called: "signature valid".
    pub valid: &'static str,
    /// Its row in the README's table.
    pub row: Row,
    /// What checks it, as the README's table says: "the secret" unless the record says.
    pub key: &'static str,
    /// How `--scheme auto` recognises it; `None` when it cannot (`hmac`).
    pub detect: Option<Detect>,
    /// The event a delivery names.
    pub event: fn(&Request) -> Option<String>,
    /// A delivery's own id, for telling repeats (`None`: the platform sends none).
    pub delivery_id: fn(&Request) -> Option<String>,
    /// A numbered stream whose gaps mean missed events (Bpium's `hook.sequenceId`).
    pub sequence: Option<Sequence>,
    /// Which deliveries wait for an answer (approve/reject, field values).
    pub requests: Requests,
    /// Its bodies are forms, whatever they look like (the Content-Type when signing).
    pub form: bool,
    /// It signs the URL it calls, which only `--public-url` can tell a local receiver.
    pub signs_url: bool,
    /// What checks its signatures: a shared secret, the sender's public key, or either.
    pub checked_with: CheckedWith,
    /// The scheme that checks and signs; `hmac` needs its parameters.
    pub scheme: MakeScheme,
    /// The request it sends to check the endpoint, which `listen` answers itself.
    pub handshake: Option<Handshake>,
    /// Real-shaped deliveries `hookscope trigger` sends, signed like the platform's own.
    pub samples: &'static [Sample],
}

/// A delivery as the platform sends it, for `hookscope trigger`. Its body and header values may
/// hold fills, each made fresh per delivery so that two triggers are never taken for a repeat:
/// `{{uuid}}` (a random UUID, new at each place), `{{n}}` (a random number of twelve digits, the
/// same at each place), `{{ts}}` (now in Unix seconds), `{{ts_ms}}` (in milliseconds),
/// `{{iso}}` and `{{iso_ms}}` (RFC 3339 UTC, to the second or millisecond), `{{to}}` (the URL
/// it is sent to) and `{{token}}` (the secret given, for a platform that sends its token instead
/// of signing). A value is URL-encoded in a form body and JSON-escaped in a JSON one.
pub struct Sample {
    /// The name `trigger` takes, and the event `listen` shows for it unless `shows` says.
    pub name: &'static str,
    /// The event name the delivery carries when it differs from `name` (a slash command's
    /// command).
    pub shows: Option<&'static str>,
    /// One line for `trigger --list`.
    pub about: &'static str,
    /// The headers sent besides Content-Type and the signature, in order.
    pub headers: &'static [(&'static str, &'static str)],
    /// The body: JSON (it starts with `{` or `[`), or else a form.
    pub body: &'static str,
}

/// A request a platform sends to check an endpoint before (or between) deliveries: Slack's
/// `url_verification`, Meta's `hub.challenge`, X's CRC… `listen` answers it itself.
pub struct Handshake {
    /// What the platform calls it, as the screen names it: "Slack url_verification".
    pub name: &'static str,
    /// Whether the request is this platform's handshake.
    pub is: fn(&Call) -> bool,
    /// Signed like any delivery, and answered only once the signature passes; otherwise it
    /// carries no signature, and is answered as it comes.
    pub signed: bool,
    /// Told only on an endpoint that names this platform (`--scheme x`, `scheme = "asana"`),
    /// never by auto-detection: its answer is a MAC under the secret of text the caller picks
    /// (X's CRC), or it hands over a secret (Asana). Picked by any request on an endpoint that
    /// checks other platforms, it would sign forgeries for them.
    pub named_only: bool,
    pub answer: fn(&Call, &HandshakeKeys) -> Handshaken,
}

/// A request as a handshake sees it: the method, the query's parameters (decoded), and the
/// headers and body.
pub struct Call<'a> {
    pub method: &'a str,
    pub query: &'a [(String, String)],
    pub req: &'a Request<'a>,
}

impl<'a> Call<'a> {
    /// A query parameter's value (its name compared exactly).
    pub fn param(&self, name: &str) -> Option<&'a str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What a handshake's answer may need: the secrets and Meta's verify tokens.
pub struct HandshakeKeys<'a> {
    pub secrets: &'a [crate::secret::Secret],
    pub verify_tokens: &'a [crate::secret::Secret],
}

/// A handshake's answer, and what the screen says of it.
pub struct Handshaken {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub said: String,
    /// A secret the platform hands over for this endpoint (Asana's `X-Hook-Secret`), to check
    /// its later deliveries with.
    pub hands_over: Option<String>,
}

impl Handshaken {
    /// 200 with `body` as plain text that no browser will take for anything else.
    pub fn text(body: &str, said: impl Into<String>) -> Handshaken {
        Handshaken {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "text/plain; charset=utf-8".into()),
                ("X-Content-Type-Options".into(), "nosniff".into()),
            ],
            body: body.as_bytes().to_vec(),
            said: said.into(),
            hands_over: None,
        }
    }

    /// 200 with `value` as JSON.
    pub fn json(value: &serde_json::Value, said: impl Into<String>) -> Handshaken {
        Handshaken {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: serde_json::to_vec(value).expect("a Value always serialises"),
            said: said.into(),
            hands_over: None,
        }
    }

    /// A handshake that cannot be answered as the platform wants: `status` and why.
    pub fn refused(status: u16, why: &str) -> Handshaken {
        Handshaken {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: serde_json::to_vec(&serde_json::json!({"ok": false, "reason": why}))
                .expect("a Value always serialises"),
            said: why.into(),
            hands_over: None,
        }
    }
}

/// The handshake a request is: of the platform given, or of any platform's when none is.
pub fn handshake(kind: Option<Kind>, call: &Call) -> Option<(Kind, &'static Handshake)> {
    let of = |k: Kind| {
        k.0.handshake
            .as_ref()
            .filter(|h| (h.is)(call))
            .map(|h| (k, h))
    };
    match kind {
        Some(k) => of(k),
        None => Kind::all()
            .iter()
            .filter(|k| k.0.handshake.as_ref().is_some_and(|h| !h.named_only))
            .find_map(|k| of(*k)),
    }
}

/// What checks a platform's signatures. Signing always takes the secret options: a shared
/// secret, or the private key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckedWith {
    /// `--secret`: an HMAC key or a token.
    Secret,
    /// `--public-key`: the signature is made with a private key (Ed25519, ECDSA).
    PublicKey,
    /// Each signature entry says which (Standard Webhooks' v1 and v1a).
    Either,
}

/// Makes a platform's scheme (from `hmac`'s parameters, for `hmac`), or says why it cannot.
pub type MakeScheme = fn(Option<&HmacParams>) -> Result<Box<dyn Scheme>, String>;

/// A closer look at a request: `Ok(false)` is not this platform; `Err`, it could be this or
/// another.
pub type Test = fn(&Request) -> Result<bool, Failure>;

/// A platform's row in the README's table (Markdown cells).
pub struct Row {
    pub platform: &'static str,
    pub headers: &'static str,
    pub signed: &'static str,
    pub encoding: &'static str,
    pub window: &'static str,
    pub event: &'static str,
}

/// How a platform is recognised by `--scheme auto`.
#[derive(Clone, Copy)]
pub struct Detect {
    /// The headers that mark it (any one), as the "no scheme found" message lists them.
    pub headers: &'static [&'static str],
    /// A mark in the body instead, as that message describes it.
    pub body: Option<&'static str>,
    /// A closer look, for when the headers alone do not settle it.
    pub test: Option<Test>,
}

impl Detect {
    /// Recognised by any of these headers alone.
    pub const fn headers(headers: &'static [&'static str]) -> Option<Detect> {
        Some(Detect {
            headers,
            body: None,
            test: None,
        })
    }
}

impl Platform {
    /// What a record leaves out (`..Platform::NOTIFIES`): no alias, a valid check reads
    /// "signature valid", no delivery id, no numbered stream, nothing waits for an answer,
    /// JSON or form bodies as they look. The rest each record says; a test holds every
    /// registered platform to having a name, a help line, a README row and a scheme.
    pub const NOTIFIES: Platform = Platform {
        name: "",
        aliases: &[],
        about: "",
        valid: "signature valid",
        row: Row {
            platform: "",
            headers: "",
            signed: "",
            encoding: "",
            window: "",
            event: "",
        },
        key: "the secret",
        detect: None,
        event: usual_event,
        delivery_id: no_id,
        sequence: None,
        requests: Requests::Never,
        form: false,
        signs_url: false,
        checked_with: CheckedWith::Secret,
        scheme: |_| Err("this platform's record names no scheme".into()),
        handshake: None,
        samples: &[],
    };
}

/// A numbered stream of deliveries: `read` gives the stream and the number, and a warning reads
/// "{stream_name} {stream}: {field} jumped from …".
pub struct Sequence {
    pub read: fn(&Request) -> Option<(String, i64)>,
    pub stream_name: &'static str,
    pub field: &'static str,
}

/// What kind of event a delivery is, as far as its answer goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// Happened already; the answer is ignored.
    Notification,
    /// Waits for approval before the operation (Bpium `record.before.*`).
    Request,
    /// Can fill in field values while a record is edited (Bpium `record.updating`).
    Action,
}

/// Which of a platform's deliveries wait for an answer.
#[derive(Clone, Copy)]
pub enum Requests {
    /// None: every delivery is a notification, whatever its event is called.
    Never,
    /// The platform's own event names say.
    Named(fn(&str) -> EventKind),
    /// The sender is not known (`hmac`): any platform's names may say.
    AnyPlatform,
}

/// A platform, by the name the user types. Compared by name.
#[derive(Clone, Copy)]
pub struct Kind(pub(super) &'static Platform);

impl Kind {
    pub fn name(self) -> &'static str {
        self.0.name
    }

    pub fn platform(self) -> &'static Platform {
        self.0
    }

    /// The platform a name (or an alias) stands for.
    pub fn named(name: &str) -> Option<Kind> {
        Kind::all()
            .iter()
            .copied()
            .find(|k| k.0.name == name || k.0.aliases.contains(&name))
    }

    /// The scheme itself. `hmac` needs its parameters; the others ignore them.
    pub fn scheme(self, params: Option<&HmacParams>) -> Result<Box<dyn Scheme>, String> {
        (self.0.scheme)(params)
    }

    /// The scheme, with a hint on what to give when it cannot be made (`hmac` without
    /// `--header`).
    pub fn build(self, params: Option<&HmacParams>) -> anyhow::Result<Box<dyn Scheme>> {
        self.scheme(params).map_err(|why| {
            crate::exit::Hinted::new(
                why,
                ["for example: --scheme hmac --header X-Signature --algorithm sha256 --encoding hex"],
            )
            .into()
        })
    }

    /// Every platform, in the registry's order.
    pub fn all() -> &'static [Kind] {
        &super::PLATFORMS
    }

    /// Whether its deliveries are checked only with a public key (`--public-key`).
    pub fn needs_public_key(self) -> bool {
        self.0.checked_with == CheckedWith::PublicKey
    }

    /// Whether a public key can check its deliveries.
    pub fn reads_public_keys(self) -> bool {
        self.0.checked_with != CheckedWith::Secret
    }

    /// Whether any of its deliveries can wait for an answer.
    pub fn may_ask(self) -> bool {
        !matches!(self.0.requests, Requests::Never)
    }
}

impl PartialEq for Kind {
    fn eq(&self, other: &Kind) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Kind {}

impl Hash for Kind {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.name.hash(state)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Debug for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Kind({})", self.name())
    }
}

impl ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Self] {
        Kind::all()
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(
            PossibleValue::new(self.0.name)
                .help(self.0.about)
                .aliases(self.0.aliases.iter().copied()),
        )
    }
}

/// What kind of event a delivery is, by its sender and its name. A delivery from a sender
/// known to be a platform without requests is a notification whatever its event is called;
/// one whose sender is not known (inspection mode, the generic HMAC scheme) is classified by
/// its name alone.
pub fn classify(kind: Option<Kind>, event: Option<&str>) -> EventKind {
    let Some(event) = event else {
        return EventKind::Notification;
    };
    let by_any = || {
        Kind::all()
            .iter()
            .filter_map(|k| match k.0.requests {
                Requests::Named(f) => Some(f(event)),
                _ => None,
            })
            .find(|e| *e != EventKind::Notification)
            .unwrap_or(EventKind::Notification)
    };
    match kind.map(|k| k.0.requests) {
        Some(Requests::Never) => EventKind::Notification,
        Some(Requests::Named(f)) => f(event),
        Some(Requests::AnyPlatform) | None => by_any(),
    }
}

/// The event a delivery names. With no platform known, the usual places are tried.
pub fn event_name(kind: Option<Kind>, req: &Request) -> Option<String> {
    match kind {
        Some(k) => (k.0.event)(req),
        None => usual_event(req),
    }
}

/// A delivery's own id, where its platform sends one.
pub fn delivery_id(kind: Option<Kind>, req: &Request) -> Option<String> {
    (kind?.0.delivery_id)(req)
}

/// Where events are usually named: `hook.event` (Bpium), `event`, `type`, then GitHub's and
/// Shopify's headers.
pub fn usual_event(req: &Request) -> Option<String> {
    let body = req.body;
    body.scalar(&["hook", "event"])
        .or_else(|| body.string(&["event"]))
        .or_else(|| body.string(&["type"]))
        .or_else(|| req.header("x-github-event"))
        .or_else(|| req.header("x-shopify-topic"))
}

/// For platforms that send no delivery id.
pub fn no_id(_: &Request) -> Option<String> {
    None
}

/// Picks the platform from the marks a request carries (`--scheme auto`). A header several
/// platforms send (`X-Hub-Signature-256`: GitHub and Meta) counts only with a second sign that
/// is certain (`X-GitHub-Event`, the body's `object`); without one, the request is ambiguous
/// and the candidates are named. A weaker reading never decides.
pub fn detect(req: &Request) -> Result<Kind, Failure> {
    let mut found: Vec<Kind> = Vec::new();
    let mut unsettled: Vec<(Kind, &'static str)> = Vec::new();
    for &kind in Kind::all() {
        let Some(d) = &kind.0.detect else { continue };
        let marked = d.headers.iter().copied().find(|h| req.has(h));
        let seen = match d.test {
            Some(test) if marked.is_some() || d.body.is_some() => test(req)?,
            Some(_) => false,
            None => marked.is_some(),
        };
        match (seen, marked) {
            (true, _) => found.push(kind),
            (false, Some(header)) => unsettled.push((kind, header)),
            (false, None) => {}
        }
    }
    match found.as_slice() {
        [one] => Ok(*one),
        [] if !unsettled.is_empty() => {
            let mut headers: Vec<&str> = Vec::new();
            for (_, h) in &unsettled {
                if !headers.contains(h) {
                    headers.push(h);
                }
            }
            let names: Vec<&str> = unsettled.iter().map(|(k, _)| k.name()).collect();
            let verb = if headers.len() == 1 { "is" } else { "are" };
            Err(Failure::Ambiguous {
                candidates: unsettled.iter().map(|(k, _)| *k).collect(),
                why: format!(
                    "{} {verb} sent by more than one platform ({}), and nothing else in this request tells which; name it with hookscope's --scheme",
                    headers.join(" and "),
                    names.join(", ")
                ),
            })
        }
        [] => Err(Failure::NoScheme { why: none_found() }),
        _ => Err(Failure::Ambiguous {
            candidates: found,
            why: "the request carries the marks of more than one scheme; name the one to check with hookscope's --scheme".into(),
        }),
    }
}

/// "none of the known signature headers (…) nor … is present": every mark, from the registry.
fn none_found() -> String {
    let detects = || Kind::all().iter().filter_map(|k| k.0.detect.as_ref());
    let mut headers: Vec<&str> = Vec::new();
    for h in detects().flat_map(|d| d.headers.iter().copied()) {
        if !headers
            .iter()
            .any(|known| crate::headers::same_name(known, h))
        {
            headers.push(h);
        }
    }
    let mut text = format!(
        "none of the known signature headers ({})",
        headers.join(", ")
    );
    for body in detects().filter_map(|d| d.body) {
        text.push_str(" nor ");
        text.push_str(body);
    }
    text.push_str(" is present; name the scheme with hookscope's --scheme");
    text
}

/// The README's platform table, made from the registry (a test holds the README to it).
#[cfg(test)]
pub fn readme_table() -> String {
    let mut t = String::from(
        "| `--scheme` | platform | header(s) | signed | encoding | window | key | event name | handshake answered |\n\
         |---|---|---|---|---|---|---|---|---|\n",
    );
    for k in Kind::all() {
        let r = &k.0.row;
        let mut name = format!("`{}`", k.0.name);
        for alias in k.0.aliases {
            name.push_str(&format!(" (`{alias}`)"));
        }
        let handshake = k.0.handshake.as_ref().map_or("—", |h| h.name);
        t.push_str(&format!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {handshake} |\n",
            r.platform, r.headers, r.signed, r.encoding, r.window, k.0.key, r.event
        ));
    }
    t
}
