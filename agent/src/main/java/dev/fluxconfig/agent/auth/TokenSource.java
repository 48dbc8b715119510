package dev.fluxconfig.agent.auth;

/** Gives the bearer token for the data plane; blocking, never on an event loop. */
public interface TokenSource {

    /** A valid token, from the cache when it has one that is not about to expire. */
    String token() throws TokenException;

    /** The data plane refused the last token: the next call must not come from the cache. */
    void invalidate();

    /** Why no token could be had; the message never holds a secret. */
    class TokenException extends Exception {
        public TokenException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
