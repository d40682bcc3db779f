//! The config/rules reader, and rule matching against a fixed body.
#![no_main]

use hookscope::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Config::parse(text, std::path::Path::new("/nonexistent")) {
        Ok(endpoints) => {
            let body = serde_json::json!({"hook": {"event": "record.before.deleted"}, "payload": {"catalogId": "12"}});
            for e in &endpoints {
                let _ = e.serves("/hooks/bpium?x=1");
                let _ = e.rule_for(Some("record.before.deleted"), Some(&body));
            }
        }
        Err(e) => {
            let _ = format!("{e:#}");
        }
    }
});
