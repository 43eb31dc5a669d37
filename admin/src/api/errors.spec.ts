import { ApiError, fieldOf, formErrors } from './errors';

describe('API errors beside their fields', () => {
  it('finds the field a message names', () => {
    expect(fieldOf('slug must match /^[a-z0-9-]{3,63}$/')).toBe('slug');
    expect(fieldOf('scheduledStart: must be a date-time')).toBe('scheduledStart');
    expect(fieldOf('scheduledEnd must be after scheduledStart')).toBe('scheduledEnd');
    expect(fieldOf('components.0.status must be one of: operational')).toBe('components');
    expect(fieldOf('property colour should not exist')).toBe('colour');
    expect(fieldOf('each value in events must be one of: incident.created')).toBe('events');
    expect(fieldOf('slug is already taken')).toBe('slug');
  });

  it('splits a 400 into field messages and the rest', () => {
    const error = new ApiError(400, ['slug must match x', 'timeZone must be an IANA zone', 'body must be a JSON object', 'property x should not exist']);
    expect(formErrors(error, ['slug', 'timeZone', 'name'])).toEqual({
      fields: { slug: ['slug must match x'], timeZone: ['timeZone must be an IANA zone'] },
      general: ['body must be a JSON object', 'property x should not exist'],
    });
  });

  it('keeps a 409 on a unique field beside it, and other statuses above the form', () => {
    expect(formErrors(new ApiError(409, ['slug is already taken']), ['slug']).fields).toEqual({ slug: ['slug is already taken'] });
    expect(formErrors(new ApiError(409, ['maintenance is completed: it cannot become cancelled']), ['message'])).toEqual({
      fields: {},
      general: ['maintenance is completed: it cannot become cancelled'],
    });
    expect(formErrors(new ApiError(0, ['the server cannot be reached']), ['name']).general).toEqual(['the server cannot be reached']);
    expect(formErrors(null, ['name'])).toEqual({ fields: {}, general: [] });
  });
});
