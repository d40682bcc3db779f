//! `hookscope verify`: checks captures and raw bodies, a line (or a JSON object) per delivery.

use std::io::Write;

use anyhow::{Context, Result};

use crate::body::Body;
use crate::capture::Capture;
use crate::check::Checked;
use crate::cli::{VerifyArgs, VerifyFormat};
use crate::exit::{Hinted, Outcome};
use crate::input;
use crate::scheme::{event_name, Request};
use crate::secret::{NO_PUBLIC_KEY_HINT, NO_SECRET_HINT};
use crate::settings;
use crate::show;

/// Writes a line per delivery (or, for JUnit, keeps a case each for the end), and counts the
/// verdicts.
struct Printer<W: Write> {
    out: W,
    format: VerifyFormat,
    valid: usize,
    invalid: usize,
    unreadable: usize,
    junit_cases: String,
}

impl<W: Write> Printer<W> {
    fn report(&mut self, path: &str, c: &Checked, event: Option<&str>) -> Result<()> {
        let failure = c.verdict.failure();
        if failure.is_some() {
            self.invalid += 1;
        } else {
            self.valid += 1;
        }
        let report = show::verify::Report {
            path,
            kind: c.kind,
            event,
            failure,
        };
        let line = match self.format {
            VerifyFormat::Json => report.json_line(),
            VerifyFormat::Human => report.line(),
            VerifyFormat::Github => report.github_line(),
            VerifyFormat::Junit => {
                self.junit_cases.push_str(&report.junit_case());
                String::new()
            }
        };
        self.out.write_all(line.as_bytes())?;
        Ok(())
    }

    /// A capture that could not be read: named on standard error, and in the report's own
    /// terms for JUnit and GitHub.
    fn unreadable(&mut self, path: &str, err: &anyhow::Error) -> Result<()> {
        self.unreadable += 1;
        self.out.flush()?;
        eprint!("{}", crate::exit::render_error(err));
        let why = format!("{err:#}");
        match self.format {
            VerifyFormat::Junit => self
                .junit_cases
                .push_str(&show::verify::junit_unreadable(path, &why)),
            VerifyFormat::Github => self
                .out
                .write_all(show::verify::github_error(path, &why).as_bytes())?,
            _ => {}
        }
        Ok(())
    }
}

pub fn run(args: VerifyArgs) -> Result<Outcome> {
    let checking = settings::checking(
        &args.check.secrets,
        &args.check.public_keys.sources(),
        args.config.as_deref(),
        args.scheme,
        &args.check.hmac,
        &args.check.time,
        args.check.public_url.as_deref(),
    )?;
    let fallback = &checking.routes.fallback;
    match fallback.forced().filter(|k| k.needs_public_key()) {
        Some(kind) if fallback.public_keys.is_empty() && checking.config.is_none() => {
            return Err(Hinted::new(
                format!("no public key given: {kind} signatures are made with a private key and checked with its public key"),
                [
                    NO_PUBLIC_KEY_HINT,
                    "(a secret is not needed to verify them; sign takes the private key with --secret)",
                ],
            )
            .into());
        }
        None if checking.no_keys() => {
            return Err(Hinted::new(
                "no secret given: verify needs the secret the sender signed with",
                [
                    NO_SECRET_HINT,
                    "or, for discord, sendgrid and standard v1a, the sender's public key: --public-key VALUE, --public-key-env NAME or --public-key-file PATH",
                ],
            )
            .into());
        }
        _ => {}
    }
    let routes = checking.routes;

    let stdout = std::io::stdout();
    let mut printer = Printer {
        out: std::io::BufWriter::new(stdout.lock()),
        format: args.format,
        valid: 0,
        invalid: 0,
        unreadable: 0,
        junit_cases: String::new(),
    };

    if let Some(body_path) = &args.body {
        let body = input::read(body_path)?;
        let body = Body::new(&body);
        // Without --path, --public-url is the whole URL.
        let url = match &args.path {
            Some(path) => routes.fallback.url_for(path),
            None => routes.fallback.public_url.clone(),
        };
        let req = Request::new(&args.request_headers, &body)
            .at(url.as_deref())
            .by("POST");
        let checked = routes.fallback.check(&req);
        let event = event_name(checked.kind, &req);
        printer.report(&input::label(body_path), &checked, event.as_deref())?;
    } else {
        for path in input::capture_files(&args.paths)? {
            match Capture::read(&path) {
                Ok(capture) => {
                    let body = Body::new(&capture.body);
                    let url = routes.url_for(&capture.path);
                    let req = Request::new(&capture.headers, &body)
                        .at(url.as_deref())
                        .by(&capture.method);
                    let checked = routes.check(&capture.path, &req);
                    let event = event_name(checked.kind, &req);
                    printer.report(&path.display().to_string(), &checked, event.as_deref())?;
                }
                Err(err) => printer.unreadable(&path.display().to_string(), &err)?,
            }
        }
    }

    let (valid, invalid, unreadable) = (printer.valid, printer.invalid, printer.unreadable);
    match printer.format {
        VerifyFormat::Human | VerifyFormat::Github if valid + invalid + unreadable > 1 => {
            let summary = show::verify::summary(valid, invalid, unreadable);
            printer.out.write_all(summary.as_bytes())?;
        }
        VerifyFormat::Junit => {
            let doc = show::verify::junit(
                &printer.junit_cases,
                valid + invalid + unreadable,
                invalid,
                unreadable,
            );
            printer.out.write_all(doc.as_bytes())?;
        }
        _ => {}
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
