package eg.gov.bawaba.hub.applications;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Moves stored personal data onto the active key while the hub runs: reads applications in batches, re-encrypts each
 * one still under another key and writes it back only if nobody changed it meanwhile, so an old key can then leave the
 * configuration.
 */
@Service
public class PersonalDataRotation {

    private static final Logger LOG = LoggerFactory.getLogger(PersonalDataRotation.class);
    private static final int BATCH = 200;
    private static final int LISTED = 20;

    /** How many applications hold personal data under one key. */
    public record KeyUsage(String keyId, boolean active, long applications) {}

    /** The keys in use: per configured key, and those under a key the hub does not have. */
    public record Usage(String activeKey, List<KeyUsage> keys, long underUnknownKeys) {}

    /**
     * One run: how many were re-encrypted, how many could not be read (under a key not configured, or damaged; the
     * first of them by id), and the usage afterwards.
     */
    public record Outcome(int reEncrypted, int unreadable, List<String> unreadableApplications, Usage usage) {}

    private final ApplicationStore store;
    private final PersonalDataCipher cipher;

    public PersonalDataRotation(ApplicationStore store, PersonalDataCipher cipher) {
        this.store = store;
        this.cipher = cipher;
    }

    public Usage usage() {
        List<KeyUsage> keys = new ArrayList<>();
        long known = 0;
        for (Map.Entry<String, List<String>> key : cipher.storedPrefixes().entrySet()) {
            long count = store.countPersonalData(key.getValue());
            known += count;
            keys.add(new KeyUsage(key.getKey(), key.getKey().equals(cipher.activeKeyId()), count));
        }
        return new Usage(cipher.activeKeyId(), keys, store.countPersonalData(List.of()) - known);
    }

    /** Re-encrypts at most {@code limit} applications not under the active key yet. */
    public Outcome reEncrypt(int limit) {
        int done = 0;
        int unreadable = 0;
        List<String> unreadableIds = new ArrayList<>();
        String after = "";
        while (done + unreadable < limit) {
            List<ApplicationStore.PersonalData> batch = store.personalDataNotUnder(cipher.activePrefix(), after, BATCH);
            if (batch.isEmpty()) {
                break;
            }
            for (ApplicationStore.PersonalData row : batch) {
                after = row.applicationId();
                if (done + unreadable >= limit) {
                    continue;
                }
                String plain;
                try {
                    plain = cipher.decrypt(row.encrypted());
                } catch (IllegalStateException e) {
                    unreadable++;
                    if (unreadableIds.size() < LISTED) {
                        unreadableIds.add(row.applicationId());
                    }
                    continue;
                }
                // lost to a concurrent purge or re-encryption: either way it no longer needs this one
                if (store.replacePersonalData(row.applicationId(), row.encrypted(), cipher.encrypt(plain))) {
                    done++;
                }
            }
        }
        Usage usage = usage();
        LOG.info("Personal data re-encrypted under key {}: {} applications; {} unreadable", cipher.activeKeyId(), done,
                unreadable);
        return new Outcome(done, unreadable, unreadableIds, usage);
    }
}
