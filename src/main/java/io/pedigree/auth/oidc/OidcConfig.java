package io.pedigree.auth.oidc;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Single sign-on settings: the provider (found through its discovery document), this client's registration, the
 * role mapping, the audience API access tokens must name, and whether API-token sign-in stays on the sign-in
 * page. {@link #DISABLED} when no issuer is set: then nothing about sign-in or the API changes.
 */
public record OidcConfig(URI issuer, String clientId, String clientSecret, URI redirectUri, List<String> scopes,
                         RoleMapping roles, String audience, boolean tokenSignIn) {

    /** Where the provider sends the browser back; the redirect URL must end with it. */
    public static final String CALLBACK_PATH = "/signin/oidc/callback";

    public static final OidcConfig DISABLED = new OidcConfig(null, "", "", null, List.of(), null, "", true);

    public OidcConfig {
        scopes = List.copyOf(scopes);
    }

    public boolean enabled() {
        return issuer != null;
    }

    /** Raw settings, by the names of their environment variables, for the messages of {@link #parse}. */
    public record Raw(String issuer, String clientId, String clientSecret, String redirectUrl, String scopes,
                      String roleClaim, String roles, String audience, boolean tokenSignIn) {
    }

    /**
     * Checks the settings once, at start: an empty issuer turns single sign-on off; otherwise the client id,
     * redirect URL and a role mapping are required. {@link InvalidInput}'s field names the variable at fault.
     */
    public static OidcConfig parse(Raw raw) {
        if (raw.issuer().isBlank()) {
            return DISABLED;
        }
        URI issuer = url("PEDIGREE_OIDC_ISSUER", raw.issuer());
        if (raw.clientId().isBlank()) {
            throw new InvalidInput("PEDIGREE_OIDC_CLIENT_ID", "The client id the provider registered is required"
                    + " when PEDIGREE_OIDC_ISSUER is set");
        }
        if (raw.redirectUrl().isBlank()) {
            throw new InvalidInput("PEDIGREE_OIDC_REDIRECT_URL", "The redirect URL is required when"
                    + " PEDIGREE_OIDC_ISSUER is set, for example https://pedigree.example.com" + CALLBACK_PATH);
        }
        URI redirect = url("PEDIGREE_OIDC_REDIRECT_URL", raw.redirectUrl());
        if (!CALLBACK_PATH.equals(redirect.getPath()) || redirect.getRawQuery() != null) {
            throw new InvalidInput("PEDIGREE_OIDC_REDIRECT_URL", "The redirect URL must be this server's external"
                    + " address followed by " + CALLBACK_PATH + ", not " + raw.redirectUrl());
        }
        List<String> scopes = Arrays.stream(raw.scopes().split("[\\s,]+")).filter(s -> !s.isBlank()).toList();
        if (!scopes.contains("openid")) {
            throw new InvalidInput("PEDIGREE_OIDC_SCOPES", "The scopes must include openid");
        }
        RoleMapping roles = RoleMapping.parse("PEDIGREE_OIDC_ROLES", raw.roleClaim(), raw.roles());
        String audience = raw.audience().isBlank() ? raw.clientId().trim() : raw.audience().trim();
        return new OidcConfig(issuer, raw.clientId().trim(), raw.clientSecret(), redirect, scopes, roles, audience,
                raw.tokenSignIn());
    }

    /** An absolute http(s) URL; plain http only on this machine, where nothing between can read the traffic. */
    private static URI url(String field, String value) {
        URI u;
        try {
            u = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new InvalidInput(field, "'" + value + "' is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (u.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new InvalidInput(field, "'" + value + "' is not an absolute http(s) URL");
        }
        if (scheme.equals("http") && !loopback(u.getHost())) {
            throw new InvalidInput(field, "'" + value + "' must use https (plain http is allowed on localhost only)");
        }
        return u;
    }

    private static boolean loopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }
}
