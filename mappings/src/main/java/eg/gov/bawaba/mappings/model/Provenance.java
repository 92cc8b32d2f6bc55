package eg.gov.bawaba.mappings.model;

import java.time.Instant;

/** Where an entry came from and which revision of it this is. */
public record Provenance(String sourceProtocol, Instant syncedAt, String contentHash, long version, EntryStatus status) {}
