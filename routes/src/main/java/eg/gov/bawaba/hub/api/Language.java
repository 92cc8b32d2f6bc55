package eg.gov.bawaba.hub.api;

import java.util.List;
import java.util.Locale;

/** Picks the response language, Arabic or English, from an {@code Accept-Language} header; Arabic by default. */
public final class Language {

    public static final String DEFAULT = "ar";
    private static final List<String> SUPPORTED = List.of("ar", "en");

    private Language() {}

    public static String from(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return DEFAULT;
        }
        try {
            // Lookup, unlike filtering, lets "en-GB" fall back to "en".
            String match = Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
            return match == null ? DEFAULT : match;
        } catch (IllegalArgumentException malformed) {
            return DEFAULT;
        }
    }
}
