//! `PrecomputedP256`: ECDSA P-256 verification through per-key tables must
//! give the verdict of FIPS 186-5 §6.4.2 on every Wycheproof vector and the
//! inner provider's verdict on valid and altered signatures.
#![cfg(all(feature = "p256-precomputed", feature = "rustcrypto"))]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "test code"
)]

use iotm_crypto::{
    CryptoError, CryptoProvider, PrecomputedP256, RustCryptoProvider, SignatureAlg, SigningKey,
};

const ES256: SignatureAlg = SignatureAlg::EcdsaP256Sha256;

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        for chunk in out.chunks_mut(8) {
            chunk.copy_from_slice(&self.next().to_le_bytes()[..chunk.len()]);
        }
        out
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A key pair from a seed: (private, public).
fn key(rng: &mut Rng) -> ([u8; 32], [u8; 65]) {
    loop {
        let private = rng.bytes::<32>();
        let mut public = [0u8; 65];
        if RustCryptoProvider
            .public_key(ES256, &private, &mut public)
            .is_ok()
        {
            return (private, public);
        }
    }
}

fn sign(private: &[u8; 32], public: &[u8; 65], msg: &[u8]) -> [u8; 64] {
    let mut signature = [0u8; 64];
    RustCryptoProvider
        .sign(
            ES256,
            &SigningKey::new(private, public),
            msg,
            &mut signature,
        )
        .unwrap();
    signature
}

#[test]
fn fips_186_5_6_4_2_wycheproof_p1363_vectors_get_their_verdict() {
    use wycheproof::TestResult;
    use wycheproof::ecdsa::{TestName, TestSet};
    let set = TestSet::load(TestName::EcdsaSecp256r1Sha256P1363).unwrap();
    let mut provider = PrecomputedP256::new(RustCryptoProvider);
    let (mut total, mut through_tables, mut mismatches) = (0, 0, Vec::new());
    for group in &set.test_groups {
        let key = group.key.key.as_slice();
        // Keys that are not valid uncompressed points go to the inner
        // provider, which must refuse them too.
        let registered = provider.add_key(key).is_ok();
        for test in &group.tests {
            total += 1;
            through_tables += usize::from(registered);
            let ours = provider.verify(ES256, key, &test.msg, &test.sig).is_ok();
            // "Acceptable" vectors do not occur in this set; anything not
            // valid must be refused.
            if ours != (test.result == TestResult::Valid) {
                mismatches.push((test.tc_id, test.comment.clone(), test.result));
            }
        }
    }
    println!("{total} vectors, {through_tables} through the tables");
    assert!(
        total >= 250 && through_tables == total,
        "{through_tables}/{total}"
    );
    assert!(mismatches.is_empty(), "{mismatches:?}");
}

#[test]
fn fips_186_5_6_4_2_valid_and_altered_signatures_match_the_inner_provider() {
    let mut rng = Rng(0x1f2e_3d4c_5b6a_7988);
    let mut provider = PrecomputedP256::new(RustCryptoProvider);
    let keys: Vec<_> = (0..4).map(|_| key(&mut rng)).collect();
    for (_, public) in &keys {
        provider.add_key(public).unwrap();
    }
    let mut accepted = 0;
    for round in 0..400 {
        let (private, public) = &keys[round % keys.len()];
        let msg = rng.bytes::<48>();
        let mut signature = sign(private, public, &msg);
        let mut msg = msg.to_vec();
        match round % 4 {
            0 => {}
            // One bit of r or s.
            1 => signature[rng.below(64)] ^= 1 << rng.below(8),
            // One bit of the message.
            2 => msg[rng.below(48)] ^= 1 << rng.below(8),
            // Another key's signature.
            _ => {
                let (other_private, other_public) = &keys[(round + 1) % keys.len()];
                signature = sign(other_private, other_public, &msg);
            }
        }
        let inner = RustCryptoProvider.verify(ES256, public, &msg, &signature);
        let ours = provider.verify(ES256, public, &msg, &signature);
        assert_eq!(ours, inner, "round {round}");
        accepted += usize::from(ours.is_ok());
    }
    assert_eq!(accepted, 100);
}

#[test]
fn fips_186_5_6_4_2_s_and_its_negation_both_verify() {
    // (r, n - s) is the other valid signature for the same R; a verifier
    // that is not told to enforce low s must take both, as the inner ones do.
    const N: [u8; 32] = [
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63,
        0x25, 0x51,
    ];
    let mut rng = Rng(7);
    let (private, public) = key(&mut rng);
    let mut provider = PrecomputedP256::new(RustCryptoProvider);
    provider.add_key(&public).unwrap();
    let mut signature = sign(&private, &public, b"m");
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = i16::from(N[i]) - i16::from(signature[32 + i]) - borrow;
        borrow = i16::from(d < 0);
        signature[32 + i] = d.rem_euclid(256) as u8;
    }
    assert_eq!(
        RustCryptoProvider.verify(ES256, &public, b"m", &signature),
        Ok(())
    );
    assert_eq!(provider.verify(ES256, &public, b"m", &signature), Ok(()));
    // r = 0, s = 0, r = n and s = n are out of range.
    for (offset, value) in [(0, [0u8; 32]), (32, [0u8; 32]), (0, N), (32, N)] {
        let mut bad = signature;
        bad[offset..offset + 32].copy_from_slice(&value);
        assert_eq!(
            provider.verify(ES256, &public, b"m", &bad),
            Err(CryptoError::InvalidSignature)
        );
    }
}

#[test]
fn keys_without_tables_and_other_algorithms_go_to_the_inner_provider() {
    let mut rng = Rng(99);
    let (private, public) = key(&mut rng);
    let provider = PrecomputedP256::new(RustCryptoProvider);
    assert_eq!(provider.key_count(), 0);
    let signature = sign(&private, &public, b"m");
    assert_eq!(provider.verify(ES256, &public, b"m", &signature), Ok(()));
    assert_eq!(
        provider.verify(ES256, &public, b"n", &signature),
        Err(CryptoError::InvalidSignature)
    );
    // A P-384 signature by a P-384 key is the inner provider's.
    let private = [0x22u8; 48];
    let mut public = [0u8; 97];
    RustCryptoProvider
        .public_key(SignatureAlg::EcdsaP384Sha384, &private, &mut public)
        .unwrap();
    let mut signature = [0u8; 96];
    RustCryptoProvider
        .sign(
            SignatureAlg::EcdsaP384Sha384,
            &SigningKey::new(&private, &public),
            b"m",
            &mut signature,
        )
        .unwrap();
    assert_eq!(
        provider.verify(SignatureAlg::EcdsaP384Sha384, &public, b"m", &signature),
        Ok(())
    );
}

#[test]
fn sec1_3_2_2_1_add_key_refuses_what_is_not_an_uncompressed_curve_point() {
    let mut rng = Rng(3);
    let (_, public) = key(&mut rng);
    let mut provider = PrecomputedP256::new(RustCryptoProvider);
    assert_eq!(
        provider.add_key(&public[..33]),
        Err(CryptoError::InvalidLength {
            expected: 65,
            actual: 33
        })
    );
    let mut compressed_tag = public;
    compressed_tag[0] = 0x02;
    assert_eq!(
        provider.add_key(&compressed_tag),
        Err(CryptoError::InvalidKey)
    );
    let mut off_curve = public;
    off_curve[64] ^= 1;
    assert_eq!(provider.add_key(&off_curve), Err(CryptoError::InvalidKey));
    // x = p is not a canonical coordinate.
    let mut x_is_p = [0u8; 65];
    x_is_p[0] = 0x04;
    x_is_p[1..33].copy_from_slice(&[
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff,
    ]);
    assert_eq!(provider.add_key(&x_is_p), Err(CryptoError::InvalidKey));
    assert_eq!(provider.key_count(), 0);
    provider.add_key(&public).unwrap();
    provider.add_key(&public).unwrap();
    assert_eq!(provider.key_count(), 1);
}

#[cfg(feature = "ring")]
#[test]
fn fips_186_5_6_4_2_ring_signatures_verify_through_tables_over_ring() {
    use iotm_crypto::RingProvider;
    let mut rng = Rng(0x5eed);
    let ring = RingProvider::new();
    let mut provider = PrecomputedP256::new(RingProvider::new());
    for _ in 0..8 {
        let (private, public) = key(&mut rng);
        provider.add_key(&public).unwrap();
        let mut signature = [0u8; 64];
        // ring signs with a random nonce.
        ring.sign(
            ES256,
            &SigningKey::new(&private, &public),
            b"m",
            &mut signature,
        )
        .unwrap();
        assert_eq!(provider.verify(ES256, &public, b"m", &signature), Ok(()));
        signature[10] ^= 0x80;
        assert_eq!(
            provider.verify(ES256, &public, b"m", &signature),
            ring.verify(ES256, &public, b"m", &signature)
        );
    }
}
