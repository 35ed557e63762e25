// Every error answers `{ statusCode, error, message, field? }`: the field at fault and the reason.
import type { FastifyError, FastifyInstance } from "fastify";

/** An HTTP error with a status and, for 400s, the field at fault. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly field: string | undefined;
  constructor(statusCode: number, message: string, field?: string) {
    super(message);
    this.statusCode = statusCode;
    this.field = field;
  }
}

function fieldOf(error: FastifyError): string | undefined {
  const first = error.validation?.[0] as { instancePath?: string; params?: Record<string, unknown> } | undefined;
  if (!first) return undefined;
  const params = first.params ?? {};
  const extra = params.additionalProperty ?? params.missingProperty;
  if (typeof extra === "string") return extra;
  const path = (first.instancePath ?? "").replace(/^\//, "").replaceAll("/", ".");
  return path || undefined;
}

function reasonOf(error: FastifyError, field: string | undefined): string {
  const first = error.validation?.[0] as
    | { keyword?: string; message?: string; params?: Record<string, unknown> }
    | undefined;
  if (!first) return error.message;
  const context = error.validationContext ?? "request";
  if (first.keyword === "additionalProperties") return `${context} parameter "${field}" is not supported`;
  if (first.keyword === "required") return `${context} parameter "${field}" is required`;
  if (first.keyword === "enum" && Array.isArray(first.params?.allowedValues))
    return `${context} parameter "${field}" must be one of: ${first.params.allowedValues.join(", ")}`;
  return `${context} parameter "${field}" ${first.message ?? "is invalid"}`;
}

/** The `error` word of an HTTP status in error bodies. */
const statusWords: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Payload Too Large",
  429: "Too Many Requests",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** Answers validation failures, `ApiError`s and unexpected errors in the one error shape. */
export function handleErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const field = fieldOf(error);
      return reply
        .status(400)
        .send({ statusCode: 400, error: "Bad Request", message: reasonOf(error, field), ...(field ? { field } : {}) });
    }
    if (error instanceof ApiError) {
      return reply.status(error.statusCode).send({
        statusCode: error.statusCode,
        error: statusWords[error.statusCode] ?? "Bad Request",
        message: error.message,
        ...(error.field ? { field: error.field } : {}),
      });
    }
    const status =
      typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status === 500) request.log.error({ err: error }, "request failed");
    return reply.status(status).send({
      statusCode: status,
      error: status === 500 ? "Internal Server Error" : (error.code ?? "Bad Request"),
      message: status === 500 ? "internal error: see the node's log" : error.message,
    });
  });
  // ajv coerces a parameter like "1e309" to Infinity and then skips `minimum`/`maximum` (they check
  // finite numbers only), so an unbounded value would reach the handlers: refuse it here.
  app.addHook("preHandler", async (request) => {
    for (const [where, values] of [
      ["querystring", request.query],
      ["params", request.params],
    ] as const) {
      for (const [field, value] of Object.entries((values ?? {}) as Record<string, unknown>)) {
        if (typeof value === "number" && !Number.isFinite(value)) {
          throw new ApiError(400, `${where} parameter "${field}" must be a finite number`, field);
        }
      }
    }
  });
}
