package eg.gov.bawaba.hub.security;

import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/dev-token}: prints a token of the development key for the demo hub (profile {@code dev}), for client
 * {@value #DEFAULT_CLIENT} (or the one asked for) with the scopes asked for, valid for one hour; no Spring context starts.
 */
public final class DevTokenCommand {

    static final String USAGE = """
            usage: bin/dev-token [--client ID] [--subject NAME] [--citizen NATIONAL_ID] [--data-dir DIR] [--minutes N]
                                 "SCOPE ..."
              scopes:  catalogue:read applications:write applications:read ops:read ops:write
                       experts:read experts:write insights:read insights:write
              client:  the azp claim, the client that owns what the token creates (default %s)
              citizen: bawaba_citizen_id, the signed-in citizen the app backend acts for (none by default)
              minutes: 1 to %d (the hub refuses tokens issued for longer than 24 hours by default)
              e.g.     bin/dev-token "catalogue:read applications:write applications:read"
            """.formatted(DevTokenCommand.DEFAULT_CLIENT, DevTokenCommand.MAX_MINUTES);

    static final String DEFAULT_CLIENT = "bawaba-demo-app";
    /** The hub's default bawaba.security.max-token-lifetime, PT24H: a longer token would only be refused. */
    static final long MAX_MINUTES = 24 * 60;

    private DevTokenCommand() {}

    public static void main(String[] args) {
        String subject = "demo-user";
        String client = DEFAULT_CLIENT;
        String citizen = null;
        Path dataDir = Path.of(System.getenv().getOrDefault("BAWABA_DATA_DIR", "./var"));
        long minutes = 60;
        List<String> scopes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--subject" -> subject = value(args, ++i);
                case "--client" -> client = value(args, ++i);
                case "--citizen" -> citizen = value(args, ++i);
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
        if (minutes < 1 || minutes > MAX_MINUTES) {
            exit(64, "--minutes must be 1 to " + MAX_MINUTES + "\n" + USAGE);
        }
        if (client.isBlank()) {
            exit(64, "--client must not be blank\n" + USAGE);
        }
        if (citizen != null && !citizen.matches("[23][0-9]{13}")) {
            exit(64, "--citizen must be a 14-digit Egyptian national id\n" + USAGE);
        }
        DevTokenKey key = DevTokenKey.loadOrCreate(dataDir);
        Duration validity = Duration.ofMinutes(minutes);
        JWTClaimsSet.Builder claims = key.claims(subject, scopes, validity).claim("azp", client);
        if (citizen != null) {
            claims.claim(Callers.CITIZEN_CLAIM, citizen);
        }
        System.out.println(key.sign(claims.build()));
        System.err.printf("token of %s for client %s, subject %s%s, with scopes %s, valid until %s; a hub trusts it "
                        + "only in profile dev%n", key.file().toAbsolutePath().normalize(), client, subject,
                citizen == null ? "" : ", acting for a citizen", String.join(" ", scopes),
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
