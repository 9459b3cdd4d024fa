//! ECDH on P-256 and P-384 with a caller-supplied (static or ephemeral)
//! private scalar, from `p256` / `p384` (`elliptic-curve`'s `ecdh`).

use crate::{CryptoError, Curve, check};

/// [`CryptoProvider::ecdh`](crate::CryptoProvider::ecdh).
#[cfg_attr(
    not(all(feature = "rustcrypto-p256", feature = "rustcrypto-p384")),
    allow(unreachable_code, reason = "some algorithms are not compiled in")
)]
pub(super) fn ecdh(
    curve: Curve,
    private_scalar: &[u8],
    peer_public_sec1: &[u8],
    shared_x_out: &mut [u8],
) -> Result<usize, CryptoError> {
    let n = curve.shared_secret_len();
    let dst = check::out_prefix(shared_x_out, n)?;
    check::len(curve.scalar_len(), private_scalar.len())?;
    match curve {
        #[cfg(feature = "rustcrypto-p256")]
        Curve::P256 => {
            let sk =
                p256::SecretKey::from_slice(private_scalar).map_err(|_| CryptoError::InvalidKey)?;
            let pk = p256::PublicKey::from_sec1_bytes(peer_public_sec1)
                .map_err(|_| CryptoError::InvalidKey)?;
            dst.copy_from_slice(sk.diffie_hellman(&pk).raw_secret_bytes());
        }
        #[cfg(feature = "rustcrypto-p384")]
        Curve::P384 => {
            let sk =
                p384::SecretKey::from_slice(private_scalar).map_err(|_| CryptoError::InvalidKey)?;
            let pk = p384::PublicKey::from_sec1_bytes(peer_public_sec1)
                .map_err(|_| CryptoError::InvalidKey)?;
            dst.copy_from_slice(sk.diffie_hellman(&pk).raw_secret_bytes());
        }
        #[allow(unreachable_patterns, reason = "every curve compiled in")]
        _ => {
            let _ = (dst, peer_public_sec1);
            return Err(CryptoError::UnsupportedAlgorithm);
        }
    }
    Ok(n)
}

#[cfg(all(test, feature = "rustcrypto"))]
mod tests {
    use super::*;

    #[test]
    fn bad_inputs_are_errors() {
        let mut out = [0u8; 48];
        assert_eq!(
            ecdh(Curve::P256, &[1u8; 31], &[4u8; 65], &mut out),
            Err(CryptoError::InvalidLength {
                expected: 32,
                actual: 31
            })
        );
        assert_eq!(
            ecdh(Curve::P256, &[0u8; 32], &[4u8; 65], &mut out),
            Err(CryptoError::InvalidKey)
        );
        assert_eq!(
            ecdh(Curve::P256, &[1u8; 32], &[4u8; 65], &mut out),
            Err(CryptoError::InvalidKey)
        );
        assert_eq!(
            ecdh(Curve::P384, &[1u8; 48], &[], &mut out),
            Err(CryptoError::InvalidKey)
        );
        assert_eq!(
            ecdh(Curve::P384, &[1u8; 48], &[], &mut [0u8; 32]),
            Err(CryptoError::BufferTooSmall {
                needed: 48,
                available: 32
            })
        );
    }
}
