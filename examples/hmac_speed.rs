//! HMAC-SHA256 throughput of hookscope's engine over 16 KiB blocks, the measure
//! `openssl speed -hmac sha256` reports in its last column. Used by scripts/bench-verify.sh:
//!   cargo run --release --example hmac_speed [SECONDS]

use std::time::{Duration, Instant};

use hookscope::scheme::Algorithm;

fn main() {
    let seconds: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let block = vec![0x5au8; 16 * 1024];
    let key = b"bench-secret";
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut blocks = 0u64;
    while Instant::now() < until {
        for _ in 0..64 {
            std::hint::black_box(Algorithm::Sha256.mac(key, &[std::hint::black_box(&block)]));
        }
        blocks += 64;
    }
    let secs = start.elapsed().as_secs_f64();
    let mib = (blocks * block.len() as u64) as f64 / (1 << 20) as f64;
    println!("{:.0}", mib / secs);
}
