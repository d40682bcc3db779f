//! The least any hyper receiver can do per delivery: read the body, optionally check an
//! HMAC-SHA256 of it, answer `{"ok":true}`. It stores nothing, parses nothing, prints nothing
//! and holds no limits, on the same runtime `hookscope listen` uses, so its rate is the ceiling
//! hookscope works under on this machine. Used by scripts/bench-listen.sh:
//!   cargo run --release --example http_floor PORT THREADS [SECRET]

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use hookscope::scheme::Algorithm;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

fn main() {
    let mut args = std::env::args().skip(1);
    let port: u16 = args.next().and_then(|s| s.parse().ok()).unwrap_or(18090);
    let threads: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(2);
    let secret: Arc<Option<String>> = Arc::new(args.next());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .enable_all()
        .build()
        .expect("could not start the runtime");
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("could not listen");
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            let secret = Arc::clone(&secret);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                    let secret = Arc::clone(&secret);
                    async move {
                        let body = req.into_body().collect().await.map(|b| b.to_bytes());
                        if let (Ok(body), Some(secret)) = (&body, secret.as_ref()) {
                            std::hint::black_box(Algorithm::Sha256.mac(secret.as_bytes(), &[body]));
                        }
                        Ok::<_, Infallible>(Response::new(Full::new(Bytes::from_static(
                            br#"{"ok":true}"#,
                        ))))
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}
