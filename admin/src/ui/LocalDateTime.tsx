/* A date and time entered in the page's zone, with the UTC instant it stands for shown under it. */
import { formatInZone, localToUtc } from '../time';
import type { FieldControlProps } from './Field';

export function LocalDateTime({ value, onChange, zone, ...control }: FieldControlProps & { value: string; onChange: (v: string) => void; zone: string }) {
  const utc = value ? localToUtc(value, zone) : null;
  return (
    <>
      <input {...control} type="datetime-local" value={value} onChange={(e) => onChange(e.target.value)} />
      {utc && (
        <span className="converted">
          {formatInZone(utc, zone)}
          {zone !== 'UTC' && <> = {formatInZone(utc, 'UTC')}</>}
        </span>
      )}
    </>
  );
}
