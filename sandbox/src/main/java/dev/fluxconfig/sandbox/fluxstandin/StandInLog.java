package dev.fluxconfig.sandbox.fluxstandin;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Every line the stand-in logs says that it is test equipment, so nobody mistakes it for Flux. */
final class StandInLog {

    private static final Logger LOG = Logger.getLogger(FluxStandIn.class.getName());

    void info(String message) {
        LOG.info(() -> FluxStandIn.LOG_PREFIX + " " + message);
    }

    void debug(String message) {
        LOG.fine(() -> FluxStandIn.LOG_PREFIX + " " + message);
    }

    void warn(String message) {
        LOG.warning(() -> FluxStandIn.LOG_PREFIX + " " + message);
    }

    boolean isDebug() {
        return LOG.isLoggable(Level.FINE);
    }
}
