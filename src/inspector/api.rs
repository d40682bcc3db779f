//! What the inspector's API answers, read from the store: a page of the list (newest first,
//! filtered), one capture's detail, its file; and what an event stream sends of a delivery
//! the feed carried.
//!
//! Capture files are named by their id, a UUIDv7, which sorts by time: a page is found from
//! the directory's names alone ([`Names`], read again only when the directory changed), and
//! only the files it shows (or, with a filter, at most [`MAX_SCAN`] of them) are read, each
//! only to its body ([`Capture::read_head`]) unless a text filter needs the body. The list and
//! the event stream show a capture through one function, [`summary`], of its [`Head`].

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use serde_json::{json, Value};

use super::Stored;
use crate::body::{Body, Shape};
use crate::capture::{Capture, Head};
use crate::show;
use crate::{client, curl, glob};

/// The most captures one page lists, and the default.
pub const MAX_LIMIT: usize = 200;
const DEFAULT_LIMIT: usize = 50;
/// The most capture files one list request reads: a filter that matches few captures answers
/// with what it found so far and where to go on, not after reading the whole store.
pub const MAX_SCAN: usize = 2000;
/// The most bytes of a binary body shown as hex, and of a text body shown as text.
const MAX_HEX: usize = 64 * 1024;
const MAX_TEXT: usize = 1024 * 1024;
/// The largest body shown as a tree (JSON, a decoded form); a larger one is shown as text.
const MAX_TREE: usize = 256 * 1024;

/// What a list (or an event stream) shows: a page after `before`, of captures that pass.
#[derive(Clone, Debug, Default)]
pub struct Query {
    pub before: Option<String>,
    pub limit: usize,
    pub filter: Filter,
}

/// Which captures pass; every field given must match.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Anywhere in the method, path, platform, event, verdict's reason, headers or body;
    /// without case.
    pub text: Option<String>,
    /// The platform (scheme) the verdict names, exactly, without case.
    pub platform: Option<String>,
    /// A glob on the event name (`record.before.*`).
    pub event: Option<String>,
    /// `valid`, `invalid` or `unchecked`.
    pub verdict: Option<String>,
    /// Part of the path and query.
    pub path: Option<String>,
}

/// Whether `id` has the shape of a capture id (hex digits and dashes), so it names a file in
/// the store and nothing outside it.
fn is_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

impl Query {
    /// From a request's query string; an error says which parameter is wrong.
    pub fn parse(query: &str) -> Result<Query, String> {
        let mut q = Query {
            limit: DEFAULT_LIMIT,
            ..Query::default()
        };
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim().to_string();
            if value.is_empty() {
                continue;
            }
            match key.as_ref() {
                "before" if is_id(&value) => q.before = Some(value),
                "before" => return Err("before= takes a capture id".into()),
                "limit" => {
                    q.limit = value
                        .parse()
                        .ok()
                        .filter(|n| (1..=MAX_LIMIT).contains(n))
                        .ok_or(format!("limit= takes a number from 1 to {MAX_LIMIT}"))?
                }
                "q" => q.filter.text = Some(fold(&value)),
                "platform" => q.filter.platform = Some(value),
                "event" => q.filter.event = Some(value),
                "verdict" if matches!(value.as_str(), "valid" | "invalid" | "unchecked") => {
                    q.filter.verdict = Some(value)
                }
                "verdict" => return Err("verdict= takes valid, invalid or unchecked".into()),
                "path" => q.filter.path = Some(value),
                other => return Err(format!("unknown parameter '{other}'")),
            }
        }
        Ok(q)
    }
}

/// Text without case, for the text filter: each character lowercased alone, so that the
/// folding of a body's first bytes is the start of the whole body's (which `str::to_lowercase`,
/// with its word-final sigma, does not promise).
fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

impl Filter {
    /// Whether a capture passes, from its head alone; `None` when only its body can say: a
    /// text filter that nothing in the head matches.
    pub fn by_head(&self, h: &Head) -> Option<bool> {
        let verdict = h.extra.as_ref().and_then(|e| e.verdict.as_ref());
        let scheme = verdict.and_then(|v| v.scheme.as_deref());
        let event = verdict.and_then(|v| v.event.as_deref());
        if let Some(p) = &self.platform {
            if !scheme.is_some_and(|s| s.eq_ignore_ascii_case(p)) {
                return Some(false);
            }
        }
        if let Some(g) = &self.event {
            if !event.is_some_and(|e| glob::matches(g, e)) {
                return Some(false);
            }
        }
        if let Some(v) = &self.verdict {
            if verdict.map(|r| r.signature.as_str()) != Some(v.as_str()) {
                return Some(false);
            }
        }
        if let Some(p) = &self.path {
            if !h.path.contains(p.as_str()) {
                return Some(false);
            }
        }
        if let Some(t) = &self.text {
            let has = |s: &str| fold(s).contains(t.as_str());
            let found = has(&h.method)
                || has(&h.path)
                || scheme.is_some_and(has)
                || event.is_some_and(has)
                || verdict.and_then(|v| v.reason.as_deref()).is_some_and(has)
                || h.headers.iter().any(|(n, v)| has(n) || has(v));
            if !found {
                return None;
            }
        }
        Some(true)
    }

    /// Whether the text filter's text is in `body` (or there is no text filter).
    pub fn in_body(&self, body: &[u8]) -> bool {
        match &self.text {
            Some(t) => fold(&String::from_utf8_lossy(body)).contains(t.as_str()),
            None => true,
        }
    }
}

/// A capture as the list shows it, and as the event stream sends it: one function for both.
pub fn summary(h: &Head) -> Value {
    let extra = h.extra.as_ref();
    let verdict = extra.and_then(|e| e.verdict.as_ref());
    json!({
        "id": h.id,
        "received_at": h.received_at,
        "method": h.method,
        "path": h.path,
        "size": h.body_size,
        "platform": verdict.and_then(|v| v.scheme.as_deref()),
        "event": verdict.and_then(|v| v.event.as_deref()),
        "signature": verdict.map(|v| v.signature.as_str()),
        "code": verdict.and_then(|v| v.code.as_deref()),
        "reason": verdict.and_then(|v| v.reason.as_deref()),
        "handshake": verdict.and_then(|v| v.handshake.as_deref()),
        "status": extra.and_then(|e| e.answer.as_ref()).and_then(|a| a.get("status")).cloned(),
        "warnings": extra.map(|e| e.warnings.clone()).unwrap_or_default(),
    })
}

/// The summary of a capture in hand (the detail's facts, the diff's).
fn summary_of(c: &Capture) -> Value {
    summary(&Head::of(c, c.extra.as_ref()))
}

/// The file of capture `id`, if the id names one in the store and it is a regular file (a
/// FIFO would never end a read, a link could lead outside the store).
fn file_of(dir: &Path, id: &str) -> Option<PathBuf> {
    let path = is_id(id).then(|| dir.join(format!("{id}.json")))?;
    std::fs::symlink_metadata(&path)
        .is_ok_and(|m| m.is_file())
        .then_some(path)
}

/// The ids in the store, newest first: from the file names alone.
fn ids(dir: &Path) -> Result<Vec<String>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        // Nothing stored yet.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(e).with_context(|| format!("could not read the store '{}'", dir.display()))
        }
    };
    let mut ids: Vec<String> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name();
            crate::store::capture_name(&name)?;
            // The name's own allocation becomes the id: one per file, for 100,000 files.
            let mut id = name.into_string().ok()?;
            id.truncate(id.len() - ".json".len());
            Some(id)
        })
        .collect();
    ids.sort_unstable_by(|a, b| b.cmp(a));
    Ok(ids)
}

/// The store's ids, newest first, as last read: the directory is read again only when its
/// modification time changed. Reading 100,000 names and sorting them costs a tenth of a
/// second or more; a list request, a page opened, "Load older" each needed it.
#[derive(Default)]
pub struct Names(Mutex<Option<Listing>>);

struct Listing {
    ids: Arc<Vec<String>>,
    /// The directory's modification time when it was read, and when the reading began.
    modified: SystemTime,
    began: SystemTime,
}

/// How far apart two changes to a directory must be to give it two modification times: file
/// systems stamp times from a clock that ticks every few milliseconds, or on some every second
/// or two (their times are whole seconds).
fn tick(modified: SystemTime) -> Duration {
    match modified.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(t) if t.subsec_nanos() != 0 => Duration::from_millis(100),
        _ => Duration::from_secs(2),
    }
}

impl Listing {
    /// Whether the reading began a tick or more after the directory's last change, so that
    /// any change since gave it another modification time: a file added in the same tick as
    /// the change the reading saw leaves the time as it was.
    fn settled(&self) -> bool {
        self.began
            .duration_since(self.modified)
            .is_ok_and(|after| after >= tick(self.modified))
    }
}

impl Names {
    /// The ids in `dir`, newest first, read again unless the directory has not changed since
    /// they were read (and that reading cannot have missed a change: see
    /// [`Listing::settled`]). Requests that come while it is read wait for that reading.
    pub fn ids(&self, dir: &Path) -> Result<Arc<Vec<String>>> {
        let mut cached = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let modified = match std::fs::metadata(dir) {
            Ok(m) => m.modified().ok(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                *cached = None;
                return Ok(Arc::new(Vec::new()));
            }
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("could not read the store '{}'", dir.display()))
            }
        };
        if let Some(l) = cached.as_ref() {
            if Some(l.modified) == modified && l.settled() {
                return Ok(Arc::clone(&l.ids));
            }
        }
        let began = SystemTime::now();
        let ids = Arc::new(ids(dir)?);
        *cached = modified.map(|modified| Listing {
            ids: Arc::clone(&ids),
            modified,
            began,
        });
        Ok(ids)
    }

    /// Reads the names before the first page asks for them (the inspector does at start).
    /// A reading within a tick of the directory's last change would not be kept, so it
    /// waits for the tick to pass first: a store just written to is read once, not twice.
    pub fn warm(&self, dir: &Path) {
        if let Ok(modified) = std::fs::metadata(dir).and_then(|m| m.modified()) {
            // A time ahead of the clock is never settled: no waiting for it.
            let settled = modified + tick(modified);
            if let Ok(wait) = settled.duration_since(SystemTime::now()) {
                std::thread::sleep(wait.min(Duration::from_secs(2)));
            }
        }
        let _ = self.ids(dir);
    }
}

/// One page of the list: `{"captures": [...], "next": ID|null, "unreadable": N}`. `next` is
/// where the following page starts (`before=`), `null` when the store has no more.
pub fn list(dir: &Path, names: &Names, q: &Query) -> Result<Value> {
    let ids = names.ids(dir)?;
    let start = match &q.before {
        Some(b) => ids.partition_point(|id| id.as_str() >= b.as_str()),
        None => 0,
    };
    let mut captures = Vec::new();
    let mut unreadable = 0;
    let mut last = None;
    for id in ids[start..].iter().take(MAX_SCAN) {
        last = Some(id);
        let Some(path) = file_of(dir, id) else {
            unreadable += 1;
            continue;
        };
        let Ok(head) = Capture::read_head(&path) else {
            unreadable += 1;
            continue;
        };
        let passes = match q.filter.by_head(&head) {
            Some(passes) => passes,
            // Only the body can say: the file is read whole.
            None => match Capture::read(&path) {
                Ok(c) => q.filter.in_body(&c.body),
                Err(_) => {
                    unreadable += 1;
                    continue;
                }
            },
        };
        if passes {
            // Named by its file, which is what the detail view opens (a copy of a capture
            // under another name is another row, not the first one twice).
            captures.push(named(summary(&head), id));
        }
        if captures.len() == q.limit {
            break;
        }
    }
    let next = last.filter(|l| Some(*l) != ids.last());
    Ok(json!({
        "captures": captures,
        "next": next,
        "unreadable": unreadable,
    }))
}

/// Whether a delivery the feed carried passes the filter, from what the feed carries (its
/// head, its body's first bytes); `None` when only its file can say: a text filter that
/// neither has, on a body longer than the feed carries.
pub fn passes(f: &Filter, d: &Stored) -> Option<bool> {
    match f.by_head(&d.head) {
        Some(passes) => Some(passes),
        // The first bytes are whole characters, so text found in them is in the whole body.
        None if f.in_body(&d.text) => Some(true),
        None if d.text.len() == d.head.body_size => Some(false),
        None => None,
    }
}

/// [`passes`] for a delivery it could not decide: its body read from the store.
pub fn passes_in_file(dir: &Path, f: &Filter, id: &str) -> bool {
    file_of(dir, id)
        .and_then(|path| Capture::read(&path).ok())
        .is_some_and(|c| f.in_body(&c.body))
}

/// A summary with the id of the file it was read from.
fn named(mut summary: Value, id: &str) -> Value {
    summary["id"] = json!(id);
    summary
}

/// The capture's file as stored, or `None` if there is none by that id.
pub fn file(dir: &Path, id: &str) -> Result<Option<Vec<u8>>> {
    let Some(path) = file_of(dir, id) else {
        return Ok(None);
    };
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("could not read capture '{}'", path.display())),
    }
}

/// Everything the detail view shows of one capture, credentials masked as on the terminal.
pub fn detail(dir: &Path, id: &str) -> Result<Option<Value>> {
    let Some(path) = file_of(dir, id) else {
        return Ok(None);
    };
    if !path.exists() {
        return Ok(None);
    }
    let c = Capture::read(&path)?;
    let mut v = summary_of(&c);
    let extra = c.extra.as_ref();
    v["remote_addr"] = json!(extra.and_then(|e| e.remote_addr.as_deref()));
    v["resent_from"] = json!(extra.and_then(|e| e.resent_from.as_deref()));
    v["answer"] = extra
        .and_then(|e| e.answer.clone())
        .map_or(Value::Null, masked_answer);
    v["id"] = json!(id);
    v["file"] = json!(path.display().to_string());
    v["headers"] = shown_headers(&c)
        .into_iter()
        .map(|(name, value, masked)| json!({ "name": name, "value": value, "masked": masked }))
        .collect();
    v["body"] = body_view(&c.body);
    Ok(Some(v))
}

/// The answer as recorded, its headers masked by the terminal's rule: a handshake's answer
/// may carry a secret back (Asana's `X-Hook-Secret`).
pub(super) fn masked_answer(mut answer: Value) -> Value {
    if let Some(headers) = answer.get_mut("headers").and_then(Value::as_array_mut) {
        for pair in headers.iter_mut() {
            if let Some([name, value]) = pair.as_array_mut().map(Vec::as_mut_slice) {
                if name.as_str().is_some_and(|n| show::masks_header(n, false)) {
                    *value = json!(show::MASK);
                }
            }
        }
    }
    answer
}

/// The headers as the page shows them, `(name, value, masked)`: a credential's value is
/// [`show::MASK`] (the terminal's rule, whatever `--show-secrets` says). The detail and the
/// diff both show headers through this, and only this.
fn shown_headers(c: &Capture) -> Vec<(String, String, bool)> {
    c.headers
        .iter()
        .map(|(name, value)| {
            let masked = show::masks_header(name, false);
            let value = if masked { show::MASK } else { value.as_str() };
            (name.clone(), value.to_string(), masked)
        })
        .collect()
}

/// A body decoded as the page shows it: its kind (`json` or `form`) and its tree with the
/// credentials masked; `None` when it is neither. The detail and the diff both use this.
fn shown_tree(body: &Body) -> Option<(&'static str, Value)> {
    // A tree of a larger body would cost the page (and this process) a node per value: it is
    // shown as text instead.
    if body.bytes().len() > MAX_TREE {
        return None;
    }
    let tree = body.tree()?;
    let kind = if body.shape() == Shape::Form {
        "form"
    } else {
        "json"
    };
    Some((kind, show::masked_tree(tree)))
}

/// Reads the capture `id` names, or says which of the two (`a` or `b`) names none.
fn read_side(dir: &Path, id: &str, side: &str) -> Result<Result<Capture, String>> {
    match file_of(dir, id).filter(|p| p.exists()) {
        Some(path) => Ok(Ok(Capture::read(&path)?)),
        None => Ok(Err(format!("no capture with the id given as {side}="))),
    }
}

/// What differs from capture `a` to capture `b`: both summaries (the facts), the headers by
/// name, and the body (see [`diff`](super::diff)). `Ok(Err(why))` when an id names no capture.
pub fn diff(dir: &Path, a: &str, b: &str) -> Result<Result<Value, String>> {
    let ca = match read_side(dir, a, "a")? {
        Ok(c) => c,
        Err(why) => return Ok(Err(why)),
    };
    let cb = match read_side(dir, b, "b")? {
        Ok(c) => c,
        Err(why) => return Ok(Err(why)),
    };
    Ok(Ok(json!({
        "a": summary_of(&ca),
        "b": summary_of(&cb),
        "headers": super::diff::headers(&shown_headers(&ca), &shown_headers(&cb)),
        "body": body_diff(&ca.body, &cb.body),
    })))
}

/// The bodies' difference: `same` (byte for byte); `tree` (both decoded, JSON or form: by
/// pointer; no entry when only the bytes differ, as in spacing or key order); `lines` (both
/// text); else `bytes` (their sizes).
fn body_diff(a: &[u8], b: &[u8]) -> Value {
    let sizes = json!([a.len(), b.len()]);
    if a == b {
        return json!({ "kind": "same", "sizes": sizes });
    }
    let (ba, bb) = (Body::new(a), Body::new(b));
    if let (Some((ka, ta)), Some((kb, tb))) = (shown_tree(&ba), shown_tree(&bb)) {
        let mut v = super::diff::json(&ta, &tb).to_json();
        v["kind"] = json!("tree");
        v["shapes"] = json!([ka, kb]);
        v["sizes"] = sizes;
        return v;
    }
    // A JSON or form body that is not compared as a tree (too large, not decoded, or beside a
    // text) may hold credentials: its lines are not shown, only the sizes.
    if ba.shape() != Shape::Other || bb.shape() != Shape::Other {
        return json!({ "kind": "bytes", "sizes": sizes });
    }
    match (std::str::from_utf8(a), std::str::from_utf8(b)) {
        (Ok(x), Ok(y)) if x.len() <= MAX_TEXT && y.len() <= MAX_TEXT => {
            let mut v = super::diff::lines(x, y);
            v["kind"] = json!("lines");
            v["sizes"] = sizes;
            v
        }
        _ => json!({ "kind": "bytes", "sizes": sizes }),
    }
}

/// The capture as a curl command to `base` + its path, byte-exact (the one curl writer):
/// `{"command": …}`, or `{"error": …}` when it cannot be written as one. Apart from the detail,
/// which holds no credential: the command carries them all, and is fetched only when asked.
pub fn curl(dir: &Path, id: &str, base: &str) -> Result<Option<Value>> {
    let Some(path) = file_of(dir, id).filter(|p| p.exists()) else {
        return Ok(None);
    };
    let c = Capture::read(&path)?;
    Ok(Some(match curl_command(&c, base) {
        Ok(command) => json!({ "command": command }),
        Err(why) => json!({ "error": why }),
    }))
}

/// The body as the page shows it: decoded JSON or form (credentials masked), text, or hex.
fn body_view(bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return json!({ "kind": "empty" });
    }
    let body = Body::new(bytes);
    if let Some((kind, tree)) = shown_tree(&body) {
        return json!({ "kind": kind, "tree": tree });
    }
    // JSON or a form too large for a tree: its credentials cannot be masked without one, so
    // none of it is sent (Download capture has it whole).
    if bytes.len() > MAX_TREE && body.shape() != Shape::Other {
        let shape = if body.is_form() { "form" } else { "json" };
        return json!({ "kind": "large", "shape": shape, "size": bytes.len() });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let mut end = text.len().min(MAX_TEXT);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            json!({ "kind": "text", "text": &text[..end], "more_bytes": text.len() - end })
        }
        Err(_) => json!({
            "kind": "binary",
            "hex": crate::render::hexdump(bytes, MAX_HEX),
        }),
    }
}

/// The capture as a curl command to `base` + its path, byte-exact (the one curl writer). A
/// target that is not a path (`@host:80`, `http://host/x`) is refused: the command would go to
/// a host the sender picked.
fn curl_command(c: &Capture, base: &str) -> Result<String, String> {
    let url = client::join_target(base, &c.path)?;
    curl::exact(&c.method, &url, &c.headers, &c.exact_values(), &c.body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Extra, Recorded};

    fn stored(dir: &Path, path: &str, scheme: &str, event: &str, signature: &str) -> Capture {
        let mut c = Capture::new("POST", path, vec![], b"{\"a\":1}".to_vec());
        c.extra = Some(Extra {
            verdict: Some(Recorded {
                signature: signature.into(),
                scheme: Some(scheme.into()),
                event: Some(event.into()),
                code: None,
                reason: None,
                handshake: None,
            }),
            ..Extra::default()
        });
        std::fs::write(dir.join(format!("{}.json", c.id)), c.to_json()).unwrap();
        c
    }

    #[test]
    fn pages_go_newest_first_and_end() {
        let dir = tempfile::tempdir().unwrap();
        let made: Vec<Capture> = (0..5)
            .map(|i| stored(dir.path(), &format!("/{i}"), "github", "push", "valid"))
            .collect();
        let q = |s: &str| Query::parse(s).unwrap();
        let first = list(dir.path(), &Names::default(), &q("limit=2")).unwrap();
        let ids: Vec<&str> = first["captures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [made[4].id.as_str(), made[3].id.as_str()]);
        assert_eq!(first["next"], json!(made[3].id));
        let last = list(
            dir.path(),
            &Names::default(),
            &q(&format!("limit=5&before={}", made[1].id)),
        )
        .unwrap();
        assert_eq!(last["captures"].as_array().unwrap().len(), 1);
        assert_eq!(last["next"], Value::Null);
    }

    #[test]
    fn filters_each_narrow_the_list() {
        let dir = tempfile::tempdir().unwrap();
        stored(dir.path(), "/hooks/github", "github", "push", "valid");
        stored(
            dir.path(),
            "/hooks/stripe",
            "stripe",
            "payment_intent.succeeded",
            "invalid",
        );
        stored(
            dir.path(),
            "/hooks/bpium",
            "bpium",
            "record.before.deleted",
            "unchecked",
        );
        let count = |s: &str| {
            list(dir.path(), &Names::default(), &Query::parse(s).unwrap()).unwrap()["captures"]
                .as_array()
                .unwrap()
                .len()
        };
        assert_eq!(count(""), 3);
        assert_eq!(count("platform=Stripe"), 1);
        assert_eq!(count("event=record.before.*"), 1);
        assert_eq!(count("verdict=invalid"), 1);
        assert_eq!(count("path=%2Fhooks%2Fgit"), 1);
        assert_eq!(count("q=BPIUM"), 1);
        assert_eq!(count("q=nowhere"), 0);
        assert_eq!(count("platform=github&verdict=invalid"), 0);
        for bad in [
            "verdict=maybe",
            "limit=0",
            "limit=201",
            "before=../x",
            "colour=red",
        ] {
            assert!(Query::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_text_filter_reads_the_body_only_when_the_head_does_not_match() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Capture::new(
            "POST",
            "/hooks/text",
            vec![("X-Team".into(), "Blue".into())],
            format!("{}needle at the end", "x".repeat(100_000)).into_bytes(),
        );
        c.extra = None;
        std::fs::write(dir.path().join(format!("{}.json", c.id)), c.to_json()).unwrap();
        let binary = Capture::new("POST", "/hooks/bin", vec![], vec![0xff, b'N', b'e', 0]);
        std::fs::write(
            dir.path().join(format!("{}.json", binary.id)),
            binary.to_json(),
        )
        .unwrap();
        let count = |s: &str| {
            list(dir.path(), &Names::default(), &Query::parse(s).unwrap()).unwrap()["captures"]
                .as_array()
                .unwrap()
                .len()
        };
        assert_eq!(count("q=blue"), 1, "in a header");
        assert_eq!(count("q=NEEDLE+AT"), 1, "at the end of a long body");
        assert_eq!(count("q=%EF%BF%BDne"), 1, "in a binary body, read as text");
        assert_eq!(count("q=haystack"), 0);
        let f = Query::parse("q=needle").unwrap().filter;
        assert_eq!(
            f.by_head(&Head::of(&c, None)),
            None,
            "only the body can say"
        );
        assert!(f.in_body(&c.body));
    }

    #[test]
    fn the_names_are_read_again_only_when_the_directory_changed() {
        let dir = tempfile::tempdir().unwrap();
        let a = stored(dir.path(), "/a", "github", "push", "valid");
        // The directory last changed an hour ago: a reading now is settled.
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        let set_modified = |t: SystemTime| {
            std::fs::File::open(dir.path())
                .unwrap()
                .set_modified(t)
                .unwrap()
        };
        set_modified(hour_ago);
        let names = Names::default();
        assert_eq!(*names.ids(dir.path()).unwrap(), std::slice::from_ref(&a.id));
        // A file added and the time put back as it was: the names as they were read.
        let b = stored(dir.path(), "/b", "github", "push", "valid");
        set_modified(hour_ago);
        assert_eq!(*names.ids(dir.path()).unwrap(), std::slice::from_ref(&a.id));
        // Another time: read again.
        set_modified(hour_ago + Duration::from_secs(1));
        assert_eq!(
            *names.ids(dir.path()).unwrap(),
            [b.id.clone(), a.id.clone()]
        );
        // A reading that began before a tick had passed since the change (here: before the
        // change, by a clock that was behind) is not kept: a change in the same tick would
        // leave the time as it is.
        let c = stored(dir.path(), "/c", "github", "push", "valid");
        let ahead = SystemTime::now() + Duration::from_secs(3600);
        set_modified(ahead);
        assert_eq!(names.ids(dir.path()).unwrap().len(), 3);
        let d = stored(dir.path(), "/d", "github", "push", "valid");
        set_modified(ahead);
        assert_eq!(*names.ids(dir.path()).unwrap(), [d.id, c.id, b.id, a.id]);
    }

    #[test]
    fn a_target_that_is_not_a_path_is_never_a_command() {
        for target in [
            "@evil.example:80",
            "http://evil.example/x",
            "x@evil.example",
        ] {
            let c = Capture::new("POST", target, vec![], b"{}".to_vec());
            let e = curl_command(&c, "http://127.0.0.1:8080").unwrap_err();
            assert!(e.contains("is not a path"), "{target}: {e}");
        }
        let c = Capture::new("POST", "//x/y?z=1", vec![], b"{}".to_vec());
        let cmd = curl_command(&c, "http://127.0.0.1:8080/").unwrap();
        assert!(cmd.contains("'http://127.0.0.1:8080//x/y?z=1'"), "{cmd}");
    }

    #[test]
    fn an_answer_that_hands_a_secret_back_is_masked() {
        let answer = json!({"status": 200, "headers": [["X-Hook-Secret", "s3cret"], ["Content-Type", "text/plain"]]});
        let shown = masked_answer(answer);
        assert_eq!(shown["headers"][0][1], show::MASK);
        assert_eq!(shown["headers"][1][1], "text/plain");
    }

    #[test]
    fn a_large_json_body_is_neither_a_tree_nor_its_text() {
        let big = format!(
            "{{\"pad\":\"{}\",\"password\":\"BIGSECRET\"}}",
            "x".repeat(MAX_TREE)
        );
        let view = body_view(big.as_bytes());
        assert_eq!(view["kind"], "large");
        assert!(!view.to_string().contains("BIGSECRET"), "{view}");
        assert_eq!(body_view(b"[0,0]")["kind"], "json");
        let text = "x".repeat(MAX_TREE + 1);
        assert_eq!(body_view(text.as_bytes())["kind"], "text");
    }

    #[test]
    fn a_diff_never_shows_the_lines_of_a_json_body() {
        let secret = b"{\"password\":\"hunter2\",\"a\":1}";
        for other in [
            &b"plain text body"[..],
            b"{\"password\":",
            b"a=1&password=x",
        ] {
            let d = body_diff(secret, other);
            assert!(!d.to_string().contains("hunter2"), "{d}");
        }
        assert_eq!(body_diff(b"one\ntwo", b"one\nthree")["kind"], "lines");
    }

    #[test]
    fn only_uuid_v7_names_are_captures() {
        let named = |id: &str| {
            crate::store::capture_name(std::ffi::OsStr::new(&format!("{id}.json"))).is_some()
        };
        assert!(named("0190a3c2-5b1e-7c3d-9f00-000000000001"));
        for bad in ["cafe", "FFFFFFFF", "5a4fe470-76d1-8ed1-9fc7-99c734a6661f"] {
            assert!(!named(bad), "{bad}");
        }
    }

    #[test]
    fn ids_never_name_a_file_outside_the_store() {
        for bad in ["", "../secret", "a/b", "x.json", "0190 1"] {
            assert!(file_of(Path::new("/store"), bad).is_none(), "{bad}");
        }
        let dir = tempfile::tempdir().unwrap();
        let id = "0190a3c2-5b1e-7c3d-9f00-000000000001";
        assert!(file_of(dir.path(), id).is_none(), "no such file");
        std::fs::write(dir.path().join(format!("{id}.json")), b"{}").unwrap();
        assert!(file_of(dir.path(), id).is_some());
        #[cfg(unix)]
        {
            let other = "0190a3c2-5b1e-7c3d-9f00-000000000002";
            std::os::unix::fs::symlink("/etc/hostname", dir.path().join(format!("{other}.json")))
                .unwrap();
            assert!(
                file_of(dir.path(), other).is_none(),
                "a link is not a capture"
            );
        }
    }
}
