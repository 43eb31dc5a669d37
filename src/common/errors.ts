import { BadRequestException, ConflictException, HttpStatus, NotFoundException } from '@nestjs/common';
import { errorBody } from '../http/error-body';

/** Domain errors: each carries its HTTP status; the global filter shapes the body. */
export class ResourceNotFoundError extends NotFoundException {
  constructor(resource: string, id?: string) {
    super(id ? `${resource} ${id} not found` : `${resource} not found`);
  }
}

/** A transition the current state forbids (409). */
export class InvalidTransitionError extends ConflictException {}

/** A request that is well-formed but contradicts the data (400, listing the bad field). */
export class FieldValidationError extends BadRequestException {
  constructor(messages: string[]) {
    super(errorBody(HttpStatus.BAD_REQUEST, messages));
  }
}
