package eg.gov.bawaba.mappings.internal;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The field names a JSONata expression may read, by a conservative scan of its text: every plain or
 * {@code `backticked`} name and every string literal that is not an object key counts as read. When the expression
 * reads fields it does not name ({@code *}, {@code **}, {@code $keys}, {@code $each}, {@code $spread}, {@code $sift}, {@code $merge([$, …])}, {@code $string($)},
 * {@code $lookup} with a key that is not a literal), the answer is empty: any field may be read.
 *
 * <p>The library's parsed tree is not public API (jsonata-java keeps it package-private), hence the scan; it can only
 * err towards "read", so a field reported as never read really is never named.
 */
public final class JsonataNames {

    private static final Pattern DYNAMIC_FUNCTION = Pattern.compile(
            "\\$(keys|each|spread|sift)\\s*\\(|\\$(merge|string)\\s*\\(\\s*\\[?\\s*\\$\\$?\\s*[,\\])]");
    private static final Pattern DYNAMIC_LOOKUP = Pattern.compile("\\$lookup\\s*\\(\\s*\\$\\s*,\\s*[^\"'\\s]");

    private JsonataNames() {}

    public static Optional<Set<String>> read(String expression) {
        if (DYNAMIC_FUNCTION.matcher(expression).find() || DYNAMIC_LOOKUP.matcher(expression).find()) {
            return Optional.empty();
        }
        Set<String> names = new HashSet<>();
        int i = 0;
        int n = expression.length();
        char previous = 0;
        while (i < n) {
            char c = expression.charAt(i);
            if (c == '/' && i + 1 < n && expression.charAt(i + 1) == '*') {
                int end = expression.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                continue;
            }
            if (c == '"' || c == '\'') {
                StringBuilder literal = new StringBuilder();
                int j = i + 1;
                while (j < n && expression.charAt(j) != c) {
                    if (expression.charAt(j) == '\\' && j + 1 < n) {
                        j++;
                    }
                    literal.append(expression.charAt(j));
                    j++;
                }
                i = j + 1;
                if (!objectKey(expression, i)) {
                    names.add(literal.toString());
                }
                previous = c;
                continue;
            }
            if (c == '`') {
                int end = expression.indexOf('`', i + 1);
                names.add(expression.substring(i + 1, end < 0 ? n : end));
                i = end < 0 ? n : end + 1;
                previous = '`';
                continue;
            }
            if (c == '*') {
                boolean descendants = i + 1 < n && expression.charAt(i + 1) == '*';
                // after an operand '*' multiplies; anywhere else it is a wildcard step
                if (descendants || !operandEnd(previous)) {
                    return Optional.empty();
                }
            }
            if (nameChar(c)) {
                int j = i;
                while (j < n && nameChar(expression.charAt(j))) {
                    j++;
                }
                if (previous != '$') {
                    names.add(expression.substring(i, j));
                }
                i = j;
                previous = 'a';
                continue;
            }
            if (!Character.isWhitespace(c)) {
                previous = c;
            }
            i++;
        }
        return Optional.of(names);
    }

    private static boolean objectKey(String expression, int from) {
        int j = from;
        while (j < expression.length() && Character.isWhitespace(expression.charAt(j))) {
            j++;
        }
        return j < expression.length() && expression.charAt(j) == ':' && !(j + 1 < expression.length()
                && expression.charAt(j + 1) == '=');
    }

    private static boolean operandEnd(char previous) {
        return previous == 'a' || previous == ')' || previous == ']' || previous == '}' || previous == '"'
                || previous == '\'' || previous == '`';
    }

    private static boolean nameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
