//! The capture reader: whatever parses must write back to the same capture.
#![no_main]

use hookscope::capture::Capture;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = Capture::from_slice(data) {
        let again = Capture::from_slice(&c.to_json()).expect("a written capture reads back");
        assert_eq!(again, c);
    }
});
