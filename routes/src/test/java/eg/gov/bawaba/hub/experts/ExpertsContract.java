package eg.gov.bawaba.hub.experts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.api.ApiProblem;
import eg.gov.bawaba.hub.applications.ApplicationStore;
import eg.gov.bawaba.hub.applications.PersonalDataCipher;
import eg.gov.bawaba.hub.applications.PersonalDataRotation;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.experts.ExpertStore.StoredCall;
import eg.gov.bawaba.hub.experts.ExpertStore.StoredExpert;
import eg.gov.bawaba.hub.security.Owner;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The experts registry's storage on every supported database (H2 in the JVM, PostgreSQL as an integration test), through
 * the service beans as the hub runs them: register, replay, update, search, withdraw (hidden at once), the retention
 * purge, a call and its matches, and the key rotation of expert profiles. Each statement commits, as in the hub.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@Import({ExpertStore.class, ExpertsIndex.class, ExpertTaxonomy.class, ExpertsRegistry.class, ExpertsRetention.class,
        ExpertProfileKeys.class, ApplicationStore.class, ExpertDeliveries.class, ExpertDeliveryStore.class,
        ExpertsContract.Beans.class})
abstract class ExpertsContract {

    /** The client the registrations of these tests belong to. */
    static final Owner APP = new Owner("app-backend", null);

    static final String OLD_KEY = key();
    static final String NEW_KEY = key();

    /** The hub's collaborators the registry needs: a clock, a key ring mid-rotation, one known entity. */
    @TestConfiguration
    static class Beans {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        PersonalDataCipher personalDataCipher() {
            return new PersonalDataCipher(ring("old", OLD_KEY, "k2026", NEW_KEY), "k2026");
        }

        @Bean
        EntityRegistry entityRegistry() {
            EntityRegistry entities = Mockito.mock(EntityRegistry.class);
            Mockito.when(entities.isKnown("emigration")).thenReturn(true);
            return entities;
        }

        /** No entity subscribes to profiles here (the mocked registry names none), so nothing is ever queued. */
        @Bean
        org.apache.camel.ProducerTemplate producerTemplate() {
            return Mockito.mock(org.apache.camel.ProducerTemplate.class);
        }

        @Bean
        PersonalDataRotation personalDataRotation(ApplicationStore applications, PersonalDataCipher cipher,
                                                  ExpertProfileKeys experts, Clock clock) {
            return new PersonalDataRotation(applications, cipher, List.of(experts), clock);
        }
    }

    @Autowired
    ExpertsRegistry registry;
    @Autowired
    ExpertStore store;
    @Autowired
    ExpertsRetention retention;
    @Autowired
    PersonalDataRotation rotation;
    @Autowired
    PersonalDataCipher cipher;
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ExpertDeliveryStore deliveries;

    @BeforeEach
    @AfterEach
    void noExperts() {
        jdbc.update("DELETE FROM expert_delivery");
        jdbc.update("DELETE FROM expert");
        jdbc.update("DELETE FROM expert_call");
        registry.rebuild();
    }

    @Test
    void keepsDeliveriesToEntitiesWithTheirOutcomeInOrder() {
        Instant t0 = Instant.parse("2026-11-20T10:00:00.000001Z");
        ExpertDeliveryStore.Delivery published = delivery("e-1", ExpertDeliveryStore.Event.PUBLISHED, t0);
        ExpertDeliveryStore.Delivery withdrawn = delivery("e-1", ExpertDeliveryStore.Event.WITHDRAWN, t0.plusMillis(5));
        deliveries.insert(published);
        deliveries.insert(withdrawn);
        deliveries.insert(delivery("e-2", ExpertDeliveryStore.Event.PUBLISHED, t0.plusMillis(9)));

        assertThat(deliveries.latestEvent("e-1", "mhe")).contains(ExpertDeliveryStore.Event.WITHDRAWN);
        assertThat(deliveries.latestEvent("e-3", "mhe")).isEmpty();
        assertThat(deliveries.pendingBefore(t0.plusMillis(6), 10)).extracting(ExpertDeliveryStore.Delivery::id)
                .containsExactly(published.id(), withdrawn.id());

        assertThat(deliveries.transition(published.id(), List.of(ExpertDeliveryStore.Status.PENDING),
                ExpertDeliveryStore.Status.QUEUED, null, null, t0.plusSeconds(1))).isTrue();
        deliveries.attemptFailed(published.id(), false, "trial call: HTTP 503", t0.plusMillis(1500));
        assertThat(deliveries.firstFailedAt(published.id())).as("a breaker's trial call is not counted").isEmpty();
        deliveries.attemptFailed(published.id(), true, "HTTP 503", t0.plusSeconds(2));
        assertThat(deliveries.firstFailedAt(published.id())).contains(t0.plusSeconds(2));
        assertThat(deliveries.transition(published.id(), List.of(ExpertDeliveryStore.Status.PENDING,
                ExpertDeliveryStore.Status.QUEUED), ExpertDeliveryStore.Status.DELIVERED, "MHE-1", null,
                t0.plusSeconds(3))).isTrue();
        assertThat(deliveries.transition(published.id(), List.of(ExpertDeliveryStore.Status.QUEUED),
                ExpertDeliveryStore.Status.FAILED, null, "late", t0.plusSeconds(4))).as("already delivered").isFalse();

        ExpertDeliveryStore.Delivery done = deliveries.find(published.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(ExpertDeliveryStore.Status.DELIVERED);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.entityReference()).isEqualTo("MHE-1");
        assertThat(done.note()).isEqualTo("HTTP 503");
        assertThat(done.createdAt()).isEqualTo(t0);
        assertThat(deliveries.newest("mhe", null, 2)).extracting(ExpertDeliveryStore.Delivery::expertId)
                .containsExactly("e-2", "e-1");
        assertThat(deliveries.newest(null, ExpertDeliveryStore.Status.DELIVERED, 10)).hasSize(1);
        assertThat(deliveries.countsByStatus("mhe")).containsEntry(ExpertDeliveryStore.Status.PENDING, 2L)
                .containsEntry(ExpertDeliveryStore.Status.DELIVERED, 1L)
                .containsEntry(ExpertDeliveryStore.Status.FAILED, 0L);
    }

    private static ExpertDeliveryStore.Delivery delivery(String expertId, ExpertDeliveryStore.Event event, Instant at) {
        return new ExpertDeliveryStore.Delivery(java.util.UUID.randomUUID().toString(), expertId, "mhe", event,
                ExpertDeliveryStore.Status.PENDING, "corr-" + expertId, 0, null, null, at, at);
    }

    @Test
    void registersEncryptedAndReplaysTheSameKey() {
        ExpertsRegistry.Receipt first = registry.register(APP, "k-1", ExpertsTest.ahmed());

        assertThat(first.created()).isTrue();
        String id = first.expert().id();
        StoredExpert stored = store.find(id).orElseThrow();
        assertThat(stored.status()).isEqualTo(ExpertStatus.ACTIVE);
        assertThat(stored.consentScope()).containsExactly("contact", "profile");
        assertThat(stored.consentGivenAt()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(stored.consentWithdrawnAt()).isNull();
        assertThat(stored.encryptedProfile()).startsWith("v3:k2026:").doesNotContain(ExpertsTest.EMAIL)
                .doesNotContain("Mansour");
        // the databases keep microseconds
        assertThat(stored.createdAt()).isCloseTo(first.expert().createdAt(), within(1, ChronoUnit.MILLIS));
        assertThat(registry.find(id).profile().at("/contact/email").asText()).isEqualTo(ExpertsTest.EMAIL);

        ExpertsRegistry.Receipt again = registry.register(APP, "k-1", ExpertsTest.ahmed());
        assertThat(again.created()).isFalse();
        assertThat(again.expert().id()).isEqualTo(id);
        ObjectNode other = ExpertsTest.ahmed();
        other.put("city", "Munich");
        assertThatThrownBy(() -> registry.register(APP, "k-1", other)).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.getMessage()).contains("Idempotency-Key"));
        // what the registry relies on when two registrations with one key race
        StoredExpert sameKey = new StoredExpert(UUID.randomUUID().toString(), "k-1", "sha256:x", ExpertStatus.ACTIVE,
                List.of("profile"), Instant.now(), null, "v2:k2026:x", null, Instant.now(), Instant.now(), APP.clientId(), null);
        assertThatThrownBy(() -> store.insert(sameKey)).isInstanceOf(DuplicateKeyException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM expert", Integer.class)).isEqualTo(1);
    }

    @Test
    void keysAreEachClientsOwnAndOnlyTheOwnerChangesOrWithdrawsAProfile() {
        Owner other = new Owner("other-app", null);
        String mine = registry.register(APP, "k-1", ExpertsTest.ahmed()).expert().id();
        ExpertsRegistry.Receipt theirs = registry.register(other, "k-1", ExpertsTest.ahmed());

        assertThat(theirs.created()).as("the same key of another client is another registration").isTrue();
        assertThat(theirs.expert().id()).isNotEqualTo(mine);
        ObjectNode moved = ExpertsTest.ahmed();
        moved.put("countryOfResidence", "FR");
        assertThatThrownBy(() -> registry.update(other, mine, moved)).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status()).isEqualTo(404));
        assertThatThrownBy(() -> registry.withdraw(other, mine)).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status()).isEqualTo(404));
        assertThatThrownBy(() -> registry.find(other, mine)).isInstanceOf(ApiProblem.class);
        // the store refuses too, whatever a caller above it might forget
        assertThat(store.update(other, mine, List.of("profile"), Instant.now(), "v2:k2026:x", Instant.now())).isFalse();
        assertThat(store.withdraw(other, mine, Instant.now())).isFalse();
        assertThat(store.withdraw(new Owner(APP.clientId(), "hmac-sha256:someone"), mine, Instant.now()))
                .as("a citizen's token cannot withdraw a profile registered for no citizen").isFalse();
        StoredExpert kept = store.find(mine).orElseThrow();
        assertThat(kept.status()).isEqualTo(ExpertStatus.ACTIVE);
        assertThat(kept.ownerClientId()).isEqualTo(APP.clientId());
        assertThat(registry.find(APP, mine).profile().get("countryOfResidence").asText()).isEqualTo("DE");
        assertThat(store.findByIdempotencyKey(other.clientId(), "k-1").orElseThrow().id())
                .isEqualTo(theirs.expert().id());
    }

    @Test
    void updatesSearchesAndWithdrawsAtOnce() {
        String ahmed = registry.register(APP, "k-1", ExpertsTest.ahmed()).expert().id();
        String mona = registry.register(APP, "k-2", ExpertsTest.mona()).expert().id();
        assertThat(ids(registry.search(null, "الطاقه الشمسيه", null, null, 20))).containsExactly(ahmed);
        assertThat(ids(registry.search("artificial-intelligence", null, null, null, 20)))
                .containsExactlyInAnyOrder(ahmed, mona);

        ObjectNode moved = ExpertsTest.ahmed();
        moved.put("countryOfResidence", "FR");
        registry.update(APP, ahmed, moved);

        assertThat(store.find(ahmed).orElseThrow().updatedAt()).isAfterOrEqualTo(store.find(ahmed).orElseThrow()
                .createdAt());
        assertThat(ids(registry.search(null, null, "DE", null, 20))).isEmpty();
        assertThat(ids(registry.search(null, null, "FR", null, 20))).containsExactly(ahmed);

        registry.withdraw(APP, ahmed);

        assertThatThrownBy(() -> registry.find(ahmed)).isInstanceOf(ApiProblem.class);
        assertThat(ids(registry.search("artificial-intelligence", null, null, null, 20))).containsExactly(mona);
        assertThatThrownBy(() -> registry.update(APP, ahmed, moved)).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> registry.withdraw(APP, ahmed)).isInstanceOf(ApiProblem.class);
        StoredExpert withdrawn = store.find(ahmed).orElseThrow();
        assertThat(withdrawn.status()).isEqualTo(ExpertStatus.WITHDRAWN);
        assertThat(withdrawn.consentWithdrawnAt()).isNotNull();
        // the index is rebuilt from the database at start: the withdrawn profile stays out
        registry.rebuild();
        assertThat(ids(registry.search(null, "أحمد", null, null, 20))).isEmpty();
        assertThat(ids(registry.search(null, "منى", null, null, 20))).containsExactly(mona);
    }

    @Test
    void retentionPurgesOnlyProfilesWithdrawnLongerThanThePeriod() {
        String gone = registry.register(APP, "k-1", ExpertsTest.ahmed()).expert().id();
        String recent = registry.register(APP, "k-2", ExpertsTest.mona()).expert().id();
        String active = registry.register(APP, "k-3", ExpertsTest.mona()).expert().id();
        registry.withdraw(APP, gone);
        registry.withdraw(APP, recent);
        Instant now = Instant.now();
        // withdrawn just over the retention period ago
        jdbc.update("UPDATE expert SET consent_withdrawn_at = ? WHERE id = ?",
                OffsetDateTime.ofInstant(now.minus(retention.period()).minusSeconds(60), ZoneOffset.UTC), gone);

        ExpertsRetention.Outcome outcome = retention.purge(now);

        assertThat(outcome.purged()).isEqualTo(1);
        StoredExpert purged = store.find(gone).orElseThrow();
        assertThat(purged.encryptedProfile()).isNull();
        assertThat(purged.requestHash()).isEqualTo(ExpertStore.PURGED);
        assertThat(purged.purgedAt()).isNotNull();
        assertThat(purged.status()).isEqualTo(ExpertStatus.WITHDRAWN);
        assertThat(store.find(recent).orElseThrow().encryptedProfile()).isNotNull();
        assertThat(store.find(active).orElseThrow().encryptedProfile()).isNotNull();
        assertThat(retention.purge(now).purged()).as("once only").isZero();
        // a purged profile holds nothing under any key
        assertThat(rotation.usage().keys()).extracting(k -> k.of(ExpertProfileKeys.KIND)).containsExactly(0L, 2L);
        assertThat(store.countPersonalData(List.of())).isEqualTo(2);
    }

    @Test
    void postsACallAndMatchesConsentingExperts() {
        String ahmed = registry.register(APP, "k-1", ExpertsTest.ahmed()).expert().id();
        String mona = registry.register(APP, "k-2", ExpertsTest.mona()).expert().id();

        StoredCall posted = registry.postCall(ExpertsTest.call(List.of("artificial-intelligence", "data-science"),
                List.of("DE", "CA")));

        StoredCall call = registry.call(posted.id());
        assertThat(call.entityId()).isEqualTo("emigration");
        assertThat(call.closesAt()).isCloseTo(posted.closesAt(), within(1, ChronoUnit.MILLIS));
        List<ExpertsRegistry.Match> matches = registry.matches(call, 10);
        assertThat(matches).extracting(m -> m.expert().id()).containsExactly(mona, ahmed);
        assertThat(matches.get(0).fields()).containsExactly("artificial-intelligence", "data-science");

        registry.withdraw(APP, mona);

        assertThat(registry.matches(call, 10)).extracting(m -> m.expert().id()).containsExactly(ahmed);
        assertThatThrownBy(() -> registry.call("no-such-call")).isInstanceOf(ApiProblem.class);
    }

    @Test
    void reEncryptsExpertProfilesUnderAnOldKeyAndTheyStillRead() {
        PersonalDataCipher before = new PersonalDataCipher(Map.of("old", OLD_KEY), "");
        JsonNode profile = ExpertsTest.ahmed().without("consent");
        String old = insertUnder(before, profile, "k-old");
        String current = registry.register(APP, "k-new", ExpertsTest.mona()).expert().id();
        registry.rebuild();
        assertThat(registry.find(old).profile()).isEqualTo(profile);
        PersonalDataRotation.Usage usage = rotation.usage();
        assertThat(usage.keys()).extracting(PersonalDataRotation.KeyUsage::keyId).containsExactly("old", "k2026");
        assertThat(usage.keys().get(0).of(ExpertProfileKeys.KIND)).isEqualTo(1);
        assertThat(usage.keys().get(1).of(ExpertProfileKeys.KIND)).isEqualTo(1);

        PersonalDataRotation.Outcome outcome = rotation.reEncrypt(1000);

        assertThat(outcome.kind(ExpertProfileKeys.KIND).reEncrypted()).isEqualTo(1);
        assertThat(outcome.kind(PersonalDataRotation.APPLICATIONS).reEncrypted()).isZero();
        assertThat(outcome.reEncrypted()).isEqualTo(1);
        assertThat(outcome.usage().keys().get(0).of(ExpertProfileKeys.KIND)).isZero();
        assertThat(outcome.usage().keys().get(1).of(ExpertProfileKeys.KIND)).isEqualTo(2);
        assertThat(store.find(old).orElseThrow().encryptedProfile()).startsWith("v3:k2026:");
        // without the old key, every profile still reads, in the index rebuilt from the database too
        PersonalDataCipher withoutOldKey = new PersonalDataCipher(Map.of("k2026", NEW_KEY), "");
        assertThat(withoutOldKey.decrypt(store.find(old).orElseThrow().encryptedProfile(),
                ExpertProfileKeys.profileBinding(old))).isEqualTo(profile.toString());
        assertThat(withoutOldKey.decrypt(store.find(current).orElseThrow().encryptedProfile(),
                ExpertProfileKeys.profileBinding(current))).contains("Mona Salem");
        registry.rebuild();
        assertThat(registry.find(old).profile()).isEqualTo(profile);
        assertThat(rotation.reEncrypt(1000).reEncrypted()).as("nothing left to move").isZero();
    }

    @Test
    void countsAndListsExpertProfilesUnderAKeyTheHubDoesNotHave() {
        PersonalDataCipher elsewhere = new PersonalDataCipher(Map.of("lost", key()), "");
        String lost = insertUnder(elsewhere, ExpertsTest.ahmed().without("consent"), "k-lost");

        PersonalDataRotation.Outcome outcome = rotation.reEncrypt(1000);

        assertThat(outcome.kind(ExpertProfileKeys.KIND).unreadable()).isEqualTo(1);
        assertThat(outcome.kind(ExpertProfileKeys.KIND).unreadableIds()).containsExactly(lost);
        assertThat(outcome.usage().underUnknownKeysByKind()).containsEntry(ExpertProfileKeys.KIND, 1L)
                .containsEntry(PersonalDataRotation.APPLICATIONS, 0L);
        assertThat(outcome.usage().underUnknownKeys()).isEqualTo(1);
        assertThat(store.find(lost).orElseThrow().encryptedProfile()).startsWith("v3:lost:");
    }

    /** A consenting expert as an earlier hub wrote it, under {@code under}'s key. */
    private String insertUnder(PersonalDataCipher under, JsonNode profile, String idempotencyKey) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        store.insert(new StoredExpert(id, idempotencyKey, "sha256:" + idempotencyKey, ExpertStatus.ACTIVE,
                List.of("contact", "profile"), Instant.parse("2026-11-01T10:00:00Z"), null,
                under.encrypt(profile.toString(), ExpertProfileKeys.profileBinding(id)), null, now, now,
                APP.clientId(), null));
        return id;
    }

    private static List<String> ids(List<ExpertsIndex.Entry> entries) {
        return entries.stream().map(ExpertsIndex.Entry::id).toList();
    }

    static Map<String, String> ring(String... idsAndKeys) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < idsAndKeys.length; i += 2) {
            keys.put(idsAndKeys[i], idsAndKeys[i + 1]);
        }
        return keys;
    }

    static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
