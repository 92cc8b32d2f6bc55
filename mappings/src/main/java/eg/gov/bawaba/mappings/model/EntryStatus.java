package eg.gov.bawaba.mappings.model;

/** Lifecycle of a catalogue entry: WITHDRAWN once its entity's full feed no longer carries it. */
public enum EntryStatus { ACTIVE, WITHDRAWN }
