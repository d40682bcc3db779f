//! The pretty-printer and terminal escaping: no control character may survive.
#![no_main]

use hookscope::capture::Capture;
use hookscope::body::Body;
use hookscope::render;
use hookscope::check::Verdict;
use hookscope::show::{self, Delivery};
use libfuzzer_sys::fuzz_target;

fn clean(s: &str) -> bool {
    !s.chars().any(|c| (c.is_control() && c != '\n' && c != '\t') || ('\u{202A}'..='\u{202E}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c))
}

fuzz_target!(|data: &[u8]| {
    colored::control::set_override(false);
    let text = String::from_utf8_lossy(data);
    assert!(clean(&render::line(&text)) && !render::line(&text).contains('\n'));
    assert!(clean(&render::text(&text)));
    let _ = render::hexdump(data, 256);
    let body = Body::new(data);
    let structured = body.tree();
    if let Some(v) = structured {
        assert!(clean(&render::json(v)));
    }
    let c = Capture::new("POST", &text, vec![(text.to_string(), text.to_string())], data.to_vec());
    let d = Delivery {
        remote: None,
        kind: None,
        event: Some(text.to_string()),
        delivery_id: None,
        structured,
        verdict: Verdict::Unchecked,
        handshake: Some("a handshake"),
        warnings: vec![text.to_string()],
    };
    assert!(clean(&show::head(&c, &d, false, 40, None)));
});
