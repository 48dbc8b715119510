package dev.fluxconfig.sandbox.fluxstandin;

/** How a reconcile ended: done until the next event, or to be retried with backoff. */
enum Outcome {
    DONE, RETRY
}
