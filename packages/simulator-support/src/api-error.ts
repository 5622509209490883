import type { Response } from "express";
import type { z } from "zod";

/** The error body every simulator answers with; the connectors parse this shape. */
export interface ApiErrorBody {
  error: { code: string; message: string; field?: string; details?: unknown };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, field: this.field, details: this.details } };
  }
}

export function sendError(res: Response, error: ApiError): void {
  res.status(error.status).json(error.toBody());
}

/** `lines[0].quantity` style, the way a person reading the error would look the field up. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, "");
}

/** Parses a request body, turning the first zod issue into a 422 that names the field. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = fieldPath(issue.path) || undefined;
  const issues = parsed.error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }));
  throw new ApiError(422, "invalid_request", `${field ?? "body"}: ${issue.message}`, field, { issues });
}
