package io.pedigree.config;

import io.pedigree.error.PedigreeException.StartupFailure;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Webhook settings: what an admin allows outbound deliveries to reach beyond public addresses (CIDR ranges and host
 * names), and how often each instance works through the outbox.
 */
public record WebhookConfig(List<String> allow, Duration interval) {

    public WebhookConfig {
        allow = List.copyOf(allow);
    }

    static WebhookConfig parse(String allow, Duration interval) {
        List<String> entries = Arrays.stream(allow.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String e : entries) {
            if (!e.matches("[A-Za-z0-9.:\\-\\[\\]]+(/\\d{1,3})?")) {
                throw new StartupFailure(Setting.WEBHOOK_ALLOW.env() + ": '" + e
                        + "' is neither a CIDR range (10.0.0.0/8, fd00::/8) nor a host name", null);
            }
        }
        return new WebhookConfig(entries, interval);
    }
}
