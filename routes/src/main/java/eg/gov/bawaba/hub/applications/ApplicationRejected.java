package eg.gov.bawaba.hub.applications;

import eg.gov.bawaba.hub.api.ApiProblem;

/** Problems an application submission can meet, as RFC 9457 problems. */
final class ApplicationRejected {

    private ApplicationRejected() {}

    static ApiProblem unprocessable(String detail) {
        return new ApiProblem(422, "application-not-accepted", "Application not accepted", detail);
    }

    static ApiProblem keyReused() {
        return new ApiProblem(409, "idempotency-key-reused", "Idempotency key reused",
                "this Idempotency-Key was already used for a different application");
    }
}
