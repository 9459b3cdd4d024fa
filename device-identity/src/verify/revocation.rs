//! Revocation by CRL (RFC 5280 §6.3): a certificate is checked against the
//! CRLs its issuer signed.

use iotm_crypto::CryptoProvider;

use crate::certificate::Certificate;
use crate::extension::KeyUsage;
use crate::oid::ext;
use crate::verify::verify_signed;
use crate::verify::{CrlProblem, Policy, VerifyError};

/// CRL extensions this validator processes; another critical one makes
/// the CRL unusable.
const UNDERSTOOD: [&[u8]; 2] = [ext::CRL_NUMBER, ext::AUTHORITY_KEY_IDENTIFIER];

/// Checks `cert` (at `depth`) against the CRLs in `policy` from `issuer`;
/// each CRL signature checked is taken off `signatures`.
pub(crate) fn check<C: CryptoProvider + ?Sized>(
    crypto: &C,
    cert: &Certificate<'_>,
    issuer: &Certificate<'_>,
    depth: usize,
    policy: &Policy<'_>,
    signatures: &mut usize,
) -> Result<(), VerifyError> {
    for crl in policy
        .crls
        .iter()
        .filter(|crl| crl.issuer.encoded == cert.issuer.encoded)
    {
        let invalid = |p| Err(VerifyError::InvalidCrl(p));
        match crl.crl_number() {
            None => return invalid(CrlProblem::MissingCrlNumber),
            Some((_, true)) => return invalid(CrlProblem::CriticalCrlNumber),
            Some(_) => {}
        }
        if crl.extensions.is_some_and(|e| {
            e.iter()
                .any(|e| e.critical && !UNDERSTOOD.contains(&e.oid.as_bytes()))
        }) {
            return invalid(CrlProblem::UnhandledCriticalExtension);
        }
        if issuer
            .key_usage
            .is_some_and(|ku| !ku.contains(KeyUsage::CRL_SIGN))
        {
            return invalid(CrlProblem::IssuerWithoutCrlSign);
        }
        *signatures = signatures
            .checked_sub(1)
            .ok_or(VerifyError::BudgetExceeded)?;
        if verify_signed(
            crypto,
            crl.signature_algorithm.algorithm,
            &issuer.public_key,
            crl.tbs,
            crl.signature,
        )
        .is_err()
        {
            return invalid(CrlProblem::BadSignature);
        }
        if crl.this_update > policy.time {
            return invalid(CrlProblem::NotYetValid);
        }
        if crl.is_revoked(cert.serial.bytes) {
            return Err(VerifyError::Revoked { depth });
        }
    }
    Ok(())
}
