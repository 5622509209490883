import express, { type ErrorRequestHandler, type RequestHandler } from "express";

/**
 * Caps a GraphQL request body (after decompression) well below the webhooks' 1 MiB: a query document is small,
 * and yoga would otherwise buffer whatever it is sent. Over the cap: 413 with a GraphQL-shaped error.
 */
export function withBodyLimit(graphql: RequestHandler, maxBytes: number): express.Router {
  const tooLarge: ErrorRequestHandler = (err, _req, res, next) => {
    if (err?.type !== "entity.too.large") return next(err);
    res.status(413).json({
      errors: [{ message: `request body larger than ${maxBytes} bytes`, extensions: { code: "PAYLOAD_TOO_LARGE" } }],
    });
  };
  // yoga reads a buffered body as it would the stream, whatever the content type.
  return express.Router().use(express.raw({ type: () => true, limit: maxBytes }), tooLarge, graphql);
}
