//! The directives that act on storage and the device (§8.4.10).

#[allow(clippy::wildcard_imports, reason = "the processor's own parts")]
use super::*;

/// Writes `bytes` as the component's whole content.
pub(super) fn store<P: Platform + ?Sized>(
    platform: &mut P,
    component: &ComponentId<'_>,
    bytes: &[u8],
) -> Result<(), PlatformError> {
    platform.begin_write(component)?;
    platform.write(component, 0, bytes)
}

impl<'a, 'b, const N: usize> Processor<'a, 'b, N> {
    #[allow(clippy::too_many_arguments, reason = "the command's whole context")]
    pub(super) fn directive<P, C>(
        &mut self,
        directive: Directive,
        component: &ComponentId<'a>,
        params: &ComponentParameters<'a>,
        index: u64,
        offset: usize,
        platform: &mut P,
        crypto: &C,
    ) -> Result<Outcome<'a>, Abort>
    where
        P: Platform + ?Sized,
        C: CryptoProvider + ?Sized,
    {
        if let Some(info) = params.encryption_info {
            if matches!(
                directive,
                Directive::Write | Directive::Fetch | Directive::Copy
            ) {
                #[cfg(feature = "encryption")]
                return self.decrypting(
                    directive, info, component, params, index, offset, platform, crypto,
                );
                #[cfg(not(feature = "encryption"))]
                {
                    let _ = (info, crypto);
                    return Err(self
                        .abort(
                            Reason::ParameterUnsupported,
                            offset,
                            Some(index),
                            Some(directive.id()),
                        )
                        .with_rule(Rule::InvalidParameter(
                            crate::label::parameter::ENCRYPTION_INFO,
                        )));
                }
            }
        }
        let id = directive.id();
        let failed = |e: PlatformError| Abort {
            platform: Some(e),
            ..self.abort(Reason::OperationFailed, offset, Some(index), Some(id))
        };
        let missing = |parameter: i64| {
            self.abort(Reason::ParameterUnsupported, offset, Some(index), Some(id))
                .with_rule(Rule::Missing(crate::rule::Member::Parameter(parameter)))
        };
        let progress = |p: Progress| match p {
            Progress::Done => Outcome::Done,
            Progress::Pending => Outcome::Pending,
        };
        use crate::label::parameter as pk;
        if params.encryption_info.is_some()
            && matches!(
                directive,
                Directive::Write | Directive::Fetch | Directive::Copy
            )
        {
            // Decryption (draft-ietf-suit-firmware-encryption) is not built yet.
            return Err(self
                .abort(Reason::ParameterUnsupported, offset, Some(index), Some(id))
                .with_rule(Rule::InvalidParameter(pk::ENCRYPTION_INFO)));
        }
        match directive {
            Directive::Write => {
                let content = params.content.ok_or_else(|| missing(pk::CONTENT))?;
                store(platform, component, content).map_err(failed)?;
                Ok(Outcome::Done)
            }
            Directive::Fetch => {
                let uri = params.uri.ok_or_else(|| missing(pk::URI))?;
                if uri.starts_with('#') {
                    // An integrated payload: its envelope key is the URI (§7.6).
                    let payload = self
                        .current
                        .envelope()
                        .integrated(uri)
                        .ok_or(PlatformError::Transfer)
                        .map_err(failed)?;
                    store(platform, component, payload).map_err(failed)?;
                    let slot = usize::try_from(index).unwrap_or(usize::MAX);
                    if let Some(integrated) = self.integrated.get_mut(slot) {
                        *integrated = Some(payload);
                    }
                    return Ok(Outcome::Done);
                }
                platform
                    .fetch(component, uri, params.fetch_arguments)
                    .map(progress)
                    .map_err(failed)
            }
            Directive::Copy | Directive::Swap => {
                let source = params
                    .source_component
                    .ok_or_else(|| missing(pk::SOURCE_COMPONENT))?;
                let source_slot = self.slot(source, offset)?;
                let Some(source_id) = self.components.get(source_slot).copied().flatten() else {
                    return Err(missing(pk::SOURCE_COMPONENT));
                };
                if source == index {
                    return Err(failed(PlatformError::Refused));
                }
                let result = if directive == Directive::Copy {
                    platform.copy(component, &source_id)
                } else {
                    platform.swap(component, &source_id)
                };
                result.map(progress).map_err(failed)
            }
            Directive::Invoke => platform
                .invoke(component, params.invoke_args)
                .map(progress)
                .map_err(failed),
            Directive::Wait => {
                let info = params.wait_info.ok_or_else(|| missing(pk::WAIT_INFO))?;
                platform.wait(component, info).map(progress).map_err(failed)
            }
            _ => Err(self.abort(Reason::CommandUnsupported, offset, Some(index), Some(id))),
        }
    }
}
