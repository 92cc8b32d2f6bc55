package eg.gov.bawaba.mappings.model;

/** The fixed canonical vocabulary every entity's own category codes are mapped into (docs/catalogue-model.md). */
public enum Category {
    DOCUMENTS, CONSULAR, INSURANCE, PENSIONS, CUSTOMS, HOUSING, BANKING, INVESTMENT,
    EDUCATION, EMPLOYMENT, TRAINING, HEALTH, OTHER
}
