//! `hookscope sign`: the headers that sign a payload, as lines, a curl command or a capture.

use std::io::Write;
use std::time::{Duration, UNIX_EPOCH};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::body::Body;
use crate::capture::Capture;
use crate::check::now_unix;
use crate::cli::{SignArgs, SignFormat};
use crate::curl;
use crate::exit::{Hinted, Outcome};
use crate::headers;
use crate::input;
use crate::scheme::{content_type, fresh_message_id, Headers, SignContext};
use crate::secret::NO_SECRET_HINT;

/// The output format asked for: `--url` alone means curl. A flag the chosen format would
/// ignore is refused rather than dropped in silence.
fn format_of(args: &SignArgs) -> Result<SignFormat> {
    let format = args.format.unwrap_or(if args.url.is_some() {
        SignFormat::Curl
    } else {
        SignFormat::Headers
    });
    if args.url.is_some() && format != SignFormat::Curl {
        return Err(Hinted::new(
            "--url is only used by --format curl",
            ["drop --url, or ask for --format curl"],
        )
        .into());
    }
    if args.path.is_some() && format != SignFormat::Capture && args.public_url.is_none() {
        return Err(Hinted::new(
            "--path is only written into --format capture",
            ["drop --path, or ask for --format capture (a curl command takes the path in --url), or give --public-url"],
        )
        .into());
    }
    Ok(format)
}

pub fn run(args: SignArgs) -> Result<Outcome> {
    let format = format_of(&args)?;
    let kind = args
        .hmac
        .scheme_with(Some(args.scheme))?
        .unwrap_or(args.scheme);
    let hmac = args.hmac.params();
    let scheme = kind.build(hmac.as_ref())?;
    if let Some((why, hints)) = scheme.not_signed() {
        return Err(Hinted::new(why, hints.iter().copied()).into());
    }
    let secrets = args.secrets.sources().resolve_env()?;
    if secrets.is_empty() {
        return Err(Hinted::new(
            "no secret given: sign needs the secret to sign with",
            [NO_SECRET_HINT],
        )
        .into());
    }
    let body = input::read(&args.body)?;
    let ctx = SignContext {
        timestamp: args.timestamp.unwrap_or_else(now_unix),
        id: args.id.clone().unwrap_or_else(fresh_message_id),
        url: args
            .public_url
            .as_ref()
            .map(|base| crate::config::join_url(base, args.path.as_deref().unwrap_or("/"))),
    };
    let mut headers: Headers = Vec::new();
    let given = headers::has(&args.request_headers, "content-type");
    if let Some(ct) = content_type(kind, &Body::new(&body)).filter(|_| !given) {
        headers.push(("Content-Type".into(), ct.into()));
    }
    headers.extend(args.request_headers.iter().cloned());
    headers.extend(scheme.sign_secrets(&body, &secrets, &ctx)?);

    let mut out = std::io::stdout().lock();
    match format {
        SignFormat::Headers => {
            for (name, value) in &headers {
                writeln!(out, "{name}: {value}")?;
            }
        }
        SignFormat::Curl => {
            let url = args
                .url
                .as_deref()
                .expect("clap requires --url with --format curl");
            // A file is named for curl to read (its name must be text to be written); standard
            // input's bytes go into the command.
            let file = (!input::is_stdin(&args.body))
                .then(|| args.body.to_str())
                .flatten();
            let request = curl::Request {
                method: "POST",
                url,
                headers: headers
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_bytes()))
                    .collect(),
                body: file.map_or(curl::Body::Bytes(&body), curl::Body::File),
            };
            let command = curl::command(&request).map_err(anyhow::Error::msg)?;
            out.write_all(command.as_bytes())?;
        }
        SignFormat::Capture => {
            let capture = made_capture(
                args.path.as_deref().unwrap_or("/"),
                headers,
                body.into_vec(),
                ctx.timestamp,
            );
            out.write_all(&capture.to_json())?;
        }
    }
    out.flush().context("could not write the headers")?;
    Ok(Outcome::Success)
}

/// A capture of the request made: received at the signing time, and its id made from that
/// time and what it holds, so that the same flags give the same bytes (`scripts/make-fixtures.sh` relies on
/// this).
fn made_capture(path: &str, headers: Headers, body: Vec<u8>, at: i64) -> Capture {
    let mut hash = Sha256::new();
    hash.update(at.to_be_bytes());
    for part in [path.as_bytes(), &body] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    for (name, value) in &headers {
        for part in [name.as_bytes(), value.as_bytes()] {
            hash.update((part.len() as u64).to_be_bytes());
            hash.update(part);
        }
    }
    let digest: [u8; 32] = hash.finalize().into();
    let bytes: [u8; 16] = digest[..16].try_into().expect("32 bytes");
    let mut capture = Capture::new("POST", path, headers, body);
    capture.id = uuid::Builder::from_custom_bytes(bytes)
        .into_uuid()
        .to_string();
    let when = UNIX_EPOCH + Duration::from_secs(at.max(0) as u64);
    capture.received_at = humantime::format_rfc3339_millis(when).to_string();
    capture
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capture_made_twice_is_the_same_bytes() {
        let make = |body: &[u8]| {
            made_capture(
                "/hooks",
                vec![("X-A".into(), "1".into())],
                body.to_vec(),
                1_767_225_600,
            )
        };
        let a = make(b"{}");
        assert_eq!(a.to_json(), make(b"{}").to_json());
        assert_ne!(a.id, make(b"{ }").id);
        let later = made_capture(
            "/hooks",
            vec![("X-A".into(), "1".into())],
            b"{}".to_vec(),
            1,
        );
        assert_ne!(a.id, later.id);
        assert_eq!(a.received_at, "2026-01-01T00:00:00.000Z");
        // A UUID of version 8 (made from custom bytes), so nothing takes it for a v7's time.
        assert_eq!(a.id.as_bytes()[14], b'8');
    }

    fn kind(name: &str) -> crate::scheme::Kind {
        crate::scheme::Kind::named(name).unwrap()
    }

    #[test]
    fn content_type_guess() {
        assert_eq!(
            content_type(kind("github"), &Body::new(b"{\"a\":1}")),
            Some("application/json")
        );
        assert_eq!(
            content_type(kind("slack"), &Body::new(b"x")),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(content_type(kind("blue"), &Body::new(b"\xff\x00")), None);
    }
}
