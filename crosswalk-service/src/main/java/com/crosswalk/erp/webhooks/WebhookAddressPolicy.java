package com.crosswalk.erp.webhooks;

import com.crosswalk.erp.connection.ErpUrlPolicy;
import com.crosswalk.shared.BadRequestException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where outgoing webhooks may go (server-side request forgery): never to this machine or the private network behind
 * it — a host that resolves to a loopback, link-local (cloud metadata), private (10/8, 172.16/12, 192.168/16,
 * fc00::/7), carrier-grade NAT, multicast or "any" (0.0.0.0) address — unless the host is listed in
 * {@code crosswalk.webhooks.allowed-private-hosts} (comma-separated host names or addresses; in demo mode
 * {@code 127.0.0.1,localhost} by default). Checked when a webhook is saved (400) and again before every delivery
 * attempt (the name may resolve elsewhere by then: the attempt fails with the same sentence, logged). A host that does
 * not resolve when saved is accepted (it may exist later); each delivery checks it.
 */
@Component
public class WebhookAddressPolicy {

    private final Set<String> allowed;

    WebhookAddressPolicy(@Value("${crosswalk.webhooks.allowed-private-hosts:}") List<String> allowedHosts,
            @Value("${crosswalk.demo:false}") boolean demoMode) {
        Set<String> hosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).collect(Collectors.toSet());
        if (demoMode && hosts.isEmpty()) { // the demo's receivers run on this machine
            hosts = Set.of("127.0.0.1", "localhost");
        }
        this.allowed = Set.copyOf(hosts);
    }

    /** Refuses (400) a URL whose host is on this machine or a private network and not allowed. */
    void check(String url) {
        refusal(url, false).ifPresent(r -> {
            throw new BadRequestException(r);
        });
    }

    /**
     * Why the URL must not be called now, in plain words, or empty. {@code unresolvedRefused}: a host name that does
     * not resolve is refused too (at delivery, where it could not be reached anyway).
     */
    Optional<String> refusal(String url, boolean unresolvedRefused) {
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return Optional.of("url: not a valid address");
        }
        if (host == null) {
            return Optional.of("url: must name a host, e.g. https://example.com/crosswalk");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (allowed.contains(host)) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return unresolvedRefused ? Optional.of("url: the host name " + clip(host) + " is not known")
                    : Optional.empty();
        }
        for (InetAddress a : addresses) {
            if (ErpUrlPolicy.internal(a)) {
                return Optional.of("url: Crosswalk does not send webhooks to this machine or a private network: "
                        + clip(host) + " is " + a.getHostAddress() + ", a " + kind(a) + " address. Use an address "
                        + "on the internet (the platform operator can allow a host in "
                        + "crosswalk.webhooks.allowed-private-hosts).");
            }
        }
        return Optional.empty();
    }

    private static String kind(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "loopback (this machine)";
        }
        if (a.isAnyLocalAddress()) {
            return "\"any\" (this machine)";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        return "private";
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
