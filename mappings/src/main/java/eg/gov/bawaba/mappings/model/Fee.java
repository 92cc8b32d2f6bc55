package eg.gov.bawaba.mappings.model;

import java.math.BigDecimal;

/** The fee an entry costs, in an ISO 4217 currency. */
public record Fee(BigDecimal amount, String currency) {}
