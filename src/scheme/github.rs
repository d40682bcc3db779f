//! `github`: X-Hub-Signature-256 (`sha256=` + hex HMAC-SHA256). The legacy X-Hub-Signature
//! (`sha1=` + hex HMAC-SHA1) is read only when the SHA-256 header is absent, never as a second
//! chance when the SHA-256 one fails.

use super::one_header::OneHeader;
use super::platform::{Detect, Platform, Row, Sample};
use super::{Algorithm, Encoding, Failure, Found, Headers, Kind, Request, Scheme, SignContext};

pub static PLATFORM: Platform = Platform {
    name: "github",
    about: "GitHub: X-Hub-Signature-256 (legacy X-Hub-Signature only when it is absent)",
    row: Row {
        platform: "GitHub",
        headers: "`X-Hub-Signature-256` (legacy `X-Hub-Signature` only when it is absent)",
        signed: "body",
        encoding: "`sha256=` + hex",
        window: "none",
        event: "`X-GitHub-Event` (+ `.action`)",
    },
    // Meta, Intercom and Bitbucket send headers of the same names; GitHub's own sign is
    // X-GitHub-Event.
    detect: Some(Detect {
        headers: &["X-Hub-Signature-256", "X-Hub-Signature"],
        body: None,
        test: Some(|r| Ok(r.has("x-github-event"))),
    }),
    event: |r| {
        let event = r.header("x-github-event")?;
        // A form delivery (GitHub's application/x-www-form-urlencoded content type) holds the
        // event as JSON in `payload`.
        let action = r
            .body
            .string(&["action"])
            .or_else(|| r.body.string(&["payload", "action"]));
        Some(match action {
            Some(action) => format!("{event}.{action}"),
            None => event,
        })
    },
    delivery_id: |r| r.header("x-github-delivery"),
    scheme: |_| Ok(Box::new(Github)),
    samples: &SAMPLES,
    ..Platform::NOTIFIES
};
/// What `hookscope trigger` sends as this platform.
static SAMPLES: [Sample; 3] = [
    Sample {
        name: "push",
        shows: None,
        about: "commits were pushed to a branch",
        headers: &[
            ("User-Agent", "GitHub-Hookshot/f2e1b2c"),
            ("X-GitHub-Event", "push"),
            ("X-GitHub-Delivery", "{{uuid}}"),
            ("X-GitHub-Hook-ID", "292430182"),
            ("X-GitHub-Hook-Installation-Target-Type", "repository"),
            ("X-GitHub-Hook-Installation-Target-ID", "1296269"),
        ],
        body: r#"{"ref":"refs/heads/main","before":"6113728f27ae82c7b1a177c8d03f9e96e0adf246","after":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","created":false,"deleted":false,"forced":false,"compare":"https://github.com/octocat/Hello-World/compare/6113728f27ae...0d1a26e67d8f","commits":[{"id":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","tree_id":"f9d2a07e9488b91af2641b26b9407fe22a451433","distinct":true,"message":"Fix all the bugs","timestamp":"{{iso}}","url":"https://github.com/octocat/Hello-World/commit/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","author":{"name":"Monalisa Octocat","email":"octocat@github.com","username":"octocat"},"committer":{"name":"Monalisa Octocat","email":"octocat@github.com","username":"octocat"},"added":[],"removed":[],"modified":["README.md"]}],"head_commit":{"id":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","tree_id":"f9d2a07e9488b91af2641b26b9407fe22a451433","distinct":true,"message":"Fix all the bugs","timestamp":"{{iso}}","url":"https://github.com/octocat/Hello-World/commit/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","author":{"name":"Monalisa Octocat","email":"octocat@github.com","username":"octocat"},"committer":{"name":"Monalisa Octocat","email":"octocat@github.com","username":"octocat"},"added":[],"removed":[],"modified":["README.md"]},"repository":{"id":1296269,"node_id":"MDEwOlJlcG9zaXRvcnkxMjk2MjY5","name":"Hello-World","full_name":"octocat/Hello-World","private":false,"owner":{"login":"octocat","id":1,"type":"User"},"html_url":"https://github.com/octocat/Hello-World","default_branch":"main"},"pusher":{"name":"octocat","email":"octocat@github.com"},"sender":{"login":"octocat","id":1,"type":"User"}}"#,
    },
    Sample {
        name: "pull_request.opened",
        shows: None,
        about: "a pull request was opened",
        headers: &[
            ("User-Agent", "GitHub-Hookshot/f2e1b2c"),
            ("X-GitHub-Event", "pull_request"),
            ("X-GitHub-Delivery", "{{uuid}}"),
            ("X-GitHub-Hook-ID", "292430182"),
            ("X-GitHub-Hook-Installation-Target-Type", "repository"),
            ("X-GitHub-Hook-Installation-Target-ID", "1296269"),
        ],
        body: r#"{"action":"opened","number":1347,"pull_request":{"id":279147437,"number":1347,"state":"open","title":"Amazing new feature","body":"Please pull these awesome changes in!","html_url":"https://github.com/octocat/Hello-World/pull/1347","user":{"login":"octocat","id":1,"type":"User"},"head":{"label":"octocat:new-topic","ref":"new-topic","sha":"6dcb09b5b57875f334f61aebed695e2e4193db5e","repo":{"id":1296269,"name":"Hello-World","full_name":"octocat/Hello-World","private":false}},"base":{"label":"octocat:main","ref":"main","sha":"6113728f27ae82c7b1a177c8d03f9e96e0adf246","repo":{"id":1296269,"name":"Hello-World","full_name":"octocat/Hello-World","private":false}},"draft":false,"merged":false,"created_at":"{{iso}}","updated_at":"{{iso}}"},"repository":{"id":1296269,"node_id":"MDEwOlJlcG9zaXRvcnkxMjk2MjY5","name":"Hello-World","full_name":"octocat/Hello-World","private":false,"owner":{"login":"octocat","id":1,"type":"User"},"html_url":"https://github.com/octocat/Hello-World","default_branch":"main"},"sender":{"login":"octocat","id":1,"type":"User"}}"#,
    },
    Sample {
        name: "ping",
        shows: None,
        about: "the hook was created (GitHub's first delivery)",
        headers: &[
            ("User-Agent", "GitHub-Hookshot/f2e1b2c"),
            ("X-GitHub-Event", "ping"),
            ("X-GitHub-Delivery", "{{uuid}}"),
            ("X-GitHub-Hook-ID", "292430182"),
            ("X-GitHub-Hook-Installation-Target-Type", "repository"),
            ("X-GitHub-Hook-Installation-Target-ID", "1296269"),
        ],
        body: r#"{"zen":"Keep it logically awesome.","hook_id":292430182,"hook":{"type":"Repository","id":292430182,"name":"web","active":true,"events":["push","pull_request"],"config":{"content_type":"json","insecure_ssl":"0","url":"{{to}}"},"created_at":"{{iso}}"},"repository":{"id":1296269,"node_id":"MDEwOlJlcG9zaXRvcnkxMjk2MjY5","name":"Hello-World","full_name":"octocat/Hello-World","private":false,"owner":{"login":"octocat","id":1,"type":"User"},"html_url":"https://github.com/octocat/Hello-World","default_branch":"main"},"sender":{"login":"octocat","id":1,"type":"User"}}"#,
    },
];

const SHA256: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    "X-Hub-Signature-256",
    Algorithm::Sha256,
    Encoding::Hex,
    "sha256=",
);

const LEGACY: OneHeader = OneHeader::fixed(
    Kind(&PLATFORM),
    "X-Hub-Signature",
    Algorithm::Sha1,
    Encoding::Hex,
    "sha1=",
);

pub struct Github;

impl Scheme for Github {
    fn kind(&self) -> Kind {
        Kind(&PLATFORM)
    }

    fn parse(&self, req: &Request) -> Result<Found, Failure> {
        if req.has(&SHA256.header) || !req.has(&LEGACY.header) {
            SHA256.parse(req)
        } else {
            LEGACY.parse(req)
        }
    }

    /// Both headers, as GitHub sends them.
    fn sign(&self, body: &[u8], keys: &[Vec<u8>], ctx: &SignContext) -> Result<Headers, String> {
        let mut headers = SHA256.sign(body, keys, ctx)?;
        headers.extend(LEGACY.sign(body, keys, ctx)?);
        Ok(headers)
    }
}
