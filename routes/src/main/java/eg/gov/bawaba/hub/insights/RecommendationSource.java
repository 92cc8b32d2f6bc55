package eg.gov.bawaba.hub.insights;

import java.util.List;

/**
 * Something that can be recommended to a profile (catalogue entries here; training and calls for experts plug in as
 * further beans): each source ranks its own items, and {@link Recommender} merges them by score.
 */
public interface RecommendationSource {

    /** At most {@code limit} items the profile is eligible for, best first, each with a score in [0, 1]. */
    List<Recommendation> recommend(Profile profile, int limit);

    /** Who the recommendations are for: country of residence (ISO, upper case), occupation (may be null), interests. */
    record Profile(String country, String occupation, List<String> interests, String language) {}

    /** One recommended item: its kind (e.g. CATALOGUE_ENTRY), id, title in the asked language, score and reasons. */
    record Recommendation(String kind, String id, String title, double score, List<String> reasons) {}
}
