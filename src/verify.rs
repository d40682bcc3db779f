//! `hookscope verify`: checks captures and raw bodies, a line (or a JSON object) per delivery.

use std::io::Write;

use anyhow::{Context, Result};
use colored::Colorize;
use serde::Serialize;

use crate::body::Body;
use crate::capture::Capture;
use crate::check::Checked;
use crate::cli::{VerifyArgs, VerifyFormat};
use crate::exit::{Hinted, Outcome};
use crate::input;
use crate::render;
use crate::scheme::{event_name, Failure, Kind, Request};
use crate::secret::NO_SECRET_HINT;
use crate::settings;

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
    let checking = settings::checking(
        &args.secrets,
        args.config.as_deref(),
        args.scheme,
        &args.hmac,
        &args.time,
    )?;
    if checking.no_secret() {
        return Err(Hinted::new(
            "no secret given: verify needs the secret the sender signed with",
            [NO_SECRET_HINT],
        )
        .into());
    }
    let routes = checking.routes;

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
        let body = Body::new(&body);
        let req = Request::new(&args.request_headers, &body);
        let checked = routes.fallback.check(&req);
        let event = event_name(checked.kind, &req);
        printer.report(&input::label(body_path), &checked, event.as_deref())?;
    } else {
        for path in input::capture_files(&args.paths)? {
            match Capture::read(&path) {
                Ok(capture) => {
                    let body = Body::new(&capture.body);
                    let req = Request::new(&capture.headers, &body);
                    let checked = routes.check(&capture.path, &req);
                    let event = event_name(checked.kind, &req);
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
