package eg.gov.bawaba.connectors.rest;

import eg.gov.bawaba.connectors.SecretSource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The REST connector parameters of one entity, as the template received them. */
public record RestFetchSettings(
        String recordsPointer,
        String pagingStyle,
        String pageParam,
        String sizeParam,
        int firstPage,
        String offsetParam,
        String limitParam,
        int pageSize,
        int maxPages,
        String authType,
        String authHeader,
        String secretEnv,
        String usernameEnv,
        int retries,
        String secretFile,
        String usernameFile) {

    /** Settings whose secrets are in environment variables only. */
    public RestFetchSettings(String recordsPointer, String pagingStyle, String pageParam, String sizeParam,
                             int firstPage, String offsetParam, String limitParam, int pageSize, int maxPages,
                             String authType, String authHeader, String secretEnv, String usernameEnv, int retries) {
        this(recordsPointer, pagingStyle, pageParam, sizeParam, firstPage, offsetParam, limitParam, pageSize, maxPages,
                authType, authHeader, secretEnv, usernameEnv, retries, "", "");
    }

    static RestFetchSettings from(Map<String, Object> p) {
        return new RestFetchSettings(
                str(p, "recordsPointer"), str(p, "pagingStyle"), str(p, "pageParam"), str(p, "sizeParam"),
                num(p, "firstPage"), str(p, "offsetParam"), str(p, "limitParam"), num(p, "pageSize"),
                num(p, "maxPages"), str(p, "authType"), str(p, "authHeader"), str(p, "secretEnv"),
                str(p, "usernameEnv"), num(p, "retries"), str(p, "secretFile"), str(p, "usernameFile"));
    }

    /** Where the API key or basic-auth password is kept. */
    SecretSource secret() {
        return new SecretSource(secretEnv, secretFile);
    }

    /** Where the basic-auth user name is kept. */
    SecretSource username() {
        return new SecretSource(usernameEnv, usernameFile);
    }

    boolean paged() {
        return !"none".equals(pagingStyle);
    }

    /** The query string of the page with the given zero-based index; empty without paging. */
    String pageQuery(int pageIndex) {
        return switch (pagingStyle) {
            case "page" -> param(pageParam, firstPage + pageIndex) + "&" + param(sizeParam, pageSize);
            case "offset" -> param(offsetParam, (long) pageIndex * pageSize) + "&" + param(limitParam, pageSize);
            default -> "";
        };
    }

    private static String param(String name, long value) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + value;
    }

    private static String str(Map<String, Object> p, String key) {
        Object v = p.get(key);
        return v == null ? "" : v.toString();
    }

    private static int num(Map<String, Object> p, String key) {
        return Integer.parseInt(str(p, key));
    }
}
