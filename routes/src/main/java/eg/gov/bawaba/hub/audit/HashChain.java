package eg.gov.bawaba.hub.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hash of one record of a tamper-evident chain: SHA-256 (lower-case hex) over a version tag, the previous
 * record's hash and the record's canonical content, each field written as {@code <UTF-8 length>:<value>} on a line of
 * its own ({@code ~} for null), so no two different records share a text.
 */
public final class HashChain {

    private static final String TAG = "bawaba-chain-v1";

    private HashChain() {}

    /** The hash of a record following {@code previousHash} (null for the first record of a chain). */
    public static String next(String previousHash, Object... fields) {
        return digest(TAG + "\n" + (previousHash == null ? "" : previousHash), fields);
    }

    /** SHA-256 (lower-case hex) over a header line and the fields, each written as the chain writes a record's. */
    public static String digest(String header, Object... fields) {
        StringBuilder text = new StringBuilder(header).append('\n');
        for (Object field : fields) {
            if (field == null) {
                text.append("~\n");
            } else {
                String value = field instanceof Instant at ? stamp(at) : field.toString();
                text.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append('\n');
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A time as the database keeps it (microseconds), so that what is hashed is what is read back. */
    public static Instant stored(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    private static String stamp(Instant at) {
        return stored(at).toString();
    }

    /**
     * A text cut to fit a column of {@code max} characters without splitting a character in two, since the cut half
     * would not read back as written.
     */
    public static String fit(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
