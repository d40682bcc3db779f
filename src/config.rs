//! `--config FILE`: the endpoints a team receives webhooks on, in TOML. Each endpoint has a path
//! (exact, or a prefix ending in `*`), a scheme, where its secret is (environment variable or
//! file; never the secret itself), its public keys for schemes that sign with a private key
//! (`public_key`, written in the file as they are public, `public_key_env`, `public_key_file`),
//! and an ordered list of rules that decide the answer.
//!
//! ```toml
//! [[endpoint]]
//! path = "/hooks/bpium"
//! scheme = "bpium"
//! secret_env = "BPIUM_SECRET"     # or secret_file; verify_token_env / verify_token_file for Meta
//! default = "approve"            # approve | reject | ask, for request-type events
//!
//! [[endpoint.rule]]
//! event = "record.before.deleted"
//! when = { "/payload/catalogId" = "12" }
//! decision = "reject"
//! message = { title = "Not allowed", text = "Orders cannot be deleted" }
//!
//! [[endpoint.rule]]
//! event = "record.updating"
//! values = { "3" = "42" }
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::ValueEnum;
use serde::Deserialize;
use serde_json::Value;
use toml::Spanned;

use crate::scheme::{Algorithm, Encoding, HmacParams, Kind, SchemeChoice};
use crate::secret::{PublicKey, PublicKeySources, SecretSources};

/// The generic `hmac` scheme's hash when neither `--algorithm` nor the endpoint's `algorithm`
/// names one. `--algorithm`'s default is this constant too: one default for both.
pub const HMAC_ALGORITHM: Algorithm = Algorithm::Sha256;

/// How the generic `hmac` scheme's MAC is written when neither `--encoding` nor the
/// endpoint's `encoding` says.
pub const HMAC_ENCODING: Encoding = Encoding::Hex;

/// `--public-url`: an http(s) URL the platform calls, without a query (the request's path and
/// query are added to it, see [`join_url`]); kept as written.
pub fn parse_public_url(s: &str) -> Result<String, String> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or("an http:// or https:// URL, such as https://abc123.ngrok.app")?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err("a URL with a host, such as https://abc123.ngrok.app".into());
    }
    if s.contains(['?', '#']) || s.contains(char::is_whitespace) {
        return Err("a URL without a query, a fragment or spaces: the request's path and query are added to it".into());
    }
    Ok(s.to_string())
}

/// The URL a request to `target` (path and query) reached, from the public address: one `/`
/// between them, however either is written.
pub fn join_url(base: &str, target: &str) -> String {
    match (base.ends_with('/'), target.strip_prefix('/')) {
        (true, Some(rest)) => format!("{base}{rest}"),
        (false, None) if !target.is_empty() => format!("{base}/{target}"),
        _ => format!("{base}{target}"),
    }
}

/// What a rule (or an endpoint's default) answers.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleAnswer {
    Approve,
    /// Reject, with the message shown to the user of the sending platform.
    Reject(Option<Value>),
    /// Field values to fill in (Bpium `record.updating`), with an optional message.
    Values {
        values: Value,
        message: Option<Value>,
    },
    /// An explicit answer.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
}

/// The default answer to request-type events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decide {
    Approve,
    Reject,
    /// Ask on the terminal (and the inspector's page, with --ui), with a deadline.
    Ask,
}

#[derive(Debug, Clone)]
pub struct Rule {
    /// 1-based position in its endpoint, for display.
    pub number: usize,
    pub event: Option<String>,
    /// JSON pointer into the decoded body, and the value it must hold.
    pub when: Vec<(String, Value)>,
    pub outcome: RuleAnswer,
}

#[derive(Debug, Clone)]
pub struct Endpoint {
    pub path: String,
    /// The config line its `[[endpoint]]` table starts on, for messages.
    pub line: usize,
    pub scheme: Option<Kind>,
    pub hmac: Option<HmacParams>,
    pub secrets: SecretSources,
    /// Where Meta's verify token for this endpoint comes from.
    pub verify_tokens: SecretSources,
    /// The address the platform calls for this endpoint (`public_url`), for schemes that sign
    /// the URL.
    pub public_url: Option<String>,
    pub public_keys: PublicKeySources,
    pub default: Option<Decide>,
    pub reject_message: Option<Value>,
    pub forward_to: Option<String>,
    pub rules: Vec<Rule>,
}

impl Endpoint {
    /// Whether a request path (query ignored) belongs to this endpoint.
    pub fn serves(&self, path: &str) -> bool {
        let path = path.split('?').next().unwrap_or(path);
        // A request target may be in absolute form (`POST http://host/hooks/x`): its path is
        // what an endpoint serves.
        let path = match path.split_once("://") {
            Some((scheme, rest)) if !scheme.contains('/') => {
                rest.find('/').map_or("/", |i| &rest[i..])
            }
            _ => path,
        };
        let (path, own) = (percent_encoded(path), percent_encoded(&self.path));
        match own.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            // A trailing slash on either side is the same endpoint.
            None => path.trim_end_matches('/') == own.trim_end_matches('/'),
        }
    }

    /// Whether the config names a secret for it (without one its signatures are not checked;
    /// an endpoint never falls back to HOOKSCOPE_SECRET).
    pub fn has_secret(&self) -> bool {
        !(self.secrets.env.is_empty() && self.secrets.files.is_empty())
    }

    /// Whether the config names a secret or a public key for it: without either, its
    /// signatures are not checked.
    pub fn has_keys(&self) -> bool {
        self.has_secret() || !self.public_keys.is_empty()
    }

    /// The first rule that matches an event and decoded body.
    pub fn rule_for(&self, event: Option<&str>, body: Option<&Value>) -> Option<&Rule> {
        self.rules.iter().find(|r| r.matches(event, body))
    }
}

/// A path with every byte above 0x7F percent-encoded and every escape in upper case, so that
/// `/hooks/é` (as curl sends it), `/hooks/%C3%A9` and `/hooks/%c3%a9` (as HTTP libraries send it)
/// are one path, and a config may name it either way.
fn percent_encoded(path: &str) -> std::borrow::Cow<'_, str> {
    if path.is_ascii() && !path.contains('%') {
        return std::borrow::Cow::Borrowed(path);
    }
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len() + 8);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b >= 0x80 {
            out.push_str(&format!("%{b:02X}"));
        } else if b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
        {
            out.push('%');
            out.push(bytes[i + 1].to_ascii_uppercase() as char);
            out.push(bytes[i + 2].to_ascii_uppercase() as char);
            i += 2;
        } else {
            out.push(b as char);
        }
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

impl Rule {
    pub fn matches(&self, event: Option<&str>, body: Option<&Value>) -> bool {
        if let Some(pattern) = &self.event {
            if !event.is_some_and(|e| crate::glob::matches(pattern, e)) {
                return false;
            }
        }
        self.when.iter().all(|(pointer, want)| {
            let Some(got) = body.and_then(|b| b.pointer(pointer)) else {
                return false;
            };
            match (want, got) {
                // A string in the config matches a JSON scalar written that way ("12" ~ 12).
                (Value::String(w), Value::String(g)) => w == g,
                (Value::String(w), g @ (Value::Number(_) | Value::Bool(_))) => {
                    w.as_str() == g.to_string().as_str()
                }
                // And the other way round: 12 in the config matches "12" in the body.
                (w @ (Value::Number(_) | Value::Bool(_)), Value::String(g)) => {
                    w.to_string().as_str() == g.as_str()
                }
                (w, g) => w == g,
            }
        })
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub endpoints: Vec<Endpoint>,
}

impl Config {
    pub fn endpoint_for(&self, path: &str) -> Option<&Endpoint> {
        self.endpoints.iter().find(|e| e.serves(path))
    }

    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("could not read config '{}'", path.display()))?;
        let base = path.parent().unwrap_or(Path::new("."));
        Config::parse(&text, base)
            .map(|endpoints| Config {
                path: path.to_path_buf(),
                endpoints,
            })
            .with_context(|| format!("bad config '{}'", path.display()))
    }

    /// Parses config text; relative secret files are taken from `base`.
    pub fn parse(text: &str, base: &Path) -> Result<Vec<Endpoint>> {
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| anyhow::anyhow!("{}", e.to_string().trim_end()))?;
        if raw.endpoint.is_empty() {
            anyhow::bail!("no [[endpoint]] table: a config describes at least one endpoint");
        }
        let endpoints = raw
            .endpoint
            .into_iter()
            .map(|e| build_endpoint(e, text, base))
            .collect::<Result<Vec<_>>>()?;
        refuse_shadowed(&endpoints)?;
        Ok(endpoints)
    }
}

/// The first endpoint that serves a path wins, so an endpoint whose every path an earlier one
/// already serves would never see a delivery: refuse it rather than ignore it in silence.
fn refuse_shadowed(endpoints: &[Endpoint]) -> Result<()> {
    for (j, later) in endpoints.iter().enumerate() {
        let covering = endpoints[..j].iter().find(|earlier| {
            match (earlier.path.strip_suffix('*'), later.path.strip_suffix('*')) {
                (Some(prefix), Some(p)) => p.starts_with(prefix),
                // An exact path also serves itself with or without its trailing slash.
                (Some(prefix), None) => [later.path.as_str(), later.path.trim_end_matches('/')]
                    .iter()
                    .all(|p| p.is_empty() || p.starts_with(prefix)),
                (None, Some(_)) => false,
                (None, None) => earlier.serves(&later.path),
            }
        });
        if let Some(earlier) = covering {
            anyhow::bail!(
                "line {}: endpoint {} is never reached: the endpoint {} on line {} already serves every path it would (the first endpoint that serves a path wins; put the more specific one first, or merge them)",
                later.line,
                later.path,
                earlier.path,
                earlier.line
            );
        }
    }
    Ok(())
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn at<T>(text: &str, s: &Spanned<T>, msg: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("line {}: {msg}", line_of(text, s.span().start))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    endpoint: Vec<Spanned<RawEndpoint>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEndpoint {
    path: Spanned<String>,
    scheme: Option<Spanned<String>>,
    secret_env: Option<String>,
    secret_file: Option<PathBuf>,
    verify_token_env: Option<String>,
    verify_token_file: Option<PathBuf>,
    public_url: Option<Spanned<String>>,
    public_key: Option<OneOrMore>,
    public_key_env: Option<String>,
    public_key_file: Option<PathBuf>,
    header: Option<String>,
    algorithm: Option<Algorithm>,
    encoding: Option<Encoding>,
    prefix: Option<String>,
    default: Option<Decide>,
    reject_message: Option<Message>,
    forward_to: Option<String>,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
}

/// A public key, or a list of them (rotation).
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMore {
    One(String),
    More(Vec<String>),
}

#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum Message {
    Text(String),
    Titled { title: String, text: String },
}

impl Message {
    fn json(self) -> Value {
        match self {
            Message::Text(t) => Value::String(t),
            Message::Titled { title, text } => serde_json::json!({ "title": title, "text": text }),
        }
    }
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum RawDecision {
    Approve,
    Reject,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    event: Option<String>,
    #[serde(default)]
    when: BTreeMap<String, toml::Value>,
    decision: Option<RawDecision>,
    message: Option<Message>,
    values: Option<toml::Table>,
    status: Option<u16>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    body: Option<String>,
}

fn build_endpoint(spanned: Spanned<RawEndpoint>, text: &str, base: &Path) -> Result<Endpoint> {
    let span_start = spanned.span().start;
    let e = spanned.into_inner();
    let path = e.path.get_ref().clone();
    if !path.starts_with('/') {
        return Err(at(
            text,
            &e.path,
            format!("path '{path}' must start with '/'"),
        ));
    }
    if path.strip_suffix('*').unwrap_or(&path).contains('*') {
        return Err(at(text, &e.path, "'*' may only end a path (a prefix)"));
    }
    let scheme = match &e.scheme {
        None => None,
        Some(s) => SchemeChoice::from_str(s.get_ref(), true)
            .map_err(|_| {
                let names: Vec<_> = SchemeChoice::value_variants()
                    .iter()
                    .filter_map(|v| v.to_possible_value())
                    .map(|v| v.get_name().to_string())
                    .collect();
                at(
                    text,
                    s,
                    format!(
                        "unknown scheme '{}' (known: {})",
                        s.get_ref(),
                        names.join(", ")
                    ),
                )
            })?
            .kind(),
    };
    let hmac = match (&scheme, &e.header) {
        (Some(k), None) if *k == Kind::HMAC => {
            let line = line_of(text, span_start);
            anyhow::bail!("line {line}: endpoint {path}: scheme \"hmac\" needs header = \"NAME\"");
        }
        (_, Some(header)) => Some(HmacParams {
            header: header.clone(),
            algorithm: e.algorithm.unwrap_or(HMAC_ALGORITHM),
            encoding: e.encoding.unwrap_or(HMAC_ENCODING),
            prefix: e.prefix.clone().unwrap_or_default(),
        }),
        _ => None,
    };
    let relative = |f: PathBuf| if f.is_absolute() { f } else { base.join(f) };
    let secrets = SecretSources {
        literal: Vec::new(),
        env: e.secret_env.into_iter().collect(),
        files: e.secret_file.into_iter().map(relative).collect(),
    };
    let verify_tokens = SecretSources {
        literal: Vec::new(),
        env: e.verify_token_env.into_iter().collect(),
        files: e.verify_token_file.into_iter().map(relative).collect(),
    };
    let public_url = match e.public_url {
        Some(u) => Some(parse_public_url(u.get_ref()).map_err(|why| {
            at(
                text,
                &u,
                format!("endpoint {path}: public_url must be {why}"),
            )
        })?),
        None => None,
    };
    let public_keys = PublicKeySources {
        literal: match e.public_key {
            None => Vec::new(),
            Some(OneOrMore::One(k)) => vec![PublicKey::new(k)],
            Some(OneOrMore::More(ks)) => ks.into_iter().map(PublicKey::new).collect(),
        },
        env: e.public_key_env.into_iter().collect(),
        files: e.public_key_file.into_iter().map(relative).collect(),
    };
    let mut rules = Vec::new();
    for (i, r) in e.rule.into_iter().enumerate() {
        let line = line_of(text, r.span().start);
        let r = r.into_inner();
        let outcome = match (r.decision, r.values, r.status) {
            (Some(RawDecision::Approve), None, None) => RuleAnswer::Approve,
            (Some(RawDecision::Reject), None, None) => RuleAnswer::Reject(r.message.map(Message::json)),
            (None, Some(values), None) => RuleAnswer::Values {
                values: serde_json::to_value(values).context("values")?,
                message: r.message.map(Message::json),
            },
            (None, None, Some(status)) => {
                if !(100..=599).contains(&status) || status == 410 {
                    anyhow::bail!("line {line}: status {status} is not allowed (100-599, and never 410: Bpium deletes the subscription on a 410)");
                }
                RuleAnswer::Respond {
                    status,
                    headers: r.headers.into_iter().collect(),
                    body: r.body.unwrap_or_default(),
                }
            }
            _ => anyhow::bail!(
                "line {line}: a rule gives exactly one of: decision = \"approve\" | \"reject\", values = {{ … }}, status = N"
            ),
        };
        let mut when = Vec::new();
        for (pointer, value) in r.when {
            if !pointer.starts_with('/') {
                anyhow::bail!("line {line}: '{pointer}' is not a JSON pointer (they start with '/', like \"/payload/catalogId\")");
            }
            when.push((pointer, serde_json::to_value(value).context("when")?));
        }
        rules.push(Rule {
            number: i + 1,
            event: r.event,
            when,
            outcome,
        });
    }
    Ok(Endpoint {
        path,
        line: line_of(text, span_start),
        scheme,
        hmac,
        secrets,
        verify_tokens,
        public_url,
        public_keys,
        default: e.default,
        reject_message: e.reject_message.map(Message::json),
        forward_to: e.forward_to,
        rules,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SAMPLE: &str = r#"
[[endpoint]]
path = "/hooks/bpium"
scheme = "bpium"
secret_env = "BPIUM_SECRET"
default = "approve"

[[endpoint.rule]]
event = "record.before.deleted"
when = { "/payload/catalogId" = "12" }
decision = "reject"
message = { title = "Not allowed", text = "Orders cannot be deleted" }

[[endpoint.rule]]
event = "record.updating"
values = { "3" = "42" }
message = "filled in"

[[endpoint.rule]]
status = 202
headers = { "X-Handled-By" = "hookscope" }
body = "accepted"

[[endpoint]]
path = "/hooks/*"
secret_file = "secrets.txt"
"#;

    #[test]
    fn a_public_url_and_a_target_meet_at_one_slash() {
        assert_eq!(
            join_url("https://a.example", "/hooks?x=1"),
            "https://a.example/hooks?x=1"
        );
        assert_eq!(
            join_url("https://a.example/", "/hooks"),
            "https://a.example/hooks"
        );
        assert_eq!(
            join_url("https://a.example/base", "/"),
            "https://a.example/base/"
        );
        assert_eq!(join_url("https://a.example/", "/"), "https://a.example/");
        assert_eq!(
            parse_public_url("https://a.example/").as_deref(),
            Ok("https://a.example/")
        );
        assert!(parse_public_url("a.example").is_err());
        assert!(parse_public_url("https://a.example/x?y=1").is_err());
        assert!(parse_public_url("https:///x").is_err());
    }

    #[test]
    fn an_endpoint_names_where_its_verify_token_is() {
        let eps = Config::parse(
            "[[endpoint]]\npath = \"/meta\"\nscheme = \"meta\"\nsecret_env = \"APP_SECRET\"\nverify_token_env = \"META_VERIFY\"\nverify_token_file = \"token.txt\"\n",
            Path::new("/etc/team"),
        )
        .unwrap();
        assert_eq!(eps[0].verify_tokens.env, ["META_VERIFY"]);
        assert_eq!(
            eps[0].verify_tokens.files,
            [PathBuf::from("/etc/team/token.txt")]
        );
        assert!(eps[0].verify_tokens.literal.is_empty());
    }

    #[test]
    fn parses_endpoints_and_rules() {
        let eps = Config::parse(SAMPLE, Path::new("/etc/team")).unwrap();
        assert_eq!(eps.len(), 2);
        let bp = &eps[0];
        assert_eq!(bp.scheme, Kind::named("bpium"));
        assert_eq!(bp.secrets.env, vec!["BPIUM_SECRET".to_string()]);
        assert_eq!(bp.rules.len(), 3);
        assert_eq!(
            bp.rules[0].outcome,
            RuleAnswer::Reject(Some(
                json!({"title":"Not allowed","text":"Orders cannot be deleted"})
            ))
        );
        assert_eq!(
            bp.rules[1].outcome,
            RuleAnswer::Values {
                values: json!({"3":"42"}),
                message: Some(json!("filled in"))
            }
        );
        assert!(matches!(
            bp.rules[2].outcome,
            RuleAnswer::Respond { status: 202, .. }
        ));
        assert_eq!(
            eps[1].secrets.files,
            vec![PathBuf::from("/etc/team/secrets.txt")]
        );
        assert_eq!(eps[1].scheme, None);
    }

    #[test]
    fn paths_and_rules_match() {
        let eps = Config::parse(SAMPLE, Path::new(".")).unwrap();
        let cfg = Config {
            path: "x".into(),
            endpoints: eps,
        };
        assert_eq!(
            cfg.endpoint_for("/hooks/bpium?x=1").unwrap().path,
            "/hooks/bpium"
        );
        assert_eq!(cfg.endpoint_for("/hooks/other").unwrap().path, "/hooks/*");
        assert!(cfg.endpoint_for("/elsewhere").is_none());
        let bp = &cfg.endpoints[0];
        let body = json!({"payload": {"catalogId": "12"}});
        assert_eq!(
            bp.rule_for(Some("record.before.deleted"), Some(&body))
                .unwrap()
                .number,
            1
        );
        let other = json!({"payload": {"catalogId": 13}});
        assert_eq!(
            bp.rule_for(Some("record.before.deleted"), Some(&other))
                .unwrap()
                .number,
            3
        );
        let numeric = json!({"payload": {"catalogId": 12}});
        assert_eq!(
            bp.rule_for(Some("record.before.deleted"), Some(&numeric))
                .unwrap()
                .number,
            1
        );
    }

    #[test]
    fn public_keys_are_written_in_the_config_or_read_from_env_and_files() {
        let text = "[[endpoint]]\npath = \"/discord\"\nscheme = \"discord\"\npublic_key = \"d75a98\"\n\n[[endpoint]]\npath = \"/sendgrid\"\npublic_key = [\"old\", \"new\"]\npublic_key_env = \"SG_KEY\"\npublic_key_file = \"keys.txt\"\n";
        let eps = Config::parse(text, Path::new("/etc/team")).unwrap();
        assert_eq!(eps[0].public_keys.literal, [PublicKey::new("d75a98")]);
        assert!(eps[0].has_keys() && !eps[0].has_secret());
        let sg = &eps[1].public_keys;
        assert_eq!(sg.literal, [PublicKey::new("old"), PublicKey::new("new")]);
        assert_eq!(sg.env, ["SG_KEY"]);
        assert_eq!(sg.files, [PathBuf::from("/etc/team/keys.txt")]);
        let plain = Config::parse("[[endpoint]]\npath = \"/x\"\n", Path::new(".")).unwrap();
        assert!(!plain[0].has_keys());
    }

    #[test]
    fn an_hmac_endpoint_takes_the_flags_defaults() {
        let text = "[[endpoint]]\npath = \"/x\"\nscheme = \"hmac\"\nheader = \"X-Sig\"\n";
        let hmac = Config::parse(text, Path::new(".")).unwrap()[0]
            .hmac
            .clone()
            .unwrap();
        assert_eq!(hmac.header, "X-Sig");
        assert_eq!(hmac.algorithm, Algorithm::Sha256);
        assert_eq!(hmac.encoding, Encoding::Hex);
        assert_eq!(hmac.prefix, "");
    }

    #[test]
    fn errors_name_the_line() {
        let err = |t: &str| format!("{:#}", Config::parse(t, Path::new(".")).unwrap_err());
        let e = err("[[endpoint]]\npath = \"/x\"\nscheme = \"bpiumm\"\n");
        assert!(
            e.contains("line 3") && e.contains("unknown scheme 'bpiumm'"),
            "{e}"
        );
        let e = err("[[endpoint]]\npath = \"/x\"\n\n[[endpoint.rule]]\ndecision = \"reject\"\nstatus = 403\n");
        assert!(e.contains("line 4") && e.contains("exactly one of"), "{e}");
        let e = err("[[endpoint]]\npath = \"/x\"\nsecret = \"literal\"\n");
        assert!(
            e.contains("line 3") && e.contains("unknown field `secret`"),
            "{e}"
        );
        let e = err("[[endpoint]]\npath = \"x\"\n");
        assert!(
            e.contains("line 2") && e.contains("must start with '/'"),
            "{e}"
        );
        let e = err("[[endpoint]]\npath = \"/x\"\n[[endpoint.rule]]\nstatus = 410\n");
        assert!(e.contains("never 410"), "{e}");
        let e = err("[[endpoint]]\npath = \"/x\"\nscheme = \"hmac\"\n");
        assert!(e.contains("needs header"), "{e}");
        assert!(err("").contains("no [[endpoint]]"));
        assert!(Config::parse("[[endpoint]]\npath = \"/hooks/é\"\n", Path::new(".")).is_ok());
    }

    #[test]
    fn a_number_in_when_matches_the_same_number_written_as_a_string() {
        let text = "[[endpoint]]\npath = \"/b\"\n[[endpoint.rule]]\nwhen = { \"/id\" = 12, \"/ok\" = true }\ndecision = \"reject\"\n";
        let e = &Config::parse(text, Path::new(".")).unwrap()[0];
        for body in [
            json!({"id": "12", "ok": "true"}),
            json!({"id": 12, "ok": true}),
        ] {
            assert!(e.rule_for(None, Some(&body)).is_some(), "{body}");
        }
        assert!(e
            .rule_for(None, Some(&json!({"id": "13", "ok": true})))
            .is_none());
    }

    /// A rule's pointer reaches into JSON held in a form field (GitHub's `payload=`).
    #[test]
    fn when_reaches_into_json_in_a_form_field() {
        let text = "[[endpoint]]\npath = \"/g\"\n[[endpoint.rule]]\nwhen = { \"/payload/action\" = \"edited\" }\ndecision = \"reject\"\n";
        let e = &Config::parse(text, Path::new(".")).unwrap()[0];
        let body = crate::body::Body::new(b"payload=%7B%22action%22%3A%22edited%22%7D");
        assert!(e.rule_for(None, body.tree()).is_some());
        let other = crate::body::Body::new(b"payload=%7B%22action%22%3A%22opened%22%7D");
        assert!(e.rule_for(None, other.tree()).is_none());
    }

    #[test]
    fn a_path_with_non_ascii_characters_matches_its_percent_encoded_form() {
        let mut e = Config::parse("[[endpoint]]\npath = \"/hooks/é\"\n", Path::new(".")).unwrap()
            [0]
        .clone();
        for path in [
            "/hooks/é",
            "/hooks/%C3%A9",
            "/hooks/%c3%a9?x=1",
            "/hooks/%C3%A9/",
        ] {
            assert!(e.serves(path), "{path}");
        }
        assert!(!e.serves("/hooks/e"));
        e.path = "/hooks/%c3%a9*".into();
        assert!(e.serves("/hooks/é/deals"));
    }

    #[test]
    fn an_absolute_form_target_is_served_by_its_path() {
        let e =
            &Config::parse("[[endpoint]]\npath = \"/hooks/bpium\"\n", Path::new(".")).unwrap()[0];
        assert!(e.serves("http://127.0.0.1/hooks/bpium"));
        assert!(e.serves("https://example.com:8443/hooks/bpium?x=1"));
        assert!(!e.serves("http://127.0.0.1/hooks/bpium/other"));
        assert!(!e.serves("/other?next=http://x/hooks/bpium"));
    }

    #[test]
    fn an_endpoint_an_earlier_one_covers_is_refused() {
        let err = |t: &str| format!("{:#}", Config::parse(t, Path::new(".")).unwrap_err());
        let e = err("[[endpoint]]\npath = \"/a\"\n\n[[endpoint]]\npath = \"/a/\"\n");
        assert!(
            e.contains("line 4: endpoint /a/ is never reached") && e.contains("/a on line 1"),
            "{e}"
        );
        let e = err("[[endpoint]]\npath = \"/hooks/*\"\n[[endpoint]]\npath = \"/hooks/bpium\"\n");
        assert!(
            e.contains("line 3: endpoint /hooks/bpium is never reached"),
            "{e}"
        );
        let e = err("[[endpoint]]\npath = \"/h*\"\n[[endpoint]]\npath = \"/hooks/*\"\n");
        assert!(e.contains("line 3"), "{e}");
        // The specific one first is fine, and so are an exact path and a prefix that merely share
        // a start.
        for ok in [
            "[[endpoint]]\npath = \"/hooks/bpium\"\n[[endpoint]]\npath = \"/hooks/*\"\n",
            "[[endpoint]]\npath = \"/hooks\"\n[[endpoint]]\npath = \"/hooks/*\"\n",
            "[[endpoint]]\npath = \"/hooks/*\"\n[[endpoint]]\npath = \"/hooks/\"\n",
        ] {
            assert!(Config::parse(ok, Path::new(".")).is_ok(), "{ok}");
        }
    }
}

#[cfg(test)]
mod example {
    /// The example the README points to must stay valid.
    #[test]
    fn examples_bpium_toml_parses() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/bpium.toml");
        let cfg = super::Config::load(&path).unwrap();
        assert_eq!(cfg.endpoints.len(), 2);
        assert_eq!(cfg.endpoints[0].rules.len(), 2);
    }
}
