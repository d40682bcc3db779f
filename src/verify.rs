//! `hookscope verify`: checks captures and raw bodies, a line (or a JSON object) per delivery.

use std::io::Write;

use anyhow::{Context, Result};
use colored::Colorize;
use serde::Serialize;

use crate::capture::Capture;
use crate::cli::{TimeArgs, VerifyArgs, VerifyFormat};
use crate::config::{Config, Endpoint};
use crate::event;
use crate::exit::{Hinted, Outcome};
use crate::input;
use crate::render;
use crate::scheme::{self, Clock, Failure, HmacParams, Kind, Request, Scheme, Verdict};
use crate::secret::{Secret, NO_SECRET_HINT};

/// How to check deliveries: resolved once from the flags, shared with `listen`.
pub struct Checker {
    forced: Option<Box<dyn Scheme>>,
    pub secrets: Vec<Secret>,
    /// A pinned "now" (`--now`); otherwise the clock is read at each check.
    pub now: Option<i64>,
    pub tolerance: Option<u64>,
}

/// The result of checking one delivery.
pub struct Checked {
    pub kind: Option<Kind>,
    pub verdict: Verdict,
}

impl Checker {
    pub fn new(
        kind: Option<Kind>,
        hmac: Option<&HmacParams>,
        secrets: Vec<Secret>,
        time: &TimeArgs,
    ) -> Result<Self> {
        Ok(Checker {
            forced: kind.map(|k| k.build(hmac)).transpose()?,
            secrets,
            now: time.now,
            tolerance: (!time.no_tolerance).then_some(time.tolerance),
        })
    }

    /// Runs `f` with the scheme that applies to a request: the one forced, or the one its
    /// headers show.
    pub fn with_scheme<R>(
        &self,
        req: &Request,
        f: impl FnOnce(&dyn Scheme) -> R,
    ) -> Result<R, Failure> {
        match &self.forced {
            Some(s) => Ok(f(s.as_ref())),
            None => {
                let kind = scheme::detect(req)?;
                let s = kind
                    .scheme(None)
                    .expect("detected schemes need no parameters");
                Ok(f(s.as_ref()))
            }
        }
    }

    pub fn scheme_for(&self, req: &Request) -> Result<Kind, Failure> {
        self.with_scheme(req, |s| s.kind())
    }

    /// Checks the signature. The event name is the caller's to read, from the probe it needs
    /// anyway (reading a large body twice would double the cost of a delivery).
    pub fn check(&self, headers: &[(String, String)], body: &[u8]) -> Checked {
        let req = Request::new(headers, body);
        let clock = Clock {
            now: self.now.unwrap_or_else(now_unix),
            tolerance: self.tolerance,
        };
        match self.with_scheme(&req, |s| (s.kind(), s.verify(&req, &self.secrets, &clock))) {
            Ok((kind, verdict)) => Checked {
                kind: Some(kind),
                verdict,
            },
            Err(f) => Checked {
                kind: None,
                verdict: Err(f),
            },
        }
    }
}

/// Which checker applies to a capture's path: the config endpoint that serves it, else the
/// flags' own (shared by `verify --config` and `listen --config`).
pub struct Routes {
    pub endpoints: Vec<(Endpoint, Checker)>,
    pub fallback: Checker,
    /// A config is given and the flags name no secret: a path no endpoint serves is refused
    /// (`Failure::NoEndpoint`), never waved through unchecked.
    pub strict: bool,
}

impl Routes {
    pub fn new(config: Option<&Config>, fallback: Checker, time: &TimeArgs) -> Result<Routes> {
        let mut endpoints = Vec::new();
        for (config, ep) in config
            .iter()
            .flat_map(|c| c.endpoints.iter().map(move |e| (c, e)))
        {
            let place = || {
                format!(
                    "config '{}' line {}, endpoint {}",
                    config.path.display(),
                    ep.line,
                    ep.path
                )
            };
            let secrets = if ep.has_secret() {
                ep.secrets.resolve_env().with_context(place)?
            } else {
                Vec::new()
            };
            let checker =
                Checker::new(ep.scheme, ep.hmac.as_ref(), secrets, time).with_context(place)?;
            endpoints.push((ep.clone(), checker));
        }
        Ok(Routes {
            endpoints,
            strict: config.is_some() && fallback.secrets.is_empty(),
            fallback,
        })
    }

    /// Checks a delivery to `path` with the checker that serves it.
    pub fn check(&self, path: &str, headers: &[(String, String)], body: &[u8]) -> Checked {
        match self.for_path(path) {
            (None, fallback) if self.strict => Checked {
                kind: fallback.scheme_for(&Request::new(headers, body)).ok(),
                verdict: Err(Failure::NoEndpoint),
            },
            (_, checker) => checker.check(headers, body),
        }
    }

    pub fn for_path(&self, path: &str) -> (Option<&Endpoint>, &Checker) {
        self.endpoints
            .iter()
            .find(|(e, _)| e.serves(path))
            .map_or((None, &self.fallback), |(e, c)| (Some(e), c))
    }
}

fn event_of(kind: Option<Kind>, headers: &[(String, String)], body: &[u8]) -> Option<String> {
    event::name(kind, &Request::new(headers, body), &event::probe(body))
}

pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[derive(Serialize)]
struct JsonLine<'a> {
    path: &'a str,
    scheme: Option<&'static str>,
    event: Option<&'a str>,
    valid: bool,
    code: Option<&'static str>,
    reason: Option<String>,
}

struct Printer<W: Write> {
    out: W,
    format: VerifyFormat,
    valid: usize,
    invalid: usize,
}

impl<W: Write> Printer<W> {
    fn report(&mut self, path: &str, c: &Checked, event: Option<&str>) -> Result<()> {
        let failure: Option<&Failure> = c.verdict.as_ref().err();
        if failure.is_some() {
            self.invalid += 1;
        } else {
            self.valid += 1;
        }
        match self.format {
            VerifyFormat::Json => {
                let line = JsonLine {
                    path,
                    scheme: c.kind.map(Kind::name),
                    event,
                    valid: failure.is_none(),
                    code: failure.map(Failure::code),
                    reason: failure.map(ToString::to_string),
                };
                serde_json::to_writer(&mut self.out, &line)?;
                writeln!(self.out)?;
            }
            VerifyFormat::Human => {
                let mark = if failure.is_none() {
                    "✔".green().bold()
                } else {
                    "✘".red().bold()
                };
                let mut about = Vec::new();
                if let Some(k) = c.kind {
                    about.push(k.name().cyan().to_string());
                }
                if let Some(e) = event {
                    about.push(render::line(e).bold().to_string());
                }
                write!(self.out, "{mark} {}", render::line(path))?;
                if !about.is_empty() {
                    write!(self.out, " ({})", about.join(", "))?;
                }
                match failure {
                    None => writeln!(self.out)?,
                    Some(f) => writeln!(self.out, ": {}", render::line(&f.to_string()).red())?,
                }
            }
        }
        Ok(())
    }
}

pub fn run(args: VerifyArgs) -> Result<Outcome> {
    let secrets = args.secrets.sources().resolve_env()?;
    let config = args.config.as_deref().map(Config::load).transpose()?;
    if secrets.is_empty() && config.is_none() {
        return Err(Hinted::new(
            "no secret given: verify needs the secret the sender signed with",
            [NO_SECRET_HINT],
        )
        .into());
    }
    let checker = Checker::new(
        args.hmac.scheme_with(args.scheme.kind())?,
        args.hmac.params().as_ref(),
        secrets,
        &args.time,
    )?;
    let routes = Routes::new(config.as_ref(), checker, &args.time)?;

    let stdout = std::io::stdout();
    let mut printer = Printer {
        out: std::io::BufWriter::new(stdout.lock()),
        format: args.format,
        valid: 0,
        invalid: 0,
    };
    let mut unreadable = 0;

    if let Some(body_path) = &args.body {
        let body = input::read(body_path)?;
        let checked = routes.fallback.check(&args.request_headers, &body);
        let event = event_of(checked.kind, &args.request_headers, &body);
        printer.report(&input::label(body_path), &checked, event.as_deref())?;
    } else {
        for path in input::capture_files(&args.paths)? {
            match Capture::read(&path) {
                Ok(capture) => {
                    let checked = routes.check(&capture.path, &capture.headers, &capture.body);
                    let event = event_of(checked.kind, &capture.headers, &capture.body);
                    printer.report(&path.display().to_string(), &checked, event.as_deref())?;
                }
                Err(err) => {
                    printer.out.flush()?;
                    eprint!("{}", crate::exit::render_error(&err));
                    unreadable += 1;
                }
            }
        }
    }

    let (valid, invalid) = (printer.valid, printer.invalid);
    if printer.format == VerifyFormat::Human && valid + invalid + unreadable > 1 {
        let mut summary = format!("{valid} valid, {invalid} invalid");
        if unreadable > 0 {
            summary.push_str(&format!(", {unreadable} unreadable"));
        }
        writeln!(printer.out, "{summary}")?;
    }
    printer.out.flush().context("could not write the report")?;
    Ok(if unreadable > 0 {
        Outcome::Failed
    } else if invalid > 0 {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}
