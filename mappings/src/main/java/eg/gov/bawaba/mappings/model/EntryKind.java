package eg.gov.bawaba.mappings.model;

/** Whether a catalogue entry is a service a citizen requests or a privilege a citizen is entitled to. */
public enum EntryKind { SERVICE, PRIVILEGE }
