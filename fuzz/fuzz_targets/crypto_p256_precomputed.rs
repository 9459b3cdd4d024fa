//! `PrecomputedP256` (ECDSA P-256 through per-key tables) against the
//! RustCrypto backend it wraps: on every input both give the same verdict,
//! and a signature just made by the key verifies. Two keys are registered.
//!
//! The first input byte chooses: bit 0 the key; bit 1 whether the last 64
//! bytes are taken as the signature (0) or the rest is signed first (1);
//! with a fresh signature, bit 2 flips bit `byte >> 5` of signature byte
//! `rest[0] % 64`, so valid, nearly valid and arbitrary signatures all get
//! through to the arithmetic.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use std::sync::OnceLock;

use iotm_crypto::{CryptoProvider, PrecomputedP256, RustCryptoProvider, SignatureAlg, SigningKey};
use libfuzzer_sys::fuzz_target;

const ES256: SignatureAlg = SignatureAlg::EcdsaP256Sha256;

struct Fixture {
    provider: PrecomputedP256<RustCryptoProvider>,
    keys: [([u8; 32], [u8; 65]); 2],
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let mut provider = PrecomputedP256::new(RustCryptoProvider);
        let keys = [[0x11u8; 32], [0xfe; 32]].map(|private| {
            let mut public = [0u8; 65];
            RustCryptoProvider
                .public_key(ES256, &private, &mut public)
                .unwrap();
            provider.add_key(&public).unwrap();
            (private, public)
        });
        Fixture { provider, keys }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let fixture = fixture();
    let (private, public) = &fixture.keys[usize::from(mode & 1)];
    let (msg, signature, fresh) = if mode & 2 == 0 {
        let (msg, signature) = rest.split_at(rest.len().saturating_sub(64));
        (msg, signature.to_vec(), false)
    } else {
        let mut signature = vec![0u8; 64];
        RustCryptoProvider
            .sign(
                ES256,
                &SigningKey::new(private, public),
                rest,
                &mut signature,
            )
            .unwrap();
        let flip = mode & 4 != 0;
        if flip {
            let index = rest.first().map_or(0, |b| usize::from(*b) % 64);
            signature[index] ^= 1 << (mode >> 5);
        }
        (rest, signature, !flip)
    };
    let ours = fixture.provider.verify(ES256, public, msg, &signature);
    let reference = RustCryptoProvider.verify(ES256, public, msg, &signature);
    assert_eq!(ours, reference, "mode {mode:#x}");
    if fresh {
        assert_eq!(ours, Ok(()));
    }
});
