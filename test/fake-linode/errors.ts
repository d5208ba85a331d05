// Linode's error answers: an HTTP status and `{"errors": [{"field"?, "reason"}]}`.

/** One entry of Linode's `errors` array. */
export interface FieldError {
    field?: string;
    reason: string;
}

/** Thrown by a route to answer with Linode's error shape: `{"errors": [...]}`. */
export class ApiError extends Error {
    constructor(readonly status: number, readonly errors: FieldError[]) {
        super(errors.map(e => (e.field ? `${e.field}: ${e.reason}` : e.reason)).join("; "));
    }
}

export const notFound = (): ApiError => new ApiError(404, [{ reason: "Not found" }]);
export const invalid = (field: string | undefined, reason: string): ApiError =>
    new ApiError(400, [field === undefined ? { reason } : { field, reason }]);
