//! A capture file's head: every member but the body, and the body's size, read through a small
//! buffer. A list of captures shows this much of each; reading and decoding a body of a
//! megabyte to show its size would cost the list (and the page waiting on it) a millisecond or
//! more a row.
//!
//! The body is counted as it streams past, never kept or decoded: a JSON string's length is
//! its bytes with each escape counted as what it stands for, a base64 string's is three bytes
//! for every four characters less the padding. [`Capture::to_json`] writes the body last, so
//! for a file hookscope wrote the body is the last thing read; a file whose members come in
//! another order (edited by hand, or written by another tool) is read the same way.
//!
//! The head is what [`Capture::read`] would make of the same file, or nothing: whatever this
//! reader does not expect (a body member that is not a plain string, an odd escape, bytes that
//! are not UTF-8, a head over [`MAX_HEAD`]) sends the file to [`Capture::read`], which
//! either reads it or says what is wrong with it.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use anyhow::Result;
use base64::Engine as _;

use super::{Capture, Extra, Raw};

/// The most bytes of members other than the body this reader keeps; a larger head (an app's
/// long answer recorded beside the delivery) is read whole instead.
pub const MAX_HEAD: usize = 1024 * 1024;
/// The reading buffer: a head hookscope writes fits in it, a body streams through it.
const BUFFER: usize = 64 * 1024;
/// The smallest buffer that holds the longest thing read whole: an escaped surrogate pair.
const MIN_BUFFER: usize = 16;

/// A capture file without its body: what a list of captures shows, and what a filter reads
/// before it needs the body. [`Capture::read_head`] reads it without holding the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub id: String,
    pub received_at: String,
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    /// The body's length in bytes as received: not the length of its text in the file, which
    /// a JSON string's escapes or base64 make longer.
    pub body_size: usize,
    pub extra: Option<Extra>,
}

impl Head {
    /// The head of a capture in hand, with `extra` in place of its own (what `listen` stores
    /// beside it).
    pub fn of(c: &Capture, extra: Option<&Extra>) -> Head {
        Head {
            id: c.id.clone(),
            received_at: c.received_at.clone(),
            method: c.method.clone(),
            path: c.path.clone(),
            headers: c.headers.clone(),
            body_size: c.body.len(),
            extra: extra.cloned(),
        }
    }

    /// The head of the capture file `bytes` hold, when this reader can tell it without
    /// [`Capture::from_slice`] (which [`Capture::read_head`] asks otherwise): then it is what
    /// that would make of the same bytes. For the fuzz target that checks so.
    pub fn scan(bytes: &[u8]) -> Option<Head> {
        scan(bytes)
    }

    fn of_parts(c: Capture, body_size: usize) -> Head {
        Head {
            id: c.id,
            received_at: c.received_at,
            method: c.method,
            path: c.path,
            headers: c.headers,
            body_size,
            extra: c.extra,
        }
    }
}

impl Capture {
    /// The capture file's head (see [`Head`]), its body counted but not kept. Errors are
    /// [`Capture::read`]'s for the same file.
    pub fn read_head(path: &Path) -> Result<Head> {
        if let Some(head) = File::open(path).ok().and_then(scan) {
            return Ok(head);
        }
        let c = Capture::read(path)?;
        let extra = c.extra.clone();
        Ok(Head::of(&c, extra.as_ref()))
    }
}

/// Which member the body was in, and its size.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Body {
    Text(usize),
    Base64(usize),
}

/// The head of the capture `r` holds, or `None` when only [`Capture::read`] can say.
fn scan(r: impl Read) -> Option<Head> {
    scan_with(r, BUFFER)
}

/// [`scan`] through a buffer of `buffer` bytes (at least [`MIN_BUFFER`]).
fn scan_with(r: impl Read, buffer: usize) -> Option<Head> {
    let mut s = Scanner::new(r, buffer);
    // The members other than the body, as an object of their own: parsed by the same rules
    // as a whole file (required fields, duplicates, the version).
    let mut members = Vec::with_capacity(4096);
    let mut body = None;
    s.skip_space()?;
    s.expect(b'{')?;
    members.push(b'{');
    s.skip_space()?;
    if s.peek()? != b'}' {
        loop {
            let start = members.len();
            s.copy_string(&mut members)?;
            let key: String = serde_json::from_slice(&members[start..]).ok()?;
            s.skip_space()?;
            s.expect(b':')?;
            s.skip_space()?;
            match key.as_str() {
                "body" | "body_base64" => {
                    members.truncate(start);
                    let size = if key == "body" {
                        Body::Text(s.text_size()?)
                    } else {
                        Body::Base64(s.base64_size()?)
                    };
                    // Both, or one twice: Capture::read says which.
                    if body.replace(size).is_some() {
                        return None;
                    }
                }
                _ => {
                    members.push(b':');
                    s.copy_value(&mut members)?;
                    members.push(b',');
                }
            }
            if members.len() > MAX_HEAD {
                return None;
            }
            s.skip_space()?;
            match s.next()? {
                b',' => s.skip_space()?,
                b'}' => break,
                _ => return None,
            }
        }
    } else {
        s.next()?;
    }
    // Nothing but space after the document.
    s.skip_space()?;
    if !s.at_end()? {
        return None;
    }
    if members.last() == Some(&b',') {
        members.pop();
    }
    members.push(b'}');
    let size = match body? {
        Body::Text(n) | Body::Base64(n) => n,
    };
    let raw = Raw::parse(&members).ok()?;
    let (capture, _, _) = raw.into_parts().ok()?;
    Some(Head::of_parts(capture, size))
}

/// A file read front to back through a fixed buffer; every method answers `None` for what it did
/// not expect (the end of the file included), which sends the file to [`Capture::read`].
struct Scanner<R> {
    r: R,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
}

impl<R: Read> Scanner<R> {
    fn new(r: R, buffer: usize) -> Self {
        Scanner {
            r,
            buf: vec![0; buffer.max(MIN_BUFFER)].into_boxed_slice(),
            pos: 0,
            end: 0,
        }
    }

    /// Reads more after the bytes not yet taken (moved to the front); `false` at the end of
    /// the file.
    fn more(&mut self) -> Option<bool> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            return Some(true);
        }
        loop {
            match self.r.read(&mut self.buf[self.end..]) {
                Ok(n) => {
                    self.end += n;
                    return Some(n > 0);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
    }

    /// At least `n` bytes not yet taken, or `None`.
    fn want(&mut self, n: usize) -> Option<&[u8]> {
        if n > self.buf.len() {
            return None;
        }
        while self.end - self.pos < n {
            if !self.more()? {
                return None;
            }
        }
        Some(&self.buf[self.pos..self.end])
    }

    fn peek(&mut self) -> Option<u8> {
        self.want(1).map(|b| b[0])
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.next()? == b).then_some(())
    }

    fn at_end(&mut self) -> Option<bool> {
        Some(self.pos == self.end && !self.more()?)
    }

    fn skip_space(&mut self) -> Option<()> {
        loop {
            if self.pos == self.end && !self.more()? {
                return Some(());
            }
            match self.buf[self.pos] {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                _ => return Some(()),
            }
        }
    }

    /// Copies a JSON string, quotes and escapes as they are, into `out`.
    fn copy_string(&mut self, out: &mut Vec<u8>) -> Option<()> {
        self.expect(b'"')?;
        out.push(b'"');
        loop {
            let b = self.next()?;
            out.push(b);
            match b {
                b'"' => return Some(()),
                b'\\' => out.push(self.next()?),
                _ => {}
            }
            if out.len() > MAX_HEAD {
                return None;
            }
        }
    }

    /// Copies one JSON value as it is into `out`, up to the `,` or `}` after it: it is checked
    /// when `out` is parsed.
    fn copy_value(&mut self, out: &mut Vec<u8>) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => self.copy_string(out)?,
                b',' if depth == 0 => return Some(()),
                b'}' if depth == 0 => return Some(()),
                b => {
                    match b {
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => depth = depth.checked_sub(1)?,
                        _ => {}
                    }
                    out.push(b);
                    self.pos += 1;
                }
            }
            if out.len() > MAX_HEAD {
                return None;
            }
        }
    }

    /// The length of the bytes a JSON string stands for, read to its closing quote. A body of
    /// a megabyte of JSON has a hundred thousand escapes (each `"` in it is one): the bytes
    /// between them are passed over eight at a time ([`plain_run`]), each escape is worked
    /// out where it lies in the buffer, and the text is checked to be UTF-8 a buffer at a time.
    fn text_size(&mut self) -> Option<usize> {
        self.expect(b'"')?;
        let mut size = 0;
        loop {
            let chunk = self.want(1)?;
            // How far the string goes in this buffer (to its closing quote, an escape the
            // buffer cuts, or the buffer's end), and how much longer its escapes are than
            // what they stand for.
            let mut longer = 0;
            let mut closed = false;
            let mut i = 0;
            let at = loop {
                i = plain_run(chunk, i);
                match chunk.get(i) {
                    None => break i,
                    Some(b'"') => {
                        closed = true;
                        break i;
                    }
                    Some(b'\\') => match escape(&chunk[i..]) {
                        Escape::Stands {
                            written,
                            stands_for,
                        } => {
                            longer += written - stands_for;
                            i += written;
                        }
                        // Its rest is in the next read.
                        Escape::Cut => break i,
                        Escape::Bad => return None,
                    },
                    // A raw control character is not JSON.
                    Some(_) => return None,
                }
            };
            // Escapes are ASCII: the text is UTF-8 exactly when what it stands for is. A
            // character the buffer cut waits for its rest.
            let whole = match std::str::from_utf8(&chunk[..at]) {
                Ok(_) => at,
                Err(e) if e.error_len().is_none() && at == chunk.len() => e.valid_up_to(),
                Err(_) => return None,
            };
            size += whole - longer;
            self.pos += whole;
            if closed {
                self.pos += 1;
                return Some(size);
            }
            let left = self.end - self.pos;
            self.want(left + 1)?;
        }
    }

    /// The length of the bytes a standard base64 string decodes to, read to its closing quote.
    fn base64_size(&mut self) -> Option<usize> {
        self.expect(b'"')?;
        let mut count = 0usize;
        let mut padding = 0usize;
        // The last four characters: the engine checks that they end the text as it would
        // have written it (no stray bits).
        let mut last = [0u8; 4];
        loop {
            let chunk = self.want(1)?;
            let run = memchr::memchr(b'"', chunk).unwrap_or(chunk.len());
            for &b in &chunk[..run] {
                match b {
                    b'=' => padding += 1,
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' if padding == 0 => {}
                    _ => return None,
                }
                last[count % 4] = b;
                count += 1;
            }
            let closed = run < chunk.len();
            self.pos += run + usize::from(closed);
            if closed {
                break;
            }
        }
        if count % 4 != 0 || padding > 2 {
            return None;
        }
        if count > 0 {
            base64::engine::general_purpose::STANDARD
                .decode(last)
                .ok()?;
        }
        Some(count / 4 * 3 - padding)
    }
}

/// Where the bytes that stand for themselves in a JSON string end, from `from` on: at the
/// first quote, backslash or control character, or the end of `text`. Eight bytes are looked
/// at together while none of them is one (each test is exact for "any byte of the word").
fn plain_run(text: &[u8], mut from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether a byte of `w` is below `n` (at most 128).
    let below = |w: u64, n: u64| w.wrapping_sub(ONES * n) & !w & HIGH != 0;
    while let Some(word) = text.get(from..from + 8) {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        if below(w ^ (ONES * u64::from(b'"')), 1)
            || below(w ^ (ONES * u64::from(b'\\')), 1)
            || below(w, 0x20)
        {
            break;
        }
        from += 8;
    }
    text[from..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map_or(text.len(), |i| from + i)
}

/// What an escape at the start of `text` (at its `\`) is.
enum Escape {
    /// It takes `written` bytes of the text and stands for `stands_for` bytes of UTF-8.
    Stands { written: usize, stands_for: usize },
    /// Its end is past the end of `text`.
    Cut,
    /// Not one JSON has, or a surrogate that is not half of a pair.
    Bad,
}

fn escape(text: &[u8]) -> Escape {
    let Some(&kind) = text.get(1) else {
        return Escape::Cut;
    };
    let stands = |written, stands_for| Escape::Stands {
        written,
        stands_for,
    };
    match kind {
        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => stands(2, 1),
        b'u' => match hex4(text.get(2..6)) {
            None if text.len() < 6 => Escape::Cut,
            None => Escape::Bad,
            // A surrogate pair: one character of four bytes.
            Some(0xD800..=0xDBFF) => match (text.get(6..8), hex4(text.get(8..12))) {
                (Some(b"\\u"), Some(0xDC00..=0xDFFF)) => stands(12, 4),
                _ if text.len() < 12 => Escape::Cut,
                _ => Escape::Bad,
            },
            Some(0xDC00..=0xDFFF) => Escape::Bad,
            Some(unit) => match char::from_u32(unit) {
                Some(c) => stands(6, c.len_utf8()),
                None => Escape::Bad,
            },
        },
        _ => Escape::Bad,
    }
}

/// Four hex digits' value.
fn hex4(digits: Option<&[u8]>) -> Option<u32> {
    let digits = digits?;
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Recorded;

    fn sample(body: &[u8]) -> Capture {
        let mut c = Capture::new(
            "POST",
            "/hooks?x=1",
            vec![
                ("Content-Type".into(), "application/json".into()),
                ("X-Quote".into(), "a \"b\" \\ c".into()),
            ],
            body.to_vec(),
        );
        c.extra = Some(Extra {
            remote_addr: Some("127.0.0.1:40000".into()),
            verdict: Some(Recorded {
                signature: "invalid".into(),
                scheme: Some("github".into()),
                event: Some("push".into()),
                code: Some("mismatch".into()),
                reason: Some("signature does not match".into()),
                handshake: None,
            }),
            answer: Some(serde_json::json!({"status": 401, "body": "{\"ok\":false}"})),
            warnings: vec!["delivery id d-1 was seen before".into()],
            resent_from: None,
        });
        c
    }

    fn head_of(bytes: &[u8]) -> Option<Head> {
        scan(bytes)
    }

    fn whole(c: &Capture) -> Head {
        Head::of(c, c.extra.as_ref())
    }

    #[test]
    fn the_size_is_the_bodys_bytes_for_text_and_base64_bodies() {
        let mut bodies: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"{\"a\": \"b\\\\c\", \"tab\":\"\t\"}\r\n".to_vec(),
            "é – 😀 \u{7f} \u{1} \u{2028}".as_bytes().to_vec(),
            vec![0xff, 0x00, 0xfe, b'\n'],
            vec![0xff],
            vec![0xff, 0],
            (0..=255u8).collect(),
        ];
        // Larger than the buffer, so that it cuts characters and escapes.
        let text: String = (0..40_000)
            .map(|i| ["a", "\"", "é", "😀", "\n", "\\"][i % 6])
            .collect();
        bodies.push(text.into_bytes());
        bodies.push((0..200_000u32).map(|i| (i * 7) as u8).collect());
        for body in bodies {
            let c = sample(&body);
            let json = c.to_json();
            let head = head_of(&json).unwrap_or_else(|| panic!("not read: {body:?}"));
            assert_eq!(
                head.body_size,
                body.len(),
                "{}",
                String::from_utf8_lossy(&json)
            );
            assert_eq!(head, whole(&c));
        }
    }

    #[test]
    fn the_body_is_written_last_and_streams_through_the_buffer() {
        for body in [vec![b'x'; 3 * BUFFER], vec![0xff; 3 * BUFFER]] {
            let c = sample(&body);
            let json = String::from_utf8(c.to_json()).unwrap();
            let member = json.rfind("\n  \"").unwrap();
            assert!(
                json[member..].starts_with("\n  \"body"),
                "the last member is not the body"
            );
            let head = head_of(json.as_bytes()).unwrap();
            assert_eq!(head.body_size, 3 * BUFFER);
            assert_eq!(head, whole(&c));
        }
    }

    proptest::proptest! {
        /// Whatever the body, and wherever the buffer cuts it, the head is the whole reader's.
        #[test]
        fn agrees_with_the_whole_reader(
            text in "[a-z\"\\\\\u{0}-\u{1f}\u{e9}\u{1f600}\u{2028}]{0,40}",
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
            binary in proptest::bool::ANY,
            buffer in MIN_BUFFER..40,
        ) {
            let body = if binary { bytes } else { text.into_bytes() };
            let c = sample(&body);
            let head = scan_with(c.to_json().as_slice(), buffer);
            proptest::prop_assert_eq!(head, Some(whole(&c)));
        }
    }

    proptest::proptest! {
        /// Escapes serde_json never writes (of characters past ASCII, of surrogate pairs),
        /// cut anywhere by the buffer.
        #[test]
        fn escapes_any_writer_uses_are_counted_as_what_they_stand_for(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["a", "\\u00e9", "\\u20AC", "\\ud83d\\ude00", "\\/", "\\\"", "\\\\", "é"]),
                0..30,
            ),
            buffer in MIN_BUFFER..40,
        ) {
            let text = format!(
                r#"{{"hookscope":1,"id":"i","received_at":"t","method":"POST","path":"/","headers":[],"body":"{}"}}"#,
                pieces.concat()
            );
            let c = Capture::from_slice(text.as_bytes()).unwrap();
            let head = scan_with(text.as_bytes(), buffer);
            proptest::prop_assert_eq!(head, Some(whole(&c)));
        }
    }

    #[test]
    fn a_plain_run_ends_at_the_first_quote_backslash_or_control_character() {
        for special in [b'"', b'\\', 0x00, 0x1f] {
            for at in 0..20 {
                let mut text = vec![b'a'; 20];
                text[at] = special;
                // Bytes past ASCII and the space and DEL are plain.
                text[..at].iter_mut().step_by(3).for_each(|b| *b = 0xe9);
                text[(at + 1)..]
                    .iter_mut()
                    .step_by(2)
                    .for_each(|b| *b = b'"');
                assert_eq!(plain_run(&text, 0), at, "{special} at {at}");
                if at > 0 {
                    text[at - 1] = b' ';
                    assert_eq!(plain_run(&text, 0), at, "{special} at {at}");
                }
            }
        }
        assert_eq!(plain_run(b" \x7f\xffabcdefghij", 0), 13);
        assert_eq!(plain_run(b"ab\"", 3), 3);
    }

    proptest::proptest! {
        /// Whatever the bytes (a written file with a few of them changed), a head this reader
        /// reads is the whole reader's.
        #[test]
        fn a_head_read_from_any_bytes_is_the_whole_reader_s(
            edits in proptest::collection::vec(
                (proptest::num::usize::ANY, proptest::sample::select(
                    b"\"\\{}[],:u0aD=\n \xff\xc3".to_vec())),
                1..4,
            ),
            binary in proptest::bool::ANY,
            buffer in MIN_BUFFER..40,
        ) {
            let body: &[u8] = if binary { &[0xff, 0, 1] } else { "a\"é\\u".as_bytes() };
            let mut bytes = sample(body).to_json();
            for (at, b) in edits {
                let at = at % bytes.len();
                bytes[at] = b;
            }
            if let Some(head) = scan_with(bytes.as_slice(), buffer) {
                let c = Capture::from_slice(&bytes);
                proptest::prop_assert!(c.is_ok(), "{}", String::from_utf8_lossy(&bytes));
                let c = c.unwrap();
                proptest::prop_assert_eq!(head, whole(&c));
            }
        }
    }

    #[test]
    fn members_in_another_order_are_read_the_same() {
        let text = r#"{"body":"h\u00e9\ud83d\ude00","headers":[["X-A","1"]],"hookscope":1,
            "verdict":{"signature":"valid","scheme":"stripe","event":"charge.succeeded"},
            "id":"i","received_at":"t","future":{"nested":[1,{"a":"}"}]},"method":"PUT",
            "answer":{"status":200},"path":"/p","warnings":["w"]}"#;
        let head = head_of(text.as_bytes()).unwrap();
        let c = Capture::from_slice(text.as_bytes()).unwrap();
        assert_eq!(head, whole(&c));
        assert_eq!(head.body_size, "hé😀".len());
        assert_eq!(head.method, "PUT");
        let b64 = r#"{"body_base64":"AAEC","hookscope":1,"id":"i","received_at":"t","method":"POST","path":"/","headers":[]}"#;
        assert_eq!(head_of(b64.as_bytes()).unwrap().body_size, 3);
    }

    #[test]
    fn what_the_whole_reader_refuses_is_not_read_here() {
        let base =
            r#""hookscope":1,"id":"i","received_at":"t","method":"POST","path":"/","headers":[]"#;
        for bad in [
            format!("{{{base}}}"),
            format!("{{{base},\"body\":\"a\",\"body_base64\":\"\"}}"),
            format!("{{{base},\"body\":\"a\",\"body\":\"b\"}}"),
            format!("{{{base},\"body\":null}}"),
            format!("{{{base},\"body\":\"\\x\"}}"),
            format!("{{{base},\"body\":\"\\ud800\"}}"),
            format!("{{{base},\"body\":\"a\nb\"}}"),
            format!("{{{base},\"body_base64\":\"!!\"}}"),
            format!("{{{base},\"body_base64\":\"/x==\"}}"),
            format!("{{{base},\"body_base64\":\"/w=\"}}"),
            format!("{{{base},\"body_base64\":\"/w==AAAA\"}}"),
            format!("{{{base},\"body\":\"a\"}} trailing"),
            format!("{{{base},\"body\":\"a\""),
            format!("{{\"hookscope\":2,{},\"body\":\"\"}}", &base[14..]),
            format!("{{{base},\"id\":\"twice\",\"body\":\"\"}}"),
            format!("{{{base},\"header_bytes\":[[3,\"AA==\"]],\"body\":\"\"}}"),
            format!("{{{base},\"x\":[1}},\"body\":\"\"}}"),
        ] {
            assert_eq!(head_of(bad.as_bytes()), None, "{bad}");
            assert!(Capture::from_slice(bad.as_bytes()).is_err(), "{bad}");
        }
        let mut invalid_utf8 = format!("{{{base},\"body\":\"").into_bytes();
        invalid_utf8.extend_from_slice(b"\xff\"}");
        assert_eq!(head_of(&invalid_utf8), None);
        assert!(Capture::from_slice(&invalid_utf8).is_err());
    }

    #[test]
    fn read_head_says_what_read_says_of_a_file_it_cannot_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        std::fs::write(&path, br#"{"hookscope":1,"id":"i"}"#).unwrap();
        let from_head = format!("{:#}", Capture::read_head(&path).unwrap_err());
        let from_read = format!("{:#}", Capture::read(&path).unwrap_err());
        assert_eq!(from_head, from_read);
        // A head over MAX_HEAD is read whole, and the same.
        let mut c = sample(b"{}");
        c.extra.as_mut().unwrap().answer =
            Some(serde_json::json!({"status": 200, "body": "y".repeat(MAX_HEAD)}));
        std::fs::write(&path, c.to_json()).unwrap();
        assert_eq!(scan(std::fs::File::open(&path).unwrap()), None);
        assert_eq!(Capture::read_head(&path).unwrap(), whole(&c));
    }
}
