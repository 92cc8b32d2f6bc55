package eg.gov.bawaba.mappings.model;

import java.util.List;

/** Who may use an entry: ISO 3166-1 alpha-2 countries of residence (empty means all) and conditions in both languages. */
public record Eligibility(List<String> countries, List<Bilingual> conditions) {

    public Eligibility {
        countries = countries == null ? List.of() : List.copyOf(countries);
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /** True when a resident of the given ISO country may use the entry. */
    public boolean admits(String country) {
        return countries.isEmpty() || countries.stream().anyMatch(c -> c.equalsIgnoreCase(country));
    }
}
