//! Every signature-header parser: arbitrary headers and body, checked by every scheme and by
//! auto-detection. Input: header lines ("Name: value"), a NUL byte, then the body.
#![no_main]

use hookscope::body::Body;
use hookscope::scheme::{
    self, Algorithm, Clock, Encoding, HmacParams, Keys, Kind, Request, Tolerance,
};
use hookscope::secret::{PublicKey, Secret};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (head, body) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let headers: Vec<(String, String)> = String::from_utf8_lossy(head)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let body = Body::new(body);
    let req = Request::new(&headers, &body);
    let secrets = [Secret::new("whsec_c2VjcmV0"), Secret::new("plain secret")];
    // One public key of each form the asymmetric schemes read (Discord hex, Standard Webhooks
    // whpk_, SendGrid base64 DER), so their signature parsers are reached too.
    let public = [
        PublicKey::new("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
        PublicKey::new("whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g="),
        PublicKey::new("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g=="),
    ];
    let params = HmacParams {
        header: "X-Sig".into(),
        algorithm: Algorithm::Sha1,
        encoding: Encoding::Base64,
        prefix: "sha1=".into(),
    };
    for clock in [
        Clock {
            now: 1_700_000_000,
            tolerance: Tolerance::Platform,
        },
        Clock {
            now: i64::MIN,
            tolerance: Tolerance::Seconds(0),
        },
    ] {
        for &kind in Kind::all() {
            let s = kind.scheme(Some(&params)).unwrap();
            if let Err(f) = s.verify(&req, &secrets, &clock) {
                let _ = f.to_string();
                let _ = f.code();
            }
            let keys = Keys {
                secrets: &secrets,
                public: &public,
            };
            if let Err(f) = s.verify_keys(&req, keys, &clock) {
                let _ = f.to_string();
                let _ = f.code();
            }
        }
    }
    let _ = scheme::detect(&req).map_err(|f| f.to_string());
});
