//! Known-answer tests: the same published vectors, run by the same generic
//! functions against every backend. Each `kat_*` function takes any
//! [`CryptoProvider`]; the `backend!` macro at the bottom instantiates them
//! once for [`RustCryptoProvider`] and, with the `ring` feature, once for
//! [`RingProvider`]. Where the two backends differ on purpose (ECDSA signing
//! is deterministic in one and randomized in the other) the test says so.
#![cfg(feature = "rustcrypto")]
// Test code: a failed unwrap or index is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::expect_used
)]

use iotm_crypto::{
    AeadAlg, CipherAlg, CryptoError, CryptoProvider, Curve, HashAlg, Hasher, KeyWrapAlg, MacAlg,
    RustCryptoProvider, SignatureAlg, SigningKey,
};

/// Decodes a hex string (whitespace allowed, as vectors are printed in RFCs).
fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert_eq!(digits.len() % 2, 0, "odd hex length");
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(core::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

/// Uncompressed SEC1 point from its coordinates.
fn sec1(x: &str, y: &str) -> Vec<u8> {
    let mut point = vec![0x04];
    point.extend(hex(x));
    point.extend(hex(y));
    point
}

/// Verifies with every backend compiled in, expecting `expected` from each.
fn verify_everywhere(
    alg: SignatureAlg,
    public: &[u8],
    msg: &[u8],
    sig: &[u8],
    expected: Result<(), CryptoError>,
) {
    assert_eq!(
        RustCryptoProvider::new().verify(alg, public, msg, sig),
        expected,
        "RustCrypto"
    );
    #[cfg(feature = "ring")]
    assert_eq!(
        iotm_crypto::RingProvider::new().verify(alg, public, msg, sig),
        expected,
        "ring"
    );
}

// ---------------------------------------------------------------------------
// SHA-2: FIPS 180-4 examples (NIST "Cryptographic Standards and Guidelines:
// Examples with Intermediate Values", SHA-256/384/512): "abc", the empty
// string, and the 448-bit message "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".

const MSG_448: &[u8] = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

const SHA2_VECTORS: &[(HashAlg, &[u8], &str)] = &[
    (
        HashAlg::Sha256,
        b"abc",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    ),
    (
        HashAlg::Sha256,
        b"",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ),
    (
        HashAlg::Sha256,
        MSG_448,
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ),
    (
        HashAlg::Sha384,
        b"abc",
        "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed\
         8086072ba1e7cc2358baeca134c825a7",
    ),
    (
        HashAlg::Sha384,
        b"",
        "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da\
         274edebfe76f65fbd51ad2f14898b95b",
    ),
    (
        HashAlg::Sha384,
        MSG_448,
        "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6\
         b0455a8520bc4e6f5fe95b1fe3c8452b",
    ),
    (
        HashAlg::Sha512,
        b"abc",
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
         2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    ),
    (
        HashAlg::Sha512,
        b"",
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce\
         47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
    ),
    (
        HashAlg::Sha512,
        MSG_448,
        "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335\
         96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445",
    ),
];

fn kat_sha2<P: CryptoProvider>(p: &P) {
    for &(alg, msg, expected) in SHA2_VECTORS {
        let mut out = [0u8; 64];
        let n = p.digest(alg, msg, &mut out).unwrap();
        assert_eq!(n, alg.output_len());
        assert_eq!(out[..n], hex(expected), "{alg:?} of {msg:?}");
    }
}

/// The same vectors fed in chunks of every size from 1 to 9 bytes: the
/// streaming path a firmware image takes.
fn kat_sha2_streaming<P: CryptoProvider>(p: &P) {
    for &(alg, msg, expected) in SHA2_VECTORS {
        for chunk in 1..10 {
            let mut h = p.hasher(alg).unwrap();
            assert_eq!(h.algorithm(), alg);
            for part in msg.chunks(chunk) {
                h.update(part);
            }
            let mut out = [0u8; 64];
            let n = h.finish(&mut out).unwrap();
            assert_eq!(out[..n], hex(expected), "{alg:?}, chunks of {chunk}");
        }
    }
}

fn kat_sha2_short_buffer<P: CryptoProvider>(p: &P) {
    let mut out = [0u8; 31];
    assert_eq!(
        p.digest(HashAlg::Sha256, b"abc", &mut out),
        Err(CryptoError::BufferTooSmall {
            needed: 32,
            available: 31
        })
    );
    let h = p.hasher(HashAlg::Sha512).unwrap();
    assert_eq!(
        h.finish(&mut [0u8; 63]),
        Err(CryptoError::BufferTooSmall {
            needed: 64,
            available: 63
        })
    );
}

// ---------------------------------------------------------------------------
// HMAC: RFC 4231 §4.2 (test case 1), §4.3 (test case 2), §4.4 (test case 3),
// §4.7 (test case 6: a key longer than the block size).

fn hmac_vectors() -> Vec<(MacAlg, Vec<u8>, Vec<u8>, &'static str)> {
    let tc1_key = vec![0x0b; 20];
    let tc1_data = b"Hi There".to_vec();
    let tc2_key = b"Jefe".to_vec();
    let tc2_data = b"what do ya want for nothing?".to_vec();
    vec![
        (
            MacAlg::HmacSha256,
            tc1_key.clone(),
            tc1_data.clone(),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        ),
        (
            MacAlg::HmacSha384,
            tc1_key.clone(),
            tc1_data.clone(),
            "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c\
             faea9ea9076ede7f4af152e8b2fa9cb6",
        ),
        (
            MacAlg::HmacSha512,
            tc1_key,
            tc1_data,
            "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde\
             daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
        ),
        (
            MacAlg::HmacSha256,
            tc2_key.clone(),
            tc2_data.clone(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            MacAlg::HmacSha384,
            tc2_key.clone(),
            tc2_data.clone(),
            "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e\
             8e2240ca5e69e2c78b3239ecfab21649",
        ),
        (
            MacAlg::HmacSha512,
            tc2_key,
            tc2_data,
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554\
             9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
        ),
        (
            MacAlg::HmacSha256,
            vec![0xaa; 20],
            vec![0xdd; 50],
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        ),
        (
            MacAlg::HmacSha256,
            vec![0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        ),
    ]
}

fn kat_hmac<P: CryptoProvider>(p: &P) {
    for (alg, key, data, expected) in hmac_vectors() {
        let expected = hex(expected);
        let mut out = [0u8; 64];
        let n = p.mac(alg, &key, &data, &mut out).unwrap();
        assert_eq!(out[..n], expected, "{alg:?}");
        assert_eq!(p.verify_mac(alg, &key, &data, &expected), Ok(()));
        let mut tampered = expected.clone();
        tampered[n - 1] ^= 0x01;
        assert_eq!(
            p.verify_mac(alg, &key, &data, &tampered),
            Err(CryptoError::AuthenticationFailed)
        );
        assert_eq!(
            p.verify_mac(alg, &key, &data, &expected[..n / 2]),
            Err(CryptoError::InvalidLength {
                expected: n,
                actual: n / 2
            })
        );
    }
}

// ---------------------------------------------------------------------------
// HKDF-SHA-256: RFC 5869 appendix A.1 (basic) and A.3 (zero-length salt and
// info).

fn kat_hkdf<P: CryptoProvider>(p: &P) {
    let ikm = [0x0bu8; 22];
    let salt: Vec<u8> = (0x00..=0x0c).collect();
    let info: Vec<u8> = (0xf0..=0xf9).collect();
    let mut okm = [0u8; 42];
    p.hkdf_sha256(&salt, &ikm, &info, &mut okm).unwrap();
    assert_eq!(
        okm.to_vec(),
        hex(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf\
             34007208d5b887185865"
        ),
        "RFC 5869 A.1"
    );
    p.hkdf_sha256(&[], &ikm, &[], &mut okm).unwrap();
    assert_eq!(
        okm.to_vec(),
        hex(
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d\
             9d201395faa4b61a96c8"
        ),
        "RFC 5869 A.3"
    );
    let mut too_long = vec![0u8; 255 * 32 + 1];
    assert_eq!(
        p.hkdf_sha256(&salt, &ikm, &info, &mut too_long),
        Err(CryptoError::LengthOutOfRange {
            min: 0,
            max: 8160,
            actual: 8161
        })
    );
}

// ---------------------------------------------------------------------------
// Ed25519: RFC 8032 §7.1, TEST 1, TEST 2 and TEST 3.

const ED25519_VECTORS: &[(&str, &str, &str, &str)] = &[
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155\
         5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da\
         085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac\
         18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
];

fn kat_ed25519<P: CryptoProvider>(p: &P) {
    for (i, &(sk, pk, msg, sig)) in ED25519_VECTORS.iter().enumerate() {
        let (sk, pk, msg, sig) = (hex(sk), hex(pk), hex(msg), hex(sig));
        let mut out = [0u8; 64];
        let n = p
            .sign(
                SignatureAlg::Ed25519,
                &SigningKey::new(&sk, &pk),
                &msg,
                &mut out,
            )
            .unwrap();
        assert_eq!(out[..n], sig, "RFC 8032 TEST {}: signature", i + 1);
        assert_eq!(p.verify(SignatureAlg::Ed25519, &pk, &msg, &sig), Ok(()));
        let mut bad_sig = sig.clone();
        bad_sig[10] ^= 0x40;
        assert_eq!(
            p.verify(SignatureAlg::Ed25519, &pk, &msg, &bad_sig),
            Err(CryptoError::InvalidSignature)
        );
        let mut bad_msg = msg.clone();
        bad_msg.push(0x00);
        assert_eq!(
            p.verify(SignatureAlg::Ed25519, &pk, &bad_msg, &sig),
            Err(CryptoError::InvalidSignature)
        );
        assert_eq!(
            p.verify(SignatureAlg::Ed25519, &pk, &msg, &sig[..63]),
            Err(CryptoError::InvalidLength {
                expected: 64,
                actual: 63
            })
        );
    }
}

// ---------------------------------------------------------------------------
// ECDSA: RFC 6979 appendix A.2.5 (P-256) and A.2.6 (P-384), message "sample"
// with SHA-256 and SHA-384 respectively.

struct EcdsaVector {
    alg: SignatureAlg,
    private: &'static str,
    ux: &'static str,
    uy: &'static str,
    r: &'static str,
    s: &'static str,
}

const RFC6979_P256: EcdsaVector = EcdsaVector {
    alg: SignatureAlg::EcdsaP256Sha256,
    private: "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721",
    ux: "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6",
    uy: "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299",
    r: "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716",
    s: "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8",
};

const RFC6979_P384: EcdsaVector = EcdsaVector {
    alg: SignatureAlg::EcdsaP384Sha384,
    private: "6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D8\
              96D5724E4C70A825F872C9EA60D2EDF5",
    ux: "EC3A4E415B4E19A4568618029F427FA5DA9A8BC4AE92E02E06AAE5286B300C64\
         DEF8F0EA9055866064A254515480BC13",
    uy: "8015D9B72D7D57244EA8EF9AC0C621896708A59367F9DFB9F54CA84B3F1C9DB1\
         288B231C3AE0D4FE7344FD2533264720",
    r: "94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C\
        81A648152E44ACF96E36DD1E80FABE46",
    s: "99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94F\
        A329C145786E679E7B82C71A38628AC8",
};

impl EcdsaVector {
    fn public(&self) -> Vec<u8> {
        sec1(self.ux, self.uy)
    }

    fn signature(&self) -> Vec<u8> {
        let mut sig = hex(self.r);
        sig.extend(hex(self.s));
        sig
    }
}

/// The RFC signature verifies; a flipped bit in the signature or the
/// message, or another key, does not.
fn kat_ecdsa_verify<P: CryptoProvider>(p: &P) {
    for v in [RFC6979_P256, RFC6979_P384] {
        let (public, sig) = (v.public(), v.signature());
        assert_eq!(
            p.verify(v.alg, &public, b"sample", &sig),
            Ok(()),
            "{:?}",
            v.alg
        );
        assert_eq!(
            p.verify(v.alg, &public, b"sampl3", &sig),
            Err(CryptoError::InvalidSignature)
        );
        let mut bad = sig.clone();
        bad[5] ^= 0x01;
        assert_eq!(
            p.verify(v.alg, &public, b"sample", &bad),
            Err(CryptoError::InvalidSignature)
        );
        assert_eq!(
            p.verify(v.alg, &public, b"sample", &sig[1..]),
            Err(CryptoError::InvalidLength {
                expected: sig.len(),
                actual: sig.len() - 1
            })
        );
        // A point that is not on the curve.
        let mut off_curve = public.clone();
        *off_curve.last_mut().unwrap() ^= 0x01;
        assert!(p.verify(v.alg, &off_curve, b"sample", &sig).is_err());
    }
}

/// Sign with `p`, then verify with every backend; ECDSA signatures from ring
/// are randomized, so only the round trip is compared.
fn kat_ecdsa_sign_round_trip<P: CryptoProvider>(p: &P) {
    for v in [RFC6979_P256, RFC6979_P384] {
        let (private, public) = (hex(v.private), v.public());
        let key = SigningKey::new(&private, &public);
        let mut sig = [0u8; 96];
        let n = p.sign(v.alg, &key, b"firmware digest", &mut sig).unwrap();
        assert_eq!(n, v.alg.signature_len());
        verify_everywhere(v.alg, &public, b"firmware digest", &sig[..n], Ok(()));
        verify_everywhere(
            v.alg,
            &public,
            b"firmware digesT",
            &sig[..n],
            Err(CryptoError::InvalidSignature),
        );
        // The public half must belong to the private half.
        let other = if v.alg == SignatureAlg::EcdsaP256Sha256 {
            sec1(
                "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296",
                "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5",
            )
        } else {
            sec1(P384_GX, P384_GY)
        };
        assert_eq!(
            p.sign(v.alg, &SigningKey::new(&private, &other), b"m", &mut sig),
            Err(CryptoError::InvalidKey)
        );
        assert_eq!(
            p.sign(v.alg, &key, b"m", &mut [0u8; 10]),
            Err(CryptoError::BufferTooSmall {
                needed: n,
                available: 10
            })
        );
    }
}

/// RustCrypto signs deterministically (RFC 6979 §3.2): the signature is
/// exactly the one printed in the RFC.
fn kat_ecdsa_deterministic(p: &RustCryptoProvider) {
    for v in [RFC6979_P256, RFC6979_P384] {
        let (private, public) = (hex(v.private), v.public());
        let mut sig = [0u8; 96];
        let n = p
            .sign(
                v.alg,
                &SigningKey::new(&private, &public),
                b"sample",
                &mut sig,
            )
            .unwrap();
        assert_eq!(sig[..n], v.signature(), "RFC 6979 {:?}", v.alg);
    }
}

// ---------------------------------------------------------------------------
// AES key wrap: RFC 3394 §4.1 to §4.6.

const KEK_128: &str = "000102030405060708090A0B0C0D0E0F";
const KEK_192: &str = "000102030405060708090A0B0C0D0E0F1011121314151617";
const KEK_256: &str = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
const KEY_128: &str = "00112233445566778899AABBCCDDEEFF";
const KEY_192: &str = "00112233445566778899AABBCCDDEEFF0001020304050607";
const KEY_256: &str = "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F";

const KW_VECTORS: &[(KeyWrapAlg, &str, &str, &str)] = &[
    (
        KeyWrapAlg::A128Kw,
        KEK_128,
        KEY_128,
        "1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5",
    ),
    (
        KeyWrapAlg::A192Kw,
        KEK_192,
        KEY_128,
        "96778B25AE6CA435 F92B5B97C050AED2 468AB8A17AD84E5D",
    ),
    (
        KeyWrapAlg::A256Kw,
        KEK_256,
        KEY_128,
        "64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7",
    ),
    (
        KeyWrapAlg::A192Kw,
        KEK_192,
        KEY_192,
        "031D33264E15D332 68F24EC260743EDC E1C6C7DDEE725A93 6BA814915C6762D2",
    ),
    (
        KeyWrapAlg::A256Kw,
        KEK_256,
        KEY_192,
        "A8F9BC1612C68B3F F6E6F4FBE30E71E4 769C8B80A32CB895 8CD5D17D6B254DA1",
    ),
    (
        KeyWrapAlg::A256Kw,
        KEK_256,
        KEY_256,
        "28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21",
    ),
];

fn kat_aes_kw<P: CryptoProvider>(p: &P) {
    for &(alg, kek, key, wrapped) in KW_VECTORS {
        let (kek, key, wrapped) = (hex(kek), hex(key), hex(wrapped));
        let mut out = [0u8; 48];
        let n = p.key_wrap(alg, &kek, &key, &mut out).unwrap();
        assert_eq!(out[..n], wrapped, "{alg:?} wrap");
        let mut plain = [0u8; 48];
        let n = p.key_unwrap(alg, &kek, &wrapped, &mut plain).unwrap();
        assert_eq!(plain[..n], key, "{alg:?} unwrap");
        // A changed bit anywhere breaks the integrity check value A6A6...
        let mut tampered = wrapped.clone();
        tampered[wrapped.len() - 1] ^= 0x80;
        let mut plain = [0xEEu8; 48];
        assert_eq!(
            p.key_unwrap(alg, &kek, &tampered, &mut plain),
            Err(CryptoError::AuthenticationFailed)
        );
        assert!(
            plain[..key.len()].iter().all(|&b| b == 0),
            "no unwrapped bytes on failure"
        );
        // So does the wrong KEK.
        let mut wrong_kek = kek.clone();
        wrong_kek[0] ^= 0x01;
        assert_eq!(
            p.key_unwrap(alg, &wrong_kek, &wrapped, &mut plain),
            Err(CryptoError::AuthenticationFailed)
        );
    }
    assert_eq!(
        p.key_wrap(
            KeyWrapAlg::A128Kw,
            &hex(KEK_256),
            &hex(KEY_128),
            &mut [0u8; 24]
        ),
        Err(CryptoError::InvalidLength {
            expected: 16,
            actual: 32
        })
    );
}

// ---------------------------------------------------------------------------
// AES-GCM: McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)",
// revised 2005, appendix B: test cases 2, 3, 4 (AES-128), 9, 10 (AES-192)
// and 14, 15, 16 (AES-256), all with 96-bit IVs. Each is also opened with a
// flipped tag bit and with changed associated data.

const GCM_K: &str = "feffe9928665731c6d6a8f9467308308";
const GCM_IV: &str = "cafebabefacedbaddecaf888";
const GCM_P: &str = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72\
                     1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
const GCM_A: &str = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

struct GcmVector {
    case: u32,
    alg: AeadAlg,
    key: String,
    iv: String,
    plaintext: Vec<u8>,
    aad: Vec<u8>,
    ciphertext: Vec<u8>,
    tag: Vec<u8>,
}

fn gcm_vectors() -> Vec<GcmVector> {
    let p60 = hex(GCM_P)[..60].to_vec();
    let zero_iv = "00".repeat(12);
    let v =
        |case, alg, key: String, iv: &str, plaintext: Vec<u8>, aad: &str, c: &str, t| GcmVector {
            case,
            alg,
            key,
            iv: iv.to_string(),
            plaintext,
            aad: hex(aad),
            ciphertext: hex(c),
            tag: hex(t),
        };
    vec![
        v(
            2,
            AeadAlg::Aes128Gcm,
            "00".repeat(16),
            &zero_iv,
            vec![0; 16],
            "",
            "0388dace60b6a392f328c2b971b2fe78",
            "ab6e47d42cec13bdf53a67b21257bddf",
        ),
        v(
            3,
            AeadAlg::Aes128Gcm,
            GCM_K.to_string(),
            GCM_IV,
            hex(GCM_P),
            "",
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e\
             21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
            "4d5c2af327cd64a62cf35abd2ba6fab4",
        ),
        v(
            4,
            AeadAlg::Aes128Gcm,
            GCM_K.to_string(),
            GCM_IV,
            p60.clone(),
            GCM_A,
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e\
             21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
            "5bc94fbc3221a5db94fae95ae7121a47",
        ),
        v(
            9,
            AeadAlg::Aes192Gcm,
            format!("{GCM_K}{}", &GCM_K[..16]),
            GCM_IV,
            hex(GCM_P),
            "",
            "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c\
             7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710acade256",
            "9924a7c8587336bfb118024db8674a14",
        ),
        v(
            10,
            AeadAlg::Aes192Gcm,
            format!("{GCM_K}{}", &GCM_K[..16]),
            GCM_IV,
            p60.clone(),
            GCM_A,
            "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c\
             7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710",
            "2519498e80f1478f37ba55bd6d27618c",
        ),
        v(
            14,
            AeadAlg::Aes256Gcm,
            "00".repeat(32),
            &zero_iv,
            vec![0; 16],
            "",
            "cea7403d4d606b6e074ec5d3baf39d18",
            "d0d1c8a799996bf0265b98b5d48ab919",
        ),
        v(
            15,
            AeadAlg::Aes256Gcm,
            format!("{GCM_K}{GCM_K}"),
            GCM_IV,
            hex(GCM_P),
            "",
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa\
             8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
            "b094dac5d93471bdec1a502270e3cc6c",
        ),
        v(
            16,
            AeadAlg::Aes256Gcm,
            format!("{GCM_K}{GCM_K}"),
            GCM_IV,
            p60,
            GCM_A,
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa\
             8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
            "76fc6ece0f4e1768cddf8853bb2d551b",
        ),
    ]
}

fn kat_aes_gcm<P: CryptoProvider>(p: &P) {
    for v in gcm_vectors() {
        let (key, iv) = (hex(&v.key), hex(&v.iv));
        let mut buf = v.plaintext.clone();
        let mut tag = [0u8; 16];
        assert_eq!(
            p.aead_seal(v.alg, &key, &iv, &v.aad, &mut buf, &mut tag),
            Ok(16)
        );
        assert_eq!(buf, v.ciphertext, "GCM test case {} ciphertext", v.case);
        assert_eq!(tag.to_vec(), v.tag, "GCM test case {} tag", v.case);

        let mut buf = v.ciphertext.clone();
        assert_eq!(
            p.aead_open(v.alg, &key, &iv, &v.aad, &mut buf, &v.tag),
            Ok(())
        );
        assert_eq!(buf, v.plaintext, "GCM test case {} decrypt", v.case);

        // Tag mismatch: an error, and no plaintext left behind.
        let mut bad_tag = v.tag.clone();
        bad_tag[0] ^= 0x01;
        let mut buf = v.ciphertext.clone();
        assert_eq!(
            p.aead_open(v.alg, &key, &iv, &v.aad, &mut buf, &bad_tag),
            Err(CryptoError::AuthenticationFailed),
            "GCM test case {}",
            v.case
        );
        assert!(
            buf.iter().all(|&b| b == 0),
            "GCM test case {}: buffer not zeroed",
            v.case
        );

        // Changed associated data fails the same way.
        let mut aad = v.aad.clone();
        aad.push(0x00);
        let mut buf = v.ciphertext.clone();
        assert_eq!(
            p.aead_open(v.alg, &key, &iv, &aad, &mut buf, &v.tag),
            Err(CryptoError::AuthenticationFailed)
        );
    }
    // Wrong sizes are length errors, never panics, and leave the data alone.
    let mut buf = [7u8; 5];
    assert_eq!(
        p.aead_open(
            AeadAlg::Aes128Gcm,
            &[0; 16],
            &[0; 12],
            b"",
            &mut buf,
            &[0; 12]
        ),
        Err(CryptoError::InvalidLength {
            expected: 16,
            actual: 12
        })
    );
    assert_eq!(
        p.aead_seal(
            AeadAlg::Aes256Gcm,
            &[0; 16],
            &[0; 12],
            b"",
            &mut buf,
            &mut [0; 16]
        ),
        Err(CryptoError::InvalidLength {
            expected: 32,
            actual: 16
        })
    );
    assert_eq!(
        p.aead_seal(
            AeadAlg::Aes128Gcm,
            &[0; 16],
            &[0; 8],
            b"",
            &mut buf,
            &mut [0; 16]
        ),
        Err(CryptoError::InvalidLength {
            expected: 12,
            actual: 8
        })
    );
    assert_eq!(buf, [7u8; 5]);
}

// ---------------------------------------------------------------------------
// AES-CTR: NIST SP 800-38A appendix F.5.1 (CTR-AES128.Encrypt), F.5.3
// (CTR-AES192.Encrypt), F.5.5 (CTR-AES256.Encrypt); F.5.2/4/6 decrypt the
// same bytes back.

const CTR_IV: &str = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
const CTR_PLAINTEXT: &str = "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51\
                             30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710";

const CTR_VECTORS: &[(CipherAlg, &str, &str)] = &[
    (
        CipherAlg::Aes128Ctr,
        "2b7e151628aed2a6abf7158809cf4f3c",
        "874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff\
         5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee",
    ),
    (
        CipherAlg::Aes192Ctr,
        "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
        "1abc932417521ca24f2b0459fe7e6e0b 090339ec0aa6faefd5ccc2c6f4ce8e94\
         1e36b26bd1ebc670d1bd1d665620abf7 4f78a7f6d29809585a97daec58c6b050",
    ),
    (
        CipherAlg::Aes256Ctr,
        "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
        "601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5\
         2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6",
    ),
];

fn kat_aes_ctr<P: CryptoProvider>(p: &P) {
    for &(alg, key, ciphertext) in CTR_VECTORS {
        let (key, iv) = (hex(key), hex(CTR_IV));
        let mut buf = hex(CTR_PLAINTEXT);
        p.ctr_apply(alg, &key, &iv, &mut buf).unwrap();
        assert_eq!(buf, hex(ciphertext), "{alg:?} encrypt");
        p.ctr_apply(alg, &key, &iv, &mut buf).unwrap();
        assert_eq!(buf, hex(CTR_PLAINTEXT), "{alg:?} decrypt");
        // A partial last block uses a prefix of the key stream.
        let mut part = hex(CTR_PLAINTEXT)[..21].to_vec();
        p.ctr_apply(alg, &key, &iv, &mut part).unwrap();
        assert_eq!(part, hex(ciphertext)[..21]);
    }
    assert_eq!(
        p.ctr_apply(CipherAlg::Aes128Ctr, &[0; 16], &[0; 12], &mut [0; 4]),
        Err(CryptoError::InvalidLength {
            expected: 16,
            actual: 12
        })
    );
}

// ---------------------------------------------------------------------------
// ECDH: RFC 5903 §8.1 (256-bit random ECP group): both sides derive the
// x-coordinate girx. P-384: d·G has the x-coordinate of the RFC 6979 A.2.6
// public key, and 1·U is U itself; G is the P-384 base point (SP 800-186).

const P384_GX: &str = "AA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A38\
                       5502F25DBF55296C3A545E3872760AB7";
const P384_GY: &str = "3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C0\
                       0A60B1CE1D7E819D7A431D7C90EA0E5F";

fn kat_ecdh<P: CryptoProvider>(p: &P) {
    let i = hex("C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433");
    let gi = sec1(
        "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180",
        "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
    );
    let r = hex("C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53");
    let gr = sec1(
        "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63",
        "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
    );
    let girx = hex("D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE");
    let mut out = [0u8; 48];
    assert_eq!(p.ecdh(Curve::P256, &i, &gr, &mut out), Ok(32));
    assert_eq!(out[..32], girx, "RFC 5903 8.1 initiator");
    assert_eq!(p.ecdh(Curve::P256, &r, &gi, &mut out), Ok(32));
    assert_eq!(out[..32], girx, "RFC 5903 8.1 responder");

    let d = hex(RFC6979_P384.private);
    let g = sec1(P384_GX, P384_GY);
    assert_eq!(p.ecdh(Curve::P384, &d, &g, &mut out), Ok(48));
    assert_eq!(
        out.to_vec(),
        hex(RFC6979_P384.ux),
        "d·G = U (RFC 6979 A.2.6)"
    );
    let mut one = [0u8; 48];
    one[47] = 1;
    assert_eq!(
        p.ecdh(Curve::P384, &one, &RFC6979_P384.public(), &mut out),
        Ok(48)
    );
    assert_eq!(out.to_vec(), hex(RFC6979_P384.ux), "1·U = U");

    // Off-curve peer point, zero scalar, wrong sizes.
    let mut bad = gr.clone();
    bad[64] ^= 0x01;
    assert_eq!(
        p.ecdh(Curve::P256, &i, &bad, &mut out),
        Err(CryptoError::InvalidKey)
    );
    assert_eq!(
        p.ecdh(Curve::P256, &[0u8; 32], &gr, &mut out),
        Err(CryptoError::InvalidKey)
    );
    assert_eq!(
        p.ecdh(Curve::P256, &i[..31], &gr, &mut out),
        Err(CryptoError::InvalidLength {
            expected: 32,
            actual: 31
        })
    );
    assert_eq!(
        p.ecdh(Curve::P256, &i, &gr, &mut [0u8; 31]),
        Err(CryptoError::BufferTooSmall {
            needed: 32,
            available: 31
        })
    );
}

// ---------------------------------------------------------------------------
// No input length panics: every operation with every length from 0 to 100
// for every byte-slice argument returns (Ok or Err) instead of panicking.

fn kat_no_panic_on_any_length<P: CryptoProvider>(p: &P) {
    let bytes = [0x42u8; 100];
    let mut out = [0u8; 100];
    for len in 0..=bytes.len() {
        let b = &bytes[..len];
        for alg in [
            SignatureAlg::EcdsaP256Sha256,
            SignatureAlg::EcdsaP384Sha384,
            SignatureAlg::Ed25519,
            SignatureAlg::HssLms,
        ] {
            let _ = p.verify(alg, b, b, b);
            let _ = p.sign(alg, &SigningKey::new(b, b), b, &mut out[..len]);
        }
        for alg in [AeadAlg::Aes128Gcm, AeadAlg::Aes192Gcm, AeadAlg::Aes256Gcm] {
            let mut data = [0u8; 100];
            let _ = p.aead_seal(alg, b, b, b, &mut data[..len], &mut out[..len]);
            let _ = p.aead_open(alg, b, b, b, &mut data[..len], b);
        }
        for alg in [KeyWrapAlg::A128Kw, KeyWrapAlg::A192Kw, KeyWrapAlg::A256Kw] {
            let _ = p.key_wrap(alg, b, b, &mut out[..len]);
            let _ = p.key_unwrap(alg, b, b, &mut out[..len]);
        }
        for alg in [
            CipherAlg::Aes128Ctr,
            CipherAlg::Aes192Ctr,
            CipherAlg::Aes256Ctr,
        ] {
            let mut data = [0u8; 100];
            let _ = p.ctr_apply(alg, b, b, &mut data[..len]);
        }
        for curve in [Curve::P256, Curve::P384] {
            let _ = p.ecdh(curve, b, b, &mut out[..len]);
        }
        for alg in [MacAlg::HmacSha256, MacAlg::HmacSha384, MacAlg::HmacSha512] {
            let _ = p.mac(alg, b, b, &mut out[..len]);
            let _ = p.verify_mac(alg, b, b, b);
        }
        for alg in [HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512] {
            let _ = p.digest(alg, b, &mut out[..len]);
        }
        let _ = p.hkdf_sha256(b, b, b, &mut out[..len]);
    }
}

// ---------------------------------------------------------------------------
// One instantiation per backend.

macro_rules! backend {
    ($name:ident, $provider:expr) => {
        mod $name {
            use super::*;

            #[test]
            fn fips_180_4_sha2() {
                kat_sha2(&$provider);
            }

            #[test]
            fn fips_180_4_sha2_streaming() {
                kat_sha2_streaming(&$provider);
            }

            #[test]
            fn sha2_short_buffer() {
                kat_sha2_short_buffer(&$provider);
            }

            #[test]
            fn rfc_4231_hmac() {
                kat_hmac(&$provider);
            }

            #[test]
            fn rfc_5869_hkdf_sha256() {
                kat_hkdf(&$provider);
            }

            #[test]
            fn rfc_8032_7_1_ed25519() {
                kat_ed25519(&$provider);
            }

            #[test]
            fn rfc_6979_a_2_ecdsa_verify() {
                kat_ecdsa_verify(&$provider);
            }

            #[test]
            fn ecdsa_sign_verifies_with_every_backend() {
                kat_ecdsa_sign_round_trip(&$provider);
            }

            #[test]
            fn rfc_3394_4_aes_kw() {
                kat_aes_kw(&$provider);
            }

            #[test]
            fn mcgrew_viega_gcm() {
                kat_aes_gcm(&$provider);
            }

            #[test]
            fn sp_800_38a_f_5_aes_ctr() {
                kat_aes_ctr(&$provider);
            }

            #[test]
            fn rfc_5903_8_1_ecdh() {
                kat_ecdh(&$provider);
            }

            #[test]
            fn no_panic_on_any_length() {
                kat_no_panic_on_any_length(&$provider);
            }
        }
    };
}

backend!(rustcrypto, RustCryptoProvider::new());
#[cfg(feature = "ring")]
backend!(ring, iotm_crypto::RingProvider::new());

#[test]
fn rfc_6979_a_2_5_and_a_2_6_rustcrypto_signs_deterministically() {
    kat_ecdsa_deterministic(&RustCryptoProvider::new());
}

/// Signatures made by one backend verify with the other, both ways.
#[cfg(feature = "ring")]
mod cross_backend {
    use super::*;
    use iotm_crypto::RingProvider;

    fn sign_with<S: CryptoProvider, V: CryptoProvider>(signer: &S, verifier: &V) {
        let ed = ED25519_VECTORS[2];
        let (ed_sk, ed_pk) = (hex(ed.0), hex(ed.1));
        let (p256_sk, p256_pk) = (hex(RFC6979_P256.private), RFC6979_P256.public());
        let (p384_sk, p384_pk) = (hex(RFC6979_P384.private), RFC6979_P384.public());
        let cases = [
            (SignatureAlg::Ed25519, &ed_sk, &ed_pk),
            (SignatureAlg::EcdsaP256Sha256, &p256_sk, &p256_pk),
            (SignatureAlg::EcdsaP384Sha384, &p384_sk, &p384_pk),
        ];
        for (alg, sk, pk) in cases {
            let msg = b"SUIT manifest digest";
            let mut sig = [0u8; 96];
            let n = signer
                .sign(alg, &SigningKey::new(sk, pk), msg, &mut sig)
                .unwrap();
            assert_eq!(verifier.verify(alg, pk, msg, &sig[..n]), Ok(()), "{alg:?}");
            assert_eq!(
                verifier.verify(alg, pk, b"another manifest", &sig[..n]),
                Err(CryptoError::InvalidSignature)
            );
        }
    }

    #[test]
    fn ring_signs_rustcrypto_verifies() {
        sign_with(&RingProvider::new(), &RustCryptoProvider::new());
    }

    #[test]
    fn rustcrypto_signs_ring_verifies() {
        sign_with(&RustCryptoProvider::new(), &RingProvider::new());
    }

    #[test]
    fn ed25519_signatures_are_identical() {
        for &(sk, pk, msg, _) in ED25519_VECTORS {
            let (sk, pk, msg) = (hex(sk), hex(pk), hex(msg));
            let key = SigningKey::new(&sk, &pk);
            let (mut a, mut b) = ([0u8; 64], [0u8; 64]);
            RingProvider::new()
                .sign(SignatureAlg::Ed25519, &key, &msg, &mut a)
                .unwrap();
            RustCryptoProvider::new()
                .sign(SignatureAlg::Ed25519, &key, &msg, &mut b)
                .unwrap();
            assert_eq!(a, b);
        }
    }

    #[test]
    fn gcm_seal_with_one_open_with_the_other() {
        let (ring, rc) = (RingProvider::new(), RustCryptoProvider::new());
        let key = [0x11u8; 32];
        let nonce = [0x22u8; 12];
        let mut data = vec![0x33u8; 1000];
        let mut tag = [0u8; 16];
        ring.aead_seal(
            AeadAlg::Aes256Gcm,
            &key,
            &nonce,
            b"hdr",
            &mut data,
            &mut tag,
        )
        .unwrap();
        rc.aead_open(AeadAlg::Aes256Gcm, &key, &nonce, b"hdr", &mut data, &tag)
            .unwrap();
        assert_eq!(data, vec![0x33u8; 1000]);
        rc.aead_seal(
            AeadAlg::Aes128Gcm,
            &key[..16],
            &nonce,
            b"",
            &mut data,
            &mut tag,
        )
        .unwrap();
        ring.aead_open(AeadAlg::Aes128Gcm, &key[..16], &nonce, b"", &mut data, &tag)
            .unwrap();
        assert_eq!(data, vec![0x33u8; 1000]);
    }

    #[test]
    fn ring_rejects_compressed_keys_rustcrypto_accepts_them() {
        let mut compressed = vec![0x02 | (hex(RFC6979_P256.uy)[31] & 1)];
        compressed.extend(hex(RFC6979_P256.ux));
        let sig = RFC6979_P256.signature();
        let alg = SignatureAlg::EcdsaP256Sha256;
        assert_eq!(
            RustCryptoProvider::new().verify(alg, &compressed, b"sample", &sig),
            Ok(())
        );
        assert_eq!(
            RingProvider::new().verify(alg, &compressed, b"sample", &sig),
            Err(CryptoError::InvalidKey)
        );
    }
}
