package eg.gov.bawaba.hub.experts;

/** Whether an expert's consent stands (listed and found) or was withdrawn (hidden, purged after the retention period). */
public enum ExpertStatus {
    ACTIVE,
    WITHDRAWN
}
