package eg.gov.bawaba.hub.privacy;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for what looks like a personal identifier in free text, used to mask logs, failure texts and
 * correlation ids and to scrub search terms before insights count them (docs/security.md, "Identifiers where they do
 * not belong").
 *
 * <p>Identifier-like are: a run of six or more digits of any script (ASCII, Arabic-Indic {@code ٠-٩}, Extended
 * Arabic-Indic {@code ۰-۹}, …) with a leading {@code +} and a one- or two-letter prefix that starts a word (a passport
 * number such as {@code A12345678}); a phone number written in groups ({@code +20 100 123 4567},
 * {@code 0100-123-4567}, {@code +44 (20) 7946 0958}): starting with {@code +} or {@code 0}, nine or more digits in
 * groups separated by one space, hyphen or parenthesis; and an e-mail address. A canonical UUID is never one: it is
 * random, the hub's own ids are UUIDs, and masking the digit runs a UUID happens to have would break its use as an id.
 */
public final class Identifiers {

    /** What {@link #masked(String)} puts in place of each hidden letter or digit. */
    public static final char MASK = '•';

    // a UUID's groups may hold six or more digits: found first, and left as they are
    private static final Pattern UUID = Pattern.compile("(?<![\\p{L}\\p{N}])"
            + "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\\p{L}\\p{N}])");
    private static final Pattern EMAIL = Pattern.compile(
            "[\\p{L}\\p{N}._%+-]{1,64}@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");
    // possessive quantifiers: a long text of digits and spaces costs one pass, never a backtracking search; whether
    // the candidate is a phone number (its start, its number of digits) is decided in code
    private static final Pattern GROUPED = Pattern.compile(
            "(?<![\\p{L}\\p{N}+])\\+?\\(?\\p{Nd}++(?:(?:[ -]|\\) ?| ?\\()\\p{Nd}++)*+\\)?");
    private static final int MIN_RUN = 6;
    private static final Pattern RUN = Pattern.compile(
            "(?:(?<![\\p{L}\\p{N}])\\p{L}{1,2})?\\+?\\p{Nd}{" + MIN_RUN + ",}");
    private static final int MIN_GROUPED = 9;
    private static final int VISIBLE = 2;

    private Identifiers() {}

    /**
     * The text with the letters and digits of each identifier masked but its last two (punctuation stays), so that
     * people can still tell two apart: {@code 29001011234567} becomes {@code ••••••••••••67}.
     */
    public static String masked(String text) {
        return masked(text, MASK);
    }

    /** As {@link #masked(String)}, with another mask character (a correlation id must stay ASCII). */
    public static String masked(String text, char mask) {
        return replaced(text, id -> mask(id, mask));
    }

    /** The text with each identifier replaced by one space (search terms: nothing of it is counted or shown). */
    public static String removed(String text) {
        return replaced(text, id -> " ");
    }

    /** Whether the text holds at least one identifier. */
    public static boolean containsAny(String text) {
        return text != null && !text.equals(removed(text));
    }

    /** Whether the whole text is one identifier and nothing else. */
    public static boolean isOne(String text) {
        return text != null && !text.isEmpty() && removed(text).equals(" ");
    }

    /** Applies {@code replacement} to every identifier of the text, UUIDs left alone. */
    private static String replaced(String text, UnaryOperator<String> replacement) {
        if (text == null) {
            return null;
        }
        if (text.indexOf('-') < 0) {
            return replacedBetweenUuids(text, replacement);
        }
        StringBuilder out = new StringBuilder(text.length());
        Matcher uuid = UUID.matcher(text);
        int from = 0;
        while (uuid.find()) {
            out.append(replacedBetweenUuids(text.substring(from, uuid.start()), replacement)).append(uuid.group());
            from = uuid.end();
        }
        return out.append(replacedBetweenUuids(text.substring(from), replacement)).toString();
    }

    private static String replacedBetweenUuids(String text, UnaryOperator<String> replacement) {
        if (!hasDigitsOrAt(text)) {
            return text;
        }
        // e-mails first (they may hold digits), then numbers in groups, then what digit runs are left; a masked
        // identifier has no digit or @ left for a later pass to find
        String withoutEmails = text.indexOf('@') < 0 ? text : EMAIL.matcher(text).replaceAll(
                m -> Matcher.quoteReplacement(replacement.apply(m.group())));
        String withoutPhones = GROUPED.matcher(withoutEmails).replaceAll(m -> Matcher.quoteReplacement(
                isGroupedPhone(m.group()) ? replacement.apply(m.group()) : m.group()));
        return RUN.matcher(withoutPhones).replaceAll(m -> Matcher.quoteReplacement(replacement.apply(m.group())));
    }

    private static boolean hasDigitsOrAt(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '@' || Character.isDigit(c)) {
                return true;
            }
        }
        return false;
    }

    /** A candidate of {@link #GROUPED}: a phone number when it starts with + or 0 and has nine digits or more. */
    private static boolean isGroupedPhone(String candidate) {
        int digits = 0;
        int first = -1;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (Character.isDigit(c)) {
                if (first < 0) {
                    first = Character.digit(c, 10);
                }
                digits++;
            }
        }
        // a single group is a digit run, which RUN judges (six digits are enough there)
        boolean grouped = digits < candidate.replace("+", "").replace("(", "").replace(")", "").length();
        return grouped && digits >= MIN_GROUPED && (candidate.startsWith("+") || first == 0);
    }

    private static String mask(String identifier, char mask) {
        int alphanumerics = 0;
        for (int i = 0; i < identifier.length(); i++) {
            if (Character.isLetterOrDigit(identifier.charAt(i))) {
                alphanumerics++;
            }
        }
        StringBuilder out = new StringBuilder(identifier.length());
        int seen = 0;
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                seen++;
                out.append(seen > alphanumerics - VISIBLE ? c : mask);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
