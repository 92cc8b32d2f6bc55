package eg.gov.bawaba.connectors.rest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the links of HTTP {@code Link} header fields (RFC 8288): several links per field and several fields,
 * {@code rel} as a token or a quoted list of several relation types, {@code rel*} in RFC 8187 form, and commas or
 * semicolons inside the {@code <URI-Reference>} or a quoted string.
 *
 * <p>No maintained Java library parses RFC 8288 on its own (JAX-RS {@code Link.valueOf} needs a JAX-RS runtime), so this
 * small parser is tested case by case in LinkHeaderTest.
 */
final class LinkHeader {

    /** One link: its target as written (possibly relative) and its relation types in lower case. */
    record Link(String target, List<String> relations) {}

    private LinkHeader() {}

    /** The target of the first link whose relation types include {@code relation}, as written in the field. */
    static Optional<String> target(List<String> fieldValues, String relation) {
        String wanted = relation.toLowerCase(Locale.ROOT);
        for (String value : fieldValues) {
            for (Link link : parse(value)) {
                if (link.relations().contains(wanted)) {
                    return Optional.of(link.target());
                }
            }
        }
        return Optional.empty();
    }

    /** Every link of one field value; a link that breaks the grammar ends the parse of that value, keeping those before. */
    static List<Link> parse(String value) {
        List<Link> links = new ArrayList<>();
        if (value == null) {
            return links;
        }
        Cursor c = new Cursor(value);
        while (true) {
            c.skipSpacesAndCommas();
            if (c.atEnd() || c.peek() != '<') {
                return links;
            }
            int close = value.indexOf('>', c.pos + 1);
            if (close < 0) {
                return links;
            }
            String target = value.substring(c.pos + 1, close).strip();
            c.pos = close + 1;
            List<String> relations = new ArrayList<>();
            boolean extendedRel = false;
            while (true) {
                c.skipSpaces();
                if (c.atEnd() || c.peek() == ',') {
                    break;
                }
                if (c.peek() != ';') {
                    return links;
                }
                c.pos++;
                c.skipSpaces();
                String name = c.token().toLowerCase(Locale.ROOT);
                c.skipSpaces();
                String paramValue = "";
                if (!c.atEnd() && c.peek() == '=') {
                    c.pos++;
                    c.skipSpaces();
                    paramValue = !c.atEnd() && c.peek() == '"' ? c.quoted() : c.token();
                }
                // RFC 8288 3.3: rel occurs once; a second one is ignored, and rel* (RFC 8187) stands in when present
                if (name.equals("rel*") && !extendedRel) {
                    relations = relationTypes(extValue(paramValue));
                    extendedRel = true;
                } else if (name.equals("rel") && relations.isEmpty() && !extendedRel) {
                    relations = relationTypes(paramValue);
                }
            }
            links.add(new Link(target, List.copyOf(relations)));
        }
    }

    private static List<String> relationTypes(String value) {
        List<String> types = new ArrayList<>();
        for (String type : value.strip().split("\\s+")) {
            if (!type.isEmpty()) {
                types.add(type.toLowerCase(Locale.ROOT));
            }
        }
        return types;
    }

    /** The value of an RFC 8187 {@code charset'language'pct-encoded} parameter. */
    private static String extValue(String value) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        String encoded = second < 0 ? value : value.substring(second + 1);
        try {
            return java.net.URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return encoded;
        }
    }

    private static final class Cursor {
        private final String text;
        private int pos;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        void skipSpaces() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        void skipSpacesAndCommas() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == ',')) {
                pos++;
            }
        }

        /** A token: up to the next separator this grammar knows. */
        String token() {
            int start = pos;
            while (!atEnd() && "=;, \t\"".indexOf(peek()) < 0) {
                pos++;
            }
            return text.substring(start, pos);
        }

        /** A quoted-string, unescaping quoted-pairs; an unterminated one runs to the end. */
        String quoted() {
            StringBuilder out = new StringBuilder();
            pos++;
            while (!atEnd() && peek() != '"') {
                if (peek() == '\\' && pos + 1 < text.length()) {
                    pos++;
                }
                out.append(peek());
                pos++;
            }
            if (!atEnd()) {
                pos++;
            }
            return out.toString();
        }
    }
}
