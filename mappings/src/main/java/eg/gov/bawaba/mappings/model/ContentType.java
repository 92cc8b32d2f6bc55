package eg.gov.bawaba.mappings.model;

/** What kind of informational content an entry of kind CONTENT is. */
public enum ContentType { ANNOUNCEMENT, GUIDE, NEWS }
