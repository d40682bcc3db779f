//! The command line, as clap derive types. Also the source of the shell completions and the
//! man page committed under `completions/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::render::ColorChoice;
use crate::scheme::{Algorithm, Encoding, HmacParams, Kind};
use crate::secret::{Secret, SecretSources};

pub const EXIT_CODES: &str = "\
Exit codes:
  0  every delivery checked is valid (verify), the headers were printed (sign)
  1  a negative verdict: some delivery is invalid (bad or missing signature, expired timestamp)
  2  usage or operational error: bad flag, no secret, unreadable or malformed file";

/// Check and sign webhooks locally.
///
/// hookscope verifies webhook signatures with clear reasons when they fail, and makes the
/// signature headers for hand-made or fixture payloads. It knows Bitrix24, Blue, Bpium, GitHub,
/// Stripe, Standard Webhooks/Svix, Slack, Shopify and any HMAC in a header you name. It needs no
/// account and talks to no cloud.
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
    /// Check the signatures of saved deliveries and fixtures (exit 0 valid, 1 invalid, 2 error).
    #[command(after_help = EXIT_CODES)]
    Verify(VerifyArgs),
    /// Make the signature headers for a payload: fixtures, hand-made requests.
    #[command(after_help = EXIT_CODES)]
    Sign(SignArgs),
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Not in this build yet: the local receiver.
    #[command(hide = true)]
    Listen {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
        rest: Vec<String>,
    },
    /// Not in this build yet: resend captured deliveries.
    #[command(hide = true)]
    Replay {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
        rest: Vec<String>,
    },
}

/// `--scheme` for commands that can recognise the scheme themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemeChoice {
    /// Pick the scheme from the headers present.
    Auto,
    /// Bitrix24 events re-signed by an integration: X-Bitrix-Signature, HMAC-SHA256 hex.
    Bitrix,
    /// Bitrix24 outgoing webhook: auth[application_token] in the form body.
    BitrixToken,
    /// Blue: X-Signature, HMAC-SHA256 hex.
    Blue,
    /// Bpium: X-Hook-Signature, HMAC-MD5 base64.
    Bpium,
    /// GitHub: X-Hub-Signature-256 (legacy X-Hub-Signature only when it is absent).
    Github,
    /// Stripe: Stripe-Signature t=…,v1=….
    Stripe,
    /// Standard Webhooks and Svix: webhook-id/-timestamp/-signature (or svix-*).
    #[value(alias = "svix")]
    Standard,
    /// Slack: X-Slack-Signature v0=… with X-Slack-Request-Timestamp.
    Slack,
    /// Shopify: X-Shopify-Hmac-Sha256, HMAC-SHA256 base64.
    Shopify,
    /// Any HMAC in a header you name (--header, --algorithm, --encoding, --prefix).
    Hmac,
}

impl SchemeChoice {
    /// The named scheme, or `None` for auto.
    pub fn kind(self) -> Option<Kind> {
        Some(match self {
            SchemeChoice::Auto => return None,
            SchemeChoice::Bitrix => Kind::Bitrix,
            SchemeChoice::BitrixToken => Kind::BitrixToken,
            SchemeChoice::Blue => Kind::Blue,
            SchemeChoice::Bpium => Kind::Bpium,
            SchemeChoice::Github => Kind::Github,
            SchemeChoice::Stripe => Kind::Stripe,
            SchemeChoice::Standard => Kind::Standard,
            SchemeChoice::Slack => Kind::Slack,
            SchemeChoice::Shopify => Kind::Shopify,
            SchemeChoice::Hmac => Kind::Hmac,
        })
    }
}

/// The generic `hmac` scheme's settings.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Generic HMAC (--scheme hmac)")]
pub struct HmacArgs {
    /// The header that carries the signature.
    #[arg(long, value_name = "NAME")]
    pub header: Option<String>,
    /// The MAC's hash.
    #[arg(long, value_enum, default_value_t = Algorithm::Sha256)]
    pub algorithm: Algorithm,
    /// How the MAC is written.
    #[arg(long, value_enum, default_value_t = Encoding::Hex)]
    pub encoding: Encoding,
    /// Text before the encoded MAC, such as 'sha256='.
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub prefix: String,
}

impl HmacArgs {
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
    /// A secret, as text (repeatable). Prefer --secret-env or --secret-file: other users can
    /// see command lines.
    #[arg(long = "secret", value_name = "VALUE", value_parser = parse_secret)]
    pub secret: Vec<Secret>,
    /// Read a secret from this environment variable (repeatable).
    #[arg(long = "secret-env", value_name = "NAME")]
    pub secret_env: Vec<String>,
    /// Read secrets from a file, one per line; '#' starts a comment (repeatable).
    #[arg(long = "secret-file", value_name = "PATH")]
    pub secret_file: Vec<PathBuf>,
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

/// The replay window of timestamped schemes (stripe, standard, slack).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Timestamps (stripe, standard, slack)")]
pub struct TimeArgs {
    /// How far a signed timestamp may be from now.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub tolerance: u64,
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
}

/// Check deliveries: capture files and directories of them, or a raw body with its headers.
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  hookscope verify --secret-file fixtures/secrets.txt --no-tolerance fixtures/
  hookscope verify --scheme github --secret-env GITHUB_WEBHOOK_SECRET --body payload.json \\
      -H 'X-Hub-Signature-256: sha256=…'")]
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

    /// The signature scheme.
    #[arg(long, value_enum, default_value_t = SchemeChoice::Auto)]
    pub scheme: SchemeChoice,

    /// Output format.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Human)]
    pub format: VerifyFormat,

    #[command(flatten)]
    pub secrets: SecretArgs,

    #[command(flatten)]
    pub time: TimeArgs,

    #[command(flatten)]
    pub hmac: HmacArgs,
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
    /// A capture file, as listen writes and verify reads.
    Capture,
}

/// Make the headers that sign a payload.
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:
  hookscope sign --scheme github --secret-env GITHUB_WEBHOOK_SECRET --body payload.json
  hookscope sign --scheme stripe --secret-env STRIPE_WEBHOOK_SECRET --body event.json \\
      --format curl --url http://127.0.0.1:8080/hooks/stripe")]
pub struct SignArgs {
    /// The signature scheme.
    #[arg(long, value_enum)]
    pub scheme: Kind,

    /// The payload to sign ('-' reads standard input).
    #[arg(long, value_name = "FILE|-", default_value = "-")]
    pub body: PathBuf,

    /// The signed timestamp (stripe, standard, slack); defaults to now.
    #[arg(long, value_name = "UNIX")]
    pub timestamp: Option<i64>,

    /// The message id (standard); defaults to a fresh one.
    #[arg(long, value_name = "MSG_ID")]
    pub id: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = SignFormat::Headers)]
    pub format: SignFormat,

    /// Where the curl command sends the request (--format curl).
    #[arg(long, value_name = "URL", required_if_eq("format", "curl"))]
    pub url: Option<String>,

    /// The request path written into a capture (--format capture).
    #[arg(long, value_name = "PATH", default_value = "/")]
    pub path: String,

    /// Another header to send, 'Name: value' (repeatable): X-GitHub-Event, a User-Agent…
    #[arg(short = 'H', long = "request-header", value_name = "HEADER", value_parser = parse_header)]
    pub request_headers: Vec<(String, String)>,

    #[command(flatten)]
    pub secrets: SecretArgs,

    #[command(flatten)]
    pub hmac: HmacArgs,
}

/// Every generated file under `completions/`: the five shells' scripts and the man pages.
pub fn generated_files() -> Vec<(String, Vec<u8>)> {
    use clap::CommandFactory;
    let mut files = Vec::new();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Elvish,
        Shell::PowerShell,
    ] {
        let mut cmd = Cli::command();
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut cmd, "hookscope", &mut buf);
        let name = match shell {
            Shell::Bash => "hookscope.bash",
            Shell::Zsh => "_hookscope",
            Shell::Fish => "hookscope.fish",
            Shell::Elvish => "hookscope.elv",
            _ => "_hookscope.ps1",
        };
        files.push((name.to_string(), buf));
    }
    let cmd = Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut page)
        .expect("writing to a Vec cannot fail");
    files.push(("hookscope.1".to_string(), page));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("hookscope-{}", sub.get_name());
        let mut page = Vec::new();
        clap_mangen::Man::new(sub.clone().name(name.clone()))
            .render(&mut page)
            .expect("writing to a Vec cannot fail");
        files.push((format!("{name}.1"), page));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
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
