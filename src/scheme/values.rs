//! Reading the values signature headers hold: an encoded MAC behind a prefix, a versioned
//! entry (`v1=…`, `v1,…`), a Unix timestamp. Each well-formed MAC joins [`Found::macs`]; one
//! written wrongly but perhaps right is kept as a near miss, to explain a failure only.

use super::{Encoding, Failure, Found};

/// Reads one `<prefix><encoded MAC>` value into `found`: a well-formed MAC, or the problem
/// with it and any near miss (other encoding, missing prefix) that could explain a failure.
pub fn read_value(found: &mut Found, header: &str, value: &str, enc: Encoding, prefix: &str) {
    let alg = found.alg;
    let len = alg.mac_len();
    match value.strip_prefix(prefix) {
        Some(rest) => match enc.decode(rest, len) {
            Some(mac) => found.claim(mac),
            None => {
                let mut want = match enc {
                    Encoding::Hex => format!("{} hex digits", len * 2),
                    Encoding::Base64 => format!("{} base64 characters", len.div_ceil(3) * 4),
                };
                if !prefix.is_empty() {
                    want = format!("`{prefix}` and {want}");
                }
                found.problem = Some((
                    header.to_string(),
                    format!(
                        "expected {want} (the {} of an {}), found {} characters",
                        enc.name(),
                        alg.name(),
                        rest.chars().count()
                    ),
                ));
                if let Some(mac) = enc.other().decode(rest, len) {
                    found.near_miss(
                        mac,
                        format!(
                            "the signature is written in {} where {} is expected",
                            enc.other().name(),
                            enc.name()
                        ),
                    );
                }
            }
        },
        None => {
            found.problem = Some((
                header.to_string(),
                format!("value does not start with `{prefix}`"),
            ));
            for e in [enc, enc.other()] {
                if let Some(mac) = e.decode(value, len) {
                    let mut note = format!("the header lacks the `{prefix}` prefix");
                    if e != enc {
                        note.push_str(&format!(
                            " and is written in {} where {} is expected",
                            e.name(),
                            enc.name()
                        ));
                    }
                    found.near_miss(mac, note);
                }
            }
        }
    }
}

/// One `v1` entry's signature, expected in `enc`. One written in the other encoding is a near
/// miss.
pub fn v1_entry(found: &mut Found, value: &str, enc: Encoding) {
    let len = found.alg.mac_len();
    match enc.decode(value, len) {
        Some(mac) => found.claim(mac),
        None => {
            if let Some(mac) = enc.other().decode(value, len) {
                found.near_miss(
                    mac,
                    format!(
                        "the v1 signature is written in {} where {} is expected",
                        enc.other().name(),
                        enc.name()
                    ),
                );
            }
        }
    }
}

/// The Unix timestamp a header holds.
pub fn unix_timestamp(header: &str, text: &str) -> Result<i64, Failure> {
    text.parse().map_err(|_| Failure::Malformed {
        header: header.into(),
        why: "not a Unix timestamp".into(),
        hint: None,
    })
}

/// A header of `key=value` entries with a timestamp and signatures (Calendly's `t=…,v1=…`,
/// Paddle's `ts=…;h1=…`): the timestamp, and each well-formed hex signature added to `found`.
/// Unknown keys are skipped, and so are signatures that are not hex (Paddle's SDK tests carry
/// `h1=dummy` beside the real one), as the platforms' own SDKs do.
pub fn stamped_entries(
    found: &mut Found,
    header: &str,
    value: &str,
    separator: char,
    (stamp_key, signature_key): (&str, &str),
) -> Result<i64, Failure> {
    let malformed = |why: String| Failure::Malformed {
        header: header.into(),
        why,
        hint: None,
    };
    let mut stamp = None;
    let len = found.alg.mac_len();
    for entry in value
        .split(separator)
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        let Some((k, v)) = entry.split_once('=') else {
            return Err(malformed(format!("entry '{entry}' is not key=value")));
        };
        if k == stamp_key {
            stamp = Some(
                v.parse::<i64>()
                    .map_err(|_| malformed(format!("{stamp_key}= is not a Unix timestamp")))?,
            );
        } else if k == signature_key {
            match Encoding::Hex.decode(v, len) {
                Some(mac) => found.claim(mac),
                None => {
                    if let Some(mac) = Encoding::Base64.decode(v, len) {
                        found.near_miss(
                            mac,
                            format!("the {signature_key} signature is written in base64 where hex is expected"),
                        );
                    }
                }
            }
        }
    }
    let stamp = stamp.ok_or_else(|| malformed(format!("no {stamp_key}= timestamp")))?;
    if found.macs.is_empty() {
        found.problem = Some((
            header.into(),
            format!(
                "no well-formed {signature_key}= signature ({} hex digits)",
                len * 2
            ),
        ));
    }
    Ok(stamp)
}
