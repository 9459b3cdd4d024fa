//! HSS/LMS verification (RFC 8554; COSE `HSS-LMS`, RFC 8778): the
//! Appendix F test cases as known answers, one SHA-256/192 case, and every
//! structural rule broken once on a known-good signature.
#![cfg(feature = "rustcrypto-hsslms")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use iotm_crypto::{
    CryptoError, CryptoProvider, HSS_MAX_LEVELS, HssLmsError, RustCryptoProvider, SignatureAlg,
    SigningKey, verify_hss_lms,
};

/// Decodes a hex string (whitespace allowed).
fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert_eq!(digits.len() % 2, 0, "odd hex length");
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(core::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

/// Verifies through the function and every provider compiled in, which
/// must agree with it.
fn verify_everywhere(public_key: &[u8], msg: &[u8], signature: &[u8]) -> Result<(), HssLmsError> {
    let direct = verify_hss_lms(public_key, msg, signature);
    let expected = direct.map_err(CryptoError::from);
    assert_eq!(
        RustCryptoProvider::new().verify(SignatureAlg::HssLms, public_key, msg, signature),
        expected,
        "RustCrypto"
    );
    #[cfg(feature = "ring")]
    assert_eq!(
        iotm_crypto::RingProvider::new().verify(SignatureAlg::HssLms, public_key, msg, signature),
        expected,
        "ring"
    );
    direct
}

/// Test case 1 decoded: public key, signature.
fn tc1() -> (Vec<u8>, Vec<u8>) {
    (hex(TC1_PUBLIC_KEY), hex(TC1_SIGNATURE))
}

/// Layout of test case 1 (two levels of `LMS_SHA256_M32_H5` with
/// `LMOTS_SHA256_N32_W8`): byte offsets in the signature.
mod tc1_at {
    /// `Nspk`.
    pub(crate) const NSPK: usize = 0;
    /// Level 0: `q`.
    pub(crate) const Q0: usize = 4;
    /// Level 0: the LM-OTS type.
    pub(crate) const OTS_TYPE0: usize = 8;
    /// Level 0: `C`.
    pub(crate) const C0: usize = 12;
    /// Level 0: `y[0]`.
    pub(crate) const Y0: usize = 44;
    /// Level 0: the LMS type (after 34 chain values of 32 bytes).
    pub(crate) const LMS_TYPE0: usize = Y0 + 34 * 32;
    /// Level 0: the first path node.
    pub(crate) const PATH0: usize = LMS_TYPE0 + 4;
    /// The signed public key of level 1: its LMS type.
    pub(crate) const KEY1: usize = PATH0 + 5 * 32;
    /// The signed public key of level 1: its LM-OTS type.
    pub(crate) const KEY1_OTS: usize = KEY1 + 4;
    /// The signed public key of level 1: its root `T[1]`.
    pub(crate) const KEY1_ROOT: usize = KEY1 + 24;
    /// Level 1: `q`.
    pub(crate) const Q1: usize = KEY1 + 56;
    /// Level 1: `y[0]`.
    pub(crate) const Y1: usize = Q1 + 40;
    /// Level 1: the first path node.
    pub(crate) const PATH1: usize = Y1 + 34 * 32 + 4;
    /// The end.
    pub(crate) const END: usize = PATH1 + 5 * 32;
}

/// Test case 1 with `bytes` written into the signature at `at`.
fn tc1_with(at: usize, bytes: &[u8]) -> Result<(), HssLmsError> {
    let (key, mut sig) = tc1();
    sig[at..at + bytes.len()].copy_from_slice(bytes);
    verify_everywhere(&key, TC1_MESSAGE, &sig)
}

/// Test case 1 with one bit of the signature flipped.
fn tc1_flipped(at: usize, bit: u8) -> Result<(), HssLmsError> {
    let (key, mut sig) = tc1();
    sig[at] ^= 1 << bit;
    verify_everywhere(&key, TC1_MESSAGE, &sig)
}

#[test]
fn rfc_8554_appendix_f_test_case_1() {
    let (key, sig) = tc1();
    assert_eq!(sig.len(), tc1_at::END);
    assert_eq!(verify_everywhere(&key, TC1_MESSAGE, &sig), Ok(()));
}

#[test]
fn rfc_8554_appendix_f_test_case_2() {
    let key = hex(TC2_PUBLIC_KEY);
    let sig = hex(TC2_SIGNATURE);
    assert_eq!(verify_everywhere(&key, TC2_MESSAGE, &sig), Ok(()));
}

#[test]
fn sha256_192_parameter_sets_test_case_1() {
    let key = hex(N24_PUBLIC_KEY);
    let sig = hex(N24_SIGNATURE);
    assert_eq!(key.len(), 52);
    assert_eq!(verify_everywhere(&key, N24_MESSAGE, &sig), Ok(()));
    let mut msg = N24_MESSAGE.to_vec();
    msg[0] ^= 1;
    assert_eq!(
        verify_everywhere(&key, &msg, &sig),
        Err(HssLmsError::Mismatch { level: 0 })
    );
}

#[test]
fn a_signature_verifies_only_its_own_message() {
    let (key, sig) = tc1();
    let mut msg = TC1_MESSAGE.to_vec();
    for at in [0, msg.len() / 2, msg.len() - 1] {
        msg[at] ^= 0x01;
        assert_eq!(
            verify_everywhere(&key, &msg, &sig),
            Err(HssLmsError::Mismatch { level: 1 })
        );
        msg[at] ^= 0x01;
    }
    assert_eq!(
        verify_everywhere(&key, TC2_MESSAGE, &sig),
        Err(HssLmsError::Mismatch { level: 1 })
    );
    assert_eq!(
        verify_everywhere(&key, &TC1_MESSAGE[..TC1_MESSAGE.len() - 1], &sig),
        Err(HssLmsError::Mismatch { level: 1 })
    );
    // Test case 2's signature under test case 1's key: the types differ.
    assert!(verify_everywhere(&key, TC2_MESSAGE, &hex(TC2_SIGNATURE)).is_err());
}

#[test]
fn rfc_8554_4_6_a_flipped_bit_in_the_one_time_signature_fails() {
    // C and a chain value of the top level, a chain value of the bottom one.
    assert_eq!(
        tc1_flipped(tc1_at::C0, 0),
        Err(HssLmsError::Mismatch { level: 0 })
    );
    assert_eq!(
        tc1_flipped(tc1_at::Y0 + 5 * 32 + 7, 7),
        Err(HssLmsError::Mismatch { level: 0 })
    );
    assert_eq!(
        tc1_flipped(tc1_at::Y1 + 33 * 32, 3),
        Err(HssLmsError::Mismatch { level: 1 })
    );
}

#[test]
fn rfc_8554_5_4_2_a_flipped_bit_in_the_path_fails() {
    assert_eq!(
        tc1_flipped(tc1_at::PATH0, 0),
        Err(HssLmsError::Mismatch { level: 0 })
    );
    assert_eq!(
        tc1_flipped(tc1_at::PATH1 + 4 * 32 + 31, 7),
        Err(HssLmsError::Mismatch { level: 1 })
    );
}

#[test]
fn rfc_8554_6_3_a_flipped_bit_in_a_signed_public_key_fails_the_level_above() {
    assert_eq!(
        tc1_flipped(tc1_at::KEY1_ROOT, 0),
        Err(HssLmsError::Mismatch { level: 0 })
    );
    // The identifier I.
    assert_eq!(
        tc1_flipped(tc1_at::KEY1 + 8, 1),
        Err(HssLmsError::Mismatch { level: 0 })
    );
}

#[test]
fn rfc_8554_5_4_2_another_leaf_index_fails() {
    assert_eq!(
        tc1_with(tc1_at::Q0, &3u32.to_be_bytes()),
        Err(HssLmsError::Mismatch { level: 0 })
    );
    assert_eq!(
        tc1_with(tc1_at::Q1, &0u32.to_be_bytes()),
        Err(HssLmsError::Mismatch { level: 1 })
    );
}

#[test]
fn rfc_8554_5_4_2_leaf_index_must_be_below_2_to_the_h() {
    assert_eq!(
        tc1_with(tc1_at::Q0, &32u32.to_be_bytes()),
        Err(HssLmsError::LeafOutOfRange {
            q: 32,
            leaves: 32,
            offset: tc1_at::Q0
        })
    );
    assert_eq!(
        tc1_with(tc1_at::Q1, &u32::MAX.to_be_bytes()),
        Err(HssLmsError::LeafOutOfRange {
            q: u32::MAX,
            leaves: 32,
            offset: tc1_at::Q1
        })
    );
}

#[test]
fn rfc_8554_6_3_level_count_must_match_the_key() {
    let (mut key, sig) = tc1();
    key[..4].copy_from_slice(&3u32.to_be_bytes());
    assert_eq!(
        verify_everywhere(&key, TC1_MESSAGE, &sig),
        Err(HssLmsError::LevelMismatch {
            levels: 3,
            signed_keys: 1
        })
    );
    key[..4].copy_from_slice(&1u32.to_be_bytes());
    assert_eq!(
        verify_everywhere(&key, TC1_MESSAGE, &sig),
        Err(HssLmsError::LevelMismatch {
            levels: 1,
            signed_keys: 1
        })
    );
    assert_eq!(
        tc1_with(tc1_at::NSPK, &0u32.to_be_bytes()),
        Err(HssLmsError::LevelMismatch {
            levels: 2,
            signed_keys: 0
        })
    );
    // Nspk = u32::MAX: no overflow in Nspk + 1.
    assert_eq!(
        tc1_with(tc1_at::NSPK, &u32::MAX.to_be_bytes()),
        Err(HssLmsError::LevelMismatch {
            levels: 2,
            signed_keys: u32::MAX
        })
    );
}

#[test]
fn rfc_8554_6_levels_are_one_to_eight() {
    let (mut key, sig) = tc1();
    for levels in [0, HSS_MAX_LEVELS + 1, u32::MAX] {
        key[..4].copy_from_slice(&levels.to_be_bytes());
        assert_eq!(
            verify_everywhere(&key, TC1_MESSAGE, &sig),
            Err(HssLmsError::LevelCount(levels))
        );
    }
    assert_eq!(
        RustCryptoProvider::new().verify(SignatureAlg::HssLms, &key, TC1_MESSAGE, &sig),
        Err(CryptoError::InvalidKey)
    );
}

#[test]
fn every_truncation_is_an_error_not_a_panic() {
    let (key, sig) = tc1();
    for len in 0..sig.len() {
        match verify_hss_lms(&key, TC1_MESSAGE, &sig[..len]) {
            Err(HssLmsError::Truncated { offset }) => assert!(offset <= len, "{len}"),
            other => panic!("prefix of {len} bytes: {other:?}"),
        }
    }
    assert_eq!(
        verify_everywhere(&key, TC1_MESSAGE, &sig[..sig.len() - 1]),
        // The path is one field: the error names where it starts.
        Err(HssLmsError::Truncated {
            offset: tc1_at::PATH1
        })
    );
    assert_eq!(
        RustCryptoProvider::new().verify(SignatureAlg::HssLms, &key, TC1_MESSAGE, &sig[..10]),
        Err(CryptoError::InvalidSignature)
    );
}

#[test]
fn rfc_8554_6_3_trailing_bytes_are_refused() {
    let (key, mut sig) = tc1();
    sig.push(0);
    assert_eq!(
        verify_everywhere(&key, TC1_MESSAGE, &sig),
        Err(HssLmsError::TrailingBytes {
            offset: tc1_at::END
        })
    );
}

#[test]
fn rfc_8554_5_4_2_signature_types_must_match_the_key() {
    // LM-OTS W4 instead of W8, at either level.
    assert_eq!(
        tc1_with(tc1_at::OTS_TYPE0, &3u32.to_be_bytes()),
        Err(HssLmsError::OtsTypeMismatch {
            key: 4,
            signature: 3,
            offset: tc1_at::OTS_TYPE0
        })
    );
    assert_eq!(
        tc1_with(tc1_at::Q1 + 4, &1u32.to_be_bytes()),
        Err(HssLmsError::OtsTypeMismatch {
            key: 4,
            signature: 1,
            offset: tc1_at::Q1 + 4
        })
    );
    // LMS H10 instead of H5.
    assert_eq!(
        tc1_with(tc1_at::LMS_TYPE0, &6u32.to_be_bytes()),
        Err(HssLmsError::LmsTypeMismatch {
            key: 5,
            signature: 6,
            offset: tc1_at::LMS_TYPE0
        })
    );
}

#[test]
fn unsupported_types_in_a_signed_public_key_are_refused() {
    // 0x0f is LMS_SHAKE_N32_H5 (RFC 9858), 0x0c LMOTS_SHAKE_N32_W1: not
    // implemented. 0 and 0xffffffff are reserved / unassigned.
    for lms in [0, 0x0f, u32::MAX] {
        assert_eq!(
            tc1_with(tc1_at::KEY1, &lms.to_be_bytes()),
            Err(HssLmsError::UnsupportedLmsType(lms))
        );
    }
    for ots in [0, 0x0c, u32::MAX] {
        assert_eq!(
            tc1_with(tc1_at::KEY1_OTS, &ots.to_be_bytes()),
            Err(HssLmsError::UnsupportedOtsType(ots))
        );
    }
    // LMS_SHA256_M24_H5 over LMOTS_SHA256_N32_W8: 24- and 32-byte hashes.
    assert_eq!(
        tc1_with(tc1_at::KEY1, &0x0au32.to_be_bytes()),
        Err(HssLmsError::MixedParameterSets { lms: 0x0a, ots: 4 })
    );
}

#[test]
fn rfc_8554_6_1_public_key_is_checked() {
    let (key, sig) = tc1();
    assert_eq!(
        verify_everywhere(&key[..59], TC1_MESSAGE, &sig),
        Err(HssLmsError::PublicKeyLength {
            expected: 60,
            actual: 59
        })
    );
    let mut long = key.clone();
    long.push(0);
    assert_eq!(
        verify_everywhere(&long, TC1_MESSAGE, &sig),
        Err(HssLmsError::PublicKeyLength {
            expected: 60,
            actual: 61
        })
    );
    for len in 0..8 {
        assert!(matches!(
            verify_everywhere(&key[..len], TC1_MESSAGE, &sig),
            Err(HssLmsError::PublicKeyLength { actual, .. }) if actual == len
        ));
    }
    let mut shake = key.clone();
    shake[4..8].copy_from_slice(&0x0fu32.to_be_bytes());
    assert_eq!(
        verify_everywhere(&shake, TC1_MESSAGE, &sig),
        Err(HssLmsError::UnsupportedLmsType(0x0f))
    );
    assert_eq!(
        RustCryptoProvider::new().verify(SignatureAlg::HssLms, &shake, TC1_MESSAGE, &sig),
        Err(CryptoError::UnsupportedAlgorithm)
    );
    assert_eq!(
        RustCryptoProvider::new().verify(SignatureAlg::HssLms, &key[..59], TC1_MESSAGE, &sig),
        Err(CryptoError::InvalidLength {
            expected: 60,
            actual: 59
        })
    );
    // Test case 2's key does not verify test case 1's signature.
    assert!(verify_everywhere(&hex(TC2_PUBLIC_KEY), TC1_MESSAGE, &sig).is_err());
}

#[test]
fn damaged_signatures_never_verify_and_never_panic() {
    let (key, sig) = tc1();
    for at in (0..sig.len()).step_by(41) {
        let mut bad = sig.clone();
        bad[at] ^= 0x80;
        assert!(verify_hss_lms(&key, TC1_MESSAGE, &bad).is_err(), "{at}");
    }
}

#[test]
fn signing_is_not_offered() {
    let p = RustCryptoProvider::new();
    let mut out = vec![0u8; SignatureAlg::HssLms.signature_len()];
    assert_eq!(
        p.sign(
            SignatureAlg::HssLms,
            &SigningKey::new(&[], &hex(TC1_PUBLIC_KEY)),
            b"m",
            &mut out
        ),
        Err(CryptoError::UnsupportedAlgorithm)
    );
    #[cfg(feature = "ring")]
    assert_eq!(
        iotm_crypto::RingProvider::new().sign(
            SignatureAlg::HssLms,
            &SigningKey::new(&[], &hex(TC1_PUBLIC_KEY)),
            b"m",
            &mut out
        ),
        Err(CryptoError::UnsupportedAlgorithm)
    );
}

#[test]
fn errors_name_the_rule() {
    assert_eq!(
        HssLmsError::LevelCount(9).to_string(),
        "RFC 8554 §6: 9 levels, 1 to 8 allowed"
    );
    assert_eq!(
        HssLmsError::Mismatch { level: 1 }.to_string(),
        "signature does not verify at level 1"
    );
}

// ---------------------------------------------------------------------------
// The vectors, as printed in their documents.

/// RFC 8554 Appendix F, Test Case 1: the HSS public key.
const TC1_PUBLIC_KEY: &str = "\
    00000002000000050000000461a5d57d37f5e46bfb7520806b07a1b850650e3b\
    31fe4a773ea29a07f09cf2ea30e579f0df58ef8e298da0434cb2b878";

/// RFC 8554 Appendix F, Test Case 1: the message (ASCII text with a final newline).
const TC1_MESSAGE: &[u8] = b"\
    The powers not delegated to the United States by the Constitution, nor \
    prohibited by it to the States, are reserved to the States \
    respectively, or to the people.\n";

/// RFC 8554 Appendix F, Test Case 1: the HSS signature.
const TC1_SIGNATURE: &str = "\
    000000010000000500000004d32b56671d7eb98833c49b433c272586bc4a1c8a\
    8970528ffa04b966f9426eb9965a25bfd37f196b9073f3d4a232feb69128ec45\
    146f86292f9dff9610a7bf95a64c7f60f6261a62043f86c70324b7707f5b4a8a\
    6e19c114c7be866d488778a0e05fd5c6509a6e61d559cf1a77a970de927d60c7\
    0d3de31a7fa0100994e162a2582e8ff1b10cd99d4e8e413ef469559f7d7ed12c\
    838342f9b9c96b83a4943d1681d84b15357ff48ca579f19f5e71f18466f2bbef\
    4bf660c2518eb20de2f66e3b14784269d7d876f5d35d3fbfc7039a462c716bb9\
    f6891a7f41ad133e9e1f6d9560b960e7777c52f060492f2d7c660e1471e07e72\
    655562035abc9a701b473ecbc3943c6b9c4f2405a3cb8bf8a691ca51d3f6ad2f\
    428bab6f3a30f55dd9625563f0a75ee390e385e3ae0b906961ecf41ae073a059\
    0c2eb6204f44831c26dd768c35b167b28ce8dc988a3748255230cef99ebf14e7\
    30632f27414489808afab1d1e783ed04516de012498682212b07810579b25036\
    5941bcc98142da13609e9768aaf65de7620dabec29eb82a17fde35af15ad238c\
    73f81bdb8dec2fc0e7f932701099762b37f43c4a3c20010a3d72e2f606be108d\
    310e639f09ce7286800d9ef8a1a40281cc5a7ea98d2adc7c7400c2fe5a101552\
    df4e3cccfd0cbf2ddf5dc6779cbbc68fee0c3efe4ec22b83a2caa3e48e0809a0\
    a750b73ccdcf3c79e6580c154f8a58f7f24335eec5c5eb5e0cf01dcf44394240\
    95fceb077f66ded5bec73b27c5b9f64a2a9af2f07c05e99e5cf80f00252e39db\
    32f6c19674f190c9fbc506d826857713afd2ca6bb85cd8c107347552f30575a5\
    417816ab4db3f603f2df56fbc413e7d0acd8bdd81352b2471fc1bc4f1ef296fe\
    a1220403466b1afe78b94f7ecf7cc62fb92be14f18c2192384ebceaf8801afdf\
    947f698ce9c6ceb696ed70e9e87b0144417e8d7baf25eb5f70f09f016fc925b4\
    db048ab8d8cb2a661ce3b57ada67571f5dd546fc22cb1f97e0ebd1a65926b123\
    4fd04f171cf469c76b884cf3115cce6f792cc84e36da58960c5f1d760f32c12f\
    aef477e94c92eb75625b6a371efc72d60ca5e908b3a7dd69fef0249150e3eebd\
    fed39cbdc3ce9704882a2072c75e13527b7a581a556168783dc1e97545e31865\
    ddc46b3c957835da252bb7328d3ee2062445dfb85ef8c35f8e1f3371af34023c\
    ef626e0af1e0bc017351aae2ab8f5c612ead0b729a1d059d02bfe18efa971b73\
    00e882360a93b025ff97e9e0eec0f3f3f13039a17f88b0cf808f488431606cb1\
    3f9241f40f44e537d302c64a4f1f4ab949b9feefadcb71ab50ef27d6d6ca8510\
    f150c85fb525bf25703df7209b6066f09c37280d59128d2f0f637c7d7d7fad4e\
    d1c1ea04e628d221e3d8db77b7c878c9411cafc5071a34a00f4cf07738912753\
    dfce48f07576f0d4f94f42c6d76f7ce973e9367095ba7e9a3649b7f461d9f9ac\
    1332a4d1044c96aefee67676401b64457c54d65fef6500c59cdfb69af7b6dddf\
    cb0f086278dd8ad0686078dfb0f3f79cd893d314168648499898fbc0ced5f95b\
    74e8ff14d735cdea968bee7400000005d8b8112f9200a5e50c4a262165bd342c\
    d800b8496810bc716277435ac376728d129ac6eda839a6f357b5a04387c5ce97\
    382a78f2a4372917eefcbf93f63bb59112f5dbe400bd49e4501e859f885bf073\
    6e90a509b30a26bfac8c17b5991c157eb5971115aa39efd8d564a6b90282c316\
    8af2d30ef89d51bf14654510a12b8a144cca1848cf7da59cc2b3d9d0692dd2a2\
    0ba3863480e25b1b85ee860c62bf51360000000500000004d2f14ff6346af964\
    569f7d6cb880a1b66c5004917da6eafe4d9ef6c6407b3db0e5485b122d9ebe15\
    cda93cfec582d7ab0000000a000000040703c491e7558b35011ece3592eaa5da\
    4d918786771233e8353bc4f62323185c95cae05b899e35dffd71705470620998\
    8ebfdf6e37960bb5c38d7657e8bffeef9bc042da4b4525650485c66d0ce19b31\
    7587c6ba4bffcc428e25d08931e72dfb6a120c5612344258b85efdb7db1db9e1\
    865a73caf96557eb39ed3e3f426933ac9eeddb03a1d2374af7bf771855774562\
    37f9de2d60113c23f846df26fa942008a698994c0827d90e86d43e0df7f4bfcd\
    b09b86a373b98288b7094ad81a0185ac100e4f2c5fc38c003c1ab6fea479eb2f\
    5ebe48f584d7159b8ada03586e65ad9c969f6aecbfe44cf356888a7b15a3ff07\
    4f771760b26f9c04884ee1faa329fbf4e61af23aee7fa5d4d9a5dfcf43c4c26c\
    e8aea2ce8a2990d7ba7b57108b47dabfbeadb2b25b3cacc1ac0cef346cbb90fb\
    044beee4fac2603a442bdf7e507243b7319c9944b1586e899d431c7f91bcccc8\
    690dbf59b28386b2315f3d36ef2eaa3cf30b2b51f48b71b003dfb08249484201\
    043f65f5a3ef6bbd61ddfee81aca9ce60081262a00000480dcbc9a3da6fbef5c\
    1c0a55e48a0e729f9184fcb1407c31529db268f6fe50032a363c9801306837fa\
    fabdf957fd97eafc80dbd165e435d0e2dfd836a28b354023924b6fb7e48bc0b3\
    ed95eea64c2d402f4d734c8dc26f3ac591825daef01eae3c38e3328d00a77dc6\
    57034f287ccb0f0e1c9a7cbdc828f627205e4737b84b58376551d44c12c3c215\
    c812a0970789c83de51d6ad787271963327f0a5fbb6b5907dec02c9a90934af5\
    a1c63b72c82653605d1dcce51596b3c2b45696689f2eb382007497557692caac\
    4d57b5de9f5569bc2ad0137fd47fb47e664fcb6db4971f5b3e07aceda9ac130e\
    9f38182de994cff192ec0e82fd6d4cb7f3fe00812589b7a7ce51544045643301\
    6b84a59bec6619a1c6c0b37dd1450ed4f2d8b584410ceda8025f5d2d8dd0d217\
    6fc1cf2cc06fa8c82bed4d944e71339ece780fd025bd41ec34ebff9d4270a322\
    4e019fcb444474d482fd2dbe75efb20389cc10cd600abb54c47ede93e08c114e\
    db04117d714dc1d525e11bed8756192f929d15462b939ff3f52f2252da2ed64d\
    8fae88818b1efa2c7b08c8794fb1b214aa233db3162833141ea4383f1a6f120b\
    e1db82ce3630b3429114463157a64e91234d475e2f79cbf05e4db6a9407d72c6\
    bff7d1198b5c4d6aad2831db61274993715a0182c7dc8089e32c8531deed4f74\
    31c07c02195eba2ef91efb5613c37af7ae0c066babc69369700e1dd26eddc0d2\
    16c781d56e4ce47e3303fa73007ff7b949ef23be2aa4dbf25206fe45c20dd888\
    395b2526391a724996a44156beac808212858792bf8e74cba49dee5e8812e019\
    da87454bff9e847ed83db07af313743082f880a278f682c2bd0ad6887cb59f65\
    2e155987d61bbf6a88d36ee93b6072e6656d9ccbaae3d655852e38deb3a2dcf8\
    058dc9fb6f2ab3d3b3539eb77b248a661091d05eb6e2f297774fe6053598457c\
    c61908318de4b826f0fc86d4bb117d33e865aa805009cc2918d9c2f840c4da43\
    a703ad9f5b5806163d7161696b5a0adc00000005d5c0d1bebb06048ed6fe2ef2\
    c6cef305b3ed633941ebc8b3bec9738754cddd60e1920ada52f43d055b5031ce\
    e6192520d6a5115514851ce7fd448d4a39fae2ab2335b525f484e9b40d6a4a96\
    9394843bdcf6d14c48e8015e08ab92662c05c6e9f90b65a7a6201689999f32bf\
    d368e5e3ec9cb70ac7b8399003f175c40885081a09ab3034911fe125631051df\
    0408b3946b0bde790911e8978ba07dd56c73e7ee";

/// RFC 8554 Appendix F, Test Case 2: the HSS public key.
const TC2_PUBLIC_KEY: &str = "\
    000000020000000600000003d08fabd4a2091ff0a8cb4ed834e7453432a58885\
    cd9ba0431235466bff9651c6c92124404d45fa53cf161c28f1ad5a8e";

/// RFC 8554 Appendix F, Test Case 2: the message (ASCII text with a final newline).
const TC2_MESSAGE: &[u8] = b"\
    The enumeration in the Constitution, of certain rights, shall not be \
    construed to deny or disparage others retained by the people.\n";

/// RFC 8554 Appendix F, Test Case 2: the HSS signature.
const TC2_SIGNATURE: &str = "\
    0000000100000003000000033d46bee8660f8f215d3f96408a7a64cf1c4da02b\
    63a55f62c666ef5707a914ce0674e8cb7a55f0c48d484f31f3aa4af9719a74f2\
    2cf823b94431d01c926e2a76bb71226d279700ec81c9e95fb11a0d10d065279a\
    5796e265ae17737c44eb8c594508e126a9a7870bf4360820bdeb9a01d9693779\
    e416828e75bddd7d8c70d50a0ac8ba39810909d445f44cb5bb58de737e60cb43\
    45302786ef2c6b14af212ca19edeaa3bfcfe8baa6621ce88480df2371dd37add\
    732c9de4ea2ce0dffa53c92649a18d39a50788f4652987f226a1d48168205df6\
    ae7c58e049a25d4907edc1aa90da8aa5e5f7671773e941d8055360215c6b60dd\
    35463cf2240a9c06d694e9cb54e7b1e1bf494d0d1a28c0d31acc75161f4f485d\
    fd3cb9578e836ec2dc722f37ed30872e07f2b8bd0374eb57d22c614e09150f6c\
    0d8774a39a6e168211035dc52988ab46eaca9ec597fb18b4936e66ef2f0df26e\
    8d1e34da28cbb3af752313720c7b345434f72d65314328bbb030d0f0f6d5e47b\
    28ea91008fb11b05017705a8be3b2adb83c60a54f9d1d1b2f476f9e393eb5695\
    203d2ba6ad815e6a111ea293dcc21033f9453d49c8e5a6387f588b1ea4f70621\
    7c151e05f55a6eb7997be09d56a326a32f9cba1fbe1c07bb49fa04cecf9df1a1\
    b815483c75d7a27cc88ad1b1238e5ea986b53e087045723ce16187eda22e33b2\
    c70709e53251025abde8939645fc8c0693e97763928f00b2e3c75af3942d8dda\
    ee81b59a6f1f67efda0ef81d11873b59137f67800b35e81b01563d187c4a1575\
    a1acb92d087b517a8833383f05d357ef4678de0c57ff9f1b2da61dfde5d88318\
    bcdde4d9061cc75c2de3cd4740dd7739ca3ef66f1930026f47d9ebaa713b0717\
    6f76f953e1c2e7f8f271a6ca375dbfb83d719b1635a7d8a13891957944b1c29b\
    b101913e166e11bd5f34186fa6c0a555c9026b256a6860f4866bd6d0b5bf9062\
    7086c6149133f8282ce6c9b3622442443d5eca959d6c14ca8389d12c4068b503\
    e4e3c39b635bea245d9d05a2558f249c9661c0427d2e489ca5b5dde220a90333\
    f4862aec793223c781997da98266c12c50ea28b2c438e7a379eb106eca0c7fd6\
    006e9bf612f3ea0a454ba3bdb76e8027992e60de01e9094fddeb3349883914fb\
    17a9621ab929d970d101e45f8278c14b032bcab02bd15692d21b6c5c204abbf0\
    77d465553bd6eda645e6c3065d33b10d518a61e15ed0f092c32226281a29c8a0\
    f50cde0a8c66236e29c2f310a375cebda1dc6bb9a1a01dae6c7aba8ebedc6371\
    a7d52aacb955f83bd6e4f84d2949dcc198fb77c7e5cdf6040b0f84faf82808bf\
    985577f0a2acf2ec7ed7c0b0ae8a270e951743ff23e0b2dd12e9c3c828fb5598\
    a22461af94d568f29240ba2820c4591f71c088f96e095dd98beae456579ebbba\
    36f6d9ca2613d1c26eee4d8c73217ac5962b5f3147b492e8831597fd89b64aa7\
    fde82e1974d2f6779504dc21435eb3109350756b9fdabe1c6f368081bd40b27e\
    bcb9819a75d7df8bb07bb05db1bab705a4b7e37125186339464ad8faaa4f052c\
    c1272919fde3e025bb64aa8e0eb1fcbfcc25acb5f718ce4f7c2182fb393a1814\
    b0e942490e52d3bca817b2b26e90d4c9b0cc38608a6cef5eb153af0858acc867\
    c9922aed43bb67d7b33acc519313d28d41a5c6fe6cf3595dd5ee63f0a4c4065a\
    083590b275788bee7ad875a7f88dd73720708c6c6c0ecf1f43bbaadae6f20855\
    7fdc07bd4ed91f88ce4c0de842761c70c186bfdafafc444834bd3418be4253a7\
    1eaf41d718753ad07754ca3effd5960b0336981795721426803599ed5b2b7516\
    920efcbe32ada4bcf6c73bd29e3fa152d9adeca36020fdeeee1b739521d3ea8c\
    0da497003df1513897b0f54794a873670b8d93bcca2ae47e64424b7423e1f078\
    d9554bb5232cc6de8aae9b83fa5b9510beb39ccf4b4e1d9c0f19d5e17f58e5b8\
    705d9a6837a7d9bf99cd13387af256a8491671f1f2f22af253bcff54b673199b\
    db7d05d81064ef05f80f0153d0be7919684b23da8d42ff3effdb7ca0985033f3\
    89181f47659138003d712b5ec0a614d31cc7487f52de8664916af79c98456b2c\
    94a8038083db55391e3475862250274a1de2584fec975fb09536792cfbfcf619\
    2856cc76eb5b13dc4709e2f7301ddff26ec1b23de2d188c999166c74e1e14bbc\
    15f457cf4e471ae13dcbdd9c50f4d646fc6278e8fe7eb6cb5c94100fa8701873\
    80b777ed19d7868fd8ca7ceb7fa7d5cc861c5bdac98e7495eb0a2ceec1924ae9\
    79f44c5390ebedddc65d6ec11287d978b8df064219bc5679f7d7b264a76ff272\
    b2ac9f2f7cfc9fdcfb6a51428240027afd9d52a79b647c90c2709e060ed70f87\
    299dd798d68f4fadd3da6c51d839f851f98f67840b964ebe73f8cec41572538e\
    c6bc131034ca2894eb736b3bda93d9f5f6fa6f6c0f03ce43362b8414940355fb\
    54d3dfdd03633ae108f3de3ebc85a3ff51efeea3bc2cf27e1658f1789ee612c8\
    3d0f5fd56f7cd071930e2946beeecaa04dccea9f97786001475e0294bc2852f6\
    2eb5d39bb9fbeef75916efe44a662ecae37ede27e9d6eadfdeb8f8b2b2dbccbf\
    96fa6dbaf7321fb0e701f4d429c2f4dcd153a2742574126e5eaccc77686acf6e\
    3ee48f423766e0fc466810a905ff5453ec99897b56bc55dd49b991142f65043f\
    2d744eeb935ba7f4ef23cf80cc5a8a335d3619d781e7454826df720eec82e060\
    34c44699b5f0c44a8787752e057fa3419b5bb0e25d30981e41cb1361322dba8f\
    69931cf42fad3f3bce6ded5b8bfc3d20a2148861b2afc14562ddd27f12897abf\
    0685288dcc5c4982f826026846a24bf77e383c7aacab1ab692b29ed8c018a65f\
    3dc2b87ff619a633c41b4fadb1c78725c1f8f922f6009787b1964247df0136b1\
    bc614ab575c59a16d089917bd4a8b6f04d95c581279a139be09fcf6e98a470a0\
    bceca191fce476f9370021cbc05518a7efd35d89d8577c990a5e19961ba16203\
    c959c91829ba7497cffcbb4b294546454fa5388a23a22e805a5ca35f95659884\
    8bda678615fec28afd5da61a00000006b326493313053ced3876db9d23714818\
    1b7173bc7d042cefb4dbe94d2e58cd21a769db4657a103279ba8ef3a629ca84e\
    e836172a9c50e51f45581741cf8083150b491cb4ecbbabec128e7c81a46e62a6\
    7b57640a0a78be1cbf7dd9d419a10cd8686d16621a80816bfdb5bdc56211d72c\
    a70b81f1117d129529a7570cf79cf52a7028a48538ecdd3b38d3d5d62d262465\
    95c4fb73a525a5ed2c30524ebb1d8cc82e0c19bc4977c6898ff95fd3d310b0ba\
    e71696cef93c6a552456bf96e9d075e383bb7543c675842bafbfc7cdb88483b3\
    276c29d4f0a341c2d406e40d4653b7e4d045851acf6a0a0ea9c710b805cced46\
    35ee8c107362f0fc8d80c14d0ac49c516703d26d14752f34c1c0d2c4247581c1\
    8c2cf4de48e9ce949be7c888e9caebe4a415e291fd107d21dc1f084b11582082\
    49f28f4f7c7e931ba7b3bd0d824a45700000000500000004215f83b7ccb9acbc\
    d08db97b0d04dc2ba1cd035833e0e90059603f26e07ad2aad152338e7a5e5984\
    bcd5f7bb4eba40b700000004000000040eb1ed54a2460d512388cad533138d24\
    0534e97b1e82d33bd927d201dfc24ebb11b3649023696f85150b189e50c00e98\
    850ac343a77b3638319c347d7310269d3b7714fa406b8c35b021d54d4fdada7b\
    9ce5d4ba5b06719e72aaf58c5aae7aca057aa0e2e74e7dcfd17a0823429db629\
    65b7d563c57b4cec942cc865e29c1dad83cac8b4d61aacc457f336e6a10b6632\
    3f5887bf3523dfcadee158503bfaa89dc6bf59daa82afd2b5ebb2a9ca6572a60\
    67cee7c327e9039b3b6ea6a1edc7fdc3df927aade10c1c9f2d5ff446450d2a39\
    98d0f9f6202b5e07c3f97d2458c69d3c8190643978d7a7f4d64e97e3f1c4a08a\
    7c5bc03fd55682c017e2907eab07e5bb2f190143475a6043d5e6d5263471f4ee\
    cf6e2575fbc6ff37edfa249d6cda1a09f797fd5a3cd53a066700f45863f04b6c\
    8a58cfd341241e002d0d2c0217472bf18b636ae547c1771368d9f317835c9b0e\
    f430b3df4034f6af00d0da44f4af7800bc7a5cf8a5abdb12dc718b559b74cab9\
    090e33cc58a955300981c420c4da8ffd67df540890a062fe40dba8b2c1c548ce\
    d22473219c534911d48ccaabfb71bc71862f4a24ebd376d288fd4e6fb06ed870\
    5787c5fedc813cd2697e5b1aac1ced45767b14ce88409eaebb601a93559aae89\
    3e143d1c395bc326da821d79a9ed41dcfbe549147f71c092f4f3ac522b5cc572\
    90706650487bae9bb5671ecc9ccc2ce51ead87ac01985268521222fb9057df7e\
    d41810b5ef0d4f7cc67368c90f573b1ac2ce956c365ed38e893ce7b2fae15d36\
    85a3df2fa3d4cc098fa57dd60d2c9754a8ade980ad0f93f6787075c3f680a2ba\
    1936a8c61d1af52ab7e21f416be09d2a8d64c3d3d8582968c2839902229f85ae\
    e297e717c094c8df4a23bb5db658dd377bf0f4ff3ffd8fba5e383a48574802ed\
    545bbe7a6b4753533353d73706067640135a7ce517279cd683039747d218647c\
    86e097b0daa2872d54b8f3e5085987629547b830d8118161b65079fe7bc59a99\
    e9c3c7380e3e70b7138fe5d9be2551502b698d09ae193972f27d40f38dea264a\
    0126e637d74ae4c92a6249fa103436d3eb0d4029ac712bfc7a5eacbdd7518d6d\
    4fe903a5ae65527cd65bb0d4e9925ca24fd7214dc617c150544e423f450c99ce\
    51ac8005d33acd74f1bed3b17b7266a4a3bb86da7eba80b101e15cb79de9a207\
    852cf91249ef480619ff2af8cabca83125d1faa94cbb0a03a906f683b3f47a97\
    c871fd513e510a7a25f283b196075778496152a91c2bf9da76ebe089f4654877\
    f2d586ae7149c406e663eadeb2b5c7e82429b9e8cb4834c83464f079995332e4\
    b3c8f5a72bb4b8c6f74b0d45dc6c1f79952c0b7420df525e37c15377b5f09843\
    19c3993921e5ccd97e097592064530d33de3afad5733cbe7703c5296263f7734\
    2efbf5a04755b0b3c997c4328463e84caa2de3ffdcd297baaaacd7ae646e44b5\
    c0f16044df38fabd296a47b3a838a913982fb2e370c078edb042c84db34ce36b\
    46ccb76460a690cc86c302457dd1cde197ec8075e82b393d542075134e2a17ee\
    70a5e187075d03ae3c853cff60729ba4000000054de1f6965bdabc676c5a4dc7\
    c35f97f82cb0e31c68d04f1dad96314ff09e6b3de96aeee300d1f68bf1bca9fc\
    58e4032336cd819aaf578744e50d1357a0e4286704d341aa0a337b19fe4bc43c\
    2e79964d4f351089f2e0e41c7c43ae0d49e7f404b0f75be80ea3af098c975242\
    0a8ac0ea2bbb1f4eeba05238aef0d8ce63f0c6e5e4041d95398a6f7f3e0ee97c\
    c1591849d4ed236338b147abde9f51ef9fd4e1c1";

/// SHA-256/192, draft-fluhrer-lms-more-parm-sets (RFC 9858) Test Case 1: the HSS public key.
const N24_PUBLIC_KEY: &str = "\
    000000010000000a00000008202122232425262728292a2b2c2d2e2f2c571450\
    aed99cfb4f4ac285da14882796618314508b12d2";

/// SHA-256/192, draft-fluhrer-lms-more-parm-sets (RFC 9858) Test Case 1: the message (ASCII text with a final newline).
const N24_MESSAGE: &[u8] = b"Test message for SHA256-192\n";

/// SHA-256/192, draft-fluhrer-lms-more-parm-sets (RFC 9858) Test Case 1: the HSS signature.
const N24_SIGNATURE: &str = "\
    0000000000000005000000080b5040a18c1b5cabcbc85b047402ec6294a30dd8\
    da8fc3dae13b9f0875f09361dc77fcc4481ea463c073716249719193614b835b\
    4694c059f12d3aedd34f3db93f3580fb88743b8b3d0648c0537b7a50e433d7ea\
    9d6672fffc5f42770feab4f98eb3f3b23fd2061e4d0b38f832860ae76673ad1a\
    1a52a9005dcf1bfb56fe16ff723627612f9a48f790f3c47a67f870b81e919d99\
    919c8db48168838cece0abfb683da48b9209868be8ec10c63d8bf80d36498dfc\
    205dc45d0dd870572d6d8f1d90177cf5137b8bbf7bcb67a46f86f26cfa5a44cb\
    caa4e18da099a98b0b3f96d5ac8ac375d8da2a7c248004ba11d7ac775b921835\
    9cddab4cf8ccc6d54cb7e1b35a36ddc9265c087063d2fc6742a7177876476a32\
    4b03295bfed99f2eaf1f38970583c1b2b616aad0f31cd7a4b1bb0a51e477e94a\
    01bbb4d6f8866e2528a159df3d6ce244d2b6518d1f0212285a3c2d4a927054a1\
    e1620b5b02aab0c8c10ed48ae518ea73cba81fcfff88bff461dac51e7ab4ca75\
    f47a6259d24820b9995792d139f61ae2a8186ae4e3c9bfe0af2cc717f424f41a\
    a67f03faedb0665115f2067a46843a4cbbd297d5e83bc1aafc18d1d03b3d894e\
    8595a6526073f02ab0f08b99fd9eb208b59ff6317e5545e6f9ad5f9c183abd04\
    3d5acd6eb2dd4da3f02dbc3167b468720a4b8b92ddfe7960998bb7a0ecf2a26a\
    37598299413f7b2aecd39a30cec527b4d9710c4473639022451f50d01c045712\
    5da0fa4429c07dad859c846cbbd93ab5b91b01bc770b089cfede6f651e86dd7c\
    15989c8b5321dea9ca608c71fd862323072b827cee7a7e28e4e2b999647233c3\
    456944bb7aef9187c96b3f5b79fb98bc76c3574dd06f0e95685e5b3aef3a54c4\
    155fe3ad817749629c30adbe897c4f4454c86c490000000ae9ca10eaa811b22a\
    e07fb195e3590a334ea64209942fbae338d19f152182c807d3c40b189d3fcbea\
    942f44682439b191332d33ae0b761a2a8f984b56b2ac2fd4ab08223a69ed1f77\
    19c7aa7e9eee96504b0e60c6bb5c942d695f0493eb25f80a5871cffd131d0e04\
    ffe5065bc7875e82d34b40b69dd9f3c1";
