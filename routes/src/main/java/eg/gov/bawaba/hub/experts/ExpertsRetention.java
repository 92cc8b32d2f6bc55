package eg.gov.bawaba.hub.experts;

import eg.gov.bawaba.hub.applications.PersonalDataRetention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The retention policy for experts (PDPL 151/2020): a profile whose consent was withdrawn longer ago than
 * {@code bawaba.retention.withdrawn-experts} loses its personal data, and its deliveries to entities the notes that
 * could quote it; the rows keep ids, consent dates and statuses.
 */
@Service
public class ExpertsRetention {

    private static final Logger LOG = LoggerFactory.getLogger(ExpertsRetention.class);

    /** One run: the period, the cut-off it gave, and how many profiles lost their personal data. */
    public record Outcome(Duration period, Instant cutoff, int purged) {}

    private final ExpertStore store;
    private final ExpertDeliveryStore deliveries;
    private final Clock clock;
    private final Duration period;

    public ExpertsRetention(ExpertStore store, ExpertDeliveryStore deliveries, Clock clock,
                            @Value("${bawaba.retention.withdrawn-experts}") Duration period) {
        if (period.isNegative()) {
            throw new IllegalStateException("bawaba.retention.withdrawn-experts must not be negative, e.g. P30D");
        }
        this.store = store;
        this.deliveries = deliveries;
        this.clock = clock;
        this.period = period;
    }

    public Outcome purge() {
        return purge(clock.instant());
    }

    /** Purges as if it were {@code now}. */
    public Outcome purge(Instant now) {
        Instant cutoff = now.minus(period);
        int purged = store.purgeWithdrawnBefore(cutoff, now);
        // an entity's refusal text kept on a delivery may quote the profile: it goes with the profile
        deliveries.forgetNotesOfPurgedExperts();
        if (purged > 0) {
            LOG.info("Retention: personal data of {} experts who withdrew consent before {} removed", purged, cutoff);
        }
        return new Outcome(period, cutoff, purged);
    }

    public Duration period() {
        return period;
    }

    /** The audit detail of a run: counts and dates only. */
    public static String detail(Outcome outcome) {
        return "personal data of " + outcome.purged() + " experts who withdrew consent before " + outcome.cutoff()
                + " removed (retention " + PersonalDataRetention.describe(outcome.period()) + ")";
    }
}
