package dev.fluxconfig.sandbox.fluxstandin;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Every line the stand-in logs says that it is test equipment, so nobody mistakes it for Flux. */
final class StandInLog {

    private static final String SOURCE = FluxStandIn.class.getName();
    private static final Logger LOG = Logger.getLogger(SOURCE);

    void info(String message) {
        LOG.logp(Level.INFO, SOURCE, null, () -> FluxStandIn.LOG_PREFIX + " " + message);
    }

    void debug(String message) {
        LOG.logp(Level.FINE, SOURCE, null, () -> FluxStandIn.LOG_PREFIX + " " + message);
    }

    void warn(String message) {
        LOG.logp(Level.WARNING, SOURCE, null, () -> FluxStandIn.LOG_PREFIX + " " + message);
    }

    boolean isDebug() {
        return LOG.isLoggable(Level.FINE);
    }
}
