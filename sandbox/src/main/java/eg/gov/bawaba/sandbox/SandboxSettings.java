package eg.gov.bawaba.sandbox;

import java.util.Optional;

/** Reads the sandbox's settings the way Spring would: a system property first, then the environment variable. */
public final class SandboxSettings {

    public static final String PORT = "BAWABA_SANDBOX_PORT";
    public static final int DEFAULT_PORT = 8091;
    public static final String EMIGRATION_API_KEY = "EMIGRATION_API_KEY";
    /** The secret the simulated Ministry of Emigration signs its status callbacks with (the hub reads it too). */
    public static final String EMIGRATION_CALLBACK_SECRET = "EMIGRATION_CALLBACK_SECRET";
    /** Likewise for the simulated Ministry of Foreign Affairs. */
    public static final String FOREIGN_AFFAIRS_CALLBACK_SECRET = "FOREIGN_AFFAIRS_CALLBACK_SECRET";

    private SandboxSettings() {
    }

    /** The non-blank value of a setting, if either the system property or the environment variable has one. */
    public static Optional<String> lookup(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The port the simulated entities listen on. */
    public static int port() {
        return lookup(PORT).map(value -> {
            try {
                int port = Integer.parseInt(value);
                if (port < 0 || port > 65_535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PORT + " must be a port number, not '" + value + "'", e);
            }
        }).orElse(DEFAULT_PORT);
    }
}
