package eg.gov.bawaba.mappings.model;

import java.time.LocalDate;

/** The dates between which an entry is offered; either end may be open. */
public record Validity(LocalDate from, LocalDate to) {}
