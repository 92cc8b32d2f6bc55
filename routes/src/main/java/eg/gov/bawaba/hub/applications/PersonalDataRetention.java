package eg.gov.bawaba.hub.applications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The retention policy for personal data (Egypt's PDPL 151/2020: kept no longer than its purpose needs): a closed
 * application unchanged for {@code bawaba.retention.closed-applications} loses its applicant and form; the row, its
 * entity, entry, status, dates and history stay, for the anonymous statistics and the audit.
 */
@Service
public class PersonalDataRetention {

    /** Where an application's purpose has ended: the entity decided, refused it, or it could not be delivered. */
    public static final Set<ApplicationStatus> CLOSED = EnumSet.of(ApplicationStatus.APPROVED,
            ApplicationStatus.REJECTED, ApplicationStatus.COMPLETED, ApplicationStatus.REJECTED_BY_ENTITY,
            ApplicationStatus.DELIVERY_FAILED);

    private static final Logger LOG = LoggerFactory.getLogger(PersonalDataRetention.class);
    private static final int BATCH = 200;

    /** One run: the period, the cut-off it gave, and how many applications lost their personal data. */
    public record Outcome(Duration period, Instant cutoff, int purged) {}

    private final ApplicationStore store;
    private final Clock clock;
    private final Duration period;

    public PersonalDataRetention(ApplicationStore store, Clock clock,
                                 @Value("${bawaba.retention.closed-applications}") Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalStateException("bawaba.retention.closed-applications must be a positive duration, e.g. P180D");
        }
        this.store = store;
        this.clock = clock;
        this.period = period;
    }

    public Outcome purge() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(period);
        String why = "personal data removed under the retention policy: closed and unchanged for " + describe(period);
        int purged = 0;
        while (true) {
            List<String> due = store.holdingPersonalDataSince(CLOSED, cutoff, BATCH);
            int before = purged;
            for (String id : due) {
                if (store.purgePersonalData(id, CLOSED, cutoff, now, why)) {
                    purged++;
                }
            }
            // none of a batch purged: the rest changed meanwhile, and would be selected again and again
            if (due.size() < BATCH || purged == before) {
                break;
            }
        }
        if (purged > 0) {
            LOG.info("Retention: personal data of {} closed applications unchanged since {} removed", purged, cutoff);
        }
        return new Outcome(period, cutoff, purged);
    }

    public Duration period() {
        return period;
    }

    /** A period as configured, P180D rather than Duration's PT4320H. */
    public static String describe(Duration period) {
        return period.toSeconds() % 86_400 == 0 ? "P" + period.toDays() + "D" : period.toString();
    }
}
