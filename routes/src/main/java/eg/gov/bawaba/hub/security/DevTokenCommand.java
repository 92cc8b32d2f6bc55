package eg.gov.bawaba.hub.security;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/dev-token}: prints a token of the development key for the demo hub (profile {@code dev}), with the scopes
 * asked for, valid for one hour; no Spring context starts.
 */
public final class DevTokenCommand {

    static final String USAGE = """
            usage: bin/dev-token [--subject NAME] [--data-dir DIR] [--minutes N] "SCOPE ..."
              scopes: catalogue:read applications:write applications:read ops:read ops:write
              e.g.    bin/dev-token "catalogue:read applications:write applications:read"
            """;

    private DevTokenCommand() {}

    public static void main(String[] args) {
        String subject = "demo-user";
        Path dataDir = Path.of(System.getenv().getOrDefault("BAWABA_DATA_DIR", "./var"));
        long minutes = 60;
        List<String> scopes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--subject" -> subject = value(args, ++i);
                case "--data-dir" -> dataDir = Path.of(value(args, ++i));
                case "--minutes" -> minutes = Long.parseLong(value(args, ++i));
                case "-h", "--help" -> exit(0, USAGE);
                default -> scopes.addAll(Arrays.stream(args[i].split("[\\s,]+")).filter(s -> !s.isBlank()).toList());
            }
        }
        if (scopes.isEmpty()) {
            exit(64, USAGE);
        }
        List<String> unknown = scopes.stream().filter(s -> !Scopes.ALL.contains(s)).toList();
        if (!unknown.isEmpty()) {
            exit(64, "unknown scope(s) " + unknown + "\n" + USAGE);
        }
        DevTokenKey key = DevTokenKey.loadOrCreate(dataDir);
        Duration validity = Duration.ofMinutes(minutes);
        System.out.println(key.mint(subject, scopes, validity));
        System.err.printf("token of %s for %s with scopes %s, valid until %s; a hub trusts it only in profile dev%n",
                key.file().toAbsolutePath().normalize(), subject, String.join(" ", scopes),
                Instant.now().plus(validity));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            exit(64, args[i - 1] + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static void exit(int code, String message) {
        (code == 0 ? System.out : System.err).print(message);
        System.exit(code);
    }
}
