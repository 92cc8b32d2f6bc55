package eg.gov.bawaba.hub.insights;

import java.time.LocalDate;

/**
 * One aggregate cell: a count of events of this kind, on this day (UTC), from residents of this country with this
 * occupation ("" when not given), about this subject (an entry id or a normalised search text).
 */
public record InsightKey(LocalDate day, String kind, String country, String occupation, String subject) {

    /** Events of type VIEW, by entry. */
    public static final String VIEW = "VIEW";
    /** Events of type APPLICATION_STARTED, by entry. */
    public static final String APPLICATION_STARTED = "APPLICATION_STARTED";
    /** Every SEARCH, by normalised text. */
    public static final String SEARCH = "SEARCH";
    /** SEARCH events that found nothing, by normalised text: the demand gaps. */
    public static final String SEARCH_EMPTY = "SEARCH_EMPTY";
}
