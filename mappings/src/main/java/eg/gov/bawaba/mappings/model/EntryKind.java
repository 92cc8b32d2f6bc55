package eg.gov.bawaba.mappings.model;

/**
 * What a catalogue entry is: a service a citizen requests, a privilege a citizen is entitled to, a training
 * programme (with a {@code training} section), or informational content (with a {@code content} section).
 */
public enum EntryKind { SERVICE, PRIVILEGE, TRAINING, CONTENT }
