package io.pedigree.auth;

import io.pedigree.testing.Api;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.WebClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** A flood of bad tokens costs at most one lookup per distinct token, and at most a budget's worth per client. */
class RefusedTokensIT extends PedigreeIT {

    private final MutableClock clock = new MutableClock();

    @Override
    protected Clock clock() {
        return clock;
    }

    /** Every test starts with this client's whole lookup budget. */
    @BeforeEach
    void refillTheBudget() {
        clock.advance(FailedTokens.REFILL.multipliedBy(FailedTokens.BURST));
    }

    private long lookups() {
        return app.tokens().lookups();
    }

    @Test
    void theSameBadTokenSentManyTimesIsLookedUpOnce() {
        Api intruder = admin.as("pdg_guessed-0123456789");
        long before = lookups();

        for (int i = 0; i < 50; i++) {
            assertProblem(intruder.get("/api/v1/whoami"), 401);
        }

        assertThat(lookups() - before).isEqualTo(1);
    }

    @Test
    void aFloodOfDistinctBadTokensIsCutOffAfterTheClientsBudgetWith429AndRetryAfter() {
        long before = lookups();
        List<Integer> statuses = new ArrayList<>();
        Api.Response last = null;
        for (int i = 0; i < FailedTokens.BURST + 40; i++) {
            last = admin.as("pdg_guess-" + i).get("/api/v1/whoami");
            statuses.add(last.status());
        }

        // The test clock moves a millisecond on every reading, so a few lookups may refill during the flood.
        long refunds = 5;
        assertThat(lookups() - before).isBetween((long) FailedTokens.BURST, FailedTokens.BURST + refunds);
        assertThat(statuses.subList(0, FailedTokens.BURST)).containsOnly(401);
        assertThat(statuses.stream().filter(st -> st == 401).count()).isLessThanOrEqualTo(FailedTokens.BURST + refunds);
        assertThat(statuses.stream().filter(st -> st == 429).count()).isGreaterThanOrEqualTo(40 - refunds);
        assertProblem(last, 429);
        assertThat(last.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(admin.get("/api/v1/whoami").status()).as("a token already known still works").isEqualTo(200);

        clock.advance(FailedTokens.REFILL.multipliedBy(3));
        long resumed = lookups();
        for (int i = 0; i < 5; i++) {
            admin.as("pdg_later-" + i).get("/api/v1/whoami");
        }
        assertThat(lookups() - resumed).as("the budget refills with time").isBetween(3L, 4L);
    }

    @Test
    void aTokenInUseKeepsWorkingWhileItsAddressFloodsButANewOneWaitsForTheBudget() {
        Api ci = admin.withNewToken("ci-bot", "reader");
        assertThat(ci.get("/api/v1/whoami").status()).isEqualTo(200);
        clock.advance(TokenService.CACHE_TTL.plusSeconds(1));
        Api fresh = admin.withNewToken("fresh", "reader");
        for (int i = 0; i < 2 * FailedTokens.BURST; i++) {
            admin.as("pdg_flood-" + i).get("/api/v1/whoami");
        }
        long before = lookups();

        assertThat(ci.get("/api/v1/whoami").status()).as("looked up again, outside the budget").isEqualTo(200);
        assertThat(lookups() - before).isEqualTo(1);
        assertProblem(fresh.get("/api/v1/whoami"), 429);
    }

    @Test
    void aGoodTokenGivesItsLookupBackSoManyNewTokensAreNeverThrottled() {
        for (int i = 0; i < FailedTokens.BURST + 5; i++) {
            Api bot = admin.withNewToken("bot-" + i, "reader");
            assertThat(bot.get("/api/v1/whoami").status()).isEqualTo(200);
        }
    }

    @Test
    void theConfiguredAdminTokenWorksAgainAsSoonAsItIsInstalledAfterARevocation() {
        Api other = admin.withNewToken("other-admin", "admin");
        String id = admin.get("/api/v1/admin/tokens").json().get(0).get("id").asText();
        assertThat(other.delete("/api/v1/admin/tokens/" + id).status()).isEqualTo(200);
        assertProblem(admin.get("/api/v1/whoami"), 401);
        assertProblem(admin.get("/api/v1/whoami"), 401);

        app.tokens().bootstrapAdmin(TestApp.ADMIN_TOKEN);

        assertThat(admin.get("/api/v1/whoami").status()).isEqualTo(200);
    }

    @Test
    void aRefusedTokenIsLookedUpAgainOnceItsMemoryExpires() {
        Api intruder = admin.as("pdg_guessed-again-0123456789");
        assertProblem(intruder.get("/api/v1/whoami"), 401);
        long before = lookups();

        clock.advance(FailedTokens.REMEMBERED.plus(Duration.ofSeconds(1)));
        assertProblem(intruder.get("/api/v1/whoami"), 401);

        assertThat(lookups() - before).isEqualTo(1);
    }

    @Test
    void signingInWithTheSameBadTokenAgainCostsNoLookup() {
        WebClient browser = new WebClient(app);
        long before = lookups();
        for (int i = 0; i < 5; i++) {
            assertThat(browser.signIn("pdg_not-a-token").status()).isEqualTo(401);
        }
        assertThat(lookups() - before).isEqualTo(1);
    }
}
