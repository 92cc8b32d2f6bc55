package eg.gov.bawaba.hub.experts;

/** Published when an entity posts a call for experts, so what ranks open calls sees it at once. */
public record ExpertCallPosted(String callId, String entityId) {}
