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

export function errorBody(statusCode: number, message: string | string[]): ErrorBody {
  return { statusCode, error: reason(statusCode), message };
}
