/**
 * The data-plane wire contract between the agent and the regional data plane (or its emulator), as described by
 * {@code openapi/dataplane.yaml} on the classpath. Enumerations travel as plain strings so that a bad value becomes a
 * validation error of one configuration instead of a parse failure of the whole list.
 */
package dev.fluxconfig.model.dataplane;
