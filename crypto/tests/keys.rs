//! Key derivation: the public half of a private key, as device key
//! generation uses it, for every signature algorithm that signs.
#![cfg(feature = "rustcrypto")]
#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

#[test]
fn public_keys_derive_and_sign_verify_round_trip() {
    use iotm_crypto::{CryptoProvider as _, RustCryptoProvider, SignatureAlg, SigningKey};
    for (alg, private) in [
        (SignatureAlg::EcdsaP256Sha256, vec![0x11u8; 32]),
        (SignatureAlg::EcdsaP384Sha384, vec![0x22u8; 48]),
        (SignatureAlg::Ed25519, vec![0x33u8; 32]),
    ] {
        let mut public = [0u8; 97];
        let n = RustCryptoProvider
            .public_key(alg, &private, &mut public)
            .unwrap();
        let public = &public[..n];
        assert_eq!(n, alg.public_key_len());
        let mut sig = [0u8; 96];
        let len = RustCryptoProvider
            .sign(alg, &SigningKey::new(&private, public), b"m", &mut sig)
            .unwrap();
        RustCryptoProvider
            .verify(alg, public, b"m", &sig[..len])
            .unwrap();
    }
    // A zero scalar is not a key; HSS-LMS and RSA derive nothing.
    let mut out = [0u8; 65];
    assert!(
        RustCryptoProvider
            .public_key(SignatureAlg::EcdsaP256Sha256, &[0u8; 32], &mut out)
            .is_err()
    );
    assert!(
        RustCryptoProvider
            .public_key(SignatureAlg::RsaPkcs1Sha256, &[1u8; 32], &mut out)
            .is_err()
    );
}
