//! `suit-process-minimal` / `suit-process-full`: iotm-suit verifying an
//! envelope and running its update and boot on a small platform (one
//! 256-byte component in RAM). The full set adds HMAC, firmware
//! decryption (through the `encryption` feature) and the SUIT Report.

use iotm_suit::crypto::{RustCryptoProvider, SignatureAlg};
use iotm_suit::{
    ComponentId, Envelope, Identifier, Platform, PlatformError, Procedure, Processor, Progress,
    TrustAnchor,
};

use super::{keep, part};

/// A device with one component in RAM.
struct Device<'i> {
    identity: &'i [u8],
    image: [u8; 256],
    len: usize,
}

impl Platform for Device<'_> {
    fn has_component(&mut self, _: &ComponentId<'_>) -> bool {
        true
    }

    fn identifier_matches(&mut self, _: &ComponentId<'_>, _: Identifier, value: &[u8]) -> bool {
        value == self.identity
    }

    fn component_len(&mut self, _: &ComponentId<'_>) -> Result<u64, PlatformError> {
        u64::try_from(self.len).map_err(|_| PlatformError::Storage)
    }

    fn read(
        &mut self,
        _: &ComponentId<'_>,
        offset: u64,
        buf: &mut [u8],
    ) -> Result<usize, PlatformError> {
        let start = usize::try_from(offset).map_err(|_| PlatformError::Storage)?;
        let stored = self.image.get(start..self.len).unwrap_or_default();
        let n = stored.len().min(buf.len());
        buf.get_mut(..n)
            .zip(stored.get(..n))
            .map(|(dst, src)| dst.copy_from_slice(src))
            .ok_or(PlatformError::Storage)?;
        Ok(n)
    }

    fn begin_write(&mut self, _: &ComponentId<'_>) -> Result<(), PlatformError> {
        self.len = 0;
        Ok(())
    }

    fn write(
        &mut self,
        _: &ComponentId<'_>,
        offset: u64,
        bytes: &[u8],
    ) -> Result<(), PlatformError> {
        let start = usize::try_from(offset).map_err(|_| PlatformError::Storage)?;
        let end = start + bytes.len();
        self.image
            .get_mut(start..end)
            .ok_or(PlatformError::Storage)?
            .copy_from_slice(bytes);
        self.len = self.len.max(end);
        Ok(())
    }

    fn invoke(&mut self, _: &ComponentId<'_>, _: Option<&[u8]>) -> Result<Progress, PlatformError> {
        Ok(Progress::Done)
    }

    #[cfg(feature = "suit-process-full")]
    fn decryption_key(&mut self, _: i64, _: Option<&[u8]>, out: &mut [u8]) -> Option<usize> {
        let key = part(self.identity, 0, 16);
        out.get_mut(..key.len())?.copy_from_slice(key);
        Some(key.len())
    }
}

/// Verifies the envelope after a 65-byte key and a 16-byte identity, then
/// runs update and boot.
pub(crate) fn run(input: &[u8]) {
    let public = part(input, 0, 65);
    #[cfg(feature = "suit-process-minimal")]
    let keys = [TrustAnchor::signature(
        SignatureAlg::EcdsaP256Sha256,
        public,
    )];
    #[cfg(feature = "suit-process-full")]
    let keys = [
        TrustAnchor::signature(SignatureAlg::EcdsaP256Sha256, public),
        TrustAnchor::mac(iotm_suit::crypto::MacAlg::HmacSha256, part(input, 65, 32)),
    ];
    let Ok(envelope) = Envelope::decode(input.get(97..).unwrap_or_default()) else {
        return;
    };
    let Ok(verified) = envelope.verify(&RustCryptoProvider, &keys) else {
        return;
    };
    let mut device = Device {
        identity: part(input, 65, 16),
        image: [0; 256],
        len: 0,
    };
    let mut buffer = [0u8; 256];
    let mut processor =
        Processor::<2>::new(&verified, Procedure::UpdateThenInvoke).with_buffer(&mut buffer);
    keep(processor.run(&mut device, &RustCryptoProvider));
    #[cfg(feature = "suit-process-full")]
    {
        let mut report = [0u8; 512];
        keep(processor.report("", None, &mut report).map(<[u8]>::len));
    }
}
