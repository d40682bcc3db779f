//! Form-body decoding and the body probes (event names, ids), with the top-level JSON scan
//! checked against serde_json.
#![no_main]

use hookscope::body::Body;
use hookscope::{form, jsonscan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = form::looks_like_form(data);
    let nested = form::nest(&form::pairs(data));
    assert!(nested.is_object());
    let body = Body::new(data);
    for path in [&["type"][..], &["hook", "event"], &["hook", "sequenceId"]] {
        let _ = (body.string(path), body.scalar(path), body.integer(path));
    }
    let _ = body.raw_pairs();
    // What the scan reads, the tree reads the same.
    let before = body.string(&["type"]);
    if body.tree().is_some() {
        assert_eq!(body.string(&["type"]), before);
    }
    // Whatever serde_json reads as an object, the scan must read too, member for member.
    let mut members = Vec::new();
    let scanned = jsonscan::members(data, |k, v| members.push((k.to_string(), v.to_vec())));
    if let Ok(serde_json::Value::Object(object)) = serde_json::from_slice(data) {
        assert!(scanned.is_some(), "serde_json reads an object the scan refused");
        for (k, v) in &members {
            let value: serde_json::Value =
                serde_json::from_slice(v).expect("a member's value is JSON");
            // Repeated keys: serde_json keeps the last; check that one only.
            if members.iter().rev().find(|(k2, _)| k2 == k).map(|(_, v2)| v2) == Some(v) {
                assert_eq!(object.get(k), Some(&value));
            }
        }
    }
});
