package eg.gov.bawaba.hub.experts;

import eg.gov.bawaba.hub.applications.PersonalDataCipher;
import eg.gov.bawaba.hub.applications.SealedPersonalData;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/** Expert profiles as the personal data key rotation sees them: re-encrypted and counted per key like applications. */
@Component
public class ExpertProfileKeys implements SealedPersonalData {

    /** The kind name of expert profiles in the ops answers. */
    public static final String KIND = "experts";

    private final ExpertStore store;

    public ExpertProfileKeys(ExpertStore store) {
        this.store = store;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** What a profile's ciphertext is bound to: the expert and the column. */
    public static PersonalDataCipher.Binding profileBinding(String expertId) {
        return new PersonalDataCipher.Binding("expert", expertId, "personal_data");
    }

    @Override
    public PersonalDataCipher.Binding binding(String id) {
        return profileBinding(id);
    }

    @Override
    public List<Sealed> notUnder(String prefix, String afterId, int limit) {
        return store.personalDataNotUnder(prefix, afterId, limit);
    }

    @Override
    public boolean replace(String id, String expected, String replacement) {
        return store.replacePersonalData(id, expected, replacement);
    }

    @Override
    public long count(Collection<String> prefixes) {
        return store.countPersonalData(prefixes);
    }
}
