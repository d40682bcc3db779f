//! `hookscope fixture`: captures turned into fixtures fit to commit. Each capture is checked
//! first (one that no secret given verifies is skipped and named: a forgery never becomes a
//! valid fixture), the headers that only describe the capturing machine are dropped, `--redact`
//! takes values out, `--resign-secret` signs it for the test secret at the capture's own time,
//! and it is written as `<platform>-<event>[-N].json`. Nothing fresh goes in (no new id, no
//! "now"), so the same input gives the same bytes every run.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::time::UNIX_EPOCH;

use anyhow::{Context, Result};

use crate::body::Body;
use crate::capture::Capture;
use crate::cli::FixtureArgs;
use crate::exit::{Hinted, Outcome};
use crate::headers;
use crate::input;
use crate::redact;
use crate::render;
use crate::resign::resign;
use crate::scheme::{event_name, Request};
use crate::secret::{Secret, SecretSources, NO_SECRET_HINT};
use crate::settings;
use crate::show;

/// Headers that describe the machine a delivery was captured on, or the way there (a tunnel, a
/// proxy, curl), not the sender's request.
const MACHINE_HEADERS: &[&str] = &[
    "host",
    "accept-encoding",
    "connection",
    "content-length",
    "forwarded",
    "via",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-forwarded-port",
    "x-real-ip",
    "cf-connecting-ip",
    "cf-ipcountry",
    "cf-ray",
    "cf-visitor",
    "cdn-loop",
    "true-client-ip",
    "ngrok-skip-browser-warning",
    "x-request-start",
];

/// An event as a file name's part, as the platform's own words in kebab case
/// (`pull_request.opened` is `pull-request-opened`): lower case, one `-` for each run of what is
/// not an ASCII letter or digit.
fn name_part(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "delivery".into()
    } else {
        out.chars().take(60).collect()
    }
}

/// The capture's own time, as a signing timestamp.
fn unix_time(received_at: &str) -> Option<i64> {
    let t = humantime::parse_rfc3339_weak(received_at).ok()?;
    Some(t.duration_since(UNIX_EPOCH).ok()?.as_secs() as i64)
}

pub fn run(args: FixtureArgs) -> Result<Outcome> {
    let checking = settings::checking(
        &args.check.secrets,
        &args.check.public_keys.sources(),
        args.config.as_deref(),
        args.scheme,
        &args.check.hmac,
        &args.check.time,
        args.check.public_url.as_deref(),
    )?;
    if checking.no_keys() {
        return Err(Hinted::new(
            "no secret given: fixture checks each capture first, so that a forgery never becomes a valid fixture",
            [NO_SECRET_HINT],
        )
        .into());
    }
    let receiver: Vec<Secret> = SecretSources {
        literal: args.resign_secret.iter().map(Secret::new).collect(),
        env: args.resign_secret_env.clone(),
        files: args.resign_secret_file.clone(),
    }
    .resolve_given()?;
    let rules: Vec<redact::Rule> = args.redact.iter().flatten().cloned().collect();
    if !rules.is_empty() && receiver.is_empty() {
        return Err(Hinted::new(
            "--redact changes each body, so its signature no longer matches",
            ["give the secret the fixtures are checked with: --resign-secret VALUE, --resign-secret-env NAME or --resign-secret-file PATH"],
        )
        .into());
    }
    let routes = checking.routes;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("could not make the directory '{}'", args.out.display()))?;

    let mut out = std::io::stdout().lock();
    let mut names: HashMap<String, usize> = HashMap::new();
    let (mut written, mut skipped, mut unreadable) = (0, 0, 0);
    for path in input::capture_files(&args.paths)? {
        let source = path.display().to_string();
        let capture = match Capture::read(&path) {
            Ok(c) => c,
            Err(e) => {
                eprint!("{}", crate::exit::render_error(&e));
                unreadable += 1;
                continue;
            }
        };
        // Checked as it came.
        let body = Body::new(&capture.body);
        let url = routes.url_for(&capture.path);
        let req = Request::new(&capture.headers, &body)
            .at(url.as_deref())
            .by(&capture.method);
        let checked = routes.check(&capture.path, &req);
        if let Some(f) = checked.verdict.failure() {
            out.write_all(show::fixture::skipped(&source, &f.to_string()).as_bytes())?;
            skipped += 1;
            continue;
        }
        if let Some(k) = checked
            .kind
            .filter(|k| k.scheme(None).is_ok_and(|s| s.carries_secret()))
        {
            let why = format!("a {k} delivery carries the secret itself, so a fixture of it would commit the secret; make one by hand with a test secret");
            out.write_all(show::fixture::skipped(&source, &why).as_bytes())?;
            skipped += 1;
            continue;
        }
        let platform = checked.kind.map_or("delivery", |k| k.name());
        let event = event_name(checked.kind, &req);
        let redacted = redact::redact(&body, &rules);

        // The fixture: the sender's request, nothing of the machine, nothing fresh.
        let keep = |name: &str| {
            !MACHINE_HEADERS.iter().any(|h| headers::same_name(h, name))
                || args.keep_header.iter().any(|k| headers::same_name(k, name))
        };
        let mut fixture = Capture::new(&capture.method, &capture.path, Vec::new(), Vec::new());
        fixture.id = capture.id.clone();
        fixture.received_at = capture.received_at.clone();
        fixture.headers = capture
            .headers
            .iter()
            .filter(|(n, _)| keep(n))
            .cloned()
            .collect();
        fixture.body = match &redacted {
            Some((bytes, _)) => bytes.clone(),
            None => capture.body.clone(),
        };
        let resigned = !receiver.is_empty();
        if resigned {
            let at = unix_time(&capture.received_at).unwrap_or(0);
            let id = format!("msg_{}", capture.id.replace('-', ""));
            fixture.headers = resign(&fixture, &routes, at, Some(id), true, &receiver)
                .map_err(|e| anyhow::anyhow!("{source}: {e}"))?;
        }
        // The exact bytes of values that are not UTF-8 follow their header, found by name and
        // text: dropping and re-signing move headers about.
        let mut taken = vec![false; fixture.headers.len()];
        for ((name, value), bytes) in capture.exact_values() {
            let at = fixture
                .headers
                .iter()
                .enumerate()
                .position(|(j, (n, v))| !taken[j] && *n == name && *v == value);
            if let Some(j) = at {
                taken[j] = true;
                fixture.header_bytes.push((j, bytes));
            }
        }
        fixture.header_bytes.sort_by_key(|(j, _)| *j);

        let stem = match &event {
            Some(e) => format!("{platform}-{}", name_part(e)),
            None => platform.to_string(),
        };
        let n = names.entry(stem.clone()).or_insert(0);
        *n += 1;
        let file = match *n {
            1 => format!("{stem}.json"),
            n => format!("{stem}-{n}.json"),
        };
        let target = args.out.join(&file);
        write(&target, &fixture.to_json_with(None))?;
        written += 1;
        let line = show::fixture::written(
            &target.display().to_string(),
            &source,
            redacted.as_ref().map(|(_, n)| *n),
            resigned,
        );
        out.write_all(line.as_bytes())?;
    }
    out.write_all(show::fixture::summary(written, skipped, unreadable).as_bytes())?;
    Ok(if unreadable > 0 {
        Outcome::Failed
    } else if skipped > 0 {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| {
        format!(
            "could not write '{}'",
            render::line(&path.display().to_string())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_readable_and_safe() {
        assert_eq!(name_part("pull_request.opened"), "pull-request-opened");
        assert_eq!(name_part("record.before.deleted"), "record-before-deleted");
        assert_eq!(name_part("/weather"), "weather");
        assert_eq!(name_part("orders/create"), "orders-create");
        assert_eq!(name_part("Push Hook"), "push-hook");
        assert_eq!(name_part("../../etc"), "etc");
        assert_eq!(name_part("///"), "delivery");
        assert_eq!(unix_time("2026-01-01T00:00:00.000Z"), Some(1_767_225_600));
    }
}
