package com.crosswalk.erp.connection;

import com.crosswalk.shared.BadRequestException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where a company's ERP connection may point. A tenant's ERP admin types the URL, and the server calls it: so by
 * default it must not be this machine or the private network behind it (loopback, link-local — cloud metadata —,
 * private and carrier-grade NAT ranges, unique-local IPv6, multicast, "any"), whatever the name resolves to. The
 * platform operator allows such hosts explicitly with {@code crosswalk.erp.allowed-hosts} ({@code host} or
 * {@code host:port}, comma-separated); the demo registers its own emulator ({@link #allow}).
 */
@Component
public class ErpUrlPolicy {

    private final Set<String> allowed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ErpUrlPolicy(@Value("${crosswalk.erp.allowed-hosts:}") List<String> allowedHosts,
            @Value("${crosswalk.demo:false}") boolean demoMode, @Value("${crosswalk.emulator-port:8081}") int emulatorPort) {
        allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).forEach(allowed::add);
        if (demoMode && emulatorPort > 0) { // the demo's emulator, also when it runs in another process
            allowed.add("localhost:" + emulatorPort);
        }
    }

    /** Allows one more {@code host:port} (the demo's in-process emulator, on whatever port it got). */
    public void allow(String hostAndPort) {
        allowed.add(hostAndPort.toLowerCase(Locale.ROOT));
    }

    /** Refuses (400, naming base_url) a URL the server must not call. */
    public void check(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (Exception e) {
            throw new BadRequestException("base_url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new BadRequestException("base_url must be an http(s) URL with a host name and no user name in it");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (isAllowed(host, port)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new BadRequestException("base_url: the host name '" + clip(host) + "' is not known");
        }
        for (InetAddress a : addresses) {
            if (internal(a)) {
                throw new BadRequestException("base_url must be an address on the internet: Crosswalk does not connect "
                        + "to this machine or a private network (loopback, link-local, private ranges) unless the "
                        + "platform operator allows the host");
            }
        }
    }

    private boolean isAllowed(String host, int port) {
        return allowed.contains(host) || allowed.contains(host + ":" + port);
    }

    /** Loopback, link-local, private (10/8, 172.16/12, 192.168/16, fc00::/7), CGNAT, multicast, "any", reserved. */
    public static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first == 100 && second >= 64 && second <= 127 // "this network", carrier-grade NAT
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
                    || first >= 240; // reserved, broadcast
        }
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        return false;
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
