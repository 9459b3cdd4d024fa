//! Owned certificates, requests and CRLs (feature `alloc`): the DER kept
//! in a `Vec`, checked once when taken, and read through the borrowed
//! views. Re-reading a view is a single pass over the bytes.

use alloc::vec::Vec;

use crate::certificate::Certificate;
use crate::crl::Crl;
use crate::csr::Csr;
use crate::rule::Error;

macro_rules! owned {
    ($(#[$doc:meta])* $name:ident, $view:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $name {
            der: Vec<u8>,
        }

        impl $name {
            /// Takes `der` after checking that it decodes.
            ///
            /// # Errors
            /// What decoding the borrowed view reports.
            pub fn from_der(der: Vec<u8>) -> Result<Self, Error> {
                $view::from_der(&der)?;
                Ok(Self { der })
            }

            /// The DER.
            pub fn as_der(&self) -> &[u8] {
                &self.der
            }

            /// The borrowed view.
            ///
            /// # Errors
            /// None in practice: the bytes were checked when taken and
            /// cannot change; the `Result` keeps library code free of
            /// panics.
            pub fn view(&self) -> Result<$view<'_>, Error> {
                $view::from_der(&self.der)
            }
        }

        impl AsRef<[u8]> for $name {
            fn as_ref(&self) -> &[u8] {
                &self.der
            }
        }
    };
}

owned!(
    /// An owned, checked certificate.
    OwnedCertificate,
    Certificate
);
owned!(
    /// An owned, checked certification request.
    OwnedCsr,
    Csr
);
owned!(
    /// An owned, checked CRL.
    OwnedCrl,
    Crl
);
