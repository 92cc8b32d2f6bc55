package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.applications.ApplicationStore;
import eg.gov.bawaba.hub.applications.ApplicationsRetentionRoutes;
import eg.gov.bawaba.hub.applications.PersonalDataRetention;
import eg.gov.bawaba.hub.applications.PersonalDataRotation;
import eg.gov.bawaba.hub.experts.ExpertProfileKeys;
import eg.gov.bawaba.hub.experts.ExpertsRetention;
import eg.gov.bawaba.hub.ops.OpsActions;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Answers the ops API's personal data calls: which keys hold it and the re-encryption onto the active key (applications
 * and expert profiles), the retention run (closed applications and withdrawn experts), and the anonymous statistics of
 * applications that outlive it.
 */
@Component
public class PersonalDataApi {

    private static final int MAX_MONTHS = 120;

    private final PersonalDataRotation rotation;
    private final PersonalDataRetention retention;
    private final ExpertsRetention expertsRetention;
    private final ApplicationStore store;
    private final OpsActions actions;
    private final Clock clock;

    public PersonalDataApi(PersonalDataRotation rotation, PersonalDataRetention retention,
                           ExpertsRetention expertsRetention, ApplicationStore store, OpsActions actions, Clock clock) {
        this.rotation = rotation;
        this.retention = retention;
        this.expertsRetention = expertsRetention;
        this.store = store;
        this.actions = actions;
        this.clock = clock;
    }

    /** GET /ops/v1/personal-data/keys */
    public void keys(Exchange exchange) {
        CatalogueApi.ok(exchange, usage(rotation.usage()), null, null);
    }

    /**
     * POST /ops/v1/personal-data/re-encrypt, body {"limit": n} (optional, at most this many records of each kind:
     * applications, expert profiles)
     */
    public void reEncrypt(Exchange exchange) throws Exception {
        actions.run(exchange, "re-encrypt-personal-data", null, "personal data not under the active key", operator -> {
            JsonNode limit = OpsRequests.body(exchange).path("limit");
            if (!limit.isMissingNode() && (!limit.canConvertToInt() || limit.asInt() < 1 || limit.asInt() > 1_000_000)) {
                throw ApiProblem.badRequest("limit: a number from 1 to 1000000");
            }
            PersonalDataRotation.Outcome outcome = rotation.reEncrypt(limit.isMissingNode() ? 100_000 : limit.asInt());
            ObjectNode body = CanonicalJson.mapper().createObjectNode();
            // totals over every kind; each kind's own counts under its name
            body.put("reEncrypted", outcome.reEncrypted());
            body.put("unreadable", outcome.unreadable());
            ArrayNode unreadable = body.putArray("unreadableApplications");
            outcome.unreadableApplications().forEach(unreadable::add);
            for (PersonalDataRotation.KindOutcome kind : outcome.kinds()) {
                ObjectNode part = body.putObject(kind.kind());
                part.put("reEncrypted", kind.reEncrypted());
                part.put("unreadable", kind.unreadable());
                ArrayNode ids = part.putArray("unreadableIds");
                kind.unreadableIds().forEach(ids::add);
            }
            body.setAll(usage(outcome.usage()));
            CatalogueApi.ok(exchange, body, null, null);
            return outcome.reEncrypted() + " re-encrypted under key " + outcome.usage().activeKey() + " ("
                    + String.join(", ", outcome.kinds().stream().map(k -> k.reEncrypted() + " " + k.kind()).toList())
                    + "), " + outcome.unreadable() + " unreadable";
        });
    }

    /**
     * POST /ops/v1/personal-data/retention/run: the retention policies now, as the schedules run them: closed
     * applications (the top-level fields, as before experts existed) and withdrawn experts ({@code experts}).
     */
    public void runRetention(Exchange exchange) throws Exception {
        actions.run(exchange, "purge-personal-data", null, "closed applications, withdrawn experts", operator -> {
            PersonalDataRetention.Outcome outcome = retention.purge();
            ExpertsRetention.Outcome experts = expertsRetention.purge();
            ObjectNode body = CanonicalJson.mapper().createObjectNode();
            body.put("retention", PersonalDataRetention.describe(outcome.period()));
            body.put("cutoff", outcome.cutoff().toString());
            body.put("purged", outcome.purged());
            body.putObject(ExpertProfileKeys.KIND)
                    .put("retention", PersonalDataRetention.describe(experts.period()))
                    .put("cutoff", experts.cutoff().toString())
                    .put("purged", experts.purged());
            CatalogueApi.ok(exchange, body, null, null);
            return ApplicationsRetentionRoutes.detail(outcome) + "; " + ExpertsRetention.detail(experts);
        });
    }

    /**
     * GET /ops/v1/applications/statistics?from=&to= (each YYYY-MM or YYYY-MM-DD, in UTC; by default the last twelve
     * months): counts of the applications received, by month, entity, entry and current status.
     */
    public void statistics(Exchange exchange) {
        YearMonth thisMonth = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        LocalDate from = date(exchange, "from", false);
        LocalDate to = date(exchange, "to", true);
        if (to == null) {
            to = thisMonth.atEndOfMonth();
        }
        if (from == null) {
            from = YearMonth.from(to).minusMonths(11).atDay(1);
        }
        if (from.isAfter(to)) {
            throw ApiProblem.badRequest("from: must not be after to");
        }
        if (YearMonth.from(from).plusMonths(MAX_MONTHS).isBefore(YearMonth.from(to))) {
            throw ApiProblem.badRequest("from, to: at most " + MAX_MONTHS + " months at once");
        }
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("from", from.toString());
        body.put("to", to.toString());
        ArrayNode counts = body.putArray("counts");
        long total = 0;
        Instant end = to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        for (YearMonth month = YearMonth.from(from); !month.isAfter(YearMonth.from(to)); month = month.plusMonths(1)) {
            Instant start = max(month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                    from.atStartOfDay().toInstant(ZoneOffset.UTC));
            Instant stop = min(month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC), end);
            List<ApplicationStore.StatisticsRow> rows = store.statistics(start, stop).stream()
                    .sorted(Comparator.comparing(ApplicationStore.StatisticsRow::entityId)
                            .thenComparing(ApplicationStore.StatisticsRow::entryId)
                            .thenComparing(r -> r.status().name()))
                    .toList();
            for (ApplicationStore.StatisticsRow row : rows) {
                counts.addObject().put("month", month.toString()).put("entityId", row.entityId())
                        .put("entryId", row.entryId()).put("status", row.status().name()).put("count", row.count());
                total += row.count();
            }
        }
        body.put("total", total);
        CatalogueApi.ok(exchange, body, null, null);
    }

    private static ObjectNode usage(PersonalDataRotation.Usage usage) {
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("activeKey", usage.activeKey());
        ArrayNode keys = body.putArray("keys");
        usage.keys().forEach(k -> {
            ObjectNode key = keys.addObject().put("id", k.keyId()).put("active", k.active());
            k.byKind().forEach(key::put);
        });
        // every kind together, so "0" still means nothing is left under a key the hub does not have
        body.put("underUnknownKeys", usage.underUnknownKeys());
        ObjectNode byKind = body.putObject("underUnknownKeysByKind");
        for (Map.Entry<String, Long> kind : usage.underUnknownKeysByKind().entrySet()) {
            byKind.put(kind.getKey(), kind.getValue());
        }
        return body;
    }

    /** A query date: YYYY-MM-DD, or YYYY-MM for its first day ({@code end}: its last day). */
    private static LocalDate date(Exchange exchange, String name, boolean end) {
        String value = exchange.getIn().getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.strip().length() == 7) {
                YearMonth month = YearMonth.parse(value.strip());
                return end ? month.atEndOfMonth() : month.atDay(1);
            }
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(name + ": '" + value + "' is not YYYY-MM or YYYY-MM-DD");
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
