import { useMemo } from 'react';
import { scrubText } from '../../shared/scrubber/scrubText';
import { useT } from '../i18n/useT';
import { maskSegments, type PreviewSegment } from './maskPreview';
import { scrubKindKey } from './recordText';

/**
 * I3 made visible: what the scrubber will mask in the summary, listed with its kind, and the
 * summary as it will be stored with the masks highlighted. The main process scrubs again on
 * submit, whatever this showed.
 */
export function MaskPreview(props: { summary: string }): React.JSX.Element | null {
  const t = useT();
  const segments = useMemo(() => {
    const { findings } = scrubText(props.summary);
    return maskSegments(props.summary, findings);
  }, [props.summary]);
  if (props.summary.trim() === '') return null;
  const masks = segments.filter((segment): segment is Extract<PreviewSegment, { kind: 'mask' }> => segment.kind === 'mask');
  return (
    <section className="mask-preview" aria-labelledby="mask-preview-title" data-testid="mask-preview" data-count={masks.length}>
      <h4 id="mask-preview-title">{t('records.mask.title')}</h4>
      <p role="status" data-testid="mask-count">
        {masks.length === 0 ? t('records.mask.none') : t('records.mask.count', { count: String(masks.length) })}
      </p>
      {masks.length > 0 && (
        <ul data-testid="mask-findings">
          {masks.map((segment, index) => (
            <li key={index} data-kind={segment.scrub}>
              {t('records.mask.item', { kind: t(scrubKindKey(segment.scrub)), text: segment.original, mask: segment.mask })}
            </li>
          ))}
        </ul>
      )}
      <p className="mask-preview-label">{t('records.mask.preview')}</p>
      <p className="masked-text" data-testid="masked-summary">
        <MaskedText segments={segments} />
      </p>
    </section>
  );
}

/** Text with each mask highlighted and named for screen readers. */
export function MaskedText(props: { segments: readonly PreviewSegment[] }): React.JSX.Element {
  const t = useT();
  return (
    <>
      {props.segments.map((segment, index) =>
        segment.kind === 'text' ? (
          <span key={index}>{segment.text}</span>
        ) : (
          <mark key={index} data-kind={segment.scrub} title={t(scrubKindKey(segment.scrub))}>
            {segment.mask}
          </mark>
        ),
      )}
    </>
  );
}
