package eg.gov.bawaba.hub.api;

/** A request the API refuses, answered as an RFC 9457 problem with this status, title and detail. */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private Long retryAfterSeconds;

    public ApiProblem(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "invalid-request", "Invalid request", detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail);
    }

    /** Asks the client to wait this many seconds before retrying (answered as a {@code Retry-After} header). */
    public ApiProblem retryAfter(long seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** Seconds for the {@code Retry-After} header, or null for none. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }
}
