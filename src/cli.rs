//! The command line, as clap derive types. Also the source of the shell completions and the
//! man page committed under `completions/`.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::client::send::Expect;
use crate::config::{Decide, HMAC_ALGORITHM, HMAC_ENCODING};
use crate::render::ColorChoice;
use crate::scheme::{Algorithm, Encoding, HmacParams, Kind, SchemeChoice};
use crate::secret::{PublicKey, PublicKeySources, Secret, SecretSources};

macro_rules! exit_codes {
    () => {
        "\
Exit codes:
  0  every delivery checked is valid (verify, listen) or delivered (replay); the answer was a
     2xx (trigger); the headers were printed (sign); every capture became a fixture (fixture)
  1  a negative verdict: some delivery is invalid (bad or missing signature, expired timestamp),
     or was not delivered (replay, trigger), or a capture was not made a fixture
  2  usage or operational error: bad flag, no secret or public key, unreadable or malformed file,
     port in use (--port, --ui-port), store not writable or (inspect) missing, bad config"
    };
}

pub const EXIT_CODES: &str = exit_codes!();

macro_rules! verify_exit_codes {
    () => {
        "\
Exit codes:
  0  every delivery checked is valid
  1  some delivery is invalid (bad or missing signature, expired timestamp): each line says why
  2  usage or operational error: bad flag, no secret or public key, unreadable or malformed file"
    };
}

macro_rules! sign_exit_codes {
    () => {
        "\
Exit codes:
  0  the headers (or the curl command, or the capture) were printed
  2  usage error: bad flag, no secret, a scheme with no signature header to make
     (bitrix-token, gitlab and msgraph sign nothing; mailgun signs in the body), a secret the
     scheme cannot use"
    };
}

/// See, check and replay webhooks locally.
///
/// hookscope receives webhooks on your machine (listen), stores each delivery byte-exact,
/// verifies signatures with clear reasons when they fail, answers request-type events, shows
/// deliveries in a local web page (listen --ui, inspect), turns captures into fixtures
/// (fixture), resends captured deliveries (replay), sends platforms' sample events (trigger),
/// and makes the signature headers for hand-made or fixture payloads (sign). It knows 29 platforms (`--scheme` lists them: GitHub, Stripe, Slack, Twilio,
/// Discord, Meta, Bitrix24, Bpium, …) and any HMAC in a header you name, and answers the checks
/// platforms make of an endpoint. It needs no account and talks to no cloud.
#[derive(Debug, Parser)]
#[command(name = "hookscope", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    /// When to colour the output: auto is on for a terminal unless NO_COLOR is set or TERM=dumb.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Receive webhooks locally: check, show, store and answer each delivery.
    Listen(ListenArgs),
    /// Check the signatures of saved deliveries and fixtures (exit 0 valid, 1 invalid, 2 error).
    Verify(VerifyArgs),
    /// Make the signature headers for a payload: fixtures, hand-made requests.
    Sign(SignArgs),
    /// Turn captures into fixtures fit to commit: checked, redacted, re-signed, stable names.
    Fixture(FixtureArgs),
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Resend captured deliveries (or a hand-made one) to a URL, re-signing them when asked.
    Replay(ReplayArgs),
    /// Browse the stored captures in a web page on this machine (the inspector), without
    /// receiving webhooks.
    ///
    /// Serves the page on 127.0.0.1 only, at the URL printed at start; the URL carries a token
    /// fresh for this run, which every request for delivery data must present.
    Inspect(InspectArgs),
    /// Send a platform's sample event, real-shaped and signed: --list shows them.
    ///
    /// Each sample follows the platform's documented shape, with fresh ids and the time of
    /// sending, and is signed as the platform signs it, with the secret given (for Bitrix24's
    /// outgoing webhook, the secret is the application token put in auth[application_token]).
    /// --set changes a body field before signing.
    Trigger(TriggerArgs),
}

macro_rules! listen_exit_codes {
    () => {
        "\
Exit codes (after Ctrl-C or --max-requests):
  0  every delivery was valid (or unchecked, with no secret given)
  1  some delivery had an invalid or missing signature, came to a path no --config endpoint
     serves (404), or was refused unread (413, 414, 408, 400, 503)
  2  could not start (port in use, bad host, store not writable, bad config), or a delivery
     could not be stored (it was answered 503)

Answers:
  200 {\"ok\":true}         a notification with a valid signature (or none checked)
  200 {} / 403 {\"message\"}  approve / reject a request-type event (Bpium record.before.*)
  200 {\"values\":{…}}      fill in fields (Bpium record.updating), from the config's rules
  400                     a body cut short, ambiguous framing (two lengths, length and chunked),
                          an HTTP version other than 1.0/1.1, a head hyper cannot parse
  401                     invalid or missing signature (unless --accept-invalid)
  405, 413, 503           wrong method, body over --max-body, delivery not stored (retry)
  408                     head later than --header-timeout, body stalled past --body-timeout
  414, 431                target over 8 KiB, head over --max-header-size or 100 headers
  502, 504                --forward-to app down (or answering 410), or too slow"
    };
}

macro_rules! replay_exit_codes {
    () => {
        "\
Exit codes:
  0  every delivery got a 2xx (or the status given with --expect); --list and --dry-run: done
  1  some did not: another status, or no answer after the retries (the summary names them)
  2  usage or I/O error: bad flag or URL, no secret for --resign, unreadable or malformed capture,
     nothing selected"
    };
}

pub fn parse_expect(s: &str) -> Result<Expect, String> {
    let t = s.trim().to_ascii_lowercase();
    let bad = || format!("'{s}' is not a status (like 202) or a class (like 2xx)");
    if let Some(c) = t.strip_suffix("xx") {
        let c: u16 = c.parse().map_err(|_| bad())?;
        return (1..=5)
            .contains(&c)
            .then_some(Expect::Class(c))
            .ok_or_else(bad);
    }
    let n: u16 = t.parse().map_err(|_| bad())?;
    (100..=599)
        .contains(&n)
        .then_some(Expect::Status(n))
        .ok_or_else(bad)
}

/// Parses a rate: `50`, `50/s`, `0.5/s`.
pub fn parse_rate(s: &str) -> Result<f64, String> {
    let t = s.trim().trim_end_matches("/s");
    match t.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() => Ok(v),
        _ => Err(format!("'{s}' is not a rate: write it as N/s, like 50/s")),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReplayFormat {
    /// A line per delivery with the response body; a summary at the end.
    Human,
    /// One JSON object per delivery per line.
    Json,
    /// Curl commands (with --dry-run).
    Curl,
}

/// Resend deliveries.
#[derive(Debug, Args)]
#[command(
    after_help = replay_exit_codes!(),
    after_long_help = concat!(replay_exit_codes!(), "\n\nExamples:
  hookscope replay --last --to http://127.0.0.1:3000/webhooks          # the newest capture
  hookscope replay --list --event 'record.before.*' --since 2h
  hookscope replay fixtures/ --to http://127.0.0.1:3000/hooks --keep-path --concurrency 8
  hookscope replay --id 019aa3c2 --to http://127.0.0.1:3000/x --resign --secret-env SECRET
  hookscope replay --body event.json --scheme stripe --secret-env STRIPE_SECRET --to URL")
)]
pub struct ReplayArgs {
    /// Capture files, or directories searched recursively for *.json; with none, the store
    /// that listen writes is read.
    #[arg(value_name = "CAPTURE|DIR")]
    pub paths: Vec<PathBuf>,

    /// Where to send the deliveries.
    #[arg(long, value_name = "URL", required_unless_present = "list")]
    pub to: Option<String>,

    /// Append each capture's path and query to the URL.
    #[arg(long)]
    pub keep_path: bool,

    /// Add a header, or replace one of the same name: 'Name: value' (repeatable).
    #[arg(short = 'H', long = "request-header", value_name = "HEADER", value_parser = parse_header)]
    pub request_headers: Vec<(String, String)>,

    /// The store to pick from [default: the one listen writes to].
    #[arg(
        long,
        value_name = "DIR",
        env = "HOOKSCOPE_STORE",
        help_heading = "Choosing captures"
    )]
    pub store: Option<PathBuf>,

    /// The newest N captures (1 when N is left out), sent oldest first.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "1", help_heading = "Choosing captures", value_parser = parse_last)]
    pub last: Option<usize>,

    /// The capture with this id (or a unique start or end of it).
    #[arg(long, value_name = "ID", help_heading = "Choosing captures")]
    pub id: Option<String>,

    /// Captures received since a time (RFC 3339) or within a span back from now (2h, 30m, 1d).
    #[arg(long, value_name = "TIME", help_heading = "Choosing captures")]
    pub since: Option<String>,

    /// Captures whose event name matches a glob: 'record.before.*'.
    #[arg(long, value_name = "GLOB", help_heading = "Choosing captures")]
    pub event: Option<String>,

    /// Captures of one platform (its scheme's name; bitrix also takes bitrix-token's).
    #[arg(
        long,
        value_name = "NAME",
        value_enum,
        ignore_case = true,
        hide_possible_values = true,
        help_heading = "Choosing captures"
    )]
    pub platform: Option<Kind>,

    /// Captures by the verdict listen recorded (repeatable): valid, invalid, unchecked.
    #[arg(
        long,
        value_enum,
        value_name = "VERDICT",
        help_heading = "Choosing captures"
    )]
    pub signature: Vec<RecordedSignature>,

    /// Show what is stored (id, time, platform, event, size, verdict) instead of sending.
    #[arg(long, help_heading = "Choosing captures")]
    pub list: bool,

    /// Send this hand-made payload instead of captures, signed with --scheme ('-' reads
    /// standard input).
    #[arg(long, value_name = "FILE|-", conflicts_with_all = ["paths", "last", "id", "since", "event", "platform", "signature", "list"], help_heading = "Hand-made deliveries")]
    pub body: Option<PathBuf>,

    /// The path to send a hand-made payload to (appended to --to).
    #[arg(
        long,
        value_name = "PATH",
        requires = "body",
        value_parser = parse_request_path,
        help_heading = "Hand-made deliveries"
    )]
    pub path: Option<String>,

    /// The signature scheme, for --body and --resign (auto: from the captured headers).
    #[arg(long, value_enum, default_value_t = SchemeChoice::AUTO)]
    pub scheme: SchemeChoice,

    /// Sign again before sending, with a fresh timestamp (and message id) where the scheme has
    /// them, so old captures pass a receiver's replay window (--resign-secret implies it).
    #[arg(long)]
    pub resign: bool,

    /// Find each capture's scheme and secret (for --resign) by its path.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    // The receiver's own secret: --resign-secret* implies --resign.
    #[command(flatten)]
    pub resign_secrets: ResignArgs,

    /// Deliveries in flight at once; results are reported in the captures' order.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=256), help_heading = "Sending")]
    pub concurrency: u16,

    /// At most this many deliveries a second: 50/s.
    #[arg(long, value_name = "N/s", value_parser = parse_rate, help_heading = "Sending")]
    pub rate: Option<f64>,

    /// How long each step of an attempt may take: connecting, sending, waiting for the
    /// answer, reading it.
    // client::send::DEFAULT_TIMEOUT as text: a test holds the two equal.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = parse_seconds, help_heading = "Sending")]
    pub timeout: Duration,

    /// Retry connection errors, 5xx and 429 this many times, with exponential backoff and
    /// jitter (Retry-After is honoured). A 2xx is never sent again.
    #[arg(long, value_name = "N", default_value_t = 0, help_heading = "Sending")]
    pub retries: u32,

    /// What counts as delivered: a status (202) or a class (4xx) [default: 2xx].
    #[arg(long, value_name = "STATUS|CLASS", value_parser = parse_expect, help_heading = "Sending")]
    pub expect: Option<Expect>,

    /// Send nothing; print what would be sent.
    #[arg(long, help_heading = "Sending")]
    pub dry_run: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReplayFormat::Human)]
    pub format: ReplayFormat,

    /// The address the platform calls (the tunnel's), for schemes that sign the URL (twilio,
    /// square, hubspot): the request's path and query are added to it.
    #[arg(long, value_name = "URL", value_parser = crate::config::parse_public_url)]
    pub public_url: Option<String>,

    #[command(flatten)]
    pub secrets: SecretArgs,

    #[command(flatten)]
    pub hmac: HmacArgs,
}

/// A verdict as listen recorded it in a capture, for `replay --signature`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RecordedSignature {
    Valid,
    Invalid,
    Unchecked,
}

impl RecordedSignature {
    /// The word a capture records.
    pub fn word(self) -> &'static str {
        match self {
            RecordedSignature::Valid => "valid",
            RecordedSignature::Invalid => "invalid",
            RecordedSignature::Unchecked => "unchecked",
        }
    }
}

/// The default answer when a question on the terminal gets none in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AskDefault {
    Approve,
    Reject,
}

impl From<AskDefault> for Decide {
    fn from(d: AskDefault) -> Decide {
        match d {
            AskDefault::Approve => Decide::Approve,
            AskDefault::Reject => Decide::Reject,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListenFormat {
    /// A block per delivery: verdict, headers, decoded body, answer.
    Human,
    /// One JSON object per delivery per line.
    Json,
}

/// Parses a size: `1048576`, `512KiB`, `10MiB`, `1GiB` (also KB/MB/GB as powers of 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("'{s}' is not a size: write 1048576, 512KiB or 10MiB"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "'{s}': unknown unit '{unit}' (use KiB, MiB or GiB)"
            ))
        }
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("'{s}' is too large"))
}

/// The largest --max-body: a body is held in memory whole while it is checked and stored.
pub const MAX_BODY_LIMIT: u64 = 1 << 30;

fn parse_last(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => {
            Err("0 would pick no capture: give 1 or more, or leave --last out to pick all".into())
        }
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "'{s}' is not a count: give a whole number such as 5"
        )),
    }
}

fn parse_max_body(s: &str) -> Result<u64, String> {
    let n = parse_size(s)?;
    if n == 0 {
        return Err(
            "0 would refuse every body that is not empty: give a size such as 10MiB".into(),
        );
    }
    if n > MAX_BODY_LIMIT {
        return Err(format!(
            "'{s}' is more than --max-body allows (1GiB): a body is held in memory whole while it is checked and stored"
        ));
    }
    Ok(n)
}

/// Parses seconds, fractions allowed: `8`, `0.5`.
pub fn parse_seconds(s: &str) -> Result<Duration, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a number of seconds"))?;
    if !(0.0..=86_400.0).contains(&v) {
        return Err(format!("'{s}': seconds must be between 0 and 86400"));
    }
    Ok(Duration::from_secs_f64(v))
}

/// Seconds, at least 0.01 (the deadlines are kept in milliseconds).
fn parse_positive_seconds(s: &str) -> Result<Duration, String> {
    let d = parse_seconds(s)?;
    if d < Duration::from_millis(10) {
        return Err(format!("'{s}': give at least 0.01 seconds"));
    }
    Ok(d)
}

fn parse_max_connections(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=1_000_000).contains(&n) => Ok(n),
        _ => Err(format!(
            "'{s}' is not a number of connections from 1 to 1000000"
        )),
    }
}

fn parse_max_header_size(s: &str) -> Result<usize, String> {
    let n = parse_size(s)?;
    if !(8 << 10..=1 << 20).contains(&n) {
        return Err(format!("'{s}': the head limit must be from 8KiB to 1MiB"));
    }
    Ok(n as usize)
}

/// More than 0 and less than Bpium's 10 s: an answer after that never reaches the sender.
fn parse_ask_timeout(s: &str) -> Result<Duration, String> {
    let d = parse_seconds(s)?;
    if d.is_zero() || d >= Duration::from_secs(10) {
        return Err(format!(
            "'{s}': the deadline must be more than 0 and less than 10 seconds, as Bpium stops waiting after 10 s (the default, 8, leaves time for the answer to travel)"
        ));
    }
    Ok(d)
}

/// Receive webhooks on this machine.
#[derive(Debug, Args)]
#[command(
    after_help = listen_exit_codes!(),
    after_long_help = concat!(listen_exit_codes!(), "\n\nExamples:
  hookscope listen                                  # inspect: show and store whatever arrives
  hookscope listen --scheme bpium --secret-env BPIUM_SECRET --decide ask
  hookscope listen --config hooks.toml --forward-to http://127.0.0.1:3000/webhooks
  hookscope listen --events 'pull_request.*,push'   # the others: stored, answered, not shown
  hookscope listen --port 0 --max-requests 1 --no-store --quiet   # in a CI script")
)]
pub struct ListenArgs {
    /// The address to listen on. Only this machine can reach the default; see SECURITY.md
    /// before you widen it.
    #[arg(long, default_value = "127.0.0.1", env = "HOOKSCOPE_HOST")]
    pub host: String,

    /// The port; 0 picks a free one (the first line printed says which).
    #[arg(long, short = 'p', default_value_t = 8080, env = "HOOKSCOPE_PORT")]
    pub port: u16,

    /// The signature scheme (for paths no --config endpoint serves).
    #[arg(long, value_enum, default_value_t = SchemeChoice::AUTO)]
    pub scheme: SchemeChoice,

    /// Endpoints, schemes, secrets and rules from a TOML file (see the README). A path no
    /// endpoint serves is answered 404, unless a secret given here checks it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Where to store captures [default: $XDG_STATE_HOME/hookscope/captures or
    /// ~/.local/state/hookscope/captures]. At start, the newest 10,000 captures of the last
    /// 24 h there are remembered, so a repeat or a Bpium gap across a restart is warned of.
    #[arg(long, value_name = "DIR", env = "HOOKSCOPE_STORE")]
    pub store: Option<PathBuf>,

    /// Do not store deliveries.
    #[arg(long, conflicts_with = "store")]
    pub no_store: bool,

    /// Also serve the inspector: a web page on 127.0.0.1 (whatever --host is) that lists the
    /// stored deliveries, new ones as they arrive, and shows each in full. Its URL, with a
    /// token fresh for this run, is printed at start.
    #[arg(long, conflicts_with = "no_store")]
    pub ui: bool,

    /// The inspector's port, on 127.0.0.1; 0 picks a free one.
    #[arg(
        long,
        value_name = "PORT",
        default_value_t = 8081,
        env = "HOOKSCOPE_UI_PORT"
    )]
    pub ui_port: u16,

    /// The directory the inspector's Save as fixture writes into (made if needed); without it,
    /// the page says how to turn Save as fixture on.
    #[arg(long, value_name = "DIR", requires = "ui")]
    pub fixtures: Option<PathBuf>,

    // For the inspector's Replay, Edit and resend, and Save as fixture (needs --ui).
    #[command(flatten)]
    pub resign_secrets: ResignArgs,

    /// Answer without waiting for each capture to reach the disk. Storing is several times
    /// faster, but a power cut or a system crash can lose deliveries already answered 200 (a
    /// crash of hookscope still cannot).
    #[arg(long, conflicts_with = "no_store")]
    pub no_fsync: bool,

    /// Exit after this many deliveries (for CI): 0 if all were valid, 1 if not (a delivery refused
    /// unread, for its size, a stalled or cut-short body or its framing, counts, as not valid;
    /// a handshake answered does not count).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_requests: Option<u64>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ListenFormat::Human)]
    pub format: ListenFormat,

    /// Print nothing per delivery.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Show and forward only deliveries whose event name matches one of these globs
    /// (repeatable, or comma-separated): '*' matches any run of characters, '?' one, and case
    /// is ignored (oncrm* matches ONCRMLEADADD). A delivery with no event name matches only
    /// '*'. The others are still checked, stored and answered, but as notifications (200
    /// {"ok":true}: a Bpium record.before.* is not held for a rule, --decide or a question,
    /// and a record.updating gets no values); they print nothing, not even a --format json
    /// line, unless they are refused (a bad signature, not stored), they count toward
    /// --max-requests, and the summary says how many were left out. Handshakes are answered
    /// and shown whatever it says.
    #[arg(long, value_name = "GLOB", value_delimiter = ',', value_parser = parse_event_glob)]
    pub events: Vec<String>,

    /// Show credentials instead of masking them: Authorization, Cookie, headers and body fields
    /// named like a token, secret, password or API key (Bitrix24's application token among
    /// them).
    #[arg(long)]
    pub show_secrets: bool,

    /// Answer deliveries with a bad signature as if valid (the failure is still shown).
    #[arg(long)]
    pub accept_invalid: bool,

    /// Refuse larger bodies with 413: bytes, or K/KB/KiB, M/MB/MiB, G/GB/GiB, all powers of 1024 (at most 1GiB).
    #[arg(long, value_name = "SIZE", default_value = "10MiB", value_parser = parse_max_body)]
    pub max_body: u64,

    /// Show at most this many lines of a body, each cut at 500 characters (the capture keeps it all).
    #[arg(long, value_name = "N", default_value_t = 40)]
    pub body_lines: usize,

    /// How to answer request-type events (Bpium record.before.*) that no rule decides. With
    /// --ui, ask puts the question on the inspector's page too (record.updating as well, which
    /// takes field values there), and the first answer from either side is sent.
    #[arg(long, value_enum, default_value_t = Decide::Approve)]
    pub decide: Decide,

    /// The message a rejection shows the user of the sending platform.
    #[arg(long, value_name = "TEXT")]
    pub reject_message: Option<String>,

    /// How long --decide ask waits for an answer, counted from the delivery's arrival (Bpium
    /// gives up after 10 s).
    #[arg(long, value_name = "SECONDS", default_value = "8", value_parser = parse_ask_timeout)]
    pub ask_timeout: Duration,

    /// The answer to a request when --ask-timeout passes (Bpium itself treats no answer as a
    /// rejection). A field action (record.updating, asked only with --ui) is left unchanged.
    #[arg(long, value_enum, default_value_t = AskDefault::Reject)]
    pub ask_default: AskDefault,

    /// Pass each delivery whose signature passed (or was not checked, or any with
    /// --accept-invalid) on to exactly this URL (the request's path and query are not added),
    /// byte-exact, and answer the sender with the app's answer. A delivery is stored before it
    /// is passed on.
    #[arg(long, value_name = "URL")]
    pub forward_to: Option<String>,

    /// How long the --forward-to app may take before the sender gets a 504.
    #[arg(long, value_name = "SECONDS", default_value = "9", value_parser = parse_seconds)]
    pub forward_timeout: Duration,

    /// Pass handshakes (Slack's url_verification, Meta's hub.challenge, X's CRC…) on to
    /// --forward-to too, instead of answering them here.
    #[arg(long, requires = "forward_to")]
    pub forward_handshakes: bool,

    /// The environment variable holding the verify token Meta's subscription check must carry
    /// (repeatable).
    #[arg(long, value_name = "NAME")]
    pub verify_token_env: Vec<String>,

    /// A file of verify tokens, one per line ('#' starts a comment).
    #[arg(long, value_name = "PATH")]
    pub verify_token_file: Vec<PathBuf>,

    /// The most deliveries handled at once while they wait on the disk, the --forward-to app or
    /// a question; more wait their turn (a question's deadline still counts from arrival).
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub workers: u16,

    /// The most connections open at once (fewer if the open-files limit is lower). Past it, the
    /// connection that has waited longest for a request is closed to make room, else the one
    /// whose body has been arriving longest; one with a delivery in hand never is, and with only
    /// those open, new connections wait their turn.
    #[arg(long, value_name = "N", default_value_t = 1024, value_parser = parse_max_connections)]
    pub max_connections: usize,

    /// The most bytes of request line and headers together (8KiB to 1MiB); a larger head is
    /// answered 431 and the connection closed. At most 100 headers; a target over 8 KiB gets 414.
    #[arg(long, value_name = "SIZE", default_value = "64KiB", value_parser = parse_max_header_size)]
    pub max_header_size: usize,

    /// How long a connection may take to send a request's head (from connecting, or from its
    /// first byte on a kept-alive connection); then 408 and the connection is closed.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = parse_positive_seconds)]
    pub header_timeout: Duration,

    /// How long a kept-alive connection may stay idle between requests before it is closed.
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_positive_seconds)]
    pub idle_timeout: Duration,

    /// How long a body may make no progress; then 408, the connection is closed and nothing is
    /// stored.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = parse_positive_seconds)]
    pub body_timeout: Duration,

    #[command(flatten)]
    pub check: CheckArgs,
}

macro_rules! inspect_exit_codes {
    () => {
        "\
Exit codes:
  0  stopped with Ctrl-C
  2  could not start: no store to read, the port in use, a secret that cannot be read"
    };
}

/// Browse stored captures in the inspector: list, detail, diff, and the page's Replay, Edit and
/// resend and Save as fixture. Re-signing and fixtures use only the secrets and directory given
/// here.
#[derive(Debug, Args)]
#[command(
    after_help = inspect_exit_codes!(),
    after_long_help = concat!(inspect_exit_codes!(), "\n\nExamples:
  hookscope inspect                                          # browse the store listen writes
  hookscope inspect --secret-env GITHUB_SECRET --fixtures fixtures/ --resign-secret-env TEST_SECRET")
)]
pub struct InspectArgs {
    /// The store to read [default: the one listen writes to]. Edit and resend stores the
    /// requests it sends here too.
    #[arg(long, value_name = "DIR", env = "HOOKSCOPE_STORE")]
    pub store: Option<PathBuf>,

    /// The inspector's port, on 127.0.0.1; 0 picks a free one.
    #[arg(
        long,
        value_name = "PORT",
        default_value_t = 8081,
        env = "HOOKSCOPE_UI_PORT"
    )]
    pub ui_port: u16,

    /// The directory Save as fixture writes into (made if needed); without it, the page says
    /// how to turn Save as fixture on.
    #[arg(long, value_name = "DIR")]
    pub fixtures: Option<PathBuf>,

    /// The signature scheme, for re-signing and fixtures (auto: from the captured headers).
    #[arg(long, value_enum, default_value_t = SchemeChoice::AUTO)]
    pub scheme: SchemeChoice,

    /// Find each capture's scheme and secret by its path, as listen does.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The address the platform calls (the tunnel's), for schemes that sign the URL (twilio,
    /// square, hubspot): the request's path and query are added to it.
    #[arg(long, value_name = "URL", value_parser = crate::config::parse_public_url)]
    pub public_url: Option<String>,

    #[command(flatten)]
    pub resign_secrets: ResignArgs,

    #[command(flatten)]
    pub secrets: SecretArgs,

    #[command(flatten)]
    pub public_keys: PublicKeyArgs,

    #[command(flatten)]
    pub hmac: HmacArgs,
}

/// The generic `hmac` scheme's settings.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Generic HMAC (--scheme hmac)")]
pub struct HmacArgs {
    /// The header that carries the signature (implies --scheme hmac).
    #[arg(long, value_name = "NAME", value_parser = parse_header_name)]
    pub header: Option<String>,
    /// The MAC's hash.
    #[arg(long, value_enum, default_value_t = HMAC_ALGORITHM)]
    pub algorithm: Algorithm,
    /// How the MAC is written.
    #[arg(long, value_enum, default_value_t = HMAC_ENCODING)]
    pub encoding: Encoding,
    /// Text before the encoded MAC, such as 'sha256='.
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub prefix: String,
}

/// A request path: it must start with '/', as the path part of a URL does.
fn parse_request_path(s: &str) -> Result<String, String> {
    if s.starts_with('/') {
        Ok(s.to_string())
    } else {
        Err(format!("a path starts with '/': try --path /{s}"))
    }
}

/// A glob of `listen --events`, without the spaces around it (`push, ping`): not empty, as
/// an empty one would match no event.
fn parse_event_glob(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.is_empty() {
        Err("an empty glob matches no event: give an event name such as push, or a glob such as 'record.before.*' (quoted, so the shell leaves the * alone)".into())
    } else {
        Ok(s.to_string())
    }
}

/// An environment variable's name (not `NAME=value`).
fn parse_env_name(s: &str) -> Result<String, String> {
    if s.is_empty() || s.contains('=') || s.contains('\0') {
        Err("the NAME of an environment variable, not NAME=value: export the secret first (export NAME=…), then pass --secret-env NAME".into())
    } else {
        Ok(s.to_string())
    }
}

fn parse_header_name(s: &str) -> Result<String, String> {
    if s.is_empty()
        || s.bytes()
            .any(|b| b == b':' || b.is_ascii_whitespace() || b.is_ascii_control())
    {
        Err("a header NAME, such as X-Signature: no ':', spaces or value (the signature itself is read from the request); to send a header with the request, use -H 'Name: value'".into())
    } else {
        Ok(s.to_string())
    }
}

impl HmacArgs {
    /// The scheme to use given `--scheme` (`None` for auto): `--header` names the generic
    /// scheme's signature header, so with auto it means `hmac`, and with another scheme it is
    /// a mistake (often meant as a request header), refused with a hint.
    pub fn scheme_with(&self, scheme: Option<Kind>) -> Result<Option<Kind>, crate::exit::Hinted> {
        match (&self.header, scheme) {
            (None, s) => Ok(s),
            (Some(_), None) => Ok(Some(Kind::HMAC)),
            (Some(_), Some(k)) if k == Kind::HMAC => Ok(Some(Kind::HMAC)),
            (Some(name), Some(other)) => Err(crate::exit::Hinted::new(
                format!(
                    "--header names the signature header of --scheme hmac, but --scheme is {other}"
                ),
                [
                    format!("drop --header {name}, or use --scheme hmac"),
                    "(with replay, -H 'Name: value' sends a request header)".to_string(),
                ],
            )),
        }
    }

    pub fn params(&self) -> Option<HmacParams> {
        Some(HmacParams {
            header: self.header.clone()?,
            algorithm: self.algorithm,
            encoding: self.encoding,
            prefix: self.prefix.clone(),
        })
    }
}

/// Where secrets come from. Several secrets (rotation): a delivery is valid if any matches.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Secrets (with none given, HOOKSCOPE_SECRET is read)")]
pub struct SecretArgs {
    /// A secret, as text (repeatable): the shared secret, or for sign and --resign of discord,
    /// sendgrid and standard v1a, the private key. Prefer --secret-env or --secret-file: other
    /// users can see command lines.
    #[arg(long = "secret", value_name = "VALUE", value_parser = parse_secret)]
    pub secret: Vec<Secret>,
    /// Read a secret from this environment variable (repeatable).
    #[arg(long = "secret-env", value_name = "NAME", value_parser = parse_env_name)]
    pub secret_env: Vec<String>,
    /// Read secrets from a file, one per line (a PEM block counts as one); '#' starts a comment
    /// (repeatable).
    #[arg(long = "secret-file", value_name = "PATH")]
    pub secret_file: Vec<PathBuf>,
}

/// Another secret to sign with than the one that verifies a capture: the receiver's (replay),
/// a test secret (fixture), either (the inspector's actions). One declaration, so the three
/// say the same.
#[derive(Debug, Clone, Args)]
pub struct ResignArgs {
    /// Re-sign with this secret instead of the sender's (its private key for discord, sendgrid,
    /// v1a): the receiver's, or a test one. Only a capture that a secret of the sender's
    /// verifies is re-signed (repeatable).
    // A heading per flag: a next_help_heading here would also head the flags declared after.
    #[arg(long, value_name = "VALUE", value_parser = parse_secret, help_heading = RESIGN_HEADING)]
    pub resign_secret: Vec<Secret>,

    /// The environment variable holding that secret (repeatable).
    #[arg(long, value_name = "NAME", value_parser = parse_env_name, help_heading = RESIGN_HEADING)]
    pub resign_secret_env: Vec<String>,

    /// A file of those secrets, one per line (repeatable).
    #[arg(long, value_name = "PATH", help_heading = RESIGN_HEADING)]
    pub resign_secret_file: Vec<PathBuf>,
}

const RESIGN_HEADING: &str = "Re-signing for another secret";

impl ResignArgs {
    /// Whether any was given.
    pub fn given(&self) -> bool {
        !self.resign_secret.is_empty()
            || !self.resign_secret_env.is_empty()
            || !self.resign_secret_file.is_empty()
    }

    /// The secrets, read from where the flags say; none when none is given (no fallback to
    /// HOOKSCOPE_SECRET: that is the sender's).
    pub fn resolve(&self) -> anyhow::Result<Vec<Secret>> {
        SecretSources {
            literal: self.resign_secret.clone(),
            env: self.resign_secret_env.clone(),
            files: self.resign_secret_file.clone(),
        }
        .resolve_given()
    }
}

/// The public keys that check signatures made with a private key. Rotation: a delivery is valid
/// if any key checks it.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Public keys (discord, sendgrid, standard v1a)")]
pub struct PublicKeyArgs {
    /// A public key, as the platform shows it (repeatable): Discord's application key (hex), a
    /// Standard Webhooks whpk_… key, SendGrid's verification key (base64 DER or PEM). Public
    /// keys may be shown; sign takes the private key with --secret.
    // A PEM key starts with dashes: take it as the value, not as a flag.
    #[arg(long = "public-key", value_name = "VALUE", value_parser = parse_public_key, allow_hyphen_values = true)]
    pub public_key: Vec<PublicKey>,
    /// Read a public key from this environment variable (repeatable).
    #[arg(long = "public-key-env", value_name = "NAME", value_parser = parse_env_name)]
    pub public_key_env: Vec<String>,
    /// Read public keys from a file, one per line (a PEM block counts as one); '#' starts a
    /// comment (repeatable).
    #[arg(long = "public-key-file", value_name = "PATH")]
    pub public_key_file: Vec<PathBuf>,
}

fn parse_public_key(s: &str) -> Result<PublicKey, String> {
    if s.trim().is_empty() {
        Err("a public key cannot be empty".into())
    } else {
        Ok(PublicKey::new(s.trim()))
    }
}

impl PublicKeyArgs {
    pub fn sources(&self) -> PublicKeySources {
        PublicKeySources {
            literal: self.public_key.clone(),
            env: self.public_key_env.clone(),
            files: self.public_key_file.clone(),
        }
    }
}

fn parse_secret(s: &str) -> Result<Secret, String> {
    if s.is_empty() {
        Err("a secret cannot be empty".into())
    } else {
        Ok(Secret::new(s))
    }
}

impl SecretArgs {
    pub fn sources(&self) -> SecretSources {
        SecretSources {
            literal: self.secret.clone(),
            env: self.secret_env.clone(),
            files: self.secret_file.clone(),
        }
    }
}

/// What checks a delivery, for `listen` and `verify` alike: the secrets and public keys, the
/// public URL of schemes that sign it, the replay window, the generic scheme's settings.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// The address the platform calls (the tunnel's), for schemes that sign the URL (twilio,
    /// square, hubspot): the request's path and query are added to it.
    #[arg(long, value_name = "URL", value_parser = crate::config::parse_public_url)]
    pub public_url: Option<String>,

    #[command(flatten)]
    pub secrets: SecretArgs,

    #[command(flatten)]
    pub public_keys: PublicKeyArgs,

    #[command(flatten)]
    pub time: TimeArgs,

    #[command(flatten)]
    pub hmac: HmacArgs,
}

/// The replay window of timestamped schemes (stripe, standard, slack, twitch, linear, calendly,
/// paddle, hubspot).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Timestamps (stripe, standard, slack, twitch, linear, …)")]
pub struct TimeArgs {
    /// How far a signed timestamp may be from now (for fixture, from the capture's arrival)
    /// [default: the platform's own window: 300 s
    /// for stripe, standard, slack and hubspot, 600 s twitch, 180 s calendly, 60 s linear, 5 s
    /// paddle].
    #[arg(long, value_name = "SECONDS")]
    pub tolerance: Option<u64>,
    /// Do not check timestamps at all (old fixtures).
    #[arg(long, conflicts_with_all = ["tolerance", "now"])]
    pub no_tolerance: bool,
    /// Take this Unix time as now (old fixtures with their own clock).
    #[arg(long, value_name = "UNIX")]
    pub now: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    /// A line per delivery: ✔/✘, path, scheme, event, reason.
    Human,
    /// One JSON object per line: path, scheme, event, valid, code, reason.
    Json,
    /// JUnit XML, a test case per delivery with the reason in its failure (GitLab, Jenkins and
    /// GitHub test reporters read it).
    Junit,
    /// GitHub Actions annotations: an ::error line per invalid or unreadable capture, marked on
    /// the file in a pull request.
    Github,
}

/// Check deliveries: capture files and directories of them, or a raw body with its headers.
#[derive(Debug, Args)]
#[command(
    after_help = verify_exit_codes!(),
    after_long_help = concat!(verify_exit_codes!(), "\n\nExamples:
  hookscope verify --secret-file fixtures/secrets.txt --public-key-file fixtures/public-keys.txt \\
      --public-url https://fixtures.hookscope.example --no-tolerance fixtures/*.json
  hookscope verify --scheme github --secret-env GITHUB_WEBHOOK_SECRET --body payload.json \\
      -H 'X-Hub-Signature-256: sha256=…'
  hookscope verify --scheme discord --public-key d75a98…511a --body interaction.json \\
      -H 'X-Signature-Ed25519: …' -H 'X-Signature-Timestamp: 1700000000'
  hookscope verify --public-key-file keys.txt --secret-file secrets.txt ~/captures/")
)]
pub struct VerifyArgs {
    /// Capture files, or directories searched recursively for *.json.
    #[arg(
        value_name = "PATH",
        required_unless_present = "body",
        conflicts_with = "body"
    )]
    pub paths: Vec<PathBuf>,

    /// Check this raw body instead of captures ('-' reads standard input).
    #[arg(long, value_name = "FILE|-")]
    pub body: Option<PathBuf>,

    /// A header that came with --body, written as curl takes it: 'Name: value' (repeatable).
    #[arg(short = 'H', long = "request-header", value_name = "HEADER", requires = "body", value_parser = parse_header)]
    pub request_headers: Vec<(String, String)>,

    /// The path and query --body was sent to, added to --public-url for schemes that sign the
    /// URL (without it, --public-url is the whole URL).
    #[arg(long, value_name = "PATH", requires = "body", value_parser = parse_request_path)]
    pub path: Option<String>,

    /// The signature scheme.
    #[arg(long, value_enum, default_value_t = SchemeChoice::AUTO)]
    pub scheme: SchemeChoice,

    /// Output format.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Human)]
    pub format: VerifyFormat,

    /// Take each capture's scheme and secret from the endpoint that serves its path.
    #[arg(long, value_name = "FILE", conflicts_with = "body")]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub check: CheckArgs,
}

/// Parses a curl-style `Name: value` header.
pub fn parse_header(s: &str) -> Result<(String, String), String> {
    let (name, value) = s
        .split_once(':')
        .ok_or_else(|| format!("'{s}' is not a header: write it as 'Name: value'"))?;
    let name = name.trim();
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !valid {
        return Err(format!("'{name}' is not a valid header name"));
    }
    Ok((name.to_string(), value.trim().to_string()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SignFormat {
    /// The headers to send, one 'Name: value' per line.
    Headers,
    /// A ready curl command (needs --url).
    Curl,
    /// A capture file, as listen writes and verify reads: received at --timestamp, its id made
    /// from its content, so the same flags give the same bytes.
    Capture,
}

/// Turn captures into fixtures fit to commit: each is checked with the secret options first, as
/// it came (a timestamp against the capture's arrival; one that none verifies is skipped and
/// named), the headers that only describe the capturing
/// machine are dropped, --redact takes values out, --resign-secret signs it for the test
/// secret at the capture's own time, and it is written as <platform>-<event>.json. The same
/// input gives the same bytes.
#[derive(Debug, Args)]
#[command(
    after_help = "\
Exit codes:
  0  every capture became a fixture
  1  some capture was skipped, each named with why: no secret given verifies it, its timestamp
     was stale when it arrived, or it carries its secret itself
  2  usage or I/O error: bad flag, no secret, an unreadable capture, --out not writable",
    after_long_help = "\
Exit codes:
  0  every capture became a fixture
  1  some capture was skipped, each named with why: no secret given verifies it, its timestamp
     was stale when it arrived, or it carries its secret itself
  2  usage or I/O error: bad flag, no secret, an unreadable capture, --out not writable

Examples:
  hookscope fixture ~/.local/state/hookscope/captures/019aa3c2-….json --out fixtures/ \\
      --secret-env STRIPE_SECRET --redact pii --resign-secret whsec_test_fixture_secret
  hookscope verify --secret whsec_test_fixture_secret --no-tolerance fixtures/"
)]
pub struct FixtureArgs {
    /// Capture files, or directories searched recursively for *.json.
    #[arg(value_name = "CAPTURE|DIR", required = true)]
    pub paths: Vec<PathBuf>,

    /// The directory the fixtures are written to (made if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Take values out of the body (repeatable): a JSON pointer (/data/FIELDS/EMAIL), a field
    /// name glob (*email*, phone), or pii (e-mail addresses, phone numbers, names). Each value
    /// keeps its type and shape (letters x, digits 0). Needs --resign-secret: the signature no
    /// longer matches.
    #[arg(long, value_name = "RULE", value_parser = crate::redact::parse)]
    pub redact: Vec<Vec<crate::redact::Rule>>,

    /// Keep a header that would be dropped as describing the capturing machine (Host,
    /// X-Forwarded-*, Accept-Encoding…) (repeatable).
    #[arg(long, value_name = "NAME")]
    pub keep_header: Vec<String>,

    // The test secret each fixture is signed with, at the capture's own time.
    #[command(flatten)]
    pub resign_secrets: ResignArgs,

    /// The signature scheme (auto: from the captured headers).
    #[arg(long, value_enum, default_value_t = SchemeChoice::AUTO)]
    pub scheme: SchemeChoice,

    /// Take each capture's scheme and secret from the endpoint that serves its path.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub check: CheckArgs,
}

/// Make the headers that sign a payload.
#[derive(Debug, Args)]
#[command(
    after_help = sign_exit_codes!(),
    after_long_help = concat!(sign_exit_codes!(), "\n\nExamples:
  hookscope sign --scheme github --secret-env GITHUB_WEBHOOK_SECRET --body payload.json
  hookscope sign --scheme stripe --secret-env STRIPE_WEBHOOK_SECRET --body event.json \\
      --format curl --url http://127.0.0.1:8080/hooks/stripe
  hookscope sign --scheme discord --secret-env DISCORD_PRIVATE_SEED --body interaction.json
  hookscope sign --scheme sendgrid --secret-file sendgrid-private.pem --body events.json")
)]
pub struct SignArgs {
    /// The signature scheme.
    #[arg(long, value_enum)]
    pub scheme: Kind,

    /// The payload to sign ('-' reads standard input).
    #[arg(long, value_name = "FILE|-", default_value = "-")]
    pub body: PathBuf,

    /// The signed timestamp (stripe, standard, slack, twitch, paddle, hubspot, calendly, zoom,
    /// discord, sendgrid); defaults to now.
    #[arg(long, value_name = "UNIX")]
    pub timestamp: Option<i64>,

    /// The message id (standard, twitch); defaults to a fresh one.
    #[arg(long, value_name = "MSG_ID")]
    pub id: Option<String>,

    /// Output format [default: headers, or curl when --url is given].
    #[arg(long, value_enum)]
    pub format: Option<SignFormat>,

    /// Where the curl command sends the request; implies --format curl.
    #[arg(long, value_name = "URL", required_if_eq("format", "curl"))]
    pub url: Option<String>,

    /// The request path written into a capture (--format capture), and added to --public-url
    /// [default: /].
    #[arg(long, value_name = "PATH", value_parser = parse_request_path)]
    pub path: Option<String>,

    /// The address the platform calls (the tunnel's), for schemes that sign the URL (twilio,
    /// square, hubspot); --path is added to it.
    #[arg(long, value_name = "URL", value_parser = crate::config::parse_public_url)]
    pub public_url: Option<String>,

    /// Another header to send, 'Name: value' (repeatable): X-GitHub-Event, a User-Agent…
    #[arg(short = 'H', long = "request-header", value_name = "HEADER", value_parser = parse_header)]
    pub request_headers: Vec<(String, String)>,

    #[command(flatten)]
    pub secrets: SecretArgs,

    #[command(flatten)]
    pub hmac: HmacArgs,
}

macro_rules! trigger_exit_codes {
    () => {
        "\
Exit codes:
  0  the answer was a 2xx; --list and --dry-run: printed
  1  another status (a refusal, a Bpium rejection), or no answer in --timeout
  2  usage error: unknown platform or event, bad --set, bad URL, no secret"
    };
}

/// What trigger prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TriggerFormat {
    /// The answer's status and body; with --dry-run, the request line and headers.
    Human,
    /// One JSON object: the answer, or with --dry-run the request.
    Json,
    /// A curl command that sends it (with --dry-run).
    Curl,
    /// A capture, as listen stores one and verify, replay and fixture read it (with --dry-run).
    Capture,
}

/// Send a platform's sample event, real-shaped and signed.
#[derive(Debug, Args)]
#[command(
    after_help = trigger_exit_codes!(),
    after_long_help = concat!(trigger_exit_codes!(), "\n\nExamples:
  hookscope trigger --list
  hookscope trigger github push --secret-env GITHUB_WEBHOOK_SECRET
  hookscope trigger bpium record.before.deleted --secret-env BPIUM_SECRET \\
      --to http://127.0.0.1:8080/hooks/bpium
  hookscope trigger stripe payment_intent.succeeded --secret-env STRIPE_SECRET \\
      --set /data/object/amount=5000 --set '/data/object/currency=\"eur\"'
  hookscope trigger bitrix-token ONCRMLEADADD --secret-env BITRIX_TOKEN \\
      --set '/data[FIELDS][ID]=42'
  hookscope trigger shopify orders/create --secret-env SHOPIFY_SECRET \\
      --dry-run --format capture > order.json")
)]
pub struct TriggerArgs {
    /// The platform: a --scheme name (bpium, bitrix, bitrix-token, blue, github, stripe…).
    #[arg(value_name = "PLATFORM", required_unless_present = "list")]
    pub platform: Option<String>,

    /// The event, as --list names it (push, record.before.deleted, ONCRMLEADADD…).
    #[arg(
        value_name = "EVENT",
        required_unless_present = "list",
        conflicts_with = "list"
    )]
    pub event: Option<String>,

    /// List the sample events (of PLATFORM, when given), and send nothing.
    #[arg(long)]
    pub list: bool,

    /// Where to send it.
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080/")]
    pub to: String,

    /// Change the body before it is signed: a JSON pointer to what the sample has, and a JSON
    /// value (repeatable); /list/- adds an item. A string is written in quotes:
    /// --set '/currency="eur"'. In a form body the pointer names the field (/auth[domain]),
    /// and null removes it.
    #[arg(long = "set", value_name = "POINTER=JSON", value_parser = parse_set)]
    pub set: Vec<(String, serde_json::Value)>,

    /// Add a header, or replace one of the same name: 'Name: value' (repeatable).
    #[arg(short = 'H', long = "request-header", value_name = "HEADER", value_parser = parse_header)]
    pub request_headers: Vec<(String, String)>,

    /// Send nothing; print what would be sent.
    #[arg(long)]
    pub dry_run: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TriggerFormat::Human)]
    pub format: TriggerFormat,

    /// How long each step may take: connecting, sending, waiting for the answer (a Bpium
    /// request may wait for a person: listen --decide ask), reading it.
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = parse_seconds)]
    pub timeout: Duration,

    #[command(flatten)]
    pub secrets: SecretArgs,
}

/// `POINTER=JSON`: the pointer up to the first `=`, the JSON after it.
fn parse_set(s: &str) -> Result<(String, serde_json::Value), String> {
    let Some((pointer, value)) = s.split_once('=') else {
        return Err(format!(
            "'{}' is not POINTER=JSON: write it as /data/object/amount=5000",
            crate::render::line(s)
        ));
    };
    if !pointer.starts_with('/') {
        let pointer = crate::render::line(pointer);
        return Err(format!(
            "'{pointer}' is not a JSON pointer: it starts with '/', like /{pointer}"
        ));
    }
    let value = serde_json::from_str(value).map_err(|_| {
        let (pointer, value) = (crate::render::line(pointer), crate::render::line(value));
        format!("'{value}' is not JSON: write a string in quotes, like {pointer}='\"{value}\"'")
    })?;
    Ok((pointer.to_string(), value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn set_takes_a_pointer_and_json() {
        assert_eq!(
            parse_set("/a/b=5000").unwrap(),
            ("/a/b".into(), serde_json::json!(5000))
        );
        assert_eq!(
            parse_set("/q=\"a=b\"").unwrap(),
            ("/q".into(), serde_json::json!("a=b"))
        );
        assert!(parse_set("/a=eur").unwrap_err().contains("in quotes"));
        assert!(parse_set("a=1").unwrap_err().contains("starts with '/'"));
        assert!(parse_set("/a").unwrap_err().contains("POINTER=JSON"));
    }

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn replay_waits_as_long_as_the_inspector_sends_do() {
        let cli = Cli::try_parse_from(["hookscope", "replay", "--last", "--to", "http://h/"]);
        let Command::Replay(args) = cli.unwrap().command else {
            panic!("not replay")
        };
        assert_eq!(args.timeout, crate::client::send::DEFAULT_TIMEOUT);
    }

    #[test]
    fn expect_and_rate() {
        assert_eq!(parse_expect("2xx"), Ok(Expect::Class(2)));
        assert_eq!(parse_expect("202"), Ok(Expect::Status(202)));
        assert!(parse_expect("7xx").is_err() && parse_expect("42").is_err());
        assert!(Expect::Class(4).matches(404) && !Expect::Class(4).matches(500));
        assert_eq!(parse_rate("50/s"), Ok(50.0));
        assert!(parse_rate("0/s").is_err());
    }

    #[test]
    fn sizes_and_seconds() {
        assert_eq!(parse_size("10MiB"), Ok(10 << 20));
        assert_eq!(parse_size("512kb"), Ok(512 << 10));
        assert_eq!(parse_size("77"), Ok(77));
        assert!(parse_size("10 parsecs")
            .unwrap_err()
            .contains("unknown unit"));
        assert_eq!(parse_seconds("0.5"), Ok(Duration::from_millis(500)));
        assert!(parse_seconds("-1").is_err());
        assert_eq!(parse_ask_timeout("9.5"), Ok(Duration::from_millis(9500)));
        for bad in ["0", "10", "15"] {
            assert!(
                parse_ask_timeout(bad).unwrap_err().contains("less than 10"),
                "{bad}"
            );
        }
    }

    #[test]
    fn headers_parse_like_curl() {
        assert_eq!(
            parse_header("X-A:  b c ").unwrap(),
            ("X-A".into(), "b c".into())
        );
        assert!(parse_header("no colon")
            .unwrap_err()
            .contains("Name: value"));
        assert!(parse_header("bad name: x")
            .unwrap_err()
            .contains("not a valid header name"));
    }
}
