package eg.gov.bawaba.hub.insights;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/** Merges the recommendations of every {@link RecommendationSource} bean into one ranking. */
@Component
public class Recommender {

    private final List<RecommendationSource> sources;

    public Recommender(List<RecommendationSource> sources) {
        this.sources = sources;
    }

    public List<RecommendationSource.Recommendation> recommend(RecommendationSource.Profile profile, int limit) {
        List<RecommendationSource.Recommendation> all = new ArrayList<>();
        for (RecommendationSource source : sources) {
            all.addAll(source.recommend(profile, limit));
        }
        all.sort(Comparator.comparingDouble(RecommendationSource.Recommendation::score).reversed()
                .thenComparing(RecommendationSource.Recommendation::id));
        return all.subList(0, Math.min(limit, all.size()));
    }
}
