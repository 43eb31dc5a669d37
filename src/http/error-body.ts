import { STATUS_CODES } from 'node:http';

/** The body of every error answer: `{statusCode, error, message}` (`message` lists field errors on a 400). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}

export function reason(status: number): string {
  return STATUS_CODES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}

/** `error` is the status's reason phrase unless given (an HttpException may carry its own). */
export function errorBody(statusCode: number, message: string | string[], error: string = reason(statusCode)): ErrorBody {
  return { statusCode, error, message };
}
