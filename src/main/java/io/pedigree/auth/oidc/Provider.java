package io.pedigree.auth.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.pedigree.error.PedigreeException.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The identity provider as its discovery document describes it, with its signing keys. The document is read on
 * first use rather than at start, so a provider that is down does not keep Pedigree from starting (Pedigree tokens
 * keep working); after a failure it is asked again at most every {@link #RETRY}. The keys come from its JWKS
 * through Nimbus's caching source, which fetches the set again when a token names a key it has not seen (the
 * provider rotated its keys), rate-limited to about two fetches per 30 seconds. That cache runs on the injected
 * clock, not the system's, so a key the provider removed stops working within 5 minutes by the same clock
 * everything else uses.
 */
final class Provider {

    private static final Logger LOG = LoggerFactory.getLogger(Provider.class);
    static final Duration RETRY = Duration.ofSeconds(10);
    private static final int CONNECT_MS = 5_000;
    private static final int READ_MS = 10_000;

    /** What discovery found: the endpoints, the keys, and the signature algorithms tokens may use. */
    record Discovered(OIDCProviderMetadata metadata, JWSKeySelector<SecurityContext> keys) {
    }

    private final OidcConfig config;
    private final Clock clock;
    private Discovered discovered;
    private Instant failedAt;
    private String failure;

    Provider(OidcConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    OidcConfig config() {
        return config;
    }

    /** The provider's metadata and keys, or {@link Unavailable} while its discovery document cannot be read. */
    synchronized Discovered get() {
        if (discovered != null) {
            return discovered;
        }
        Instant now = clock.instant();
        if (failedAt != null && now.isBefore(failedAt.plus(RETRY))) {
            throw unavailable();
        }
        try {
            OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(config.issuer()), CONNECT_MS,
                    READ_MS);
            JWKSource<SecurityContext> built = JWKSourceBuilder.<SecurityContext>create(
                            metadata.getJWKSetURI().toURL(), new DefaultResourceRetriever(CONNECT_MS, READ_MS, 512 * 1024))
                    .build();
            // Without a failover source, build() answers a JWKSetBasedJWKSource; its chain is kept, its clock not.
            JWKSource<SecurityContext> keys = new ClockedKeys(((JWKSetBasedJWKSource<SecurityContext>) built)
                    .getJWKSetSource(), clock);
            discovered = new Discovered(metadata, new JWSVerificationKeySelector<>(algorithms(metadata), keys));
            LOG.info("Single sign-on through {}", config.issuer());
            return discovered;
        } catch (GeneralException | IOException | RuntimeException e) {
            failedAt = now;
            failure = e.getMessage();
            LOG.warn("The identity provider's discovery document at {} cannot be read: {}", config.issuer(),
                    e.getMessage());
            throw unavailable();
        }
    }

    private Unavailable unavailable() {
        return new Unavailable("The identity provider at " + config.issuer() + " cannot be reached (" + failure
                + "); try again shortly", null);
    }

    /**
     * The algorithms a token's signature may use: those the provider announces for ID tokens that verify with a
     * public key. Never {@code none}, and never an HMAC one, whose key would be the client secret or, in an
     * algorithm-confusion attack, the provider's public key itself.
     */
    static Set<JWSAlgorithm> algorithms(OIDCProviderMetadata metadata) {
        Set<JWSAlgorithm> out = new LinkedHashSet<>();
        List<JWSAlgorithm> announced = metadata.getIDTokenJWSAlgs();
        if (announced != null) {
            for (JWSAlgorithm a : announced) {
                if (JWSAlgorithm.Family.RSA.contains(a) || JWSAlgorithm.Family.EC.contains(a)
                        || JWSAlgorithm.Family.ED.contains(a)) {
                    out.add(a);
                }
            }
        }
        if (out.isEmpty()) {
            // RS256 is the one algorithm every OpenID provider must support.
            out.add(JWSAlgorithm.RS256);
        }
        return out;
    }

    /**
     * Nimbus's own key lookup (cached set first; fetched again when no key matches, e.g. an unknown {@code kid}),
     * with the time its cache and rate limit compare against taken from the injected clock: Nimbus's
     * {@link JWKSetBasedJWKSource} reads the system clock and has no hook for another.
     */
    private record ClockedKeys(JWKSetSource<SecurityContext> source, Clock clock)
            implements JWKSource<SecurityContext> {

        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
            long now = clock.millis();
            JWKSet cached = source.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
            List<JWK> found = selector.select(cached);
            if (!found.isEmpty()) {
                return found;
            }
            // Fetches again only if the cached set is still this one: concurrent callers share one fetch.
            return selector.select(source.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(cached), now,
                    context));
        }
    }
}
