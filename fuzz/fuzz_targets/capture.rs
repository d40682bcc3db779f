//! The capture reader: whatever parses must write back to the same capture, and the head
//! reader (which counts the body without keeping it) must agree with it on every file it reads.
#![no_main]

use hookscope::capture::{Capture, Head};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = Capture::from_slice(data) {
        let again = Capture::from_slice(&c.to_json()).expect("a written capture reads back");
        assert_eq!(again, c);
    }
    if let Some(head) = Head::scan(data) {
        let c = Capture::from_slice(data).expect("a file the head reader reads, the reader reads");
        assert_eq!(head, Head::of(&c, c.extra.as_ref()));
    }
});
