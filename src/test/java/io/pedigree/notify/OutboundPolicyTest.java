package io.pedigree.notify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Each address and URL a webhook may not reach, refused; public ones and what the allow-list names, let through. */
class OutboundPolicyTest {

    private static final OutboundPolicy NO_ALLOW_LIST = OutboundPolicy.of(List.of());

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1/hook          | loopback",
            "http://127.255.0.9:8080/       | loopback",
            "http://[::1]/hook              | loopback",
            "http://169.254.169.254/latest/meta-data/ | link-local",
            "http://169.254.0.1/            | link-local",
            "http://[fe80::1]/              | link-local",
            "http://10.0.0.1/               | private",
            "http://172.16.0.1/             | private",
            "http://172.31.255.254/         | private",
            "http://192.168.1.10/           | private",
            "http://[fc00::1]/              | unique local",
            "http://[fd00:ec2::254]/        | unique local",
            "http://100.64.0.1/             | carrier-grade NAT",
            "http://100.127.255.254/        | carrier-grade NAT",
            "http://0.0.0.0/                | unspecified",
            "http://[::]/                   | unspecified",
            "http://224.0.0.1/              | multicast",
            "http://[ff02::1]/              | multicast",
            "http://255.255.255.255/        | broadcast",
            "http://[::ffff:127.0.0.1]/     | loopback",
            "http://[::ffff:a9fe:a9fe]/     | link-local",
            "http://[::ffff:10.1.2.3]/      | private",
            "http://[::127.0.0.1]/          | loopback",
            "http://[64:ff9b::a9fe:a9fe]/   | link-local",
            "http://[2002:7f00:1::]/        | loopback",
    })
    void refusesEveryNonPublicAddress(String url, String kind) {
        assertThat(NO_ALLOW_LIST.refusal(URI.create(url))).hasValueSatisfying(why -> assertThat(why)
                .contains(kind).contains("PEDIGREE_WEBHOOK_ALLOW"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://93.184.216.34/", "file:///etc/passwd", "gopher://93.184.216.34/",
            "jar:http://93.184.216.34/x.jar!/"})
    void refusesEverySchemeButHttpAndHttps(String url) {
        assertThat(NO_ALLOW_LIST.refusal(URI.create(url))).hasValueSatisfying(why ->
                assertThat(why).contains("only http and https"));
    }

    @Test
    void refusesCredentialsInTheUrl() {
        assertThat(NO_ALLOW_LIST.refusal(URI.create("https://user:pw@93.184.216.34/"))).hasValueSatisfying(why ->
                assertThat(why).contains("user name or password"));
    }

    @Test
    void refusesAHostThatResolvesToLoopback() {
        // localhost is looked up like any name, and every address it has is loopback.
        assertThat(NO_ALLOW_LIST.refusal(URI.create("http://localhost:8080/hook"))).hasValueSatisfying(why ->
                assertThat(why).contains("localhost resolves to").contains("loopback"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.216.34/hook", "http://172.32.0.1/", "http://100.128.0.1/",
            "http://[2606:4700:4700::1111]/", "http://169.253.255.255/"})
    void letsPublicAddressesThrough(String url) {
        assertThat(NO_ALLOW_LIST.refusal(URI.create(url))).isEmpty();
    }

    @Test
    void aHostIsRefusedWhenAnyOfItsAddressesIsNotPublic() {
        OutboundPolicy policy = new OutboundPolicy(List.of(), resolver(Map.of("hooks.example.com",
                new String[]{"93.184.216.34", "10.0.0.7"})));

        assertThat(policy.refusal(URI.create("https://hooks.example.com/x"))).hasValueSatisfying(why ->
                assertThat(why).contains("hooks.example.com resolves to 10.0.0.7").contains("private"));
    }

    @Test
    void aNameThatLaterResolvesToAPrivateAddressIsRefusedThen() {
        AtomicReference<String> answer = new AtomicReference<>("93.184.216.34");
        OutboundPolicy policy = new OutboundPolicy(List.of(), host -> new InetAddress[]{
                InetAddress.getByName(answer.get())});
        URI url = URI.create("https://rebind.example.com/hook");
        assertThat(policy.refusal(url)).isEmpty();

        answer.set("169.254.169.254");

        assertThat(policy.refusal(url)).hasValueSatisfying(why -> assertThat(why).contains("link-local"));
    }

    @Test
    void theAllowListLetsThroughTheRangesAndHostsItNames() {
        OutboundPolicy policy = new OutboundPolicy(List.of("127.0.0.1/32", "10.1.0.0/16", "fd00::/8",
                "hooks.internal"), resolver(Map.of("hooks.internal", new String[]{"192.168.0.5"})));

        assertThat(policy.refusal(URI.create("http://127.0.0.1:9000/"))).isEmpty();
        assertThat(policy.refusal(URI.create("http://10.1.200.3/"))).isEmpty();
        assertThat(policy.refusal(URI.create("http://[fd12::1]/"))).isEmpty();
        assertThat(policy.refusal(URI.create("http://hooks.internal/"))).isEmpty();
        assertThat(policy.refusal(URI.create("http://127.0.0.2/"))).as("outside the /32").isPresent();
        assertThat(policy.refusal(URI.create("http://10.2.0.1/"))).as("outside the /16").isPresent();
        assertThat(policy.refusal(URI.create("http://169.254.169.254/"))).isPresent();
    }

    @Test
    void aHostThatDoesNotResolveIsRefused() {
        OutboundPolicy policy = new OutboundPolicy(List.of(), host -> {
            throw new UnknownHostException(host);
        });

        assertThat(policy.refusal(URI.create("https://nowhere.example/"))).hasValueSatisfying(why ->
                assertThat(why).contains("does not resolve"));
    }

    private static OutboundPolicy.Resolver resolver(Map<String, String[]> names) {
        return host -> {
            String[] a = names.get(host);
            if (a == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = InetAddress.getByName(a[i]);
            }
            return out;
        };
    }
}
