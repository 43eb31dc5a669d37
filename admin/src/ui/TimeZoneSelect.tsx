/* The IANA zones the browser knows (Intl.supportedValuesOf), grouped by region. */
import { useMemo } from 'react';
import { timeZones } from '../time';
import type { FieldControlProps } from './Field';

export function TimeZoneSelect({ value, onChange, ...control }: FieldControlProps & { value: string; onChange: (zone: string) => void }) {
  const groups = useMemo(() => {
    const zones = timeZones();
    if (value && !zones.includes(value)) zones.push(value);
    const byRegion = new Map<string, string[]>();
    for (const zone of zones) {
      const region = zone.includes('/') ? zone.slice(0, zone.indexOf('/')) : 'General';
      byRegion.set(region, [...(byRegion.get(region) ?? []), zone]);
    }
    return [...byRegion.entries()];
  }, [value]);
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
      {groups.map(([region, zones]) => (
        <optgroup key={region} label={region}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, ' ')}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
