package eg.gov.bawaba.hub.catalogue;

/** What happened to a catalogue entry in one change-feed record. */
public enum ChangeType { ADDED, UPDATED, WITHDRAWN }
