package eg.gov.bawaba.mappings.model;

/** How a training programme is delivered. */
public enum TrainingFormat { ONLINE, IN_PERSON, HYBRID }
