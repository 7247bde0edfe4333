/**
 * Header checks every JSON endpoint makes before reading a body (framework-free, so the HTTP layer
 * and feature routers share them). A body we cannot decode is the sender's fault and permanent: 400
 * for a content coding we do not read, 415 for a media type that is not JSON — never a 5xx that a
 * webhook sender would retry for ever.
 */
export interface JsonRequestRejection {
  status: 400 | 415;
  code: 'unsupported_content_encoding' | 'unsupported_media_type';
  message: string;
}

/** Content codings the body parser decodes (body-parser: identity, gzip, deflate, br). */
const DECODABLE_ENCODINGS = new Set(['identity', 'gzip', 'deflate', 'br']);
/** application/json and structured-syntax JSON types (application/cloudevents+json …), any parameters. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** True when the request carries a body (a length above 0 or a chunked transfer). */
function hasBody(headers: Headers): boolean {
  return header(headers, 'transfer-encoding') !== undefined || Number(header(headers, 'content-length') ?? 0) > 0;
}

/** Null when a JSON body with these headers can be read; else why not. */
export function checkJsonRequestHeaders(headers: Headers): JsonRequestRejection | null {
  const encoding = header(headers, 'content-encoding');
  if (encoding !== undefined && !DECODABLE_ENCODINGS.has(encoding.trim().toLowerCase())) {
    return {
      status: 400,
      code: 'unsupported_content_encoding',
      message: 'Unsupported Content-Encoding (identity, gzip, deflate or br).',
    };
  }
  if (hasBody(headers) && !JSON_MEDIA_TYPE.test(header(headers, 'content-type') ?? '')) {
    return {
      status: 415,
      code: 'unsupported_media_type',
      message: 'The body must be JSON (Content-Type: application/json).',
    };
  }
  return null;
}
