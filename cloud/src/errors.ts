// The one error type services throw; the app turns it into the contract's body.
import { ERRORS, type ErrorCode, type ErrorIssue } from '@qi/shared';

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly issues?: ErrorIssue[],
  ) {
    super(message ?? ERRORS[code].message);
    this.status = ERRORS[code].status;
  }

  toBody() {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

export const fail = (code: ErrorCode, message?: string, issues?: ErrorIssue[]): never => {
  throw new ApiError(code, message, issues);
};

/** Seconds a client is asked to wait (Retry-After) when the database cannot be reached. */
export const DB_UNAVAILABLE_RETRY_AFTER_S = 2;
