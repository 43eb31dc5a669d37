import { ApiError, formErrors } from './api/errors';
import { subscriberField } from './subscribers';

const FIELDS = ['email', 'componentIds', 'skipConfirmation'];

describe('subscriber form errors beside their fields', () => {
  it('puts a duplicate address (409) beside the email field', () => {
    const error = new ApiError(409, ['ada@example.com is already subscribed to this page']);
    expect(formErrors(error, FIELDS, subscriberField)).toEqual({ fields: { email: ['ada@example.com is already subscribed to this page'] }, general: [] });
    // Without the form's routing it names no field and would go above the form.
    expect(formErrors(error, FIELDS).general).toHaveLength(1);
  });

  it('puts "email is not configured" (409, SMTP_URL unset) beside the skip-confirmation box', () => {
    const message = 'email is not configured on this service (SMTP_URL is unset): only skipConfirmation subscribers can be added';
    expect(formErrors(new ApiError(409, [message]), FIELDS, subscriberField).fields).toEqual({ skipConfirmation: [message] });
  });

  it('leaves 400s to the field they start with, and the rest above the form', () => {
    const error = new ApiError(400, ['email must be an email address', 'componentIds: component x does not belong to this page', 'property state should not exist']);
    expect(formErrors(error, FIELDS, subscriberField)).toEqual({
      fields: { email: ['email must be an email address'], componentIds: ['componentIds: component x does not belong to this page'] },
      general: ['property state should not exist'],
    });
  });
});
