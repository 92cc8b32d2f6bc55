package eg.gov.bawaba.hub.insights;

import eg.gov.bawaba.hub.privacy.Identifiers;
import java.text.Normalizer;
import java.util.Locale;
import org.apache.lucene.analysis.ar.ArabicNormalizer;

/**
 * Normalises search text so that spellings of one need count as one: Unicode NFKC, lower case, Arabic letter variants
 * and diacritics folded as the catalogue's search folds them, punctuation dropped, spaces collapsed. What looks like a
 * personal identifier ({@link Identifiers}: national ids, passport and phone numbers, e-mail addresses, six or more
 * digits of any script) is removed first, from the text as typed and again from the normalised text (folding can join
 * digits that marks kept apart), so that it is never counted, stored or shown.
 */
public final class QueryText {

    static final int MAX_LENGTH = 100;
    private static final ArabicNormalizer ARABIC = new ArabicNormalizer();

    private QueryText() {}

    public static String normalise(String text) {
        String once = fold(Identifiers.removed(text));
        return Identifiers.containsAny(once) ? fold(Identifiers.removed(once)) : once;
    }

    private static String fold(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        char[] chars = folded.toCharArray();
        int length = ARABIC.normalize(chars, chars.length);
        StringBuilder out = new StringBuilder(length);
        boolean space = false;
        for (int i = 0; i < length; i++) {
            char c = chars[i];
            if (Character.isLetterOrDigit(c)) {
                if (space && !out.isEmpty()) {
                    out.append(' ');
                }
                space = false;
                out.append(c);
            } else {
                space = true;
            }
        }
        return out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH).strip() : out.toString();
    }
}
