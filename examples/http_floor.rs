//! The least any tiny_http receiver can do per delivery: read the body, optionally check an
//! HMAC-SHA256 of it, answer `{"ok":true}`. It stores nothing, parses nothing and prints
//! nothing, so its rate is the ceiling `hookscope listen` works under on this machine. Used by
//! scripts/bench-listen.sh:
//!   cargo run --release --example http_floor PORT WORKERS [SECRET]

use hookscope::scheme::Algorithm;

fn main() {
    let mut args = std::env::args().skip(1);
    let port: u16 = args.next().and_then(|s| s.parse().ok()).unwrap_or(18090);
    let workers: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(4);
    let secret = args.next();
    let server = std::sync::Arc::new(
        tiny_http::Server::http(("127.0.0.1", port)).expect("could not listen"),
    );
    let threads: Vec<_> = (0..workers)
        .map(|_| {
            let server = std::sync::Arc::clone(&server);
            let secret = secret.clone();
            std::thread::spawn(move || {
                let mut body = Vec::new();
                while let Ok(mut req) = server.recv() {
                    body.clear();
                    if req.as_reader().read_to_end(&mut body).is_err() {
                        continue;
                    }
                    if let Some(secret) = &secret {
                        std::hint::black_box(Algorithm::Sha256.mac(secret.as_bytes(), &[&body]));
                    }
                    let _ = req.respond(tiny_http::Response::from_string(r#"{"ok":true}"#));
                }
            })
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
}
