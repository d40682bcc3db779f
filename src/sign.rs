//! `hookscope sign`: the headers that sign a payload, as lines, a curl command or a capture.

use std::io::Write;

use anyhow::{Context, Result};

use crate::capture::Capture;
use crate::check::now_unix;
use crate::cli::{SignArgs, SignFormat};
use crate::curl::shell_quote;
use crate::exit::{Hinted, Outcome};
use crate::headers;
use crate::input;
use crate::scheme::{content_type, fresh_message_id, signing_keys, Headers, Kind, SignContext};
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
    if args.path.is_some() && format != SignFormat::Capture {
        return Err(Hinted::new(
            "--path is only written into --format capture",
            ["drop --path, or ask for --format capture (a curl command takes the path in --url)"],
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
    if kind == Kind::BitrixToken {
        return Err(Hinted::new(
            crate::scheme::BITRIX_NOT_A_SIGNATURE,
            [
                "put the token in the form body instead: ...&auth%5Bapplication_token%5D=<token> (auth[application_token], URL-encoded)",
                "then check it with: hookscope verify --scheme bitrix-token --secret-env BITRIX_TOKEN --body FILE",
            ],
        )
        .into());
    }
    let hmac = args.hmac.params();
    let scheme = kind.build(hmac.as_ref())?;
    let secrets = args.secrets.sources().resolve_env()?;
    if secrets.is_empty() {
        return Err(Hinted::new(
            "no secret given: sign needs the secret to sign with",
            [NO_SECRET_HINT],
        )
        .into());
    }
    let keys = signing_keys(scheme.as_ref(), &secrets)?;
    let body = input::read(&args.body)?;
    let ctx = SignContext {
        timestamp: args.timestamp.unwrap_or_else(now_unix),
        id: args.id.clone().unwrap_or_else(fresh_message_id),
    };
    let mut headers: Headers = Vec::new();
    let given = headers::has(&args.request_headers, "content-type");
    if let Some(ct) = content_type(kind, &body).filter(|_| !given) {
        headers.push(("Content-Type".into(), ct.into()));
    }
    headers.extend(args.request_headers.iter().cloned());
    headers.extend(
        scheme
            .sign(&body, &keys, &ctx)
            .map_err(anyhow::Error::msg)?,
    );

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
            let data = if input::is_stdin(&args.body) {
                let text = std::str::from_utf8(&body)
                    .ok()
                    .filter(|t| !t.contains('\0'))
                    .ok_or_else(|| Hinted::new("a binary body from standard input cannot be written into a curl command", ["save it to a file and pass --body FILE"]))?;
                shell_quote(text)
            } else {
                format!("@{}", shell_quote(&args.body.display().to_string()))
            };
            writeln!(out, "curl -sS -X POST {} \\", shell_quote(url))?;
            for (name, value) in &headers {
                writeln!(out, "  -H {} \\", shell_quote(&format!("{name}: {value}")))?;
            }
            writeln!(out, "  --data-binary {data}")?;
        }
        SignFormat::Capture => {
            let capture = Capture::new(
                "POST",
                args.path.as_deref().unwrap_or("/"),
                headers,
                body.into_vec(),
            );
            out.write_all(&capture.to_json())?;
        }
    }
    out.flush().context("could not write the headers")?;
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoting() {
        assert_eq!(
            shell_quote("http://127.0.0.1:8080/x"),
            "http://127.0.0.1:8080/x"
        );
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn content_type_guess() {
        assert_eq!(
            content_type(Kind::Github, b"{\"a\":1}"),
            Some("application/json")
        );
        assert_eq!(
            content_type(Kind::Slack, b"x"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(content_type(Kind::Blue, b"\xff\x00"), None);
    }
}
