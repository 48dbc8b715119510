package dev.fluxconfig.agent.config;

/** How the agent gets its Azure AD token. */
public enum AuthMode {
    MANAGED_IDENTITY("managed-identity"), WORKLOAD_IDENTITY("workload-identity"), CLIENT_SECRET(
            "client-secret"), CLIENT_CERTIFICATE("client-certificate");

    private final String value;

    AuthMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The mode for a setting value, or {@code null} when it names none. */
    public static AuthMode fromValue(String value) {
        for (AuthMode m : values()) {
            if (m.value.equalsIgnoreCase(value == null ? "" : value.trim())) {
                return m;
            }
        }
        return null;
    }
}
