package eg.gov.bawaba.hub.ops;

import java.util.regex.Pattern;

/**
 * Failure texts as operators may see them: an entity's error body can echo an applicant's national id or passport
 * number, so runs of seven or more digits (optionally after a letter prefix) are masked, keeping the last two
 * characters; shorter numbers (HTTP statuses, ports, counts) stay readable.
 */
public final class FailureText {

    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\p{Alnum}-])[A-Za-z]{0,2}\\d{7,}(?![\\p{Alnum}-])");

    private FailureText() {}

    public static String masked(String text) {
        if (text == null) {
            return null;
        }
        return IDENTIFIER.matcher(text).replaceAll(m -> {
            String id = m.group();
            return "•".repeat(id.length() - 2) + id.substring(id.length() - 2);
        });
    }
}
