package eg.gov.bawaba.mappings.model;

import java.time.Instant;

/** The content-specific section of an entry of kind CONTENT: its type, when the entity published it, and its text. */
public record Content(ContentType contentType, Instant publishedAt, Bilingual body) {}
