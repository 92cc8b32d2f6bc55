package eg.gov.bawaba.hub.security;

import java.util.List;

/** The OAuth2 scopes a caller's token grants (claim {@code scope} or {@code scp}), one per part of the hub it may use. */
public final class Scopes {

    public static final String CATALOGUE_READ = "catalogue:read";
    public static final String APPLICATIONS_WRITE = "applications:write";
    public static final String APPLICATIONS_READ = "applications:read";
    public static final String OPS_READ = "ops:read";
    public static final String OPS_WRITE = "ops:write";
    public static final String EXPERTS_READ = "experts:read";
    public static final String EXPERTS_WRITE = "experts:write";
    public static final String INSIGHTS_WRITE = "insights:write";
    public static final String INSIGHTS_READ = "insights:read";
    public static final List<String> ALL = List.of(CATALOGUE_READ, APPLICATIONS_WRITE, APPLICATIONS_READ, OPS_READ,
            OPS_WRITE, EXPERTS_READ, EXPERTS_WRITE, INSIGHTS_WRITE, INSIGHTS_READ);

    /** How Spring Security names a granted scope (and management.endpoint.health.roles names ops:read). */
    public static String authority(String scope) {
        return "SCOPE_" + scope;
    }

    private Scopes() {}
}
