//! Form-body decoding and the body probes (event names, ids).
#![no_main]

use hookscope::{event, form};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = form::looks_like_form(data);
    let nested = form::nest(&form::pairs(data));
    assert!(nested.is_object());
    let _ = event::probe(data);
    let _ = event::structured(data);
});
