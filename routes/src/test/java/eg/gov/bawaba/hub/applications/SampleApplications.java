package eg.gov.bawaba.hub.applications;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.mappings.CanonicalJson;

/** Application requests tests submit: a car-import application to the lab entity, with identifiers to look for. */
public final class SampleApplications {

    public static final String NATIONAL_ID = "29001011234567";
    public static final String PASSPORT = "A12345678";

    private SampleApplications() {}

    public static ObjectNode carImport() {
        try {
            return (ObjectNode) CanonicalJson.mapper().readTree("""
                    {"entryId": "lab.CAR-IMPORT-01",
                     "applicant": {"nationalId": "%s", "passportNumber": "%s",
                                   "name": {"ar": "أحمد محمد علي", "en": "Ahmed Mohamed Aly"},
                                   "countryOfResidence": "SA", "contact": {"email": "ahmed@example.com", "phone": "+966501234567"}},
                     "fields": {"nationalId": "%s", "passportNumber": "%s", "residenceCountry": "SA",
                                "vehicleVin": "1HGCM82633A004352", "vehicleModelYear": 2024}}
                    """.formatted(NATIONAL_ID, PASSPORT, NATIONAL_ID, PASSPORT));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
