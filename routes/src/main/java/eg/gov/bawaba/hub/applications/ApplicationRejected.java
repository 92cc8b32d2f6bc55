package eg.gov.bawaba.hub.applications;

import eg.gov.bawaba.hub.api.ApiProblem;

/** Problems an application submission can meet, as RFC 9457 problems. */
final class ApplicationRejected {

    private ApplicationRejected() {}

    static ApiProblem unprocessable(String detail) {
        return new ApiProblem(422, "application-not-accepted", "Application not accepted", detail);
    }

    /**
     * The token acts for a signed-in citizen ({@code bawaba_citizen_id}) and the applicant is someone else: the token
     * is valid but not allowed to apply for another person, so 403, whatever else the body holds.
     */
    static ApiProblem otherCitizen() {
        return new ApiProblem(403, "other-citizen", "Not this citizen's application",
                "the token acts for a citizen (bawaba_citizen_id) other than applicant.nationalId: a citizen may "
                        + "apply only for themselves");
    }

    static ApiProblem keyReused() {
        return new ApiProblem(409, "idempotency-key-reused", "Idempotency key reused",
                "this Idempotency-Key was already used for a different application");
    }
}
