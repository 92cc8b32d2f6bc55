package eg.gov.bawaba.hub.applications;

import eg.gov.bawaba.connectors.rest.RestApplicationStatusPoll;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The hub's side of status polling: the applications of an entity whose status may still change (delivered, in
 * review or approved) with the entity's reference and correlation id, for its polling route to ask about (with
 * {@code X-Correlation-Id}). Statuses found are applied by {@link StatusFileRoutes}, with the status callback's rules.
 */
@Component
public class StatusPollRoutes extends RouteBuilder {

    private static final int MAX_PER_ROUND = 1000;

    private final JdbcTemplate jdbc;

    public StatusPollRoutes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void configure() {
        from(RestApplicationStatusPoll.OPEN_APPLICATIONS).routeId("application-open-for-polling")
                .process(e -> e.getIn().setBody(open(e.getProperty("bawabaEntityId", String.class))));
    }

    List<Map<String, String>> open(String entityId) {
        return jdbc.query("SELECT id, entity_reference, correlation_id FROM application WHERE entity_id = ?"
                        + " AND entity_reference IS NOT NULL"
                        + " AND status IN ('DELIVERED', 'IN_REVIEW', 'APPROVED') ORDER BY updated_at"
                        + " FETCH FIRST " + MAX_PER_ROUND + " ROWS ONLY",
                (rs, n) -> Map.of("applicationId", rs.getString(1), "reference", rs.getString(2),
                        "correlationId", rs.getString(3)), entityId);
    }
}
