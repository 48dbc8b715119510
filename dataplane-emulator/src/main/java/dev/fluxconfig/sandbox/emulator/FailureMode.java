package dev.fluxconfig.sandbox.emulator;

/** How the emulated data plane misbehaves when told to. */
public enum FailureMode {
    /** Behaves. */
    NONE,
    /** 500 with an ARM error body. */
    HTTP_500,
    /** 401, as for an expired or foreign token. */
    HTTP_401,
    /** Answers nothing until the client gives up (the connection is closed after {@code timeoutAfter}). */
    TIMEOUT,
    /** 200 with a body that is not JSON. */
    MALFORMED_JSON,
    /** 200 announcing the whole body, sending half of it, then closing the connection. */
    TRUNCATED_BODY
}
