package eg.gov.bawaba.mappings.model;

/** A text given in Arabic and in English, as every citizen-facing string in Bawaba is. */
public record Bilingual(String ar, String en) {

    /** The text in the requested language ("ar" or "en"), falling back to the other one when it is missing. */
    public String in(String language) {
        if ("ar".equalsIgnoreCase(language)) {
            return ar != null ? ar : en;
        }
        return en != null ? en : ar;
    }
}
