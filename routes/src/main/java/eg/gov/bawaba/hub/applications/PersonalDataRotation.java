package eg.gov.bawaba.hub.applications;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Moves stored personal data onto the active key while the hub runs: reads each kind of record (applications, and
 * every other {@link SealedPersonalData}, e.g. expert profiles) in batches, re-encrypts each one still under another
 * key or not yet bound to its record ({@code v2}) and writes it back only if nobody changed it meanwhile, so an old key
 * can then leave the configuration.
 */
@Service
public class PersonalDataRotation {

    /** The kind name of applications. */
    public static final String APPLICATIONS = "applications";

    private static final Logger LOG = LoggerFactory.getLogger(PersonalDataRotation.class);
    private static final int BATCH = 200;
    private static final int LISTED = 20;

    /** How many records of each kind hold personal data under one key. */
    public record KeyUsage(String keyId, boolean active, Map<String, Long> byKind) {

        public long applications() {
            return byKind.getOrDefault(APPLICATIONS, 0L);
        }

        public long of(String kind) {
            return byKind.getOrDefault(kind, 0L);
        }
    }

    /** The keys in use: per configured key, and per kind those under a key the hub does not have. */
    public record Usage(String activeKey, List<KeyUsage> keys, Map<String, Long> underUnknownKeysByKind) {

        /** Records of every kind under a key the hub does not have. */
        public long underUnknownKeys() {
            return underUnknownKeysByKind.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * One kind's part of a run: how many were re-encrypted, how many could not be read (under a key not configured, or
     * damaged; the first of them by id).
     */
    public record KindOutcome(String kind, int reEncrypted, int unreadable, List<String> unreadableIds) {}

    /** One run: each kind's part, in the order the kinds are known (applications first), and the usage afterwards. */
    public record Outcome(List<KindOutcome> kinds, Usage usage) {

        public int reEncrypted() {
            return kinds.stream().mapToInt(KindOutcome::reEncrypted).sum();
        }

        public int unreadable() {
            return kinds.stream().mapToInt(KindOutcome::unreadable).sum();
        }

        public KindOutcome kind(String kind) {
            return kinds.stream().filter(k -> k.kind().equals(kind)).findFirst()
                    .orElse(new KindOutcome(kind, 0, 0, List.of()));
        }

        public List<String> unreadableApplications() {
            return kind(APPLICATIONS).unreadableIds();
        }
    }

    private final List<SealedPersonalData> kinds;
    private final PersonalDataCipher cipher;

    @Autowired
    public PersonalDataRotation(ApplicationStore store, PersonalDataCipher cipher,
                                ObjectProvider<SealedPersonalData> others, Clock clock) {
        this(store, cipher, others.orderedStream().toList(), clock);
    }

    /** Applications and the other kinds given. */
    public PersonalDataRotation(ApplicationStore store, PersonalDataCipher cipher, List<SealedPersonalData> others,
                                Clock clock) {
        this.kinds = Stream.concat(Stream.of(applications(store, cipher, clock)), others.stream()).toList();
        this.cipher = cipher;
    }

    /** Applications only. */
    public PersonalDataRotation(ApplicationStore store, PersonalDataCipher cipher) {
        this(store, cipher, List.of(), Clock.systemUTC());
    }

    /** The kinds' names, applications first. */
    public List<String> kinds() {
        return kinds.stream().map(SealedPersonalData::kind).toList();
    }

    public Usage usage() {
        List<KeyUsage> keys = new ArrayList<>();
        Map<String, Long> known = new LinkedHashMap<>();
        Map<String, List<String>> prefixes = cipher.storedPrefixes();
        for (Map.Entry<String, List<String>> key : prefixes.entrySet()) {
            Map<String, Long> byKind = new LinkedHashMap<>();
            for (SealedPersonalData kind : kinds) {
                long count = kind.count(key.getValue());
                byKind.put(kind.kind(), count);
                known.merge(kind.kind(), count, Long::sum);
            }
            keys.add(new KeyUsage(key.getKey(), key.getKey().equals(cipher.activeKeyId()), byKind));
        }
        Map<String, Long> unknown = new LinkedHashMap<>();
        for (SealedPersonalData kind : kinds) {
            unknown.put(kind.kind(), kind.count(List.of()) - known.getOrDefault(kind.kind(), 0L));
        }
        return new Usage(cipher.activeKeyId(), keys, unknown);
    }

    /** Re-encrypts, of each kind, at most {@code limit} records not under the active key yet. */
    public Outcome reEncrypt(int limit) {
        List<KindOutcome> outcomes = new ArrayList<>();
        for (SealedPersonalData kind : kinds) {
            outcomes.add(reEncrypt(kind, limit));
        }
        Outcome outcome = new Outcome(outcomes, usage());
        LOG.info("Personal data re-encrypted under key {}: {}", cipher.activeKeyId(), String.join(", ",
                outcomes.stream().map(k -> k.reEncrypted() + " " + k.kind() + " (" + k.unreadable() + " unreadable)")
                        .toList()));
        return outcome;
    }

    private KindOutcome reEncrypt(SealedPersonalData kind, int limit) {
        int done = 0;
        int unreadable = 0;
        List<String> unreadableIds = new ArrayList<>();
        String after = "";
        while (done + unreadable < limit) {
            List<SealedPersonalData.Sealed> batch = kind.notUnder(cipher.activePrefix(), after, BATCH);
            if (batch.isEmpty()) {
                break;
            }
            for (SealedPersonalData.Sealed row : batch) {
                after = row.id();
                if (done + unreadable >= limit) {
                    continue;
                }
                String plain;
                try {
                    plain = cipher.decrypt(row.encrypted(), kind.binding(row.id()));
                } catch (IllegalStateException e) {
                    unreadable++;
                    if (unreadableIds.size() < LISTED) {
                        unreadableIds.add(row.id());
                    }
                    continue;
                }
                // lost to a concurrent purge, update or re-encryption: either way it no longer needs this one
                if (kind.replace(row.id(), row.encrypted(), cipher.encrypt(plain, kind.binding(row.id())))) {
                    done++;
                }
            }
        }
        return new KindOutcome(kind.kind(), done, unreadable, unreadableIds);
    }

    private static SealedPersonalData applications(ApplicationStore store, PersonalDataCipher cipher, Clock clock) {
        return new SealedPersonalData() {
            @Override
            public String kind() {
                return APPLICATIONS;
            }

            @Override
            public PersonalDataCipher.Binding binding(String id) {
                return ApplicationState.binding(id);
            }

            @Override
            public List<Sealed> notUnder(String prefix, String afterId, int limit) {
                return store.personalDataNotUnder(prefix, afterId, limit).stream()
                        .map(p -> new Sealed(p.applicationId(), p.encrypted())).toList();
            }

            @Override
            public boolean replace(String id, String expected, String replacement) {
                // a line of history: the chain covers the row's ciphertext, so its change is a link of its own
                return store.replacePersonalData(id, expected, replacement,
                        "personal data re-encrypted under key " + cipher.keyIdOf(replacement), clock.instant());
            }

            @Override
            public long count(Collection<String> prefixes) {
                return store.countPersonalData(prefixes);
            }
        };
    }
}
