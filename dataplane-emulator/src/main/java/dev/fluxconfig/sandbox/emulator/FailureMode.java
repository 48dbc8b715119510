package dev.fluxconfig.sandbox.emulator;

/**
 * How the emulated data plane misbehaves when told to. The wire-level modes break the HTTP exchange itself (the
 * connection, the framing); the others answer with a well-formed response that is wrong in its status or body.
 */
public enum FailureMode {
    /** Behaves. */
    NONE,
    /** 500 with an ARM error body. */
    HTTP_500,
    /** 401, as for an expired or foreign token. */
    HTTP_401,
    /** 403 with an ARM error body. */
    HTTP_403,
    /** 429 with {@code Retry-After} (the failure's value, 1 second unless told). */
    HTTP_429,
    /** 503 with an HTML page, as a gateway answers. */
    HTTP_503_HTML,
    /** The data plane refuses the token (401) and the token endpoints answer 503: no new token can be had. */
    TOKEN_ENDPOINT_DOWN,
    /** Answers nothing until the client gives up (the connection is closed after {@code timeoutAfter}). */
    TIMEOUT,
    /** The right answer, after the failure's delay ({@code timeoutAfter} unless told). */
    DELAYED,
    /** Headers at once, then the body in five chunks spread over {@code timeoutAfter}. */
    SLOW_BODY,
    /** 200 with a body that is not JSON. */
    MALFORMED_JSON,
    /** 200 announcing the whole body, sending half of it, then closing the connection. */
    TRUNCATED_BODY,
    /** 200 with chunked encoding, then a chunk whose size line is not hexadecimal, then the connection closes. */
    BROKEN_CHUNK,
    /** The connection is reset (TCP RST) before any answer. */
    CONNECTION_RESET,
    /** The connection is closed before any answer. */
    EMPTY_RESPONSE,
    /** Random bytes instead of an HTTP answer, then the connection closes. */
    RANDOM_DATA,
    /** 200 with an HTML page (a captive portal or a misrouted proxy). */
    WRONG_CONTENT_TYPE,
    /** 200 with no body at all. */
    EMPTY_BODY,
    /** 200 with the JSON {@code null}. */
    NULL_BODY,
    /** 200 with a JSON object that has no {@code configurations} field. */
    NO_CONFIGURATIONS_FIELD,
    /** The current list, but the first configuration is invalid (an unknown source kind). */
    INVALID_ENTRY,
    /** The current list's entries without their properties. */
    MISSING_FIELDS,
    /** The current list without its last entry, plus an entry without a name. */
    NAMELESS_ENTRY
}
